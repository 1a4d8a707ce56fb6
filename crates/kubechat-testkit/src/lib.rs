//! The KubeChat test kit (dev-only).
//!
//! Integration tests use real parts, not mocks: a fresh PostgreSQL
//! database per test ([`TestDatabase`]), an isolated Redis key namespace
//! ([`TestRedis`]), and a real kube-apiserver with etcd
//! ([`ControlPlane`]) with RBAC, token authentication and a kubeconfig per
//! identity. [`TcpProxy`] sits between a test and a real dependency to make
//! it refuse or hang on demand, so outages are real network failures.
//!
//! Environment:
//! - `KUBECHAT_TEST_DATABASE_URL`: the PostgreSQL server to create test
//!   databases on (default `postgres://postgres:postgres@127.0.0.1:5432/postgres`).
//! - `KUBECHAT_TEST_REDIS_URL`: the Redis to use (default `redis://127.0.0.1:6379`).
//! - `KUBEBUILDER_ASSETS`: a directory with `kube-apiserver` and `etcd`;
//!   default the cache `scripts/control-plane.sh` builds into.
//! - `TEST_LOG=1`: print the code under test's logs.

#![allow(clippy::missing_panics_doc)]

mod control_plane;
mod keycloak;
mod kubelet;
mod postgres;
mod process;
mod proxy;
mod redis_ns;
pub mod scene;

pub use control_plane::{ControlPlane, Identity, TestNamespace, install_crd};
pub use keycloak::Keycloak;
pub mod sso {
    //! The single sign-on test client of the realm.
    pub use crate::keycloak::{
        CLIENT_ID, CLIENT_SECRET, Jar, browser, browser_sign_in, browser_sign_in_through, location,
    };
}
pub use kubelet::{FakeKubelet, self_signed_tls};
pub use postgres::TestDatabase;
pub use proxy::{ProxyMode, TcpProxy};
pub use redis_ns::TestRedis;

/// Per-test setup shared by every helper: the TLS provider and, with
/// `TEST_LOG=1`, log output. Safe to call many times.
pub fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    if std::env::var_os("TEST_LOG").is_some() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
                    tracing_subscriber::EnvFilter::new("debug,hyper=info,h2=info,rustls=info")
                }),
            )
            .with_test_writer()
            .try_init();
    }
}

/// A TCP port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}

/// A random lower-case suffix for names that must not collide.
pub fn unique(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}{}", &id[..12])
}

/// The Python with the official MCP SDK, for tests that drive KubeChat
/// with a real MCP client: `KUBECHAT_MCP_PYTHON`, else the virtual
/// environment `scripts/mcp-sdks.sh` prepares (`scripts/test.sh` runs it).
/// Panics naming the fix when there is none: a missing client must fail
/// the test, not skip it.
pub fn mcp_python() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("KUBECHAT_MCP_PYTHON") {
        return std::path::PathBuf::from(p);
    }
    let p = cache_dir().join("mcp-venv/bin/python3");
    assert!(
        p.exists(),
        "no Python with the MCP SDK at {}: run scripts/mcp-sdks.sh (scripts/test.sh does)",
        p.display()
    );
    p
}

/// The `node_modules` holding the official MCP TypeScript SDK:
/// `KUBECHAT_MCP_NODE_MODULES`, else the cache `scripts/mcp-sdks.sh node`
/// fills. Panics naming the fix when there is none.
pub fn mcp_node_modules() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("KUBECHAT_MCP_NODE_MODULES") {
        return std::path::PathBuf::from(p);
    }
    let p = cache_dir().join("mcp-node/node_modules");
    assert!(
        p.join("@modelcontextprotocol/sdk").exists(),
        "no MCP TypeScript SDK at {}: run scripts/mcp-sdks.sh node (scripts/test.sh does)",
        p.display()
    );
    p
}

/// KubeChat's cache outside the repository (test peers, SDKs).
fn cache_dir() -> std::path::PathBuf {
    std::env::var_os("KUBECHAT_CACHE_DIR")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("XDG_CACHE_HOME").map(|c| std::path::PathBuf::from(c).join("kubechat"))
        })
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache/kubechat"))
        })
        .unwrap_or_default()
}

/// Runs one of the MCP SDK client scripts (`client.py` with the Python
/// SDK, `client.mjs` with the TypeScript SDK, in
/// `crates/kubechat-server/tests/mcp`) with `args` and reads the JSON it
/// prints of what it saw. An error carries the client's output when it
/// fails or takes more than two minutes.
pub async fn mcp_client(script: &str, args: &[&str]) -> anyhow::Result<serde_json::Value> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kubechat-server/tests/mcp")
        .join(script);
    let mut cmd = if script.ends_with(".py") {
        tokio::process::Command::new(mcp_python())
    } else {
        let mut c = tokio::process::Command::new("node");
        c.env("KUBECHAT_MCP_NODE_MODULES", mcp_node_modules());
        c
    };
    let run = cmd.arg(path).args(args).kill_on_drop(true).output();
    let out = tokio::time::timeout(std::time::Duration::from_secs(120), run)
        .await
        .map_err(|_| {
            anyhow::anyhow!("the MCP client {script} did not finish within two minutes")
        })??;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        anyhow::bail!(
            "MCP client {script} failed: {}\n{stdout}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(serde_json::from_str(stdout.trim())?)
}
