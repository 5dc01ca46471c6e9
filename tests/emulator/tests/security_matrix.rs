//! Every operation of the contract against every kind of credential, over real HTTP.
//!
//! Each operation gets a body that is valid and harmless (mostly unknown ids), so that the
//! HTTP status says only what the security chain decided.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{Api, Credential, PASSWORD, TestUser, send, token_of, unique};

/// Which credentials an operation accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    Public,
    Me,
    Admin,
    SystemOnly,
    Resources,
}

#[derive(Debug, Clone)]
enum Body {
    Form(Value),
    Json(Value),
}

#[derive(Debug, Clone)]
struct Operation {
    method: Method,
    path: &'static str,
    chain: Chain,
    body: Body,
}

/// What the requests need: a user, tokens of all kinds, a tenant's key.
struct Fixture {
    user: TestUser,
    user_token: String,
    admin_token: String,
    expired_token: String,
    tenant_key: String,
}

/// The credentials every operation is called with, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Nothing,
    SystemKey,
    TenantKey,
    UserBearer,
    AdminBearer,
    ExpiredBearer,
    WrongKey,
    WrongKeyAndAdminBearer,
    SystemKeyAndExpiredBearer,
    SystemKeyAndUserBearer,
}

const CALLERS: [Caller; 10] = [
    Caller::Nothing,
    Caller::SystemKey,
    Caller::TenantKey,
    Caller::UserBearer,
    Caller::AdminBearer,
    Caller::ExpiredBearer,
    Caller::WrongKey,
    Caller::WrongKeyAndAdminBearer,
    Caller::SystemKeyAndExpiredBearer,
    Caller::SystemKeyAndUserBearer,
];

const OK: StatusCode = StatusCode::OK;
const UNAUTHORIZED: StatusCode = StatusCode::UNAUTHORIZED;
const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;

/// The status a chain answers a caller with: the rules of the emulator's security chains.
fn expected(chain: Chain, caller: Caller) -> StatusCode {
    use Caller::*;

    match (chain, caller) {
        (Chain::Public, _) => OK,
        (_, Nothing | ExpiredBearer | WrongKey | WrongKeyAndAdminBearer) => UNAUTHORIZED,
        (_, SystemKeyAndExpiredBearer) => UNAUTHORIZED,
        (Chain::Me, UserBearer | AdminBearer | SystemKeyAndUserBearer) => OK,
        (Chain::Me, SystemKey | TenantKey) => UNAUTHORIZED,
        (Chain::Admin, SystemKey | AdminBearer | SystemKeyAndUserBearer) => OK,
        (Chain::Admin, TenantKey | UserBearer) => FORBIDDEN,
        (Chain::SystemOnly, SystemKey | SystemKeyAndUserBearer) => OK,
        (Chain::SystemOnly, TenantKey | UserBearer | AdminBearer) => FORBIDDEN,
        (Chain::Resources, _) => OK,
    }
}

impl Fixture {
    fn credential(&self, caller: Caller) -> Credential {
        let system = || DEFAULT_API_KEY.to_owned();
        let wrong = || "not-a-key".to_owned();

        match caller {
            Caller::Nothing => Credential::None,
            Caller::SystemKey => Credential::Key(system()),
            Caller::TenantKey => Credential::Key(self.tenant_key.clone()),
            Caller::UserBearer => Credential::Bearer(self.user_token.clone()),
            Caller::AdminBearer => Credential::Bearer(self.admin_token.clone()),
            Caller::ExpiredBearer => Credential::Bearer(self.expired_token.clone()),
            Caller::WrongKey => Credential::Key(wrong()),
            Caller::WrongKeyAndAdminBearer => {
                Credential::KeyAndBearer(wrong(), self.admin_token.clone())
            }
            Caller::SystemKeyAndExpiredBearer => {
                Credential::KeyAndBearer(system(), self.expired_token.clone())
            }
            Caller::SystemKeyAndUserBearer => {
                Credential::KeyAndBearer(system(), self.user_token.clone())
            }
        }
    }
}

fn form(body: Value) -> Body {
    Body::Form(body)
}

fn json(body: Value) -> Body {
    Body::Json(body)
}

/// Every operation of the contract, with a body that leaves the state usable.
fn operations(fixture: &Fixture) -> Vec<Operation> {
    use Chain::*;

    let op = |method: Method, path: &'static str, chain: Chain, body: Body| Operation {
        method,
        path,
        chain,
        body,
    };
    let post = |path, chain, body| op(Method::POST, path, chain, body);
    let user_id = || json!({"userId": "no-such-user"});
    let tenant_id = || json!({"tenantId": "no-such-tenant"});
    let project_id = || json!({"projectId": "no-such-project"});
    let device_id = || json!({"deviceId": "no-such-device"});
    let role_id = || json!({"id": "no-such-role"});

    vec![
        // /auth
        post(
            "/auth/login",
            Public,
            form(json!({"mail": DEFAULT_ADMIN_EMAIL, "password": DEFAULT_ADMIN_PASSWORD})),
        ),
        post(
            "/auth/register",
            Public,
            form(json!({"name": "M", "email": "matrix@example.com", "password": "pw"})),
        ),
        post(
            "/auth/activate",
            Public,
            form(json!({"activationCode": "zzzzzz"})),
        ),
        post(
            "/auth/recover",
            Public,
            form(json!({"email": "nobody@example.com"})),
        ),
        post(
            "/auth/third-party-login",
            Public,
            form(json!({"provider": "google", "payload": "{\"email\":\"g@example.com\"}"})),
        ),
        post(
            "/auth/token-login",
            Public,
            form(json!({"token": fixture.admin_token})),
        ),
        post(
            "/auth/register-device",
            Public,
            json(json!({"code": "matrix-device"})),
        ),
        post(
            "/auth/pin-login",
            Public,
            json(json!({"deviceCode": "no-such-device", "encryptedPin": "AAAA"})),
        ),
        post(
            "/auth/change-password",
            Me,
            form(json!({"currentPassword": "wrong", "password": "new"})),
        ),
        post(
            "/auth/impersonate",
            Admin,
            form(json!({"id": fixture.user.id})),
        ),
        post(
            "/auth/reset-pin",
            Admin,
            form(json!({"userId": "no-such-user", "pinCode": "1"})),
        ),
        post(
            "/auth/update-profile",
            Me,
            json(json!({"data": {"city": "Rome"}})),
        ),
        // /users
        post("/users/get-user-by-id", Resources, json(user_id())),
        post(
            "/users/get-user-by-email",
            Resources,
            json(json!({"email": "x@example.com"})),
        ),
        post("/users/search-users", Resources, json(json!({}))),
        post("/users/update-user", Resources, json(user_id())),
        post(
            "/users/update-user-roles",
            Resources,
            json(json!({"userId": "no-such-user", "roles": []})),
        ),
        post("/users/delete-user", Resources, json(user_id())),
        post("/users/enable-user", Resources, json(user_id())),
        post("/users/disable-user", Resources, json(user_id())),
        post(
            "/users/import-user",
            Resources,
            json(json!({"email": DEFAULT_ADMIN_EMAIL})),
        ),
        post(
            "/users/add-user-to-tenant",
            Resources,
            json(json!({"userId": "no-such-user", "tenantId": "t"})),
        ),
        post(
            "/users/remove-user-from-tenant",
            Resources,
            json(json!({"userId": "no-such-user", "tenantId": "t"})),
        ),
        post(
            "/users/set-user-tenants",
            Resources,
            json(json!({"userId": "no-such-user", "tenantIds": []})),
        ),
        post(
            "/users/set-tenant",
            Resources,
            json(json!({"userId": "no-such-user", "tenantId": "t"})),
        ),
        post(
            "/users/set-project",
            Resources,
            json(json!({"userId": "no-such-user", "projectId": "p"})),
        ),
        // /tenants
        post("/tenants/search", SystemOnly, json(json!({}))),
        post("/tenants/by-id", SystemOnly, json(tenant_id())),
        post(
            "/tenants/by-key",
            SystemOnly,
            json(json!({"code": "no-such-code"})),
        ),
        post(
            "/tenants/register",
            SystemOnly,
            json(json!({"code": "matrix-tenant", "name": "M"})),
        ),
        post(
            "/tenants/import",
            SystemOnly,
            json(json!({"code": "matrix-tenant", "name": "M"})),
        ),
        op(Method::PATCH, "/tenants", SystemOnly, json(tenant_id())),
        op(Method::DELETE, "/tenants", SystemOnly, json(tenant_id())),
        // /projects
        post("/projects/search", Resources, json(json!({}))),
        post("/projects/by-id", Resources, json(project_id())),
        post(
            "/projects/by-key",
            Resources,
            json(json!({"code": "no-such-code"})),
        ),
        post(
            "/projects/register",
            Resources,
            json(json!({"code": "matrix-project", "name": "M"})),
        ),
        post(
            "/projects/import",
            Resources,
            json(json!({"code": "matrix-project", "name": "M"})),
        ),
        op(Method::PATCH, "/projects", Resources, json(project_id())),
        op(Method::DELETE, "/projects", Resources, json(project_id())),
        // /roles
        post(
            "/roles/register",
            Resources,
            json(json!({"code": "MATRIX_ROLE", "name": "M"})),
        ),
        post("/roles/update", Resources, json(role_id())),
        post("/roles/delete", Resources, json(role_id())),
        post("/roles/get-by-id", Resources, json(role_id())),
        post(
            "/roles/get-by-code",
            Resources,
            json(json!({"code": "NO_SUCH_ROLE"})),
        ),
        // /devices
        post(
            "/devices/register",
            Resources,
            json(json!({"code": "matrix-device"})),
        ),
        post(
            "/devices/by-code",
            Resources,
            json(json!({"code": "no-such-device"})),
        ),
        post("/devices/by-id", Resources, json(device_id())),
        op(Method::PATCH, "/devices", Resources, json(device_id())),
        post("/devices/search", Resources, json(json!({}))),
        op(Method::DELETE, "/devices", Resources, json(device_id())),
    ]
}

/// The `(method, path)` of every operation in the OpenAPI contract.
fn contract_operations() -> BTreeSet<(String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/iam.yaml");
    let text = std::fs::read_to_string(path).expect("the contract is readable");
    let spec: openapiv3::OpenAPI = serde_yaml_ng::from_str(&text).expect("the contract parses");

    let mut operations = BTreeSet::new();
    for (path, item) in &spec.paths.paths {
        let item = item.as_item().expect("paths are written inline");
        for (method, _) in item.iter() {
            operations.insert((method.to_uppercase(), path.clone()));
        }
    }
    operations
}

/// A user and administrator whose tokens have expired, then fresh tokens of both.
async fn fixture(api: &Api) -> Fixture {
    let (user, expired_token) = api.user_with_token().await;
    api.emulator
        .advance_clock(iam_emulator::DEFAULT_TOKEN_TTL + Duration::from_secs(1));

    let user_token = token_of(&api.login(&user.email, PASSWORD).await);
    let admin_token = api.admin_token().await;
    let (_, tenant_key) = api.tenant().await;

    Fixture {
        user,
        user_token,
        admin_token,
        expired_token,
        tenant_key,
    }
}

async fn call(api: &Api, operation: &Operation, credential: &Credential) -> (StatusCode, Value) {
    let request = api.request(operation.method.clone(), operation.path, credential);
    let request = match &operation.body {
        Body::Form(body) => request.form(body),
        Body::Json(body) => request.json(body),
    };
    send(request).await
}

#[tokio::test]
async fn the_operation_list_is_the_contract() {
    let api = Api::start().await;
    let fixture = fixture(&api).await;

    let listed: BTreeSet<(String, String)> = operations(&fixture)
        .iter()
        .map(|op| (op.method.to_string(), op.path.to_owned()))
        .collect();

    assert_eq!(operations(&fixture).len(), 51);
    assert_eq!(listed.len(), 51, "an operation is listed twice");
    assert_eq!(listed, contract_operations());
}

#[tokio::test]
async fn every_operation_answers_every_credential_as_its_chain_says() {
    let api = Api::start().await;
    let fixture = fixture(&api).await;
    let mut mismatches = Vec::new();

    for operation in operations(&fixture) {
        for caller in CALLERS {
            let (status, body) = call(&api, &operation, &fixture.credential(caller)).await;
            let want = expected(operation.chain, caller);
            if status != want {
                mismatches.push(format!(
                    "{} {} with {caller:?}: {status} (wanted {want}) {body}",
                    operation.method, operation.path
                ));
            }
            if status == OK {
                assert!(
                    body.get("responseCode").is_some(),
                    "{} {body}",
                    operation.path
                );
            }
        }
    }

    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[tokio::test]
async fn refusals_carry_a_json_error_code() {
    let api = Api::start().await;
    let fixture = fixture(&api).await;
    let operations = operations(&fixture);
    let tenants = operations
        .iter()
        .find(|op| op.path == "/tenants/search")
        .expect("listed");

    let (status, body) = call(&api, tenants, &Credential::None).await;
    assert_eq!(status, UNAUTHORIZED);
    assert_eq!(body["responseCode"], "iam.error.unauthorized");

    let (status, body) = call(&api, tenants, &fixture.credential(Caller::AdminBearer)).await;
    assert_eq!(status, FORBIDDEN);
    assert_eq!(body["responseCode"], "iam.error.not-authorized");
}

#[tokio::test]
async fn a_bearer_of_a_disabled_or_deleted_user_is_refused() {
    let api = Api::start().await;
    let (disabled, disabled_token) = api.user_with_token().await;
    let (deleted, deleted_token) = api.user_with_token().await;

    let _: Value = api
        .system("/users/disable-user", &json!({"userId": disabled.id}))
        .await;
    let _: Value = api
        .system("/users/delete-user", &json!({"userId": deleted.id}))
        .await;

    for token in [disabled_token, deleted_token] {
        let request = api
            .request(
                Method::POST,
                "/users/search-users",
                &Credential::Bearer(token),
            )
            .json(&json!({}));
        let (status, _) = send(request).await;
        assert_eq!(status, UNAUTHORIZED);
    }
}

#[tokio::test]
async fn tampered_and_foreign_tokens_are_refused() {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let api = Api::start().await;
    let (user, token) = api.user_with_token().await;
    let admin_id = api
        .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
        .await
        .user
        .expect("user")
        .id;

    // The user's token, rewritten to name the administrator, with the user's signature.
    let parts: Vec<&str> = token.split('.').collect();
    let claims = URL_SAFE_NO_PAD
        .decode(parts[1])
        .expect("the payload is Base64");
    let claims = String::from_utf8(claims)
        .expect("the payload is UTF-8")
        .replace(&user.id, &admin_id);
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        URL_SAFE_NO_PAD.encode(claims),
        parts[2]
    );

    // A token for the administrator, well formed but signed with another key.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let foreign = jsonwebtoken::encode(
        &jsonwebtoken::Header::default(),
        &json!({"sub": admin_id, "iat": now, "exp": now + 600, "jti": "x"}),
        &jsonwebtoken::EncodingKey::from_secret(b"another-key").expect("a key"),
    )
    .expect("a token");

    for token in [tampered, foreign, "not a token".to_owned()] {
        let request = api
            .request(
                Method::POST,
                "/auth/impersonate",
                &Credential::Bearer(token.clone()),
            )
            .form(&json!({"id": user.id}));
        assert_eq!(send(request).await.0, UNAUTHORIZED);

        let request = api
            .request(Method::POST, "/auth/token-login", &Credential::None)
            .form(&json!({"token": token}));
        assert_eq!(send(request).await.0, UNAUTHORIZED);
    }
}

#[tokio::test]
async fn a_tenant_key_of_a_deleted_tenant_is_refused() {
    let api = Api::start().await;
    let (tenant_id, key) = api.tenant().await;
    let _: Value = api
        .system_with(Method::DELETE, "/tenants", &json!({"tenantId": tenant_id}))
        .await;

    let request = api
        .request(Method::POST, "/devices/search", &Credential::Key(key))
        .json(&json!({}));
    assert_eq!(send(request).await.0, UNAUTHORIZED);
}

#[tokio::test]
async fn the_system_key_beside_a_bearer_acts_on_the_bearers_user() {
    let api = Api::start().await;
    let (user, token) = api.user_with_token().await;
    let credential = Credential::KeyAndBearer(DEFAULT_API_KEY.to_owned(), token);

    let request = api
        .request(Method::POST, "/auth/update-profile", &credential)
        .json(&json!({"data": {"city": unique("city")}}));
    let (status, body) = send(request).await;
    assert_eq!((status, body["responseCode"].as_str()), (OK, Some("ok")));

    let found: Value = api
        .system("/users/get-user-by-id", &json!({"userId": user.id}))
        .await;
    assert!(
        found["user"]["profile"]["city"]
            .as_str()
            .is_some_and(|c| c.starts_with("city"))
    );
}

#[tokio::test]
async fn an_authorization_header_of_another_scheme_is_refused() {
    let api = Api::start().await;
    let (_, token) = api.user_with_token().await;

    for value in [format!("Basic {token}"), token.clone(), "Bearer".to_owned()] {
        let request = api
            .request(Method::POST, "/users/search-users", &Credential::None)
            .header("authorization", value)
            .json(&json!({}));
        assert_eq!(send(request).await.0, UNAUTHORIZED);
    }

    let request = api
        .request(Method::POST, "/users/search-users", &Credential::None)
        .header("authorization", format!("bearer {token}"))
        .json(&json!({}));
    assert_eq!(send(request).await.0, OK, "the scheme is read without case");
}
