//! agent-tui: where support agents work the chatd queue from a terminal.
//!
//! The workspace arrives with the agent-tui issue; this binary exists now so
//! the workspace has its final shape.
#![forbid(unsafe_code)]

use clap::Parser;

/// Work the chatd queue from a terminal.
#[derive(Debug, Parser)]
#[command(name = "agent-tui", version, about)]
struct Cli {
    /// chatd base URL.
    #[arg(long, env = "CHATD_SERVER", default_value = "http://127.0.0.1:8080")]
    server: String,
}

fn main() {
    let cli = Cli::parse();
    eprintln!(
        "agent-tui: the terminal workspace is not built yet; chatd is expected at {}",
        cli.server
    );
    std::process::exit(2);
}
