//! The roles service.

use iam_client::{codes, types};

use crate::support;

#[tokio::test]
async fn register_read_update_and_delete() {
    let emulator = support::emulator().await;
    let iam = support::admin(&emulator).await;
    let code = support::unique("EDITOR");

    let request = types::RegisterRoleRequest::builder()
        .code(code.clone())
        .name("Editor")
        .permissions(vec!["read".to_owned(), "write".to_owned()]);
    let role = iam.roles().register(request).await.expect("registers");
    assert_eq!(role.code, code);
    assert_eq!(role.permissions, ["read", "write"]);

    assert_eq!(
        iam.roles().get_by_id(&role.id).await.expect("by id").code,
        code
    );
    assert_eq!(
        iam.roles().get_by_code(&code).await.expect("by code").id,
        role.id
    );

    let duplicate = types::RegisterRoleRequest::builder()
        .code(code.clone())
        .name("Again");
    let refused = iam
        .roles()
        .register(duplicate)
        .await
        .expect_err("duplicate in its scope");
    assert_eq!(refused.code(), Some(codes::ROLE_ALREADY_EXISTS));

    let tenant = support::tenant(&emulator).await;
    let scoped = types::RegisterRoleRequest::builder()
        .code(code.clone())
        .name("Tenant editor")
        .tenant_id(tenant.clone());
    let tenant_role = iam
        .roles()
        .register(scoped)
        .await
        .expect("the code is free in a tenant");
    let found = iam
        .roles()
        .get_by_code_in_tenant(&code, &tenant)
        .await
        .expect("in tenant");
    assert_eq!(found.id, tenant_role.id);

    let update = types::UpdateRoleRequest::builder()
        .id(role.id.clone())
        .permissions(vec!["read".to_owned()]);
    let updated = iam.roles().update(update).await.expect("updates");
    assert_eq!(updated.permissions, ["read"]);
    assert_eq!(updated.name, "Editor", "fields not given stay");

    iam.roles().delete(&role.id).await.expect("deletes");
    let gone = iam.roles().get_by_id(&role.id).await.expect_err("deleted");
    assert_eq!(gone.code(), Some(codes::ROLE_NOT_FOUND));
}
