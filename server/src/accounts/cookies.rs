//! Reading a cookie from a request and writing the `Set-Cookie` header for
//! one: the few lines of RFC 6265 the session and CSRF cookies need. Both
//! are HttpOnly and SameSite=Lax, so that scripts cannot read them and other
//! sites cannot send them with a cross-site POST.

use axum::http::{header, HeaderMap, HeaderValue};

/// The value of cookie `name` in the request's `Cookie` headers, if any.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
        .filter(|value| !value.is_empty())
}

/// `Set-Cookie` for `name=value`, for the whole site, kept `max_age_secs`.
/// `value` must be cookie-safe (the tokens here are base64url).
pub fn set(name: &str, value: &str, max_age_secs: u64) -> HeaderValue {
    let cookie = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax");
    HeaderValue::from_str(&cookie).expect("base64url cookie values are valid header text")
}

/// `Set-Cookie` that makes the browser forget cookie `name`.
pub fn clear(name: &str) -> HeaderValue {
    set(name, "", 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; rumbl_session=abc"));
        headers.append(header::COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(get(&headers, "rumbl_session"), Some("abc"));
        assert_eq!(get(&headers, "b"), Some("2"));
        assert_eq!(get(&headers, "missing"), None);
    }
}
