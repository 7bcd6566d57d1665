//! chatctl: the command line for chatd operators and CI.
//!
//! The resource commands arrive with the chatctl issue; this binary exists
//! now so the workspace, completions and packaging have their final shape.
#![forbid(unsafe_code)]

use clap::Parser;

/// Manage a chatd server from the shell.
#[derive(Debug, Parser)]
#[command(name = "chatctl", version, about)]
struct Cli {
    /// chatd base URL.
    #[arg(long, env = "CHATCTL_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let health = proto::Client::new(cli.server).health().await?;
    println!("{health}");
    Ok(())
}
