//! `kubechat operator`: the KubeChatCommand controller, with leader
//! election on a Lease and health probes on its own port.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::Router;
use axum::response::IntoResponse;
use axum::routing::get;
use kubechat_config::Config;
use kubechat_engine::Engine;
use kubechat_operator::controller::{self, Context, StoredPolicy};
use kubechat_operator::lease::LeaderLease;

/// What `kubechat operator` takes.
#[derive(Debug, clap::Args)]
pub struct OperatorArgs {
    /// Where /health/liveness and /health/readiness are served.
    #[arg(long, default_value = "0.0.0.0:8081")]
    pub probes: SocketAddr,
    /// Namespace of the leader-election Lease (in a pod: its own).
    #[arg(long, env = "POD_NAMESPACE", default_value = "default")]
    pub lease_namespace: String,
    /// Name of the Lease.
    #[arg(long, default_value = "kubechat-operator")]
    pub lease_name: String,
    /// This replica's name in the Lease (in a pod: its name).
    #[arg(long, env = "POD_NAME")]
    pub identity: Option<String>,
    /// Seconds a leader's lease lasts without renewal.
    #[arg(long, default_value_t = 15)]
    pub lease_seconds: u64,
}

pub async fn run(config: &Config, args: OperatorArgs) -> anyhow::Result<()> {
    let runtime = kubechat_server::Runtime::from_config(config.clone());
    let clock = runtime.clock().clone();
    let cluster = runtime
        .cluster()
        .await?
        .context("no cluster: the operator runs in a cluster (kubernetes.source = in-cluster) or against a kubeconfig")?
        .clone();
    let store = runtime.store().await?.clone();
    let audit = runtime
        .audit()
        .await
        .context("cannot prepare the audit log's database")?
        .clone();
    // Plans are checked again when a change runs, as the gateway checked
    // them when it was asked.
    let billing = if config.billing.enabled {
        Some(runtime.billing().await?.clone())
    } else {
        None
    };
    let metrics = kubechat_operator::metrics::OperatorMetrics::default();
    let mut registry = prometheus_client::registry::Registry::default();
    metrics.register(&mut registry);
    let registry = Arc::new(registry);
    let instance = args
        .identity
        .unwrap_or_else(|| format!("kubechat-operator-{}", uuid::Uuid::new_v4().simple()));
    let ctx = Arc::new(Context {
        client: cluster.client().clone(),
        engine: Engine::new(cluster.executor(clock.clone())?, audit),
        policy: Arc::new(StoredPolicy::new(store.clone(), billing)),
        clock: clock.clone(),
        instance: instance.clone(),
        metrics: metrics.clone(),
    });
    let lease = LeaderLease::new(
        cluster.client().clone(),
        &args.lease_namespace,
        &args.lease_name,
        &instance,
        Duration::from_secs(args.lease_seconds.max(3)),
        clock,
    );
    // Probes: alive while the process runs; ready while the API server
    // and the audit database answer (a replica waiting for the lease is
    // ready to take over). Metrics.
    let ready = Arc::new((cluster, store.clone()));
    let probes = Router::new()
        .route("/health/liveness", get(|| async { "alive" }))
        .route(
            "/health/readiness",
            get(move || {
                let ready = ready.clone();
                async move {
                    let (cluster, store) = &*ready;
                    let limit = Duration::from_secs(2);
                    let api = tokio::time::timeout(limit, cluster.ping()).await;
                    let db = tokio::time::timeout(limit, store.ping()).await;
                    let mut failing = Vec::new();
                    if !matches!(api, Ok(Ok(_))) {
                        failing.push("kubernetes");
                    }
                    if !matches!(db, Ok(Ok(()))) {
                        failing.push("database");
                    }
                    if failing.is_empty() {
                        (axum::http::StatusCode::OK, "ready".to_owned())
                    } else {
                        (
                            axum::http::StatusCode::SERVICE_UNAVAILABLE,
                            format!("not ready: {}", failing.join(", ")),
                        )
                    }
                }
            }),
        )
        .route(
            "/metrics",
            get(move || {
                let registry = registry.clone();
                async move {
                    let mut text = String::new();
                    match prometheus_client::encoding::text::encode(&mut text, &registry) {
                        Ok(()) => (
                            [(
                                axum::http::header::CONTENT_TYPE,
                                "application/openmetrics-text; version=1.0.0; charset=utf-8",
                            )],
                            text,
                        )
                            .into_response(),
                        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                    }
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind(args.probes)
        .await
        .with_context(|| format!("cannot listen on {} for the probes", args.probes))?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, probes).await;
    });
    tracing::info!(%instance, lease = %args.lease_name, "kubechat operator started");
    controller::run_elected(ctx, lease, kubechat_server::shutdown_signal()).await;
    store.close().await;
    tracing::info!("kubechat operator stopped");
    Ok(())
}
