//! Devices, PINs and PIN login over real HTTP, with the known-answer vectors of the PIN
//! cipher.

mod support;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use iam_client::Secret;
use iam_client::pin::encrypt_pin;
use iam_client::types::{AuthIdentity, BaseResponse, DeviceResponse, RegisterDeviceResponse};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{Value, json};
use support::{Api, Credential, TestUser, send, system_key, unique};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Vector {
    device_secret: String,
    pin: String,
    encrypted_pin: String,
}

fn vectors() -> Vec<Vector> {
    let text = include_str!("../../data/pin-vectors.json");
    let vectors: Vec<Vector> = serde_json::from_str(text).expect("the vectors are JSON");
    assert!(!vectors.is_empty());
    vectors
}

/// Registers a device through the public operation; answers its code and secret.
async fn register_device(api: &Api) -> (String, String) {
    let code = unique("device");
    let response: RegisterDeviceResponse = api
        .public_json("/auth/register-device", &json!({"code": code}))
        .await;
    assert_eq!(response.response_code, "ok");
    let device = response.device.expect("the device's credentials");
    assert_eq!(device.code, code);
    (code, device.secret.expose().to_owned())
}

/// Replaces a device's secret, as an administrator's tool would.
async fn set_device_secret(api: &Api, code: &str, secret: &str) {
    let found: DeviceResponse = api.system("/devices/by-code", &json!({"code": code})).await;
    let id = found.device.expect("the device").id;
    let body = json!({"deviceId": id, "secret": secret});
    let response: BaseResponse = api.system_with(Method::PATCH, "/devices", &body).await;
    assert_eq!(response.response_code, "ok");
}

async fn reset_pin(api: &Api, user: &TestUser, pin: &str) -> String {
    let form = json!({"userId": user.id, "pinCode": pin});
    let request = api
        .request(Method::POST, "/auth/reset-pin", &system_key())
        .form(&form);
    let (_, body) = send(request).await;
    body["responseCode"]
        .as_str()
        .expect("a response code")
        .to_owned()
}

async fn pin_login(api: &Api, device_code: &str, encrypted_pin: &str) -> AuthIdentity {
    let body = json!({"deviceCode": device_code, "encryptedPin": encrypted_pin});
    api.public_json("/auth/pin-login", &body).await
}

fn encrypt(pin: &str, secret: &str) -> String {
    encrypt_pin(&Secret::from(pin), &Secret::from(secret))
        .expect("the OS random generator works")
        .expose()
        .to_owned()
}

#[tokio::test]
async fn every_vector_logs_its_pins_owner_in() {
    let api = Api::start().await;

    for vector in vectors() {
        let user = api.active_user().await;
        assert_eq!(reset_pin(&api, &user, &vector.pin).await, "ok");
        let (code, _) = register_device(&api).await;
        set_device_secret(&api, &code, &vector.device_secret).await;

        let identity = pin_login(&api, &code, &vector.encrypted_pin).await;
        assert_eq!(
            identity.response_code.as_deref(),
            Some("ok"),
            "PIN {:?}",
            vector.pin
        );
        assert_eq!(identity.user.expect("a user").id, user.id);
        assert!(identity.token.is_some());
    }
}

#[tokio::test]
async fn a_pin_encrypted_with_the_issued_secret_logs_in() {
    let api = Api::start().await;
    let user = api.active_user().await;
    assert_eq!(reset_pin(&api, &user, "4242").await, "ok");
    let (code, secret) = register_device(&api).await;

    let identity = pin_login(&api, &code, &encrypt("4242", &secret)).await;
    assert_eq!(identity.user.expect("a user").email, user.email);
}

#[tokio::test]
async fn a_wrong_pin_is_refused() {
    let api = Api::start().await;
    let user = api.active_user().await;
    assert_eq!(reset_pin(&api, &user, "4242").await, "ok");
    let (code, secret) = register_device(&api).await;

    for attempt in [encrypt("4243", &secret), encrypt("4242", "another secret")] {
        let identity = pin_login(&api, &code, &attempt).await;
        assert_eq!(
            identity.response_code.as_deref(),
            Some("iam.error.invalid-pin")
        );
        assert!(identity.token.is_none() && identity.user.is_none());
    }
}

#[tokio::test]
async fn a_tampered_ciphertext_is_refused() {
    let api = Api::start().await;
    let vector = &vectors()[0];
    let user = api.active_user().await;
    assert_eq!(reset_pin(&api, &user, &vector.pin).await, "ok");
    let (code, _) = register_device(&api).await;
    set_device_secret(&api, &code, &vector.device_secret).await;

    let envelope = BASE64.decode(&vector.encrypted_pin).expect("Base64");
    let envelope = String::from_utf8(envelope).expect("UTF-8");
    let (head, ciphertext) = envelope.rsplit_once("::").expect("three parts");
    let mut bytes = BASE64.decode(ciphertext).expect("Base64 ciphertext");
    bytes[0] ^= 0x01;
    let flipped = BASE64.encode(format!("{head}::{}", BASE64.encode(bytes)));

    for tampered in [flipped, "bm90IGFuIGVudmVsb3Bl".to_owned(), "%%%".to_owned()] {
        let identity = pin_login(&api, &code, &tampered).await;
        assert_eq!(
            identity.response_code.as_deref(),
            Some("iam.error.invalid-pin")
        );
        assert!(identity.token.is_none());
    }
}

#[tokio::test]
async fn an_unknown_device_is_not_registered() {
    let api = Api::start().await;
    let identity = pin_login(&api, "no-such-device", &encrypt("1", "s")).await;
    assert_eq!(
        identity.response_code.as_deref(),
        Some("iam.error.device-not-registered")
    );
}

#[tokio::test]
async fn a_pin_identifies_one_user() {
    let api = Api::start().await;
    let first = api.active_user().await;
    let second = api.active_user().await;

    assert_eq!(reset_pin(&api, &first, "7777").await, "ok");
    assert_eq!(
        reset_pin(&api, &second, "7777").await,
        "iam.error.pin-already-used"
    );
    assert_eq!(reset_pin(&api, &first, "7777").await, "ok");

    let unknown = TestUser {
        id: "no-such-user".to_owned(),
        email: String::new(),
    };
    assert_eq!(
        reset_pin(&api, &unknown, "8888").await,
        "iam.error.user-not-found"
    );
}

#[tokio::test]
async fn an_inactive_pin_owner_cannot_log_in() {
    let api = Api::start().await;
    let user = api.active_user().await;
    assert_eq!(reset_pin(&api, &user, "5150").await, "ok");
    let (code, secret) = register_device(&api).await;
    let _: Value = api
        .system("/users/disable-user", &json!({"userId": user.id}))
        .await;

    let identity = pin_login(&api, &code, &encrypt("5150", &secret)).await;
    assert_eq!(
        identity.response_code.as_deref(),
        Some("iam.error.user-not-active")
    );
}

#[tokio::test]
async fn both_registrations_make_the_same_kind_of_device() {
    let api = Api::start().await;
    let (public_code, public_secret) = register_device(&api).await;

    let code = unique("device");
    let created: DeviceResponse = api
        .system("/devices/register", &json!({"code": code}))
        .await;
    let created = created.device.expect("the device");
    let secret = created.secret.expect("a generated secret");
    assert!(!secret.expose().is_empty());
    assert!(created.registration_date.is_some());

    let found: DeviceResponse = api
        .system("/devices/by-code", &json!({"code": public_code}))
        .await;
    let found = found.device.expect("the device");
    assert_eq!(found.secret.expect("a secret").expose(), public_secret);
    assert!(found.registration_date.is_some());
    assert_ne!(public_secret, secret.expose());

    for path in ["/auth/register-device", "/devices/register"] {
        let request = api.request(Method::POST, path, &system_key());
        let (_, body) = send(request.json(&json!({"code": code}))).await;
        assert_eq!(
            body["responseCode"], "iam.error.device-already-exists",
            "{path}"
        );
    }
}

#[tokio::test]
async fn reset_pin_needs_an_administrator() {
    let api = Api::start().await;
    let (user, token) = api.user_with_token().await;
    let form = json!({"userId": user.id, "pinCode": "1111"});

    let request = api.request(Method::POST, "/auth/reset-pin", &Credential::Bearer(token));
    assert_eq!(
        send(request.form(&form)).await.0,
        reqwest::StatusCode::FORBIDDEN
    );

    let admin = Credential::Bearer(api.admin_token().await);
    let request = api.request(Method::POST, "/auth/reset-pin", &admin);
    let (_, body) = send(request.form(&form)).await;
    assert_eq!(body["responseCode"], "ok");
}
