//! Answering a rejected form post with its page again: the Leptos page at
//! `page_path` rendered for this request, with the entered values and the
//! messages (`FormEcho`) attached for the page to show, under the status
//! that says what went wrong (422, 401, 413, 404).

use crate::state::AppState;
use app::forms::FormEcho;
use axum::body::Body;
use axum::http::request::Parts;
use axum::http::{Method, Request, StatusCode};
use axum::response::Response;
use leptos::prelude::provide_context;

pub async fn page_with_echo(state: &AppState, mut parts: Parts, page_path: &str, echo: FormEcho, status: StatusCode) -> Response {
    parts.method = Method::GET;
    parts.uri = page_path.parse().unwrap_or_else(|_| "/".parse().expect("a valid path"));
    parts.headers.remove(axum::http::header::CONTENT_TYPE);
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts.extensions.insert(echo);
    let db = state.db.clone();
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || provide_context(db.clone()),
        move || app::shell(options.clone()),
    );
    let mut response = render(Request::from_parts(parts, Body::empty())).await;
    *response.status_mut() = status;
    response
}
