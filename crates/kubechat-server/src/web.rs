//! The web UI's files (`kubechat-web`), served at `/` and `/assets/*`.
//!
//! Every answer carries a Content-Security-Policy that allows scripts,
//! styles, images and connections from this origin only: even if text
//! from the cluster or a model ever reached the page as markup, it could
//! neither run script nor call anywhere else. Files are revalidated with
//! their ETag, so a new binary's UI is picked up on the next load.

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use kubechat_web::Asset;

use crate::ApiError;

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'";

fn serve(asset: &'static Asset, headers: &HeaderMap) -> Response {
    let etag = HeaderValue::from_str(&asset.etag).ok();
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == asset.etag));
    let mut resp = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            )],
            asset.body,
        )
            .into_response()
    };
    let h = resp.headers_mut();
    if let Some(e) = etag {
        h.insert(header::ETAG, e);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    resp
}

/// `GET /`: the single page.
pub async fn index(headers: HeaderMap) -> Response {
    match kubechat_web::index() {
        Some(a) => serve(a, &headers),
        None => ApiError::not_found("/").into_response(),
    }
}

/// `GET /assets/{name}`.
pub async fn asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    match kubechat_web::asset(&name) {
        Some(a) => serve(a, &headers),
        None => ApiError::not_found(&format!("/assets/{name}")).into_response(),
    }
}
