//! A faithful, stateful local server of the Applica IAM API, for tests, examples and other
//! teams' clients.
//!
//! The emulator serves every operation of the contract under [`BASE_PATH`] (`/api`), keeps
//! its records in memory, and checks credentials as the backend's three security chains do.
//! Request and response bodies are the types that `iam_client::types` generates from the
//! OpenAPI contract, so the emulator and the client share one definition of every message.
//!
//! # Starting one
//!
//! ```
//! use std::time::Duration;
//!
//! use iam_emulator::Emulator;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), iam_emulator::EmulatorError> {
//! let emulator = Emulator::builder()
//!     .api_key("test-key")
//!     .admin("root@example.com", "root-password")
//!     .token_ttl(Duration::from_secs(600))
//!     .start()
//!     .await?;
//!
//! // e.g. http://127.0.0.1:40123/api
//! assert!(emulator.base_url().ends_with("/api"));
//!
//! // Tokens expire without waiting.
//! emulator.advance_clock(Duration::from_secs(601));
//!
//! emulator.shutdown().await?;
//! # Ok(())
//! # }
//! ```
//!
//! - [`Emulator::start`] starts one with the defaults; [`Emulator::builder`] gives an
//!   [`EmulatorBuilder`] whose setters are [`api_key`](EmulatorBuilder::api_key),
//!   [`admin`](EmulatorBuilder::admin), [`token_ttl`](EmulatorBuilder::token_ttl),
//!   [`jwt_secret`](EmulatorBuilder::jwt_secret) and [`debug`](EmulatorBuilder::debug).
//! - [`EmulatorBuilder::start`] listens on a free port of `127.0.0.1`;
//!   [`EmulatorBuilder::start_on`] on a given address. Both serve in a background task and
//!   answer an [`Emulator`] handle with [`addr`](Emulator::addr),
//!   [`base_url`](Emulator::base_url), [`advance_clock`](Emulator::advance_clock) and
//!   [`shutdown`](Emulator::shutdown). Dropping the handle stops the server too.
//! - [`EmulatorBuilder::serve`] serves on a listener in the current task until a shutdown
//!   future resolves.
//!
//! `cargo xtask serve` runs the emulator as a process, with the same defaults.
//!
//! # Defaults
//!
//! - system API key: [`DEFAULT_API_KEY`] (`iam-dev-api-key`);
//! - administrator: [`DEFAULT_ADMIN_EMAIL`] / [`DEFAULT_ADMIN_PASSWORD`]
//!   (`admin@iam.local` / `admin-password`), active, with the role [`ROLE_ADMIN`];
//! - token lifetime: [`DEFAULT_TOKEN_TTL`] (one hour);
//! - token signing key: random for each emulator;
//! - debug mode: on, so a recovery answers the new password;
//! - port of `cargo xtask serve`: [`DEFAULT_PORT`] (8081).
//!
//! Two role records are seeded, with no tenant and no project: [`ROLE_USER`] with
//! [`USER_PERMISSIONS`] and [`ROLE_ADMIN`] with [`ADMIN_PERMISSIONS`].
//!
//! # Credentials
//!
//! Credentials travel in `x-api-key` (the system key or a tenant's `apiKey`) and in
//! `Authorization: Bearer <token>` (a token from a login). When both are present the API
//! key decides what the caller may do, and the bearer token says who "me" is.
//!
//! - Public `/auth/**` operations admit anyone; both headers are ignored.
//! - `/auth/change-password` and `/auth/update-profile` admit a valid bearer token, with or
//!   without a valid API key, and act on the token's user. Without a bearer token they
//!   answer 401, even with the system key.
//! - `/auth/impersonate` and `/auth/reset-pin` admit the system key, or an administrator's
//!   bearer token without a key. A tenant's key or a non-administrator's token answers 403;
//!   no credential, 401.
//! - `/tenants/**` admits the system key. A tenant's key or a bearer token alone answers
//!   403; no credential, 401.
//! - `/users/**`, `/roles/**`, `/projects/**` and `/devices/**` admit the system key, a
//!   tenant's key or a bearer token. No credential answers 401.
//!
//! Wherever credentials are checked, one that is present must be valid: an unknown API
//! key, or a bearer token that is expired, tampered with, signed with another key, not of
//! the `Bearer` scheme, or of a deleted or disabled user, answers 401 whatever the other
//! header holds.
//!
//! # Answers
//!
//! Application errors answer HTTP 200 with an `iam.error.*` code in `responseCode`:
//! `user-not-found`, `user-already-exists`, `user-not-active`, `bad-activation-code`,
//! `bad-current-password`, `tenant-not-found`, `tenant-already-exists`, `project-not-found`,
//! `project-already-exists`, `role-not-found`, `role-already-exists`, `device-not-found`,
//! `device-already-exists`, `device-not-registered`, `invalid-pin`, `pin-already-used`,
//! `unsupported-provider` and `bad-third-party-payload`.
//!
//! HTTP errors answer a JSON body `{"responseCode": "iam.error.<code>", "message": "..."}`:
//!
//! - 400 `bad-request`: the body is malformed, lacks a required field, has a field of the
//!   wrong type or the wrong content type, or its `pageable` asks for a negative page or
//!   fewer than one row per page;
//! - 401 `unauthorized`: a credential is missing or invalid, a login has bad credentials,
//!   or a token login a bad token;
//! - 403 `not-authorized`: the caller is known but may not call this operation;
//! - 404 `not-found`: no operation has this path;
//! - 405 `method-not-allowed`: the path exists, but not with this method;
//! - 500 `internal`: the emulator failed on this request, and keeps serving.
//!
//! A 400 message names the field and the kind of fault, never a value the request sent.
//! Credentials are checked before the body is read, and a refused request changes nothing.
//!
//! # Rules where the backend is not known
//!
//! The real backend is closed; where its behaviour is not known, the emulator keeps these
//! rules.
//!
//! **Credentials and tokens**
//!
//! - `/tenants/**` with nothing or an unknown key answers 401; with a valid bearer token
//!   alone, an administrator's too, 403.
//! - A tenant's API key opens users, roles, projects and devices without limiting them to
//!   that tenant's records. A project's `apiKey` is kept and answered but is no credential.
//! - Tokens are HS256 JWTs with `sub` (the user id), `iat`, `exp` and a random `jti`; a token
//!   is valid up to, not including, its `exp` second of the emulator's clock. Nothing else
//!   revokes a token: logging out is the client's business.
//!
//! **Users and logins**
//!
//! - Ids are 24 lower-case hex characters; no two users' ids share their first six, so an
//!   activation code names one user. A code activates a registered user once; it never
//!   re-activates a disabled user, and imported users have none (enable them instead).
//! - E-mail addresses are compared without case everywhere. No field is checked for
//!   format or strength: an empty code or password is stored as given.
//! - A login checks the password before the user's state: a wrong password answers 401
//!   even for an inactive user, the right one `user-not-active`.
//! - A successful identity carries `responseCode` `ok`, `needToChangePassword`, and
//!   `permissions` as a list: the sorted union of the permissions of every role record
//!   whose code is one of the user's roles and whose tenant and project are unset or the
//!   user's current ones. Role codes given to users are not checked against role records.
//!   An administrator is a user with the role code [`ROLE_ADMIN`].
//! - `needToChangePassword` is true after an import or update with `finalized: false` and
//!   after a recovery, until a change of password or an update with `finalized: true`.
//! - A recovery sets a random password, also for an inactive user (without activating it),
//!   and answers it in `newPassword` in debug mode only.
//! - Third-party login accepts the provider `google` (without case) and trusts its payload:
//!   a JSON object with a non-empty string `email` and an optional string `name`. An
//!   unknown address creates an active user with [`ROLE_USER`], that name, and a random
//!   password nobody knows; a known one logs that user in as it is.
//! - Impersonating answers an ordinary token of the target user, or `user-not-active`.
//! - `update-profile` merges `data` into the profile; a string `name` also sets the name.
//!
//! **PINs and devices**
//!
//! - `reset-pin` stores any string as the PIN, the empty one too; the same user may set
//!   the same PIN again. `pin-login` answers `device-not-registered` for an unknown device
//!   code, `invalid-pin` when the ciphertext does not decrypt or the PIN is nobody's, and
//!   `user-not-active` for an inactive owner.
//! - A device's secret is 32 hex characters; its `registrationDate` is set at creation and
//!   no operation sets its `name`. `by-code`, `by-id` and `search` answer the secret, which
//!   the contract's `Device` carries. Device codes are unique among all devices.
//!
//! **Records and searches**
//!
//! - Tenant, project and device codes are unique among all records of their kind; role
//!   codes within their tenant and project. A tenant cannot be imported with the system key
//!   or another tenant's key (`tenant-already-exists`).
//! - Updates change the given fields. Empty lists and empty objects count as absent, since
//!   the contract cannot tell them apart; the lists of `update-user-roles` and
//!   `set-user-tenants` are required and replace (an empty one clears). `replaceProfile`
//!   replaces the profile, with an empty one too.
//! - `update-user` and `import-user` store tenant and project ids as given;
//!   `add-user-to-tenant`, `set-user-tenants`, `set-tenant`, `set-project` and project
//!   registration check them. Role scopes are not checked.
//! - `import-user` keeps a given id, makes the user inactive unless `activeByDefault`, gives
//!   it [`ROLE_USER`] when no roles are given and a random password when none is, and makes
//!   a given tenant or project its current one and a membership.
//! - `set-user-tenants` and `remove-user-from-tenant` clear the current tenant when it is
//!   no longer one of the user's. Deleting a tenant removes it from users (also as the
//!   current one) and projects, and leaves the roles scoped to it; deleting a project
//!   removes it from users. The seeded administrator and roles can be deleted like others.
//! - `roles/get-by-code` matches the tenant exactly (absent means none), ignores projects,
//!   and answers the oldest match.
//! - Searches answer records in creation order. Keywords match e-mail addresses and names
//!   of users, codes and names of the rest. A user's `profile` filter matches a string
//!   field equal to the value, or another JSON value whose JSON text is the value.
//! - Without `pageable` a search answers one page: `number` 0, `size` the number of
//!   matches, `totalPages` 1, even when nothing matched. With it, `page` defaults to 0 and
//!   `rowsPerPage` to 20; `size` is `rowsPerPage`, `totalPages` is 0 when nothing matched,
//!   and a page past the end is empty.
//!
//! **Transport**
//!
//! - A JSON body must be one JSON object with `Content-Type: application/json`; a form body
//!   needs `application/x-www-form-urlencoded`, with or without a `charset` parameter.
//! - Unknown paths and methods are answered before any credential is checked.
//!
//! # Known shortcomings
//!
//! - All records live in memory behind one lock and are lost when the emulator stops.
//! - Passwords and PINs are kept as given (never logged or printed) and compared in plain:
//!   the emulator is a test double, not a vault.
//! - Inside a JSON body, a nested object given as an array (`"pageable": [0, 20]`) is read
//!   field by field, as serde reads structs; the backend would refuse it.
#![deny(missing_docs)]

mod answer;
mod app;
mod auth;
mod body;
mod clock;
mod config;
mod devices;
mod errors;
mod projects;
mod random;
mod roles;
mod search;
mod security;
mod server;
mod store;
mod tenants;
mod tokens;
mod users;

pub use config::{
    ADMIN_PERMISSIONS, BASE_PATH, DEFAULT_ADMIN_EMAIL, DEFAULT_ADMIN_PASSWORD, DEFAULT_API_KEY,
    DEFAULT_PORT, DEFAULT_TOKEN_TTL, EmulatorBuilder, ROLE_ADMIN, ROLE_USER, USER_PERMISSIONS,
};
pub use server::{Emulator, EmulatorError};
