//! The WebSocket chat at `/api/v1/chat/{session}` — protocol `kubechat.v1`.
//!
//! Authentication: `Authorization: Bearer <token>`, or for browsers (which
//! cannot set headers on a WebSocket) the subprotocols
//! `kubechat.v1, bearer.<token>`; the server answers `kubechat.v1`.
//!
//! Every message is a JSON object with `"v": 1` and a `type`. Client →
//! server: `ask {id, text, namespace?}`, `confirm {id, plan_id, typed?}`,
//! `cancel {id, plan_id}`, `ping {id?}`. Server → client: `hello`, then per
//! request `translated` (operation, kubectl line, risk) followed by one of
//! `result`, `preview`, `nothing-to-change`, `denied`, `cancelled`, or
//! `error {code, message}`; `pong` for a ping. Replies carry the request's
//! `id`. A bad message gets an `error` and the connection stays usable.
//!
//! Bounds: a message over [`MAX_MESSAGE`] is refused with an error (the
//! connection stays open); frames over [`HARD_LIMIT`] close it. Outgoing
//! messages go through a small bounded queue: a client that does not read
//! is disconnected rather than allowed to grow server memory. The server
//! pings every [`HEARTBEAT`] and drops a client silent for three of them.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::{SinkExt, StreamExt};
use kubechat_audit::Channel;
use kubechat_auth::Principal;
use kubechat_chat::Reply;
use serde::Deserialize;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::time::Instant;
use uuid::Uuid;

use crate::{ApiError, AppState};

/// The subprotocol (and protocol version) this server speaks.
pub const PROTOCOL: &str = "kubechat.v1";
/// Largest chat message handled; larger ones get an `error`.
pub const MAX_MESSAGE: usize = 16 * 1024;
/// Largest frame or message read at all; larger ones close the connection.
pub const HARD_LIMIT: usize = 256 * 1024;
/// Server pings this often.
pub const HEARTBEAT: Duration = Duration::from_secs(20);
/// How often a connection with previews waiting for another admin checks
/// whether they were decided (only while some wait).
pub const DECISION_POLL: Duration = Duration::from_secs(2);
/// Messages waiting to be written to one client.
const OUTBOX: usize = 32;

/// The bearer token from the header or the `bearer.` subprotocol.
fn token(headers: &HeaderMap) -> Option<String> {
    if let Some(t) = crate::accounts_api::bearer(headers) {
        return Some(t.to_owned());
    }
    headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)?
        .to_str()
        .ok()?
        .split(',')
        .map(str::trim)
        .find_map(|p| p.strip_prefix("bearer.").map(str::to_owned))
}

/// `GET /api/v1/chat/{session}`: authenticates, then upgrades.
#[utoipa::path(get,
    path = "/api/v1/chat/{session}",
    tag = "chat",
    params(("session" = String, Path, description = "session name (created when new)")),
    security(("bearer" = [])),
    responses(
        (status = 101, description = "WebSocket, subprotocol kubechat.v1 (auth: Authorization header, or subprotocol bearer.<token>); messages: see the README"),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 429, description = "rate limited (Retry-After, RateLimit-* headers)", body = crate::openapi::ErrorBody),
    ))]
pub async fn upgrade(
    State(state): State<AppState>,
    Path(session): Path<String>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    let metrics = state.metrics().clone();
    if !kubechat_chat::sessions::valid_name(&session) {
        metrics.observe_ws("bad_request");
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the session id is 1 to 128 letters, digits, '-' or '_'",
        )
        .into_response();
    }
    let Some(token) = token(&headers) else {
        metrics.observe_ws("unauthorized");
        tracing::warn!(
            reason = "missing",
            route = "/api/v1/chat/{session}",
            "authentication failed"
        );
        return crate::accounts_api::unauthorized(
            "authenticate with Authorization: Bearer <token> or the subprotocol bearer.<token>",
        );
    };
    let principal = match crate::accounts_api::authenticate(&state, &token).await {
        Ok(p) => p,
        Err(e) => {
            metrics.observe_ws("unauthorized");
            return crate::accounts_api::auth_error(e);
        }
    };
    if state.chat().is_none() {
        metrics.observe_ws("unavailable");
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "no_cluster",
            "this KubeChat has no cluster configured (kubernetes.source)",
        )
        .into_response();
    }
    // Upgrades count against the person's rate limit, and one person
    // holds a bounded number of open chats.
    if let Err(l) = crate::rate_limit::check(&state, &principal.user).await {
        metrics.observe_ws("rate_limited");
        return l.response();
    }
    let limits = &state.config().rate_limits;
    let opened = state.open_socket(
        principal.user.id,
        principal.user.workspace_id,
        limits.websockets_per_user,
        limits.websockets_per_workspace,
    );
    let guard = match opened {
        Ok(g) => g,
        Err(cap) => {
            metrics.observe_ws("too_many");
            let (scope, message) = match cap {
                crate::state::SocketCap::User(n) => (
                    "websockets_user",
                    format!(
                        "you have {n} chats open already (rate_limits.websockets_per_user); close one first"
                    ),
                ),
                crate::state::SocketCap::Workspace(n) => (
                    "websockets_workspace",
                    format!(
                        "your workspace has {n} chats open already (rate_limits.websockets_per_workspace); close one or ask an admin to raise it"
                    ),
                ),
            };
            metrics.observe_rate_limited(scope);
            return ApiError::new(StatusCode::TOO_MANY_REQUESTS, "rate_limited", message)
                .into_response();
        }
    };
    metrics.observe_ws("accepted");
    // Small buffers: an idle connection should cost kilobytes, not the
    // 256 KiB of the defaults; a larger message grows them as needed.
    ws.protocols([PROTOCOL])
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .max_write_buffer_size(2 * HARD_LIMIT)
        .max_message_size(HARD_LIMIT)
        .max_frame_size(HARD_LIMIT)
        .on_upgrade(move |socket| async move {
            serve(state, principal, token, session, socket).await;
            drop(guard);
        })
}

#[derive(Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
enum Incoming {
    Ask {
        v: u8,
        id: String,
        text: String,
        #[serde(default)]
        namespace: Option<String>,
        /// The bot asked (default: the workspace's default bot).
        #[serde(default)]
        bot: Option<String>,
    },
    Confirm {
        v: u8,
        id: String,
        plan_id: Uuid,
        #[serde(default)]
        typed: Option<String>,
    },
    Cancel {
        v: u8,
        id: String,
        plan_id: Uuid,
    },
    Ping {
        v: u8,
        #[serde(default)]
        id: Option<String>,
    },
}

fn error(id: Option<&str>, code: &str, message: &str) -> Value {
    json!({"v": 1, "type": "error", "id": id, "code": code, "message": message})
}

/// A reply with the protocol envelope.
fn envelope(id: &str, reply: &Reply) -> Value {
    let mut v = serde_json::to_value(reply).unwrap_or(Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.insert("v".into(), json!(1));
        o.insert("id".into(), json!(id));
    }
    v
}

/// Reads what the client meant when the message is not valid, to name it.
fn describe_bad(text: &str, err: &serde_json::Error) -> (Option<String>, String, &'static str) {
    let raw: Option<Value> = serde_json::from_str(text).ok();
    let id = raw
        .as_ref()
        .and_then(|v| v["id"].as_str())
        .map(|s| s.chars().take(64).collect());
    match &raw {
        None => (
            id,
            format!("the message is not JSON: {err}"),
            "invalid_message",
        ),
        Some(v) => match v["type"].as_str() {
            Some(t) if !["ask", "confirm", "cancel", "ping"].contains(&t) => (
                id,
                format!("unknown message type {t:?}; use ask, confirm, cancel or ping"),
                "unknown_type",
            ),
            None => (
                id,
                "the message has no \"type\"".to_owned(),
                "invalid_message",
            ),
            Some(_) => (
                id,
                format!("the message does not fit its type: {err}"),
                "invalid_message",
            ),
        },
    }
}

/// The WebSocket's side of a turn: events become frames as they happen
/// (`translated` before anything runs, `progress` of a change the
/// operator carries out), and the answer is the frame the client gets.
struct WsSink<'a, S: Fn(Value) -> bool + Send + Sync> {
    id: &'a str,
    badge: &'a Value,
    send: &'a S,
}

impl<S: Fn(Value) -> bool + Send + Sync> kubechat_chat::TurnSink for WsSink<'_, S> {
    fn event(&self, event: kubechat_chat::TurnEvent<'_>) {
        let frame = match event {
            kubechat_chat::TurnEvent::Translated(t) => json!({
                "v": 1, "type": "translated", "id": self.id,
                "kubectl": t.kubectl, "risk": t.risk, "operation": t.operation,
                "source": t.source, "confidence": t.confidence,
                "bot": self.badge,
            }),
            kubechat_chat::TurnEvent::Progress(phase) => {
                json!({"v": 1, "type": "progress", "id": self.id, "phase": phase})
            }
        };
        (self.send)(frame);
    }

    fn answer(&self, answer: &kubechat_chat::Result<Reply>) -> Value {
        match answer {
            Ok(reply) => envelope(self.id, reply),
            Err(e) => error(Some(self.id), e.code(), &e.to_string()),
        }
    }
}

/// Why a socket's person may no longer act: the error code and message
/// sent before the socket is closed.
fn revoked(e: &kubechat_auth::Error) -> (&'static str, &'static str) {
    match e {
        kubechat_auth::Error::Unauthenticated(kubechat_auth::Reason::Expired) => (
            "token_expired",
            "the access token has expired; sign in again or refresh, then reconnect",
        ),
        kubechat_auth::Error::Unauthenticated(_) => (
            "session_revoked",
            "this sign-in is no longer valid (logged out, password reset, account disabled or token revoked)",
        ),
        _ => (
            "unavailable",
            "accounts cannot be reached right now; reconnect in a moment",
        ),
    }
}

async fn serve(
    state: AppState,
    principal: Principal,
    token: String,
    session: String,
    socket: WebSocket,
) {
    let mut principal = principal;
    state.metrics().ws_open(1);
    let (mut sink, mut stream) = socket.split();
    let (out, mut outbox) = mpsc::channel::<Message>(OUTBOX);
    let writer = tokio::spawn(async move {
        while let Some(m) = outbox.recv().await {
            let closing = matches!(m, Message::Close(_));
            if sink.send(m).await.is_err() || closing {
                break;
            }
        }
        let _ = sink.close().await;
    });
    // Previews waiting for another admin's approval, by plan: their
    // answer is pushed when it is decided (on any replica).
    let awaiting: std::sync::Mutex<std::collections::HashSet<Uuid>> = Default::default();
    let watch = |v: &Value| {
        if v["type"] == "preview"
            && v["confirmation"]["kind"] == "approval"
            && let Some(id) = v["plan_id"].as_str().and_then(|s| Uuid::parse_str(s).ok())
        {
            awaiting
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(id);
        }
    };
    // A full outbox means the client does not read: drop it.
    let send = |v: Value| {
        watch(&v);
        match out.try_send(Message::Text(v.to_string().into())) {
            Ok(()) => true,
            Err(_) => {
                tracing::warn!(session = %session, "websocket client too slow; disconnecting");
                false
            }
        }
    };
    // The session (created when new) and what it still has pending.
    let (session_id, pending) = match state.chat() {
        Some(chat) => match chat.open_session(&principal.user, &session).await {
            Ok(s) => {
                let pending = chat.pending(s.id).await.unwrap_or_default();
                (Some(s.id), pending)
            }
            Err(e) => {
                tracing::error!(error = %e, "chat session could not be opened");
                (None, Vec::new())
            }
        },
        None => (None, Vec::new()),
    };
    let hello = json!({
        "v": 1, "type": "hello", "protocol": PROTOCOL, "session": session,
        "user": principal.user.username, "role": principal.user.role,
        "heartbeat_seconds": HEARTBEAT.as_secs(), "max_message_bytes": MAX_MESSAGE,
        "pending": pending,
    });
    if let Some(list) = hello["pending"].as_array() {
        list.iter().for_each(&watch);
    }
    // Present while the socket is open (see `presence`).
    let connection = Uuid::new_v4();
    let workspace = principal.user.workspace_id;
    let username = principal.user.username.clone();
    let here = || {
        crate::presence::touch(
            state.cache(),
            workspace,
            connection,
            &username,
            &session,
            state.clock().now(),
        )
    };
    here().await;
    let mut alive = send(hello);
    let mut ticker = tokio::time::interval(HEARTBEAT);
    ticker.tick().await;
    let mut decisions = tokio::time::interval(DECISION_POLL);
    let mut last_heard = Instant::now();
    while alive {
        let incoming = tokio::select! {
            m = stream.next() => m,
            _ = decisions.tick(), if !awaiting.lock().unwrap_or_else(std::sync::PoisonError::into_inner).is_empty() => {
                let waiting: Vec<Uuid> = awaiting
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .iter()
                    .copied()
                    .collect();
                if let Some(chat) = state.chat() {
                    for plan in waiting {
                        if let Some(answer) = chat.decided(plan).await {
                            awaiting
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner)
                                .remove(&plan);
                            alive = alive && send(answer);
                        }
                    }
                }
                continue;
            }
            _ = ticker.tick() => {
                if last_heard.elapsed() > HEARTBEAT * 3 {
                    let _ = out.try_send(Message::Close(Some(CloseFrame { code: 1001, reason: "no heartbeat".into() })));
                    break;
                }
                // A person disabled, logged out or reset meanwhile does
                // not keep an idle socket either.
                if let Err(e) = crate::accounts_api::authenticate(&state, &token).await {
                    let (code, message) = revoked(&e);
                    let _ = send(error(None, code, message));
                    let _ = out.try_send(Message::Close(Some(CloseFrame { code: 1008, reason: code.into() })));
                    break;
                }
                alive = out.try_send(Message::Ping(Vec::new().into())).is_ok();
                here().await;
                continue;
            }
        };
        let Some(Ok(msg)) = incoming else { break };
        last_heard = Instant::now();
        let text = match msg {
            Message::Text(t) => t.to_string(),
            Message::Binary(_) => {
                alive = send(error(
                    None,
                    "invalid_message",
                    "send JSON text messages, not binary",
                ));
                continue;
            }
            Message::Close(_) => break,
            Message::Ping(_) | Message::Pong(_) => continue,
        };
        if text.len() > MAX_MESSAGE {
            alive = send(error(
                None,
                "message_too_large",
                &format!(
                    "messages are at most {MAX_MESSAGE} bytes; this one has {}",
                    text.len()
                ),
            ));
            continue;
        }
        let parsed: Result<Incoming, _> = serde_json::from_str(&text);
        let msg = match parsed {
            Ok(m) => m,
            Err(e) => {
                let (id, message, code) = describe_bad(&text, &e);
                alive = send(error(id.as_deref(), code, &message));
                continue;
            }
        };
        // Every message acts as the person as they are now: disabled,
        // logged out, reset or expired ends the socket; a changed role
        // applies at once.
        if !matches!(msg, Incoming::Ping { .. }) {
            match crate::accounts_api::authenticate(&state, &token).await {
                Ok(p) => principal = p,
                Err(e) => {
                    let (code, message) = revoked(&e);
                    let id = match &msg {
                        Incoming::Ask { id, .. }
                        | Incoming::Confirm { id, .. }
                        | Incoming::Cancel { id, .. } => Some(id.as_str()),
                        Incoming::Ping { .. } => None,
                    };
                    let _ = send(error(id, code, message));
                    let _ = out.try_send(Message::Close(Some(CloseFrame {
                        code: 1008,
                        reason: code.into(),
                    })));
                    break;
                }
            }
        }
        if let Incoming::Ask { id, text, .. } = &msg
            && let Err(e) = kubechat_nlp::refuse_control_characters(text)
        {
            alive = send(error(Some(id), "invalid_request", &e.to_string()));
            continue;
        }
        alive = handle(&state, &principal, &session, session_id, msg, &send).await;
    }
    crate::presence::leave(state.cache(), workspace, connection, state.clock().now()).await;
    drop(out);
    let _ = writer.await;
    state.metrics().ws_open(-1);
}

/// Handles one message; false when the client must be dropped.
async fn handle(
    state: &AppState,
    principal: &Principal,
    session: &str,
    history: Option<Uuid>,
    msg: Incoming,
    send: &(impl Fn(Value) -> bool + Sync),
) -> bool {
    let version = match &msg {
        Incoming::Ask { v, .. }
        | Incoming::Confirm { v, .. }
        | Incoming::Cancel { v, .. }
        | Incoming::Ping { v, .. } => *v,
    };
    if version != 1 {
        return send(error(
            None,
            "unsupported_version",
            &format!("protocol version {version} is not spoken here; use \"v\": 1"),
        ));
    }
    let Some(chat) = state.chat() else {
        return send(error(None, "no_cluster", "no cluster is configured"));
    };
    if !matches!(msg, Incoming::Ping { .. })
        && let Err(l) = crate::rate_limit::check(state, &principal.user).await
    {
        let id = match &msg {
            Incoming::Ask { id, .. }
            | Incoming::Confirm { id, .. }
            | Incoming::Cancel { id, .. } => Some(id.as_str()),
            Incoming::Ping { .. } => None,
        };
        let mut e = error(
            id,
            if l.scope == "blocked" {
                "blocked"
            } else {
                "rate_limited"
            },
            &l.message(),
        );
        e["retry_after_seconds"] = json!(l.retry_after.as_secs().max(1));
        e["limit"] = json!(l.limit);
        e["remaining"] = json!(0);
        return send(e);
    }
    if let Some(h) = history {
        let (kind, body) = match &msg {
            Incoming::Ask {
                id,
                text,
                namespace,
                ..
            } => (
                "ask",
                json!({"id": id, "text": text, "namespace": namespace}),
            ),
            Incoming::Confirm { id, plan_id, .. } => {
                ("confirm", json!({"id": id, "plan_id": plan_id}))
            }
            Incoming::Cancel { id, plan_id, .. } => {
                ("cancel", json!({"id": id, "plan_id": plan_id}))
            }
            Incoming::Ping { .. } => ("ping", Value::Null),
        };
        // An ask's question and answer are kept by the turn itself.
        if kind != "ping" && kind != "ask" {
            chat.remember(h, "user", kind, body).await;
        }
    }
    let (id, result) = match msg {
        Incoming::Ping { id, .. } => return send(json!({"v": 1, "type": "pong", "id": id})),
        Incoming::Ask {
            id,
            text,
            namespace,
            bot,
            ..
        } => {
            let question = json!({"id": id, "text": text, "namespace": namespace});
            let request = kubechat_chat::TurnRequest {
                text,
                namespace,
                bot,
                // The socket's session is open already: no second lookup.
                session: None,
                channel: Channel::Web,
            };
            let mut turn = match chat.prepare_turn(&principal.user, request).await {
                Ok(t) => t,
                Err(e) => {
                    state.metrics().observe_chat("unknown", e.code());
                    return send(error(Some(&id), e.code(), &e.to_string()));
                }
            };
            turn.asker.session_id = Some(session.to_owned());
            turn.history = history;
            let badge = turn.bot.badge();
            let result = chat
                .run_turn(
                    &turn,
                    question,
                    &WsSink {
                        id: &id,
                        badge: &badge,
                        send: &send,
                    },
                )
                .await;
            return match result {
                Ok(reply) => {
                    state.metrics().observe_reply(&reply);
                    send(envelope(&id, &reply))
                }
                Err(e) => {
                    state.metrics().observe_chat("unknown", e.code());
                    send(error(Some(&id), e.code(), &e.to_string()))
                }
            };
        }
        Incoming::Confirm {
            id, plan_id, typed, ..
        } => {
            // A change handed to the operator reports its phases as it
            // goes (`progress`), before the result.
            let badge = Value::Null;
            let sink = WsSink {
                id: &id,
                badge: &badge,
                send: &send,
            };
            let result = chat
                .confirm_with_progress(&principal.user, plan_id, typed.as_deref(), &sink)
                .await;
            (id, result)
        }
        Incoming::Cancel { id, plan_id, .. } => (id, chat.cancel(&principal.user, plan_id).await),
    };
    match result {
        Ok(reply) => {
            state.metrics().observe_reply(&reply);
            let body = envelope(&id, &reply);
            if let Some(h) = history {
                chat.remember(h, "kubechat", reply.kind_name(), body.clone())
                    .await;
            }
            send(body)
        }
        Err(e) => {
            let code = e.code();
            state.metrics().observe_chat("unknown", code);
            let body = error(Some(&id), code, &e.to_string());
            if let Some(h) = history {
                chat.remember(h, "kubechat", "error", body.clone()).await;
            }
            send(body)
        }
    }
}

#[cfg(test)]
mod fuzz {
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Random frames through the message parser: a message or a named
        /// error code, never a panic.
        #[test]
        fn fuzz_websocket_frames(
            text in "\\PC{0,300}",
            json in "[{}\\[\\]\":,a-z0-9 ]{0,120}",
            raw in prop::collection::vec(any::<u8>(), 0..300),
        ) {
            // Any bytes, control characters and invalid UTF-8 included,
            // as a frame's text would carry them after lossy decoding.
            let raw = String::from_utf8_lossy(&raw).into_owned();
            for t in [text.as_str(), json.as_str(), raw.as_str()] {
                if let Err(e) = serde_json::from_str::<super::Incoming>(t) {
                    let (_, message, code) = super::describe_bad(t, &e);
                    prop_assert!(!message.is_empty());
                    prop_assert!(["invalid_message", "unknown_type"].contains(&code));
                }
            }
        }
    }
}
