//! Login, token refresh and logout, who-am-I, personal API tokens and the
//! JWKS: the account endpoints of the gateway.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kubechat_auth::{Credential, Principal, Reason};
use kubechat_store::{WorkspaceRepository, WorkspaceSlug};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use uuid::Uuid;

use crate::{ApiError, AppState};

/// Reads a JSON body into `T`, naming the field that does not fit.
pub fn parse_body<T: DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let msg = if path == "." || path.is_empty() {
            format!("the request body is not the expected JSON: {inner}")
        } else {
            format!("field `{path}`: {inner}")
        };
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", msg)
    })
}

/// The answer to a refused credential: 401 with `WWW-Authenticate`, the
/// same text whatever the reason (the reason is logged, not told).
pub fn unauthorized(message: &str) -> Response {
    let mut resp = ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message).into_response();
    resp.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"kubechat\""),
    );
    resp
}

/// Maps an accounts failure to a response.
pub fn auth_error(e: kubechat_auth::Error) -> Response {
    use kubechat_auth::Error as E;
    match e {
        E::Unauthenticated(Reason::BadCredentials) => {
            unauthorized("user name or password is wrong")
        }
        E::Unauthenticated(Reason::Disabled) => unauthorized("this account is disabled"),
        E::Unauthenticated(Reason::PasswordLoginOff) => ApiError::new(
            StatusCode::FORBIDDEN,
            "password_login_off",
            "password sign-in is off here; sign in with your identity provider",
        )
        .into_response(),
        E::Unauthenticated(Reason::Expired) => {
            unauthorized("the token has expired; log in or refresh")
        }
        E::Unauthenticated(_) => unauthorized("the credential is not valid; log in again"),
        E::Invalid { .. } => {
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_request", e.to_string()).into_response()
        }
        E::Conflict(_) => {
            ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string()).into_response()
        }
        E::NotFound(_) => {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", e.to_string()).into_response()
        }
        other => {
            tracing::error!(error = %other, "account operation failed");
            ApiError::unavailable("accounts cannot be reached right now").into_response()
        }
    }
}

/// The authenticated user of a request (`Authorization: Bearer …`, an
/// access token or a personal API token).
#[derive(Debug, Clone)]
pub struct Authenticated(pub Principal);

/// Sign-in attempts per minute from one address (a burst, then one per
/// this share of a minute).
const LOGINS_PER_ADDRESS: u32 = 30;
/// Sign-in attempts per minute for one account name.
const LOGINS_PER_ACCOUNT: u32 = 10;

/// Who `token` belongs to, as [`kubechat_auth::Auth::authenticate`]
/// says, and not logged out: an access token revoked by a logout is
/// refused until it would have expired anyway (the mark lives in the
/// shared cache, so every replica sees it).
pub async fn authenticate(state: &AppState, token: &str) -> kubechat_auth::Result<Principal> {
    match state.auth().authenticate(token).await {
        // Not KubeChat's: a configured identity provider's token, for
        // scripts and agents of a company that signs in with SSO.
        Err(kubechat_auth::Error::Unauthenticated(_)) if !state.sso().is_empty() => {
            match crate::sso_api::bearer_principal(state, token).await {
                Some(found) => found,
                None => state.auth().authenticate(token).await,
            }
        }
        other => other,
    }
}

/// 429 with `Retry-After` for too many sign-in steps (`what`) from one
/// address or for one account; counted under `limit` and logged as an
/// `authentication failed`.
pub(crate) fn sign_in_throttled(
    state: &AppState,
    limit: &'static str,
    what: &str,
    retry_after: std::time::Duration,
) -> Response {
    tracing::warn!(reason = "rate_limited", "authentication failed");
    state.metrics().observe_rate_limited(limit);
    let secs = retry_after.as_secs().max(1);
    let mut r = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("too many {what}; try again in {secs} s"),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

/// Marks the access token of `p` as logged out until it expires.
async fn revoke_access(state: &AppState, p: &Principal) {
    if let Credential::Access(jti) = p.credential
        && let Err(e) = state.auth().revoke_access(jti, p.expires_at).await
    {
        tracing::error!(error = %e, "logout could not revoke the access token");
    }
}

/// The bearer credential of a request, if any.
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(str::trim)
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let Some(token) = bearer(&parts.headers) else {
            tracing::warn!(reason = Reason::Missing.code(), "authentication failed");
            return Err(unauthorized(
                "send Authorization: Bearer <access token or API token>",
            ));
        };
        let principal = authenticate(state, token).await.map_err(auth_error)?;
        let quota = crate::rate_limit::check(state, &principal.user)
            .await
            .map_err(|l| l.response())?;
        if let (Some(q), Some(slot)) = (
            quota,
            parts.extensions.get::<crate::rate_limit::QuotaSlot>(),
        ) {
            slot.set(q);
        }
        Ok(Authenticated(principal))
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    #[serde(default)]
    workspace: Option<String>,
    username: String,
    password: String,
}

async fn workspace_id(state: &AppState, slug: Option<&str>) -> Result<Uuid, Response> {
    let slug = WorkspaceSlug::parse(slug.unwrap_or("default")).map_err(|e| {
        ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", e.to_string()).into_response()
    })?;
    match state.store().workspace_by_slug(&slug).await {
        Ok(Some(w)) => Ok(w.id),
        // Same answer as a wrong password: do not tell which workspaces exist.
        Ok(None) => {
            tracing::warn!(
                reason = Reason::BadCredentials.code(),
                "authentication failed"
            );
            Err(unauthorized("user name or password is wrong"))
        }
        Err(e) => {
            tracing::error!(error = %e, "workspace lookup failed");
            Err(ApiError::unavailable("accounts cannot be reached right now").into_response())
        }
    }
}

/// `POST /api/v1/login`.
#[utoipa::path(post, path = "/api/v1/login", tag = "accounts",
    request_body = LoginBody,
    responses(
        (status = 200, description = "an access token and a refresh token", body = Object),
        (status = 401, description = "wrong user name or password (one answer for both)", body = crate::openapi::ErrorBody),
    ))]
pub async fn login(State(state): State<AppState>, req: axum::extract::Request) -> Response {
    let addr = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip());
    let body = match axum::body::to_bytes(req.into_body(), 64 * 1024).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "invalid_body",
                "a login body is at most 64 KiB",
            )
            .into_response();
        }
    };
    let b: LoginBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    // Guessing is slowed per address and per account, across replicas.
    let account = format!(
        "login-user:{}:{}",
        b.workspace.as_deref().unwrap_or("default"),
        b.username
    );
    let keys = addr
        .map(|ip| (format!("login-ip:{ip}"), LOGINS_PER_ADDRESS))
        .into_iter()
        .chain(std::iter::once((account, LOGINS_PER_ACCOUNT)));
    for (key, limit) in keys {
        let key: String = key.chars().take(300).collect();
        if let Some(wait) = locked_out(&state, &key).await {
            return sign_in_throttled(&state, "login", "sign-in attempts", wait);
        }
        if let Ok(t) = state
            .cache()
            .throttle(&key, limit, std::time::Duration::from_secs(60))
            .await
            && !t.allowed
        {
            let wait = lock_out(&state, &key, t.retry_after).await;
            // An account locked out is in its workspace's trail too.
            if key.starts_with("login-user:") {
                let (state, name, ws) = (state.clone(), b.username.clone(), b.workspace.clone());
                tokio::spawn(async move {
                    if let Ok(ws) = workspace_id(&state, ws.as_deref()).await {
                        audit_sign_in_failure(&state, ws, &name, "rate_limited").await;
                    }
                });
            }
            return sign_in_throttled(&state, "login", "sign-in attempts", wait);
        }
    }
    let ws = match workspace_id(&state, b.workspace.as_deref()).await {
        Ok(id) => id,
        Err(r) => {
            // As much work as a real check: an unknown workspace answers
            // no faster than a wrong password.
            let _ = kubechat_auth::password::verify_async(
                &b.password,
                kubechat_auth::password::decoy(),
            )
            .await;
            return r;
        }
    };
    match state.auth().login(ws, &b.username, &b.password).await {
        Ok(tokens) => Json(tokens).into_response(),
        Err(e) => {
            if let kubechat_auth::Error::Unauthenticated(reason) = &e {
                // Off the answer's path: a known name must not answer
                // slower than an unknown one.
                let (state, name, code) = (state.clone(), b.username.clone(), reason.code());
                tokio::spawn(async move { audit_sign_in_failure(&state, ws, &name, code).await });
            }
            auth_error(e)
        }
    }
}

/// The longest a sign-in lockout lasts.
const MAX_LOCKOUT: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// How long `key` (an address or an account) is still locked out of
/// signing in, if it is.
async fn locked_out(state: &AppState, key: &str) -> Option<std::time::Duration> {
    let until = state.cache().get(&format!("{key}:lock")).await.ok()??;
    let until: i64 = std::str::from_utf8(&until).ok()?.parse().ok()?;
    let left = until - state.clock().now().unix_timestamp();
    (left > 0).then(|| std::time::Duration::from_secs(left.unsigned_abs()))
}

/// Backoff for a key that went over its limit: locked out for a minute,
/// doubled each time it happens again within the hour (at most 15
/// minutes), and never shorter than the limiter's own wait. Returns the
/// lockout.
async fn lock_out(
    state: &AppState,
    key: &str,
    at_least: std::time::Duration,
) -> std::time::Duration {
    let hour = std::time::Duration::from_secs(3600);
    let strikes = state
        .cache()
        .incr(&format!("{key}:strikes"), hour)
        .await
        .unwrap_or(1)
        .clamp(1, 16);
    let wait = std::time::Duration::from_secs(60 << (strikes - 1))
        .min(MAX_LOCKOUT)
        .max(at_least);
    let until = state.clock().now().unix_timestamp() + wait.as_secs() as i64;
    let _ = state
        .cache()
        .set(&format!("{key}:lock"), until.to_string().as_bytes(), wait)
        .await;
    tracing::warn!(
        strikes,
        lockout_seconds = wait.as_secs(),
        "sign-in locked out after too many attempts"
    );
    wait
}

/// A refused sign-in to an account that exists goes into the workspace's
/// audit trail as `authentication failed` (with the reason), beside the
/// log line: guessing at a person's password is something their admins
/// see. Names that match no account are only logged — they would put
/// whatever a stranger types into the trail. The per-account limit
/// bounds how many such events one account gets.
async fn audit_sign_in_failure(
    state: &AppState,
    workspace: uuid::Uuid,
    username: &str,
    reason: &str,
) {
    let Ok(Some(user)) = state.auth().find_user(workspace, username).await else {
        return;
    };
    let (Ok(resource), Ok(name)) = (
        kubechat_core::ResourceType::parse("users.kubechat.io"),
        kubechat_core::ResourceName::parse(&object_name(&user.username)),
    ) else {
        return;
    };
    let mut op = kubechat_core::Operation::new(kubechat_core::Verb::Get, resource);
    op.name = Some(name);
    let mut event = kubechat_audit::NewEvent::requested(
        user.workspace_id,
        kubechat_chat::audit_actor(&user),
        kubechat_audit::Channel::Api,
        "sign-in with a password",
        op,
    )
    .next(kubechat_audit::Phase::Denied);
    event.decision = Some(kubechat_audit::Decision {
        outcome: "authentication failed".to_owned(),
        reason: reason.to_owned(),
    });
    if let Err(e) = state.audit().record(event).await {
        tracing::error!(error = %e, "a refused sign-in could not be audited");
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshBody {
    refresh_token: String,
}

/// `POST /api/v1/refresh`.
#[utoipa::path(post,
    path = "/api/v1/refresh",
    tag = "accounts",
    request_body = RefreshBody,
    responses(
        (status = 200, description = "a new token pair; the refresh token used is spent", body = Object),
        (status = 401, description = "unknown, expired, revoked or reused refresh token (reuse revokes the login)", body = crate::openapi::ErrorBody),
    ))]
pub async fn refresh(State(state): State<AppState>, body: Bytes) -> Response {
    let b: RefreshBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    match state.auth().refresh(&b.refresh_token).await {
        Ok(tokens) => Json(tokens).into_response(),
        Err(e) => auth_error(e),
    }
}

/// `POST /api/v1/logout`: revokes the refresh token's family.
#[utoipa::path(post,
    path = "/api/v1/logout",
    tag = "accounts",
    request_body = RefreshBody,
    responses(
        (status = 204, description = "the login's refresh tokens are revoked"),
        (status = 401, description = "unknown refresh token", body = crate::openapi::ErrorBody),
    ))]
pub async fn logout(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let b: RefreshBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    // The access token the request carries is logged out with the
    // refresh token.
    if let Some(token) = bearer(&headers)
        && let Ok(p) = authenticate(&state, token).await
    {
        revoke_access(&state, &p).await;
    }
    match state.auth().logout(&b.refresh_token).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => auth_error(e),
    }
}

/// `GET /api/v1/me`.
#[utoipa::path(get,
    path = "/api/v1/me",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the caller: id, username, workspace_id, role, kubernetes {user, groups}, authenticated_with", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 429, description = "rate limited (Retry-After, RateLimit-* headers)", body = crate::openapi::ErrorBody),
    ))]
pub async fn me(Authenticated(p): Authenticated) -> Response {
    let via = match p.credential {
        Credential::Access(_) => "access-token",
        Credential::ApiToken(_) => "api-token",
        Credential::Sso(_) => "sso-token",
    };
    Json(json!({
        "id": p.user.id,
        "username": p.user.username,
        "workspace_id": p.user.workspace_id,
        "role": p.user.role,
        "kubernetes": {"user": p.user.kube_user, "groups": p.user.kube_groups},
        "authenticated_with": via,
    }))
    .into_response()
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenBody {
    name: String,
    #[serde(default)]
    expires_in_days: Option<u32>,
}

/// `POST /api/v1/tokens`: the secret is in this answer only.
#[utoipa::path(post,
    path = "/api/v1/tokens",
    tag = "accounts",
    request_body = NewTokenBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "the token's metadata and its secret (shown once)", body = Object),
        (status = 400, description = "a field or parameter is invalid; the message names it", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn create_token(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    body: Bytes,
) -> Response {
    let b: NewTokenBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    // A provider's short-lived token must not mint a KubeChat token that
    // outlives the person's access at the provider.
    if let Credential::Sso(provider) = &p.credential {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "sso_token",
            format!(
                "API tokens are made after signing in to KubeChat, not with a token of {provider}"
            ),
        )
        .into_response();
    }
    match state
        .auth()
        .create_api_token(&p.user, &b.name, b.expires_in_days)
        .await
    {
        Ok((token, secret)) => (
            StatusCode::CREATED,
            Json(json!({"token": token, "secret": secret})),
        )
            .into_response(),
        Err(e) => auth_error(e),
    }
}

/// `GET /api/v1/tokens`.
#[utoipa::path(get,
    path = "/api/v1/tokens",
    tag = "accounts",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the caller's personal API tokens (metadata only)", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn list_tokens(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
) -> Response {
    match state.auth().api_tokens(&p.user).await {
        Ok(tokens) => Json(json!({"tokens": tokens})).into_response(),
        Err(e) => auth_error(e),
    }
}

/// `DELETE /api/v1/tokens/{id}`.
#[utoipa::path(delete,
    path = "/api/v1/tokens/{id}",
    tag = "accounts",
    params(("id" = String, Path, description = "token id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "revoked"),
        (status = 404, description = "no such token of the caller", body = crate::openapi::ErrorBody),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
    ))]
pub async fn revoke_token(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = Uuid::parse_str(&id) else {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            format!("{id:?} is not a token id (a UUID from GET /api/v1/tokens)"),
        )
        .into_response();
    };
    match state.auth().revoke_api_token(&p.user, id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => auth_error(e),
    }
}

/// `GET /.well-known/jwks.json`.
#[utoipa::path(get,
    path = "/.well-known/jwks.json",
    tag = "accounts",
    responses(
        (status = 200, description = "the Ed25519 public keys access tokens are signed with, by kid", body = Object),
    ))]
pub async fn jwks(State(state): State<AppState>) -> Response {
    Json(state.auth().jwks()).into_response()
}

/// `username` as an object name (lower case, other characters as `-`,
/// trimmed), so every account change has its row.
fn object_name(username: &str) -> String {
    let n: String = username
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .take(253)
        .collect();
    let n = n.trim_matches('-');
    if n.is_empty() {
        "user".to_owned()
    } else {
        n.to_owned()
    }
}

/// An account change in the audit trail (the first admin, a Slack link,
/// a channel bound to a bot): `text` says what, `outcome` names it.
pub(crate) async fn audit_account(
    state: &AppState,
    user: &kubechat_auth::User,
    resource: &str,
    text: &str,
    outcome: &str,
) {
    let (Ok(resource), Ok(name)) = (
        kubechat_core::ResourceType::parse(resource),
        kubechat_core::ResourceName::parse(&object_name(&user.username)),
    ) else {
        tracing::error!(
            change = text,
            "an account change has no object name; not audited"
        );
        return;
    };
    let mut op = kubechat_core::Operation::new(kubechat_core::Verb::Create, resource);
    op.name = Some(name);
    op.params.manifest = Some(serde_json::json!({"change": text}).to_string());
    let actor = kubechat_chat::audit_actor(user);
    let mut event = kubechat_audit::NewEvent::requested(
        user.workspace_id,
        actor,
        kubechat_audit::Channel::Web,
        text,
        op,
    )
    .next(kubechat_audit::Phase::Executed);
    event.outcome = Some(outcome.to_owned());
    if let Err(e) = state.audit().record(event).await {
        tracing::error!(error = %e, change = text, "an account change could not be audited");
    }
}
