//! The OpenAPI document, generated from the handlers' `#[utoipa::path]`
//! annotations as the router is built (the same `routes!` call registers a
//! handler with axum and describes it), served at `/api/openapi.json`.

use std::sync::LazyLock;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// Every error answer: a stable `code` and a message for people.
#[derive(Debug, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ErrorBody {
    error: ErrorDetail,
}

#[derive(Debug, utoipa::ToSchema)]
#[allow(dead_code)]
pub struct ErrorDetail {
    /// Stable, e.g. `not_understood`, `forbidden`, `rate_limited`.
    code: String,
    message: String,
}

/// The document's frame; paths come from the router.
#[derive(OpenApi)]
#[openapi(
    info(title = "KubeChat", description = "Operate Kubernetes by chat: accounts and tokens, the chat (REST and WebSocket `kubechat.v1`), policy, approvals, audit, and the operations surface."),
    components(schemas(ErrorBody, ErrorDetail)),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

/// `Authorization: Bearer` with an access token (JWT) or a personal API
/// token (`kct_…`).
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "an access token from /api/v1/login, or a personal API token (kct_…)",
            ))
            .build();
        doc.components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The document as served: pretty JSON, built once. The version is left
/// out of `info` so the committed snapshot does not change per release.
pub fn json() -> &'static str {
    static DOC: LazyLock<String> = LazyLock::new(|| {
        let (_, mut doc) = crate::http::api_routes().split_for_parts();
        doc.info.version = "v1".to_owned();
        doc.info.license = None;
        doc.info.contact = None;
        doc.to_pretty_json()
            .unwrap_or_else(|e| serde_json::json!({"error": e.to_string()}).to_string())
    });
    &DOC
}

/// `GET /api/openapi.json`.
#[utoipa::path(get, path = "/api/openapi.json", tag = "operations",
    responses((status = 200, description = "this document", body = Object)))]
pub async fn document() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        json(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SNAPSHOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");

    /// The committed `openapi.json` is the document the code generates; a
    /// route or a body changed without it fails here. To accept a change:
    /// `KUBECHAT_UPDATE_OPENAPI=1 cargo test -p kubechat-server openapi`.
    #[test]
    fn the_committed_document_matches_the_code() {
        let now = json();
        if std::env::var_os("KUBECHAT_UPDATE_OPENAPI").is_some() {
            std::fs::write(SNAPSHOT, format!("{now}\n")).unwrap();
        }
        let committed = std::fs::read_to_string(SNAPSHOT).unwrap_or_default();
        assert!(
            committed.trim_end() == now,
            "crates/kubechat-server/openapi.json is not what the code generates; \
             review the change and run KUBECHAT_UPDATE_OPENAPI=1 cargo test -p kubechat-server openapi"
        );
    }

    #[test]
    fn every_api_route_is_described() {
        let doc: serde_json::Value = serde_json::from_str(json()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        for (path, method) in [
            ("/api/v1/login", "post"),
            ("/api/v1/ask", "post"),
            ("/api/v1/chat/{session}", "get"),
            ("/api/v1/plans/{id}/approve", "post"),
            ("/api/v1/policy", "put"),
            ("/api/v1/tokens", "post"),
            ("/api/v1/audit/verify", "get"),
            ("/api/v1/audit/verify", "post"),
            ("/api/v1/audit/checkpoints", "post"),
            ("/mcp", "post"),
            ("/mcp", "delete"),
            ("/.well-known/oauth-protected-resource", "get"),
            ("/health/readiness", "get"),
            ("/metrics", "get"),
            ("/api/openapi.json", "get"),
        ] {
            assert!(paths[path][method].is_object(), "{method} {path} missing");
        }
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
        let ask = &paths["/api/v1/ask"]["post"];
        assert!(ask["requestBody"].is_object());
        assert_eq!(ask["security"][0]["bearer"], serde_json::json!([]));
    }
}
