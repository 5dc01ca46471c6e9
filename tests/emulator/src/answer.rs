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

impl Answer for RegisterResponse {
    type Value = String;

    fn success(user_id: String) -> Self {
        Self {
            response_code: OK.to_owned(),
            user_id: Some(user_id),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            user_id: None,
        }
    }
}

impl Answer for IdResponse {
    type Value = String;

    fn success(id: String) -> Self {
        Self {
            response_code: OK.to_owned(),
            id: Some(id),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            id: None,
        }
    }
}

impl Answer for UserResponse {
    type Value = User;

    fn success(user: User) -> Self {
        Self {
            response_code: OK.to_owned(),
            user: Some(user),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            user: None,
        }
    }
}

impl Answer for UserPageResponse {
    type Value = Page<User>;

    fn success(page: Page<User>) -> Self {
        let users = UserPage {
            content: page.content,
            total_elements: page.total_elements,
            total_pages: page.total_pages,
            number: page.number,
            size: page.size,
        };
        Self {
            response_code: OK.to_owned(),
            users: Some(users),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            users: None,
        }
    }
}

impl Answer for TenantResponse {
    type Value = Tenant;

    fn success(tenant: Tenant) -> Self {
        Self {
            response_code: OK.to_owned(),
            tenant: Some(tenant),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            tenant: None,
        }
    }
}

impl Answer for TenantPageResponse {
    type Value = Page<Tenant>;

    fn success(page: Page<Tenant>) -> Self {
        let tenants = TenantPage {
            content: page.content,
            total_elements: page.total_elements,
            total_pages: page.total_pages,
            number: page.number,
            size: page.size,
        };
        Self {
            response_code: OK.to_owned(),
            tenants: Some(tenants),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            tenants: None,
        }
    }
}

impl Answer for ProjectResponse {
    type Value = Project;

    fn success(project: Project) -> Self {
        Self {
            response_code: OK.to_owned(),
            project: Some(project),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            project: None,
        }
    }
}

impl Answer for ProjectPageResponse {
    type Value = Page<Project>;

    fn success(page: Page<Project>) -> Self {
        let projects = ProjectPage {
            content: page.content,
            total_elements: page.total_elements,
            total_pages: page.total_pages,
            number: page.number,
            size: page.size,
        };
        Self {
            response_code: OK.to_owned(),
            projects: Some(projects),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            projects: None,
        }
    }
}

impl Answer for RoleResponse {
    type Value = Role;

    fn success(role: Role) -> Self {
        Self {
            response_code: OK.to_owned(),
            role: Some(role),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            role: None,
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

impl Answer for DeviceResponse {
    type Value = Device;

    fn success(device: Device) -> Self {
        Self {
            response_code: OK.to_owned(),
            device: Some(device),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            device: None,
        }
    }
}

impl Answer for DevicePageResponse {
    type Value = Page<Device>;

    fn success(page: Page<Device>) -> Self {
        let devices = DevicePage {
            content: page.content,
            total_elements: page.total_elements,
            total_pages: page.total_pages,
            number: page.number,
            size: page.size,
        };
        Self {
            response_code: OK.to_owned(),
            devices: Some(devices),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            devices: None,
        }
    }
}

impl Answer for RegisterDeviceResponse {
    type Value = DeviceCredentials;

    fn success(device: DeviceCredentials) -> Self {
        Self {
            response_code: OK.to_owned(),
            device: Some(device),
        }
    }

    fn failure(code: ErrorCode) -> Self {
        Self {
            response_code: code.as_str().to_owned(),
            device: None,
        }
    }
}
