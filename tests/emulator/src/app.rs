//! What every request handler shares: the store, the token keys, the clock, the settings.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use iam_client::Secret;
use iam_client::types::AuthIdentity;

use crate::answer::Answer;
use crate::clock::Clock;
use crate::config::Settings;
use crate::errors::{ErrorCode, HttpError};
use crate::random::Random;
use crate::server::EmulatorError;
use crate::store::Store;
use crate::tokens::Tokens;

/// The emulator's shared state, behind an `Arc` in every handler.
pub(crate) type SharedApp = Arc<App>;

/// The emulator's state. The store sits behind one lock that handlers take after reading
/// the request body and release before answering: no lock is held across an await.
pub(crate) struct App {
    store: Mutex<Store>,
    pub(crate) tokens: Tokens,
    pub(crate) clock: Clock,
    pub(crate) system_key: Secret,
    pub(crate) debug: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").finish_non_exhaustive()
    }
}

impl App {
    /// A new emulator state from its settings, with the seeded records.
    pub(crate) fn new(settings: Settings) -> Result<Self, EmulatorError> {
        let mut random = Random::from_os()?;
        let jwt_secret = match settings.jwt_secret.clone() {
            Some(secret) => secret,
            None => Secret::from(random.hex(32)),
        };
        let tokens = Tokens::new(&jwt_secret, settings.token_ttl)?;
        let clock = Clock::default();
        let store = Store::seeded(&settings, random, &clock.timestamp());

        Ok(Self {
            store: Mutex::new(store),
            tokens,
            clock,
            system_key: settings.api_key,
            debug: settings.debug,
        })
    }

    /// The store, locked. No handler panics while holding it, but a poisoned lock would
    /// still hold consistent records, since every change is checked before it is made.
    pub(crate) fn store(&self) -> MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Logs a user in: the identity with a new token, or `user-not-active`.
    pub(crate) fn log_in(
        &self,
        store: &mut Store,
        user_id: &str,
    ) -> Result<AuthIdentity, HttpError> {
        let record = match store.user(user_id) {
            Ok(record) => record,
            Err(code) => return Ok(AuthIdentity::failure(code)),
        };
        if !record.is_active() {
            return Ok(AuthIdentity::failure(ErrorCode::UserNotActive));
        }

        let user = record.user.clone();
        let need_to_change_password = record.must_change_password;
        let permissions = store.permissions_of(&user);
        let jti = store.random.hex(8);
        let token = self
            .tokens
            .issue(&user.id, self.clock.unix_seconds(), jti)?;

        Ok(AuthIdentity {
            response_code: Some("ok".to_owned()),
            token: Some(token),
            user: Some(user),
            permissions: Some(permissions.into()),
            need_to_change_password: Some(need_to_change_password),
        })
    }
}
