//! `chatctl widget ...`.

use crate::cli::{FaqCommand, MemberCommand, WidgetCommand, WidgetSettingsArgs};
use crate::error::{CliError, CliResult};
use crate::output::{Out, ellipsize, shell_word, time_ms};
use crate::session::Session;
use proto::auth::{Role, User};
use proto::widgets::{
    Colors, CreateWidget, FaqEntry, LauncherPosition, Widget, WidgetPatch, WidgetSettings,
};
use serde_json::json;
use uuid::Uuid;

pub async fn run(s: &mut Session, out: Out, cmd: WidgetCommand) -> CliResult {
    match cmd {
        WidgetCommand::Create { name, settings } => {
            let body = CreateWidget {
                name: name.clone(),
                settings: patch_from_args(&settings, &WidgetSettings::default()),
            };
            let w = s
                .call(&format!("cannot create widget {name:?}"), |c| {
                    let body = body.clone();
                    async move { c.create_widget(&body).await }
                })
                .await?;
            show(out, &w);
            if !out.json_mode() {
                out.note(&format!(
                    "Created widget {:?}. Embed it with `chatctl widget snippet {}`.",
                    w.name,
                    shell_word(&w.name)
                ));
            }
            Ok(())
        }
        WidgetCommand::List => {
            let list = s
                .call(
                    "cannot list widgets",
                    |c| async move { c.list_widgets().await },
                )
                .await?;
            if out.json_mode() {
                out.json(&list);
            } else {
                let rows = list
                    .iter()
                    .map(|w| {
                        vec![
                            w.name.clone(),
                            w.id.to_string(),
                            w.site_key.clone(),
                            origins_cell(&w.settings.allowed_origins),
                            w.settings.faq.len().to_string(),
                            time_ms(w.updated_at),
                        ]
                    })
                    .collect();
                out.table(
                    &["name", "id", "site key", "origins", "faq", "updated"],
                    rows,
                );
            }
            Ok(())
        }
        WidgetCommand::Show { widget } => {
            let w = resolve(s, &widget).await?;
            show(out, &w);
            Ok(())
        }
        WidgetCommand::Update {
            widget,
            name,
            no_origins,
            settings,
        } => {
            let w = resolve(s, &widget).await?;
            let mut patch = patch_from_args(&settings, &w.settings);
            patch.name = name;
            if no_origins {
                patch.allowed_origins = Some(Vec::new());
            }
            if patch == WidgetPatch::default() {
                return Err(CliError::usage("nothing to change")
                    .hint("pass at least one setting, see `chatctl widget update --help`"));
            }
            let updated = update(s, &w, patch).await?;
            show(out, &updated);
            Ok(())
        }
        WidgetCommand::Delete { widget } => {
            let w = resolve(s, &widget).await?;
            let id = w.id;
            s.call(
                &format!("cannot delete widget {:?}", w.name),
                |c| async move { c.delete_widget(id).await },
            )
            .await?;
            if out.json_mode() {
                out.json(&json!({"id": w.id, "name": w.name, "deleted": true}));
            } else {
                out.note(&format!("Deleted widget {:?} ({}).", w.name, w.id));
            }
            Ok(())
        }
        WidgetCommand::RotateKey { widget } => {
            let w = resolve(s, &widget).await?;
            let id = w.id;
            let rotated = s
                .call(
                    &format!("cannot rotate the site key of {:?}", w.name),
                    |c| async move { c.rotate_widget_key(id).await },
                )
                .await?;
            if out.json_mode() {
                out.json(&rotated);
            } else {
                out.fields(&[
                    ("name", rotated.name.clone()),
                    ("site_key", rotated.site_key.clone()),
                    ("old_site_key", w.site_key.clone()),
                ]);
                out.note("The old site key stops working now: update the embed snippet on your site (`chatctl widget snippet`).");
            }
            Ok(())
        }
        WidgetCommand::Snippet { widget } => {
            let w = resolve(s, &widget).await?;
            let id = w.id;
            let snippet = s
                .call(
                    &format!("cannot get the snippet of {:?}", w.name),
                    |c| async move { c.widget_snippet(id).await },
                )
                .await?;
            if out.json_mode() {
                out.json(&json!({
                    "id": w.id,
                    "name": w.name,
                    "site_key": w.site_key,
                    "html": snippet.html,
                }));
            } else {
                crate::output::stdout(&format!("{}\n", snippet.html));
            }
            Ok(())
        }
        WidgetCommand::Faq(cmd) => faq(s, out, cmd).await,
        WidgetCommand::Member(cmd) => member(s, out, cmd).await,
    }
}

/// The users who are members of `w`.
pub async fn members(s: &mut Session, w: &Widget) -> CliResult<Vec<User>> {
    let id = w.id;
    s.call(
        &format!("cannot list the members of widget {:?}", w.name),
        |c| async move { c.widget_members(id).await },
    )
    .await
}

async fn member(s: &mut Session, out: Out, cmd: MemberCommand) -> CliResult {
    match cmd {
        MemberCommand::Add { widget, user } => {
            let w = resolve(s, &widget).await?;
            let u = super::users::resolve(s, &user).await?;
            let already = members(s, &w).await?.iter().any(|m| m.id == u.id);
            if !already {
                let (wid, uid) = (w.id, u.id);
                s.call(
                    &format!("cannot add {} to widget {:?}", u.email, w.name),
                    |c| async move { c.add_widget_member(wid, uid).await },
                )
                .await?;
            }
            if out.json_mode() {
                out.json(&membership_json(&w, &u, true, !already));
            } else if already {
                out.note(&format!(
                    "{} is already a member of {:?}; nothing changed.",
                    u.email, w.name
                ));
            } else {
                out.note(&format!("Added {} to widget {:?}.", u.email, w.name));
            }
            if u.role == Role::Admin && !out.json_mode() {
                out.note(&format!(
                    "{} is an admin, and admins work on every widget anyway.",
                    u.email
                ));
            }
            Ok(())
        }
        MemberCommand::Remove { widget, user } => {
            let w = resolve(s, &widget).await?;
            let u = super::users::resolve(s, &user).await?;
            if !members(s, &w).await?.iter().any(|m| m.id == u.id) {
                return Err(CliError::not_found(format!(
                    "{} is not a member of widget {:?}",
                    u.email, w.name
                ))
                .hint(format!(
                    "`chatctl widget member list {}` shows its members",
                    shell_word(&w.name)
                )));
            }
            let (wid, uid) = (w.id, u.id);
            s.call(
                &format!("cannot remove {} from widget {:?}", u.email, w.name),
                |c| async move { c.remove_widget_member(wid, uid).await },
            )
            .await?;
            if out.json_mode() {
                out.json(&membership_json(&w, &u, false, true));
            } else {
                out.note(&format!("Removed {} from widget {:?}.", u.email, w.name));
            }
            Ok(())
        }
        MemberCommand::List { widget } => {
            let w = resolve(s, &widget).await?;
            let mut list = members(s, &w).await?;
            list.sort_by(|a, b| a.email.cmp(&b.email));
            if out.json_mode() {
                out.json(&list);
            } else {
                let rows = list
                    .iter()
                    .map(|u| {
                        vec![
                            u.email.clone(),
                            u.name.clone(),
                            u.role.as_str().into(),
                            if u.disabled { "disabled" } else { "active" }.into(),
                            u.id.to_string(),
                        ]
                    })
                    .collect();
                out.table(&["email", "name", "role", "status", "id"], rows);
            }
            Ok(())
        }
    }
}

fn membership_json(w: &Widget, u: &User, member: bool, changed: bool) -> serde_json::Value {
    json!({
        "widget": w.name,
        "widget_id": w.id,
        "user": u.email,
        "user_id": u.id,
        "member": member,
        "changed": changed,
    })
}

async fn faq(s: &mut Session, out: Out, cmd: FaqCommand) -> CliResult {
    match cmd {
        FaqCommand::Add {
            widget,
            question,
            answer,
        } => {
            let w = resolve(s, &widget).await?;
            let mut faq = w.settings.faq.clone();
            faq.push(FaqEntry { question, answer });
            let index = faq.len();
            let patch = WidgetPatch {
                faq: Some(faq),
                ..Default::default()
            };
            let updated = update(s, &w, patch).await?;
            let entry = updated.settings.faq.get(index - 1).cloned();
            if out.json_mode() {
                out.json(&json!({"widget": updated.name, "index": index, "entry": entry}));
            } else {
                out.note(&format!(
                    "Added FAQ entry {index} to {:?} ({} in all).",
                    updated.name,
                    updated.settings.faq.len()
                ));
            }
            Ok(())
        }
        FaqCommand::List { widget } => {
            let w = resolve(s, &widget).await?;
            if out.json_mode() {
                let list: Vec<_> = w
                    .settings
                    .faq
                    .iter()
                    .enumerate()
                    .map(|(i, e)| json!({"index": i + 1, "question": e.question, "answer": e.answer}))
                    .collect();
                out.json(&list);
            } else {
                let rows = w
                    .settings
                    .faq
                    .iter()
                    .enumerate()
                    .map(|(i, e)| {
                        vec![
                            (i + 1).to_string(),
                            ellipsize(&e.question, 60),
                            ellipsize(&e.answer, 80),
                        ]
                    })
                    .collect();
                out.table(&["#", "question", "answer"], rows);
            }
            Ok(())
        }
        FaqCommand::Remove { widget, index } => {
            let w = resolve(s, &widget).await?;
            let mut faq = w.settings.faq.clone();
            if index == 0 || index > faq.len() {
                return Err(CliError::not_found(format!(
                    "widget {:?} has no FAQ entry {index} (it has {})",
                    w.name,
                    faq.len()
                ))
                .hint(format!(
                    "`chatctl widget faq list {}` shows the numbers",
                    shell_word(&w.name)
                )));
            }
            let removed = faq.remove(index - 1);
            let patch = WidgetPatch {
                faq: Some(faq),
                ..Default::default()
            };
            let updated = update(s, &w, patch).await?;
            if out.json_mode() {
                out.json(&json!({"widget": updated.name, "index": index, "removed": removed}));
            } else {
                out.note(&format!(
                    "Removed FAQ entry {index} ({:?}) from {:?}.",
                    ellipsize(&removed.question, 60),
                    updated.name
                ));
            }
            Ok(())
        }
    }
}

/// Finds a widget by ID or exact name.
pub async fn resolve(s: &mut Session, key: &str) -> CliResult<Widget> {
    if let Ok(id) = Uuid::parse_str(key.trim()) {
        return s
            .call(&format!("cannot get widget {id}"), |c| async move {
                c.get_widget(id).await
            })
            .await
            .map_err(|e| match e.exit {
                crate::error::Exit::NotFound => {
                    CliError::not_found(format!("no widget with ID {id}"))
                        .hint("`chatctl widget list` shows the widgets")
                }
                _ => e,
            });
    }
    let name = key.trim();
    let list = s
        .call(
            "cannot list widgets",
            |c| async move { c.list_widgets().await },
        )
        .await?;
    list.into_iter().find(|w| w.name == name).ok_or_else(|| {
        CliError::not_found(format!("no widget named {name:?}"))
            .hint("`chatctl widget list` shows the widgets")
    })
}

async fn update(s: &mut Session, w: &Widget, patch: WidgetPatch) -> CliResult<Widget> {
    let id = w.id;
    s.call(&format!("cannot update widget {:?}", w.name), |c| {
        let patch = patch.clone();
        async move { c.update_widget(id, &patch).await }
    })
    .await
}

/// The patch the flags ask for. Colors and AI settings travel whole, so the
/// ones not given are taken from `base`.
fn patch_from_args(a: &WidgetSettingsArgs, base: &WidgetSettings) -> WidgetPatch {
    let colors = (a.color.is_some() || a.text_color.is_some()).then(|| Colors {
        primary: a
            .color
            .clone()
            .unwrap_or_else(|| base.colors.primary.clone()),
        on_primary: a
            .text_color
            .clone()
            .unwrap_or_else(|| base.colors.on_primary.clone()),
    });
    let ai_given = a.ai.is_some()
        || a.ai_model.is_some()
        || a.ai_prompt.is_some()
        || a.ai_temperature.is_some();
    let ai = ai_given.then(|| {
        let mut ai = base.ai.clone();
        if let Some(e) = a.ai {
            ai.enabled = e;
        }
        if let Some(m) = &a.ai_model {
            ai.model = (!m.is_empty()).then(|| m.clone());
        }
        if let Some(p) = &a.ai_prompt {
            ai.system_prompt = (!p.is_empty()).then(|| p.clone());
        }
        if let Some(t) = a.ai_temperature {
            ai.temperature = Some(t);
        }
        ai
    });
    WidgetPatch {
        name: None,
        title: a.title.clone(),
        welcome_message: a.welcome.clone(),
        colors,
        launcher_position: a.position.map(Into::into),
        prechat_fields: None,
        allowed_origins: (!a.origins.is_empty()).then(|| a.origins.clone()),
        ai,
        faq: None,
        offline_message: a.offline_message.clone(),
        retention_days: a.retention_days,
        ..WidgetPatch::default()
    }
}

fn origins_cell(origins: &[String]) -> String {
    if origins.is_empty() {
        "(own /demo only)".into()
    } else {
        origins.join(",")
    }
}

/// Prints one widget: the server's JSON, or its fields.
pub fn show(out: Out, w: &Widget) {
    if out.json_mode() {
        out.json(w);
        return;
    }
    let st = &w.settings;
    let ai = if st.ai.enabled {
        let mut parts = vec!["on".to_string()];
        if let Some(m) = &st.ai.model {
            parts.push(format!("model {m}"));
        }
        if let Some(t) = st.ai.temperature {
            parts.push(format!("temperature {t}"));
        }
        if st.ai.system_prompt.is_some() {
            parts.push("own system prompt".into());
        }
        parts.join(", ")
    } else {
        "off".into()
    };
    let position = match st.launcher_position {
        LauncherPosition::BottomRight => "bottom-right",
        LauncherPosition::BottomLeft => "bottom-left",
    };
    out.fields(&[
        ("name", w.name.clone()),
        ("id", w.id.to_string()),
        ("site_key", w.site_key.clone()),
        ("title", st.title.clone()),
        ("welcome_message", st.welcome_message.clone()),
        ("offline_message", st.offline_message.clone()),
        ("allowed_origins", origins_cell(&st.allowed_origins)),
        (
            "colors",
            format!("{} on {}", st.colors.on_primary, st.colors.primary),
        ),
        ("launcher_position", position.into()),
        ("ai", ai),
        ("prechat_fields", st.prechat_fields.len().to_string()),
        ("faq", format!("{} entries", st.faq.len())),
        (
            "retention",
            st.retention_days.map_or("forever".into(), |d| {
                format!("{d} days (closed conversations)")
            }),
        ),
        ("created", time_ms(w.created_at)),
        ("updated", time_ms(w.updated_at)),
    ]);
}
