//! The sign-up, log-in and log-out form posts. Each checks the CSRF token;
//! success starts (or ends) the session and redirects, failure answers the
//! form's page again with the messages and the entered values (never the
//! password).

use super::users::{self, Registration, RegistrationError, INVALID_LOGIN};
use super::{csrf, session};
use crate::page_render::page_with_echo;
use crate::state::AppState;
use app::forms::{add_error, FormEcho};
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Form, Router};
use serde::Deserialize;

/// Where a user lands after logging in or signing up.
pub const AFTER_LOGIN: &str = "/manage/videos";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signup", post(sign_up))
        .route("/login", post(log_in))
        .route("/logout", post(log_out))
}

/// The answer to a form post whose body cannot be read as that form.
pub(crate) fn unreadable(rejection: FormRejection) -> Response {
    (StatusCode::BAD_REQUEST, rejection.body_text()).into_response()
}

fn logged_in(cookie: axum::http::HeaderValue) -> Response {
    ([(header::SET_COOKIE, cookie)], Redirect::to(AFTER_LOGIN)).into_response()
}

fn internal(err: impl std::fmt::Display) -> Response {
    tracing::error!(%err, "account form");
    (StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on our side; try again shortly.").into_response()
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignUpForm {
    csrf_token: String,
    #[serde(flatten)]
    registration: Registration,
}

async fn sign_up(State(state): State<AppState>, parts: Parts, form: Result<Form<SignUpForm>, FormRejection>) -> Response {
    let Form(form) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable(rejection),
    };
    if !csrf::is_valid(&state.secret_key_base, &parts.headers, &form.csrf_token) {
        return csrf::rejected();
    }
    let mut echo = FormEcho::default();
    echo.values.insert("name".into(), form.registration.name.clone());
    echo.values.insert("username".into(), form.registration.username.clone());
    match users::register(&state.db, form.registration).await {
        Ok(user) => match session::start(&state, &user).await {
            Ok(cookie) => logged_in(cookie),
            Err(err) => internal(format!("{err:#}")),
        },
        Err(RegistrationError::Invalid(errors)) => {
            echo.errors = errors;
            page_with_echo(&state, parts, "/signup", echo, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(err) => internal(err),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LogInForm {
    csrf_token: String,
    username: String,
    password: String,
}

async fn log_in(State(state): State<AppState>, parts: Parts, form: Result<Form<LogInForm>, FormRejection>) -> Response {
    let Form(form) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable(rejection),
    };
    if !csrf::is_valid(&state.secret_key_base, &parts.headers, &form.csrf_token) {
        return csrf::rejected();
    }
    match users::authenticate(&state.db, &form.username, &form.password).await {
        Ok(Some(user)) => match session::start(&state, &user).await {
            Ok(cookie) => logged_in(cookie),
            Err(err) => internal(format!("{err:#}")),
        },
        Ok(None) => {
            let mut echo = FormEcho::default();
            echo.values.insert("username".into(), form.username);
            add_error(&mut echo.errors, "form", INVALID_LOGIN);
            page_with_echo(&state, parts, "/login", echo, StatusCode::UNAUTHORIZED).await
        }
        Err(err) => internal(format!("{err:#}")),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LogOutForm {
    csrf_token: String,
}

async fn log_out(State(state): State<AppState>, parts: Parts, form: Result<Form<LogOutForm>, FormRejection>) -> Response {
    let Form(form) = match form {
        Ok(form) => form,
        Err(rejection) => return unreadable(rejection),
    };
    if !csrf::is_valid(&state.secret_key_base, &parts.headers, &form.csrf_token) {
        return csrf::rejected();
    }
    match session::end(&state, &parts.headers).await {
        Ok(cookie) => ([(header::SET_COOKIE, cookie)], Redirect::to("/")).into_response(),
        Err(err) => internal(err),
    }
}
