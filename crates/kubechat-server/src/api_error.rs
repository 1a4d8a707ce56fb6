//! The single mapping from failures to HTTP responses.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// An error answered to an HTTP client as
/// `{"error": {"code": …, "message": …}}`. Messages are written for the
/// client and never carry internals (SQL, stack traces, secrets).
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl ApiError {
    /// An error with an explicit status and stable code.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// 503: a dependency (database, cache, Slack) cannot answer now;
    /// `message` says what cannot be done, for the person to retry.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", message)
    }

    /// 403 unless `user` is an admin; `what` finishes "only admins …".
    pub fn require_admin(user: &kubechat_auth::User, what: &str) -> Result<(), Self> {
        if user.role == kubechat_core::UserRole::Admin {
            return Ok(());
        }
        Err(Self::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!(
                "{} has the role {}; only admins {what}",
                user.username, user.role
            ),
        ))
    }

    /// 404 for a path that no route serves.
    pub fn not_found(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("no route for {path}"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        (self.status, Json(body)).into_response()
    }
}
