//! Visitors, blocks, the audit log and retention on Postgres.

use super::error::{is_foreign_key_violation, pg};
use crate::store::{AuditFilter, NewAudit, NewBlock, StoreError, StoreResult, now_ms};
use proto::lifecycle::{AuditEntry, Block};
use sqlx::postgres::{PgPool, PgRow};
use sqlx::types::Json;
use sqlx::{Postgres, QueryBuilder, Row};
use uuid::Uuid;

/// Conversations deleted per statement, so a large purge holds row locks
/// (and a transaction) only briefly.
const DELETE_BATCH: i64 = 500;

macro_rules! block_cols {
    () => {
        "id, widget_id, visitor_id, ip, reason, created_by, created_by_name, created_at, expires_at"
    };
}
macro_rules! audit_cols {
    () => {
        "id, at, actor_id, actor_name, actor_kind, action, target, details, ip"
    };
}

fn block_from_row(r: &PgRow) -> StoreResult<Block> {
    Ok(Block {
        id: r.try_get("id").map_err(pg)?,
        widget_id: r.try_get("widget_id").map_err(pg)?,
        visitor_id: r.try_get("visitor_id").map_err(pg)?,
        ip: r.try_get("ip").map_err(pg)?,
        reason: r.try_get("reason").map_err(pg)?,
        created_by: r.try_get("created_by").map_err(pg)?,
        created_by_name: r.try_get("created_by_name").map_err(pg)?,
        created_at: r.try_get("created_at").map_err(pg)?,
        expires_at: r.try_get("expires_at").map_err(pg)?,
    })
}

fn audit_from_row(r: &PgRow) -> StoreResult<AuditEntry> {
    let Json(details): Json<serde_json::Value> = r.try_get("details").map_err(pg)?;
    Ok(AuditEntry {
        id: r.try_get("id").map_err(pg)?,
        at: r.try_get("at").map_err(pg)?,
        actor_id: r.try_get("actor_id").map_err(pg)?,
        actor_name: r.try_get("actor_name").map_err(pg)?,
        actor_kind: r.try_get("actor_kind").map_err(pg)?,
        action: r.try_get("action").map_err(pg)?,
        target: r.try_get("target").map_err(pg)?,
        details,
        ip: r.try_get("ip").map_err(pg)?,
    })
}

pub(super) async fn visitor_known(
    pool: &PgPool,
    widget_id: Uuid,
    visitor_id: Uuid,
) -> StoreResult<bool> {
    let row =
        sqlx::query("SELECT 1 FROM conversations WHERE visitor_id = $1 AND widget_id = $2 LIMIT 1")
            .bind(visitor_id)
            .bind(widget_id)
            .fetch_optional(pool)
            .await
            .map_err(pg)?;
    Ok(row.is_some())
}

/// Runs a `DELETE … WHERE id IN (SELECT id … LIMIT n)` built by `build`
/// until one statement deletes fewer than a batch.
async fn delete_in_batches<F>(pool: &PgPool, build: F) -> StoreResult<u64>
where
    F: Fn() -> QueryBuilder<Postgres>,
{
    let mut total = 0u64;
    loop {
        let mut qb = build();
        qb.push(" LIMIT ").push_bind(DELETE_BATCH).push(")");
        let n = qb.build().execute(pool).await.map_err(pg)?.rows_affected();
        total += n;
        if n < DELETE_BATCH.unsigned_abs() {
            return Ok(total);
        }
    }
}

pub(super) async fn delete_visitor(pool: &PgPool, visitor_id: Uuid) -> StoreResult<u64> {
    delete_in_batches(pool, || {
        let mut qb = QueryBuilder::new(
            "DELETE FROM conversations WHERE id IN (SELECT id FROM conversations WHERE visitor_id = ",
        );
        qb.push_bind(visitor_id);
        qb
    })
    .await
}

pub(super) async fn purge_closed_before(
    pool: &PgPool,
    widget_id: Uuid,
    cutoff: i64,
) -> StoreResult<u64> {
    delete_in_batches(pool, || {
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

pub(super) async fn create_block(pool: &PgPool, n: NewBlock) -> StoreResult<Block> {
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
    sqlx::query(concat!(
        "INSERT INTO blocks (",
        block_cols!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(b.id)
    .bind(b.widget_id)
    .bind(b.visitor_id)
    .bind(&b.ip)
    .bind(&b.reason)
    .bind(b.created_by)
    .bind(&b.created_by_name)
    .bind(b.created_at)
    .bind(b.expires_at)
    .execute(pool)
    .await
    .map_err(|e| {
        if is_foreign_key_violation(&e) {
            StoreError::NotFound
        } else {
            pg(e)
        }
    })?;
    Ok(b)
}

pub(super) async fn list_blocks(pool: &PgPool) -> StoreResult<Vec<Block>> {
    let rows = sqlx::query(concat!(
        "SELECT ",
        block_cols!(),
        " FROM blocks ORDER BY created_at DESC, id DESC"
    ))
    .fetch_all(pool)
    .await
    .map_err(pg)?;
    rows.iter().map(block_from_row).collect()
}

pub(super) async fn delete_block(pool: &PgPool, id: Uuid) -> StoreResult<Block> {
    let row = sqlx::query(concat!(
        "DELETE FROM blocks WHERE id = $1 RETURNING ",
        block_cols!()
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
    .map_err(pg)?;
    row.as_ref()
        .map(block_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound)
}

pub(super) async fn append_audit(pool: &PgPool, n: NewAudit) -> StoreResult<AuditEntry> {
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
    sqlx::query(concat!(
        "INSERT INTO audit_log (",
        audit_cols!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(e.id)
    .bind(e.at)
    .bind(e.actor_id)
    .bind(&e.actor_name)
    .bind(&e.actor_kind)
    .bind(&e.action)
    .bind(&e.target)
    .bind(Json(&e.details))
    .bind(&e.ip)
    .execute(pool)
    .await
    .map_err(pg)?;
    Ok(e)
}

pub(super) async fn list_audit(pool: &PgPool, f: AuditFilter) -> StoreResult<Vec<AuditEntry>> {
    let mut qb: QueryBuilder<Postgres> = QueryBuilder::new(concat!(
        "SELECT ",
        audit_cols!(),
        " FROM audit_log WHERE TRUE"
    ));
    if let Some(t) = f.since {
        qb.push(" AND at >= ").push_bind(t);
    }
    if let Some(a) = &f.actor {
        match Uuid::parse_str(a) {
            Ok(id) => qb.push(" AND actor_id = ").push_bind(id),
            Err(_) => qb.push(" AND actor_name = ").push_bind(a.clone()),
        };
    }
    if let Some(p) = f.action_pattern() {
        // ILIKE: the same case-insensitive match SQLite's LIKE makes.
        qb.push(" AND action ILIKE ")
            .push_bind(p)
            .push(" ESCAPE '\\'");
    }
    qb.push(" ORDER BY at DESC, id DESC LIMIT ")
        .push_bind(i64::from(f.limit.max(1)));
    let rows = qb.build().fetch_all(pool).await.map_err(pg)?;
    rows.iter().map(audit_from_row).collect()
}
