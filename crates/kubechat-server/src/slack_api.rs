//! KubeChat in Slack: the slash command, mentions and direct messages,
//! and the buttons of a preview — each an adapter from Slack to the one
//! chat turn, acting as the KubeChat person the Slack user is linked to.
//!
//! Every request is verified (signature and age) before its body is read;
//! anything else is 401 and nothing is written. Slack wants an answer in
//! 3 seconds, so each request is acknowledged at once and the turn runs
//! after, answering through the `response_url` or `chat.postMessage` in
//! the thread. The person is read again on every request (disabled →
//! refused), and a plan's buttons work for the person who asked only —
//! the chat service checks that, as it does for every channel.

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use kubechat_audit::Channel;
use kubechat_chat::{Confirmation, Reply};
use kubechat_slack::payload::{EventRequest, Interaction, SlashCommand};
use kubechat_slack::render::{self, Message};
use kubechat_slack::{api::WebApi, links};
use kubechat_store::{WorkspaceRepository, WorkspaceSlug};
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::accounts_api::Authenticated;
use crate::{ApiError, AppState};

/// How long an event id is remembered, so Slack's retries of it (after a
/// slow acknowledgement) are answered once.
const EVENT_MEMORY: Duration = Duration::from_secs(3600);

/// The Slack side, built once at start when `[slack] enabled`.
#[derive(Debug, Clone)]
pub struct Slack {
    pub api: WebApi,
}

impl Slack {
    /// The Web API client of `config` (its bot token), or `None` when
    /// Slack is off.
    pub fn from_config(
        config: &kubechat_config::SlackConfig,
    ) -> kubechat_slack::Result<Option<Self>> {
        if !config.enabled {
            return Ok(None);
        }
        let token = config
            .token()
            .ok_or_else(|| kubechat_slack::Error::Api("slack.bot_token is not set".into()))?;
        let api = WebApi::new(
            &config.api_url,
            token,
            Duration::from_millis(config.request_timeout_ms),
        )?;
        Ok(Some(Self { api }))
    }
}

fn unauthorized(e: &kubechat_slack::Error) -> ApiError {
    tracing::warn!(error = %e, "slack request rejected");
    ApiError::new(StatusCode::UNAUTHORIZED, "unverified", e.to_string())
}

fn bad_payload(e: &kubechat_slack::Error) -> Response {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", e.to_string()).into_response()
}

fn slack_off() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "slack_disabled",
        "Slack is not enabled on this deployment ([slack] enabled = true)",
    )
}

/// Verifies a request from Slack; the Slack side when it is genuine.
fn verified<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<&'a Slack, ApiError> {
    let Some(slack) = state.slack() else {
        return Err(slack_off());
    };
    let cfg = &state.config().slack;
    let secret = cfg.secret().ok_or_else(slack_off)?;
    let header = |n: &str| headers.get(n).and_then(|v| v.to_str().ok());
    kubechat_slack::verify::verify(
        secret.expose().as_bytes(),
        header("x-slack-request-timestamp"),
        header("x-slack-signature"),
        body,
        state.clock().now().unix_timestamp(),
        cfg.tolerance_seconds,
    )
    .map_err(|e| unauthorized(&e))?;
    Ok(slack)
}

/// Who a Slack user is in KubeChat now: linked, enabled, in the Slack
/// team's workspace. `Err` carries what to tell them.
async fn person(
    state: &AppState,
    team: &str,
    slack_user: &str,
) -> Result<kubechat_auth::User, Message> {
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "slack: the person cannot be read");
        render::note("KubeChat cannot read your account right now; try again in a moment.")
    };
    let workspace = workspace_id(state).await.map_err(|e| failed(&e))?;
    let Some(id) = links::linked(state.store(), team, slack_user)
        .await
        .map_err(|e| failed(&e))?
    else {
        return Err(link_prompt(state, team, slack_user).await);
    };
    let user = kubechat_auth::current_user(state.store(), id)
        .await
        .map_err(|e| failed(&e))?;
    match user {
        Some(u) if u.disabled => Err(render::note(
            "Your KubeChat account is disabled; nothing runs for you. Ask an admin.",
        )),
        Some(u) if u.workspace_id == workspace => Ok(u),
        _ => Err(link_prompt(state, team, slack_user).await),
    }
}

async fn workspace_id(state: &AppState) -> Result<Uuid, String> {
    let name = &state.config().slack.workspace;
    let slug = WorkspaceSlug::parse(name).map_err(|e| e.to_string())?;
    Ok(state
        .store()
        .workspace_by_slug(&slug)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("slack.workspace {name:?} is not a workspace"))?
        .id)
}

/// "Link your account first", with a one-time link to the web UI.
async fn link_prompt(state: &AppState, team: &str, slack_user: &str) -> Message {
    let pending = links::PendingLink {
        team: team.to_owned(),
        slack_user: slack_user.to_owned(),
    };
    match links::offer(state.cache(), &pending).await {
        Ok(token) => render::note_with_link(
            "Your Slack account is not linked to a KubeChat account, so nothing runs for you yet. Sign in to KubeChat once to link it (the link works once, for 10 minutes):",
            &format!(
                "{}/#/slack-link/{token}",
                state.config().slack.public_url.trim_end_matches('/')
            ),
            "Link my account",
        ),
        Err(e) => {
            tracing::error!(error = %e, "slack: a link cannot be offered");
            render::note(
                "Your Slack account is not linked to KubeChat, and a link cannot be made right now; try again.",
            )
        }
    }
}

/// A reply in Slack's terms; `buttons` when the person may confirm with
/// a button.
fn message(state: &AppState, reply: &Reply) -> Message {
    let more = format!(
        "{}/#/chat",
        state.config().slack.public_url.trim_end_matches('/')
    );
    match reply {
        Reply::Result {
            kubectl,
            summary,
            text,
            data,
            ..
        } => {
            let findings: Vec<String> = data["findings"]
                .as_array()
                .map(|f| {
                    f.iter()
                        .map(|x| {
                            format!(
                                "{}\n{}",
                                x["summary"].as_str().unwrap_or_default(),
                                x["next_step"].as_str().unwrap_or_default()
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let body = if findings.is_empty() {
                text.as_str()
            } else {
                ""
            };
            render::answer(kubectl, summary, body, &findings, &more)
        }
        Reply::Preview {
            kubectl,
            text,
            plan_id,
            confirmation,
            ..
        } => {
            let (buttons, how) = match confirmation {
                Confirmation::Simple => (true, None),
                Confirmation::Typed { phrase } => (
                    false,
                    Some(format!(
                        "Destructive: confirm it in KubeChat by typing {phrase} ({more})."
                    )),
                ),
                Confirmation::Approval => (
                    false,
                    Some("Destructive: another admin of the workspace approves it in KubeChat; it waits for them.".to_owned()),
                ),
            };
            render::preview(kubectl, text, &plan_id.to_string(), buttons, how.as_deref())
        }
        Reply::NothingToChange { kubectl, .. } => render::note(&format!(
            "Nothing to change: {kubectl} changes nothing now."
        )),
        Reply::Cancelled { .. } => render::note("Cancelled; nothing changed."),
        Reply::Denied { reason, .. } => render::note(&format!("Not allowed: {reason}")),
    }
}

/// One chat turn for `user`, as Slack asked it; the message to answer.
async fn turn(
    state: &AppState,
    user: &kubechat_auth::User,
    team: &str,
    slack_user: &str,
    text: &str,
) -> (Message, bool) {
    let Some(chat) = state.chat() else {
        return (
            render::note("This KubeChat has no cluster configured."),
            false,
        );
    };
    let request = kubechat_chat::TurnRequest {
        text: text.to_owned(),
        namespace: None,
        bot: None,
        // The history of this Slack user; its name is in every audit row
        // of the turn, with the Slack team and user ids.
        session: Some(format!("slack-{team}-{slack_user}")),
        channel: Channel::Slack,
    };
    let turn = match chat.prepare_turn(user, request).await {
        Ok(t) => t,
        Err(e) => return (render::note(&e.to_string()), false),
    };
    let question = json!({"text": text});
    let shape = |r: &kubechat_chat::Result<Reply>| match r {
        Ok(reply) => serde_json::to_value(reply).unwrap_or_default(),
        Err(e) => json!({"error": {"code": e.code(), "message": e.to_string()}}),
    };
    match chat.run_turn(&turn, question, &|_| {}, &shape).await {
        Ok(reply) => {
            state.metrics().observe_reply(&reply);
            (message(state, &reply), true)
        }
        Err(e) => (render::note(&e.to_string()), false),
    }
}

/// Form-encoded text for Slack's immediate answer to a slash command.
fn ephemeral(m: &Message) -> Response {
    let mut body = m.to_json();
    body["response_type"] = json!("ephemeral");
    Json(body).into_response()
}

/// `POST /api/v1/slack/commands`: `/kubechat …`.
#[utoipa::path(post,
    path = "/api/v1/slack/commands",
    tag = "slack",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Slack's slash command form (team_id, user_id, channel_id, text, response_url, …), signed in X-Slack-Signature"),
    responses(
        (status = 200, description = "acknowledged: help, the link prompt, or an empty body while the answer follows through response_url", body = Object),
        (status = 400, description = "signed but not a slash command", body = crate::openapi::ErrorBody),
        (status = 401, description = "not signed by Slack, or too old; nothing happened", body = crate::openapi::ErrorBody),
        (status = 404, description = "Slack is not enabled", body = crate::openapi::ErrorBody),
    ))]
pub async fn commands(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let slack = match verified(&state, &headers, &body) {
        Ok(s) => s.clone(),
        Err(r) => return r.into_response(),
    };
    let cmd = match SlashCommand::parse(&body) {
        Ok(c) => c,
        Err(e) => return bad_payload(&e),
    };
    let text = cmd.text.trim().to_owned();
    if text.is_empty() || text == "help" {
        return ephemeral(&render::note(
            "Ask KubeChat in plain words or kubectl syntax: `/kubechat show pods in shop`, `/kubechat why is checkout crashing?`, `/kubechat scale web to 3`. `/kubechat link` links your Slack account to your KubeChat account.",
        ));
    }
    if text == "link" {
        return ephemeral(&link_prompt(&state, &cmd.team_id, &cmd.user_id).await);
    }
    let user = match person(&state, &cmd.team_id, &cmd.user_id).await {
        Ok(u) => u,
        Err(m) => return ephemeral(&m),
    };
    tokio::spawn(async move {
        let (answer, in_channel) = turn(&state, &user, &cmd.team_id, &cmd.user_id, &text).await;
        if let Err(e) = slack
            .api
            .respond(&cmd.response_url, &answer, in_channel, false)
            .await
        {
            tracing::error!(error = %e, "slack: the answer could not be posted");
        }
    });
    StatusCode::OK.into_response()
}

/// `POST /api/v1/slack/events`: the Events API (mentions, direct
/// messages) and its URL verification.
#[utoipa::path(post,
    path = "/api/v1/slack/events",
    tag = "slack",
    request_body(content = Object, description = "an Events API request (url_verification or event_callback), signed in X-Slack-Signature"),
    responses(
        (status = 200, description = "acknowledged ({challenge} for url_verification); the answer follows in the thread", body = Object),
        (status = 400, description = "signed but not an Events API request", body = crate::openapi::ErrorBody),
        (status = 401, description = "not signed by Slack, or too old; nothing happened", body = crate::openapi::ErrorBody),
        (status = 404, description = "Slack is not enabled", body = crate::openapi::ErrorBody),
    ))]
pub async fn events(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let slack = match verified(&state, &headers, &body) {
        Ok(s) => s.clone(),
        Err(r) => return r.into_response(),
    };
    let request = match EventRequest::parse(&body) {
        Ok(r) => r,
        Err(e) => return bad_payload(&e),
    };
    let (team, event_id, event) = match request {
        EventRequest::UrlVerification { challenge } => {
            return Json(json!({ "challenge": challenge })).into_response();
        }
        EventRequest::Other => return StatusCode::OK.into_response(),
        EventRequest::EventCallback {
            team_id,
            event_id,
            event,
        } => (team_id, event_id, event),
    };
    if !event.is_question() {
        return StatusCode::OK.into_response();
    }
    // Slack retries an event it thinks was not acknowledged: the first
    // delivery is answered, the others only acknowledged.
    match state
        .cache()
        .incr(&format!("slack:event:{event_id}"), EVENT_MEMORY)
        .await
    {
        Ok(1) => {}
        Ok(_) => return StatusCode::OK.into_response(),
        Err(e) => tracing::warn!(error = %e, "slack: retries cannot be told apart now"),
    }
    let (Some(user_id), Some(channel)) = (event.user.clone(), event.channel.clone()) else {
        return StatusCode::OK.into_response();
    };
    tokio::spawn(async move {
        let thread = event.thread_ts.clone().or(event.ts.clone());
        let posted = match person(&state, &team, &user_id).await {
            Ok(user) => {
                let (answer, _) = turn(&state, &user, &team, &user_id, event.question()).await;
                slack
                    .api
                    .post_message(&channel, thread.as_deref(), &answer)
                    .await
            }
            Err(m) => slack.api.post_ephemeral(&channel, &user_id, &m).await,
        };
        if let Err(e) = posted {
            tracing::error!(error = %e, "slack: the answer could not be posted");
        }
    });
    StatusCode::OK.into_response()
}

/// `POST /api/v1/slack/interactions`: a preview's Confirm / Cancel.
#[utoipa::path(post,
    path = "/api/v1/slack/interactions",
    tag = "slack",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "payload=<block_actions JSON>, signed in X-Slack-Signature"),
    responses(
        (status = 200, description = "acknowledged; the outcome follows through response_url", body = Object),
        (status = 400, description = "signed but not an interaction", body = crate::openapi::ErrorBody),
        (status = 401, description = "not signed by Slack, or too old; nothing happened", body = crate::openapi::ErrorBody),
        (status = 404, description = "Slack is not enabled", body = crate::openapi::ErrorBody),
    ))]
pub async fn interactions(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let slack = match verified(&state, &headers, &body) {
        Ok(s) => s.clone(),
        Err(r) => return r.into_response(),
    };
    let i = match Interaction::parse(&body) {
        Ok(i) => i,
        Err(e) => return bad_payload(&e),
    };
    let Some(action) = i.actions.first().cloned() else {
        return StatusCode::OK.into_response();
    };
    let plan = action
        .value
        .as_deref()
        .and_then(|v| Uuid::parse_str(v).ok());
    let (Some(plan), Some(response_url)) = (plan, i.response_url.clone()) else {
        return StatusCode::OK.into_response();
    };
    if action.action_id != render::CONFIRM && action.action_id != render::CANCEL {
        return StatusCode::OK.into_response();
    }
    let team = i.team.as_ref().map(|t| t.id.clone()).unwrap_or_default();
    tokio::spawn(async move {
        let user = match person(&state, &team, &i.user.id).await {
            Ok(u) => u,
            Err(m) => {
                let _ = slack.api.respond(&response_url, &m, false, false).await;
                return;
            }
        };
        let Some(chat) = state.chat() else {
            return;
        };
        let result = if action.action_id == render::CONFIRM {
            chat.confirm(&user, plan, None).await
        } else {
            chat.cancel(&user, plan).await
        };
        // The outcome replaces the preview for everyone; a refusal (not
        // the asker's plan, expired) is told to the presser alone.
        let sent = match result {
            Ok(reply) => {
                state.metrics().observe_reply(&reply);
                slack
                    .api
                    .respond(&response_url, &message(&state, &reply), true, true)
                    .await
            }
            Err(e) => {
                slack
                    .api
                    .respond(&response_url, &render::note(&e.to_string()), false, false)
                    .await
            }
        };
        if let Err(e) = sent {
            tracing::error!(error = %e, "slack: the outcome could not be posted");
        }
    });
    StatusCode::OK.into_response()
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkBody {
    /// The token of the link `/kubechat link` gave.
    token: String,
}

/// `POST /api/v1/slack/link`: binds the Slack user of a one-time link to
/// the signed-in person.
#[utoipa::path(post,
    path = "/api/v1/slack/link",
    tag = "slack",
    request_body = LinkBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "linked: {team, slack_user}", body = Object),
        (status = 400, description = "the body is not {token}", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 410, description = "the link was used already or expired; ask /kubechat link again", body = crate::openapi::ErrorBody),
    ))]
pub async fn link(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    body: Bytes,
) -> Response {
    let b: LinkBody = match crate::accounts_api::parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let pending = match links::take(state.cache(), &b.token).await {
        Ok(Some(p)) => p,
        Ok(None) => {
            return ApiError::new(
                StatusCode::GONE,
                "link_expired",
                "this link was used already or has expired; type /kubechat link in Slack for a new one",
            )
            .into_response();
        }
        Err(e) => {
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                e.to_string(),
            )
            .into_response();
        }
    };
    let now = state.clock().now().unix_timestamp();
    if let Err(e) = links::link(
        state.store(),
        &pending.team,
        &pending.slack_user,
        p.user.id,
        now,
    )
    .await
    {
        return ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            e.to_string(),
        )
        .into_response();
    }
    tracing::info!(user = %p.user.username, slack_user = %pending.slack_user, team = %pending.team, "slack account linked");
    Json(json!({"team": pending.team, "slack_user": pending.slack_user})).into_response()
}
