//! Server-side sessions: logging in stores a row in `sessions` and hands the
//! browser a random token in an HttpOnly, SameSite=Lax cookie; each request
//! finds its user by the token's hash; logging out deletes the row, so the
//! old cookie stops working at once, and tells the channel server to close
//! that user's live sockets.

use super::cookies;
use crate::state::AppState;
use app::db::session;
use app::models::User;
use axum::http::{HeaderMap, HeaderValue};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const COOKIE_NAME: &str = "rumbl_session";
/// How long a session lasts without logging in again: thirty days.
pub const MAX_AGE_SECS: u64 = 30 * 24 * 60 * 60;

/// 32 random bytes, base64url: a session token, or any unguessable value.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    B64.encode(bytes)
}

/// What the database keeps of a token: its SHA-256, in hex.
fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for `user`; the answer's `Set-Cookie` header.
pub async fn start(state: &AppState, user: &User) -> anyhow::Result<HeaderValue> {
    let token = random_token();
    let expires_at = chrono::Utc::now() + chrono::Duration::seconds(MAX_AGE_SECS as i64);
    session::insert(&state.db, user.id, token_hash(&token), expires_at).await?;
    Ok(cookies::set(COOKIE_NAME, &token, MAX_AGE_SECS))
}

/// The user of the request's session cookie, if it names a live session.
pub async fn current_user(state: &AppState, headers: &HeaderMap) -> Result<Option<User>, sea_orm::DbErr> {
    match cookies::get(headers, COOKIE_NAME) {
        Some(token) => session::find_user(&state.db, &token_hash(token)).await,
        None => Ok(None),
    }
}

/// Ends the request's session, if any; the answer's `Set-Cookie` header,
/// which makes the browser forget the cookie too.
pub async fn end(state: &AppState, headers: &HeaderMap) -> Result<HeaderValue, sea_orm::DbErr> {
    if let Some(token) = cookies::get(headers, COOKIE_NAME) {
        if let Some(user_id) = session::delete(&state.db, &token_hash(token)).await? {
            close_user_sockets(state, user_id);
        }
    }
    Ok(cookies::clear(COOKIE_NAME))
}

/// Tells the channel server that `user_id` logged out, so that it closes
/// their live sockets, as the seed's
/// `Endpoint.broadcast("users_socket:#{id}", "disconnect", %{})` does.
pub fn close_user_sockets(state: &AppState, user_id: i64) {
    tracing::info!(user_id, "logged out: closing the user's live sockets");
    state.endpoint.disconnect(&crate::channel::socket_id(user_id));
}
