//! `POST /api/sessions` `{username, password}`: 200 `{user, token}` with
//! the socket token, and the same session cookie the login form sets; 401
//! "invalid username or password" for either mistake.

use super::ApiError;
use crate::accounts::{session, users};
use crate::state::AppState;
use app::models::User;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Credentials {
    username: String,
    password: String,
}

#[derive(Serialize)]
struct LoggedIn {
    user: User,
    token: String,
}

pub async fn create(State(state): State<AppState>, body: Result<Json<Credentials>, JsonRejection>) -> Result<Response, ApiError> {
    let Json(credentials) = body?;
    let user = users::authenticate(&state.db, &credentials.username, &credentials.password)
        .await?
        .ok_or(ApiError::Unauthorized(users::INVALID_LOGIN))?;
    let cookie = session::start(&state, &user).await?;
    let token = state.socket_tokens.sign(user.id);
    Ok(([(header::SET_COOKIE, cookie)], Json(LoggedIn { user, token })).into_response())
}
