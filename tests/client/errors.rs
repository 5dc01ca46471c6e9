//! Every failure becomes a typed error that keeps what matters and leaks nothing.

use std::time::Duration;

use iam_client::{Error, IamClient, types};
use reqwest::StatusCode;

use crate::support;
use crate::support::scripted::{Reply, ScriptedServer};

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("an address");
    drop(listener);

    let iam = IamClient::new(format!("http://{addr}/api")).expect("a valid URL");
    let error = iam
        .users()
        .get_by_id("someone")
        .await
        .expect_err("nobody listens");

    assert!(
        matches!(
            error,
            Error::Transport {
                operation: "get_user_by_id",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert!(!error.is_handled());
    assert_eq!(error.code(), None);
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server = ScriptedServer::answering(|| Reply::Silence).await;
    let iam = IamClient::builder(server.base_url())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("a valid client");

    let error = iam
        .auth()
        .login("a@example.com", "pw")
        .await
        .expect_err("no answer");

    assert!(
        matches!(
            error,
            Error::Timeout {
                operation: "login",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.is_retryable());
    assert_eq!(
        server.requests().len(),
        1,
        "the request did reach the server"
    );
}

#[tokio::test]
async fn a_body_that_is_not_the_contract_is_a_decode_error() {
    let server = ScriptedServer::answering(|| Reply::json("{\"responseCode\": 42}")).await;
    let iam = IamClient::new(server.base_url()).expect("a valid client");

    let error = iam
        .users()
        .get_by_id("someone")
        .await
        .expect_err("undecodable");

    assert!(
        matches!(
            error,
            Error::Decode {
                operation: "get_user_by_id",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[tokio::test]
async fn an_ok_answer_without_its_payload_is_a_decode_error() {
    let server = ScriptedServer::answering(|| Reply::json("{\"responseCode\":\"ok\"}")).await;
    let iam = IamClient::new(server.base_url()).expect("a valid client");

    let error = iam
        .users()
        .get_by_id("someone")
        .await
        .expect_err("no user in the answer");

    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
    assert!(error.to_string().contains("`user`"), "{error}");
}

#[tokio::test]
async fn unknown_statuses_keep_the_status_and_a_short_excerpt() {
    let server = ScriptedServer::answering(|| {
        let page = format!(
            "<html>Internal failure for key s3cr3t-key {}</html>",
            "x".repeat(900)
        );
        Reply::Answer {
            status: 500,
            headers: vec![("content-type".into(), "text/html".into())],
            body: page.into_bytes(),
        }
    })
    .await;
    let iam = IamClient::builder(server.base_url())
        .api_key("s3cr3t-key")
        .build()
        .expect("ok");

    let error = iam
        .roles()
        .get_by_id("role")
        .await
        .expect_err("a server error");

    let Error::Http {
        status,
        body_excerpt,
        ..
    } = &error
    else {
        panic!("expected an HTTP error, got {error:?}");
    };
    assert_eq!(*status, StatusCode::INTERNAL_SERVER_ERROR);
    let excerpt = body_excerpt
        .as_deref()
        .expect("a text body gives an excerpt");
    assert!(excerpt.starts_with("<html>Internal failure"));
    assert!(excerpt.chars().count() <= 201, "the excerpt is short");
    assert!(
        !error.to_string().contains("s3cr3t-key"),
        "the client's key is blanked out"
    );
    assert!(!error.is_handled());
}

#[tokio::test]
async fn a_wrong_base_path_is_an_http_404_from_the_emulator() {
    let emulator = support::emulator().await;
    let wrong = emulator.base_url().replace("/api", "/v2");
    let iam = IamClient::builder(wrong)
        .api_key(iam_emulator::DEFAULT_API_KEY)
        .build()
        .expect("ok");

    let error = iam
        .roles()
        .get_by_id("role")
        .await
        .expect_err("no such path");

    assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
    assert!(matches!(error, Error::Http { .. }), "{error:?}");
}

#[tokio::test]
async fn an_incomplete_request_fails_before_anything_is_sent() {
    let server = ScriptedServer::answering(|| Reply::json("{\"responseCode\":\"ok\"}")).await;
    let iam = IamClient::new(server.base_url()).expect("a valid client");

    let without_code = types::RegisterRoleRequest::builder().name("Editor");
    let error = iam
        .roles()
        .register(without_code)
        .await
        .expect_err("code is required");

    assert!(matches!(error, Error::InvalidArgument(_)), "{error:?}");
    assert!(error.to_string().contains("code"), "{error}");
    assert!(server.requests().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn unknown_fields_in_answers_are_ignored() {
    let server = ScriptedServer::answering(|| {
        Reply::json(
            r#"{"responseCode":"ok","traceId":"t-1","user":{"id":"u1","email":"u1@example.com",
                "lastSeen":"2026-01-01","profile":{"fullName":"U One","nested":{"a":1}}}}"#,
        )
    })
    .await;
    let iam = IamClient::new(server.base_url()).expect("a valid client");

    let user = iam
        .users()
        .get_by_id("u1")
        .await
        .expect("extra fields do no harm");

    assert_eq!(user.email, "u1@example.com");
    assert_eq!(user.profile["fullName"], "U One");
}
