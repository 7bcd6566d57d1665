//! `chatd copy`: every row of one chatd database into another, empty one.
//!
//! This is the way from SQLite to Postgres (and back, or SQLite to a fresh
//! SQLite file). Both databases are migrated first, so they have the same
//! schema; the rows are then streamed table by table, in foreign-key order,
//! into one transaction on the target, so a failure leaves the target as
//! empty as it was. The `meta` table travels too, and with it the epoch:
//! clients connected before the move see the same epoch afterwards and
//! resume by seq instead of reloading their history.
//!
//! The list of tables and columns below is checked against both databases
//! before anything is copied: a migration that adds a column or a table
//! without adding it here makes the copy fail instead of dropping data.

use crate::config::Database;
use futures_util::TryStreamExt;
use secrecy::ExposeSecret;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgRow};
use sqlx::query_builder::Separated;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteRow};
use sqlx::types::Json;
use sqlx::{AssertSqlSafe, ConnectOptions, Connection, Postgres, QueryBuilder, Row, Sqlite};
use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

/// How a column is stored on each backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    /// BIGINT / INTEGER.
    Int,
    /// SMALLINT on Postgres, INTEGER on SQLite.
    SmallInt,
    /// BOOLEAN / INTEGER 0 or 1.
    Bool,
    /// UUID / 16-byte BLOB.
    Uuid,
    /// JSONB / TEXT.
    Json,
}

#[derive(Debug)]
struct Col {
    name: &'static str,
    kind: Kind,
}

const fn col(name: &'static str, kind: Kind) -> Col {
    Col { name, kind }
}

#[derive(Debug)]
struct Table {
    name: &'static str,
    /// The primary key, for a stable order.
    order_by: &'static str,
    cols: &'static [Col],
}

/// Every table of migrations/{sqlite,postgres}, parents before children.
const TABLES: &[Table] = &[
    Table {
        name: "meta",
        order_by: "key",
        cols: &[col("key", Kind::Text), col("value", Kind::Text)],
    },
    Table {
        name: "users",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("email", Kind::Text),
            col("name", Kind::Text),
            col("role", Kind::Text),
            col("password_hash", Kind::Text),
            col("disabled", Kind::Bool),
            col("created_at", Kind::Int),
            col("updated_at", Kind::Int),
        ],
    },
    Table {
        name: "refresh_tokens",
        order_by: "token_hash",
        cols: &[
            col("token_hash", Kind::Text),
            col("user_id", Kind::Uuid),
            col("family_id", Kind::Uuid),
            col("created_at", Kind::Int),
            col("expires_at", Kind::Int),
            col("used_at", Kind::Int),
            col("revoked_at", Kind::Int),
        ],
    },
    Table {
        name: "api_tokens",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("user_id", Kind::Uuid),
            col("name", Kind::Text),
            col("prefix", Kind::Text),
            col("token_hash", Kind::Text),
            col("role", Kind::Text),
            col("created_at", Kind::Int),
            col("expires_at", Kind::Int),
            col("revoked_at", Kind::Int),
        ],
    },
    Table {
        name: "widgets",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("name", Kind::Text),
            col("site_key", Kind::Text),
            col("settings", Kind::Json),
            col("created_at", Kind::Int),
            col("updated_at", Kind::Int),
        ],
    },
    Table {
        name: "widget_members",
        order_by: "widget_id, user_id",
        cols: &[col("widget_id", Kind::Uuid), col("user_id", Kind::Uuid)],
    },
    Table {
        name: "conversations",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("widget_id", Kind::Uuid),
            col("visitor_token_hash", Kind::Text),
            col("status", Kind::Text),
            col("prechat", Kind::Json),
            col("page_url", Kind::Text),
            col("visitor_read_seq", Kind::Int),
            col("agent_read_seq", Kind::Int),
            col("created_at", Kind::Int),
            col("updated_at", Kind::Int),
            col("closed_at", Kind::Int),
            col("phase", Kind::Text),
            col("assigned_agent_id", Kind::Uuid),
            col("escalation_reason", Kind::Text),
            col("escalated_at", Kind::Int),
            col("queued_at", Kind::Int),
            col("assigned_at", Kind::Int),
            col("first_response_at", Kind::Int),
            col("rating", Kind::SmallInt),
            col("rating_comment", Kind::Text),
            col("summary", Kind::Text),
            col("verified_user_id", Kind::Text),
            col("visitor_id", Kind::Uuid),
            col("visitor_ip", Kind::Text),
        ],
    },
    Table {
        name: "visitor_tokens",
        order_by: "token_hash",
        cols: &[
            col("token_hash", Kind::Text),
            col("conversation_id", Kind::Uuid),
            col("created_at", Kind::Int),
        ],
    },
    Table {
        name: "messages",
        order_by: "conversation_id, seq",
        cols: &[
            col("conversation_id", Kind::Uuid),
            col("seq", Kind::Int),
            col("client_id", Kind::Text),
            col("sender", Kind::Text),
            col("author_id", Kind::Uuid),
            col("author_name", Kind::Text),
            col("body", Kind::Text),
            col("created_at", Kind::Int),
        ],
    },
    Table {
        name: "notes",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("conversation_id", Kind::Uuid),
            col("author_id", Kind::Uuid),
            col("author_name", Kind::Text),
            col("body", Kind::Text),
            col("created_at", Kind::Int),
        ],
    },
    Table {
        name: "blocks",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("widget_id", Kind::Uuid),
            col("visitor_id", Kind::Uuid),
            col("ip", Kind::Text),
            col("reason", Kind::Text),
            col("created_by", Kind::Uuid),
            col("created_by_name", Kind::Text),
            col("created_at", Kind::Int),
            col("expires_at", Kind::Int),
        ],
    },
    Table {
        name: "audit_log",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("at", Kind::Int),
            col("actor_id", Kind::Uuid),
            col("actor_name", Kind::Text),
            col("actor_kind", Kind::Text),
            col("action", Kind::Text),
            col("target", Kind::Text),
            col("details", Kind::Json),
            col("ip", Kind::Text),
        ],
    },
    Table {
        name: "canned_replies",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("shortcut", Kind::Text),
            col("title", Kind::Text),
            col("body", Kind::Text),
            col("widget_id", Kind::Uuid),
            col("created_at", Kind::Int),
            col("updated_at", Kind::Int),
        ],
    },
    Table {
        name: "webhooks",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("url", Kind::Text),
            col("events", Kind::Text),
            col("secret", Kind::Text),
            col("created_at", Kind::Int),
        ],
    },
    Table {
        name: "webhook_deliveries",
        order_by: "id",
        cols: &[
            col("id", Kind::Uuid),
            col("webhook_id", Kind::Uuid),
            col("event", Kind::Text),
            col("payload", Kind::Text),
            col("status", Kind::Text),
            col("attempts", Kind::Int),
            col("next_attempt_at", Kind::Int),
            col("last_status", Kind::Int),
            col("last_error", Kind::Text),
            col("created_at", Kind::Int),
            col("delivered_at", Kind::Int),
        ],
    },
];

/// Columns one backend has and the copy derives instead of carrying:
/// Postgres keeps `conversations.last_seq`, SQLite computes it as MAX(seq).
const DERIVED: &[(&str, &str)] = &[("conversations", "last_seq")];

/// Bound parameters per INSERT, under SQLite's 32766 and Postgres' 65535.
const MAX_PARAMS: usize = 16_000;

/// One column's value; every kind may be NULL.
#[derive(Debug, Clone)]
enum Value {
    Text(Option<String>),
    Int(Option<i64>),
    Bool(Option<bool>),
    Uuid(Option<Uuid>),
    Json(Option<String>),
}

/// Why a copy did not happen. Nothing was written to the target in any case.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// The target holds rows already.
    #[error(
        "the target database {db} is not empty ({tables}); `chatd copy` only fills a new, \
         empty database: create one (e.g. `createdb chatd`) and copy into that"
    )]
    TargetNotEmpty {
        /// The target, password redacted.
        db: String,
        /// Which tables hold rows, and how many.
        tables: String,
    },
    /// Source and target are one and the same.
    #[error("source and target are the same database ({0})")]
    SameDatabase(String),
    /// A SQLite source file that does not exist.
    #[error("the source database {0} does not exist")]
    NoSource(String),
    /// A migration failed.
    #[error("{db}: migration failed: {source}")]
    Migrate {
        /// Which database, password redacted.
        db: String,
        /// The migrator's error.
        source: sqlx::migrate::MigrateError,
    },
    /// The database's tables are not the ones this chatd knows how to copy.
    #[error("{db}: {reason}")]
    Schema {
        /// Which database, password redacted.
        db: String,
        /// What differs.
        reason: String,
    },
    /// A statement failed.
    #[error("{db}: {what}: {source}")]
    Database {
        /// Which database, password redacted.
        db: String,
        /// What was being done.
        what: String,
        /// The driver's error.
        source: sqlx::Error,
    },
}

/// What a copy carried: rows per table, in copy order, and the epoch.
#[derive(Debug, Clone)]
pub struct CopyReport {
    /// (table, rows) for every table.
    pub tables: Vec<(&'static str, u64)>,
    /// The epoch the target now has (the source's).
    pub epoch: Option<String>,
}

enum Conn {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

/// One open database with its redacted name for messages.
struct Db {
    conn: Conn,
    name: String,
}

type Result<T, E = CopyError> = std::result::Result<T, E>;

impl Db {
    async fn open(db: &Database, must_exist: bool, busy_timeout: Duration) -> Result<Self> {
        let name = db.redacted();
        let err = |what: &str| {
            let name = name.clone();
            let what = what.to_string();
            move |source| CopyError::Database {
                db: name,
                what,
                source,
            }
        };
        let conn = match db {
            Database::Sqlite(path) => {
                if must_exist && !path.exists() {
                    return Err(CopyError::NoSource(name));
                }
                if let Some(dir) = path.parent()
                    && !dir.as_os_str().is_empty()
                    && !must_exist
                {
                    std::fs::create_dir_all(dir).map_err(|e| CopyError::Database {
                        db: name.clone(),
                        what: format!("cannot create {}", dir.display()),
                        source: sqlx::Error::Io(e),
                    })?;
                }
                let opts = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(!must_exist)
                    .journal_mode(SqliteJournalMode::Wal)
                    .foreign_keys(true)
                    .busy_timeout(busy_timeout);
                let mut c = opts.connect().await.map_err(err("cannot open"))?;
                crate::store::sqlite::MIGRATOR
                    .run(&mut c)
                    .await
                    .map_err(|source| CopyError::Migrate {
                        db: name.clone(),
                        source,
                    })?;
                Conn::Sqlite(c)
            }
            Database::Postgres(url) => {
                let opts = PgConnectOptions::from_str(url.expose_secret())
                    .map_err(err("invalid URL"))?
                    .application_name("chatd copy");
                let mut c = opts.connect().await.map_err(err("cannot connect"))?;
                crate::store::postgres::MIGRATOR
                    .run(&mut c)
                    .await
                    .map_err(|source| CopyError::Migrate {
                        db: name.clone(),
                        source,
                    })?;
                Conn::Pg(c)
            }
        };
        Ok(Self { conn, name })
    }

    fn is_pg(&self) -> bool {
        matches!(self.conn, Conn::Pg(_))
    }

    fn err(&self, what: &str) -> impl FnOnce(sqlx::Error) -> CopyError + use<> {
        let db = self.name.clone();
        let what = what.to_string();
        move |source| CopyError::Database { db, what, source }
    }

    async fn exec(&mut self, sql: &'static str) -> Result<u64> {
        let err = self.err(sql);
        match &mut self.conn {
            Conn::Sqlite(c) => sqlx::query(sql)
                .execute(&mut *c)
                .await
                .map(|r| r.rows_affected()),
            Conn::Pg(c) => sqlx::query(sql)
                .execute(&mut *c)
                .await
                .map(|r| r.rows_affected()),
        }
        .map_err(err)
    }

    /// Table name -> column names, without sqlx's own bookkeeping table.
    async fn schema(&mut self) -> Result<BTreeMap<String, BTreeSet<String>>> {
        let err = self.err("cannot read the schema");
        let rows: Vec<(String, String)> =
            match &mut self.conn {
                Conn::Sqlite(c) => {
                    sqlx::query_as(
                        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                     AND m.name <> '_sqlx_migrations'",
                    )
                    .fetch_all(&mut *c)
                    .await
                }
                Conn::Pg(c) => sqlx::query_as(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
                )
                .fetch_all(&mut *c)
                .await,
            }
            .map_err(err)?;
        let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (t, c) in rows {
            out.entry(t).or_default().insert(c);
        }
        Ok(out)
    }

    /// Fails unless the tables and columns are exactly [`TABLES`] (plus [`DERIVED`]).
    async fn check_schema(&mut self) -> Result<()> {
        let mut actual = self.schema().await?;
        for (t, c) in DERIVED {
            if let Some(cols) = actual.get_mut(*t) {
                cols.remove(*c);
            }
        }
        let expected: BTreeMap<String, BTreeSet<String>> = TABLES
            .iter()
            .map(|t| {
                let cols = t.cols.iter().map(|c| c.name.to_string()).collect();
                (t.name.to_string(), cols)
            })
            .collect();
        if actual == expected {
            return Ok(());
        }
        let mut diffs = Vec::new();
        for (t, cols) in &actual {
            match expected.get(t) {
                None => diffs.push(format!("table {t}")),
                Some(want) => diffs.extend(cols.difference(want).map(|c| format!("{t}.{c}"))),
            }
        }
        let mut missing = Vec::new();
        for (t, cols) in &expected {
            match actual.get(t) {
                None => missing.push(format!("table {t}")),
                Some(have) => missing.extend(cols.difference(have).map(|c| format!("{t}.{c}"))),
            }
        }
        let mut reason = String::from("the schema is not the one this chatd copies");
        if !diffs.is_empty() {
            reason += &format!("; not copied: {}", diffs.join(", "));
        }
        if !missing.is_empty() {
            reason += &format!("; missing: {}", missing.join(", "));
        }
        reason += " (a chatd bug: chatd/src/transfer.rs must list every column)";
        Err(CopyError::Schema {
            db: self.name.clone(),
            reason,
        })
    }

    async fn count(&mut self, table: &str, filter: &str) -> Result<i64> {
        let sql = format!("SELECT COUNT(*) FROM {table} {filter}");
        let err = self.err(&format!("cannot count {table}"));
        match &mut self.conn {
            Conn::Sqlite(c) => {
                sqlx::query_scalar(AssertSqlSafe(sql))
                    .fetch_one(&mut *c)
                    .await
            }
            Conn::Pg(c) => {
                sqlx::query_scalar(AssertSqlSafe(sql))
                    .fetch_one(&mut *c)
                    .await
            }
        }
        .map_err(err)
    }

    /// Fails unless the target holds nothing but an epoch of its own (which
    /// `chatd migrate` or a first `open` writes, and the copy replaces).
    async fn ensure_empty(&mut self) -> Result<()> {
        let mut full = Vec::new();
        for t in TABLES {
            let filter = if t.name == "meta" {
                "WHERE key <> 'epoch'"
            } else {
                ""
            };
            let n = self.count(t.name, filter).await?;
            if n > 0 {
                full.push(format!("{} rows in {}", n, t.name));
            }
        }
        if full.is_empty() {
            Ok(())
        } else {
            Err(CopyError::TargetNotEmpty {
                db: self.name.clone(),
                tables: full.join(", "),
            })
        }
    }

    async fn insert(&mut self, table: &Table, rows: Vec<Vec<Value>>) -> Result<u64> {
        if rows.is_empty() {
            return Ok(0);
        }
        let head = format!(
            "INSERT INTO {} ({}) ",
            table.name,
            table
                .cols
                .iter()
                .map(|c| c.name)
                .collect::<Vec<_>>()
                .join(", ")
        );
        let err = self.err(&format!("cannot insert into {}", table.name));
        match &mut self.conn {
            Conn::Sqlite(c) => {
                let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(head);
                qb.push_values(rows, |mut b, row| {
                    for v in row {
                        bind_sqlite(&mut b, v);
                    }
                });
                qb.build().execute(&mut *c).await.map(|r| r.rows_affected())
            }
            Conn::Pg(c) => {
                let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(head);
                qb.push_values(rows, |mut b, row| {
                    for (v, col) in row.into_iter().zip(table.cols) {
                        bind_pg(&mut b, col.kind, v);
                    }
                });
                qb.build().execute(&mut *c).await.map(|r| r.rows_affected())
            }
        }
        .map_err(err)
    }
}

fn bind_sqlite(b: &mut Separated<'_, Sqlite, &'static str>, v: Value) {
    match v {
        Value::Text(s) | Value::Json(s) => b.push_bind(s),
        Value::Int(n) => b.push_bind(n),
        Value::Bool(x) => b.push_bind(x),
        Value::Uuid(u) => b.push_bind(u),
    };
}

fn bind_pg(b: &mut Separated<'_, Postgres, &'static str>, kind: Kind, v: Value) {
    // Bound as TEXT and BIGINT, cast by the server: an out-of-range rating
    // or malformed JSON fails the copy instead of being altered.
    let cast = match kind {
        Kind::Json => Some("JSONB"),
        Kind::SmallInt => Some("SMALLINT"),
        _ => None,
    };
    if let Some(ty) = cast {
        b.push("CAST(");
        match v {
            Value::Text(s) | Value::Json(s) => b.push_bind_unseparated(s),
            Value::Int(n) => b.push_bind_unseparated(n),
            Value::Bool(x) => b.push_bind_unseparated(x),
            Value::Uuid(u) => b.push_bind_unseparated(u),
        };
        b.push_unseparated(format_args!(" AS {ty})"));
        return;
    }
    match v {
        Value::Text(s) | Value::Json(s) => b.push_bind(s),
        Value::Int(n) => b.push_bind(n),
        Value::Bool(x) => b.push_bind(x),
        Value::Uuid(u) => b.push_bind(u),
    };
}

fn decode_sqlite(row: &SqliteRow, cols: &[Col]) -> Result<Vec<Value>, sqlx::Error> {
    let mut out = Vec::with_capacity(cols.len());
    for (i, c) in cols.iter().enumerate() {
        out.push(match c.kind {
            Kind::Text => Value::Text(row.try_get(i)?),
            Kind::Int | Kind::SmallInt => Value::Int(row.try_get(i)?),
            Kind::Bool => Value::Bool(row.try_get(i)?),
            Kind::Uuid => Value::Uuid(row.try_get(i)?),
            Kind::Json => Value::Json(row.try_get(i)?),
        });
    }
    Ok(out)
}

fn decode_pg(row: &PgRow, cols: &[Col]) -> Result<Vec<Value>, sqlx::Error> {
    let mut out = Vec::with_capacity(cols.len());
    for (i, c) in cols.iter().enumerate() {
        out.push(match c.kind {
            Kind::Text => Value::Text(row.try_get(i)?),
            Kind::Int => Value::Int(row.try_get(i)?),
            Kind::SmallInt => Value::Int(row.try_get::<Option<i16>, _>(i)?.map(i64::from)),
            Kind::Bool => Value::Bool(row.try_get(i)?),
            Kind::Uuid => Value::Uuid(row.try_get(i)?),
            Kind::Json => Value::Json(
                row.try_get::<Option<Json<serde_json::Value>>, _>(i)?
                    .map(|j| j.0.to_string()),
            ),
        });
    }
    Ok(out)
}

/// Streams `table` from `src` into `dst` in batches; returns rows copied.
async fn copy_table(src: &mut Db, dst: &mut Db, table: &Table) -> Result<u64> {
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {}",
        table
            .cols
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(", "),
        table.name,
        table.order_by
    );
    let batch = (MAX_PARAMS / table.cols.len()).max(1);
    let read_err = src.err(&format!("cannot read {}", table.name));
    let mut copied = 0;
    let mut rows = Vec::with_capacity(batch);
    // The two arms differ only in the row type the driver streams.
    macro_rules! pump {
        ($conn:expr, $decode:ident) => {{
            let mut stream = sqlx::query(AssertSqlSafe(sql)).fetch($conn);
            let mut failed = None;
            loop {
                match stream.try_next().await {
                    Ok(Some(row)) => match $decode(&row, table.cols) {
                        Ok(values) => rows.push(values),
                        Err(e) => {
                            failed = Some(e);
                            break;
                        }
                    },
                    Ok(None) => break,
                    Err(e) => {
                        failed = Some(e);
                        break;
                    }
                }
                if rows.len() >= batch {
                    copied += dst.insert(table, std::mem::take(&mut rows)).await?;
                }
            }
            if let Some(e) = failed {
                return Err(read_err(e));
            }
        }};
    }
    match &mut src.conn {
        Conn::Sqlite(c) => pump!(&mut *c, decode_sqlite),
        Conn::Pg(c) => pump!(&mut *c, decode_pg),
    }
    copied += dst.insert(table, rows).await?;
    Ok(copied)
}

fn same_database(a: &Database, b: &Database) -> bool {
    match (a, b) {
        (Database::Sqlite(x), Database::Sqlite(y)) => {
            let canon = |p: &std::path::Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
            canon(x) == canon(y)
        }
        (Database::Postgres(x), Database::Postgres(y)) => x.expose_secret() == y.expose_secret(),
        _ => false,
    }
}

/// Copies every row of `from` into `to`, which must hold no data. Both are
/// migrated first. `to` gets all rows or none.
pub async fn copy(from: &Database, to: &Database, busy_timeout: Duration) -> Result<CopyReport> {
    if same_database(from, to) {
        return Err(CopyError::SameDatabase(from.redacted()));
    }
    let mut src = Db::open(from, true, busy_timeout).await?;
    let mut dst = Db::open(to, false, busy_timeout).await?;
    src.check_schema().await?;
    dst.check_schema().await?;
    // A snapshot of the source: rows written meanwhile by a chatd that is
    // still running are not copied, but what is copied is consistent.
    if src.is_pg() {
        src.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            .await?;
    } else {
        src.exec("BEGIN").await?;
    }
    if dst.is_pg() {
        dst.exec("BEGIN").await?;
        // A chatd node starting on the target meanwhile waits here
        // instead of bootstrapping an admin into the half-copied data.
        dst.exec("LOCK TABLE meta IN ACCESS EXCLUSIVE MODE").await?;
    } else {
        // IMMEDIATE: take the write lock now, not at the first insert.
        dst.exec("BEGIN IMMEDIATE").await?;
    }
    let result = fill(&mut src, &mut dst).await;
    let result = match result {
        Ok(report) => dst.exec("COMMIT").await.map(|_| report),
        Err(e) => {
            let _ = dst.exec("ROLLBACK").await;
            Err(e)
        }
    };
    let _ = src.exec("ROLLBACK").await;
    close(src).await;
    close(dst).await;
    result
}

async fn fill(src: &mut Db, dst: &mut Db) -> Result<CopyReport> {
    dst.ensure_empty().await?;
    dst.exec("DELETE FROM meta").await?;
    let mut tables = Vec::with_capacity(TABLES.len());
    for t in TABLES {
        let n = copy_table(src, dst, t).await?;
        let expected = src.count(t.name, "").await?;
        if i64::try_from(n).ok() != Some(expected) {
            return Err(CopyError::Schema {
                db: dst.name.clone(),
                reason: format!(
                    "{n} rows written to {} but the source has {expected}",
                    t.name
                ),
            });
        }
        tables.push((t.name, n));
    }
    if dst.is_pg() {
        dst.exec(
            "UPDATE conversations c SET last_seq = COALESCE( \
             (SELECT MAX(m.seq) FROM messages m WHERE m.conversation_id = c.id), 0)",
        )
        .await?;
    }
    let err = dst.err("cannot read the epoch");
    let epoch = match &mut dst.conn {
        Conn::Sqlite(c) => {
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'epoch'")
                .fetch_optional(&mut *c)
                .await
        }
        Conn::Pg(c) => {
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'epoch'")
                .fetch_optional(&mut *c)
                .await
        }
    }
    .map_err(err)?;
    Ok(CopyReport { tables, epoch })
}

async fn close(db: Db) {
    // Errors closing are moot: the transaction has committed or not already.
    let _ = match db.conn {
        Conn::Sqlite(c) => c.close().await,
        Conn::Pg(c) => c.close().await,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_sqlite_column_is_copied() {
        let dir = tempfile::tempdir().unwrap();
        let db = Database::Sqlite(dir.path().join("a.db"));
        let mut d = Db::open(&db, false, Duration::from_secs(5)).await.unwrap();
        d.check_schema().await.unwrap();
        d.ensure_empty().await.unwrap();
        close(d).await;
    }

    #[tokio::test]
    async fn every_postgres_column_is_copied() {
        let t = crate::store::postgres::testing::TestDb::create().await;
        let db = Database::Postgres(t.url.clone().into());
        let mut d = Db::open(&db, false, Duration::from_secs(5)).await.unwrap();
        d.check_schema().await.unwrap();
        close(d).await;
    }

    #[tokio::test]
    async fn sqlite_to_sqlite_keeps_rows_and_refuses_a_second_time() {
        let dir = tempfile::tempdir().unwrap();
        let a = Database::Sqlite(dir.path().join("a.db"));
        let b = Database::Sqlite(dir.path().join("b.db"));
        let store = crate::store::sqlite::open(
            &crate::store::sqlite::SqliteOptions::new(dir.path().join("a.db")),
            std::sync::Arc::new(crate::store::NoSink),
        )
        .await
        .unwrap();
        let epoch = crate::store::Store::epoch(&store).await.unwrap();
        crate::store::Store::create_user(
            &store,
            crate::store::NewUser {
                email: "a@example.com".into(),
                name: "A".into(),
                role: proto::auth::Role::Admin,
                password_hash: "x".into(),
            },
        )
        .await
        .unwrap();
        crate::store::Store::close(&store).await;
        drop(store);
        let r = copy(&a, &b, Duration::from_secs(5)).await.unwrap();
        assert_eq!(r.epoch.as_deref(), Some(epoch.as_str()));
        let e = copy(&a, &b, Duration::from_secs(5)).await.unwrap_err();
        assert!(matches!(e, CopyError::TargetNotEmpty { .. }), "{e}");
        let e = copy(&a, &a, Duration::from_secs(5)).await.unwrap_err();
        assert!(matches!(e, CopyError::SameDatabase(_)), "{e}");
        let missing = Database::Sqlite(dir.path().join("none.db"));
        let e = copy(&missing, &b, Duration::from_secs(5))
            .await
            .unwrap_err();
        assert!(matches!(e, CopyError::NoSource(_)), "{e}");
    }
}
