//! What can fail, the exit code it maps to, and how it is told to the user.

use proto::ClientError;
use reqwest::StatusCode;
use std::fmt;

/// The documented exit codes (see `chatctl --help`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0.
    Success = 0,
    /// 1: the server or the network failed.
    Failure = 1,
    /// 2: bad flags, file or values; nothing configured.
    Usage = 2,
    /// 3: no such thing.
    NotFound = 3,
    /// 4: conflicts with what exists.
    Conflict = 4,
}

/// An error to print on stderr: what failed, and what to do about it.
#[derive(Debug, Clone)]
pub struct CliError {
    /// Which exit code it ends with.
    pub exit: Exit,
    /// What failed.
    pub message: String,
    /// What to do, when there is something to say.
    pub hint: Option<String>,
}

impl CliError {
    fn new(exit: Exit, message: impl Into<String>) -> Self {
        Self {
            exit,
            message: message.into(),
            hint: None,
        }
    }

    /// Exit 1.
    pub fn failure(message: impl Into<String>) -> Self {
        Self::new(Exit::Failure, message)
    }

    /// Exit 2.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Exit::Usage, message)
    }

    /// Exit 3.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(Exit::NotFound, message)
    }

    /// Exit 4.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(Exit::Conflict, message)
    }

    /// Adds what to do.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Turns a client error into one that says what failed (`what`, e.g.
    /// "cannot list widgets") at which server.
    pub fn from_client(what: &str, server: &str, e: ClientError) -> Self {
        match e {
            ClientError::Api {
                status, message, ..
            } => {
                let msg = format!("{what}: {message}");
                match status {
                    StatusCode::BAD_REQUEST => Self::usage(msg),
                    StatusCode::NOT_FOUND => Self::not_found(msg),
                    StatusCode::CONFLICT => Self::conflict(msg),
                    // Agents reach only the conversations of their widgets.
                    StatusCode::FORBIDDEN if message.contains("member") => Self::failure(msg).hint(
                        "an admin can make you a member: `chatctl widget member add WIDGET YOU`",
                    ),
                    StatusCode::FORBIDDEN => Self::failure(msg).hint(
                        "this needs the admin role; log in as an admin or use an admin API token",
                    ),
                    StatusCode::TOO_MANY_REQUESTS | StatusCode::SERVICE_UNAVAILABLE => {
                        Self::failure(msg).hint("the server is busy or starting; retry in a moment")
                    }
                    _ => Self::failure(msg),
                }
            }
            ClientError::Transport(err) => {
                if err.is_connect() || err.is_timeout() || err.is_request() {
                    let why = if err.is_timeout() {
                        "timed out".to_string()
                    } else {
                        root_cause(&err)
                    };
                    Self::failure(format!("{what}: cannot reach chatd at {server}: {why}")).hint(
                        "check the URL (--server or CHATCTL_SERVER) and that chatd is running there",
                    )
                } else {
                    Self::failure(format!(
                        "{what}: unreadable answer from {server}: {}",
                        root_cause(&err)
                    ))
                    .hint(format!("check that {server} is a chatd server"))
                }
            }
            ClientError::Unexpected { status, body } => {
                let body = body.trim();
                let shown = if body.is_empty() {
                    String::new()
                } else {
                    format!(": {}", body.chars().take(120).collect::<String>())
                };
                let e = Self::failure(format!(
                    "{what}: {server} answered {status} without a chatd error{shown}"
                ))
                .hint(format!(
                    "check that {server} is a chatd server (and not a proxy's error page)"
                ));
                match status {
                    StatusCode::NOT_FOUND => Self {
                        exit: Exit::NotFound,
                        ..e
                    },
                    _ => e,
                }
            }
        }
    }
}

/// The innermost error message, which is the one that says what happened
/// (e.g. "Connection refused (os error 111)").
fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cur = e;
    while let Some(next) = cur.source() {
        cur = next;
    }
    cur.to_string()
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        Self::failure(e.to_string())
    }
}

/// Result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;
