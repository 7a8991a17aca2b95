//! Signed tokens, the equivalent of `Phoenix.Token`: a small piece of data
//! (here a user id) and the time it was signed, signed with HMAC-SHA256
//! under a key derived from `SECRET_KEY_BASE` and a salt naming the token's
//! purpose. A token signed for one purpose (salt) is worthless for another.
//!
//! Format: `base64url(json {"data", "signed"}) "." base64url(hmac)`. The
//! payload is readable by anyone who has the token: it says who, never a
//! secret. Verification checks the signature first, then the age.

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::time::Duration;

/// The salt of socket tokens, as in the seed's `Phoenix.Token.sign(conn, "user socket", id)`.
pub const USER_SOCKET_SALT: &str = "user socket";
/// How long a socket token is valid by default: two weeks, as in the seed.
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(14 * 24 * 60 * 60);

/// Iterations of PBKDF2 when deriving a key from the secret, as Plug.Crypto's
/// `KeyGenerator` does by default.
const KEY_ITERATIONS: u32 = 1000;

#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("the token is malformed")]
    Invalid,
    #[error("the token's signature does not match")]
    BadSignature,
    #[error("the token has expired")]
    Expired,
}

#[derive(Serialize, Deserialize)]
struct Payload {
    data: i64,
    /// Milliseconds since the Unix epoch.
    signed: i64,
}

/// Signs and verifies tokens for one salt under one secret. The key is
/// derived once, on construction.
#[derive(Clone)]
pub struct Signer {
    key: [u8; 32],
}

impl Signer {
    pub fn new(secret_key_base: &str, salt: &str) -> Self {
        let mut key = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(secret_key_base.as_bytes(), salt.as_bytes(), KEY_ITERATIONS, &mut key);
        Self { key }
    }

    fn mac(&self) -> Hmac<Sha256> {
        Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes a key of any length")
    }

    /// Signs `data` as of `now_ms` (milliseconds since the epoch).
    pub fn sign_at(&self, data: i64, now_ms: i64) -> String {
        let payload = serde_json::to_vec(&Payload { data, signed: now_ms }).expect("a payload serializes");
        let encoded = B64.encode(payload);
        let mut mac = self.mac();
        mac.update(encoded.as_bytes());
        let signature = B64.encode(mac.finalize().into_bytes());
        format!("{encoded}.{signature}")
    }

    pub fn sign(&self, data: i64) -> String {
        self.sign_at(data, now_ms())
    }

    /// The data of `token` if its signature is right and it is younger than
    /// `max_age` at `now_ms`.
    pub fn verify_at(&self, token: &str, max_age: Duration, now_ms: i64) -> Result<i64, TokenError> {
        let (encoded, signature) = token.split_once('.').ok_or(TokenError::Invalid)?;
        let signature = B64.decode(signature).map_err(|_| TokenError::Invalid)?;
        let mut mac = self.mac();
        mac.update(encoded.as_bytes());
        mac.verify_slice(&signature).map_err(|_| TokenError::BadSignature)?;
        let payload = B64.decode(encoded).map_err(|_| TokenError::Invalid)?;
        let payload: Payload = serde_json::from_slice(&payload).map_err(|_| TokenError::Invalid)?;
        let age_ms = now_ms.saturating_sub(payload.signed);
        if age_ms > i64::try_from(max_age.as_millis()).unwrap_or(i64::MAX) {
            return Err(TokenError::Expired);
        }
        Ok(payload.data)
    }

    pub fn verify(&self, token: &str, max_age: Duration) -> Result<i64, TokenError> {
        self.verify_at(token, max_age, now_ms())
    }
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "a-test-secret-key-base-that-is-long-enough-0123456789";
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;

    #[test]
    fn a_fresh_token_verifies_to_its_data() {
        let signer = Signer::new(SECRET, USER_SOCKET_SALT);
        let token = signer.sign_at(42, 1_000);
        assert_eq!(signer.verify_at(&token, DEFAULT_MAX_AGE, 1_000 + DAY_MS), Ok(42));
    }

    #[test]
    fn a_token_older_than_its_max_age_is_expired() {
        let signer = Signer::new(SECRET, USER_SOCKET_SALT);
        let token = signer.sign_at(42, 0);
        assert_eq!(signer.verify_at(&token, DEFAULT_MAX_AGE, 15 * DAY_MS), Err(TokenError::Expired));
        assert_eq!(signer.verify_at(&token, Duration::from_secs(1), 1_001), Err(TokenError::Expired));
    }

    #[test]
    fn another_salt_or_secret_does_not_verify() {
        let token = Signer::new(SECRET, USER_SOCKET_SALT).sign_at(7, 0);
        let other_salt = Signer::new(SECRET, "user session");
        let other_secret = Signer::new("another-secret-key-base-entirely-0123456789abcdef", USER_SOCKET_SALT);
        assert_eq!(other_salt.verify_at(&token, DEFAULT_MAX_AGE, 0), Err(TokenError::BadSignature));
        assert_eq!(other_secret.verify_at(&token, DEFAULT_MAX_AGE, 0), Err(TokenError::BadSignature));
    }

    #[test]
    fn a_tampered_token_does_not_verify() {
        let signer = Signer::new(SECRET, USER_SOCKET_SALT);
        let token = signer.sign_at(7, 0);
        let (_, signature) = token.split_once('.').unwrap();
        let forged_payload = B64.encode(br#"{"data":1,"signed":0}"#);
        let forged = format!("{forged_payload}.{signature}");
        assert_eq!(signer.verify_at(&forged, DEFAULT_MAX_AGE, 0), Err(TokenError::BadSignature));
        assert_eq!(signer.verify_at("garbage", DEFAULT_MAX_AGE, 0), Err(TokenError::Invalid));
        assert_eq!(signer.verify_at("a.!!!", DEFAULT_MAX_AGE, 0), Err(TokenError::Invalid));
    }
}
