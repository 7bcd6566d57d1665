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
use proto::canned::{CannedReply, CannedReplyPatch, CreateCannedReply};
use proto::widgets::{
    AiSettings, Colors, CreateWidget, FaqEntry, PrechatField, Widget, WidgetPatch, WidgetSettings,
};
use serde::Serialize;
use spec::{
    AiSpec, CannedSpec, ColorsSpec, Email, FaqSpec, List, Manifest, Origin, PrechatSpec, Shortcut,
    Temperature, Text, UserSpec, WidgetSpec,
};
use std::collections::HashMap;
use std::path::Path;
use uuid::Uuid;

/// Kind of thing a step changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Widget,
    User,
    Canned,
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

/// The memberships a widget step adds and removes, by email.
#[derive(Debug, Clone, Default)]
struct MemberChange {
    /// Emails of users to make members; their IDs are looked up when the
    /// step runs, as some are created by the same apply.
    add: Vec<String>,
    /// Members to remove, with their IDs.
    remove: Vec<(String, Uuid)>,
}

impl MemberChange {
    fn is_empty(&self) -> bool {
        self.add.is_empty() && self.remove.is_empty()
    }
}

#[derive(Debug, Clone)]
enum Op {
    None,
    CreateWidget(CreateWidget),
    /// A patch when settings differ (members may be all that does).
    UpdateWidget(Uuid, Option<WidgetPatch>),
    DeleteWidget(Uuid),
    CreateUser(CreateUser, bool),
    UpdateUser(Uuid, UpdateUser),
    DeleteUser(Uuid),
    /// With the name of its widget, looked up when the step runs (the same
    /// apply may create the widget).
    CreateCanned(CreateCannedReply, Option<String>),
    /// A patch, and the widget to move to (`Some(None)`: every widget).
    UpdateCanned(Uuid, CannedReplyPatch, Option<Option<String>>),
    DeleteCanned(Uuid),
}

#[derive(Debug, Clone)]
struct Step {
    kind: Kind,
    name: String,
    /// The server's id, for what exists already.
    id: Option<Uuid>,
    action: Action,
    fields: Vec<&'static str>,
    /// For widgets: memberships to add and remove after the widget's own change.
    members: MemberChange,
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
    /// Emails of users a widget step made members.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    members_added: Vec<String>,
    /// Emails of users a widget step removed from its members.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    members_removed: Vec<String>,
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
    // Canned replies name their widget: resolving it needs the widgets too.
    let widgets = if m.widgets.is_some() || m.canned.is_some() {
        s.call(
            "cannot list widgets",
            |c| async move { c.list_widgets().await },
        )
        .await?
    } else {
        Vec::new()
    };
    // Members are named by email: resolving them needs the users too.
    let users = if m.users.is_some() || declares_members(m) {
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
    let mut members = HashMap::new();
    for spec in m.widgets.iter().flat_map(List::iter) {
        if spec.members.is_none() {
            continue;
        }
        if let Some(w) = widgets.iter().find(|w| w.name == spec.name.0.trim()) {
            let id = w.id;
            let list = s
                .call(
                    &format!("cannot list the members of widget {:?}", w.name),
                    |c| async move { c.widget_members(id).await },
                )
                .await?;
            members.insert(id, list);
        }
    }
    let canned = if m.canned.is_some() {
        s.call("cannot list canned replies", |c| async move {
            c.list_canned(None).await
        })
        .await?
    } else {
        Vec::new()
    };
    let server = Server {
        widgets: &widgets,
        members: &members,
        users: &users,
        canned: &canned,
    };
    let (steps, kept) = plan(m, &server, prune, me)?;
    // IDs of users by email and of widgets by name, for memberships and
    // canned replies; what apply creates joins as it is made.
    let mut ids = Ids {
        users: users.iter().map(|u| (u.email.clone(), u.id)).collect(),
        widgets: widgets.iter().map(|w| (w.name.clone(), w.id)).collect(),
    };
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
            Ok(Done::of(&step))
        } else {
            run_step(s, &step, &mut ids).await
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
        Kind::Canned => "canned",
    };
    let mut parts: Vec<String> = d
        .fields
        .iter()
        .filter(|f| **f != "members")
        .map(|f| (*f).to_string())
        .collect();
    let members: Vec<String> = d
        .members_added
        .iter()
        .map(|e| format!("+{e}"))
        .chain(d.members_removed.iter().map(|e| format!("-{e}")))
        .collect();
    if !members.is_empty() {
        parts.push(format!("members {}", members.join(" ")));
    }
    let mut extra = String::new();
    if !parts.is_empty() {
        extra.push_str(&format!(" ({})", parts.join(", ")));
    }
    if let Some(p) = &d.password {
        extra.push_str(&format!(" (password: {p})"));
    }
    format!("{kind:<6}  {:<width$}  {action}{extra}\n", d.name)
}

impl Done {
    /// The report of a step, before it runs.
    fn of(step: &Step) -> Self {
        Self {
            kind: step.kind,
            name: step.name.clone(),
            action: step.action,
            fields: step.fields.clone(),
            id: step.id,
            members_added: step.members.add.clone(),
            members_removed: step.members.remove.iter().map(|(e, _)| e.clone()).collect(),
            password: None,
        }
    }
}

/// Whether any widget in the file declares its members.
fn declares_members(m: &Manifest) -> bool {
    m.widgets
        .iter()
        .flat_map(List::iter)
        .any(|w| w.members.is_some())
}

/// What the server has now, as apply read it before planning.
struct Server<'a> {
    widgets: &'a [Widget],
    /// The current members of each existing widget whose members the file declares.
    members: &'a HashMap<Uuid, Vec<User>>,
    users: &'a [User],
    canned: &'a [CannedReply],
}

/// IDs of users by email and widgets by name, including those created so far.
struct Ids {
    users: HashMap<String, Uuid>,
    widgets: HashMap<String, Uuid>,
}

impl Ids {
    fn widget(&self, name: &str, shortcut: &str) -> CliResult<Uuid> {
        self.widgets.get(name).copied().ok_or_else(|| {
            CliError::failure(format!(
                "cannot set the widget of canned reply {shortcut:?}: there is no widget {name:?}"
            ))
        })
    }
}

async fn run_step(s: &mut Session, step: &Step, ids: &mut Ids) -> CliResult<Done> {
    let mut done = Done::of(step);
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
            ids.widgets.insert(w.name.clone(), w.id);
        }
        Op::UpdateWidget(id, patch) => {
            let id = *id;
            if let Some(patch) = patch {
                s.call(&what("update widget"), |c| {
                    let patch = patch.clone();
                    async move { c.update_widget(id, &patch).await }
                })
                .await?;
            }
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
            ids.users.insert(u.email.clone(), u.id);
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
        Op::CreateCanned(body, widget) => {
            let mut body = body.clone();
            if let Some(name) = widget {
                body.widget_id = Some(ids.widget(name, &step.name)?);
            }
            let r = s
                .call(&what("create canned reply"), |c| {
                    let body = body.clone();
                    async move { c.create_canned(&body).await }
                })
                .await?;
            done.id = Some(r.id);
        }
        Op::UpdateCanned(id, patch, widget) => {
            let id = *id;
            let mut patch = patch.clone();
            match widget {
                Some(Some(name)) => patch.widget_id = Some(Some(ids.widget(name, &step.name)?)),
                Some(None) => patch.widget_id = Some(None),
                None => {}
            }
            s.call(&what("update canned reply"), |c| {
                let patch = patch.clone();
                async move { c.update_canned(id, &patch).await }
            })
            .await?;
            done.id = Some(id);
        }
        Op::DeleteCanned(id) => {
            let id = *id;
            s.call(&what("delete canned reply"), |c| async move {
                c.delete_canned(id).await
            })
            .await?;
            done.id = Some(id);
        }
    }
    if let (Kind::Widget, Some(widget)) = (step.kind, done.id) {
        for email in &step.members.add {
            let user = *ids.users.get(email).ok_or_else(|| {
                CliError::failure(format!(
                    "cannot add {email} to widget {:?}: there is no such user",
                    step.name
                ))
            })?;
            s.call(
                &format!("cannot add {email} to widget {:?}", step.name),
                |c| async move { c.add_widget_member(widget, user).await },
            )
            .await?;
        }
        for (email, user) in &step.members.remove {
            let user = *user;
            s.call(
                &format!("cannot remove {email} from widget {:?}", step.name),
                |c| async move { c.remove_widget_member(widget, user).await },
            )
            .await?;
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

/// The steps that make the server match `m`, in the order they run: users,
/// then widgets (whose members must exist by then), then canned replies
/// (whose widgets must), then deletions (so a new admin exists before an old
/// one goes). Also returns the users --prune keeps because they are the
/// caller. Refuses (before anything changes) a member who is no user on the
/// server or in the file, and a canned reply's widget likewise.
fn plan(
    m: &Manifest,
    server: &Server<'_>,
    prune: bool,
    me: Option<Uuid>,
) -> CliResult<(Vec<Step>, Vec<String>)> {
    let Server {
        widgets,
        members,
        users,
        canned,
    } = *server;
    let mut steps = Vec::new();
    let mut deletions = Vec::new();
    let mut kept = Vec::new();
    let step = |kind, name, id, action, fields, op| Step {
        kind,
        name,
        id,
        action,
        fields,
        members: MemberChange::default(),
        op,
    };
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
                    steps.push(step(
                        Kind::User,
                        email.clone(),
                        None,
                        Action::Created,
                        fields,
                        Op::CreateUser(
                            CreateUser {
                                email,
                                name: spec.name.as_ref().map(|n| n.0.clone()),
                                role: Some(spec.role.unwrap_or(Role::Agent)),
                                password,
                            },
                            generated,
                        ),
                    ));
                }
                Some(u) => {
                    let (patch, fields) = user_patch(spec, u);
                    let (action, op) = if fields.is_empty() {
                        (Action::Unchanged, Op::None)
                    } else {
                        (Action::Updated, Op::UpdateUser(u.id, patch))
                    };
                    steps.push(step(Kind::User, email, Some(u.id), action, fields, op));
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
                deletions.push(step(
                    Kind::User,
                    u.email.clone(),
                    Some(u.id),
                    Action::Deleted,
                    Vec::new(),
                    Op::DeleteUser(u.id),
                ));
            }
        }
    }
    if let Some(specs) = &m.widgets {
        for (i, spec) in specs.iter().enumerate() {
            check_members(m, spec, i, users, &deletions)?;
            let name = spec.name.0.trim().to_string();
            match widgets.iter().find(|w| w.name == name) {
                None => {
                    let (settings, _) = widget_patch(spec, &WidgetSettings::default());
                    let mut st = step(
                        Kind::Widget,
                        name.clone(),
                        None,
                        Action::Created,
                        Vec::new(),
                        Op::CreateWidget(CreateWidget { name, settings }),
                    );
                    st.members = member_change(spec, &[]);
                    steps.push(st);
                }
                Some(w) => {
                    let (patch, mut fields) = widget_patch(spec, &w.settings);
                    let settings_differ = !fields.is_empty();
                    let change = member_change(spec, members.get(&w.id).map_or(&[], Vec::as_slice));
                    if !change.is_empty() {
                        fields.push("members");
                    }
                    let (action, op) = if fields.is_empty() {
                        (Action::Unchanged, Op::None)
                    } else {
                        (
                            Action::Updated,
                            Op::UpdateWidget(w.id, settings_differ.then_some(patch)),
                        )
                    };
                    let mut st = step(Kind::Widget, name, Some(w.id), action, fields, op);
                    st.members = change;
                    steps.push(st);
                }
            }
        }
        if prune {
            for w in widgets {
                if !specs.iter().any(|sp| sp.name.0.trim() == w.name) {
                    deletions.push(step(
                        Kind::Widget,
                        w.name.clone(),
                        Some(w.id),
                        Action::Deleted,
                        Vec::new(),
                        Op::DeleteWidget(w.id),
                    ));
                }
            }
        }
    }
    if let Some(specs) = &m.canned {
        for (i, spec) in specs.iter().enumerate() {
            check_canned_widget(m, spec, i, widgets, &deletions)?;
            let shortcut = spec.shortcut.0.clone();
            let widget = spec.widget.as_ref().map(|w| w.0.trim().to_string());
            match canned.iter().find(|r| r.shortcut == shortcut) {
                None => steps.push(step(
                    Kind::Canned,
                    shortcut.clone(),
                    None,
                    Action::Created,
                    Vec::new(),
                    Op::CreateCanned(
                        CreateCannedReply {
                            shortcut,
                            title: spec.title.0.clone(),
                            body: spec.body.0.clone(),
                            widget_id: None,
                        },
                        widget,
                    ),
                )),
                Some(r) => {
                    let (patch, move_to, fields) = canned_patch(spec, r, widgets);
                    let (action, op) = if fields.is_empty() {
                        (Action::Unchanged, Op::None)
                    } else {
                        (Action::Updated, Op::UpdateCanned(r.id, patch, move_to))
                    };
                    steps.push(step(Kind::Canned, shortcut, Some(r.id), action, fields, op));
                }
            }
        }
        if prune {
            for r in canned {
                if !specs.iter().any(|sp| sp.shortcut.0 == r.shortcut) {
                    deletions.push(step(
                        Kind::Canned,
                        r.shortcut.clone(),
                        Some(r.id),
                        Action::Deleted,
                        Vec::new(),
                        Op::DeleteCanned(r.id),
                    ));
                }
            }
        }
    }
    // Users go first so a widget deletion never runs while a user deletion
    // that would fail (last admin) is still pending; either order is valid.
    // Canned replies go before widgets, whose deletion takes theirs along.
    deletions.sort_by_key(|d| d.kind == Kind::Widget);
    steps.extend(deletions);
    Ok((steps, kept))
}

/// Refuses a member who will not be a user once the users' steps have run.
fn check_members(
    m: &Manifest,
    spec: &WidgetSpec,
    i: usize,
    users: &[User],
    deletions: &[Step],
) -> CliResult<()> {
    let Some(list) = &spec.members else {
        return Ok(());
    };
    for (j, email) in list.iter().enumerate() {
        let email = &email.0;
        let in_file = m
            .users
            .iter()
            .flat_map(List::iter)
            .any(|u| &u.email.0 == email);
        let on_server = users.iter().any(|u| &u.email == email);
        let pruned = deletions
            .iter()
            .any(|d| d.kind == Kind::User && &d.name == email);
        let why = if in_file || (on_server && !pruned) {
            continue;
        } else if pruned {
            format!("{email} is not under `users`, so --prune would delete that user")
        } else {
            format!("no user {email} on the server or under `users` in the file")
        };
        return Err(CliError::usage(format!(
            "widgets[{i}].members[{j}] of {:?}: {why}",
            spec.name.0
        ))
        .hint(
            "add the user under `users` in the file (or with `chatctl user add`), or drop \
             the member; nothing was changed",
        ));
    }
    Ok(())
}

/// Refuses a canned reply whose widget will not exist once the widgets'
/// steps have run.
fn check_canned_widget(
    m: &Manifest,
    spec: &CannedSpec,
    i: usize,
    widgets: &[Widget],
    deletions: &[Step],
) -> CliResult<()> {
    let Some(name) = &spec.widget else {
        return Ok(());
    };
    let name = name.0.trim();
    let in_file = m
        .widgets
        .iter()
        .flat_map(List::iter)
        .any(|w| w.name.0.trim() == name);
    let on_server = widgets.iter().any(|w| w.name == name);
    let pruned = deletions
        .iter()
        .any(|d| d.kind == Kind::Widget && d.name == name);
    let why = if in_file || (on_server && !pruned) {
        return Ok(());
    } else if pruned {
        format!("{name:?} is not under `widgets`, so --prune would delete that widget")
    } else {
        format!("no widget {name:?} on the server or under `widgets` in the file")
    };
    Err(CliError::usage(format!(
        "canned[{i}].widget of {:?}: {why}",
        spec.shortcut.0
    ))
    .hint(
        "add the widget under `widgets` in the file (or with `chatctl widget create`), or \
         drop `widget` to offer the reply on every widget; nothing was changed",
    ))
}

/// The patch that takes `cur` to what `spec` declares, the widget to move
/// it to (by name, looked up when the step runs), and the fields that differ.
fn canned_patch(
    spec: &CannedSpec,
    cur: &CannedReply,
    widgets: &[Widget],
) -> (CannedReplyPatch, Option<Option<String>>, Vec<&'static str>) {
    let mut p = CannedReplyPatch::default();
    let mut fields = Vec::new();
    if spec.title.0 != cur.title {
        p.title = Some(spec.title.0.clone());
        fields.push("title");
    }
    if spec.body.0 != cur.body {
        p.body = Some(spec.body.0.clone());
        fields.push("body");
    }
    let want = spec.widget.as_ref().map(|w| w.0.trim().to_string());
    let have = cur
        .widget_id
        .map(|id| widgets.iter().find(|w| w.id == id).map(|w| w.name.clone()));
    // `have` is Some(None) for a widget apply cannot name: it differs from any `want`.
    let same = match (&want, &have) {
        (None, None) => true,
        (Some(w), Some(Some(h))) => w == h,
        _ => false,
    };
    let move_to = if same {
        None
    } else {
        fields.push("widget");
        Some(want)
    };
    (p, move_to, fields)
}

/// What takes a widget's members from `current` to what `spec` declares
/// (nothing when it declares none).
fn member_change(spec: &WidgetSpec, current: &[User]) -> MemberChange {
    let Some(list) = &spec.members else {
        return MemberChange::default();
    };
    let add = list
        .iter()
        .map(|e| e.0.clone())
        .filter(|e| !current.iter().any(|u| &u.email == e))
        .collect();
    let mut remove: Vec<(String, Uuid)> = current
        .iter()
        .filter(|u| !list.iter().any(|e| e.0 == u.email))
        .map(|u| (u.email.clone(), u.id))
        .collect();
    remove.sort();
    MemberChange { add, remove }
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
    if let Some(want) = spec.retention_days
        && want != cur.retention_days.unwrap_or(0)
    {
        p.retention_days = Some(want);
        fields.push("retention_days");
    }
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

/// The file that declares exactly what the server has now; `members` holds
/// each widget's members.
fn manifest_of(server: &Server<'_>) -> Manifest {
    let Server {
        widgets: all_widgets,
        members,
        users,
        canned,
    } = *server;
    let mut canned: Vec<&CannedReply> = canned.iter().collect();
    canned.sort_by(|a, b| a.shortcut.cmp(&b.shortcut));
    let widget_name = |id: Uuid| {
        all_widgets
            .iter()
            .find(|w| w.id == id)
            .map_or_else(|| id.to_string(), |w| w.name.clone())
    };
    let mut widgets: Vec<&Widget> = all_widgets.iter().collect();
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
                        retention_days: st.retention_days,
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
                        members: members.get(&w.id).map(|list| {
                            let mut emails: Vec<Email> =
                                list.iter().map(|u| Email(u.email.clone())).collect();
                            emails.sort_by(|a, b| a.0.cmp(&b.0));
                            List(emails)
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
        canned: Some(List(
            canned
                .into_iter()
                .map(|r| CannedSpec {
                    shortcut: Shortcut(r.shortcut.clone()),
                    title: Text(r.title.clone()),
                    body: Text(r.body.clone()),
                    widget: r.widget_id.map(|id| Text(widget_name(id))),
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

/// Writes the server's widgets, users and canned replies in the format apply reads.
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
    let mut members = HashMap::new();
    for w in &widgets {
        let id = w.id;
        let list = s
            .call(
                &format!("cannot list the members of widget {:?}", w.name),
                |c| async move { c.widget_members(id).await },
            )
            .await?;
        members.insert(id, list);
    }
    let canned = s
        .call("cannot list canned replies", |c| async move {
            c.list_canned(None).await
        })
        .await?;
    let m = manifest_of(&Server {
        widgets: &widgets,
        members: &members,
        users: &users,
        canned: &canned,
    });
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
                "Wrote {} widgets, {} users and {} canned replies to {}.",
                widgets.len(),
                users.len(),
                canned.len(),
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

    fn canned(shortcut: &str, widget_id: Option<Uuid>) -> CannedReply {
        CannedReply {
            id: Uuid::new_v4(),
            shortcut: shortcut.into(),
            title: format!("About {shortcut}"),
            body: "Line one\nline \"two\"".into(),
            widget_id,
            created_at: 0,
            updated_at: 0,
        }
    }

    fn srv<'a>(
        widgets: &'a [Widget],
        members: &'a HashMap<Uuid, Vec<User>>,
        users: &'a [User],
        canned: &'a [CannedReply],
    ) -> Server<'a> {
        Server {
            widgets,
            members,
            users,
            canned,
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
        let agent = user("agent@example.com", Role::Agent);
        let users = vec![
            user("admin@localhost", Role::Admin),
            off.clone(),
            agent.clone(),
        ];
        let members = HashMap::from([
            (widgets[0].id, vec![off, agent]),
            (widgets[1].id, Vec::new()),
        ]);
        let canned = vec![canned("zeta", Some(widgets[0].id)), canned("alpha", None)];
        let m = manifest_of(&srv(&widgets, &members, &users, &canned));
        let shortcuts: Vec<&str> = m
            .canned
            .iter()
            .flat_map(List::iter)
            .map(|c| c.shortcut.0.as_str())
            .collect();
        assert_eq!(shortcuts, ["alpha", "zeta"]);
        for format in [FileFormat::Toml, FileFormat::Yaml] {
            let text = encode(&m, format).unwrap();
            let back = spec::parse(&text, format, "export").unwrap();
            assert_eq!(back, m, "{text}");
            assert!(text.contains("agent@example.com"), "{text}");
            let (steps, _) =
                plan(&back, &srv(&widgets, &members, &users, &canned), true, None).unwrap();
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
        let (steps, kept) = plan(
            &m,
            &srv(&widgets, &HashMap::new(), &users, &[]),
            true,
            Some(me.id),
        )
        .unwrap();
        assert_eq!(
            actions(&steps),
            vec![
                ("ann@example.com".into(), Action::Updated, vec!["role"]),
                ("Keep".into(), Action::Updated, vec!["title"]),
                ("Fresh".into(), Action::Created, vec![]),
                ("old@example.com".into(), Action::Deleted, vec![]),
                ("Gone".into(), Action::Deleted, vec![]),
            ]
        );
        assert_eq!(kept, vec!["me@example.com".to_string()]);
        let (steps, _) = plan(
            &m,
            &srv(&widgets, &HashMap::new(), &users, &[]),
            false,
            None,
        )
        .unwrap();
        assert!(steps.iter().all(|s| s.action != Action::Deleted));
    }

    #[test]
    fn plan_adds_and_removes_members_and_refuses_unknown_ones() {
        let parse = |text: &str| spec::parse(text, FileFormat::Toml, "f.toml").unwrap();
        let w = widget("W", WidgetSettings::default());
        let ann = user("ann@example.com", Role::Agent);
        let bob = user("bob@example.com", Role::Agent);
        let users = vec![ann.clone(), bob.clone()];
        let members = HashMap::from([(w.id, vec![bob.clone()])]);
        let widgets = [w.clone()];

        // bob stays, ann joins, new@ is created first and joins too.
        let m = parse(
            "[[widgets]]\nname = \"W\"\nmembers = [\"ann@example.com\", \"new@example.com\", \"bob@example.com\"]\n\n[[users]]\nemail = \"new@example.com\"\n",
        );
        let (steps, _) = plan(&m, &srv(&widgets, &members, &users, &[]), false, None).unwrap();
        assert_eq!(
            actions(&steps),
            vec![
                ("new@example.com".into(), Action::Created, vec![]),
                ("W".into(), Action::Updated, vec!["members"]),
            ]
        );
        assert_eq!(steps[1].members.add, ["ann@example.com", "new@example.com"]);
        assert!(steps[1].members.remove.is_empty());
        assert!(matches!(steps[1].op, Op::UpdateWidget(_, None)));

        // Dropping bob removes him; the same list again changes nothing.
        let m = parse("[[widgets]]\nname = \"W\"\nmembers = []\n");
        let (steps, _) = plan(&m, &srv(&widgets, &members, &users, &[]), false, None).unwrap();
        assert_eq!(
            steps[0].members.remove,
            [("bob@example.com".to_string(), bob.id)]
        );
        let m = parse("[[widgets]]\nname = \"W\"\nmembers = [\"bob@example.com\"]\n");
        let (steps, _) = plan(&m, &srv(&widgets, &members, &users, &[]), false, None).unwrap();
        assert_eq!(steps[0].action, Action::Unchanged);
        // No `members`: they are not managed.
        let m = parse("[[widgets]]\nname = \"W\"\n");
        let (steps, _) = plan(&m, &srv(&widgets, &members, &users, &[]), false, None).unwrap();
        assert_eq!(steps[0].action, Action::Unchanged);

        let m = parse("[[widgets]]\nname = \"W\"\nmembers = [\"who@example.com\"]\n");
        let e = plan(&m, &srv(&widgets, &members, &users, &[]), false, None).unwrap_err();
        assert_eq!(e.exit, crate::error::Exit::Usage);
        assert!(e.message.contains("widgets[0].members[0]"), "{}", e.message);
        assert!(
            e.message.contains("no user who@example.com"),
            "{}",
            e.message
        );
        // A member --prune would delete.
        let m = parse(
            "[[widgets]]\nname = \"W\"\nmembers = [\"bob@example.com\"]\n\n[[users]]\nemail = \"ann@example.com\"\n",
        );
        let e = plan(&m, &srv(&widgets, &members, &users, &[]), true, None).unwrap_err();
        assert!(e.message.contains("--prune would delete"), "{}", e.message);
        assert!(plan(&m, &srv(&widgets, &members, &users, &[]), false, None).is_ok());
    }

    #[test]
    fn plan_creates_updates_moves_and_prunes_canned_replies() {
        let parse = |text: &str| spec::parse(text, FileFormat::Toml, "f.toml").unwrap();
        let shop = widget("Shop", WidgetSettings::default());
        let old = widget("Old", WidgetSettings::default());
        let widgets = [shop.clone(), old.clone()];
        let same = canned("same", Some(shop.id));
        let moved = canned("moved", Some(shop.id));
        let gone = canned("gone", Some(old.id));
        let current = [same.clone(), moved.clone(), gone.clone()];
        let members = HashMap::new();
        let m = parse(
            r#"
[[widgets]]
name = "Shop"

[[widgets]]
name = "New"

[[canned]]
shortcut = "same"
title = "About same"
body = "Line one\nline \"two\""
widget = "Shop"

[[canned]]
shortcut = "moved"
title = "Retitled"
body = "Line one\nline \"two\""

[[canned]]
shortcut = "fresh"
title = "T"
body = "B"
widget = "New"
"#,
        );
        let (steps, _) = plan(&m, &srv(&widgets, &members, &[], &current), true, None).unwrap();
        assert_eq!(
            actions(&steps),
            vec![
                ("Shop".into(), Action::Unchanged, vec![]),
                ("New".into(), Action::Created, vec![]),
                ("same".into(), Action::Unchanged, vec![]),
                ("moved".into(), Action::Updated, vec!["title", "widget"]),
                ("fresh".into(), Action::Created, vec![]),
                ("gone".into(), Action::Deleted, vec![]),
                ("Old".into(), Action::Deleted, vec![]),
            ],
            "canned replies are deleted before the widgets that would take them along"
        );
        assert!(matches!(&steps[3].op, Op::UpdateCanned(id, _, Some(None)) if *id == moved.id));
        assert!(matches!(&steps[4].op, Op::CreateCanned(_, Some(w)) if w == "New"));
        // Without --prune nothing is deleted.
        let (steps, _) = plan(&m, &srv(&widgets, &members, &[], &current), false, None).unwrap();
        assert!(steps.iter().all(|s| s.action != Action::Deleted));

        // A widget that is nowhere, or that --prune deletes, is refused.
        let m =
            parse("[[canned]]\nshortcut = \"a\"\ntitle = \"t\"\nbody = \"b\"\nwidget = \"Nope\"\n");
        let e = plan(&m, &srv(&widgets, &members, &[], &current), false, None).unwrap_err();
        assert_eq!(e.exit, crate::error::Exit::Usage);
        assert!(e.message.contains("canned[0].widget"), "{}", e.message);
        assert!(e.message.contains("no widget \"Nope\""), "{}", e.message);
        let m = parse(
            "[[widgets]]\nname = \"Shop\"\n\n[[canned]]\nshortcut = \"a\"\ntitle = \"t\"\nbody = \"b\"\nwidget = \"Old\"\n",
        );
        let e = plan(&m, &srv(&widgets, &members, &[], &current), true, None).unwrap_err();
        assert!(e.message.contains("--prune would delete"), "{}", e.message);
        assert!(plan(&m, &srv(&widgets, &members, &[], &current), false, None).is_ok());
    }
}
