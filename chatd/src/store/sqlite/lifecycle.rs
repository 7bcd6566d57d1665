//! Visitors, blocks, the audit log and retention on SQLite.

use super::Writer;
use crate::store::{AuditFilter, NewAudit, NewBlock, StoreError, StoreResult, now_ms};
use proto::lifecycle::{AuditEntry, Block};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{QueryBuilder, Row, Sqlite};
use uuid::Uuid;

/// Conversations deleted per writer job: a large purge must not hold the
/// single writer (and every send behind it) for long.
const DELETE_BATCH: i64 = 500;

const BLOCK_COLS: &str =
    "id, widget_id, visitor_id, ip, reason, created_by, created_by_name, created_at, expires_at";
const AUDIT_COLS: &str = "id, at, actor_id, actor_name, actor_kind, action, target, details, ip";

fn block_from_row(r: &SqliteRow) -> StoreResult<Block> {
    Ok(Block {
        id: r.try_get("id")?,
        widget_id: r.try_get("widget_id")?,
        visitor_id: r.try_get("visitor_id")?,
        ip: r.try_get("ip")?,
        reason: r.try_get("reason")?,
        created_by: r.try_get("created_by")?,
        created_by_name: r.try_get("created_by_name")?,
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
    })
}

fn audit_from_row(r: &SqliteRow) -> StoreResult<AuditEntry> {
    let details: String = r.try_get("details")?;
    Ok(AuditEntry {
        id: r.try_get("id")?,
        at: r.try_get("at")?,
        actor_id: r.try_get("actor_id")?,
        actor_name: r.try_get("actor_name")?,
        actor_kind: r.try_get("actor_kind")?,
        action: r.try_get("action")?,
        target: r.try_get("target")?,
        details: serde_json::from_str(&details)?,
        ip: r.try_get("ip")?,
    })
}

pub(super) async fn visitor_known(
    read: &SqlitePool,
    widget_id: Uuid,
    visitor_id: Uuid,
) -> StoreResult<bool> {
    let row =
        sqlx::query("SELECT 1 FROM conversations WHERE visitor_id = ? AND widget_id = ? LIMIT 1")
            .bind(visitor_id)
            .bind(widget_id)
            .fetch_optional(read)
            .await?;
    Ok(row.is_some())
}

/// Runs a `DELETE … WHERE id IN (SELECT id … LIMIT n)` statement built by
/// `build` in writer jobs of `DELETE_BATCH` until one deletes fewer.
async fn delete_in_batches<F>(w: &Writer, build: F) -> StoreResult<u64>
where
    F: Fn() -> QueryBuilder<Sqlite> + Send + Sync + Clone + 'static,
{
    let mut total = 0u64;
    loop {
        let build = build.clone();
        let n = w
            .run(move |c| {
                Box::pin(async move {
                    let mut qb = build();
                    qb.push(" LIMIT ").push_bind(DELETE_BATCH).push(")");
                    Ok(qb.build().execute(&mut *c).await?.rows_affected())
                })
            })
            .await?;
        total += n;
        if n < DELETE_BATCH.unsigned_abs() {
            return Ok(total);
        }
    }
}

pub(super) async fn delete_visitor(w: &Writer, visitor_id: Uuid) -> StoreResult<u64> {
    delete_in_batches(w, move || {
        let mut qb = QueryBuilder::new(
            "DELETE FROM conversations WHERE id IN (SELECT id FROM conversations WHERE visitor_id = ",
        );
        qb.push_bind(visitor_id);
        qb
    })
    .await
}

pub(super) async fn purge_closed_before(
    w: &Writer,
    widget_id: Uuid,
    cutoff: i64,
) -> StoreResult<u64> {
    delete_in_batches(w, move || {
        let mut qb = QueryBuilder::new(
            "DELETE FROM conversations WHERE id IN (SELECT id FROM conversations \
             WHERE status = 'closed' AND widget_id = ",
        );
        qb.push_bind(widget_id)
            .push(" AND updated_at < ")
            .push_bind(cutoff);
        qb
    })
    .await
}

pub(super) async fn create_block(w: &Writer, n: NewBlock) -> StoreResult<Block> {
    w.run(move |c| {
        Box::pin(async move {
            let b = Block {
                id: Uuid::now_v7(),
                widget_id: n.widget_id,
                visitor_id: n.visitor_id,
                ip: n.ip,
                reason: n.reason,
                created_by: n.created_by,
                created_by_name: n.created_by_name,
                created_at: now_ms(),
                expires_at: n.expires_at,
            };
            let sql = sqlx::AssertSqlSafe(format!(
                "INSERT INTO blocks ({BLOCK_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ));
            sqlx::query(sql)
                .bind(b.id)
                .bind(b.widget_id)
                .bind(b.visitor_id)
                .bind(&b.ip)
                .bind(&b.reason)
                .bind(b.created_by)
                .bind(&b.created_by_name)
                .bind(b.created_at)
                .bind(b.expires_at)
                .execute(&mut *c)
                .await
                .map_err(|e| match &e {
                    sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                        StoreError::NotFound
                    }
                    _ => StoreError::from(e),
                })?;
            Ok(b)
        })
    })
    .await
}

pub(super) async fn list_blocks(read: &SqlitePool) -> StoreResult<Vec<Block>> {
    let sql = sqlx::AssertSqlSafe(format!(
        "SELECT {BLOCK_COLS} FROM blocks ORDER BY created_at DESC, id DESC"
    ));
    let rows = sqlx::query(sql).fetch_all(read).await?;
    rows.iter().map(block_from_row).collect()
}

pub(super) async fn delete_block(w: &Writer, id: Uuid) -> StoreResult<Block> {
    w.run(move |c| {
        Box::pin(async move {
            let sql = sqlx::AssertSqlSafe(format!(
                "DELETE FROM blocks WHERE id = ? RETURNING {BLOCK_COLS}"
            ));
            let row = sqlx::query(sql).bind(id).fetch_optional(&mut *c).await?;
            row.as_ref()
                .map(block_from_row)
                .transpose()?
                .ok_or(StoreError::NotFound)
        })
    })
    .await
}

pub(super) async fn append_audit(w: &Writer, n: NewAudit) -> StoreResult<AuditEntry> {
    w.run(move |c| {
        Box::pin(async move {
            let e = AuditEntry {
                id: Uuid::now_v7(),
                at: now_ms(),
                actor_id: n.actor_id,
                actor_name: n.actor_name,
                actor_kind: n.actor_kind,
                action: n.action,
                target: n.target,
                details: n.details,
                ip: n.ip,
            };
            let sql = sqlx::AssertSqlSafe(format!(
                "INSERT INTO audit_log ({AUDIT_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ));
            sqlx::query(sql)
                .bind(e.id)
                .bind(e.at)
                .bind(e.actor_id)
                .bind(&e.actor_name)
                .bind(&e.actor_kind)
                .bind(&e.action)
                .bind(&e.target)
                .bind(serde_json::to_string(&e.details)?)
                .bind(&e.ip)
                .execute(&mut *c)
                .await?;
            Ok(e)
        })
    })
    .await
}

pub(super) async fn list_audit(read: &SqlitePool, f: AuditFilter) -> StoreResult<Vec<AuditEntry>> {
    let mut qb: QueryBuilder<Sqlite> =
        QueryBuilder::new(format!("SELECT {AUDIT_COLS} FROM audit_log WHERE 1 = 1"));
    if let Some(t) = f.since {
        qb.push(" AND at >= ").push_bind(t);
    }
    if let Some(a) = &f.actor {
        // Ids are stored as blobs: compare a parsed id, else the name.
        match Uuid::parse_str(a) {
            Ok(id) => qb.push(" AND actor_id = ").push_bind(id),
            Err(_) => qb.push(" AND actor_name = ").push_bind(a.clone()),
        };
    }
    if let Some(p) = f.action_pattern() {
        qb.push(" AND action LIKE ")
            .push_bind(p)
            .push(" ESCAPE '\\'");
    }
    qb.push(" ORDER BY at DESC, id DESC LIMIT ")
        .push_bind(i64::from(f.limit.max(1)));
    let rows = qb.build().fetch_all(read).await?;
    rows.iter().map(audit_from_row).collect()
}
