//! How every generated request gets its credentials.

use progenitor_client::ClientHooks;

use crate::api::Client;

include!(concat!(env!("OUT_DIR"), "/iam_security.rs"));

/// What progenitor's hooks read to authenticate a request.
#[derive(Debug, Clone, Default)]
pub struct Credentials;

impl ClientHooks<Credentials> for Client {}
