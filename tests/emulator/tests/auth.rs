//! The `/auth/**` behaviours over real HTTP: registration, activation, logins, recovery,
//! passwords, profiles, impersonation, third-party logins and token lifetimes.

mod support;

use std::time::Duration;

use iam_client::types::{AuthIdentity, BaseResponse, Permissions, RegisterResponse, UserResponse};
use iam_emulator::{
    ADMIN_PERMISSIONS, DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, Emulator, ROLE_ADMIN,
    ROLE_USER, USER_PERMISSIONS,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{Api, Credential, JWT_SECRET, PASSWORD, send, system_key, token_of, unique};

fn permissions(identity: &AuthIdentity) -> Vec<String> {
    match identity
        .permissions
        .as_ref()
        .expect("a login lists permissions")
    {
        Permissions::Array(list) => list.clone(),
        Permissions::String(text) => text.split(',').map(str::to_owned).collect(),
    }
}

fn sorted(list: &[&str]) -> Vec<String> {
    let mut list: Vec<String> = list.iter().map(|&p| p.to_owned()).collect();
    list.sort();
    list
}

async fn login_status(api: &Api, email: &str, password: &str) -> (StatusCode, Value) {
    let form = json!({"mail": email, "password": password});
    send(
        api.request(Method::POST, "/auth/login", &Credential::None)
            .form(&form),
    )
    .await
}

#[tokio::test]
async fn register_activate_login() {
    let api = Api::start().await;
    let user = api.registered_user().await;

    let (status, body) = login_status(&api, &user.email, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["responseCode"], "iam.error.user-not-active");
    assert!(body.get("token").is_none());

    let activated: BaseResponse = api
        .public_form("/auth/activate", &json!({"activationCode": &user.id[..6]}))
        .await;
    assert_eq!(activated.response_code, "ok");

    let identity = api.login(&user.email, PASSWORD).await;
    let logged_in = identity.user.as_ref().expect("the identity names the user");
    assert_eq!(logged_in.id, user.id);
    assert_eq!(logged_in.email, user.email);
    assert_eq!(logged_in.name.as_deref(), Some("Test User"));
    assert_eq!(logged_in.roles, vec![ROLE_USER.to_owned()]);
    assert_eq!(logged_in.active, Some(true));
    assert_eq!(permissions(&identity), sorted(USER_PERMISSIONS));
    assert!(!USER_PERMISSIONS.is_empty());
    assert_eq!(identity.need_to_change_password, Some(false));
}

#[tokio::test]
async fn the_administrator_is_seeded_with_its_role() {
    let api = Api::with(Emulator::builder().admin("root@example.com", "s3cret")).await;

    let identity = api.login("root@example.com", "s3cret").await;
    let admin = identity.user.as_ref().expect("a user");
    assert_eq!(admin.roles, vec![ROLE_ADMIN.to_owned()]);
    assert_eq!(permissions(&identity), sorted(ADMIN_PERMISSIONS));

    let (status, _) = login_status(&api, DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_wrong_activation_code_is_refused_and_activates_nobody() {
    let api = Api::start().await;
    let user = api.registered_user().await;
    let wrong = if user.id.starts_with("000000") {
        "111111"
    } else {
        "000000"
    };

    for code in [wrong, &user.id[..5], &user.id, ""] {
        let response: BaseResponse = api
            .public_form("/auth/activate", &json!({"activationCode": code}))
            .await;
        assert_eq!(
            response.response_code, "iam.error.bad-activation-code",
            "{code:?}"
        );
    }

    let (_, body) = login_status(&api, &user.email, PASSWORD).await;
    assert_eq!(body["responseCode"], "iam.error.user-not-active");
}

#[tokio::test]
async fn an_activation_code_works_once() {
    let api = Api::start().await;
    let user = api.active_user().await;

    let again: BaseResponse = api
        .public_form("/auth/activate", &json!({"activationCode": &user.id[..6]}))
        .await;
    assert_eq!(again.response_code, "iam.error.bad-activation-code");
}

#[tokio::test]
async fn a_disabled_user_cannot_reactivate_with_its_code() {
    let api = Api::start().await;
    let user = api.active_user().await;
    let _: Value = api
        .system("/users/disable-user", &json!({"userId": user.id}))
        .await;

    let response: BaseResponse = api
        .public_form("/auth/activate", &json!({"activationCode": &user.id[..6]}))
        .await;
    assert_eq!(response.response_code, "iam.error.bad-activation-code");

    let (_, body) = login_status(&api, &user.email, PASSWORD).await;
    assert_eq!(body["responseCode"], "iam.error.user-not-active");
}

#[tokio::test]
async fn bad_credentials_answer_401() {
    let api = Api::start().await;
    let user = api.active_user().await;

    let (status, body) = login_status(&api, &user.email, "wrong password").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(!body.to_string().contains("wrong password"));

    let (status, _) = login_status(&api, "nobody@example.com", PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn e_mail_addresses_are_compared_without_case() {
    let api = Api::start().await;
    let user = api.active_user().await;

    let identity = api.login(&user.email.to_uppercase(), PASSWORD).await;
    assert_eq!(identity.user.expect("a user").id, user.id);

    let form = json!({"name": "Twin", "email": user.email.to_uppercase(), "password": "x"});
    let response: RegisterResponse = api.public_form("/auth/register", &form).await;
    assert_eq!(response.response_code, "iam.error.user-already-exists");
    assert!(response.user_id.is_none());
}

#[tokio::test]
async fn recovery_answers_a_new_password_in_debug_mode() {
    let api = Api::start().await;
    let user = api.active_user().await;

    let response: BaseResponse = api
        .public_form("/auth/recover", &json!({"email": user.email}))
        .await;
    assert_eq!(response.response_code, "ok");
    let new_password = response
        .new_password
        .expect("debug mode answers the password");

    let (status, _) = login_status(&api, &user.email, PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let identity = api.login(&user.email, new_password.expose()).await;
    assert_eq!(identity.need_to_change_password, Some(true));

    let unknown: BaseResponse = api
        .public_form("/auth/recover", &json!({"email": "nobody@example.com"}))
        .await;
    assert_eq!(unknown.response_code, "iam.error.user-not-found");
}

#[tokio::test]
async fn recovery_keeps_the_password_secret_outside_debug_mode() {
    let api = Api::with(Emulator::builder().debug(false)).await;
    let user = api.active_user().await;

    let response: Value = api
        .public_form("/auth/recover", &json!({"email": user.email}))
        .await;
    assert_eq!(response, json!({"responseCode": "ok"}));
}

#[tokio::test]
async fn change_password_acts_on_the_bearers_user() {
    let api = Api::start().await;
    let (user, token) = api.user_with_token().await;
    let bearer = Credential::Bearer(token);
    let change = |current: &str| json!({"currentPassword": current, "password": "brand new"});

    let request = api.request(Method::POST, "/auth/change-password", &bearer);
    let (_, body) = send(request.form(&change("not it"))).await;
    assert_eq!(body["responseCode"], "iam.error.bad-current-password");
    api.login(&user.email, PASSWORD).await;

    let request = api.request(Method::POST, "/auth/change-password", &bearer);
    let (_, body) = send(request.form(&change(PASSWORD))).await;
    assert_eq!(body["responseCode"], "ok");

    let (status, _) = login_status(&api, &user.email, PASSWORD).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let identity = api.login(&user.email, "brand new").await;
    assert_eq!(identity.need_to_change_password, Some(false));
}

#[tokio::test]
async fn update_profile_merges_the_data_and_sets_the_name() {
    let api = Api::start().await;
    let (user, token) = api.user_with_token().await;
    let bearer = Credential::Bearer(token);

    for data in [
        json!({"city": "Rome"}),
        json!({"name": "Ada", "fullName": "Ada L."}),
    ] {
        let request = api.request(Method::POST, "/auth/update-profile", &bearer);
        let (status, body) = send(request.json(&json!({"data": data}))).await;
        assert_eq!(
            (status, body["responseCode"].as_str()),
            (StatusCode::OK, Some("ok"))
        );
    }

    let found: UserResponse = api
        .system("/users/get-user-by-id", &json!({"userId": user.id}))
        .await;
    let found = found.user.expect("the user");
    assert_eq!(found.name.as_deref(), Some("Ada"));
    assert_eq!(found.profile["city"], "Rome");
    assert_eq!(found.profile["fullName"], "Ada L.");
}

#[tokio::test]
async fn token_login_answers_a_fresh_token_for_the_same_user() {
    let api = Api::start().await;
    let (user, token) = api.user_with_token().await;

    let identity: AuthIdentity = api
        .public_form("/auth/token-login", &json!({"token": token}))
        .await;
    assert_eq!(identity.response_code.as_deref(), Some("ok"));
    assert_eq!(identity.user.as_ref().expect("a user").id, user.id);
    let fresh = token_of(&identity);
    assert_ne!(fresh, token);

    let request = api
        .request(Method::POST, "/auth/token-login", &Credential::None)
        .form(&json!({"token": "garbage"}));
    assert_eq!(send(request).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn tokens_carry_the_configured_lifetime_and_then_expire() {
    let ttl = Duration::from_secs(600);
    let api = Api::with(Emulator::builder().token_ttl(ttl)).await;
    let (_, token) = api.user_with_token().await;

    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.validate_exp = false;
    let key = jsonwebtoken::DecodingKey::from_secret(JWT_SECRET.as_bytes()).expect("a key");
    let claims = jsonwebtoken::decode::<Value>(&token, &key, &validation)
        .expect("an HS256 JWT signed with the configured key")
        .claims;
    let lifetime = claims["exp"].as_u64().expect("exp") - claims["iat"].as_u64().expect("iat");
    assert_eq!(lifetime, ttl.as_secs());

    let search = |token: &str| {
        api.request(
            Method::POST,
            "/users/search-users",
            &Credential::Bearer(token.to_owned()),
        )
        .json(&json!({}))
    };

    // Well inside the lifetime, however slowly this test runs, the token still opens doors.
    api.emulator.advance_clock(ttl - Duration::from_secs(60));
    assert_eq!(send(search(&token)).await.0, StatusCode::OK);

    api.emulator.advance_clock(Duration::from_secs(60));
    assert_eq!(send(search(&token)).await.0, StatusCode::UNAUTHORIZED);
    let request = api
        .request(Method::POST, "/auth/token-login", &Credential::None)
        .form(&json!({"token": token}));
    assert_eq!(send(request).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn impersonation_answers_the_users_identity() {
    let api = Api::start().await;
    let user = api.active_user().await;
    let admin = Credential::Bearer(api.admin_token().await);

    let request = api.request(Method::POST, "/auth/impersonate", &admin);
    let (status, body) = send(request.form(&json!({"id": user.id}))).await;
    assert_eq!(status, StatusCode::OK);
    let identity: AuthIdentity = serde_json::from_value(body).expect("an identity");
    assert_eq!(identity.user.as_ref().expect("a user").email, user.email);
    assert_eq!(permissions(&identity), sorted(USER_PERMISSIONS));

    // The token is the user's: "me" operations act on them.
    let as_user = Credential::Bearer(token_of(&identity));
    let request = api.request(Method::POST, "/auth/update-profile", &as_user);
    let (_, body) = send(request.json(&json!({"data": {"name": "Impersonated"}}))).await;
    assert_eq!(body["responseCode"], "ok");
    let found: UserResponse = api
        .system("/users/get-user-by-id", &json!({"userId": user.id}))
        .await;
    assert_eq!(
        found.user.expect("a user").name.as_deref(),
        Some("Impersonated")
    );

    let request = api.request(Method::POST, "/auth/impersonate", &system_key());
    let (_, body) = send(request.form(&json!({"id": "no-such-user"}))).await;
    assert_eq!(body["responseCode"], "iam.error.user-not-found");
}

#[tokio::test]
async fn third_party_login_trusts_the_payloads_e_mail_address() {
    let api = Api::start().await;
    let email = format!("{}@gmail.example", unique("google"));
    let payload = json!({"email": email, "name": "Grace"}).to_string();
    let third_party = |provider: &str, payload: &str| {
        let form = json!({"provider": provider, "payload": payload});
        let request = api.request(Method::POST, "/auth/third-party-login", &Credential::None);
        support::expect_ok::<AuthIdentity>(request.form(&form))
    };

    let first = third_party("google", &payload).await;
    assert_eq!(first.response_code.as_deref(), Some("ok"));
    let created = first.user.as_ref().expect("a user");
    assert_eq!(created.email, email);
    assert_eq!(created.name.as_deref(), Some("Grace"));
    assert_eq!(created.roles, vec![ROLE_USER.to_owned()]);
    assert_eq!(created.active, Some(true));
    token_of(&first);

    let second = third_party("google", &payload).await;
    assert_eq!(second.user.expect("a user").id, created.id);

    let refused = [
        (
            "facebook",
            payload.as_str(),
            "iam.error.unsupported-provider",
        ),
        ("google", "not json", "iam.error.bad-third-party-payload"),
        (
            "google",
            "{\"name\":\"No Mail\"}",
            "iam.error.bad-third-party-payload",
        ),
        (
            "google",
            "{\"email\":\"\"}",
            "iam.error.bad-third-party-payload",
        ),
        ("google", "[\"a@b.c\"]", "iam.error.bad-third-party-payload"),
    ];
    for (provider, payload, code) in refused {
        let answer = third_party(provider, payload).await;
        assert_eq!(
            answer.response_code.as_deref(),
            Some(code),
            "{provider} {payload}"
        );
        assert!(answer.token.is_none());
    }
}

#[tokio::test]
async fn permissions_are_the_union_of_the_users_roles() {
    let api = Api::start().await;
    let user = api.active_user().await;
    let role = json!({
        "code": "AUDITOR",
        "name": "Auditor",
        "permissions": ["audit.read", "iam.profile.read"],
    });
    let registered: Value = api.system("/roles/register", &role).await;
    assert_eq!(registered["responseCode"], "ok");

    let roles = json!({"userId": user.id, "roles": [ROLE_USER, "AUDITOR"]});
    let updated: BaseResponse = api.system("/users/update-user-roles", &roles).await;
    assert_eq!(updated.response_code, "ok");

    let identity = api.login(&user.email, PASSWORD).await;
    let mut expected = sorted(USER_PERMISSIONS);
    expected.push("audit.read".to_owned());
    expected.sort();
    assert_eq!(permissions(&identity), expected);
}

#[tokio::test]
async fn users_imported_unfinalized_must_change_their_password() {
    let api = Api::start().await;
    let email = format!("{}@example.com", unique("imported"));
    let body = json!({
        "email": email,
        "clearPassword": "temporary",
        "activeByDefault": true,
        "finalized": false,
    });
    let imported: UserResponse = api.system("/users/import-user", &body).await;
    let id = imported.user.expect("the imported user").id;

    let identity = api.login(&email, "temporary").await;
    assert_eq!(identity.need_to_change_password, Some(true));

    let body = json!({"userId": id, "finalized": true});
    let _: UserResponse = api.system("/users/update-user", &body).await;
    let identity = api.login(&email, "temporary").await;
    assert_eq!(identity.need_to_change_password, Some(false));
}
