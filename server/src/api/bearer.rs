//! `Authorization: Bearer <token>`: the socket token from `POST
//! /api/sessions`, verified (signature, salt, age) and resolved to a user
//! who still exists. Anything else is a 401.

use super::ApiError;
use crate::state::AppState;
use app::models::User;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::header;

pub struct BearerUser(pub User);

impl FromRequestParts<AppState> for BearerUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        const MISSING: &str = "a bearer token is required";
        let value = parts.headers.get(header::AUTHORIZATION).ok_or(ApiError::Unauthorized(MISSING))?;
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .ok_or(ApiError::Unauthorized(MISSING))?;
        let user_id = state
            .socket_tokens
            .verify(token, state.config.token_max_age())
            .map_err(|_| ApiError::Unauthorized("the token is invalid or expired"))?;
        let user = app::db::queries::find_user(&state.db, user_id).await?;
        user.map(BearerUser).ok_or(ApiError::Unauthorized("the token is invalid or expired"))
    }
}
