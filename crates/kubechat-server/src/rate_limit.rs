//! Rate limits per user and per workspace, and the block lists.
//!
//! Every authenticated request (REST call or WebSocket chat message)
//! counts against its user and its workspace (GCRA in the shared cache:
//! Redis when configured, so replicas share the limits). A refusal is a
//! `429` with `Retry-After` and `RateLimit-*` headers, or a WebSocket
//! `error` carrying the same numbers. Admitted REST answers carry the
//! `RateLimit-*` headers of the tightest limit too, so clients can slow
//! down before they are refused.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use kubechat_auth::User;

use crate::{ApiError, AppState};

const MINUTE: Duration = Duration::from_secs(60);

/// A refusal and its numbers.
#[derive(Debug, Clone)]
pub struct Limited {
    /// `user`, `workspace` or `blocked`.
    pub scope: &'static str,
    pub limit: u32,
    pub retry_after: Duration,
    pub reset_after: Duration,
}

impl Limited {
    pub fn message(&self) -> String {
        match self.scope {
            "blocked" => "this client is blocked; contact the KubeChat administrators".to_owned(),
            scope => format!(
                "too many requests: the {scope} limit is {} per minute; retry in {} s",
                self.limit,
                self.retry_after.as_secs().max(1)
            ),
        }
    }

    /// The HTTP answer.
    pub fn response(&self) -> Response {
        if self.scope == "blocked" {
            return ApiError::new(StatusCode::FORBIDDEN, "blocked", self.message()).into_response();
        }
        let mut resp = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            self.message(),
        )
        .into_response();
        let secs = |d: Duration| HeaderValue::from(d.as_secs().max(1));
        let h = resp.headers_mut();
        h.insert("retry-after", secs(self.retry_after));
        h.insert("ratelimit-limit", HeaderValue::from(self.limit));
        h.insert("ratelimit-remaining", HeaderValue::from(0u32));
        h.insert("ratelimit-reset", secs(self.reset_after));
        resp
    }
}

/// What is left of the tightest limit after an admitted request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub limit: u32,
    pub remaining: u32,
    pub reset_after: Duration,
}

/// Where the authentication extractor leaves the quota of an admitted
/// request for [`quota_headers`] to put on the answer.
#[derive(Debug, Clone, Default)]
pub struct QuotaSlot(Arc<Mutex<Option<Quota>>>);

impl QuotaSlot {
    pub fn set(&self, q: Quota) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(q);
    }

    fn get(&self) -> Option<Quota> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Adds `RateLimit-Limit`, `-Remaining` and `-Reset` to answers of
/// requests that were counted and admitted (a 429 has its own).
pub async fn quota_headers(mut req: Request, next: Next) -> Response {
    let slot = QuotaSlot::default();
    req.extensions_mut().insert(slot.clone());
    let mut resp = next.run(req).await;
    if let Some(q) = slot.get()
        && !resp.headers().contains_key("ratelimit-limit")
    {
        let h = resp.headers_mut();
        h.insert("ratelimit-limit", HeaderValue::from(q.limit));
        h.insert("ratelimit-remaining", HeaderValue::from(q.remaining));
        h.insert(
            "ratelimit-reset",
            HeaderValue::from(q.reset_after.as_secs().max(1)),
        );
    }
    resp
}

/// Counts one request of `user`; `Err` when it must be refused, else the
/// quota left of the tightest limit (`None` when no limit is set). A
/// cache outage lets requests through (logged): limits protect the
/// service, and failing every request while Redis is down would be the
/// outage itself.
pub async fn check(state: &AppState, user: &User) -> Result<Option<Quota>, Limited> {
    let cfg = &state.config().rate_limits;
    if cfg.blocked_users.contains(&user.username) {
        state.metrics().observe_rate_limited("blocked");
        tracing::warn!(user = %user.username, "request from a blocked user refused");
        return Err(Limited {
            scope: "blocked",
            limit: 0,
            retry_after: Duration::ZERO,
            reset_after: Duration::ZERO,
        });
    }
    // The workspace's plan sets its limit when billing is on.
    let workspace_limit = match state.billing().standing(user.workspace_id).await {
        Ok(s) if s.plan.requests_per_minute > 0 => s.plan.requests_per_minute,
        Ok(_) => cfg.workspace_per_minute,
        Err(e) => {
            tracing::error!(error = %e, "the workspace plan cannot be read; the configured workspace limit applies");
            cfg.workspace_per_minute
        }
    };
    let checks = [
        ("user", format!("rl:user:{}", user.id), cfg.user_per_minute),
        (
            "workspace",
            format!("rl:ws:{}", user.workspace_id),
            workspace_limit,
        ),
    ];
    let mut tightest: Option<Quota> = None;
    for (scope, key, limit) in checks {
        if limit == 0 {
            continue;
        }
        match state.cache().throttle(&key, limit, MINUTE).await {
            Ok(t) if t.allowed => {
                let q = Quota {
                    limit,
                    remaining: t.remaining,
                    reset_after: t.reset_after,
                };
                // The one closest to refusing, by the share left.
                let share = |q: &Quota| f64::from(q.remaining) / f64::from(q.limit.max(1));
                if tightest.as_ref().is_none_or(|old| share(&q) < share(old)) {
                    tightest = Some(q);
                }
            }
            Ok(t) => {
                state.metrics().observe_rate_limited(scope);
                return Err(Limited {
                    scope,
                    limit,
                    retry_after: t.retry_after,
                    reset_after: t.reset_after,
                });
            }
            Err(e) => {
                tracing::error!(error = %e, scope, "rate limit check failed; request let through");
            }
        }
    }
    Ok(tightest)
}

/// Refuses clients from blocked addresses before anything else runs.
pub async fn block_ips(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let blocked = state.blocked_ips();
    // Probes and scrapes come from the platform, never blocked.
    let platform = req.uri().path().starts_with("/health") || req.uri().path() == "/metrics";
    if !blocked.is_empty()
        && !platform
        && let Some(ConnectInfo(addr)) = req.extensions().get::<ConnectInfo<SocketAddr>>()
        && blocked.iter().any(|c| c.contains(addr.ip()))
    {
        state.metrics().observe_rate_limited("blocked");
        tracing::warn!(client = %addr.ip(), "request from a blocked address refused");
        return Limited {
            scope: "blocked",
            limit: 0,
            retry_after: Duration::ZERO,
            reset_after: Duration::ZERO,
        }
        .response();
    }
    next.run(req).await
}
