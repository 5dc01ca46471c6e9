//! `cargo xtask serve`: runs the IAM emulator as a process until Ctrl-C.

use std::io::IsTerminal as _;
use std::time::Duration;

use anyhow::Context as _;
use iam_emulator::Emulator;
use tracing_subscriber::EnvFilter;

const DEFAULT_TOKEN_TTL_SECS: u64 = iam_emulator::DEFAULT_TOKEN_TTL.as_secs();

/// Options of `cargo xtask serve`. The defaults match the backend's development setup.
///
/// There is no `Debug`: the options hold the API key and the administrator's password.
#[derive(clap::Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,

    /// The port to listen on.
    #[arg(long, default_value_t = iam_emulator::DEFAULT_PORT)]
    port: u16,

    /// The system API key, accepted in the `x-api-key` header.
    #[arg(long, value_name = "KEY", default_value = iam_emulator::DEFAULT_API_KEY)]
    api_key: String,

    /// The seeded administrator, as EMAIL:PASSWORD
    /// [default: admin@iam.local:admin-password].
    #[arg(long, value_name = "EMAIL:PASSWORD")]
    admin: Option<String>,

    /// How long a bearer token stays valid, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TOKEN_TTL_SECS)]
    token_ttl: u64,
}

/// The seeded administrator's e-mail address and password.
struct Admin {
    email: String,
    password: String,
}

impl Admin {
    /// Splits `EMAIL:PASSWORD` at the first colon: e-mail addresses hold none, passwords
    /// may. The error never repeats the value, which holds a password.
    fn parse(value: &str) -> anyhow::Result<Self> {
        match value.split_once(':') {
            Some((email, password)) if !email.is_empty() && !password.is_empty() => Ok(Self {
                email: email.to_owned(),
                password: password.to_owned(),
            }),
            _ => anyhow::bail!("--admin takes EMAIL:PASSWORD, both non-empty"),
        }
    }
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let admin = match &args.admin {
        Some(value) => Admin::parse(value)?,
        None => Admin {
            email: iam_emulator::DEFAULT_ADMIN_EMAIL.to_owned(),
            password: iam_emulator::DEFAULT_ADMIN_PASSWORD.to_owned(),
        },
    };

    // Request lines are logged at `info`; RUST_LOG can ask for more or less.
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve(args, admin))
}

async fn serve(args: ServeArgs, admin: Admin) -> anyhow::Result<()> {
    let emulator = Emulator::builder()
        .api_key(args.api_key)
        .admin(admin.email.as_str(), admin.password)
        .token_ttl(Duration::from_secs(args.token_ttl))
        .start_on((args.host.as_str(), args.port))
        .await
        .with_context(|| format!("cannot start the emulator on {}:{}", args.host, args.port))?;

    println!("IAM emulator listening on {}", emulator.base_url());
    println!("administrator: {}; stop with Ctrl-C", admin.email);

    stop_signal().await?;
    tracing::info!("stopping");
    emulator
        .shutdown()
        .await
        .context("the emulator did not stop cleanly")
}

/// Resolves on Ctrl-C, or on SIGTERM where there is one.
async fn stop_signal() -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};

        let mut terminate = signal(SignalKind::terminate()).context("cannot watch SIGTERM")?;
        tokio::select! {
            result = tokio::signal::ctrl_c() => result.context("cannot watch Ctrl-C"),
            _ = terminate.recv() => Ok(()),
        }
    }

    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await.context("cannot watch Ctrl-C")
    }
}
