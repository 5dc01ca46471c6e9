//! The library behind `cargo xtask`: what the tasks compute, kept apart from the command
//! line so that tests can call it.
//!
//! - [`contract`] loads the OpenAPI document and answers questions about its operations;
//! - [`checks`] holds the rules the document must follow;
//! - [`surface`] renders the API surface and the summary that `cargo xtask spec` prints;
//! - [`validators`] installs and runs the two independent validators.

pub mod checks;
pub mod contract;
pub mod surface;
pub mod validators;
