//! `POST /api/videos` with a bearer token, `{title, url, description?,
//! category?}`: 201 `{id, slug, watch_url}`, 422 with the messages per field,
//! 401 without a valid token.

use super::bearer::BearerUser;
use super::ApiError;
use crate::state::AppState;
use crate::video_fields::{self, SubmittedVideo};
use app::db::owned_videos;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

#[derive(Serialize)]
pub struct Created {
    id: i64,
    slug: String,
    /// The watch page's path on this site, `/watch/ID-SLUG`.
    watch_url: String,
}

pub async fn create(
    State(state): State<AppState>,
    BearerUser(user): BearerUser,
    body: Result<Json<SubmittedVideo>, JsonRejection>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let Json(submitted) = body?;
    let fields = video_fields::check(&state.db, &submitted).await?.map_err(ApiError::Invalid)?;
    let video = owned_videos::insert(&state.db, user.id, fields).await?;
    Ok((StatusCode::CREATED, Json(Created { id: video.id, watch_url: video.watch_path(), slug: video.slug })))
}
