//! The `/auth/**` operations: logins, registration, recovery, profile and PINs.

mod account;
mod login;
mod pin;

use axum::Router;
use axum::routing::post;

use crate::app::SharedApp;

/// The operations anyone may call; credentials sent with them are ignored.
pub(crate) fn public_routes() -> Router<SharedApp> {
    Router::new()
        .route("/auth/login", post(login::login))
        .route("/auth/register", post(account::register))
        .route("/auth/activate", post(account::activate))
        .route("/auth/recover", post(account::recover))
        .route("/auth/third-party-login", post(login::third_party_login))
        .route("/auth/token-login", post(login::token_login))
        .route("/auth/register-device", post(pin::register_device))
        .route("/auth/pin-login", post(pin::pin_login))
}

/// The operations that act on the user of the caller's bearer token.
pub(crate) fn me_routes() -> Router<SharedApp> {
    Router::new()
        .route("/auth/change-password", post(account::change_password))
        .route("/auth/update-profile", post(account::update_profile))
}

/// The operations for administrators and the system.
pub(crate) fn admin_routes() -> Router<SharedApp> {
    Router::new()
        .route("/auth/impersonate", post(login::impersonate))
        .route("/auth/reset-pin", post(pin::reset_pin))
}
