//! The logged-in user's session, kept in a [`Storage`] under the existing clients' keys.

use std::fmt;
use std::sync::Arc;

use serde_json::{Map, Value};
use tokio::sync::RwLock;

use crate::Secret;
use crate::storage::{Storage, StorageChange, StorageError};
use crate::types::AuthIdentity;

/// The storage keys of the session, the same as the TypeScript and Python clients use.
pub mod keys {
    /// The bearer token.
    pub const TOKEN: &str = "token";
    /// The user's e-mail address.
    pub const EMAIL: &str = "email";
    /// The user's role codes, as a JSON array.
    pub const ROLES: &str = "roles";
    /// The user's profile, as a JSON object.
    pub const PROFILE: &str = "profile";
    /// The user's permissions, comma-separated.
    pub const PERMISSIONS: &str = "permissions";
    /// `"true"` when the user must choose a new password.
    pub const NEED_TO_CHANGE_PASSWORD: &str = "needToChangePassword";
    /// `"true"` while an administrator impersonates another user.
    pub const IMPERSONATE: &str = "impersonate";
    /// The administrator's token, saved during an impersonation.
    pub const ADMIN_TOKEN: &str = "admin_token";
    /// The administrator's e-mail address, saved during an impersonation.
    pub const ADMIN_EMAIL: &str = "admin_email";
    /// The administrator's roles, saved during an impersonation.
    pub const ADMIN_ROLES: &str = "admin_roles";
    /// The administrator's profile, saved during an impersonation.
    pub const ADMIN_PROFILE: &str = "admin_profile";
    /// The administrator's permissions, saved during an impersonation.
    pub const ADMIN_PERMISSIONS: &str = "admin_permissions";
    /// The code of this device, for PIN login.
    pub const DEVICE_CODE: &str = "deviceCode";
    /// The secret of this device, for PIN login.
    pub const DEVICE_SECRET: &str = "deviceSecret";

    /// Every key of the session: logout removes them all.
    pub const ALL: [&str; 14] = [
        TOKEN,
        EMAIL,
        ROLES,
        PROFILE,
        PERMISSIONS,
        NEED_TO_CHANGE_PASSWORD,
        IMPERSONATE,
        ADMIN_TOKEN,
        ADMIN_EMAIL,
        ADMIN_ROLES,
        ADMIN_PROFILE,
        ADMIN_PERMISSIONS,
        DEVICE_CODE,
        DEVICE_SECRET,
    ];

    /// The identity keys and where an impersonation saves each of them.
    pub(crate) const SAVED_DURING_IMPERSONATION: [(&str, &str); 5] = [
        (TOKEN, ADMIN_TOKEN),
        (EMAIL, ADMIN_EMAIL),
        (ROLES, ADMIN_ROLES),
        (PROFILE, ADMIN_PROFILE),
        (PERMISSIONS, ADMIN_PERMISSIONS),
    ];
}

/// The stored identity of the logged-in user, as
/// [`AuthService::get_identity`](crate::AuthService::get_identity) answers it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Identity {
    /// The user's e-mail address.
    pub email: String,
    /// The user's role codes.
    pub roles: Vec<String>,
    /// The user's profile fields.
    pub profile: Map<String, Value>,
    /// The user's permissions.
    pub permissions: Vec<String>,
    /// Whether the user must choose a new password before going on.
    pub need_to_change_password: bool,
}

/// The session values a login answers, encoded as the storage keeps them.
pub(crate) struct SessionValues {
    token: Secret,
    email: String,
    roles: String,
    profile: String,
    permissions: String,
    need_to_change_password: &'static str,
}

impl SessionValues {
    /// Encodes a login's answer, or `None` when it carries no token.
    pub(crate) fn from_identity(identity: &AuthIdentity) -> Option<Self> {
        let token = identity.token.clone()?;
        let user = identity.user.as_ref();
        let roles = user.map(|user| user.roles.clone()).unwrap_or_default();
        let profile = user.map(|user| user.profile.clone()).unwrap_or_default();
        let permissions = identity.permission_list();

        Some(Self {
            token,
            email: user.map(|user| user.email.clone()).unwrap_or_default(),
            roles: Value::from(roles).to_string(),
            profile: Value::Object(profile).to_string(),
            permissions: permissions.join(","),
            need_to_change_password: bool_text(identity.need_to_change_password == Some(true)),
        })
    }

    fn changes(&self) -> [StorageChange<'_>; 6] {
        [
            StorageChange::Set(keys::TOKEN, self.token.expose()),
            StorageChange::Set(keys::EMAIL, &self.email),
            StorageChange::Set(keys::ROLES, &self.roles),
            StorageChange::Set(keys::PROFILE, &self.profile),
            StorageChange::Set(keys::PERMISSIONS, &self.permissions),
            StorageChange::Set(keys::NEED_TO_CHANGE_PASSWORD, self.need_to_change_password),
        ]
    }
}

fn bool_text(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

/// The session of one client. Every change of several keys happens under a write lock and
/// every read of them under a read lock, so tasks sharing a client never see a session
/// half written, whatever storage holds it.
pub(crate) struct Session {
    storage: Arc<dyn Storage>,
    lock: RwLock<()>,
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session").finish_non_exhaustive()
    }
}

impl Session {
    pub(crate) fn new(storage: Arc<dyn Storage>) -> Self {
        Self {
            storage,
            lock: RwLock::new(()),
        }
    }

    pub(crate) fn storage(&self) -> &Arc<dyn Storage> {
        &self.storage
    }

    /// The stored bearer token; an empty value counts as none.
    pub(crate) async fn token(&self) -> Result<Option<Secret>, StorageError> {
        let _reading = self.lock.read().await;
        self.read(keys::TOKEN)
            .await
            .map(|token| token.map(Secret::from))
    }

    /// Stores a login's identity in one step.
    pub(crate) async fn store(&self, values: &SessionValues) -> Result<(), StorageError> {
        let _writing = self.lock.write().await;
        self.storage.apply(&values.changes()).await
    }

    /// Removes every key of the session in one step.
    pub(crate) async fn clear(&self) -> Result<(), StorageError> {
        let _writing = self.lock.write().await;
        let changes = keys::ALL.map(StorageChange::Remove);
        self.storage.apply(&changes).await
    }

    /// Saves the current identity under the `admin_*` keys and stores the impersonated
    /// one, in one step. During an impersonation already under way the saved identity is
    /// kept, so stopping always returns to the administrator who started.
    pub(crate) async fn begin_impersonation(
        &self,
        values: &SessionValues,
    ) -> Result<(), StorageError> {
        let _writing = self.lock.write().await;

        let mut saved = Vec::new();
        if !self.impersonating_unlocked().await? {
            for (key, admin_key) in keys::SAVED_DURING_IMPERSONATION {
                saved.push((admin_key, self.read(key).await?));
            }
        }

        let mut changes: Vec<StorageChange<'_>> = saved
            .iter()
            .map(|(admin_key, value)| match value {
                Some(value) => StorageChange::Set(admin_key, value),
                None => StorageChange::Remove(admin_key),
            })
            .collect();
        changes.extend(values.changes());
        changes.push(StorageChange::Set(keys::IMPERSONATE, "true"));

        self.storage.apply(&changes).await
    }

    /// Restores the identity saved by [`begin_impersonation`](Self::begin_impersonation)
    /// in one step. Answers whether an impersonation was under way; without one nothing
    /// changes.
    ///
    /// Like the existing clients, it restores only the five saved keys: the impersonated
    /// user's `needToChangePassword` stays until the administrator's next login.
    pub(crate) async fn end_impersonation(&self) -> Result<bool, StorageError> {
        let _writing = self.lock.write().await;
        if !self.impersonating_unlocked().await? {
            return Ok(false);
        }

        let mut saved = Vec::new();
        for (key, admin_key) in keys::SAVED_DURING_IMPERSONATION {
            saved.push((key, admin_key, self.read(admin_key).await?));
        }

        let mut changes = Vec::new();
        for (key, admin_key, value) in &saved {
            changes.push(match value {
                Some(value) => StorageChange::Set(key, value),
                None => StorageChange::Remove(key),
            });
            changes.push(StorageChange::Remove(admin_key));
        }
        changes.push(StorageChange::Set(keys::IMPERSONATE, "false"));

        self.storage.apply(&changes).await?;
        Ok(true)
    }

    pub(crate) async fn is_impersonating(&self) -> Result<bool, StorageError> {
        let _reading = self.lock.read().await;
        self.impersonating_unlocked().await
    }

    /// The stored identity, or `None` when no user is logged in.
    pub(crate) async fn identity(&self) -> Result<Option<Identity>, StorageError> {
        let _reading = self.lock.read().await;
        if self.read(keys::TOKEN).await?.is_none() {
            return Ok(None);
        }

        Ok(Some(Identity {
            email: self.read(keys::EMAIL).await?.unwrap_or_default(),
            roles: self.roles_unlocked().await?,
            profile: self.profile_unlocked().await?,
            permissions: self.permissions_unlocked().await?,
            need_to_change_password: self.read(keys::NEED_TO_CHANGE_PASSWORD).await?.as_deref()
                == Some("true"),
        }))
    }

    pub(crate) async fn roles(&self) -> Result<Vec<String>, StorageError> {
        let _reading = self.lock.read().await;
        self.roles_unlocked().await
    }

    pub(crate) async fn permissions(&self) -> Result<Vec<String>, StorageError> {
        let _reading = self.lock.read().await;
        self.permissions_unlocked().await
    }

    /// The stored device code and secret, when both are present.
    pub(crate) async fn device(&self) -> Result<Option<(String, Secret)>, StorageError> {
        let _reading = self.lock.read().await;
        let code = self.read(keys::DEVICE_CODE).await?;
        let secret = self.read(keys::DEVICE_SECRET).await?;

        Ok(code
            .zip(secret)
            .map(|(code, secret)| (code, Secret::from(secret))))
    }

    pub(crate) async fn store_device(
        &self,
        code: &str,
        secret: &Secret,
    ) -> Result<(), StorageError> {
        let _writing = self.lock.write().await;
        self.storage
            .apply(&[
                StorageChange::Set(keys::DEVICE_CODE, code),
                StorageChange::Set(keys::DEVICE_SECRET, secret.expose()),
            ])
            .await
    }

    async fn read(&self, key: &str) -> Result<Option<String>, StorageError> {
        let value = self.storage.get(key).await?;
        Ok(value.filter(|value| !value.is_empty()))
    }

    async fn impersonating_unlocked(&self) -> Result<bool, StorageError> {
        Ok(self.read(keys::IMPERSONATE).await?.as_deref() == Some("true"))
    }

    async fn roles_unlocked(&self) -> Result<Vec<String>, StorageError> {
        // A value that is not a JSON array of strings reads as no roles.
        let roles = self.read(keys::ROLES).await?;
        Ok(roles
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    async fn profile_unlocked(&self) -> Result<Map<String, Value>, StorageError> {
        let profile = self.read(keys::PROFILE).await?;
        Ok(profile
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default())
    }

    async fn permissions_unlocked(&self) -> Result<Vec<String>, StorageError> {
        let permissions = self.read(keys::PERMISSIONS).await?.unwrap_or_default();
        Ok(split_permissions(&permissions))
    }
}

/// Splits a comma-separated permission list, dropping blanks.
pub(crate) fn split_permissions(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|permission| !permission.is_empty())
        .map(str::to_owned)
        .collect()
}
