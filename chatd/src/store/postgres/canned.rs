//! Canned replies on Postgres.

use super::error::{is_foreign_key_violation, pg};
use crate::store::{CannedChanges, NewCannedReply, StoreError, StoreResult, now_ms};
use proto::canned::CannedReply;
use sqlx::Row;
use sqlx::postgres::{PgConnection, PgPool, PgRow};
use uuid::Uuid;

macro_rules! cols {
    () => {
        "id, shortcut, title, body, widget_id, created_at, updated_at"
    };
}

fn from_row(r: &PgRow) -> StoreResult<CannedReply> {
    Ok(CannedReply {
        id: r.try_get("id").map_err(pg)?,
        shortcut: r.try_get("shortcut").map_err(pg)?,
        title: r.try_get("title").map_err(pg)?,
        body: r.try_get("body").map_err(pg)?,
        widget_id: r.try_get("widget_id").map_err(pg)?,
        created_at: r.try_get("created_at").map_err(pg)?,
        updated_at: r.try_get("updated_at").map_err(pg)?,
    })
}

/// A write's error as callers need it: a taken shortcut is named, and a
/// foreign key failure means the widget is gone.
fn write_err(e: sqlx::Error, shortcut: &str) -> StoreError {
    if is_foreign_key_violation(&e) {
        return StoreError::NotFound;
    }
    match pg(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("a canned reply with shortcut {shortcut:?} exists"))
        }
        other => other,
    }
}

async fn fetch(c: &mut PgConnection, id: Uuid, for_update: bool) -> StoreResult<CannedReply> {
    let sql = if for_update {
        concat!(
            "SELECT ",
            cols!(),
            " FROM canned_replies WHERE id = $1 FOR UPDATE"
        )
    } else {
        concat!("SELECT ", cols!(), " FROM canned_replies WHERE id = $1")
    };
    let row = sqlx::query(sql)
        .bind(id)
        .fetch_optional(&mut *c)
        .await
        .map_err(pg)?;
    row.as_ref()
        .map(from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

pub(super) async fn create(pool: &PgPool, n: NewCannedReply) -> StoreResult<CannedReply> {
    let now = now_ms();
    let reply = CannedReply {
        id: Uuid::now_v7(),
        shortcut: n.shortcut,
        title: n.title,
        body: n.body,
        widget_id: n.widget_id,
        created_at: now,
        updated_at: now,
    };
    sqlx::query(concat!(
        "INSERT INTO canned_replies (",
        cols!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $6)"
    ))
    .bind(reply.id)
    .bind(&reply.shortcut)
    .bind(&reply.title)
    .bind(&reply.body)
    .bind(reply.widget_id)
    .bind(now)
    .execute(pool)
    .await
    .map_err(|e| write_err(e, &reply.shortcut))?;
    Ok(reply)
}

pub(super) async fn get(pool: &PgPool, id: Uuid) -> StoreResult<CannedReply> {
    let mut c = pool.acquire().await.map_err(pg)?;
    fetch(&mut c, id, false).await
}

pub(super) async fn list(pool: &PgPool, widget_id: Option<Uuid>) -> StoreResult<Vec<CannedReply>> {
    // COLLATE "C" orders by bytes, as SQLite does, whatever the database's locale.
    let rows = sqlx::query(concat!(
        "SELECT ",
        cols!(),
        " FROM canned_replies \
         WHERE $1::uuid IS NULL OR widget_id IS NULL OR widget_id = $1 \
         ORDER BY shortcut COLLATE \"C\""
    ))
    .bind(widget_id)
    .fetch_all(pool)
    .await
    .map_err(pg)?;
    rows.iter().map(from_row).collect()
}

pub(super) async fn update(pool: &PgPool, id: Uuid, ch: CannedChanges) -> StoreResult<CannedReply> {
    super::in_tx(pool, move |c| {
        let ch = ch.clone();
        Box::pin(async move {
            let mut r = fetch(c, id, true).await?;
            if let Some(s) = ch.shortcut {
                r.shortcut = s;
            }
            if let Some(t) = ch.title {
                r.title = t;
            }
            if let Some(b) = ch.body {
                r.body = b;
            }
            if let Some(w) = ch.widget_id {
                r.widget_id = w;
            }
            r.updated_at = now_ms();
            sqlx::query(
                "UPDATE canned_replies SET shortcut = $1, title = $2, body = $3, widget_id = $4, \
                 updated_at = $5 WHERE id = $6",
            )
            .bind(&r.shortcut)
            .bind(&r.title)
            .bind(&r.body)
            .bind(r.widget_id)
            .bind(r.updated_at)
            .bind(id)
            .execute(&mut *c)
            .await
            .map_err(|e| write_err(e, &r.shortcut))?;
            Ok(r)
        })
    })
    .await
}

pub(super) async fn delete(pool: &PgPool, id: Uuid) -> StoreResult<()> {
    let r = sqlx::query("DELETE FROM canned_replies WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await
        .map_err(pg)?;
    if r.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
