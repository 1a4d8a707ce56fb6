//! KubeChat accounts and tokens.
//!
//! Users belong to a workspace with a role (`viewer`, `operator`,
//! `admin`) and a Kubernetes identity the executor impersonates. Passwords
//! are hashed with Argon2id. A login yields a short-lived EdDSA-signed
//! access token (JWT with a `kid`; several keys for rotation; public keys
//! served as JWKS) and a rotating refresh token whose reuse revokes its
//! family. Personal API tokens serve the CLI and automation. Secrets are
//! stored only as hashes, and every refused credential is logged as
//! `authentication failed` with a reason code, never the secret.

mod accounts;
mod error;
pub mod fresh;
pub mod identity;
pub mod jwt;
pub mod keys;
pub mod password;
pub mod secret;
mod service;

pub use accounts::{ApiToken, User};

/// The user with id `id` as stored now (its role, whether it is
/// disabled), for checks made when a change runs rather than when it
/// was asked.
pub async fn current_user(store: &kubechat_store::Store, id: uuid::Uuid) -> Result<Option<User>> {
    accounts::user_by_id(store.pool(), id).await
}
/// Every user of `workspace` as stored now (at most 10,000), with the
/// Kubernetes identity their workspace's templates give them: what the
/// operator checks an approval's Kubernetes user against.
pub async fn workspace_users(
    store: &kubechat_store::Store,
    workspace: uuid::Uuid,
) -> Result<Vec<User>> {
    accounts::list_users(store.pool(), workspace).await
}

/// Whether any user exists in any workspace (a database without one is
/// set up through the one-time setup link).
pub async fn has_users(store: &kubechat_store::Store) -> Result<bool> {
    accounts::any_user(store.pool()).await
}

/// Claims the first admin's setup for `username`: true for the one claim
/// that wins (one row in `setup_done`), false for every other, on any
/// replica.
pub async fn claim_setup(store: &kubechat_store::Store, username: &str, at: i64) -> Result<bool> {
    accounts::claim_setup(store.pool(), username, at).await
}

/// Gives a claim back when creating the admin failed after it.
pub async fn release_setup(store: &kubechat_store::Store) -> Result<()> {
    accounts::release_setup(store.pool()).await
}
pub use error::{Error, Reason, Result};
pub use identity::{IdentityTemplate, IdpIdentity};
pub use keys::{KeySet, SigningKey};
pub use service::{Auth, AuthOptions, Credential, Principal, SsoIdentity, Tokens, check_username};

/// Equality that does not stop at the first differing byte (for
/// comparing secrets or their digests).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
