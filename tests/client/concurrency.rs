//! One client shared by many tasks never shows a session half written.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use iam_client::storage::{MemoryStorage, Storage, StorageError};
use iam_client::{IamClient, types};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD};

use crate::support::{self, PASSWORD};

/// A storage that pauses inside every write, so that a batch written key by key takes long
/// enough for other tasks to run in the middle of it.
#[derive(Default)]
struct SlowStorage {
    inner: MemoryStorage,
}

#[async_trait]
impl Storage for SlowStorage {
    async fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.inner.get(key).await
    }

    async fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        tokio::time::sleep(Duration::from_millis(1)).await;
        self.inner.set(key, value).await
    }

    async fn remove(&self, key: &str) -> Result<(), StorageError> {
        tokio::time::sleep(Duration::from_millis(1)).await;
        self.inner.remove(key).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_logins_never_leave_a_mixed_session() {
    let emulator = support::emulator().await;
    let user = support::active_user(&emulator).await;
    let iam = IamClient::builder(emulator.base_url())
        .storage(SlowStorage::default())
        .build()
        .expect("a valid client");

    let mut logins = Vec::new();
    for round in 0..12 {
        let iam = iam.clone();
        let email = user.email.clone();
        logins.push(tokio::spawn(async move {
            if round % 2 == 0 {
                iam.auth()
                    .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
                    .await
                    .map(drop)
            } else {
                iam.auth().login(&email, PASSWORD).await.map(drop)
            }
        }));
    }

    // The reader reads until every login has finished, and once more after that, so it
    // sees at least the last session.
    let logins_done = Arc::new(AtomicBool::new(false));
    let reader = {
        let iam = iam.clone();
        let logins_done = logins_done.clone();
        tokio::spawn(async move {
            let mut seen = 0;
            loop {
                let last_round = logins_done.load(Ordering::Acquire);
                if let Some(identity) = iam.auth().get_identity().await.expect("reads") {
                    let is_admin = identity.roles.iter().any(|role| role == "ROLE_ADMIN");
                    assert_eq!(
                        is_admin,
                        identity.email == DEFAULT_ADMIN_EMAIL,
                        "roles of one user with the e-mail of another: {identity:?}"
                    );
                    seen += 1;
                }
                if last_round {
                    break;
                }
                tokio::task::yield_now().await;
            }
            seen
        })
    };

    for login in logins {
        login
            .await
            .expect("the task ran")
            .expect("the login succeeded");
    }
    logins_done.store(true, Ordering::Release);
    assert!(
        reader.await.expect("the reader ran") > 0,
        "the reader saw sessions"
    );

    // Whoever logged in last, the stored token belongs to the stored e-mail address.
    let stored = iam
        .auth()
        .get_identity()
        .await
        .expect("reads")
        .expect("logged in");
    let checker = support::anonymous(&emulator);
    let identity = checker
        .auth()
        .validate_token(iam.auth().get_token().await.expect("token"))
        .await
        .expect("the token is valid");
    assert_eq!(identity.user.expect("user").email, stored.email);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_client_serves_many_tasks() {
    let emulator = support::emulator().await;
    let iam = Arc::new(support::system(&emulator));

    let mut tasks = Vec::new();
    for index in 0..16 {
        let iam = iam.clone();
        tasks.push(tokio::spawn(async move {
            let code = support::unique(&format!("ROLE_{index}"));
            let request = types::RegisterRoleRequest::builder()
                .code(code.clone())
                .name("Role");
            let role = iam.roles().register(request).await.expect("registers");
            assert_eq!(
                iam.roles().get_by_id(&role.id).await.expect("reads").code,
                code
            );
        }));
    }

    for task in tasks {
        task.await.expect("the task succeeded");
    }
}
