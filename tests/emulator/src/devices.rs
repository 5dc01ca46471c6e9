//! The `/devices/**` operations, and the device records PIN login reads.

use axum::extract::State;
use axum::routing::{patch, post};
use axum::{Json, Router};
use iam_client::Secret;
use iam_client::types::{
    BaseResponse, Device, DeviceCodeRequest, DeviceIdRequest, DevicePageResponse, DeviceResponse,
    SearchDevicesRequest, UpdateDeviceRequest,
};

use crate::answer::Answer;
use crate::app::SharedApp;
use crate::body::JsonBody;
use crate::errors::{ErrorCode, HttpError, Outcome};
use crate::search::{Keyword, Paging};
use crate::store::Store;

pub(crate) fn routes() -> Router<SharedApp> {
    Router::new()
        .route("/devices/register", post(register))
        .route("/devices/by-code", post(get_by_code))
        .route("/devices/by-id", post(get_by_id))
        .route("/devices/search", post(search))
        .route("/devices", patch(update).delete(delete))
}

/// Creates a device with a new id and a new secret: the record, and its secret.
pub(crate) fn create(
    store: &mut Store,
    code: String,
    timestamp: String,
) -> Outcome<(Device, Secret)> {
    if store.device_by_code(&code).is_some() {
        return Err(ErrorCode::DeviceAlreadyExists);
    }

    let secret = Secret::from(store.random.secret());
    let device = Device {
        id: store.random.id(),
        code,
        name: None,
        secret: Some(secret.clone()),
        registration_date: Some(timestamp),
    };
    store.devices.push(device.clone());

    Ok((device, secret))
}

async fn register(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<DeviceCodeRequest>,
) -> Json<DeviceResponse> {
    let timestamp = app.clock.timestamp();
    let mut store = app.store();
    let outcome = create(&mut store, request.code, timestamp).map(|(device, _)| device);
    Json(DeviceResponse::from_outcome(outcome))
}

async fn get_by_code(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<DeviceCodeRequest>,
) -> Json<DeviceResponse> {
    let store = app.store();
    let outcome = store
        .device_by_code(&request.code)
        .cloned()
        .ok_or(ErrorCode::DeviceNotFound);
    Json(DeviceResponse::from_outcome(outcome))
}

async fn get_by_id(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<DeviceIdRequest>,
) -> Json<DeviceResponse> {
    let store = app.store();
    let outcome = store
        .devices
        .iter()
        .find(|device| device.id == request.device_id)
        .cloned()
        .ok_or(ErrorCode::DeviceNotFound);
    Json(DeviceResponse::from_outcome(outcome))
}

async fn search(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<SearchDevicesRequest>,
) -> Result<Json<DevicePageResponse>, HttpError> {
    let paging = Paging::from_request(request.pageable.as_ref())?;
    let keyword = Keyword::new(request.keyword.as_deref());
    let store = app.store();

    let matches = store
        .devices
        .iter()
        .filter(|device| keyword.matches([Some(device.code.as_str()), device.name.as_deref()]))
        .cloned()
        .collect();

    Ok(Json(DevicePageResponse::success(paging.apply(matches))))
}

async fn update(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<UpdateDeviceRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    Json(BaseResponse::from_outcome(apply_update(
        &mut store, request,
    )))
}

fn apply_update(store: &mut Store, request: UpdateDeviceRequest) -> Outcome<()> {
    let code_taken = request.code.as_deref().is_some_and(|code| {
        store
            .devices
            .iter()
            .any(|d| d.code == code && d.id != request.device_id)
    });

    let device = store
        .devices
        .iter_mut()
        .find(|device| device.id == request.device_id)
        .ok_or(ErrorCode::DeviceNotFound)?;
    if code_taken {
        return Err(ErrorCode::DeviceAlreadyExists);
    }

    if let Some(code) = request.code {
        device.code = code;
    }
    if let Some(secret) = request.secret {
        device.secret = Some(secret);
    }
    Ok(())
}

async fn delete(
    State(app): State<SharedApp>,
    JsonBody(request): JsonBody<DeviceIdRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let position = store
        .devices
        .iter()
        .position(|device| device.id == request.device_id);
    let outcome = match position {
        Some(index) => {
            store.devices.remove(index);
            Ok(())
        }
        None => Err(ErrorCode::DeviceNotFound),
    };
    Json(BaseResponse::from_outcome(outcome))
}
