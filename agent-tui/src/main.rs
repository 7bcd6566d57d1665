//! agent-tui: where support agents work chatd conversations from a terminal.
#![forbid(unsafe_code)]

use agent_tui::app::{App, Config};
use agent_tui::cli::Cli;
use agent_tui::context::ConfigStore;
use agent_tui::driver::{self, Exit};
use agent_tui::net::{Auth, Creds, Net, http_client};
use agent_tui::terminal;
use anyhow::Context as _;
use clap::Parser;
use std::hash::{BuildHasher, RandomState};
use std::process::ExitCode;
use std::sync::Arc;

const DEFAULT_SERVER: &str = "http://127.0.0.1:8080";

/// Server, credentials and the email to prefill.
fn resolve(cli: &Cli) -> anyhow::Result<(String, Creds, Option<String>)> {
    let server = cli
        .server
        .as_deref()
        .map(|s| s.trim().trim_end_matches('/').to_string())
        .filter(|s| !s.is_empty());
    let token = cli
        .token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let store = ConfigStore::locate();
    // A context named on the command line must exist; otherwise chatctl's
    // file is only a convenience, and a broken one is skipped.
    let picked = match (&cli.context, &store) {
        (Some(name), Some(store)) => store
            .pick(Some(name), None)
            .with_context(|| format!("cannot use context {name:?}"))?,
        (Some(name), None) => {
            anyhow::bail!("cannot find chatctl's config for context {name:?}; set CHATCTL_CONFIG")
        }
        (None, Some(store)) if token.is_none() => {
            store.pick(None, server.as_deref()).ok().flatten()
        }
        (None, _) => None,
    };
    if let Some(t) = token {
        let server = server
            .or_else(|| picked.map(|c| c.server))
            .unwrap_or_else(|| DEFAULT_SERVER.into());
        return Ok((server, Creds::Token(t.to_string()), cli.email.clone()));
    }
    match (picked, store) {
        (Some(ctx), Some(store)) => {
            let server = ctx.server.clone();
            let email = cli.email.clone().or(ctx.email.clone());
            let creds = if ctx.logged_in() {
                Creds::Login {
                    access: ctx.access_token,
                    expires_at: ctx.access_expires_at,
                    refresh: ctx.refresh_token,
                    context: Some((store, ctx.name)),
                }
            } else {
                Creds::None
            };
            Ok((server, creds, email))
        }
        _ => Ok((
            server.unwrap_or_else(|| DEFAULT_SERVER.into()),
            Creds::None,
            cli.email.clone(),
        )),
    }
}

async fn run(cli: Cli, utc_offset_secs: i32) -> anyhow::Result<Exit> {
    let (server, creds, email) = resolve(&cli)?;
    let http = http_client(&server)?;
    let auth = Arc::new(Auth::new(http, creds));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let mut net = Net::new(server.clone(), Arc::clone(&auth), tx.clone());
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let cfg = Config {
        server,
        bell: cli.bell.resolve(cli.no_bell),
        utc_offset_secs,
        no_color,
    };
    let seed = RandomState::new().hash_one(std::process::id());
    let mut app = App::new(cfg, seed, driver::now_ms());
    let initial = app.start(auth.has_credentials().await, email.as_deref());
    let (mut term, guard) = terminal::enter().context("cannot set up the terminal")?;
    let result = driver::run(&mut term, &mut app, &mut net, &mut rx, tx, initial).await;
    drop(guard);
    net.shutdown().await;
    result
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Read while the process has one thread: the only sound time to do it.
    let utc_offset_secs = time::UtcOffset::current_local_offset()
        .map(time::UtcOffset::whole_seconds)
        .unwrap_or(0);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("agent-tui: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli, utc_offset_secs)) {
        Ok(Exit::Quit) => ExitCode::SUCCESS,
        Ok(Exit::Signal) => ExitCode::from(143),
        Err(e) => {
            terminal::leave();
            eprintln!("agent-tui: {e:#}");
            ExitCode::FAILURE
        }
    }
}
