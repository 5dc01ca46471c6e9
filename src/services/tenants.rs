//! Tenant records.

use std::fmt::Display;

use super::{call, required};
use crate::{Error, IamClient, types};

/// Tenant records; see [`IamClient::tenants`]. The service accepts the system API key only:
/// with a bearer token alone every call fails with [`Error::Forbidden`].
#[derive(Debug, Clone, Copy)]
pub struct TenantService<'a> {
    client: &'a IamClient,
}

impl<'a> TenantService<'a> {
    pub(crate) fn new(client: &'a IamClient) -> Self {
        Self { client }
    }

    /// The tenants whose code or name contains the keyword; without `pageable`, all of
    /// them in one page.
    pub async fn search<R>(&self, query: R) -> Result<types::TenantPage, Error>
    where
        R: TryInto<types::SearchTenantsRequest>,
        R::Error: Display,
    {
        let request = self.client.api().search_tenants().body(query).send();

        let answer = call(self.client, "search_tenants", request).await?;
        required(answer.tenants, "search_tenants", "tenants")
    }

    /// The tenant with this id.
    pub async fn get_by_id(&self, tenant_id: &str) -> Result<types::Tenant, Error> {
        let body = types::TenantIdRequest {
            tenant_id: tenant_id.to_owned(),
        };
        let request = self.client.api().get_tenant_by_id().body(body).send();

        let answer = call(self.client, "get_tenant_by_id", request).await?;
        required(answer.tenant, "get_tenant_by_id", "tenant")
    }

    /// The tenant with this code.
    pub async fn get_by_code(&self, code: &str) -> Result<types::Tenant, Error> {
        let body = types::CodeRequest {
            code: code.to_owned(),
        };
        let request = self.client.api().get_tenant_by_code().body(body).send();

        let answer = call(self.client, "get_tenant_by_code", request).await?;
        required(answer.tenant, "get_tenant_by_code", "tenant")
    }

    /// Creates a tenant and answers its id.
    pub async fn register<R>(&self, tenant: R) -> Result<String, Error>
    where
        R: TryInto<types::RegisterTenantRequest>,
        R::Error: Display,
    {
        let request = self.client.api().register_tenant().body(tenant).send();

        let answer = call(self.client, "register_tenant", request).await?;
        required(answer.id, "register_tenant", "id")
    }

    /// Creates a tenant from another system's record and answers its id.
    pub async fn import_tenant<R>(&self, tenant: R) -> Result<String, Error>
    where
        R: TryInto<types::ImportTenantRequest>,
        R::Error: Display,
    {
        let request = self.client.api().import_tenant().body(tenant).send();

        let answer = call(self.client, "import_tenant", request).await?;
        required(answer.id, "import_tenant", "id")
    }

    /// Changes the given fields of a tenant.
    pub async fn update<R>(&self, update: R) -> Result<(), Error>
    where
        R: TryInto<types::UpdateTenantRequest>,
        R::Error: Display,
    {
        let request = self.client.api().update_tenant().body(update).send();

        call(self.client, "update_tenant", request).await.map(drop)
    }

    /// Deletes the tenant.
    pub async fn delete(&self, tenant_id: &str) -> Result<(), Error> {
        let body = types::TenantIdRequest {
            tenant_id: tenant_id.to_owned(),
        };
        let request = self.client.api().delete_tenant().body(body).send();

        call(self.client, "delete_tenant", request).await.map(drop)
    }
}
