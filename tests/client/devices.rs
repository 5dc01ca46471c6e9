//! The devices service.

use iam_client::{Secret, codes, types};

use crate::support;

#[tokio::test]
async fn register_read_update_search_and_delete() {
    let emulator = support::emulator().await;
    let iam = support::system(&emulator);
    let code = support::unique("kiosk");

    let device = iam.devices().register(&code).await.expect("registers");
    assert_eq!(device.code, code);
    assert!(
        device
            .secret
            .as_ref()
            .is_some_and(|secret| !secret.is_empty())
    );

    assert_eq!(
        iam.devices()
            .get_by_id(&device.id)
            .await
            .expect("by id")
            .code,
        code
    );
    assert_eq!(
        iam.devices().get_by_code(&code).await.expect("by code").id,
        device.id
    );

    let refused = iam.devices().register(&code).await.expect_err("duplicate");
    assert_eq!(refused.code(), Some(codes::DEVICE_ALREADY_EXISTS));

    let new_code = support::unique("kiosk-renamed");
    let update = types::UpdateDeviceRequest::builder()
        .device_id(device.id.clone())
        .code(new_code.clone())
        .secret(Secret::from("replaced-secret"));
    iam.devices().update(update).await.expect("updates");
    let updated = iam.devices().get_by_id(&device.id).await.expect("reads");
    assert_eq!(updated.code, new_code);
    assert_eq!(
        updated.secret.as_ref().map(Secret::expose),
        Some("replaced-secret")
    );

    let found = iam
        .devices()
        .search(types::SearchDevicesRequest::builder().keyword(new_code.to_uppercase()))
        .await
        .expect("searches");
    assert_eq!(
        found
            .content
            .iter()
            .map(|device| &device.id)
            .collect::<Vec<_>>(),
        [&device.id]
    );

    iam.devices().delete(&device.id).await.expect("deletes");
    let gone = iam
        .devices()
        .get_by_id(&device.id)
        .await
        .expect_err("deleted");
    assert_eq!(gone.code(), Some(codes::DEVICE_NOT_FOUND));
}

#[tokio::test]
async fn a_replaced_secret_is_the_one_pin_login_uses() {
    let emulator = support::emulator().await;
    let system = support::system(&emulator);
    let user = support::active_user(&emulator).await;
    let iam = support::anonymous(&emulator);
    let code = support::unique("pad");

    let registered = iam.auth().register_device(&code).await.expect("registers");
    system
        .auth()
        .reset_pin(&user.id, "97531")
        .await
        .expect("sets the PIN");

    let record = system
        .devices()
        .get_by_code(&code)
        .await
        .expect("the same record");
    let replace = types::UpdateDeviceRequest::builder()
        .device_id(record.id)
        .secret(Secret::from("rotated-secret"));
    system
        .devices()
        .update(replace)
        .await
        .expect("rotates the secret");

    // The session still holds the old secret, so the PIN no longer decrypts.
    let stale = iam.auth().pin_login("97531").await.expect_err("old secret");
    assert_eq!(stale.code(), Some(codes::INVALID_PIN));
    assert_ne!(registered.secret.expose(), "rotated-secret");
}
