//! The command line, in the library so that `cargo xtask gen` can write
//! its man page and completions.

use crate::bell::BellMode;
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
    /// When to ring the terminal bell: off; queue (a conversation enters the
    /// queue, is assigned to me or reopens); all (those and visitor messages
    /// in my or queued conversations that are not open).
    #[arg(long, env = "AGENT_TUI_BELL", value_enum, default_value_t = BellMode::All)]
    pub bell: BellMode,
    /// Same as --bell off.
    #[arg(long)]
    pub no_bell: bool,
}
