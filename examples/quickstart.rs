//! The quick start: log in, search tenants, read a user, register a role.
//!
//! With `IAM_API_URL` set it talks to that server, using `IAM_API_KEY` (optional),
//! `IAM_EMAIL` and `IAM_PASSWORD`. Without it, it starts the embedded emulator and uses
//! the emulator's development key and administrator.
//!
//! ```sh
//! cargo run --example quickstart
//! IAM_API_URL=https://iam.example.com/api IAM_API_KEY=... IAM_EMAIL=... IAM_PASSWORD=... \
//!     cargo run --example quickstart
//! ```

use std::error::Error;
use std::time::{SystemTime, UNIX_EPOCH};

use iam_client::{IamClient, Secret, types};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY, Emulator};

/// Where to connect and as whom.
struct Target {
    base_url: String,
    api_key: Option<Secret>,
    email: String,
    password: Secret,
    /// Kept alive for the run when the example started the emulator itself.
    _emulator: Option<Emulator>,
}

async fn target() -> Result<Target, Box<dyn Error>> {
    if let Ok(base_url) = std::env::var("IAM_API_URL") {
        let required = |name: &str| {
            std::env::var(name).map_err(|_| format!("IAM_API_URL is set, so {name} must be too"))
        };

        return Ok(Target {
            base_url,
            api_key: std::env::var("IAM_API_KEY").ok().map(Secret::from),
            email: required("IAM_EMAIL")?,
            password: Secret::from(required("IAM_PASSWORD")?),
            _emulator: None,
        });
    }

    let emulator = Emulator::start().await?;
    println!(
        "IAM_API_URL is not set: started the embedded emulator at {}",
        emulator.base_url()
    );

    Ok(Target {
        base_url: emulator.base_url(),
        api_key: Some(Secret::from(DEFAULT_API_KEY)),
        email: DEFAULT_ADMIN_EMAIL.to_owned(),
        password: Secret::from(DEFAULT_ADMIN_PASSWORD),
        _emulator: Some(emulator),
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let target = target().await?;

    let mut builder = IamClient::builder(&target.base_url);
    if let Some(key) = target.api_key.clone() {
        builder = builder.api_key(key);
    }
    let iam = builder.build()?;

    println!("Logging in as {}", target.email);
    let identity = iam
        .auth()
        .login(&target.email, target.password.clone())
        .await?;
    let user = identity.user.clone().ok_or("the login answered no user")?;
    println!("  roles: {}", user.roles.join(", "));
    println!("  permissions: {}", identity.permission_list().len());

    if target.api_key.is_some() {
        println!("Searching tenants");
        let tenants = iam
            .tenants()
            .search(types::SearchTenantsRequest::default())
            .await?;
        println!("  {} tenants", tenants.total_elements);
        for tenant in &tenants.content {
            println!("  - {} ({})", tenant.name, tenant.code);
        }
    } else {
        println!("Skipping tenants: they need the system API key (IAM_API_KEY)");
    }

    println!("Getting user {}", user.id);
    let fetched = iam.users().get_by_id(&user.id).await?;
    println!(
        "  {} is active: {}",
        fetched.email,
        fetched.active.unwrap_or(false)
    );

    // A code of its own on every run, so that running twice against one server works.
    let seconds = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let code = format!("QUICKSTART_EDITOR_{seconds}");
    println!("Registering role {code}");
    let role = iam
        .roles()
        .register(
            types::RegisterRoleRequest::builder()
                .code(code)
                .name("Editor")
                .permissions(vec!["read".to_owned(), "write".to_owned()]),
        )
        .await?;
    println!(
        "  id {}, permissions {}",
        role.id,
        role.permissions.join(", ")
    );

    iam.auth().logout().await?;
    println!("Logged out");
    Ok(())
}
