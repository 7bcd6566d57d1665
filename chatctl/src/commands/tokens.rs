//! `chatctl token ...`.

use crate::cli::TokenCommand;
use crate::error::{CliError, CliResult};
use crate::output::{Out, opt_time_ms, time_ms};
use crate::session::Session;
use proto::auth::{ApiToken, CreateApiToken};
use serde_json::json;
use uuid::Uuid;

pub async fn run(s: &mut Session, out: Out, cmd: TokenCommand) -> CliResult {
    match cmd {
        TokenCommand::Create {
            name,
            role,
            expires_in,
        } => {
            let body = CreateApiToken {
                name: name.clone(),
                role: role.map(Into::into),
                expires_in,
            };
            let created = s
                .call(&format!("cannot create token {name:?}"), |c| {
                    let body = body.clone();
                    async move { c.create_token(&body).await }
                })
                .await?;
            if out.json_mode() {
                out.json(&created);
            } else {
                let t = &created.token;
                out.fields(&[
                    ("name", t.name.clone()),
                    ("id", t.id.to_string()),
                    ("role", t.role.as_str().into()),
                    ("expires", opt_time_ms(t.expires_at)),
                    ("secret", created.secret.clone()),
                ]);
                out.note(
                    "The secret is shown only now. Use it as CHATCTL_TOKEN (with CHATCTL_SERVER) or as `Authorization: Bearer`.",
                );
            }
            Ok(())
        }
        TokenCommand::List => {
            let list = s
                .call(
                    "cannot list tokens",
                    |c| async move { c.list_tokens().await },
                )
                .await?;
            if out.json_mode() {
                out.json(&list);
            } else {
                let rows = list
                    .iter()
                    .map(|t| {
                        vec![
                            t.name.clone(),
                            t.id.to_string(),
                            format!("{}…", t.prefix),
                            t.role.as_str().into(),
                            token_status(t).into(),
                            time_ms(t.created_at),
                            opt_time_ms(t.expires_at),
                        ]
                    })
                    .collect();
                out.table(
                    &[
                        "name", "id", "prefix", "role", "status", "created", "expires",
                    ],
                    rows,
                );
            }
            Ok(())
        }
        TokenCommand::Revoke { id_or_name } => {
            let t = resolve(s, &id_or_name).await?;
            let id = t.id;
            s.call(
                &format!("cannot revoke token {:?}", t.name),
                |c| async move { c.revoke_token(id).await },
            )
            .await?;
            if out.json_mode() {
                out.json(&json!({"id": t.id, "name": t.name, "revoked": true}));
            } else {
                out.note(&format!("Revoked token {:?} ({}).", t.name, t.id));
            }
            Ok(())
        }
    }
}

fn token_status(t: &ApiToken) -> &'static str {
    let now_ms = crate::session::now_secs().saturating_mul(1000);
    if t.revoked_at.is_some() {
        "revoked"
    } else if t.expires_at.is_some_and(|e| e <= now_ms) {
        "expired"
    } else {
        "active"
    }
}

/// Finds a token by ID, or by name when exactly one active token has it.
async fn resolve(s: &mut Session, key: &str) -> CliResult<ApiToken> {
    let list = s
        .call(
            "cannot list tokens",
            |c| async move { c.list_tokens().await },
        )
        .await?;
    if let Ok(id) = Uuid::parse_str(key.trim()) {
        return list.into_iter().find(|t| t.id == id).ok_or_else(|| {
            CliError::not_found(format!("no API token with ID {id}"))
                .hint("`chatctl token list` shows the tokens")
        });
    }
    let mut matching: Vec<ApiToken> = list
        .into_iter()
        .filter(|t| t.name == key && t.revoked_at.is_none())
        .collect();
    match matching.len() {
        0 => Err(
            CliError::not_found(format!("no active API token named {key:?}"))
                .hint("`chatctl token list` shows the tokens"),
        ),
        1 => Ok(matching.remove(0)),
        n => Err(
            CliError::usage(format!("{n} active API tokens are named {key:?}"))
                .hint("pass the ID from `chatctl token list`"),
        ),
    }
}
