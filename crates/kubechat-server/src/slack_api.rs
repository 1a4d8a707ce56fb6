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
//!
//! Which Slack team a request comes from decides its bot token and its
//! KubeChat workspace: a team that added the app ("Add to Slack", started
//! by a workspace admin, see [`install`]) answers with its own token in
//! its own workspace; any other team is the configured one
//! (`slack.bot_token`, `slack.workspace`), when a token is configured.

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use kubechat_audit::Channel;
use kubechat_chat::{Confirmation, Reply};
use kubechat_slack::payload::{EventRequest, Interaction, SlashCommand};
use kubechat_slack::render::{self, Message};
use kubechat_slack::{api::WebApi, installs, links};
use kubechat_store::{WorkspaceRepository, WorkspaceSlug};
use serde_json::json;
use uuid::Uuid;

use crate::accounts_api::Authenticated;
use crate::{ApiError, AppState};

/// How long an event id is remembered, so Slack's retries of it (after a
/// slow acknowledgement) are answered once.
const EVENT_MEMORY: Duration = Duration::from_secs(3600);

/// Slack turns running at once; beyond, a request is answered "busy"
/// rather than piling up.
const MAX_TURNS: usize = 32;

/// The Slack side, built once at start when `[slack] enabled`.
#[derive(Debug, Clone)]
pub struct Slack {
    /// The configured team's client (`slack.bot_token`), if one is set.
    api: Option<WebApi>,
    /// The same client without a token: installed teams' clients are
    /// made from it, and it exchanges install codes and answers through
    /// `response_url`s, which need no token.
    base: WebApi,
    /// Seals installed teams' tokens, when teams can add the app.
    sealer: Option<std::sync::Arc<installs::Sealer>>,
    turns: std::sync::Arc<tokio::sync::Semaphore>,
    /// The id of `slack.workspace`, read once (not on every request).
    workspace: std::sync::Arc<tokio::sync::OnceCell<Uuid>>,
}

impl Slack {
    /// The Web API clients of `config`, or `None` when Slack is off.
    pub fn from_config(
        config: &kubechat_config::SlackConfig,
    ) -> kubechat_slack::Result<Option<Self>> {
        if !config.enabled {
            return Ok(None);
        }
        let base = WebApi::new(
            &config.api_url,
            kubechat_config::Secret::new(""),
            Duration::from_millis(config.request_timeout_ms),
        )?;
        let api = config.token().map(|t| base.with_token(t));
        let sealer = match (config.installs(), config.client_secret()) {
            (true, Some(secret)) => Some(std::sync::Arc::new(installs::Sealer::new(&secret)?)),
            _ => None,
        };
        if api.is_none() && sealer.is_none() {
            return Err(kubechat_slack::Error::Api(
                "slack.bot_token is not set, and teams cannot add the app (slack.client_id, slack.client_secret)".into(),
            ));
        }
        Ok(Some(Self {
            api,
            base,
            sealer,
            turns: std::sync::Arc::new(tokio::sync::Semaphore::new(MAX_TURNS)),
            workspace: std::sync::Arc::default(),
        }))
    }
}

/// The Slack team a request came from, as KubeChat answers it: its bot
/// token's client, its KubeChat workspace, its approvals channel.
#[derive(Debug, Clone)]
struct Team {
    id: String,
    api: WebApi,
    workspace: Uuid,
    approvals: Option<String>,
}

/// The team `id`: installed ("Add to Slack"), or the configured one.
/// `Err` says what to tell the person when it is neither.
async fn team_of(state: &AppState, slack: &Slack, id: &str) -> Result<Team, Message> {
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, team = id, "slack: the team cannot be read");
        render::note(
            "KubeChat cannot read this Slack team's settings right now; try again in a moment.",
        )
    };
    if let Some(sealer) = &slack.sealer {
        match installs::find(state.store(), sealer, id)
            .await
            .map_err(|e| failed(&e))?
        {
            installs::Found::Install(install) => {
                return Ok(Team {
                    id: id.to_owned(),
                    api: slack.base.with_token(install.token),
                    workspace: install.workspace_id,
                    approvals: install.approvals_channel,
                });
            }
            installs::Found::Unreadable => {
                return Err(render::note(
                    "KubeChat can no longer use its token for this Slack team: an admin of your KubeChat workspace adds it again (Settings → Add to Slack).",
                ));
            }
            installs::Found::Absent => {}
        }
    }
    // The configured team: the one `slack.team_id` names — or, when teams
    // cannot add the app, the only team the app is in.
    let configured = match &state.config().slack.team_id {
        Some(t) => t == id,
        None => slack.sealer.is_none(),
    };
    match &slack.api {
        Some(api) if configured => Ok(Team {
            id: id.to_owned(),
            api: api.clone(),
            workspace: workspace_id(state).await.map_err(|e| failed(&e))?,
            approvals: state.config().slack.approvals_channel.clone(),
        }),
        _ => Err(render::note(
            "KubeChat is not installed in this Slack team: an admin of your KubeChat workspace adds it (Settings → Add to Slack).",
        )),
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
/// team's workspace, and within the rate limits (a user blocked or
/// limited in KubeChat is so in Slack). `Err` carries what to tell them.
async fn person(
    state: &AppState,
    team: &Team,
    slack_user: &str,
) -> Result<kubechat_auth::User, Message> {
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "slack: the person cannot be read");
        render::note("KubeChat cannot read your account right now; try again in a moment.")
    };
    let workspace = team.workspace;
    let Some(id) = links::linked(state.store(), &team.id, slack_user)
        .await
        .map_err(|e| failed(&e))?
    else {
        return Err(link_prompt(state));
    };
    let user = kubechat_auth::current_user(state.store(), id)
        .await
        .map_err(|e| failed(&e))?;
    let user = match user {
        Some(u) if u.disabled => {
            return Err(render::note(
                "Your KubeChat account is disabled; nothing runs for you. Ask an admin.",
            ));
        }
        Some(u) if u.workspace_id == workspace => u,
        _ => return Err(link_prompt(state)),
    };
    if let Err(limited) = crate::rate_limit::check(state, &user).await {
        return Err(render::note(&limited.message()));
    }
    Ok(user)
}

/// The id of the workspace the configured Slack team belongs to, looked
/// up once.
async fn workspace_id(state: &AppState) -> Result<Uuid, String> {
    let slack = state.slack().ok_or("Slack is not enabled")?;
    slack
        .workspace
        .get_or_try_init(|| async {
            let name = &state.config().slack.workspace;
            let slug = WorkspaceSlug::parse(name).map_err(|e| e.to_string())?;
            Ok(state
                .store()
                .workspace_by_slug(&slug)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("slack.workspace {name:?} is not a workspace"))?
                .id)
        })
        .await
        .copied()
}

/// "Link your account first": how, with the page that gives the code.
fn link_prompt(state: &AppState) -> Message {
    render::note_with_link(
        "Your Slack account is not linked to a KubeChat account, so nothing runs for you. Sign in to KubeChat, get your one-time code, and type `/kubechat link CODE` here:",
        &format!(
            "{}/#/slack-link",
            state.config().slack.public_url.trim_end_matches('/')
        ),
        "Get my code",
    )
}

/// `/kubechat link CODE`: binds this Slack user to the KubeChat person
/// who made the code in the web UI (signed in). The code proves the
/// KubeChat side and Slack's signature this Slack user; so nobody links a
/// Slack account to someone else's KubeChat account.
async fn link_with_code(state: &AppState, team: &Team, slack_user: &str, code: &str) -> Message {
    let failed = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "slack: a link code cannot be checked");
        render::note("The code cannot be checked right now; try again in a moment.")
    };
    let id = match links::take_code(state.cache(), code).await {
        Ok(Some(id)) => id,
        Ok(None) => {
            return render::note(
                "That code is not valid: it was used already, has expired (codes last 10 minutes) or is mistyped. Get a new one in KubeChat.",
            );
        }
        Err(e) => return failed(&e),
    };
    let workspace = team.workspace;
    let user = match kubechat_auth::current_user(state.store(), id).await {
        Ok(Some(u)) => u,
        Ok(None) => return render::note("That code's account no longer exists."),
        Err(e) => return failed(&e),
    };
    if user.disabled {
        return render::note("That KubeChat account is disabled; nothing was linked.");
    }
    if user.workspace_id != workspace {
        return render::note(&format!(
            "{} is in another KubeChat workspace than this Slack team; nothing was linked.",
            user.username
        ));
    }
    let now = state.clock().now().unix_timestamp();
    let team = team.id.as_str();
    if let Err(e) = links::link(state.store(), team, slack_user, user.id, now).await {
        return failed(&e);
    }
    crate::accounts_api::audit_account(
        state,
        &user,
        "slacklinks.kubechat.io",
        &format!(
            "link Slack user {slack_user} of team {team} to {}",
            user.username
        ),
        "linked",
    )
    .await;
    tracing::info!(user = %user.username, slack_user, team, "slack account linked");
    render::note(&format!(
        "Linked: in Slack you now act as {} ({}).",
        user.username, user.role
    ))
}

/// A reply in Slack's terms; `buttons` when the person may confirm with
/// a button.
fn message(state: &AppState, team: &Team, reply: &Reply) -> Message {
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
                        if team.approvals.is_some() {
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

/// One chat turn for `user`, as Slack asked it; the message to answer.
async fn turn(
    state: &AppState,
    team: &Team,
    user: &kubechat_auth::User,
    from: &Origin<'_>,
    text: &str,
) -> Message {
    let Some(chat) = state.chat() else {
        return render::note("This KubeChat has no cluster configured.");
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
        Err(e) => return render::note(&e.to_string()),
    };
    let question = json!({"text": text});
    let shape = |r: &kubechat_chat::Result<Reply>| match r {
        Ok(reply) => serde_json::to_value(reply).unwrap_or_default(),
        Err(e) => json!({"error": {"code": e.code(), "message": e.to_string()}}),
    };
    let sink = kubechat_chat::FnSink(|_: kubechat_chat::TurnEvent<'_>| {}, shape);
    match chat.run_turn(&turn, question, &sink).await {
        Ok(reply) => {
            let base = links::PlanPost {
                response_url: from.response_url.map(str::to_owned),
                channel: Some(from.channel.to_owned()),
                thread: from.thread.map(str::to_owned),
                asker: Some(user.id),
                slack_user: Some(from.slack_user.to_owned()),
                ..Default::default()
            };
            answered(state, team, user, &base, &reply).await
        }
        Err(e) => render::note(&e.to_string()),
    }
}

/// The message of a reply; a preview is remembered first (where to
/// answer, who asked, what its modal shows), and one that needs a second
/// admin is posted to the approvals channel. `base` says where the
/// preview's answers go.
async fn answered(
    state: &AppState,
    team: &Team,
    user: &kubechat_auth::User,
    base: &links::PlanPost,
    reply: &Reply,
) -> Message {
    state.metrics().observe_reply(reply);
    if let Reply::Preview {
        plan_id,
        kubectl,
        text: changes,
        confirmation,
        ..
    } = reply
    {
        let post = links::PlanPost {
            kubectl: kubectl.clone(),
            phrase: match confirmation {
                Confirmation::Typed { phrase } => Some(phrase.clone()),
                _ => None,
            },
            ..base.clone()
        };
        if let Err(e) = links::remember_plan(state.cache(), *plan_id, &post).await {
            tracing::error!(error = %e, "slack: a preview cannot be remembered");
        }
        if *confirmation == Confirmation::Approval
            && let Some(approvals) = &team.approvals
        {
            let ask =
                render::approval_request(&user.username, kubectl, changes, &plan_id.to_string());
            if let Err(e) = team.api.post_message(approvals, None, &ask).await {
                tracing::error!(error = %e, "slack: the approval request could not be posted");
            }
        }
    }
    message(state, team, reply)
}

/// Answers about a plan where its preview was answered: through its
/// `response_url` while that works (30 minutes, 5 uses), else in its
/// channel and thread — for the channel with `share_answers`, for the
/// asker alone without.
async fn answer_plan(state: &AppState, team: &Team, post: &links::PlanPost, m: &Message) {
    let share = state.config().slack.share_answers;
    if let Some(url) = &post.response_url
        && team.api.respond(url, m, share, false).await.is_ok()
    {
        return;
    }
    let Some(channel) = &post.channel else {
        return;
    };
    let sent = match (&post.slack_user, share) {
        (Some(user), false) => {
            team.api
                .post_ephemeral(channel, user, post.thread.as_deref(), m)
                .await
        }
        _ => {
            team.api
                .post_message(channel, post.thread.as_deref(), m)
                .await
        }
    };
    if let Err(e) = sent {
        tracing::error!(error = %e, "slack: an answer about a plan could not be posted");
    }
}

/// Slack's immediate answer to a slash command, for the asker only.
fn ephemeral(m: &Message) -> Response {
    let mut body = m.to_json();
    body["response_type"] = json!("ephemeral");
    Json(body).into_response()
}

/// A Slack turn's slot, or the refusal to give when too many run.
fn slot(slack: &Slack) -> Result<tokio::sync::OwnedSemaphorePermit, Message> {
    slack.turns.clone().try_acquire_owned().map_err(|_| {
        tracing::warn!("slack: {MAX_TURNS} turns already running; one refused");
        render::note("KubeChat is busy with other Slack requests; try again in a moment.")
    })
}

/// `POST /api/v1/slack/commands`: `/kubechat …`.
#[utoipa::path(post,
    path = "/api/v1/slack/commands",
    tag = "slack",
    request_body(content = String, content_type = "application/x-www-form-urlencoded", description = "Slack's slash command form (team_id, user_id, channel_id, text, response_url, …), signed in X-Slack-Signature"),
    responses(
        (status = 200, description = "acknowledged: help, linking, a refusal, or an empty body while the answer follows through response_url", body = Object),
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
    let team = match team_of(&state, &slack, &cmd.team_id).await {
        Ok(t) => t,
        Err(m) => return ephemeral(&m),
    };
    let text = cmd.text.trim().to_owned();
    if text.is_empty() || text == "help" {
        return ephemeral(&render::note(
            "Ask KubeChat in plain words or kubectl syntax: `/kubechat show pods in shop`, `/kubechat why is checkout crashing?`, `/kubechat scale web to 3`. `/kubechat link CODE` links your Slack account (the code is in KubeChat); admins bind a channel to a bot with `/kubechat bot NAME`, and choose where approvals are posted with `/kubechat approvals here`.",
        ));
    }
    if text == "link" {
        return ephemeral(&link_prompt(&state));
    }
    if let Some(code) = text.strip_prefix("link ") {
        return ephemeral(&link_with_code(&state, &team, &cmd.user_id, code.trim()).await);
    }
    let user = match person(&state, &team, &cmd.user_id).await {
        Ok(u) => u,
        Err(m) => return ephemeral(&m),
    };
    if let Some(bot) = text.strip_prefix("bot ") {
        return ephemeral(
            &bind_bot(&state, &user, &cmd.team_id, &cmd.channel_id, bot.trim()).await,
        );
    }
    if text == "approvals here" {
        return ephemeral(&bind_approvals(&state, &slack, &user, &team, &cmd.channel_id).await);
    }
    let permit = match slot(&slack) {
        Ok(p) => p,
        Err(m) => return ephemeral(&m),
    };
    tokio::spawn(async move {
        let _permit = permit;
        let from = Origin {
            team: &cmd.team_id,
            slack_user: &cmd.user_id,
            channel: &cmd.channel_id,
            response_url: Some(&cmd.response_url),
            thread: None,
        };
        let answer = turn(&state, &team, &user, &from, &text).await;
        let share = state.config().slack.share_answers;
        if let Err(e) = team
            .api
            .respond(&cmd.response_url, &answer, share, false)
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
        Ok(()) => {
            crate::accounts_api::audit_account(
                state,
                user,
                "slackchannels.kubechat.io",
                &format!("bind Slack channel {channel} of team {team} to bot {bot}"),
                "bound",
            )
            .await;
            render::note(&format!(
                "This channel now asks the bot {bot}: its policy and default namespace apply here."
            ))
        }
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
        (status = 401, description = "not signed by Slack, or too old; nothing happened", body = crate::openapi::ErrorBody),
        (status = 404, description = "Slack is not enabled", body = crate::openapi::ErrorBody),
    ))]
pub async fn events(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let slack = match verified(&state, &headers, &body) {
        Ok(s) => s.clone(),
        Err(r) => return r.into_response(),
    };
    // A signed event KubeChat cannot read is acknowledged all the same:
    // an error would make Slack retry it, and disable the subscription
    // when errors pile up.
    let request = match EventRequest::parse(&body) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "slack: an event was not understood");
            return StatusCode::OK.into_response();
        }
    };
    let (team_id, event_id, event) = match request {
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
    // A team that neither installed the app nor is the configured one
    // has no token to answer with: acknowledged, logged.
    let team = match team_of(&state, &slack, &team_id).await {
        Ok(t) => t,
        Err(m) => {
            tracing::warn!(team = team_id, reason = %m.text, "slack: an event from a team KubeChat cannot answer");
            return StatusCode::OK.into_response();
        }
    };
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
    // A mention is answered in its thread; a direct message in its own
    // thread only when it was in one.
    let thread = if event.channel_type.as_deref() == Some("im") {
        event.thread_ts.clone()
    } else {
        event.thread_ts.clone().or(event.ts.clone())
    };
    let permit = slot(&slack);
    tokio::spawn(async move {
        let share =
            state.config().slack.share_answers || event.channel_type.as_deref() == Some("im");
        let (answer, share) = match (permit, person(&state, &team, &user_id).await) {
            (Err(m), _) | (_, Err(m)) => (m, false),
            (Ok(_permit), Ok(user)) => {
                let from = Origin {
                    team: &team.id,
                    slack_user: &user_id,
                    channel: &channel,
                    response_url: None,
                    thread: thread.as_deref(),
                };
                (
                    turn(&state, &team, &user, &from, event.question()).await,
                    share,
                )
            }
        };
        let posted = if share {
            team.api
                .post_message(&channel, thread.as_deref(), &answer)
                .await
        } else {
            team.api
                .post_ephemeral(&channel, &user_id, thread.as_deref(), &answer)
                .await
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
        (status = 200, description = "acknowledged (a modal closes, or shows what to fix); the outcome follows through response_url or in the thread", body = Object),
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
    let team_id = i.team.as_ref().map(|t| t.id.clone()).unwrap_or_default();
    let team = match team_of(&state, &slack, &team_id).await {
        Ok(t) => t,
        Err(m) => {
            reply_to(&slack.base, &i, m, false, false).await;
            return StatusCode::OK.into_response();
        }
    };
    if i.kind == "view_submission" {
        return submitted(state, slack, i, team).await;
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
    let permit = match slot(&slack) {
        Ok(p) => p,
        Err(m) => {
            reply_to(&team.api, &i, m, false, false).await;
            return StatusCode::OK.into_response();
        }
    };
    tokio::spawn(async move {
        let _permit = permit;
        let user = match person(&state, &team, &i.user.id).await {
            Ok(u) => u,
            Err(m) => return reply_to(&team.api, &i, m, false, false).await,
        };
        let Some(chat) = state.chat() else {
            return;
        };
        let share = state.config().slack.share_answers;
        let post = links::plan_post(state.cache(), plan)
            .await
            .ok()
            .flatten()
            .unwrap_or_default();
        match action.action_id.as_str() {
            render::TYPED => {
                // The modal is the asker's only, for a plan still waiting.
                if post.asker != Some(user.id) || post.phrase.is_none() {
                    let no = render::note(
                        "Only the person who asked can confirm this change, while it waits.",
                    );
                    return reply_to(&team.api, &i, no, false, false).await;
                }
                let view = render::typed_modal(
                    &post.kubectl,
                    post.phrase.as_deref().unwrap_or_default(),
                    &plan.to_string(),
                );
                if let Some(trigger) = &i.trigger_id
                    && let Err(e) = team.api.open_view(trigger, &view).await
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
                        let decided = render::note(&format!(
                            "{} by {}: {}",
                            if approve { "Approved" } else { "Rejected" },
                            user.username,
                            post.kubectl
                        ));
                        reply_to(&team.api, &i, decided, true, true).await;
                        // The decision and its result, where the asker asked.
                        let m = answered(&state, &team, &user, &post, &reply).await;
                        answer_plan(&state, &team, &post, &m).await;
                    }
                    Err(e) => {
                        reply_to(&team.api, &i, render::note(&e.to_string()), false, false).await
                    }
                }
            }
            action => {
                let result = if action == render::CONFIRM {
                    chat.confirm(&user, plan, None).await
                } else {
                    chat.cancel(&user, plan).await
                };
                // The outcome replaces the preview; a refusal (not the
                // asker's plan, expired) is told to the presser alone.
                match result {
                    Ok(reply) => {
                        let m = answered(&state, &team, &user, &post, &reply).await;
                        reply_to(&team.api, &i, m, share, true).await;
                    }
                    Err(e) => {
                        reply_to(&team.api, &i, render::note(&e.to_string()), false, false).await
                    }
                }
            }
        }
    });
    StatusCode::OK.into_response()
}

/// The typed modal, submitted. A name that is not the one to type keeps
/// the modal open with the error under the field; otherwise it closes at
/// once, the change is confirmed with what was typed, and the outcome is
/// answered where the preview was (a refusal to the presser alone).
async fn submitted(state: AppState, slack: Slack, i: Interaction, team: Team) -> Response {
    let Some((render::TYPED_VIEW, meta, typed)) = i.submitted() else {
        return StatusCode::OK.into_response();
    };
    let Ok(plan) = Uuid::parse_str(meta) else {
        return StatusCode::OK.into_response();
    };
    let field_error = |message: &str| {
        Json(json!({
            "response_action": "errors",
            "errors": { render::TYPED_INPUT: message }
        }))
        .into_response()
    };
    let user = match person(&state, &team, &i.user.id).await {
        Ok(u) => u,
        Err(m) => return field_error(&m.text),
    };
    let post = links::plan_post(state.cache(), plan)
        .await
        .ok()
        .flatten()
        .unwrap_or_default();
    if post.asker != Some(user.id) {
        return field_error("Only the person who asked can confirm this change.");
    }
    let Some(phrase) = post.phrase.clone() else {
        return field_error("This change is no longer waiting; ask again.");
    };
    if typed.trim() != phrase {
        return field_error(&format!("Type {phrase} exactly to confirm."));
    }
    let typed = typed.trim().to_owned();
    let permit = match slot(&slack) {
        Ok(p) => p,
        Err(m) => return field_error(&m.text),
    };
    tokio::spawn(async move {
        let _permit = permit;
        let Some(chat) = state.chat() else {
            return;
        };
        match chat.confirm(&user, plan, Some(&typed)).await {
            Ok(reply) => {
                let m = answered(&state, &team, &user, &post, &reply).await;
                answer_plan(&state, &team, &post, &m).await;
            }
            Err(e) => {
                if let Some(channel) = &post.channel
                    && let Err(e) = team
                        .api
                        .post_ephemeral(
                            channel,
                            &i.user.id,
                            post.thread.as_deref(),
                            &render::note(&e.to_string()),
                        )
                        .await
                {
                    tracing::error!(error = %e, "slack: a refusal could not be posted");
                }
            }
        }
    });
    StatusCode::OK.into_response()
}

/// Answers a button press through its `response_url`.
async fn reply_to(api: &WebApi, i: &Interaction, m: Message, public: bool, replace: bool) {
    if let Some(url) = &i.response_url
        && let Err(e) = api.respond(url, &m, public, replace).await
    {
        tracing::error!(error = %e, "slack: the outcome could not be posted");
    }
}

/// `POST /api/v1/slack/link-code`: a one-time code for the signed-in
/// person, typed in Slack as `/kubechat link CODE` to link the Slack
/// account typing it.
#[utoipa::path(post,
    path = "/api/v1/slack/link-code",
    tag = "slack",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "{code, expires_in_seconds, command}: type the command in Slack before it expires", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 404, description = "Slack is not enabled", body = crate::openapi::ErrorBody),
    ))]
pub async fn link_code(State(state): State<AppState>, Authenticated(p): Authenticated) -> Response {
    if state.slack().is_none() {
        return slack_off().into_response();
    }
    match links::offer_code(state.cache(), p.user.id).await {
        Ok(code) => Json(json!({
            "code": code,
            "expires_in_seconds": links::LINK_TTL.as_secs(),
            "command": format!("/kubechat link {code}"),
        }))
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "slack: a link code cannot be made");
            ApiError::unavailable("a link code cannot be made right now; try again").into_response()
        }
    }
}

/// `/kubechat approvals here`: changes waiting for a second admin are
/// posted in this channel of this (installed) team. Admins only; the
/// configured team's channel is `slack.approvals_channel`.
async fn bind_approvals(
    state: &AppState,
    slack: &Slack,
    user: &kubechat_auth::User,
    team: &Team,
    channel: &str,
) -> Message {
    if user.role != kubechat_core::UserRole::Admin {
        return render::note(&format!(
            "{} has the role {}; only admins choose the approvals channel",
            user.username, user.role
        ));
    }
    if slack.sealer.is_none() {
        return render::note(
            "This Slack team is the configured one: its approvals channel is slack.approvals_channel in KubeChat's configuration.",
        );
    }
    match installs::set_approvals(state.store(), team.workspace, &team.id, channel).await {
        Ok(true) => {
            crate::accounts_api::audit_account(
                state,
                user,
                "slackinstalls.kubechat.io",
                &format!(
                    "post approvals of Slack team {} in channel {channel}",
                    team.id
                ),
                "bound",
            )
            .await;
            render::note(
                "Changes waiting for a second admin are posted in this channel from now on.",
            )
        }
        Ok(false) => render::note(
            "This Slack team is the configured one: its approvals channel is slack.approvals_channel in KubeChat's configuration.",
        ),
        Err(e) => {
            tracing::error!(error = %e, "slack: the approvals channel cannot be set");
            render::note("The approvals channel could not be set right now; try again.")
        }
    }
}

/// 404 unless teams can add the app ("Add to Slack" is configured).
fn installs_on(state: &AppState) -> Result<(&Slack, &std::sync::Arc<installs::Sealer>), ApiError> {
    let slack = state.slack().ok_or_else(slack_off)?;
    let sealer = slack.sealer.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "slack_install_disabled",
            "\"Add to Slack\" is not configured on this deployment (slack.client_id and slack.client_secret)",
        )
    })?;
    Ok((slack, sealer))
}

/// The cookie binding an install to the browser that started it.
const INSTALL_COOKIE: &str = "kubechat_slack_install";

/// Where Slack sends an admin back after an install.
fn redirect_uri(state: &AppState) -> String {
    format!(
        "{}/api/v1/slack/oauth",
        state.config().slack.public_url.trim_end_matches('/')
    )
}

/// `POST /api/v1/slack/install`: starts "Add to Slack" for the signed-in
/// admin's workspace — Slack's authorize page, with a single-use state
/// bound to this admin, workspace and browser (a cookie set here) for 10
/// minutes.
#[utoipa::path(post,
    path = "/api/v1/slack/install",
    tag = "slack",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "{url, expires_in_seconds}: open url in the browser to approve the install in Slack", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "not an admin", body = crate::openapi::ErrorBody),
        (status = 404, description = "Slack, or \"Add to Slack\", is not configured", body = crate::openapi::ErrorBody),
    ))]
pub async fn install(State(state): State<AppState>, Authenticated(p): Authenticated) -> Response {
    if let Err(e) = installs_on(&state) {
        return e.into_response();
    }
    if let Err(e) = ApiError::require_admin(&p.user, "add KubeChat to a Slack team") {
        return e.into_response();
    }
    let Ok(binding) = kubechat_auth::secret::generate("") else {
        return ApiError::unavailable("an install cannot be started right now; try again")
            .into_response();
    };
    let started = installs::Started {
        workspace_id: p.user.workspace_id,
        user_id: p.user.id,
        browser: kubechat_auth::secret::digest(&binding),
    };
    let token = match installs::offer_state(state.cache(), &started).await {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = %e, "slack: an install cannot be started");
            return ApiError::unavailable("an install cannot be started right now; try again")
                .into_response();
        }
    };
    let cfg = &state.config().slack;
    let Ok(mut url) = url::Url::parse(&cfg.oauth_url) else {
        return ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "misconfigured",
            "slack.oauth_url is not a URL",
        )
        .into_response();
    };
    url.query_pairs_mut()
        .append_pair("client_id", cfg.client_id.as_deref().unwrap_or_default())
        .append_pair("scope", installs::BOT_SCOPES)
        .append_pair("redirect_uri", &redirect_uri(&state))
        .append_pair("state", &token);
    let secure = if cfg.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{INSTALL_COOKIE}={binding}; HttpOnly; SameSite=Lax; Path=/api/v1/slack/oauth; Max-Age={}{secure}",
        installs::STATE_TTL.as_secs()
    );
    let mut r = Json(json!({
        "url": url.as_str(),
        "expires_in_seconds": installs::STATE_TTL.as_secs(),
    }))
    .into_response();
    if let Ok(c) = axum::http::HeaderValue::from_str(&cookie) {
        r.headers_mut().insert(axum::http::header::SET_COOKIE, c);
        r.headers_mut().insert(
            axum::http::header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    r
}

/// `GET /api/v1/slack/oauth`: Slack's answer to an install. The state
/// must be one KubeChat gave (once, in time); the code is exchanged for
/// the team's bot token, which is stored sealed for the workspace of the
/// admin who started it — still an admin, still enabled. Then back to the
/// web UI's settings, which say the team was added.
#[utoipa::path(get,
    path = "/api/v1/slack/oauth",
    tag = "slack",
    params(crate::sso_api::CallbackQuery),
    responses(
        (status = 303, description = "to the web UI's settings: the team was added"),
        (status = 400, description = "a forged, reused or expired state, an install refused in Slack, or a code Slack did not accept", body = crate::openapi::ErrorBody),
        (status = 403, description = "the admin who started it is no longer an enabled admin", body = crate::openapi::ErrorBody),
        (status = 404, description = "Slack, or \"Add to Slack\", is not configured", body = crate::openapi::ErrorBody),
        (status = 409, description = "the Slack team belongs to another KubeChat workspace", body = crate::openapi::ErrorBody),
    ))]
pub async fn oauth(
    State(state): State<AppState>,
    Query(q): Query<crate::sso_api::CallbackQuery>,
    headers: HeaderMap,
) -> Response {
    let (slack, sealer) = match installs_on(&state) {
        Ok(x) => x,
        Err(e) => return e.into_response(),
    };
    let bad = |code: &'static str, message: String| {
        tracing::warn!(code, message, "slack: an install did not finish");
        ApiError::new(StatusCode::BAD_REQUEST, code, message).into_response()
    };
    let unavailable = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "slack: an install cannot finish");
        ApiError::unavailable("the install cannot finish right now; start it again from Settings")
            .into_response()
    };
    // The state is spent first, whatever else the answer holds.
    let started = match q.state.as_deref() {
        Some(s) => match installs::take_state(state.cache(), s).await {
            Ok(started) => started,
            Err(e) => return unavailable(&e),
        },
        None => None,
    };
    let Some(started) = started else {
        return bad(
            "invalid_state",
            "this install was not started here, was finished already, or is older than 10 minutes; start it again from Settings".into(),
        );
    };
    // Started in this browser: the cookie set then, whose digest the
    // state holds (a link with the state opened elsewhere does nothing).
    let here =
        crate::sso_api::cookie_value(&headers, INSTALL_COOKIE).map(kubechat_auth::secret::digest);
    if here.as_deref() != Some(started.browser.as_str()) {
        return bad(
            "invalid_state",
            "this install was started in another browser; start it again from Settings here".into(),
        );
    }
    if let Some(e) = q.error {
        let said: String = e.chars().take(100).collect();
        return bad(
            "install_refused",
            format!("Slack answered {said}; nothing was added"),
        );
    }
    let Some(code) = q.code.filter(|c| !c.is_empty() && c.len() <= 512) else {
        return bad(
            "invalid_code",
            "Slack sent no code back; nothing was added".into(),
        );
    };
    let cfg = &state.config().slack;
    let (Some(client_id), Some(secret)) = (cfg.client_id.as_deref(), cfg.client_secret()) else {
        return unavailable(&"slack.client_id or slack.client_secret is not set");
    };
    let granted = match slack
        .base
        .oauth_access(client_id, &secret, &code, &redirect_uri(&state))
        .await
    {
        Ok(g) => g,
        Err(e) => return bad("code_refused", format!("{e}; nothing was added")),
    };
    let admin = match kubechat_auth::current_user(state.store(), started.user_id).await {
        Ok(Some(u))
            if !u.disabled
                && u.role == kubechat_core::UserRole::Admin
                && u.workspace_id == started.workspace_id =>
        {
            u
        }
        Ok(_) => {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "the person who started this install is no longer an enabled admin of the workspace; nothing was added",
            )
            .into_response();
        }
        Err(e) => return unavailable(&e),
    };
    // The configured team is answered with the configured token, in the
    // configured workspace: it is never added as well.
    if cfg.team_id.as_deref() == Some(granted.team_id.as_str()) {
        return ApiError::new(
            StatusCode::CONFLICT,
            "team_taken",
            format!(
                "the Slack team {} is this deployment's configured team (slack.team_id); it is not added again",
                granted.team_id
            ),
        )
        .into_response();
    }
    let install = installs::Install {
        team_id: granted.team_id.clone(),
        team_name: granted.team_name.clone(),
        workspace_id: started.workspace_id,
        bot_user_id: granted.bot_user_id,
        token: granted.token,
        approvals_channel: None,
    };
    let now = state.clock().now().unix_timestamp();
    match installs::save(state.store(), sealer, &install, &admin.username, now).await {
        Ok(true) => {}
        Ok(false) => {
            return ApiError::new(
                StatusCode::CONFLICT,
                "team_taken",
                format!(
                    "the Slack team {} ({}) belongs to another KubeChat workspace; an admin there removes it first",
                    install.team_name, install.team_id
                ),
            )
            .into_response();
        }
        Err(e) => return unavailable(&e),
    }
    crate::accounts_api::audit_account(
        &state,
        &admin,
        "slackinstalls.kubechat.io",
        &format!(
            "add KubeChat to Slack team {} ({})",
            install.team_id, install.team_name
        ),
        "installed",
    )
    .await;
    tracing::info!(team = %install.team_id, team_name = %install.team_name, by = %admin.username, "slack: a team added KubeChat");
    let name: String = url::form_urlencoded::byte_serialize(install.team_name.as_bytes()).collect();
    let back = format!(
        "{}/#/settings?slack_installed={name}",
        cfg.public_url.trim_end_matches('/')
    );
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(loc) = axum::http::HeaderValue::from_str(&back) {
        r.headers_mut().insert(axum::http::header::LOCATION, loc);
    }
    r.headers_mut().insert(
        axum::http::header::SET_COOKIE,
        axum::http::HeaderValue::from_static(
            "kubechat_slack_install=; HttpOnly; SameSite=Lax; Path=/api/v1/slack/oauth; Max-Age=0",
        ),
    );
    r
}

/// `GET /api/v1/slack/installs`: the Slack teams that added KubeChat for
/// the admin's workspace (never their tokens), and whether more can.
#[utoipa::path(get,
    path = "/api/v1/slack/installs",
    tag = "slack",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "{installs: [{team_id, team_name, bot_user_id, installed_by, installed_at}], can_install}", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "not an admin", body = crate::openapi::ErrorBody),
        (status = 404, description = "Slack is not enabled", body = crate::openapi::ErrorBody),
    ))]
pub async fn list_installs(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
) -> Response {
    let Some(slack) = state.slack() else {
        return slack_off().into_response();
    };
    if let Err(e) = ApiError::require_admin(&p.user, "see the Slack teams") {
        return e.into_response();
    }
    match installs::list(state.store(), p.user.workspace_id).await {
        Ok(list) => {
            Json(json!({"installs": list, "can_install": slack.sealer.is_some()})).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "slack: installs cannot be read");
            ApiError::unavailable("the Slack teams cannot be read right now").into_response()
        }
    }
}

/// `DELETE /api/v1/slack/installs/{team}`: the team's install (and its
/// token) removed from the admin's workspace; its requests are answered
/// "not installed" from then on.
#[utoipa::path(delete,
    path = "/api/v1/slack/installs/{team}",
    tag = "slack",
    security(("bearer" = [])),
    params(("team" = String, Path, description = "the Slack team id (T…)")),
    responses(
        (status = 204, description = "removed"),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "not an admin", body = crate::openapi::ErrorBody),
        (status = 404, description = "no such team in this workspace, or Slack is not enabled", body = crate::openapi::ErrorBody),
    ))]
pub async fn remove_install(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(team): Path<String>,
) -> Response {
    if state.slack().is_none() {
        return slack_off().into_response();
    }
    if let Err(e) = ApiError::require_admin(&p.user, "remove a Slack team") {
        return e.into_response();
    }
    match installs::remove(state.store(), p.user.workspace_id, &team).await {
        Ok(true) => {
            crate::accounts_api::audit_account(
                &state,
                &p.user,
                "slackinstalls.kubechat.io",
                &format!("remove KubeChat from Slack team {team}"),
                "removed",
            )
            .await;
            StatusCode::NO_CONTENT.into_response()
        }
        Ok(false) => ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no Slack team {team:?} added KubeChat for this workspace"),
        )
        .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "slack: an install cannot be removed");
            ApiError::unavailable("the Slack team cannot be removed right now").into_response()
        }
    }
}
