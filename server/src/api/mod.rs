//! The JSON API under `/api`, for non-browser clients and tests: sign up,
//! log in (which hands out the socket token), add a video with that token as
//! a bearer token, and read a video's annotations. Documented in the README.

mod annotations;
mod bearer;
mod error;
mod sessions;
mod users;
mod videos;

use crate::state::AppState;
use axum::routing::{get, post};
use axum::Router;

pub use error::ApiError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/users", post(users::create))
        .route("/api/sessions", post(sessions::create))
        .route("/api/videos", post(videos::create))
        .route("/api/videos/{id}/annotations", get(annotations::index))
}
