//! One module per command group; `run` sends a parsed command line to it.

mod auth;
mod canned;
mod conversations;
mod doctor;
mod lifecycle;
mod stats;
mod tokens;
mod users;
mod webhooks;
mod widgets;

use crate::cli::{Cli, Command};
use crate::error::CliResult;
use crate::output::Out;
use crate::session::Session;

/// Runs one command.
pub async fn run(cli: Cli, out: Out) -> CliResult {
    let g = cli.global;
    match cli.command {
        Command::Login {
            email,
            password_stdin,
        } => auth::login(&g, out, email, password_stdin).await,
        Command::Logout => auth::logout(&g, out).await,
        Command::Whoami => auth::whoami(&mut Session::open(&g, true)?, out).await,
        Command::Status => auth::status(&mut Session::open(&g, false)?, out).await,
        Command::Context(c) => auth::context(out, c),
        Command::Widget(c) => widgets::run(&mut Session::open(&g, true)?, out, c).await,
        Command::User(c) => users::run(&mut Session::open(&g, true)?, out, c).await,
        Command::Token(c) => tokens::run(&mut Session::open(&g, true)?, out, c).await,
        Command::Canned(c) => canned::run(&mut Session::open(&g, true)?, out, c).await,
        Command::Webhook(c) => webhooks::run(&g, out, c).await,
        Command::Block(c) => lifecycle::block(&mut Session::open(&g, true)?, out, c).await,
        Command::Audit(a) => lifecycle::audit(&mut Session::open(&g, true)?, out, a).await,
        Command::Visitor(c) => lifecycle::visitor(&mut Session::open(&g, true)?, out, c).await,
        Command::Conversation(c) => conversations::run(&mut Session::open(&g, true)?, out, c).await,
        Command::Queue => conversations::queue(&mut Session::open(&g, true)?, out).await,
        Command::Stats {
            from,
            to,
            widget,
            by,
        } => {
            let range = stats::Range {
                from,
                to,
                widget,
                by,
            };
            stats::run(&mut Session::open(&g, true)?, out, range).await
        }
        Command::Doctor { site_key } => {
            doctor::run(&mut Session::open(&g, false)?, out, site_key).await
        }
        Command::Apply {
            file,
            dry_run,
            prune,
        } => {
            // Check the file before asking for credentials: a bad file is the
            // likelier mistake, and the answer needs no server.
            let manifest = crate::apply::load(&file)?;
            let mut s = Session::open(&g, true)?;
            crate::apply::apply(&mut s, out, &manifest, dry_run, prune).await
        }
        Command::Export { format, file } => {
            crate::apply::export(&mut Session::open(&g, true)?, out, format, file.as_deref()).await
        }
    }
}
