//! `GET /api/v1/audit`: the audit trail over HTTP, filtered and paged.
//!
//! Until user accounts exist (the gateway), the endpoint answers only to
//! the service token `audit.api_token` (a SIEM or a script pulling
//! events); without one configured it answers 401 to everyone.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kubechat_audit::{Filter, Page, Phase};
use kubechat_store::{WorkspaceRepository, WorkspaceSlug};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::{ApiError, AppState};

/// Query parameters; unknown ones are refused so a typo is not silently
/// ignored (a filter that did not apply looks like missing events).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    workspace: Option<String>,
    actor: Option<String>,
    verb: Option<String>,
    resource: Option<String>,
    namespace: Option<String>,
    phase: Option<String>,
    request: Option<Uuid>,
    since: Option<String>,
    until: Option<String>,
    before: Option<i64>,
    after: Option<i64>,
    limit: Option<u32>,
}

/// Longest filter value accepted.
const MAX_VALUE: usize = 256;

fn bad(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", message)
}

fn time_param(name: &str, v: Option<&str>) -> Result<Option<OffsetDateTime>, ApiError> {
    v.map(|s| {
        OffsetDateTime::parse(s, &Rfc3339).map_err(|_| {
            bad(format!(
                "{name}={s:?} is not an RFC 3339 time; use e.g. 2026-11-23T10:00:00Z"
            ))
        })
    })
    .transpose()
}

/// Checks `Authorization: Bearer …` against the configured token by
/// comparing digests (equal length, no early exit on the secret itself).
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let deny = |reason: &'static str, message: &str| {
        tracing::warn!(reason, route = "/api/v1/audit", "authentication failed");
        ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
    };
    let Some(expected) = &state.config().audit.api_token else {
        return Err(deny(
            "not_configured",
            "the audit API needs audit.api_token to be configured",
        ));
    };
    let Some(given) = headers.get(header::AUTHORIZATION) else {
        return Err(deny(
            "missing",
            "send Authorization: Bearer <audit.api_token>",
        ));
    };
    let Some(token) = given
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
    else {
        return Err(deny(
            "malformed",
            "send Authorization: Bearer <audit.api_token>",
        ));
    };
    let a = Sha256::digest(token.as_bytes());
    let b = Sha256::digest(expected.expose().as_bytes());
    let differ = a
        .iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y));
    if differ != 0 {
        return Err(deny(
            "bad_token",
            "the token is not valid for the audit API",
        ));
    }
    Ok(())
}

/// One page of events, newest first (or oldest first after `after`).
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Response {
    match answer(&state, &headers, query).await {
        Ok(page) => Json(page).into_response(),
        Err(e) => e.into_response(),
    }
}

async fn answer(
    state: &AppState,
    headers: &HeaderMap,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Page, ApiError> {
    authorize(state, headers)?;
    let Query(q) = query.map_err(|e| bad(e.body_text()))?;
    for (name, v) in [
        ("actor", &q.actor),
        ("verb", &q.verb),
        ("resource", &q.resource),
        ("namespace", &q.namespace),
    ] {
        if v.as_ref().is_some_and(|v| v.len() > MAX_VALUE) {
            return Err(bad(format!("{name} is longer than {MAX_VALUE} bytes")));
        }
    }
    if q.before.is_some() && q.after.is_some() {
        return Err(bad("give either before or after, not both".to_owned()));
    }
    if let Some(l) = q.limit
        && !(1..=kubechat_audit::query::MAX_LIMIT).contains(&l)
    {
        return Err(bad(format!(
            "limit={l} is out of range; use 1 to {}",
            kubechat_audit::query::MAX_LIMIT
        )));
    }
    let phase = q
        .phase
        .as_deref()
        .map(str::parse::<Phase>)
        .transpose()
        .map_err(|e| bad(e.to_string()))?;
    let slug = WorkspaceSlug::parse(q.workspace.as_deref().unwrap_or("default"))
        .map_err(|e| bad(e.to_string()))?;
    let workspace = state
        .store()
        .workspace_by_slug(&slug)
        .await
        .map_err(|e| unavailable(&e))?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no workspace {:?}", slug.as_str()),
            )
        })?;
    let filter = Filter {
        actor: q.actor,
        verb: q.verb,
        resource: q.resource,
        namespace: q.namespace,
        phase,
        request_id: q.request,
        since: time_param("since", q.since.as_deref())?,
        until: time_param("until", q.until.as_deref())?,
        before_seq: q.before,
        after_seq: q.after,
        limit: q.limit,
    };
    state
        .audit()
        .search(workspace.id, &filter)
        .await
        .map_err(|e| unavailable(&e))
}

fn unavailable(e: &dyn std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "audit query failed");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "audit_unavailable",
        "the audit store cannot be read right now",
    )
}
