//! Who a token's user is now, without a database read per request.
//!
//! An access token is checked on every request and every WebSocket
//! message, and the answer must follow the person at once: disabled, a new
//! role, a password reset, a logout. Reading the user row each time made
//! the database the ceiling of every authenticated request. Instead every
//! change to a user (or to its workspace's identity template) writes a new
//! random *version* into the shared cache, and each process keeps the
//! users it read beside the versions it saw: one cache round trip (`MGET`
//! of the logout mark and both versions) tells whether its copy is still
//! the person as they are. A version is random, never a counter, so a key
//! lost to eviction and written again cannot look unchanged.
//!
//! This holds only when the cache is shared by every process that changes
//! users (Redis): with the in-memory cache the `kubechat users` command
//! could not reach the server's copy, so there every request reads the
//! database as before. A copy is also never older than [`MAX_AGE`], a
//! bound for a change whose version could not be written.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use kubechat_cache::Cache;
use uuid::Uuid;

use crate::User;

/// The longest a process trusts its copy of a user without reading it.
pub const MAX_AGE: Duration = Duration::from_secs(10);

/// How many users a process keeps; beyond, the copies are dropped and
/// read again.
const MAX_ENTRIES: usize = 100_000;

/// How long a version key lives; a lost key only costs a database read.
pub(crate) const VERSION_TTL: Duration = Duration::from_secs(7 * 86_400);

/// The cache key marking an access token as logged out.
pub fn revoked_key(jti: Uuid) -> String {
    format!("revoked-jti:{jti}")
}

pub(crate) fn user_key(id: Uuid) -> String {
    format!("user-version:{id}")
}

pub(crate) fn workspace_key(id: Uuid) -> String {
    format!("workspace-version:{id}")
}

/// What a copy was read under: the user's and the workspace's versions.
pub(crate) type Versions = (Option<Vec<u8>>, Option<Vec<u8>>);

struct Entry {
    user: User,
    versions: Versions,
    /// Unix seconds (the injected clock) when it was read.
    read_at: i64,
}

/// A process's copies of the users it authenticated.
#[derive(Default)]
pub(crate) struct Users(Mutex<HashMap<Uuid, Entry>>);

impl Users {
    /// The copy of `id` if it was read under `versions` less than
    /// [`MAX_AGE`] before `now`.
    pub(crate) fn get(&self, id: Uuid, versions: &Versions, now: i64) -> Option<User> {
        let map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let e = map.get(&id)?;
        let fresh = now - e.read_at < MAX_AGE.as_secs() as i64 && now >= e.read_at;
        (fresh && e.versions == *versions).then(|| e.user.clone())
    }

    pub(crate) fn put(&self, user: User, versions: Versions, now: i64) {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
        map.insert(
            user.id,
            Entry {
                user,
                versions,
                read_at: now,
            },
        );
    }

    pub(crate) fn forget(&self, id: Uuid) {
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(&id);
    }
}

/// A new random version under `key`, so every process reads again.
pub(crate) async fn bump(cache: &Cache, key: &str) -> kubechat_cache::Result<()> {
    let version = Uuid::new_v4();
    cache.set(key, version.as_bytes(), VERSION_TTL).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> User {
        User {
            id: Uuid::from_u128(7),
            workspace_id: Uuid::from_u128(1),
            username: "ada".to_owned(),
            role: kubechat_core::UserRole::Operator,
            kube_user: "ada".to_owned(),
            kube_groups: vec![],
            disabled: false,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            token_epoch: 0,
            idp: None,
        }
    }

    #[test]
    fn a_copy_holds_only_under_the_same_versions_and_for_a_while() {
        let users = Users::default();
        let v1: Versions = (Some(b"a".to_vec()), None);
        users.put(user(), v1.clone(), 100);
        assert_eq!(users.get(user().id, &v1, 105), Some(user()));
        assert_eq!(
            users.get(user().id, &(Some(b"b".to_vec()), None), 105),
            None
        );
        assert_eq!(users.get(user().id, &(None, None), 105), None);
        assert_eq!(
            users.get(user().id, &v1, 100 + MAX_AGE.as_secs() as i64),
            None
        );
        // A clock that went back does not extend a copy's life.
        assert_eq!(users.get(user().id, &v1, 50), None);
        users.forget(user().id);
        assert_eq!(users.get(user().id, &v1, 101), None);
    }
}
