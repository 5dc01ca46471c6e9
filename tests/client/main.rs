//! The client against the emulator, in-process, over real HTTP.
//!
//! One test binary, one module per area; every test starts its own emulator on a free
//! port, so tests share no state.

mod auth;
mod concurrency;
mod devices;
mod errors;
mod projects;
mod redirects;
mod roles;
mod secrets;
mod security;
mod storage;
mod support;
mod tenants;
mod users;
