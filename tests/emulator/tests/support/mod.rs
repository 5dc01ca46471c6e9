//! What the emulator's tests share: a running emulator, raw HTTP calls with each kind of
//! credential, and users made through the API itself.

#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};

use iam_client::types::{AuthIdentity, IdResponse, RegisterResponse, TenantResponse};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY, Emulator};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// The password of the users the tests register.
pub const PASSWORD: &str = "correct horse battery staple";

/// The signing key of emulators started by [`Api::start`], so tests can forge tokens.
pub const JWT_SECRET: &str = "emulator-test-signing-key";

/// One credential, or none, to send with a request.
#[derive(Debug, Clone)]
pub enum Credential {
    None,
    Key(String),
    Bearer(String),
    KeyAndBearer(String, String),
}

/// A running emulator and an HTTP client for it.
pub struct Api {
    pub emulator: Emulator,
    http: reqwest::Client,
    base: String,
}

/// A user made through the API, with its password.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub email: String,
}

impl Api {
    /// An emulator with the default settings and [`JWT_SECRET`].
    pub async fn start() -> Self {
        Self::with(Emulator::builder()).await
    }

    /// An emulator from this builder.
    pub async fn with(builder: iam_emulator::EmulatorBuilder) -> Self {
        let emulator = builder
            .jwt_secret(JWT_SECRET)
            .start()
            .await
            .expect("the emulator starts on a free port");
        let base = emulator.base_url();
        Self {
            emulator,
            http: reqwest::Client::new(),
            base,
        }
    }

    /// A request to `path` (relative to the base URL) carrying `credential`.
    pub fn request(&self, method: Method, path: &str, credential: &Credential) -> RequestBuilder {
        let builder = self.http.request(method, format!("{}{path}", self.base));
        match credential {
            Credential::None => builder,
            Credential::Key(key) => builder.header("x-api-key", key),
            Credential::Bearer(token) => builder.bearer_auth(token),
            Credential::KeyAndBearer(key, token) => {
                builder.header("x-api-key", key).bearer_auth(token)
            }
        }
    }

    /// POSTs a JSON body with the system key and expects HTTP 200.
    pub async fn system<B: Serialize, R: DeserializeOwned>(&self, path: &str, body: B) -> R {
        self.system_with(Method::POST, path, body).await
    }

    /// Sends a JSON body with the system key and expects HTTP 200.
    pub async fn system_with<B: Serialize, R: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: B,
    ) -> R {
        let request = self.request(method, path, &system_key()).json(&body);
        expect_ok(request).await
    }

    /// POSTs a form to a public operation and expects HTTP 200.
    pub async fn public_form<B: Serialize, R: DeserializeOwned>(&self, path: &str, form: B) -> R {
        expect_ok(
            self.request(Method::POST, path, &Credential::None)
                .form(&form),
        )
        .await
    }

    /// POSTs a JSON body to a public operation and expects HTTP 200.
    pub async fn public_json<B: Serialize, R: DeserializeOwned>(&self, path: &str, body: B) -> R {
        expect_ok(
            self.request(Method::POST, path, &Credential::None)
                .json(&body),
        )
        .await
    }

    /// Logs in and expects success.
    pub async fn login(&self, email: &str, password: &str) -> AuthIdentity {
        let identity: AuthIdentity = self
            .public_form("/auth/login", &json!({"mail": email, "password": password}))
            .await;
        assert_eq!(
            identity.response_code.as_deref(),
            Some("ok"),
            "login of {email}"
        );
        identity
    }

    /// A fresh token of the seeded administrator.
    pub async fn admin_token(&self) -> String {
        token_of(
            &self
                .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
                .await,
        )
    }

    /// Registers a user with [`PASSWORD`] without activating it.
    pub async fn registered_user(&self) -> TestUser {
        let email = format!("{}@example.com", unique("user"));
        let form = json!({"name": "Test User", "email": email, "password": PASSWORD});
        let response: RegisterResponse = self.public_form("/auth/register", &form).await;
        assert_eq!(response.response_code, "ok");
        let id = response
            .user_id
            .expect("a registration answers the user id");
        TestUser { id, email }
    }

    /// Registers and activates a user with [`PASSWORD`].
    pub async fn active_user(&self) -> TestUser {
        let user = self.registered_user().await;
        let form = json!({"activationCode": &user.id[..6]});
        let response: Value = self.public_form("/auth/activate", &form).await;
        assert_eq!(response["responseCode"], "ok");
        user
    }

    /// A new active user and a token of theirs.
    pub async fn user_with_token(&self) -> (TestUser, String) {
        let user = self.active_user().await;
        let token = token_of(&self.login(&user.email, PASSWORD).await);
        (user, token)
    }

    /// Registers a tenant and answers its id and API key.
    pub async fn tenant(&self) -> (String, String) {
        let body = json!({"code": unique("tenant"), "name": "Test Tenant"});
        let registered: IdResponse = self.system("/tenants/register", &body).await;
        let id = registered.id.expect("a registration answers the id");

        let found: TenantResponse = self
            .system("/tenants/by-id", &json!({"tenantId": id}))
            .await;
        let key = found
            .tenant
            .and_then(|t| t.api_key)
            .expect("a tenant has an API key");
        (id, key.expose().to_owned())
    }
}

/// The system API key of a default emulator.
pub fn system_key() -> Credential {
    Credential::Key(DEFAULT_API_KEY.to_owned())
}

/// The token of a successful login.
pub fn token_of(identity: &AuthIdentity) -> String {
    identity
        .token
        .as_ref()
        .expect("a successful login answers a token")
        .expose()
        .to_owned()
}

/// Sends a request and answers its status and JSON body (`null` when there is none).
pub async fn send(request: RequestBuilder) -> (StatusCode, Value) {
    let response = request.send().await.expect("the emulator answers");
    let status = response.status();
    let text = response.text().await.expect("the body is readable");
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).expect("every answer is JSON")
    };
    (status, body)
}

/// Sends a request, expects HTTP 200 and reads the body as `R`.
pub async fn expect_ok<R: DeserializeOwned>(request: RequestBuilder) -> R {
    let (status, body) = send(request).await;
    assert_eq!(status, StatusCode::OK, "unexpected answer: {body}");
    serde_json::from_value(body).expect("the body has the contract's shape")
}

/// A text no other call of this test binary returns, for codes and e-mail addresses.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}
