//! Everything the emulator holds, in memory, and the lookups every resource needs.

use std::collections::BTreeSet;

use iam_client::Secret;
use iam_client::types::{Device, Project, Role, Tenant, User};

use crate::config::{ADMIN_PERMISSIONS, ROLE_ADMIN, ROLE_USER, Settings, USER_PERMISSIONS};
use crate::errors::{ErrorCode, Outcome};
use crate::random::Random;

/// How many leading characters of a user's id make its activation code.
pub(crate) const ACTIVATION_CODE_LEN: usize = 6;

/// A user as the emulator keeps it: the public record and what is never answered.
pub(crate) struct UserRecord {
    pub(crate) user: User,
    pub(crate) password: Secret,
    pub(crate) pin: Option<Secret>,
    /// Set for users imported or updated with `finalized: false` and after a recovery.
    pub(crate) must_change_password: bool,
    /// Set for registered users until they activate with their code.
    pub(crate) awaiting_activation: bool,
}

impl UserRecord {
    /// A new user record with no tenant, project, profile or PIN.
    pub(crate) fn new(id: String, email: String, password: Secret, roles: Vec<String>) -> Self {
        let user = User {
            id,
            email,
            name: None,
            roles,
            active: Some(false),
            profile: serde_json::Map::new(),
            tenant_id: None,
            project_id: None,
            tenant_ids: Vec::new(),
            project_ids: Vec::new(),
        };
        Self {
            user,
            password,
            pin: None,
            must_change_password: false,
            awaiting_activation: false,
        }
    }

    pub(crate) fn is_active(&self) -> bool {
        self.user.active == Some(true)
    }

    pub(crate) fn is_admin(&self) -> bool {
        self.user.roles.iter().any(|role| role == ROLE_ADMIN)
    }

    pub(crate) fn set_active(&mut self, active: bool) {
        self.user.active = Some(active);
        if active {
            self.awaiting_activation = false;
        }
    }
}

/// The emulator's records, in the order they were created.
pub(crate) struct Store {
    pub(crate) users: Vec<UserRecord>,
    pub(crate) tenants: Vec<Tenant>,
    pub(crate) projects: Vec<Project>,
    pub(crate) roles: Vec<Role>,
    pub(crate) devices: Vec<Device>,
    pub(crate) random: Random,
}

impl Store {
    /// A store holding the `ROLE_USER` and `ROLE_ADMIN` role records and the administrator.
    pub(crate) fn seeded(settings: &Settings, random: Random, timestamp: &str) -> Self {
        let mut store = Self {
            users: Vec::new(),
            tenants: Vec::new(),
            projects: Vec::new(),
            roles: Vec::new(),
            devices: Vec::new(),
            random,
        };

        store.seed_role(ROLE_USER, "User", USER_PERMISSIONS, timestamp);
        store.seed_role(ROLE_ADMIN, "Administrator", ADMIN_PERMISSIONS, timestamp);

        let id = store.new_user_id();
        let mut admin = UserRecord::new(
            id,
            settings.admin_email.clone(),
            settings.admin_password.clone(),
            vec![ROLE_ADMIN.to_owned()],
        );
        admin.user.name = Some("Administrator".to_owned());
        admin.set_active(true);
        store.users.push(admin);

        store
    }

    fn seed_role(&mut self, code: &str, name: &str, permissions: &[&str], timestamp: &str) {
        let role = Role {
            id: self.random.id(),
            code: code.to_owned(),
            name: name.to_owned(),
            tenant_id: None,
            project_id: None,
            permissions: permissions.iter().map(|&p| p.to_owned()).collect(),
            metadata: serde_json::Map::new(),
            created_at: Some(timestamp.to_owned()),
            updated_at: Some(timestamp.to_owned()),
        };
        self.roles.push(role);
    }

    /// A new user id whose activation code no other user's id starts with.
    pub(crate) fn new_user_id(&mut self) -> String {
        loop {
            let id = self.random.id();
            let code = activation_code(&id);
            if !self
                .users
                .iter()
                .any(|r| activation_code(&r.user.id) == code)
            {
                return id;
            }
        }
    }

    pub(crate) fn user(&self, id: &str) -> Outcome<&UserRecord> {
        self.users
            .iter()
            .find(|r| r.user.id == id)
            .ok_or(ErrorCode::UserNotFound)
    }

    pub(crate) fn user_mut(&mut self, id: &str) -> Outcome<&mut UserRecord> {
        self.users
            .iter_mut()
            .find(|r| r.user.id == id)
            .ok_or(ErrorCode::UserNotFound)
    }

    /// The user with this e-mail address, compared case-insensitively.
    pub(crate) fn user_by_email(&self, email: &str) -> Option<&UserRecord> {
        self.users.iter().find(|r| same_email(&r.user.email, email))
    }

    /// Whether a user other than `except_id` has this e-mail address.
    pub(crate) fn email_taken(&self, email: &str, except_id: Option<&str>) -> bool {
        self.users
            .iter()
            .any(|r| same_email(&r.user.email, email) && Some(r.user.id.as_str()) != except_id)
    }

    pub(crate) fn tenant(&self, id: &str) -> Outcome<&Tenant> {
        self.tenants
            .iter()
            .find(|t| t.id == id)
            .ok_or(ErrorCode::TenantNotFound)
    }

    /// Fails with `tenant-not-found` unless every id names a tenant.
    pub(crate) fn check_tenants<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a String>,
    ) -> Outcome<()> {
        ids.into_iter().try_for_each(|id| self.tenant(id).map(drop))
    }

    /// Whether some tenant's API key is `key`.
    pub(crate) fn is_tenant_key(&self, key: &str) -> bool {
        self.tenants
            .iter()
            .any(|t| t.api_key.as_ref().is_some_and(|k| k.expose() == key))
    }

    pub(crate) fn project(&self, id: &str) -> Outcome<&Project> {
        self.projects
            .iter()
            .find(|p| p.id == id)
            .ok_or(ErrorCode::ProjectNotFound)
    }

    pub(crate) fn device_by_code(&self, code: &str) -> Option<&Device> {
        self.devices.iter().find(|d| d.code == code)
    }

    /// The permissions a user's roles grant, sorted and without repeats.
    ///
    /// A role record counts when its code is one of the user's role codes and its scope
    /// is global or the user's current tenant and project.
    pub(crate) fn permissions_of(&self, user: &User) -> Vec<String> {
        let in_scope =
            |scope: &Option<String>, current: &Option<String>| scope.is_none() || scope == current;

        let permissions: BTreeSet<&String> = self
            .roles
            .iter()
            .filter(|role| user.roles.contains(&role.code))
            .filter(|role| in_scope(&role.tenant_id, &user.tenant_id))
            .filter(|role| in_scope(&role.project_id, &user.project_id))
            .flat_map(|role| &role.permissions)
            .collect();

        permissions.into_iter().cloned().collect()
    }
}

/// The activation code of a user: the first six characters of its id.
pub(crate) fn activation_code(id: &str) -> &str {
    id.char_indices()
        .nth(ACTIVATION_CODE_LEN)
        .and_then(|(end, _)| id.get(..end))
        .unwrap_or(id)
}

/// Whether two e-mail addresses are the same, ignoring case.
pub(crate) fn same_email(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// Adds `item` to `list` unless it is there already.
pub(crate) fn add_once(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|existing| existing == item) {
        list.push(item.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_activation_code_is_the_ids_first_six_characters() {
        assert_eq!(activation_code("0123456789abcdef01234567"), "012345");
        assert_eq!(activation_code("abc"), "abc");
        assert_eq!(activation_code("ééééééé"), "éééééé");
    }

    #[test]
    fn new_user_ids_have_distinct_activation_codes() {
        let settings = crate::config::EmulatorBuilder::default().settings;
        let random = Random::from_os().expect("the OS generator works");
        let mut store = Store::seeded(&settings, random, "2026-01-01T00:00:00Z");

        for _ in 0..200 {
            let id = store.new_user_id();
            assert_eq!(id.len(), 24);
            let record = UserRecord::new(id, String::new(), Secret::from(""), Vec::new());
            store.users.push(record);
        }

        let codes: std::collections::HashSet<&str> = store
            .users
            .iter()
            .map(|r| activation_code(&r.user.id))
            .collect();
        assert_eq!(codes.len(), store.users.len());
    }
}
