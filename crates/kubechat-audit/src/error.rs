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

/// A short, stable, lower-case name for why the database failed, for log
/// searches such as the runbook's `|= "connection refused"`.
pub(crate) fn db_cause(e: &Error) -> &'static str {
    use std::io::ErrorKind;
    match e {
        Error::Query(sqlx::Error::Io(io)) => match io.kind() {
            ErrorKind::ConnectionRefused => "connection refused",
            ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe => {
                "connection reset"
            }
            ErrorKind::TimedOut => "timed out",
            _ => "i/o error",
        },
        Error::Query(sqlx::Error::PoolTimedOut) => "no connection available (pool timed out)",
        Error::Query(sqlx::Error::Database(_)) => "rejected by the database",
        _ => "query failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn causes_are_searchable_phrases() {
        let io = |kind| Error::Query(sqlx::Error::Io(std::io::Error::from(kind)));
        assert_eq!(
            db_cause(&io(std::io::ErrorKind::ConnectionRefused)),
            "connection refused"
        );
        assert_eq!(
            db_cause(&io(std::io::ErrorKind::ConnectionReset)),
            "connection reset"
        );
        assert_eq!(
            db_cause(&Error::Query(sqlx::Error::PoolTimedOut)),
            "no connection available (pool timed out)"
        );
    }
}
