//! The HTTP surface: which path goes to which handler.

use crate::state::AppState;
use crate::media;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let db = state.db.clone();
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(healthz))
        .merge(media::service(&state.config.media_dir))
        .merge(crate::channel::routes(state.endpoint.clone()))
        .merge(crate::api::router())
        .merge(crate::accounts::forms::router())
        .merge(crate::manage::router())
        .merge(crate::uploads::router())
        .merge(crate::uploads::files(&state.config.uploads_dir()))
        .leptos_routes_with_context(
            &state,
            routes,
            move || leptos::prelude::provide_context(db.clone()),
            move || app::shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        // Who is asking (session user, socket token, CSRF token), for every handler and page.
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::accounts::viewer::attach))
        .with_state(state)
}

/// 200 once the database answers, 503 while it does not.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(err) => {
            tracing::warn!(%err, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
        }
    }
}
