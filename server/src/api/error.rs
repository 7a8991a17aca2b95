//! How the JSON API says no: a status and `{"errors": {"field": [...]}}`,
//! the same shape for invalid input (422), bad credentials (401), unknown
//! things (404), unreadable bodies (400) and server trouble (500).

use app::forms::FieldErrors;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;

#[derive(Debug)]
pub enum ApiError {
    Invalid(FieldErrors),
    Unauthorized(&'static str),
    NotFound,
    BadRequest(String),
    Internal,
}

fn errors_body(field: &str, message: String) -> serde_json::Value {
    serde_json::json!({ "errors": { field: [message] } })
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match self {
            Self::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, serde_json::json!({ "errors": errors })),
            Self::Unauthorized(message) => (StatusCode::UNAUTHORIZED, errors_body("detail", message.into())),
            Self::NotFound => (StatusCode::NOT_FOUND, errors_body("detail", "not found".into())),
            Self::BadRequest(message) => (StatusCode::BAD_REQUEST, errors_body("body", message)),
            Self::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                errors_body("detail", "something went wrong on our side, try again shortly".into()),
            ),
        };
        (status, Json(body)).into_response()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        Self::BadRequest(rejection.body_text())
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        tracing::error!(%err, "database error in the JSON API");
        Self::Internal
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        tracing::error!(err = format!("{err:#}"), "error in the JSON API");
        Self::Internal
    }
}
