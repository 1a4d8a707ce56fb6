//! The one error type of the cache crate.

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Cache failures.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Redis could not be reached or answered with an error.
    #[error("redis {url}: {source}")]
    Redis {
        url: String,
        #[source]
        source: redis::RedisError,
    },

    /// Redis did not answer within the configured timeout.
    #[error("redis {url}: no answer within {timeout_ms} ms")]
    Timeout { url: String, timeout_ms: u128 },

    /// A key or value above the bound.
    #[error("cache {what} of {len} bytes exceeds the limit of {max} bytes")]
    TooLarge {
        what: &'static str,
        len: usize,
        max: usize,
    },

    /// A zero time to live would store nothing.
    #[error("cache entries need a time to live greater than zero")]
    InvalidTtl,

    /// The in-memory store is at its entry limit.
    #[error(
        "in-memory cache is full ({max} live entries); configure redis.url for larger deployments"
    )]
    Full { max: usize },
}
