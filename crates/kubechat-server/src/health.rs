//! Health probes as on-call people use them.
//!
//! - `GET /health/liveness`: 200 while the process can serve; never checks
//!   dependencies, so a database outage does not make Kubernetes restart
//!   healthy pods.
//! - `GET /health/readiness`: 200 only when every configured dependency
//!   answers; 503 naming each failing one otherwise.
//! - `GET /health`: each dependency's status and check latency; 503 when
//!   any is down, so `curl -f …/health` tells healthy from unhealthy.
//!
//! Every check is bounded by `health.check_timeout_ms` and all run at once,
//! so a hung dependency costs one timeout, not a hung probe.

use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::{Value, json};

use crate::AppState;

/// Result of one dependency check.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: &'static str,
    /// `up`, `down`, `degraded` (an LLM provider's breaker is open: the
    /// rules still answer, so readiness holds) or `disabled` (not
    /// configured; never fails readiness).
    pub status: &'static str,
    pub latency_ms: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Check {
    fn failed(&self) -> bool {
        self.status == "down"
    }
}

async fn timed<T, E: std::fmt::Display>(
    name: &'static str,
    limit: Duration,
    detail: String,
    fut: impl Future<Output = Result<T, E>>,
    describe: impl FnOnce(T) -> Option<String>,
) -> Check {
    let start = Instant::now();
    let outcome = tokio::time::timeout(limit, fut).await;
    let latency_ms = (start.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    let (status, extra, error) = match outcome {
        Ok(Ok(v)) => ("up", describe(v), None),
        Ok(Err(e)) => ("down", None, Some(e.to_string())),
        Err(_) => (
            "down",
            None,
            Some(format!("no answer within {} ms", limit.as_millis())),
        ),
    };
    let detail = match extra {
        Some(x) => Some(format!("{detail} {x}")),
        None => Some(detail),
    };
    Check {
        name,
        status,
        latency_ms,
        detail,
        error,
    }
}

fn disabled(name: &'static str, detail: &str) -> Check {
    Check {
        name,
        status: "disabled",
        latency_ms: 0.0,
        detail: Some(detail.to_owned()),
        error: None,
    }
}

/// The LLM providers, from their circuit breakers (no call is made: a
/// probe must not spend tokens). A provider whose breaker is open makes
/// the check `degraded`.
fn llm_check(state: &AppState) -> Check {
    let config = &state.config().nlp;
    if let Some(url) = &config.service_url {
        return Check {
            name: "llm",
            status: "up",
            latency_ms: 0.0,
            detail: Some(format!("translator service at {url}")),
            error: None,
        };
    }
    let states = state.translator().breaker_states();
    if states.is_empty() {
        return disabled("llm", "embedded rules only (nlp.providers not set)");
    }
    let open: Vec<&str> = states
        .iter()
        .filter(|(_, s)| *s == kubechat_core::BreakerState::Open)
        .map(|(n, _)| n.as_str())
        .collect();
    let detail = states
        .iter()
        .map(|(n, s)| format!("{n}: {s:?}").to_lowercase())
        .collect::<Vec<_>>()
        .join(", ");
    Check {
        name: "llm",
        status: if open.is_empty() { "up" } else { "degraded" },
        latency_ms: 0.0,
        detail: Some(detail),
        error: (!open.is_empty()).then(|| {
            format!(
                "circuit breaker open for {}; the rules still answer",
                open.join(", ")
            )
        }),
    }
}

/// The other clusters bots work on (`[[kubernetes.clusters]]`), pinged
/// at once. One that does not answer makes the check `degraded`, not
/// `down`: the deployment's own cluster still serves, and the bots on
/// that cluster answer with the error.
async fn bot_clusters(state: &AppState, limit: Duration) -> Check {
    let others = state.other_clusters();
    if others.is_empty() {
        return disabled(
            "bot_clusters",
            "no other clusters (kubernetes.clusters not set)",
        );
    }
    let start = Instant::now();
    let pings = others.iter().map(|(name, c)| async move {
        match tokio::time::timeout(limit, c.ping()).await {
            Ok(Ok(v)) => (name.as_str(), Ok(v)),
            Ok(Err(e)) => (name.as_str(), Err(e.to_string())),
            Err(_) => (
                name.as_str(),
                Err(format!("no answer within {} ms", limit.as_millis())),
            ),
        }
    });
    let results = futures_util::future::join_all(pings).await;
    let latency_ms = (start.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    let detail = results
        .iter()
        .map(|(n, r)| match r {
            Ok(v) => format!("{n}: up {v}"),
            Err(_) => format!("{n}: down"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let errors: Vec<String> = results
        .iter()
        .filter_map(|(n, r)| r.as_ref().err().map(|e| format!("{n}: {e}")))
        .collect();
    Check {
        name: "bot_clusters",
        status: if errors.is_empty() { "up" } else { "degraded" },
        latency_ms,
        detail: Some(detail),
        error: (!errors.is_empty()).then(|| errors.join("; ")),
    }
}

/// The single sign-on providers: up when their discovery document and
/// keys are in hand, else fetched now (bounded). One that cannot be
/// reached makes the check `degraded`, named with its reason: people of
/// the others, and passwords, still sign in.
async fn sso(state: &AppState, limit: Duration) -> Check {
    let providers = state.sso();
    if providers.is_empty() {
        return disabled("sso", "no single sign-on providers (auth.oidc not set)");
    }
    let start = Instant::now();
    let checks = providers.iter().map(|p| async move {
        if p.is_known().await && p.last_error().is_none() {
            return (p.name(), Ok(()));
        }
        match tokio::time::timeout(limit, p.refresh()).await {
            Ok(r) => (p.name(), r.map_err(|e| e.to_string())),
            Err(_) => (
                p.name(),
                Err(format!("no answer within {} ms", limit.as_millis())),
            ),
        }
    });
    let results = futures_util::future::join_all(checks).await;
    let latency_ms = (start.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0;
    let detail = results
        .iter()
        .map(|(n, r)| format!("{n}: {}", if r.is_ok() { "up" } else { "down" }))
        .collect::<Vec<_>>()
        .join(", ");
    let errors: Vec<String> = results
        .iter()
        .filter_map(|(_, r)| r.as_ref().err().cloned())
        .collect();
    Check {
        name: "sso",
        status: if errors.is_empty() { "up" } else { "degraded" },
        latency_ms,
        detail: Some(detail),
        error: (!errors.is_empty()).then(|| errors.join("; ")),
    }
}

/// Runs every dependency check concurrently.
pub async fn run_checks(state: &AppState) -> Vec<Check> {
    let limit = Duration::from_millis(state.config().health.check_timeout_ms);
    let store = state.store();
    let database = timed(
        "database",
        limit,
        format!("{} {}", store.backend().as_str(), store.redacted_url()),
        store.ping(),
        |()| None,
    );
    let redis = async {
        match state.cache() {
            kubechat_cache::Cache::Redis(r) => {
                timed(
                    "redis",
                    limit,
                    format!("prefix {}", r.prefix()),
                    state.cache().ping(),
                    |()| None,
                )
                .await
            }
            kubechat_cache::Cache::Memory(_) => {
                disabled("redis", "in-memory state (redis.url not set)")
            }
        }
    };
    let kubernetes = async {
        match state.cluster() {
            Some(c) => timed("kubernetes", limit, c.server().to_owned(), c.ping(), Some).await,
            None => disabled("kubernetes", "no cluster configured"),
        }
    };
    let (d, r, k, b, s) = tokio::join!(
        database,
        redis,
        kubernetes,
        bot_clusters(state, limit),
        sso(state, limit)
    );
    let checks = vec![d, r, k, llm_check(state), b, s];
    for c in checks.iter().filter(|c| c.failed()) {
        tracing::warn!(
            dependency = c.name,
            error = c.error.as_deref().unwrap_or(""),
            latency_ms = c.latency_ms,
            "dependency check failed"
        );
    }
    checks
}

/// `GET /health/liveness`.
#[utoipa::path(get,
    path = "/health/liveness",
    tag = "operations",
    responses(
        (status = 200, description = "the process serves (dependencies are not checked)", body = Object),
    ))]
pub async fn liveness() -> Json<Value> {
    Json(json!({"status": "alive"}))
}

/// `GET /health/readiness`.
#[utoipa::path(get,
    path = "/health/readiness",
    tag = "operations",
    responses(
        (status = 200, description = "every configured dependency answers", body = Object),
        (status = 503, description = "`failing` names each dependency and its error", body = Object),
    ))]
pub async fn readiness(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let checks = run_checks(&state).await;
    let failing: Vec<Value> = checks
        .iter()
        .filter(|c| c.failed())
        .map(|c| json!({"name": c.name, "error": c.error}))
        .collect();
    let summary: serde_json::Map<String, Value> = checks
        .iter()
        .map(|c| (c.name.to_owned(), Value::String(c.status.to_owned())))
        .collect();
    if failing.is_empty() {
        (
            StatusCode::OK,
            Json(json!({"status": "ready", "checks": summary})),
        )
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"status": "not ready", "failing": failing, "checks": summary})),
        )
    }
}

/// `GET /health`.
#[utoipa::path(get,
    path = "/health",
    tag = "operations",
    responses(
        (status = 200, description = "status, detail and latency_ms per dependency", body = Object),
        (status = 503, description = "a dependency is down", body = Object),
    ))]
pub async fn health(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let checks = run_checks(&state).await;
    let healthy = !checks.iter().any(Check::failed);
    let roles: Vec<&str> = state
        .config()
        .server
        .roles
        .iter()
        .map(|r| r.as_str())
        .collect();
    let body = json!({
        "status": if healthy { "healthy" } else { "unhealthy" },
        "version": env!("CARGO_PKG_VERSION"),
        "roles": roles,
        "uptime_seconds": state.uptime().as_secs(),
        "dependencies": checks,
    });
    let code = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, Json(body))
}
