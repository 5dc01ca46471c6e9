//! Users, tenants, projects, roles and devices over real HTTP: duplicates, unknown ids,
//! keyword search and paging, membership, and what deletions take with them.

mod support;

use iam_client::types::{
    BaseResponse, DevicePageResponse, IdResponse, ProjectPageResponse, ProjectResponse,
    RegisterRoleResponse, RoleResponse, TenantPageResponse, TenantResponse, User, UserPageResponse,
    UserResponse,
};
use iam_emulator::DEFAULT_API_KEY;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{Api, PASSWORD, send, system_key, unique};

async fn user(api: &Api, id: &str) -> User {
    let found: UserResponse = api
        .system("/users/get-user-by-id", &json!({"userId": id}))
        .await;
    found.user.expect("the user exists")
}

async fn code_of(api: &Api, method: Method, path: &str, body: Value) -> String {
    let request = api.request(method, path, &system_key()).json(&body);
    let (status, body) = send(request).await;
    assert_eq!(status, StatusCode::OK, "{path}: {body}");
    body["responseCode"]
        .as_str()
        .expect("a response code")
        .to_owned()
}

async fn project(api: &Api, tenant_ids: &[&str]) -> String {
    let body = json!({"code": unique("project"), "name": "Project", "tenantIds": tenant_ids});
    let response: IdResponse = api.system("/projects/register", &body).await;
    assert_eq!(response.response_code, "ok");
    response.id.expect("an id")
}

#[tokio::test]
async fn unknown_ids_answer_not_found_codes() {
    let api = Api::start().await;
    let post = Method::POST;
    let cases = [
        (
            post.clone(),
            "/users/get-user-by-id",
            json!({"userId": "x"}),
            "user-not-found",
        ),
        (
            post.clone(),
            "/users/get-user-by-email",
            json!({"email": "x@y.z"}),
            "user-not-found",
        ),
        (
            post.clone(),
            "/users/update-user",
            json!({"userId": "x"}),
            "user-not-found",
        ),
        (
            post.clone(),
            "/users/update-user-roles",
            json!({"userId": "x", "roles": []}),
            "user-not-found",
        ),
        (
            post.clone(),
            "/users/delete-user",
            json!({"userId": "x"}),
            "user-not-found",
        ),
        (
            post.clone(),
            "/users/enable-user",
            json!({"userId": "x"}),
            "user-not-found",
        ),
        (
            post.clone(),
            "/users/disable-user",
            json!({"userId": "x"}),
            "user-not-found",
        ),
        (
            post.clone(),
            "/users/remove-user-from-tenant",
            json!({"userId": "x", "tenantId": "t"}),
            "user-not-found",
        ),
        (
            post.clone(),
            "/tenants/by-id",
            json!({"tenantId": "x"}),
            "tenant-not-found",
        ),
        (
            post.clone(),
            "/tenants/by-key",
            json!({"code": "x"}),
            "tenant-not-found",
        ),
        (
            Method::PATCH,
            "/tenants",
            json!({"tenantId": "x", "name": "n"}),
            "tenant-not-found",
        ),
        (
            Method::DELETE,
            "/tenants",
            json!({"tenantId": "x"}),
            "tenant-not-found",
        ),
        (
            post.clone(),
            "/projects/by-id",
            json!({"projectId": "x"}),
            "project-not-found",
        ),
        (
            post.clone(),
            "/projects/by-key",
            json!({"code": "x"}),
            "project-not-found",
        ),
        (
            Method::PATCH,
            "/projects",
            json!({"projectId": "x"}),
            "project-not-found",
        ),
        (
            Method::DELETE,
            "/projects",
            json!({"projectId": "x"}),
            "project-not-found",
        ),
        (
            post.clone(),
            "/projects/register",
            json!({"code": "c", "name": "n", "tenantIds": ["x"]}),
            "tenant-not-found",
        ),
        (
            post.clone(),
            "/roles/update",
            json!({"id": "x"}),
            "role-not-found",
        ),
        (
            post.clone(),
            "/roles/delete",
            json!({"id": "x"}),
            "role-not-found",
        ),
        (
            post.clone(),
            "/roles/get-by-id",
            json!({"id": "x"}),
            "role-not-found",
        ),
        (
            post.clone(),
            "/roles/get-by-code",
            json!({"code": "x"}),
            "role-not-found",
        ),
        (
            post.clone(),
            "/devices/by-code",
            json!({"code": "x"}),
            "device-not-found",
        ),
        (
            post.clone(),
            "/devices/by-id",
            json!({"deviceId": "x"}),
            "device-not-found",
        ),
        (
            Method::PATCH,
            "/devices",
            json!({"deviceId": "x"}),
            "device-not-found",
        ),
        (
            Method::DELETE,
            "/devices",
            json!({"deviceId": "x"}),
            "device-not-found",
        ),
    ];

    for (method, path, body, code) in cases {
        let answer = code_of(&api, method.clone(), path, body).await;
        assert_eq!(answer, format!("iam.error.{code}"), "{method} {path}");
    }

    let known = api.active_user().await;
    let cases = [
        (
            "/users/add-user-to-tenant",
            json!({"userId": known.id, "tenantId": "x"}),
        ),
        (
            "/users/set-user-tenants",
            json!({"userId": known.id, "tenantIds": ["x"]}),
        ),
        (
            "/users/set-tenant",
            json!({"userId": known.id, "tenantId": "x"}),
        ),
    ];
    for (path, body) in cases {
        assert_eq!(
            code_of(&api, post.clone(), path, body).await,
            "iam.error.tenant-not-found"
        );
    }
    let body = json!({"userId": known.id, "projectId": "x"});
    let answer = code_of(&api, post, "/users/set-project", body).await;
    assert_eq!(answer, "iam.error.project-not-found");
}

#[tokio::test]
async fn duplicate_codes_are_refused() {
    let api = Api::start().await;
    let post = Method::POST;

    let tenant = json!({"code": "acme", "name": "Acme"});
    assert_eq!(
        code_of(&api, post.clone(), "/tenants/register", tenant.clone()).await,
        "ok"
    );
    for path in ["/tenants/register", "/tenants/import"] {
        let answer = code_of(&api, post.clone(), path, tenant.clone()).await;
        assert_eq!(answer, "iam.error.tenant-already-exists", "{path}");
    }
    let same_key = json!({"code": "other", "name": "Other", "apiKey": DEFAULT_API_KEY});
    let answer = code_of(&api, post.clone(), "/tenants/import", same_key).await;
    assert_eq!(answer, "iam.error.tenant-already-exists");

    let project = json!({"code": "web", "name": "Web"});
    assert_eq!(
        code_of(&api, post.clone(), "/projects/register", project.clone()).await,
        "ok"
    );
    for path in ["/projects/register", "/projects/import"] {
        let answer = code_of(&api, post.clone(), path, project.clone()).await;
        assert_eq!(answer, "iam.error.project-already-exists", "{path}");
    }

    let device = json!({"code": "phone"});
    assert_eq!(
        code_of(&api, post.clone(), "/devices/register", device.clone()).await,
        "ok"
    );
    let answer = code_of(&api, post.clone(), "/devices/register", device).await;
    assert_eq!(answer, "iam.error.device-already-exists");

    let email = api.active_user().await.email;
    let answer = code_of(&api, post, "/users/import-user", json!({"email": email})).await;
    assert_eq!(answer, "iam.error.user-already-exists");
}

#[tokio::test]
async fn role_codes_are_unique_within_their_tenant_and_project() {
    let api = Api::start().await;
    let (tenant_a, _) = api.tenant().await;
    let (tenant_b, _) = api.tenant().await;
    let role = |tenant: &str| json!({"code": "EDITOR", "name": "Editor", "tenantId": tenant});

    let first: RegisterRoleResponse = api.system("/roles/register", &role(&tenant_a)).await;
    assert_eq!(first.response_code, "ok");
    let first_role = first.role.expect("the role");
    assert_eq!(first.id.as_deref(), Some(first_role.id.as_str()));
    assert!(first_role.created_at.is_some());

    let again: RegisterRoleResponse = api.system("/roles/register", &role(&tenant_a)).await;
    assert_eq!(again.response_code, "iam.error.role-already-exists");
    let elsewhere: RegisterRoleResponse = api.system("/roles/register", &role(&tenant_b)).await;
    assert_eq!(elsewhere.response_code, "ok");

    // Moving the second role into the first one's tenant would make two EDITORs there.
    let second_id = elsewhere.id.expect("an id");
    let moved = json!({"id": second_id, "tenantId": tenant_a});
    let answer: RoleResponse = api.system("/roles/update", &moved).await;
    assert_eq!(answer.response_code, "iam.error.role-already-exists");

    let by_code = json!({"code": "EDITOR", "tenantId": tenant_b});
    let found: RoleResponse = api.system("/roles/get-by-code", &by_code).await;
    assert_eq!(found.role.expect("the role").id, second_id);
}

#[tokio::test]
async fn roles_can_be_read_updated_and_deleted() {
    let api = Api::start().await;
    let body = json!({"code": "VIEWER", "name": "Viewer", "permissions": ["a.read"]});
    let registered: RegisterRoleResponse = api.system("/roles/register", &body).await;
    let id = registered.id.expect("an id");

    let update = json!({"id": id, "name": "Reader", "permissions": ["a.read", "b.read"]});
    let updated: RoleResponse = api.system("/roles/update", &update).await;
    let role = updated.role.expect("the role");
    assert_eq!(role.name, "Reader");
    assert_eq!(role.permissions, vec!["a.read", "b.read"]);
    assert_eq!(role.code, "VIEWER");

    let found: RoleResponse = api.system("/roles/get-by-id", &json!({"id": id})).await;
    assert_eq!(found.role.expect("the role").name, "Reader");

    let found: RoleResponse = api
        .system("/roles/get-by-code", &json!({"code": "VIEWER"}))
        .await;
    assert_eq!(found.role.expect("the role").id, id);

    let deleted: BaseResponse = api.system("/roles/delete", &json!({"id": id})).await;
    assert_eq!(deleted.response_code, "ok");
    let gone: RoleResponse = api.system("/roles/get-by-id", &json!({"id": id})).await;
    assert_eq!(gone.response_code, "iam.error.role-not-found");
}

#[tokio::test]
async fn searches_match_keywords_without_case_and_page_from_zero() {
    let api = Api::start().await;
    for index in 0..5 {
        let body = json!({"code": format!("Kiosk-{index}")});
        let _: Value = api.system("/devices/register", &body).await;
    }
    let _: Value = api
        .system("/devices/register", &json!({"code": "phone"}))
        .await;
    let search = |body: Value| api.system::<_, DevicePageResponse>("/devices/search", body);

    let all = search(json!({"keyword": "kIOSK"}))
        .await
        .devices
        .expect("a page");
    assert_eq!(all.content.len(), 5);
    assert_eq!(
        (all.total_elements, all.total_pages, all.number, all.size),
        (5, 1, 0, 5)
    );

    let pageable = json!({"keyword": "kiosk", "pageable": {"page": 1, "rowsPerPage": 2}});
    let page = search(pageable).await.devices.expect("a page");
    let codes: Vec<&str> = page.content.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["Kiosk-2", "Kiosk-3"]);
    assert_eq!(
        (
            page.total_elements,
            page.total_pages,
            page.number,
            page.size
        ),
        (5, 3, 1, 2)
    );

    let last = search(json!({"keyword": "kiosk", "pageable": {"page": 2, "rowsPerPage": 2}})).await;
    assert_eq!(last.devices.expect("a page").content.len(), 1);

    let past = search(json!({"keyword": "kiosk", "pageable": {"page": 9, "rowsPerPage": 2}})).await;
    let past = past.devices.expect("a page");
    assert!(past.content.is_empty());
    assert_eq!((past.total_elements, past.number), (5, 9));

    let default_rows = search(json!({"pageable": {"page": 0}}))
        .await
        .devices
        .expect("a page");
    assert_eq!((default_rows.size, default_rows.content.len()), (20, 6));

    let none = search(json!({"keyword": "nothing"}))
        .await
        .devices
        .expect("a page");
    assert_eq!(
        (none.total_elements, none.total_pages, none.size),
        (0, 1, 0)
    );
    let none_paged = search(json!({"keyword": "nothing", "pageable": {"page": 0}})).await;
    assert_eq!(none_paged.devices.expect("a page").total_pages, 0);
}

#[tokio::test]
async fn a_bad_pageable_is_a_bad_request() {
    let api = Api::start().await;
    for pageable in [json!({"page": 0, "rowsPerPage": 0}), json!({"page": -1})] {
        for path in [
            "/users/search-users",
            "/tenants/search",
            "/projects/search",
            "/devices/search",
        ] {
            let body = json!({"pageable": pageable});
            let request = api.request(Method::POST, path, &system_key()).json(&body);
            let (status, body) = send(request).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {pageable}");
            assert_eq!(body["responseCode"], "iam.error.bad-request");
        }
    }
}

#[tokio::test]
async fn user_search_filters_by_keyword_and_fields() {
    let api = Api::start().await;
    let marker = unique("Zebra");
    let email = format!("{}@example.com", marker.to_lowercase());
    let form = json!({"name": format!("{marker} Person"), "email": email, "password": PASSWORD});
    let registered: Value = api.public_form("/auth/register", &form).await;
    let id = registered["userId"].as_str().expect("an id").to_owned();
    let profile = json!({"userId": id, "profile": {"team": "blue", "level": 3}});
    let _: UserResponse = api.system("/users/update-user", &profile).await;

    let search = |body: Value| api.system::<_, UserPageResponse>("/users/search-users", body);
    let ids = |response: UserPageResponse| -> Vec<String> {
        let page = response.users.expect("a page");
        page.content.into_iter().map(|u| u.id).collect()
    };

    assert_eq!(
        ids(search(json!({"keyword": marker.to_uppercase()})).await),
        [id.as_str()]
    );
    assert_eq!(
        ids(search(json!({"username": email.to_uppercase()})).await),
        [id.as_str()]
    );
    let filtered = json!({
        "keyword": marker,
        "active": false,
        "role": "ROLE_USER",
        "profile": {"team": "blue", "level": "3"},
    });
    assert_eq!(ids(search(filtered).await), [id.as_str()]);
    assert!(ids(search(json!({"keyword": marker, "active": true})).await).is_empty());
    assert!(ids(search(json!({"keyword": marker, "role": "ROLE_ADMIN"})).await).is_empty());
    let other_team = json!({"keyword": marker, "profile": {"team": "red"}});
    assert!(ids(search(other_team).await).is_empty());
}

#[tokio::test]
async fn tenant_and_project_searches_match_codes_and_names() {
    let api = Api::start().await;
    let body = json!({"code": "north-office", "name": "Aurora Branch"});
    let tenant: IdResponse = api.system("/tenants/register", &body).await;
    let tenant_id = tenant.id.expect("an id");
    let body = json!({"code": "site", "name": "Aurora Website", "tenantIds": [tenant_id]});
    let _: IdResponse = api.system("/projects/register", &body).await;
    let _: IdResponse = api
        .system("/projects/register", &json!({"code": "app", "name": "App"}))
        .await;

    for keyword in ["NORTH", "aurora"] {
        let found: TenantPageResponse = api
            .system("/tenants/search", &json!({"keyword": keyword}))
            .await;
        assert_eq!(found.tenants.expect("a page").content.len(), 1, "{keyword}");
    }

    let found: ProjectPageResponse = api
        .system("/projects/search", &json!({"keyword": "AURORA"}))
        .await;
    assert_eq!(found.projects.expect("a page").content[0].code, "site");
    let body = json!({"tenantIds": [tenant_id]});
    let found: ProjectPageResponse = api.system("/projects/search", &body).await;
    let codes: Vec<String> = found
        .projects
        .expect("a page")
        .content
        .into_iter()
        .map(|p| p.code)
        .collect();
    assert_eq!(codes, ["site"]);
}

#[tokio::test]
async fn projects_are_found_within_their_tenants() {
    let api = Api::start().await;
    let (tenant, _) = api.tenant().await;
    let (other, _) = api.tenant().await;
    let id = project(&api, &[&tenant]).await;

    let found: ProjectResponse = api
        .system(
            "/projects/by-id",
            &json!({"projectId": id, "tenantId": tenant}),
        )
        .await;
    let code = found.project.expect("the project").code;

    let outside: ProjectResponse = api
        .system(
            "/projects/by-id",
            &json!({"projectId": id, "tenantId": other}),
        )
        .await;
    assert_eq!(outside.response_code, "iam.error.project-not-found");
    let by_key: ProjectResponse = api
        .system(
            "/projects/by-key",
            &json!({"code": code, "tenantId": other}),
        )
        .await;
    assert_eq!(by_key.response_code, "iam.error.project-not-found");
    let by_key: ProjectResponse = api.system("/projects/by-key", &json!({"code": code})).await;
    assert_eq!(by_key.project.expect("the project").id, id);

    let rename = json!({"projectId": id, "name": "Renamed", "code": "renamed"});
    let answer: BaseResponse = api.system_with(Method::PATCH, "/projects", &rename).await;
    assert_eq!(answer.response_code, "ok");
    let found: ProjectResponse = api
        .system("/projects/by-id", &json!({"projectId": id}))
        .await;
    let found = found.project.expect("the project");
    assert_eq!(
        (found.name.as_str(), found.code.as_str()),
        ("Renamed", "renamed")
    );
    assert!(found.api_key.is_some());
}

#[tokio::test]
async fn tenant_membership_follows_the_operations() {
    let api = Api::start().await;
    let member = api.active_user().await;
    let (first, _) = api.tenant().await;
    let (second, _) = api.tenant().await;
    let call = |path: &'static str, body: Value| code_of(&api, Method::POST, path, body);

    let body = json!({"userId": member.id, "tenantId": first});
    assert_eq!(call("/users/add-user-to-tenant", body.clone()).await, "ok");
    assert_eq!(call("/users/add-user-to-tenant", body).await, "ok");
    assert_eq!(user(&api, &member.id).await.tenant_ids, [first.as_str()]);

    let body = json!({"userId": member.id, "tenantId": second, "addToTenants": true});
    assert_eq!(call("/users/set-tenant", body).await, "ok");
    let found = user(&api, &member.id).await;
    assert_eq!(found.tenant_ids, [first.clone(), second.clone()]);
    assert_eq!(found.tenant_id.as_deref(), Some(second.as_str()));

    let body = json!({"userId": member.id, "tenantId": second});
    assert_eq!(call("/users/remove-user-from-tenant", body).await, "ok");
    let found = user(&api, &member.id).await;
    assert_eq!(found.tenant_ids, [first.as_str()]);
    assert_eq!(found.tenant_id, None);

    let body = json!({"userId": member.id, "tenantIds": [second]});
    assert_eq!(call("/users/set-user-tenants", body).await, "ok");
    assert_eq!(user(&api, &member.id).await.tenant_ids, [second]);

    let project_id = project(&api, &[]).await;
    let body = json!({"userId": member.id, "projectId": project_id, "addToProjects": true});
    assert_eq!(call("/users/set-project", body).await, "ok");
    let found = user(&api, &member.id).await;
    assert_eq!(found.project_ids, [project_id.as_str()]);
    assert_eq!(found.project_id, Some(project_id));
}

#[tokio::test]
async fn deleting_a_tenant_or_project_takes_it_off_users_and_projects() {
    let api = Api::start().await;
    let member = api.active_user().await;
    let (tenant, _) = api.tenant().await;
    let (kept, _) = api.tenant().await;
    let project_id = project(&api, &[&tenant, &kept]).await;
    let call = |path: &'static str, body: Value| code_of(&api, Method::POST, path, body);

    let body = json!({"userId": member.id, "tenantIds": [tenant, kept]});
    assert_eq!(call("/users/set-user-tenants", body).await, "ok");
    let body = json!({"userId": member.id, "tenantId": tenant});
    assert_eq!(call("/users/set-tenant", body).await, "ok");
    let body = json!({"userId": member.id, "projectId": project_id, "addToProjects": true});
    assert_eq!(call("/users/set-project", body).await, "ok");

    let answer = code_of(
        &api,
        Method::DELETE,
        "/tenants",
        json!({"tenantId": tenant}),
    )
    .await;
    assert_eq!(answer, "ok");
    let found = user(&api, &member.id).await;
    assert_eq!(
        (found.tenant_ids, found.tenant_id),
        (vec![kept.clone()], None)
    );
    let found: ProjectResponse = api
        .system("/projects/by-id", &json!({"projectId": project_id}))
        .await;
    assert_eq!(found.project.expect("the project").tenant_ids, [kept]);

    let answer = code_of(
        &api,
        Method::DELETE,
        "/projects",
        json!({"projectId": project_id}),
    )
    .await;
    assert_eq!(answer, "ok");
    let found = user(&api, &member.id).await;
    assert!(found.project_ids.is_empty() && found.project_id.is_none());
}

#[tokio::test]
async fn users_can_be_updated_disabled_enabled_and_deleted() {
    let api = Api::start().await;
    let member = api.active_user().await;
    let other = api.active_user().await;

    let taken = json!({"userId": member.id, "email": other.email.to_uppercase(), "active": false});
    let answer: UserResponse = api.system("/users/update-user", &taken).await;
    assert_eq!(answer.response_code, "iam.error.user-already-exists");
    assert_eq!(user(&api, &member.id).await.active, Some(true));

    let new_email = format!("{}@example.com", unique("renamed"));
    let update = json!({"userId": member.id, "email": new_email, "clearPassword": "pw2",
        "profile": {"a": 1}, "roles": ["ROLE_USER", "EXTRA"]});
    let updated: UserResponse = api.system("/users/update-user", &update).await;
    let updated = updated.user.expect("the user");
    assert_eq!(
        (updated.email.as_str(), updated.roles.len()),
        (new_email.as_str(), 2)
    );
    api.login(&new_email, "pw2").await;

    let replace = json!({"userId": member.id, "profile": {"b": 2}, "replaceProfile": true});
    let replaced: UserResponse = api.system("/users/update-user", &replace).await;
    assert_eq!(
        Value::Object(replaced.user.expect("the user").profile),
        json!({"b": 2})
    );

    let call = |path: &'static str| code_of(&api, Method::POST, path, json!({"userId": member.id}));
    assert_eq!(call("/users/disable-user").await, "ok");
    let (_, body) = send(
        api.request(Method::POST, "/auth/login", &support::Credential::None)
            .form(&json!({"mail": new_email, "password": "pw2"})),
    )
    .await;
    assert_eq!(body["responseCode"], "iam.error.user-not-active");
    assert_eq!(call("/users/enable-user").await, "ok");
    api.login(&new_email, "pw2").await;

    assert_eq!(call("/users/delete-user").await, "ok");
    assert_eq!(
        call("/users/get-user-by-id").await,
        "iam.error.user-not-found"
    );
}

#[tokio::test]
async fn imported_records_keep_their_ids_and_keys() {
    let api = Api::start().await;
    let body =
        json!({"id": "tenant-42", "code": "imported", "name": "Imported", "apiKey": "kept-key"});
    let imported: IdResponse = api.system("/tenants/import", &body).await;
    assert_eq!(imported.id.as_deref(), Some("tenant-42"));
    let found: TenantResponse = api
        .system("/tenants/by-key", &json!({"code": "imported"}))
        .await;
    let found = found.tenant.expect("the tenant");
    assert_eq!(
        (found.id.as_str(), found.api_key.expect("a key").expose()),
        ("tenant-42", "kept-key")
    );

    // The imported key is a tenant key like any other.
    let request = api
        .request(
            Method::POST,
            "/users/search-users",
            &support::Credential::Key("kept-key".into()),
        )
        .json(&json!({}));
    assert_eq!(send(request).await.0, StatusCode::OK);

    let body = json!({"id": "user-42", "email": "imported@example.com", "tenantId": "tenant-42"});
    let user_answer: UserResponse = api.system("/users/import-user", &body).await;
    let imported_user = user_answer.user.expect("the user");
    assert_eq!(imported_user.id, "user-42");
    assert_eq!(imported_user.active, Some(false));
    assert_eq!(imported_user.roles, ["ROLE_USER"]);
    assert_eq!(imported_user.tenant_ids, ["tenant-42"]);

    let again: UserResponse = api
        .system(
            "/users/import-user",
            &json!({"id": "user-42", "email": "other@example.com"}),
        )
        .await;
    assert_eq!(again.response_code, "iam.error.user-already-exists");
}

#[tokio::test]
async fn tenants_and_devices_can_be_updated_and_deleted() {
    let api = Api::start().await;
    let (tenant, _) = api.tenant().await;
    let body = json!({"tenantId": tenant, "name": "New Name", "domains": ["example.com"]});
    let answer: BaseResponse = api.system_with(Method::PATCH, "/tenants", &body).await;
    assert_eq!(answer.response_code, "ok");
    let found: TenantResponse = api
        .system("/tenants/by-id", &json!({"tenantId": tenant}))
        .await;
    let found = found.tenant.expect("the tenant");
    assert_eq!(
        (found.name.as_str(), found.domains.clone()),
        ("New Name", vec!["example.com".to_owned()])
    );

    let _: Value = api
        .system("/devices/register", &json!({"code": "one"}))
        .await;
    let two: Value = api
        .system("/devices/register", &json!({"code": "two"}))
        .await;
    let two_id = two["device"]["id"].as_str().expect("an id").to_owned();
    let clash = json!({"deviceId": two_id, "code": "one"});
    assert_eq!(
        code_of(&api, Method::PATCH, "/devices", clash).await,
        "iam.error.device-already-exists"
    );
    let rename = json!({"deviceId": two_id, "code": "three"});
    assert_eq!(code_of(&api, Method::PATCH, "/devices", rename).await, "ok");
    let found = code_of(
        &api,
        Method::POST,
        "/devices/by-id",
        json!({"deviceId": two_id}),
    )
    .await;
    assert_eq!(found, "ok");
    let deleted = code_of(
        &api,
        Method::DELETE,
        "/devices",
        json!({"deviceId": two_id}),
    )
    .await;
    assert_eq!(deleted, "ok");
    let gone = code_of(
        &api,
        Method::POST,
        "/devices/by-code",
        json!({"code": "three"}),
    )
    .await;
    assert_eq!(gone, "iam.error.device-not-found");
}
