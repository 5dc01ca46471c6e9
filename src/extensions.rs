//! Conveniences on generated types.

use crate::session::split_permissions;
use crate::types::{AuthIdentity, Permissions};

impl Permissions {
    /// The permission names, whether the service sent a list or one comma-separated
    /// string.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Self::Array(names) => names.clone(),
            Self::String(text) => split_permissions(text),
        }
    }
}

impl AuthIdentity {
    /// The permission names of this identity; empty when it carries none.
    pub fn permission_list(&self) -> Vec<String> {
        self.permissions
            .as_ref()
            .map(Permissions::to_vec)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_come_as_a_list_or_a_comma_separated_string() {
        let from_list: Permissions = serde_json::from_str(r#"["read","write"]"#).expect("list");
        let from_text: Permissions = serde_json::from_str(r#"" read, write,,""#).expect("text");

        assert_eq!(from_list.to_vec(), ["read", "write"]);
        assert_eq!(from_text.to_vec(), ["read", "write"]);
    }
}
