//! The one error type of the storage crate.

/// `Result` with [`Error`] as the default error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Storage failures. Messages name the database by its redacted URL and
/// never include credentials.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The URL is not one this crate can open.
    #[error("unsupported database URL {url}: use postgres://… or sqlite://…")]
    UnsupportedUrl { url: String },

    /// Could not prepare the SQLite file's directory.
    #[error("cannot create the database directory {path}: {source}")]
    DataDir {
        path: String,
        #[source]
        source: std::io::Error,
    },

    /// The database could not be reached or opened.
    #[error("cannot connect to database {url}: {source}")]
    Connect {
        url: String,
        #[source]
        source: sqlx::Error,
    },

    /// A migration failed; the database is left at the last applied one.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),

    /// A query failed.
    #[error("database query failed: {0}")]
    Query(#[from] sqlx::Error),

    /// A unique value is already taken.
    #[error("{what} already exists")]
    Conflict { what: String },

    /// A value read or given does not satisfy the domain rules.
    #[error("invalid {what}: {reason}")]
    Invalid { what: &'static str, reason: String },
}
