//! `POST /mcp`: KubeChat as an MCP server over Streamable HTTP.
//!
//! A client signs in with a KubeChat access token or personal API token
//! (`401` with `WWW-Authenticate: Bearer resource_metadata=…` and a
//! protected-resource metadata document otherwise), `initialize`s a
//! session (`Mcp-Session-Id`, kept in the shared cache so any replica
//! serves it) and calls tools. Every call is a chat turn with channel
//! `mcp`: the caller's own Kubernetes identity, the bot's policy, rate
//! limits, plans and the audit trail as for the chat.
//!
//! A change answers its dry-run preview. When the client can ask its
//! person (elicitation) and the policy allows it, the answer is an SSE
//! stream: the server asks the person to confirm (typing the name for a
//! destructive change), the client posts the answer, and the change runs
//! — or is cancelled — before the call's result closes the stream. The
//! client's answer may reach any replica: the one that did not ask leaves
//! it in the shared cache, where the asking replica finds it.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Mutex;
use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use kubechat_audit::Channel;
use kubechat_auth::{Principal, User};
use kubechat_chat::{ChatService, Confirmation, Reply, TurnRequest};
use kubechat_core::{McpConfirmation, UserRole};
use kubechat_mcp::rpc::{self, Message, RpcError, code};
use kubechat_mcp::tools::{self, Call};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use uuid::Uuid;

use crate::AppState;

/// How long a session lives without use.
const SESSION_TTL: Duration = Duration::from_secs(24 * 3600);
/// How long a person has to answer a confirmation (a plan's lifetime).
const ELICITATION_WAIT: Duration = Duration::from_secs(300);
/// Longest session id accepted in a header.
const MAX_SESSION_ID: usize = 64;

/// Elicitations of this process waiting for the client's answer.
#[derive(Default)]
pub struct Waiting(Mutex<HashMap<String, oneshot::Sender<Result<Value, Value>>>>);

impl std::fmt::Debug for Waiting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Waiting").finish_non_exhaustive()
    }
}

impl Waiting {
    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<String, oneshot::Sender<Result<Value, Value>>>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What the shared cache keeps of a session.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Session {
    user: Uuid,
    protocol: String,
    /// The client can ask its person (declared `elicitation`).
    elicitation: bool,
}

fn session_key(id: &str) -> String {
    format!("mcp-session:{id}")
}

/// This server's address as the client reached it.
fn base_url(headers: &HeaderMap) -> String {
    request_origin(headers).unwrap_or_else(|| "http://localhost".to_owned())
}

/// `scheme://host` the request was sent to (its `Host`, and
/// `X-Forwarded-Proto` behind a TLS-terminating proxy); `None` without a
/// usable `Host`.
pub(crate) fn request_origin(headers: &HeaderMap) -> Option<String> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.len() <= 255 && !h.contains(['"', ' ', '/']))?;
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    Some(format!("{scheme}://{host}"))
}

/// `GET /.well-known/oauth-protected-resource` (RFC 9728): how a client
/// presents a credential to `/mcp`.
#[utoipa::path(get,
    path = "/.well-known/oauth-protected-resource",
    tag = "mcp",
    responses((status = 200, description = "protected-resource metadata: resource (…/mcp), bearer_methods_supported, and the single sign-on providers as authorization_servers", body = Object)))]
pub async fn metadata(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let base = base_url(&headers);
    let mut doc = json!({
        "resource": format!("{base}/mcp"),
        "resource_name": "KubeChat",
        "bearer_methods_supported": ["header"],
        "resource_documentation": format!("{base}/api/openapi.json"),
    });
    // With single sign-on, the company's identity providers issue tokens
    // /mcp accepts (for KubeChat's audience): OAuth-capable clients find
    // where to get one here (RFC 9728 §2).
    let issuers: Vec<&str> = state.sso().iter().map(|p| p.issuer()).collect();
    if !issuers.is_empty() {
        doc["authorization_servers"] = json!(issuers);
    }
    Json(doc).into_response()
}

fn unauthorized(headers: &HeaderMap) -> Response {
    let meta = format!(
        "Bearer resource_metadata=\"{}/.well-known/oauth-protected-resource\"",
        base_url(headers)
    );
    let mut resp = (
        StatusCode::UNAUTHORIZED,
        Json(rpc::error(
            None,
            &RpcError::new(
                code::INVALID_REQUEST,
                "send Authorization: Bearer <a KubeChat access token or API token>",
            ),
        )),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&meta) {
        resp.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    resp
}

fn rpc_answer(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

async fn principal(state: &AppState, headers: &HeaderMap) -> Result<Principal, Response> {
    let Some(token) = crate::accounts_api::bearer(headers) else {
        tracing::warn!(reason = "missing", route = "/mcp", "authentication failed");
        return Err(unauthorized(headers));
    };
    crate::accounts_api::authenticate(state, token)
        .await
        .map_err(|_| unauthorized(headers))
}

fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("mcp-session-id")
        .and_then(|h| h.to_str().ok())
        .filter(|s| {
            !s.is_empty()
                && s.len() <= MAX_SESSION_ID
                && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

/// The caller's session, or the answer for a missing or unknown one.
async fn session(
    state: &AppState,
    headers: &HeaderMap,
    user: &User,
    id: Option<&Value>,
) -> Result<(String, Session), Response> {
    let Some(sid) = session_id(headers) else {
        return Err(rpc_answer(
            StatusCode::BAD_REQUEST,
            rpc::error(
                id,
                &RpcError::new(
                    code::INVALID_REQUEST,
                    "no valid Mcp-Session-Id header: send initialize first and echo the id it answers",
                ),
            ),
        ));
    };
    let gone = || {
        rpc_answer(
            StatusCode::NOT_FOUND,
            rpc::error(
                id,
                &RpcError::new(
                    code::INVALID_REQUEST,
                    "this MCP session ended or never existed: initialize a new one",
                ),
            ),
        )
    };
    let raw = state.cache().get(&session_key(sid)).await.map_err(|e| {
        tracing::error!(error = %e, "MCP session lookup failed");
        rpc_answer(
            StatusCode::SERVICE_UNAVAILABLE,
            rpc::error(
                id,
                &RpcError::new(code::INTERNAL_ERROR, "sessions cannot be read right now"),
            ),
        )
    })?;
    let s: Session = raw
        .and_then(|r| serde_json::from_slice(&r).ok())
        .ok_or_else(gone)?;
    // Another person's session id is as unknown as a made-up one.
    if s.user != user.id {
        return Err(gone());
    }
    Ok((sid.to_owned(), s))
}

/// `GET /mcp`: no server-initiated stream is offered.
#[utoipa::path(get,
    path = "/mcp",
    tag = "mcp",
    responses((status = 405, description = "no server-initiated stream; POST messages, DELETE ends the session")))]
pub async fn stream() -> Response {
    let mut r = StatusCode::METHOD_NOT_ALLOWED.into_response();
    r.headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("POST, DELETE"));
    r
}

/// `DELETE /mcp`: ends the caller's session.
#[utoipa::path(delete,
    path = "/mcp",
    tag = "mcp",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "the session ended"),
        (status = 400, description = "no valid Mcp-Session-Id header", body = Object),
        (status = 401, description = "no valid credential (WWW-Authenticate names the resource metadata)", body = Object),
        (status = 404, description = "no such session of the caller", body = Object),
    ))]
pub async fn end(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let p = match principal(&state, &headers).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    match session(&state, &headers, &p.user, None).await {
        Ok((sid, _)) => {
            let _ = state.cache().delete(&session_key(&sid)).await;
            StatusCode::NO_CONTENT.into_response()
        }
        Err(r) => r,
    }
}

/// `POST /mcp`: one JSON-RPC message from the client (Streamable HTTP).
#[utoipa::path(post,
    path = "/mcp",
    tag = "mcp",
    security(("bearer" = [])),
    request_body(content = Object, description = "one JSON-RPC message: initialize, ping, tools/list, tools/call, a notification, or the answer to an elicitation"),
    responses(
        (status = 200, description = "the JSON-RPC answer (application/json), or for a change confirmed by elicitation an SSE stream carrying elicitation/create and then the answer; initialize sets Mcp-Session-Id", body = Object),
        (status = 202, description = "a notification or an answer was accepted"),
        (status = 400, description = "not a JSON-RPC message, an unsupported MCP-Protocol-Version, or no Mcp-Session-Id", body = Object),
        (status = 401, description = "no valid credential (WWW-Authenticate names the resource metadata)", body = Object),
        (status = 404, description = "the session ended or is not the caller's: initialize again", body = Object),
        (status = 429, description = "rate limited", body = crate::openapi::ErrorBody),
    ))]
pub async fn post(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let p = match principal(&state, &headers).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if let Err(l) = crate::rate_limit::check(&state, &p.user).await {
        return l.response();
    }
    if let Some(v) = headers
        .get("mcp-protocol-version")
        .and_then(|h| h.to_str().ok())
        && !rpc::PROTOCOL_VERSIONS.contains(&v)
    {
        return rpc_answer(
            StatusCode::BAD_REQUEST,
            rpc::error(
                None,
                &RpcError::new(
                    code::INVALID_REQUEST,
                    format!(
                        "MCP-Protocol-Version {v:?} is not spoken here; supported: {}",
                        rpc::PROTOCOL_VERSIONS.join(", ")
                    ),
                ),
            ),
        );
    }
    let message = match rpc::parse(&body) {
        Ok(m) => m,
        Err((id, e)) => return rpc_answer(StatusCode::BAD_REQUEST, rpc::error(id.as_ref(), &e)),
    };
    let (id, method, params) = match message {
        Message::Request { id, method, params } => (id, method, params),
        Message::Notification { .. } => return StatusCode::ACCEPTED.into_response(),
        Message::Response { id, outcome } => {
            let Ok((sid, _)) = session(&state, &headers, &p.user, None).await else {
                return StatusCode::ACCEPTED.into_response();
            };
            let key = format!("{sid}:{}", id_text(&id));
            let here = state.mcp_waiting().lock().remove(&key);
            match here {
                Some(waiting) => {
                    let _ = waiting.send(outcome);
                }
                // Asked by another replica: it finds the answer in the
                // shared cache.
                None => {
                    let stored = match &outcome {
                        Ok(v) => json!({"ok": v}),
                        Err(e) => json!({"err": e}),
                    };
                    if let Err(e) = state
                        .cache()
                        .set(
                            &answer_key(&key),
                            stored.to_string().as_bytes(),
                            ELICITATION_WAIT,
                        )
                        .await
                    {
                        tracing::error!(error = %e, "an MCP answer could not be handed to the replica that asked");
                    }
                }
            }
            return StatusCode::ACCEPTED.into_response();
        }
    };
    if method == "initialize" {
        return initialize(&state, &p.user, &id, &params).await;
    }
    let (sid, s) = match session(&state, &headers, &p.user, Some(&id)).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let ok = |result: Value| rpc_answer(StatusCode::OK, rpc::result(&id, result));
    match method.as_str() {
        "ping" => ok(json!({})),
        "tools/list" => match listed_tools(&state, &p.user).await {
            Ok(tools) => ok(json!({"tools": tools})),
            Err(e) => ok_error(&id, &e),
        },
        "tools/call" => {
            let sse = headers
                .get(header::ACCEPT)
                .and_then(|h| h.to_str().ok())
                .is_some_and(|a| a.contains("text/event-stream"));
            call_tool(&state, p.user, &sid, &s, id, &params, sse).await
        }
        "prompts/list" => ok(json!({"prompts": kubechat_mcp::prompts::list()})),
        "prompts/get" => {
            let name = params
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match kubechat_mcp::prompts::get(name, params.get("arguments").unwrap_or(&Value::Null))
            {
                Ok(v) => ok(v),
                Err(e) => ok_error(&id, &e),
            }
        }
        "resources/list" => match resources(&state, &p.user).await {
            Ok(list) => ok(json!({"resources": list})),
            Err(e) => ok_error(&id, &e),
        },
        "resources/read" => {
            let uri = params
                .get("uri")
                .and_then(Value::as_str)
                .unwrap_or_default();
            match read_resource(&state, &p.user, uri).await {
                Ok(text) => ok(json!({"contents": [
                    {"uri": uri, "mimeType": "application/json", "text": text}
                ]})),
                Err(e) => ok_error(&id, &e),
            }
        }
        "resources/templates/list" => ok(json!({"resourceTemplates": [
            {"uriTemplate": "kubechat://sessions/{name}", "name": "A chat session's history",
             "mimeType": "application/json"}
        ]})),
        other => rpc_answer(
            StatusCode::OK,
            rpc::error(
                Some(&id),
                &RpcError::new(
                    code::METHOD_NOT_FOUND,
                    format!(
                        "method {other:?} is not offered; this server offers tools, resources, prompts and ping"
                    ),
                ),
            ),
        ),
    }
}

fn ok_error(id: &Value, e: &RpcError) -> Response {
    rpc_answer(StatusCode::OK, rpc::error(Some(id), e))
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

async fn initialize(state: &AppState, user: &User, id: &Value, params: &Value) -> Response {
    let protocol = rpc::negotiate(params.get("protocolVersion").and_then(Value::as_str));
    let elicitation = params
        .pointer("/capabilities/elicitation")
        .is_some_and(Value::is_object);
    let sid = format!("{}{}", Uuid::new_v4().simple(), Uuid::new_v4().simple());
    let session = Session {
        user: user.id,
        protocol: protocol.to_owned(),
        elicitation,
    };
    let stored = serde_json::to_vec(&session).unwrap_or_default();
    if let Err(e) = state
        .cache()
        .set(&session_key(&sid), &stored, SESSION_TTL)
        .await
    {
        tracing::error!(error = %e, "MCP session could not be stored");
        return rpc_answer(
            StatusCode::SERVICE_UNAVAILABLE,
            rpc::error(
                Some(id),
                &RpcError::new(code::INTERNAL_ERROR, "sessions cannot be stored right now"),
            ),
        );
    }
    tracing::info!(user = %user.username, protocol, elicitation, "MCP session started");
    let result = json!({
        "protocolVersion": protocol,
        "capabilities": {
            "tools": {"listChanged": false},
            "resources": {"listChanged": false},
            "prompts": {"listChanged": false},
        },
        "serverInfo": {"name": "kubechat", "title": "KubeChat", "version": env!("CARGO_PKG_VERSION")},
        "instructions": "Operate Kubernetes as the signed-in person: kubechat_ask takes plain language or kubectl; typed tools list, describe, read logs, diagnose and change. Changes answer a server-side dry-run preview and apply only after a person confirms.",
    });
    let mut resp = rpc_answer(StatusCode::OK, rpc::result(id, result));
    if let Ok(v) = HeaderValue::from_str(&sid) {
        resp.headers_mut().insert("mcp-session-id", v);
    }
    resp
}

fn chat(state: &AppState) -> Result<&ChatService, RpcError> {
    state.chat().ok_or_else(|| {
        RpcError::new(
            code::INTERNAL_ERROR,
            "no cluster is configured on this KubeChat",
        )
    })
}

/// The workspace default bot's policy (tools/list carries no bot).
async fn policy(state: &AppState, user: &User) -> Result<kubechat_core::Policy, RpcError> {
    let bot = chat(state)?
        .bot(user.workspace_id, None)
        .await
        .map_err(|e| RpcError::new(code::INTERNAL_ERROR, e.to_string()))?;
    Ok(bot.settings.policy)
}

async fn listed_tools(state: &AppState, user: &User) -> Result<Vec<Value>, RpcError> {
    let policy = policy(state, user).await?;
    Ok(tools::catalogue()
        .iter()
        .filter(|t| t.visible(&policy, user.role))
        .map(tools::Tool::definition)
        .collect())
}

/// The URI of the caller's own recent audit events.
const AUDIT_URI: &str = "kubechat://audit/mine";
/// Sessions listed at most.
const MAX_SESSIONS: usize = 50;

/// The caller's readable resources: their chat sessions' histories and
/// their own recent audit events.
async fn resources(state: &AppState, user: &User) -> Result<Vec<Value>, RpcError> {
    let sessions = chat(state)?
        .sessions(user)
        .await
        .map_err(|e| RpcError::new(code::INTERNAL_ERROR, e.to_string()))?;
    let mut out: Vec<Value> = sessions
        .iter()
        .take(MAX_SESSIONS)
        .map(|s| {
            json!({"uri": format!("kubechat://sessions/{}", s.name), "name": s.name,
                   "title": format!("Chat session {}", s.name),
                   "description": "The questions and answers of this session, oldest first",
                   "mimeType": "application/json"})
        })
        .collect();
    out.push(
        json!({"uri": AUDIT_URI, "name": "audit-mine", "title": "Your recent audit events",
        "description": "The last 50 audit events of your requests in this workspace",
        "mimeType": "application/json"}),
    );
    Ok(out)
}

/// Reads one of the caller's resources; another person's session is as
/// unknown as one that does not exist.
async fn read_resource(state: &AppState, user: &User, uri: &str) -> Result<String, RpcError> {
    let unknown = || {
        RpcError::new(
            -32002,
            format!("no resource {uri:?}; resources/list names yours"),
        )
    };
    let failed = |e: &dyn std::fmt::Display| RpcError::new(code::INTERNAL_ERROR, e.to_string());
    if uri == AUDIT_URI {
        let filter = kubechat_audit::Filter {
            actor: Some(user.username.clone()),
            limit: Some(50),
            ..kubechat_audit::Filter::default()
        };
        let page = state
            .audit()
            .search(user.workspace_id, &filter)
            .await
            .map_err(|e| failed(&e))?;
        return Ok(json!({"events": page.events}).to_string());
    }
    let name = uri
        .strip_prefix("kubechat://sessions/")
        .ok_or_else(unknown)?;
    let chat = chat(state)?;
    let session = chat
        .sessions(user)
        .await
        .map_err(|e| failed(&e))?
        .into_iter()
        .find(|s| s.name == name)
        .ok_or_else(unknown)?;
    let messages = chat
        .history(session.id, 200, None)
        .await
        .map_err(|e| failed(&e))?;
    Ok(json!({"session": name, "messages": messages}).to_string())
}

/// The MCP result of a KubeChat reply: the table or preview as text, the
/// reply as `structuredContent`.
fn tool_result(reply: &Reply, note: Option<&str>) -> Value {
    let mut text = match reply {
        Reply::Result { text, summary, .. } => {
            if text.trim().is_empty() {
                summary.clone()
            } else {
                format!("{summary}\n{text}")
            }
        }
        Reply::Preview {
            text,
            plan_id,
            kubectl,
            ..
        } => format!("preview of `{kubectl}` (nothing applied yet; plan {plan_id}):\n{text}"),
        Reply::NothingToChange { kubectl, .. } => {
            format!("`{kubectl}` would change nothing; nothing was applied")
        }
        Reply::Cancelled { plan_id } => format!("plan {plan_id} cancelled; nothing was changed"),
        Reply::Denied { reason, .. } => format!("denied: {reason}"),
    };
    if let Some(n) = note {
        text.push_str("\n\n");
        text.push_str(n);
    }
    let structured = serde_json::to_value(reply).unwrap_or_else(|_| json!({"type": "result"}));
    json!({
        "content": [{"type": "text", "text": text}],
        "structuredContent": structured,
        "isError": matches!(reply, Reply::Denied { .. }),
    })
}

/// A call KubeChat refused: a tool error the model can read.
fn tool_error(e: &kubechat_chat::Error) -> Value {
    json!({
        "content": [{"type": "text", "text": format!("{}: {}", e.code(), e)}],
        "isError": true,
    })
}

#[allow(clippy::too_many_arguments)]
async fn call_tool(
    state: &AppState,
    user: User,
    sid: &str,
    session: &Session,
    id: Value,
    params: &Value,
    sse: bool,
) -> Response {
    let Some(name) = params.get("name").and_then(Value::as_str) else {
        return ok_error(&id, &RpcError::params("tools/call needs `name`"));
    };
    let call = match tools::read_call(name, params.get("arguments").unwrap_or(&Value::Null)) {
        Ok(c) => c,
        Err(e) => return ok_error(&id, &e),
    };
    let chat = match chat(state) {
        Ok(c) => c.clone(),
        Err(e) => return ok_error(&id, &e),
    };
    let policy = match policy(state, &user).await {
        Ok(p) => p,
        Err(e) => return ok_error(&id, &e),
    };
    // The tool must be one the caller may see.
    if let Some(tool) = tools::find(name)
        && !tool.visible(&policy, user.role)
    {
        return ok_error(
            &id,
            &RpcError::params(format!(
                "{name} is not offered to you: your role or the bot's policy does not allow it"
            )),
        );
    }
    let reply = match &call {
        Call::Confirm { plan_id, typed } => {
            let Ok(plan) = Uuid::parse_str(plan_id) else {
                return ok_error(
                    &id,
                    &RpcError::params(format!("{name}: argument `plan_id`: not a plan id")),
                );
            };
            chat.confirm(&user, plan, typed.as_deref()).await
        }
        Call::Ask {
            text,
            namespace,
            bot,
        } => {
            run(
                &chat,
                &user,
                text.clone(),
                namespace.clone(),
                bot.clone(),
                None,
            )
            .await
        }
        Call::Operation {
            text,
            operation,
            namespace,
            bot,
        } => {
            run(
                &chat,
                &user,
                text.clone(),
                namespace.clone(),
                bot.clone(),
                Some((**operation).clone()),
            )
            .await
        }
    };
    let reply = match reply {
        Ok(r) => r,
        Err(e) => {
            state.metrics().observe_chat("unknown", e.code());
            return rpc_answer(StatusCode::OK, rpc::result(&id, tool_error(&e)));
        }
    };
    state.metrics().observe_reply(&reply);
    let Reply::Preview {
        plan_id,
        confirmation,
        ..
    } = &reply
    else {
        return rpc_answer(StatusCode::OK, rpc::result(&id, tool_result(&reply, None)));
    };
    let how = match (confirmation, policy.mcp_confirmation) {
        (Confirmation::Approval, _) => {
            "This change waits for another admin's approval in KubeChat (four eyes)."
        }
        (_, McpConfirmation::Tool) => "Confirm with the kubechat_confirm tool and this plan_id.",
        _ => "Confirm it in the KubeChat web UI or with POST /api/v1/plans/{plan_id}/confirm.",
    };
    let can_ask = session.elicitation
        && sse
        && policy.mcp_confirmation != McpConfirmation::Never
        && !matches!(confirmation, Confirmation::Approval)
        && user.role != UserRole::Viewer;
    if !can_ask {
        return rpc_answer(
            StatusCode::OK,
            rpc::result(&id, tool_result(&reply, Some(how))),
        );
    }
    let plan = *plan_id;
    let (tx, rx) = tokio::sync::mpsc::channel::<Value>(4);
    let waiting_key_id = format!("confirm-{}", Uuid::new_v4().simple());
    let key = format!("{sid}:{waiting_key_id}");
    let (answer_tx, answer_rx) = oneshot::channel();
    state.mcp_waiting().lock().insert(key.clone(), answer_tx);
    let ask = rpc::request(
        &waiting_key_id,
        "elicitation/create",
        elicitation_params(&reply, &session.protocol),
    );
    let state2 = state.clone();
    tokio::spawn(async move {
        if tx.send(ask).await.is_err() {
            state2.mcp_waiting().lock().remove(&key);
            return;
        }
        let answer = tokio::time::timeout(ELICITATION_WAIT, answer(&state2, &key, answer_rx)).await;
        state2.mcp_waiting().lock().remove(&key);
        let result = match answer {
            Ok(Some(Ok(v))) => confirm_answer(&chat, &user, plan, &reply, &v).await,
            Ok(Some(Err(e))) => {
                let _ = chat.cancel(&user, plan).await;
                json!({"content": [{"type": "text", "text": format!("the client could not ask its person ({e}); plan {plan} cancelled, nothing changed")}], "isError": true})
            }
            _ => {
                let _ = chat.cancel(&user, plan).await;
                json!({"content": [{"type": "text", "text": format!("no answer to the confirmation; plan {plan} cancelled, nothing changed")}], "isError": true})
            }
        };
        let _ = tx.send(rpc::result(&id, result)).await;
    });
    let events = futures_util::stream::unfold(rx, |mut rx| async move {
        let v = rx.recv().await?;
        Some((
            Ok::<_, Infallible>(Event::default().data(v.to_string())),
            rx,
        ))
    });
    Sse::new(events).into_response()
}

fn answer_key(key: &str) -> String {
    format!("mcp-answer:{key}")
}

/// How often a replica looks in the shared cache for an answer another
/// replica received.
const ANSWER_POLL: Duration = Duration::from_millis(200);

/// The client's answer to an elicitation: delivered here, or received by
/// another replica and left in the shared cache. `None` when this replica
/// dropped the wait.
async fn answer(
    state: &AppState,
    key: &str,
    mut here: oneshot::Receiver<Result<Value, Value>>,
) -> Option<Result<Value, Value>> {
    let shared = answer_key(key);
    loop {
        tokio::select! {
            got = &mut here => return got.ok(),
            () = tokio::time::sleep(ANSWER_POLL) => {}
        }
        if let Ok(Some(raw)) = state.cache().get(&shared).await {
            let _ = state.cache().delete(&shared).await;
            let v: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
            return Some(match (v.get("ok"), v.get("err")) {
                (Some(ok), _) => Ok(ok.clone()),
                (None, Some(err)) => Err(err.clone()),
                _ => Err(json!({"message": "an unreadable answer"})),
            });
        }
    }
}

/// What the person is asked: the preview, and either a yes/no or the
/// phrase to type.
fn elicitation_params(reply: &Reply, protocol: &str) -> Value {
    let Reply::Preview {
        text,
        kubectl,
        confirmation,
        ..
    } = reply
    else {
        return Value::Null;
    };
    let typed = match confirmation {
        Confirmation::Typed { phrase } => Some(phrase.as_str()),
        _ => None,
    };
    rpc::confirmation_request("as you", kubectl, text, typed, protocol)
}

/// Runs the person's answer to a confirmation.
async fn confirm_answer(
    chat: &ChatService,
    user: &User,
    plan: Uuid,
    preview: &Reply,
    answer: &Value,
) -> Value {
    let action = answer
        .get("action")
        .and_then(Value::as_str)
        .unwrap_or("cancel");
    let given = answer.pointer("/content/confirm");
    // `Some(typed phrase)` when the person said yes: the name typed for a
    // destructive change, `true` for another.
    let yes = match (preview, given) {
        (
            Reply::Preview {
                confirmation: Confirmation::Typed { .. },
                ..
            },
            Some(Value::String(s)),
        ) => Some(Some(s.as_str())),
        (_, Some(Value::Bool(true))) => Some(None),
        _ => None,
    };
    let result = match (action == "accept", yes) {
        (true, Some(typed)) => chat.confirm(user, plan, typed).await,
        // Declined, or accepted without saying yes: cancelled.
        _ => chat.cancel(user, plan).await,
    };
    let note = match (action == "accept", yes) {
        (true, Some(_)) => None,
        (true, None) => Some("The confirmation was not given; nothing was changed."),
        (false, _) => Some("The person declined; nothing was changed."),
    };
    match result {
        Ok(r) => tool_result(&r, note),
        Err(e) => tool_error(&e),
    }
}

/// One chat turn for a tool: the request checked and resolved as on every
/// channel, then the translator (for `kubechat_ask`) or the typed
/// operation.
async fn run(
    chat: &ChatService,
    user: &User,
    text: String,
    namespace: Option<String>,
    bot: Option<String>,
    operation: Option<kubechat_core::Operation>,
) -> kubechat_chat::Result<Reply> {
    let turn = chat
        .prepare_turn(
            user,
            TurnRequest {
                text,
                namespace,
                bot,
                session: None,
                channel: Channel::Mcp,
            },
        )
        .await?;
    match operation {
        Some(op) => chat.ask_operation(&turn.asker, &turn.text, op).await,
        None => {
            chat.run_turn(&turn, Value::Null, &kubechat_chat::Silent)
                .await
        }
    }
}
