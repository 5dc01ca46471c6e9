//! The security chains: which credentials open which operations.
//!
//! Credentials come in two headers: `x-api-key` (the system key or a tenant's key) and
//! `Authorization: Bearer <token>`. A credential that is present must be valid wherever
//! credentials are checked, whatever the other header holds. When both are valid, the API
//! key decides what the caller may do and the bearer token says who "me" is.

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::SharedApp;
use crate::errors::HttpError;

const API_KEY_HEADER: &str = "x-api-key";
const BEARER_PREFIX: &str = "bearer ";

/// The operations a chain guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Chain {
    /// Change password and update profile: a valid bearer token, whose user is "me".
    Me,
    /// Impersonate and reset PIN: an administrator's bearer token or the system key.
    Admin,
    /// `/tenants/**`: the system key only.
    SystemOnly,
    /// `/users/**`, `/roles/**`, `/projects/**`, `/devices/**`: any valid credential.
    Resources,
}

/// The user a bearer token names, handed to the operations that act on "me".
#[derive(Debug, Clone)]
pub(crate) struct Me(pub(crate) String);

/// What the `x-api-key` header holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ApiKey {
    Absent,
    System,
    Tenant,
    Invalid,
}

/// What the `Authorization` header holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Bearer {
    Absent,
    User { id: String, admin: bool },
    Invalid,
}

/// Both credentials of a request, each checked.
struct Credentials {
    key: ApiKey,
    bearer: Bearer,
}

/// Lets a request through to its operation when `chain` admits its credentials.
pub(crate) async fn guard(
    State((app, chain)): State<(SharedApp, Chain)>,
    mut request: Request,
    next: Next,
) -> Response {
    let credentials = Credentials::read(&app, request.headers());

    match credentials.admit(chain) {
        Ok(me) => {
            if let Some(me) = me {
                request.extensions_mut().insert(me);
            }
            next.run(request).await
        }
        Err(error) => error.into_response(),
    }
}

impl Credentials {
    fn read(app: &SharedApp, headers: &HeaderMap) -> Self {
        Self {
            key: read_api_key(app, headers),
            bearer: read_bearer(app, headers),
        }
    }

    /// The caller's "me" when the chain admits these credentials, or why not.
    fn admit(&self, chain: Chain) -> Result<Option<Me>, HttpError> {
        if self.key == ApiKey::Invalid {
            return Err(HttpError::unauthorized("the API key is not valid"));
        }
        if self.bearer == Bearer::Invalid {
            return Err(HttpError::unauthorized(
                "the bearer token is expired, tampered with, or names no active user",
            ));
        }

        let me = match &self.bearer {
            Bearer::User { id, .. } => Some(Me(id.clone())),
            Bearer::Absent | Bearer::Invalid => None,
        };

        match chain {
            Chain::Me => me.map(Some).ok_or_else(|| {
                HttpError::unauthorized(
                    "this operation acts on the user of a bearer token, and none was given",
                )
            }),
            Chain::Admin => self.admit_admin().map(|()| None),
            Chain::SystemOnly => self.admit_system().map(|()| None),
            Chain::Resources => self.admit_any().map(|()| me),
        }
    }

    fn admit_admin(&self) -> Result<(), HttpError> {
        match (self.key, &self.bearer) {
            (ApiKey::System, _) => Ok(()),
            (ApiKey::Tenant, _) => Err(HttpError::forbidden(
                "a tenant's API key may not call this operation",
            )),
            (_, Bearer::User { admin: true, .. }) => Ok(()),
            (_, Bearer::User { admin: false, .. }) => Err(HttpError::forbidden(
                "this operation needs an administrator",
            )),
            _ => Err(HttpError::unauthorized(
                "this operation needs an administrator's bearer token or the system API key",
            )),
        }
    }

    fn admit_system(&self) -> Result<(), HttpError> {
        match (self.key, &self.bearer) {
            (ApiKey::System, _) => Ok(()),
            (ApiKey::Tenant, _) | (_, Bearer::User { .. }) => Err(HttpError::forbidden(
                "this operation accepts the system API key only",
            )),
            _ => Err(HttpError::unauthorized(
                "this operation needs the system API key",
            )),
        }
    }

    fn admit_any(&self) -> Result<(), HttpError> {
        match (self.key, &self.bearer) {
            (ApiKey::System | ApiKey::Tenant, _) | (_, Bearer::User { .. }) => Ok(()),
            _ => Err(HttpError::unauthorized(
                "this operation needs a bearer token or an API key",
            )),
        }
    }
}

fn read_api_key(app: &SharedApp, headers: &HeaderMap) -> ApiKey {
    let Some(value) = headers.get(API_KEY_HEADER) else {
        return ApiKey::Absent;
    };
    let Ok(key) = value.to_str() else {
        return ApiKey::Invalid;
    };

    if key == app.system_key.expose() {
        ApiKey::System
    } else if app.store().is_tenant_key(key) {
        ApiKey::Tenant
    } else {
        ApiKey::Invalid
    }
}

fn read_bearer(app: &SharedApp, headers: &HeaderMap) -> Bearer {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Bearer::Absent;
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|text| strip_prefix_ignore_case(text, BEARER_PREFIX));
    let Some(user_id) = token.and_then(|t| app.tokens.verify(t.trim(), app.clock.unix_seconds()))
    else {
        return Bearer::Invalid;
    };

    // A token outlives nothing: once its user is deleted or disabled it opens no door.
    match app.store().user(&user_id) {
        Ok(record) if record.is_active() => Bearer::User {
            admin: record.is_admin(),
            id: user_id,
        },
        _ => Bearer::Invalid,
    }
}

fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}
