//! The running parts a configuration describes, built in one place.
//!
//! `serve`, `operator`, `ask`, `mcp`, `audit`, `users`, `billing`,
//! `workspaces` and `translate` each need some of the same parts — the
//! store (connected and migrated), the audit log (with its signing key),
//! the shared cache, the cluster, billing, the translator. Wiring them by
//! hand in every command let the copies drift (pool sizes, cache
//! timeouts, whether the audit key was loaded). A [`Runtime`] builds each
//! part the first time a command asks for it, the same way for everyone,
//! and keeps it (a demo cluster serves as long as its runtime lives).

use std::sync::Arc;
use std::time::Duration;

use kubechat_audit::{AuditLog, AuditMetrics, AuditOptions};
use kubechat_billing::Billing;
use kubechat_cache::Cache;
use kubechat_config::Config;
use kubechat_core::{Clock, SystemClock};
use kubechat_kube::Cluster;
use kubechat_nlp::Chain;
use kubechat_nlp::metrics::NlpMetrics;
use kubechat_store::{Store, StoreOptions};
use tokio::sync::OnceCell;

use crate::Result;

/// The parts of one configuration, each built on first use.
pub struct Runtime {
    config: Config,
    clock: Arc<dyn Clock>,
    /// Registered with the server's metrics when it serves them.
    pub audit_metrics: AuditMetrics,
    pub nlp_metrics: NlpMetrics,
    store: OnceCell<Store>,
    migrations_applied: std::sync::OnceLock<usize>,
    audit: OnceCell<AuditLog>,
    cache: std::sync::OnceLock<Cache>,
    cluster: OnceCell<Option<Cluster>>,
    billing: OnceCell<Billing>,
    translator: std::sync::OnceLock<Chain>,
}

impl std::fmt::Debug for Runtime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Runtime")
            .field("store", &self.store.initialized())
            .field("audit", &self.audit.initialized())
            .field("cluster", &self.cluster.initialized())
            .finish_non_exhaustive()
    }
}

impl Runtime {
    /// The parts of `config`, on the system clock. Nothing is opened yet.
    pub fn from_config(config: Config) -> Self {
        Self::with_clock(config, Arc::new(SystemClock))
    }

    /// [`Runtime::from_config`] on an injected clock.
    pub fn with_clock(config: Config, clock: Arc<dyn Clock>) -> Self {
        Self {
            config,
            clock,
            audit_metrics: AuditMetrics::default(),
            nlp_metrics: NlpMetrics::default(),
            store: OnceCell::new(),
            migrations_applied: std::sync::OnceLock::new(),
            audit: OnceCell::new(),
            cache: std::sync::OnceLock::new(),
            cluster: OnceCell::new(),
            billing: OnceCell::new(),
            translator: std::sync::OnceLock::new(),
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// The database, connected with the configured pool and migrated.
    pub async fn store(&self) -> Result<&Store> {
        self.store
            .get_or_try_init(|| async {
                let store = Store::connect(
                    &self.config.database_url(),
                    &StoreOptions {
                        max_connections: self.config.database.max_connections,
                        acquire_timeout: Duration::from_secs(
                            self.config.database.acquire_timeout_seconds,
                        ),
                    },
                )
                .await?;
                let applied = store.migrate().await?;
                let _ = self.migrations_applied.set(applied);
                tracing::debug!(
                    backend = store.backend().as_str(),
                    database = store.redacted_url(),
                    migrations_applied = applied,
                    "database ready"
                );
                Ok(store)
            })
            .await
    }

    /// How many migrations connecting to the store applied (`kubechat db
    /// migrate` says it); `None` before the store is opened.
    pub fn migrations_applied(&self) -> Option<usize> {
        self.migrations_applied.get().copied()
    }

    /// The audit log on the store. Its signing key is loaded when the key
    /// file exists (signing anchors, verifying them); `serve` and `audit
    /// checkpoint` create it with [`crate::load_audit_keys`].
    pub async fn audit(&self) -> Result<&AuditLog> {
        self.audit
            .get_or_try_init(|| async {
                let log = AuditLog::start(
                    self.store().await?.clone(),
                    self.clock.clone(),
                    self.audit_metrics.clone(),
                    AuditOptions::from_config(&self.config.audit),
                );
                if self.config.audit_key_file().0.exists() {
                    crate::load_audit_keys(&self.config, &log, false)?;
                }
                Ok(log)
            })
            .await
    }

    /// Redis when configured (shared by every replica and the CLI), else
    /// memory.
    pub fn cache(&self) -> Result<&Cache> {
        if let Some(c) = self.cache.get() {
            return Ok(c);
        }
        let timeout = Duration::from_millis(self.config.health.check_timeout_ms.max(1000));
        let cache = Cache::from_config(&self.config.redis, self.clock.clone(), timeout)?;
        Ok(self.cache.get_or_init(|| cache))
    }

    /// The configured cluster (kubeconfig, in-cluster or demo), if any.
    pub async fn cluster(&self) -> Result<Option<&Cluster>> {
        let c = self
            .cluster
            .get_or_try_init(|| async { Cluster::from_config(&self.config.kubernetes).await })
            .await?;
        Ok(c.as_ref())
    }

    /// Plans and usage on the store and the cache (every plan allows
    /// everything while billing is off).
    pub async fn billing(&self) -> Result<&Billing> {
        self.billing
            .get_or_try_init(|| async {
                Ok(Billing::from_config(
                    &self.config.billing,
                    self.store().await?.clone(),
                    self.cache()?.clone(),
                    self.clock.clone(),
                )?)
            })
            .await
    }

    /// The rules, then the configured providers or translator service.
    pub fn translator(&self) -> &Chain {
        self.translator.get_or_init(|| {
            Chain::from_config(
                &self.config.nlp,
                self.clock.clone(),
                self.nlp_metrics.clone(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each part is built once and shared; the audit key is loaded only
    /// where one exists.
    #[tokio::test]
    async fn parts_are_built_once_and_on_demand() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = Config::default();
        config.server.data_dir = dir.path().to_owned();
        config.database.url = Some(kubechat_config::SecretUrl::new(format!(
            "sqlite://{}/kubechat.db?mode=rwc",
            dir.path().display()
        )));
        let rt = Runtime::from_config(config);
        assert!(rt.cluster().await.unwrap().is_none(), "none configured");
        let a = rt.store().await.unwrap() as *const Store;
        let b = rt.store().await.unwrap() as *const Store;
        assert_eq!(a, b, "one store");
        assert!(
            rt.audit().await.unwrap().trusted_key().is_none(),
            "no key file yet"
        );
        assert!(!rt.billing().await.unwrap().enabled());
        assert!(!rt.translator().has_llm());
        // With a key file present, the audit log signs with it.
        let (key, _) = rt.config().audit_key_file();
        kubechat_auth::SigningKey::load(&key, true).unwrap();
        let again = Runtime::from_config(rt.config().clone());
        assert!(again.audit().await.unwrap().trusted_key().is_some());
    }
}
