//! No secret appears in `Debug`, `Display`, errors or logs.

use iam_client::{Error, FileStorage, IamClient, MemoryStorage, types};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY};

use crate::support::scripted::{Reply, ScriptedServer};
use crate::support::{self, PASSWORD};

/// Fails if any secret appears in any of the texts.
fn assert_no_secret(texts: &[String], secrets: &[&str]) {
    for text in texts {
        for secret in secrets {
            assert!(!text.contains(secret), "a secret leaked into: {text}");
        }
    }
}

fn debug_and_display<T: std::fmt::Debug>(value: &T) -> Vec<String> {
    vec![format!("{value:?}"), format!("{value:#?}")]
}

#[tokio::test]
async fn formatted_values_show_no_secret() {
    let emulator = support::emulator().await;
    let iam = IamClient::builder(emulator.base_url())
        .api_key(DEFAULT_API_KEY)
        .build()
        .expect("a valid client");

    let identity = iam
        .auth()
        .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
        .await
        .expect("logs in");
    let token = iam.auth().get_token().await.expect("a token");
    let device = iam
        .auth()
        .register_device(&support::unique("d"))
        .await
        .expect("registers");
    let tenant_id = support::tenant(&emulator).await;
    let tenant = iam.tenants().get_by_id(&tenant_id).await.expect("reads");
    let tenant_key = tenant.api_key.clone().expect("a tenant key");
    let user = support::active_user(&emulator).await;
    let new_password = iam
        .auth()
        .recover(&user.email)
        .await
        .expect("recovers")
        .expect("debug");
    let headers = iam.auth().get_headers().await.expect("headers");

    let login_form = types::LoginForm {
        mail: "a@b".into(),
        password: PASSWORD.into(),
    };
    let pin_form = types::ResetPinForm {
        user_id: "u".into(),
        pin_code: "86420".into(),
    };
    let change = types::ChangePasswordForm {
        current_password: PASSWORD.into(),
        password: "next-password-value".into(),
    };
    let builder = IamClient::builder(emulator.base_url()).api_key(DEFAULT_API_KEY);
    let memory = MemoryStorage::new();
    iam_client::Storage::set(&memory, "token", token.expose())
        .await
        .expect("memory");
    let file = FileStorage::new(std::env::temp_dir().join("never-written.json"));

    let handled = iam
        .auth()
        .login(&user.email, "wrong-password-value")
        .await
        .expect_err("401");
    let echo = ScriptedServer::start(move |request| {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        async move { Reply::status(500, "text/plain", &format!("echo: {body}")) }
    })
    .await;
    let echoing = IamClient::builder(echo.base_url())
        .api_key(DEFAULT_API_KEY)
        .build()
        .expect("ok");
    let echoed = echoing
        .auth()
        .login("a@b", PASSWORD)
        .await
        .expect_err("500 echoing the form");

    let mut texts = Vec::new();
    texts.extend(debug_and_display(&iam));
    texts.extend(debug_and_display(&builder));
    texts.extend(debug_and_display(&identity));
    texts.extend(debug_and_display(&device));
    texts.extend(debug_and_display(&tenant));
    texts.extend(debug_and_display(&headers));
    texts.extend(debug_and_display(&login_form));
    texts.extend(debug_and_display(&pin_form));
    texts.extend(debug_and_display(&change));
    texts.extend(debug_and_display(&memory));
    texts.extend(debug_and_display(&file));
    texts.extend(debug_and_display(&token));
    texts.extend(debug_and_display(&new_password));
    texts.extend(debug_and_display(
        &iam.auth().get_identity().await.expect("identity"),
    ));
    for error in [&handled, &echoed] {
        texts.extend(debug_and_display(error));
        texts.push(error.to_string());
    }
    texts.push(format!("{token}"));

    assert!(matches!(echoed, Error::Http { .. }), "{echoed:?}");
    assert_no_secret(
        &texts,
        &[
            DEFAULT_API_KEY,
            DEFAULT_ADMIN_PASSWORD,
            PASSWORD,
            token.expose(),
            device.secret.expose(),
            tenant_key.expose(),
            new_password.expose(),
            "86420",
            "next-password-value",
            "wrong-password-value",
        ],
    );
}
