//! The users service.

use iam_client::{Error, codes, types};
use serde_json::json;

use crate::support::{self, PASSWORD};

#[tokio::test]
async fn get_by_id_and_by_email() {
    let emulator = support::emulator().await;
    let iam = support::system(&emulator);
    let user = support::active_user(&emulator).await;

    let by_id = iam.users().get_by_id(&user.id).await.expect("found by id");
    assert_eq!(by_id.email, user.email);
    assert_eq!(by_id.active, Some(true));

    let by_email = iam
        .users()
        .get_by_email(&user.email.to_uppercase())
        .await
        .expect("found");
    assert_eq!(
        by_email.id, user.id,
        "e-mail addresses compare case-insensitively"
    );

    let unknown = iam
        .users()
        .get_by_id("no-such-user")
        .await
        .expect_err("unknown");
    assert_eq!(unknown.code(), Some(codes::USER_NOT_FOUND));
    assert!(matches!(
        unknown,
        Error::Handled {
            operation: "get_user_by_id",
            ..
        }
    ));
}

#[tokio::test]
async fn search_filters_and_pages() {
    let emulator = support::emulator().await;
    let iam = support::system(&emulator);
    let marker = support::unique("Searchable");
    for index in 0..5 {
        let email = format!("{}-{index}@example.com", marker.to_lowercase());
        iam.auth()
            .register(&format!("{marker} {index}"), &email, PASSWORD)
            .await
            .expect("reg");
    }

    let everything = iam
        .users()
        .search(types::SearchUsersRequest::builder().keyword(marker.to_uppercase()))
        .await
        .expect("searches");
    assert_eq!(
        everything.content.len(),
        5,
        "the keyword ignores case; no pageable, no paging"
    );
    assert_eq!(everything.total_elements, 5);

    let pageable = types::Pageable {
        page: Some(1),
        rows_per_page: Some(2),
    };
    let second_page = iam
        .users()
        .search(
            types::SearchUsersRequest::builder()
                .keyword(marker.clone())
                .pageable(pageable),
        )
        .await
        .expect("searches");
    assert_eq!(second_page.content.len(), 2);
    assert_eq!(second_page.number, 1);
    assert_eq!(second_page.size, 2);
    assert_eq!(second_page.total_pages, 3);
    assert_eq!(second_page.total_elements, 5);

    let inactive = iam
        .users()
        .search(
            types::SearchUsersRequest::builder()
                .keyword(marker.clone())
                .active(true),
        )
        .await
        .expect("searches");
    assert!(
        inactive.content.is_empty(),
        "registered users are inactive until activated"
    );

    let admins = iam
        .users()
        .search(types::SearchUsersRequest::builder().role("ROLE_ADMIN".to_owned()))
        .await
        .expect("searches");
    assert_eq!(admins.content.len(), 1);
    assert_eq!(admins.content[0].email, iam_emulator::DEFAULT_ADMIN_EMAIL);
}

#[tokio::test]
async fn update_roles_enable_disable_and_delete() {
    let emulator = support::emulator().await;
    let iam = support::system(&emulator);
    let user = support::active_user(&emulator).await;

    let mut profile = serde_json::Map::new();
    profile.insert("fullName".into(), json!("Test Person"));
    let update = types::UpdateUserRequest::builder()
        .user_id(user.id.clone())
        .profile(profile)
        .tenant_ids(Vec::<String>::new());
    let updated = iam.users().update(update).await.expect("updates");
    assert_eq!(updated.profile.get("fullName"), Some(&json!("Test Person")));

    iam.users()
        .update_roles(&user.id, ["ROLE_USER", "EDITOR"])
        .await
        .expect("sets roles");
    let with_roles = iam.users().get_by_id(&user.id).await.expect("reads");
    assert_eq!(with_roles.roles, ["ROLE_USER", "EDITOR"]);

    iam.users().disable(&user.id).await.expect("disables");
    assert_eq!(
        iam.users().get_by_id(&user.id).await.expect("reads").active,
        Some(false)
    );
    let login = support::anonymous(&emulator)
        .auth()
        .login(&user.email, PASSWORD)
        .await;
    assert_eq!(
        login.expect_err("disabled").code(),
        Some(codes::USER_NOT_ACTIVE)
    );

    iam.users().enable(&user.id).await.expect("enables");
    support::anonymous(&emulator)
        .auth()
        .login(&user.email, PASSWORD)
        .await
        .expect("logs in");

    iam.users().delete(&user.id).await.expect("deletes");
    let gone = iam.users().get_by_id(&user.id).await.expect_err("deleted");
    assert_eq!(gone.code(), Some(codes::USER_NOT_FOUND));
    let again = iam
        .users()
        .delete(&user.id)
        .await
        .expect_err("already deleted");
    assert_eq!(again.code(), Some(codes::USER_NOT_FOUND));
}

#[tokio::test]
async fn import_user_keeps_the_id_and_refuses_duplicates() {
    let emulator = support::emulator().await;
    let iam = support::system(&emulator);
    let email = format!("{}@example.com", support::unique("imported"));
    let id = support::unique("legacy-id");

    let request = types::ImportUserRequest::builder()
        .id(id.clone())
        .email(email.clone())
        .clear_password(iam_client::Secret::from("imported-password"))
        .roles(vec!["ROLE_USER".to_owned()])
        .active_by_default(true)
        .finalized(false);
    let imported = iam.users().import_user(request).await.expect("imports");
    assert_eq!(imported.id, id);
    assert_eq!(imported.active, Some(true));

    let login = support::anonymous(&emulator);
    let identity = login
        .auth()
        .login(&email, "imported-password")
        .await
        .expect("logs in");
    assert_eq!(
        identity.need_to_change_password,
        Some(true),
        "not finalized"
    );
    let stored = login
        .auth()
        .get_identity()
        .await
        .expect("read")
        .expect("logged in");
    assert!(stored.need_to_change_password);

    let duplicate = types::ImportUserRequest::builder().email(email);
    let error = iam
        .users()
        .import_user(duplicate)
        .await
        .expect_err("duplicate e-mail");
    assert_eq!(error.code(), Some(codes::USER_ALREADY_EXISTS));
}

#[tokio::test]
async fn tenant_and_project_membership() {
    let emulator = support::emulator().await;
    let iam = support::system(&emulator);
    let user = support::active_user(&emulator).await;
    let first = support::tenant(&emulator).await;
    let second = support::tenant(&emulator).await;

    iam.users()
        .add_to_tenant(&user.id, &first)
        .await
        .expect("adds");
    assert_eq!(
        iam.users()
            .get_by_id(&user.id)
            .await
            .expect("reads")
            .tenant_ids,
        std::slice::from_ref(&first)
    );

    iam.users()
        .set_tenants(&user.id, [first.clone(), second.clone()])
        .await
        .expect("sets");
    let both = iam.users().get_by_id(&user.id).await.expect("reads");
    assert_eq!(both.tenant_ids, [first.clone(), second.clone()]);

    iam.users()
        .remove_from_tenant(&user.id, &first)
        .await
        .expect("removes");
    assert_eq!(
        iam.users()
            .get_by_id(&user.id)
            .await
            .expect("reads")
            .tenant_ids,
        std::slice::from_ref(&second)
    );

    iam.users()
        .set_tenant(&user.id, &first, true)
        .await
        .expect("sets the current tenant");
    let current = iam.users().get_by_id(&user.id).await.expect("reads");
    assert_eq!(current.tenant_id.as_deref(), Some(first.as_str()));
    assert!(current.tenant_ids.contains(&first), "added to the tenants");

    let project = types::RegisterProjectRequest::builder()
        .code(support::unique("project"))
        .name("Membership")
        .tenant_ids(vec![first.clone()]);
    let project_id = iam.projects().register(project).await.expect("registers");
    iam.users()
        .set_project(&user.id, &project_id, true)
        .await
        .expect("sets the project");
    let with_project = iam.users().get_by_id(&user.id).await.expect("reads");
    assert_eq!(
        with_project.project_id.as_deref(),
        Some(project_id.as_str())
    );
    assert_eq!(with_project.project_ids, [project_id]);

    let unknown = iam
        .users()
        .add_to_tenant(&user.id, "no-such-tenant")
        .await
        .expect_err("no");
    assert_eq!(unknown.code(), Some(codes::TENANT_NOT_FOUND));
}
