//! The WebSocket transport, `GET /socket/websocket`: checks the origin, the
//! serializer version and the token before the upgrade (refusals are plain
//! HTTP answers: 403, or 400 for an unknown `vsn`), then hands the upgraded
//! connection to `socket::run` with the frame size limit applied.
//!
//! No `token` (or an empty one) connects as a guest; a token that is present
//! but invalid or expired is refused, as the seed's `UserSocket.connect`.

use super::serializer::Serializer;
use super::{socket, Endpoint};
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

pub async fn upgrade(
    State(endpoint): State<Arc<Endpoint>>,
    Query(params): Query<HashMap<String, String>>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let started = Instant::now();
    if !origin_allowed(&headers, &endpoint.settings.allowed_origins) {
        tracing::warn!(origin = ?headers.get(header::ORIGIN), "refusing a socket from an origin that is not allowed");
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    let Some(serializer) = Serializer::for_vsn(params.get("vsn").map(String::as_str)) else {
        return (StatusCode::BAD_REQUEST, "unsupported vsn: use 1.0.0 or 2.0.0").into_response();
    };
    let user_id = match params.get("token").map(String::as_str) {
        None | Some("") => None,
        Some(token) => match endpoint.settings.signer.verify(token, endpoint.settings.token_max_age) {
            Ok(user_id) => Some(user_id),
            Err(err) => {
                tracing::info!(%err, "REFUSED CONNECTION TO UserSocket");
                return (StatusCode::FORBIDDEN, "invalid or expired token").into_response();
            }
        },
    };
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    tracing::info!(
        socket_id = user_id.map(super::socket_id).unwrap_or_else(|| "guest".into()),
        transport = "websocket",
        serializer = serializer.name(),
        params = ?filtered(&params),
        elapsed = ?started.elapsed(),
        "CONNECTED TO UserSocket"
    );
    let limit = endpoint.settings.max_frame_bytes;
    // A small read buffer: tungstenite zero-fills all of it on every read,
    // so the 128 KiB default costs 128 KiB of RSS per idle socket (bench).
    upgrade
        .read_buffer_size(1024)
        .max_frame_size(limit)
        .max_message_size(limit)
        .on_upgrade(move |websocket| socket::run(endpoint, websocket, serializer, user_id))
}

/// The connect parameters as they may be logged: the token hidden.
fn filtered(params: &HashMap<String, String>) -> HashMap<&str, &str> {
    params
        .iter()
        .map(|(key, value)| (key.as_str(), if key == "token" { "[FILTERED]" } else { value.as_str() }))
        .collect()
}

/// Phoenix's `check_origin`: no `Origin` (a native or server-side client) is
/// allowed; a browser's must be this server's own host or a configured origin.
fn origin_allowed(headers: &HeaderMap, allowed: &[String]) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else { return true };
    let Ok(origin) = origin.to_str() else { return false };
    let origin = origin.trim_end_matches('/');
    if allowed.iter().any(|allowed| allowed.trim_end_matches('/').eq_ignore_ascii_case(origin)) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|host| host.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, rest)| rest);
    matches!((origin_host, host), (Some(origin_host), Some(host)) if origin_host.eq_ignore_ascii_case(host))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(origin: Option<&str>, host: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, host.parse().unwrap());
        if let Some(origin) = origin {
            headers.insert(header::ORIGIN, origin.parse().unwrap());
        }
        headers
    }

    #[test]
    fn origins_are_checked_as_phoenix_does() {
        let allowed = vec!["https://rumbl.example".to_owned()];
        assert!(origin_allowed(&headers(None, "127.0.0.1:3000"), &allowed));
        assert!(origin_allowed(&headers(Some("http://127.0.0.1:3000"), "127.0.0.1:3000"), &allowed));
        assert!(origin_allowed(&headers(Some("https://rumbl.example"), "127.0.0.1:3000"), &allowed));
        assert!(!origin_allowed(&headers(Some("https://evil.example"), "127.0.0.1:3000"), &allowed));
        assert!(!origin_allowed(&headers(Some("null"), "127.0.0.1:3000"), &allowed));
    }

    #[test]
    fn tokens_are_kept_out_of_the_logs() {
        let params = HashMap::from([("token".to_owned(), "secret".to_owned()), ("vsn".to_owned(), "2.0.0".to_owned())]);
        assert_eq!(filtered(&params).get("token"), Some(&"[FILTERED]"));
        assert_eq!(filtered(&params).get("vsn"), Some(&"2.0.0"));
    }
}
