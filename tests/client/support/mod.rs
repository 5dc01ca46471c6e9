//! What the tests share: an emulator, clients with each kind of credential, users.

use std::sync::atomic::{AtomicUsize, Ordering};

use iam_client::{IamClient, types};
use iam_emulator::{DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY, Emulator};

/// A password the tests give the users they register.
pub const PASSWORD: &str = "correct horse battery staple";

/// Starts an emulator with the development defaults on a free port.
pub async fn emulator() -> Emulator {
    Emulator::start()
        .await
        .expect("the emulator starts on a free port")
}

/// A client with no credential at all.
pub fn anonymous(emulator: &Emulator) -> IamClient {
    IamClient::new(emulator.base_url()).expect("the emulator's URL is valid")
}

/// A client with the system API key and no user.
pub fn system(emulator: &Emulator) -> IamClient {
    with_key(emulator, DEFAULT_API_KEY)
}

/// A client with the given API key and no user.
pub fn with_key(emulator: &Emulator, key: &str) -> IamClient {
    IamClient::builder(emulator.base_url())
        .api_key(key)
        .build()
        .expect("a valid client")
}

/// A client logged in as the seeded administrator, without an API key.
pub async fn admin(emulator: &Emulator) -> IamClient {
    let client = anonymous(emulator);
    client
        .auth()
        .login(DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD)
        .await
        .expect("the seeded administrator logs in");
    client
}

/// A text no other call of this test run returns, for codes and e-mail addresses.
pub fn unique(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// A registered, activated user.
pub struct User {
    pub id: String,
    pub email: String,
}

/// Registers and activates a user with [`PASSWORD`].
pub async fn active_user(emulator: &Emulator) -> User {
    let client = anonymous(emulator);
    let email = format!("{}@example.com", unique("user"));

    let id = client
        .auth()
        .register("Test User", &email, PASSWORD)
        .await
        .expect("registers");
    client
        .auth()
        .activate(&id[..6])
        .await
        .expect("the id's first six characters activate");

    User { id, email }
}

/// A client logged in as a new, active user, and that user.
pub async fn user_client(emulator: &Emulator) -> (IamClient, User) {
    let user = active_user(emulator).await;
    let client = anonymous(emulator);
    client
        .auth()
        .login(&user.email, PASSWORD)
        .await
        .expect("the new user logs in");
    (client, user)
}

/// Registers a tenant with the system key and answers its id.
pub async fn tenant(emulator: &Emulator) -> String {
    let request = types::RegisterTenantRequest::builder()
        .code(unique("tenant"))
        .name("Test Tenant");
    system(emulator)
        .tenants()
        .register(request)
        .await
        .expect("a tenant registers")
}

pub mod scripted;
