//! `POST /nlp/process` (and `/process`, the path the runbook curls on the
//! nlp-service): the translator on its own, served by processes with the
//! `nlp` role. It only translates — nothing reaches the cluster. A
//! dedicated translator process takes no user token (in a cluster the
//! chart's NetworkPolicy lets only the gateway reach it); a process that
//! also serves the gateway answers signed-in people only, under their
//! workspace's bot, since its port is public.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use kubechat_config::Role;
use kubechat_nlp::{BotContext, Request, Translator};
use serde::Deserialize;
use tracing::Instrument;

use crate::AppState;
use crate::accounts_api::parse_body;
use crate::api_error::ApiError;

/// Longest `user_id` accepted (it is only logged).
const MAX_USER_ID: usize = 256;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcessBody {
    /// What the person typed.
    query: String,
    /// Who asked, for the logs.
    #[serde(default)]
    user_id: Option<String>,
    /// Where requests without a namespace run.
    #[serde(default)]
    namespace: Option<String>,
    /// The bot's settings, as the gateway sends them (part of the cache
    /// key and the prompt).
    #[serde(default)]
    bot: Option<BotBody>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BotBody {
    /// Identifies the settings (at most 4096 bytes).
    #[serde(default)]
    fingerprint: String,
    /// Verbs the bot allows.
    #[serde(default)]
    #[schema(value_type = Vec<String>)]
    allowed_verbs: Vec<kubechat_core::Verb>,
    /// The bot's instructions for the model (at most 2000 characters).
    #[serde(default)]
    persona: Option<String>,
    /// The one provider that reads for the bot.
    #[serde(default)]
    provider: Option<String>,
    /// The model asked at that provider.
    #[serde(default)]
    model: Option<String>,
}

/// `POST /nlp/process`.
#[utoipa::path(post,
    path = "/nlp/process",
    tag = "nlp",
    request_body = ProcessBody,
    responses(
        (status = 200, description = "the translation: operation, kubectl, risk, source (kubectl, rules, llm), confidence", body = Object),
        (status = 400, description = "the body is not valid; the message names the field", body = crate::openapi::ErrorBody),
        (status = 404, description = "this process does not serve the nlp role", body = crate::openapi::ErrorBody),
        (status = 422, description = "not understood or refused: {\"error\": {code, message, suggestions}}", body = Object),
    ))]
pub async fn process(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    if !state.config().has_role(Role::Nlp) {
        return ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "this process does not serve the nlp role; add \"nlp\" to server.roles",
        )
        .into_response();
    }
    // On a process that also serves the gateway (the public port) the
    // translator answers signed-in people only, under their workspace's
    // bot; a dedicated translator process stays open to the gateway.
    // The gateway holding the shared service token: its bot settings
    // (cache key, persona, verbs) are honoured; nobody else's are.
    let from_gateway = state.config().nlp.service_token.as_ref().is_some_and(|t| {
        crate::accounts_api::bearer(&headers)
            .is_some_and(|b| kubechat_auth::constant_time_eq(b.as_bytes(), t.expose().as_bytes()))
    });
    let caller = if state.config().has_role(Role::Gateway) && !from_gateway {
        let Some(token) = crate::accounts_api::bearer(&headers) else {
            tracing::warn!(
                reason = "missing",
                route = "/nlp/process",
                "authentication failed"
            );
            return crate::accounts_api::unauthorized(
                "this process serves the gateway too: send Authorization: Bearer <token>",
            );
        };
        match crate::accounts_api::authenticate(&state, token).await {
            Ok(p) => Some(p),
            Err(e) => return crate::accounts_api::auth_error(e),
        }
    } else {
        None
    };
    let b: ProcessBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    if caller.is_some() && b.bot.is_some() {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            "field `bot`: on a process that serves the gateway the bot settings are your workspace's; leave it out",
        )
        .into_response();
    }
    if b.user_id.as_deref().is_some_and(|u| u.len() > MAX_USER_ID) {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            format!("field `user_id`: longer than {MAX_USER_ID} bytes"),
        )
        .into_response();
    }
    let namespace = match b.namespace.as_deref().map(kubechat_core::Namespace::parse) {
        None => None,
        Some(Ok(ns)) => Some(ns),
        Some(Err(e)) => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                format!("field `namespace`: {e}"),
            )
            .into_response();
        }
    };
    // A caller without the token gets the default bot, whatever it sent:
    // it cannot choose another cache key or persona.
    let supplied = if from_gateway { b.bot } else { None };
    let bot = match supplied {
        Some(bot)
            if bot
                .persona
                .as_ref()
                .is_some_and(|p| p.chars().count() > 2000)
                || bot.model.as_ref().is_some_and(|m| m.len() > 200)
                || bot.provider.as_ref().is_some_and(|m| m.len() > 63) =>
        {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                "field `bot`: persona over 2000 characters, or an overlong provider or model name",
            )
            .into_response();
        }
        Some(bot) if bot.fingerprint.len() > 4096 => {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                "field `bot.fingerprint`: longer than 4096 bytes",
            )
            .into_response();
        }
        Some(bot) => BotContext {
            fingerprint: bot.fingerprint,
            allowed_verbs: bot.allowed_verbs,
            persona: bot.persona,
            provider: bot.provider,
            model: bot.model,
            ..BotContext::default()
        },
        None => BotContext::default(),
    };
    if let Some(p) = &caller
        && let Some(chat) = state.chat()
    {
        let asker = kubechat_chat::Asker {
            user: p.user.clone(),
            channel: kubechat_audit::Channel::Api,
            session_id: None,
            default_namespace: namespace
                .as_ref()
                .map_or_else(|| "default".to_owned(), |n| n.as_str().to_owned()),
            bot: None,
        };
        return match chat.interpret(&asker, &b.query).await {
            Ok(t) => Json(t).into_response(),
            Err(e) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(serde_json::json!({"error": {"code": e.code(), "message": e.to_string(), "suggestions": []}})),
            )
                .into_response(),
        };
    }
    let bot = match &caller {
        // Without a cluster, the caller's workspace names the settings.
        Some(p) => BotContext {
            fingerprint: format!("{}:default", p.user.workspace_id),
            ..BotContext::default()
        },
        None => bot,
    };
    let request = Request {
        text: &b.query,
        namespace: namespace.as_ref(),
        bot: &bot,
    };
    let span = tracing::info_span!("nlp_process", user_id = b.user_id.as_deref().unwrap_or(""));
    match state
        .translator()
        .translate(&request)
        .instrument(span)
        .await
    {
        Ok(t) => Json(t.in_namespace(namespace.as_ref())).into_response(),
        Err(e) => (StatusCode::UNPROCESSABLE_ENTITY, Json(e.to_json())).into_response(),
    }
}

/// `GET /api/v1/translator` (admins): how requests are translated — the
/// confidence threshold, and the LLM providers (name, kind, model, host,
/// circuit breaker) or the translator service; never a key or a full URL.
#[utoipa::path(get,
    path = "/api/v1/translator",
    tag = "nlp",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "mode (rules, providers, service), confidence_threshold, service_url, providers [{name, kind, model, host, breaker}]", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "only admins see the translator's set-up", body = crate::openapi::ErrorBody),
    ))]
pub async fn translator(
    State(state): State<AppState>,
    crate::accounts_api::Authenticated(p): crate::accounts_api::Authenticated,
) -> Response {
    if let Err(e) = ApiError::require_admin(&p.user, "see the translator's set-up") {
        return e.into_response();
    }
    let config = &state.config().nlp;
    let states: std::collections::HashMap<String, kubechat_core::BreakerState> =
        state.translator().breaker_states().into_iter().collect();
    let providers: Vec<serde_json::Value> = config
        .providers
        .iter()
        .map(|pr| {
            let host = url::Url::parse(&pr.url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default();
            let breaker = match states.get(&pr.name) {
                Some(kubechat_core::BreakerState::Open) => "open",
                Some(kubechat_core::BreakerState::HalfOpen) => "half-open",
                _ => "closed",
            };
            serde_json::json!({
                "name": pr.name, "kind": pr.kind, "model": pr.model, "host": host, "breaker": breaker,
            })
        })
        .collect();
    let mode = if config.service_url.is_some() {
        "service"
    } else if providers.is_empty() {
        "rules"
    } else {
        "providers"
    };
    Json(serde_json::json!({
        "mode": mode,
        "confidence_threshold": config.confidence_threshold,
        "service_url": config.service_url,
        "providers": providers,
    }))
    .into_response()
}
