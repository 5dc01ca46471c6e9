//! Session storage: the file storage's guarantees, and sessions that outlive a client.

use std::os::unix::fs::PermissionsExt;
use std::sync::Arc;

use iam_client::session::keys;
use iam_client::{Error, FileStorage, IamClient, Storage, types};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD};

use crate::support;
use crate::support::scripted::ScriptedServer;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .expect("the file exists")
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn a_session_in_a_file_outlives_the_client() {
    let emulator = support::emulator().await;
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("session.json");

    let first = IamClient::builder(emulator.base_url())
        .storage(FileStorage::new(&path))
        .build()
        .expect("a valid client");
    first
        .auth()
        .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
        .await
        .expect("logs in");
    assert_eq!(mode(&path), 0o600, "the session file is private");
    drop(first);

    let second = IamClient::builder(emulator.base_url())
        .storage(FileStorage::new(&path))
        .build()
        .expect("a valid client");
    assert!(
        second.auth().check_auth().await.expect("checks"),
        "the stored token still works"
    );
    second
        .users()
        .search(types::SearchUsersRequest::default())
        .await
        .expect("as the admin");

    let names: Vec<_> = std::fs::read_dir(folder.path())
        .expect("lists")
        .map(|entry| entry.expect("an entry").file_name())
        .collect();
    assert_eq!(names, ["session.json"], "no temporary file is left behind");
}

#[tokio::test]
async fn rewriting_an_older_file_makes_it_private() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("session.json");
    std::fs::write(&path, r#"{"email":"old@example.com","roles":42}"#).expect("writes");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");

    let storage = FileStorage::new(&path);
    assert_eq!(
        storage.get("email").await.expect("reads").as_deref(),
        Some("old@example.com")
    );
    assert_eq!(
        storage.get("roles").await.expect("reads"),
        None,
        "non-strings are absent"
    );

    storage.set(keys::TOKEN, "abc").await.expect("writes");
    assert_eq!(mode(&path), 0o600);

    let on_disk: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("reads")).expect("JSON");
    assert_eq!(on_disk["token"], "abc");
    assert_eq!(on_disk["email"], "old@example.com");

    storage.remove(keys::TOKEN).await.expect("removes");
    let reread = FileStorage::new(&path);
    assert_eq!(reread.get(keys::TOKEN).await.expect("reads"), None);
}

#[tokio::test]
async fn a_corrupt_file_reads_as_logged_out_and_sends_no_token() {
    let emulator = support::emulator().await;
    let proxy = ScriptedServer::forwarding_to(emulator.base_url()).await;
    let folder = tempfile::tempdir().expect("a temporary folder");
    let path = folder.path().join("session.json");
    std::fs::write(&path, b"token=eyJhbGciOi; not JSON").expect("writes");

    let iam = IamClient::builder(proxy.base_url())
        .storage(FileStorage::new(&path))
        .build()
        .expect("a valid client");

    assert!(matches!(
        iam.auth().get_token().await,
        Err(Error::NoSession)
    ));
    let refused = iam
        .users()
        .search(types::SearchUsersRequest::default())
        .await;
    assert!(
        matches!(refused, Err(Error::Unauthorized { .. })),
        "{refused:?}"
    );
    assert_eq!(proxy.requests()[0].header("authorization"), None);

    // Logging in replaces the corrupt file with a valid one.
    iam.auth()
        .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
        .await
        .expect("logs in");
    let on_disk: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&path).expect("reads")).expect("valid JSON now");
    assert_eq!(on_disk["email"], DEFAULT_ADMIN_EMAIL);
}

#[tokio::test]
async fn a_file_in_a_missing_folder_is_a_storage_error() {
    let emulator = support::emulator().await;
    let storage: Arc<dyn Storage> = Arc::new(FileStorage::new("/nonexistent-folder/session.json"));
    let iam = IamClient::builder(emulator.base_url())
        .shared_storage(storage)
        .build()
        .expect("a valid client");

    let error = iam
        .auth()
        .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
        .await;

    assert!(matches!(error, Err(Error::Storage(_))), "{error:?}");
}
