//! The two ways the emulator says no: an application error code inside an HTTP 200
//! answer, and an HTTP error status with a small JSON body.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An application error, answered with HTTP 200 and this code in `responseCode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorCode {
    UserNotFound,
    UserAlreadyExists,
    UserNotActive,
    BadActivationCode,
    BadCurrentPassword,
    TenantNotFound,
    TenantAlreadyExists,
    ProjectNotFound,
    ProjectAlreadyExists,
    RoleNotFound,
    RoleAlreadyExists,
    DeviceNotFound,
    DeviceAlreadyExists,
    DeviceNotRegistered,
    InvalidPin,
    PinAlreadyUsed,
    UnsupportedProvider,
    BadThirdPartyPayload,
}

impl ErrorCode {
    /// The code as it travels in `responseCode`.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::UserNotFound => "iam.error.user-not-found",
            Self::UserAlreadyExists => "iam.error.user-already-exists",
            Self::UserNotActive => "iam.error.user-not-active",
            Self::BadActivationCode => "iam.error.bad-activation-code",
            Self::BadCurrentPassword => "iam.error.bad-current-password",
            Self::TenantNotFound => "iam.error.tenant-not-found",
            Self::TenantAlreadyExists => "iam.error.tenant-already-exists",
            Self::ProjectNotFound => "iam.error.project-not-found",
            Self::ProjectAlreadyExists => "iam.error.project-already-exists",
            Self::RoleNotFound => "iam.error.role-not-found",
            Self::RoleAlreadyExists => "iam.error.role-already-exists",
            Self::DeviceNotFound => "iam.error.device-not-found",
            Self::DeviceAlreadyExists => "iam.error.device-already-exists",
            Self::DeviceNotRegistered => "iam.error.device-not-registered",
            Self::InvalidPin => "iam.error.invalid-pin",
            Self::PinAlreadyUsed => "iam.error.pin-already-used",
            Self::UnsupportedProvider => "iam.error.unsupported-provider",
            Self::BadThirdPartyPayload => "iam.error.bad-third-party-payload",
        }
    }
}

/// The result of an operation: a value, or the application error to answer instead.
pub(crate) type Outcome<T> = Result<T, ErrorCode>;

/// A refusal answered with an HTTP error status. Its message never holds a request value.
#[derive(Debug)]
pub(crate) struct HttpError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl HttpError {
    /// HTTP 400: the request body cannot be read as the operation's input.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "iam.error.bad-request", message)
    }

    /// HTTP 401: a credential is missing or invalid.
    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "iam.error.unauthorized", message)
    }

    /// HTTP 403: the caller is known but may not call this operation.
    pub(crate) fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "iam.error.not-authorized", message)
    }

    /// HTTP 404: no operation lives at this path.
    pub(crate) fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "iam.error.not-found",
            "no operation at this path",
        )
    }

    /// HTTP 405: the path exists, but not with this method.
    pub(crate) fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "iam.error.method-not-allowed",
            "this path does not take this method",
        )
    }

    /// HTTP 500: the emulator itself failed.
    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "iam.error.internal",
            message,
        )
    }

    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
}

/// The JSON body of an [`HttpError`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody<'a> {
    response_code: &'a str,
    message: &'a str,
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            response_code: self.code,
            message: &self.message,
        };
        (self.status, Json(body)).into_response()
    }
}

/// The answer for a path that no route knows.
pub(crate) async fn unknown_path() -> HttpError {
    HttpError::not_found()
}

/// The answer for a known path called with a method it does not take.
pub(crate) async fn unknown_method() -> HttpError {
    HttpError::method_not_allowed()
}
