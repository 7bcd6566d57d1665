//! chatctl: the command line for chatd operators and CI.
//!
//! The binary is `main.rs`; the library exists so the xtask can generate
//! completions and man pages from [`cli::Cli`].
#![forbid(unsafe_code)]

mod apply;
pub mod cli;
mod commands;
mod config;
mod error;
mod input;
mod output;
mod session;

pub use error::Exit;

/// Runs a parsed command line, prints any error on stderr, and returns the exit code.
pub async fn run(cli: cli::Cli) -> Exit {
    let out = output::Out::new(cli.global.output);
    match commands::run(cli, out).await {
        Ok(()) => Exit::Success,
        Err(e) => {
            eprintln!("{} {}", out.paint("error:", "1;31"), e.message);
            if let Some(h) = &e.hint {
                eprintln!("{} {h}", out.paint("hint:", "1"));
            }
            e.exit
        }
    }
}
