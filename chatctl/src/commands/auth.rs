//! login, logout, whoami, status and context.

use crate::cli::{ContextCommand, GlobalArgs};
use crate::config::{ConfigStore, Context};
use crate::error::{CliError, CliResult};
use crate::input;
use crate::output::Out;
use crate::session::{self, Session, normalize_server, now_secs, pick_context};
use reqwest::StatusCode;
use serde_json::json;

/// Name for a new context: `default` for the first, else the server's host.
fn context_name_for(server: &str, has_any: bool) -> String {
    if !has_any {
        return "default".into();
    }
    server
        .split_once("://")
        .map_or(server, |(_, rest)| rest)
        .replace(['/', ':'], "-")
}

pub async fn login(
    g: &GlobalArgs,
    out: Out,
    email: Option<String>,
    password_stdin: bool,
) -> CliResult {
    if g.token.is_some() {
        return Err(CliError::usage(
            "an API token is set (CHATCTL_TOKEN or --token); it needs no login",
        )
        .hint("unset CHATCTL_TOKEN to log in with an email and password"));
    }
    let store = ConfigStore::locate()?;
    let cfg = store.load()?;
    let server = g.server.as_deref().map(normalize_server).transpose()?;
    let picked = pick_context(&cfg, g, server.as_deref()).or_else(|e| match &g.context {
        // `login --context NEW --server URL` creates the context.
        Some(_) if server.is_some() && e.exit == crate::error::Exit::NotFound => Ok(None),
        _ => Err(e),
    })?;
    let server = match (server, &picked) {
        (Some(s), _) => s,
        (None, Some((_, c))) => c.server.clone(),
        (None, None) => {
            return Err(CliError::usage("which server? --server is required")
                .hint("e.g. `chatctl login --server https://chat.example.com`"));
        }
    };
    let name = g
        .context
        .clone()
        .or_else(|| picked.as_ref().map(|(n, _)| n.clone()))
        .unwrap_or_else(|| context_name_for(&server, !cfg.contexts.is_empty()));
    let email = match email.or_else(|| picked.as_ref().and_then(|(_, c)| c.email.clone())) {
        Some(e) => e,
        None => input::prompt_text("Email", "--email")?,
    };
    let password = if password_stdin {
        input::password_from_stdin()?
    } else {
        input::prompt_password(&format!("Password for {email}"))?
    };
    let client = session::client(&server)?;
    let pair = client.login(&email, &password).await.map_err(|e| {
        let unauthorized = e.status() == Some(StatusCode::UNAUTHORIZED);
        let err = CliError::from_client("cannot log in", &server, e);
        if unauthorized {
            err.hint("check the email and password; an admin can set a new one with `chatctl user reset-password`")
        } else {
            err
        }
    })?;
    let expires_at = now_secs()
        .saturating_add(i64::try_from(pair.expires_in).unwrap_or(i64::MAX))
        .saturating_sub(30);
    let old_refresh = store.update(|cfg| {
        let old = cfg.contexts.insert(
            name.clone(),
            Context {
                server: server.clone(),
                email: Some(pair.user.email.clone()),
                access_token: Some(pair.access_token.clone()),
                access_expires_at: Some(expires_at),
                refresh_token: Some(pair.refresh_token.clone()),
            },
        );
        cfg.current = Some(name.clone());
        Ok(old
            .filter(|o| o.server == server)
            .and_then(|o| o.refresh_token))
    })?;
    // The session this login replaces is ended, so it does not linger on the server.
    if let Some(rt) = old_refresh {
        let _ = client.logout(&rt).await;
    }
    if out.json_mode() {
        out.json(&json!({"context": name, "server": server, "user": pair.user}));
    } else {
        out.note(&format!(
            "Logged in to {server} as {} ({}); context {name:?} is now current.",
            pair.user.email,
            pair.user.role.as_str()
        ));
    }
    Ok(())
}

pub async fn logout(g: &GlobalArgs, out: Out) -> CliResult {
    if g.token.is_some() {
        return Err(CliError::usage(
            "an API token is in use (CHATCTL_TOKEN or --token); there is no login to end",
        )
        .hint("revoke an API token with `chatctl token revoke ID`"));
    }
    let store = ConfigStore::locate()?;
    let cfg = store.load()?;
    let server = g.server.as_deref().map(normalize_server).transpose()?;
    let Some((name, ctx)) = pick_context(&cfg, g, server.as_deref())? else {
        return Err(CliError::usage("not logged in anywhere")
            .hint("`chatctl context list` shows the known servers"));
    };
    if !ctx.logged_in() {
        out.note(&format!(
            "Context {name:?} ({}) is already logged out.",
            ctx.server
        ));
        return Ok(());
    }
    // Forget the tokens first: a local logout must work even when the server is gone.
    store.update(|cfg| {
        if let Some(c) = cfg.contexts.get_mut(&name) {
            c.access_token = None;
            c.access_expires_at = None;
            c.refresh_token = None;
        }
        Ok(())
    })?;
    if let Some(rt) = &ctx.refresh_token {
        session::client(&ctx.server)?
            .logout(rt)
            .await
            .map_err(|e| {
                CliError::from_client(
                    "removed the tokens here, but could not revoke the session on the server",
                    &ctx.server,
                    e,
                )
                .hint("the refresh token expires by itself; nothing else to do")
            })?;
    }
    if out.json_mode() {
        out.json(&json!({"context": name, "server": ctx.server, "logged_out": true}));
    } else {
        out.note(&format!("Logged out of {} (context {name:?}).", ctx.server));
    }
    Ok(())
}

pub async fn whoami(s: &mut Session, out: Out) -> CliResult {
    let me = s
        .call("cannot ask who you are", |c| async move { c.me().await })
        .await?;
    if out.json_mode() {
        out.json(&json!({
            "server": s.server,
            "context": s.context(),
            "user": me.user,
            "role": me.role,
            "via": me.via,
        }));
    } else {
        out.fields(&[
            ("email", me.user.email.clone()),
            ("name", me.user.name.clone()),
            ("role", me.role.as_str().into()),
            ("via", me.via.clone()),
            ("id", me.user.id.to_string()),
            ("server", s.server.clone()),
            ("context", s.context().unwrap_or("-").into()),
        ]);
    }
    Ok(())
}

pub async fn status(s: &mut Session, out: Out) -> CliResult {
    let health = s
        .call("cannot check health", |c| async move { c.health().await })
        .await?;
    let version = health
        .get("version")
        .and_then(|v| v.as_str())
        .unwrap_or("unknown")
        .to_string();
    let healthy = health.get("status").and_then(|v| v.as_str()) == Some("ok");
    let ready = s
        .call("not ready", |c| async move { c.readiness().await })
        .await;
    let ready_error = ready.as_ref().err().map(|e| e.message.clone());
    let mut users = None;
    let mut widgets = None;
    let mut counts_error = None;
    if s.authenticated() {
        match s
            .call(
                "cannot count users",
                |c| async move { c.list_users().await },
            )
            .await
        {
            Ok(u) => users = Some(u.len()),
            Err(e) => counts_error = Some(e.message),
        }
        if counts_error.is_none() {
            match s
                .call(
                    "cannot count widgets",
                    |c| async move { c.list_widgets().await },
                )
                .await
            {
                Ok(w) => widgets = Some(w.len()),
                Err(e) => counts_error = Some(e.message),
            }
        }
    }
    if out.json_mode() {
        out.json(&json!({
            "server": s.server,
            "version": version,
            "client_version": env!("CARGO_PKG_VERSION"),
            "healthy": healthy,
            "ready": ready_error.is_none(),
            "ready_error": ready_error,
            "users": users,
            "widgets": widgets,
        }));
    } else {
        let count = |n: Option<usize>| {
            n.map_or_else(
                || {
                    if s.authenticated() {
                        "unknown".into()
                    } else {
                        "log in to see".into()
                    }
                },
                |n| n.to_string(),
            )
        };
        out.fields(&[
            ("server", s.server.clone()),
            ("version", version),
            ("chatctl", env!("CARGO_PKG_VERSION").into()),
            (
                "health",
                if healthy {
                    "ok".into()
                } else {
                    "failing".into()
                },
            ),
            (
                "ready",
                ready_error
                    .as_ref()
                    .map_or_else(|| "yes".into(), |e| format!("no: {e}")),
            ),
            ("users", count(users)),
            ("widgets", count(widgets)),
        ]);
    }
    if let Some(e) = counts_error {
        out.warn(&e);
    }
    if !healthy {
        return Err(CliError::failure(format!(
            "{} reports it is not healthy",
            s.server
        )));
    }
    if let Some(e) = ready_error {
        return Err(CliError::failure(format!("{} is not ready: {e}", s.server))
            .hint("see chatd's log; /readyz fails while the database cannot be reached"));
    }
    Ok(())
}

pub fn context(out: Out, cmd: ContextCommand) -> CliResult {
    let store = ConfigStore::locate()?;
    match cmd {
        ContextCommand::List => {
            let cfg = store.load()?;
            let is_current = |n: &str| cfg.current.as_deref() == Some(n);
            if out.json_mode() {
                let list: Vec<_> = cfg
                    .contexts
                    .iter()
                    .map(|(n, c)| {
                        json!({
                            "name": n,
                            "server": c.server,
                            "email": c.email,
                            "current": is_current(n),
                            "logged_in": c.logged_in(),
                        })
                    })
                    .collect();
                out.json(&list);
            } else {
                if cfg.contexts.is_empty() {
                    out.note(&format!(
                        "No contexts in {}; `chatctl login --server URL` makes one.",
                        store.path().display()
                    ));
                    return Ok(());
                }
                let rows = cfg
                    .contexts
                    .iter()
                    .map(|(n, c)| {
                        vec![
                            if is_current(n) {
                                "*".into()
                            } else {
                                String::new()
                            },
                            n.clone(),
                            c.server.clone(),
                            c.email.clone().unwrap_or_else(|| "-".into()),
                            if c.logged_in() {
                                "logged in"
                            } else {
                                "logged out"
                            }
                            .into(),
                        ]
                    })
                    .collect();
                out.table(&["current", "name", "server", "user", "status"], rows);
            }
            Ok(())
        }
        ContextCommand::Use { name } => {
            store.update(|cfg| {
                if !cfg.contexts.contains_key(&name) {
                    return Err(CliError::not_found(format!("no context named {name:?}"))
                        .hint("`chatctl context list` shows them"));
                }
                cfg.current = Some(name.clone());
                Ok(())
            })?;
            if out.json_mode() {
                out.json(&json!({"current": name}));
            } else {
                out.note(&format!("Context {name:?} is now current."));
            }
            Ok(())
        }
    }
}
