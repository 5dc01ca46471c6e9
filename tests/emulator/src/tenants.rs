//! The `/tenants/**` operations, for the system API key only.

use axum::extract::State;
use axum::routing::{patch, post};
use axum::{Json, Router};
use iam_client::Secret;
use iam_client::types::{
    BaseResponse, CodeRequest, IdResponse, ImportTenantRequest, RegisterTenantRequest,
    SearchTenantsRequest, Tenant, TenantIdRequest, TenantPageResponse, TenantResponse,
    UpdateTenantRequest,
};

use crate::answer::Answer;
use crate::app::SharedApp;
use crate::body::JsonBody;
use crate::errors::{ErrorCode, HttpError, Outcome};
use crate::search::{Keyword, Paging};
use crate::store::Store;

pub(crate) fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/tenants/search", post(search))
        .route("/tenants/by-id", post(get_by_id))
        .route("/tenants/by-key", post(get_by_code))
        .route("/tenants/register", post(register))
        .route("/tenants/import", post(import))
        .route("/tenants", patch(update).delete(delete))
}

async fn search(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<SearchTenantsRequest>,
) -> Result<Json<TenantPageResponse>, HttpError> {
    let paging = Paging::from_request(request.pageable.as_ref())?;
    let keyword = Keyword::new(request.keyword.as_deref());
    let store = app.store();

    let matches = store
        .tenants
        .iter()
        .filter(|tenant| keyword.matches([Some(tenant.code.as_str()), Some(&tenant.name)]))
        .cloned()
        .collect();

    Ok(Json(TenantPageResponse::success(paging.apply(matches))))
}

async fn get_by_id(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<TenantIdRequest>,
) -> Json<TenantResponse> {
    let store = app.store();
    let outcome = store.tenant(&request.tenant_id).cloned();
    Json(TenantResponse::from_outcome(outcome))
}

async fn get_by_code(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<CodeRequest>,
) -> Json<TenantResponse> {
    let store = app.store();
    let outcome = store
        .tenants
        .iter()
        .find(|tenant| tenant.code == request.code)
        .cloned()
        .ok_or(ErrorCode::TenantNotFound);
    Json(TenantResponse::from_outcome(outcome))
}

async fn register(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<RegisterTenantRequest>,
) -> Json<IdResponse> {
    let import = ImportTenantRequest {
        id: None,
        code: request.code,
        name: request.name,
        roles: request.roles,
        metadata: request.metadata,
        domains: request.domains,
        api_key: None,
    };
    let mut store = app.store();
    Json(IdResponse::from_outcome(create(
        &mut store,
        import,
        &app.system_key,
    )))
}

async fn import(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<ImportTenantRequest>,
) -> Json<IdResponse> {
    let mut store = app.store();
    Json(IdResponse::from_outcome(create(
        &mut store,
        request,
        &app.system_key,
    )))
}

/// Creates a tenant, with a new id and API key unless they are given. Its API key must
/// tell it apart from every other tenant and from the system.
fn create(store: &mut Store, request: ImportTenantRequest, system_key: &Secret) -> Outcome<String> {
    let id_taken = request
        .id
        .as_deref()
        .is_some_and(|id| store.tenant(id).is_ok());
    let code_taken = store.tenants.iter().any(|t| t.code == request.code);
    let key_taken = request.api_key.as_ref().is_some_and(|key| {
        key.expose() == system_key.expose() || store.is_tenant_key(key.expose())
    });
    if id_taken || code_taken || key_taken {
        return Err(ErrorCode::TenantAlreadyExists);
    }

    let id = request.id.unwrap_or_else(|| store.random.id());
    let api_key = request
        .api_key
        .unwrap_or_else(|| Secret::from(store.random.secret()));
    store.tenants.push(Tenant {
        id: id.clone(),
        code: request.code,
        name: request.name,
        roles: request.roles,
        metadata: request.metadata,
        domains: request.domains,
        api_key: Some(api_key),
    });

    Ok(id)
}

/// Changes the given fields; empty lists and objects leave theirs as they are, since the
/// contract cannot tell them from absent ones.
async fn update(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UpdateTenantRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let tenant = store
        .tenants
        .iter_mut()
        .find(|tenant| tenant.id == request.tenant_id);

    let outcome = match tenant {
        Some(tenant) => {
            apply_update(tenant, request);
            Ok(())
        }
        None => Err(ErrorCode::TenantNotFound),
    };
    Json(BaseResponse::from_outcome(outcome))
}

fn apply_update(tenant: &mut Tenant, request: UpdateTenantRequest) {
    if let Some(name) = request.name {
        tenant.name = name;
    }
    if !request.roles.is_empty() {
        tenant.roles = request.roles;
    }
    if !request.metadata.is_empty() {
        tenant.metadata = request.metadata;
    }
    if !request.domains.is_empty() {
        tenant.domains = request.domains;
    }
}

async fn delete(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<TenantIdRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    Json(BaseResponse::from_outcome(remove(
        &mut store,
        &request.tenant_id,
    )))
}

/// Deletes a tenant and takes it off its users and projects.
fn remove(store: &mut Store, tenant_id: &str) -> Outcome<()> {
    let index = store
        .tenants
        .iter()
        .position(|tenant| tenant.id == tenant_id)
        .ok_or(ErrorCode::TenantNotFound)?;
    store.tenants.remove(index);

    for record in &mut store.users {
        let user = &mut record.user;
        user.tenant_ids.retain(|id| id != tenant_id);
        if user.tenant_id.as_deref() == Some(tenant_id) {
            user.tenant_id = None;
        }
    }
    for project in &mut store.projects {
        project.tenant_ids.retain(|id| id != tenant_id);
    }

    Ok(())
}
