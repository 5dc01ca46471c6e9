//! `cargo xtask spec`: checks the contract, prints what it offers, and runs the two
//! independent validators on it.

use std::path::{Path, PathBuf};

use anyhow::bail;
use xtask::contract::Contract;
use xtask::validators::Tools;
use xtask::{checks, surface};

/// Options of `cargo xtask spec`.
#[derive(clap::Args)]
pub struct SpecArgs {
    /// The OpenAPI document, relative to the workspace root.
    #[arg(long, default_value = "openapi/iam.yaml")]
    spec: PathBuf,
}

pub fn run(args: SpecArgs) -> anyhow::Result<()> {
    let root = workspace_root();
    let spec = root.join(&args.spec);

    let contract = Contract::load(&spec)?;
    println!("{}: {}", args.spec.display(), surface::summary(&contract));
    print!("{}", surface::surface(&contract));

    let problems = checks::run(&contract);
    if !problems.is_empty() {
        eprintln!();
        for problem in &problems {
            eprintln!("{problem}");
        }
        bail!(
            "{} breaks {} of the contract's rules",
            args.spec.display(),
            problems.len()
        );
    }
    println!("\nall {} checks passed", checks::CHECKS.len());

    let tools = Tools::new(target_dir(&root).join("xtask-tools"));
    tools.openapi_spec_validator(&spec)?;
    tools.redocly_lint(&spec, &root.join("redocly.yaml"))?;

    Ok(())
}

fn workspace_root() -> PathBuf {
    // The xtask package sits one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent folder")
        .to_owned()
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}
