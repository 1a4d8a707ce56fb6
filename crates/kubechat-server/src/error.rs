//! The one error type of the server crate.

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why the server could not start or stopped abnormally.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },

    #[error(transparent)]
    Store(#[from] kubechat_store::Error),

    #[error(transparent)]
    Cache(#[from] kubechat_cache::Error),

    #[error(transparent)]
    Audit(#[from] kubechat_audit::Error),

    #[error(transparent)]
    Auth(#[from] kubechat_auth::Error),

    #[error(transparent)]
    Slack(#[from] kubechat_slack::Error),

    #[error(transparent)]
    Billing(#[from] kubechat_billing::Error),

    #[error(transparent)]
    Cluster(#[from] kubechat_kube::Error),

    #[error("HTTP server failed: {0}")]
    Serve(std::io::Error),

    #[error("logging could not be initialised: {0}")]
    Telemetry(String),
}
