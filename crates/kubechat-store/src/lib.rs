//! KubeChat's relational storage.
//!
//! One [`Store`] type over either engine: PostgreSQL in production (and in
//! integration tests), SQLite as the embedded default so `kubechat serve`
//! works on a fresh machine with no configuration. Migrations for both are
//! embedded in the binary and run at start-up. Queries sit behind
//! repository traits ([`WorkspaceRepository`], …) implemented for both
//! engines, so the same tests run against each.

mod error;
mod macros;
mod pool;
mod workspaces;

pub use error::{Error, Result};
pub use macros::sqlite_time;
pub use pool::{Backend, Pool, PoolStats, Store, StoreOptions};
pub use workspaces::{Workspace, WorkspaceRepository, WorkspaceSlug};

/// The id of the `default` workspace every database is seeded with; the
/// CLI records its audit events there.
pub const DEFAULT_WORKSPACE_ID: uuid::Uuid = uuid::Uuid::from_u128(1);
