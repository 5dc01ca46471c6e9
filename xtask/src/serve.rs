//! `cargo xtask serve`: runs the emulator as a process.

/// Options of `cargo xtask serve`.
#[derive(clap::Args)]
pub struct ServeArgs {}

pub fn run(_args: ServeArgs) -> anyhow::Result<()> {
    anyhow::bail!("cargo xtask serve is not written yet")
}
