//! Workspaces: the tenants every other row belongs to.

use kubechat_core::Clock;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::pool::Pool;
use crate::{Error, Result, Store};

/// Upper bound for listing, so one call cannot read an unbounded table.
pub const MAX_LIST: u32 = 1000;

/// A workspace's URL-safe name: an RFC 1123 label (lower-case letters,
/// digits and `-`, 1–63 characters, starting and ending alphanumeric).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct WorkspaceSlug(String);

impl WorkspaceSlug {
    /// Validates `s` as a slug.
    pub fn parse(s: &str) -> Result<Self> {
        let invalid = |reason: &str| Error::Invalid {
            what: "workspace slug",
            reason: format!(
                "{s:?} {reason}; use 1–63 lower-case letters, digits or '-', starting and ending with a letter or digit"
            ),
        };
        if s.is_empty() || s.len() > 63 {
            return Err(invalid("has the wrong length"));
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(invalid("contains a character that is not allowed"));
        }
        if s.starts_with('-') || s.ends_with('-') {
            return Err(invalid("starts or ends with '-'"));
        }
        Ok(Self(s.to_owned()))
    }

    /// The slug text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One tenant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    pub id: Uuid,
    pub slug: WorkspaceSlug,
    pub name: String,
    pub created_at: OffsetDateTime,
}

/// Workspace queries, implemented for both engines.
pub trait WorkspaceRepository {
    /// Creates a workspace; [`Error::Conflict`] when the slug is taken.
    fn create_workspace(
        &self,
        slug: &WorkspaceSlug,
        name: &str,
        clock: &dyn Clock,
    ) -> impl Future<Output = Result<Workspace>> + Send;

    /// The workspace with this slug, if any.
    fn workspace_by_slug(
        &self,
        slug: &WorkspaceSlug,
    ) -> impl Future<Output = Result<Option<Workspace>>> + Send;

    /// Workspaces ordered by slug, at most `limit` (capped at [`MAX_LIST`]).
    fn list_workspaces(&self, limit: u32) -> impl Future<Output = Result<Vec<Workspace>>> + Send;
}

const NAME_MAX: usize = 200;

impl WorkspaceRepository for Store {
    async fn create_workspace(
        &self,
        slug: &WorkspaceSlug,
        name: &str,
        clock: &dyn Clock,
    ) -> Result<Workspace> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > NAME_MAX {
            return Err(Error::Invalid {
                what: "workspace name",
                reason: format!("must be 1 to {NAME_MAX} characters"),
            });
        }
        let ws = Workspace {
            id: Uuid::new_v4(),
            slug: slug.clone(),
            name: name.to_owned(),
            created_at: clock.now(),
        };
        let sql = "INSERT INTO workspaces (id, slug, name, created_at) VALUES ($1, $2, $3, $4)";
        let done = match &self.pool {
            Pool::Postgres(p) => sqlx::query(sql)
                .bind(ws.id)
                .bind(ws.slug.as_str())
                .bind(&ws.name)
                .bind(ws.created_at)
                .execute(p)
                .await
                .map(|_| ()),
            Pool::Sqlite(p) => sqlx::query(sql)
                .bind(ws.id.to_string())
                .bind(ws.slug.as_str())
                .bind(&ws.name)
                .bind(ws.created_at)
                .execute(p)
                .await
                .map(|_| ()),
        };
        match done {
            Ok(_) => Ok(ws),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(Error::Conflict {
                what: format!("workspace {:?}", slug.as_str()),
            }),
            Err(e) => Err(e.into()),
        }
    }

    async fn workspace_by_slug(&self, slug: &WorkspaceSlug) -> Result<Option<Workspace>> {
        let sql = "SELECT id, slug, name, created_at FROM workspaces WHERE slug = $1";
        match &self.pool {
            Pool::Postgres(p) => sqlx::query(sql)
                .bind(slug.as_str())
                .fetch_optional(p)
                .await?
                .map(|r| pg_row(&r))
                .transpose(),
            Pool::Sqlite(p) => sqlx::query(sql)
                .bind(slug.as_str())
                .fetch_optional(p)
                .await?
                .map(|r| sqlite_row(&r))
                .transpose(),
        }
    }

    async fn list_workspaces(&self, limit: u32) -> Result<Vec<Workspace>> {
        let sql = "SELECT id, slug, name, created_at FROM workspaces ORDER BY slug LIMIT $1";
        let limit = i64::from(limit.min(MAX_LIST));
        match &self.pool {
            Pool::Postgres(p) => sqlx::query(sql)
                .bind(limit)
                .fetch_all(p)
                .await?
                .iter()
                .map(pg_row)
                .collect(),
            Pool::Sqlite(p) => sqlx::query(sql)
                .bind(limit)
                .fetch_all(p)
                .await?
                .iter()
                .map(sqlite_row)
                .collect(),
        }
    }
}

fn pg_row(r: &sqlx::postgres::PgRow) -> Result<Workspace> {
    Ok(Workspace {
        id: r.try_get("id")?,
        slug: WorkspaceSlug::parse(r.try_get("slug")?)?,
        name: r.try_get("name")?,
        created_at: r.try_get("created_at")?,
    })
}

fn sqlite_row(r: &sqlx::sqlite::SqliteRow) -> Result<Workspace> {
    let id: String = r.try_get("id")?;
    Ok(Workspace {
        id: Uuid::parse_str(&id).map_err(|e| Error::Invalid {
            what: "workspace id",
            reason: e.to_string(),
        })?,
        slug: WorkspaceSlug::parse(r.try_get("slug")?)?,
        name: r.try_get("name")?,
        created_at: r.try_get("created_at")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_rfc1123_labels() {
        assert!(WorkspaceSlug::parse("payments-team").is_ok());
        for bad in ["", "-a", "a-", "Payments", "a_b", "a.b", &"a".repeat(64)] {
            let e = WorkspaceSlug::parse(bad).unwrap_err().to_string();
            assert!(e.starts_with("invalid workspace slug"), "{bad}: {e}");
        }
    }
}
