//! The `/users/**` operations: user records, roles, and tenant and project membership.

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use iam_client::Secret;
use iam_client::types::{
    BaseResponse, ImportUserRequest, SearchUsersRequest, SetUserProjectRequest,
    SetUserTenantRequest, SetUserTenantsRequest, UpdateUserRequest, UpdateUserRolesRequest, User,
    UserEmailRequest, UserIdRequest, UserPageResponse, UserResponse, UserTenantRequest,
};
use serde_json::Value;

use crate::answer::Answer;
use crate::app::SharedApp;
use crate::body::JsonBody;
use crate::config::ROLE_USER;
use crate::errors::{ErrorCode, HttpError, Outcome};
use crate::search::{Keyword, Paging};
use crate::store::{Store, UserRecord, add_once, same_email};

pub(crate) fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/users/get-user-by-id", post(get_by_id))
        .route("/users/get-user-by-email", post(get_by_email))
        .route("/users/search-users", post(search))
        .route("/users/update-user", post(update))
        .route("/users/update-user-roles", post(update_roles))
        .route("/users/delete-user", post(delete))
        .route("/users/enable-user", post(enable))
        .route("/users/disable-user", post(disable))
        .route("/users/import-user", post(import))
        .route("/users/add-user-to-tenant", post(add_to_tenant))
        .route("/users/remove-user-from-tenant", post(remove_from_tenant))
        .route("/users/set-user-tenants", post(set_tenants))
        .route("/users/set-tenant", post(set_tenant))
        .route("/users/set-project", post(set_project))
}

async fn get_by_id(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UserIdRequest>,
) -> Json<UserResponse> {
    let store = app.store();
    let outcome = store
        .user(&request.user_id)
        .map(|record| record.user.clone());
    Json(UserResponse::from_outcome(outcome))
}

async fn get_by_email(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UserEmailRequest>,
) -> Json<UserResponse> {
    let store = app.store();
    let outcome = store
        .user_by_email(&request.email)
        .map(|record| record.user.clone())
        .ok_or(ErrorCode::UserNotFound);
    Json(UserResponse::from_outcome(outcome))
}

async fn search(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<SearchUsersRequest>,
) -> Result<Json<UserPageResponse>, HttpError> {
    let paging = Paging::from_request(request.pageable.as_ref())?;
    let keyword = Keyword::new(request.keyword.as_deref());
    let store = app.store();

    let matches = store
        .users
        .iter()
        .map(|record| &record.user)
        .filter(|user| keyword.matches([Some(user.email.as_str()), user.name.as_deref()]))
        .filter(|user| passes_filters(user, &request))
        .cloned()
        .collect();

    Ok(Json(UserPageResponse::success(paging.apply(matches))))
}

/// Whether a user passes every filter of a search besides the keyword.
fn passes_filters(user: &User, request: &SearchUsersRequest) -> bool {
    request
        .username
        .as_deref()
        .is_none_or(|email| same_email(&user.email, email))
        && request
            .active
            .is_none_or(|active| user.active == Some(active))
        && request
            .role
            .as_deref()
            .is_none_or(|role| user.roles.iter().any(|r| r == role))
        && request
            .profile
            .iter()
            .all(|(key, wanted)| profile_holds(user, key, wanted))
}

/// Whether the user's profile field `key` is `wanted`: a string equal to it, or another
/// JSON value whose JSON text is it (`true`, `42`).
fn profile_holds(user: &User, key: &str, wanted: &str) -> bool {
    match user.profile.get(key) {
        Some(Value::String(text)) => text == wanted,
        Some(other) => serde_json::to_string(other).is_ok_and(|text| text == wanted),
        None => false,
    }
}

async fn update(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UpdateUserRequest>,
) -> Json<UserResponse> {
    let mut store = app.store();
    Json(UserResponse::from_outcome(update_user(&mut store, request)))
}

/// Every check comes before the first change, so a refused update changes nothing.
fn update_user(store: &mut Store, request: UpdateUserRequest) -> Outcome<User> {
    store.user(&request.user_id)?;
    if let Some(email) = &request.email
        && store.email_taken(email, Some(&request.user_id))
    {
        return Err(ErrorCode::UserAlreadyExists);
    }

    let record = store.user_mut(&request.user_id)?;
    update_account(record, &request);
    update_membership(&mut record.user, request);
    Ok(record.user.clone())
}

/// The fields of an update that concern the account. An empty `roles` list leaves the
/// roles as they are: the contract cannot tell it from an absent one.
fn update_account(record: &mut UserRecord, request: &UpdateUserRequest) {
    if let Some(email) = &request.email {
        record.user.email.clone_from(email);
    }
    if let Some(password) = &request.clear_password {
        record.password = password.clone();
    }
    if !request.roles.is_empty() {
        record.user.roles.clone_from(&request.roles);
    }
    if let Some(active) = request.active {
        record.set_active(active);
    }
    if let Some(finalized) = request.finalized {
        record.must_change_password = !finalized;
    }
}

/// The fields of an update that concern the profile, tenants and projects. Empty lists
/// leave the memberships as they are.
fn update_membership(user: &mut User, request: UpdateUserRequest) {
    if request.replace_profile == Some(true) {
        user.profile = request.profile;
    } else {
        user.profile.extend(request.profile);
    }
    if request.tenant_id.is_some() {
        user.tenant_id = request.tenant_id;
    }
    if request.project_id.is_some() {
        user.project_id = request.project_id;
    }
    if !request.tenant_ids.is_empty() {
        user.tenant_ids = request.tenant_ids;
    }
    if !request.project_ids.is_empty() {
        user.project_ids = request.project_ids;
    }
}

async fn update_roles(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UpdateUserRolesRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = store
        .user_mut(&request.user_id)
        .map(|record| record.user.roles = request.roles);
    Json(BaseResponse::from_outcome(outcome))
}

async fn delete(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UserIdRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let position = store
        .users
        .iter()
        .position(|record| record.user.id == request.user_id);
    let outcome = match position {
        Some(index) => {
            store.users.remove(index);
            Ok(())
        }
        None => Err(ErrorCode::UserNotFound),
    };
    Json(BaseResponse::from_outcome(outcome))
}

async fn enable(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UserIdRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = store
        .user_mut(&request.user_id)
        .map(|record| record.set_active(true));
    Json(BaseResponse::from_outcome(outcome))
}

async fn disable(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UserIdRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = store
        .user_mut(&request.user_id)
        .map(|record| record.set_active(false));
    Json(BaseResponse::from_outcome(outcome))
}

async fn import(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<ImportUserRequest>,
) -> Json<UserResponse> {
    let mut store = app.store();
    Json(UserResponse::from_outcome(import_user(&mut store, request)))
}

fn import_user(store: &mut Store, request: ImportUserRequest) -> Outcome<User> {
    let id_taken = request
        .id
        .as_deref()
        .is_some_and(|id| store.user(id).is_ok());
    if id_taken || store.email_taken(&request.email, None) {
        return Err(ErrorCode::UserAlreadyExists);
    }

    let id = request.id.unwrap_or_else(|| store.new_user_id());
    let password = request
        .clear_password
        .unwrap_or_else(|| Secret::from(store.random.secret()));
    let roles = if request.roles.is_empty() {
        vec![ROLE_USER.to_owned()]
    } else {
        request.roles
    };

    let mut record = UserRecord::new(id, request.email, password, roles);
    record.user.profile = request.profile;
    if let Some(tenant_id) = request.tenant_id {
        add_once(&mut record.user.tenant_ids, &tenant_id);
        record.user.tenant_id = Some(tenant_id);
    }
    if let Some(project_id) = request.project_id {
        add_once(&mut record.user.project_ids, &project_id);
        record.user.project_id = Some(project_id);
    }
    record.set_active(request.active_by_default.unwrap_or(false));
    record.must_change_password = request.finalized == Some(false);

    let user = record.user.clone();
    store.users.push(record);
    Ok(user)
}

async fn add_to_tenant(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UserTenantRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = checked_user_and_tenant(&store, &request.user_id, &request.tenant_id)
        .and_then(|()| store.user_mut(&request.user_id))
        .map(|record| add_once(&mut record.user.tenant_ids, &request.tenant_id));
    Json(BaseResponse::from_outcome(outcome))
}

async fn remove_from_tenant(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UserTenantRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = store.user_mut(&request.user_id).map(|record| {
        let user = &mut record.user;
        user.tenant_ids.retain(|id| *id != request.tenant_id);
        if user.tenant_id.as_deref() == Some(request.tenant_id.as_str()) {
            user.tenant_id = None;
        }
    });
    Json(BaseResponse::from_outcome(outcome))
}

async fn set_tenants(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<SetUserTenantsRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = store
        .user(&request.user_id)
        .map(drop)
        .and_then(|()| store.check_tenants(&request.tenant_ids))
        .and_then(|()| store.user_mut(&request.user_id))
        .map(|record| {
            let user = &mut record.user;
            // The current tenant must stay one of the user's tenants.
            if user
                .tenant_id
                .as_ref()
                .is_some_and(|current| !request.tenant_ids.contains(current))
            {
                user.tenant_id = None;
            }
            user.tenant_ids = request.tenant_ids;
        });
    Json(BaseResponse::from_outcome(outcome))
}

async fn set_tenant(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<SetUserTenantRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = checked_user_and_tenant(&store, &request.user_id, &request.tenant_id)
        .and_then(|()| store.user_mut(&request.user_id))
        .map(|record| {
            let user = &mut record.user;
            if request.add_to_tenants == Some(true) {
                add_once(&mut user.tenant_ids, &request.tenant_id);
            }
            user.tenant_id = Some(request.tenant_id);
        });
    Json(BaseResponse::from_outcome(outcome))
}

async fn set_project(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<SetUserProjectRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = checked_user_and_project(&store, &request.user_id, &request.project_id)
        .and_then(|()| store.user_mut(&request.user_id))
        .map(|record| {
            let user = &mut record.user;
            if request.add_to_projects == Some(true) {
                add_once(&mut user.project_ids, &request.project_id);
            }
            user.project_id = Some(request.project_id);
        });
    Json(BaseResponse::from_outcome(outcome))
}

/// Fails with `user-not-found` or `tenant-not-found`, in that order.
fn checked_user_and_tenant(store: &Store, user_id: &str, tenant_id: &str) -> Outcome<()> {
    store.user(user_id)?;
    store.tenant(tenant_id)?;
    Ok(())
}

/// Fails with `user-not-found` or `project-not-found`, in that order.
fn checked_user_and_project(store: &Store, user_id: &str, project_id: &str) -> Outcome<()> {
    store.user(user_id)?;
    store.project(project_id)?;
    Ok(())
}
