//! The one error type of the configuration crate.

/// `Result` with [`ConfigError`] as the default error.
pub type Result<T, E = ConfigError> = std::result::Result<T, E>;

/// Why a configuration could not be loaded. Every variant renders as one
/// line that names the key (or file), the value and what would fix it.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The configuration file could not be read at all.
    #[error("cannot read config file {path}: {reason}")]
    Read { path: String, reason: String },

    /// The configuration file is not valid TOML.
    #[error("config file {path} is not valid TOML: line {line}, column {column}: {reason}")]
    Syntax {
        path: String,
        line: usize,
        column: usize,
        reason: String,
    },

    /// A key that KubeChat does not know.
    #[error("unknown configuration key `{key}` (from {source_name}){suggestion}")]
    UnknownKey {
        key: String,
        source_name: String,
        suggestion: String,
    },

    /// A known key with a value that is not allowed.
    #[error("invalid value {value} for `{key}` (from {source_name}): {reason}; allowed: {allowed}")]
    InvalidValue {
        key: String,
        value: String,
        source_name: String,
        reason: String,
        allowed: String,
    },
}
