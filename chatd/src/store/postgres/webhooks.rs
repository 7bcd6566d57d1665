//! Webhooks and their outbox on Postgres. Claiming uses `FOR UPDATE SKIP
//! LOCKED`, so nodes sharing the database never claim one delivery twice
//! and never wait on each other's claims.

use super::error::pg;
use crate::store::webhooks::{events_from_text, events_to_text};
use crate::store::{
    AttemptOutcome, DeliveryFilter, DueDelivery, NewDelivery, NewWebhook, StoreError, StoreResult,
    WebhookRecord, now_ms,
};
use proto::webhooks::{Delivery, DeliveryStatus, EventKind, Webhook};
use sqlx::Row;
use sqlx::postgres::{PgPool, PgRow};
use uuid::Uuid;

macro_rules! hook_cols {
    () => {
        "id, url, events, secret, created_at"
    };
}

macro_rules! delivery_cols {
    () => {
        "id, webhook_id, event, payload, status, attempts, next_attempt_at, last_status, \
         last_error, created_at, delivered_at"
    };
}

fn hook_from_row(r: &PgRow) -> StoreResult<WebhookRecord> {
    let events: String = r.try_get("events").map_err(pg)?;
    Ok(WebhookRecord {
        webhook: Webhook {
            id: r.try_get("id").map_err(pg)?,
            url: r.try_get("url").map_err(pg)?,
            events: events_from_text(&events)?,
            created_at: r.try_get("created_at").map_err(pg)?,
        },
        secret: r.try_get("secret").map_err(pg)?,
    })
}

fn event_of(s: &str) -> StoreResult<EventKind> {
    EventKind::parse(s).ok_or_else(|| StoreError::Other(format!("unknown event {s:?} in database")))
}

fn delivery_from_row(r: &PgRow) -> StoreResult<Delivery> {
    let status: String = r.try_get("status").map_err(pg)?;
    let event: String = r.try_get("event").map_err(pg)?;
    let payload: String = r.try_get("payload").map_err(pg)?;
    let attempts: i64 = r.try_get("attempts").map_err(pg)?;
    let last_status: Option<i64> = r.try_get("last_status").map_err(pg)?;
    Ok(Delivery {
        id: r.try_get("id").map_err(pg)?,
        webhook_id: r.try_get("webhook_id").map_err(pg)?,
        event: event_of(&event)?,
        status: DeliveryStatus::parse(&status)
            .ok_or_else(|| StoreError::Other(format!("unknown status {status:?} in database")))?,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        next_attempt_at: r.try_get("next_attempt_at").map_err(pg)?,
        last_status: last_status.and_then(|s| u16::try_from(s).ok()),
        last_error: r.try_get("last_error").map_err(pg)?,
        created_at: r.try_get("created_at").map_err(pg)?,
        delivered_at: r.try_get("delivered_at").map_err(pg)?,
        payload: serde_json::from_str(&payload)?,
    })
}

pub(super) async fn create(pool: &PgPool, n: NewWebhook) -> StoreResult<WebhookRecord> {
    let rec = WebhookRecord {
        webhook: Webhook {
            id: Uuid::now_v7(),
            url: n.url,
            events: n.events,
            created_at: now_ms(),
        },
        secret: n.secret,
    };
    sqlx::query(concat!(
        "INSERT INTO webhooks (",
        hook_cols!(),
        ") VALUES ($1, $2, $3, $4, $5)"
    ))
    .bind(rec.webhook.id)
    .bind(&rec.webhook.url)
    .bind(events_to_text(&rec.webhook.events))
    .bind(&rec.secret)
    .bind(rec.webhook.created_at)
    .execute(pool)
    .await
    .map_err(pg)?;
    Ok(rec)
}

pub(super) async fn get(pool: &PgPool, id: Uuid) -> StoreResult<WebhookRecord> {
    let row = sqlx::query(concat!(
        "SELECT ",
        hook_cols!(),
        " FROM webhooks WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(pg)?;
    row.as_ref()
        .map(hook_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

pub(super) async fn list(pool: &PgPool) -> StoreResult<Vec<WebhookRecord>> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        hook_cols!(),
        " FROM webhooks ORDER BY created_at, id"
    ))
    .fetch_all(pool)
    .await
    .map_err(pg)?;
    rows.iter().map(hook_from_row).collect()
}

pub(super) async fn delete(pool: &PgPool, id: Uuid) -> StoreResult<()> {
    let r = sqlx::query("DELETE FROM webhooks WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(pg)?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub(super) async fn enqueue(pool: &PgPool, list: Vec<NewDelivery>) -> StoreResult<u64> {
    if list.is_empty() {
        return Ok(0);
    }
    let now = now_ms();
    let mut ids = Vec::with_capacity(list.len());
    let mut hooks = Vec::with_capacity(list.len());
    let mut events = Vec::with_capacity(list.len());
    let mut payloads = Vec::with_capacity(list.len());
    let mut created = Vec::with_capacity(list.len());
    for d in list {
        ids.push(d.id);
        hooks.push(d.webhook_id);
        events.push(d.event.as_str().to_string());
        payloads.push(d.payload);
        created.push(d.created_at);
    }
    // One statement for the whole batch; the join drops deliveries whose
    // hook was deleted since the event was queued.
    let r = sqlx::query(
        "INSERT INTO webhook_deliveries \
         (id, webhook_id, event, payload, status, attempts, next_attempt_at, created_at) \
         SELECT v.id, v.webhook_id, v.event, v.payload, 'pending', 0, $6, v.created_at \
         FROM UNNEST($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::bigint[]) \
              AS v (id, webhook_id, event, payload, created_at) \
         JOIN webhooks w ON w.id = v.webhook_id",
    )
    .bind(ids)
    .bind(hooks)
    .bind(events)
    .bind(payloads)
    .bind(created)
    .bind(now)
    .execute(pool)
    .await
    .map_err(pg)?;
    Ok(r.rows_affected())
}

pub(super) async fn next_due(pool: &PgPool) -> StoreResult<Option<i64>> {
    let row = sqlx::query(
        "SELECT MIN(next_attempt_at) AS due FROM webhook_deliveries WHERE status = 'pending'",
    )
    .fetch_one(pool)
    .await
    .map_err(pg)?;
    row.try_get("due").map_err(pg)
}

pub(super) async fn claim(
    pool: &PgPool,
    now: i64,
    lease_until: i64,
    limit: u32,
) -> StoreResult<Vec<DueDelivery>> {
    let rows = sqlx::query(
        "UPDATE webhook_deliveries d SET next_attempt_at = $2 \
         FROM webhooks w \
         WHERE w.id = d.webhook_id AND d.id IN ( \
             SELECT id FROM webhook_deliveries \
             WHERE status = 'pending' AND next_attempt_at <= $1 \
             ORDER BY next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) \
         RETURNING d.id, d.webhook_id, d.event, d.payload, d.attempts, w.url, w.secret",
    )
    .bind(now)
    .bind(lease_until)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(pg)?;
    rows.iter()
        .map(|r| {
            let event: String = r.try_get("event").map_err(pg)?;
            let attempts: i64 = r.try_get("attempts").map_err(pg)?;
            Ok(DueDelivery {
                id: r.try_get("id").map_err(pg)?,
                webhook_id: r.try_get("webhook_id").map_err(pg)?,
                event: event_of(&event)?,
                payload: r.try_get("payload").map_err(pg)?,
                attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
                url: r.try_get("url").map_err(pg)?,
                secret: r.try_get("secret").map_err(pg)?,
            })
        })
        .collect()
}

pub(super) async fn finish(pool: &PgPool, id: Uuid, at: i64, o: AttemptOutcome) -> StoreResult<()> {
    let q = match &o {
        AttemptOutcome::Delivered { status } => sqlx::query(
            "UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, \
             last_status = $1, last_error = NULL, delivered_at = $2, next_attempt_at = NULL \
             WHERE id = $3",
        )
        .bind(i64::from(*status))
        .bind(at),
        AttemptOutcome::Retry {
            status,
            error,
            next_at,
        } => sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1, \
             last_error = $2, next_attempt_at = $3 WHERE id = $4",
        )
        .bind(status.map(i64::from))
        .bind(error.as_str())
        .bind(*next_at),
        AttemptOutcome::GaveUp { status, error } => sqlx::query(
            "UPDATE webhook_deliveries SET status = 'failed', attempts = attempts + 1, \
             last_status = $1, last_error = $2, next_attempt_at = NULL WHERE id = $3",
        )
        .bind(status.map(i64::from))
        .bind(error.as_str()),
    };
    let r = q.bind(id).execute(pool).await.map_err(pg)?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

pub(super) async fn list_deliveries(
    pool: &PgPool,
    f: DeliveryFilter,
) -> StoreResult<Vec<Delivery>> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        delivery_cols!(),
        " FROM webhook_deliveries \
         WHERE ($1::uuid IS NULL OR webhook_id = $1) AND ($2::text IS NULL OR status = $2) \
         ORDER BY created_at DESC, id DESC LIMIT $3"
    ))
    .bind(f.webhook_id)
    .bind(f.status.map(DeliveryStatus::as_str))
    .bind(i64::from(f.limit))
    .fetch_all(pool)
    .await
    .map_err(pg)?;
    rows.iter().map(delivery_from_row).collect()
}

pub(super) async fn get_delivery(pool: &PgPool, id: Uuid) -> StoreResult<Delivery> {
    let row = sqlx::query(concat!(
        "SELECT ",
        delivery_cols!(),
        " FROM webhook_deliveries WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(pg)?;
    row.as_ref()
        .map(delivery_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

pub(super) async fn replay(pool: &PgPool, id: Uuid, now: i64) -> StoreResult<Delivery> {
    let row = sqlx::query(concat!(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, \
         next_attempt_at = $1, delivered_at = NULL WHERE id = $2 RETURNING ",
        delivery_cols!()
    ))
    .bind(now)
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(pg)?;
    row.as_ref()
        .map(delivery_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

pub(super) async fn prune(pool: &PgPool, before: i64) -> StoreResult<u64> {
    let r =
        sqlx::query("DELETE FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1")
            .bind(before)
            .execute(pool)
            .await
            .map_err(pg)?;
    Ok(r.rows_affected())
}
