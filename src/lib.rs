#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod client;
mod error;
mod extensions;
pub mod pin;
mod secret;
mod services;
pub mod session;
pub mod storage;
mod transport;

pub use client::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, IamClient, IamClientBuilder};
pub use error::{Error, codes};
pub use secret::Secret;
pub use services::{
    AuthService, DeviceService, ProjectService, RoleService, TenantService, UserService,
};
pub use session::Identity;
pub use storage::{FileStorage, MemoryStorage, Storage, StorageError};

/// The client and types that progenitor generates from `openapi/iam.yaml`.
///
/// [`IamClient`] covers every operation; this module stays public for anything it lacks.
/// Its items carry the contract's descriptions, and some fields have none, hence the
/// `missing_docs` allowance.
#[allow(missing_docs, clippy::all, clippy::pedantic)]
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/iam_api.rs"));
}

pub use api::types;
