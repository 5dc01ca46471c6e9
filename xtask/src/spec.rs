//! `cargo xtask spec`: checks the contract.

/// Options of `cargo xtask spec`.
#[derive(clap::Args)]
pub struct SpecArgs {}

pub fn run(_args: SpecArgs) -> anyhow::Result<()> {
    anyhow::bail!("cargo xtask spec is not written yet")
}
