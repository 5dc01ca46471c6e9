//! Turning an operation's outcome into the contract's response type.

use iam_client::types::{
    AuthIdentity, BaseResponse, Device, DeviceCredentials, DevicePage, DevicePageResponse,
    DeviceResponse, IdResponse, Project, ProjectPage, ProjectPageResponse, ProjectResponse,
    RegisterDeviceResponse, RegisterResponse, RegisterRoleResponse, Role, RoleResponse, Tenant,
    TenantPage, TenantPageResponse, TenantResponse, User, UserPage, UserPageResponse, UserResponse,
};

use crate::errors::{ErrorCode, Outcome};
use crate::search::Page;

const OK: &str = "ok";

/// A response type of the contract: `ok` with a value, or only an error code.
pub(crate) trait Answer: Sized {
    /// What a successful answer carries.
    type Value;

    fn success(value: Self::Value) -> Self;

    fn failure(code: ErrorCode) -> Self;

    fn from_outcome(outcome: Outcome<Self::Value>) -> Self {
        match outcome {
            Ok(value) => Self::success(value),
            Err(code) => Self::failure(code),
        }
    }
}

impl Answer for BaseResponse {
    type Value = ();

    fn success((): ()) -> Self {
        Self {
            response_code: OK.to_owned(),
            new_password: None,
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            new_password: None,
        }
    }
}

impl Answer for AuthIdentity {
    type Value = AuthIdentity;

    fn success(identity: AuthIdentity) -> Self {
        identity
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: Some(code.as_str().to_owned()),
            ..Self::default()
        }
    }
}

impl Answer for RegisterRoleResponse {
    type Value = Role;

    fn success(role: Role) -> Self {
        Self {
            response_code: OK.to_owned(),
            id: Some(role.id.clone()),
            role: Some(role),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            id: None,
            role: None,
        }
    }
}

/// An answer that carries one value in one optional field.
macro_rules! one_value_answers {
    ($($answer:ident { $field:ident: $value:ty })*) => {
        $(
            impl Answer for $answer {
                type Value = $value;

                fn success(value: $value) -> Self {
                    Self { response_code: OK.to_owned(), $field: Some(value) }
                }

                fn failure(code: ErrorCode) -> Self {
                    Self { response_code: code.as_str().to_owned(), $field: None }
                }
            }
        )*
    };
}

one_value_answers! {
    RegisterResponse { user_id: String }
    IdResponse { id: String }
    UserResponse { user: User }
    TenantResponse { tenant: Tenant }
    ProjectResponse { project: Project }
    RoleResponse { role: Role }
    DeviceResponse { device: Device }
    RegisterDeviceResponse { device: DeviceCredentials }
}

/// An answer that carries one page of records.
macro_rules! page_answers {
    ($($answer:ident { $field:ident: $page:ident<$record:ty> })*) => {
        $(
            impl Answer for $answer {
                type Value = Page<$record>;

                fn success(page: Page<$record>) -> Self {
                    let page = $page {
                        content: page.content,
                        total_elements: page.total_elements,
                        total_pages: page.total_pages,
                        number: page.number,
                        size: page.size,
                    };
                    Self { response_code: OK.to_owned(), $field: Some(page) }
                }

                fn failure(code: ErrorCode) -> Self {
                    Self { response_code: code.as_str().to_owned(), $field: None }
                }
            }
        )*
    };
}

page_answers! {
    UserPageResponse { users: UserPage<User> }
    TenantPageResponse { tenants: TenantPage<Tenant> }
    ProjectPageResponse { projects: ProjectPage<Project> }
    DevicePageResponse { devices: DevicePage<Device> }
}
