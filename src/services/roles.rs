//! Roles and their permissions.

use std::fmt::Display;

use super::{call, required};
use crate::{Error, IamClient, types};

/// Roles and their permissions; see [`IamClient::roles`].
#[derive(Debug, Clone, Copy)]
pub struct RoleService<'a> {
    client: &'a IamClient,
}

impl<'a> RoleService<'a> {
    pub(crate) fn new(client: &'a IamClient) -> Self {
        Self { client }
    }

    /// Creates a role and answers it, with its id.
    ///
    /// Takes the request or its builder:
    /// `types::RegisterRoleRequest::builder().code("EDITOR").name("Editor")`.
    pub async fn register<R>(&self, role: R) -> Result<types::Role, Error>
    where
        R: TryInto<types::RegisterRoleRequest>,
        R::Error: Display,
    {
        let request = self.client.api().register_role().body(role).send();

        let answer = call(self.client, "register_role", request).await?;
        required(answer.role, "register_role", "role")
    }

    /// Changes the given fields of a role and answers the result.
    pub async fn update<R>(&self, update: R) -> Result<types::Role, Error>
    where
        R: TryInto<types::UpdateRoleRequest>,
        R::Error: Display,
    {
        let request = self.client.api().update_role().body(update).send();

        let answer = call(self.client, "update_role", request).await?;
        required(answer.role, "update_role", "role")
    }

    /// Deletes the role.
    pub async fn delete(&self, role_id: &str) -> Result<(), Error> {
        let body = types::RoleIdRequest {
            id: role_id.to_owned(),
        };
        let request = self.client.api().delete_role().body(body).send();

        call(self.client, "delete_role", request).await.map(drop)
    }

    /// The role with this id.
    pub async fn get_by_id(&self, role_id: &str) -> Result<types::Role, Error> {
        let body = types::RoleIdRequest {
            id: role_id.to_owned(),
        };
        let request = self.client.api().get_role_by_id().body(body).send();

        let answer = call(self.client, "get_role_by_id", request).await?;
        required(answer.role, "get_role_by_id", "role")
    }

    /// The role with this code among the roles of no tenant.
    pub async fn get_by_code(&self, code: &str) -> Result<types::Role, Error> {
        self.by_code(code, None).await
    }

    /// The role with this code in the tenant.
    pub async fn get_by_code_in_tenant(
        &self,
        code: &str,
        tenant_id: &str,
    ) -> Result<types::Role, Error> {
        self.by_code(code, Some(tenant_id)).await
    }

    async fn by_code(&self, code: &str, tenant_id: Option<&str>) -> Result<types::Role, Error> {
        let body = types::RoleCodeRequest {
            code: code.to_owned(),
            tenant_id: tenant_id.map(str::to_owned),
        };
        let request = self.client.api().get_role_by_code().body(body).send();

        let answer = call(self.client, "get_role_by_code", request).await?;
        required(answer.role, "get_role_by_code", "role")
    }
}
