//! Building the application from configuration and running it until a
//! shutdown signal.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use kubechat_audit::export::{Exporter, Sink};
use kubechat_auth::{Auth, AuthOptions, KeySet};
use kubechat_chat::ChatService;
use kubechat_config::{Config, Role};
use kubechat_core::{Clock, SystemClock};
use kubechat_engine::Engine;
use kubechat_kube::Cluster;
use tokio::net::TcpListener;

use crate::state::Parts;
use crate::{AppState, Error, Metrics, Result, http};

/// A built application bound to its port, not yet serving.
#[derive(Debug)]
pub struct Application {
    state: AppState,
    listener: TcpListener,
    addr: SocketAddr,
}

impl Application {
    /// Opens the database (running migrations), Redis or memory state, the
    /// cluster connection, and binds the listener. Port 0 picks a free
    /// port (tests); [`Application::local_addr`] tells which.
    pub async fn build(config: Config) -> Result<Self> {
        Self::build_with_clock(config, Arc::new(SystemClock)).await
    }

    /// [`Application::build`] with an injected clock.
    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Self> {
        let runtime = crate::Runtime::with_clock(config, clock.clone());
        let store = runtime.store().await?.clone();
        tracing::info!(
            backend = store.backend().as_str(),
            database = store.redacted_url(),
            "database ready"
        );
        let cache = runtime.cache()?.clone();
        let cluster = runtime.cluster().await?.cloned();
        if let Some(c) = &cluster {
            tracing::info!(server = c.server(), "kubernetes cluster configured");
        }
        let metrics = Metrics::new(store.clone());
        metrics.register_audit(&runtime.audit_metrics);
        metrics.register_nlp(&runtime.nlp_metrics);
        let audit = runtime.audit().await?.clone();
        let config = runtime.config().clone();
        // The runtime loaded an existing key; a first start creates it.
        if audit.trusted_key().is_none() {
            load_audit_keys(&config, &audit, true)?;
        }
        let keys_dir = config.keys_dir();
        let first_kid = format!(
            "k{}",
            clock
                .now()
                .format(time::macros::format_description!("[year][month][day]"))
                .unwrap_or_default()
        );
        let keys = KeySet::load_dir(&keys_dir, &first_kid)?;
        let auth = Auth::new(
            store.clone(),
            keys,
            clock.clone(),
            AuthOptions::from_config(&config.auth),
        )
        .with_cache(cache.clone());
        let translator = runtime.translator().clone();
        if translator.has_llm() {
            let names: Vec<&str> = config
                .nlp
                .providers
                .iter()
                .map(|p| p.name.as_str())
                .collect();
            tracing::info!(providers = ?names, "LLM providers configured behind the rules");
        }
        let billing = runtime.billing().await?.clone();
        if billing.enabled() {
            tracing::info!(
                plans = ?billing.catalogue().plans().iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
                default_plan = %config.billing.default_plan,
                "billing enabled: workspace plans are enforced"
            );
        }
        let mut other_clusters = Vec::new();
        for named in &config.kubernetes.clusters {
            let other = Cluster::from_config(&named.connection(&config.kubernetes))
                .await?
                .ok_or_else(|| {
                    Error::Cluster(kubechat_kube::Error::Config {
                        source_name: format!("kubernetes.clusters {:?}", named.name),
                        reason: "no cluster found".to_owned(),
                    })
                })?;
            tracing::info!(cluster = %named.name, server = other.server(), "cluster for bots configured");
            other_clusters.push((named.name.clone(), other));
        }
        let chat = match &cluster {
            Some(c) => {
                let engine = Engine::new(c.executor(clock.clone())?, audit.clone());
                let mut chat =
                    ChatService::new(engine, cache.clone(), store.clone(), clock.clone());
                for (name, other) in &other_clusters {
                    chat = chat.with_cluster(
                        name,
                        Engine::new(other.executor(clock.clone())?, audit.clone()),
                    );
                }
                // The contexts they are reached by are names people say.
                if let Some(context) = c.context() {
                    chat = chat.with_cluster_alias(kubechat_chat::DEFAULT_CLUSTER, context);
                }
                for (name, other) in &other_clusters {
                    if let Some(context) = other.context() {
                        chat = chat.with_cluster_alias(name, context);
                    }
                }
                let chat = chat
                    .with_translator(translator.clone())
                    .with_billing(billing.clone());
                Some(match config.execution.mode {
                    kubechat_config::ExecutionMode::Direct => chat,
                    kubechat_config::ExecutionMode::Operator => {
                        tracing::info!(
                            namespace = %config.execution.namespace,
                            "confirmed changes are handed to the operator as KubeChatCommands"
                        );
                        chat.with_handoff(Arc::new(crate::handoff::OperatorHandoff::new(
                            c.client().clone(),
                            &config.execution.namespace,
                            Duration::from_secs(config.execution.wait_seconds),
                        )))
                    }
                })
            }
            None => None,
        };
        let addr = config.server.listen;
        let listener = TcpListener::bind(addr)
            .await
            .map_err(|source| Error::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| Error::Bind { addr, source })?;
        let slack = crate::slack_api::Slack::from_config(&config.slack)?;
        // A database without users is set up through a one-time link
        // (printed once at start) instead of the CLI.
        let setup = if config.has_role(Role::Gateway) && !kubechat_auth::has_users(&store).await? {
            crate::setup_api::Setup::needed()
        } else {
            crate::setup_api::Setup::default()
        };
        let state = AppState::new(Parts {
            config,
            store,
            cache,
            cluster,
            other_clusters,
            metrics,
            audit,
            auth,
            chat,
            translator,
            billing,
            clock,
            slack,
            setup,
        });
        Ok(Self {
            state,
            listener,
            addr,
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The one-time link that creates the first admin, while the database
    /// has no user (printed once at start).
    pub async fn setup_link(&self) -> Option<String> {
        let token = self.state.setup().token().await?;
        let host = if self.addr.ip().is_unspecified() {
            std::net::SocketAddr::new(std::net::Ipv4Addr::LOCALHOST.into(), self.addr.port())
        } else {
            self.addr
        };
        Some(format!("http://{host}/setup#token={token}"))
    }

    /// The shared state, for tests and embedding.
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then stops accepting, lets
    /// in-flight requests finish within `server.shutdown_grace_seconds`,
    /// and closes the pools.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<()> {
        let grace = Duration::from_secs(self.state.config().server.shutdown_grace_seconds);
        let roles: Vec<&str> = self
            .state
            .config()
            .server
            .roles
            .iter()
            .map(|r| r.as_str())
            .collect();
        tracing::info!(addr = %self.addr, roles = ?roles, "listening");
        if let Some(link) = self.setup_link().await {
            tracing::warn!(
                "no user exists yet: create the first admin at {link} (this link works once, and only until a user exists)"
            );
        }
        // Each SSO provider's discovery document and keys, read in the
        // background: one that cannot be reached is logged (and shown in
        // /health) but never stops the server.
        for p in self.state.sso() {
            let p = p.clone();
            tokio::spawn(async move {
                if let Err(e) = p.refresh().await {
                    tracing::error!(provider = %p.name(), error = %e, "single sign-on provider unreachable");
                }
            });
        }
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let mut background = if self.state.config().has_role(Role::Audit) {
            start_audit_tasks(&self.state, &stop_rx)?
        } else {
            Vec::new()
        };
        background.push(tokio::spawn(follow_audit_key(
            self.state.audit().clone(),
            Arc::new(self.state.config().clone()),
            stop_rx.clone(),
        )));
        let app = http::router(self.state.clone());
        let server_config = &self.state.config().server;
        let limits = crate::listener::Limits {
            max_connections: server_config.max_connections,
            header_read_timeout: Duration::from_secs(server_config.header_read_timeout_seconds),
        };
        let serve = crate::listener::serve(
            self.listener,
            app,
            limits,
            self.state.metrics().clone(),
            stop_rx.clone(),
        );
        let mut server = tokio::spawn(serve);
        let outcome = tokio::select! {
            joined = &mut server => Some(joined),
            () = shutdown => None,
        };
        let result = match outcome {
            Some(joined) => flatten(joined),
            None => {
                tracing::info!(
                    grace_seconds = grace.as_secs(),
                    "shutdown requested; finishing in-flight requests"
                );
                let _ = stop_tx.send(true);
                match tokio::time::timeout(grace, &mut server).await {
                    Ok(joined) => {
                        tracing::info!("all in-flight requests finished");
                        flatten(joined)
                    }
                    Err(_) => {
                        tracing::warn!(
                            grace_seconds = grace.as_secs(),
                            "grace period elapsed; dropping remaining requests"
                        );
                        server.abort();
                        Ok(())
                    }
                }
            }
        };
        let _ = stop_tx.send(true);
        for task in background {
            let _ = tokio::time::timeout(Duration::from_secs(5), task).await;
        }
        self.state.store().close().await;
        tracing::info!("stopped");
        result
    }
}

/// The audit role's background work: one exporter per configured sink
/// and the retention pruner. They stop when `stop` turns true.
fn start_audit_tasks(
    state: &AppState,
    stop: &tokio::sync::watch::Receiver<bool>,
) -> Result<Vec<tokio::task::JoinHandle<()>>> {
    let config = state.config();
    let host = kubechat_audit::export::hostname();
    let holder = format!("{host}-{}", std::process::id());
    let mut tasks = Vec::new();
    for sink_config in &config.audit.sinks {
        let sink = Sink::from_config(sink_config, &host)?;
        let exporter = Exporter::new(
            sink_config,
            sink,
            state.store().clone(),
            state.clock().clone(),
            state.audit().metrics().clone(),
            holder.clone(),
        );
        tasks.push(tokio::spawn(exporter.run(stop.clone())));
    }
    if config.audit.checkpoint_interval_seconds > 0 {
        let sinks = kubechat_audit::export::checkpoint_sinks(&config.audit, &host)?;
        tasks.push(tokio::spawn(checkpoints(
            state.audit().clone(),
            Arc::new(config.clone()),
            sinks,
            Duration::from_secs(config.audit.checkpoint_interval_seconds),
            stop.clone(),
        )));
    }
    if config.audit.retention_days > 0 {
        let log = state.audit().clone();
        let keep = Duration::from_secs(u64::from(config.audit.retention_days) * 86_400);
        let every = Duration::from_secs(config.audit.prune_interval_seconds);
        let mut stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                if let Err(e) = log.prune(keep).await {
                    tracing::warn!(error = %e, "audit retention pruning failed; will retry");
                }
                tokio::select! {
                    () = tokio::time::sleep(every) => {}
                    _ = stop.wait_for(|s| *s) => break,
                }
            }
        }));
    }
    Ok(tasks)
}

/// Writes a signed checkpoint every `every` while the chain heads moved
/// since the last one (an idle system adds no lines), to `file` and every
/// sink; a failed sink is retried with the next checkpoint.
async fn checkpoints(
    log: kubechat_audit::AuditLog,
    config: Arc<Config>,
    mut sinks: Vec<Sink>,
    every: Duration,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut last: Option<Vec<kubechat_audit::Mark>> = None;
    let mut retry = false;
    let mut signed_with = log.trusted_key();
    loop {
        tokio::select! {
            () = tokio::time::sleep(every) => {}
            _ = stop.wait_for(|s| *s) => break,
        }
        // A rotated key (see `follow_audit_key`) signs a checkpoint at
        // once, even when no head moved.
        if log.trusted_key() != signed_with {
            signed_with = log.trusted_key();
            retry = true;
        }
        let file = config.audit_checkpoint_file();
        let cp = match log.checkpoint().await {
            Ok(cp) => cp,
            Err(e) => {
                tracing::warn!(error = %e, "audit checkpoint failed; will retry");
                continue;
            }
        };
        if !retry && last.as_ref() == Some(&cp.workspaces) {
            continue;
        }
        match kubechat_audit::checkpoint::publish(&log, &cp, Some(&file), &mut sinks).await {
            Ok(failed) => {
                for e in &failed {
                    tracing::warn!(error = %e, "audit checkpoint not delivered; will retry");
                }
                retry = !failed.is_empty();
                tracing::info!(
                    workspaces = cp.workspaces.len(),
                    file = %file.display(),
                    "audit checkpoint written"
                );
                last = Some(cp.workspaces);
            }
            Err(e) => {
                retry = true;
                tracing::warn!(error = %e, "audit checkpoint failed; will retry");
            }
        }
    }
}

/// How often every process looks at the audit key file for a rotation.
const AUDIT_KEY_CHECK: Duration = Duration::from_secs(30);

/// Takes up an audit key rotated by `kubechat audit rotate-key` (or a
/// Secret updated in place) within [`AUDIT_KEY_CHECK`], on every process
/// — gateways sign on-demand checkpoints and verify too — without a
/// restart. An unreadable file keeps the key loaded, said in the log.
async fn follow_audit_key(
    log: kubechat_audit::AuditLog,
    config: Arc<Config>,
    mut stop: tokio::sync::watch::Receiver<bool>,
) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(AUDIT_KEY_CHECK) => {}
            _ = stop.wait_for(|s| *s) => break,
        }
        match load_audit_keys(&config, &log, false) {
            Ok(Some(id)) => {
                tracing::info!(key_id = %id, "audit signing key changed; signing with the new key");
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(error = %e, "audit signing key unreadable; keeping the one loaded");
            }
        }
    }
}

/// Sets `log`'s audit key from its file (created at the default place
/// when `create` allows) and the retired keys it still trusts: the
/// `.retired` file beside the key and `audit.retired_public_keys`.
/// Returns the key id when it differs from the one set before (the first
/// load, or a rotation).
pub fn load_audit_keys(
    config: &Config,
    log: &kubechat_audit::AuditLog,
    create: bool,
) -> Result<Option<String>> {
    let (file, may_create) = config.audit_key_file();
    let key = kubechat_auth::SigningKey::load(&file, create && may_create)?;
    // The key first: a bad retired-keys line must not keep a rotated key
    // from signing.
    let fresh = kubechat_audit::TrustedKey::of(&key);
    let changed = if log.trusted_key().as_ref() == Some(&fresh) {
        None
    } else {
        let id = kubechat_core::Signer::key_id(&key);
        log.set_signer(Arc::new(key));
        Some(id)
    };
    let mut retired = kubechat_audit::checkpoint::read_retired(&config.audit_retired_keys_file())?;
    for k in &config.audit.retired_public_keys {
        retired.push(kubechat_audit::Retired::untimed(
            kubechat_audit::TrustedKey::parse(k)?,
        ));
    }
    log.set_retired_keys(retired);
    Ok(changed)
}

fn flatten(joined: std::result::Result<std::io::Result<()>, tokio::task::JoinError>) -> Result<()> {
    match joined {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(Error::Serve(e)),
        Err(e) => Err(Error::Serve(std::io::Error::other(e.to_string()))),
    }
}

/// Completes on SIGTERM (Kubernetes) or SIGINT (Ctrl-C).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!(signal = "SIGINT", "signal received"),
        () = term => tracing::info!(signal = "SIGTERM", "signal received"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key a running audit role signs with follows the file: a first
    /// load and a rotation report the new key id, an unchanged file none;
    /// the retired file and the configured list are both trusted.
    #[tokio::test]
    async fn audit_keys_follow_a_rotation_of_the_key_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.server.data_dir = dir.path().to_owned();
        let runtime = crate::Runtime::from_config(config.clone());
        let log = runtime.audit().await.unwrap();
        // Not created unless asked.
        assert!(load_audit_keys(&config, log, false).is_err());
        let first = load_audit_keys(&config, log, true).unwrap();
        assert!(first.is_some());
        assert_eq!(load_audit_keys(&config, log, false).unwrap(), None);
        let old = log.trusted_key().unwrap();
        let (file, _) = config.audit_key_file();
        kubechat_auth::SigningKey::replace(&file).unwrap();
        kubechat_audit::checkpoint::retire(
            &config.audit_retired_keys_file(),
            &old,
            "k",
            "2026-12-01T00:00:00Z",
        )
        .unwrap();
        let second = load_audit_keys(&config, log, false).unwrap();
        assert!(second.is_some() && second != first);
        assert_ne!(log.trusted_key().unwrap(), old);
        assert_eq!(log.trusted_keys()[1], old);
        let listed = format!("ed25519:{}", "ab".repeat(32));
        config.audit.retired_public_keys = vec![listed.clone()];
        load_audit_keys(&config, log, false).unwrap();
        let keys = log.trusted_keys();
        assert_eq!(keys.len(), 3);
        assert_eq!(keys[2].to_string(), listed);
    }
}
