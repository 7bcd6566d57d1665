//! Cross-node events: what one chatd node tells the others sharing its
//! database, so a visitor on node A and an agent on node B chat as if they
//! were on one node.
//!
//! The store stays the data path: a `Messages` signal only names the seqs a
//! node committed, and the other nodes read those rows themselves. Sockets
//! already fill any gap in seqs from the store, so a signal that arrives
//! late, twice or never (a listener that lost its connection) costs a read,
//! never a lost or repeated message. Everything else (typing, queue places,
//! conversation state, presence) is ephemeral: after a lost connection a
//! node re-reads the state it serves instead of trusting what it missed.

pub mod postgres;

use crate::engine::hub::Audience;
use proto::auth::Role;
use proto::conversations::{ConversationStatus, Phase, PresenceStatus};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use uuid::Uuid;

/// One thing that happened on a node, for the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "snake_case")]
pub enum Signal {
    /// Messages `first..=last` of conversation `c` were committed.
    Messages {
        /// Conversation.
        c: Uuid,
        /// First seq committed.
        first: i64,
        /// Last seq committed.
        last: i64,
    },
    /// An encoded frame for the subscribers of conversation `c`.
    Event {
        /// Conversation.
        c: Uuid,
        /// Who may see it.
        a: Audience,
        /// The widget it concerns (agents of other widgets skip it).
        w: Option<Uuid>,
        /// The encoded frame.
        f: String,
    },
    /// An encoded frame for every agent's feed.
    Feed {
        /// Who may see it.
        a: Audience,
        /// The widget it concerns.
        w: Option<Uuid>,
        /// The encoded frame.
        f: String,
    },
    /// A conversation's state changed (nodes refresh what they cached of it
    /// and stop an AI answer the conversation no longer wants).
    State {
        /// Conversation.
        c: Uuid,
        /// Its widget.
        w: Uuid,
        /// New phase.
        phase: Phase,
        /// New status.
        status: ConversationStatus,
    },
    /// A widget's queue places were published: what each node remembers
    /// having sent is stale.
    Queue {
        /// Widget.
        w: Uuid,
    },
    /// The agents connected to the sending node now, all of them (sent on
    /// every change and as a heartbeat).
    Presence {
        /// (user, role, status).
        agents: Vec<(Uuid, Role, PresenceStatus)>,
    },
    /// Widget memberships changed: reload them.
    Members,
    /// Blocks were added or lifted: reload them.
    Blocks,
    /// Webhooks were added or removed: reload them.
    Webhooks,
    /// A blocked visitor's sockets on conversation `c` end with frame `f`.
    CloseVisitor {
        /// Conversation.
        c: Uuid,
        /// The encoded error frame.
        f: String,
    },
    /// A widget changed: drop the cached copy.
    Widget {
        /// Widget.
        w: Uuid,
    },
    /// A node (re)connected and asks every node for its presence.
    Hello,
    /// A readiness probe; comes back to its sender.
    Ping {
        /// Matches the answer to the question.
        id: u64,
    },
    /// The sender lost signals (its queue overflowed or the database was
    /// gone): every node re-reads what it serves.
    Resync,
}

/// Why the broker cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BrokerError {
    /// The database the broker talks through failed.
    #[error("broker: {0}")]
    Database(String),
    /// A probe did not come back in time.
    #[error("broker: no answer within {0:?}")]
    Timeout(Duration),
}

/// Carries signals to the other nodes.
#[async_trait::async_trait]
pub trait Broker: Send + Sync + 'static {
    /// Queues `s` for the other nodes; never blocks. A signal that cannot be
    /// queued turns into a `Resync` for everyone.
    fn send(&self, s: Signal);
    /// Whether other nodes may exist (false: signals go nowhere, so callers
    /// may skip building them).
    fn is_shared(&self) -> bool;
    /// This node's name among the others.
    fn node(&self) -> &str;
    /// Sends a probe through the broker and waits for it to come back.
    async fn round_trip(&self, timeout: Duration) -> Result<(), BrokerError>;
}

/// One node alone: nothing to tell anyone.
pub struct LocalBroker;

#[async_trait::async_trait]
impl Broker for LocalBroker {
    fn send(&self, _s: Signal) {}

    fn is_shared(&self) -> bool {
        false
    }

    fn node(&self) -> &str {
        "local"
    }

    async fn round_trip(&self, _timeout: Duration) -> Result<(), BrokerError> {
        Ok(())
    }
}

/// A random name for this process among the nodes.
pub fn node_name() -> String {
    let id = Uuid::new_v4().simple().to_string();
    id[..12].to_string()
}
