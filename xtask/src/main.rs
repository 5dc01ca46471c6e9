//! The project's own tasks, run as `cargo xtask <task>`.

use clap::{Parser, Subcommand};

mod serve;
mod spec;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer tasks of applica-iam-client")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Check openapi/iam.yaml and run the independent validators on it.
    Spec(spec::SpecArgs),
    /// Run the IAM emulator as a process until Ctrl-C.
    Serve(serve::ServeArgs),
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().task {
        Task::Spec(args) => spec::run(args),
        Task::Serve(args) => serve::run(args),
    }
}
