//! In-process fan-out: who listens to which conversation, and their bounded
//! outgoing queues.
//!
//! Frames are encoded once per event and shared by every subscriber. A
//! subscriber whose queue is full is kicked (its socket closes with 4008 and
//! the client resumes by seq): one slow reader never makes the server buffer
//! without bound, nor slows anyone else down.

use crate::broker::{Broker, Signal};
use axum::extract::ws::Utf8Bytes;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

/// One encoded frame on its way to a subscriber.
#[derive(Debug, Clone)]
pub enum Outbound {
    /// A persisted message; `seq` lets the receiver detect gaps and repeats.
    Message {
        /// Its conversation.
        conversation_id: Uuid,
        /// Its seq.
        seq: i64,
        /// The encoded `message` frame.
        frame: Utf8Bytes,
        /// When this node learnt of it (commit, or arrival from another
        /// node), for the delivery latency metric.
        at: std::time::Instant,
    },
    /// Any ephemeral or state event, already encoded.
    Event {
        /// The socket that caused it, which does not get it back.
        except: Option<u64>,
        /// Which kind of socket may see it.
        audience: Audience,
        /// The widget it concerns: agents who do not work on it skip it.
        widget: Option<Uuid>,
        /// The encoded frame.
        frame: Utf8Bytes,
    },
    /// Visitors get `frame` (an error) and are disconnected; agents ignore it.
    CloseVisitor {
        /// The encoded error frame sent before closing.
        frame: Utf8Bytes,
    },
}

/// Which sockets an event is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Visitors and agents.
    All,
    /// Agents only (internal details such as summaries and pre-chat answers).
    Agents,
    /// The visitor only.
    Visitor,
}

impl Outbound {
    /// An event for everyone subscribed.
    pub fn event(frame: Utf8Bytes) -> Self {
        Self::Event {
            except: None,
            audience: Audience::All,
            widget: None,
            frame,
        }
    }
}

/// A subscriber's end: where the hub puts frames, and how it kicks a slow one.
#[derive(Debug, Clone)]
pub struct Subscriber {
    /// Unique per socket.
    pub id: u64,
    tx: mpsc::Sender<Arc<Outbound>>,
    kick: CancellationToken,
}

impl Subscriber {
    /// Queues a frame for this subscriber only (a `pong`, say), taking the
    /// same path events take. False if the queue is full or closed.
    pub fn push(&self, out: Outbound) -> bool {
        self.tx.try_send(Arc::new(out)).is_ok()
    }
}

/// The socket's end of a subscriber.
pub struct Inbox {
    /// Frames to send.
    /// Shared with every other subscriber of the same event: a queue slot
    /// costs a pointer, which keeps an idle socket's queue small.
    pub rx: mpsc::Receiver<Arc<Outbound>>,
    /// Cancelled when the queue overflowed.
    pub kicked: CancellationToken,
}

type Shard = RwLock<HashMap<Uuid, Vec<Subscriber>>>;

const SHARDS: usize = 64;

/// Routes frames to the subscribers of each conversation and of the agent feed.
pub struct Hub {
    shards: Vec<Shard>,
    hasher: RandomState,
    feed: RwLock<Vec<Subscriber>>,
    next_id: AtomicU64,
    queue: usize,
    relay: OnceLock<Arc<dyn Broker>>,
}

impl Hub {
    /// A hub whose subscribers each queue at most `queue` frames.
    pub fn new(queue: usize) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| RwLock::new(HashMap::new())).collect(),
            hasher: RandomState::new(),
            feed: RwLock::new(Vec::new()),
            next_id: AtomicU64::new(1),
            queue: queue.max(1),
            relay: OnceLock::new(),
        }
    }

    /// Sends every event published from now on to the other nodes too
    /// (set once, when the broker is shared).
    pub fn set_relay(&self, broker: Arc<dyn Broker>) {
        if broker.is_shared() {
            let _ = self.relay.set(broker);
        }
    }

    /// The broker events go out through, when other nodes exist.
    pub fn relay(&self) -> Option<&Arc<dyn Broker>> {
        self.relay.get()
    }

    /// A new subscriber with its own bounded queue.
    pub fn subscriber(&self) -> (Subscriber, Inbox) {
        let (tx, rx) = mpsc::channel(self.queue);
        let kick = CancellationToken::new();
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        (
            Subscriber {
                id,
                tx,
                kick: kick.clone(),
            },
            Inbox { rx, kicked: kick },
        )
    }

    fn shard(&self, id: &Uuid) -> &Shard {
        let i = (self.hasher.hash_one(id) as usize) % SHARDS;
        &self.shards[i]
    }

    /// Starts sending `conversation`'s events to `sub`.
    pub fn subscribe(&self, conversation: Uuid, sub: &Subscriber) {
        let mut map = self
            .shard(&conversation)
            .write()
            .unwrap_or_else(|e| e.into_inner());
        let subs = map.entry(conversation).or_default();
        if !subs.iter().any(|s| s.id == sub.id) {
            subs.push(sub.clone());
        }
    }

    /// Stops sending `conversation`'s events to subscriber `id`.
    pub fn unsubscribe(&self, conversation: Uuid, id: u64) {
        let mut map = self
            .shard(&conversation)
            .write()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(subs) = map.get_mut(&conversation) {
            subs.retain(|s| s.id != id);
            if subs.is_empty() {
                map.remove(&conversation);
            }
        }
    }

    /// Sends conversation-level events (created, closed, …) to `sub`.
    pub fn subscribe_feed(&self, sub: &Subscriber) {
        self.feed
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .push(sub.clone());
    }

    /// Stops the feed for subscriber `id`.
    pub fn unsubscribe_feed(&self, id: u64) {
        self.feed
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|s| s.id != id);
    }

    /// Delivers `out` to every subscriber of `conversation`, on this node
    /// and (events; messages go through the commit sink) on the others.
    pub fn publish(&self, conversation: Uuid, out: &Outbound) {
        if let Some(relay) = self.relay() {
            match out {
                Outbound::Event {
                    audience,
                    widget,
                    frame,
                    ..
                } => relay.send(Signal::Event {
                    c: conversation,
                    a: *audience,
                    w: *widget,
                    f: frame.as_str().to_owned(),
                }),
                Outbound::CloseVisitor { frame } => relay.send(Signal::CloseVisitor {
                    c: conversation,
                    f: frame.as_str().to_owned(),
                }),
                Outbound::Message { .. } => {}
            }
        }
        self.publish_local(conversation, out);
    }

    /// Delivers `out` to the subscribers of `conversation` on this node only.
    pub fn publish_local(&self, conversation: Uuid, out: &Outbound) {
        let map = self
            .shard(&conversation)
            .read()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(subs) = map.get(&conversation) {
            let out = Arc::new(out.clone());
            for s in subs {
                deliver(s, &out);
            }
        }
    }

    /// Delivers `out` to every feed subscriber, on every node.
    pub fn publish_feed(&self, out: &Outbound) {
        if let (
            Some(relay),
            Outbound::Event {
                audience,
                widget,
                frame,
                ..
            },
        ) = (self.relay(), out)
        {
            relay.send(Signal::Feed {
                a: *audience,
                w: *widget,
                f: frame.as_str().to_owned(),
            });
        }
        self.publish_feed_local(out);
    }

    /// Delivers `out` to the feed subscribers of this node only.
    pub fn publish_feed_local(&self, out: &Outbound) {
        let out = Arc::new(out.clone());
        for s in self.feed.read().unwrap_or_else(|e| e.into_inner()).iter() {
            deliver(s, &out);
        }
    }

    /// Whether anyone on this node listens to `conversation`.
    pub fn is_watched(&self, conversation: Uuid) -> bool {
        self.shard(&conversation)
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains_key(&conversation)
    }

    /// The conversations someone on this node listens to.
    pub fn watched_ids(&self) -> Vec<Uuid> {
        self.shards
            .iter()
            .flat_map(|s| {
                s.read()
                    .unwrap_or_else(|e| e.into_inner())
                    .keys()
                    .copied()
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    /// Number of conversations with at least one subscriber.
    pub fn watched_conversations(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.read().unwrap_or_else(|e| e.into_inner()).len())
            .sum()
    }
}

fn deliver(s: &Subscriber, out: &Arc<Outbound>) {
    if let Outbound::Event {
        except: Some(id), ..
    } = &**out
        && *id == s.id
    {
        return;
    }
    match s.tx.try_send(Arc::clone(out)) {
        Ok(()) => {}
        Err(mpsc::error::TrySendError::Full(_)) => {
            if !s.kick.is_cancelled() {
                crate::metrics::hot().slow_consumers.increment(1);
            }
            s.kick.cancel();
        }
        Err(mpsc::error::TrySendError::Closed(_)) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(s: &str) -> Outbound {
        Outbound::event(Utf8Bytes::from(s.to_string()))
    }

    #[tokio::test]
    async fn routes_and_kicks_slow_subscribers() {
        let hub = Hub::new(2);
        let conv = Uuid::new_v4();
        let (a, mut a_in) = hub.subscriber();
        let (b, b_in) = hub.subscriber();
        hub.subscribe(conv, &a);
        hub.subscribe(conv, &b);
        hub.publish(conv, &ev("1"));
        assert!(matches!(
            a_in.rx.recv().await.as_deref(),
            Some(Outbound::Event { .. })
        ));
        hub.publish(conv, &ev("2"));
        assert!(
            !b_in.kicked.is_cancelled(),
            "b holds 1 and 2: full, not over"
        );
        hub.publish(conv, &ev("3"));
        assert!(b_in.kicked.is_cancelled(), "b never read and overflowed");
        assert!(!a_in.kicked.is_cancelled(), "a read one and holds 2 and 3");
        hub.unsubscribe(conv, a.id);
        hub.unsubscribe(conv, b.id);
        assert_eq!(hub.watched_conversations(), 0);
    }

    #[tokio::test]
    async fn except_skips_the_origin() {
        let hub = Hub::new(4);
        let conv = Uuid::new_v4();
        let (a, mut a_in) = hub.subscriber();
        hub.subscribe(conv, &a);
        hub.publish(
            conv,
            &Outbound::Event {
                except: Some(a.id),
                audience: Audience::All,
                widget: None,
                frame: Utf8Bytes::from_static("x"),
            },
        );
        assert!(a_in.rx.try_recv().is_err());
    }
}
