//! Which server and credentials a command uses, and calls that refresh an
//! expired login by themselves.
//!
//! Credentials come from, in order: `--token`/`CHATCTL_TOKEN` (an API token,
//! no config file needed), the context named by `--context`, the context
//! whose server is `--server`, the current context.

use crate::cli::GlobalArgs;
use crate::config::{ConfigFile, ConfigStore, Context};
use crate::error::{CliError, CliResult};
use proto::{Client, ClientError};
use reqwest::StatusCode;
use std::future::Future;
use std::time::Duration;

/// Seconds before its stated expiry that an access token is refreshed, so
/// one that is about to expire is not sent.
const EXPIRY_MARGIN_SECS: i64 = 30;

/// Checks and normalizes a server URL (no trailing slash).
pub fn normalize_server(raw: &str) -> CliResult<String> {
    let s = raw.trim().trim_end_matches('/');
    let rest = s
        .strip_prefix("http://")
        .or_else(|| s.strip_prefix("https://"));
    match rest {
        Some(host) if !host.is_empty() && !host.contains(char::is_whitespace) => Ok(s.into()),
        _ => Err(
            CliError::usage(format!("{raw:?} is not a server URL")).hint(
                "give the chatd base URL, like http://127.0.0.1:8080 or https://chat.example.com",
            ),
        ),
    }
}

/// The HTTP client chatctl talks through: bounded waits and a user agent.
pub fn client(server: &str) -> CliResult<Client> {
    let http = reqwest::Client::builder()
        .user_agent(concat!("chatctl/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(10))
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| CliError::failure(format!("cannot set up HTTP: {e}")))?;
    Ok(Client::with_http_client(server, http))
}

/// Now, Unix seconds.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// How the session authenticates.
#[derive(Debug, Clone)]
pub enum Creds {
    /// No credentials (health checks only).
    Anonymous,
    /// An API token from the flag or environment.
    ApiToken,
    /// A login stored in a context.
    Login {
        /// Context name.
        context: String,
        /// The refresh token this process knows of.
        refresh_token: Option<String>,
        /// When the access token expires, Unix seconds.
        expires_at: Option<i64>,
    },
}

/// A server, credentials for it, and the config they came from.
#[derive(Debug)]
pub struct Session {
    /// The client, with the current access token.
    pub client: Client,
    /// Base URL.
    pub server: String,
    /// How it authenticates.
    pub creds: Creds,
    /// The config file, for a login (API tokens need none).
    pub store: Option<ConfigStore>,
}

/// Picks the context a command means: `--context`, else the one for
/// `--server`, else the current one. `None` when nothing applies.
pub fn pick_context(
    cfg: &ConfigFile,
    global: &GlobalArgs,
    server: Option<&str>,
) -> CliResult<Option<(String, Context)>> {
    if let Some(name) = &global.context {
        let ctx = cfg.contexts.get(name).ok_or_else(|| {
            CliError::not_found(format!("no context named {name:?}"))
                .hint("`chatctl context list` shows them; `chatctl login --context NAME` makes one")
        })?;
        if let Some(s) = server
            && s != ctx.server
        {
            return Err(CliError::usage(format!(
                "context {name:?} is for {}, not {s}",
                ctx.server
            ))
            .hint("drop --server (or CHATCTL_SERVER), or pick the context for that server"));
        }
        return Ok(Some((name.clone(), ctx.clone())));
    }
    if let Some(s) = server {
        return Ok(cfg
            .context_for_server(s)
            .and_then(|n| cfg.contexts.get(n).map(|c| (n.to_string(), c.clone()))));
    }
    Ok(cfg
        .current
        .as_ref()
        .and_then(|n| cfg.contexts.get(n).map(|c| (n.clone(), c.clone()))))
}

impl Session {
    /// Resolves server and credentials; `need_auth` refuses to go on without them.
    pub fn open(global: &GlobalArgs, need_auth: bool) -> CliResult<Self> {
        let server = global.server.as_deref().map(normalize_server).transpose()?;
        let token = global
            .token
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty());
        if let Some(token) = token {
            // CI mode: no config file is read or written unless it names the server.
            let server = match server {
                Some(s) => s,
                None => {
                    let store = ConfigStore::locate()?;
                    let cfg = store.load()?;
                    pick_context(&cfg, global, None)?
                        .map(|(_, c)| c.server)
                        .ok_or_else(|| {
                            CliError::usage("an API token is set but no server")
                                .hint("set CHATCTL_SERVER (or pass --server) to the chatd base URL")
                        })?
                }
            };
            return Ok(Self {
                client: client(&server)?.with_token(token),
                server,
                creds: Creds::ApiToken,
                store: None,
            });
        }
        let store = ConfigStore::locate()?;
        let cfg = store.load()?;
        let picked = pick_context(&cfg, global, server.as_deref())?;
        match picked {
            Some((name, ctx)) if ctx.logged_in() => {
                let mut c = client(&ctx.server)?;
                if let Some(t) = &ctx.access_token {
                    c = c.with_token(t.clone());
                }
                Ok(Self {
                    client: c,
                    server: ctx.server,
                    creds: Creds::Login {
                        context: name,
                        refresh_token: ctx.refresh_token,
                        expires_at: ctx.access_expires_at,
                    },
                    store: Some(store),
                })
            }
            picked => {
                if need_auth {
                    return Err(not_logged_in(server.as_deref(), picked.as_ref()));
                }
                let server = server.or(picked.map(|(_, c)| c.server)).ok_or_else(|| {
                    CliError::usage("no server given").hint(
                        "pass --server URL (or set CHATCTL_SERVER), or log in with `chatctl login --server URL`",
                    )
                })?;
                Ok(Self {
                    client: client(&server)?,
                    server,
                    creds: Creds::Anonymous,
                    store: Some(store),
                })
            }
        }
    }

    /// The context name, for a login session.
    pub fn context(&self) -> Option<&str> {
        match &self.creds {
            Creds::Login { context, .. } => Some(context),
            _ => None,
        }
    }

    /// Whether any credentials are in use.
    pub fn authenticated(&self) -> bool {
        !matches!(self.creds, Creds::Anonymous)
    }

    /// Runs `f`, refreshing the login first when its access token has
    /// expired, and once more after a 401. `what` says what failed, e.g.
    /// "cannot list widgets".
    pub async fn call<T, F, Fut>(&mut self, what: &str, f: F) -> CliResult<T>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, ClientError>>,
    {
        if let Creds::Login {
            expires_at: Some(exp),
            refresh_token: Some(_),
            ..
        } = &self.creds
            && *exp <= now_secs()
        {
            self.refresh().await?;
        }
        match f(self.client.clone()).await {
            Err(e) if e.status() == Some(StatusCode::UNAUTHORIZED) && self.can_refresh() => {
                self.refresh().await?;
                f(self.client.clone())
                    .await
                    .map_err(|e| self.error(what, e))
            }
            r => r.map_err(|e| self.error(what, e)),
        }
    }

    fn can_refresh(&self) -> bool {
        matches!(
            &self.creds,
            Creds::Login {
                refresh_token: Some(_),
                ..
            }
        )
    }

    /// Turns a client error into a CLI error with advice that fits the credentials.
    pub fn error(&self, what: &str, e: ClientError) -> CliError {
        let unauthorized = e.status() == Some(StatusCode::UNAUTHORIZED);
        let err = CliError::from_client(what, &self.server, e);
        if !unauthorized {
            return err;
        }
        match &self.creds {
            Creds::ApiToken => err.hint(
                "the API token (CHATCTL_TOKEN or --token) is invalid, expired or revoked; \
                 create a new one with `chatctl token create NAME`",
            ),
            Creds::Login { context, .. } => err.hint(format!(
                "the login has expired or was revoked; run `chatctl login --context {context}`"
            )),
            Creds::Anonymous => err.hint("log in with `chatctl login`, or set CHATCTL_TOKEN"),
        }
    }

    /// Trades the refresh token for a new pair and stores it at once: the
    /// server rotates refresh tokens, so the old one is now spent.
    async fn refresh(&mut self) -> CliResult<()> {
        let (
            Creds::Login {
                context,
                refresh_token,
                ..
            },
            Some(store),
        ) = (&self.creds, self.store.clone())
        else {
            return Ok(());
        };
        let context = context.clone();
        let known = refresh_token.clone();
        let _lock = store.lock()?;
        let mut cfg = store.load()?;
        let Some(ctx) = cfg.contexts.get_mut(&context) else {
            return Err(CliError::not_found(format!(
                "context {context:?} disappeared from {}",
                store.path().display()
            ))
            .hint(format!(
                "log in again with `chatctl login --context {context}`"
            )));
        };
        // Another chatctl refreshed while this one waited for the lock: use its tokens.
        if ctx.refresh_token != known
            && let Some(access) = ctx.access_token.clone()
            && ctx.access_expires_at.is_none_or(|e| e > now_secs())
        {
            self.client = self.client.with_token(access);
            self.creds = Creds::Login {
                context,
                refresh_token: ctx.refresh_token.clone(),
                expires_at: ctx.access_expires_at,
            };
            return Ok(());
        }
        let Some(rt) = ctx.refresh_token.clone() else {
            return Err(not_logged_in(None, Some(&(context.clone(), ctx.clone()))));
        };
        let pair = client(&self.server)?
            .refresh(&rt)
            .await
            .map_err(|e| {
                let unauthorized = e.status() == Some(StatusCode::UNAUTHORIZED);
                let err = CliError::from_client("cannot renew the login", &self.server, e);
                if unauthorized {
                    err.hint(format!(
                        "the login session has expired or was revoked; run `chatctl login --context {context}`"
                    ))
                } else {
                    err
                }
            })?;
        let expires_at = now_secs()
            .saturating_add(i64::try_from(pair.expires_in).unwrap_or(i64::MAX))
            .saturating_sub(EXPIRY_MARGIN_SECS);
        ctx.access_token = Some(pair.access_token.clone());
        ctx.refresh_token = Some(pair.refresh_token.clone());
        ctx.access_expires_at = Some(expires_at);
        store.save(&cfg)?;
        self.client = self.client.with_token(pair.access_token);
        self.creds = Creds::Login {
            context,
            refresh_token: Some(pair.refresh_token),
            expires_at: Some(expires_at),
        };
        Ok(())
    }
}

fn not_logged_in(server: Option<&str>, picked: Option<&(String, Context)>) -> CliError {
    match (picked, server) {
        (Some((name, ctx)), _) => CliError::usage(format!(
            "context {name:?} ({}) is logged out",
            ctx.server
        ))
        .hint(format!("run `chatctl login --context {name}`")),
        (None, Some(s)) => CliError::usage(format!("not logged in to {s}")).hint(format!(
            "run `chatctl login --server {s}`, or set CHATCTL_TOKEN to an API token"
        )),
        (None, None) => CliError::usage("no server or credentials configured").hint(
            "run `chatctl login --server URL`, or set CHATCTL_SERVER and CHATCTL_TOKEN (an API token)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls() {
        assert_eq!(
            normalize_server("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            normalize_server(" https://chat.example.com ").unwrap(),
            "https://chat.example.com"
        );
        for bad in ["127.0.0.1:8080", "ftp://x", "http://", "http://a b"] {
            let e = normalize_server(bad).unwrap_err();
            assert_eq!(e.exit, crate::error::Exit::Usage, "{bad}");
        }
    }
}
