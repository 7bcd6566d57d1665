//! SQLite store: WAL, one writer task with group commit, a pool of readers.

mod append;
mod canned;
mod lifecycle;
mod notes;
mod search;
mod webhooks;
mod writer;

use super::{
    Appended, Bootstrap, CommitSink, ConversationFilter, NewApiToken, NewConversation, NewMessage,
    NewRefreshToken, NewUser, NewWidget, ReadSide, Rotation, Store, StoreError, StoreResult,
    Transition, TransitionOutcome, UserChanges, UserRecord, now_ms,
};
use async_trait::async_trait;
use proto::auth::{ApiToken, Role, User};
use proto::conversations::{Conversation, ConversationStatus, Message, Phase, SenderKind};
use proto::widgets::{Widget, WidgetPatch, WidgetSettings};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, QueryBuilder, Row, Sqlite, SqliteConnection};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;
pub use writer::{WriteFuture, Writer};

/// Migrations embedded in the binary.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations/sqlite");

/// How to open the SQLite database.
#[derive(Debug, Clone)]
pub struct SqliteOptions {
    /// Database file; created if missing.
    pub path: PathBuf,
    /// How long a statement waits for a lock held by another process.
    pub busy_timeout: Duration,
    /// Jobs the writer queues before refusing with `Busy`.
    pub writer_queue: usize,
    /// Readers in the pool.
    pub readers: u32,
    /// fsync every commit (`true`, the default) or only survive a process crash.
    pub fsync: bool,
}

impl SqliteOptions {
    /// Defaults for a database at `path`.
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Self {
            path: path.into(),
            busy_timeout: Duration::from_secs(5),
            writer_queue: 4096,
            readers: 4,
            fsync: true,
        }
    }

    fn connect_options(&self) -> SqliteConnectOptions {
        SqliteConnectOptions::new()
            .filename(&self.path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // FULL was measured no slower than NORMAL here (MEASURED.md), and
            // it makes an acknowledged write survive power loss. NORMAL in WAL
            // mode still survives a crash of the process.
            .synchronous(if self.fsync {
                SqliteSynchronous::Full
            } else {
                SqliteSynchronous::Normal
            })
            .foreign_keys(true)
            .busy_timeout(self.busy_timeout)
            .log_statements(tracing::log::LevelFilter::Trace)
    }
}

/// The SQLite implementation of [`Store`].
pub struct SqliteStore {
    read: SqlitePool,
    writer: Writer,
    stop: CancellationToken,
    writer_task: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

/// Opens (creating if needed) and migrates the database at `opts.path`.
/// `sink` hears of every committed message.
pub async fn open(opts: &SqliteOptions, sink: Arc<dyn CommitSink>) -> StoreResult<SqliteStore> {
    if let Some(dir) = opts.path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            StoreError::Unavailable(format!("cannot create {}: {e}", dir.display()))
        })?;
    }
    let connect = opts.connect_options();
    let mut conn = connect.connect().await?;
    MIGRATOR
        .run(&mut conn)
        .await
        .map_err(|e| StoreError::Other(format!("migration failed: {e}")))?;
    sqlx::query("INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?)")
        .bind(Uuid::new_v4().to_string())
        .execute(&mut conn)
        .await?;
    let read = SqlitePoolOptions::new()
        .max_connections(opts.readers.max(1))
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(connect)
        .await?;
    let stop = CancellationToken::new();
    let (writer, handle) = Writer::start(conn, opts.writer_queue, sink, stop.clone());
    Ok(SqliteStore {
        read,
        writer,
        stop,
        writer_task: Mutex::new(Some(handle)),
    })
}

/// Where the default database lives inside a data dir.
pub fn default_path(data_dir: &Path) -> PathBuf {
    data_dir.join("chatd.db")
}

fn role_of(s: &str) -> StoreResult<Role> {
    Role::parse(s).ok_or_else(|| StoreError::Other(format!("unknown role {s:?} in database")))
}

fn user_from_row(r: &SqliteRow) -> StoreResult<User> {
    Ok(User {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        role: role_of(r.try_get("role")?)?,
        disabled: r.try_get("disabled")?,
        created_at: r.try_get("created_at")?,
    })
}

fn token_from_row(r: &SqliteRow) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        prefix: r.try_get("prefix")?,
        role: role_of(r.try_get("role")?)?,
        user_id: r.try_get("user_id")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        revoked_at: r.try_get("revoked_at")?,
    })
}

fn widget_from_row(r: &SqliteRow) -> StoreResult<Widget> {
    let settings: String = r.try_get("settings")?;
    let settings: WidgetSettings = serde_json::from_str(&settings)?;
    Ok(Widget {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        site_key: r.try_get("site_key")?,
        settings,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

fn message_from_row(r: &SqliteRow) -> StoreResult<Message> {
    let sender: String = r.try_get("sender")?;
    Ok(Message {
        conversation_id: r.try_get("conversation_id")?,
        seq: r.try_get("seq")?,
        client_id: r.try_get("client_id")?,
        sender: SenderKind::parse(&sender)
            .ok_or_else(|| StoreError::Other(format!("unknown sender {sender:?} in database")))?,
        author_id: r.try_get("author_id")?,
        author_name: r.try_get("author_name")?,
        body: r.try_get("body")?,
        created_at: r.try_get("created_at")?,
    })
}

fn conversation_from_row(r: &SqliteRow) -> StoreResult<Conversation> {
    let status: String = r.try_get("status")?;
    let prechat: String = r.try_get("prechat")?;
    Ok(Conversation {
        id: r.try_get("id")?,
        widget_id: r.try_get("widget_id")?,
        status: ConversationStatus::parse(&status)
            .ok_or_else(|| StoreError::Other(format!("unknown status {status:?} in database")))?,
        prechat: serde_json::from_str(&prechat)?,
        page_url: r.try_get("page_url")?,
        last_seq: r.try_get("last_seq")?,
        visitor_read_seq: r.try_get("visitor_read_seq")?,
        agent_read_seq: r.try_get("agent_read_seq")?,
        created_at: r.try_get("created_at")?,
        updated_at: r.try_get("updated_at")?,
        closed_at: r.try_get("closed_at")?,
        phase: {
            let p: String = r.try_get("phase")?;
            Phase::parse(&p)
                .ok_or_else(|| StoreError::Other(format!("unknown phase {p:?} in database")))?
        },
        assigned_agent_id: r.try_get("assigned_agent_id")?,
        escalation_reason: r.try_get("escalation_reason")?,
        escalated_at: r.try_get("escalated_at")?,
        queued_at: r.try_get("queued_at")?,
        assigned_at: r.try_get("assigned_at")?,
        first_response_at: r.try_get("first_response_at")?,
        rating: r
            .try_get::<Option<i64>, _>("rating")?
            .and_then(|v| u8::try_from(v).ok()),
        rating_comment: r.try_get("rating_comment")?,
        summary: r.try_get("summary")?,
        verified_user_id: r.try_get("verified_user_id")?,
        // Rows from before visitor ids were migrated to their own id.
        visitor_id: match r.try_get::<Option<Uuid>, _>("visitor_id")? {
            Some(v) => v,
            None => r.try_get("id")?,
        },
        visitor_ip: r.try_get("visitor_ip")?,
    })
}

const CONVERSATION_COLS: &str = "c.id, c.widget_id, c.status, c.prechat, c.page_url, \
     (SELECT COALESCE(MAX(m.seq), 0) FROM messages m WHERE m.conversation_id = c.id) AS last_seq, \
     c.visitor_read_seq, c.agent_read_seq, c.created_at, c.updated_at, c.closed_at, \
     c.phase, c.assigned_agent_id, c.escalation_reason, c.escalated_at, c.queued_at, c.assigned_at, \
     c.first_response_at, c.rating, c.rating_comment, c.summary, c.verified_user_id, \
     c.visitor_id, c.visitor_ip";
const MESSAGE_COLS: &str =
    "conversation_id, seq, client_id, sender, author_id, author_name, body, created_at";

async fn fetch_conversation(c: &mut SqliteConnection, id: Uuid) -> StoreResult<Conversation> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {CONVERSATION_COLS} FROM conversations c WHERE c.id = ?"
    ));
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *c).await?;
    row.as_ref()
        .map(conversation_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

const USER_COLS: &str = "id, email, name, role, disabled, created_at";
const TOKEN_COLS: &str = "id, name, prefix, role, user_id, created_at, expires_at, revoked_at";
const WIDGET_COLS: &str = "id, name, site_key, settings, created_at, updated_at";

async fn insert_user(c: &mut SqliteConnection, u: NewUser) -> StoreResult<User> {
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
         VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
    )
    .bind(user.id)
    .bind(&user.email)
    .bind(&user.name)
    .bind(user.role.as_str())
    .bind(&u.password_hash)
    .bind(now)
    .bind(now)
    .execute(&mut *c)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("a user with email {} exists", user.email))
        }
        other => other,
    })?;
    Ok(user)
}

async fn insert_widget(c: &mut SqliteConnection, w: NewWidget) -> StoreResult<Widget> {
    let now = now_ms();
    let widget = Widget {
        id: Uuid::now_v7(),
        name: w.name,
        site_key: w.site_key,
        settings: w.settings,
        created_at: now,
        updated_at: now,
    };
    sqlx::query(
        "INSERT INTO widgets (id, name, site_key, settings, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(widget.id)
    .bind(&widget.name)
    .bind(&widget.site_key)
    .bind(serde_json::to_string(&widget.settings)?)
    .bind(now)
    .bind(now)
    .execute(&mut *c)
    .await
    .map_err(|e| match StoreError::from(e) {
        StoreError::Conflict(_) => {
            StoreError::Conflict(format!("a widget named {:?} exists", widget.name))
        }
        other => other,
    })?;
    Ok(widget)
}

async fn fetch_widget(c: &mut SqliteConnection, id: Uuid) -> StoreResult<Widget> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {WIDGET_COLS} FROM widgets WHERE id = ?"));
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *c).await?;
    row.as_ref()
        .map(widget_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

async fn fetch_user(c: &mut SqliteConnection, id: Uuid) -> StoreResult<User> {
    let sql = sqlx::AssertSqlSafe(format!("SELECT {USER_COLS} FROM users WHERE id = ?"));
    let row = sqlx::query(sql).bind(id).fetch_optional(&mut *c).await?;
    row.as_ref()
        .map(user_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        let at = now_ms().to_string();
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    sqlx::query(
                        "INSERT INTO meta (key, value) VALUES ('ready_probe', ?)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    )
                    .bind(at)
                    .execute(&mut *c)
                    .await?;
                    Ok(())
                })
            })
            .await?;
        sqlx::query("SELECT 1 FROM meta WHERE key = 'ready_probe'")
            .fetch_one(&self.read)
            .await?;
        Ok(())
    }

    async fn epoch(&self) -> StoreResult<String> {
        let row = sqlx::query("SELECT value FROM meta WHERE key = 'epoch'")
            .fetch_one(&self.read)
            .await?;
        Ok(row.try_get("value")?)
    }

    async fn bootstrap(&self, b: Bootstrap) -> StoreResult<bool> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let done = sqlx::query("SELECT 1 FROM meta WHERE key = 'bootstrapped'")
                        .fetch_optional(&mut *c)
                        .await?;
                    if done.is_some() {
                        return Ok(false);
                    }
                    insert_user(c, b.admin).await?;
                    insert_widget(c, b.demo_widget).await?;
                    sqlx::query("INSERT INTO meta (key, value) VALUES ('bootstrapped', ?)")
                        .bind(now_ms().to_string())
                        .execute(&mut *c)
                        .await?;
                    Ok(true)
                })
            })
            .await
    }

    async fn close(&self) {
        self.stop.cancel();
        let handle = self.writer_task.lock().await.take();
        if let Some(handle) = handle
            && let Err(e) = handle.await
        {
            tracing::error!(error = %e, "store writer task failed");
        }
        self.read.close().await;
    }

    async fn create_user(&self, u: NewUser) -> StoreResult<User> {
        self.writer.run(move |c| Box::pin(insert_user(c, u))).await
    }

    async fn get_user(&self, id: Uuid) -> StoreResult<User> {
        let mut c = self.read.acquire().await?;
        fetch_user(&mut c, id).await
    }

    async fn find_user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLS}, password_hash FROM users WHERE email = ?"
        ));
        let row = sqlx::query(sql)
            .bind(email)
            .fetch_optional(&self.read)
            .await?;
        row.map(|r| {
            Ok(UserRecord {
                user: user_from_row(&r)?,
                password_hash: r.try_get("password_hash")?,
            })
        })
        .transpose()
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {USER_COLS} FROM users ORDER BY created_at, id"
        ));
        let rows = sqlx::query(sql).fetch_all(&self.read).await?;
        rows.iter().map(user_from_row).collect()
    }

    async fn update_user(&self, id: Uuid, ch: UserChanges) -> StoreResult<User> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let mut u = fetch_user(c, id).await?;
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
                        "UPDATE users SET name = ?, role = ?, disabled = ?,
                         password_hash = COALESCE(?, password_hash), updated_at = ? WHERE id = ?",
                    )
                    .bind(&u.name)
                    .bind(u.role.as_str())
                    .bind(u.disabled)
                    .bind(&ch.password_hash)
                    .bind(now)
                    .bind(id)
                    .execute(&mut *c)
                    .await?;
                    if ch.password_hash.is_some() || u.disabled {
                        sqlx::query(
                            "UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                        )
                        .bind(now)
                        .bind(id)
                        .execute(&mut *c)
                        .await?;
                    }
                    Ok(u)
                })
            })
            .await
    }

    async fn delete_user(&self, id: Uuid) -> StoreResult<()> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let r = sqlx::query("DELETE FROM users WHERE id = ?")
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

    async fn insert_refresh_token(&self, t: NewRefreshToken) -> StoreResult<()> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    sqlx::query(
                        "INSERT INTO refresh_tokens (token_hash, user_id, family_id, created_at, expires_at)
                         VALUES (?, ?, ?, ?, ?)",
                    )
                    .bind(&t.token_hash)
                    .bind(t.user_id)
                    .bind(t.family_id)
                    .bind(now_ms())
                    .bind(t.expires_at)
                    .execute(&mut *c)
                    .await?;
                    Ok(())
                })
            })
            .await
    }

    async fn rotate_refresh_token(
        &self,
        old_hash: &str,
        new_hash: &str,
        new_expires_at: i64,
        now: i64,
    ) -> StoreResult<Rotation> {
        let (old_hash, new_hash) = (old_hash.to_string(), new_hash.to_string());
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let row = sqlx::query(
                        "SELECT user_id, family_id, expires_at, used_at, revoked_at
                         FROM refresh_tokens WHERE token_hash = ?",
                    )
                    .bind(&old_hash)
                    .fetch_optional(&mut *c)
                    .await?;
                    let Some(row) = row else {
                        return Ok(Rotation::Invalid);
                    };
                    let user_id: Uuid = row.try_get("user_id")?;
                    let family: Uuid = row.try_get("family_id")?;
                    let expires_at: i64 = row.try_get("expires_at")?;
                    let used_at: Option<i64> = row.try_get("used_at")?;
                    let revoked_at: Option<i64> = row.try_get("revoked_at")?;
                    if revoked_at.is_some() || expires_at <= now {
                        return Ok(Rotation::Invalid);
                    }
                    if used_at.is_some() {
                        sqlx::query(
                            "UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL",
                        )
                        .bind(now)
                        .bind(family)
                        .execute(&mut *c)
                        .await?;
                        return Ok(Rotation::Reused);
                    }
                    let urow = sqlx::query(
                        "SELECT id, email, name, role, disabled, created_at, password_hash
                         FROM users WHERE id = ?",
                    )
                    .bind(user_id)
                    .fetch_one(&mut *c)
                    .await?;
                    let record = UserRecord {
                        user: user_from_row(&urow)?,
                        password_hash: urow.try_get("password_hash")?,
                    };
                    if record.user.disabled {
                        return Ok(Rotation::Invalid);
                    }
                    sqlx::query("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?")
                        .bind(now)
                        .bind(&old_hash)
                        .execute(&mut *c)
                        .await?;
                    sqlx::query(
                        "INSERT INTO refresh_tokens (token_hash, user_id, family_id, created_at, expires_at)
                         VALUES (?, ?, ?, ?, ?)",
                    )
                    .bind(&new_hash)
                    .bind(user_id)
                    .bind(family)
                    .bind(now)
                    .bind(new_expires_at)
                    .execute(&mut *c)
                    .await?;
                    Ok(Rotation::Rotated(record))
                })
            })
            .await
    }

    async fn revoke_refresh_family(&self, token_hash: &str) -> StoreResult<()> {
        let token_hash = token_hash.to_string();
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    sqlx::query(
                        "UPDATE refresh_tokens SET revoked_at = ?1
                         WHERE revoked_at IS NULL AND family_id =
                           (SELECT family_id FROM refresh_tokens WHERE token_hash = ?2)",
                    )
                    .bind(now_ms())
                    .bind(&token_hash)
                    .execute(&mut *c)
                    .await?;
                    Ok(())
                })
            })
            .await
    }

    async fn create_api_token(&self, t: NewApiToken) -> StoreResult<ApiToken> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
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
                         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    )
                    .bind(token.id)
                    .bind(token.user_id)
                    .bind(&token.name)
                    .bind(&token.prefix)
                    .bind(&t.token_hash)
                    .bind(token.role.as_str())
                    .bind(token.created_at)
                    .bind(token.expires_at)
                    .execute(&mut *c)
                    .await?;
                    Ok(token)
                })
            })
            .await
    }

    async fn list_api_tokens(&self) -> StoreResult<Vec<ApiToken>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLS} FROM api_tokens ORDER BY created_at DESC, id DESC"
        ));
        let rows = sqlx::query(sql).fetch_all(&self.read).await?;
        rows.iter().map(token_from_row).collect()
    }

    async fn revoke_api_token(&self, id: Uuid) -> StoreResult<()> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let exists = sqlx::query("SELECT 1 FROM api_tokens WHERE id = ?")
                        .bind(id)
                        .fetch_optional(&mut *c)
                        .await?;
                    if exists.is_none() {
                        return Err(StoreError::NotFound);
                    }
                    sqlx::query(
                        "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    )
                    .bind(now_ms())
                    .bind(id)
                    .execute(&mut *c)
                    .await?;
                    Ok(())
                })
            })
            .await
    }

    async fn find_api_token(&self, token_hash: &str) -> StoreResult<Option<(ApiToken, User)>> {
        let mut c = self.read.acquire().await?;
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLS} FROM api_tokens WHERE token_hash = ?"
        ));
        let row = sqlx::query(sql)
            .bind(token_hash)
            .fetch_optional(&mut *c)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let token = token_from_row(&row)?;
        let user = fetch_user(&mut c, token.user_id).await?;
        Ok(Some((token, user)))
    }

    async fn create_widget(&self, w: NewWidget) -> StoreResult<Widget> {
        self.writer
            .run(move |c| Box::pin(insert_widget(c, w)))
            .await
    }

    async fn get_widget(&self, id: Uuid) -> StoreResult<Widget> {
        let mut c = self.read.acquire().await?;
        fetch_widget(&mut c, id).await
    }

    async fn find_widget_by_site_key(&self, site_key: &str) -> StoreResult<Option<Widget>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {WIDGET_COLS} FROM widgets WHERE site_key = ?"
        ));
        let row = sqlx::query(sql)
            .bind(site_key)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(widget_from_row).transpose()
    }

    async fn list_widgets(&self) -> StoreResult<Vec<Widget>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {WIDGET_COLS} FROM widgets ORDER BY created_at, id"
        ));
        let rows = sqlx::query(sql).fetch_all(&self.read).await?;
        rows.iter().map(widget_from_row).collect()
    }

    async fn update_widget(&self, id: Uuid, patch: WidgetPatch) -> StoreResult<Widget> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let mut w = fetch_widget(c, id).await?;
                    if let Some(name) = &patch.name {
                        w.name = name.clone();
                    }
                    patch.apply_to(&mut w.settings);
                    w.updated_at = now_ms();
                    sqlx::query(
                        "UPDATE widgets SET name = ?, settings = ?, updated_at = ? WHERE id = ?",
                    )
                    .bind(&w.name)
                    .bind(serde_json::to_string(&w.settings)?)
                    .bind(w.updated_at)
                    .bind(id)
                    .execute(&mut *c)
                    .await
                    .map_err(|e| match StoreError::from(e) {
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
        let site_key = site_key.to_string();
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let r =
                        sqlx::query("UPDATE widgets SET site_key = ?, updated_at = ? WHERE id = ?")
                            .bind(&site_key)
                            .bind(now_ms())
                            .bind(id)
                            .execute(&mut *c)
                            .await?;
                    if r.rows_affected() == 0 {
                        return Err(StoreError::NotFound);
                    }
                    fetch_widget(c, id).await
                })
            })
            .await
    }

    async fn delete_widget(&self, id: Uuid) -> StoreResult<()> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let r = sqlx::query("DELETE FROM widgets WHERE id = ?")
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

    async fn create_canned(
        &self,
        n: crate::store::NewCannedReply,
    ) -> StoreResult<proto::canned::CannedReply> {
        canned::create(&self.writer, n).await
    }

    async fn get_canned(&self, id: Uuid) -> StoreResult<proto::canned::CannedReply> {
        canned::get(&self.read, id).await
    }

    async fn list_canned(
        &self,
        widget_id: Option<Uuid>,
    ) -> StoreResult<Vec<proto::canned::CannedReply>> {
        canned::list(&self.read, widget_id).await
    }

    async fn update_canned(
        &self,
        id: Uuid,
        c: crate::store::CannedChanges,
    ) -> StoreResult<proto::canned::CannedReply> {
        canned::update(&self.writer, id, c).await
    }

    async fn delete_canned(&self, id: Uuid) -> StoreResult<()> {
        canned::delete(&self.writer, id).await
    }

    async fn add_note(&self, n: super::NewNote) -> StoreResult<proto::notes::Note> {
        notes::add(&self.writer, n).await
    }

    async fn list_notes(&self, conversation_id: Uuid) -> StoreResult<Vec<proto::notes::Note>> {
        notes::list(&self.read, conversation_id).await
    }

    async fn create_webhook(
        &self,
        w: crate::store::NewWebhook,
    ) -> StoreResult<crate::store::WebhookRecord> {
        webhooks::create(&self.writer, w).await
    }

    async fn get_webhook(&self, id: Uuid) -> StoreResult<crate::store::WebhookRecord> {
        webhooks::get(&self.read, id).await
    }

    async fn list_webhooks(&self) -> StoreResult<Vec<crate::store::WebhookRecord>> {
        webhooks::list(&self.read).await
    }

    async fn delete_webhook(&self, id: Uuid) -> StoreResult<()> {
        webhooks::delete(&self.writer, id).await
    }

    async fn enqueue_deliveries(&self, d: Vec<crate::store::NewDelivery>) -> StoreResult<u64> {
        webhooks::enqueue(&self.writer, d).await
    }

    async fn next_delivery_due(&self) -> StoreResult<Option<i64>> {
        webhooks::next_due(&self.read).await
    }

    async fn claim_deliveries(
        &self,
        now: i64,
        lease_until: i64,
        limit: u32,
    ) -> StoreResult<Vec<crate::store::DueDelivery>> {
        webhooks::claim(&self.writer, now, lease_until, limit).await
    }

    async fn finish_attempt(
        &self,
        id: Uuid,
        at: i64,
        o: crate::store::AttemptOutcome,
    ) -> StoreResult<()> {
        webhooks::finish(&self.writer, id, at, o).await
    }

    async fn list_deliveries(
        &self,
        f: crate::store::DeliveryFilter,
    ) -> StoreResult<Vec<proto::webhooks::Delivery>> {
        webhooks::list_deliveries(&self.read, f).await
    }

    async fn get_delivery(&self, id: Uuid) -> StoreResult<proto::webhooks::Delivery> {
        webhooks::get_delivery(&self.read, id).await
    }

    async fn replay_delivery(&self, id: Uuid, now: i64) -> StoreResult<proto::webhooks::Delivery> {
        webhooks::replay(&self.writer, id, now).await
    }

    async fn prune_deliveries(&self, before: i64) -> StoreResult<u64> {
        webhooks::prune(&self.writer, before).await
    }

    async fn create_conversation(&self, n: NewConversation) -> StoreResult<Conversation> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let now = now_ms();
                    let id = Uuid::now_v7();
                    sqlx::query(
                        "INSERT INTO conversations (id, widget_id, visitor_token_hash, status, prechat, page_url, created_at, updated_at, verified_user_id, visitor_id, visitor_ip)
                         VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?)",
                    )
                    .bind(id)
                    .bind(n.widget_id)
                    .bind(&n.visitor_token_hash)
                    .bind(serde_json::to_string(&n.prechat)?)
                    .bind(&n.page_url)
                    .bind(now)
                    .bind(now)
                    .bind(&n.verified_user_id)
                    .bind(n.visitor_id)
                    .bind(&n.visitor_ip)
                    .execute(&mut *c)
                    .await?;
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
                })
            })
            .await
    }

    async fn get_conversation(&self, id: Uuid) -> StoreResult<Conversation> {
        let mut c = self.read.acquire().await?;
        fetch_conversation(&mut c, id).await
    }

    async fn add_visitor_token(&self, conversation_id: Uuid, token_hash: &str) -> StoreResult<()> {
        let token_hash = token_hash.to_string();
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    sqlx::query(
                        "INSERT INTO visitor_tokens (token_hash, conversation_id, created_at) VALUES (?, ?, ?)",
                    )
                    .bind(&token_hash)
                    .bind(conversation_id)
                    .bind(now_ms())
                    .execute(&mut *c)
                    .await?;
                    Ok(())
                })
            })
            .await
    }

    async fn find_verified_conversation(
        &self,
        widget_id: Uuid,
        user_id: &str,
    ) -> StoreResult<Option<Conversation>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {CONVERSATION_COLS} FROM conversations c \
             WHERE c.widget_id = ? AND c.verified_user_id = ? ORDER BY c.updated_at DESC LIMIT 1"
        ));
        let row = sqlx::query(sql)
            .bind(widget_id)
            .bind(user_id)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(conversation_from_row).transpose()
    }

    async fn find_conversation_by_token(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<Conversation>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {CONVERSATION_COLS} FROM conversations c WHERE c.visitor_token_hash = ?1 \
             OR c.id = (SELECT conversation_id FROM visitor_tokens WHERE token_hash = ?1)"
        ));
        let row = sqlx::query(sql)
            .bind(token_hash)
            .fetch_optional(&self.read)
            .await?;
        row.as_ref().map(conversation_from_row).transpose()
    }

    async fn list_conversations(&self, f: ConversationFilter) -> StoreResult<Vec<Conversation>> {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(format!(
            "SELECT {CONVERSATION_COLS} FROM conversations c WHERE 1 = 1"
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
        if let Some(ws) = &f.widget_ids {
            if ws.is_empty() {
                return Ok(Vec::new());
            }
            qb.push(" AND c.widget_id IN (");
            let mut list = qb.separated(", ");
            for w in ws {
                list.push_bind(*w);
            }
            qb.push(")");
        }
        qb.push(" ORDER BY c.updated_at DESC, c.id DESC LIMIT ")
            .push_bind(i64::from(f.limit.max(1)));
        let rows = qb.build().fetch_all(&self.read).await?;
        rows.iter().map(conversation_from_row).collect()
    }

    async fn transition(&self, id: Uuid, t: Transition) -> StoreResult<TransitionOutcome> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let cur = fetch_conversation(c, id).await?;
                    let phase_ok = t
                        .from_phases
                        .as_ref()
                        .is_none_or(|ps| ps.contains(&cur.phase));
                    let status_ok = t.from_status.is_none_or(|s| s == cur.status);
                    if !(phase_ok && status_ok) {
                        return Ok(TransitionOutcome::Refused(cur));
                    }
                    let now = now_ms();
                    let mut qb: QueryBuilder<Sqlite> =
                        QueryBuilder::new("UPDATE conversations SET updated_at = ");
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
                    if let Some(reason) = &t.escalate {
                        qb.push(", escalation_reason = ").push_bind(reason.clone());
                        qb.push(", queued_at = ").push_bind(now);
                        qb.push(", escalated_at = COALESCE(escalated_at, ")
                            .push_bind(now)
                            .push(")");
                    }
                    if let Some((rating, comment)) = &t.rating {
                        qb.push(", rating = ").push_bind(i64::from(*rating));
                        qb.push(", rating_comment = ").push_bind(comment.clone());
                    }
                    if let Some(summary) = &t.summary {
                        qb.push(", summary = ").push_bind(summary.clone());
                    }
                    if let Some(extra) = &t.prechat {
                        let mut merged = cur.prechat.clone();
                        merged.extend(extra.clone());
                        qb.push(", prechat = ")
                            .push_bind(serde_json::to_string(&merged)?);
                    }
                    qb.push(" WHERE id = ").push_bind(id);
                    qb.build().execute(&mut *c).await?;
                    Ok(TransitionOutcome::Applied(fetch_conversation(c, id).await?))
                })
            })
            .await
    }

    async fn queued(&self, widget_id: Option<Uuid>) -> StoreResult<Vec<Conversation>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {CONVERSATION_COLS} FROM conversations c \
             WHERE c.status = 'open' AND c.phase = 'queued' AND (?1 IS NULL OR c.widget_id = ?1) \
             ORDER BY c.queued_at, c.id"
        ));
        let rows = sqlx::query(sql)
            .bind(widget_id)
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(conversation_from_row).collect()
    }

    async fn recent_waits(&self, widget_id: Uuid, limit: u32) -> StoreResult<Vec<i64>> {
        let rows = sqlx::query(
            "SELECT assigned_at - queued_at AS wait FROM conversations \
             WHERE widget_id = ? AND assigned_at IS NOT NULL AND queued_at IS NOT NULL \
             AND assigned_at >= queued_at ORDER BY assigned_at DESC LIMIT ?",
        )
        .bind(widget_id)
        .bind(i64::from(limit))
        .fetch_all(&self.read)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("wait")?)).collect()
    }

    async fn agent_loads(&self) -> StoreResult<Vec<(Uuid, u32)>> {
        let rows = sqlx::query(
            "SELECT assigned_agent_id AS agent, COUNT(*) AS n FROM conversations \
             WHERE status = 'open' AND phase = 'assigned' AND assigned_agent_id IS NOT NULL \
             GROUP BY assigned_agent_id",
        )
        .fetch_all(&self.read)
        .await?;
        rows.iter()
            .map(|r| {
                let n: i64 = r.try_get("n")?;
                Ok((r.try_get("agent")?, u32::try_from(n).unwrap_or(u32::MAX)))
            })
            .collect()
    }

    async fn memberships(&self) -> StoreResult<Vec<(Uuid, Uuid)>> {
        let rows = sqlx::query("SELECT widget_id, user_id FROM widget_members")
            .fetch_all(&self.read)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("widget_id")?, r.try_get("user_id")?)))
            .collect()
    }

    async fn set_member(&self, widget_id: Uuid, user_id: Uuid, member: bool) -> StoreResult<bool> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let r = if member {
                        sqlx::query("INSERT OR IGNORE INTO widget_members (widget_id, user_id) VALUES (?, ?)")
                            .bind(widget_id)
                            .bind(user_id)
                            .execute(&mut *c)
                            .await
                    } else {
                        sqlx::query("DELETE FROM widget_members WHERE widget_id = ? AND user_id = ?")
                            .bind(widget_id)
                            .bind(user_id)
                            .execute(&mut *c)
                            .await
                    };
                    match r {
                        Ok(done) => Ok(done.rows_affected() > 0),
                        // A foreign key failure means the widget or the user is gone.
                        Err(sqlx::Error::Database(db)) if db.is_foreign_key_violation() => Err(StoreError::NotFound),
                        Err(e) => Err(e.into()),
                    }
                })
            })
            .await
    }

    async fn mark_read(&self, id: Uuid, side: ReadSide, seq: i64) -> StoreResult<(i64, i64)> {
        self.writer
            .run(move |c| {
                Box::pin(async move {
                    let sql = match side {
                        ReadSide::Visitor => {
                            "UPDATE conversations SET visitor_read_seq = MAX(visitor_read_seq, ?) WHERE id = ?
                             RETURNING visitor_read_seq, agent_read_seq"
                        }
                        ReadSide::Agent => {
                            "UPDATE conversations SET agent_read_seq = MAX(agent_read_seq, ?) WHERE id = ?
                             RETURNING visitor_read_seq, agent_read_seq"
                        }
                    };
                    let row = sqlx::query(sql)
                        .bind(seq)
                        .bind(id)
                        .fetch_optional(&mut *c)
                        .await?
                        .ok_or(StoreError::NotFound)?;
                    Ok((row.try_get(0)?, row.try_get(1)?))
                })
            })
            .await
    }

    async fn append_message(&self, m: NewMessage) -> StoreResult<Appended> {
        self.writer.append(m).await
    }

    async fn messages_after(
        &self,
        conversation_id: Uuid,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<Message>> {
        let sql = sqlx::AssertSqlSafe(format!(
            "SELECT {MESSAGE_COLS} FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?"
        ));
        let rows = sqlx::query(sql)
            .bind(conversation_id)
            .bind(after_seq)
            .bind(i64::from(limit.max(1)))
            .fetch_all(&self.read)
            .await?;
        rows.iter().map(message_from_row).collect()
    }

    async fn visitor_known(&self, widget_id: Uuid, visitor_id: Uuid) -> StoreResult<bool> {
        lifecycle::visitor_known(&self.read, widget_id, visitor_id).await
    }

    async fn delete_visitor(&self, visitor_id: Uuid) -> StoreResult<u64> {
        lifecycle::delete_visitor(&self.writer, visitor_id).await
    }

    async fn purge_closed_before(&self, widget_id: Uuid, cutoff: i64) -> StoreResult<u64> {
        lifecycle::purge_closed_before(&self.writer, widget_id, cutoff).await
    }

    async fn create_block(&self, b: super::NewBlock) -> StoreResult<proto::lifecycle::Block> {
        lifecycle::create_block(&self.writer, b).await
    }

    async fn list_blocks(&self) -> StoreResult<Vec<proto::lifecycle::Block>> {
        lifecycle::list_blocks(&self.read).await
    }

    async fn delete_block(&self, id: Uuid) -> StoreResult<proto::lifecycle::Block> {
        lifecycle::delete_block(&self.writer, id).await
    }

    async fn append_audit(&self, e: super::NewAudit) -> StoreResult<proto::lifecycle::AuditEntry> {
        lifecycle::append_audit(&self.writer, e).await
    }

    async fn list_audit(
        &self,
        f: super::AuditFilter,
    ) -> StoreResult<Vec<proto::lifecycle::AuditEntry>> {
        lifecycle::list_audit(&self.read, f).await
    }
}
