//! Media files at `/media/...`: served with Range support (206 Partial
//! Content), so that the browser can seek without downloading the whole
//! file, with the type guessed from the extension, and cacheable.

use axum::http::{header, HeaderValue};
use axum::Router;
use std::path::Path;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The path prefix media is served under.
pub const PREFIX: &str = "/media";

pub fn service<S: Clone + Send + Sync + 'static>(dir: &Path) -> Router<S> {
    service_at(PREFIX, dir)
}

/// The files of `dir` under `prefix`, served the same way (uploaded videos use it).
pub fn service_at<S: Clone + Send + Sync + 'static>(prefix: &str, dir: &Path) -> Router<S> {
    Router::new().nest_service(
        prefix,
        tower::ServiceBuilder::new()
            .layer(SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ))
            .service(ServeDir::new(dir)),
    )
}
