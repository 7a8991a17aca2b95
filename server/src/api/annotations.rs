//! `GET /api/videos/{id}/annotations`: every annotation of the video in
//! playback order (`at`, then `id`). With `limit` (1 to 1000) the answer is
//! one page: the next `limit` annotations by id after `after_id`, sorted by
//! `at` within the page, and `next_after_id` to ask for the next page
//! (`null` on the last one).

use super::ApiError;
use crate::state::AppState;
use app::forms::{add_error, FieldErrors};
use app::models::Annotation;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::Json;
use serde::{Deserialize, Serialize};

pub const MAX_LIMIT: u64 = 1000;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Page {
    after_id: i64,
    limit: Option<u64>,
}

#[derive(Serialize)]
pub struct Annotations {
    annotations: Vec<Annotation>,
    next_after_id: Option<i64>,
}

pub async fn index(
    State(state): State<AppState>,
    Path(id): Path<String>,
    page: Result<Query<Page>, QueryRejection>,
) -> Result<Json<Annotations>, ApiError> {
    let Query(page) = page.map_err(|rejection| ApiError::BadRequest(rejection.body_text()))?;
    let video_id = id.parse::<i64>().map_err(|_| ApiError::NotFound)?;
    if app::db::queries::get_video(&state.db, video_id).await?.is_none() {
        return Err(ApiError::NotFound);
    }
    match page.limit {
        None => {
            let annotations = app::db::queries::annotations_after(&state.db, video_id, page.after_id, u64::MAX >> 1).await?;
            Ok(Json(Annotations { annotations, next_after_id: None }))
        }
        Some(limit @ 1..=MAX_LIMIT) => {
            let annotations = app::db::annotation_pages::page_by_id(&state.db, video_id, page.after_id, limit).await?;
            let full = annotations.len() as u64 == limit;
            let next_after_id = full.then(|| annotations.iter().map(|a| a.id).max()).flatten();
            Ok(Json(Annotations { annotations, next_after_id }))
        }
        Some(_) => {
            let mut errors = FieldErrors::new();
            add_error(&mut errors, "limit", format!("should be between 1 and {MAX_LIMIT}"));
            Err(ApiError::Invalid(errors))
        }
    }
}
