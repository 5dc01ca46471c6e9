//! The `/roles/**` operations. A role's code is unique within its tenant and project.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use iam_client::types::{
    BaseResponse, RegisterRoleRequest, RegisterRoleResponse, Role, RoleCodeRequest, RoleIdRequest,
    RoleResponse, UpdateRoleRequest,
};

use crate::answer::Answer;
use crate::app::SharedApp;
use crate::body::JsonBody;
use crate::errors::{ErrorCode, Outcome};
use crate::store::Store;

pub(crate) fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/roles/register", post(register))
        .route("/roles/update", post(update))
        .route("/roles/delete", post(delete))
        .route("/roles/get-by-id", post(get_by_id))
        .route("/roles/get-by-code", post(get_by_code))
}

/// Where a role's code must be unique.
#[derive(PartialEq, Eq)]
struct Scope<'a> {
    code: &'a str,
    tenant_id: Option<&'a str>,
    project_id: Option<&'a str>,
}

impl<'a> Scope<'a> {
    fn of(role: &'a Role) -> Self {
        Self {
            code: &role.code,
            tenant_id: role.tenant_id.as_deref(),
            project_id: role.project_id.as_deref(),
        }
    }
}

/// Whether a role other than `except_id` already has this code in this scope.
fn scope_taken(store: &Store, scope: &Scope<'_>, except_id: Option<&str>) -> bool {
    store
        .roles
        .iter()
        .any(|role| Scope::of(role) == *scope && Some(role.id.as_str()) != except_id)
}

async fn register(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<RegisterRoleRequest>,
) -> Json<RegisterRoleResponse> {
    let timestamp = app.clock.timestamp();
    let mut store = app.store();
    Json(RegisterRoleResponse::from_outcome(create(
        &mut store, request, timestamp,
    )))
}

fn create(store: &mut Store, request: RegisterRoleRequest, timestamp: String) -> Outcome<Role> {
    let scope = Scope {
        code: &request.code,
        tenant_id: request.tenant_id.as_deref(),
        project_id: request.project_id.as_deref(),
    };
    let id_taken = request
        .id
        .as_deref()
        .is_some_and(|id| store.roles.iter().any(|role| role.id == id));
    if id_taken || scope_taken(store, &scope, None) {
        return Err(ErrorCode::RoleAlreadyExists);
    }

    let role = Role {
        id: request.id.unwrap_or_else(|| store.random.id()),
        code: request.code,
        name: request.name,
        tenant_id: request.tenant_id,
        project_id: request.project_id,
        permissions: request.permissions,
        metadata: request.metadata,
        created_at: Some(timestamp.clone()),
        updated_at: Some(timestamp),
    };
    store.roles.push(role.clone());

    Ok(role)
}

async fn update(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UpdateRoleRequest>,
) -> Json<RoleResponse> {
    let timestamp = app.clock.timestamp();
    let mut store = app.store();
    Json(RoleResponse::from_outcome(apply_update(
        &mut store, request, timestamp,
    )))
}

/// Changes the given fields; an empty permission list or metadata object leaves theirs as
/// they are, since the contract cannot tell them from absent ones.
fn apply_update(store: &mut Store, request: UpdateRoleRequest, timestamp: String) -> Outcome<Role> {
    let current = store
        .roles
        .iter()
        .find(|role| role.id == request.id)
        .ok_or(ErrorCode::RoleNotFound)?;
    let scope = Scope {
        code: request.code.as_deref().unwrap_or(&current.code),
        tenant_id: request
            .tenant_id
            .as_deref()
            .or(current.tenant_id.as_deref()),
        project_id: request
            .project_id
            .as_deref()
            .or(current.project_id.as_deref()),
    };
    if scope_taken(store, &scope, Some(&request.id)) {
        return Err(ErrorCode::RoleAlreadyExists);
    }

    let role = store
        .roles
        .iter_mut()
        .find(|role| role.id == request.id)
        .ok_or(ErrorCode::RoleNotFound)?;
    if let Some(code) = request.code {
        role.code = code;
    }
    if let Some(name) = request.name {
        role.name = name;
    }
    if request.tenant_id.is_some() {
        role.tenant_id = request.tenant_id;
    }
    if request.project_id.is_some() {
        role.project_id = request.project_id;
    }
    if !request.permissions.is_empty() {
        role.permissions = request.permissions;
    }
    if !request.metadata.is_empty() {
        role.metadata = request.metadata;
    }
    role.updated_at = Some(timestamp);

    Ok(role.clone())
}

async fn delete(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<RoleIdRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let position = store.roles.iter().position(|role| role.id == request.id);
    let outcome = match position {
        Some(index) => {
            store.roles.remove(index);
            Ok(())
        }
        None => Err(ErrorCode::RoleNotFound),
    };
    Json(BaseResponse::from_outcome(outcome))
}

async fn get_by_id(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<RoleIdRequest>,
) -> Json<RoleResponse> {
    let store = app.store();
    let outcome = store
        .roles
        .iter()
        .find(|role| role.id == request.id)
        .cloned()
        .ok_or(ErrorCode::RoleNotFound);
    Json(RoleResponse::from_outcome(outcome))
}

/// The first role with this code whose tenant is the given one, or none when absent.
async fn get_by_code(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<RoleCodeRequest>,
) -> Json<RoleResponse> {
    let store = app.store();
    let outcome = store
        .roles
        .iter()
        .find(|role| role.code == request.code && role.tenant_id == request.tenant_id)
        .cloned()
        .ok_or(ErrorCode::RoleNotFound);
    Json(RoleResponse::from_outcome(outcome))
}
