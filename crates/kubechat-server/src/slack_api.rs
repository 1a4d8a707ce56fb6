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
            let (confirm, how) = match confirmation {
                Confirmation::Simple => (render::Confirm::Buttons, None),
                Confirmation::Typed { phrase } => (
                    render::Confirm::Typed,
                    Some(format!(
                        "Destructive: press Confirm… and type {phrase} to run it."
                    )),
                ),
                Confirmation::Approval => (
                    render::Confirm::Approval,
                    Some(format!(
                        "Destructive: another admin of the workspace approves it ({}); it waits for them.",
                        if state.config().slack.approvals_channel.is_some() {
                            "in the approvals channel or in KubeChat"
                        } else {
                            "in KubeChat"
                        }
                    )),
                ),
            };
            render::preview(kubectl, text, &plan_id.to_string(), confirm, how.as_deref())
        }
        Reply::NothingToChange { kubectl, .. } => render::note(&format!(
            "Nothing to change: {kubectl} changes nothing now."
        )),
        Reply::Cancelled { .. } => render::note("Cancelled; nothing changed."),
        Reply::Denied { reason, .. } => render::note(&format!("Not allowed: {reason}")),
    }
}

/// Where a Slack request came from and where its answer goes.
struct Origin<'a> {
    team: &'a str,
    slack_user: &'a str,
    channel: &'a str,
    /// For a slash command or a button.
    response_url: Option<&'a str>,
    /// For a mention or a direct message: the thread.
    thread: Option<&'a str>,
}

/// One chat turn for `user`, as Slack asked it; the message to answer and
/// whether the channel may see it. A preview is remembered (where to
/// answer, what its modal shows), and one that needs a second admin is
/// posted to the approvals channel.
async fn turn(
    state: &AppState,
    slack: &Slack,
    user: &kubechat_auth::User,
    from: &Origin<'_>,
    text: &str,
) -> (Message, bool) {
    let Some(chat) = state.chat() else {
        return (
            render::note("This KubeChat has no cluster configured."),
            false,
        );
    };
    // A channel bound to a bot (`/kubechat bot NAME`) asks that bot.
    let bot = match links::channel_bot(state.store(), from.team, from.channel).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "slack: the channel's bot cannot be read");
            None
        }
    };
    let request = kubechat_chat::TurnRequest {
        text: text.to_owned(),
        namespace: None,
        bot,
        // The history of this Slack user; its name is in every audit row
        // of the turn, with the Slack team and user ids.
        session: Some(format!("slack-{}-{}", from.team, from.slack_user)),
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
    let reply = match chat.run_turn(&turn, question, &|_| {}, &shape).await {
        Ok(reply) => reply,
        Err(e) => return (render::note(&e.to_string()), false),
    };
    state.metrics().observe_reply(&reply);
    if let Reply::Preview {
        plan_id,
        kubectl,
        text: changes,
        confirmation,
        ..
    } = &reply
    {
        let post = links::PlanPost {
            response_url: from.response_url.map(str::to_owned),
            channel: Some(from.channel.to_owned()),
            thread: from.thread.map(str::to_owned),
            kubectl: kubectl.clone(),
            phrase: match confirmation {
                Confirmation::Typed { phrase } => Some(phrase.clone()),
                _ => None,
            },
        };
        if let Err(e) = links::remember_plan(state.cache(), *plan_id, &post).await {
            tracing::error!(error = %e, "slack: a preview cannot be remembered");
        }
        if *confirmation == Confirmation::Approval
            && let Some(approvals) = &state.config().slack.approvals_channel
        {
            let ask =
                render::approval_request(&user.username, kubectl, changes, &plan_id.to_string());
            if let Err(e) = slack.api.post_message(approvals, None, &ask).await {
                tracing::error!(error = %e, "slack: the approval request could not be posted");
            }
        }
    }
    (message(state, &reply), true)
}

/// Answers about a plan where its preview was answered.
async fn answer_plan(slack: &Slack, post: &links::PlanPost, m: &Message) {
    let sent = match (&post.response_url, &post.channel) {
        (Some(url), _) => slack.api.respond(url, m, true, false).await,
        (None, Some(channel)) => slack
            .api
            .post_message(channel, post.thread.as_deref(), m)
            .await
            .map(|_| ()),
        (None, None) => Ok(()),
    };
    if let Err(e) = sent {
        tracing::error!(error = %e, "slack: an answer about a plan could not be posted");
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
    if let Some(bot) = text.strip_prefix("bot ") {
        return ephemeral(
            &bind_bot(&state, &user, &cmd.team_id, &cmd.channel_id, bot.trim()).await,
        );
    }
    tokio::spawn(async move {
        let from = Origin {
            team: &cmd.team_id,
            slack_user: &cmd.user_id,
            channel: &cmd.channel_id,
            response_url: Some(&cmd.response_url),
            thread: None,
        };
        let (answer, in_channel) = turn(&state, &slack, &user, &from, &text).await;
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

/// `/kubechat bot NAME`: the channel asks bot NAME from now on (its
/// policy, its default namespace). Admins only: it changes what everyone
/// in the channel may do.
async fn bind_bot(
    state: &AppState,
    user: &kubechat_auth::User,
    team: &str,
    channel: &str,
    bot: &str,
) -> Message {
    if user.role != kubechat_core::UserRole::Admin {
        return render::note(&format!(
            "{} has the role {}; only admins bind a channel to a bot",
            user.username, user.role
        ));
    }
    let Some(chat) = state.chat() else {
        return render::note("This KubeChat has no cluster configured.");
    };
    if let Err(e) = chat.bot(user.workspace_id, Some(bot)).await {
        return render::note(&e.to_string());
    }
    let now = state.clock().now().unix_timestamp();
    match links::bind_channel(state.store(), team, channel, bot, &user.username, now).await {
        Ok(()) => render::note(&format!(
            "This channel now asks the bot {bot}: its policy and default namespace apply here."
        )),
        Err(e) => {
            tracing::error!(error = %e, "slack: a channel cannot be bound");
            render::note("The channel could not be bound right now; try again.")
        }
    }
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
                let from = Origin {
                    team: &team,
                    slack_user: &user_id,
                    channel: &channel,
                    response_url: None,
                    thread: thread.as_deref(),
                };
                let (answer, _) = turn(&state, &slack, &user, &from, event.question()).await;
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

/// `POST /api/v1/slack/interactions`: a preview's buttons (Confirm,
/// Confirm… with its modal, Cancel) and an approval's (Approve, Reject).
#[utoipa::path(post,
    path = "/api/v1/slack/interactions",
    tag = "slack",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "payload=<block_actions or view_submission JSON>, signed in X-Slack-Signature"),
    responses(
        (status = 200, description = "acknowledged (a modal closes); the outcome follows through response_url or in the thread", body = Object),
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
    let team = i.team.as_ref().map(|t| t.id.clone()).unwrap_or_default();
    // The typed modal, submitted: closed at once, the change confirmed
    // with what was typed, the outcome answered where the preview was.
    if i.kind == "view_submission" {
        let Some((render::TYPED_VIEW, meta, typed)) = i.submitted() else {
            return StatusCode::OK.into_response();
        };
        let Ok(plan) = Uuid::parse_str(meta) else {
            return StatusCode::OK.into_response();
        };
        let typed = typed.to_owned();
        tokio::spawn(async move {
            let post = links::plan_post(state.cache(), plan)
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
            let outcome = match person(&state, &team, &i.user.id).await {
                Err(m) => m,
                Ok(user) => match state.chat() {
                    None => return,
                    Some(chat) => match chat.confirm(&user, plan, Some(&typed)).await {
                        Ok(reply) => {
                            state.metrics().observe_reply(&reply);
                            message(&state, &reply)
                        }
                        Err(e) => render::note(&e.to_string()),
                    },
                },
            };
            answer_plan(&slack, &post, &outcome).await;
        });
        return StatusCode::OK.into_response();
    }
    let Some(action) = i.actions.first().cloned() else {
        return StatusCode::OK.into_response();
    };
    let Some(plan) = action
        .value
        .as_deref()
        .and_then(|v| Uuid::parse_str(v).ok())
    else {
        return StatusCode::OK.into_response();
    };
    let known = [
        render::CONFIRM,
        render::CANCEL,
        render::TYPED,
        render::APPROVE,
        render::REJECT,
    ];
    if !known.contains(&action.action_id.as_str()) {
        return StatusCode::OK.into_response();
    }
    tokio::spawn(async move {
        let user = match person(&state, &team, &i.user.id).await {
            Ok(u) => u,
            Err(m) => return reply_to(&slack, &i, m, false, false).await,
        };
        let Some(chat) = state.chat() else {
            return;
        };
        let post = links::plan_post(state.cache(), plan).await.ok().flatten();
        match action.action_id.as_str() {
            render::TYPED => {
                // The modal's answer is checked again when it is
                // submitted (only the asker's plan can be confirmed).
                let Some(post) = post.filter(|p| p.phrase.is_some()) else {
                    let gone = render::note("This change is no longer waiting; ask again.");
                    return reply_to(&slack, &i, gone, false, false).await;
                };
                let view = render::typed_modal(
                    &post.kubectl,
                    post.phrase.as_deref().unwrap_or_default(),
                    &plan.to_string(),
                );
                if let Some(trigger) = &i.trigger_id
                    && let Err(e) = slack.api.open_view(trigger, &view).await
                {
                    tracing::error!(error = %e, "slack: the confirmation modal could not be opened");
                }
            }
            render::APPROVE | render::REJECT => {
                let approve = action.action_id == render::APPROVE;
                let result = if approve {
                    chat.approve(&user, plan).await
                } else {
                    chat.reject(&user, plan).await
                };
                match result {
                    Ok(reply) => {
                        state.metrics().observe_reply(&reply);
                        let decided = render::note(&format!(
                            "{} by {}: {}",
                            if approve { "Approved" } else { "Rejected" },
                            user.username,
                            post.as_ref().map_or("", |p| p.kubectl.as_str())
                        ));
                        reply_to(&slack, &i, decided, true, true).await;
                        // The decision and its result, where the asker asked.
                        if let Some(post) = &post {
                            answer_plan(&slack, post, &message(&state, &reply)).await;
                        }
                    }
                    Err(e) => {
                        reply_to(&slack, &i, render::note(&e.to_string()), false, false).await
                    }
                }
            }
            action => {
                let result = if action == render::CONFIRM {
                    chat.confirm(&user, plan, None).await
                } else {
                    chat.cancel(&user, plan).await
                };
                // The outcome replaces the preview for everyone; a refusal
                // (not the asker's plan, expired) is told to the presser.
                match result {
                    Ok(reply) => {
                        state.metrics().observe_reply(&reply);
                        reply_to(&slack, &i, message(&state, &reply), true, true).await;
                    }
                    Err(e) => {
                        reply_to(&slack, &i, render::note(&e.to_string()), false, false).await
                    }
                }
            }
        }
    });
    StatusCode::OK.into_response()
}

/// Answers a button press through its `response_url`.
async fn reply_to(slack: &Slack, i: &Interaction, m: Message, public: bool, replace: bool) {
    if let Some(url) = &i.response_url
        && let Err(e) = slack.api.respond(url, &m, public, replace).await
    {
        tracing::error!(error = %e, "slack: the outcome could not be posted");
    }
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
