//! The command line, in the library so that `cargo xtask gen` can write
//! its man page and completions.

use clap::Parser;

/// Work chatd conversations from a terminal.
///
/// Credentials come from, in order: --token/CHATD_TOKEN (an API token or an
/// access token), chatctl's stored login (--context NAME, else the context
/// for --server, else chatctl's current context), else a login form.
#[derive(Debug, Parser)]
#[command(name = "agent-tui", version, about)]
pub struct Cli {
    /// chatd base URL [default: the context's server, else http://127.0.0.1:8080].
    #[arg(long, env = "CHATD_SERVER")]
    pub server: Option<String>,
    /// API token or access token.
    #[arg(long, env = "CHATD_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Use this chatctl context (`chatctl context list`).
    #[arg(long)]
    pub context: Option<String>,
    /// Prefill the login form's email.
    #[arg(long, env = "CHATD_EMAIL")]
    pub email: Option<String>,
    /// No terminal bell on new conversations and background messages.
    #[arg(long)]
    pub no_bell: bool,
}
