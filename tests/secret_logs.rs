//! No secret appears in the logs, down to reqwest's and hyper's trace events.
//!
//! A binary of its own: the subscriber must see every event of the process, and tests
//! running beside it on other threads would make its capture depend on timing.

use std::io::Write;
use std::sync::{Arc, Mutex};

use iam_client::{IamClient, Secret};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY, Emulator};
use tracing_subscriber::fmt::MakeWriter;

const PASSWORD: &str = "user-password-value";

/// Collects everything the tracing subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .expect("no panic while writing")
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logs_at_trace_level_show_no_secret() {
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(captured.clone())
        .with_ansi(false)
        .finish();
    tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");

    let emulator = Emulator::start().await.expect("the emulator starts");
    let iam = IamClient::builder(emulator.base_url())
        .api_key(DEFAULT_API_KEY)
        .build()
        .expect("a valid client");
    iam.auth()
        .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
        .await
        .expect("logs in");
    let token = iam.auth().get_token().await.expect("token");
    let user_id = iam
        .auth()
        .register("Logged User", "logged@example.com", PASSWORD)
        .await
        .expect("registers");
    iam.auth().activate(&user_id[..6]).await.expect("activates");
    iam.auth()
        .reset_pin(&user_id, Secret::from("13579"))
        .await
        .expect("sets a PIN");
    let device = iam
        .auth()
        .register_device("logged-device")
        .await
        .expect("registers");
    iam.auth().pin_login("13579").await.expect("PIN login");
    iam.auth()
        .login("logged@example.com", "wrong-password-value")
        .await
        .expect_err("refused");

    let logs = String::from_utf8(captured.0.lock().expect("no panic").clone()).expect("UTF-8");
    assert!(
        logs.contains("iam_request"),
        "the client's spans were captured: {logs}"
    );
    assert!(
        logs.contains("operation=\"login\"") || logs.contains("operation=login"),
        "{logs}"
    );
    for secret in [
        DEFAULT_API_KEY,
        DEFAULT_ADMIN_PASSWORD,
        PASSWORD,
        token.expose(),
        device.secret.expose(),
        "13579",
        "wrong-password-value",
    ] {
        assert!(!logs.contains(secret), "a secret leaked into the logs");
    }
}
