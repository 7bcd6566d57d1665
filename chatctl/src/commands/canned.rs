//! `chatctl canned ...`.

use crate::cli::{BodyArgs, CannedCommand};
use crate::error::{CliError, CliResult, Exit};
use crate::output::{Out, ellipsize, time_ms};
use crate::session::Session;
use proto::canned::{CannedReply, CannedReplyPatch, CreateCannedReply};
use serde_json::json;
use std::collections::HashMap;
use std::io::Read;
use uuid::Uuid;

pub async fn run(s: &mut Session, out: Out, cmd: CannedCommand) -> CliResult {
    match cmd {
        CannedCommand::Add {
            shortcut,
            title,
            body,
            widget,
        } => {
            let text = read_body(&body)?
                .ok_or_else(|| CliError::usage("no text: pass --body TEXT or --body-file FILE"))?;
            let widget_id = match &widget {
                Some(w) => Some(super::widgets::resolve(s, w).await?.id),
                None => None,
            };
            let req = CreateCannedReply {
                shortcut: shortcut.clone(),
                title,
                body: text,
                widget_id,
            };
            let r = s
                .call(&format!("cannot add canned reply {shortcut:?}"), |c| {
                    let req = req.clone();
                    async move { c.create_canned(&req).await }
                })
                .await?;
            show(s, out, &r).await;
            if !out.json_mode() {
                out.note(&format!("Added canned reply {:?}.", r.shortcut));
            }
            Ok(())
        }
        CannedCommand::List { widget } => {
            let widget_id = match &widget {
                Some(w) => Some(widget_id(s, w).await?),
                None => None,
            };
            let list = s
                .call("cannot list canned replies", |c| async move {
                    c.list_canned(widget_id).await
                })
                .await?;
            if out.json_mode() {
                out.json(&list);
            } else {
                let names = widget_names(s).await;
                let rows = list
                    .iter()
                    .map(|r| {
                        vec![
                            r.shortcut.clone(),
                            ellipsize(&r.title, 40),
                            widget_cell(&names, r.widget_id),
                            ellipsize(&r.body, 50),
                            time_ms(r.updated_at),
                        ]
                    })
                    .collect();
                out.table(&["shortcut", "title", "widget", "body", "updated"], rows);
            }
            Ok(())
        }
        CannedCommand::Show { canned } => {
            let r = resolve(s, &canned).await?;
            show(s, out, &r).await;
            Ok(())
        }
        CannedCommand::Update {
            canned,
            shortcut,
            title,
            body,
            widget,
            all_widgets,
        } => {
            let r = resolve(s, &canned).await?;
            let mut patch = CannedReplyPatch {
                shortcut,
                title,
                body: read_body(&body)?,
                widget_id: None,
            };
            if let Some(w) = &widget {
                patch.widget_id = Some(Some(super::widgets::resolve(s, w).await?.id));
            } else if all_widgets {
                patch.widget_id = Some(None);
            }
            if patch.is_empty() {
                return Err(CliError::usage("nothing to change")
                    .hint("pass at least one flag, see `chatctl canned update --help`"));
            }
            let id = r.id;
            let updated = s
                .call(
                    &format!("cannot update canned reply {:?}", r.shortcut),
                    |c| {
                        let patch = patch.clone();
                        async move { c.update_canned(id, &patch).await }
                    },
                )
                .await?;
            show(s, out, &updated).await;
            Ok(())
        }
        CannedCommand::Remove { canned } => {
            let r = resolve(s, &canned).await?;
            let id = r.id;
            s.call(
                &format!("cannot remove canned reply {:?}", r.shortcut),
                |c| async move { c.delete_canned(id).await },
            )
            .await?;
            if out.json_mode() {
                out.json(&json!({"id": r.id, "shortcut": r.shortcut, "deleted": true}));
            } else {
                out.note(&format!(
                    "Removed canned reply {:?} ({}).",
                    r.shortcut, r.id
                ));
            }
            Ok(())
        }
    }
}

/// The text from --body or --body-file, if either was given.
fn read_body(b: &BodyArgs) -> CliResult<Option<String>> {
    if let Some(t) = &b.body {
        return Ok(Some(t.clone()));
    }
    let Some(path) = &b.body_file else {
        return Ok(None);
    };
    let text = if path.as_os_str() == "-" {
        let mut t = String::new();
        std::io::stdin()
            .read_to_string(&mut t)
            .map_err(|e| CliError::failure(format!("cannot read the text from stdin: {e}")))?;
        t
    } else {
        std::fs::read_to_string(path)
            .map_err(|e| CliError::usage(format!("cannot read {}: {e}", path.display())))?
    };
    // Files end with a newline that is not part of the reply.
    Ok(Some(text.strip_suffix('\n').unwrap_or(&text).to_string()))
}

/// Prints one reply: as the API sends it, or as fields.
async fn show(s: &mut Session, out: Out, r: &CannedReply) {
    if out.json_mode() {
        out.json(r);
        return;
    }
    let names = if r.widget_id.is_some() {
        widget_names(s).await
    } else {
        HashMap::new()
    };
    out.fields(&[
        ("shortcut", r.shortcut.clone()),
        ("id", r.id.to_string()),
        ("title", r.title.clone()),
        ("widget", widget_cell(&names, r.widget_id)),
        ("created", time_ms(r.created_at)),
        ("updated", time_ms(r.updated_at)),
        ("body", r.body.clone()),
    ]);
}

/// Widget names by ID, when the caller may list widgets (an agent sees IDs).
async fn widget_names(s: &mut Session) -> HashMap<Uuid, String> {
    match s.call("", |c| async move { c.list_widgets().await }).await {
        Ok(list) => list.into_iter().map(|w| (w.id, w.name)).collect(),
        Err(_) => HashMap::new(),
    }
}

fn widget_cell(names: &HashMap<Uuid, String>, id: Option<Uuid>) -> String {
    match id {
        None => "(every widget)".into(),
        Some(id) => names.get(&id).cloned().unwrap_or_else(|| id.to_string()),
    }
}

/// A widget ID for filtering; an ID is taken as it is (agents may not list widgets).
async fn widget_id(s: &mut Session, key: &str) -> CliResult<Uuid> {
    if let Ok(id) = Uuid::parse_str(key.trim()) {
        return Ok(id);
    }
    super::widgets::resolve(s, key)
        .await
        .map(|w| w.id)
        .map_err(|e| match e.exit {
            Exit::Failure if e.message.contains("admin role") => {
                e.hint("an agent may not look widgets up by name: pass the widget's ID instead")
            }
            _ => e,
        })
}

/// Finds a canned reply by ID or shortcut.
pub async fn resolve(s: &mut Session, key: &str) -> CliResult<CannedReply> {
    let key = key.trim();
    if let Ok(id) = Uuid::parse_str(key) {
        return s
            .call(&format!("cannot get canned reply {id}"), |c| async move {
                c.get_canned(id).await
            })
            .await
            .map_err(|e| match e.exit {
                Exit::NotFound => CliError::not_found(format!("no canned reply with ID {id}"))
                    .hint("`chatctl canned list` shows the canned replies"),
                _ => e,
            });
    }
    let list = s
        .call("cannot list canned replies", |c| async move {
            c.list_canned(None).await
        })
        .await?;
    list.into_iter().find(|r| r.shortcut == key).ok_or_else(|| {
        CliError::not_found(format!("no canned reply with shortcut {key:?}"))
            .hint("`chatctl canned list` shows the canned replies")
    })
}
