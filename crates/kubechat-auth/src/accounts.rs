//! The account tables' queries, one text for both engines.

use kubechat_core::UserRole;
use kubechat_store::{Pool, on_pool};
use serde::Serialize;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Error, Result};

/// A user of a workspace (without the password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct User {
    pub id: Uuid,
    pub workspace_id: Uuid,
    pub username: String,
    pub role: UserRole,
    /// The Kubernetes user the executor impersonates for this user.
    pub kube_user: String,
    /// The Kubernetes groups impersonated with it.
    pub kube_groups: Vec<String>,
    pub disabled: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// The revocation epoch: tokens carry the epoch they were issued
    /// under, and a password reset moves it on (every session logged out).
    #[serde(skip)]
    pub token_epoch: i64,
    /// What the identity provider said of this person at their last
    /// single sign-on; none for people who never signed in that way.
    #[serde(skip)]
    pub idp: Option<crate::IdpIdentity>,
}

/// What creating a user takes.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub workspace_id: Uuid,
    pub username: String,
    pub password_hash: String,
    pub role: UserRole,
    pub kube_user: String,
    pub kube_groups: Vec<String>,
}

fn uuid(s: &str, what: &'static str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|e| Error::Invalid {
        what,
        reason: e.to_string(),
    })
}

/// A user with its workspace's identity templates (absent: defaults).
const USER_COLUMNS: &str = "users.id AS id, users.workspace_id AS workspace_id, username, role, \
     kube_user, kube_groups, disabled, created_at, token_epoch, password_hash, \
     idp_username, idp_groups, \
     wi.user_template AS user_template, wi.groups_template AS groups_template";
const USER_FROM: &str =
    "users LEFT JOIN workspace_identity wi ON wi.workspace_id = users.workspace_id";

macro_rules! user_from_row {
    ($r:expr) => {{
        let r = $r;
        let id: String = r.try_get("id")?;
        let ws: String = r.try_get("workspace_id")?;
        let role: String = r.try_get("role")?;
        let groups: String = r.try_get("kube_groups")?;
        let user_template: Option<String> = r.try_get("user_template")?;
        let groups_template: Option<String> = r.try_get("groups_template")?;
        let idp_username: Option<String> = r.try_get("idp_username")?;
        let idp_groups: Option<String> = r.try_get("idp_groups")?;
        let mut user = User {
            id: uuid(&id, "stored user id")?,
            workspace_id: uuid(&ws, "stored workspace id")?,
            username: r.try_get("username")?,
            role: role
                .parse()
                .map_err(|e: kubechat_core::Error| Error::Invalid {
                    what: "stored role",
                    reason: e.to_string(),
                })?,
            kube_user: r.try_get("kube_user")?,
            kube_groups: serde_json::from_str(&groups).unwrap_or_default(),
            disabled: r.try_get("disabled")?,
            created_at: r.try_get("created_at")?,
            token_epoch: r.try_get("token_epoch")?,
            idp: idp_username.map(|username| crate::IdpIdentity {
                username,
                groups: idp_groups
                    .and_then(|g| serde_json::from_str(&g).ok())
                    .unwrap_or_default(),
            }),
        };
        // An empty stored identity follows the workspace's templates.
        if user.kube_user.is_empty() {
            let template = match (user_template, groups_template) {
                (Some(u), Some(g)) => crate::IdentityTemplate {
                    user: u,
                    groups: serde_json::from_str(&g).unwrap_or_default(),
                },
                _ => crate::IdentityTemplate::default(),
            };
            let (kube_user, kube_groups) =
                template.render(&user.username, user.role, user.idp.as_ref());
            user.kube_user = kube_user;
            user.kube_groups = kube_groups;
        }
        let hash: String = r.try_get("password_hash")?;
        Ok::<(User, String), Error>((user, hash))
    }};
}

pub(crate) async fn create_user(pool: &Pool, new: &NewUser, now: OffsetDateTime) -> Result<User> {
    create_user_with(pool, new, None, now).await
}

/// A single sign-on identity a new user is created with: linked in the
/// same transaction, so a failure between the two never leaves an
/// account of that name that the provider's person cannot sign in to.
pub(crate) struct SsoLink<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
    pub idp: &'a crate::IdpIdentity,
}

/// Creates a user, and with `link` its provider identity and the link
/// to it, all or nothing.
pub(crate) async fn create_user_with(
    pool: &Pool,
    new: &NewUser,
    link: Option<&SsoLink<'_>>,
    now: OffsetDateTime,
) -> Result<User> {
    let id = Uuid::new_v4();
    let sql = "INSERT INTO users (id, workspace_id, username, password_hash, role, kube_user, \
               kube_groups, disabled, created_at, password_changed_at, idp_username, idp_groups) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
    let link_sql =
        "INSERT INTO sso_links (issuer, subject, user_id, linked_at) VALUES ($1, $2, $3, $4)";
    let idp_username = link.map(|l| l.idp.username.clone());
    let idp_groups = link.map(|l| serde_json::to_string(&l.idp.groups).unwrap_or_default());
    let done: std::result::Result<(), sqlx::Error> = on_pool!(pool, p, at => async {
        let mut tx = p.begin().await?;
        sqlx::query(sql)
            .bind(id.to_string())
            .bind(new.workspace_id.to_string())
            .bind(&new.username)
            .bind(&new.password_hash)
            .bind(new.role.as_str())
            .bind(&new.kube_user)
            .bind(serde_json::to_string(&new.kube_groups).unwrap_or_default())
            .bind(false)
            .bind(at(now))
            .bind(at(now))
            .bind(&idp_username)
            .bind(&idp_groups)
            .execute(&mut *tx)
            .await?;
        if let Some(l) = link {
            sqlx::query(link_sql)
                .bind(l.issuer)
                .bind(l.subject)
                .bind(id.to_string())
                .bind(now.unix_timestamp())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    }
    .await);
    match done {
        // Read back: a user following the templates gets them rendered.
        Ok(()) => user_by_id(pool, id)
            .await?
            .ok_or_else(|| Error::NotFound(format!("user {:?}", new.username))),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(Error::Conflict(format!(
            "user {:?} in this workspace",
            new.username
        ))),
        Err(e) => Err(e.into()),
    }
}

/// The user and its password hash.
pub(crate) async fn user_by_name(
    pool: &Pool,
    workspace: Uuid,
    username: &str,
) -> Result<Option<(User, String)>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE users.workspace_id = $1 AND username = $2"
    );
    on_pool!(pool, p, at => {
        let row = sqlx::query(&sql)
            .bind(workspace.to_string())
            .bind(username)
            .fetch_optional(p)
            .await?;
        row.map(|r| user_from_row!(&r)).transpose()
    })
}

pub(crate) async fn user_by_id(pool: &Pool, id: Uuid) -> Result<Option<User>> {
    let sql = format!("SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE users.id = $1");
    on_pool!(pool, p, at => {
        let row = sqlx::query(&sql).bind(id.to_string()).fetch_optional(p).await?;
        row.map(|r| user_from_row!(&r).map(|(u, _)| u)).transpose()
    })
}

pub(crate) async fn claim_setup(pool: &Pool, username: &str, at: i64) -> Result<bool> {
    let sql =
        "INSERT INTO setup_done (id, at, by_user) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING";
    on_pool!(pool, p, at_ => Ok(sqlx::query(sql)
        .bind(at)
        .bind(username)
        .execute(p)
        .await?
        .rows_affected() == 1))
}

pub(crate) async fn release_setup(pool: &Pool) -> Result<()> {
    let sql = "DELETE FROM setup_done WHERE id = 1";
    on_pool!(pool, p, at_ => {
        sqlx::query(sql).execute(p).await?;
    });
    Ok(())
}

pub(crate) async fn any_user(pool: &Pool) -> Result<bool> {
    let sql = "SELECT id FROM users LIMIT 1";
    on_pool!(pool, p, at => Ok(sqlx::query(sql).fetch_optional(p).await?.is_some()))
}

pub(crate) async fn list_users(pool: &Pool, workspace: Uuid) -> Result<Vec<User>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE users.workspace_id = $1 \
         ORDER BY username LIMIT 10000"
    );
    on_pool!(pool, p, at => {
        sqlx::query(&sql)
            .bind(workspace.to_string())
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| user_from_row!(r).map(|(u, _)| u))
            .collect()
    })
}

/// Sets `disabled`; false when there is no such user.
pub(crate) async fn set_disabled(pool: &Pool, user: Uuid, disabled: bool) -> Result<bool> {
    let sql = "UPDATE users SET disabled = $1 WHERE id = $2";
    on_pool!(pool, p, at => Ok(sqlx::query(sql)
        .bind(disabled)
        .bind(user.to_string())
        .execute(p)
        .await?
        .rows_affected() == 1))
}

/// Sets the role and what the identity provider says of a single
/// sign-on user (at each sign-in); the person follows the workspace's
/// identity templates, which render it.
pub(crate) async fn set_role_and_idp(
    pool: &Pool,
    user: Uuid,
    role: UserRole,
    idp: &crate::IdpIdentity,
) -> Result<bool> {
    let sql = "UPDATE users SET role = $1, kube_user = '', kube_groups = '[]', \
               idp_username = $2, idp_groups = $3 WHERE id = $4";
    on_pool!(pool, p, at => Ok(sqlx::query(sql)
        .bind(role.as_str())
        .bind(&idp.username)
        .bind(serde_json::to_string(&idp.groups).unwrap_or_default())
        .bind(user.to_string())
        .execute(p)
        .await?
        .rows_affected() == 1))
}

/// The user an identity provider's subject is linked to.
pub(crate) async fn sso_linked(pool: &Pool, issuer: &str, subject: &str) -> Result<Option<Uuid>> {
    let sql = "SELECT user_id FROM sso_links WHERE issuer = $1 AND subject = $2";
    on_pool!(pool, p, at => {
        let row = sqlx::query(sql)
            .bind(issuer)
            .bind(subject)
            .fetch_optional(p)
            .await?;
        Ok(row
            .map(|r| r.try_get::<String, _>("user_id"))
            .transpose()?
            .and_then(|id| Uuid::parse_str(&id).ok()))
    })
}

/// Whether any identity provider's subject is linked to `user`.
pub(crate) async fn has_sso_link(pool: &Pool, user: Uuid) -> Result<bool> {
    let sql = "SELECT 1 AS one FROM sso_links WHERE user_id = $1";
    on_pool!(pool, p, at => Ok(sqlx::query(sql)
        .bind(user.to_string())
        .fetch_optional(p)
        .await?
        .is_some()))
}

/// Links a provider's subject to `user`; false when the subject is
/// already linked (to anyone).
pub(crate) async fn link_sso(
    pool: &Pool,
    issuer: &str,
    subject: &str,
    user: Uuid,
    now: OffsetDateTime,
) -> Result<bool> {
    let sql = "INSERT INTO sso_links (issuer, subject, user_id, linked_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (issuer, subject) DO NOTHING";
    on_pool!(pool, p, at => Ok(sqlx::query(sql)
        .bind(issuer)
        .bind(subject)
        .bind(user.to_string())
        .bind(now.unix_timestamp())
        .execute(p)
        .await?
        .rows_affected() == 1))
}

pub(crate) async fn set_password(
    pool: &Pool,
    user: Uuid,
    hash: &str,
    now: OffsetDateTime,
) -> Result<bool> {
    let sql = "UPDATE users SET password_hash = $1, password_changed_at = $2, \
               token_epoch = token_epoch + 1 WHERE id = $3";
    on_pool!(pool, p, at => Ok(sqlx::query(sql)
        .bind(hash)
        .bind(at(now))
        .bind(user.to_string())
        .execute(p)
        .await?
        .rows_affected() == 1))
}

/// One refresh token row.
#[derive(Debug, Clone)]
pub(crate) struct RefreshRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub family_id: Uuid,
    pub expires_at: OffsetDateTime,
    pub used: bool,
    pub revoked: bool,
}

pub(crate) async fn insert_refresh(
    pool: &Pool,
    user: Uuid,
    family: Uuid,
    hash: &str,
    now: OffsetDateTime,
    expires: OffsetDateTime,
) -> Result<()> {
    let sql = "INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at) \
               VALUES ($1, $2, $3, $4, $5, $6)";
    on_pool!(pool, p, at => {
        sqlx::query(sql)
            .bind(Uuid::new_v4().to_string())
            .bind(user.to_string())
            .bind(family.to_string())
            .bind(hash)
            .bind(at(now))
            .bind(at(expires))
            .execute(p)
            .await?;
        Ok(())
    })
}

pub(crate) async fn refresh_by_hash(pool: &Pool, hash: &str) -> Result<Option<RefreshRow>> {
    let sql = "SELECT id, user_id, family_id, expires_at, used_at, revoked_at \
               FROM refresh_tokens WHERE token_hash = $1";
    on_pool!(pool, p, at => {
        let row = sqlx::query(sql).bind(hash).fetch_optional(p).await?;
        row.map(|r| {
            let id: String = r.try_get("id")?;
            let user: String = r.try_get("user_id")?;
            let family: String = r.try_get("family_id")?;
            let used: Option<OffsetDateTime> = r.try_get("used_at")?;
            let revoked: Option<OffsetDateTime> = r.try_get("revoked_at")?;
            Ok(RefreshRow {
                id: uuid(&id, "stored token id")?,
                user_id: uuid(&user, "stored user id")?,
                family_id: uuid(&family, "stored family id")?,
                expires_at: r.try_get("expires_at")?,
                used: used.is_some(),
                revoked: revoked.is_some(),
            })
        })
        .transpose()
    })
}

/// Marks a refresh token used; false when it already was (a concurrent or
/// repeated use: only one caller wins).
pub(crate) async fn mark_used(pool: &Pool, id: Uuid, now: OffsetDateTime) -> Result<bool> {
    let sql = "UPDATE refresh_tokens SET used_at = $1 WHERE id = $2 AND used_at IS NULL";
    on_pool!(pool, p, at => Ok(sqlx::query(sql)
        .bind(at(now))
        .bind(id.to_string())
        .execute(p)
        .await?
        .rows_affected() == 1))
}

pub(crate) async fn revoke_family(pool: &Pool, family: Uuid, now: OffsetDateTime) -> Result<()> {
    let sql =
        "UPDATE refresh_tokens SET revoked_at = $1 WHERE family_id = $2 AND revoked_at IS NULL";
    on_pool!(pool, p, at => {
        sqlx::query(sql).bind(at(now)).bind(family.to_string()).execute(p).await?;
        Ok(())
    })
}

pub(crate) async fn revoke_user_refresh(
    pool: &Pool,
    user: Uuid,
    now: OffsetDateTime,
) -> Result<()> {
    let sql = "UPDATE refresh_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL";
    on_pool!(pool, p, at => {
        sqlx::query(sql).bind(at(now)).bind(user.to_string()).execute(p).await?;
        Ok(())
    })
}

/// A personal API token's metadata (never the secret).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub expires_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    /// The owner's revocation epoch when it was made.
    #[serde(skip)]
    pub epoch: i64,
}

const TOKEN_COLUMNS: &str =
    "id, user_id, name, created_at, expires_at, revoked_at, last_used_at, epoch";

macro_rules! token_from_row {
    ($r:expr) => {{
        let r = $r;
        let id: String = r.try_get("id")?;
        let user: String = r.try_get("user_id")?;
        Ok::<ApiToken, Error>(ApiToken {
            id: uuid(&id, "stored token id")?,
            user_id: uuid(&user, "stored user id")?,
            name: r.try_get("name")?,
            created_at: r.try_get("created_at")?,
            expires_at: r.try_get("expires_at")?,
            revoked_at: r.try_get("revoked_at")?,
            last_used_at: r.try_get("last_used_at")?,
            epoch: r.try_get("epoch")?,
        })
    }};
}

pub(crate) async fn insert_api_token(pool: &Pool, token: &ApiToken, hash: &str) -> Result<()> {
    let sql = "INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, expires_at, \
               epoch) VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_pool!(pool, p, at => {
        sqlx::query(sql)
            .bind(token.id.to_string())
            .bind(token.user_id.to_string())
            .bind(&token.name)
            .bind(hash)
            .bind(at(token.created_at))
            .bind(token.expires_at.map(at))
            .bind(token.epoch)
            .execute(p)
            .await?;
        Ok(())
    })
}

pub(crate) async fn api_token_by_hash(pool: &Pool, hash: &str) -> Result<Option<ApiToken>> {
    let sql = format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1");
    on_pool!(pool, p, at => {
        let row = sqlx::query(&sql).bind(hash).fetch_optional(p).await?;
        row.map(|r| token_from_row!(&r)).transpose()
    })
}

pub(crate) async fn list_api_tokens(pool: &Pool, user: Uuid) -> Result<Vec<ApiToken>> {
    let sql = format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE user_id = $1 ORDER BY created_at LIMIT 1000"
    );
    on_pool!(pool, p, at => {
        sqlx::query(&sql)
            .bind(user.to_string())
            .fetch_all(p)
            .await?
            .iter()
            .map(|r| token_from_row!(r))
            .collect()
    })
}

/// Revokes the user's token `id`; false when the user has no such token.
pub(crate) async fn revoke_api_token(
    pool: &Pool,
    user: Uuid,
    id: Uuid,
    now: OffsetDateTime,
) -> Result<bool> {
    let sql = "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) \
               WHERE id = $2 AND user_id = $3";
    on_pool!(pool, p, at => Ok(sqlx::query(sql)
        .bind(at(now))
        .bind(id.to_string())
        .bind(user.to_string())
        .execute(p)
        .await?
        .rows_affected() == 1))
}

pub(crate) async fn touch_api_token(pool: &Pool, id: Uuid, now: OffsetDateTime) -> Result<()> {
    let sql = "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2";
    on_pool!(pool, p, at => {
        sqlx::query(sql).bind(at(now)).bind(id.to_string()).execute(p).await?;
        Ok(())
    })
}

/// The workspace's identity templates (the defaults when none are set).
pub(crate) async fn identity_template(
    pool: &Pool,
    workspace: Uuid,
) -> Result<crate::IdentityTemplate> {
    let sql =
        "SELECT user_template, groups_template FROM workspace_identity WHERE workspace_id = $1";
    on_pool!(pool, p, at => {
        let row = sqlx::query(sql)
            .bind(workspace.to_string())
            .fetch_optional(p)
            .await?;
        match row {
            None => Ok(crate::IdentityTemplate::default()),
            Some(r) => {
                let groups: String = r.try_get("groups_template")?;
                Ok(crate::IdentityTemplate {
                    user: r.try_get("user_template")?,
                    groups: serde_json::from_str(&groups).map_err(|e| Error::Invalid {
                        what: "stored group templates",
                        reason: e.to_string(),
                    })?,
                })
            }
        }
    })
}

pub(crate) async fn set_identity_template(
    pool: &Pool,
    workspace: Uuid,
    template: &crate::IdentityTemplate,
    now: OffsetDateTime,
) -> Result<()> {
    let sql = "INSERT INTO workspace_identity (workspace_id, user_template, groups_template, updated_at) \
               VALUES ($1, $2, $3, $4) ON CONFLICT (workspace_id) DO UPDATE SET \
               user_template = excluded.user_template, groups_template = excluded.groups_template, \
               updated_at = excluded.updated_at";
    on_pool!(pool, p, at => sqlx::query(sql)
        .bind(workspace.to_string())
        .bind(&template.user)
        .bind(serde_json::to_string(&template.groups).unwrap_or_default())
        .bind(at(now))
        .execute(p)
        .await
        .map(|_| ())
        .map_err(Error::from))
}
