//! User records, their roles and their memberships.

use std::fmt::Display;

use super::{call, required, strings};
use crate::{Error, IamClient, types};

/// User records, their roles and their memberships; see [`IamClient::users`].
#[derive(Debug, Clone, Copy)]
pub struct UserService<'a> {
    client: &'a IamClient,
}

impl<'a> UserService<'a> {
    pub(crate) fn new(client: &'a IamClient) -> Self {
        Self { client }
    }

    /// The user with this id.
    pub async fn get_by_id(&self, user_id: &str) -> Result<types::User, Error> {
        let request = self
            .client
            .api()
            .get_user_by_id()
            .body(user_id_request(user_id))
            .send();

        let answer = call(self.client, "get_user_by_id", request).await?;
        required(answer.user, "get_user_by_id", "user")
    }

    /// The user with this e-mail address.
    pub async fn get_by_email(&self, email: &str) -> Result<types::User, Error> {
        let body = types::UserEmailRequest {
            email: email.to_owned(),
        };
        let request = self.client.api().get_user_by_email().body(body).send();

        let answer = call(self.client, "get_user_by_email", request).await?;
        required(answer.user, "get_user_by_email", "user")
    }

    /// The users matching every given filter; without `pageable`, all of them in one page.
    ///
    /// Takes the request or its builder:
    /// `types::SearchUsersRequest::builder().keyword("ada").active(true)`.
    pub async fn search<R>(&self, query: R) -> Result<types::UserPage, Error>
    where
        R: TryInto<types::SearchUsersRequest>,
        R::Error: Display,
    {
        let request = self.client.api().search_users().body(query).send();

        let answer = call(self.client, "search_users", request).await?;
        required(answer.users, "search_users", "users")
    }

    /// Changes the given fields of a user and answers the result.
    pub async fn update<R>(&self, update: R) -> Result<types::User, Error>
    where
        R: TryInto<types::UpdateUserRequest>,
        R::Error: Display,
    {
        let request = self.client.api().update_user().body(update).send();

        let answer = call(self.client, "update_user", request).await?;
        required(answer.user, "update_user", "user")
    }

    /// Replaces the user's role codes.
    pub async fn update_roles<I>(&self, user_id: &str, roles: I) -> Result<(), Error>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let body = types::UpdateUserRolesRequest {
            user_id: user_id.to_owned(),
            roles: strings(roles),
        };
        let request = self.client.api().update_user_roles().body(body).send();

        call(self.client, "update_user_roles", request)
            .await
            .map(drop)
    }

    /// Deletes the user.
    pub async fn delete(&self, user_id: &str) -> Result<(), Error> {
        let request = self
            .client
            .api()
            .delete_user()
            .body(user_id_request(user_id))
            .send();

        call(self.client, "delete_user", request).await.map(drop)
    }

    /// Marks the user active.
    pub async fn enable(&self, user_id: &str) -> Result<(), Error> {
        let request = self
            .client
            .api()
            .enable_user()
            .body(user_id_request(user_id))
            .send();

        call(self.client, "enable_user", request).await.map(drop)
    }

    /// Marks the user inactive; an inactive user cannot log in.
    pub async fn disable(&self, user_id: &str) -> Result<(), Error> {
        let request = self
            .client
            .api()
            .disable_user()
            .body(user_id_request(user_id))
            .send();

        call(self.client, "disable_user", request).await.map(drop)
    }

    /// Creates a user from another system's record and answers it.
    pub async fn import_user<R>(&self, user: R) -> Result<types::User, Error>
    where
        R: TryInto<types::ImportUserRequest>,
        R::Error: Display,
    {
        let request = self.client.api().import_user().body(user).send();

        let answer = call(self.client, "import_user", request).await?;
        required(answer.user, "import_user", "user")
    }

    /// Adds the tenant to the user's tenants.
    pub async fn add_to_tenant(&self, user_id: &str, tenant_id: &str) -> Result<(), Error> {
        let body = user_tenant_request(user_id, tenant_id);
        let request = self.client.api().add_user_to_tenant().body(body).send();

        call(self.client, "add_user_to_tenant", request)
            .await
            .map(drop)
    }

    /// Removes the tenant from the user's tenants.
    pub async fn remove_from_tenant(&self, user_id: &str, tenant_id: &str) -> Result<(), Error> {
        let body = user_tenant_request(user_id, tenant_id);
        let request = self
            .client
            .api()
            .remove_user_from_tenant()
            .body(body)
            .send();

        call(self.client, "remove_user_from_tenant", request)
            .await
            .map(drop)
    }

    /// Replaces the user's tenants.
    pub async fn set_tenants<I>(&self, user_id: &str, tenant_ids: I) -> Result<(), Error>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let body = types::SetUserTenantsRequest {
            user_id: user_id.to_owned(),
            tenant_ids: strings(tenant_ids),
        };
        let request = self.client.api().set_user_tenants().body(body).send();

        call(self.client, "set_user_tenants", request)
            .await
            .map(drop)
    }

    /// Sets the user's current tenant, also adding it to the user's tenants when
    /// `add_to_tenants` is true.
    pub async fn set_tenant(
        &self,
        user_id: &str,
        tenant_id: &str,
        add_to_tenants: bool,
    ) -> Result<(), Error> {
        let body = types::SetUserTenantRequest {
            user_id: user_id.to_owned(),
            tenant_id: tenant_id.to_owned(),
            add_to_tenants: Some(add_to_tenants),
        };
        let request = self.client.api().set_user_tenant().body(body).send();

        call(self.client, "set_user_tenant", request)
            .await
            .map(drop)
    }

    /// Sets the user's current project, also adding it to the user's projects when
    /// `add_to_projects` is true.
    pub async fn set_project(
        &self,
        user_id: &str,
        project_id: &str,
        add_to_projects: bool,
    ) -> Result<(), Error> {
        let body = types::SetUserProjectRequest {
            user_id: user_id.to_owned(),
            project_id: project_id.to_owned(),
            add_to_projects: Some(add_to_projects),
        };
        let request = self.client.api().set_user_project().body(body).send();

        call(self.client, "set_user_project", request)
            .await
            .map(drop)
    }
}

fn user_id_request(user_id: &str) -> types::UserIdRequest {
    types::UserIdRequest {
        user_id: user_id.to_owned(),
    }
}

fn user_tenant_request(user_id: &str, tenant_id: &str) -> types::UserTenantRequest {
    types::UserTenantRequest {
        user_id: user_id.to_owned(),
        tenant_id: tenant_id.to_owned(),
    }
}
