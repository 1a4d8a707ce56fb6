//! Destructive requests waiting for a second admin: one row per plan, so
//! approvers can list what waits in their workspace (the plan itself is
//! in the shared cache, which cannot be listed) and the decision is kept.

use kubechat_store::{Pool, on_pool};
use serde::Serialize;
use serde_json::Value;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Error, Result};

/// Most approvals listed at once.
pub const MAX_LIST: i64 = 200;

/// One request for approval.
#[derive(Debug, Clone, Serialize)]
pub struct Approval {
    pub plan_id: Uuid,
    pub request_id: Uuid,
    pub requested_by: String,
    pub text: String,
    pub kubectl: String,
    pub namespace: String,
    pub changes: Value,
    /// `pending`, `approved`, `rejected` or `cancelled`.
    pub status: String,
    pub decided_by: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
}

/// What a new request for approval records.
#[derive(Debug)]
pub(crate) struct NewApproval<'a> {
    pub plan_id: Uuid,
    pub workspace_id: Uuid,
    pub request_id: Uuid,
    pub requester_id: Uuid,
    pub requested_by: &'a str,
    pub text: &'a str,
    pub kubectl: &'a str,
    pub namespace: &'a str,
    pub changes: &'a Value,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

fn unavailable(e: impl std::fmt::Display) -> Error {
    Error::Unavailable(format!("approvals storage failed: {e}"))
}

pub(crate) async fn insert(pool: &Pool, a: &NewApproval<'_>) -> Result<()> {
    let sql = "INSERT INTO approval_requests (plan_id, workspace_id, request_id, requester_id, \
               requested_by, text, kubectl, namespace, changes, status, created_at, expires_at) \
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11)";
    on_pool!(pool, p, at => sqlx::query(sql)
        .bind(a.plan_id.to_string())
        .bind(a.workspace_id.to_string())
        .bind(a.request_id.to_string())
        .bind(a.requester_id.to_string())
        .bind(a.requested_by)
        .bind(a.text)
        .bind(a.kubectl)
        .bind(a.namespace)
        .bind(a.changes.to_string())
        .bind(at(a.created_at))
        .bind(at(a.expires_at))
        .execute(p)
        .await
        .map(|_| ())
        .map_err(unavailable))
}

/// Records the decision on a pending request. Who decides is settled
/// before, by taking the plan out of the cache; a row no longer pending
/// is left as it is.
pub(crate) async fn decide(
    pool: &Pool,
    plan_id: Uuid,
    status: &str,
    by: &str,
    now: OffsetDateTime,
) -> Result<()> {
    let sql = "UPDATE approval_requests SET status = $1, decided_by = $2, decided_at = $3 \
               WHERE plan_id = $4 AND status = 'pending'";
    on_pool!(pool, p, at => sqlx::query(sql)
        .bind(status)
        .bind(by)
        .bind(at(now))
        .bind(plan_id.to_string())
        .execute(p)
        .await
        .map(|_| ())
        .map_err(unavailable))
}

macro_rules! approval_from_row {
    ($r:expr) => {{
        let r = $r;
        let uuid = |col: &str| -> Result<Uuid> {
            let s: String = r.try_get(col).map_err(unavailable)?;
            Uuid::parse_str(&s).map_err(unavailable)
        };
        let changes: String = r.try_get("changes").map_err(unavailable)?;
        Ok::<Approval, Error>(Approval {
            plan_id: uuid("plan_id")?,
            request_id: uuid("request_id")?,
            requested_by: r.try_get("requested_by").map_err(unavailable)?,
            text: r.try_get("text").map_err(unavailable)?,
            kubectl: r.try_get("kubectl").map_err(unavailable)?,
            namespace: r.try_get("namespace").map_err(unavailable)?,
            changes: serde_json::from_str(&changes).unwrap_or(Value::Null),
            status: r.try_get("status").map_err(unavailable)?,
            decided_by: r.try_get("decided_by").map_err(unavailable)?,
            created_at: r.try_get("created_at").map_err(unavailable)?,
            expires_at: r.try_get("expires_at").map_err(unavailable)?,
        })
    }};
}

/// The workspace's requests still waiting (pending and not expired),
/// oldest first.
pub(crate) async fn pending(
    pool: &Pool,
    workspace: Uuid,
    now: OffsetDateTime,
) -> Result<Vec<Approval>> {
    let sql = "SELECT plan_id, request_id, requested_by, text, kubectl, namespace, changes, status, \
               decided_by, created_at, expires_at FROM approval_requests \
               WHERE workspace_id = $1 AND status = 'pending' AND expires_at > $2 \
               ORDER BY created_at LIMIT $3";
    on_pool!(pool, p, at => {
        let rows = sqlx::query(sql)
            .bind(workspace.to_string())
            .bind(at(now))
            .bind(MAX_LIST)
            .fetch_all(p)
            .await
            .map_err(unavailable)?;
        rows.iter().map(|r| approval_from_row!(r)).collect()
    })
}
