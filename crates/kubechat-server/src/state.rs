//! What every request handler can reach.

use std::sync::Arc;
use std::time::Instant;

use kubechat_audit::AuditLog;
use kubechat_cache::Cache;
use kubechat_config::Config;
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
    metrics: Metrics,
    audit: AuditLog,
    clock: Arc<dyn Clock>,
    started: Instant,
}

impl AppState {
    /// Bundles the parts built at start-up.
    pub fn new(
        config: Config,
        store: Store,
        cache: Cache,
        cluster: Option<Cluster>,
        metrics: Metrics,
        audit: AuditLog,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self(Arc::new(Inner {
            config,
            store,
            cache,
            cluster,
            metrics,
            audit,
            clock,
            started: Instant::now(),
        }))
    }

    pub fn config(&self) -> &Config {
        &self.0.config
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

    pub fn metrics(&self) -> &Metrics {
        &self.0.metrics
    }

    pub fn audit(&self) -> &AuditLog {
        &self.0.audit
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.0.clock
    }

    /// Time since the state was built.
    pub fn uptime(&self) -> std::time::Duration {
        self.0.started.elapsed()
    }
}
