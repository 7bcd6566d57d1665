//! Private notes on SQLite: reads from the pool, writes through the writer.

use super::Writer;
use crate::store::{NewNote, StoreError, StoreResult, now_ms};
use proto::notes::Note;
use sqlx::Row;
use sqlx::sqlite::{SqlitePool, SqliteRow};
use uuid::Uuid;

fn from_row(r: &SqliteRow) -> StoreResult<Note> {
    Ok(Note {
        id: r.try_get("id")?,
        conversation_id: r.try_get("conversation_id")?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        body: r.try_get("body")?,
        created_at: r.try_get("created_at")?,
    })
}

pub(super) async fn add(w: &Writer, n: NewNote) -> StoreResult<Note> {
    w.run(move |c| {
        Box::pin(async move {
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
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(note.id)
            .bind(note.conversation_id)
            .bind(note.author_id)
            .bind(&note.author_name)
            .bind(&note.body)
            .bind(note.created_at)
            .execute(&mut *c)
            .await
            .map_err(|e| match &e {
                // The conversation (or the author) is gone.
                sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound,
                _ => StoreError::from(e),
            })?;
            Ok(note)
        })
    })
    .await
}

pub(super) async fn list(read: &SqlitePool, conversation_id: Uuid) -> StoreResult<Vec<Note>> {
    let rows = sqlx::query(
        "SELECT id, conversation_id, author_id, author_name, body, created_at FROM notes
         WHERE conversation_id = ? ORDER BY created_at, id",
    )
    .bind(conversation_id)
    .fetch_all(read)
    .await?;
    rows.iter().map(from_row).collect()
}
