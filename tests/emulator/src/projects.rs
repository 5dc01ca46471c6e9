//! The `/projects/**` operations.

use axum::extract::State;
use axum::routing::{patch, post};
use axum::{Json, Router};
use iam_client::Secret;
use iam_client::types::{
    BaseResponse, DeleteProjectRequest, IdResponse, Project, ProjectCodeRequest, ProjectIdRequest,
    ProjectPageResponse, ProjectResponse, RegisterProjectRequest, SearchProjectsRequest,
    UpdateProjectRequest,
};

use crate::answer::Answer;
use crate::app::SharedApp;
use crate::body::JsonBody;
use crate::errors::{ErrorCode, HttpError, Outcome};
use crate::search::{Keyword, Paging};
use crate::store::Store;

pub(crate) fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/projects/search", post(search))
        .route("/projects/by-id", post(get_by_id))
        .route("/projects/by-key", post(get_by_code))
        .route("/projects/register", post(register))
        .route("/projects/import", post(register))
        .route("/projects", patch(update).delete(delete))
}

async fn search(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<SearchProjectsRequest>,
) -> Result<Json<ProjectPageResponse>, HttpError> {
    let paging = Paging::from_request(request.pageable.as_ref())?;
    let keyword = Keyword::new(request.keyword.as_deref());
    let store = app.store();

    let matches = store
        .projects
        .iter()
        .filter(|project| keyword.matches([Some(project.code.as_str()), Some(&project.name)]))
        .filter(|project| {
            request.tenant_ids.is_empty()
                || project
                    .tenant_ids
                    .iter()
                    .any(|id| request.tenant_ids.contains(id))
        })
        .cloned()
        .collect();

    Ok(Json(ProjectPageResponse::success(paging.apply(matches))))
}

async fn get_by_id(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<ProjectIdRequest>,
) -> Json<ProjectResponse> {
    let store = app.store();
    let outcome = find(
        &store,
        |p| p.id == request.project_id,
        request.tenant_id.as_deref(),
    );
    Json(ProjectResponse::from_outcome(outcome))
}

async fn get_by_code(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<ProjectCodeRequest>,
) -> Json<ProjectResponse> {
    let store = app.store();
    let outcome = find(
        &store,
        |p| p.code == request.code,
        request.tenant_id.as_deref(),
    );
    Json(ProjectResponse::from_outcome(outcome))
}

/// The project that `wanted` picks, when it belongs to `tenant_id` (if one is given).
fn find(
    store: &Store,
    wanted: impl Fn(&Project) -> bool,
    tenant_id: Option<&str>,
) -> Outcome<Project> {
    store
        .projects
        .iter()
        .filter(|project| wanted(project))
        .find(|project| {
            tenant_id.is_none_or(|tenant| project.tenant_ids.iter().any(|t| t == tenant))
        })
        .cloned()
        .ok_or(ErrorCode::ProjectNotFound)
}

/// Registration and import: both keep a given id and API key, and make them otherwise.
async fn register(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<RegisterProjectRequest>,
) -> Json<IdResponse> {
    let mut store = app.store();
    Json(IdResponse::from_outcome(create(&mut store, request)))
}

fn create(store: &mut Store, request: RegisterProjectRequest) -> Outcome<String> {
    let id_taken = request
        .id
        .as_deref()
        .is_some_and(|id| store.project(id).is_ok());
    let code_taken = store.projects.iter().any(|p| p.code == request.code);
    if id_taken || code_taken {
        return Err(ErrorCode::ProjectAlreadyExists);
    }
    store.check_tenants(&request.tenant_ids)?;

    let id = request.id.unwrap_or_else(|| store.random.id());
    let api_key = request
        .api_key
        .unwrap_or_else(|| Secret::from(store.random.secret()));
    store.projects.push(Project {
        id: id.clone(),
        code: request.code,
        name: request.name,
        tenant_ids: request.tenant_ids,
        roles: request.roles,
        metadata: request.metadata,
        api_key: Some(api_key),
    });

    Ok(id)
}

async fn update(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UpdateProjectRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    Json(BaseResponse::from_outcome(apply_update(
        &mut store, request,
    )))
}

/// Changes the given fields; empty lists and objects leave theirs as they are, since the
/// contract cannot tell them from absent ones.
fn apply_update(store: &mut Store, request: UpdateProjectRequest) -> Outcome<()> {
    store.project(&request.project_id)?;
    if let Some(code) = &request.code
        && store
            .projects
            .iter()
            .any(|p| p.code == *code && p.id != request.project_id)
    {
        return Err(ErrorCode::ProjectAlreadyExists);
    }

    let project = store
        .projects
        .iter_mut()
        .find(|project| project.id == request.project_id)
        .ok_or(ErrorCode::ProjectNotFound)?;
    if let Some(name) = request.name {
        project.name = name;
    }
    if let Some(code) = request.code {
        project.code = code;
    }
    if !request.roles.is_empty() {
        project.roles = request.roles;
    }
    if !request.metadata.is_empty() {
        project.metadata = request.metadata;
    }

    Ok(())
}

async fn delete(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<DeleteProjectRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    Json(BaseResponse::from_outcome(remove(
        &mut store,
        &request.project_id,
    )))
}

/// Deletes a project and takes it off its users.
fn remove(store: &mut Store, project_id: &str) -> Outcome<()> {
    let index = store
        .projects
        .iter()
        .position(|project| project.id == project_id)
        .ok_or(ErrorCode::ProjectNotFound)?;
    store.projects.remove(index);

    for record in &mut store.users {
        let user = &mut record.user;
        user.project_ids.retain(|id| id != project_id);
        if user.project_id.as_deref() == Some(project_id) {
            user.project_id = None;
        }
    }

    Ok(())
}
