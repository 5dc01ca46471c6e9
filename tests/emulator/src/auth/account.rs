//! A user's own account: registration, activation, recovery, password and profile.

use axum::extract::State;
use axum::{Extension, Json};
use iam_client::Secret;
use iam_client::types::{
    ActivateForm, BaseResponse, ChangePasswordForm, RecoverForm, RegisterForm, RegisterResponse,
    UpdateProfileRequest,
};
use serde_json::Value;

use crate::answer::Answer;
use crate::app::SharedApp;
use crate::body::{FormBody, JsonBody};
use crate::config::ROLE_USER;
use crate::errors::{ErrorCode, Outcome};
use crate::security::Me;
use crate::store::{Store, UserRecord, activation_code, same_email};

pub(super) async fn register(
    State(app): State<SharedApp>,
    FormBody(form): FormBody<RegisterForm>,
) -> Json<RegisterResponse> {
    let mut store = app.store();
    Json(RegisterResponse::from_outcome(register_user(
        &mut store, form,
    )))
}

fn register_user(store: &mut Store, form: RegisterForm) -> Outcome<String> {
    if store.email_taken(&form.email, None) {
        return Err(ErrorCode::UserAlreadyExists);
    }

    let id = store.new_user_id();
    let roles = vec![ROLE_USER.to_owned()];
    let mut record = UserRecord::new(id.clone(), form.email, form.password, roles);
    record.user.name = Some(form.name);
    record.awaiting_activation = true;
    store.users.push(record);

    Ok(id)
}

pub(super) async fn activate(
    State(app): State<SharedApp>,
    FormBody(form): FormBody<ActivateForm>,
) -> Json<BaseResponse> {
    let code = form.activation_code.expose();
    let mut store = app.store();

    let record = store
        .users
        .iter_mut()
        .find(|record| record.awaiting_activation && activation_code(&record.user.id) == code);
    let outcome = match record {
        Some(record) => {
            record.set_active(true);
            Ok(())
        }
        None => Err(ErrorCode::BadActivationCode),
    };

    Json(BaseResponse::from_outcome(outcome))
}

pub(super) async fn recover(
    State(app): State<SharedApp>,
    FormBody(form): FormBody<RecoverForm>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let password = store.random.secret();

    let Some(record) = store
        .users
        .iter_mut()
        .find(|record| same_email(&record.user.email, &form.email))
    else {
        return Json(BaseResponse::failure(ErrorCode::UserNotFound));
    };
    record.password = Secret::from(password.as_str());
    record.must_change_password = true;

    let mut response = BaseResponse::success(());
    if app.debug {
        response.new_password = Some(Secret::from(password));
    }
    Json(response)
}

pub(super) async fn change_password(
    State(app): State<SharedApp>,
    Extension(Me(user_id)): Extension<Me>,
    FormBody(form): FormBody<ChangePasswordForm>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = store.user_mut(&user_id).and_then(|record| {
        if record.password.expose() != form.current_password.expose() {
            return Err(ErrorCode::BadCurrentPassword);
        }
        record.password = form.password;
        record.must_change_password = false;
        Ok(())
    });

    Json(BaseResponse::from_outcome(outcome))
}

pub(super) async fn update_profile(
    State(app): State<SharedApp>,
    Extension(Me(user_id)): Extension<Me>,
    JsonBody(request): JsonBody<UpdateProfileRequest>,
) -> Json<BaseResponse> {
    let mut store = app.store();
    let outcome = store.user_mut(&user_id).map(|record| {
        if let Some(Value::String(name)) = request.data.get("name") {
            record.user.name = Some(name.clone());
        }
        record.user.profile.extend(request.data);
    });

    Json(BaseResponse::from_outcome(outcome))
}
