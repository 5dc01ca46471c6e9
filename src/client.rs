//! [`IamClient`] and its builder.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use progenitor_client::ResponseValue;

use crate::services::{
    AuthService, DeviceService, ProjectService, RoleService, TenantService, UserService,
};
use crate::session::Session;
use crate::storage::{MemoryStorage, Storage};
use crate::transport::Credentials;
use crate::{Error, Secret, api};

/// How long a connection may take to open, unless the builder says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a whole request may take, unless the builder says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The client of the IAM service.
///
/// Cheap to clone (clones share one connection pool and one session), `Send` and `Sync`:
/// build it once and use it from as many tasks as needed.
///
/// ```no_run
/// # async fn run() -> Result<(), iam_client::Error> {
/// use iam_client::IamClient;
///
/// let iam = IamClient::builder("https://iam.example.com/api")
///     .api_key("system-api-key")
///     .build()?;
///
/// iam.auth().login("admin@example.com", "secret").await?;
/// let user = iam.users().get_by_email("someone@example.com").await?;
/// println!("{} is {:?}", user.email, user.roles);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct IamClient {
    shared: Arc<Shared>,
}

struct Shared {
    api: api::Client,
    session: Arc<Session>,
}

impl fmt::Debug for IamClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credentials = api::ClientInfo::inner(&self.shared.api);
        f.debug_struct("IamClient")
            .field("base_url", &api::ClientInfo::baseurl(&self.shared.api))
            .field("credentials", credentials)
            .finish_non_exhaustive()
    }
}

impl IamClient {
    /// Starts a builder for a client of the API at `base_url`, which ends in `/api`
    /// (e.g. `http://localhost:8081/api`).
    pub fn builder(base_url: impl Into<String>) -> IamClientBuilder {
        IamClientBuilder::new(base_url.into())
    }

    /// A client of the API at `base_url` with no API key, a memory session and the default
    /// timeouts.
    pub fn new(base_url: impl Into<String>) -> Result<Self, Error> {
        Self::builder(base_url).build()
    }

    /// Logins, registration, impersonation, PIN login and the session helpers.
    pub fn auth(&self) -> AuthService<'_> {
        AuthService::new(self)
    }

    /// User records, their roles and memberships.
    pub fn users(&self) -> UserService<'_> {
        UserService::new(self)
    }

    /// Tenant records (the system API key only).
    pub fn tenants(&self) -> TenantService<'_> {
        TenantService::new(self)
    }

    /// Project records.
    pub fn projects(&self) -> ProjectService<'_> {
        ProjectService::new(self)
    }

    /// Roles and their permissions.
    pub fn roles(&self) -> RoleService<'_> {
        RoleService::new(self)
    }

    /// Devices for PIN login.
    pub fn devices(&self) -> DeviceService<'_> {
        DeviceService::new(self)
    }

    /// The generated progenitor client, for anything this facade lacks. Its requests carry
    /// the same credentials, timeout and tracing as the facade's.
    pub fn api(&self) -> &api::Client {
        &self.shared.api
    }

    /// The storage that holds the session.
    pub fn storage(&self) -> &Arc<dyn Storage> {
        self.shared.session.storage()
    }

    /// The API base URL.
    pub fn base_url(&self) -> &str {
        api::ClientInfo::baseurl(&self.shared.api)
    }

    pub(crate) fn session(&self) -> &Session {
        &self.shared.session
    }

    /// Sends a generated request and maps its failure.
    pub(crate) async fn send<T>(
        &self,
        operation: &'static str,
        request: impl Future<Output = Result<ResponseValue<T>, api::Error<()>>>,
    ) -> Result<T, Error> {
        match request.await {
            Ok(response) => Ok(response.into_inner()),
            Err(error) => Err(Error::from_api(operation, error, &self.secrets().await).await),
        }
    }

    /// The secrets this client may have sent, to blank out of error excerpts.
    async fn secrets(&self) -> Vec<Secret> {
        let credentials = api::ClientInfo::inner(&self.shared.api);
        let mut secrets: Vec<Secret> = credentials.api_key().into_iter().cloned().collect();

        if let Ok(Some(token)) = credentials.session().token().await {
            secrets.push(token);
        }
        secrets
    }
}

/// Builds an [`IamClient`]; see [`IamClient::builder`].
pub struct IamClientBuilder {
    base_url: String,
    api_key: Option<Secret>,
    storage: Option<Arc<dyn Storage>>,
    connect_timeout: Duration,
    timeout: Duration,
    http_client: Option<reqwest::Client>,
    max_redirects: usize,
}

impl fmt::Debug for IamClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamClientBuilder")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_redirects", &self.max_redirects)
            .finish_non_exhaustive()
    }
}

impl IamClientBuilder {
    fn new(base_url: String) -> Self {
        Self {
            base_url,
            api_key: None,
            storage: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            http_client: None,
            max_redirects: 0,
        }
    }

    /// The system API key or a tenant's API key, sent as `x-api-key` on every request.
    pub fn api_key(mut self, key: impl Into<Secret>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Where the session lives; a [`MemoryStorage`] by default.
    pub fn storage(self, storage: impl Storage + 'static) -> Self {
        self.shared_storage(Arc::new(storage))
    }

    /// Where the session lives, shared with other owners of the same storage.
    pub fn shared_storage(mut self, storage: Arc<dyn Storage>) -> Self {
        self.storage = Some(storage);
        self
    }

    /// How long opening a connection may take (10 s by default). Ignored when a caller's
    /// reqwest client is given, which keeps its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a whole request may take, from sending to the end of the body (30 s by
    /// default). It applies to a caller's reqwest client too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sends requests with this reqwest client instead of one built here.
    ///
    /// The credentials travel in headers that reqwest's redirect policies keep across
    /// hosts, and a reqwest client does not tell which policy it has: give one built with
    /// `reqwest::redirect::Policy::none()`, and use [`follow_redirects`](Self::follow_redirects)
    /// if redirects must be followed.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Follows up to `max` redirects (none by default). The API key and the bearer token
    /// are dropped as soon as a redirect changes scheme, host or port.
    pub fn follow_redirects(mut self, max: usize) -> Self {
        self.max_redirects = max;
        self
    }

    /// Builds the client. Fails with [`Error::InvalidArgument`] when the base URL is not
    /// an absolute `http` or `https` URL without user information, query or fragment, or
    /// when the API key is not a valid header value.
    pub fn build(self) -> Result<IamClient, Error> {
        let base_url = check_base_url(&self.base_url)?;

        let http_client = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(concat!(
                    env!("CARGO_PKG_NAME"),
                    "/",
                    env!("CARGO_PKG_VERSION")
                ))
                .build()
                .map_err(|error| {
                    Error::InvalidArgument(format!("cannot build the HTTP client: {error}"))
                })?,
        };

        let storage = self
            .storage
            .unwrap_or_else(|| Arc::new(MemoryStorage::new()));
        let session = Arc::new(Session::new(storage));
        let credentials = Credentials::new(
            self.api_key,
            session.clone(),
            self.timeout,
            self.max_redirects,
        )?;
        let api = api::Client::new_with_client(&base_url, http_client, credentials);

        Ok(IamClient {
            shared: Arc::new(Shared { api, session }),
        })
    }
}

/// The base URL without a trailing slash, once it is known to be usable.
fn check_base_url(text: &str) -> Result<String, Error> {
    let invalid = |why: &str| Error::InvalidArgument(format!("the base URL {why}"));

    let url = reqwest::Url::parse(text.trim()).map_err(|_| invalid("is not an absolute URL"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("must use http or https"));
    }
    if url.host_str().is_none() {
        return Err(invalid("has no host"));
    }
    // Credentials in the URL would be sent as basic authentication and printed with it.
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("must not contain user information"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }

    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_client_is_send_sync_and_clone() {
        fn assert_bounds<T: Send + Sync + Clone + 'static>() {}
        assert_bounds::<IamClient>();
    }

    #[test]
    fn base_urls_are_checked_without_echoing_them() {
        for bad in [
            "not a url",
            "ftp://host/api",
            "https://user:pw@host/api",
            "http://h/api?x=1",
        ] {
            let error = IamClient::new(bad).expect_err("refused");
            assert!(
                matches!(error, Error::InvalidArgument(_)),
                "{bad}: {error:?}"
            );
            assert!(!error.to_string().contains("pw@"), "{error}");
        }

        let client = IamClient::new("http://localhost:8081/api/").expect("accepted");
        assert_eq!(client.base_url(), "http://localhost:8081/api");
    }

    #[test]
    fn api_keys_that_are_no_header_value_are_refused() {
        let error = IamClient::builder("http://localhost:8081/api")
            .api_key("line\nbreak")
            .build()
            .expect_err("refused");

        assert!(matches!(error, Error::InvalidArgument(_)));
        assert!(!error.to_string().contains("line"));
    }
}
