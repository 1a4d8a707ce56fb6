//! The one error type of the cluster crate.

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Cluster failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The connection settings could not be loaded.
    #[error("cannot use Kubernetes configuration from {source_name}: {reason}")]
    Config { source_name: String, reason: String },

    /// The API server did not answer.
    #[error("Kubernetes API {server} unreachable: {reason}")]
    Unreachable { server: String, reason: String },
}
