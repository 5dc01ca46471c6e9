//! The six services of [`IamClient`](crate::IamClient), one file each.

mod auth;
mod devices;
mod projects;
mod roles;
mod tenants;
mod users;

use std::future::Future;

use progenitor_client::ResponseValue;

pub use auth::AuthService;
pub use devices::DeviceService;
pub use projects::ProjectService;
pub use roles::RoleService;
pub use tenants::TenantService;
pub use users::UserService;

use crate::{Error, IamClient, api, types};

/// The code every answer carries: `ok`, or the application error.
pub(crate) trait Envelope {
    /// The answer's `responseCode`; `None` when the answer may leave it out.
    fn response_code(&self) -> Option<&str>;
}

macro_rules! envelopes {
    ($($name:ident),* $(,)?) => {
        $(
            impl Envelope for types::$name {
                fn response_code(&self) -> Option<&str> {
                    Some(&self.response_code)
                }
            }
        )*
    };
}

envelopes!(
    BaseResponse,
    RegisterResponse,
    UserResponse,
    UserPageResponse,
    TenantPageResponse,
    TenantResponse,
    IdResponse,
    ProjectPageResponse,
    ProjectResponse,
    RegisterRoleResponse,
    RoleResponse,
    RegisterDeviceResponse,
    DeviceResponse,
    DevicePageResponse,
);

impl Envelope for types::AuthIdentity {
    fn response_code(&self) -> Option<&str> {
        self.response_code.as_deref()
    }
}

/// The success code of every answer.
const OK: &str = "ok";

/// Sends a request and turns an answer with an error code into [`Error::Handled`].
pub(crate) async fn call<T: Envelope>(
    client: &IamClient,
    operation: &'static str,
    request: impl Future<Output = Result<ResponseValue<T>, api::Error<()>>>,
) -> Result<T, Error> {
    let answer = client.send(operation, request).await?;

    match answer.response_code() {
        None | Some(OK) => Ok(answer),
        Some(code) => Err(Error::handled(operation, code)),
    }
}

/// Takes a field the contract leaves optional because error answers lack it, but that an
/// `ok` answer must have.
pub(crate) fn required<T>(
    value: Option<T>,
    operation: &'static str,
    field: &str,
) -> Result<T, Error> {
    value.ok_or_else(|| Error::missing_field(operation, field))
}

/// Collects string-like items into owned strings.
pub(crate) fn strings<I>(items: I) -> Vec<String>
where
    I: IntoIterator,
    I::Item: Into<String>,
{
    items.into_iter().map(Into::into).collect()
}
