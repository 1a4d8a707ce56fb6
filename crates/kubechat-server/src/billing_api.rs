//! Plans and payments over HTTP: the provider's webhook, the billing page
//! of a workspace and checkout for an upgrade.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::accounts_api::{Authenticated, parse_body};
use crate::{ApiError, AppState};

/// A billing failure as an answer.
pub(crate) fn billing_error(e: &kubechat_billing::Error) -> Response {
    use kubechat_billing::Error as E;
    let status = match e {
        E::Disabled => StatusCode::NOT_FOUND,
        E::Signature(_) | E::Replayed | E::Payload(_) | E::Plan(_) => StatusCode::BAD_REQUEST,
        E::Provider(_) => StatusCode::BAD_GATEWAY,
        E::NoProviderKey | E::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
    };
    ApiError::new(status, e.code(), e.to_string()).into_response()
}

/// `POST /api/v1/billing/webhook`: the payment provider's events.
#[utoipa::path(post,
    path = "/api/v1/billing/webhook",
    tag = "billing",
    request_body(content = Object, description = "a provider event, signed in the Stripe-Signature header (t=TIMESTAMP,v1=HMAC-SHA256 of TIMESTAMP.BODY)"),
    responses(
        (status = 200, description = "processed, or already processed (duplicate: true): {received, duplicate, event, outcome}", body = Object),
        (status = 400, description = "unsigned, forged, stale, replayed or malformed; nothing changed", body = crate::openapi::ErrorBody),
        (status = 404, description = "billing is not enabled", body = crate::openapi::ErrorBody),
        (status = 503, description = "the database is unavailable; nothing changed (the provider retries)", body = crate::openapi::ErrorBody),
    ))]
pub async fn webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let signature = headers
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok());
    match state.billing().webhook(signature, &body).await {
        Ok(d) => {
            state
                .metrics()
                .observe_billing(d.result(), d.payment_failed.is_some());
            Json(json!({
            "received": true,
            "duplicate": d.duplicate,
            "event": d.event_id,
            "outcome": d.outcome,
            }))
            .into_response()
        }
        Err(e) => {
            state.metrics().observe_billing(e.code(), false);
            if matches!(
                e,
                kubechat_billing::Error::Signature(_) | kubechat_billing::Error::Replayed
            ) {
                tracing::warn!(code = e.code(), error = %e, "billing webhook rejected");
            }
            billing_error(&e)
        }
    }
}

/// `GET /api/v1/billing`: the caller's workspace plan, usage and invoices.
#[utoipa::path(get,
    path = "/api/v1/billing",
    tag = "billing",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "enabled, standing {plan, subscribed_plan, status, grace_until, downgraded, note}, usage against the entitlements, invoices, plans", body = Object),
        (status = 401, description = "no valid credential", body = crate::openapi::ErrorBody),
        (status = 403, description = "not an admin", body = crate::openapi::ErrorBody),
    ))]
pub async fn overview(State(state): State<AppState>, Authenticated(p): Authenticated) -> Response {
    if let Err(e) = ApiError::require_admin(&p.user, "see the billing page") {
        return e.into_response();
    }
    match state.billing().overview(p.user.workspace_id).await {
        Ok(o) => Json(o).into_response(),
        Err(e) => billing_error(&e),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckoutBody {
    /// The plan to buy (`team`, `enterprise`, …).
    plan: String,
}

/// `POST /api/v1/billing/checkout`: starts the provider's checkout.
#[utoipa::path(post,
    path = "/api/v1/billing/checkout",
    tag = "billing",
    request_body = CheckoutBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "{id, url}: send the browser to url", body = Object),
        (status = 400, description = "no such plan, not sold, or already subscribed", body = crate::openapi::ErrorBody),
        (status = 403, description = "not an admin", body = crate::openapi::ErrorBody),
        (status = 404, description = "billing is not enabled", body = crate::openapi::ErrorBody),
        (status = 502, description = "the payment provider failed", body = crate::openapi::ErrorBody),
    ))]
pub async fn checkout(
    State(state): State<AppState>,
    Authenticated(p): Authenticated,
    body: Bytes,
) -> Response {
    if let Err(e) = ApiError::require_admin(&p.user, "change the plan") {
        return e.into_response();
    }
    let body: CheckoutBody = match parse_body(&body) {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    match state
        .billing()
        .checkout(p.user.workspace_id, body.plan.trim())
        .await
    {
        Ok(c) => {
            tracing::info!(user = %p.user.username, workspace = %p.user.workspace_id, plan = %body.plan, session = %c.id, "checkout started");
            Json(c).into_response()
        }
        Err(e) => billing_error(&e),
    }
}
