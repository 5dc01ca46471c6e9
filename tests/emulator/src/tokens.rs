//! Bearer tokens: JWTs signed with HS256 that name a user and expire.

use std::collections::HashSet;
use std::time::Duration;

use iam_client::Secret;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::errors::HttpError;
use crate::server::EmulatorError;

/// What a token says.
#[derive(Serialize, Deserialize)]
struct Claims {
    /// The user's id.
    sub: String,
    /// When the token was issued, in seconds since the Unix epoch.
    iat: u64,
    /// When the token stops being valid, in seconds since the Unix epoch.
    exp: u64,
    /// A random id, so that two tokens issued in the same second still differ.
    jti: String,
}

/// Issues and checks tokens with one signing key.
pub(crate) struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_secs: u64,
}

impl Tokens {
    /// Tokens signed with `secret` that stay valid for `ttl`.
    pub(crate) fn new(secret: &Secret, ttl: Duration) -> Result<Self, EmulatorError> {
        let key = secret.expose().as_bytes();
        let encoding = EncodingKey::from_secret(key).map_err(|_| EmulatorError::SigningKey)?;
        let decoding = DecodingKey::from_secret(key).map_err(|_| EmulatorError::SigningKey)?;

        // The expiry is checked against the emulator's own clock, which tests can move
        // forward; the library's check would read the system clock instead.
        let mut validation = Validation::new(Algorithm::HS256);
        validation.validate_exp = false;
        validation.required_spec_claims = HashSet::from(["sub".to_owned(), "exp".to_owned()]);

        Ok(Self {
            encoding,
            decoding,
            validation,
            ttl_secs: ttl.as_secs(),
        })
    }

    /// A new token for `user_id`, issued at `now` (seconds since the Unix epoch).
    pub(crate) fn issue(&self, user_id: &str, now: u64, jti: String) -> Result<Secret, HttpError> {
        let claims = Claims {
            sub: user_id.to_owned(),
            iat: now,
            exp: now.saturating_add(self.ttl_secs),
            jti,
        };

        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map(Secret::from)
            .map_err(|_| HttpError::internal("the emulator could not sign a token"))
    }

    /// The user id a token names, if its signature is ours and it has not expired at
    /// `now`. A token is valid up to, not including, its `exp` second.
    pub(crate) fn verify(&self, token: &str, now: u64) -> Option<String> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        (now < data.claims.exp).then_some(data.claims.sub)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(secret: &str, ttl_secs: u64) -> Tokens {
        Tokens::new(&Secret::from(secret), Duration::from_secs(ttl_secs)).expect("a valid key")
    }

    #[test]
    fn a_token_is_valid_until_its_expiry() {
        let tokens = tokens("key", 60);
        let token = tokens.issue("user-1", 1_000, "a".into()).expect("signs");

        assert_eq!(
            tokens.verify(token.expose(), 1_000).as_deref(),
            Some("user-1")
        );
        assert_eq!(
            tokens.verify(token.expose(), 1_059).as_deref(),
            Some("user-1")
        );
        assert_eq!(tokens.verify(token.expose(), 1_060), None);
    }

    #[test]
    fn a_token_of_another_key_is_unknown() {
        let token = tokens("one key", 60)
            .issue("user-1", 1_000, "a".into())
            .expect("signs");
        assert_eq!(
            tokens("another key", 60).verify(token.expose(), 1_000),
            None
        );
        assert_eq!(tokens("one key", 60).verify("garbage", 1_000), None);
    }
}
