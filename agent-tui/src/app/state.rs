//! What the workspace knows: conversations and their messages, the outbox,
//! the connection, focus and drafts. Rendering reads it; only `update`
//! changes it.

use proto::conversations::{Conversation, ConversationStatus, Message, SenderKind};
use ratatui_textarea::TextArea;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Which screen is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// Email and password.
    Login,
    /// The three panes.
    Workspace,
}

/// The login form.
#[derive(Debug, Clone)]
pub struct LoginForm {
    /// Email field.
    pub email: TextArea<'static>,
    /// Password field (masked).
    pub password: TextArea<'static>,
    /// Which field has the cursor.
    pub field: LoginField,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// A login request is running.
    pub busy: bool,
}

/// A field of the login form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoginField {
    /// Email.
    Email,
    /// Password.
    Password,
}

impl LoginForm {
    /// An empty form, the email prefilled when known.
    pub fn new(email: Option<&str>) -> Self {
        let mut e = TextArea::new(vec![email.unwrap_or_default().to_string()]);
        e.move_cursor(ratatui_textarea::CursorMove::End);
        let mut p = TextArea::default();
        p.set_mask_char('•');
        let field = if email.is_some_and(|e| !e.is_empty()) {
            LoginField::Password
        } else {
            LoginField::Email
        };
        Self {
            email: e,
            password: p,
            field,
            error: None,
            busy: false,
        }
    }

    /// The field with the cursor.
    pub fn focused_mut(&mut self) -> &mut TextArea<'static> {
        match self.field {
            LoginField::Email => &mut self.email,
            LoginField::Password => &mut self.password,
        }
    }
}

/// The agent socket, as the workspace sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Not started (no credentials yet).
    Idle,
    /// Opening the socket; `attempt` counts failures since the last success.
    Connecting {
        /// Failures so far.
        attempt: u32,
    },
    /// `welcome` received.
    Online {
        /// Server heartbeat, milliseconds.
        heartbeat_ms: i64,
    },
    /// Waiting to retry.
    Retrying {
        /// Failures so far.
        attempt: u32,
        /// When the retry fires, Unix ms.
        at: i64,
        /// What went wrong last.
        reason: String,
    },
    /// Gave up until the agent presses `r` (a bad URL, say).
    Stopped {
        /// Why.
        reason: String,
    },
}

impl Link {
    /// Whether frames can be sent now.
    pub fn online(&self) -> bool {
        matches!(self, Self::Online { .. })
    }
}

/// A pane that can have the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Conversation list.
    List,
    /// Transcript of the open conversation.
    Transcript,
    /// Reply box.
    Composer,
}

/// A popup over the workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// Key help, scrolled by this many lines.
    Help {
        /// First line shown.
        scroll: u16,
    },
    /// "Close this conversation?"
    ConfirmClose(Uuid),
    /// "Quit with unsent replies?"
    ConfirmQuit,
}

/// Where a conversation belongs in the list.
///
/// Computed on the client until chatd reports queue state and assignment
/// (issue 7): an open conversation no agent has written in yet is waiting.
/// When the server sends a phase, this is the one function to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lane {
    /// Open, no agent reply yet.
    Queue,
    /// Open, answered.
    Active,
    /// Closed.
    Closed,
}

/// The conversation's stream on the socket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sub {
    /// Not subscribed on this connection.
    None,
    /// `subscribe` sent at this time (Unix ms); replay in progress.
    Requested(i64),
    /// `synced` received: live.
    Live,
}

/// One conversation and everything received for it.
#[derive(Debug, Clone)]
pub struct Conv {
    /// Its state as the server last described it (seqs updated locally).
    pub info: Conversation,
    /// Messages by seq: a seq already held is dropped, never shown twice.
    pub messages: BTreeMap<i64, Message>,
    /// Every seq from 1 to this is held: where to resume after a reconnect.
    pub held: i64,
    /// Subscription on the current connection.
    pub sub: Sub,
    /// Whether one replay ever completed, so later messages are news.
    pub synced_once: bool,
    /// Until when (Unix ms) the visitor counts as typing.
    pub visitor_typing_until: Option<i64>,
    /// New conversation or a new message the agent has not looked at.
    pub attention: bool,
    /// A REST history page is on its way.
    pub loading: bool,
}

impl Conv {
    /// A conversation with no messages yet.
    pub fn new(info: Conversation) -> Self {
        Self {
            info,
            messages: BTreeMap::new(),
            held: 0,
            sub: Sub::None,
            synced_once: false,
            visitor_typing_until: None,
            attention: false,
            loading: false,
        }
    }

    /// Stores a message; false when its seq was already held.
    pub fn insert(&mut self, m: Message) -> bool {
        if m.seq <= 0 || self.messages.contains_key(&m.seq) {
            return false;
        }
        self.info.last_seq = self.info.last_seq.max(m.seq);
        self.info.updated_at = self.info.updated_at.max(m.created_at);
        self.messages.insert(m.seq, m);
        while self.messages.contains_key(&(self.held + 1)) {
            self.held += 1;
        }
        true
    }

    /// Forgets every message (the server's epoch changed).
    pub fn forget_messages(&mut self) {
        self.messages.clear();
        self.held = 0;
        self.synced_once = false;
    }

    /// Whether an agent has written in it.
    pub fn answered(&self) -> bool {
        self.messages
            .values()
            .any(|m| m.sender == SenderKind::Agent)
    }

    /// Where it belongs in the list.
    pub fn lane(&self) -> Lane {
        match self.info.status {
            ConversationStatus::Closed => Lane::Closed,
            ConversationStatus::Open if self.answered() => Lane::Active,
            ConversationStatus::Open => Lane::Queue,
        }
    }

    /// Messages from others that no agent has read.
    pub fn unread(&self) -> usize {
        self.messages
            .range(self.info.agent_read_seq + 1..)
            .filter(|(_, m)| m.sender != SenderKind::Agent)
            .count()
    }

    /// The highest seq held of a message not written by an agent.
    pub fn last_incoming_seq(&self) -> Option<i64> {
        self.messages
            .values()
            .rev()
            .find(|m| m.sender != SenderKind::Agent)
            .map(|m| m.seq)
    }

    /// The visitor's first message, for the list.
    pub fn first_visitor_message(&self) -> Option<&Message> {
        self.messages
            .values()
            .find(|m| m.sender == SenderKind::Visitor)
    }

    /// The time of the newest message, or the creation time.
    pub fn last_activity(&self) -> i64 {
        self.messages
            .values()
            .next_back()
            .map_or(self.info.created_at, |m| m.created_at)
    }

    /// Who the visitor is, as far as the pre-chat form says.
    pub fn visitor_label(&self) -> String {
        let p = &self.info.prechat;
        for key in ["name", "email"] {
            if let Some(v) = p.get(key).map(|v| v.trim()).filter(|v| !v.is_empty()) {
                return v.to_string();
            }
        }
        format!("visitor {}", short_id(self.info.id))
    }

    /// Whether the visitor is typing at `now`.
    pub fn visitor_typing(&self, now: i64) -> bool {
        self.visitor_typing_until.is_some_and(|t| t > now)
    }
}

/// The first 8 hex digits of an id, for people.
pub fn short_id(id: Uuid) -> String {
    id.simple().to_string().chars().take(8).collect()
}

/// Where an outgoing reply stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendState {
    /// Not on the wire; send when online and `at` (Unix ms) has passed.
    Waiting {
        /// Earliest next attempt.
        at: i64,
    },
    /// Written to the socket at this time; resent after reconnects or a timeout.
    Sent {
        /// When.
        at: i64,
    },
    /// Committed with this seq; the entry goes when the message itself arrives.
    Acked {
        /// Its seq.
        seq: i64,
    },
    /// Refused for good.
    Failed {
        /// The server's reason.
        reason: String,
    },
}

/// One reply in the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// UUID v4, the server's key for exactly-once storage.
    pub client_id: String,
    /// The conversation.
    pub conversation_id: Uuid,
    /// The text.
    pub body: String,
    /// When the agent pressed Enter, Unix ms.
    pub created_at: i64,
    /// Where it stands.
    pub state: SendState,
}

impl Outgoing {
    /// Whether it still needs the server (not acknowledged).
    pub fn unsent(&self) -> bool {
        !matches!(self.state, SendState::Acked { .. })
    }
}

/// The composer's memory of sent replies, for Up in an empty composer.
#[derive(Debug, Clone, Default)]
pub struct SentHistory {
    /// Oldest first.
    pub entries: Vec<String>,
    /// The entry shown, while recalling.
    pub pos: Option<usize>,
}

/// Who is logged in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// User id.
    pub user_id: Uuid,
    /// Display name.
    pub name: String,
    /// Email address.
    pub email: String,
    /// Whether the user is an admin (can read widget names).
    pub admin: bool,
}

/// A line in the status bar that fades.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// The text.
    pub text: String,
    /// Whether it is an error.
    pub error: bool,
    /// Until when, Unix ms.
    pub until: i64,
}
