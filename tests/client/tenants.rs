//! The tenants service (the system API key only).

use iam_client::{Secret, codes, types};
use serde_json::json;

use crate::support;

#[tokio::test]
async fn register_read_update_search_and_delete() {
    let emulator = support::emulator().await;
    let iam = support::system(&emulator);
    let code = support::unique("acme");

    let mut metadata = serde_json::Map::new();
    metadata.insert("plan".into(), json!("gold"));
    let request = types::RegisterTenantRequest::builder()
        .code(code.clone())
        .name("Acme Corporation")
        .domains(vec!["acme.example".to_owned()])
        .metadata(metadata);
    let id = iam.tenants().register(request).await.expect("registers");

    let by_id = iam.tenants().get_by_id(&id).await.expect("found by id");
    assert_eq!(by_id.code, code);
    assert_eq!(by_id.metadata.get("plan"), Some(&json!("gold")));
    assert!(
        by_id.api_key.as_ref().is_some_and(|key| !key.is_empty()),
        "a tenant gets a key"
    );
    assert_eq!(
        iam.tenants()
            .get_by_code(&code)
            .await
            .expect("found by code")
            .id,
        id
    );

    let duplicate = types::RegisterTenantRequest::builder()
        .code(code.clone())
        .name("Again");
    let refused = iam
        .tenants()
        .register(duplicate)
        .await
        .expect_err("duplicate code");
    assert_eq!(refused.code(), Some(codes::TENANT_ALREADY_EXISTS));

    let update = types::UpdateTenantRequest::builder()
        .tenant_id(id.clone())
        .name("Acme Ltd".to_owned());
    iam.tenants().update(update).await.expect("updates");
    assert_eq!(
        iam.tenants().get_by_id(&id).await.expect("reads").name,
        "Acme Ltd"
    );

    let found = iam
        .tenants()
        .search(types::SearchTenantsRequest::builder().keyword("ACME LTD".to_owned()))
        .await
        .expect("searches");
    assert_eq!(
        found
            .content
            .iter()
            .map(|tenant| &tenant.id)
            .collect::<Vec<_>>(),
        [&id]
    );

    iam.tenants().delete(&id).await.expect("deletes");
    let gone = iam.tenants().get_by_id(&id).await.expect_err("deleted");
    assert_eq!(gone.code(), Some(codes::TENANT_NOT_FOUND));
}

#[tokio::test]
async fn import_keeps_id_and_api_key() {
    let emulator = support::emulator().await;
    let iam = support::system(&emulator);
    let id = support::unique("tenant-id");

    let request = types::ImportTenantRequest::builder()
        .id(id.clone())
        .code(support::unique("imported"))
        .name("Imported")
        .api_key(Secret::from("imported-tenant-key"));
    assert_eq!(
        iam.tenants().import_tenant(request).await.expect("imports"),
        id
    );

    let tenant = iam.tenants().get_by_id(&id).await.expect("reads");
    assert_eq!(
        tenant.api_key.as_ref().map(Secret::expose),
        Some("imported-tenant-key")
    );

    // The imported key works as a tenant key on the user routes.
    let tenant_client = support::with_key(&emulator, "imported-tenant-key");
    tenant_client
        .users()
        .search(types::SearchUsersRequest::default())
        .await
        .expect("accepted");
}
