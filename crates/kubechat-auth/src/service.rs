//! Logins, token refresh and revocation, and authenticating a bearer
//! credential: the whole account flow behind one handle.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use kubechat_core::{Clock, UserRole};
use kubechat_store::Store;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::accounts::{self, ApiToken, NewUser, User};
use crate::jwt::{self, Claims};
use crate::keys::KeySet;
use crate::secret::{self, API_PREFIX, REFRESH_PREFIX};
use crate::{Error, Reason, Result, password};

/// Lifetimes and tolerances.
#[derive(Debug, Clone)]
pub struct AuthOptions {
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    /// Clock skew tolerated on `exp` and `nbf`, in seconds.
    pub leeway_seconds: i64,
    /// Longest lifetime of a personal API token.
    pub api_token_max_days: u32,
    /// Whether anyone but an admin may sign in with a password (off once
    /// single sign-on is the way in; admins keep it as break-glass).
    pub password_login: bool,
}

impl AuthOptions {
    /// The options `config` asks for.
    pub fn from_config(config: &kubechat_config::AuthConfig) -> Self {
        Self {
            access_ttl: Duration::from_secs(config.access_token_ttl_seconds),
            refresh_ttl: Duration::from_secs(u64::from(config.refresh_token_ttl_days) * 86_400),
            leeway_seconds: i64::from(config.leeway_seconds),
            api_token_max_days: config.api_token_max_days,
            password_login: config.password_login,
        }
    }
}

impl Default for AuthOptions {
    fn default() -> Self {
        Self {
            access_ttl: Duration::from_secs(15 * 60),
            refresh_ttl: Duration::from_secs(30 * 86_400),
            leeway_seconds: 30,
            api_token_max_days: 365,
            password_login: true,
        }
    }
}

/// A token pair as answered to a login or a refresh.
#[derive(Debug, Clone, Serialize)]
pub struct Tokens {
    pub access_token: String,
    pub token_type: &'static str,
    /// Seconds.
    pub expires_in: u64,
    pub refresh_token: String,
    /// Seconds.
    pub refresh_expires_in: u64,
}

/// How a request authenticated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// A short-lived access token (its `jti`).
    Access(Uuid),
    /// A personal API token (its id).
    ApiToken(Uuid),
    /// A bearer token of a single sign-on provider (its name), checked by
    /// that provider's keys.
    Sso(String),
}

/// The longest a single sign-on stays valid through refreshes before the
/// person signs in at the provider again.
const SSO_SESSION: time::Duration = time::Duration::hours(12);

/// A person as an identity provider vouched for them.
#[derive(Debug, Clone)]
pub struct SsoIdentity<'a> {
    pub workspace: Uuid,
    /// The provider's name in the configuration (for logs and the
    /// credential).
    pub provider: &'a str,
    /// The provider's issuer: with the subject, what links the person (a
    /// provider renamed in the configuration keeps its people).
    pub issuer: &'a str,
    /// The provider's stable id of the person (`sub`).
    pub subject: &'a str,
    pub username: &'a str,
    pub role: UserRole,
    pub groups: &'a [String],
    /// Whether an existing account of the same name may be linked.
    pub link_existing: bool,
}

/// The authenticated user of a request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub credential: Credential,
    /// When the credential expires (Unix seconds).
    pub expires_at: i64,
}

/// Accounts and tokens; cheap to clone.
#[derive(Clone)]
pub struct Auth(Arc<Inner>);

struct Inner {
    store: Store,
    keys: RwLock<KeySet>,
    clock: Arc<dyn Clock>,
    options: AuthOptions,
    /// The cache logouts are marked in and user versions written to.
    cache: std::sync::OnceLock<kubechat_cache::Cache>,
    /// Users read for access tokens (used only with a shared cache).
    users: crate::fresh::Users,
    /// Access tokens whose signature verified, by the SHA-256 of their
    /// bytes: the same bytes under the same keys verify the same way, so
    /// the signature is checked once per token, not once per request
    /// (times are checked every time). Emptied when the keys change.
    verified: std::sync::Mutex<std::collections::HashMap<[u8; 32], Claims>>,
}

/// Verified tokens kept at most; beyond, the map is emptied.
const MAX_VERIFIED: usize = 100_000;

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Auth")
            .field("options", &self.0.options)
            .finish_non_exhaustive()
    }
}

/// Logs the failure (reason code only, never the credential) and turns it
/// into the error.
fn deny(reason: Reason) -> Error {
    tracing::warn!(reason = reason.code(), "authentication failed");
    Error::Unauthenticated(reason)
}

/// A user name: 1–64 of lower-case letters, digits, `.`, `_`, `-`, `@`.
pub fn check_username(name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b'@')
        });
    if ok {
        Ok(())
    } else {
        Err(Error::Invalid {
            what: "user name",
            reason: format!(
                "{name:?}: use 1 to 64 lower-case letters, digits, '.', '_', '-' or '@'"
            ),
        })
    }
}

impl Auth {
    pub fn new(store: Store, keys: KeySet, clock: Arc<dyn Clock>, options: AuthOptions) -> Self {
        Self(Arc::new(Inner {
            store,
            keys: RwLock::new(keys),
            clock,
            options,
            cache: std::sync::OnceLock::new(),
            users: crate::fresh::Users::default(),
            verified: std::sync::Mutex::default(),
        }))
    }

    /// Attaches the cache: access tokens logged out there are refused,
    /// and changes to users are announced there. With a shared (Redis)
    /// cache, users are then read from the database only when they
    /// changed (see [`crate::fresh`]). Set once; later calls are ignored.
    pub fn with_cache(self, cache: kubechat_cache::Cache) -> Self {
        let _ = self.0.cache.set(cache);
        self
    }

    /// Tells every process that `user` changed (disabled, password, role).
    async fn user_changed(&self, user: Uuid) -> Result<()> {
        self.0.users.forget(user);
        self.announce(&crate::fresh::user_key(user)).await
    }

    async fn announce(&self, key: &str) -> Result<()> {
        let Some(cache) = self.0.cache.get() else {
            return Ok(());
        };
        crate::fresh::bump(cache, key).await.map_err(|e| {
            Error::Unavailable(format!(
                "the change is saved, but the shared cache could not be told ({e}); other replicas see it within {} s",
                crate::fresh::MAX_AGE.as_secs()
            ))
        })
    }

    /// Marks the access token `jti` (expiring at `exp`) as logged out on
    /// every process until it expires.
    pub async fn revoke_access(&self, jti: Uuid, exp: i64) -> Result<()> {
        let Some(cache) = self.0.cache.get() else {
            return Ok(());
        };
        let left = exp - self.now().unix_timestamp();
        let ttl = Duration::from_secs(u64::try_from(left.max(1)).unwrap_or(1) + 60);
        cache
            .set(&crate::fresh::revoked_key(jti), b"1", ttl)
            .await
            .map_err(|e| Error::Unavailable(format!("the logout could not be recorded: {e}")))
    }

    /// The user behind verified access-token claims: the logout mark and
    /// the versions in one cache round trip, the database only when the
    /// copy is stale. Fails closed when the cache cannot be read.
    async fn access_user(&self, claims: &Claims) -> Result<User> {
        let pool = self.0.store.pool();
        let Some(cache) = self.0.cache.get() else {
            return accounts::user_by_id(pool, claims.sub)
                .await?
                .ok_or_else(|| deny(Reason::Revoked));
        };
        let revoked = crate::fresh::revoked_key(claims.jti);
        let shared = cache.kind() == "redis";
        let (uk, wk) = (
            crate::fresh::user_key(claims.sub),
            crate::fresh::workspace_key(claims.ws),
        );
        let keys: Vec<&str> = if shared {
            vec![&revoked, &uk, &wk]
        } else {
            vec![&revoked]
        };
        let mut got = cache.get_many(&keys).await.map_err(|e| {
            tracing::error!(error = %e, "revocation check failed: the shared cache cannot be reached");
            deny(Reason::Revoked)
        })?;
        if got.first().is_some_and(Option::is_some) {
            return Err(deny(Reason::Revoked));
        }
        if !shared {
            return accounts::user_by_id(pool, claims.sub)
                .await?
                .ok_or_else(|| deny(Reason::Revoked));
        }
        let versions = (
            got.get_mut(1).and_then(Option::take),
            got.get_mut(2).and_then(Option::take),
        );
        let now = self.now().unix_timestamp();
        if let Some(user) = self.0.users.get(claims.sub, &versions, now) {
            return Ok(user);
        }
        let user = accounts::user_by_id(pool, claims.sub)
            .await?
            .ok_or_else(|| deny(Reason::Revoked))?;
        self.0.users.put(user.clone(), versions, now);
        Ok(user)
    }

    fn keys(&self) -> std::sync::RwLockReadGuard<'_, KeySet> {
        self.0
            .keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Changes the key set in place (rotation without a restart).
    pub fn rotate(&self, change: impl FnOnce(&mut KeySet) -> Result<()>) -> Result<()> {
        let mut keys = self
            .0
            .keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let changed = change(&mut keys);
        // Under the write lock: no verification under the old keys can
        // be stored after this.
        self.verified().clear();
        changed
    }

    fn verified(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<[u8; 32], Claims>> {
        self.0
            .verified
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The claims of an access token: its signature verified once, its
    /// times on every call.
    fn access_claims(&self, bearer: &str, now: OffsetDateTime) -> Result<Claims> {
        use sha2::Digest;
        let leeway = self.0.options.leeway_seconds;
        let digest: [u8; 32] = sha2::Sha256::digest(bearer.as_bytes()).into();
        let known = self.verified().get(&digest).cloned();
        if let Some(claims) = known {
            jwt::check_times(&claims, now, leeway)?;
            return Ok(claims);
        }
        // The keys stay read-locked until the result is stored, so a
        // rotation cannot slip in between.
        let keys = self.keys();
        let claims = jwt::verify(&keys, bearer, now, leeway)?;
        let mut verified = self.verified();
        if verified.len() >= MAX_VERIFIED {
            verified.clear();
        }
        verified.insert(digest, claims.clone());
        drop(verified);
        drop(keys);
        Ok(claims)
    }

    /// The public keys, for `/.well-known/jwks.json`.
    pub fn jwks(&self) -> serde_json::Value {
        self.keys().jwks()
    }

    fn now(&self) -> OffsetDateTime {
        self.0.clock.now()
    }

    /// Creates a user. The Kubernetes identity defaults to the user name
    /// and the group `kubechat:<role>`, so cluster admins can bind roles to
    /// KubeChat roles.
    pub async fn add_user(
        &self,
        workspace: Uuid,
        username: &str,
        password: &str,
        role: UserRole,
        kube_user: Option<String>,
        kube_groups: Vec<String>,
    ) -> Result<User> {
        check_username(username)?;
        password::check_new(password)?;
        // Without an explicit identity the user follows the workspace's
        // templates (stored as an empty identity, rendered when read).
        let (kube_user, kube_groups) = if kube_user.is_none() && kube_groups.is_empty() {
            (String::new(), Vec::new())
        } else {
            let user = kube_user.unwrap_or_else(|| username.to_owned());
            let groups = if kube_groups.is_empty() {
                vec![format!("kubechat:{}", role.as_str())]
            } else {
                kube_groups
            };
            for g in std::iter::once(&user).chain(&groups) {
                crate::identity::check_name(g)?;
            }
            (user, groups)
        };
        let hash = password::hash(password)?;
        let new = NewUser {
            workspace_id: workspace,
            username: username.to_owned(),
            password_hash: hash,
            role,
            kube_user,
            kube_groups,
        };
        accounts::create_user(self.0.store.pool(), &new, self.now()).await
    }

    /// How the workspace's users map to Kubernetes identities.
    pub async fn identity_template(&self, workspace: Uuid) -> Result<crate::IdentityTemplate> {
        accounts::identity_template(self.0.store.pool(), workspace).await
    }

    /// Sets the workspace's identity templates (validated first); users
    /// without an explicit identity act under them from their next
    /// request on.
    pub async fn set_identity_template(
        &self,
        workspace: Uuid,
        template: &crate::IdentityTemplate,
    ) -> Result<()> {
        template.validate()?;
        accounts::set_identity_template(self.0.store.pool(), workspace, template, self.now())
            .await?;
        self.announce(&crate::fresh::workspace_key(workspace)).await
    }

    /// The users of a workspace.
    pub async fn users(&self, workspace: Uuid) -> Result<Vec<User>> {
        accounts::list_users(self.0.store.pool(), workspace).await
    }

    async fn named(&self, workspace: Uuid, username: &str) -> Result<User> {
        accounts::user_by_name(self.0.store.pool(), workspace, username)
            .await?
            .map(|(u, _)| u)
            .ok_or_else(|| Error::NotFound(format!("user {username:?}")))
    }

    /// Disables (or enables) a user; a disabled user's tokens stop working
    /// at once and its refresh tokens are revoked.
    pub async fn set_disabled(
        &self,
        workspace: Uuid,
        username: &str,
        disabled: bool,
    ) -> Result<User> {
        let user = self.named(workspace, username).await?;
        accounts::set_disabled(self.0.store.pool(), user.id, disabled).await?;
        if disabled {
            accounts::revoke_user_refresh(self.0.store.pool(), user.id, self.now()).await?;
        }
        self.user_changed(user.id).await?;
        Ok(User { disabled, ..user })
    }

    /// Sets a new password and revokes every token of the user issued
    /// before it: refresh tokens, access tokens and personal API tokens.
    pub async fn reset_password(
        &self,
        workspace: Uuid,
        username: &str,
        password: &str,
    ) -> Result<()> {
        password::check_new(password)?;
        let user = self.named(workspace, username).await?;
        let hash = password::hash(password)?;
        let now = self.now();
        accounts::set_password(self.0.store.pool(), user.id, &hash, now).await?;
        accounts::revoke_user_refresh(self.0.store.pool(), user.id, now).await?;
        self.user_changed(user.id).await
    }

    /// Checks a password and issues a token pair.
    pub async fn login(&self, workspace: Uuid, username: &str, password: &str) -> Result<Tokens> {
        let found = accounts::user_by_name(self.0.store.pool(), workspace, username).await?;
        let Some((user, hash)) = found else {
            // Same work as a real check, so timing does not tell.
            let _ = password::verify_async(password, password::decoy()).await;
            return Err(deny(Reason::BadCredentials));
        };
        let right = password::verify_async(password, &hash).await;
        // Answered whatever the password was: the refusal tells nothing
        // about it.
        if !self.0.options.password_login && user.role != UserRole::Admin {
            return Err(deny(Reason::PasswordLoginOff));
        }
        if !right {
            return Err(deny(Reason::BadCredentials));
        }
        if user.disabled {
            return Err(deny(Reason::Disabled));
        }
        self.issue(&user, Uuid::new_v4()).await
    }

    /// The user named `username` in `workspace`, if there is one.
    pub async fn find_user(&self, workspace: Uuid, username: &str) -> Result<Option<User>> {
        Ok(
            accounts::user_by_name(self.0.store.pool(), workspace, username)
                .await?
                .map(|(u, _)| u),
        )
    }

    async fn issue(&self, user: &User, family: Uuid) -> Result<Tokens> {
        self.issue_until(user, family, None).await
    }

    /// Issues a pair whose refresh token expires at `cap` at the latest:
    /// a single sign-on's refreshes never outlive the sign-in's session,
    /// so someone removed at the provider loses KubeChat with it.
    async fn issue_until(
        &self,
        user: &User,
        family: Uuid,
        cap: Option<OffsetDateTime>,
    ) -> Result<Tokens> {
        let now = self.now();
        let access_ttl = self.0.options.access_ttl;
        let claims = Claims {
            iss: jwt::ISSUER.to_owned(),
            sub: user.id,
            ws: user.workspace_id,
            name: user.username.clone(),
            role: user.role,
            typ: "access".to_owned(),
            iat: now.unix_timestamp(),
            nbf: now.unix_timestamp(),
            exp: (now + access_ttl).unix_timestamp(),
            jti: Uuid::new_v4(),
            ep: user.token_epoch,
        };
        let access_token = jwt::issue(&self.keys(), &claims)?;
        let refresh_token = secret::generate(REFRESH_PREFIX)?;
        let refresh_until = cap.map_or(now + self.0.options.refresh_ttl, |c| {
            c.min(now + self.0.options.refresh_ttl)
        });
        let refresh_ttl = (refresh_until - now).unsigned_abs();
        accounts::insert_refresh(
            self.0.store.pool(),
            user.id,
            family,
            &secret::digest(&refresh_token),
            now,
            refresh_until,
        )
        .await?;
        Ok(Tokens {
            access_token,
            token_type: "Bearer",
            expires_in: access_ttl.as_secs(),
            refresh_token,
            refresh_expires_in: refresh_ttl.as_secs(),
        })
    }

    /// Signs in a person their identity provider vouched for. The person
    /// is found by the provider's subject (`sub`), never by name alone:
    /// the first time, a user is created in `workspace` (just in time) and
    /// linked to that subject; a KubeChat account that already has the
    /// name is taken only when `sso.link_existing` says the provider may
    /// (and it is not linked elsewhere). Every time, the role and the
    /// Kubernetes identity (user name, the provider's groups) follow what
    /// the provider says now. A user disabled in KubeChat stays refused.
    /// Tokens are issued as for a password.
    pub async fn sso_sign_in(&self, sso: &SsoIdentity<'_>) -> Result<(User, Tokens)> {
        let user = self.sso_user(sso).await?;
        let cap = self.now() + SSO_SESSION;
        let tokens = self.issue_until(&user, Uuid::new_v4(), Some(cap)).await?;
        Ok((user, tokens))
    }

    /// The KubeChat user for an SSO identity, created or brought up to
    /// date.
    async fn sso_user(&self, sso: &SsoIdentity<'_>) -> Result<User> {
        let username = sso.username;
        check_username(username)?;
        if sso.subject.is_empty() || sso.subject.len() > 255 {
            return Err(Error::Invalid {
                what: "identity",
                reason: "the provider's token has no usable subject (sub)".into(),
            });
        }
        // Groups Kubernetes could not be asked to impersonate are left out
        // (and said so in the log), never passed on.
        let groups: Vec<String> = sso
            .groups
            .iter()
            .filter(|g| {
                let ok = crate::identity::check_name(g).is_ok();
                if !ok {
                    tracing::warn!(user = %username, group = %g, "an identity provider group is not a valid Kubernetes group name; left out");
                }
                ok
            })
            .take(64)
            .cloned()
            .collect();
        let idp = crate::IdpIdentity {
            username: username.to_owned(),
            groups,
        };
        let pool = self.0.store.pool();
        let linked = match accounts::sso_linked(pool, sso.issuer, sso.subject).await? {
            Some(id) => accounts::user_by_id(pool, id)
                .await?
                .filter(|u| u.workspace_id == sso.workspace),
            None => None,
        };
        let user = match linked {
            Some(user) => user,
            None => match accounts::user_by_name(pool, sso.workspace, username).await? {
                // The name is taken by an account this subject is not
                // linked to: a name at an identity provider is no proof of
                // being that person.
                Some((user, _)) => {
                    if !sso.link_existing || accounts::has_sso_link(pool, user.id).await? {
                        return Err(Error::Conflict(format!(
                            "a KubeChat account named {username:?} already exists and is not linked to this sign-in; an admin removes or renames it, or lets the provider link existing accounts (link_existing)"
                        )));
                    }
                    user
                }
                None => {
                    // No password signs this user in: the hash is of a
                    // random secret nobody keeps.
                    let unusable = secret::generate("sso_")?;
                    let new = NewUser {
                        workspace_id: sso.workspace,
                        username: username.to_owned(),
                        password_hash: password::hash(&unusable)?,
                        role: sso.role,
                        // The workspace's templates render the identity.
                        kube_user: String::new(),
                        kube_groups: Vec::new(),
                    };
                    let link = accounts::SsoLink {
                        issuer: sso.issuer,
                        subject: sso.subject,
                        idp: &idp,
                    };
                    match accounts::create_user_with(pool, &new, Some(&link), self.now()).await {
                        Ok(u) => u,
                        // A second first sign-in at the same moment made it:
                        // this one signs in again and finds it linked.
                        Err(Error::Conflict(_)) => {
                            return Err(Error::Conflict(
                                "this account was being created by another sign-in at the same moment; sign in again".into(),
                            ));
                        }
                        Err(e) => return Err(e),
                    }
                }
            },
        };
        if user.disabled {
            return Err(deny(Reason::Disabled));
        }
        if !accounts::link_sso(pool, sso.issuer, sso.subject, user.id, self.now()).await?
            && accounts::sso_linked(pool, sso.issuer, sso.subject).await? != Some(user.id)
        {
            return Err(Error::Conflict(
                "this identity was linked to another account at the same moment; sign in again"
                    .into(),
            ));
        }
        // A first sign-in (an account linked from a password one too)
        // and every change at the provider make the person follow the
        // templates with the provider's identity; an identity an admin
        // sets afterwards stays until the provider's changes.
        if user.role != sso.role || user.idp.as_ref() != Some(&idp) {
            accounts::set_role_and_idp(pool, user.id, sso.role, &idp).await?;
            self.user_changed(user.id).await?;
        }
        accounts::user_by_id(pool, user.id)
            .await?
            .ok_or_else(|| deny(Reason::Revoked))
    }

    /// The principal of a provider's bearer token, already verified by the
    /// provider: the KubeChat user of that identity, created or brought up
    /// to date as at a browser sign-in, not disabled.
    pub async fn sso_principal(&self, sso: &SsoIdentity<'_>, expires_at: i64) -> Result<Principal> {
        let user = self.sso_user(sso).await?;
        Ok(Principal {
            user,
            credential: Credential::Sso(sso.provider.to_owned()),
            expires_at,
        })
    }

    /// Trades a refresh token for a new pair (the old one is used up).
    /// Presenting a used refresh token again revokes its whole family: one
    /// of the two holders is a thief.
    pub async fn refresh(&self, refresh_token: &str) -> Result<Tokens> {
        if !secret::looks_like(refresh_token, REFRESH_PREFIX) {
            return Err(deny(
                if refresh_token.starts_with(API_PREFIX) || refresh_token.contains('.') {
                    Reason::WrongType
                } else {
                    Reason::Malformed
                },
            ));
        }
        let pool = self.0.store.pool();
        let row = accounts::refresh_by_hash(pool, &secret::digest(refresh_token))
            .await?
            .ok_or_else(|| deny(Reason::Revoked))?;
        let now = self.now();
        if row.revoked {
            return Err(deny(Reason::Revoked));
        }
        if row.used || !accounts::mark_used(pool, row.id, now).await? {
            accounts::revoke_family(pool, row.family_id, now).await?;
            return Err(deny(Reason::RefreshReused));
        }
        if row.expires_at <= now {
            return Err(deny(Reason::Expired));
        }
        let user = accounts::user_by_id(pool, row.user_id)
            .await?
            .ok_or_else(|| deny(Reason::Revoked))?;
        if user.disabled {
            return Err(deny(Reason::Disabled));
        }
        // A single sign-on's family keeps its first expiry: refreshing
        // never extends it past the session the provider vouched for.
        let cap = if accounts::has_sso_link(pool, user.id).await? {
            Some(row.expires_at)
        } else {
            None
        };
        self.issue_until(&user, row.family_id, cap).await
    }

    /// Revokes the refresh token's family (this login on every device it
    /// was refreshed to). Unknown tokens are ignored: logging out twice is
    /// not an error.
    pub async fn logout(&self, refresh_token: &str) -> Result<()> {
        if !secret::looks_like(refresh_token, REFRESH_PREFIX) {
            return Err(deny(Reason::Malformed));
        }
        let pool = self.0.store.pool();
        if let Some(row) = accounts::refresh_by_hash(pool, &secret::digest(refresh_token)).await? {
            accounts::revoke_family(pool, row.family_id, self.now()).await?;
        }
        Ok(())
    }

    /// Who a bearer credential (access token or personal API token)
    /// belongs to.
    pub async fn authenticate(&self, bearer: &str) -> Result<Principal> {
        let bearer = bearer.trim();
        if bearer.is_empty() {
            return Err(deny(Reason::Missing));
        }
        let pool = self.0.store.pool();
        let now = self.now();
        if bearer.starts_with(API_PREFIX) {
            if !secret::looks_like(bearer, API_PREFIX) {
                return Err(deny(Reason::Malformed));
            }
            let token = accounts::api_token_by_hash(pool, &secret::digest(bearer))
                .await?
                .ok_or_else(|| deny(Reason::Revoked))?;
            if token.revoked_at.is_some() {
                return Err(deny(Reason::Revoked));
            }
            if token.expires_at.is_some_and(|e| e <= now) {
                return Err(deny(Reason::Expired));
            }
            let user = accounts::user_by_id(pool, token.user_id)
                .await?
                .ok_or_else(|| deny(Reason::Revoked))?;
            if user.disabled {
                return Err(deny(Reason::Disabled));
            }
            // A password reset revokes the API tokens made before it.
            if token.epoch < user.token_epoch {
                return Err(deny(Reason::Revoked));
            }
            accounts::touch_api_token(pool, token.id, now).await?;
            return Ok(Principal {
                user,
                credential: Credential::ApiToken(token.id),
                expires_at: token
                    .expires_at
                    .map_or(i64::MAX, OffsetDateTime::unix_timestamp),
            });
        }
        if bearer.starts_with(REFRESH_PREFIX) {
            return Err(deny(Reason::WrongType));
        }
        let claims = match self.access_claims(bearer, now) {
            Ok(c) => c,
            Err(Error::Unauthenticated(r)) => return Err(deny(r)),
            Err(e) => return Err(e),
        };
        let user = self.access_user(&claims).await?;
        if user.disabled {
            return Err(deny(Reason::Disabled));
        }
        // Issued before the password was last set: logged out by the
        // reset.
        if claims.ep < user.token_epoch {
            return Err(deny(Reason::Revoked));
        }
        Ok(Principal {
            user,
            credential: Credential::Access(claims.jti),
            expires_at: claims.exp,
        })
    }

    /// Creates a personal API token; the secret is returned once and only
    /// its hash is kept.
    pub async fn create_api_token(
        &self,
        user: &User,
        name: &str,
        days: Option<u32>,
    ) -> Result<(ApiToken, String)> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(Error::Invalid {
                what: "token name",
                reason: "use 1 to 100 printable characters".to_owned(),
            });
        }
        let max = self.0.options.api_token_max_days;
        let days = days.unwrap_or(90);
        if days == 0 || days > max {
            return Err(Error::Invalid {
                what: "token lifetime",
                reason: format!("use 1 to {max} days"),
            });
        }
        let now = self.now();
        let token = ApiToken {
            id: Uuid::new_v4(),
            user_id: user.id,
            name: name.to_owned(),
            created_at: now,
            expires_at: Some(now + Duration::from_secs(u64::from(days) * 86_400)),
            revoked_at: None,
            last_used_at: None,
            epoch: user.token_epoch,
        };
        let secret = secret::generate(API_PREFIX)?;
        accounts::insert_api_token(self.0.store.pool(), &token, &secret::digest(&secret)).await?;
        Ok((token, secret))
    }

    /// The user's API tokens (metadata only).
    pub async fn api_tokens(&self, user: &User) -> Result<Vec<ApiToken>> {
        accounts::list_api_tokens(self.0.store.pool(), user.id).await
    }

    /// Revokes one of the user's API tokens.
    pub async fn revoke_api_token(&self, user: &User, id: Uuid) -> Result<()> {
        if accounts::revoke_api_token(self.0.store.pool(), user.id, id, self.now()).await? {
            Ok(())
        } else {
            Err(Error::NotFound(format!("API token {id}")))
        }
    }
}
