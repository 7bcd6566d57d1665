//! Webhooks and their outbox on SQLite: reads from the pool, writes through
//! the writer (so claiming due deliveries is serialized with every other
//! write, and no two claims get one row).

use super::Writer;
use crate::store::webhooks::{events_from_text, events_to_text};
use crate::store::{
    AttemptOutcome, DeliveryFilter, DueDelivery, NewDelivery, NewWebhook, StoreError, StoreResult,
    WebhookRecord, now_ms,
};
use proto::webhooks::{Delivery, DeliveryStatus, EventKind, Webhook};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

const HOOK_COLS: &str = "id, url, events, secret, created_at";
const DELIVERY_COLS: &str = "id, webhook_id, event, payload, status, attempts, next_attempt_at, \
     last_status, last_error, created_at, delivered_at";

fn hook_from_row(r: &SqliteRow) -> StoreResult<WebhookRecord> {
    let events: String = r.try_get("events")?;
    Ok(WebhookRecord {
        webhook: Webhook {
            id: r.try_get("id")?,
            url: r.try_get("url")?,
            events: events_from_text(&events)?,
            created_at: r.try_get("created_at")?,
        },
        secret: r.try_get("secret")?,
    })
}

fn event_of(s: &str) -> StoreResult<EventKind> {
    EventKind::parse(s).ok_or_else(|| StoreError::Other(format!("unknown event {s:?} in database")))
}

fn delivery_from_row(r: &SqliteRow) -> StoreResult<Delivery> {
    let status: String = r.try_get("status")?;
    let event: String = r.try_get("event")?;
    let payload: String = r.try_get("payload")?;
    let attempts: i64 = r.try_get("attempts")?;
    let last_status: Option<i64> = r.try_get("last_status")?;
    Ok(Delivery {
        id: r.try_get("id")?,
        webhook_id: r.try_get("webhook_id")?,
        event: event_of(&event)?,
        status: DeliveryStatus::parse(&status)
            .ok_or_else(|| StoreError::Other(format!("unknown status {status:?} in database")))?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        next_attempt_at: r.try_get("next_attempt_at")?,
        last_status: last_status.and_then(|s| u16::try_from(s).ok()),
        last_error: r.try_get("last_error")?,
        created_at: r.try_get("created_at")?,
        delivered_at: r.try_get("delivered_at")?,
        payload: serde_json::from_str(&payload)?,
    })
}

async fn fetch_delivery(c: &mut SqliteConnection, id: Uuid) -> StoreResult<Delivery> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLS} FROM webhook_deliveries WHERE id = ?"
    ));
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *c).await?;
    row.as_ref()
        .map(delivery_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

pub(super) async fn create(w: &Writer, n: NewWebhook) -> StoreResult<WebhookRecord> {
    w.run(move |c| {
        Box::pin(async move {
            let rec = WebhookRecord {
                webhook: Webhook {
                    id: Uuid::now_v7(),
                    url: n.url,
                    events: n.events,
                    created_at: now_ms(),
                },
                secret: n.secret,
            };
            sqlx::query(
                "INSERT INTO webhooks (id, url, events, secret, created_at) VALUES (?, ?, ?, ?, ?)",
            )
            .bind(rec.webhook.id)
            .bind(&rec.webhook.url)
            .bind(events_to_text(&rec.webhook.events))
            .bind(&rec.secret)
            .bind(rec.webhook.created_at)
            .execute(&mut *c)
            .await?;
            Ok(rec)
        })
    })
    .await
}

pub(super) async fn get(read: &SqlitePool, id: Uuid) -> StoreResult<WebhookRecord> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {HOOK_COLS} FROM webhooks WHERE id = ?"));
    let row = sqlx::query(sql).bind(id).fetch_optional(read).await?;
    row.as_ref()
        .map(hook_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

pub(super) async fn list(read: &SqlitePool) -> StoreResult<Vec<WebhookRecord>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {HOOK_COLS} FROM webhooks ORDER BY created_at, id"
    ));
    let rows = sqlx::query(sql).fetch_all(read).await?;
    rows.iter().map(hook_from_row).collect()
}

pub(super) async fn delete(w: &Writer, id: Uuid) -> StoreResult<()> {
    w.run(move |c| {
        Box::pin(async move {
            let r = sqlx::query("DELETE FROM webhooks WHERE id = ?")
                .bind(id)
                .execute(&mut *c)
                .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    })
    .await
}

pub(super) async fn enqueue(w: &Writer, list: Vec<NewDelivery>) -> StoreResult<u64> {
    if list.is_empty() {
        return Ok(0);
    }
    w.run(move |c| {
        Box::pin(async move {
            let now = now_ms();
            let mut stored = 0;
            for d in list {
                let r = sqlx::query(
                    "INSERT INTO webhook_deliveries \
                     (id, webhook_id, event, payload, status, attempts, next_attempt_at, created_at) \
                     SELECT ?1, ?2, ?3, ?4, 'pending', 0, ?5, ?6 \
                     WHERE EXISTS (SELECT 1 FROM webhooks WHERE id = ?2)",
                )
                .bind(d.id)
                .bind(d.webhook_id)
                .bind(d.event.as_str())
                .bind(&d.payload)
                .bind(now)
                .bind(d.created_at)
                .execute(&mut *c)
                .await?;
                stored += r.rows_affected();
            }
            Ok(stored)
        })
    })
    .await
}

pub(super) async fn next_due(read: &SqlitePool) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "SELECT MIN(next_attempt_at) AS due FROM webhook_deliveries WHERE status = 'pending'",
    )
    .fetch_one(read)
    .await?;
    Ok(row.try_get("due")?)
}

pub(super) async fn claim(
    w: &Writer,
    now: i64,
    lease_until: i64,
    limit: u32,
) -> StoreResult<Vec<DueDelivery>> {
    w.run(move |c| {
        Box::pin(async move {
            let rows = sqlx::query(
                "SELECT d.id, d.webhook_id, d.event, d.payload, d.attempts, w.url, w.secret \
                 FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
                 WHERE d.status = 'pending' AND d.next_attempt_at <= ? \
                 ORDER BY d.next_attempt_at LIMIT ?",
            )
            .bind(now)
            .bind(i64::from(limit))
            .fetch_all(&mut *c)
            .await?;
            let mut due = Vec::with_capacity(rows.len());
            for r in &rows {
                let event: String = r.try_get("event")?;
                let attempts: i64 = r.try_get("attempts")?;
                due.push(DueDelivery {
                    id: r.try_get("id")?,
                    webhook_id: r.try_get("webhook_id")?,
                    event: event_of(&event)?,
                    payload: r.try_get("payload")?,
                    attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                    url: r.try_get("url")?,
                    secret: r.try_get("secret")?,
                });
            }
            for d in &due {
                sqlx::query("UPDATE webhook_deliveries SET next_attempt_at = ? WHERE id = ?")
                    .bind(lease_until)
                    .bind(d.id)
                    .execute(&mut *c)
                    .await?;
            }
            Ok(due)
        })
    })
    .await
}

pub(super) async fn finish(w: &Writer, id: Uuid, at: i64, o: AttemptOutcome) -> StoreResult<()> {
    w.run(move |c| {
        Box::pin(async move {
            let q = match &o {
                AttemptOutcome::Delivered { status } => sqlx::query(
                    "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, \
                     last_status = ?, last_error = NULL, delivered_at = ?, next_attempt_at = NULL \
                     WHERE id = ?",
                )
                .bind(i64::from(*status))
                .bind(at),
                AttemptOutcome::Retry {
                    status,
                    error,
                    next_at,
                } => sqlx::query(
                    "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = ?, \
                     last_error = ?, next_attempt_at = ? WHERE id = ?",
                )
                .bind(status.map(i64::from))
                .bind(error.as_str())
                .bind(*next_at),
                AttemptOutcome::GaveUp { status, error } => sqlx::query(
                    "UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, \
                     last_status = ?, last_error = ?, next_attempt_at = NULL WHERE id = ?",
                )
                .bind(status.map(i64::from))
                .bind(error.as_str()),
            };
            let r = q.bind(id).execute(&mut *c).await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    })
    .await
}

pub(super) async fn list_deliveries(
    read: &SqlitePool,
    f: DeliveryFilter,
) -> StoreResult<Vec<Delivery>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {DELIVERY_COLS} FROM webhook_deliveries \
         WHERE (?1 IS NULL OR webhook_id = ?1) AND (?2 IS NULL OR status = ?2) \
         ORDER BY created_at DESC, id DESC LIMIT ?3"
    ));
    let rows = sqlx::query(sql)
        .bind(f.webhook_id)
        .bind(f.status.map(DeliveryStatus::as_str))
        .bind(i64::from(f.limit))
        .fetch_all(read)
        .await?;
    rows.iter().map(delivery_from_row).collect()
}

pub(super) async fn get_delivery(read: &SqlitePool, id: Uuid) -> StoreResult<Delivery> {
    let mut c = read.acquire().await?;
    fetch_delivery(&mut c, id).await
}

pub(super) async fn replay(w: &Writer, id: Uuid, now: i64) -> StoreResult<Delivery> {
    w.run(move |c| {
        Box::pin(async move {
            let r = sqlx::query(
                "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, \
                 next_attempt_at = ?, delivered_at = NULL WHERE id = ?",
            )
            .bind(now)
            .bind(id)
            .execute(&mut *c)
            .await?;
            if r.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            fetch_delivery(c, id).await
        })
    })
    .await
}

pub(super) async fn prune(w: &Writer, before: i64) -> StoreResult<u64> {
    w.run(move |c| {
        Box::pin(async move {
            let r = sqlx::query(
                "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ?",
            )
            .bind(before)
            .execute(&mut *c)
            .await?;
            Ok(r.rows_affected())
        })
    })
    .await
}
