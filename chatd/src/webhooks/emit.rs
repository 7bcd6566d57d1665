//! From the engine to the outbox: a cheap check, a bounded channel, and one
//! task that writes the rows in batches.

use super::Subscriptions;
use crate::store::{NewDelivery, Store, StoreError, Transition, now_ms};
use proto::conversations::{Conversation, ConversationStatus, Message};
use proto::webhooks::EventKind;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, mpsc};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// Events waiting for the enqueue task at most; past that, emitters wait
/// (backpressure) rather than drop events or grow without bound.
const CHANNEL: usize = 8192;
/// Events written per outbox transaction at most.
const BATCH: usize = 512;

/// One event, before it is fanned out to the hooks that want it.
#[derive(Debug)]
pub(super) struct Event {
    kind: EventKind,
    at: i64,
    data: Value,
}

/// The engine's handle: emits events if some hook wants them. The default
/// emitter (tools, tests) emits nothing.
#[derive(Clone, Default)]
pub struct Emitter {
    inner: Option<(Arc<Subscriptions>, mpsc::Sender<Event>)>,
}

impl std::fmt::Debug for Emitter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emitter")
            .field("enabled", &self.inner.is_some())
            .finish()
    }
}

/// The events a transition causes when it applies.
pub fn transition_events(t: &Transition) -> Vec<EventKind> {
    let mut v = Vec::new();
    if t.escalate.is_some() {
        v.push(EventKind::ConversationEscalated);
    }
    if matches!(t.agent, Some(Some(_))) {
        v.push(EventKind::ConversationAssigned);
    }
    if t.status == Some(ConversationStatus::Closed) {
        v.push(EventKind::ConversationClosed);
    }
    if t.rating.is_some() {
        v.push(EventKind::ConversationRated);
    }
    v
}

impl Emitter {
    /// Whether some hook wants `kind`: one atomic load.
    pub fn wants(&self, kind: EventKind) -> bool {
        self.inner.as_ref().is_some_and(|(s, _)| s.wants(kind))
    }

    async fn send(&self, ev: Event) {
        if let Some((_, tx)) = &self.inner
            && tx.send(ev).await.is_err()
        {
            // Only after shutdown began: nothing takes events any more.
            tracing::debug!("webhook event dropped: shutting down");
        }
    }

    /// A conversation event; `c` is the conversation after the change.
    pub async fn conversation(&self, kind: EventKind, c: &Conversation) {
        if !self.wants(kind) {
            return;
        }
        let ev = Event {
            kind,
            at: now_ms(),
            data: json!({ "conversation": c }),
        };
        self.send(ev).await;
    }

    /// The events of an applied transition.
    pub async fn transitioned(&self, kinds: &[EventKind], c: &Conversation) {
        for k in kinds {
            self.conversation(*k, c).await;
        }
    }

    /// A newly stored message (not a resend of a stored one).
    pub async fn message(&self, m: &Message, duplicate: bool) {
        if duplicate || !self.wants(EventKind::MessageCreated) {
            return;
        }
        let ev = Event {
            kind: EventKind::MessageCreated,
            at: m.created_at,
            data: json!({ "message": m }),
        };
        self.send(ev).await;
    }
}

/// The body of one delivery.
fn body(id: Uuid, ev: &Event) -> String {
    json!({ "id": id, "type": ev.kind, "created_at": ev.at, "data": ev.data }).to_string()
}

/// A `ping` delivery for one hook (`chatctl webhook test`), whatever it
/// subscribes to.
pub fn ping(webhook_id: Uuid) -> NewDelivery {
    let id = Uuid::now_v7();
    let ev = Event {
        kind: EventKind::Ping,
        at: now_ms(),
        data: json!({ "webhook_id": webhook_id }),
    };
    NewDelivery {
        id,
        webhook_id,
        event: EventKind::Ping,
        payload: body(id, &ev),
        created_at: ev.at,
    }
}

/// Starts the enqueue task; the emitter feeds it.
pub(super) fn start(
    store: Arc<dyn Store>,
    subs: Arc<Subscriptions>,
    wake: Arc<Notify>,
    stop: CancellationToken,
) -> (Emitter, JoinHandle<()>) {
    let (tx, rx) = mpsc::channel(CHANNEL);
    let task = tokio::spawn(run(store, Arc::clone(&subs), rx, wake, stop));
    (
        Emitter {
            inner: Some((subs, tx)),
        },
        task,
    )
}

async fn run(
    store: Arc<dyn Store>,
    subs: Arc<Subscriptions>,
    mut rx: mpsc::Receiver<Event>,
    wake: Arc<Notify>,
    stop: CancellationToken,
) {
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let n = tokio::select! {
            n = rx.recv_many(&mut batch, BATCH) => n,
            () = stop.cancelled() => break,
        };
        if n == 0 {
            break;
        }
        write(store.as_ref(), &subs, &mut batch).await;
        wake.notify_one();
    }
    // Shutdown: take no more, write what was sent before.
    rx.close();
    while rx.recv_many(&mut batch, BATCH).await > 0 {
        write(store.as_ref(), &subs, &mut batch).await;
    }
    tracing::debug!("webhook enqueue task stopped");
}

/// Writes one outbox row per (event, hook that wants it).
async fn write(store: &dyn Store, subs: &Subscriptions, batch: &mut Vec<Event>) {
    let mut rows = Vec::new();
    for ev in batch.drain(..) {
        for webhook_id in subs.hooks_for(ev.kind) {
            let id = Uuid::now_v7();
            rows.push(NewDelivery {
                id,
                webhook_id,
                event: ev.kind,
                payload: body(id, &ev),
                created_at: ev.at,
            });
        }
    }
    if rows.is_empty() {
        return;
    }
    // A busy or briefly unavailable store is waited out (the channel holds
    // new events meanwhile); other errors lose this batch, loudly.
    let mut delay = Duration::from_millis(20);
    for _ in 0..12 {
        match store.enqueue_deliveries(rows.clone()).await {
            Ok(_) => return,
            Err(StoreError::Busy | StoreError::Unavailable(_)) => {
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(2));
            }
            Err(e) => {
                tracing::error!(error = %e, deliveries = rows.len(), "cannot queue webhook deliveries");
                return;
            }
        }
    }
    tracing::error!(
        deliveries = rows.len(),
        "cannot queue webhook deliveries: the store stayed busy"
    );
}
