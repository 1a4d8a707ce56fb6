//! The one error type of the audit crate.

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Audit failures. None of them carries a secret: sink tokens and
/// database passwords stay out of messages.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value given or read does not satisfy the rules.
    #[error("invalid {what}: {reason}")]
    Invalid { what: &'static str, reason: String },

    /// The audit store could not be written in time; mutations are refused
    /// while this lasts (fail closed).
    #[error(
        "the audit log cannot be written ({reason}); changes to the cluster are refused until it can — check the database"
    )]
    Unavailable { reason: String },

    /// A database call failed.
    #[error("audit storage failed: {0}")]
    Query(#[from] sqlx::Error),

    /// Opening or migrating the store failed.
    #[error(transparent)]
    Store(#[from] kubechat_store::Error),

    /// A SIEM sink refused or could not be reached.
    #[error("audit sink {sink}: {reason}")]
    Sink { sink: String, reason: String },

    /// A sink name that is not configured.
    #[error("no audit sink named {name:?}; configured sinks: {known}")]
    UnknownSink { name: String, known: String },
}
