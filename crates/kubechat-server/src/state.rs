//! What every request handler can reach.

use std::sync::Arc;
use std::time::Instant;

use kubechat_audit::AuditLog;
use kubechat_auth::Auth;
use kubechat_cache::Cache;
use kubechat_chat::ChatService;
use kubechat_config::Config;
use kubechat_config::cidr::Cidr;
use kubechat_core::Clock;
use kubechat_kube::Cluster;
use kubechat_store::Store;

use crate::Metrics;

/// Shared application state; cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    config: Config,
    store: Store,
    cache: Cache,
    cluster: Option<Cluster>,
    other_clusters: Vec<(String, Cluster)>,
    metrics: Metrics,
    audit: AuditLog,
    auth: Auth,
    chat: Option<ChatService>,
    translator: kubechat_nlp::Chain,
    billing: kubechat_billing::Billing,
    /// `rate_limits.blocked_ips`, parsed once (validated at load).
    blocked_ips: Vec<Cidr>,
    clock: Arc<dyn Clock>,
    started: Instant,
    /// Open chat sockets per user and per workspace on this process.
    sockets: std::sync::Mutex<std::collections::HashMap<uuid::Uuid, u32>>,
    /// MCP requests of this process to clients (elicitations) waiting for
    /// the client's answer, by `session:request id`.
    mcp_waiting: crate::mcp_api::Waiting,
    /// Slack, when `[slack] enabled`.
    slack: Option<crate::slack_api::Slack>,
    /// The one-time setup link's token, while no user exists.
    setup: crate::setup_api::Setup,
    /// `[[auth.oidc]]` providers people sign in with.
    sso: Vec<kubechat_oidc::Provider>,
}

/// Everything built at start-up, handed to [`AppState::new`].
#[derive(Debug)]
pub struct Parts {
    pub config: Config,
    pub store: Store,
    pub cache: Cache,
    pub cluster: Option<Cluster>,
    /// `[[kubernetes.clusters]]` by name (for bots).
    pub other_clusters: Vec<(String, Cluster)>,
    pub metrics: Metrics,
    pub audit: AuditLog,
    pub auth: Auth,
    /// Present when a cluster is configured.
    pub chat: Option<ChatService>,
    /// The translator chain (rules, and the LLM providers configured).
    pub translator: kubechat_nlp::Chain,
    /// Plans and payments (everything allowed when billing is off).
    pub billing: kubechat_billing::Billing,
    pub clock: Arc<dyn Clock>,
    /// Slack, when enabled.
    pub slack: Option<crate::slack_api::Slack>,
    /// Set up with a one-time link when the database has no user.
    pub setup: crate::setup_api::Setup,
}

impl AppState {
    /// Bundles the parts built at start-up.
    pub fn new(p: Parts) -> Self {
        let blocked_ips = p
            .config
            .rate_limits
            .blocked_ips
            .iter()
            .filter_map(|c| Cidr::parse(c))
            .collect();
        // Validated at load (a client secret is there); a provider that
        // cannot be built is reported and left out, never half-used.
        let sso = p
            .config
            .auth
            .oidc
            .iter()
            .filter_map(|c| {
                kubechat_oidc::Provider::new(c, p.config.auth.leeway_seconds, p.clock.clone())
                    .inspect_err(
                        |e| tracing::error!(error = %e, "single sign-on provider left out"),
                    )
                    .ok()
            })
            .collect();
        Self(Arc::new(Inner {
            sso,
            blocked_ips,
            config: p.config,
            store: p.store,
            cache: p.cache,
            cluster: p.cluster,
            other_clusters: p.other_clusters,
            metrics: p.metrics,
            audit: p.audit,
            auth: p.auth,
            chat: p.chat,
            translator: p.translator,
            billing: p.billing,
            clock: p.clock,
            started: Instant::now(),
            sockets: Default::default(),
            mcp_waiting: Default::default(),
            slack: p.slack,
            setup: p.setup,
        }))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
    }

    /// The first admin's setup.
    pub(crate) fn setup(&self) -> &crate::setup_api::Setup {
        &self.0.setup
    }

    /// The single sign-on providers.
    pub(crate) fn sso(&self) -> &[kubechat_oidc::Provider] {
        &self.0.sso
    }

    /// Slack, when enabled.
    pub(crate) fn slack(&self) -> Option<&crate::slack_api::Slack> {
        self.0.slack.as_ref()
    }

    /// Elicitations waiting for an MCP client's answer.
    pub(crate) fn mcp_waiting(&self) -> &crate::mcp_api::Waiting {
        &self.0.mcp_waiting
    }

    /// The translator chain.
    pub fn translator(&self) -> &kubechat_nlp::Chain {
        &self.0.translator
    }

    /// Plans and payments.
    pub fn billing(&self) -> &kubechat_billing::Billing {
        &self.0.billing
    }

    pub fn store(&self) -> &Store {
        &self.0.store
    }

    pub fn cache(&self) -> &Cache {
        &self.0.cache
    }

    pub fn cluster(&self) -> Option<&Cluster> {
        self.0.cluster.as_ref()
    }

    /// The clusters bots may work on besides the deployment's own.
    pub fn other_clusters(&self) -> &[(String, Cluster)] {
        &self.0.other_clusters
    }

    pub fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    pub fn audit(&self) -> &AuditLog {
        &self.0.audit
    }

    pub fn auth(&self) -> &Auth {
        &self.0.auth
    }

    /// Client address ranges refused outright.
    pub fn blocked_ips(&self) -> &[Cidr] {
        &self.0.blocked_ips
    }

    /// The conversation service (`None` without a cluster).
    pub fn chat(&self) -> Option<&ChatService> {
        self.0.chat.as_ref()
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.0.clock
    }

    /// Counts one more open socket of `user` in `workspace` unless the
    /// user already has `user_cap` open or the workspace `workspace_cap`
    /// (0: no cap); `Err` names the cap that was reached. The counts go
    /// down when the returned guard is dropped. (Users and workspaces are
    /// both UUIDs v4/v7: one map holds both without colliding.)
    pub fn open_socket(
        &self,
        user: uuid::Uuid,
        workspace: uuid::Uuid,
        user_cap: u32,
        workspace_cap: u32,
    ) -> Result<SocketGuard, SocketCap> {
        let mut open = self
            .0
            .sockets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let count = |open: &std::collections::HashMap<uuid::Uuid, u32>, k| {
            open.get(&k).copied().unwrap_or(0)
        };
        if user_cap > 0 && count(&open, user) >= user_cap {
            return Err(SocketCap::User(user_cap));
        }
        if workspace_cap > 0 && count(&open, workspace) >= workspace_cap {
            return Err(SocketCap::Workspace(workspace_cap));
        }
        *open.entry(user).or_insert(0) += 1;
        *open.entry(workspace).or_insert(0) += 1;
        Ok(SocketGuard {
            state: self.clone(),
            keys: [user, workspace],
        })
    }

    /// Time since the state was built.
    pub fn uptime(&self) -> std::time::Duration {
        self.0.started.elapsed()
    }
}

/// Which cap refused a socket, and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SocketCap {
    User(u32),
    Workspace(u32),
}

/// One open chat socket, counted until dropped.
#[derive(Debug)]
pub struct SocketGuard {
    state: AppState,
    keys: [uuid::Uuid; 2],
}

impl Drop for SocketGuard {
    fn drop(&mut self) {
        let mut open = self
            .state
            .0
            .sockets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for key in self.keys {
            if let Some(n) = open.get_mut(&key) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    open.remove(&key);
                }
            }
        }
    }
}
