//! The demo cluster: an in-memory Kubernetes API on a loopback port, seeded
//! with namespaces and workloads in realistic states (healthy deployments,
//! a CrashLoopBackOff with logs, an ImagePullBackOff, a Pending pod,
//! services, events), so a newcomer can try KubeChat with no cluster.
//!
//! It speaks the part of the API the executor uses — server-side Tables,
//! JSON objects and lists with label and field selectors, the scale
//! subresource, merge patches and deletes with `dryRun`, pod logs — so the
//! *same* executor runs against it through kube-rs. It enforces no RBAC
//! and runs no controllers; the real-apiserver tests are what prove the
//! executor. It listens on 127.0.0.1 only.

mod api;
mod seed;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;

use kubechat_core::Clock;

pub use store::Store;

/// The namespace the demo's kubeconfig context points at.
pub const DEMO_NAMESPACE: &str = "shop";

/// A running demo cluster; stops when dropped.
#[derive(Debug)]
pub struct DemoCluster {
    addr: SocketAddr,
    store: Arc<Store>,
    task: tokio::task::JoinHandle<()>,
}

impl DemoCluster {
    /// Seeds the store and serves it on a free loopback port.
    pub async fn start(clock: Arc<dyn Clock>) -> std::io::Result<Self> {
        let store = Arc::new(Store::new(clock));
        seed::seed(&store);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let app = api::router(store.clone());
        let task = tokio::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!(error = %e, "demo cluster stopped");
            }
        });
        Ok(Self { addr, store, task })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The objects, for tests.
    pub fn store(&self) -> &Store {
        &self.store
    }
}

impl Drop for DemoCluster {
    fn drop(&mut self) {
        self.task.abort();
    }
}
