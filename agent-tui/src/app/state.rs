//! What the workspace knows: conversations and their messages, the outbox,
//! the connection, focus and drafts. Rendering reads it; only `update`
//! changes it.

use proto::conversations::{
    Conversation, ConversationStatus, Message, Phase, PresenceStatus, SenderKind,
};
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
    /// "Give this conversation back to the assistant?"
    ConfirmReturn(Uuid),
    /// "Quit with unsent replies?"
    ConfirmQuit,
    /// Pick the agent to hand a conversation to.
    Transfer(Picker),
    /// Pick a canned reply to put in the draft.
    Canned(super::CannedPicker),
    /// Search conversations ([`super::Search`] holds the state).
    Search,
    /// Write a private note (`App::note_editor` holds the text).
    Note,
}

/// The transfer picker: a search line over the agents that can take it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    /// The conversation to hand over.
    pub conversation_id: Uuid,
    /// What the agent typed: part of a name or email, or a user id.
    pub query: String,
    /// The highlighted candidate.
    pub cursor: usize,
}

/// Someone a conversation can be handed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// User id.
    pub user_id: Uuid,
    /// Name (or the short id when only the id is known).
    pub name: String,
    /// Email, when known.
    pub email: Option<String>,
    /// Presence, when seen.
    pub status: Option<PresenceStatus>,
    /// Open conversations assigned to them.
    pub load: usize,
}

/// What the screen shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// List, transcript, details, composer.
    Workspace,
    /// Queue, agents and figures (admins).
    Supervisor,
}

/// A command sent on the socket whose outcome is still unknown. The server
/// answers a refusal with an `error` frame that names no conversation, and
/// success with a `conversation` event, so both are matched against these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// What was asked.
    pub op: Op,
    /// The conversation.
    pub conversation_id: Uuid,
    /// When it was (last) sent, Unix ms.
    pub at: i64,
    /// When an accept was seen lost through an event, so the `conflict`
    /// error that follows it is not reported twice.
    pub settled: Option<i64>,
}

/// A conversation command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// Take it from the queue or the assistant.
    Accept,
    /// Hand it to another agent.
    Transfer {
        /// The agent.
        to: Uuid,
    },
    /// Give it back to the assistant.
    ReturnToAi,
}

impl Op {
    /// The command's name in a notice.
    pub fn label(self) -> &'static str {
        match self {
            Self::Accept => "Accept",
            Self::Transfer { .. } => "Transfer",
            Self::ReturnToAi => "Return to the assistant",
        }
    }
}

/// An agent as far as this client knows them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agent {
    /// Display name.
    pub name: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Admins work on every widget.
    pub admin: bool,
    /// Disabled users take no conversations.
    pub disabled: bool,
    /// From the user list (admins), not only seen in passing.
    pub listed: bool,
    /// Presence from `agent_presence` events since the socket opened.
    pub status: Option<PresenceStatus>,
}

/// Minutes of history kept for the supervisor's charts.
pub const ACTIVITY_MINUTES: i64 = 60;

/// What the client saw happen, per minute, for the supervisor view.
#[derive(Debug, Clone, Default)]
pub struct Activity {
    /// Messages (visitor, agent, assistant) by the minute they were written.
    pub messages: BTreeMap<i64, u64>,
    /// The longest queue seen in each minute.
    pub queue: BTreeMap<i64, u64>,
}

impl Activity {
    fn trim(map: &mut BTreeMap<i64, u64>, now_min: i64) {
        let keep = now_min - ACTIVITY_MINUTES;
        while map.first_key_value().is_some_and(|(k, _)| *k <= keep) {
            map.pop_first();
        }
    }

    /// Counts a message written at `at` (Unix ms), if it is recent.
    pub fn message(&mut self, at: i64, now: i64) {
        let (m, now_min) = (at.div_euclid(60_000), now.div_euclid(60_000));
        if m > now_min - ACTIVITY_MINUTES && m <= now_min {
            *self.messages.entry(m).or_default() += 1;
        }
        Self::trim(&mut self.messages, now_min);
    }

    /// Records the queue's length at `now`.
    pub fn queue_depth(&mut self, depth: u64, now: i64) {
        let now_min = now.div_euclid(60_000);
        let e = self.queue.entry(now_min).or_default();
        *e = (*e).max(depth);
        Self::trim(&mut self.queue, now_min);
    }

    /// Messages per minute for the `n` minutes up to `now`, oldest first.
    pub fn messages_series(&self, n: usize, now: i64) -> Vec<u64> {
        let now_min = now.div_euclid(60_000);
        let n = i64::try_from(n).unwrap_or(0);
        (now_min - n + 1..=now_min)
            .map(|m| self.messages.get(&m).copied().unwrap_or(0))
            .collect()
    }

    /// Queue length per minute for the `n` minutes up to `now`; `None`
    /// where the client was not watching.
    pub fn queue_series(&self, n: usize, now: i64) -> Vec<Option<u64>> {
        let now_min = now.div_euclid(60_000);
        let n = i64::try_from(n).unwrap_or(0);
        (now_min - n + 1..=now_min)
            .map(|m| self.queue.get(&m).copied())
            .collect()
    }

    /// Messages in the last complete minute before `now`.
    pub fn last_minute(&self, now: i64) -> u64 {
        let m = now.div_euclid(60_000) - 1;
        self.messages.get(&m).copied().unwrap_or(0)
    }
}

/// Where a conversation belongs in the list, from the server's phase and
/// assignment ([`Conv::lane`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lane {
    /// Open and waiting in the queue for a person.
    Queue,
    /// Open and assigned to me.
    Mine,
    /// Open, with the assistant or another agent.
    Others,
    /// Closed.
    Closed,
}

impl Lane {
    /// The order of the lanes in the list.
    pub const ALL: [Lane; 4] = [Self::Queue, Self::Mine, Self::Others, Self::Closed];

    /// The lane's heading.
    pub fn title(self) -> &'static str {
        match self {
            Self::Queue => crate::strings::LANE_QUEUE,
            Self::Mine => crate::strings::LANE_MINE,
            Self::Others => crate::strings::LANE_OTHERS,
            Self::Closed => crate::strings::LANE_CLOSED,
        }
    }
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
    /// The assistant's answer being written (`ai_delta` pieces).
    pub ai_partial: Option<String>,
    /// Opened from the search, not from the live list: read-only while closed.
    pub from_search: bool,
    /// Private notes, oldest first.
    pub notes: Vec<proto::notes::Note>,
    /// The notes were read once.
    pub notes_loaded: bool,
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
            ai_partial: None,
            from_search: false,
            notes: Vec::new(),
            notes_loaded: false,
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

    /// Where it belongs in the list for the agent `me`: the server's phase
    /// and assignment decide.
    pub fn lane(&self, me: Option<Uuid>) -> Lane {
        match (self.info.status, self.info.phase) {
            (ConversationStatus::Closed, _) => Lane::Closed,
            (ConversationStatus::Open, Phase::Queued) => Lane::Queue,
            (ConversationStatus::Open, Phase::Assigned)
                if me.is_some() && self.info.assigned_agent_id == me =>
            {
                Lane::Mine
            }
            (ConversationStatus::Open, Phase::Assigned | Phase::Ai) => Lane::Others,
        }
    }

    /// Whether an agent can take it: open, and queued or with the assistant.
    pub fn acceptable(&self) -> bool {
        self.info.status == ConversationStatus::Open
            && matches!(self.info.phase, Phase::Queued | Phase::Ai)
    }

    /// Since when the visitor waits for a person (Unix ms).
    pub fn waiting_since(&self) -> i64 {
        self.info.queued_at.unwrap_or(self.info.created_at)
    }

    /// Visitor messages no agent has read.
    pub fn unread(&self) -> usize {
        self.messages
            .range(self.info.agent_read_seq + 1..)
            .filter(|(_, m)| m.sender == SenderKind::Visitor)
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

/// Why a conversation went to the queue, in words (`escalation_reason`).
pub fn reason_label(reason: &str) -> String {
    let reason = reason.trim();
    if let Some(rest) = reason.strip_prefix("ai_handoff:") {
        return format!("assistant handed off: {}", rest.trim());
    }
    if let Some(rest) = reason.strip_prefix("keyword:") {
        return format!("keyword “{}”", rest.trim());
    }
    match reason {
        "visitor_asked" => "visitor asked for a person".into(),
        "ai_handoff" => "assistant handed off".into(),
        "ai_failed" => "assistant failed".into(),
        "no_ai" => "assistant is off".into(),
        "offline_message" => "left a message while nobody was online".into(),
        other => other.replace('_', " "),
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
