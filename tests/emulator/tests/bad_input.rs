//! Malformed requests over real HTTP: 400 answers that say what is wrong without repeating
//! the request's values, and no change to the emulator's state.

mod support;

use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD};
use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde_json::{Value, json};
use support::{Api, Credential, send, system_key};

/// A value that must never come back in an error message.
const MARKER: &str = "s3cr3t-marker";

/// Everything a client can read of the state.
async fn snapshot(api: &Api) -> Value {
    let mut state = serde_json::Map::new();
    for path in [
        "/users/search-users",
        "/tenants/search",
        "/projects/search",
        "/devices/search",
    ] {
        let answer: Value = api.system(path, json!({})).await;
        state.insert(path.to_owned(), answer);
    }
    let role: Value = api
        .system("/roles/get-by-code", json!({"code": "ROLE_USER"}))
        .await;
    state.insert("role".to_owned(), role);
    Value::Object(state)
}

fn raw(
    api: &Api,
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: &str,
) -> RequestBuilder {
    let request = api
        .request(method, path, &system_key())
        .body(body.to_owned());
    match content_type {
        Some(value) => request.header(CONTENT_TYPE, value),
        None => request,
    }
}

const JSON: Option<&str> = Some("application/json");
const FORM: Option<&str> = Some("application/x-www-form-urlencoded");

/// Requests that would change the state if the emulator read them, and what their 400
/// message must say.
fn bad_requests(api: &Api, user_id: &str) -> Vec<(RequestBuilder, &'static str)> {
    let post = || Method::POST;
    let new_email = format!("{MARKER}@example.com");
    vec![
        (
            raw(
                api,
                post(),
                "/auth/register",
                JSON,
                &json!({"name": "n", "email": new_email, "password": MARKER}).to_string(),
            ),
            "form body",
        ),
        (
            raw(
                api,
                post(),
                "/auth/register",
                None,
                &format!("name=n&email={new_email}&password={MARKER}"),
            ),
            "form body",
        ),
        (
            raw(
                api,
                post(),
                "/auth/register",
                FORM,
                &format!("name=n&password={MARKER}"),
            ),
            "missing required field `email`",
        ),
        (
            raw(
                api,
                post(),
                "/devices/register",
                FORM,
                &format!("code={MARKER}"),
            ),
            "JSON body",
        ),
        (
            raw(
                api,
                post(),
                "/devices/register",
                JSON,
                &format!("{{\"code\": \"{MARKER}\""),
            ),
            "not valid JSON",
        ),
        (
            raw(
                api,
                post(),
                "/devices/register",
                JSON,
                &format!("{{\"code\": {MARKER}}}"),
            ),
            "not valid JSON",
        ),
        (
            raw(
                api,
                post(),
                "/devices/register",
                JSON,
                &format!("[\"{MARKER}\"]"),
            ),
            "the body must be a JSON object",
        ),
        (
            raw(
                api,
                post(),
                "/devices/register",
                JSON,
                &format!("{{\"code\": \"{MARKER}\"}} {{}}"),
            ),
            "not valid JSON",
        ),
        (
            raw(
                api,
                post(),
                "/tenants/register",
                JSON,
                &json!({"code": MARKER}).to_string(),
            ),
            "missing required field `name`",
        ),
        (
            raw(
                api,
                Method::PATCH,
                "/devices",
                JSON,
                &json!({"deviceId": "x", "secret": 12345678}).to_string(),
            ),
            "field `secret` has the wrong type",
        ),
        (
            raw(
                api,
                post(),
                "/users/update-user",
                JSON,
                &json!({"userId": user_id, "email": new_email, "active": MARKER}).to_string(),
            ),
            "field `active` has the wrong type",
        ),
        (
            raw(
                api,
                post(),
                "/users/import-user",
                JSON,
                &json!({"id": MARKER, "clearPassword": MARKER}).to_string(),
            ),
            "missing required field `email`",
        ),
        (
            raw(
                api,
                post(),
                "/users/search-users",
                JSON,
                &json!({"pageable": {"page": MARKER}}).to_string(),
            ),
            "field `pageable.page` has the wrong type",
        ),
        (
            raw(
                api,
                post(),
                "/auth/reset-pin",
                FORM,
                &format!("pinCode={MARKER}"),
            ),
            "missing required field `userId`",
        ),
    ]
}

#[tokio::test]
async fn bad_requests_answer_400_say_why_and_change_nothing() {
    let api = Api::start().await;
    let user = api.active_user().await;
    let before = snapshot(&api).await;

    for (request, reason) in bad_requests(&api, &user.id) {
        let (status, body) = send(request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{reason}: {body}");
        assert_eq!(body["responseCode"], "iam.error.bad-request");

        let message = body["message"].as_str().expect("a message");
        assert!(
            message.contains(reason),
            "{message:?} does not say {reason:?}"
        );
        assert!(
            !body.to_string().contains(MARKER),
            "{body} repeats a request value"
        );
        assert!(
            !body.to_string().contains("12345678"),
            "{body} repeats a request value"
        );
    }

    assert_eq!(snapshot(&api).await, before);
}

#[tokio::test]
async fn form_bodies_are_read_with_or_without_a_charset() {
    let api = Api::start().await;
    let body = format!("mail={DEFAULT_ADMIN_EMAIL}&password={DEFAULT_ADMIN_PASSWORD}");

    for content_type in [
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=UTF-8",
        "application/x-www-form-urlencoded;charset=utf-8",
    ] {
        let request = api
            .request(Method::POST, "/auth/login", &Credential::None)
            .header(CONTENT_TYPE, content_type)
            .body(body.clone());
        let (status, answer) = send(request).await;
        assert_eq!(status, StatusCode::OK, "{content_type}");
        assert!(answer["token"].is_string(), "{content_type}");
    }
}

#[tokio::test]
async fn credentials_are_checked_before_the_body() {
    let api = Api::start().await;
    let request = api
        .request(Method::POST, "/tenants/register", &Credential::None)
        .header(CONTENT_TYPE, "application/json")
        .body("not json");
    assert_eq!(send(request).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_paths_and_methods_answer_json_errors() {
    let api = Api::start().await;

    for path in ["/users/no-such-operation", "/nothing", "/auth"] {
        let request = api
            .request(Method::POST, path, &system_key())
            .json(&json!({}));
        let (status, body) = send(request).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["responseCode"], "iam.error.not-found");
    }

    let request = api.request(Method::GET, "/auth/login", &Credential::None);
    let (status, body) = send(request).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["responseCode"], "iam.error.method-not-allowed");
}

#[tokio::test]
async fn the_emulator_shuts_down_cleanly() {
    let api = Api::start().await;
    let addr = api.emulator.addr();
    let (_, body) = send(
        api.request(Method::POST, "/devices/search", &system_key())
            .json(&json!({})),
    )
    .await;
    assert_eq!(body["responseCode"], "ok");

    api.emulator
        .shutdown()
        .await
        .expect("the server stops without error");
    let refused = reqwest::Client::new()
        .post(format!("http://{addr}/api/devices/search"))
        .json(&json!({}))
        .send()
        .await;
    assert!(refused.is_err(), "nothing listens after a shutdown");
}
