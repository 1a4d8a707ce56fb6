//! Connecting, migrating and probing either engine.

use std::str::FromStr;
use std::time::Duration;

use kubechat_config::SecretUrl;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

use crate::{Error, Result};

static PG_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");
static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Which engine a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

impl Backend {
    /// Lower-case engine name for logs and health output.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Postgres => "postgres",
            Backend::Sqlite => "sqlite",
        }
    }
}

/// Pool settings.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// Connection counts of the pool, for `db_pool_connections{state}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Connections checked out by a query right now.
    pub active: u32,
    /// Open connections waiting in the pool.
    pub idle: u32,
    /// The pool's upper bound.
    pub max: u32,
}

/// The engine-specific pool, for crates that own their tables' queries
/// (the audit crate) and need engine-specific SQL such as row locks.
#[derive(Debug, Clone)]
pub enum Pool {
    Postgres(PgPool),
    Sqlite(SqlitePool),
}

/// A handle on the database; cheap to clone (a pool inside).
#[derive(Debug, Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    max: u32,
    url: String,
}

impl Store {
    /// Opens a pool for `url`. PostgreSQL connections are made lazily so a
    /// process can start, report itself not ready and recover when the
    /// database comes back; SQLite files (and their directory) are created
    /// when missing.
    pub async fn connect(url: &SecretUrl, options: &StoreOptions) -> Result<Self> {
        let shown = url.redacted();
        let connect_err = |source| Error::Connect {
            url: shown.clone(),
            source,
        };
        let pool = match url.scheme().as_str() {
            "postgres" | "postgresql" => {
                let opts = PgConnectOptions::from_str(url.expose())
                    .map_err(connect_err)?
                    .application_name("kubechat");
                Pool::Postgres(
                    PgPoolOptions::new()
                        .max_connections(options.max_connections)
                        .acquire_timeout(options.acquire_timeout)
                        .connect_lazy_with(opts),
                )
            }
            "sqlite" => {
                let opts = SqliteConnectOptions::from_str(url.expose())
                    .map_err(connect_err)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(5));
                let path = opts.get_filename();
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
                        path: dir.display().to_string(),
                        source,
                    })?;
                }
                Pool::Sqlite(
                    SqlitePoolOptions::new()
                        .max_connections(options.max_connections)
                        .acquire_timeout(options.acquire_timeout)
                        .connect_with(opts)
                        .await
                        .map_err(connect_err)?,
                )
            }
            _ => return Err(Error::UnsupportedUrl { url: shown }),
        };
        Ok(Self {
            pool,
            max: options.max_connections,
            url: shown,
        })
    }

    /// The pool inside, for queries owned by other crates.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Applies the embedded migrations that have not run yet; returns how
    /// many were applied. Safe to call from several replicas at once
    /// (sqlx takes an advisory lock on PostgreSQL).
    pub async fn migrate(&self) -> Result<usize> {
        let (migrator, applied_before) = match &self.pool {
            Pool::Postgres(p) => (
                &PG_MIGRATIONS,
                count(sqlx::query_scalar(APPLIED).fetch_one(p).await),
            ),
            Pool::Sqlite(p) => (
                &SQLITE_MIGRATIONS,
                count(sqlx::query_scalar(APPLIED).fetch_one(p).await),
            ),
        };
        match &self.pool {
            Pool::Postgres(p) => migrator.run(p).await?,
            Pool::Sqlite(p) => migrator.run(p).await?,
        }
        let total = migrator.iter().count();
        Ok(total.saturating_sub(applied_before.min(total)))
    }

    /// One round trip to the database; used by the readiness probe.
    pub async fn ping(&self) -> Result<()> {
        match &self.pool {
            Pool::Postgres(p) => sqlx::query("SELECT 1").execute(p).await?,
            Pool::Sqlite(p) => {
                sqlx::query("SELECT 1").execute(p).await?;
                return Ok(());
            }
        };
        Ok(())
    }

    /// Current pool occupancy.
    pub fn pool_stats(&self) -> PoolStats {
        let (size, idle) = match &self.pool {
            Pool::Postgres(p) => (p.size(), p.num_idle()),
            Pool::Sqlite(p) => (p.size(), p.num_idle()),
        };
        let idle = u32::try_from(idle).unwrap_or(u32::MAX).min(size);
        PoolStats {
            active: size - idle,
            idle,
            max: self.max,
        }
    }

    /// The engine behind this store.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Postgres(_) => Backend::Postgres,
            Pool::Sqlite(_) => Backend::Sqlite,
        }
    }

    /// The database URL with its password removed.
    pub fn redacted_url(&self) -> &str {
        &self.url
    }

    /// Waits for checked-out connections to return, then closes the pool.
    pub async fn close(&self) {
        match &self.pool {
            Pool::Postgres(p) => p.close().await,
            Pool::Sqlite(p) => p.close().await,
        }
    }
}

/// The query counting applied migrations; fails (read as zero) on a new
/// database where sqlx has not created its table yet.
const APPLIED: &str = "SELECT COUNT(*) FROM _sqlx_migrations WHERE success";

fn count(n: std::result::Result<i64, sqlx::Error>) -> usize {
    n.ok().and_then(|n| usize::try_from(n).ok()).unwrap_or(0)
}
