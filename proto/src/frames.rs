//! WebSocket frames: JSON text frames tagged by `type`. See docs/protocol.md.

use crate::conversations::{
    Ack, Conversation, Message, Phase, PresenceStatus, QueuePlace, SenderKind,
};
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Frames a client sends (visitor and agent sockets share most of them).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    /// First frame: credentials, and for visitors the last seq held.
    Hello {
        /// Visitor token (visitor socket) or access/API token (agent socket).
        token: String,
        /// Visitor socket: the highest seq the client already has (0: none).
        #[serde(default)]
        last_seq: i64,
        /// The store epoch the client's seqs belong to, if it has any.
        #[serde(default)]
        epoch: Option<String>,
    },
    /// Send a message. Agents name the conversation; visitors have one.
    Send {
        /// Agent socket: the conversation.
        #[serde(default)]
        conversation_id: Option<Uuid>,
        /// The sender's id for the message (a UUID is a good choice).
        client_id: String,
        /// Plain text.
        body: String,
    },
    /// Agent socket: stream a conversation from after `last_seq`.
    Subscribe {
        /// The conversation.
        conversation_id: Uuid,
        /// Highest seq already held.
        #[serde(default)]
        last_seq: i64,
    },
    /// Agent socket: stop streaming a conversation.
    Unsubscribe {
        /// The conversation.
        conversation_id: Uuid,
    },
    /// Typing started or stopped.
    Typing {
        /// Agent socket: the conversation.
        #[serde(default)]
        conversation_id: Option<Uuid>,
        /// Typing now?
        on: bool,
    },
    /// Everything up to `seq` has been read.
    Read {
        /// Agent socket: the conversation.
        #[serde(default)]
        conversation_id: Option<Uuid>,
        /// Highest seq read.
        seq: i64,
    },
    /// Visitor: "talk to a human" (the button); plain words work too.
    Handoff {},
    /// Visitor: rate the (closed) conversation.
    Rate {
        /// 1 to 5.
        rating: u8,
        /// Optional comment.
        #[serde(default)]
        comment: Option<String>,
    },
    /// Visitor, no agent online: leave an email and a message for the next agent.
    LeaveMessage {
        /// Where to answer.
        email: String,
        /// The message (stored like a sent message, with this client id).
        client_id: String,
        /// Text.
        body: String,
    },
    /// Agent: take a queued (or AI-handled) conversation; first agent wins.
    Accept {
        /// The conversation.
        conversation_id: Uuid,
    },
    /// Agent: hand an assigned conversation to another agent.
    Transfer {
        /// The conversation.
        conversation_id: Uuid,
        /// The agent to hand it to.
        to_user_id: Uuid,
    },
    /// Agent: give the conversation back to the AI assistant.
    ReturnToAi {
        /// The conversation.
        conversation_id: Uuid,
    },
    /// Agent: close the conversation.
    Close {
        /// The conversation.
        conversation_id: Uuid,
    },
    /// Agent: set my presence.
    SetPresence {
        /// Online or away.
        status: PresenceStatus,
    },
    /// Application-level heartbeat; answered with `pong` through the same
    /// path events take, so it proves delivery works, not only the TCP link.
    Ping {
        /// Echoed back.
        #[serde(default)]
        nonce: Option<String>,
    },
}

/// Frames the server sends.
// A frame lives only between decoding and handling (the server queues
// encoded text, never frames), so the size of the `conversation` variant
// costs nothing worth a box at every construction site.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame {
    /// Answer to `hello`.
    Welcome {
        /// The store epoch; if it differs from the client's, drop local seqs and history.
        epoch: String,
        /// Visitor socket: the conversation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        conversation_id: Option<Uuid>,
        /// Agent socket: the agent's user id.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        user_id: Option<Uuid>,
        /// Seconds between server pings; a client hearing nothing for 3× this should reconnect.
        heartbeat_secs: u64,
    },
    /// A persisted message (replayed or live).
    Message {
        /// The message.
        #[serde(flatten)]
        message: Message,
    },
    /// Replay for a conversation is complete up to `last_seq`; live events follow.
    Synced {
        /// The conversation.
        conversation_id: Uuid,
        /// Highest seq sent so far.
        last_seq: i64,
    },
    /// A send was committed.
    Ack {
        /// The acknowledgement.
        #[serde(flatten)]
        ack: Ack,
        /// The conversation.
        conversation_id: Uuid,
    },
    /// Someone started or stopped typing (ephemeral).
    Typing {
        /// The conversation.
        conversation_id: Uuid,
        /// Who.
        sender: SenderKind,
        /// Typing now?
        on: bool,
    },
    /// Read receipts changed.
    Read {
        /// The conversation.
        conversation_id: Uuid,
        /// Highest seq the visitor has read.
        visitor_read_seq: i64,
        /// Highest seq an agent has read.
        agent_read_seq: i64,
    },
    /// Agent socket: a conversation was created or changed state.
    Conversation {
        /// Its current state.
        conversation: Conversation,
    },
    /// Agents' presence changed (ephemeral). Visitors get the count of
    /// their widget's agents online; agents get the count of all.
    Presence {
        /// Agents online now.
        agents_online: u32,
    },
    /// Visitor socket: who answers the conversation now.
    State {
        /// The conversation.
        conversation_id: Uuid,
        /// Open or closed.
        status: crate::conversations::ConversationStatus,
        /// AI, queued, or assigned.
        phase: Phase,
        /// The agent's display name, when assigned.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agent_name: Option<String>,
    },
    /// Visitor socket: place in the queue (ephemeral, pushed on every change).
    Queue {
        /// The conversation.
        conversation_id: Uuid,
        /// The place.
        #[serde(flatten)]
        place: QueuePlace,
    },
    /// Part of an AI answer being written (ephemeral; the finished answer
    /// arrives as one `message`).
    AiDelta {
        /// The conversation.
        conversation_id: Uuid,
        /// The next piece of text.
        text: String,
    },
    /// Agent socket: a private note was added to a subscribed conversation.
    /// Never sent to visitors.
    Note {
        /// The note.
        note: crate::notes::Note,
    },
    /// Agent socket: an agent's presence changed.
    AgentPresence {
        /// The agent.
        user_id: Uuid,
        /// Their status.
        status: PresenceStatus,
    },
    /// Answer to `ping`.
    Pong {
        /// Echo of the ping's nonce.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        nonce: Option<String>,
    },
    /// A command was refused; the connection stays usable unless a close follows.
    Error {
        /// Stable code.
        code: ErrorCode,
        /// What went wrong.
        message: String,
        /// The `client_id` of the refused send, if it was a send.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        client_id: Option<String>,
    },
}

/// WebSocket close codes chatd uses, and what a client should do on each.
pub mod close {
    /// Server shutting down: reconnect (to any node) and resume.
    pub const GOING_AWAY: u16 = 1001;
    /// A frame beyond the hard size limit: fix the client; reconnecting is fine.
    pub const TOO_BIG: u16 = 1009;
    /// Bad or missing credentials in `hello`: do not retry with the same token.
    pub const UNAUTHORIZED: u16 = 4001;
    /// The origin or the identity is not allowed: do not retry.
    pub const FORBIDDEN: u16 = 4003;
    /// The conversation no longer exists: start a new one.
    pub const NOT_FOUND: u16 = 4004;
    /// The client did not read fast enough: reconnect and resume from its last seq.
    pub const SLOW_CONSUMER: u16 = 4008;
    /// No `hello` in time, or no traffic for too long: reconnect.
    pub const TIMEOUT: u16 = 4009;
    /// Too many refused commands: back off, then reconnect.
    pub const RATE_LIMITED: u16 = 4029;
    /// The visitor is blocked on this widget: do not reconnect, do not start again.
    pub const BLOCKED: u16 = 4030;
}
