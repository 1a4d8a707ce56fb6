//! The KubeChat server: builds the application from a [`Config`], serves
//! HTTP, and shuts down gracefully.
//!
//! This crate owns everything HTTP: routes, the operations surface that
//! on-call people probe (`/health/liveness`, `/health/readiness`,
//! `/health`, `/metrics`), request ids, request logs with `duration_ms`,
//! and the shutdown sequence. Nothing below it knows about HTTP.

mod accounts_api;
mod api_error;
mod app;
mod audit_api;
mod billing_api;
mod bots_api;
mod chat_api;
mod error;
mod handoff;
mod health;
mod http;
mod listener;
mod mcp_api;
mod metrics;
mod nlp_api;
mod openapi;
mod presence;
mod rate_limit;
pub mod runtime;
mod setup_api;
mod slack_api;
mod sso_api;
mod state;
pub mod telemetry;
mod web;
mod ws_api;

pub use api_error::ApiError;
pub use app::{Application, load_audit_keys, shutdown_signal};
pub use error::{Error, Result};
pub use kubechat_config::Config;
pub use metrics::Metrics;
pub use runtime::Runtime;
pub use state::AppState;
