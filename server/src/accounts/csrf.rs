//! Cross-site request forgery protection for the HTML forms: a signed
//! double-submit token. Each browser gets a random `rumbl_csrf` cookie; every
//! form carries `csrf_token`, an HMAC of that cookie under the server's
//! secret. Another site can make a browser post a form, but can neither read
//! the cookie nor compute the HMAC, so its post is refused. (The session
//! cookie being SameSite=Lax is a second line of defence.)

use super::cookies;
use axum::http::HeaderMap;
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub const COOKIE_NAME: &str = "rumbl_csrf";
/// A year: the cookie is not a credential, only the anchor of form tokens.
pub const MAX_AGE_SECS: u64 = 365 * 24 * 60 * 60;

fn mac(secret_key_base: &str, cookie_value: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret_key_base.as_bytes()).expect("HMAC takes a key of any length");
    mac.update(b"csrf form token:");
    mac.update(cookie_value.as_bytes());
    mac
}

/// The `csrf_token` that forms must carry for a browser with this cookie.
pub fn form_token(secret_key_base: &str, cookie_value: &str) -> String {
    hex::encode(mac(secret_key_base, cookie_value).finalize().into_bytes())
}

/// Whether `submitted` is the form token for the request's CSRF cookie.
pub fn is_valid(secret_key_base: &str, headers: &HeaderMap, submitted: &str) -> bool {
    let (Some(cookie), Ok(submitted)) = (cookies::get(headers, COOKIE_NAME), hex::decode(submitted.trim())) else {
        return false;
    };
    mac(secret_key_base, cookie).verify_slice(&submitted).is_ok()
}

/// The answer to a form whose token is missing or wrong.
pub fn rejected() -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        axum::http::StatusCode::FORBIDDEN,
        "This form has expired or did not come from this site. Go back, reload the page and try again.",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{header, HeaderValue};

    const SECRET: &str = "csrf-test-secret-0123456789-0123456789";

    #[test]
    fn only_the_token_of_this_cookie_passes() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("rumbl_csrf=abc"));
        assert!(is_valid(SECRET, &headers, &form_token(SECRET, "abc")));
        assert!(!is_valid(SECRET, &headers, &form_token(SECRET, "abd")));
        assert!(!is_valid("another-secret-0123456789-0123456789", &headers, &form_token(SECRET, "abc")));
        assert!(!is_valid(SECRET, &headers, "not hex"));
        assert!(!is_valid(SECRET, &HeaderMap::new(), &form_token(SECRET, "abc")));
    }
}
