//! The auth service and the session helpers.

use std::time::Duration;

use iam_client::session::keys;
use iam_client::{Error, Secret, codes};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD};
use serde_json::json;

use crate::support::{self, PASSWORD};

#[tokio::test]
async fn register_activate_login_check_refresh_and_logout() {
    let emulator = support::emulator().await;
    let iam = support::anonymous(&emulator);
    let email = format!("{}@example.com", support::unique("flow"));

    let user_id = iam
        .auth()
        .register("Ada Lovelace", &email, PASSWORD)
        .await
        .expect("registers");
    assert!(
        user_id.len() >= 6,
        "ids are long enough to carry an activation code"
    );

    let inactive = iam
        .auth()
        .login(&email, PASSWORD)
        .await
        .expect_err("not active yet");
    assert_eq!(inactive.code(), Some(codes::USER_NOT_ACTIVE));
    assert!(inactive.is_handled());

    iam.auth().activate(&user_id[..6]).await.expect("activates");

    let identity = iam.auth().login(&email, PASSWORD).await.expect("logs in");
    let user = identity.user.as_ref().expect("a login answers the user");
    assert_eq!(user.email, email);
    assert!(user.roles.iter().any(|role| role == "ROLE_USER"));
    assert!(
        !identity.permission_list().is_empty(),
        "registered users have permissions"
    );

    let first_token = iam
        .auth()
        .get_token()
        .await
        .expect("the session holds the token");
    assert_eq!(
        Some(first_token.expose()),
        identity.token.as_ref().map(Secret::expose)
    );
    assert_eq!(iam.auth().get_roles().await.expect("roles"), user.roles);
    assert_eq!(
        iam.auth().get_permissions().await.expect("perms"),
        identity.permission_list()
    );

    let stored = iam
        .auth()
        .get_identity()
        .await
        .expect("identity")
        .expect("logged in");
    assert_eq!(stored.email, email);
    assert_eq!(stored.roles, user.roles);
    assert!(!stored.need_to_change_password);

    assert!(iam.auth().check_auth().await.expect("the check runs"));

    // A later second makes sure the fresh token differs, whatever else a token holds.
    emulator.advance_clock(Duration::from_secs(2));
    let fresh = iam.auth().fresh_token().await.expect("a fresh token");
    assert_ne!(fresh.expose(), first_token.expose());
    assert_eq!(
        iam.auth().get_token().await.expect("stored").expose(),
        fresh.expose()
    );

    iam.auth().logout().await.expect("logs out");
    for key in keys::ALL {
        assert_eq!(
            iam.storage().get(key).await.expect("memory storage"),
            None,
            "{key}"
        );
    }
    assert!(matches!(
        iam.auth().get_token().await,
        Err(Error::NoSession)
    ));
    assert_eq!(iam.auth().get_identity().await.expect("identity"), None);
    assert!(!iam.auth().check_auth().await.expect("no token, no call"));
}

#[tokio::test]
async fn bad_credentials_and_bad_activation_codes_are_handled_errors() {
    let emulator = support::emulator().await;
    let iam = support::anonymous(&emulator);
    let user = support::active_user(&emulator).await;

    let wrong_password = iam
        .auth()
        .login(&user.email, "wrong")
        .await
        .expect_err("refused");
    assert_eq!(wrong_password.code(), Some(codes::INVALID_CREDENTIALS));
    assert!(wrong_password.is_handled());

    let unknown = iam
        .auth()
        .login("nobody@example.com", PASSWORD)
        .await
        .expect_err("refused");
    assert_eq!(unknown.code(), Some(codes::INVALID_CREDENTIALS));

    let bad_code = iam
        .auth()
        .activate("zzzzzz")
        .await
        .expect_err("no user has this code");
    assert_eq!(bad_code.code(), Some(codes::BAD_ACTIVATION_CODE));
    assert!(matches!(
        iam.auth().get_token().await,
        Err(Error::NoSession)
    ));
}

#[tokio::test]
async fn recover_answers_a_new_password_that_logs_in() {
    let emulator = support::emulator().await;
    let iam = support::anonymous(&emulator);
    let user = support::active_user(&emulator).await;

    let new_password = iam
        .auth()
        .recover(&user.email)
        .await
        .expect("recovers")
        .expect("the emulator runs in debug mode and answers the new password");

    iam.auth()
        .login(&user.email, new_password.clone())
        .await
        .expect("the new password works");
    let old = iam
        .auth()
        .login(&user.email, PASSWORD)
        .await
        .expect_err("the old one does not");
    assert_eq!(old.code(), Some(codes::INVALID_CREDENTIALS));

    let unknown = iam
        .auth()
        .recover("nobody@example.com")
        .await
        .expect_err("unknown e-mail");
    assert_eq!(unknown.code(), Some(codes::USER_NOT_FOUND));
}

#[tokio::test]
async fn change_password_acts_on_the_logged_in_user() {
    let emulator = support::emulator().await;
    let (iam, user) = support::user_client(&emulator).await;

    let wrong = iam
        .auth()
        .change_password("not it", "next-password")
        .await
        .expect_err("wrong");
    assert_eq!(wrong.code(), Some(codes::BAD_CURRENT_PASSWORD));

    iam.auth()
        .change_password(PASSWORD, "next-password")
        .await
        .expect("changes");

    let fresh = support::anonymous(&emulator);
    fresh
        .auth()
        .login(&user.email, "next-password")
        .await
        .expect("the new password works");

    let logged_out = support::system(&emulator);
    let without_bearer = logged_out
        .auth()
        .change_password(PASSWORD, "x")
        .await
        .expect_err("who?");
    assert!(
        matches!(without_bearer, Error::Unauthorized { .. }),
        "{without_bearer:?}"
    );
}

#[tokio::test]
async fn impersonation_saves_and_restores_the_administrator_session() {
    let emulator = support::emulator().await;
    let iam = support::admin(&emulator).await;
    let user = support::active_user(&emulator).await;
    let admin_token = iam.auth().get_token().await.expect("the admin's token");
    let admin_roles = iam.auth().get_roles().await.expect("the admin's roles");

    let identity = iam
        .auth()
        .impersonate(&user.id)
        .await
        .expect("an admin may impersonate");
    assert_eq!(
        identity.user.as_ref().map(|user| user.email.as_str()),
        Some(user.email.as_str())
    );
    assert!(iam.auth().is_impersonating().await.expect("flag"));

    let stored = iam
        .auth()
        .get_identity()
        .await
        .expect("identity")
        .expect("logged in");
    assert_eq!(stored.email, user.email);
    let saved_token = iam.storage().get(keys::ADMIN_TOKEN).await.expect("read");
    assert_eq!(saved_token.as_deref(), Some(admin_token.expose()));
    let saved_email = iam.storage().get(keys::ADMIN_EMAIL).await.expect("read");
    assert_eq!(saved_email.as_deref(), Some(DEFAULT_ADMIN_EMAIL));

    // Calls now go out as the impersonated user.
    let me = iam
        .users()
        .get_by_email(&user.email)
        .await
        .expect("a user bearer reads users");
    assert_eq!(me.id, user.id);

    iam.auth().stop_impersonate().await.expect("stops");
    assert!(!iam.auth().is_impersonating().await.expect("flag"));
    assert_eq!(
        iam.auth().get_token().await.expect("restored").expose(),
        admin_token.expose()
    );
    assert_eq!(
        iam.auth().get_roles().await.expect("restored roles"),
        admin_roles
    );
    for key in [
        keys::ADMIN_TOKEN,
        keys::ADMIN_EMAIL,
        keys::ADMIN_ROLES,
        keys::ADMIN_PROFILE,
    ] {
        assert_eq!(
            iam.storage().get(key).await.expect("read"),
            None,
            "{key} is removed"
        );
    }
    assert_eq!(
        iam.storage()
            .get(keys::IMPERSONATE)
            .await
            .expect("read")
            .as_deref(),
        Some("false")
    );
}

#[tokio::test]
async fn only_administrators_impersonate_and_reset_pins() {
    let emulator = support::emulator().await;
    let (iam, _) = support::user_client(&emulator).await;
    let other = support::active_user(&emulator).await;

    let impersonation = iam
        .auth()
        .impersonate(&other.id)
        .await
        .expect_err("not an admin");
    assert!(
        matches!(impersonation, Error::Forbidden { .. }),
        "{impersonation:?}"
    );
    assert_eq!(impersonation.code(), Some(codes::NOT_AUTHORIZED));
    assert!(
        !iam.auth().is_impersonating().await.expect("flag"),
        "a refusal changes nothing"
    );

    let reset = iam
        .auth()
        .reset_pin(&other.id, "1234")
        .await
        .expect_err("not an admin");
    assert!(matches!(reset, Error::Forbidden { .. }), "{reset:?}");

    let system = support::system(&emulator);
    system
        .auth()
        .reset_pin(&other.id, "1234")
        .await
        .expect("the system key may reset PINs");
}

#[tokio::test]
async fn device_registration_and_pin_login() {
    let emulator = support::emulator().await;
    let admin = support::admin(&emulator).await;
    let user = support::active_user(&emulator).await;
    let iam = support::anonymous(&emulator);
    let code = support::unique("phone");

    let missing = iam
        .auth()
        .pin_login("2468")
        .await
        .expect_err("no device yet");
    assert_eq!(missing.code(), Some(codes::DEVICE_NOT_REGISTERED));

    let device = iam.auth().register_device(&code).await.expect("registers");
    assert_eq!(device.code, code);
    assert!(!device.secret.is_empty(), "the service makes the secret");
    assert_eq!(
        iam.storage().get(keys::DEVICE_CODE).await.expect("read"),
        Some(code.clone())
    );

    let same = iam
        .auth()
        .get_device(&code)
        .await
        .expect("the stored device");
    assert_eq!(
        same.secret.expose(),
        device.secret.expose(),
        "no second registration"
    );
    let other_code = support::unique("tablet");
    let other = iam
        .auth()
        .get_device(&other_code)
        .await
        .expect("registers the other code");
    assert_eq!(other.code, other_code);
    assert_ne!(other.secret.expose(), device.secret.expose());

    admin
        .auth()
        .reset_pin(&user.id, "2468")
        .await
        .expect("an admin sets the PIN");

    let identity = iam
        .auth()
        .pin_login("2468")
        .await
        .expect("the PIN logs its owner in");
    assert_eq!(
        identity.user.as_ref().map(|user| user.id.as_str()),
        Some(user.id.as_str())
    );
    let stored = iam
        .auth()
        .get_identity()
        .await
        .expect("identity")
        .expect("logged in");
    assert_eq!(stored.email, user.email);

    let wrong = iam
        .auth()
        .pin_login("0000")
        .await
        .expect_err("nobody has this PIN");
    assert_eq!(wrong.code(), Some(codes::INVALID_PIN));
}

#[tokio::test]
async fn third_party_login_and_token_validation() {
    let emulator = support::emulator().await;
    let iam = support::anonymous(&emulator);
    let email = format!("{}@gmail.example", support::unique("google"));

    let payload = json!({ "email": email, "name": "Grace Hopper" });
    let identity = iam
        .auth()
        .third_party_login("google", &payload)
        .await
        .expect("logs in");
    assert_eq!(
        identity.user.as_ref().map(|user| user.email.as_str()),
        Some(email.as_str())
    );
    let token = iam.auth().get_token().await.expect("stored");

    let unsupported = iam
        .auth()
        .third_party_login("myspace", &payload)
        .await
        .expect_err("no");
    assert_eq!(unsupported.code(), Some(codes::UNSUPPORTED_PROVIDER));
    let no_email = iam
        .auth()
        .third_party_login("google", &json!({}))
        .await
        .expect_err("no");
    assert_eq!(no_email.code(), Some(codes::BAD_THIRD_PARTY_PAYLOAD));

    let other = support::anonymous(&emulator);
    let validated = other
        .auth()
        .validate_token(token)
        .await
        .expect("the token is valid");
    assert_eq!(validated.user.map(|user| user.email), Some(email.clone()));
    assert_eq!(
        other
            .auth()
            .get_identity()
            .await
            .expect("read")
            .map(|id| id.email),
        Some(email)
    );

    let invalid = other
        .auth()
        .validate_token("not.a.jwt")
        .await
        .expect_err("invalid");
    assert!(matches!(invalid, Error::Unauthorized { .. }), "{invalid:?}");
}

#[tokio::test]
async fn an_expired_session_fails_the_check_and_is_cleared() {
    let emulator = support::emulator().await;
    let (iam, _) = support::user_client(&emulator).await;

    emulator.advance_clock(iam_emulator::DEFAULT_TOKEN_TTL + Duration::from_secs(60));

    let expired = iam
        .users()
        .search(iam_client::types::SearchUsersRequest::default())
        .await;
    assert!(
        matches!(expired, Err(Error::Unauthorized { .. })),
        "{expired:?}"
    );

    assert!(!iam.auth().check_auth().await.expect("the check runs"));
    assert!(matches!(
        iam.auth().get_token().await,
        Err(Error::NoSession)
    ));
    assert!(matches!(
        iam.auth().fresh_token().await,
        Err(Error::NoSession)
    ));
}

#[tokio::test]
async fn update_profile_and_request_headers() {
    let emulator = support::emulator().await;
    let (iam, user) = support::user_client(&emulator).await;

    let mut data = serde_json::Map::new();
    data.insert("name".into(), json!("Ada King"));
    data.insert("fullName".into(), json!("Augusta Ada King"));
    iam.auth().update_profile(data).await.expect("updates");

    let system = support::system(&emulator);
    let updated = system.users().get_by_id(&user.id).await.expect("reads");
    assert_eq!(updated.name.as_deref(), Some("Ada King"));
    assert_eq!(
        updated.profile.get("fullName"),
        Some(&json!("Augusta Ada King"))
    );

    let headers = iam.auth().get_headers().await.expect("headers");
    let authorization = headers
        .get(reqwest::header::AUTHORIZATION)
        .expect("a bearer header");
    assert!(authorization.is_sensitive());
    let token = iam.auth().get_token().await.expect("token");
    assert_eq!(
        authorization.to_str().expect("ASCII"),
        format!("Bearer {}", token.expose())
    );

    iam.auth().logout().await.expect("logs out");
    assert!(matches!(
        iam.auth().get_headers().await,
        Err(Error::NoSession)
    ));
}

#[tokio::test]
async fn admin_identity_lists_admin_role_and_permissions() {
    let emulator = support::emulator().await;
    let iam = support::anonymous(&emulator);

    let identity = iam
        .auth()
        .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
        .await
        .expect("the seeded admin logs in");

    assert!(
        identity
            .user
            .expect("user")
            .roles
            .iter()
            .any(|role| role == "ROLE_ADMIN")
    );
    assert!(
        iam.auth()
            .get_roles()
            .await
            .expect("roles")
            .contains(&"ROLE_ADMIN".to_owned())
    );
    assert!(
        !iam.auth()
            .get_permissions()
            .await
            .expect("permissions")
            .is_empty()
    );
}
