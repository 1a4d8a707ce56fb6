//! The workspace's bots over HTTP: list, read, save (versioned, audited,
//! optimistic), history.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use kubechat_audit::Channel;
use kubechat_chat::bots::BotSettings;
use serde::Deserialize;
use serde_json::json;

use crate::accounts_api::{Authenticated, parse_body};
use crate::chat_api::{chat_error, no_cluster};
use crate::{ApiError, AppState};

/// `GET /api/v1/bots`.
#[utoipa::path(get,
    path = "/api/v1/bots",
    tag = "bots",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "{bots: [{name, version, settings, updated_by, updated_at}], choices: {providers, clusters}}; the default bot first", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn list(State(state): State<AppState>, Authenticated(p): Authenticated) -> Response {
    let Some(chat) = state.chat() else {
        return no_cluster().into_response();
    };
    match chat.bots(p.user.workspace_id).await {
        Ok(bots) => {
            let c = chat.choices();
            Json(json!({"bots": bots, "choices": {"providers": c.providers, "clusters": c.clusters}}))
                .into_response()
        }
        Err(e) => chat_error(&e),
    }
}

/// `GET /api/v1/bots/{name}`.
#[utoipa::path(get,
    path = "/api/v1/bots/{name}",
    tag = "bots",
    params(("name" = String, Path, description = "the bot's name (`kubechat` is every workspace's default bot)")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "{name, version, settings, updated_by, updated_at}", body = Object),
        (status = 404, description = "no such bot in the caller's workspace", body = crate::openapi::ErrorBody),
    ))]
pub async fn get(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(name): Path<String>,
) -> Response {
    let Some(chat) = state.chat() else {
        return no_cluster().into_response();
    };
    match chat.bot(p.user.workspace_id, Some(&name)).await {
        Ok(b) => Json(b).into_response(),
        Err(e) => chat_error(&e),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveBody {
    /// The version the change was made from (0 for a new bot): a save
    /// from an older version is refused (409) instead of overwriting.
    version: i64,
    /// display_name, avatar, persona, default_namespace, policy,
    /// llm_provider, llm_model, cluster.
    #[schema(value_type = Object)]
    settings: BotSettings,
}

/// `PUT /api/v1/bots/{name}`: saves a new version (creates the bot).
#[utoipa::path(put,
    path = "/api/v1/bots/{name}",
    tag = "bots",
    params(("name" = String, Path, description = "the bot's name")),
    request_body = SaveBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the saved bot with its new version", body = Object),
        (status = 400, description = "a setting is not valid; the message names it", body = crate::openapi::ErrorBody),
        (status = 403, description = "not an admin, or the plan's clusters are used up", body = crate::openapi::ErrorBody),
        (status = 409, description = "saved meanwhile by someone else (version_conflict)", body = crate::openapi::ErrorBody),
    ))]
pub async fn save(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(e) = ApiError::require_admin(&p.user, "change bots") {
        return e.into_response();
    }
    let Some(chat) = state.chat() else {
        return no_cluster().into_response();
    };
    let b: SaveBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    match chat
        .save_bot(&p.user, Channel::Api, &name, b.version, b.settings)
        .await
    {
        Ok(bot) => {
            tracing::info!(user = %p.user.username, bot = %bot.name, version = bot.version, "bot saved");
            Json(bot).into_response()
        }
        Err(e) => chat_error(&e),
    }
}

/// `GET /api/v1/bots/{name}/versions`.
#[utoipa::path(get,
    path = "/api/v1/bots/{name}/versions",
    tag = "bots",
    params(("name" = String, Path, description = "the bot's name")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "{versions: [{version, settings, changed, changed_by, changed_at}]}, newest first", body = Object),
        (status = 403, description = "not an admin", body = crate::openapi::ErrorBody),
    ))]
pub async fn versions(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(name): Path<String>,
) -> Response {
    if let Err(e) = ApiError::require_admin(&p.user, "see a bot's history") {
        return e.into_response();
    }
    let Some(chat) = state.chat() else {
        return no_cluster().into_response();
    };
    match chat.bot_versions(p.user.workspace_id, &name).await {
        Ok(v) => Json(json!({"versions": v})).into_response(),
        Err(e) => chat_error(&e),
    }
}
