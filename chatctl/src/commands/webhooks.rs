//! `chatctl webhook ...`.

use crate::cli::{GlobalArgs, WebhookCommand};
use crate::error::{CliError, CliResult, Exit};
use crate::output::{Out, ellipsize, opt_time_ms, time_ms};
use crate::session::Session;
use proto::webhooks::{CreateWebhook, Delivery, DeliveryStatus, Webhook, verify};
use serde_json::json;
use std::io::Read;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long `webhook test` waits for the ping's outcome.
const TEST_WAIT: Duration = Duration::from_secs(15);

pub async fn run(g: &GlobalArgs, out: Out, cmd: WebhookCommand) -> CliResult {
    if let WebhookCommand::Verify {
        secret,
        header,
        body_file,
        tolerance,
        at,
    } = cmd
    {
        return verify_cmd(out, &secret, &header, &body_file, tolerance, at);
    }
    let s = &mut Session::open(g, true)?;
    match cmd {
        WebhookCommand::Add { url, events } => {
            let req = CreateWebhook { url, events };
            let created = s
                .call(&format!("cannot add webhook {}", req.url), |c| {
                    let req = req.clone();
                    async move { c.create_webhook(&req).await }
                })
                .await?;
            if out.json_mode() {
                out.json(&created);
            } else {
                let mut f = hook_fields(&created.webhook);
                f.push(("secret", created.secret.clone()));
                out.fields(&f);
                out.note(
                    "Store the secret now: it is not shown again. Receivers check each \
                     delivery with it (see `chatctl webhook verify --help`).",
                );
            }
            Ok(())
        }
        WebhookCommand::List => {
            let list = s
                .call("cannot list webhooks", |c| async move {
                    c.list_webhooks().await
                })
                .await?;
            if out.json_mode() {
                out.json(&list);
            } else {
                let rows = list
                    .iter()
                    .map(|h| {
                        vec![
                            h.id.to_string(),
                            h.url.clone(),
                            events_cell(h),
                            time_ms(h.created_at),
                        ]
                    })
                    .collect();
                out.table(&["id", "url", "events", "created"], rows);
            }
            Ok(())
        }
        WebhookCommand::Remove { webhook } => {
            let h = resolve(s, &webhook).await?;
            let id = h.id;
            s.call(&format!("cannot remove webhook {id}"), |c| async move {
                c.delete_webhook(id).await
            })
            .await?;
            if out.json_mode() {
                out.json(&json!({"id": id, "url": h.url, "deleted": true}));
            } else {
                out.note(&format!("Removed webhook {id} ({}).", h.url));
            }
            Ok(())
        }
        WebhookCommand::Test { webhook } => {
            let h = resolve(s, &webhook).await?;
            let id = h.id;
            let ping = s
                .call(&format!("cannot test webhook {id}"), |c| async move {
                    c.test_webhook(id).await
                })
                .await?;
            let d = wait_for_outcome(s, ping).await?;
            show_delivery(out, &d);
            match d.status {
                DeliveryStatus::Delivered => {
                    if !out.json_mode() {
                        out.note(&format!("{} answered the ping.", h.url));
                    }
                    Ok(())
                }
                _ => Err(CliError::failure(format!(
                    "the ping to {} was not delivered: {}",
                    h.url,
                    d.last_error.as_deref().unwrap_or("no answer yet")
                ))
                .hint(format!(
                    "chatd keeps retrying it; `chatctl webhook deliveries {id}` shows how it goes"
                ))),
            }
        }
        WebhookCommand::Deliveries {
            webhook,
            status,
            limit,
        } => {
            let hook = match &webhook {
                Some(w) => Some(resolve(s, w).await?.id),
                None => None,
            };
            let list = s
                .call("cannot list webhook deliveries", |c| async move {
                    c.list_deliveries(hook, status, Some(limit)).await
                })
                .await?;
            if out.json_mode() {
                out.json(&list);
            } else {
                let rows = list
                    .iter()
                    .map(|d| {
                        vec![
                            d.id.to_string(),
                            d.event.to_string(),
                            d.status.as_str().to_string(),
                            d.attempts.to_string(),
                            d.last_status.map_or_else(|| "-".into(), |s| s.to_string()),
                            ellipsize(d.last_error.as_deref().unwrap_or("-"), 50),
                            time_ms(d.created_at),
                            match d.status {
                                DeliveryStatus::Pending => opt_time_ms(d.next_attempt_at),
                                _ => "-".into(),
                            },
                        ]
                    })
                    .collect();
                out.table(
                    &[
                        "id", "event", "status", "attempts", "http", "error", "created", "next",
                    ],
                    rows,
                );
            }
            Ok(())
        }
        WebhookCommand::Replay { delivery } => {
            let id = Uuid::parse_str(delivery.trim()).map_err(|_| {
                CliError::usage(format!("{delivery:?} is not a delivery ID"))
                    .hint("`chatctl webhook deliveries` lists them")
            })?;
            let d = s
                .call(&format!("cannot replay delivery {id}"), |c| async move {
                    c.replay_delivery(id).await
                })
                .await
                .map_err(|e| match e.exit {
                    Exit::NotFound => CliError::not_found(format!("no webhook delivery {id}"))
                        .hint("`chatctl webhook deliveries` lists them"),
                    _ => e,
                })?;
            show_delivery(out, &d);
            if !out.json_mode() {
                out.note(&format!("Queued delivery {id} again."));
            }
            Ok(())
        }
        WebhookCommand::Verify { .. } => Ok(()),
    }
}

fn verify_cmd(
    out: Out,
    secret: &str,
    header: &str,
    body_file: &std::path::Path,
    tolerance: u64,
    at: Option<i64>,
) -> CliResult {
    let body = if body_file.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .map_err(|e| CliError::failure(format!("cannot read the body from stdin: {e}")))?;
        b
    } else {
        std::fs::read(body_file)
            .map_err(|e| CliError::usage(format!("cannot read {}: {e}", body_file.display())))?
    };
    let now = at.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
    });
    match verify(secret, header, &body, now, tolerance) {
        Ok(t) => {
            if out.json_mode() {
                out.json(&json!({"valid": true, "timestamp": t}));
            } else {
                out.note(&format!(
                    "Valid: signed at {} with this secret.",
                    time_ms(t.saturating_mul(1000))
                ));
            }
            Ok(())
        }
        Err(e) => {
            if out.json_mode() {
                out.json(&json!({"valid": false, "error": e.to_string()}));
            }
            Err(CliError::failure(format!("invalid signature: {e}")).hint(
                "sign HMAC-SHA256(secret, \"<t>.<body>\") over the body bytes exactly as \
                 received, before any JSON parsing",
            ))
        }
    }
}

/// Polls a delivery until it is delivered, has failed an attempt, or the wait is over.
async fn wait_for_outcome(s: &mut Session, d: Delivery) -> CliResult<Delivery> {
    let start = Instant::now();
    let id = d.id;
    let mut d = d;
    while d.status == DeliveryStatus::Pending && d.attempts == 0 && start.elapsed() < TEST_WAIT {
        tokio::time::sleep(Duration::from_millis(200)).await;
        d = s
            .call(&format!("cannot get delivery {id}"), |c| async move {
                c.get_delivery(id).await
            })
            .await?;
    }
    Ok(d)
}

fn events_cell(h: &Webhook) -> String {
    h.events
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn hook_fields(h: &Webhook) -> Vec<(&'static str, String)> {
    vec![
        ("id", h.id.to_string()),
        ("url", h.url.clone()),
        ("events", events_cell(h)),
        ("created", time_ms(h.created_at)),
    ]
}

fn show_delivery(out: Out, d: &Delivery) {
    if out.json_mode() {
        out.json(d);
        return;
    }
    out.fields(&[
        ("delivery", d.id.to_string()),
        ("webhook", d.webhook_id.to_string()),
        ("event", d.event.to_string()),
        ("status", d.status.as_str().to_string()),
        ("attempts", d.attempts.to_string()),
        (
            "last answer",
            d.last_status
                .map_or_else(|| "-".into(), |s| format!("HTTP {s}")),
        ),
        (
            "last error",
            d.last_error.clone().unwrap_or_else(|| "-".into()),
        ),
        ("created", time_ms(d.created_at)),
        ("delivered", opt_time_ms(d.delivered_at)),
    ]);
}

/// Finds a webhook by ID or by its exact URL.
pub async fn resolve(s: &mut Session, key: &str) -> CliResult<Webhook> {
    let key = key.trim();
    let hint = "`chatctl webhook list` shows the webhooks";
    if let Ok(id) = Uuid::parse_str(key) {
        return s
            .call(&format!("cannot get webhook {id}"), |c| async move {
                c.get_webhook(id).await
            })
            .await
            .map_err(|e| match e.exit {
                Exit::NotFound => {
                    CliError::not_found(format!("no webhook with ID {id}")).hint(hint)
                }
                _ => e,
            });
    }
    let list = s
        .call("cannot list webhooks", |c| async move {
            c.list_webhooks().await
        })
        .await?;
    let mut found: Vec<Webhook> = list.into_iter().filter(|h| h.url == key).collect();
    match found.len() {
        0 => Err(CliError::not_found(format!("no webhook with ID or URL {key:?}")).hint(hint)),
        1 => Ok(found.remove(0)),
        n => Err(
            CliError::conflict(format!("{n} webhooks have the URL {key}"))
                .hint("name one by its ID (`chatctl webhook list`)"),
        ),
    }
}
