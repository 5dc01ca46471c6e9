//! How every request of the generated client gets its credentials, its timeout, its
//! tracing span and, when enabled, its redirects.
//!
//! Progenitor calls the hooks below around each operation; the generated code itself is
//! never edited.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Method, Request, Response, StatusCode, Url};
use secrecy::zeroize::Zeroizing;
use tracing::Instrument as _;

use crate::Secret;
use crate::api::Client;
use crate::session::Session;

include!(concat!(env!("OUT_DIR"), "/iam_security.rs"));

/// The header that carries the system or tenant API key.
pub(crate) const API_KEY_HEADER: HeaderName = HeaderName::from_static("x-api-key");

/// What progenitor's hooks read to authenticate and send a request.
#[derive(Clone)]
pub struct Credentials {
    api_key: Option<(Secret, HeaderValue)>,
    session: Arc<Session>,
    timeout: Duration,
    max_redirects: usize,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("api_key", &self.api_key.as_ref().map(|(key, _)| key))
            .field("timeout", &self.timeout)
            .field("max_redirects", &self.max_redirects)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// Checks the API key once, so that no request can fail on it later.
    pub(crate) fn new(
        api_key: Option<Secret>,
        session: Arc<Session>,
        timeout: Duration,
        max_redirects: usize,
    ) -> Result<Self, crate::Error> {
        let api_key = match api_key {
            Some(key) => {
                let header = sensitive_header(key.expose()).ok_or_else(|| {
                    crate::Error::InvalidArgument(
                        "the API key must be visible ASCII characters".to_owned(),
                    )
                })?;
                Some((key, header))
            }
            None => None,
        };

        Ok(Self {
            api_key,
            session,
            timeout,
            max_redirects,
        })
    }

    pub(crate) fn api_key(&self) -> Option<&Secret> {
        self.api_key.as_ref().map(|(key, _)| key)
    }

    pub(crate) fn session(&self) -> &Arc<Session> {
        &self.session
    }
}

/// A header value marked sensitive, so that reqwest and hyper never print it.
fn sensitive_header(value: &str) -> Option<HeaderValue> {
    let mut header = HeaderValue::from_str(value).ok()?;
    header.set_sensitive(true);
    Some(header)
}

/// Whether the operation carries the user's bearer token. The public operations come from
/// the contract (`security: []`); every other call carries it whenever a user is logged
/// in, as the existing clients do.
pub(crate) fn carries_bearer(operation_id: &str) -> bool {
    !PUBLIC_OPERATIONS.contains(&operation_id)
}

impl ClientHooks<Credentials> for Client {
    async fn pre<E>(
        &self,
        request: &mut Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let credentials = self.inner();

        if let Some((_, header)) = &credentials.api_key {
            request.headers_mut().insert(API_KEY_HEADER, header.clone());
        }

        if carries_bearer(info.operation_id) {
            let token = credentials
                .session
                .token()
                .await
                .map_err(|error| progenitor_client::Error::Custom(error.to_string()))?;

            if let Some(token) = token {
                let value = Zeroizing::new(format!("Bearer {}", token.expose()));
                let header = sensitive_header(&value).ok_or_else(|| {
                    progenitor_client::Error::InvalidRequest(
                        "the stored token is not a valid header value".to_owned(),
                    )
                })?;
                request.headers_mut().insert(AUTHORIZATION, header);
            }
        }

        // Applied per request, so it holds also for a caller-supplied reqwest client.
        *request.timeout_mut() = Some(credentials.timeout);

        Ok(())
    }

    async fn exec(&self, request: Request, info: &OperationInfo) -> reqwest::Result<Response> {
        let span = tracing::info_span!(
            "iam_request",
            operation = info.operation_id,
            method = %request.method(),
            status = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );

        async {
            let started = Instant::now();
            let result = send(self.client(), request, self.inner().max_redirects).await;
            let elapsed_ms = started.elapsed().as_millis();

            let current = tracing::Span::current();
            current.record("elapsed_ms", elapsed_ms);
            match &result {
                Ok(response) => {
                    current.record("status", response.status().as_u16());
                    tracing::debug!(status = response.status().as_u16(), elapsed_ms, "answered");
                }
                Err(error) => {
                    tracing::debug!(elapsed_ms, timeout = error.is_timeout(), "failed");
                }
            }

            result
        }
        .instrument(span)
        .await
    }
}

/// Sends a request, following at most `max_redirects` redirects.
///
/// reqwest's own redirect policy keeps custom headers such as `x-api-key` when a redirect
/// leaves the server, so the client builds its reqwest client with no redirect policy and
/// follows redirects here instead: the credentials are dropped for good as soon as a hop
/// changes scheme, host or port.
async fn send(
    client: &reqwest::Client,
    request: Request,
    max_redirects: usize,
) -> reqwest::Result<Response> {
    let origin = Origin::of(request.url());
    let mut next = request;

    for _ in 0..max_redirects {
        // A request whose body cannot be cloned cannot be sent twice.
        let Some(retry) = next.try_clone() else {
            return client.execute(next).await;
        };

        let response = client.execute(next).await?;
        let Some(redirected) = redirect(retry, &response, &origin) else {
            return Ok(response);
        };
        next = redirected;
    }

    client.execute(next).await
}

/// The scheme, host and port a request goes to.
#[derive(PartialEq, Eq)]
struct Origin(String, Option<String>, Option<u16>);

impl Origin {
    fn of(url: &Url) -> Self {
        Self(
            url.scheme().to_owned(),
            url.host_str().map(str::to_owned),
            url.port_or_known_default(),
        )
    }
}

/// The request to send after a redirect response, or `None` when the response is no
/// redirect to follow.
fn redirect(mut request: Request, response: &Response, origin: &Origin) -> Option<Request> {
    let status = response.status();
    if !status.is_redirection() {
        return None;
    }

    let location = response
        .headers()
        .get(reqwest::header::LOCATION)?
        .to_str()
        .ok()?;
    let target = response.url().join(location).ok()?;
    if !matches!(target.scheme(), "http" | "https") {
        return None;
    }

    // 301, 302 and 303 turn a POST into a GET without a body, as browsers do; 307 and 308
    // repeat the request as it was.
    let keeps_method = matches!(
        status,
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT
    );
    if !keeps_method && request.method() != Method::HEAD {
        *request.method_mut() = Method::GET;
        *request.body_mut() = None;
        request.headers_mut().remove(CONTENT_TYPE);
        request.headers_mut().remove(CONTENT_LENGTH);
    }

    if Origin::of(&target) != *origin {
        request.headers_mut().remove(API_KEY_HEADER);
        request.headers_mut().remove(AUTHORIZATION);
    }

    *request.url_mut() = target;
    Some(request)
}
