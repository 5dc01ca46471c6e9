//! The two independent validators, `openapi-spec-validator` from PyPI and `@redocly/cli`
//! from npm, installed on first use into a folder under `target/` and kept there, so that
//! nothing global is needed and a second run starts at once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

/// The pinned version of `openapi-spec-validator`.
pub const OPENAPI_SPEC_VALIDATOR: &str = "0.9.0";

/// The pinned version of `@redocly/cli`.
pub const REDOCLY_CLI: &str = "2.77.0";

/// Where the validators live: a Python virtual environment and an npm prefix.
pub struct Tools {
    root: PathBuf,
}

impl Tools {
    /// Tools kept under `root`, e.g. `target/xtask-tools`.
    pub fn new(root: PathBuf) -> Self {
        Self { root }
    }

    /// Runs `openapi-spec-validator` on `spec`, installing it first when it is missing.
    pub fn openapi_spec_validator(&self, spec: &Path) -> anyhow::Result<()> {
        let program = self.install_openapi_spec_validator()?;
        let mut command = Command::new(program);
        command.args(["--validation-errors", "all"]).arg(spec);

        run_validator(
            &format!("openapi-spec-validator {OPENAPI_SPEC_VALIDATOR}"),
            command,
        )
    }

    /// Runs `redocly lint` on `spec` with the rules in `config`, installing it first when
    /// it is missing.
    pub fn redocly_lint(&self, spec: &Path, config: &Path) -> anyhow::Result<()> {
        let program = self.install_redocly()?;
        let mut command = Command::new(program);
        command
            .args(["lint", "--format", "stylish", "--config"])
            .arg(config)
            .arg(spec)
            // Redocly reports usage to its vendor unless told not to; a check has no
            // business talking to anyone but the package registries.
            .env("REDOCLY_TELEMETRY", "off")
            .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");

        run_validator(&format!("@redocly/cli {REDOCLY_CLI} lint"), command)
    }

    fn install_openapi_spec_validator(&self) -> anyhow::Result<PathBuf> {
        let venv = self.root.join("venv");
        let program = venv.join("bin").join("openapi-spec-validator");
        let requirement = format!("openapi-spec-validator=={OPENAPI_SPEC_VALIDATOR}");

        // pip cannot answer quickly what it has installed, so a stamp written after a
        // successful install records it.
        let stamp = venv.join("xtask-installed");
        if program.exists() && std::fs::read_to_string(&stamp).ok() == Some(requirement.clone()) {
            return Ok(program);
        }

        println!("installing {requirement} into {}", venv.display());
        let mut create = Command::new("python3");
        create.args(["-m", "venv", "--clear"]).arg(&venv);
        run_installer("python3 -m venv", create)?;

        let mut install = Command::new(venv.join("bin").join("python"));
        install
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg(&requirement);
        run_installer("pip install", install)?;

        std::fs::write(&stamp, &requirement)
            .with_context(|| format!("cannot write {}", stamp.display()))?;
        Ok(program)
    }

    fn install_redocly(&self) -> anyhow::Result<PathBuf> {
        let prefix = self.root.join("node");
        let program = prefix.join("node_modules").join(".bin").join("redocly");

        let manifest = prefix.join("node_modules/@redocly/cli/package.json");
        if program.exists() && installed_npm_version(&manifest).as_deref() == Some(REDOCLY_CLI) {
            return Ok(program);
        }

        println!(
            "installing @redocly/cli {REDOCLY_CLI} into {}",
            prefix.display()
        );
        std::fs::create_dir_all(&prefix)
            .with_context(|| format!("cannot create {}", prefix.display()))?;
        let mut install = Command::new("npm");
        install
            .args(["install", "--prefix"])
            .arg(&prefix)
            .args([
                "--save-exact",
                "--no-audit",
                "--no-fund",
                "--loglevel",
                "error",
            ])
            .arg(format!("@redocly/cli@{REDOCLY_CLI}"));
        run_installer("npm install", install)?;

        Ok(program)
    }
}

/// The `version` field of an installed npm package's manifest.
fn installed_npm_version(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let manifest: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(manifest.get("version")?.as_str()?.to_owned())
}

fn run_installer(what: &str, mut command: Command) -> anyhow::Result<()> {
    let status = command.status().with_context(|| {
        format!(
            "cannot start {what}: is {:?} installed?",
            command.get_program()
        )
    })?;
    if !status.success() {
        bail!("{what} failed ({status})");
    }
    Ok(())
}

fn run_validator(name: &str, mut command: Command) -> anyhow::Result<()> {
    println!("\n== {name}");
    let started = Instant::now();

    let status = command
        .status()
        .with_context(|| format!("cannot start {name}"))?;
    if !status.success() {
        bail!("{name} found errors in the contract ({status})");
    }

    println!(
        "{name}: no errors ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
