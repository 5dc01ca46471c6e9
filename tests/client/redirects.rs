//! Credentials never follow a redirect to another origin.

use iam_client::{Error, IamClient};

use crate::support::scripted::{Recorded, Reply, ScriptedServer};

const USER_ANSWER: &str = r#"{"responseCode":"ok","user":{"id":"u1","email":"u1@example.com"}}"#;

async fn logged_in_client(base_url: String, max_redirects: usize) -> IamClient {
    let iam = IamClient::builder(base_url)
        .api_key("system-key")
        .follow_redirects(max_redirects)
        .build()
        .expect("a valid client");
    iam.storage()
        .set("token", "user-token")
        .await
        .expect("memory storage");
    iam
}

/// A server that answers every request with a 307 to the same path on a second server,
/// which answers a user; both record what they get.
async fn redirecting_to_another_origin() -> (ScriptedServer, ScriptedServer) {
    let target = ScriptedServer::answering(|| Reply::json(USER_ANSWER)).await;
    let location = format!("{}/api/users/get-user-by-id", target.origin());
    let origin = ScriptedServer::start(move |_| {
        let location = location.clone();
        async move { Reply::redirect(307, &location) }
    })
    .await;

    (origin, target)
}

#[tokio::test]
async fn redirects_are_not_followed_by_default() {
    let (origin, target) = redirecting_to_another_origin().await;

    let iam = logged_in_client(origin.base_url(), 0).await;
    let error = iam
        .users()
        .get_by_id("u1")
        .await
        .expect_err("a redirect is not an answer");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(307));
    assert!(matches!(error, Error::Http { .. }), "{error:?}");
    assert!(
        target.requests().is_empty(),
        "the other server was never contacted"
    );
}

#[tokio::test]
async fn a_redirect_to_another_origin_drops_both_credentials() {
    let (origin, target) = redirecting_to_another_origin().await;

    let iam = logged_in_client(origin.base_url(), 3).await;
    let user = iam
        .users()
        .get_by_id("u1")
        .await
        .expect("the redirect is followed");
    assert_eq!(user.id, "u1");

    let first = &origin.requests()[0];
    assert_eq!(first.header("x-api-key"), Some("system-key"));
    assert_eq!(first.header("authorization"), Some("Bearer user-token"));

    let followed: Vec<Recorded> = target.requests();
    assert_eq!(followed.len(), 1);
    assert_eq!(followed[0].method, "POST", "307 repeats the method");
    assert!(!followed[0].body.is_empty(), "307 repeats the body");
    assert_eq!(followed[0].header("x-api-key"), None);
    assert_eq!(followed[0].header("authorization"), None);
}

#[tokio::test]
async fn a_same_origin_redirect_keeps_the_credentials() {
    let server = ScriptedServer::start(|request: Recorded| async move {
        if request.path == "/api/users/get-user-by-id" {
            Reply::redirect(308, "/api/v2/users/get-user-by-id")
        } else {
            Reply::json(USER_ANSWER)
        }
    })
    .await;

    let iam = logged_in_client(server.base_url(), 3).await;
    iam.users().get_by_id("u1").await.expect("followed");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].path, "/api/v2/users/get-user-by-id");
    assert_eq!(requests[1].header("x-api-key"), Some("system-key"));
    assert_eq!(
        requests[1].header("authorization"),
        Some("Bearer user-token")
    );
}

#[tokio::test]
async fn the_redirect_limit_holds() {
    let server = ScriptedServer::answering(|| Reply::redirect(302, "/api/loop")).await;

    let iam = logged_in_client(server.base_url(), 2).await;
    let error = iam
        .users()
        .get_by_id("u1")
        .await
        .expect_err("endless redirects");

    assert_eq!(error.status().map(|status| status.as_u16()), Some(302));
    assert_eq!(
        server.requests().len(),
        3,
        "the first request and two redirects"
    );
    assert_eq!(
        server.requests()[1].method,
        "GET",
        "302 turns a POST into a GET"
    );
}
