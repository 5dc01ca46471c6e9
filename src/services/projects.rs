//! Project records.

use std::fmt::Display;

use super::{call, required};
use crate::{Error, IamClient, types};

/// Project records; see [`IamClient::projects`].
#[derive(Debug, Clone, Copy)]
pub struct ProjectService<'a> {
    client: &'a IamClient,
}

impl<'a> ProjectService<'a> {
    pub(crate) fn new(client: &'a IamClient) -> Self {
        Self { client }
    }

    /// The projects whose code or name contains the keyword, within the given tenants
    /// when there are any; without `pageable`, all of them in one page.
    pub async fn search<R>(&self, query: R) -> Result<types::ProjectPage, Error>
    where
        R: TryInto<types::SearchProjectsRequest>,
        R::Error: Display,
    {
        let request = self.client.api().search_projects().body(query).send();

        let answer = call(self.client, "search_projects", request).await?;
        required(answer.projects, "search_projects", "projects")
    }

    /// The project with this id.
    pub async fn get_by_id(&self, project_id: &str) -> Result<types::Project, Error> {
        self.by_id(project_id, None).await
    }

    /// The project with this id, when it belongs to the tenant.
    pub async fn get_by_id_in_tenant(
        &self,
        project_id: &str,
        tenant_id: &str,
    ) -> Result<types::Project, Error> {
        self.by_id(project_id, Some(tenant_id)).await
    }

    /// The project with this code.
    pub async fn get_by_code(&self, code: &str) -> Result<types::Project, Error> {
        self.by_code(code, None).await
    }

    /// The project with this code, when it belongs to the tenant.
    pub async fn get_by_code_in_tenant(
        &self,
        code: &str,
        tenant_id: &str,
    ) -> Result<types::Project, Error> {
        self.by_code(code, Some(tenant_id)).await
    }

    /// Creates a project and answers its id.
    pub async fn register<R>(&self, project: R) -> Result<String, Error>
    where
        R: TryInto<types::RegisterProjectRequest>,
        R::Error: Display,
    {
        let request = self.client.api().register_project().body(project).send();

        let answer = call(self.client, "register_project", request).await?;
        required(answer.id, "register_project", "id")
    }

    /// Creates a project from another system's record and answers its id.
    pub async fn import_project<R>(&self, project: R) -> Result<String, Error>
    where
        R: TryInto<types::RegisterProjectRequest>,
        R::Error: Display,
    {
        let request = self.client.api().import_project().body(project).send();

        let answer = call(self.client, "import_project", request).await?;
        required(answer.id, "import_project", "id")
    }

    /// Changes the given fields of a project.
    pub async fn update<R>(&self, update: R) -> Result<(), Error>
    where
        R: TryInto<types::UpdateProjectRequest>,
        R::Error: Display,
    {
        let request = self.client.api().update_project().body(update).send();

        call(self.client, "update_project", request).await.map(drop)
    }

    /// Deletes the project.
    pub async fn delete(&self, project_id: &str) -> Result<(), Error> {
        let body = types::DeleteProjectRequest {
            project_id: project_id.to_owned(),
        };
        let request = self.client.api().delete_project().body(body).send();

        call(self.client, "delete_project", request).await.map(drop)
    }

    async fn by_id(
        &self,
        project_id: &str,
        tenant_id: Option<&str>,
    ) -> Result<types::Project, Error> {
        let body = types::ProjectIdRequest {
            project_id: project_id.to_owned(),
            tenant_id: tenant_id.map(str::to_owned),
        };
        let request = self.client.api().get_project_by_id().body(body).send();

        let answer = call(self.client, "get_project_by_id", request).await?;
        required(answer.project, "get_project_by_id", "project")
    }

    async fn by_code(&self, code: &str, tenant_id: Option<&str>) -> Result<types::Project, Error> {
        let body = types::ProjectCodeRequest {
            code: code.to_owned(),
            tenant_id: tenant_id.map(str::to_owned),
        };
        let request = self.client.api().get_project_by_code().body(body).send();

        let answer = call(self.client, "get_project_by_code", request).await?;
        required(answer.project, "get_project_by_code", "project")
    }
}
