//! Logins, registration, impersonation, PIN login and the session helpers.

use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue};
use secrecy::zeroize::Zeroizing;
use serde_json::{Map, Value};

use super::{call, required};
use crate::error::codes;
use crate::session::{Identity, SessionValues};
use crate::{Error, IamClient, Secret, pin, types};

/// Logins, registration, impersonation, PIN login and the session helpers; see
/// [`IamClient::auth`].
///
/// Every login (password, token, third-party, PIN, impersonation) stores the identity it
/// answers in the session, in one step; [`logout`](Self::logout) removes it.
#[derive(Debug, Clone, Copy)]
pub struct AuthService<'a> {
    client: &'a IamClient,
}

impl<'a> AuthService<'a> {
    pub(crate) fn new(client: &'a IamClient) -> Self {
        Self { client }
    }

    /// Logs in with e-mail address and password and stores the identity.
    ///
    /// Bad credentials fail with the handled code [`codes::INVALID_CREDENTIALS`]; an
    /// inactive user with [`codes::USER_NOT_ACTIVE`].
    pub async fn login(
        &self,
        email: &str,
        password: impl Into<Secret>,
    ) -> Result<types::AuthIdentity, Error> {
        let form = types::LoginForm {
            mail: email.to_owned(),
            password: password.into(),
        };
        let request = self.client.api().login().body(form).send();

        let identity = match call(self.client, "login", request).await {
            Err(Error::Unauthorized { operation }) => {
                return Err(Error::handled(operation, codes::INVALID_CREDENTIALS));
            }
            other => other?,
        };

        self.store(&identity, "login").await?;
        Ok(identity)
    }

    /// Registers a new, inactive user and answers its id. The activation code is the first
    /// six characters of the id.
    pub async fn register(
        &self,
        name: &str,
        email: &str,
        password: impl Into<Secret>,
    ) -> Result<String, Error> {
        let form = types::RegisterForm {
            name: name.to_owned(),
            email: email.to_owned(),
            password: password.into(),
        };
        let request = self.client.api().register().body(form).send();

        let answer = call(self.client, "register", request).await?;
        required(answer.user_id, "register", "userId")
    }

    /// Activates the user whose activation code this is.
    pub async fn activate(&self, activation_code: impl Into<Secret>) -> Result<(), Error> {
        let form = types::ActivateForm {
            activation_code: activation_code.into(),
        };
        let request = self.client.api().activate().body(form).send();

        call(self.client, "activate", request).await.map(drop)
    }

    /// Gives the user a new password; answers it when the backend runs in debug mode.
    pub async fn recover(&self, email: &str) -> Result<Option<Secret>, Error> {
        let form = types::RecoverForm {
            email: email.to_owned(),
        };
        let request = self.client.api().recover().body(form).send();

        call(self.client, "recover", request)
            .await
            .map(|answer| answer.new_password)
    }

    /// Logs in with a third-party identity provider's answer (`provider` is `google`) and
    /// stores the identity. The payload travels as a JSON string and is kept secret.
    pub async fn third_party_login(
        &self,
        provider: &str,
        payload: &Value,
    ) -> Result<types::AuthIdentity, Error> {
        let form = types::ThirdPartyLoginForm {
            provider: provider.to_owned(),
            payload: Secret::new(payload.to_string()),
        };
        let request = self.client.api().third_party_login().body(form).send();

        let identity = call(self.client, "third_party_login", request).await?;
        self.store(&identity, "third_party_login").await?;
        Ok(identity)
    }

    /// Logs in with a token (token login) and stores the identity with its fresh token.
    /// An invalid token fails with [`Error::Unauthorized`].
    pub async fn validate_token(
        &self,
        token: impl Into<Secret>,
    ) -> Result<types::AuthIdentity, Error> {
        let identity = self.token_login(token.into()).await?;
        self.store(&identity, "token_login").await?;
        Ok(identity)
    }

    /// Registers this device for PIN login and stores its code and secret.
    pub async fn register_device(&self, code: &str) -> Result<types::DeviceCredentials, Error> {
        let body = types::DeviceCodeRequest {
            code: code.to_owned(),
        };
        let request = self.client.api().register_device().body(body).send();

        let answer = call(self.client, "register_device", request).await?;
        let device = required(answer.device, "register_device", "device")?;

        self.client
            .session()
            .store_device(&device.code, &device.secret)
            .await?;
        Ok(device)
    }

    /// The stored device when its code is `code`; otherwise registers the device.
    pub async fn get_device(&self, code: &str) -> Result<types::DeviceCredentials, Error> {
        match self.client.session().device().await? {
            Some((stored_code, secret)) if stored_code == code => Ok(types::DeviceCredentials {
                code: stored_code,
                secret,
            }),
            _ => self.register_device(code).await,
        }
    }

    /// Logs in with a PIN from the stored device and stores the identity.
    ///
    /// The PIN is encrypted with the device secret, with a fresh random salt and IV. Fails
    /// with the handled code [`codes::DEVICE_NOT_REGISTERED`] when no device is stored.
    pub async fn pin_login(&self, pin: impl Into<Secret>) -> Result<types::AuthIdentity, Error> {
        let Some((device_code, device_secret)) = self.client.session().device().await? else {
            return Err(Error::handled("pin_login", codes::DEVICE_NOT_REGISTERED));
        };

        let body = types::PinLoginRequest {
            device_code,
            encrypted_pin: pin::encrypt_pin(&pin.into(), &device_secret)?,
        };
        let request = self.client.api().pin_login().body(body).send();

        let identity = call(self.client, "pin_login", request).await?;
        self.store(&identity, "pin_login").await?;
        Ok(identity)
    }

    /// Changes the logged-in user's password.
    pub async fn change_password(
        &self,
        current_password: impl Into<Secret>,
        new_password: impl Into<Secret>,
    ) -> Result<(), Error> {
        let form = types::ChangePasswordForm {
            current_password: current_password.into(),
            password: new_password.into(),
        };
        let request = self.client.api().change_password().body(form).send();

        call(self.client, "change_password", request)
            .await
            .map(drop)
    }

    /// Checks the session with a token login: on success stores the fresh identity and
    /// answers `true`; when the service refuses the token, clears the session and answers
    /// `false`. Without a stored token it answers `false`. A transport failure is an error
    /// and leaves the session as it was.
    pub async fn check_auth(&self) -> Result<bool, Error> {
        let Some(token) = self.client.session().token().await? else {
            return Ok(false);
        };

        match self.token_login(token).await {
            Ok(identity) => {
                self.store(&identity, "token_login").await?;
                Ok(true)
            }
            Err(error) if error.is_handled() => {
                self.client.session().clear().await?;
                Ok(false)
            }
            Err(error) => Err(error),
        }
    }

    /// Acts as another user: saves the administrator's session, stores the impersonated
    /// identity and marks the impersonation. Needs an administrator or the system key.
    pub async fn impersonate(&self, user_id: &str) -> Result<types::AuthIdentity, Error> {
        let form = types::ImpersonateForm {
            id: user_id.to_owned(),
        };
        let request = self.client.api().impersonate().body(form).send();

        let identity = call(self.client, "impersonate", request).await?;
        let values = session_values(&identity, "impersonate")?;

        self.client.session().begin_impersonation(&values).await?;
        Ok(identity)
    }

    /// Returns to the administrator's session saved by [`impersonate`](Self::impersonate),
    /// without calling the service. Without an impersonation under way nothing changes.
    pub async fn stop_impersonate(&self) -> Result<(), Error> {
        self.client.session().end_impersonation().await?;
        Ok(())
    }

    /// Sets a user's PIN. Needs an administrator or the system key.
    pub async fn reset_pin(&self, user_id: &str, pin: impl Into<Secret>) -> Result<(), Error> {
        let form = types::ResetPinForm {
            user_id: user_id.to_owned(),
            pin_code: pin.into(),
        };
        let request = self.client.api().reset_pin().body(form).send();

        call(self.client, "reset_pin", request).await.map(drop)
    }

    /// Merges `data` into the logged-in user's profile (a `name` field also sets the
    /// user's name). The stored session keeps the profile of the last login.
    pub async fn update_profile(&self, data: Map<String, Value>) -> Result<(), Error> {
        let body = types::UpdateProfileRequest { data };
        let request = self.client.api().update_profile().body(body).send();

        call(self.client, "update_profile", request).await.map(drop)
    }

    /// Removes every key of the session, device included. The service keeps no session,
    /// so nothing is sent.
    pub async fn logout(&self) -> Result<(), Error> {
        self.client.session().clear().await?;
        Ok(())
    }

    /// The stored token; [`Error::NoSession`] when no user is logged in.
    pub async fn get_token(&self) -> Result<Secret, Error> {
        self.client.session().token().await?.ok_or(Error::NoSession)
    }

    /// Checks the session and answers the fresh token it got; [`Error::NoSession`] when
    /// there is no valid session.
    pub async fn fresh_token(&self) -> Result<Secret, Error> {
        if self.check_auth().await? {
            self.get_token().await
        } else {
            Err(Error::NoSession)
        }
    }

    /// Headers for calling other services as the logged-in user: `Authorization: Bearer`
    /// (marked sensitive) and `Accept: application/json`.
    pub async fn get_headers(&self) -> Result<HeaderMap, Error> {
        let token = self.get_token().await?;
        let value = Zeroizing::new(format!("Bearer {}", token.expose()));

        let mut authorization = HeaderValue::from_str(&value).map_err(|_| {
            Error::InvalidArgument("the stored token is not a valid header value".to_owned())
        })?;
        authorization.set_sensitive(true);

        let mut headers = HeaderMap::with_capacity(2);
        headers.insert(AUTHORIZATION, authorization);
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        Ok(headers)
    }

    /// The logged-in user's permissions; empty when nobody is logged in.
    pub async fn get_permissions(&self) -> Result<Vec<String>, Error> {
        Ok(self.client.session().permissions().await?)
    }

    /// The logged-in user's role codes; empty when nobody is logged in.
    pub async fn get_roles(&self) -> Result<Vec<String>, Error> {
        Ok(self.client.session().roles().await?)
    }

    /// The logged-in user's stored identity, or `None` when nobody is logged in.
    pub async fn get_identity(&self) -> Result<Option<Identity>, Error> {
        Ok(self.client.session().identity().await?)
    }

    /// Whether an impersonation is under way.
    pub async fn is_impersonating(&self) -> Result<bool, Error> {
        Ok(self.client.session().is_impersonating().await?)
    }

    async fn token_login(&self, token: Secret) -> Result<types::AuthIdentity, Error> {
        let form = types::TokenLoginForm { token };
        let request = self.client.api().token_login().body(form).send();

        call(self.client, "token_login", request).await
    }

    async fn store(
        &self,
        identity: &types::AuthIdentity,
        operation: &'static str,
    ) -> Result<(), Error> {
        let values = session_values(identity, operation)?;
        self.client.session().store(&values).await?;
        Ok(())
    }
}

fn session_values(
    identity: &types::AuthIdentity,
    operation: &'static str,
) -> Result<SessionValues, Error> {
    SessionValues::from_identity(identity).ok_or_else(|| Error::missing_field(operation, "token"))
}
