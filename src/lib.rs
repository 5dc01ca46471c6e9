//! Client for the Applica IAM service.
#![deny(missing_docs)]

pub mod pin;
mod secret;
mod transport;

pub use secret::Secret;

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
