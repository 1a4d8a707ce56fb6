//! The router and the middleware every request passes through: request
//! ids, a body limit, the latency histogram and the request log line.

use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tracing::Instrument;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::{ApiError, AppState, accounts_api, chat_api, health, web};

/// The route template a response was produced by, carried from the inner
/// (routed) layer to the outer (observing) one.
#[derive(Clone)]
struct RouteTemplate(String);

/// Builds the application router for `state`: the API (described by the
/// OpenAPI document as it is registered) and the web UI's files.
pub fn router(state: AppState) -> Router {
    let limit = state.config().server.max_body_bytes;
    let (api, _) = api_routes().split_for_parts();
    Router::new()
        .route("/", get(web::index))
        // The first admin's setup link opens the web UI's setup form.
        .route("/setup", get(web::index))
        .route("/assets/{name}", get(web::asset))
        // The runbook's path on the nlp-service.
        .route("/process", axum::routing::post(crate::nlp_api::process))
        // The metadata under the MCP path too (RFC 9728 lets clients
        // look for either).
        .route(
            "/.well-known/oauth-protected-resource/mcp",
            get(crate::mcp_api::metadata),
        )
        .merge(api)
        .fallback(not_found)
        .route_layer(middleware::from_fn(tag_route))
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn(crate::rate_limit::quota_headers))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::rate_limit::block_ips,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Every API route with its description: `routes!` registers the handler
/// with axum and its `#[utoipa::path]` with the document at once, so the
/// two cannot drift.
pub fn api_routes() -> OpenApiRouter<AppState> {
    use crate::{audit_api, openapi, ws_api};
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health::health))
        .routes(routes!(health::liveness))
        .routes(routes!(health::readiness))
        .routes(routes!(metrics))
        .routes(routes!(openapi::document))
        .routes(routes!(audit_api::list))
        .routes(routes!(audit_api::verify, audit_api::verify_checkpoint))
        .routes(routes!(audit_api::checkpoint))
        .routes(routes!(chat_api::namespaces))
        .routes(routes!(crate::setup_api::status, crate::setup_api::create))
        .routes(routes!(accounts_api::login))
        .routes(routes!(accounts_api::refresh))
        .routes(routes!(accounts_api::logout))
        .routes(routes!(accounts_api::me))
        .routes(routes!(
            accounts_api::list_tokens,
            accounts_api::create_token
        ))
        .routes(routes!(accounts_api::revoke_token))
        .routes(routes!(accounts_api::jwks))
        // Single sign-on (OpenID Connect).
        .routes(routes!(crate::sso_api::providers))
        .routes(routes!(crate::sso_api::login))
        .routes(routes!(crate::sso_api::callback))
        .routes(routes!(crate::sso_api::exchange))
        .routes(routes!(chat_api::ask))
        .routes(routes!(crate::nlp_api::process))
        .routes(routes!(crate::nlp_api::translator))
        .routes(routes!(ws_api::upgrade))
        .routes(routes!(chat_api::sessions))
        .routes(routes!(chat_api::history))
        .routes(routes!(chat_api::confirm))
        .routes(routes!(chat_api::cancel))
        .routes(routes!(chat_api::approve))
        .routes(routes!(chat_api::reject))
        .routes(routes!(chat_api::approvals))
        .routes(routes!(chat_api::presence))
        .routes(routes!(chat_api::get_policy, chat_api::put_policy))
        .routes(routes!(crate::bots_api::list))
        .routes(routes!(crate::bots_api::get, crate::bots_api::save))
        .routes(routes!(crate::bots_api::versions))
        .routes(routes!(crate::billing_api::webhook))
        .routes(routes!(crate::billing_api::overview))
        .routes(routes!(crate::billing_api::checkout))
        // KubeChat as an MCP server (Streamable HTTP) and how to sign in.
        .routes(routes!(
            crate::mcp_api::post,
            crate::mcp_api::stream,
            crate::mcp_api::end
        ))
        .routes(routes!(crate::mcp_api::metadata))
        // Slack: the slash command, events, buttons, and account links.
        .routes(routes!(crate::slack_api::commands))
        .routes(routes!(crate::slack_api::events))
        .routes(routes!(crate::slack_api::interactions))
        .routes(routes!(crate::slack_api::link_code))
        .routes(routes!(crate::slack_api::install))
        .routes(routes!(crate::slack_api::oauth))
        .routes(routes!(crate::slack_api::list_installs))
        .routes(routes!(crate::slack_api::remove_install))
}

async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(req.uri().path())
}

/// `GET /metrics`.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus/OpenMetrics text: HTTP, database pool, audit, chat, WebSocket and rate-limit metrics", content_type = "application/openmetrics-text")))]
async fn metrics(State(state): State<AppState>) -> Response {
    match state.metrics().encode() {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                ),
            )],
            text,
        )
            .into_response(),
        Err(_) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "metrics_unavailable",
            "metrics could not be encoded",
        )
        .into_response(),
    }
}

async fn tag_route(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    let mut resp = next.run(req).await;
    if let Some(r) = route {
        resp.extensions_mut().insert(RouteTemplate(r));
    }
    resp
}

/// Times the request, records the histogram and writes one log line with
/// `duration_ms`. Probe and scrape traffic logs at debug so a kubelet
/// polling every few seconds does not drown the request log.
async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let span = tracing::info_span!("request", %method, %path, %request_id);
    let resp = next.run(req).instrument(span).await;
    let elapsed = start.elapsed();
    let route = resp
        .extensions()
        .get::<RouteTemplate>()
        .map_or("unmatched", |r| r.0.as_str());
    let status = resp.status().as_u16();
    state
        .metrics()
        .observe_http(&method, route, status, elapsed);
    let duration_ms = (elapsed.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0;
    let quiet = route.starts_with("/health") || route == "/metrics";
    if quiet && status < 500 {
        tracing::debug!(%method, %path, route, status, duration_ms, %request_id, "request completed");
    } else if status >= 500 {
        tracing::error!(%method, %path, route, status, duration_ms, %request_id, "request completed");
    } else {
        tracing::info!(%method, %path, route, status, duration_ms, %request_id, "request completed");
    }
    resp
}
