//! The writer's fast path for messages: a constant number of statements per
//! batch, whatever its size (MEASURED.md: the statement count, not the disk,
//! sets SQLite's ceiling through sqlx).
//!
//! Seqs are assigned in memory: this task is the only writer of messages, so
//! its cache of each conversation's last seq is the truth. A batch first
//! tries the common case: one UPDATE of the conversations and one multi-row
//! INSERT, nothing else. Only when that INSERT fails (a retried client id
//! stored by an earlier batch, or a stale seq) does it take the careful
//! path: a savepoint, one read of the client ids already stored, then the
//! INSERTs. Either way a conversation not cached costs one more read.

use super::writer::exec;
use crate::store::{Appended, CommitSink, NewMessage, StoreError, now_ms};
use proto::conversations::{Message, SenderKind};
use sqlx::{QueryBuilder, Row, Sqlite, SqliteConnection};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::oneshot;
use uuid::Uuid;

/// One queued append.
pub struct AppendReq {
    /// The message.
    pub msg: NewMessage,
    /// Where the outcome goes, after commit.
    pub reply: oneshot::Sender<Result<Appended, StoreError>>,
}

type Reply = oneshot::Sender<Result<Appended, StoreError>>;

/// Appends waiting for their batch's COMMIT.
pub struct Pending {
    replies: Vec<(Reply, Result<Appended, StoreError>)>,
    committed: Vec<Message>,
    last_seqs: HashMap<Uuid, i64>,
}

/// The lookup of client ids stored before, around a `VALUES (?, ?), …` list.
const STORED_BEFORE_HEAD: &str = "SELECT m.conversation_id, m.seq, m.client_id, m.sender, \
     m.author_id, m.author_name, m.body, m.created_at FROM (";
const STORED_BEFORE_TAIL: &str = ") AS v CROSS JOIN messages m \
     ON m.conversation_id = v.column1 AND m.client_id = v.column2";

/// Rows per multi-row statement; 400 × 8 binds stays far under SQLite's limit.
const CHUNK: usize = 400;
/// Cached conversations at most; past it the cache starts over (entries reload
/// with one query per batch, so this only bounds memory).
const MAX_CACHED: usize = 200_000;

/// Owns the last-seq cache and the commit sink.
pub struct Appender {
    last_seq: HashMap<Uuid, i64>,
    sink: Arc<dyn CommitSink>,
}

impl Appender {
    /// An appender telling `sink` about commits.
    pub fn new(sink: Arc<dyn CommitSink>) -> Self {
        Self {
            last_seq: HashMap::new(),
            sink,
        }
    }

    /// Writes `reqs` inside the open transaction. Nothing is answered yet.
    pub async fn apply(&mut self, conn: &mut SqliteConnection, reqs: Vec<AppendReq>) -> Pending {
        let mut pending = Pending {
            replies: Vec::with_capacity(reqs.len()),
            committed: Vec::new(),
            last_seqs: HashMap::new(),
        };
        if reqs.is_empty() {
            return pending;
        }
        if reqs.len() <= CHUNK {
            match self.write(conn, &reqs, &mut pending, false).await {
                Ok(outcomes) => {
                    for (r, out) in reqs.into_iter().zip(outcomes) {
                        pending.replies.push((r.reply, out));
                    }
                    return pending;
                }
                Err(_) => {
                    // A retry of a message stored in an earlier batch, or a
                    // conversation deleted since its seq was cached. The
                    // failed INSERT left nothing behind: take the careful path.
                    pending.committed.clear();
                    pending.last_seqs.clear();
                }
            }
        }
        if let Err(e) = exec(conn, "SAVEPOINT appends").await {
            for r in reqs {
                pending.replies.push((r.reply, Err(e.clone())));
            }
            return pending;
        }
        let mut written = self.write(conn, &reqs, &mut pending, true).await;
        if written.is_err() {
            // A cached conversation may have been deleted since it was cached
            // (its rows cascade away): reload every seq and try once more.
            let _ = exec(conn, "ROLLBACK TO appends").await;
            self.last_seq.clear();
            pending.committed.clear();
            pending.last_seqs.clear();
            written = self.write(conn, &reqs, &mut pending, true).await;
        }
        match written {
            Ok(outcomes) => {
                for (r, out) in reqs.into_iter().zip(outcomes) {
                    pending.replies.push((r.reply, out));
                }
                if let Err(e) = exec(conn, "RELEASE appends").await {
                    fail_all(&mut pending, &e);
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "appending messages failed; their savepoint is rolled back");
                let _ = exec(conn, "ROLLBACK TO appends").await;
                let _ = exec(conn, "RELEASE appends").await;
                pending.committed.clear();
                pending.last_seqs.clear();
                for r in reqs {
                    pending.replies.push((r.reply, Err(e.clone())));
                }
            }
        }
        pending
    }

    /// After COMMIT (or its failure): tell the sink, then answer everyone.
    pub fn finish(&mut self, mut pending: Pending, commit: Result<(), StoreError>) {
        match commit {
            Ok(()) => {
                if self.last_seq.len() + pending.last_seqs.len() > MAX_CACHED {
                    self.last_seq.clear();
                }
                self.last_seq.extend(pending.last_seqs.drain());
                if !pending.committed.is_empty() {
                    self.sink.messages_committed(&pending.committed);
                }
            }
            Err(e) => {
                // Seqs loaded in this batch may belong to rows that were rolled back.
                self.last_seq.clear();
                fail_all(&mut pending, &e);
            }
        }
        for (reply, out) in pending.replies {
            let _ = reply.send(out);
        }
    }

    async fn load_last_seqs(
        &mut self,
        conn: &mut SqliteConnection,
        ids: &[Uuid],
    ) -> Result<(), StoreError> {
        for chunk in ids.chunks(CHUNK) {
            let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
                "SELECT c.id AS id, (SELECT COALESCE(MAX(m.seq), 0) FROM messages m \
                 WHERE m.conversation_id = c.id) AS last FROM conversations c WHERE c.id IN (",
            );
            let mut list = qb.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            qb.push(")");
            for row in qb.build().fetch_all(&mut *conn).await? {
                self.last_seq
                    .insert(row.try_get("id")?, row.try_get("last")?);
            }
        }
        Ok(())
    }

    async fn stored_before(
        conn: &mut SqliteConnection,
        reqs: &[AppendReq],
    ) -> Result<HashMap<(Uuid, String), Message>, StoreError> {
        let mut found = HashMap::new();
        for chunk in reqs.chunks(CHUNK) {
            // The batch's pairs drive an index lookup each. (A row-value
            // `(conversation_id, client_id) IN (VALUES …)` scans the whole
            // messages table instead: EXPLAIN QUERY PLAN shows SCAN messages.)
            let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(STORED_BEFORE_HEAD);
            qb.push_values(chunk, |mut b, r| {
                b.push_bind(r.msg.conversation_id)
                    .push_bind(r.msg.client_id.clone());
            });
            qb.push(STORED_BEFORE_TAIL);
            for row in qb.build().fetch_all(&mut *conn).await? {
                let m = super::message_from_row(&row)?;
                found.insert((m.conversation_id, m.client_id.clone()), m);
            }
        }
        Ok(found)
    }

    /// Loads the last seq of the batch's conversations not cached yet.
    async fn load_unknown(
        &mut self,
        conn: &mut SqliteConnection,
        reqs: &[AppendReq],
    ) -> Result<(), StoreError> {
        let mut unknown: Vec<Uuid> = reqs
            .iter()
            .map(|r| r.msg.conversation_id)
            .filter(|id| !self.last_seq.contains_key(id))
            .collect();
        unknown.sort_unstable();
        unknown.dedup();
        self.load_last_seqs(conn, &unknown).await
    }

    /// Assigns seqs to `reqs` and stores them: the conversations' touch,
    /// then one multi-row INSERT per `CHUNK` rows.
    ///
    /// `careful: false` is the common case, 4 statements per batch with the
    /// transaction's BEGIN and COMMIT: no lookup of earlier client ids, no
    /// savepoint. It needs `reqs.len() <= CHUNK`: the one INSERT comes last
    /// and stores every row or none (a retried client id or a stale seq
    /// makes it fail on the unique keys), so a failure leaves the
    /// transaction as it found it but for the idempotent touch.
    /// `careful: true` runs inside a savepoint and first reads which client
    /// ids are stored already.
    async fn write(
        &mut self,
        conn: &mut SqliteConnection,
        reqs: &[AppendReq],
        pending: &mut Pending,
        careful: bool,
    ) -> Result<Vec<Result<Appended, StoreError>>, StoreError> {
        debug_assert!(careful || reqs.len() <= CHUNK);
        self.load_unknown(conn, reqs).await?;
        let mut earlier = if careful {
            Self::stored_before(conn, reqs).await?
        } else {
            HashMap::new()
        };
        let now = now_ms();
        let mut outcomes = Vec::with_capacity(reqs.len());
        let mut fresh: Vec<Message> = Vec::with_capacity(reqs.len());
        for r in reqs {
            let m = &r.msg;
            let key = (m.conversation_id, m.client_id.clone());
            if let Some(prev) = earlier.get(&key) {
                outcomes.push(Ok(Appended {
                    message: prev.clone(),
                    duplicate: true,
                }));
                continue;
            }
            let Some(base) = pending
                .last_seqs
                .get(&m.conversation_id)
                .or_else(|| self.last_seq.get(&m.conversation_id))
                .copied()
            else {
                outcomes.push(Err(StoreError::NotFound));
                continue;
            };
            let msg = new_message(m, base + 1, now);
            pending.last_seqs.insert(m.conversation_id, msg.seq);
            // A second send of the same client id in this very batch is a retry too.
            earlier.insert(key, msg.clone());
            outcomes.push(Ok(Appended {
                message: msg.clone(),
                duplicate: false,
            }));
            fresh.push(msg);
        }
        touch_conversations(conn, &fresh, now).await?;
        insert_messages(conn, &fresh).await?;
        pending.committed = fresh;
        Ok(outcomes)
    }
}

fn new_message(m: &NewMessage, seq: i64, now: i64) -> Message {
    Message {
        conversation_id: m.conversation_id,
        seq,
        client_id: m.client_id.clone(),
        sender: m.sender,
        author_id: m.author_id,
        author_name: m.author_name.clone(),
        body: m.body.clone(),
        created_at: now,
    }
}

/// One multi-row INSERT per `CHUNK` messages.
async fn insert_messages(conn: &mut SqliteConnection, fresh: &[Message]) -> Result<(), StoreError> {
    for chunk in fresh.chunks(CHUNK) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO messages (conversation_id, seq, client_id, sender, author_id, author_name, body, created_at) ",
        );
        qb.push_values(chunk, |mut b, m| {
            b.push_bind(m.conversation_id)
                .push_bind(m.seq)
                .push_bind(m.client_id.clone())
                .push_bind(sender_str(m.sender))
                .push_bind(m.author_id)
                .push_bind(m.author_name.clone())
                .push_bind(m.body.clone())
                .push_bind(m.created_at);
        });
        qb.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// One statement per batch: the conversations written to move to the top of
/// agents' lists, and the first message of a human agent is recorded for
/// the first-response statistics.
async fn touch_conversations(
    conn: &mut SqliteConnection,
    fresh: &[Message],
    now: i64,
) -> Result<(), StoreError> {
    let mut all: Vec<Uuid> = fresh.iter().map(|m| m.conversation_id).collect();
    all.sort_unstable();
    all.dedup();
    if all.is_empty() {
        return Ok(());
    }
    let mut agents: Vec<Uuid> = fresh
        .iter()
        .filter(|m| m.sender == SenderKind::Agent)
        .map(|m| m.conversation_id)
        .collect();
    agents.sort_unstable();
    agents.dedup();
    for chunk in all.chunks(CHUNK) {
        let mut qb: QueryBuilder<Sqlite> =
            QueryBuilder::new("UPDATE conversations SET updated_at = ");
        qb.push_bind(now);
        if !agents.is_empty() {
            qb.push(", first_response_at = CASE WHEN first_response_at IS NULL AND id IN (");
            let mut list = qb.separated(", ");
            for id in &agents {
                list.push_bind(*id);
            }
            qb.push(") THEN ")
                .push_bind(now)
                .push(" ELSE first_response_at END");
        }
        qb.push(" WHERE id IN (");
        let mut list = qb.separated(", ");
        for id in chunk {
            list.push_bind(*id);
        }
        qb.push(")");
        qb.build().execute(&mut *conn).await?;
    }
    Ok(())
}

fn sender_str(s: SenderKind) -> &'static str {
    s.as_str()
}

fn fail_all(pending: &mut Pending, e: &StoreError) {
    pending.committed.clear();
    pending.last_seqs.clear();
    for (_, out) in &mut pending.replies {
        if out.is_ok() {
            *out = Err(e.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{STORED_BEFORE_HEAD, STORED_BEFORE_TAIL};
    use sqlx::{Connection, Row, SqliteConnection};

    /// The per-batch lookup must use the unique index, not scan every message.
    #[tokio::test]
    async fn client_id_lookup_uses_the_index() {
        let mut c = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        super::super::MIGRATOR.run(&mut c).await.unwrap();
        let sql = format!(
            "EXPLAIN QUERY PLAN {STORED_BEFORE_HEAD}VALUES (?, ?), (?, ?){STORED_BEFORE_TAIL}"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(uuid::Uuid::new_v4())
            .bind("a")
            .bind(uuid::Uuid::new_v4())
            .bind("b")
            .fetch_all(&mut c)
            .await
            .unwrap();
        let plan: Vec<String> = rows.iter().map(|r| r.get::<String, _>(3)).collect();
        assert!(
            plan.iter().any(|p| p.starts_with("SEARCH m USING")),
            "{plan:?}"
        );
        assert!(
            !plan
                .iter()
                .any(|p| p.contains("SCAN m") || p == "SCAN messages"),
            "{plan:?}"
        );
    }
}
