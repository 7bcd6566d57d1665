//! Per-widget retention: closed conversations idle (by `updated_at`, their
//! last activity) for longer than the widget's `retention_days` are deleted
//! with their messages, at startup and then every hour. Open conversations
//! are never deleted, however old: someone may still be waiting on them.

use crate::app::AppState;
use crate::http::error::{ApiError, ApiResult};
use crate::store::{Store, StoreResult, now_ms};
use std::time::Duration;
use uuid::Uuid;

/// Longest retention accepted, in days (100 years).
pub const MAX_DAYS: u32 = 36_500;
const DAY_MS: i64 = 86_400_000;

/// Checks a `retention_days` value of a widget patch (0 clears it).
pub fn check_days(days: Option<u32>) -> ApiResult<()> {
    match days {
        Some(d) if d > MAX_DAYS => Err(ApiError::BadRequest(format!(
            "retention_days: at most {MAX_DAYS} (0 keeps conversations forever)"
        ))),
        _ => Ok(()),
    }
}

/// The time before which a widget's closed conversations go.
pub fn cutoff(now: i64, days: u32) -> i64 {
    now.saturating_sub(i64::from(days).saturating_mul(DAY_MS))
}

/// One sweep over every widget with a retention; returns what was deleted, per widget.
pub async fn sweep(store: &dyn Store, now: i64) -> StoreResult<Vec<(Uuid, u32, u64)>> {
    let mut done = Vec::new();
    for w in store.list_widgets().await? {
        if let Some(days) = w.settings.retention_days {
            let n = store.purge_closed_before(w.id, cutoff(now, days)).await?;
            done.push((w.id, days, n));
        }
    }
    Ok(done)
}

/// Sweeps now and then every `every` until shutdown.
pub async fn run(st: AppState, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = st.shutdown.cancelled() => return,
            _ = tick.tick() => {}
        }
        match sweep(st.store.as_ref(), now_ms()).await {
            Ok(done) => {
                for (widget, days, n) in done.into_iter().filter(|d| d.2 > 0) {
                    tracing::info!(%widget, days, deleted = n, "retention deleted old conversations");
                    super::audit::record_system(
                        &st,
                        "retention.purge",
                        Some(widget),
                        serde_json::json!({ "retention_days": days, "conversations": n }),
                    )
                    .await;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "retention sweep failed; retrying at the next one")
            }
        }
    }
}
