//! KubeChat's side of the Kubernetes API.
//!
//! Finding and opening the cluster connection (kubeconfig, in-cluster
//! service account, or none), and the [`Executor`] that carries out
//! [`kubechat_core::Operation`]s through kube-rs **as the asking user**:
//! discovery so any served type works, server-side Table rendering,
//! dry-run previews before mutations, clear Forbidden answers, and the
//! diagnoser behind `diagnose`.

mod describe;
pub mod diagnose;
mod discovery;
mod drain;
mod error;
mod executor;
mod explain;
mod identity;
pub mod manifest;
mod outcome;
mod quantity;
mod remedy;
mod rollout;
mod rules;
pub mod table;
mod taint;

pub use discovery::Resolved;
pub use error::{Error, Result};
pub use executor::{Confirmed, Executor, Plan};

/// The bounds the executor applies (lists, targets, logs, events).
pub mod executor_limits {
    pub use crate::executor::{
        DEFAULT_TAIL_LINES, MAX_CHANGES, MAX_EVENTS, MAX_LIST_ITEMS, MAX_LOG_BYTES, MAX_TARGETS,
    };
}
pub use identity::Actor;
pub use outcome::{Change, Outcome, OutcomeKind};

use std::path::Path;

use kube::config::{KubeConfigOptions, Kubeconfig};
use kubechat_config::{ClusterSource, KubernetesConfig};

/// An open connection to one Kubernetes API server.
#[derive(Clone)]
pub struct Cluster {
    client: kube::Client,
    config: kube::Config,
    server: String,
    /// Keeps the demo cluster serving while any handle lives.
    demo: Option<std::sync::Arc<kubechat_demo::DemoCluster>>,
    /// The kubeconfig context it was reached through (the one configured,
    /// else the kubeconfig's current one): a name people call it by.
    context: Option<String>,
}

impl std::fmt::Debug for Cluster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cluster")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

impl Cluster {
    /// Opens the cluster described by `config`; `Ok(None)` when the
    /// configuration asks for no cluster, or `auto` finds none.
    pub async fn from_config(config: &KubernetesConfig) -> Result<Option<Self>> {
        let options = KubeConfigOptions {
            context: config.context.clone(),
            ..KubeConfigOptions::default()
        };
        let incluster = || {
            kube::Config::incluster().map_err(|e| Error::Config {
                source_name: "in-cluster service account".into(),
                reason: e.to_string(),
            })
        };
        let (kube_config, context) = match config.source {
            ClusterSource::None => return Ok(None),
            ClusterSource::Demo => return Self::demo().await.map(Some),
            ClusterSource::InCluster => (incluster()?, None),
            ClusterSource::Kubeconfig => {
                from_kubeconfig(config.kubeconfig.as_deref(), &options).await?
            }
            ClusterSource::Auto => {
                if config.kubeconfig.is_some() {
                    from_kubeconfig(config.kubeconfig.as_deref(), &options).await?
                } else if std::env::var_os("KUBERNETES_SERVICE_HOST").is_some() {
                    (incluster()?, None)
                } else if default_kubeconfig_exists() {
                    from_kubeconfig(None, &options).await?
                } else {
                    tracing::info!("no kubeconfig and not in a cluster: running without a cluster");
                    return Ok(None);
                }
            }
        };
        Self::from_kube_config(kube_config)
            .map(|c| c.called(context))
            .map(Some)
    }

    /// Wraps an already-built kube-rs configuration.
    pub fn from_kube_config(config: kube::Config) -> Result<Self> {
        let server = config.cluster_url.to_string();
        let client = kube::Client::try_from(config.clone()).map_err(|e| Error::Config {
            source_name: server.clone(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            client,
            config,
            server,
            demo: None,
            context: None,
        })
    }

    /// This cluster, reached through kubeconfig context `context`.
    fn called(self, context: Option<String>) -> Self {
        Self { context, ..self }
    }

    /// The kubeconfig context it was reached through, if any.
    pub fn context(&self) -> Option<&str> {
        self.context.as_deref()
    }

    /// Starts the in-memory demo cluster and connects to it.
    pub async fn demo() -> Result<Self> {
        let demo =
            kubechat_demo::DemoCluster::start(std::sync::Arc::new(kubechat_core::SystemClock))
                .await
                .map_err(|e| Error::Config {
                    source_name: "the demo cluster".into(),
                    reason: e.to_string(),
                })?;
        let uri: http::Uri =
            demo.url()
                .parse()
                .map_err(|e: http::uri::InvalidUri| Error::Config {
                    source_name: "the demo cluster".into(),
                    reason: e.to_string(),
                })?;
        let mut config = kube::Config::new(uri);
        config.default_namespace = kubechat_demo::DEMO_NAMESPACE.to_owned();
        tracing::info!(server = %demo.url(), "demo cluster started");
        let mut cluster = Self::from_kube_config(config)?;
        cluster.demo = Some(std::sync::Arc::new(demo));
        Ok(cluster)
    }

    /// Whether this is the built-in demo cluster.
    pub fn is_demo(&self) -> bool {
        self.demo.is_some()
    }

    /// The API server's URL.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The kube-rs client, for the executor.
    pub fn client(&self) -> &kube::Client {
        &self.client
    }

    /// An executor acting on this cluster as chat users.
    pub fn executor(&self, clock: std::sync::Arc<dyn kubechat_core::Clock>) -> Result<Executor> {
        Executor::new(self.config.clone(), clock)
    }

    /// Asks the API server for its version; used by the readiness probe.
    pub async fn ping(&self) -> Result<String> {
        let info = self
            .client
            .apiserver_version()
            .await
            .map_err(|e| Error::Unreachable {
                server: self.server.clone(),
                reason: e.to_string(),
            })?;
        Ok(info.git_version)
    }
}

/// The configuration, and the name of the context it comes from.
async fn from_kubeconfig(
    path: Option<&Path>,
    options: &KubeConfigOptions,
) -> Result<(kube::Config, Option<String>)> {
    let shown = path.map_or_else(
        || "the default kubeconfig".to_owned(),
        |p| p.display().to_string(),
    );
    let err = |reason: String| Error::Config {
        source_name: shown.clone(),
        reason,
    };
    let file = match path {
        Some(p) => Kubeconfig::read_from(p),
        None => Kubeconfig::read(),
    }
    .map_err(|e| err(e.to_string()))?;
    let context = options
        .context
        .clone()
        .or_else(|| file.current_context.clone());
    let config = kube::Config::from_custom_kubeconfig(file, options)
        .await
        .map_err(|e| err(e.to_string()))?;
    Ok((config, context))
}

fn default_kubeconfig_exists() -> bool {
    if let Some(paths) = std::env::var_os("KUBECONFIG") {
        return std::env::split_paths(&paths).any(|p| p.is_file());
    }
    std::env::var_os("HOME")
        .map(|h| Path::new(&h).join(".kube").join("config"))
        .is_some_and(|p| p.is_file())
}
