//! Postgres store, for production and for several nodes on one database.
//!
//! Every operation is one transaction on a pooled connection at READ
//! COMMITTED. A message's seq is allocated in the transaction that inserts it
//! (`UPDATE conversations SET last_seq = last_seq + 1 … RETURNING`): the row
//! lock serializes appends to one conversation across every node, and a
//! rolled-back append gives its seq back, so seqs never have gaps. Nothing
//! here sends NOTIFY: a NOTIFY inside a transaction takes a cluster-wide lock
//! at commit (ARCHITECTURE.md, Scale-out); the broker wakes other nodes after
//! commit.

mod canned;
mod error;
mod lifecycle;
mod notes;
mod rows;
mod search;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod tests;
mod webhooks;

use super::{
    Appended, Bootstrap, CommitSink, ConversationFilter, NewApiToken, NewConversation, NewMessage,
    NewRefreshToken, NewUser, NewWidget, ReadSide, Rotation, Store, StoreError, StoreResult,
    Transition, TransitionOutcome, UserChanges, UserRecord, now_ms,
};
use async_trait::async_trait;
use error::{is_foreign_key_violation, is_unique_violation, pg};
use proto::auth::{ApiToken, User};
use proto::conversations::{Conversation, ConversationStatus, Message, SenderKind};
use proto::widgets::{Widget, WidgetPatch};
use rows::{conversation_cols, message_cols, token_cols, user_cols, widget_cols};
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};
use sqlx::types::Json;
use sqlx::{ConnectOptions, Connection, Postgres, QueryBuilder, Row};
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::{Arc, PoisonError};
use std::time::Duration;
use tokio_util::task::TaskTracker;
use uuid::Uuid;

/// Migrations embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/postgres");

/// How to connect to Postgres.
#[derive(Debug, Clone)]
pub struct PgOptions {
    /// Connections in the pool; every node opens this many at most.
    pub max_connections: u32,
    /// How long a call waits for a free connection before `Unavailable`.
    pub acquire_timeout: Duration,
}

impl Default for PgOptions {
    fn default() -> Self {
        Self {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(10),
        }
    }
}

/// Times a transaction that hit a serialization failure or a deadlock is run
/// again before the caller gets `Busy`.
const RETRIES: u32 = 4;

/// The Postgres implementation of [`Store`].
pub struct PgStore {
    inner: Arc<Inner>,
}

struct Inner {
    pool: PgPool,
    sink: Arc<dyn CommitSink>,
    appends: ConversationLocks,
    /// Appends run in their own tasks (see `append_message`); `close` waits for them.
    tasks: TaskTracker,
}

/// Opens a pool on `url`, applies the migrations (under sqlx's advisory lock,
/// so several nodes may start at once) and sets the epoch if the database
/// has none. `sink` hears of every message this store commits.
pub async fn open(url: &str, opts: &PgOptions, sink: Arc<dyn CommitSink>) -> StoreResult<PgStore> {
    let connect = PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Other(format!("invalid Postgres URL: {e}")))?
        .application_name("chatd")
        .log_statements(tracing::log::LevelFilter::Trace);
    // One direct connection first: a pool that cannot connect reports only
    // "timed out", a connection says why (refused, authentication, no database).
    let mut first = tokio::time::timeout(opts.acquire_timeout, connect.connect())
        .await
        .map_err(|_| {
            StoreError::Unavailable(format!("no connection within {:?}", opts.acquire_timeout))
        })?
        .map_err(pg)?;
    MIGRATOR
        .run(&mut first)
        .await
        .map_err(|e| StoreError::Other(format!("migration failed: {e}")))?;
    sqlx::query("INSERT INTO meta (key, value) VALUES ('epoch', $1) ON CONFLICT (key) DO NOTHING")
        .bind(Uuid::new_v4().to_string())
        .execute(&mut first)
        .await
        .map_err(pg)?;
    let _ = first.close().await;
    let pool = PgPoolOptions::new()
        .max_connections(opts.max_connections.max(1))
        .acquire_timeout(opts.acquire_timeout)
        .connect_with(connect)
        .await
        .map_err(pg)?;
    Ok(PgStore {
        inner: Arc::new(Inner {
            pool,
            sink,
            appends: ConversationLocks::default(),
            tasks: TaskTracker::new(),
        }),
    })
}

/// A boxed future borrowing a transaction's connection.
type TxFuture<'c, T> = Pin<Box<dyn Future<Output = StoreResult<T>> + Send + 'c>>;

impl PgStore {
    fn pool(&self) -> &PgPool {
        &self.inner.pool
    }

    /// Runs `f` in a transaction and commits it if `f` succeeds; runs it
    /// again (a few times) after a serialization failure or a deadlock.
    async fn in_tx<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send,
        F: for<'c> FnMut(&'c mut PgConnection) -> TxFuture<'c, T> + Send,
    {
        in_tx(&self.inner.pool, f).await
    }
}

async fn in_tx<T, F>(pool: &PgPool, mut f: F) -> StoreResult<T>
where
    T: Send,
    F: for<'c> FnMut(&'c mut PgConnection) -> TxFuture<'c, T> + Send,
{
    let mut attempt = 0;
    loop {
        let mut tx = pool.begin().await.map_err(pg)?;
        let out = match f(&mut tx).await {
            Ok(v) => tx.commit().await.map_err(pg).map(|()| v),
            Err(e) => {
                // A failed rollback means a broken connection; the pool drops it.
                let _ = tx.rollback().await;
                Err(e)
            }
        };
        match out {
            Err(StoreError::Busy) if attempt < RETRIES => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(5 << attempt)).await;
            }
            out => return out,
        }
    }
}

/// One async mutex per conversation with appends in flight on this node.
///
/// The row lock already orders appends to a conversation in the database; this
/// one also covers the commit-sink call after COMMIT, so the sink hears of
/// this node's messages in seq order, as [`CommitSink`] promises (two tasks
/// committing seqs 5 and 6 could otherwise call the sink in either order).
#[derive(Default)]
struct ConversationLocks {
    map: std::sync::Mutex<HashMap<Uuid, Arc<tokio::sync::Mutex<()>>>>,
}

impl ConversationLocks {
    async fn run<T>(&self, id: Uuid, f: impl Future<Output = T>) -> T {
        let lock = {
            let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(map.entry(id).or_default())
        };
        let out = {
            let _held = lock.lock().await;
            f.await
        };
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        // Clones are only made under the map's lock: two references (the map's
        // and ours) mean nobody else waits for this conversation.
        if Arc::strong_count(&lock) == 2 {
            map.remove(&id);
        }
        out
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.map
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

impl Inner {
    /// Appends under the conversation's lock, then tells the sink.
    async fn append(&self, m: NewMessage) -> StoreResult<Appended> {
        self.appends
            .run(m.conversation_id, async {
                let out = self.append_once_retrying(&m).await;
                if let Ok(a) = &out
                    && !a.duplicate
                {
                    self.sink
                        .messages_committed(std::slice::from_ref(&a.message));
                }
                out
            })
            .await
    }

    async fn append_once_retrying(&self, m: &NewMessage) -> StoreResult<Appended> {
        let mut attempt = 0;
        loop {
            match self.append_once(m).await {
                Err(StoreError::Busy) if attempt < RETRIES => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_millis(5 << attempt)).await;
                }
                out => return out,
            }
        }
    }

    async fn append_once(&self, m: &NewMessage) -> StoreResult<Appended> {
        let mut tx = self.pool.begin().await.map_err(pg)?;
        if let Some(prev) = stored_message(&mut tx, m.conversation_id, &m.client_id).await? {
            let _ = tx.rollback().await;
            return Ok(Appended {
                message: prev,
                duplicate: true,
            });
        }
        let now = now_ms();
        let row = sqlx::query(
            "UPDATE conversations SET last_seq = last_seq + 1, updated_at = $2, \
             first_response_at = CASE WHEN $3 AND first_response_at IS NULL THEN $2 \
             ELSE first_response_at END \
             WHERE id = $1 RETURNING last_seq",
        )
        .bind(m.conversation_id)
        .bind(now)
        .bind(m.sender == SenderKind::Agent)
        .fetch_optional(&mut *tx)
        .await
        .map_err(pg)?;
        let Some(row) = row else {
            let _ = tx.rollback().await;
            return Err(StoreError::NotFound);
        };
        let msg = Message {
            conversation_id: m.conversation_id,
            seq: row.try_get(0).map_err(pg)?,
            client_id: m.client_id.clone(),
            sender: m.sender,
            author_id: m.author_id,
            author_name: m.author_name.clone(),
            body: m.body.clone(),
            created_at: now,
        };
        let inserted = sqlx::query(concat!(
            "INSERT INTO messages (",
            message_cols!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        ))
        .bind(msg.conversation_id)
        .bind(msg.seq)
        .bind(&msg.client_id)
        .bind(msg.sender.as_str())
        .bind(msg.author_id)
        .bind(&msg.author_name)
        .bind(&msg.body)
        .bind(msg.created_at)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                // Another node committed this client id after our check (we
                // waited for its row lock). Rolling back returns our seq, so
                // no gap; the retry is answered with the stored message.
                let _ = tx.rollback().await;
                let mut c = self.pool.acquire().await.map_err(pg)?;
                return match stored_message(&mut c, m.conversation_id, &m.client_id).await? {
                    Some(prev) => Ok(Appended {
                        message: prev,
                        duplicate: true,
                    }),
                    None => Err(pg(e)),
                };
            }
            Err(e) => {
                let _ = tx.rollback().await;
                return Err(pg(e));
            }
        }
        tx.commit().await.map_err(pg)?;
        Ok(Appended {
            message: msg,
            duplicate: false,
        })
    }
}

async fn stored_message(
    c: &mut PgConnection,
    conversation_id: Uuid,
    client_id: &str,
) -> StoreResult<Option<Message>> {
    let row = sqlx::query(concat!(
        "SELECT ",
        message_cols!(),
        " FROM messages WHERE conversation_id = $1 AND client_id = $2"
    ))
    .bind(conversation_id)
    .bind(client_id)
    .fetch_optional(&mut *c)
    .await
    .map_err(pg)?;
    row.as_ref().map(rows::message).transpose()
}

async fn fetch_conversation(
    c: &mut PgConnection,
    id: Uuid,
    for_update: bool,
) -> StoreResult<Conversation> {
    let sql = if for_update {
        concat!(
            "SELECT ",
            conversation_cols!(),
            " FROM conversations c WHERE c.id = $1 FOR UPDATE"
        )
    } else {
        concat!(
            "SELECT ",
            conversation_cols!(),
            " FROM conversations c WHERE c.id = $1"
        )
    };
    let row = sqlx::query(sql)
        .bind(id)
        .fetch_optional(&mut *c)
        .await
        .map_err(pg)?;
    row.as_ref()
        .map(rows::conversation)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

async fn fetch_user(c: &mut PgConnection, id: Uuid) -> StoreResult<User> {
    let row = sqlx::query(concat!(
        "SELECT ",
        user_cols!(),
        " FROM users WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *c)
    .await
    .map_err(pg)?;
    row.as_ref()
        .map(rows::user)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

async fn fetch_widget(c: &mut PgConnection, id: Uuid, for_update: bool) -> StoreResult<Widget> {
    let sql = if for_update {
        concat!(
            "SELECT ",
            widget_cols!(),
            " FROM widgets WHERE id = $1 FOR UPDATE"
        )
    } else {
        concat!("SELECT ", widget_cols!(), " FROM widgets WHERE id = $1")
    };
    let row = sqlx::query(sql)
        .bind(id)
        .fetch_optional(&mut *c)
        .await
        .map_err(pg)?;
    row.as_ref()
        .map(rows::widget)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

async fn insert_user(c: &mut PgConnection, u: NewUser) -> StoreResult<User> {
    let now = now_ms();
    let user = User {
        id: Uuid::now_v7(),
        email: u.email,
        name: u.name,
        role: u.role,
        disabled: false,
        created_at: now,
    };
    sqlx::query(
        "INSERT INTO users (id, email, name, role, password_hash, disabled, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, FALSE, $6, $6)",
    )
    .bind(user.id)
    .bind(&user.email)
    .bind(&user.name)
    .bind(user.role.as_str())
    .bind(&u.password_hash)
    .bind(now)
    .execute(&mut *c)
    .await
    .map_err(|e| match pg(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("a user with email {} exists", user.email))
        }
        other => other,
    })?;
    Ok(user)
}

async fn insert_widget(c: &mut PgConnection, w: NewWidget) -> StoreResult<Widget> {
    let now = now_ms();
    let widget = Widget {
        id: Uuid::now_v7(),
        name: w.name,
        site_key: w.site_key,
        settings: w.settings,
        created_at: now,
        updated_at: now,
    };
    sqlx::query(concat!(
        "INSERT INTO widgets (",
        widget_cols!(),
        ") VALUES ($1, $2, $3, $4, $5, $5)"
    ))
    .bind(widget.id)
    .bind(&widget.name)
    .bind(&widget.site_key)
    .bind(Json(&widget.settings))
    .bind(now)
    .execute(&mut *c)
    .await
    .map_err(|e| match pg(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("a widget named {:?} exists", widget.name))
        }
        other => other,
    })?;
    Ok(widget)
}

#[async_trait]
impl Store for PgStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('ready_probe', now()::text)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .execute(self.pool())
        .await
        .map_err(pg)?;
        sqlx::query("SELECT 1 FROM meta WHERE key = 'ready_probe'")
            .fetch_one(self.pool())
            .await
            .map_err(pg)?;
        Ok(())
    }

    async fn epoch(&self) -> StoreResult<String> {
        let row = sqlx::query("SELECT value FROM meta WHERE key = 'epoch'")
            .fetch_one(self.pool())
            .await
            .map_err(pg)?;
        row.try_get("value").map_err(pg)
    }

    async fn bootstrap(&self, b: Bootstrap) -> StoreResult<bool> {
        self.in_tx(move |c| {
            let b = b.clone();
            Box::pin(async move {
                // The flag goes in first: a second node bootstrapping at the
                // same moment waits on this row and then inserts nothing.
                let flagged = sqlx::query(
                    "INSERT INTO meta (key, value) VALUES ('bootstrapped', $1)
                     ON CONFLICT (key) DO NOTHING",
                )
                .bind(now_ms().to_string())
                .execute(&mut *c)
                .await
                .map_err(pg)?;
                if flagged.rows_affected() == 0 {
                    return Ok(false);
                }
                insert_user(c, b.admin).await?;
                insert_widget(c, b.demo_widget).await?;
                Ok(true)
            })
        })
        .await
    }

    async fn close(&self) {
        self.inner.tasks.close();
        self.inner.tasks.wait().await;
        self.inner.pool.close().await;
    }

    async fn create_user(&self, u: NewUser) -> StoreResult<User> {
        self.in_tx(move |c| Box::pin(insert_user(c, u.clone())))
            .await
    }

    async fn get_user(&self, id: Uuid) -> StoreResult<User> {
        let mut c = self.pool().acquire().await.map_err(pg)?;
        fetch_user(&mut c, id).await
    }

    async fn find_user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            user_cols!(),
            ", password_hash FROM users WHERE email = $1"
        ))
        .bind(email)
        .fetch_optional(self.pool())
        .await
        .map_err(pg)?;
        row.map(|r| {
            Ok(UserRecord {
                user: rows::user(&r)?,
                password_hash: r.try_get("password_hash").map_err(pg)?,
            })
        })
        .transpose()
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            user_cols!(),
            " FROM users ORDER BY created_at, id"
        ))
        .fetch_all(self.pool())
        .await
        .map_err(pg)?;
        rows.iter().map(rows::user).collect()
    }

    async fn update_user(&self, id: Uuid, ch: UserChanges) -> StoreResult<User> {
        self.in_tx(move |c| {
            let ch = ch.clone();
            Box::pin(async move {
                let row = sqlx::query(concat!(
                    "SELECT ",
                    user_cols!(),
                    " FROM users WHERE id = $1 FOR UPDATE"
                ))
                .bind(id)
                .fetch_optional(&mut *c)
                .await
                .map_err(pg)?;
                let mut u = row
                    .as_ref()
                    .map(rows::user)
                    .transpose()?
                    .ok_or(StoreError::NotFound)?;
                if let Some(n) = ch.name {
                    u.name = n;
                }
                if let Some(r) = ch.role {
                    u.role = r;
                }
                if let Some(d) = ch.disabled {
                    u.disabled = d;
                }
                let now = now_ms();
                sqlx::query(
                    "UPDATE users SET name = $1, role = $2, disabled = $3,
                     password_hash = COALESCE($4, password_hash), updated_at = $5 WHERE id = $6",
                )
                .bind(&u.name)
                .bind(u.role.as_str())
                .bind(u.disabled)
                .bind(&ch.password_hash)
                .bind(now)
                .bind(id)
                .execute(&mut *c)
                .await
                .map_err(pg)?;
                if ch.password_hash.is_some() || u.disabled {
                    sqlx::query(
                        "UPDATE refresh_tokens SET revoked_at = $1
                         WHERE user_id = $2 AND revoked_at IS NULL",
                    )
                    .bind(now)
                    .bind(id)
                    .execute(&mut *c)
                    .await
                    .map_err(pg)?;
                }
                Ok(u)
            })
        })
        .await
    }

    async fn delete_user(&self, id: Uuid) -> StoreResult<()> {
        let r = sqlx::query("DELETE FROM users WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await
            .map_err(pg)?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn insert_refresh_token(&self, t: NewRefreshToken) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO refresh_tokens (token_hash, user_id, family_id, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&t.token_hash)
        .bind(t.user_id)
        .bind(t.family_id)
        .bind(now_ms())
        .bind(t.expires_at)
        .execute(self.pool())
        .await
        .map_err(pg)?;
        Ok(())
    }

    async fn rotate_refresh_token(
        &self,
        old_hash: &str,
        new_hash: &str,
        new_expires_at: i64,
        now: i64,
    ) -> StoreResult<Rotation> {
        let (old_hash, new_hash) = (old_hash.to_string(), new_hash.to_string());
        self.in_tx(move |c| {
            let (old_hash, new_hash) = (old_hash.clone(), new_hash.clone());
            Box::pin(async move {
                // FOR UPDATE: of two rotations of one token, the second waits
                // and then sees it used (reuse, so the chain is revoked).
                let row = sqlx::query(
                    "SELECT user_id, family_id, expires_at, used_at, revoked_at
                     FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE",
                )
                .bind(&old_hash)
                .fetch_optional(&mut *c)
                .await
                .map_err(pg)?;
                let Some(row) = row else {
                    return Ok(Rotation::Invalid);
                };
                let user_id: Uuid = row.try_get("user_id").map_err(pg)?;
                let family: Uuid = row.try_get("family_id").map_err(pg)?;
                let expires_at: i64 = row.try_get("expires_at").map_err(pg)?;
                let used_at: Option<i64> = row.try_get("used_at").map_err(pg)?;
                let revoked_at: Option<i64> = row.try_get("revoked_at").map_err(pg)?;
                if revoked_at.is_some() || expires_at <= now {
                    return Ok(Rotation::Invalid);
                }
                if used_at.is_some() {
                    sqlx::query(
                        "UPDATE refresh_tokens SET revoked_at = $1
                         WHERE family_id = $2 AND revoked_at IS NULL",
                    )
                    .bind(now)
                    .bind(family)
                    .execute(&mut *c)
                    .await
                    .map_err(pg)?;
                    return Ok(Rotation::Reused);
                }
                let urow = sqlx::query(concat!(
                    "SELECT ",
                    user_cols!(),
                    ", password_hash FROM users WHERE id = $1"
                ))
                .bind(user_id)
                .fetch_one(&mut *c)
                .await
                .map_err(pg)?;
                let record = UserRecord {
                    user: rows::user(&urow)?,
                    password_hash: urow.try_get("password_hash").map_err(pg)?,
                };
                if record.user.disabled {
                    return Ok(Rotation::Invalid);
                }
                sqlx::query("UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2")
                    .bind(now)
                    .bind(&old_hash)
                    .execute(&mut *c)
                    .await
                    .map_err(pg)?;
                sqlx::query(
                    "INSERT INTO refresh_tokens (token_hash, user_id, family_id, created_at, expires_at)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(&new_hash)
                .bind(user_id)
                .bind(family)
                .bind(now)
                .bind(new_expires_at)
                .execute(&mut *c)
                .await
                .map_err(pg)?;
                Ok(Rotation::Rotated(record))
            })
        })
        .await
    }

    async fn revoke_refresh_family(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query(
            "UPDATE refresh_tokens SET revoked_at = $1
             WHERE revoked_at IS NULL AND family_id =
               (SELECT family_id FROM refresh_tokens WHERE token_hash = $2)",
        )
        .bind(now_ms())
        .bind(token_hash)
        .execute(self.pool())
        .await
        .map_err(pg)?;
        Ok(())
    }

    async fn create_api_token(&self, t: NewApiToken) -> StoreResult<ApiToken> {
        let token = ApiToken {
            id: Uuid::now_v7(),
            name: t.name,
            prefix: t.prefix,
            role: t.role,
            user_id: t.user_id,
            created_at: now_ms(),
            expires_at: t.expires_at,
            revoked_at: None,
        };
        sqlx::query(
            "INSERT INTO api_tokens (id, user_id, name, prefix, token_hash, role, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(token.id)
        .bind(token.user_id)
        .bind(&token.name)
        .bind(&token.prefix)
        .bind(&t.token_hash)
        .bind(token.role.as_str())
        .bind(token.created_at)
        .bind(token.expires_at)
        .execute(self.pool())
        .await
        .map_err(pg)?;
        Ok(token)
    }

    async fn list_api_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            token_cols!(),
            " FROM api_tokens ORDER BY created_at DESC, id DESC"
        ))
        .fetch_all(self.pool())
        .await
        .map_err(pg)?;
        rows.iter().map(rows::token).collect()
    }

    async fn revoke_api_token(&self, id: Uuid) -> StoreResult<()> {
        // Revoking twice keeps the first time.
        let r = sqlx::query(
            "UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, $1) WHERE id = $2",
        )
        .bind(now_ms())
        .bind(id)
        .execute(self.pool())
        .await
        .map_err(pg)?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn find_api_token(&self, token_hash: &str) -> StoreResult<Option<(ApiToken, User)>> {
        let mut c = self.pool().acquire().await.map_err(pg)?;
        let row = sqlx::query(concat!(
            "SELECT ",
            token_cols!(),
            " FROM api_tokens WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(&mut *c)
        .await
        .map_err(pg)?;
        let Some(row) = row else { return Ok(None) };
        let token = rows::token(&row)?;
        let user = fetch_user(&mut c, token.user_id).await?;
        Ok(Some((token, user)))
    }

    async fn create_widget(&self, w: NewWidget) -> StoreResult<Widget> {
        self.in_tx(move |c| Box::pin(insert_widget(c, w.clone())))
            .await
    }

    async fn get_widget(&self, id: Uuid) -> StoreResult<Widget> {
        let mut c = self.pool().acquire().await.map_err(pg)?;
        fetch_widget(&mut c, id, false).await
    }

    async fn find_widget_by_site_key(&self, site_key: &str) -> StoreResult<Option<Widget>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            widget_cols!(),
            " FROM widgets WHERE site_key = $1"
        ))
        .bind(site_key)
        .fetch_optional(self.pool())
        .await
        .map_err(pg)?;
        row.as_ref().map(rows::widget).transpose()
    }

    async fn list_widgets(&self) -> StoreResult<Vec<Widget>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            widget_cols!(),
            " FROM widgets ORDER BY created_at, id"
        ))
        .fetch_all(self.pool())
        .await
        .map_err(pg)?;
        rows.iter().map(rows::widget).collect()
    }

    async fn update_widget(&self, id: Uuid, patch: WidgetPatch) -> StoreResult<Widget> {
        self.in_tx(move |c| {
            let patch = patch.clone();
            Box::pin(async move {
                let mut w = fetch_widget(c, id, true).await?;
                if let Some(name) = &patch.name {
                    w.name = name.clone();
                }
                patch.apply_to(&mut w.settings);
                w.updated_at = now_ms();
                sqlx::query(
                    "UPDATE widgets SET name = $1, settings = $2, updated_at = $3 WHERE id = $4",
                )
                .bind(&w.name)
                .bind(Json(&w.settings))
                .bind(w.updated_at)
                .bind(id)
                .execute(&mut *c)
                .await
                .map_err(|e| match pg(e) {
                    StoreError::Conflict(_) => {
                        StoreError::Conflict(format!("a widget named {:?} exists", w.name))
                    }
                    other => other,
                })?;
                Ok(w)
            })
        })
        .await
    }

    async fn set_widget_site_key(&self, id: Uuid, site_key: &str) -> StoreResult<Widget> {
        let row = sqlx::query(concat!(
            "UPDATE widgets SET site_key = $1, updated_at = $2 WHERE id = $3 RETURNING ",
            widget_cols!()
        ))
        .bind(site_key)
        .bind(now_ms())
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(pg)?;
        row.as_ref()
            .map(rows::widget)
            .transpose()?
            .ok_or(StoreError::NotFound)
    }

    async fn delete_widget(&self, id: Uuid) -> StoreResult<()> {
        let r = sqlx::query("DELETE FROM widgets WHERE id = $1")
            .bind(id)
            .execute(self.pool())
            .await
            .map_err(pg)?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    async fn create_canned(
        &self,
        n: crate::store::NewCannedReply,
    ) -> StoreResult<proto::canned::CannedReply> {
        canned::create(self.pool(), n).await
    }

    async fn get_canned(&self, id: Uuid) -> StoreResult<proto::canned::CannedReply> {
        canned::get(self.pool(), id).await
    }

    async fn list_canned(
        &self,
        widget_id: Option<Uuid>,
    ) -> StoreResult<Vec<proto::canned::CannedReply>> {
        canned::list(self.pool(), widget_id).await
    }

    async fn update_canned(
        &self,
        id: Uuid,
        c: crate::store::CannedChanges,
    ) -> StoreResult<proto::canned::CannedReply> {
        canned::update(self.pool(), id, c).await
    }

    async fn delete_canned(&self, id: Uuid) -> StoreResult<()> {
        canned::delete(self.pool(), id).await
    }

    async fn add_note(&self, n: super::NewNote) -> StoreResult<proto::notes::Note> {
        notes::add(self.pool(), n).await
    }

    async fn list_notes(&self, conversation_id: Uuid) -> StoreResult<Vec<proto::notes::Note>> {
        notes::list(self.pool(), conversation_id).await
    }

    async fn create_webhook(
        &self,
        w: crate::store::NewWebhook,
    ) -> StoreResult<crate::store::WebhookRecord> {
        webhooks::create(self.pool(), w).await
    }

    async fn get_webhook(&self, id: Uuid) -> StoreResult<crate::store::WebhookRecord> {
        webhooks::get(self.pool(), id).await
    }

    async fn list_webhooks(&self) -> StoreResult<Vec<crate::store::WebhookRecord>> {
        webhooks::list(self.pool()).await
    }

    async fn delete_webhook(&self, id: Uuid) -> StoreResult<()> {
        webhooks::delete(self.pool(), id).await
    }

    async fn enqueue_deliveries(&self, d: Vec<crate::store::NewDelivery>) -> StoreResult<u64> {
        webhooks::enqueue(self.pool(), d).await
    }

    async fn next_delivery_due(&self) -> StoreResult<Option<i64>> {
        webhooks::next_due(self.pool()).await
    }

    async fn claim_deliveries(
        &self,
        now: i64,
        lease_until: i64,
        limit: u32,
    ) -> StoreResult<Vec<crate::store::DueDelivery>> {
        webhooks::claim(self.pool(), now, lease_until, limit).await
    }

    async fn finish_attempt(
        &self,
        id: Uuid,
        at: i64,
        o: crate::store::AttemptOutcome,
    ) -> StoreResult<()> {
        webhooks::finish(self.pool(), id, at, o).await
    }

    async fn list_deliveries(
        &self,
        f: crate::store::DeliveryFilter,
    ) -> StoreResult<Vec<proto::webhooks::Delivery>> {
        webhooks::list_deliveries(self.pool(), f).await
    }

    async fn get_delivery(&self, id: Uuid) -> StoreResult<proto::webhooks::Delivery> {
        webhooks::get_delivery(self.pool(), id).await
    }

    async fn replay_delivery(&self, id: Uuid, now: i64) -> StoreResult<proto::webhooks::Delivery> {
        webhooks::replay(self.pool(), id, now).await
    }

    async fn prune_deliveries(&self, before: i64) -> StoreResult<u64> {
        webhooks::prune(self.pool(), before).await
    }

    async fn create_conversation(&self, n: NewConversation) -> StoreResult<Conversation> {
        let now = now_ms();
        let id = Uuid::now_v7();
        sqlx::query(
            "INSERT INTO conversations
               (id, widget_id, visitor_token_hash, status, prechat, page_url, created_at, updated_at, verified_user_id, visitor_id, visitor_ip)
             VALUES ($1, $2, $3, 'open', $4, $5, $6, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(n.widget_id)
        .bind(&n.visitor_token_hash)
        .bind(Json(&n.prechat))
        .bind(&n.page_url)
        .bind(now)
        .bind(&n.verified_user_id)
        .bind(n.visitor_id)
        .bind(&n.visitor_ip)
        .execute(self.pool())
        .await
        .map_err(pg)?;
        Ok(Conversation {
            id,
            widget_id: n.widget_id,
            status: ConversationStatus::Open,
            prechat: n.prechat,
            page_url: n.page_url,
            last_seq: 0,
            visitor_read_seq: 0,
            agent_read_seq: 0,
            created_at: now,
            updated_at: now,
            closed_at: None,
            verified_user_id: n.verified_user_id,
            visitor_id: n.visitor_id,
            visitor_ip: n.visitor_ip,
            ..Conversation::default()
        })
    }

    async fn add_visitor_token(&self, conversation_id: Uuid, token_hash: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO visitor_tokens (token_hash, conversation_id, created_at) VALUES ($1, $2, $3)",
        )
        .bind(token_hash)
        .bind(conversation_id)
        .bind(now_ms())
        .execute(self.pool())
        .await
        .map_err(pg)?;
        Ok(())
    }

    async fn find_verified_conversation(
        &self,
        widget_id: Uuid,
        user_id: &str,
    ) -> StoreResult<Option<Conversation>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            conversation_cols!(),
            " FROM conversations c WHERE c.widget_id = $1 AND c.verified_user_id = $2 \
              ORDER BY c.updated_at DESC LIMIT 1"
        ))
        .bind(widget_id)
        .bind(user_id)
        .fetch_optional(self.pool())
        .await
        .map_err(pg)?;
        row.as_ref().map(rows::conversation).transpose()
    }

    async fn get_conversation(&self, id: Uuid) -> StoreResult<Conversation> {
        let mut c = self.pool().acquire().await.map_err(pg)?;
        fetch_conversation(&mut c, id, false).await
    }

    async fn find_conversation_by_token(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<Conversation>> {
        let row = sqlx::query(concat!(
            "SELECT ",
            conversation_cols!(),
            " FROM conversations c WHERE c.visitor_token_hash = $1 \
              OR c.id = (SELECT conversation_id FROM visitor_tokens WHERE token_hash = $1)"
        ))
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await
        .map_err(pg)?;
        row.as_ref().map(rows::conversation).transpose()
    }

    async fn list_conversations(&self, f: ConversationFilter) -> StoreResult<Vec<Conversation>> {
        if f.widget_ids.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Vec::new());
        }
        let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(concat!(
            "SELECT ",
            conversation_cols!(),
            " FROM conversations c WHERE TRUE"
        ));
        if let Some(s) = f.status {
            qb.push(" AND c.status = ").push_bind(s.as_str());
        }
        if let Some(w) = f.widget_id {
            qb.push(" AND c.widget_id = ").push_bind(w);
        }
        if let Some(t) = f.updated_before {
            qb.push(" AND c.updated_at < ").push_bind(t);
        }
        if let Some(t) = f.created_from {
            qb.push(" AND c.created_at >= ").push_bind(t);
        }
        if let Some(t) = f.created_to {
            qb.push(" AND c.created_at < ").push_bind(t);
        }
        if let Some(p) = f.phase {
            qb.push(" AND c.phase = ").push_bind(p.as_str());
        }
        if let Some(a) = f.agent_id {
            qb.push(" AND c.assigned_agent_id = ").push_bind(a);
        }
        if let Some(v) = f.visitor_id {
            qb.push(" AND c.visitor_id = ").push_bind(v);
        }
        if let Some(t) = &f.text {
            search::push_text_filter(&mut qb, t);
        }
        if let Some(ws) = f.widget_ids {
            qb.push(" AND c.widget_id = ANY(").push_bind(ws).push(")");
        }
        qb.push(" ORDER BY c.updated_at DESC, c.id DESC LIMIT ")
            .push_bind(i64::from(f.limit.max(1)));
        let rows = qb.build().fetch_all(self.pool()).await.map_err(pg)?;
        rows.iter().map(rows::conversation).collect()
    }

    async fn mark_read(&self, id: Uuid, side: ReadSide, seq: i64) -> StoreResult<(i64, i64)> {
        let sql = match side {
            ReadSide::Visitor => {
                "UPDATE conversations SET visitor_read_seq = GREATEST(visitor_read_seq, $1)
                 WHERE id = $2 RETURNING visitor_read_seq, agent_read_seq"
            }
            ReadSide::Agent => {
                "UPDATE conversations SET agent_read_seq = GREATEST(agent_read_seq, $1)
                 WHERE id = $2 RETURNING visitor_read_seq, agent_read_seq"
            }
        };
        let row = sqlx::query(sql)
            .bind(seq)
            .bind(id)
            .fetch_optional(self.pool())
            .await
            .map_err(pg)?
            .ok_or(StoreError::NotFound)?;
        Ok((row.try_get(0).map_err(pg)?, row.try_get(1).map_err(pg)?))
    }

    async fn transition(&self, id: Uuid, t: Transition) -> StoreResult<TransitionOutcome> {
        self.in_tx(move |c| {
            let t = t.clone();
            Box::pin(async move {
                // FOR UPDATE: of two agents accepting at once, the second
                // waits here and then sees the conversation already assigned.
                let cur = fetch_conversation(c, id, true).await?;
                let phase_ok = t
                    .from_phases
                    .as_ref()
                    .is_none_or(|ps| ps.contains(&cur.phase));
                let status_ok = t.from_status.is_none_or(|s| s == cur.status);
                if !(phase_ok && status_ok) {
                    return Ok(TransitionOutcome::Refused(cur));
                }
                let now = now_ms();
                let mut qb: QueryBuilder<Postgres> =
                    QueryBuilder::new("UPDATE conversations c SET updated_at = ");
                qb.push_bind(now);
                if let Some(p) = t.phase {
                    qb.push(", phase = ").push_bind(p.as_str());
                }
                if let Some(s) = t.status {
                    qb.push(", status = ").push_bind(s.as_str());
                    qb.push(", closed_at = ")
                        .push_bind((s == ConversationStatus::Closed).then_some(now));
                }
                if let Some(agent) = t.agent {
                    qb.push(", assigned_agent_id = ").push_bind(agent);
                    if agent.is_some() {
                        qb.push(", assigned_at = ").push_bind(now);
                    }
                }
                if let Some(reason) = t.escalate {
                    qb.push(", escalation_reason = ").push_bind(reason);
                    qb.push(", queued_at = ").push_bind(now);
                    qb.push(", escalated_at = COALESCE(c.escalated_at, ")
                        .push_bind(now)
                        .push(")");
                }
                if let Some((rating, comment)) = t.rating {
                    qb.push(", rating = ").push_bind(i16::from(rating));
                    qb.push(", rating_comment = ").push_bind(comment);
                }
                if let Some(summary) = t.summary {
                    qb.push(", summary = ").push_bind(summary);
                }
                if let Some(extra) = t.prechat {
                    let mut merged = cur.prechat.clone();
                    merged.extend(extra);
                    qb.push(", prechat = ").push_bind(Json(merged));
                }
                qb.push(" WHERE c.id = ").push_bind(id);
                qb.push(concat!(" RETURNING ", conversation_cols!()));
                let row = qb.build().fetch_one(&mut *c).await.map_err(pg)?;
                Ok(TransitionOutcome::Applied(rows::conversation(&row)?))
            })
        })
        .await
    }

    async fn queued(&self, widget_id: Option<Uuid>) -> StoreResult<Vec<Conversation>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            conversation_cols!(),
            " FROM conversations c \
             WHERE c.status = 'open' AND c.phase = 'queued' \
             AND ($1::uuid IS NULL OR c.widget_id = $1) \
             ORDER BY c.queued_at, c.id"
        ))
        .bind(widget_id)
        .fetch_all(self.pool())
        .await
        .map_err(pg)?;
        rows.iter().map(rows::conversation).collect()
    }

    async fn recent_waits(&self, widget_id: Uuid, limit: u32) -> StoreResult<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT assigned_at - queued_at AS wait FROM conversations \
             WHERE widget_id = $1 AND assigned_at IS NOT NULL AND queued_at IS NOT NULL \
             AND assigned_at >= queued_at ORDER BY assigned_at DESC LIMIT $2",
        )
        .bind(widget_id)
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await
        .map_err(pg)?;
        rows.iter().map(|r| r.try_get("wait").map_err(pg)).collect()
    }

    async fn agent_loads(&self) -> StoreResult<Vec<(Uuid, u32)>> {
        let rows = sqlx::query(
            "SELECT assigned_agent_id AS agent, COUNT(*) AS n FROM conversations \
             WHERE status = 'open' AND phase = 'assigned' AND assigned_agent_id IS NOT NULL \
             GROUP BY assigned_agent_id",
        )
        .fetch_all(self.pool())
        .await
        .map_err(pg)?;
        rows.iter()
            .map(|r| {
                let n: i64 = r.try_get("n").map_err(pg)?;
                Ok((
                    r.try_get("agent").map_err(pg)?,
                    u32::try_from(n).unwrap_or(u32::MAX),
                ))
            })
            .collect()
    }

    async fn memberships(&self) -> StoreResult<Vec<(Uuid, Uuid)>> {
        let rows = sqlx::query("SELECT widget_id, user_id FROM widget_members")
            .fetch_all(self.pool())
            .await
            .map_err(pg)?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("widget_id").map_err(pg)?,
                    r.try_get("user_id").map_err(pg)?,
                ))
            })
            .collect()
    }

    async fn set_member(&self, widget_id: Uuid, user_id: Uuid, member: bool) -> StoreResult<bool> {
        let sql = if member {
            "INSERT INTO widget_members (widget_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        } else {
            "DELETE FROM widget_members WHERE widget_id = $1 AND user_id = $2"
        };
        match sqlx::query(sql)
            .bind(widget_id)
            .bind(user_id)
            .execute(self.pool())
            .await
        {
            Ok(done) => Ok(done.rows_affected() > 0),
            // A foreign key failure means the widget or the user is gone.
            Err(e) if is_foreign_key_violation(&e) => Err(StoreError::NotFound),
            Err(e) => Err(pg(e)),
        }
    }

    async fn append_message(&self, m: NewMessage) -> StoreResult<Appended> {
        // In its own task, as on SQLite where the writer task owns it: a
        // caller that stops waiting (a socket closing) must not cancel the
        // commit-sink call that follows a commit.
        let inner = Arc::clone(&self.inner);
        self.inner
            .tasks
            .spawn(async move { inner.append(m).await })
            .await
            .unwrap_or_else(|e| Err(StoreError::Other(format!("append task failed: {e}"))))
    }

    async fn messages_after(
        &self,
        conversation_id: Uuid,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<Message>> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            message_cols!(),
            " FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
        ))
        .bind(conversation_id)
        .bind(after_seq)
        .bind(i64::from(limit.max(1)))
        .fetch_all(self.pool())
        .await
        .map_err(pg)?;
        rows.iter().map(rows::message).collect()
    }

    async fn messages_in(&self, ranges: &[(Uuid, i64, i64)]) -> StoreResult<Vec<Message>> {
        if ranges.is_empty() {
            return Ok(Vec::new());
        }
        let (cs, firsts, lasts): (Vec<Uuid>, Vec<i64>, Vec<i64>) = ranges.iter().fold(
            (Vec::new(), Vec::new(), Vec::new()),
            |(mut c, mut f, mut l), r| {
                c.push(r.0);
                f.push(r.1);
                l.push(r.2);
                (c, f, l)
            },
        );
        // LATERAL: one index range scan per conversation. A plain join lets
        // the planner hash-join against the whole table, which grows.
        let rows = sqlx::query(concat!(
            "SELECT m.* FROM unnest($1::uuid[], $2::bigint[], $3::bigint[])
                WITH ORDINALITY AS r (c, f, l, i)
              CROSS JOIN LATERAL (SELECT ",
            message_cols!(),
            " FROM messages WHERE conversation_id = r.c AND seq BETWEEN r.f AND r.l) AS m
              ORDER BY r.i, m.seq"
        ))
        .bind(cs)
        .bind(firsts)
        .bind(lasts)
        .fetch_all(self.pool())
        .await
        .map_err(pg)?;
        rows.iter().map(rows::message).collect()
    }

    async fn visitor_known(&self, widget_id: Uuid, visitor_id: Uuid) -> StoreResult<bool> {
        lifecycle::visitor_known(self.pool(), widget_id, visitor_id).await
    }

    async fn delete_visitor(&self, visitor_id: Uuid) -> StoreResult<u64> {
        lifecycle::delete_visitor(self.pool(), visitor_id).await
    }

    async fn purge_closed_before(&self, widget_id: Uuid, cutoff: i64) -> StoreResult<u64> {
        lifecycle::purge_closed_before(self.pool(), widget_id, cutoff).await
    }

    async fn create_block(&self, b: super::NewBlock) -> StoreResult<proto::lifecycle::Block> {
        lifecycle::create_block(self.pool(), b).await
    }

    async fn list_blocks(&self) -> StoreResult<Vec<proto::lifecycle::Block>> {
        lifecycle::list_blocks(self.pool()).await
    }

    async fn delete_block(&self, id: Uuid) -> StoreResult<proto::lifecycle::Block> {
        lifecycle::delete_block(self.pool(), id).await
    }

    async fn append_audit(&self, e: super::NewAudit) -> StoreResult<proto::lifecycle::AuditEntry> {
        lifecycle::append_audit(self.pool(), e).await
    }

    async fn list_audit(
        &self,
        f: super::AuditFilter,
    ) -> StoreResult<Vec<proto::lifecycle::AuditEntry>> {
        lifecycle::list_audit(self.pool(), f).await
    }
}
