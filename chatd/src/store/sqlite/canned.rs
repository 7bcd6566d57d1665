//! Canned replies on SQLite: reads from the pool, writes through the writer.

use super::Writer;
use crate::store::{CannedChanges, NewCannedReply, StoreError, StoreResult, now_ms};
use proto::canned::CannedReply;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Row, SqliteConnection};
use uuid::Uuid;

const COLS: &str = "id, shortcut, title, body, widget_id, created_at, updated_at";

fn from_row(r: &SqliteRow) -> StoreResult<CannedReply> {
    Ok(CannedReply {
        id: r.try_get("id")?,
        shortcut: r.try_get("shortcut")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        widget_id: r.try_get("widget_id")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

/// A write's error as callers need it: a taken shortcut is named, and a
/// foreign key failure means the widget is gone.
fn write_err(e: sqlx::Error, shortcut: &str) -> StoreError {
    if let sqlx::Error::Database(db) = &e
        && db.is_foreign_key_violation()
    {
        return StoreError::NotFound;
    }
    match StoreError::from(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("a canned reply with shortcut {shortcut:?} exists"))
        }
        other => other,
    }
}

async fn fetch(c: &mut SqliteConnection, id: Uuid) -> StoreResult<CannedReply> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {COLS} FROM canned_replies WHERE id = ?"));
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *c).await?;
    row.as_ref()
        .map(from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

pub(super) async fn create(w: &Writer, n: NewCannedReply) -> StoreResult<CannedReply> {
    w.run(move |c| {
        Box::pin(async move {
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
            sqlx::query(
                "INSERT INTO canned_replies (id, shortcut, title, body, widget_id, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(reply.id)
            .bind(&reply.shortcut)
            .bind(&reply.title)
            .bind(&reply.body)
            .bind(reply.widget_id)
            .bind(now)
            .bind(now)
            .execute(&mut *c)
            .await
            .map_err(|e| write_err(e, &reply.shortcut))?;
            Ok(reply)
        })
    })
    .await
}

pub(super) async fn get(read: &SqlitePool, id: Uuid) -> StoreResult<CannedReply> {
    let mut c = read.acquire().await?;
    fetch(&mut c, id).await
}

pub(super) async fn list(
    read: &SqlitePool,
    widget_id: Option<Uuid>,
) -> StoreResult<Vec<CannedReply>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {COLS} FROM canned_replies \
         WHERE ?1 IS NULL OR widget_id IS NULL OR widget_id = ?1 ORDER BY shortcut"
    ));
    let rows = sqlx::query(sql).bind(widget_id).fetch_all(read).await?;
    rows.iter().map(from_row).collect()
}

pub(super) async fn update(w: &Writer, id: Uuid, ch: CannedChanges) -> StoreResult<CannedReply> {
    w.run(move |c| {
        Box::pin(async move {
            let mut r = fetch(c, id).await?;
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
                "UPDATE canned_replies SET shortcut = ?, title = ?, body = ?, widget_id = ?, updated_at = ?
                 WHERE id = ?",
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

pub(super) async fn delete(w: &Writer, id: Uuid) -> StoreResult<()> {
    w.run(move |c| {
        Box::pin(async move {
            let r = sqlx::query("DELETE FROM canned_replies WHERE id = ?")
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
