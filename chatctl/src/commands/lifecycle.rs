//! `chatctl block ...`, `chatctl audit` and `chatctl visitor ...`.

use crate::cli::{AuditArgs, BlockCommand, VisitorCommand};
use crate::error::{CliError, CliResult, Exit};
use crate::output::{Out, ellipsize, interactive, time_ms};
use crate::session::Session;
use proto::lifecycle::{AuditQuery, Block, BlockVisitor};
use serde_json::json;
use std::io::Write;
use uuid::Uuid;

fn parse_id(what: &str, raw: &str) -> CliResult<Uuid> {
    Uuid::parse_str(raw.trim())
        .map_err(|_| CliError::usage(format!("{raw:?} is not a {what} ID (a UUID)")))
}

fn show_block(out: Out, b: &Block) {
    if out.json_mode() {
        out.json(b);
        return;
    }
    out.fields(&[
        ("id", b.id.to_string()),
        ("widget", b.widget_id.to_string()),
        ("visitor", b.visitor_id.to_string()),
        ("ip", b.ip.clone().unwrap_or_else(|| "-".into())),
        ("reason", b.reason.clone()),
        ("by", b.created_by_name.clone()),
        ("created", time_ms(b.created_at)),
        ("expires", b.expires_at.map_or("never".into(), time_ms)),
    ]);
}

/// `chatctl block ...`.
pub async fn block(s: &mut Session, out: Out, cmd: BlockCommand) -> CliResult {
    match cmd {
        BlockCommand::Add {
            conversation,
            ip,
            reason,
            hours,
        } => {
            let id = parse_id("conversation", &conversation)?;
            let req = BlockVisitor {
                ip,
                reason,
                expires_in_hours: hours,
            };
            let b = s
                .call(
                    &format!("cannot block the visitor of conversation {id}"),
                    |c| {
                        let req = req.clone();
                        async move { c.block_conversation(id, &req).await }
                    },
                )
                .await
                .map_err(|e| match e.exit {
                    Exit::NotFound => CliError::not_found(format!("no conversation {id}")),
                    _ => e,
                })?;
            show_block(out, &b);
            if !out.json_mode() {
                out.note(&format!(
                    "Blocked visitor {}; their open conversations are closed.",
                    b.visitor_id
                ));
            }
            Ok(())
        }
        BlockCommand::List => {
            let list = s
                .call(
                    "cannot list blocks",
                    |c| async move { c.list_blocks().await },
                )
                .await?;
            if out.json_mode() {
                out.json(&list);
            } else {
                let rows = list
                    .iter()
                    .map(|b| {
                        vec![
                            b.id.to_string(),
                            b.visitor_id.to_string(),
                            b.ip.clone().unwrap_or_else(|| "-".into()),
                            ellipsize(&b.reason, 40),
                            b.created_by_name.clone(),
                            time_ms(b.created_at),
                            b.expires_at.map_or("never".into(), time_ms),
                        ]
                    })
                    .collect();
                out.table(
                    &["id", "visitor", "ip", "reason", "by", "created", "expires"],
                    rows,
                );
            }
            Ok(())
        }
        BlockCommand::Remove { block } => {
            let id = parse_id("block", &block)?;
            s.call(&format!("cannot remove block {id}"), |c| async move {
                c.delete_block(id).await
            })
            .await
            .map_err(|e| match e.exit {
                Exit::NotFound => CliError::not_found(format!("no block {id}"))
                    .hint("`chatctl block list` shows the blocks"),
                _ => e,
            })?;
            if out.json_mode() {
                out.json(&json!({"id": id, "deleted": true}));
            } else {
                out.note(&format!("Lifted block {id}."));
            }
            Ok(())
        }
    }
}

/// `chatctl audit`.
pub async fn audit(s: &mut Session, out: Out, a: AuditArgs) -> CliResult {
    if !(1..=1000).contains(&a.limit) {
        return Err(CliError::usage("--limit must be 1 to 1000"));
    }
    let q = AuditQuery {
        since: a.since.map(|w| w.start_ms),
        actor: a.actor,
        action: a.action,
        limit: Some(a.limit),
    };
    let list = s
        .call("cannot read the audit log", |c| {
            let q = q.clone();
            async move { c.list_audit(&q).await }
        })
        .await?;
    if out.json_mode() {
        out.json(&list);
        return Ok(());
    }
    let rows = list
        .iter()
        .map(|e| {
            let details = if e.details.as_object().is_some_and(serde_json::Map::is_empty) {
                String::new()
            } else {
                e.details.to_string()
            };
            vec![
                time_ms(e.at),
                e.actor_name.clone(),
                e.actor_kind.clone(),
                e.action.clone(),
                e.target.clone().unwrap_or_default(),
                e.ip.clone().unwrap_or_default(),
                ellipsize(&details, 60),
            ]
        })
        .collect();
    out.table(
        &["time", "actor", "via", "action", "target", "ip", "details"],
        rows,
    );
    Ok(())
}

/// `chatctl visitor ...`.
pub async fn visitor(s: &mut Session, out: Out, cmd: VisitorCommand) -> CliResult {
    match cmd {
        VisitorCommand::Export { visitor, file } => {
            let id = parse_id("visitor", &visitor)?;
            // Refused before the export is made: the server records every export.
            if let Some(path) = &file
                && path.exists()
            {
                return Err(CliError::usage(format!(
                    "{} exists; choose a new file",
                    path.display()
                )));
            }
            let export = s
                .call(&format!("cannot export visitor {id}"), |c| async move {
                    c.export_visitor(id).await
                })
                .await?;
            let text = serde_json::to_string_pretty(&export)
                .map_err(|e| CliError::failure(format!("cannot encode the export: {e}")))?;
            match file {
                Some(path) => {
                    std::fs::OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(&path)
                        .and_then(|mut f| f.write_all(text.as_bytes()))
                        .map_err(|e| {
                            CliError::failure(format!("cannot write {}: {e}", path.display()))
                        })?;
                    out.note(&format!(
                        "Wrote {} conversations of visitor {id} to {}.",
                        export.conversations.len(),
                        path.display()
                    ));
                }
                None => crate::output::stdout(&format!("{text}\n")),
            }
            Ok(())
        }
        VisitorCommand::Forget { visitor, yes } => {
            let id = parse_id("visitor", &visitor)?;
            if !yes {
                if !interactive() {
                    return Err(CliError::usage(
                        "forgetting a visitor deletes their conversations for good",
                    )
                    .hint("pass --yes to confirm when not at a terminal"));
                }
                let sure = dialoguer::Confirm::new()
                    .with_prompt(format!(
                        "Delete every conversation and message of visitor {id}?"
                    ))
                    .default(false)
                    .interact()
                    .map_err(|e| {
                        CliError::failure(format!("cannot read from the terminal: {e}"))
                    })?;
                if !sure {
                    return Err(CliError::usage("nothing deleted"));
                }
            }
            let gone = s
                .call(&format!("cannot forget visitor {id}"), |c| async move {
                    c.forget_visitor(id).await
                })
                .await?;
            if out.json_mode() {
                out.json(&gone);
            } else {
                out.note(&format!(
                    "Deleted {} conversations of visitor {id}.",
                    gone.conversations
                ));
            }
            Ok(())
        }
    }
}
