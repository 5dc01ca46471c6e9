//! Devices and PINs: registering a device, setting a user's PIN, logging in with it.

use axum::Json;
use axum::extract::State;
use iam_client::pin::decrypt_pin;
use iam_client::types::{
    AuthIdentity, BaseResponse, DeviceCodeRequest, DeviceCredentials, PinLoginRequest,
    RegisterDeviceResponse, ResetPinForm,
};

use crate::answer::Answer;
use crate::app::SharedApp;
use crate::body::{FormBody, JsonBody};
use crate::devices;
use crate::errors::{ErrorCode, HttpError, Outcome};
use crate::store::Store;

pub(super) async fn register_device(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<DeviceCodeRequest>,
) -> Json<RegisterDeviceResponse> {
    let timestamp = app.clock.timestamp();
    let mut store = app.store();

    let outcome = devices::create(&mut store, request.code, timestamp).map(|(device, secret)| {
        DeviceCredentials {
            code: device.code,
            secret,
        }
    });
    Json(RegisterDeviceResponse::from_outcome(outcome))
}

pub(super) async fn reset_pin(
    State(app): State<SharedApp>,
    FormBody(form): FormBody<ResetPinForm>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    Json(BaseResponse::from_outcome(set_pin(&mut store, form)))
}

/// PINs identify users at login, so no two users may hold the same one.
fn set_pin(store: &mut Store, form: ResetPinForm) -> Outcome<()> {
    store.user(&form.user_id)?;

    let held_by_another = store.users.iter().any(|record| {
        record.user.id != form.user_id
            && record
                .pin
                .as_ref()
                .is_some_and(|pin| pin.expose() == form.pin_code.expose())
    });
    if held_by_another {
        return Err(ErrorCode::PinAlreadyUsed);
    }

    store.user_mut(&form.user_id)?.pin = Some(form.pin_code);
    Ok(())
}

pub(super) async fn pin_login(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<PinLoginRequest>,
) -> Result<Json<AuthIdentity>, HttpError> {
    let secret = app
        .store()
        .device_by_code(&request.device_code)
        .and_then(|device| device.secret.clone());
    let Some(secret) = secret else {
        return Ok(Json(AuthIdentity::failure(ErrorCode::DeviceNotRegistered)));
    };

    // The key derivation takes a while, so it runs without the store's lock.
    let Ok(pin) = decrypt_pin(&request.encrypted_pin, &secret) else {
        return Ok(Json(AuthIdentity::failure(ErrorCode::InvalidPin)));
    };

    let mut store = app.store();
    let owner = store
        .users
        .iter()
        .find(|record| {
            record
                .pin
                .as_ref()
                .is_some_and(|p| p.expose() == pin.expose())
        })
        .map(|record| record.user.id.clone());
    match owner {
        Some(user_id) => app.log_in(&mut store, &user_id).map(Json),
        None => Ok(Json(AuthIdentity::failure(ErrorCode::InvalidPin))),
    }
}
