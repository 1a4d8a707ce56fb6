//! What can go wrong between KubeChat and Slack.

/// One error enum for the crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is not from Slack (no, a wrong or a stale signature):
    /// answered 401 and nothing is read.
    #[error("not a request from Slack: {0}")]
    Unverified(String),
    /// A verified request whose body is not what Slack sends.
    #[error("bad Slack payload: {0}")]
    Payload(String),
    /// Slack's Web API refused or could not be reached.
    #[error("Slack Web API: {0}")]
    Api(String),
    #[error("storage: {0}")]
    Store(#[from] sqlx::Error),
    #[error("cache: {0}")]
    Cache(#[from] kubechat_cache::Error),
}

pub type Result<T> = std::result::Result<T, Error>;
