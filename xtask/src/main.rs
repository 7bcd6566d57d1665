//! `cargo xtask gen [--check]`: regenerate (or verify) completions and man pages.
#![forbid(unsafe_code)]

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Project chores.
#[derive(Debug, Parser)]
#[command(name = "xtask")]
struct Cli {
    #[command(subcommand)]
    command: Task,
}

#[derive(Debug, Subcommand)]
enum Task {
    /// Write completions/ and man/ from the clap definitions of chatctl and chatd.
    Gen {
        /// Change nothing; fail when the committed files differ from what would be written.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let Task::Gen { check } = Cli::parse().command;
    let root = xtask::workspace_root();
    if check {
        match xtask::check(&root) {
            Ok(problems) if problems.is_empty() => {
                eprintln!("xtask: completions/ and man/ are up to date");
                ExitCode::SUCCESS
            }
            Ok(problems) => {
                for p in problems {
                    eprintln!("xtask: {p}");
                }
                eprintln!("xtask: run `cargo xtask gen` and commit the result");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("xtask: {e:#}");
                ExitCode::FAILURE
            }
        }
    } else {
        match xtask::write(&root) {
            Ok(written) => {
                for p in &written {
                    eprintln!("xtask: wrote {}", p.display());
                }
                eprintln!("xtask: {} files changed", written.len());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("xtask: {e:#}");
                ExitCode::FAILURE
            }
        }
    }
}
