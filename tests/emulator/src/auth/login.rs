//! Logging in with a password, a token or a third-party identity, and impersonating.

use axum::Json;
use axum::extract::State;
use iam_client::Secret;
use iam_client::types::{
    AuthIdentity, ImpersonateForm, LoginForm, ThirdPartyLoginForm, TokenLoginForm,
};

use crate::answer::Answer;
use crate::app::SharedApp;
use crate::body::FormBody;
use crate::config::ROLE_USER;
use crate::errors::{ErrorCode, HttpError};
use crate::store::{Store, UserRecord};

/// The one third-party identity provider.
const GOOGLE: &str = "google";

pub(super) async fn login(
    State(app): State<SharedApp>,
    FormBody(form): FormBody<LoginForm>,
) -> Result<Json<AuthIdentity>, HttpError> {
    let mut store = app.store();

    // The password is checked before the user's state, so that an inactive account is
    // told apart only by someone who knows its password.
    let user_id = store
        .user_by_email(&form.mail)
        .filter(|record| record.password.expose() == form.password.expose())
        .map(|record| record.user.id.clone())
        .ok_or_else(|| HttpError::unauthorized("the e-mail address or the password is wrong"))?;

    app.log_in(&mut store, &user_id).map(Json)
}

pub(super) async fn token_login(
    State(app): State<SharedApp>,
    FormBody(form): FormBody<TokenLoginForm>,
) -> Result<Json<AuthIdentity>, HttpError> {
    let invalid = || HttpError::unauthorized("the token is expired, tampered with, or unknown");
    let user_id = app
        .tokens
        .verify(form.token.expose(), app.clock.unix_seconds())
        .ok_or_else(invalid)?;

    let mut store = app.store();
    if !store.user(&user_id).is_ok_and(UserRecord::is_active) {
        return Err(invalid());
    }

    app.log_in(&mut store, &user_id).map(Json)
}

pub(super) async fn third_party_login(
    State(app): State<SharedApp>,
    FormBody(form): FormBody<ThirdPartyLoginForm>,
) -> Result<Json<AuthIdentity>, HttpError> {
    if !form.provider.eq_ignore_ascii_case(GOOGLE) {
        return Ok(Json(AuthIdentity::failure(ErrorCode::UnsupportedProvider)));
    }
    let Some(claims) = ThirdPartyClaims::parse(form.payload.expose()) else {
        return Ok(Json(AuthIdentity::failure(ErrorCode::BadThirdPartyPayload)));
    };

    let mut store = app.store();
    let user_id = find_or_create(&mut store, claims);
    app.log_in(&mut store, &user_id).map(Json)
}

pub(super) async fn impersonate(
    State(app): State<SharedApp>,
    FormBody(form): FormBody<ImpersonateForm>,
) -> Result<Json<AuthIdentity>, HttpError> {
    let mut store = app.store();
    app.log_in(&mut store, &form.id).map(Json)
}

/// What the emulator trusts in a third-party payload, since it cannot ask the provider.
struct ThirdPartyClaims {
    email: String,
    name: Option<String>,
}

impl ThirdPartyClaims {
    /// The claims of a payload that is a JSON object with a non-empty string `email`.
    fn parse(payload: &str) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_str(payload).ok()?;
        let email = value.get("email")?.as_str()?.trim();
        if email.is_empty() {
            return None;
        }

        let name = value.get("name").and_then(|name| name.as_str());
        Some(Self {
            email: email.to_owned(),
            name: name.map(str::to_owned),
        })
    }
}

/// The id of the user with the payload's e-mail address, created active when absent.
fn find_or_create(store: &mut Store, claims: ThirdPartyClaims) -> String {
    if let Some(record) = store.user_by_email(&claims.email) {
        return record.user.id.clone();
    }

    // Nobody knows this password: the user logs in through the provider, or recovers one.
    let password = Secret::from(store.random.secret());
    let id = store.new_user_id();
    let mut record = UserRecord::new(
        id.clone(),
        claims.email,
        password,
        vec![ROLE_USER.to_owned()],
    );
    record.user.name = claims.name;
    record.set_active(true);
    store.users.push(record);

    id
}
