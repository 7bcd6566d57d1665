//! The command line: every flag and subcommand, as clap derives them.
//!
//! The xtask generates completions and man pages from [`Cli`], so the help
//! text here is also the manual.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

mod lifecycle;
mod webhook;
pub use lifecycle::{AuditArgs, BlockCommand, VisitorCommand};
pub use webhook::WebhookCommand;

/// The exit codes, as `chatctl --help` and chatctl(1) document them.
pub const EXIT_CODES: &[(u8, &str)] = &[
    (0, "success"),
    (
        1,
        "the server or the network failed: chatd unreachable, an error answer, \
         credentials refused (wrong password, expired or revoked token), or a \
         doctor check failed",
    ),
    (
        2,
        "usage error: bad flags, an invalid apply file, a value the server \
         rejected as invalid, or no server or credentials configured",
    ),
    (
        3,
        "not found: no such widget, user, token, context, FAQ entry, \
         conversation, widget member or canned reply",
    ),
    (
        4,
        "conflict: the name, email or shortcut is taken, the change would \
         leave chatd without an enabled admin, or the conversation is already \
         closed",
    ),
];

/// The environment variables chatctl reads.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    ("CHATCTL_SERVER", "chatd base URL (same as --server)"),
    (
        "CHATCTL_TOKEN",
        "an API token (chatd_pat_...) to use instead of a login; with \
         CHATCTL_SERVER it needs no config file at all",
    ),
    (
        "CHATCTL_CONTEXT",
        "the named login to use (same as --context)",
    ),
    ("CHATCTL_OUTPUT", "table or json (same as --output)"),
    (
        "CHATCTL_CONFIG",
        "the config file [default: chatctl/config.toml in the platform config \
         dir, e.g. $XDG_CONFIG_HOME]",
    ),
    ("NO_COLOR", "turns colors off"),
];

/// The text after `chatctl --help`: exit codes and environment.
pub fn after_help() -> String {
    let mut s = String::from("Exit status:\n");
    for (code, what) in EXIT_CODES {
        s.push_str(&hanging(&format!("  {code}  "), what));
    }
    s.push_str("\nEnvironment:\n");
    for (name, what) in ENVIRONMENT {
        s.push_str(&hanging(&format!("  {name:<16} "), what));
    }
    s
}

/// `head` then `text` wrapped at 78 columns, continuation lines indented
/// under the text (clap would wrap them back to the margin).
fn hanging(head: &str, text: &str) -> String {
    let indent = head.len();
    let mut out = head.to_string();
    let mut col = indent;
    for word in text.split_whitespace() {
        if col > indent && col + 1 + word.len() > 78 {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            col = indent;
        } else if col > indent {
            out.push(' ');
            col += 1;
        }
        out.push_str(word);
        col += word.len();
    }
    out.push('\n');
    out
}

/// Manage a chatd server from the shell and from CI.
///
/// Log in once with `chatctl login`, or set CHATCTL_SERVER and CHATCTL_TOKEN
/// (an API token) for scripts. Data goes to standard output, as a table or as
/// JSON (`--output json`); messages and errors go to standard error.
#[derive(Debug, Parser)]
#[command(
    name = "chatctl",
    version,
    propagate_version = true,
    after_help = after_help(),
    max_term_width = 100
)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// chatd base URL, e.g. https://chat.example.com [default: the context's].
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "CHATCTL_SERVER",
        value_name = "URL"
    )]
    pub server: Option<String>,
    /// API token (chatd_pat_...) to use instead of a login. Prefer the
    /// environment variable: a flag is visible to other users in `ps`.
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "CHATCTL_TOKEN",
        hide_env_values = true,
        value_name = "TOKEN"
    )]
    pub token: Option<String>,
    /// Named login to use [default: the current one, see `chatctl context list`].
    #[arg(
        long,
        global = true,
        help_heading = "Global options",
        env = "CHATCTL_CONTEXT",
        value_name = "NAME"
    )]
    pub context: Option<String>,
    /// Output format of the data printed on standard output.
    #[arg(
        long,
        short = 'o',
        global = true,
        help_heading = "Global options",
        env = "CHATCTL_OUTPUT",
        value_enum,
        default_value_t = OutputFormat::Table
    )]
    pub output: OutputFormat,
}

/// How data is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Columns for people.
    Table,
    /// JSON for programs; field names are stable (see docs/chatctl.md).
    Json,
}

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Manages everything.
    Admin,
    /// Answers conversations.
    Agent,
}

impl From<RoleArg> for proto::auth::Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Admin => Self::Admin,
            RoleArg::Agent => Self::Agent,
        }
    }
}

/// Where the launcher bubble sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PositionArg {
    /// Bottom right corner.
    BottomRight,
    /// Bottom left corner.
    BottomLeft,
}

impl From<PositionArg> for proto::widgets::LauncherPosition {
    fn from(p: PositionArg) -> Self {
        match p {
            PositionArg::BottomRight => Self::BottomRight,
            PositionArg::BottomLeft => Self::BottomLeft,
        }
    }
}

/// Format of `apply` and `export` files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    /// TOML.
    Toml,
    /// YAML.
    Yaml,
}

/// chatctl's commands.
// Parsed once per run; the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log in to a chatd server and remember it as a named context.
    ///
    /// Asks for the email and password when they are not given and a person
    /// is at the terminal; scripts pass --email and --password-stdin. The
    /// tokens are stored in a file only you can read (mode 0600).
    Login {
        /// Email address of the account.
        #[arg(long)]
        email: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// End the login session: revoke its refresh token and forget the tokens.
    Logout,
    /// Show who the credentials in use belong to.
    Whoami,
    /// Show the server's version, health, readiness and what it holds.
    ///
    /// Exits with 1 when the server is unreachable or not ready.
    Status,
    /// List and switch between named logins.
    #[command(subcommand)]
    Context(ContextCommand),
    /// Manage widgets: one per website that embeds the chat.
    #[command(subcommand)]
    Widget(WidgetCommand),
    /// Manage users (admins and agents).
    #[command(subcommand)]
    User(UserCommand),
    /// Manage API tokens for scripts and CI.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Manage canned replies: saved answers agents insert by their shortcut.
    ///
    /// A reply is offered on one widget (--widget) or on every widget.
    /// Agents may list and show the replies of the widgets they work on;
    /// adding, changing and removing them needs the admin role.
    #[command(subcommand)]
    Canned(CannedCommand),
    /// Manage webhooks: URLs chatd POSTs events to, signed with a secret
    /// of each hook's own; see their deliveries, replay one, or check a
    /// signature. Needs the admin role (`verify` needs no server).
    #[command(subcommand)]
    Webhook(WebhookCommand),
    /// Block visitors from a widget, list blocks and lift them.
    ///
    /// A blocked visitor (and, with --ip, everyone from their address) can
    /// neither start nor continue conversations on the widget. Agents may
    /// block on the widgets they work on; admins everywhere.
    #[command(subcommand)]
    Block(BlockCommand),
    /// Show the audit log: who changed what, when and from where. Needs the
    /// admin role.
    Audit(AuditArgs),
    /// Answer access and erasure requests: export or forget everything
    /// stored about one visitor. Needs the admin role.
    #[command(subcommand)]
    Visitor(VisitorCommand),
    /// List, read, export and close conversations.
    #[command(subcommand)]
    Conversation(ConversationCommand),
    /// List the conversations waiting for a person, first in line first.
    ///
    /// Shows the queues of the widgets you work on (an admin: all widgets).
    Queue,
    /// Report on conversations: volumes, waits, first response and handle
    /// times, and CSAT, per day, widget or agent.
    ///
    /// Covers the conversations started in the range (by default the last 30
    /// days). Times are averages; a date alone (2026-01-31) is a whole day
    /// in UTC, so `--from 2026-01-01 --to 2026-01-31` is all of January; 7d,
    /// 12h or 30m mean that long ago. `--output json` prints the server's
    /// whole report, whatever --by says. Needs the admin role.
    Stats {
        /// Only conversations started at or after this time [default: 30 days
        /// before --to].
        #[arg(long, value_name = "DATE", value_parser = parse_when)]
        from: Option<When>,
        /// Only conversations started before this time (a date: by its end)
        /// [default: now].
        #[arg(long, value_name = "DATE", value_parser = parse_when)]
        to: Option<When>,
        /// Only this widget (ID or name).
        #[arg(long, value_name = "ID_OR_NAME")]
        widget: Option<String>,
        /// One row per day (UTC), per widget, per agent (the last one to
        /// handle the conversation), or the totals alone.
        #[arg(long, value_enum, default_value_t = StatsBy::Day)]
        by: StatsBy,
    },
    /// Diagnose a deployment end to end, the way visitors and agents reach it.
    ///
    /// Through the URL given (--server, CHATCTL_SERVER or the context's,
    /// which should be the public one, so that a proxy in the way is tested
    /// too): health and readiness, version, clock skew, the credentials, a
    /// widget's public config, then a probe conversation: a visitor and an
    /// agent WebSocket, a message each way (timed), the SSE fallback, and
    /// the probe closed again. For https, the TLS certificate's expiry.
    /// Prints a checklist with a fix under each failure and exits with 1 if
    /// any check failed.
    ///
    /// The probe is a real conversation: it stays in the history and counts
    /// in `chatctl stats`.
    Doctor {
        /// Site key of the widget to probe [default: the first widget; an
        /// agent, who may not list widgets, must give one].
        #[arg(long, value_name = "KEY")]
        site_key: Option<String>,
    },
    /// Make the server match a file of widgets (with their FAQ and members),
    /// users and canned replies.
    ///
    /// Creates what is missing, updates what differs and leaves the rest
    /// alone; running it twice changes nothing the second time. The whole
    /// file is checked before anything changes. See docs/chatctl.md for the
    /// file format.
    Apply {
        /// The file: TOML (.toml) or YAML (.yaml, .yml).
        #[arg(short = 'f', long, value_name = "FILE")]
        file: PathBuf,
        /// Show what would change, and change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Also delete the widgets, users and canned replies the file does not
        /// name (for each of `widgets`, `users` and `canned` the file has).
        /// Never deletes the calling user.
        #[arg(long)]
        prune: bool,
    },
    /// Write the server's widgets (with their FAQ and members), users and
    /// canned replies in the format `apply` reads.
    Export {
        /// File format [default: from the file's extension, else toml].
        #[arg(long, value_enum)]
        format: Option<FileFormat>,
        /// Write to this file instead of standard output.
        #[arg(short = 'f', long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
}

/// `chatctl context ...`.
#[derive(Debug, Subcommand)]
pub enum ContextCommand {
    /// List the named logins; `*` marks the current one.
    List,
    /// Make a context the current one.
    Use {
        /// Context name.
        name: String,
    },
}

/// Settings shared by `widget create` and `widget update`.
#[derive(Debug, Clone, Default, Args)]
pub struct WidgetSettingsArgs {
    /// Header title shown to visitors.
    #[arg(long)]
    pub title: Option<String>,
    /// First message a visitor sees.
    #[arg(long, value_name = "TEXT")]
    pub welcome: Option<String>,
    /// Shown when no agent is online.
    #[arg(long, value_name = "TEXT")]
    pub offline_message: Option<String>,
    /// Origin allowed to embed the widget (https://example.com, or *);
    /// repeat for several. Replaces the whole list.
    #[arg(long = "origin", value_name = "ORIGIN")]
    pub origins: Vec<String>,
    /// Primary color (#rrggbb): launcher, header, visitor bubbles.
    #[arg(long, value_name = "#RRGGBB")]
    pub color: Option<String>,
    /// Color of text on the primary color (#rrggbb).
    #[arg(long, value_name = "#RRGGBB")]
    pub text_color: Option<String>,
    /// Where the launcher sits.
    #[arg(long, value_enum)]
    pub position: Option<PositionArg>,
    /// Whether the AI assistant answers first.
    #[arg(long, value_name = "BOOL")]
    pub ai: Option<bool>,
    /// AI model name at the provider ("" for the server's default).
    #[arg(long, value_name = "MODEL")]
    pub ai_model: Option<String>,
    /// AI system prompt ("" for the server's default).
    #[arg(long, value_name = "TEXT")]
    pub ai_prompt: Option<String>,
    /// AI sampling temperature, 0 to 2.
    #[arg(long, value_name = "T")]
    pub ai_temperature: Option<f32>,
    /// Delete closed conversations idle for more than this many days
    /// (0: keep them forever, the default).
    #[arg(long, value_name = "DAYS")]
    pub retention_days: Option<u32>,
}

/// `chatctl widget ...`.
#[derive(Debug, Subcommand)]
pub enum WidgetCommand {
    /// Create a widget with a fresh site key.
    Create {
        /// Unique name, for operators.
        name: String,
        /// Settings that differ from the defaults.
        #[command(flatten)]
        settings: WidgetSettingsArgs,
    },
    /// List widgets.
    List,
    /// Show a widget and all its settings.
    Show {
        /// Widget ID or name.
        widget: String,
    },
    /// Change a widget's settings; only the ones given change.
    Update {
        /// Widget ID or name.
        widget: String,
        /// New name.
        #[arg(long)]
        name: Option<String>,
        /// Remove every allowed origin (only chatd's own /demo page may embed it then).
        #[arg(long, conflicts_with = "origins")]
        no_origins: bool,
        /// New settings.
        #[command(flatten)]
        settings: WidgetSettingsArgs,
    },
    /// Delete a widget.
    Delete {
        /// Widget ID or name.
        widget: String,
    },
    /// Give a widget a new site key; the old one stops working at once.
    RotateKey {
        /// Widget ID or name.
        widget: String,
    },
    /// Print the HTML that embeds a widget on a page.
    Snippet {
        /// Widget ID or name.
        widget: String,
    },
    /// Manage the questions the assistant answers without a model.
    #[command(subcommand)]
    Faq(FaqCommand),
    /// Choose the agents who work on a widget.
    ///
    /// Members see, accept and are assigned the widget's conversations.
    /// Admins work on every widget without being members.
    #[command(subcommand)]
    Member(MemberCommand),
}

/// `chatctl widget member ...`.
#[derive(Debug, Subcommand)]
pub enum MemberCommand {
    /// Make a user a member of a widget (nothing changes if they are one).
    Add {
        /// Widget ID or name.
        widget: String,
        /// User ID or email.
        #[arg(value_name = "USER")]
        user: String,
    },
    /// Remove a user from a widget's members.
    Remove {
        /// Widget ID or name.
        widget: String,
        /// User ID or email.
        #[arg(value_name = "USER")]
        user: String,
    },
    /// List a widget's members.
    List {
        /// Widget ID or name.
        widget: String,
    },
}

/// `chatctl widget faq ...`.
#[derive(Debug, Subcommand)]
pub enum FaqCommand {
    /// Add a question and its answer at the end of the FAQ.
    Add {
        /// Widget ID or name.
        widget: String,
        /// The question, as a visitor might ask it.
        #[arg(long)]
        question: String,
        /// The answer.
        #[arg(long)]
        answer: String,
    },
    /// List the FAQ with the numbers `remove` takes.
    List {
        /// Widget ID or name.
        widget: String,
    },
    /// Remove an entry by its number in `faq list` (from 1).
    Remove {
        /// Widget ID or name.
        widget: String,
        /// Entry number, as `faq list` shows it.
        index: usize,
    },
}

/// `chatctl user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. Prints a generated password unless one is given on stdin.
    Add {
        /// Email address; must be unique.
        email: String,
        /// Display name [default: the part of the email before @].
        #[arg(long)]
        name: Option<String>,
        /// Role.
        #[arg(long, value_enum, default_value_t = RoleArg::Agent)]
        role: RoleArg,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// List users.
    List,
    /// Show a user.
    Show {
        /// User ID or email.
        user: String,
    },
    /// Disable a user: they cannot log in and their tokens stop working.
    Disable {
        /// User ID or email.
        user: String,
    },
    /// Enable a disabled user.
    Enable {
        /// User ID or email.
        user: String,
    },
    /// Change a user's role.
    SetRole {
        /// User ID or email.
        user: String,
        /// New role.
        #[arg(value_enum)]
        role: RoleArg,
    },
    /// Set a new password (generated unless given on stdin) and end the user's sessions.
    ResetPassword {
        /// User ID or email.
        user: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Delete a user, their sessions and API tokens.
    Delete {
        /// User ID or email.
        user: String,
    },
}

/// `chatctl token ...`.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token acting as you; prints its secret once.
    Create {
        /// What the token is for, e.g. ci-provisioning.
        name: String,
        /// Role the token acts with [default: yours].
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// Lifetime in seconds [default: until revoked].
        #[arg(long, value_name = "SECS")]
        expires_in: Option<u64>,
    },
    /// List API tokens (never their secrets).
    List,
    /// Revoke an API token; it stops working at once.
    Revoke {
        /// Token ID, or its name when only one active token has it.
        #[arg(value_name = "ID_OR_NAME")]
        id_or_name: String,
    },
}

/// Where a canned reply's text comes from.
#[derive(Debug, Clone, Default, Args)]
#[group(multiple = false)]
pub struct BodyArgs {
    /// The text agents insert (at most 4000 characters).
    #[arg(long, value_name = "TEXT")]
    pub body: Option<String>,
    /// Read the text from a file (`-`: standard input), e.g. for several lines.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
}

/// `chatctl canned ...`.
#[derive(Debug, Subcommand)]
pub enum CannedCommand {
    /// Add a canned reply.
    Add {
        /// Unique shortcut agents type: 1 to 64 of a-z, 0-9, - and _
        /// (e.g. refund-policy).
        shortcut: String,
        /// What it is about, for lists (at most 200 characters).
        #[arg(long)]
        title: String,
        /// The text.
        #[command(flatten)]
        body: BodyArgs,
        /// Offer it on this widget only (ID or name) [default: every widget].
        #[arg(long, value_name = "ID_OR_NAME")]
        widget: Option<String>,
    },
    /// List canned replies, by shortcut.
    List {
        /// Only those offered on this widget (ID or name): its own and the
        /// ones for every widget.
        #[arg(long, value_name = "ID_OR_NAME")]
        widget: Option<String>,
    },
    /// Show a canned reply and its whole text.
    Show {
        /// Shortcut or ID.
        #[arg(value_name = "SHORTCUT_OR_ID")]
        canned: String,
    },
    /// Change a canned reply; only what is given changes.
    Update {
        /// Shortcut or ID.
        #[arg(value_name = "SHORTCUT_OR_ID")]
        canned: String,
        /// New shortcut.
        #[arg(long, value_name = "NEW")]
        shortcut: Option<String>,
        /// New title.
        #[arg(long)]
        title: Option<String>,
        /// New text.
        #[command(flatten)]
        body: BodyArgs,
        /// Offer it on this widget only (ID or name).
        #[arg(long, value_name = "ID_OR_NAME")]
        widget: Option<String>,
        /// Offer it on every widget.
        #[arg(long, conflicts_with = "widget")]
        all_widgets: bool,
    },
    /// Remove a canned reply.
    Remove {
        /// Shortcut or ID.
        #[arg(value_name = "SHORTCUT_OR_ID")]
        canned: String,
    },
}

/// `chatctl conversation ...`.
#[derive(Debug, Subcommand)]
pub enum ConversationCommand {
    /// List conversations, most recently updated first.
    ///
    /// --since and --until filter on when the conversation started. A date
    /// alone (2026-01-31) is a whole day in UTC, so `--since 2026-01-01
    /// --until 2026-01-31` is all of January; 7d, 12h or 30m mean that long
    /// ago.
    List {
        /// Only this widget (ID or name).
        #[arg(long, value_name = "ID_OR_NAME")]
        widget: Option<String>,
        /// Only open or only closed conversations.
        #[arg(long, value_enum)]
        status: Option<StatusArg>,
        /// Only those with the AI, waiting in the queue, or with an agent.
        #[arg(long, value_enum)]
        phase: Option<PhaseArg>,
        /// Only those assigned to this agent (email or ID).
        #[arg(long, value_name = "EMAIL_OR_ID")]
        agent: Option<String>,
        /// Only those started at or after this time.
        #[arg(long, value_name = "DATE", value_parser = parse_when)]
        since: Option<When>,
        /// Only those started at or before this time (a date: by its end).
        #[arg(long, value_name = "DATE", value_parser = parse_when)]
        until: Option<When>,
        /// At most this many; 0 for all.
        #[arg(long, value_name = "N", default_value_t = 50)]
        limit: u32,
    },
    /// Show a conversation: its details and the whole transcript.
    Show {
        /// Conversation ID.
        id: String,
    },
    /// Write a conversation's whole transcript as JSON, CSV or Markdown.
    Export {
        /// Conversation ID.
        id: String,
        /// Transcript format [default: from the file's extension (.json,
        /// .csv, .md); else json with --output json, else markdown].
        #[arg(long, value_enum)]
        format: Option<TranscriptFormat>,
        /// Write to this file instead of standard output.
        #[arg(short = 'f', long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Close a conversation (a new visitor message opens it again).
    Close {
        /// Conversation ID.
        id: String,
    },
}

/// A conversation's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// Visitor and agents may write.
    Open,
    /// Ended.
    Closed,
}

impl From<StatusArg> for proto::conversations::ConversationStatus {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Open => Self::Open,
            StatusArg::Closed => Self::Closed,
        }
    }
}

/// Who answers an open conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PhaseArg {
    /// The AI assistant.
    Ai,
    /// Waiting in the queue for a person.
    Queued,
    /// An agent has it.
    Assigned,
}

impl From<PhaseArg> for proto::conversations::Phase {
    fn from(p: PhaseArg) -> Self {
        match p {
            PhaseArg::Ai => Self::Ai,
            PhaseArg::Queued => Self::Queued,
            PhaseArg::Assigned => Self::Assigned,
        }
    }
}

/// How `stats` groups its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsBy {
    /// One row per day (UTC) the conversations started, and the total.
    Day,
    /// One row per widget, and the total.
    Widget,
    /// One row per agent who handled conversations.
    Agent,
    /// The totals alone.
    Total,
}

/// Format of a transcript.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TranscriptFormat {
    /// `{conversation, widget_name, messages}`, as the API spells them.
    Json,
    /// One row per message: conversation_id, seq, created_at, sender, author_id,
    /// author_name, body.
    Csv,
    /// A readable document.
    #[value(alias = "md")]
    Markdown,
}

/// A time or span a `--since`/`--until` names: from `start_ms` (inclusive)
/// to `end_ms` (exclusive), Unix milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    /// First millisecond.
    pub start_ms: i64,
    /// The millisecond after the last.
    pub end_ms: i64,
}

const DAY_MS: i64 = 86_400_000;

/// Parses `2026-01-31` (the whole UTC day), `2026-01-31T12:00:00Z` (or with
/// an offset), `2026-01-31 12:00[:00]` (UTC), or `7d`, `12h`, `30m` (that
/// long ago).
pub fn parse_when(raw: &str) -> Result<When, String> {
    use time::format_description::well_known::Rfc3339;
    use time::macros::format_description;
    use time::{Date, OffsetDateTime, PrimitiveDateTime};
    let s = raw.trim();
    let instant = |t: OffsetDateTime| {
        let ms = i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX);
        When {
            start_ms: ms,
            end_ms: ms.saturating_add(1),
        }
    };
    if let Some((n, unit)) = s
        .char_indices()
        .last()
        .map(|(i, c)| (&s[..i], c))
        .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    {
        let unit_ms: i64 = match unit {
            'd' => DAY_MS,
            'h' => 3_600_000,
            'm' => 60_000,
            _ => 0,
        };
        if unit_ms > 0 {
            let n: i64 = n.parse().map_err(|_| format!("{raw:?}: too large"))?;
            let ago = n
                .checked_mul(unit_ms)
                .ok_or_else(|| format!("{raw:?}: too large"))?;
            let then = OffsetDateTime::now_utc()
                .checked_sub(time::Duration::milliseconds(ago))
                .ok_or_else(|| format!("{raw:?}: too long ago"))?;
            return Ok(instant(then));
        }
    }
    if let Ok(d) = Date::parse(s, format_description!("[year]-[month]-[day]")) {
        let start = d.midnight().assume_utc().unix_timestamp() * 1000;
        return Ok(When {
            start_ms: start,
            end_ms: start + DAY_MS,
        });
    }
    if let Ok(t) = OffsetDateTime::parse(s, &Rfc3339) {
        return Ok(instant(t));
    }
    let naive = s.replacen(' ', "T", 1);
    let naive = naive.trim_end_matches(['Z', 'z']);
    for f in [
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    ] {
        if let Ok(t) = PrimitiveDateTime::parse(naive, f) {
            return Ok(instant(t.assume_utc()));
        }
    }
    Err(format!(
        "{raw:?} is not a time: use a date (2026-01-31), a UTC time (2026-01-31T12:00:00Z \
         or \"2026-01-31 12:00\"), or how long ago (7d, 12h, 30m)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn times_for_since_and_until() {
        let day = parse_when("2026-01-31").unwrap();
        assert_eq!(day.start_ms, 1_769_817_600_000);
        assert_eq!(day.end_ms - day.start_ms, DAY_MS);
        let t = parse_when("2026-01-31T00:00:01Z").unwrap();
        assert_eq!(t.start_ms, day.start_ms + 1000);
        assert_eq!(t.end_ms, t.start_ms + 1);
        assert_eq!(parse_when("2026-01-31 00:00:01").unwrap(), t);
        assert_eq!(parse_when("2026-01-31T01:00:01+01:00").unwrap(), t);
        assert_eq!(
            parse_when("2026-01-31 00:01").unwrap().start_ms,
            day.start_ms + 60_000
        );
        let now = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
        let week = parse_when("7d").unwrap().start_ms;
        assert!((now - 7 * DAY_MS - week).abs() < 60_000, "{week}");
        for bad in [
            "",
            "yesterday",
            "2026-13-01",
            "7w",
            "d",
            "99999999999999999999d",
            "999999999d",
        ] {
            assert!(parse_when(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
