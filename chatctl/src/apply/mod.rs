//! `chatctl apply` and `chatctl export`.
//!
//! apply works in three steps: check the whole file (spec.rs), compare it
//! with what the server has and make a plan, then carry the plan out one
//! change at a time, printing each as it is done. Nothing is sent before
//! the plan is complete, so a bad file changes nothing.

mod spec;

pub use spec::load;

use crate::cli::FileFormat;
use crate::error::{CliError, CliResult};
use crate::input::generate_password;
use crate::output::Out;
use crate::session::Session;
use proto::auth::{CreateUser, Role, UpdateUser, User};
use proto::widgets::{
    AiSettings, Colors, CreateWidget, FaqEntry, PrechatField, Widget, WidgetPatch, WidgetSettings,
};
use serde::Serialize;
use spec::{
    AiSpec, ColorsSpec, Email, FaqSpec, List, Manifest, Origin, PrechatSpec, Temperature, Text,
    UserSpec, WidgetSpec,
};
use std::path::Path;
use uuid::Uuid;

/// Kind of thing a step changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Widget,
    User,
}

/// What a step does (named as done; a dry run says "would ...").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Action {
    Created,
    Updated,
    Unchanged,
    Deleted,
}

#[derive(Debug, Clone)]
enum Op {
    None,
    CreateWidget(CreateWidget),
    UpdateWidget(Uuid, WidgetPatch),
    DeleteWidget(Uuid),
    CreateUser(CreateUser, bool),
    UpdateUser(Uuid, UpdateUser),
    DeleteUser(Uuid),
}

#[derive(Debug, Clone)]
struct Step {
    kind: Kind,
    name: String,
    /// The server's id, for what exists already.
    id: Option<Uuid>,
    action: Action,
    fields: Vec<&'static str>,
    op: Op,
}

/// One line of the report; the JSON output is a list of these.
#[derive(Debug, Clone, Serialize)]
struct Done {
    kind: Kind,
    name: String,
    action: Action,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<Uuid>,
    /// A generated password for a created user.
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<String>,
}

/// The JSON output of apply.
#[derive(Debug, Serialize)]
struct Report {
    dry_run: bool,
    changes: Vec<Done>,
    created: usize,
    updated: usize,
    unchanged: usize,
    deleted: usize,
}

/// Makes the server match `m`, or with `dry_run` only says what that would change.
pub async fn apply(
    s: &mut Session,
    out: Out,
    m: &Manifest,
    dry_run: bool,
    prune: bool,
) -> CliResult {
    let widgets = if m.widgets.is_some() {
        s.call(
            "cannot list widgets",
            |c| async move { c.list_widgets().await },
        )
        .await?
    } else {
        Vec::new()
    };
    let users = if m.users.is_some() {
        s.call("cannot list users", |c| async move { c.list_users().await })
            .await?
    } else {
        Vec::new()
    };
    let me = if prune && m.users.is_some() {
        Some(
            s.call("cannot ask who you are", |c| async move { c.me().await })
                .await?
                .user
                .id,
        )
    } else {
        None
    };
    let (steps, kept) = plan(m, &widgets, &users, prune, me);
    for k in &kept {
        out.note(&format!(
            "Keeping user {k}: it is the one running apply, so --prune leaves it."
        ));
    }
    let width = steps
        .iter()
        .map(|st| st.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut report = Report {
        dry_run,
        changes: Vec::new(),
        created: 0,
        updated: 0,
        unchanged: 0,
        deleted: 0,
    };
    let mut failure = None;
    for step in steps {
        let result = if dry_run {
            Ok(Done {
                kind: step.kind,
                name: step.name.clone(),
                action: step.action,
                fields: step.fields.clone(),
                id: step.id,
                password: None,
            })
        } else {
            run_step(s, &step).await
        };
        match result {
            Ok(done) => {
                match done.action {
                    Action::Created => report.created += 1,
                    Action::Updated => report.updated += 1,
                    Action::Unchanged => report.unchanged += 1,
                    Action::Deleted => report.deleted += 1,
                }
                if !out.json_mode() {
                    crate::output::stdout(&line(&done, width, dry_run));
                }
                report.changes.push(done);
            }
            Err(e) => {
                failure = Some(e);
                break;
            }
        }
    }
    if out.json_mode() {
        out.json(&report);
    }
    let summary = format!(
        "{} created, {} updated, {} unchanged, {} deleted",
        report.created, report.updated, report.unchanged, report.deleted
    );
    if let Some(e) = failure {
        let done = report.created + report.updated + report.deleted;
        return Err(CliError {
            message: format!("{} (stopped after {done} changes: {summary})", e.message),
            ..e
        });
    }
    if dry_run {
        out.note(&format!(
            "Dry run, nothing was changed. It would be: {summary}."
        ));
    } else {
        out.note(&format!("Applied: {summary}."));
    }
    Ok(())
}

fn line(d: &Done, width: usize, dry_run: bool) -> String {
    let action = match (d.action, dry_run) {
        (Action::Created, false) => "created",
        (Action::Updated, false) => "updated",
        (Action::Deleted, false) => "deleted",
        (Action::Created, true) => "would create",
        (Action::Updated, true) => "would update",
        (Action::Deleted, true) => "would delete",
        (Action::Unchanged, _) => "unchanged",
    };
    let kind = match d.kind {
        Kind::Widget => "widget",
        Kind::User => "user",
    };
    let mut extra = String::new();
    if !d.fields.is_empty() {
        extra.push_str(&format!(" ({})", d.fields.join(", ")));
    }
    if let Some(p) = &d.password {
        extra.push_str(&format!(" (password: {p})"));
    }
    format!("{kind:<6}  {:<width$}  {action}{extra}\n", d.name)
}

async fn run_step(s: &mut Session, step: &Step) -> CliResult<Done> {
    let mut done = Done {
        kind: step.kind,
        name: step.name.clone(),
        action: step.action,
        fields: step.fields.clone(),
        id: step.id,
        password: None,
    };
    let what = |verb: &str| format!("cannot {verb} {:?}", step.name);
    match &step.op {
        Op::None => {}
        Op::CreateWidget(body) => {
            let w = s
                .call(&what("create widget"), |c| {
                    let body = body.clone();
                    async move { c.create_widget(&body).await }
                })
                .await?;
            done.id = Some(w.id);
        }
        Op::UpdateWidget(id, patch) => {
            let id = *id;
            s.call(&what("update widget"), |c| {
                let patch = patch.clone();
                async move { c.update_widget(id, &patch).await }
            })
            .await?;
            done.id = Some(id);
        }
        Op::DeleteWidget(id) => {
            let id = *id;
            s.call(&what("delete widget"), |c| async move {
                c.delete_widget(id).await
            })
            .await?;
            done.id = Some(id);
        }
        Op::CreateUser(body, generated) => {
            let u = s
                .call(&what("create user"), |c| {
                    let body = body.clone();
                    async move { c.create_user(&body).await }
                })
                .await?;
            done.id = Some(u.id);
            if *generated {
                done.password = Some(body.password.clone());
            }
        }
        Op::UpdateUser(id, patch) => {
            let id = *id;
            s.call(&what("update user"), |c| {
                let patch = patch.clone();
                async move { c.update_user(id, &patch).await }
            })
            .await?;
            done.id = Some(id);
        }
        Op::DeleteUser(id) => {
            let id = *id;
            s.call(
                &what("delete user"),
                |c| async move { c.delete_user(id).await },
            )
            .await?;
            done.id = Some(id);
        }
    }
    // A new user the file disables is created, then disabled.
    if let (Op::CreateUser(..), Some(id)) = (&step.op, done.id)
        && step.fields.contains(&"disabled")
    {
        let patch = UpdateUser {
            disabled: Some(true),
            ..Default::default()
        };
        s.call(&what("disable user"), |c| {
            let patch = patch.clone();
            async move { c.update_user(id, &patch).await }
        })
        .await?;
    }
    Ok(done)
}

/// The steps that make the server match `m`, in the order they run:
/// widgets, then users, then deletions (so a new admin exists before an old
/// one goes). Also returns the users --prune keeps because they are the caller.
fn plan(
    m: &Manifest,
    widgets: &[Widget],
    users: &[User],
    prune: bool,
    me: Option<Uuid>,
) -> (Vec<Step>, Vec<String>) {
    let mut steps = Vec::new();
    let mut deletions = Vec::new();
    let mut kept = Vec::new();
    if let Some(specs) = &m.widgets {
        for spec in specs.iter() {
            let name = spec.name.0.trim().to_string();
            match widgets.iter().find(|w| w.name == name) {
                None => {
                    let (settings, _) = widget_patch(spec, &WidgetSettings::default());
                    steps.push(Step {
                        kind: Kind::Widget,
                        name: name.clone(),
                        id: None,
                        action: Action::Created,
                        fields: Vec::new(),
                        op: Op::CreateWidget(CreateWidget { name, settings }),
                    });
                }
                Some(w) => {
                    let (patch, fields) = widget_patch(spec, &w.settings);
                    let (action, op) = if fields.is_empty() {
                        (Action::Unchanged, Op::None)
                    } else {
                        (Action::Updated, Op::UpdateWidget(w.id, patch))
                    };
                    steps.push(Step {
                        kind: Kind::Widget,
                        name,
                        id: Some(w.id),
                        action,
                        fields,
                        op,
                    });
                }
            }
        }
        if prune {
            for w in widgets {
                if !specs.iter().any(|sp| sp.name.0.trim() == w.name) {
                    deletions.push(Step {
                        kind: Kind::Widget,
                        name: w.name.clone(),
                        id: Some(w.id),
                        action: Action::Deleted,
                        fields: Vec::new(),
                        op: Op::DeleteWidget(w.id),
                    });
                }
            }
        }
    }
    if let Some(specs) = &m.users {
        for spec in specs.iter() {
            let email = spec.email.0.clone();
            match users.iter().find(|u| u.email == email) {
                None => {
                    let (password, generated) = match &spec.password {
                        Some(p) => (p.0.clone(), false),
                        None => (generate_password(), true),
                    };
                    let mut fields = Vec::new();
                    if spec.disabled == Some(true) {
                        fields.push("disabled");
                    }
                    steps.push(Step {
                        kind: Kind::User,
                        name: email.clone(),
                        id: None,
                        action: Action::Created,
                        fields,
                        op: Op::CreateUser(
                            CreateUser {
                                email,
                                name: spec.name.as_ref().map(|n| n.0.clone()),
                                role: Some(spec.role.unwrap_or(Role::Agent)),
                                password,
                            },
                            generated,
                        ),
                    });
                }
                Some(u) => {
                    let (patch, fields) = user_patch(spec, u);
                    let (action, op) = if fields.is_empty() {
                        (Action::Unchanged, Op::None)
                    } else {
                        (Action::Updated, Op::UpdateUser(u.id, patch))
                    };
                    steps.push(Step {
                        kind: Kind::User,
                        name: email,
                        id: Some(u.id),
                        action,
                        fields,
                        op,
                    });
                }
            }
        }
        if prune {
            for u in users {
                if specs.iter().any(|sp| sp.email.0 == u.email) {
                    continue;
                }
                if Some(u.id) == me {
                    kept.push(u.email.clone());
                    continue;
                }
                deletions.push(Step {
                    kind: Kind::User,
                    name: u.email.clone(),
                    id: Some(u.id),
                    action: Action::Deleted,
                    fields: Vec::new(),
                    op: Op::DeleteUser(u.id),
                });
            }
        }
    }
    // Users go first so a widget deletion never runs while a user deletion
    // that would fail (last admin) is still pending; either order is valid.
    deletions.sort_by_key(|d| d.kind == Kind::Widget);
    steps.extend(deletions);
    (steps, kept)
}

fn desired_colors(c: &ColorsSpec) -> Colors {
    let d = Colors::default();
    Colors {
        primary: c.primary.as_ref().map_or(d.primary, |p| p.0.clone()),
        on_primary: c.on_primary.as_ref().map_or(d.on_primary, |p| p.0.clone()),
    }
}

fn desired_ai(a: &AiSpec) -> AiSettings {
    AiSettings {
        enabled: a.enabled.unwrap_or(true),
        model: a.model.as_ref().map(|m| m.0.clone()),
        system_prompt: a.system_prompt.as_ref().map(|p| p.0.clone()),
        temperature: a.temperature.map(|t| t.0),
    }
}

/// The patch that takes `cur` to what `spec` declares, and the names of the
/// fields it changes (empty: nothing differs).
fn widget_patch(spec: &WidgetSpec, cur: &WidgetSettings) -> (WidgetPatch, Vec<&'static str>) {
    let mut p = WidgetPatch::default();
    let mut fields = Vec::new();
    macro_rules! field {
        ($name:ident, $desired:expr) => {
            if let Some(want) = $desired
                && want != cur.$name
            {
                p.$name = Some(want);
                fields.push(stringify!($name));
            }
        };
    }
    field!(title, spec.title.as_ref().map(|t| t.0.clone()));
    field!(
        welcome_message,
        spec.welcome_message.as_ref().map(|t| t.0.clone())
    );
    field!(
        offline_message,
        spec.offline_message.as_ref().map(|t| t.0.clone())
    );
    field!(launcher_position, spec.launcher_position);
    field!(
        allowed_origins,
        spec.allowed_origins
            .as_ref()
            .map(|l| l.iter().map(|o| o.0.clone()).collect::<Vec<_>>())
    );
    field!(colors, spec.colors.as_ref().map(desired_colors));
    field!(ai, spec.ai.as_ref().map(desired_ai));
    field!(
        prechat_fields,
        spec.prechat_fields.as_ref().map(|l| l
            .iter()
            .map(|f| PrechatField {
                name: f.name.0.clone(),
                label: f.label.0.clone(),
                kind: f.kind,
                required: f.required,
            })
            .collect::<Vec<_>>())
    );
    field!(
        faq,
        spec.faq.as_ref().map(|l| l
            .iter()
            .map(|f| FaqEntry {
                question: f.question.0.clone(),
                answer: f.answer.0.clone(),
            })
            .collect::<Vec<_>>())
    );
    (p, fields)
}

fn user_patch(spec: &UserSpec, cur: &User) -> (UpdateUser, Vec<&'static str>) {
    let mut p = UpdateUser::default();
    let mut fields = Vec::new();
    if let Some(n) = &spec.name
        && n.0 != cur.name
    {
        p.name = Some(n.0.clone());
        fields.push("name");
    }
    if let Some(r) = spec.role
        && r != cur.role
    {
        p.role = Some(r);
        fields.push("role");
    }
    if let Some(d) = spec.disabled
        && d != cur.disabled
    {
        p.disabled = Some(d);
        fields.push("disabled");
    }
    (p, fields)
}

/// The file that declares exactly what the server has now.
fn manifest_of(widgets: &[Widget], users: &[User]) -> Manifest {
    let mut widgets: Vec<&Widget> = widgets.iter().collect();
    widgets.sort_by(|a, b| a.name.cmp(&b.name));
    let mut users: Vec<&User> = users.iter().collect();
    users.sort_by(|a, b| a.email.cmp(&b.email));
    Manifest {
        widgets: Some(List(
            widgets
                .into_iter()
                .map(|w| {
                    let st = &w.settings;
                    WidgetSpec {
                        name: Text(w.name.clone()),
                        title: Some(Text(st.title.clone())),
                        welcome_message: Some(Text(st.welcome_message.clone())),
                        offline_message: Some(Text(st.offline_message.clone())),
                        launcher_position: Some(st.launcher_position),
                        allowed_origins: Some(List(
                            st.allowed_origins.iter().cloned().map(Origin).collect(),
                        )),
                        colors: Some(ColorsSpec {
                            primary: Some(spec::Color(st.colors.primary.clone())),
                            on_primary: Some(spec::Color(st.colors.on_primary.clone())),
                        }),
                        ai: Some(AiSpec {
                            enabled: Some(st.ai.enabled),
                            model: st.ai.model.clone().map(Text),
                            system_prompt: st.ai.system_prompt.clone().map(Text),
                            temperature: st.ai.temperature.map(Temperature),
                        }),
                        prechat_fields: Some(List(
                            st.prechat_fields
                                .iter()
                                .map(|f| PrechatSpec {
                                    name: Text(f.name.clone()),
                                    label: Text(f.label.clone()),
                                    kind: f.kind,
                                    required: f.required,
                                })
                                .collect(),
                        )),
                        faq: Some(List(
                            st.faq
                                .iter()
                                .map(|f| FaqSpec {
                                    question: Text(f.question.clone()),
                                    answer: Text(f.answer.clone()),
                                })
                                .collect(),
                        )),
                    }
                })
                .collect(),
        )),
        users: Some(List(
            users
                .into_iter()
                .map(|u| UserSpec {
                    email: Email(u.email.clone()),
                    name: Some(Text(u.name.clone())),
                    role: Some(u.role),
                    disabled: u.disabled.then_some(true),
                    password: None,
                })
                .collect(),
        )),
    }
}

/// Encodes a manifest in `format`.
fn encode(m: &Manifest, format: FileFormat) -> CliResult<String> {
    match format {
        FileFormat::Toml => {
            toml::to_string(m).map_err(|e| CliError::failure(format!("cannot write TOML: {e}")))
        }
        FileFormat::Yaml => serde_yaml::to_string(m)
            .map_err(|e| CliError::failure(format!("cannot write YAML: {e}"))),
    }
}

/// Writes the server's widgets and users in the format apply reads.
pub async fn export(
    s: &mut Session,
    out: Out,
    format: Option<FileFormat>,
    file: Option<&Path>,
) -> CliResult {
    let format = format
        .or_else(|| file.and_then(spec::format_of))
        .unwrap_or(FileFormat::Toml);
    let widgets = s
        .call(
            "cannot list widgets",
            |c| async move { c.list_widgets().await },
        )
        .await?;
    let users = s
        .call("cannot list users", |c| async move { c.list_users().await })
        .await?;
    let m = manifest_of(&widgets, &users);
    let body = encode(&m, format)?;
    let text = format!(
        "# chatctl export of {}; apply with `chatctl apply -f FILE`.\n# Users' passwords are never exported.\n{body}",
        s.server
    );
    match file {
        Some(path) => {
            std::fs::write(path, text)
                .map_err(|e| CliError::failure(format!("cannot write {}: {e}", path.display())))?;
            out.note(&format!(
                "Wrote {} widgets and {} users to {}.",
                widgets.len(),
                users.len(),
                path.display()
            ));
        }
        None => crate::output::stdout(&text),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proto::widgets::{FieldKind, LauncherPosition};

    fn widget(name: &str, settings: WidgetSettings) -> Widget {
        Widget {
            id: Uuid::new_v4(),
            name: name.into(),
            site_key: "pk_x".into(),
            settings,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn user(email: &str, role: Role) -> User {
        User {
            id: Uuid::new_v4(),
            email: email.into(),
            name: email.split('@').next().unwrap().into(),
            role,
            disabled: false,
            created_at: 0,
        }
    }

    fn actions(steps: &[Step]) -> Vec<(String, Action, Vec<&'static str>)> {
        steps
            .iter()
            .map(|s| (s.name.clone(), s.action, s.fields.clone()))
            .collect()
    }

    #[test]
    fn export_then_apply_changes_nothing_in_both_formats() {
        let mut st = WidgetSettings {
            allowed_origins: vec!["https://example.com".into()],
            launcher_position: LauncherPosition::BottomLeft,
            prechat_fields: vec![PrechatField {
                name: "email".into(),
                label: "Your email".into(),
                kind: FieldKind::Email,
                required: true,
            }],
            faq: vec![FaqEntry {
                question: "Q \"quoted\"?".into(),
                answer: "Line one\nline two".into(),
            }],
            ..WidgetSettings::default()
        };
        st.ai.model = Some("m".into());
        st.ai.temperature = Some(0.7);
        let widgets = vec![widget("B", st), widget("A", WidgetSettings::default())];
        let mut off = user("off@example.com", Role::Agent);
        off.disabled = true;
        let users = vec![user("admin@localhost", Role::Admin), off];
        let m = manifest_of(&widgets, &users);
        for format in [FileFormat::Toml, FileFormat::Yaml] {
            let text = encode(&m, format).unwrap();
            let back = spec::parse(&text, format, "export").unwrap();
            assert_eq!(back, m, "{text}");
            let (steps, _) = plan(&back, &widgets, &users, true, None);
            assert!(
                steps.iter().all(|s| s.action == Action::Unchanged),
                "{:?}\n{text}",
                actions(&steps)
            );
        }
    }

    #[test]
    fn plan_creates_updates_and_prunes_but_keeps_the_caller() {
        let m = spec::parse(
            r#"
[[widgets]]
name = "Keep"
title = "New title"

[[widgets]]
name = "Fresh"

[[users]]
email = "ann@example.com"
role = "admin"
"#,
            FileFormat::Toml,
            "f.toml",
        )
        .unwrap();
        let widgets = vec![
            widget("Keep", WidgetSettings::default()),
            widget("Gone", WidgetSettings::default()),
        ];
        let me = user("me@example.com", Role::Admin);
        let users = vec![
            me.clone(),
            user("ann@example.com", Role::Agent),
            user("old@example.com", Role::Agent),
        ];
        let (steps, kept) = plan(&m, &widgets, &users, true, Some(me.id));
        assert_eq!(
            actions(&steps),
            vec![
                ("Keep".into(), Action::Updated, vec!["title"]),
                ("Fresh".into(), Action::Created, vec![]),
                ("ann@example.com".into(), Action::Updated, vec!["role"]),
                ("old@example.com".into(), Action::Deleted, vec![]),
                ("Gone".into(), Action::Deleted, vec![]),
            ]
        );
        assert_eq!(kept, vec!["me@example.com".to_string()]);
        let (steps, _) = plan(&m, &widgets, &users, false, None);
        assert!(steps.iter().all(|s| s.action != Action::Deleted));
    }
}
