//! Private notes on Postgres.

use super::error::{is_foreign_key_violation, pg};
use crate::store::{NewNote, StoreError, StoreResult, now_ms};
use proto::notes::Note;
use sqlx::Row;
use sqlx::postgres::{PgPool, PgRow};
use uuid::Uuid;

fn from_row(r: &PgRow) -> StoreResult<Note> {
    Ok(Note {
        id: r.try_get("id").map_err(pg)?,
        conversation_id: r.try_get("conversation_id").map_err(pg)?,
        author_id: r.try_get("author_id").map_err(pg)?,
        author_name: r.try_get("author_name").map_err(pg)?,
        body: r.try_get("body").map_err(pg)?,
        created_at: r.try_get("created_at").map_err(pg)?,
    })
}

pub(super) async fn add(pool: &PgPool, n: NewNote) -> StoreResult<Note> {
    let note = Note {
        id: Uuid::now_v7(),
        conversation_id: n.conversation_id,
        author_id: n.author_id,
        author_name: n.author_name,
        body: n.body,
        created_at: now_ms(),
    };
    sqlx::query(
        "INSERT INTO notes (id, conversation_id, author_id, author_name, body, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(note.id)
    .bind(note.conversation_id)
    .bind(note.author_id)
    .bind(&note.author_name)
    .bind(&note.body)
    .bind(note.created_at)
    .execute(pool)
    .await
    .map_err(|e| {
        // The conversation (or the author) is gone.
        if is_foreign_key_violation(&e) {
            StoreError::NotFound
        } else {
            pg(e)
        }
    })?;
    Ok(note)
}

pub(super) async fn list(pool: &PgPool, conversation_id: Uuid) -> StoreResult<Vec<Note>> {
    let rows = sqlx::query(
        "SELECT id, conversation_id, author_id, author_name, body, created_at FROM notes
         WHERE conversation_id = $1 ORDER BY created_at, id",
    )
    .bind(conversation_id)
    .fetch_all(pool)
    .await
    .map_err(pg)?;
    rows.iter().map(from_row).collect()
}
