//! The video-management form posts: add (by URL), edit and delete one's own
//! videos. Each needs a logged-in user (a guest is sent to log in) and the
//! CSRF token; another user's video answers 404, exactly like a missing one.

use crate::accounts::csrf;
use crate::accounts::forms::unreadable;
use crate::page_render::page_with_echo;
use crate::state::AppState;
use crate::video_fields::{self, SubmittedVideo};
use app::db::owned_videos;
use app::forms::FormEcho;
use app::viewer::Viewer;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Form, Router};
use serde::Deserialize;

pub const LIST: &str = "/manage/videos";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/manage/videos", post(create))
        .route("/manage/videos/{id}", post(update))
        .route("/manage/videos/{id}/delete", post(delete))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct VideoForm {
    csrf_token: String,
    #[serde(flatten)]
    video: SubmittedVideo,
}

/// What the handlers share: a logged-in user and a valid CSRF token, or the
/// answer that says which is missing.
fn gate(state: &AppState, viewer: &Viewer, parts: &Parts, csrf_token: &str) -> Result<i64, Response> {
    let Some(user) = &viewer.user else {
        return Err(Redirect::to("/login").into_response());
    };
    if !csrf::is_valid(&state.secret_key_base, &parts.headers, csrf_token) {
        return Err(csrf::rejected());
    }
    Ok(user.id)
}

/// `gate` for a post about one video: also the video id from the path, where
/// an id that is not a number answers 404 like any video that is not yours.
fn gate_video(state: &AppState, viewer: &Viewer, parts: &Parts, csrf_token: &str, id: &str) -> Result<(i64, i64), Response> {
    let user_id = gate(state, viewer, parts, csrf_token)?;
    let id = id.parse::<i64>().map_err(|_| not_found())?;
    Ok((user_id, id))
}

fn echo_of(video: &SubmittedVideo) -> FormEcho {
    let mut echo = FormEcho::default();
    echo.values.insert("title".into(), video.title.clone());
    echo.values.insert("url".into(), video.url.clone());
    echo.values.insert("description".into(), video.description.clone().unwrap_or_default());
    echo.values.insert("category".into(), video.category.clone().unwrap_or_default());
    echo
}

pub fn internal(err: impl std::fmt::Display) -> Response {
    tracing::error!(%err, "managing videos");
    (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side; try again shortly.").into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, "Not found: you have no such video.").into_response()
}

async fn create(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    parts: Parts,
    form: Result<Form<VideoForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable(rejection),
    };
    let user_id = match gate(&state, &viewer, &parts, &form.csrf_token) {
        Ok(user_id) => user_id,
        Err(answer) => return answer,
    };
    match video_fields::check(&state.db, &form.video).await {
        Ok(Ok(fields)) => match owned_videos::insert(&state.db, user_id, fields).await {
            Ok(_) => Redirect::to(LIST).into_response(),
            Err(err) => internal(err),
        },
        Ok(Err(errors)) => {
            let echo = FormEcho { errors, ..echo_of(&form.video) };
            page_with_echo(&state, parts, "/manage/videos/new", echo, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(err) => internal(err),
    }
}

async fn update(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    parts: Parts,
    form: Result<Form<VideoForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable(rejection),
    };
    let (user_id, id) = match gate_video(&state, &viewer, &parts, &form.csrf_token, &id) {
        Ok(admitted) => admitted,
        Err(answer) => return answer,
    };
    match owned_videos::get(&state.db, user_id, id).await {
        Ok(Some(_)) => {}
        Ok(None) => return not_found(),
        Err(err) => return internal(err),
    }
    match video_fields::check(&state.db, &form.video).await {
        Ok(Ok(fields)) => match owned_videos::update(&state.db, user_id, id, fields).await {
            Ok(Some(_)) => Redirect::to(LIST).into_response(),
            Ok(None) => not_found(),
            Err(err) => internal(err),
        },
        Ok(Err(errors)) => {
            let echo = FormEcho { errors, ..echo_of(&form.video) };
            let page = format!("/manage/videos/{id}/edit");
            page_with_echo(&state, parts, &page, echo, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(err) => internal(err),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DeleteForm {
    csrf_token: String,
}

async fn delete(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(id): Path<String>,
    parts: Parts,
    form: Result<Form<DeleteForm>, FormRejection>,
) -> Response {
    let Form(form) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable(rejection),
    };
    let (user_id, id) = match gate_video(&state, &viewer, &parts, &form.csrf_token, &id) {
        Ok(admitted) => admitted,
        Err(answer) => return answer,
    };
    match owned_videos::delete(&state.db, user_id, id).await {
        Ok(Some(video)) => {
            crate::uploads::remove_file_of(&state, &video.url).await;
            Redirect::to(LIST).into_response()
        }
        Ok(None) => not_found(),
        Err(err) => internal(err),
    }
}
