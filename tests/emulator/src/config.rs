//! The emulator's settings, their defaults, and the builder that sets them.

use std::future::Future;
use std::time::Duration;

use iam_client::Secret;
use tokio::net::{TcpListener, ToSocketAddrs};

use crate::server::{self, Emulator, EmulatorError};

/// The path every operation lives under, as on the real backend.
pub const BASE_PATH: &str = "/api";

/// The port `cargo xtask serve` listens on by default, as the backend's development server.
pub const DEFAULT_PORT: u16 = 8081;

/// The system API key of a default emulator.
pub const DEFAULT_API_KEY: &str = "iam-dev-api-key";

/// The e-mail address of the seeded administrator of a default emulator.
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@iam.local";

/// The password of the seeded administrator of a default emulator.
pub const DEFAULT_ADMIN_PASSWORD: &str = "admin-password";

/// How long a bearer token stays valid by default.
pub const DEFAULT_TOKEN_TTL: Duration = Duration::from_secs(3600);

/// The role code of administrators, who may impersonate users and reset PINs.
pub const ROLE_ADMIN: &str = "ROLE_ADMIN";

/// The role code every registered user gets.
pub const ROLE_USER: &str = "ROLE_USER";

/// The permissions of the seeded `ROLE_USER` role record.
pub const USER_PERMISSIONS: &[&str] = &["iam.profile.read", "iam.profile.update"];

/// The permissions of the seeded `ROLE_ADMIN` role record.
pub const ADMIN_PERMISSIONS: &[&str] = &[
    "iam.profile.read",
    "iam.profile.update",
    "iam.users.manage",
    "iam.roles.manage",
    "iam.projects.manage",
    "iam.devices.manage",
    "iam.users.impersonate",
    "iam.pins.reset",
];

/// Sets up an emulator, then starts it. Made by [`Emulator::builder`].
///
/// Every setting has a development default (the `DEFAULT_*` constants). `Debug` shows the
/// administrator's e-mail address but none of the secrets.
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    pub(crate) settings: Settings,
}

/// What an emulator is started with.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub(crate) api_key: Secret,
    pub(crate) admin_email: String,
    pub(crate) admin_password: Secret,
    pub(crate) token_ttl: Duration,
    pub(crate) jwt_secret: Option<Secret>,
    pub(crate) debug: bool,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        Self {
            settings: Settings {
                api_key: Secret::from(DEFAULT_API_KEY),
                admin_email: DEFAULT_ADMIN_EMAIL.to_owned(),
                admin_password: Secret::from(DEFAULT_ADMIN_PASSWORD),
                token_ttl: DEFAULT_TOKEN_TTL,
                jwt_secret: None,
                debug: true,
            },
        }
    }
}

impl EmulatorBuilder {
    /// The system API key: in `x-api-key` it opens every operation.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.settings.api_key = key.into();
        self
    }

    /// The seeded administrator: an active user with the role `ROLE_ADMIN`.
    pub fn admin(mut self, email: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.settings.admin_email = email.into();
        self.settings.admin_password = password.into();
        self
    }

    /// How long a bearer token stays valid after it is issued. Whole seconds count.
    pub fn token_ttl(mut self, ttl: Duration) -> Self {
        self.settings.token_ttl = ttl;
        self
    }

    /// The key that bearer tokens are signed with (HS256). Random when not set, so that
    /// tokens of one emulator are unknown to another.
    pub fn jwt_secret(mut self, secret: impl Into<Secret>) -> Self {
        self.settings.jwt_secret = Some(secret.into());
        self
    }

    /// Debug mode: a password recovery answers the new password in `newPassword`. On by
    /// default, as in the backend's development setup.
    pub fn debug(mut self, on: bool) -> Self {
        self.settings.debug = on;
        self
    }

    /// Starts the emulator in the background on a free port of `127.0.0.1`.
    pub async fn start(self) -> Result<Emulator, EmulatorError> {
        self.start_on("127.0.0.1:0").await
    }

    /// Starts the emulator in the background on the given address.
    pub async fn start_on(self, addr: impl ToSocketAddrs) -> Result<Emulator, EmulatorError> {
        let listener = TcpListener::bind(addr).await.map_err(EmulatorError::Bind)?;
        server::spawn(self.settings, listener)
    }

    /// Serves on `listener` in the current task until `shutdown` resolves, then lets the
    /// requests under way finish.
    pub async fn serve(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> Result<(), EmulatorError> {
        server::serve(self.settings, listener, shutdown).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_no_secret() {
        let builder = EmulatorBuilder::default()
            .api_key("key-value-1")
            .admin("root@example.com", "password-value-2")
            .jwt_secret("signing-value-3");

        let text = format!("{builder:?}");
        assert!(text.contains("root@example.com"));
        for secret in ["key-value-1", "password-value-2", "signing-value-3"] {
            assert!(!text.contains(secret), "{text}");
        }
    }
}
