//! Single sign-on with OpenID Connect: the sign-in buttons, the
//! authorization-code flow with PKCE, and the provider's bearer tokens on
//! the API.
//!
//! `GET /api/v1/auth/oidc/{name}/login` sends the browser to the provider
//! with a `state`, a `nonce` and a PKCE challenge, kept in the shared cache
//! (any replica may take the callback) together with the hash of a
//! random value set as an HttpOnly cookie: the sign-in is bound to the
//! browser that started it. The callback checks all of that once (the
//! state is taken out of the cache), exchanges the code, validates the ID
//! token, creates or updates the person, and hands the browser KubeChat's
//! own tokens through a one-time code that the web UI trades in a POST —
//! tokens never travel in a URL.

use std::time::Duration;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kubechat_auth::Reason;
use kubechat_oidc::Provider;
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use kubechat_store::WorkspaceRepository;

use crate::{ApiError, AppState};

/// How long a started sign-in may take at the provider.
const SIGN_IN_TTL: Duration = Duration::from_secs(600);
/// How long the web UI has to trade the one-time code for tokens.
const HANDOFF_TTL: Duration = Duration::from_secs(60);
/// Sign-ins one address may start per minute.
const SIGN_INS_PER_ADDRESS: u32 = 30;
/// The cookie binding a sign-in to its browser.
const COOKIE: &str = "kubechat_sso";

/// What the login step leaves for the callback.
#[derive(Serialize, Deserialize)]
struct Pending {
    provider: String,
    nonce: String,
    verifier: String,
    /// SHA-256 of the browser's cookie value.
    binding: String,
    redirect_uri: String,
    /// For `kubechat chat --sso`: the terminal's loopback port and the
    /// SHA-256 of its secret, which the code is then bound to instead of
    /// the browser's cookie.
    #[serde(default)]
    cli: Option<(u16, String)>,
}

/// `kubechat chat --sso` starting a sign-in: where its loopback listener
/// waits and the SHA-256 (hex) of the secret only it holds.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct LoginQuery {
    #[serde(default)]
    cli_port: Option<u16>,
    #[serde(default)]
    cli_challenge: Option<String>,
}

impl LoginQuery {
    fn cli(self) -> Result<Option<(u16, String)>, ApiError> {
        match (self.cli_port, self.cli_challenge) {
            (None, None) => Ok(None),
            (Some(port), Some(c))
                if port >= 1024
                    && c.len() == 64
                    && c.bytes()
                        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) =>
            {
                Ok(Some((port, c)))
            }
            _ => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "cli_port (1024–65535) and cli_challenge (64 lower-case hex digits) go together",
            )),
        }
    }
}

/// Refuses a sign-in step: logged as `authentication failed` with the
/// reason, answered with it.
fn failed(status: StatusCode, code: &'static str, reason: impl Into<String>) -> Response {
    refused(status, code, reason).into_response()
}

fn refused(status: StatusCode, code: &'static str, reason: impl Into<String>) -> ApiError {
    let reason = reason.into();
    tracing::warn!(reason = code, detail = %reason, "authentication failed");
    ApiError::new(status, code, reason)
}

fn provider<'a>(state: &'a AppState, name: &str) -> Result<&'a Provider, ApiError> {
    state
        .sso()
        .iter()
        .find(|p| p.name() == name)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "not_found",
                format!("no single sign-on provider is called {name:?}"),
            )
        })
}

/// The address people reach this server at: `auth.public_url`, or the
/// request's own host (the provider checks the redirect URI it builds
/// against the client's registered ones, so a forged Host goes nowhere).
fn public_base(state: &AppState, headers: &HeaderMap) -> Option<String> {
    match &state.config().auth.public_url {
        Some(u) => Some(u.trim_end_matches('/').to_owned()),
        None => crate::mcp_api::request_origin(headers),
    }
}

/// One sign-in button.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProviderInfo {
    name: String,
    display_name: String,
    login_url: String,
}

/// `GET /api/v1/auth/providers`.
#[utoipa::path(get, path = "/api/v1/auth/providers", tag = "accounts",
    responses((status = 200, description = "the single sign-on providers (a button each) and whether password sign-in is open to everyone", body = Object)))]
pub async fn providers(State(state): State<AppState>) -> Json<serde_json::Value> {
    let list: Vec<ProviderInfo> = state
        .sso()
        .iter()
        .map(|p| ProviderInfo {
            name: p.name().to_owned(),
            display_name: p.display_name().to_owned(),
            login_url: format!("/api/v1/auth/oidc/{}/login", p.name()),
        })
        .collect();
    Json(json!({"providers": list, "password_login": state.config().auth.password_login}))
}

/// `GET /api/v1/auth/oidc/{name}/login`.
#[utoipa::path(get, path = "/api/v1/auth/oidc/{name}/login", tag = "accounts",
    params(("name" = String, Path, description = "the provider's name"), LoginQuery),
    responses(
        (status = 302, description = "to the provider's sign-in page, with a cookie binding the sign-in to this browser"),
        (status = 404, description = "no such provider", body = crate::openapi::ErrorBody),
        (status = 503, description = "the provider cannot be reached", body = crate::openapi::ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(q): Query<LoginQuery>,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    headers: HeaderMap,
) -> Response {
    let p = match provider(&state, &name) {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    let cli = match q.cli() {
        Ok(c) => c,
        Err(e) => return e.into_response(),
    };
    // Each start keeps a sign-in in the shared cache for ten minutes:
    // bounded per address, as password sign-ins are.
    if let Some(axum::Extension(axum::extract::ConnectInfo(peer))) = peer
        && let Ok(t) = state
            .cache()
            .throttle(
                &format!("sso-start:{}", peer.ip()),
                SIGN_INS_PER_ADDRESS,
                Duration::from_secs(60),
            )
            .await
        && !t.allowed
    {
        return crate::accounts_api::sign_in_throttled(
            &state,
            "sso",
            "sign-ins started",
            t.retry_after,
        );
    }
    let Some(base) = public_base(&state, &headers) else {
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the request has no usable Host; set auth.public_url",
        )
        .into_response();
    };
    let fresh = || kubechat_oidc::random_token();
    let (Ok(state_token), Ok(nonce), Ok(verifier), Ok(binding)) =
        (fresh(), fresh(), fresh(), fresh())
    else {
        return ApiError::unavailable("no randomness").into_response();
    };
    let redirect_uri = format!("{base}/api/v1/auth/oidc/{name}/callback");
    let url = match p
        .authorization_url(
            &redirect_uri,
            &state_token,
            &nonce,
            &kubechat_oidc::challenge(&verifier),
        )
        .await
    {
        Ok(u) => u,
        Err(e) => {
            tracing::error!(provider = %name, error = %e, "single sign-on provider unreachable");
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "provider_unavailable",
                format!("{e}; try again, or sign in with a password if you have one"),
            )
            .into_response();
        }
    };
    let pending = Pending {
        provider: name,
        nonce,
        verifier,
        binding: kubechat_auth::secret::digest(&binding),
        redirect_uri,
        cli,
    };
    let saved = state
        .cache()
        .set(
            &format!("sso-state:{}", kubechat_auth::secret::digest(&state_token)),
            &serde_json::to_vec(&pending).unwrap_or_default(),
            SIGN_IN_TTL,
        )
        .await;
    if let Err(e) = saved {
        tracing::error!(error = %e, "a sign-in could not be kept in the cache");
        return ApiError::unavailable("sign-in cannot start right now").into_response();
    }
    let secure = if base.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{COOKIE}={binding}; HttpOnly; SameSite=Lax; Path=/api/v1/auth/oidc; Max-Age={}{secure}",
        SIGN_IN_TTL.as_secs()
    );
    let mut r = StatusCode::FOUND.into_response();
    if let (Ok(loc), Ok(c)) = (HeaderValue::from_str(&url), HeaderValue::from_str(&cookie)) {
        r.headers_mut().insert(header::LOCATION, loc);
        r.headers_mut().insert(header::SET_COOKIE, c);
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}

/// What an OAuth provider (an identity provider, or Slack after an
/// install) sends the browser back with.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct CallbackQuery {
    #[serde(default)]
    pub(crate) code: Option<String>,
    #[serde(default)]
    pub(crate) state: Option<String>,
    #[serde(default)]
    pub(crate) error: Option<String>,
    #[serde(default)]
    pub(crate) error_description: Option<String>,
}

pub(crate) fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// `GET /api/v1/auth/oidc/{name}/callback`.
#[utoipa::path(get, path = "/api/v1/auth/oidc/{name}/callback", tag = "accounts",
    params(("name" = String, Path, description = "the provider's name"), CallbackQuery),
    responses(
        (status = 303, description = "to the web UI with a one-time code for KubeChat's tokens"),
        (status = 400, description = "a forged, reused or foreign state, a refused code, or an ID token that does not check", body = crate::openapi::ErrorBody),
        (status = 403, description = "the person may not sign in (no mapped role, disabled, no seat)", body = crate::openapi::ErrorBody),
    ))]
pub async fn callback(
    State(state): State<AppState>,
    Path(name): Path<String>,
    Query(q): Query<CallbackQuery>,
    headers: HeaderMap,
) -> Response {
    let p = match provider(&state, &name) {
        Ok(p) => p,
        Err(r) => return r.into_response(),
    };
    if let Some(e) = q.error {
        let said: String = q
            .error_description
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect();
        return failed(
            StatusCode::BAD_REQUEST,
            "provider_refused",
            format!("the identity provider answered {e}: {said}"),
        );
    }
    let (Some(code), Some(state_token)) = (q.code, q.state) else {
        return failed(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "the callback needs code and state",
        );
    };
    // Taken once: a replayed callback finds nothing.
    let key = format!("sso-state:{}", kubechat_auth::secret::digest(&state_token));
    let stored = state.cache().get(&key).await.ok().flatten();
    let taken = stored.is_some() && state.cache().delete(&key).await.unwrap_or(false);
    let Some(pending) = stored
        .filter(|_| taken)
        .and_then(|b| serde_json::from_slice::<Pending>(&b).ok())
    else {
        return failed(
            StatusCode::BAD_REQUEST,
            "invalid_state",
            "this sign-in is unknown, expired or already used; start again",
        );
    };
    if pending.provider != name {
        return failed(
            StatusCode::BAD_REQUEST,
            "invalid_state",
            "this sign-in was started with another provider",
        );
    }
    if cookie_value(&headers, COOKIE)
        .map(kubechat_auth::secret::digest)
        .as_deref()
        != Some(pending.binding.as_str())
    {
        return failed(
            StatusCode::BAD_REQUEST,
            "invalid_state",
            "this sign-in was started in another browser",
        );
    }
    let tokens = match p
        .exchange(&code, &pending.verifier, &pending.redirect_uri)
        .await
    {
        Ok(t) => t,
        Err(e) => return sso_error(e),
    };
    let claims = match p.verify_id_token(&tokens.id_token, &pending.nonce).await {
        Ok(c) => c,
        Err(e) => return sso_error(e),
    };
    let who = match p.identity(&claims) {
        Ok(i) => i,
        Err(e) => return sso_error(e),
    };
    let ws = match workspace(&state, p).await {
        Ok(ws) => ws,
        Err(r) => return r.into_response(),
    };
    // A new person takes a seat like one added by an admin.
    match state.auth().find_user(ws, &who.username).await {
        Ok(None) => match state.billing().check_seat(ws).await {
            Ok(Ok(())) => {}
            Ok(Err(refusal)) => {
                return failed(StatusCode::FORBIDDEN, refusal.code, refusal.message);
            }
            Err(e) => {
                tracing::error!(error = %e, "seat check failed");
                return ApiError::unavailable("accounts cannot be reached right now")
                    .into_response();
            }
        },
        Ok(Some(_)) => {}
        Err(e) => return crate::accounts_api::auth_error(e),
    }
    let kube_groups = p.kube_groups(&who);
    let sso = kubechat_auth::SsoIdentity {
        workspace: ws,
        provider: p.name(),
        issuer: p.issuer(),
        subject: &who.subject,
        username: &who.username,
        role: who.role,
        groups: &kube_groups,
        link_existing: p.link_existing(),
    };
    let (user, kc_tokens) = match state.auth().sso_sign_in(&sso).await {
        Ok(t) => t,
        Err(kubechat_auth::Error::Unauthenticated(Reason::Disabled)) => {
            return failed(
                StatusCode::FORBIDDEN,
                "disabled",
                format!("{} is disabled in KubeChat", who.username),
            );
        }
        Err(e @ kubechat_auth::Error::Conflict(_)) => {
            return failed(StatusCode::FORBIDDEN, "account_conflict", e.to_string());
        }
        Err(e @ kubechat_auth::Error::Invalid { .. }) => {
            return failed(StatusCode::FORBIDDEN, "invalid_user", e.to_string());
        }
        Err(e) => return crate::accounts_api::auth_error(e),
    };
    tracing::info!(user = %user.username, provider = %name, role = %user.role, groups = ?user.kube_groups, "signed in with single sign-on");
    let Ok(handoff) = kubechat_oidc::random_token() else {
        return ApiError::unavailable("no randomness").into_response();
    };
    // The code is bound to the same browser cookie as the sign-in, so a
    // code lured into someone else's browser signs nobody in there.
    // A terminal's sign-in goes back to its loopback listener (on this
    // machine's 127.0.0.1 only: nowhere else can be named), the code
    // bound to the terminal's secret.
    let (binding, back) = match &pending.cli {
        Some((port, challenge)) => (
            challenge.clone(),
            format!("http://127.0.0.1:{port}/callback?code={handoff}"),
        ),
        None => (pending.binding.clone(), format!("/#/sso?code={handoff}")),
    };
    let handed = json!({"binding": binding, "tokens": kc_tokens});
    if let Err(e) = state
        .cache()
        .set(
            &format!("sso-handoff:{}", kubechat_auth::secret::digest(&handoff)),
            &serde_json::to_vec(&handed).unwrap_or_default(),
            HANDOFF_TTL,
        )
        .await
    {
        tracing::error!(error = %e, "a sign-in could not be handed to the web UI");
        return ApiError::unavailable("sign-in cannot finish right now").into_response();
    }
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(loc) = HeaderValue::from_str(&back) {
        r.headers_mut().insert(header::LOCATION, loc);
    }
    r
}

fn sso_error(e: kubechat_oidc::Error) -> Response {
    use kubechat_oidc::Error as E;
    match e {
        E::Token(r) => failed(StatusCode::BAD_REQUEST, "invalid_token", r),
        E::Refused(r) => failed(StatusCode::FORBIDDEN, "sign_in_refused", r),
        E::Provider { .. } => {
            tracing::error!(error = %e, "single sign-on provider unreachable");
            failed(
                StatusCode::BAD_GATEWAY,
                "provider_unavailable",
                e.to_string(),
            )
        }
    }
}

/// The id of the workspace a provider signs people into.
async fn workspace(state: &AppState, p: &Provider) -> Result<Uuid, ApiError> {
    let slug = kubechat_store::WorkspaceSlug::parse(p.workspace()).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "misconfigured",
            e.to_string(),
        )
    })?;
    match state.store().workspace_by_slug(&slug).await {
        Ok(Some(w)) => Ok(w.id),
        Ok(None) => Err(refused(
            StatusCode::FORBIDDEN,
            "unknown_workspace",
            format!(
                "provider {} signs into workspace {:?}, which does not exist; an admin creates it with kubechat workspaces create",
                p.name(),
                p.workspace()
            ),
        )),
        Err(e) => {
            tracing::error!(error = %e, "workspace lookup failed");
            Err(ApiError::unavailable(
                "accounts cannot be reached right now",
            ))
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExchangeBody {
    code: String,
    /// The terminal's secret, for a sign-in `kubechat chat --sso` started
    /// (a browser's sign-in is bound by its cookie instead).
    #[serde(default)]
    verifier: Option<String>,
}

/// `POST /api/v1/auth/oidc/exchange`.
#[utoipa::path(post, path = "/api/v1/auth/oidc/exchange", tag = "accounts",
    request_body = ExchangeBody,
    responses(
        (status = 200, description = "KubeChat's access and refresh tokens, as a password login answers", body = Object),
        (status = 400, description = "an unknown, expired or used code", body = crate::openapi::ErrorBody),
    ))]
pub async fn exchange(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let b: ExchangeBody = match crate::accounts_api::parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let key = format!("sso-handoff:{}", kubechat_auth::secret::digest(&b.code));
    let stored = state.cache().get(&key).await.ok().flatten();
    let taken = stored.is_some() && state.cache().delete(&key).await.unwrap_or(false);
    let Some(handed) = stored
        .filter(|_| taken)
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
    else {
        return failed(
            StatusCode::BAD_REQUEST,
            "invalid_code",
            "this sign-in code is unknown, expired or already used; sign in again",
        );
    };
    let presented = match b.verifier.as_deref() {
        Some(v) => Some(kubechat_auth::secret::digest(v)),
        None => cookie_value(&headers, COOKIE).map(kubechat_auth::secret::digest),
    };
    if presented.as_deref() != handed["binding"].as_str() {
        return failed(
            StatusCode::BAD_REQUEST,
            "invalid_code",
            "this sign-in code belongs to another browser or terminal; sign in here",
        );
    }
    // The binding has done its work.
    let clear = format!("{COOKIE}=; HttpOnly; SameSite=Lax; Path=/api/v1/auth/oidc; Max-Age=0");
    let mut r = Json(handed["tokens"].clone()).into_response();
    if let Ok(c) = HeaderValue::from_str(&clear) {
        r.headers_mut().insert(header::SET_COOKIE, c);
    }
    r
}

/// The provider that issued `token` (by its unverified `iss`), if any.
fn issuer_of<'a>(state: &'a AppState, token: &str) -> Option<&'a Provider> {
    if token.matches('.').count() != 2 {
        return None;
    }
    state.sso().iter().find(|p| p.claims_issuer(token))
}

/// A provider's bearer token on the API: verified with the provider's
/// keys for KubeChat's audience, then the person of that name (signed in
/// once, not disabled). `None` when no provider issued it.
pub async fn bearer_principal(
    state: &AppState,
    token: &str,
) -> Option<kubechat_auth::Result<kubechat_auth::Principal>> {
    let p = issuer_of(state, token)?;
    let deny = |reason: Reason| Some(Err(kubechat_auth::Error::Unauthenticated(reason)));
    let claims = match p.verify_bearer(token).await {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(reason = "sso_token", provider = %p.name(), detail = %e, "authentication failed");
            return deny(if e.to_string().contains("expired") {
                Reason::Expired
            } else {
                Reason::BadSignature
            });
        }
    };
    let who = match p.identity(&claims) {
        Ok(i) => i,
        Err(e) => {
            tracing::warn!(reason = "sso_refused", provider = %p.name(), detail = %e, "authentication failed");
            return deny(Reason::BadCredentials);
        }
    };
    let exp = claims
        .0
        .get("exp")
        .and_then(serde_json::Value::as_i64)
        .unwrap_or(0);
    let ws = workspace(state, p).await.ok()?;
    // Someone new through an API token takes a seat as at a sign-in.
    if let Ok(None) = state.auth().find_user(ws, &who.username).await
        && !matches!(state.billing().check_seat(ws).await, Ok(Ok(())))
    {
        tracing::warn!(reason = "plan_seats", user = %who.username, "authentication failed");
        return deny(Reason::BadCredentials);
    }
    let kube_groups = p.kube_groups(&who);
    Some(
        state
            .auth()
            .sso_principal(
                &kubechat_auth::SsoIdentity {
                    workspace: ws,
                    provider: p.name(),
                    issuer: p.issuer(),
                    subject: &who.subject,
                    username: &who.username,
                    role: who.role,
                    groups: &kube_groups,
                    link_existing: p.link_existing(),
                },
                exp,
            )
            .await
            .map_err(|e| match e {
                kubechat_auth::Error::Conflict(_) | kubechat_auth::Error::Invalid { .. } => {
                    tracing::warn!(reason = "sso_refused", provider = %p.name(), detail = %e, "authentication failed");
                    kubechat_auth::Error::Unauthenticated(Reason::BadCredentials)
                }
                other => other,
            }),
    )
}
