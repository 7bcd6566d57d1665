//! Conversations and messages as the REST API and the sockets carry them.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Who wrote a message.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SenderKind {
    /// The website visitor.
    Visitor,
    /// A human support agent.
    Agent,
    /// The AI assistant.
    Ai,
    /// chatd itself (joins, handoffs, closes).
    System,
}

impl SenderKind {
    /// Wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visitor => "visitor",
            Self::Agent => "agent",
            Self::Ai => "ai",
            Self::System => "system",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "visitor" => Some(Self::Visitor),
            "agent" => Some(Self::Agent),
            "ai" => Some(Self::Ai),
            "system" => Some(Self::System),
            _ => None,
        }
    }
}

/// A persisted message: it has a `seq`, so it is delivered exactly once, in order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// The conversation.
    pub conversation_id: Uuid,
    /// Position in the conversation: 1, 2, 3, … with no gaps.
    pub seq: i64,
    /// The sender's own id for the message, unique within the conversation.
    pub client_id: String,
    /// Who wrote it.
    pub sender: SenderKind,
    /// The agent's user id, for agent messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<Uuid>,
    /// The agent's display name, for agent messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    /// Plain text; never HTML.
    pub body: String,
    /// Commit time, Unix milliseconds.
    pub created_at: i64,
}

/// Where a conversation stands.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    /// Open: visitor and agents may write.
    #[default]
    Open,
    /// Closed: a new visitor message reopens it.
    Closed,
}

impl ConversationStatus {
    /// Wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Self::Open),
            "closed" => Some(Self::Closed),
            _ => None,
        }
    }
}

/// Who is answering an open conversation.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// The AI assistant (every conversation starts here when the widget's AI is on).
    #[default]
    Ai,
    /// Waiting in the widget's queue for a human.
    Queued,
    /// A human agent has it.
    Assigned,
}

impl Phase {
    /// Wire and database spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ai => "ai",
            Self::Queued => "queued",
            Self::Assigned => "assigned",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "ai" => Some(Self::Ai),
            "queued" => Some(Self::Queued),
            "assigned" => Some(Self::Assigned),
            _ => None,
        }
    }
}

/// Agent presence.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PresenceStatus {
    /// Taking conversations.
    #[default]
    Online,
    /// Connected but not taking new conversations.
    Away,
    /// Not connected.
    Offline,
}

/// A conversation as agents see it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Conversation {
    /// Stable id.
    pub id: Uuid,
    /// The widget it came through.
    pub widget_id: Uuid,
    /// Open or closed.
    pub status: ConversationStatus,
    /// Answers to the pre-chat form.
    pub prechat: BTreeMap<String, String>,
    /// The page the visitor started from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// Highest `seq` so far (0: no messages).
    pub last_seq: i64,
    /// Highest `seq` the visitor has read.
    pub visitor_read_seq: i64,
    /// Highest `seq` an agent has read.
    pub agent_read_seq: i64,
    /// Creation time, Unix milliseconds.
    pub created_at: i64,
    /// Last change, Unix milliseconds.
    pub updated_at: i64,
    /// Close time, Unix milliseconds, while closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<i64>,
    /// Who answers it now.
    #[serde(default)]
    pub phase: Phase,
    /// The agent it is assigned to, or (after a return to the AI) who handled it last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_agent_id: Option<Uuid>,
    /// Why it went to the queue (`visitor_asked`, `ai_handoff: …`, `ai_failed`, `keyword: …`, `no_ai`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation_reason: Option<String>,
    /// First escalation time, Unix ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalated_at: Option<i64>,
    /// When it (last) joined the queue, Unix ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_at: Option<i64>,
    /// When it was (last) assigned, Unix ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assigned_at: Option<i64>,
    /// First message from a human agent, Unix ms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_response_at: Option<i64>,
    /// The visitor's rating, 1-5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<u8>,
    /// The visitor's comment with the rating.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_comment: Option<String>,
    /// AI-written summary for the agent taking over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The website's id of a verified visitor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_user_id: Option<String>,
    /// The visitor: one id across the conversations of one browser on a widget.
    #[serde(default)]
    pub visitor_id: Uuid,
    /// The address the visitor started the conversation from (agents only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_ip: Option<String>,
}

/// `POST /api/v1/public/conversations`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartConversation {
    /// The widget's site key.
    pub site_key: String,
    /// Answers to the pre-chat form, by field name.
    #[serde(default)]
    pub prechat: BTreeMap<String, String>,
    /// The page the visitor is on.
    #[serde(default)]
    pub page_url: Option<String>,
    /// Who the website says the visitor is, signed with the widget's identity secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<VisitorIdentity>,
    /// The visitor id an earlier start returned; reused when the widget knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<Uuid>,
}

/// A visitor the website vouches for.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorIdentity {
    /// The website's own id for the user.
    pub user_id: String,
    /// Display name.
    #[serde(default)]
    pub name: Option<String>,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Lowercase hex HMAC-SHA256 of `user_id`, keyed with the widget's identity secret.
    pub user_hash: String,
}

/// The answer to starting a conversation. The token is the visitor's only
/// key to it: keep it (the widget keeps it in localStorage).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartedConversation {
    /// The new conversation.
    pub conversation_id: Uuid,
    /// Secret bearer token for this conversation only.
    pub visitor_token: String,
    /// The store epoch the conversation's seqs belong to.
    pub epoch: String,
    /// The visitor's id: send it with the next start to link the conversations.
    #[serde(default)]
    pub visitor_id: Uuid,
}

/// `POST …/messages` over HTTP (the fallback and the agents' REST path).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendMessage {
    /// The sender's id for this message; resending the same id stores it once.
    pub client_id: String,
    /// Plain text, at most 8000 characters.
    pub body: String,
}

/// The acknowledgement of a send: given only after the message is committed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ack {
    /// The client id sent.
    pub client_id: String,
    /// The message's seq.
    pub seq: i64,
    /// True when this client id was stored before (a retry).
    pub duplicate: bool,
}

/// `POST …/read`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    /// Highest seq read.
    pub seq: i64,
}

/// `POST …/typing`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Typing {
    /// Whether the sender is typing now.
    pub on: bool,
}

/// A page of messages.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessagePage {
    /// Messages in seq order.
    pub messages: Vec<Message>,
    /// The conversation's highest seq at read time.
    pub last_seq: i64,
    /// Whether more messages follow the last one returned.
    pub more: bool,
}

/// `POST …/rate`: the visitor's rating of a closed conversation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Rate {
    /// 1 (bad) to 5 (great).
    pub rating: u8,
    /// Optional comment, at most 2000 characters.
    #[serde(default)]
    pub comment: Option<String>,
}

/// `POST …/transfer`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Transfer {
    /// The agent to hand the conversation to.
    pub to_user_id: Uuid,
}

/// The body of a presence change (sent as the `set_presence` socket frame).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetPresence {
    /// Online or away.
    pub status: PresenceStatus,
}

/// A queue entry's place, pushed to the visitor on every change.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueuePlace {
    /// 1 is next.
    pub position: u32,
    /// Estimated wait in seconds, from recent real waits and agents online.
    pub estimated_wait_secs: u64,
    /// Agents of this widget online now.
    pub agents_online: u32,
}

/// The largest message body, in characters.
pub const MAX_BODY_CHARS: usize = 8000;
/// The largest client id, in bytes.
pub const MAX_CLIENT_ID_BYTES: usize = 64;
