//! The three security chains as the client sees them, and the headers it sends.

use iam_client::{Error, IamClient, types};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY};

use crate::support::scripted::ScriptedServer;
use crate::support::{self, PASSWORD};

fn all_users() -> types::SearchUsersRequest {
    types::SearchUsersRequest::default()
}

fn all_tenants() -> types::SearchTenantsRequest {
    types::SearchTenantsRequest::default()
}

#[tokio::test]
async fn tenants_need_the_system_key() {
    let emulator = support::emulator().await;
    let tenant_id = support::tenant(&emulator).await;
    let tenant_key = support::system(&emulator)
        .tenants()
        .get_by_id(&tenant_id)
        .await
        .expect("reads")
        .api_key
        .expect("a tenant has a key");

    let nothing = support::anonymous(&emulator)
        .tenants()
        .search(all_tenants())
        .await;
    assert!(
        matches!(nothing, Err(Error::Unauthorized { .. })),
        "{nothing:?}"
    );

    let admin = support::admin(&emulator).await;
    let bearer_only = admin
        .tenants()
        .search(all_tenants())
        .await
        .expect_err("bearer only");
    assert!(
        matches!(bearer_only, Error::Forbidden { .. }),
        "{bearer_only:?}"
    );
    assert!(bearer_only.is_handled());

    let with_tenant_key = support::with_key(&emulator, tenant_key.expose());
    let refused = with_tenant_key
        .tenants()
        .search(all_tenants())
        .await
        .expect_err("tenant key");
    assert!(matches!(refused, Error::Forbidden { .. }), "{refused:?}");

    let wrong_key = support::with_key(&emulator, "not-the-key");
    let unknown = wrong_key
        .tenants()
        .search(all_tenants())
        .await
        .expect_err("wrong key");
    assert!(matches!(unknown, Error::Unauthorized { .. }), "{unknown:?}");

    let page = support::system(&emulator)
        .tenants()
        .search(all_tenants())
        .await
        .expect("system");
    assert_eq!(page.content.len(), 1);
}

#[tokio::test]
async fn users_accept_a_bearer_the_system_key_or_a_tenant_key() {
    let emulator = support::emulator().await;
    let tenant_id = support::tenant(&emulator).await;
    let tenant = support::system(&emulator)
        .tenants()
        .get_by_id(&tenant_id)
        .await
        .expect("read");
    let tenant_key = tenant.api_key.expect("a tenant has a key");

    let nothing = support::anonymous(&emulator)
        .users()
        .search(all_users())
        .await;
    assert!(
        matches!(nothing, Err(Error::Unauthorized { .. })),
        "{nothing:?}"
    );

    let (user, _) = support::user_client(&emulator).await;
    user.users()
        .search(all_users())
        .await
        .expect("a user bearer");
    support::system(&emulator)
        .users()
        .search(all_users())
        .await
        .expect("the system key");
    support::with_key(&emulator, tenant_key.expose())
        .users()
        .search(all_users())
        .await
        .expect("a tenant key");
}

#[tokio::test]
async fn with_both_the_key_opens_tenants_and_the_bearer_says_who_i_am() {
    let emulator = support::emulator().await;
    let user = support::active_user(&emulator).await;
    let iam = support::system(&emulator);
    iam.auth()
        .login(&user.email, PASSWORD)
        .await
        .expect("logs in beside the key");

    iam.tenants()
        .search(all_tenants())
        .await
        .expect("the key opens tenants");
    iam.auth()
        .change_password(PASSWORD, "changed-password")
        .await
        .expect("acts on the bearer");
    support::anonymous(&emulator)
        .auth()
        .login(&user.email, "changed-password")
        .await
        .expect("the bearer's user got the new password");

    let wrong_key = IamClient::builder(emulator.base_url())
        .api_key("wrong")
        .build()
        .expect("ok");
    wrong_key
        .auth()
        .login(&user.email, "changed-password")
        .await
        .expect("auth is public");
    let refused = wrong_key
        .users()
        .search(all_users())
        .await
        .expect_err("a wrong key is 401");
    assert!(matches!(refused, Error::Unauthorized { .. }), "{refused:?}");
}

#[tokio::test]
async fn the_key_goes_on_every_request_and_the_bearer_on_all_but_public_calls() {
    let emulator = support::emulator().await;
    let proxy = ScriptedServer::forwarding_to(emulator.base_url()).await;
    let iam = IamClient::builder(proxy.base_url())
        .api_key(DEFAULT_API_KEY)
        .build()
        .expect("ok");

    iam.auth()
        .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
        .await
        .expect("logs in");
    let token = iam.auth().get_token().await.expect("token");
    iam.users().search(all_users()).await.expect("searches");
    iam.tenants().search(all_tenants()).await.expect("searches");
    iam.auth()
        .register_device(&support::unique("device"))
        .await
        .expect("public call");
    iam.auth()
        .check_auth()
        .await
        .expect("token login is public too");

    let requests = proxy.requests();
    let paths: Vec<&str> = requests
        .iter()
        .map(|request| request.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "/api/auth/login",
            "/api/users/search-users",
            "/api/tenants/search",
            "/api/auth/register-device",
            "/api/auth/token-login"
        ]
    );

    let bearer = format!("Bearer {}", token.expose());
    for request in &requests {
        assert_eq!(
            request.header("x-api-key"),
            Some(DEFAULT_API_KEY),
            "{}",
            request.path
        );
        assert_eq!(
            request.header("accept"),
            Some("application/json"),
            "{}",
            request.path
        );

        let public = request.path.starts_with("/api/auth/");
        let expected = if public { None } else { Some(bearer.as_str()) };
        assert_eq!(
            request.header("authorization"),
            expected,
            "{}",
            request.path
        );
    }

    let login = &requests[0];
    assert!(
        login
            .header("content-type")
            .is_some_and(|value| { value.starts_with("application/x-www-form-urlencoded") }),
        "login sends a form"
    );
    assert_eq!(requests[3].header("content-type"), Some("application/json"));
}
