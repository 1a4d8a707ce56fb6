//! The one error type of the domain crate. Every message names the
//! problem and what would fix it; they are shown to chat users as-is.

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Why an operation or a command line is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("invalid {what} '{value}': use {rule}")]
    InvalidName {
        what: &'static str,
        value: String,
        rule: &'static str,
    },

    #[error(
        "invalid selector '{value}': {reason}; use forms like app=web, tier!=db or 'env in (prod,staging)'"
    )]
    InvalidSelector { value: String, reason: String },

    #[error("unknown resource type '{given}'{}", suggestion.as_ref().map(|s| format!(" — did you mean '{s}'?")).unwrap_or_default())]
    UnknownResource {
        given: String,
        suggestion: Option<String>,
    },

    #[error("{verb}: {problem}")]
    InvalidOperation { verb: &'static str, problem: String },

    #[error("cannot read the command line: {0}")]
    CommandLine(String),

    #[error("invalid {what} '{value}': use {expected}")]
    Invalid {
        what: &'static str,
        value: String,
        expected: &'static str,
    },
}
