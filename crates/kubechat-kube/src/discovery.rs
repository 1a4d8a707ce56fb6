//! Which resource types the cluster serves, so any type works — CRDs
//! included — and typos get a suggestion. Cached; refreshed when a name is
//! not found (a CRD may have been installed since).

use std::collections::HashMap;
use std::sync::Arc;

use kube::discovery::{ApiCapabilities, ApiResource, Discovery, Scope};
use kubechat_core::ResourceType;
use tokio::sync::RwLock;

use crate::{Error, Result};

/// A resource type as the cluster serves it.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub api: ApiResource,
    pub namespaced: bool,
    pub subresources: Vec<String>,
}

impl Resolved {
    /// `deployment` for `deployments` in kubectl-style references.
    pub fn singular(&self) -> String {
        self.api.kind.to_ascii_lowercase()
    }

    pub fn has_subresource(&self, name: &str) -> bool {
        self.subresources.iter().any(|s| s == name)
    }
}

#[derive(Debug, Default)]
struct Index {
    by_name: HashMap<String, Resolved>,
}

impl Index {
    fn build(d: &Discovery) -> Self {
        let mut by_name = HashMap::new();
        let mut groups: Vec<_> = d.groups().collect();
        // The core group first so `events` means core/v1 events, not
        // events.k8s.io, as in kubectl.
        groups.sort_by_key(|g| (!g.name().is_empty(), g.name().to_owned()));
        for g in groups {
            for (ar, caps) in g.recommended_resources() {
                let resolved = resolve_one(&ar, &caps);
                let mut keys = vec![
                    format!("{}.{}", ar.plural, ar.group),
                    ar.kind.to_ascii_lowercase(),
                ];
                keys.insert(0, ar.plural.clone());
                for k in keys {
                    by_name.entry(k).or_insert_with(|| resolved.clone());
                }
            }
        }
        Self { by_name }
    }
}

fn resolve_one(ar: &ApiResource, caps: &ApiCapabilities) -> Resolved {
    Resolved {
        api: ar.clone(),
        namespaced: caps.scope == Scope::Namespaced,
        subresources: caps
            .subresources
            .iter()
            .map(|(s, _)| s.plural.clone())
            .collect(),
    }
}

/// A built-in type as the API server serves it.
fn builtin(b: &kubechat_core::ResourceInfo) -> Resolved {
    let gvk = kube::api::GroupVersionKind::gvk(b.group, b.version, b.kind);
    let scalable = matches!(b.plural, "deployments" | "statefulsets" | "replicasets");
    Resolved {
        api: ApiResource::from_gvk_with_plural(&gvk, b.plural),
        namespaced: b.namespaced,
        subresources: if scalable {
            vec!["scale".into(), "status".into()]
        } else {
            vec!["status".into()]
        },
    }
}

/// Cached discovery.
pub(crate) struct Resolver {
    client: kube::Client,
    index: RwLock<Option<Arc<Index>>>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver").finish_non_exhaustive()
    }
}

impl Resolver {
    pub(crate) fn new(client: kube::Client) -> Self {
        Self {
            client,
            index: RwLock::new(None),
        }
    }

    async fn refresh(&self) -> Result<Arc<Index>> {
        let d = Discovery::new(self.client.clone())
            .run_aggregated()
            .await
            .map_err(|e| Error::Api(format!("discovery failed: {e}")))?;
        let index = Arc::new(Index::build(&d));
        *self.index.write().await = Some(index.clone());
        Ok(index)
    }

    /// Resolves `rt`. Built-in types come from the domain's table without
    /// a round trip (every supported Kubernetes serves them at these
    /// versions; skipping discovery saves ~90 ms on a cold `kubechat ask`).
    /// Anything else is looked up in the cached discovery; on a miss,
    /// discovery is refreshed once and then the closest served name is
    /// suggested.
    pub(crate) async fn resolve(&self, rt: &ResourceType) -> Result<Resolved> {
        if let Some(b) = rt.builtin() {
            return Ok(builtin(b));
        }
        let key = match rt.builtin() {
            Some(b) if !b.group.is_empty() => format!("{}.{}", b.plural, b.group),
            _ => rt.as_str().to_owned(),
        };
        let cached = self.index.read().await.clone();
        if let Some(r) = cached.as_ref().and_then(|i| i.by_name.get(&key)) {
            return Ok(r.clone());
        }
        let index = self.refresh().await?;
        if let Some(r) = index.by_name.get(&key) {
            return Ok(r.clone());
        }
        // Match against every served name (plural, kind, plural.group)
        // but suggest the canonical form: plural, group-qualified only when
        // the user qualified theirs.
        let suggestion = kubechat_core::resources::suggest(
            rt.as_str(),
            index.by_name.keys().map(String::as_str),
        )
        .and_then(|k| index.by_name.get(k))
        .map(|r| {
            if rt.as_str().contains('.') && !r.api.group.is_empty() {
                format!("{}.{}", r.api.plural, r.api.group)
            } else {
                r.api.plural.clone()
            }
        })
        .or_else(|| kubechat_core::resources::suggest_builtin(rt.as_str()).map(str::to_owned));
        Err(Error::UnknownResource {
            given: rt.as_str().to_owned(),
            suggestion,
        })
    }

    /// Whether any served group is named `group` (e.g. `metrics.k8s.io`).
    pub(crate) async fn serves_group(&self, group: &str) -> Result<bool> {
        // Bind first: a read guard held across `refresh` (which takes the
        // write lock) would deadlock.
        let cached = self.index.read().await.clone();
        let index = match cached {
            Some(i) => i,
            None => self.refresh().await?,
        };
        Ok(index.by_name.values().any(|r| r.api.group == group))
    }
}
