//! A faithful, stateful local IAM server (docs to come).
#![deny(missing_docs)]

mod answer;
mod app;
mod auth;
mod body;
mod clock;
mod config;
mod devices;
mod errors;
mod projects;
mod random;
mod roles;
mod search;
mod security;
mod server;
mod store;
mod tenants;
mod tokens;
mod users;

pub use config::{
    ADMIN_PERMISSIONS, BASE_PATH, DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY,
    DEFAULT_PORT, DEFAULT_TOKEN_TTL, EmulatorBuilder, ROLE_ADMIN, ROLE_USER, USER_PERMISSIONS,
};
pub use server::{Emulator, EmulatorError};
