//! The middleware that works out who is asking: it finds the session's user,
//! signs their socket token, makes sure the browser has a CSRF cookie, and
//! attaches the result (`app::viewer::Viewer`) to the request, where page
//! rendering, server functions and form handlers read it.

use super::{cookies, csrf, session};
use crate::state::AppState;
use app::viewer::Viewer;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;

/// Paths that are only files: no page, form or session is involved.
const STATIC_PREFIXES: [&str; 4] = ["/media/", "/uploads/", "/pkg/", "/healthz"];

pub async fn attach(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    if STATIC_PREFIXES.iter().any(|prefix| request.uri().path().starts_with(prefix)) {
        return next.run(request).await;
    }
    let headers = request.headers();
    let existing_csrf = cookies::get(headers, csrf::COOKIE_NAME).map(str::to_owned);
    let new_csrf = existing_csrf.is_none().then(session::random_token);
    let csrf_cookie = existing_csrf.or_else(|| new_csrf.clone()).unwrap_or_default();
    let user = session::current_user(&state, headers).await.unwrap_or_else(|err| {
        tracing::error!(%err, "looking up a session; treating the request as a guest's");
        None
    });
    let viewer = Viewer {
        socket_token: user.as_ref().map(|user| state.socket_tokens.sign(user.id)),
        user,
        csrf_token: csrf::form_token(&state.secret_key_base, &csrf_cookie),
    };
    request.extensions_mut().insert(viewer);
    let mut response = next.run(request).await;
    if let Some(value) = new_csrf {
        response.headers_mut().append(header::SET_COOKIE, cookies::set(csrf::COOKIE_NAME, &value, csrf::MAX_AGE_SECS));
    }
    response
}
