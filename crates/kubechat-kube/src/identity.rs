//! Acting as the asking user.
//!
//! Every call to the API server carries `Impersonate-User` and
//! `Impersonate-Group` for the chat user's mapped Kubernetes identity, so
//! cluster RBAC stays the final authority over what a chat can do.
//! KubeChat's own credentials only need the right to impersonate.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use serde::Serialize;

use crate::{Error, Result};

/// Most distinct identities with a cached client; beyond this the cache
/// is cleared (clients are cheap to rebuild, memory is not unbounded).
pub const MAX_CACHED_IDENTITIES: usize = 256;

/// The Kubernetes identity a request acts as.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Actor {
    pub user: String,
    pub groups: Vec<String>,
    /// False only for [`Actor::own`]: the CLI acting with the
    /// kubeconfig's own credentials, where there is nobody to impersonate.
    #[serde(skip)]
    impersonate: bool,
}

impl Actor {
    /// An identity; refuses empty user names and `system:` identities that
    /// would let a chat mapping escalate to the cluster's own components.
    pub fn new(
        user: impl Into<String>,
        groups: impl IntoIterator<Item = impl Into<String>>,
    ) -> Result<Self> {
        let user = user.into();
        let groups: Vec<String> = groups.into_iter().map(Into::into).collect();
        if user.trim().is_empty() || user.len() > 253 {
            return Err(Error::Config {
                source_name: "identity mapping".into(),
                reason: "the Kubernetes user name is empty or too long".into(),
            });
        }
        if let Some(g) = groups.iter().find(|g| g.as_str() == "system:masters") {
            return Err(Error::Config {
                source_name: "identity mapping".into(),
                reason: format!("group {g} would bypass RBAC; map chat users to ordinary groups"),
            });
        }
        Ok(Self {
            user,
            groups,
            impersonate: true,
        })
    }

    /// The kubeconfig's own identity, without impersonation: what
    /// `kubechat ask` uses on a person's own terminal, like kubectl.
    pub fn own() -> Self {
        Self {
            user: "the kubeconfig user".to_owned(),
            groups: Vec::new(),
            impersonate: false,
        }
    }
}

/// One kube-rs client per impersonated identity, sharing the base
/// configuration (server, CA, KubeChat's own credentials).
pub(crate) struct Clients {
    base: kube::Config,
    cache: Mutex<HashMap<Actor, kube::Client>>,
}

impl std::fmt::Debug for Clients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clients")
            .field("server", &self.base.cluster_url)
            .finish_non_exhaustive()
    }
}

impl Clients {
    pub(crate) fn new(base: kube::Config) -> Self {
        Self {
            base,
            cache: Mutex::default(),
        }
    }

    pub(crate) fn for_actor(&self, actor: &Actor) -> Result<kube::Client> {
        let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(c) = cache.get(actor) {
            return Ok(c.clone());
        }
        let mut config = self.base.clone();
        if actor.impersonate {
            config.auth_info.impersonate = Some(actor.user.clone());
            config.auth_info.impersonate_groups = Some(actor.groups.clone());
        }
        let client = kube::Client::try_from(config).map_err(|e| Error::Config {
            source_name: "impersonating client".into(),
            reason: e.to_string(),
        })?;
        if cache.len() >= MAX_CACHED_IDENTITIES {
            cache.clear();
        }
        cache.insert(actor.clone(), client.clone());
        Ok(client)
    }
}
