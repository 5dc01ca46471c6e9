//! The one error type of the client.

use reqwest::StatusCode;

use crate::Secret;
use crate::pin::PinError;
use crate::storage::StorageError;

/// The error codes the IAM service and the clients are known to use.
///
/// [`Error::code`] answers one of these for handled errors; the service may answer codes
/// not listed here, so match with a fallback arm.
pub mod codes {
    /// Login with a wrong e-mail address or password.
    pub const INVALID_CREDENTIALS: &str = "iam.error.invalid-credentials";
    /// A missing, invalid or expired credential (HTTP 401), or no session to use.
    pub const UNAUTHORIZED: &str = "iam.error.unauthorized";
    /// An authenticated caller that may not do this (HTTP 403).
    pub const NOT_AUTHORIZED: &str = "iam.error.not-authorized";
    /// Login as a user that is not active yet, or disabled.
    pub const USER_NOT_ACTIVE: &str = "iam.error.user-not-active";
    /// An activation code that belongs to no user.
    pub const BAD_ACTIVATION_CODE: &str = "iam.error.bad-activation-code";
    /// PIN login from a device that is not registered, or without a stored device secret.
    pub const DEVICE_NOT_REGISTERED: &str = "iam.error.device-not-registered";
    /// An unknown user.
    pub const USER_NOT_FOUND: &str = "iam.error.user-not-found";
    /// An e-mail address or user id already in use.
    pub const USER_ALREADY_EXISTS: &str = "iam.error.user-already-exists";
    /// An unknown tenant.
    pub const TENANT_NOT_FOUND: &str = "iam.error.tenant-not-found";
    /// A tenant code or id already in use.
    pub const TENANT_ALREADY_EXISTS: &str = "iam.error.tenant-already-exists";
    /// An unknown project.
    pub const PROJECT_NOT_FOUND: &str = "iam.error.project-not-found";
    /// A project code or id already in use.
    pub const PROJECT_ALREADY_EXISTS: &str = "iam.error.project-already-exists";
    /// An unknown role.
    pub const ROLE_NOT_FOUND: &str = "iam.error.role-not-found";
    /// A role code already in use in its tenant and project.
    pub const ROLE_ALREADY_EXISTS: &str = "iam.error.role-already-exists";
    /// An unknown device.
    pub const DEVICE_NOT_FOUND: &str = "iam.error.device-not-found";
    /// A device code already in use.
    pub const DEVICE_ALREADY_EXISTS: &str = "iam.error.device-already-exists";
    /// A wrong current password when changing it.
    pub const BAD_CURRENT_PASSWORD: &str = "iam.error.bad-current-password";
    /// A PIN that matches no user, or an encrypted PIN that does not decrypt.
    pub const INVALID_PIN: &str = "iam.error.invalid-pin";
    /// A PIN that another user already has.
    pub const PIN_ALREADY_USED: &str = "iam.error.pin-already-used";
    /// A third-party login provider other than `google`.
    pub const UNSUPPORTED_PROVIDER: &str = "iam.error.unsupported-provider";
    /// A third-party login payload that names no e-mail address.
    pub const BAD_THIRD_PARTY_PAYLOAD: &str = "iam.error.bad-third-party-payload";
}

/// How long an excerpt of an unexpected response body may be, in characters.
const BODY_EXCERPT_CHARS: usize = 200;

/// Everything that can go wrong in a call to the IAM service.
///
/// No variant holds or prints a secret: bodies are cut to a short excerpt with the
/// client's own credentials blanked out, and JSON decoding errors lose the quoted values.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service refused the request with an application error code: HTTP 2xx with a
    /// `responseCode` other than `ok`, or a login with bad credentials.
    #[error("{operation}: the IAM service answered {code}")]
    Handled {
        /// The operation that failed.
        operation: &'static str,
        /// The `iam.error.*` code, one of [`codes`] or another the service defines.
        code: String,
    },

    /// HTTP 401: a credential is missing, invalid or expired.
    #[error("{operation}: unauthorized (HTTP 401): a credential is missing, invalid or expired")]
    Unauthorized {
        /// The operation that failed.
        operation: &'static str,
    },

    /// HTTP 403: the caller is authenticated but may not do this.
    #[error("{operation}: forbidden (HTTP 403): the caller may not do this")]
    Forbidden {
        /// The operation that failed.
        operation: &'static str,
    },

    /// No user is logged in, so there is no token to use.
    #[error("no session: log in first")]
    NoSession,

    /// Any other HTTP status the contract does not describe.
    #[error("{operation}: unexpected HTTP status {status}{}", excerpt_suffix(.body_excerpt))]
    Http {
        /// The operation that failed.
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The start of the response body, when it was text.
        body_excerpt: Option<String>,
    },

    /// The request or the response took longer than the configured timeout.
    #[error("{operation}: timed out")]
    Timeout {
        /// The operation that failed.
        operation: &'static str,
        /// What reqwest reported, without the URL.
        #[source]
        source: reqwest::Error,
    },

    /// The connection failed: refused, reset, DNS, TLS, or a body that broke off.
    #[error("{operation}: transport error: {source}")]
    Transport {
        /// The operation that failed.
        operation: &'static str,
        /// What reqwest reported, without the URL.
        #[source]
        source: reqwest::Error,
    },

    /// The response was not the JSON the contract describes.
    #[error("{operation}: undecodable response: {message}")]
    Decode {
        /// The operation that failed.
        operation: &'static str,
        /// What was wrong, without any value from the body.
        message: String,
    },

    /// The session storage failed.
    #[error(transparent)]
    Storage(#[from] StorageError),

    /// An argument or a request value was not acceptable; nothing was sent.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),

    /// The PIN could not be encrypted.
    #[error(transparent)]
    Pin(#[from] PinError),
}

fn excerpt_suffix(excerpt: &Option<String>) -> String {
    match excerpt {
        Some(text) if !text.is_empty() => format!(": {text}"),
        _ => String::new(),
    }
}

impl Error {
    /// The error code, as the existing clients report it: the service's `iam.error.*`
    /// code for handled errors, [`codes::UNAUTHORIZED`] for HTTP 401 and a missing
    /// session, [`codes::NOT_AUTHORIZED`] for HTTP 403, and `None` otherwise.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Handled { code, .. } => Some(code),
            Self::Unauthorized { .. } | Self::NoSession => Some(codes::UNAUTHORIZED),
            Self::Forbidden { .. } => Some(codes::NOT_AUTHORIZED),
            _ => None,
        }
    }

    /// Whether this is a known application error (the existing clients' `handled` flag)
    /// rather than an unexpected failure.
    pub fn is_handled(&self) -> bool {
        self.code().is_some()
    }

    /// The HTTP status, when the error came from a response.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Unauthorized { .. } => Some(StatusCode::UNAUTHORIZED),
            Self::Forbidden { .. } => Some(StatusCode::FORBIDDEN),
            Self::Http { status, .. } => Some(*status),
            Self::Timeout { source, .. } | Self::Transport { source, .. } => source.status(),
            _ => None,
        }
    }

    /// Whether the same call may succeed if tried again: timeouts, transport errors and
    /// HTTP 408, 429, 502, 503 and 504.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Timeout { .. } | Self::Transport { .. } => true,
            Self::Http { status, .. } => matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504),
            _ => false,
        }
    }

    pub(crate) fn handled(operation: &'static str, code: impl Into<String>) -> Self {
        Self::Handled {
            operation,
            code: code.into(),
        }
    }

    pub(crate) fn missing_field(operation: &'static str, field: &str) -> Self {
        Self::Decode {
            operation,
            message: format!("the answer is `ok` but has no `{field}`"),
        }
    }

    /// Maps an error of the generated client. `secrets` are the values to blank out of any
    /// body excerpt: the API key and the token this request carried.
    pub(crate) async fn from_api(
        operation: &'static str,
        error: progenitor_client::Error<()>,
        secrets: &[Secret],
    ) -> Self {
        use progenitor_client::Error as ApiError;

        match error {
            ApiError::InvalidRequest(message) => Self::InvalidArgument(message),
            ApiError::CommunicationError(source)
            | ApiError::InvalidUpgrade(source)
            | ApiError::ResponseBodyError(source) => Self::from_reqwest(operation, source),
            ApiError::ErrorResponse(response) => Self::from_status(operation, response.status()),
            ApiError::InvalidResponsePayload(_, source) => Self::Decode {
                operation,
                message: describe_json_error(&source),
            },
            ApiError::UnexpectedResponse(response) => {
                Self::from_unexpected(operation, response, secrets).await
            }
            // The hooks report only session storage failures this way.
            ApiError::Custom(message) => Self::Storage(StorageError::new(message)),
        }
    }

    fn from_reqwest(operation: &'static str, source: reqwest::Error) -> Self {
        // The URL would name the server and could carry user information; the operation
        // already says which call failed.
        let source = source.without_url();

        if source.is_timeout() {
            Self::Timeout { operation, source }
        } else {
            Self::Transport { operation, source }
        }
    }

    fn from_status(operation: &'static str, status: StatusCode) -> Self {
        match status {
            StatusCode::UNAUTHORIZED => Self::Unauthorized { operation },
            StatusCode::FORBIDDEN => Self::Forbidden { operation },
            status => Self::Http {
                operation,
                status,
                body_excerpt: None,
            },
        }
    }

    async fn from_unexpected(
        operation: &'static str,
        response: reqwest::Response,
        secrets: &[Secret],
    ) -> Self {
        let status = response.status();
        if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
            return Self::from_status(operation, status);
        }

        // A body that cannot be read still leaves the status, which is what matters.
        let body_excerpt = match response.bytes().await {
            Ok(bytes) => excerpt(&bytes, secrets),
            Err(_) => None,
        };

        Self::Http {
            operation,
            status,
            body_excerpt,
        }
    }
}

/// The start of a text body with every given secret blanked out, or `None` when the body
/// is empty or not UTF-8.
fn excerpt(body: &[u8], secrets: &[Secret]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?.trim();
    if text.is_empty() {
        return None;
    }

    let mut text = text.to_owned();
    for secret in secrets.iter().filter(|secret| !secret.is_empty()) {
        text = text.replace(secret.expose(), "[redacted]");
    }

    let mut cut: String = text.chars().take(BODY_EXCERPT_CHARS).collect();
    if cut.len() < text.len() {
        cut.push('…');
    }
    Some(cut)
}

/// Describes a JSON error without the values serde quotes in its messages, since a value
/// of a response may be a token.
pub(crate) fn describe_json_error(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let mut redacted = String::with_capacity(message.len());
    let mut in_quotes = false;

    for character in message.chars() {
        match (character, in_quotes) {
            ('"', false) => {
                in_quotes = true;
                redacted.push_str("\"…");
            }
            ('"', true) => {
                in_quotes = false;
                redacted.push('"');
            }
            (_, true) => {}
            (character, false) => redacted.push(character),
        }
    }

    redacted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_send_sync_and_static() {
        fn assert_bounds<T: Send + Sync + 'static>() {}
        assert_bounds::<Error>();
    }

    #[test]
    fn codes_and_handled_flag_follow_the_existing_clients() {
        let unauthorized = Error::Unauthorized {
            operation: "search_users",
        };
        let forbidden = Error::Forbidden {
            operation: "search_tenants",
        };
        let handled = Error::handled("activate", codes::BAD_ACTIVATION_CODE);
        let http = Error::Http {
            operation: "get_user_by_id",
            status: StatusCode::BAD_GATEWAY,
            body_excerpt: None,
        };

        assert_eq!(unauthorized.code(), Some(codes::UNAUTHORIZED));
        assert_eq!(forbidden.code(), Some(codes::NOT_AUTHORIZED));
        assert_eq!(handled.code(), Some(codes::BAD_ACTIVATION_CODE));
        assert_eq!(http.code(), None);
        assert!(unauthorized.is_handled() && forbidden.is_handled() && handled.is_handled());
        assert!(!http.is_handled());
        assert!(http.is_retryable());
        assert_eq!(http.status(), Some(StatusCode::BAD_GATEWAY));
    }

    #[test]
    fn excerpts_are_short_and_blank_out_secrets() {
        let secret = Secret::from("tok-123");
        let body = format!("{{\"echo\":\"tok-123\",\"pad\":\"{}\"}}", "x".repeat(500));

        let text = excerpt(body.as_bytes(), &[secret]).expect("a text body gives an excerpt");

        assert!(!text.contains("tok-123"));
        assert!(text.contains("[redacted]"));
        assert!(text.chars().count() <= BODY_EXCERPT_CHARS + 1);
        assert_eq!(excerpt(b"  ", &[]), None);
        assert_eq!(excerpt(&[0xff, 0xfe], &[]), None);
    }

    #[test]
    fn json_errors_lose_quoted_values() {
        let error = serde_json::from_str::<u32>("\"tok-123\"").expect_err("a string is no u32");

        let message = describe_json_error(&error);

        assert!(!message.contains("tok-123"), "{message}");
        assert!(message.contains("invalid type"), "{message}");
    }
}
