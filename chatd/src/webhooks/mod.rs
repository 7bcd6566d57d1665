//! Webhooks: events from the engine go to an outbox in the store, and a
//! dispatcher POSTs them, signed, to the URLs operators registered,
//! retrying with backoff until the receiver answers 2xx.
//!
//! The path of an event: the engine calls [`Emitter`] right after the
//! change is committed; when no hook wants that kind of event this is one
//! atomic load and nothing else (the message path runs thousands of times a
//! second). Otherwise the event goes through a bounded channel to one
//! enqueue task that writes outbox rows in batches. The dispatcher claims
//! due rows, sends them and records each attempt. A row in the outbox
//! survives restarts; an event between its commit and its outbox row (a few
//! milliseconds) is lost only if the process is killed outright, since a
//! graceful shutdown drains the channel first.

mod dispatch;
mod emit;

pub use dispatch::backoff;
pub use emit::{Emitter, ping, transition_events};

use crate::store::{Store, StoreError};
use proto::webhooks::EventKind;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// How deliveries are sent and retried.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// Delay before the first retry; each later one waits four times longer.
    pub retry_base: Duration,
    /// Attempts before a delivery is marked failed.
    pub max_attempts: u32,
    /// Time limit of one attempt.
    pub timeout: Duration,
    /// Delivered and failed deliveries are deleted after this long.
    pub keep: Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            retry_base: Duration::from_secs(5),
            max_attempts: 10,
            timeout: Duration::from_secs(10),
            keep: Duration::from_secs(7 * 24 * 3600),
        }
    }
}

/// Which hooks want which events, kept in memory so the engine can ask
/// without a query.
#[derive(Default)]
pub(crate) struct Subscriptions {
    /// The union of every hook's event bits.
    mask: AtomicU32,
    /// Each hook and its event bits.
    hooks: RwLock<Vec<(Uuid, u32)>>,
}

impl Subscriptions {
    fn wants(&self, kind: EventKind) -> bool {
        self.mask.load(Ordering::Relaxed) & kind.bit() != 0
    }

    /// The hooks that want `kind`.
    fn hooks_for(&self, kind: EventKind) -> Vec<Uuid> {
        self.hooks
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .filter(|(_, bits)| bits & kind.bit() != 0)
            .map(|(id, _)| *id)
            .collect()
    }

    fn set(&self, hooks: Vec<(Uuid, u32)>) {
        let mask = hooks.iter().fold(0, |m, (_, b)| m | b);
        *self
            .hooks
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = hooks;
        self.mask.store(mask, Ordering::Relaxed);
    }
}

/// The running webhook machinery of one chatd node.
pub struct Webhooks {
    store: Arc<dyn Store>,
    subs: Arc<Subscriptions>,
    emitter: Emitter,
    wake: Arc<Notify>,
    stop_enqueue: CancellationToken,
    stop_dispatch: CancellationToken,
    tasks: std::sync::Mutex<Vec<JoinHandle<()>>>,
}

impl Webhooks {
    /// Loads the hooks and starts the enqueue task and the dispatcher.
    pub async fn start(
        store: Arc<dyn Store>,
        settings: WebhookSettings,
    ) -> Result<Arc<Self>, StoreError> {
        let subs = Arc::new(Subscriptions::default());
        let wake = Arc::new(Notify::new());
        let stop_enqueue = CancellationToken::new();
        let stop_dispatch = CancellationToken::new();
        let (emitter, enqueue) = emit::start(
            Arc::clone(&store),
            Arc::clone(&subs),
            Arc::clone(&wake),
            stop_enqueue.clone(),
        );
        let hooks = Arc::new(Self {
            store: Arc::clone(&store),
            subs,
            emitter,
            wake: Arc::clone(&wake),
            stop_enqueue,
            stop_dispatch: stop_dispatch.clone(),
            tasks: std::sync::Mutex::new(vec![enqueue]),
        });
        hooks.refresh().await?;
        let dispatcher = dispatch::start(Arc::clone(&hooks), settings, wake, stop_dispatch)
            .map_err(|e| StoreError::Other(format!("cannot set up the webhook client: {e}")))?;
        hooks
            .tasks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(dispatcher);
        Ok(hooks)
    }

    /// What the engine emits events through.
    pub fn emitter(&self) -> Emitter {
        self.emitter.clone()
    }

    /// Re-reads which hooks want which events (after a hook changed here,
    /// and every few seconds for changes made on other nodes).
    pub async fn refresh(&self) -> Result<(), StoreError> {
        let list = self.store.list_webhooks().await?;
        self.subs.set(
            list.iter()
                .map(|r| {
                    let bits = r.webhook.events.iter().fold(0, |m, k| m | k.bit());
                    (r.webhook.id, bits)
                })
                .collect(),
        );
        Ok(())
    }

    /// Tells the dispatcher that something may be due now (a new delivery,
    /// a replay), so it does not wait for its next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Writes every event still in the channel to the outbox, then stops
    /// the dispatcher (attempts in flight get a moment to finish; the rest
    /// are retried after their lease ends). Call before closing the store.
    pub async fn shutdown(&self) {
        self.stop_enqueue.cancel();
        let tasks: Vec<_> = self
            .tasks
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .drain(..)
            .collect();
        let mut tasks = tasks.into_iter();
        if let Some(enqueue) = tasks.next()
            && let Err(e) = enqueue.await
        {
            tracing::error!(error = %e, "the webhook enqueue task failed");
        }
        self.stop_dispatch.cancel();
        for mut t in tasks {
            if tokio::time::timeout(Duration::from_secs(5), &mut t)
                .await
                .is_err()
            {
                // Their claims run out and another start sends them again.
                t.abort();
                tracing::warn!(
                    "webhook attempts still running at shutdown; they are retried later"
                );
            }
        }
    }
}
