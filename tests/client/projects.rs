//! The projects service.

use iam_client::{codes, types};

use crate::support;

#[tokio::test]
async fn register_read_update_search_import_and_delete() {
    let emulator = support::emulator().await;
    let iam = support::system(&emulator);
    let tenant = support::tenant(&emulator).await;
    let code = support::unique("portal");

    let request = types::RegisterProjectRequest::builder()
        .code(code.clone())
        .name("Customer Portal")
        .tenant_ids(vec![tenant.clone()]);
    let id = iam.projects().register(request).await.expect("registers");

    assert_eq!(
        iam.projects().get_by_id(&id).await.expect("by id").code,
        code
    );
    assert_eq!(
        iam.projects().get_by_code(&code).await.expect("by code").id,
        id
    );
    let in_tenant = iam
        .projects()
        .get_by_id_in_tenant(&id, &tenant)
        .await
        .expect("in tenant");
    assert_eq!(in_tenant.tenant_ids, std::slice::from_ref(&tenant));
    let by_code = iam
        .projects()
        .get_by_code_in_tenant(&code, &tenant)
        .await
        .expect("in tenant");
    assert_eq!(by_code.id, id);

    let other_tenant = support::tenant(&emulator).await;
    let elsewhere = iam.projects().get_by_id_in_tenant(&id, &other_tenant).await;
    assert_eq!(
        elsewhere.expect_err("not in that tenant").code(),
        Some(codes::PROJECT_NOT_FOUND)
    );

    let update = types::UpdateProjectRequest::builder()
        .project_id(id.clone())
        .name("Portal 2".to_owned());
    iam.projects().update(update).await.expect("updates");
    assert_eq!(
        iam.projects().get_by_id(&id).await.expect("reads").name,
        "Portal 2"
    );

    let search = types::SearchProjectsRequest::builder()
        .keyword("portal 2".to_owned())
        .tenant_ids(vec![tenant.clone()]);
    let found = iam.projects().search(search).await.expect("searches");
    assert_eq!(found.content.len(), 1);
    let search = types::SearchProjectsRequest::builder().tenant_ids(vec![other_tenant]);
    assert!(
        iam.projects()
            .search(search)
            .await
            .expect("searches")
            .content
            .is_empty()
    );

    let imported_id = support::unique("project-id");
    let import = types::RegisterProjectRequest::builder()
        .id(imported_id.clone())
        .code(support::unique("legacy"))
        .name("Legacy");
    assert_eq!(
        iam.projects()
            .import_project(import)
            .await
            .expect("imports"),
        imported_id
    );

    let duplicate = types::RegisterProjectRequest::builder()
        .code(code)
        .name("Again");
    let refused = iam
        .projects()
        .register(duplicate)
        .await
        .expect_err("duplicate");
    assert_eq!(refused.code(), Some(codes::PROJECT_ALREADY_EXISTS));

    iam.projects().delete(&id).await.expect("deletes");
    let gone = iam.projects().get_by_id(&id).await.expect_err("deleted");
    assert_eq!(gone.code(), Some(codes::PROJECT_NOT_FOUND));
}
