//! `GET /api/v1/audit`: the audit trail over HTTP, filtered and paged.
//!
//! It answers to admins of a workspace (their access or API token; their
//! own workspace only) and to the service token `audit.api_token` (a SIEM
//! or a script pulling events, any workspace). Viewers and operators get
//! 403.

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
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
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

/// Who may read: the service token (any workspace) or an admin (only
/// their workspace, returned).
async fn authorize(state: &AppState, headers: &HeaderMap) -> Result<Option<Uuid>, ApiError> {
    let unauthorized = |reason: &'static str| {
        tracing::warn!(reason, route = "/api/v1/audit", "authentication failed");
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "send Authorization: Bearer <an admin's token or audit.api_token>",
        )
    };
    let Some(token) = crate::accounts_api::bearer(headers) else {
        let present = headers.contains_key(header::AUTHORIZATION);
        return Err(unauthorized(if present { "malformed" } else { "missing" }));
    };
    if let Some(expected) = &state.config().audit.api_token {
        let a = Sha256::digest(token.as_bytes());
        let b = Sha256::digest(expected.expose().as_bytes());
        if kubechat_auth::constant_time_eq(&a, &b) {
            return Ok(None);
        }
    }
    // Not the service token: a user's credential (its failure is logged
    // with its own reason by the accounts service).
    let principal = crate::accounts_api::authenticate(state, token)
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "the credential is not valid; log in again",
            )
        })?;
    ApiError::require_admin(&principal.user, "read the audit log")?;
    Ok(Some(principal.user.workspace_id))
}

/// One page of events, newest first (or oldest first after `after`).
#[utoipa::path(get,
    path = "/api/v1/audit",
    tag = "audit",
    params(AuditQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "events newest first (oldest first with `after`) and `next`", body = Object),
        (status = 400, description = "a field or parameter is invalid; the message names it", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "the role or the workspace does not allow it", body = crate::openapi::ErrorBody),
        (status = 404, description = "no such workspace", body = crate::openapi::ErrorBody),
    ))]
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
    let only = authorize(state, headers).await?;
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
    let workspace = workspace(state, only, q.workspace.as_deref()).await?;
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
        .search(workspace, &filter)
        .await
        .map_err(|e| unavailable(&e))
}

/// The workspace asked for (`default` when not named), if the caller may
/// read it: its own for an admin, any for the service token.
async fn workspace(
    state: &AppState,
    only: Option<Uuid>,
    slug: Option<&str>,
) -> Result<Uuid, ApiError> {
    let slug = match (slug, only) {
        (Some(s), _) => WorkspaceSlug::parse(s).map_err(|e| bad(e.to_string()))?,
        // An admin without `workspace=` means their own.
        (None, Some(own)) => return Ok(own),
        (None, None) => WorkspaceSlug::parse("default").map_err(|e| bad(e.to_string()))?,
    };
    let not_yours = || {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("you are not an admin of workspace {:?}", slug.as_str()),
        )
    };
    let found = state
        .store()
        .workspace_by_slug(&slug)
        .await
        .map_err(|e| unavailable(&e))?;
    let workspace = match (found, only) {
        (Some(w), _) => w,
        // An admin is told the same for a workspace that does not exist
        // as for another's: the answer does not list workspaces.
        (None, Some(_)) => return Err(not_yours()),
        (None, None) => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no workspace {:?}", slug.as_str()),
            ));
        }
    };
    if only.is_some_and(|ws| ws != workspace.id) {
        return Err(not_yours());
    }
    Ok(workspace.id)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    workspace: Option<String>,
}

/// `GET /api/v1/audit/verify`: walks the workspace's hash chain, as
/// `kubechat audit verify` does, and answers `{"ok", "events",
/// "findings"}` (200 either way: a tampered chain is an answer, not an
/// error of the request).
#[utoipa::path(get,
    path = "/api/v1/audit/verify",
    tag = "audit",
    params(VerifyQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "ok, events walked, findings (first bad row per workspace)", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "the role or the workspace does not allow it", body = crate::openapi::ErrorBody),
    ))]
pub async fn verify(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<VerifyQuery>, QueryRejection>,
) -> Response {
    let run = async {
        let only = authorize(&state, &headers).await?;
        let Query(q) = query.map_err(|e| bad(e.body_text()))?;
        let ws = workspace(&state, only, q.workspace.as_deref()).await?;
        let report = state
            .audit()
            .verify(Some(ws), kubechat_audit::Window::default())
            .await
            .map_err(|e| unavailable(&e))?;
        Ok::<_, ApiError>(serde_json::json!({
            "ok": report.ok(),
            "events": report.events,
            "findings": report.findings,
        }))
    };
    match run.await {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/v1/audit/checkpoints`: a signed checkpoint of the chain
/// heads now — every workspace for the service token, the admin's own
/// workspace otherwise. Keep it somewhere the database cannot reach and
/// hand it back to `POST /api/v1/audit/verify` (or `kubechat audit verify
/// --checkpoint`) to find truncation and forged anchors.
#[utoipa::path(post,
    path = "/api/v1/audit/checkpoints",
    tag = "audit",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the signed checkpoint", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "not an admin", body = crate::openapi::ErrorBody),
    ))]
pub async fn checkpoint(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let run = async {
        let only = authorize(&state, &headers).await?;
        let cp = state
            .audit()
            .checkpoint_of(only)
            .await
            .map_err(|e| unavailable(&e))?;
        Ok::<_, ApiError>(cp)
    };
    match run.await {
        Ok(cp) => Json(cp).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `POST /api/v1/audit/verify`: verifies the chains against a checkpoint
/// this server signed (the body), naming truncation, a missing workspace,
/// a forged anchor or a rewritten head besides what the chain walk names.
/// An admin's verification covers their own workspace only.
#[utoipa::path(post,
    path = "/api/v1/audit/verify",
    tag = "audit",
    security(("bearer" = [])),
    request_body(content = Object, description = "a checkpoint from POST /api/v1/audit/checkpoints or the checkpoint file"),
    responses(
        (status = 200, description = "ok, events walked, findings", body = Object),
        (status = 400, description = "not a checkpoint, or not signed by this server's audit key", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "not an admin", body = crate::openapi::ErrorBody),
    ))]
pub async fn verify_checkpoint(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let run = async {
        let only = authorize(&state, &headers).await?;
        let text = std::str::from_utf8(&body)
            .map_err(|_| bad_body("the body is not UTF-8 JSON".to_owned()))?;
        let cp = kubechat_audit::Checkpoint::parse(text).map_err(|e| bad_body(e.to_string()))?;
        let log = state.audit();
        let keys = log.trusted_keys();
        if keys.is_empty() {
            return Err(bad_body(
                "this server has no audit signing key to verify with".to_owned(),
            ));
        }
        let report = match log.verify_checkpoint(&cp, &keys, only).await {
            Ok(r) => r,
            Err(e @ kubechat_audit::Error::Invalid { .. }) => return Err(bad_body(e.to_string())),
            Err(e) => return Err(unavailable(&e)),
        };
        Ok::<_, ApiError>(serde_json::json!({
            "ok": report.ok(),
            "workspaces": report.workspaces,
            "events": report.events,
            "findings": report.findings,
        }))
    };
    match run.await {
        Ok(v) => Json(v).into_response(),
        Err(e) => e.into_response(),
    }
}

fn bad_body(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_checkpoint", message)
}

fn unavailable(e: &dyn std::fmt::Display) -> ApiError {
    tracing::error!(error = %e, "audit query failed");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "audit_unavailable",
        "the audit store cannot be read right now",
    )
}
