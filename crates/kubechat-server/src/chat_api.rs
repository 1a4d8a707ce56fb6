//! The one-shot chat API: `POST /api/v1/ask`, then for mutations
//! `POST /api/v1/plans/{id}/confirm` (or `/cancel`); and the workspace bot
//! policy at `/api/v1/policy`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kubechat_audit::Channel;
use kubechat_auth::Principal;
use kubechat_chat::{Asker, ChatService, Reply};
use kubechat_core::Policy;
use serde::Deserialize;
use uuid::Uuid;

use crate::accounts_api::{Authenticated, parse_body};
use crate::{ApiError, AppState};

pub(crate) fn no_cluster() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "no_cluster",
        "this KubeChat has no cluster configured (kubernetes.source)",
    )
}

/// The HTTP status of a chat error code.
pub fn status_of(code: &str) -> StatusCode {
    match code {
        "not_understood" | "other_cluster" => StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_request" | "unknown_resource" => StatusCode::BAD_REQUEST,
        "plan_expired" | "not_found" => StatusCode::NOT_FOUND,
        "plan_foreign" | "forbidden" | "plan_reads_only" | "plan_seats" | "plan_clusters" => {
            StatusCode::FORBIDDEN
        }
        "unknown_bot" => StatusCode::NOT_FOUND,
        "version_conflict" => StatusCode::CONFLICT,
        "plan_daily_limit" => StatusCode::TOO_MANY_REQUESTS,
        "confirmation_mismatch" | "refused" | "approval_required" | "ambiguous_name" => {
            StatusCode::CONFLICT
        }
        "cluster_error" | "operator_failed" => StatusCode::BAD_GATEWAY,
        _ => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// A chat error as an HTTP error: its stable code and the matching
/// status — the one mapping every HTTP channel answers a turn's failure
/// with.
impl From<&kubechat_chat::Error> for ApiError {
    fn from(e: &kubechat_chat::Error) -> Self {
        ApiError::new(status_of(e.code()), e.code(), e.to_string())
    }
}

impl From<kubechat_chat::Error> for ApiError {
    fn from(e: kubechat_chat::Error) -> Self {
        Self::from(&e)
    }
}

/// A chat error as an answer (through [`ApiError`]'s `From`).
pub(crate) fn chat_error(e: &kubechat_chat::Error) -> Response {
    ApiError::from(e).into_response()
}

/// Answers a chat result, counting it.
fn answer(state: &AppState, result: kubechat_chat::Result<Reply>, verb_hint: &str) -> Response {
    match result {
        Ok(reply) => {
            state.metrics().observe_reply(&reply);
            Json(reply).into_response()
        }
        Err(e) => {
            state.metrics().observe_chat(verb_hint, e.code());
            chat_error(&e)
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AskBody {
    text: String,
    /// Where requests without a namespace run [default: `default`].
    #[serde(default)]
    namespace: Option<String>,
    #[serde(default)]
    session_id: Option<String>,
    /// The bot asked [default: the workspace's default bot, `kubechat`].
    #[serde(default)]
    bot: Option<String>,
}

fn chat(state: &AppState) -> Result<&ChatService, ApiError> {
    state.chat().ok_or_else(no_cluster)
}

/// `POST /api/v1/ask`.
#[utoipa::path(post,
    path = "/api/v1/ask",
    tag = "chat",
    request_body = AskBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "result, preview (plan_id, changes, confirmation: simple | typed | approval), nothing-to-change or denied", body = Object),
        (status = 400, description = "a field or parameter is invalid; the message names it", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 422, description = "not understood; suggestions in the message", body = crate::openapi::ErrorBody),
        (status = 429, description = "rate limited (Retry-After, RateLimit-* headers)", body = crate::openapi::ErrorBody),
        (status = 503, description = "no cluster configured, or storage unavailable", body = crate::openapi::ErrorBody),
    ))]
pub async fn ask(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    body: Bytes,
) -> Response {
    let b: AskBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let chat = match chat(&state) {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    let question = serde_json::json!({"text": b.text, "namespace": b.namespace});
    let request = kubechat_chat::TurnRequest {
        text: b.text,
        namespace: b.namespace,
        bot: b.bot,
        session: b.session_id,
        channel: Channel::Api,
    };
    let turn = match chat.prepare_turn(&p.user, request).await {
        Ok(t) => t,
        Err(e) => return answer(&state, Err(e), "unknown"),
    };
    let badge = turn.bot.badge();
    // REST shows nothing while the turn runs; its body is the answer.
    let sink = kubechat_chat::FnSink(
        |_: kubechat_chat::TurnEvent<'_>| {},
        |r: &kubechat_chat::Result<Reply>| rest_body(r, &badge),
    );
    let result = chat.run_turn(&turn, question, &sink).await;
    match result {
        Ok(reply) => {
            state.metrics().observe_reply(&reply);
            Json(rest_body(&Ok(reply), &badge)).into_response()
        }
        Err(e) => answer(&state, Err(e), "unknown"),
    }
}

/// The REST answer (and its history entry): the reply with the bot's
/// badge, or the error as `{"error": {"code", "message"}}`.
fn rest_body(
    result: &kubechat_chat::Result<Reply>,
    badge: &serde_json::Value,
) -> serde_json::Value {
    match result {
        Ok(reply) => {
            let mut body = serde_json::to_value(reply).unwrap_or_default();
            body["bot"] = badge.clone();
            body
        }
        Err(e) => serde_json::json!({"error": {"code": e.code(), "message": e.to_string()}}),
    }
}

/// `GET /api/v1/sessions`: the caller's chat sessions.
#[utoipa::path(get,
    path = "/api/v1/sessions",
    tag = "chat",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the caller's chat sessions, most recent first", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn sessions(State(state): State<AppState>, Authenticated(p): Authenticated) -> Response {
    let chat = match chat(&state) {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    match chat.sessions(&p.user).await {
        Ok(list) => Json(serde_json::json!({"sessions": list})).into_response(),
        Err(e) => chat_error(&e),
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HistoryQuery {
    #[serde(default)]
    limit: Option<u32>,
    #[serde(default)]
    before: Option<i64>,
}

/// `GET /api/v1/sessions/{name}/messages?limit=&before=`: history, oldest
/// first; `next` is the `before` of the previous page.
#[utoipa::path(get,
    path = "/api/v1/sessions/{name}/messages",
    tag = "chat",
    params(("name" = String, Path, description = "session name"), HistoryQuery),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "history oldest first, and `next` (the `before` of the previous page)", body = Object),
        (status = 400, description = "a field or parameter is invalid; the message names it", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn history(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(name): Path<String>,
    query: Result<axum::extract::Query<HistoryQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let axum::extract::Query(q) = match query {
        Ok(q) => q,
        Err(e) => {
            return ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", e.body_text())
                .into_response();
        }
    };
    let chat = match chat(&state) {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    let limit = q.limit.unwrap_or(50);
    let fetched = match chat.open_session(&p.user, &name).await {
        Ok(s) => chat.history(s.id, limit, q.before).await,
        Err(e) => Err(e),
    };
    match fetched {
        Ok(messages) => {
            let next = (messages.len() as u32 >= limit.clamp(1, kubechat_chat::sessions::MAX_PAGE))
                .then(|| messages.first().map(|m| m.seq))
                .flatten();
            Json(serde_json::json!({"messages": messages, "next": next})).into_response()
        }
        Err(e) => chat_error(&e),
    }
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmBody {
    /// For destructive operations: the phrase the preview asked for.
    #[serde(default)]
    typed: Option<String>,
}

fn plan_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!("{raw:?} is not a plan id (the plan_id of a preview)"),
        )
    })
}

/// `POST /api/v1/plans/{id}/confirm`.
#[utoipa::path(post,
    path = "/api/v1/plans/{id}/confirm",
    tag = "chat",
    params(("id" = String, Path, description = "the plan_id of a preview")), request_body(content = ConfirmBody, description = "`typed` for destructive previews"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "result, or a new preview when the cluster changed since", body = Object),
        (status = 403, description = "plan_foreign: only the asker confirms", body = crate::openapi::ErrorBody),
        (status = 404, description = "plan_expired", body = crate::openapi::ErrorBody),
        (status = 409, description = "confirmation_mismatch or approval_required", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn confirm(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let b: ConfirmBody = if body.is_empty() {
        ConfirmBody::default()
    } else {
        match parse_body(&body) {
            Ok(b) => b,
            Err(e) => return e.into_response(),
        }
    };
    let (chat, id) = match (chat(&state), plan_id(&id)) {
        (Ok(c), Ok(id)) => (c, id),
        (Err(r), _) | (_, Err(r)) => return r.into_response(),
    };
    let result = chat.confirm(&p.user, id, b.typed.as_deref()).await;
    answer(&state, result, "unknown")
}

/// What a person does to a plan other than confirming it.
#[derive(Clone, Copy)]
enum PlanAction {
    Cancel,
    Approve,
    Reject,
}

async fn on_plan(state: &AppState, p: Principal, id: &str, action: PlanAction) -> Response {
    let (chat, id) = match (chat(state), plan_id(id)) {
        (Ok(c), Ok(id)) => (c, id),
        (Err(r), _) | (_, Err(r)) => return r.into_response(),
    };
    let result = match action {
        PlanAction::Cancel => chat.cancel(&p.user, id).await,
        PlanAction::Approve => chat.approve(&p.user, id).await,
        PlanAction::Reject => chat.reject(&p.user, id).await,
    };
    answer(state, result, "unknown")
}

/// `POST /api/v1/plans/{id}/cancel` (the person who asked).
#[utoipa::path(post,
    path = "/api/v1/plans/{id}/cancel",
    tag = "chat",
    params(("id" = String, Path, description = "the plan_id of a preview")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "cancelled", body = Object),
        (status = 404, description = "plan_expired", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(id): Path<String>,
) -> Response {
    on_plan(&state, p, &id, PlanAction::Cancel).await
}

/// `GET /api/v1/approvals` (admins): destructive requests of the
/// workspace waiting for a second admin, oldest first.
#[utoipa::path(get,
    path = "/api/v1/approvals",
    tag = "approvals",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "destructive requests of the workspace waiting for a second admin", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "the role or the workspace does not allow it", body = crate::openapi::ErrorBody),
    ))]
pub async fn approvals(State(state): State<AppState>, Authenticated(p): Authenticated) -> Response {
    let chat = match chat(&state) {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    match chat.approvals(&p.user).await {
        Ok(list) => Json(serde_json::json!({"approvals": list})).into_response(),
        Err(e) => chat_error(&e),
    }
}

/// `POST /api/v1/plans/{id}/approve` (another admin): runs the plan as
/// the person who asked.
#[utoipa::path(post,
    path = "/api/v1/plans/{id}/approve",
    tag = "approvals",
    params(("id" = String, Path, description = "the plan_id of a preview")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "applied as the person who asked", body = Object),
        (status = 403, description = "the role or the workspace does not allow it", body = crate::openapi::ErrorBody),
        (status = 404, description = "plan_expired, or decided already", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn approve(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(id): Path<String>,
) -> Response {
    on_plan(&state, p, &id, PlanAction::Approve).await
}

/// `POST /api/v1/plans/{id}/reject` (another admin).
#[utoipa::path(post,
    path = "/api/v1/plans/{id}/reject",
    tag = "approvals",
    params(("id" = String, Path, description = "the plan_id of a preview")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "denied, recorded with the approver", body = Object),
        (status = 403, description = "the role or the workspace does not allow it", body = crate::openapi::ErrorBody),
        (status = 404, description = "plan_expired, or decided already", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn reject(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(id): Path<String>,
) -> Response {
    on_plan(&state, p, &id, PlanAction::Reject).await
}

/// `GET /api/v1/policy`: the caller's workspace bot policy.
#[utoipa::path(get,
    path = "/api/v1/policy",
    tag = "policy",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "allowed_verbs, allowed_namespaces, denied_resources, destructive_confirmation", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn get_policy(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
) -> Response {
    let chat = match chat(&state) {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    match chat.policy(p.user.workspace_id).await {
        Ok(policy) => Json(policy).into_response(),
        Err(e) => chat_error(&e),
    }
}

/// `PUT /api/v1/policy` (admins): replaces the workspace bot policy.
#[utoipa::path(put,
    path = "/api/v1/policy",
    tag = "policy",
    request_body(content = Object, description = "the whole policy; omitted fields take their defaults"),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the policy stored", body = Object),
        (status = 400, description = "a field or parameter is invalid; the message names it", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "the role or the workspace does not allow it", body = crate::openapi::ErrorBody),
    ))]
pub async fn put_policy(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    body: Bytes,
) -> Response {
    if let Err(e) = ApiError::require_admin(&p.user, "change the bot policy") {
        return e.into_response();
    }
    let policy: Policy = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let chat = match chat(&state) {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    match chat.set_policy(&p.user, Channel::Api, &policy).await {
        Ok(()) => Json(policy).into_response(),
        Err(e) => chat_error(&e),
    }
}

/// `GET /api/v1/namespaces`: namespace names for the UI's picker, read
/// from the cluster as the caller (an audited `get namespaces`, so RBAC
/// and the bot policy decide what is listed). When that read is refused,
/// the policy's literal namespace patterns are offered instead, with the
/// reason.
#[utoipa::path(get,
    path = "/api/v1/namespaces",
    tag = "chat",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "namespaces (source cluster), or the policy's literal ones with the reason (source policy)", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 503, description = "no cluster configured, or storage unavailable", body = crate::openapi::ErrorBody),
    ))]
pub async fn namespaces(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
) -> Response {
    let chat = match chat(&state) {
        Ok(c) => c,
        Err(r) => return r.into_response(),
    };
    let fallback = |reason: String, policy: Option<Policy>| {
        let literal: Vec<String> = policy
            .map(|p| p.allowed_namespaces)
            .unwrap_or_default()
            .into_iter()
            .filter(|n| kubechat_core::Namespace::parse(n).is_ok())
            .collect();
        Json(serde_json::json!({"namespaces": literal, "source": "policy", "reason": reason}))
            .into_response()
    };
    let op = match kubechat_chat::interpret("get namespaces", "default") {
        Ok(op) => op,
        Err(e) => {
            return chat_error(&e);
        }
    };
    let workspace = p.user.workspace_id;
    let asker = Asker {
        user: p.user,
        channel: Channel::Web,
        session_id: None,
        default_namespace: "default".to_owned(),
        bot: None,
    };
    let result = chat
        .ask_operation(&asker, "list namespaces (namespace picker)", op)
        .await;
    match result {
        Ok(Reply::Result { data, .. }) => {
            let mut names = kubechat_chat::table_names(&data);
            names.sort();
            Json(serde_json::json!({"namespaces": names, "source": "cluster"})).into_response()
        }
        Ok(Reply::Denied { reason, .. }) => fallback(reason, chat.policy(workspace).await.ok()),
        Ok(_) => fallback("unexpected answer".to_owned(), None),
        Err(e) if e.code() == "forbidden" => {
            fallback(e.to_string(), chat.policy(workspace).await.ok())
        }
        Err(e) => chat_error(&e),
    }
}

/// `GET /api/v1/presence`: who in the caller's workspace has the chat
/// open now (WebSocket connections on any replica).
#[utoipa::path(get,
    path = "/api/v1/presence",
    tag = "chat",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "online: [{user, sessions}], by name", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn presence(State(state): State<AppState>, Authenticated(p): Authenticated) -> Response {
    let online =
        crate::presence::online(state.cache(), p.user.workspace_id, state.clock().now()).await;
    Json(serde_json::json!({ "online": online })).into_response()
}
