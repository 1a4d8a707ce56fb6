//! The first five minutes: a server whose database has no users prints,
//! once at start, a one-time link to create the first admin
//! (`http://HOST:PORT/setup#token=…`), and the web UI opens a form for it.
//!
//! The token lives only in this process's memory and in that log line. It
//! is compared in constant time, works once, and stops working as soon as
//! any user exists (created here, or with `kubechat users add`). A wrong
//! token or a second setup is refused and nothing is written.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use kubechat_core::UserRole;
use kubechat_store::{DEFAULT_WORKSPACE_ID, WorkspaceRepository, WorkspaceSlug};
use serde::Deserialize;
use serde_json::json;

use crate::{ApiError, AppState};

/// The one-time setup token of a process, while setup is needed.
#[derive(Debug, Default)]
pub struct Setup {
    token: tokio::sync::Mutex<Option<String>>,
}

impl Setup {
    /// A setup with a fresh random token (128 bits).
    pub fn needed() -> Self {
        Self {
            token: tokio::sync::Mutex::new(Some(uuid::Uuid::new_v4().simple().to_string())),
        }
    }

    /// The token, while setup is still possible.
    pub async fn token(&self) -> Option<String> {
        self.token.lock().await.clone()
    }
}

/// Whether setup is still needed: a token is held and no user exists (a
/// user added with `kubechat users add` ends it too).
async fn still_needed(state: &AppState) -> Result<bool, ApiError> {
    if state.setup().token().await.is_none() {
        return Ok(false);
    }
    let any = kubechat_auth::has_users(state.store()).await.map_err(|e| {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            e.to_string(),
        )
    })?;
    if any {
        *state.setup().token.lock().await = None;
    }
    Ok(!any)
}

/// `GET /api/v1/setup`: whether the first admin is still to be created.
#[utoipa::path(get,
    path = "/api/v1/setup",
    tag = "accounts",
    responses(
        (status = 200, description = "{needed: true} while no user exists and this process holds a setup link; {needed: false} after", body = Object),
    ))]
pub async fn status(State(state): State<AppState>) -> Response {
    match still_needed(&state).await {
        Ok(needed) => Json(json!({ "needed": needed })).into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupBody {
    /// The token of the setup link the server printed.
    token: String,
    username: String,
    password: String,
    /// A workspace to create for the admin [default: the `default`
    /// workspace].
    #[serde(default)]
    workspace: Option<String>,
}

fn refused(status: StatusCode, code: &'static str, message: &str) -> Response {
    ApiError::new(status, code, message).into_response()
}

/// `POST /api/v1/setup`: creates the first admin, once.
#[utoipa::path(post,
    path = "/api/v1/setup",
    tag = "accounts",
    request_body = SetupBody,
    responses(
        (status = 201, description = "the first admin was created: {username, workspace}; sign in with it", body = Object),
        (status = 400, description = "a field is invalid (username, password, workspace); the message names it", body = crate::openapi::ErrorBody),
        (status = 403, description = "the token is not this server's setup token; nothing was written", body = crate::openapi::ErrorBody),
        (status = 409, description = "setup is done (a user exists); sign in instead", body = crate::openapi::ErrorBody),
    ))]
pub async fn create(State(state): State<AppState>, body: Bytes) -> Response {
    let b: SetupBody = match crate::accounts_api::parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    // One setup at a time in this process; the check and the insert run
    // under the token's lock.
    let mut held = state.setup().token.lock().await;
    let Some(token) = held.clone() else {
        return refused(
            StatusCode::CONFLICT,
            "setup_done",
            "setup is done: an admin exists; sign in instead",
        );
    };
    if !kubechat_auth::constant_time_eq(token.as_bytes(), b.token.trim().as_bytes()) {
        tracing::warn!("setup refused: wrong setup token");
        return refused(
            StatusCode::FORBIDDEN,
            "setup_token",
            "this is not the setup link the server printed; use the link from its log",
        );
    }
    match kubechat_auth::has_users(state.store()).await {
        Ok(true) => {
            *held = None;
            return refused(
                StatusCode::CONFLICT,
                "setup_done",
                "setup is done: an admin exists; sign in instead",
            );
        }
        Ok(false) => {}
        Err(e) => {
            return refused(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                &e.to_string(),
            );
        }
    }
    if let Err(e) = kubechat_auth::check_username(&b.username) {
        return refused(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            &format!("field `username`: {e}"),
        );
    }
    // Every field is checked before anything is written (a workspace
    // included).
    if let Err(e) = kubechat_auth::password::check_new(&b.password) {
        return refused(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            &format!("field `password`: {e}"),
        );
    }
    let workspace_slug = b
        .workspace
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty());
    if workspace_slug.is_some_and(|w| WorkspaceSlug::parse(w).is_err()) {
        return refused(
            StatusCode::BAD_REQUEST,
            "invalid_body",
            "field `workspace`: use 1 to 63 lower-case letters, digits or '-', such as team-a",
        );
    }
    // One setup per database, whichever replica's link is used.
    let now = state.clock().now().unix_timestamp();
    match kubechat_auth::claim_setup(state.store(), &b.username, now).await {
        Ok(true) => {}
        Ok(false) => {
            *held = None;
            return refused(
                StatusCode::CONFLICT,
                "setup_done",
                "setup is done: an admin exists; sign in instead",
            );
        }
        Err(e) => {
            return refused(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                &e.to_string(),
            );
        }
    }
    let user = match create_admin(&state, &b, workspace_slug).await {
        Ok(u) => u,
        Err(response) => {
            if let Err(e) = kubechat_auth::release_setup(state.store()).await {
                tracing::error!(error = %e, "setup: the claim could not be given back");
            }
            return response;
        }
    };
    *held = None;
    drop(held);
    audit(&state, &user).await;
    tracing::info!(user = %user.username, "setup: the first admin was created");
    (
        StatusCode::CREATED,
        Json(json!({
            "username": user.username,
            "workspace": workspace_slug.unwrap_or("default"),
        })),
    )
        .into_response()
}

/// The workspace (made when named and new) and its first admin.
async fn create_admin(
    state: &AppState,
    b: &SetupBody,
    workspace_slug: Option<&str>,
) -> Result<kubechat_auth::User, Response> {
    let unavailable = |e: &dyn std::fmt::Display| {
        refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            &e.to_string(),
        )
    };
    let workspace = match workspace_slug.map(WorkspaceSlug::parse) {
        None => DEFAULT_WORKSPACE_ID,
        Some(Err(e)) => {
            return Err(refused(
                StatusCode::BAD_REQUEST,
                "invalid_body",
                &e.to_string(),
            ));
        }
        Some(Ok(slug)) => match state.store().workspace_by_slug(&slug).await {
            Ok(Some(w)) => w.id,
            Ok(None) => {
                state
                    .store()
                    .create_workspace(&slug, slug.as_str(), state.clock().as_ref())
                    .await
                    .map_err(|e| unavailable(&e))?
                    .id
            }
            Err(e) => return Err(unavailable(&e)),
        },
    };
    state
        .auth()
        .add_user(
            workspace,
            &b.username,
            &b.password,
            UserRole::Admin,
            None,
            vec![],
        )
        .await
        .map_err(|e| refused(StatusCode::BAD_REQUEST, "invalid_body", &e.to_string()))
}

/// The setup in the audit trail: who became the first admin.
async fn audit(state: &AppState, user: &kubechat_auth::User) {
    crate::accounts_api::audit_account(
        state,
        user,
        "users.kubechat.io",
        &format!("setup: {} becomes the first admin", user.username),
        "setup",
    )
    .await;
}
