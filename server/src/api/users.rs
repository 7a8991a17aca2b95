//! `POST /api/users` `{name, username, password}`: 201 `{id, username}`, or
//! 422 with the messages per field (a taken username included).

use super::ApiError;
use crate::accounts::users::{self, Registration, RegistrationError};
use crate::state::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

pub async fn create(
    State(state): State<AppState>,
    body: Result<Json<Registration>, JsonRejection>,
) -> Result<(StatusCode, Json<app::models::User>), ApiError> {
    let Json(registration) = body?;
    match users::register(&state.db, registration).await {
        Ok(user) => Ok((StatusCode::CREATED, Json(user))),
        Err(RegistrationError::Invalid(errors)) => Err(ApiError::Invalid(errors)),
        Err(RegistrationError::Database(err)) => Err(err.into()),
        Err(RegistrationError::Hashing(err)) => Err(err.into()),
    }
}
