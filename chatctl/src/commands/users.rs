//! `chatctl user ...`.

use crate::cli::UserCommand;
use crate::error::{CliError, CliResult, Exit};
use crate::input;
use crate::output::{Out, time_ms};
use crate::session::Session;
use proto::auth::{CreateUser, Role, UpdateUser, User};
use serde_json::json;
use uuid::Uuid;

pub async fn run(s: &mut Session, out: Out, cmd: UserCommand) -> CliResult {
    match cmd {
        UserCommand::Add {
            email,
            name,
            role,
            password_stdin,
        } => {
            let (password, generated) = new_password(password_stdin)?;
            let body = CreateUser {
                email: email.clone(),
                name,
                role: Some(role.into()),
                password: password.clone(),
            };
            let user = s
                .call(&format!("cannot add user {email}"), |c| {
                    let body = body.clone();
                    async move { c.create_user(&body).await }
                })
                .await?;
            show_with_password(out, &user, generated.then_some(password.as_str()));
            if !out.json_mode() {
                out.note(&format!("Added {} ({}).", user.email, user.role.as_str()));
            }
            Ok(())
        }
        UserCommand::List => {
            let list = s
                .call("cannot list users", |c| async move { c.list_users().await })
                .await?;
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
                            status(u).into(),
                            u.id.to_string(),
                            time_ms(u.created_at),
                        ]
                    })
                    .collect();
                out.table(&["email", "name", "role", "status", "id", "created"], rows);
            }
            Ok(())
        }
        UserCommand::Show { user } => {
            let u = resolve(s, &user).await?;
            show_with_password(out, &u, None);
            Ok(())
        }
        UserCommand::Disable { user } => {
            change(
                s,
                out,
                &user,
                UpdateUser {
                    disabled: Some(true),
                    ..Default::default()
                },
                "Disabled",
            )
            .await
        }
        UserCommand::Enable { user } => {
            change(
                s,
                out,
                &user,
                UpdateUser {
                    disabled: Some(false),
                    ..Default::default()
                },
                "Enabled",
            )
            .await
        }
        UserCommand::SetRole { user, role } => {
            change(
                s,
                out,
                &user,
                UpdateUser {
                    role: Some(role.into()),
                    ..Default::default()
                },
                "Changed the role of",
            )
            .await
        }
        UserCommand::ResetPassword {
            user,
            password_stdin,
        } => {
            let u = resolve(s, &user).await?;
            let (password, generated) = new_password(password_stdin)?;
            let patch = UpdateUser {
                password: Some(password.clone()),
                ..Default::default()
            };
            let updated = patch_user(s, &u, patch).await?;
            if generated || out.json_mode() {
                show_with_password(out, &updated, generated.then_some(password.as_str()));
            }
            if !out.json_mode() {
                out.note(&format!(
                    "Set a new password for {}; their login sessions are ended.",
                    updated.email
                ));
            }
            Ok(())
        }
        UserCommand::Delete { user } => {
            let u = resolve(s, &user).await?;
            let id = u.id;
            s.call(&format!("cannot delete user {}", u.email), |c| async move {
                c.delete_user(id).await
            })
            .await?;
            if out.json_mode() {
                out.json(&json!({"id": u.id, "email": u.email, "deleted": true}));
            } else {
                out.note(&format!("Deleted user {} ({}).", u.email, u.id));
            }
            Ok(())
        }
    }
}

fn new_password(from_stdin: bool) -> CliResult<(String, bool)> {
    if from_stdin {
        Ok((input::password_from_stdin()?, false))
    } else {
        Ok((input::generate_password(), true))
    }
}

async fn change(s: &mut Session, out: Out, key: &str, patch: UpdateUser, verb: &str) -> CliResult {
    let u = resolve(s, key).await?;
    let updated = patch_user(s, &u, patch).await?;
    show_with_password(out, &updated, None);
    if !out.json_mode() {
        out.note(&format!("{verb} {}.", updated.email));
    }
    Ok(())
}

async fn patch_user(s: &mut Session, u: &User, patch: UpdateUser) -> CliResult<User> {
    let id = u.id;
    s.call(&format!("cannot change user {}", u.email), |c| {
        let patch = patch.clone();
        async move { c.update_user(id, &patch).await }
    })
    .await
}

/// Finds a user by ID or email (case does not matter).
pub async fn resolve(s: &mut Session, key: &str) -> CliResult<User> {
    if let Ok(id) = Uuid::parse_str(key.trim()) {
        return s
            .call(&format!("cannot get user {id}"), |c| async move {
                c.get_user(id).await
            })
            .await
            .map_err(|e| match e.exit {
                Exit::NotFound => CliError::not_found(format!("no user with ID {id}"))
                    .hint("`chatctl user list` shows the users"),
                _ => e,
            });
    }
    let email = key.trim().to_lowercase();
    let list = s
        .call("cannot list users", |c| async move { c.list_users().await })
        .await?;
    list.into_iter().find(|u| u.email == email).ok_or_else(|| {
        CliError::not_found(format!("no user with email {email}"))
            .hint("`chatctl user list` shows the users")
    })
}

fn status(u: &User) -> &'static str {
    if u.disabled { "disabled" } else { "active" }
}

/// Prints a user, with a generated password when there is one: JSON gets a
/// `password` field, the table a line, and stderr a reminder.
fn show_with_password(out: Out, u: &User, password: Option<&str>) {
    if out.json_mode() {
        let mut v = serde_json::to_value(u).unwrap_or_default();
        if let (Some(p), Some(obj)) = (password, v.as_object_mut()) {
            obj.insert("password".into(), json!(p));
        }
        out.json(&v);
        return;
    }
    let mut fields = vec![
        ("email", u.email.clone()),
        ("name", u.name.clone()),
        ("role", role_str(u.role).into()),
        ("status", status(u).into()),
        ("id", u.id.to_string()),
        ("created", time_ms(u.created_at)),
    ];
    if let Some(p) = password {
        fields.push(("password", p.to_string()));
    }
    out.fields(&fields);
    if password.is_some() {
        out.note("The password is shown only now: hand it over safely.");
    }
}

fn role_str(r: Role) -> &'static str {
    r.as_str()
}
