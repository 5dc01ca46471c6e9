//! Reading request bodies into the contract's types, with 400 answers that say what is
//! wrong without repeating what the caller sent.
//!
//! Serde's own messages quote values (`invalid type: string "hunter2", expected ...`), and
//! request values may be passwords, so a fault is described by the field's path and the
//! kind of fault only.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde::de::DeserializeOwned;

use crate::errors::HttpError;

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

/// A JSON request body (`Content-Type: application/json`).
pub(crate) struct JsonBody<T>(pub(crate) T);

/// A URL-encoded form body (`Content-Type: application/x-www-form-urlencoded`, with or
/// without a `charset` parameter).
pub(crate) struct FormBody<T>(pub(crate) T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request, state, JSON, "a JSON").await?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|error| {
            HttpError::bad_request(format!(
                "the body is not valid JSON (line {}, column {})",
                error.line(),
                error.column()
            ))
        })?;

        // Serde reads a struct from an array too, field by field in order; the backend
        // wants an object. Only the body itself is checked: a nested object given as an
        // array (`"pageable": [0, 20]`) is still read positionally.
        if !value.is_object() {
            return Err(HttpError::bad_request("the body must be a JSON object"));
        }

        serde_path_to_error::deserialize(value)
            .map(Self)
            .map_err(|error| {
                describe_data_error(&error.path().to_string(), &error.inner().to_string())
            })
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for FormBody<T> {
    type Rejection = HttpError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = read_body(request, state, FORM, "a form").await?;
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(&bytes));

        serde_path_to_error::deserialize(deserializer)
            .map(Self)
            .map_err(|error| {
                describe_data_error(&error.path().to_string(), &error.inner().to_string())
            })
    }
}

/// The body's bytes, once its content type is the expected one.
async fn read_body<S: Send + Sync>(
    request: Request,
    state: &S,
    media_type: &str,
    what: &str,
) -> Result<Bytes, HttpError> {
    let content_type = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok());
    if !content_type.is_some_and(|value| has_media_type(value, media_type)) {
        return Err(HttpError::bad_request(format!(
            "this operation takes {what} body with Content-Type {media_type}"
        )));
    }

    Bytes::from_request(request, state)
        .await
        .map_err(|_| HttpError::bad_request("the body could not be read"))
}

/// Whether a `Content-Type` value names `media_type`, whatever its parameters.
fn has_media_type(content_type: &str, media_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case(media_type))
}

/// Describes a fault in the body's data from serde's message, keeping only its kind.
///
/// `path` is where the fault is (`.` for the body itself); for a missing field it is the
/// object that lacks it, whose name serde gives between backticks.
fn describe_data_error(path: &str, message: &str) -> HttpError {
    let at_root = path == ".";

    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or_default();
        let full = if at_root {
            field.to_owned()
        } else {
            format!("{path}.{field}")
        };
        return HttpError::bad_request(format!("missing required field `{full}`"));
    }

    let fault = if message.starts_with("invalid type") {
        "has the wrong type"
    } else if message.starts_with("invalid length") {
        "has the wrong number of items"
    } else if message.starts_with("duplicate field") {
        "is given more than once"
    } else {
        "has an invalid value"
    };

    if at_root {
        HttpError::bad_request(format!("the body {fault}: an object of fields is expected"))
    } else {
        HttpError::bad_request(format!("field `{path}` {fault}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_type_ignores_parameters_and_case() {
        assert!(has_media_type("application/x-www-form-urlencoded", FORM));
        assert!(has_media_type(
            "application/x-www-form-urlencoded; charset=UTF-8",
            FORM
        ));
        assert!(has_media_type("Application/JSON;charset=utf-8", JSON));
        assert!(!has_media_type("text/plain", JSON));
        assert!(!has_media_type("application/jsonx", JSON));
    }

    #[test]
    fn data_faults_name_the_field_and_never_the_value() {
        let missing = describe_data_error(".", "missing field `mail`");
        assert!(format!("{missing:?}").contains("missing required field `mail`"));

        let nested = describe_data_error("pageable", "missing field `page`");
        assert!(format!("{nested:?}").contains("`pageable.page`"));

        let wrong = describe_data_error(
            "password",
            "invalid type: integer `123456`, expected a string",
        );
        let text = format!("{wrong:?}");
        assert!(text.contains("field `password` has the wrong type"));
        assert!(!text.contains("123456"));
    }
}
