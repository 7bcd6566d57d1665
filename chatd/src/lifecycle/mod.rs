//! Data lifecycle and abuse control: visitor blocks, the audit log of admin
//! actions, per-widget retention and online backups.

pub mod audit;
pub mod backup;
pub mod blocks;
pub mod retention;

use crate::app::AppState;
use std::time::Duration;

/// How often each node re-reads the blocks, so blocks made on another node
/// (or lifted there) take effect here too.
const BLOCKS_REFRESH: Duration = Duration::from_secs(30);

/// Starts the background jobs: the retention sweep (now, then every
/// `--retention-interval-secs`) and the blocklist refresh. Both stop when
/// the server shuts down.
pub fn spawn_jobs(st: &AppState) {
    let every = Duration::from_secs(st.config.retention_interval_secs.max(1));
    tokio::spawn(retention::run(st.clone(), every));
    let (store, blocks, stop) = (
        std::sync::Arc::clone(&st.store),
        std::sync::Arc::clone(&st.blocks),
        st.shutdown.clone(),
    );
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(BLOCKS_REFRESH);
        tick.tick().await;
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                _ = tick.tick() => {
                    if let Err(e) = blocks.refresh(store.as_ref()).await {
                        tracing::warn!(error = %e, "cannot refresh the blocklist");
                    }
                }
            }
        }
    });
}
