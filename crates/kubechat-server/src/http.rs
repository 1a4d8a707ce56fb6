//! The router and the middleware every request passes through: request
//! ids, a body limit, the latency histogram and the request log line.

use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tracing::Instrument;

use crate::{ApiError, AppState, accounts_api, chat_api, health, web};

/// The route template a response was produced by, carried from the inner
/// (routed) layer to the outer (observing) one.
#[derive(Clone)]
struct RouteTemplate(String);

/// Builds the application router for `state`.
pub fn router(state: AppState) -> Router {
    let limit = state.config().server.max_body_bytes;
    Router::new()
        .route("/", get(web::index))
        .route("/assets/{name}", get(web::asset))
        .route("/health", get(health::health))
        .route("/health/liveness", get(health::liveness))
        .route("/health/readiness", get(health::readiness))
        .route("/metrics", get(metrics))
        .route("/api/v1/audit", get(crate::audit_api::list))
        .route("/api/v1/audit/verify", get(crate::audit_api::verify))
        .route("/api/v1/namespaces", get(chat_api::namespaces))
        .route("/api/v1/login", post(accounts_api::login))
        .route("/api/v1/refresh", post(accounts_api::refresh))
        .route("/api/v1/logout", post(accounts_api::logout))
        .route("/api/v1/me", get(accounts_api::me))
        .route(
            "/api/v1/tokens",
            get(accounts_api::list_tokens).post(accounts_api::create_token),
        )
        .route("/api/v1/tokens/{id}", delete(accounts_api::revoke_token))
        .route("/.well-known/jwks.json", get(accounts_api::jwks))
        .route("/api/v1/ask", post(chat_api::ask))
        .route("/api/v1/chat/{session}", get(crate::ws_api::upgrade))
        .route("/api/v1/sessions", get(chat_api::sessions))
        .route("/api/v1/sessions/{name}/messages", get(chat_api::history))
        .route("/api/v1/plans/{id}/confirm", post(chat_api::confirm))
        .route("/api/v1/plans/{id}/cancel", post(chat_api::cancel))
        .route("/api/v1/plans/{id}/approve", post(chat_api::approve))
        .route("/api/v1/plans/{id}/reject", post(chat_api::reject))
        .route("/api/v1/approvals", get(chat_api::approvals))
        .route(
            "/api/v1/policy",
            get(chat_api::get_policy).put(chat_api::put_policy),
        )
        .fallback(not_found)
        .route_layer(middleware::from_fn(tag_route))
        .layer(DefaultBodyLimit::max(limit))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::rate_limit::block_ips,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

async fn not_found(req: Request) -> ApiError {
    ApiError::not_found(req.uri().path())
}

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
