//! The workspace as a state machine: [`App::update`] takes a [`Msg`] (a key,
//! a server frame, a finished request, a clock tick) and returns the
//! [`Effect`]s the driver should run. It does no I/O and reads no clock, so
//! every behaviour can be tested by feeding messages.

mod canned;
mod fuzzy;
mod notes;
mod search;
mod state;
mod update;
mod visitor;

#[cfg(test)]
pub(crate) mod tests;

pub use canned::{CannedList, CannedPicker, canned_score};
pub use notes::new_note_editor;
pub use search::{SEARCH_PAGE, Search};
pub use state::*;
pub use visitor::VisitorHistory;

use crate::strings as s;
use crate::ui::text::age as ui_age;

use crossterm::event::KeyEvent;
use proto::auth::User;
use proto::conversations::{Conversation, MessagePage, Phase, PresenceStatus};
use proto::frames::ServerFrame;
use proto::stats::Stats;
use ratatui_textarea::TextArea;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Settings fixed at start.
#[derive(Debug, Clone)]
pub struct Config {
    /// chatd base URL, shown on the login screen.
    pub server: String,
    /// What rings the terminal bell.
    pub bell: crate::bell::BellMode,
    /// Local time zone offset for message times, seconds east of UTC.
    pub utc_offset_secs: i32,
    /// `NO_COLOR` is set: no colors, only bold/reverse.
    pub no_color: bool,
}

/// Why the socket went away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropKind {
    /// Network trouble or a server restart: retry with backoff.
    Retry,
    /// The credentials were refused: log in again.
    Auth,
    /// Retrying cannot help (a bad URL): wait for the agent.
    Fatal,
}

/// Something that happened.
#[derive(Debug, Clone)]
pub enum Msg {
    /// A key press.
    Key(KeyEvent),
    /// Bracketed paste.
    Paste(String),
    /// The terminal's size.
    Resize {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// The clock, about once a second.
    Tick {
        /// Unix ms.
        now: i64,
    },
    /// A login finished.
    LoginDone(Result<Identity, String>),
    /// Who the credentials belong to.
    Identity(Identity),
    /// The socket said `welcome`.
    Connected {
        /// The server's store epoch.
        epoch: String,
        /// Seconds between server heartbeats.
        heartbeat_secs: u64,
        /// Who the socket belongs to.
        user_id: Option<Uuid>,
    },
    /// The socket closed or could not be opened.
    Disconnected {
        /// What happened, for the status bar.
        reason: String,
        /// What to do about it.
        kind: DropKind,
    },
    /// The backoff for attempt `attempt` has passed.
    RetryDue {
        /// The attempt it was scheduled for.
        attempt: u32,
    },
    /// A frame from the server.
    Frame(Box<ServerFrame>),
    /// `GET /api/v1/conversations` (open and recent closed ones).
    Conversations(Result<Vec<Conversation>, String>),
    /// A page of `GET …/messages`.
    History {
        /// The conversation.
        conversation_id: Uuid,
        /// The page.
        result: Result<MessagePage, String>,
    },
    /// `POST …/close` answered.
    CloseDone {
        /// The conversation.
        conversation_id: Uuid,
        /// Its new state.
        result: Result<Box<Conversation>, String>,
    },
    /// Widget names by id (admins only).
    Widgets(HashMap<Uuid, String>),
    /// `GET /api/v1/users` (admins only): who a conversation can go to.
    Users(Result<Vec<User>, String>),
    /// `GET /api/v1/widgets/{id}/members` (admins only).
    Members {
        /// The widget.
        widget_id: Uuid,
        /// Its members' user ids.
        result: Result<Vec<Uuid>, String>,
    },
    /// `GET /api/v1/stats` (admins only).
    Stats(Result<Box<Stats>, String>),
    /// `GET /api/v1/canned?widget_id=`: the replies offered on a widget.
    Canned {
        /// The widget.
        widget_id: Uuid,
        /// Its replies.
        result: Result<Vec<proto::canned::CannedReply>, String>,
    },
    /// `GET …/notes` answered.
    Notes {
        /// The conversation.
        conversation_id: Uuid,
        /// Its notes.
        result: Result<Vec<proto::notes::Note>, String>,
    },
    /// `POST …/notes` answered.
    NoteAdded {
        /// The conversation.
        conversation_id: Uuid,
        /// The text that was sent.
        body: String,
        /// The stored note.
        result: Result<proto::notes::Note, String>,
    },
    /// `GET /api/v1/conversations?visitor_id=` answered.
    VisitorHistory {
        /// The visitor.
        visitor_id: Uuid,
        /// Their conversations.
        result: Result<Vec<Conversation>, String>,
    },
    /// A page of [`Effect::SearchConversations`].
    SearchResults {
        /// The request's number.
        seq: u64,
        /// A later page (appended), not the first.
        next_page: bool,
        /// The conversations.
        result: Result<Vec<Conversation>, String>,
    },
}

/// Something for the driver to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// `POST /api/v1/auth/login`, then [`Msg::LoginDone`].
    Login {
        /// Email.
        email: String,
        /// Password.
        password: String,
    },
    /// Open the agent socket (dropping any old one).
    Connect,
    /// Send [`Msg::RetryDue`] after `delay_ms`.
    RetryAfter {
        /// Milliseconds.
        delay_ms: u64,
        /// Echoed in the message.
        attempt: u32,
    },
    /// Drop the socket without reporting it (it is dead already).
    Disconnect,
    /// `subscribe` frame.
    Subscribe {
        /// The conversation.
        conversation_id: Uuid,
        /// Highest seq held.
        last_seq: i64,
    },
    /// `send` frame.
    Send {
        /// The conversation.
        conversation_id: Uuid,
        /// The outbox entry's id.
        client_id: String,
        /// The text.
        body: String,
    },
    /// `typing` frame.
    Typing {
        /// The conversation.
        conversation_id: Uuid,
        /// On or off.
        on: bool,
    },
    /// `read` frame.
    MarkRead {
        /// The conversation.
        conversation_id: Uuid,
        /// Highest seq read.
        seq: i64,
    },
    /// `ping` frame.
    Ping {
        /// Echoed in `pong`.
        nonce: String,
    },
    /// List open and recently closed conversations over REST.
    ListConversations,
    /// A page of history over REST (used while the socket is down).
    FetchHistory {
        /// The conversation.
        conversation_id: Uuid,
        /// Highest seq held.
        after_seq: i64,
    },
    /// `POST …/close`.
    CloseConversation {
        /// The conversation.
        conversation_id: Uuid,
    },
    /// `GET /api/v1/me`, then [`Msg::Identity`].
    LoadIdentity,
    /// `GET /api/v1/widgets`, then [`Msg::Widgets`].
    LoadWidgets,
    /// `accept` frame.
    Accept {
        /// The conversation.
        conversation_id: Uuid,
    },
    /// `transfer` frame.
    Transfer {
        /// The conversation.
        conversation_id: Uuid,
        /// The agent to hand it to.
        to_user_id: Uuid,
    },
    /// `return_to_ai` frame.
    ReturnToAi {
        /// The conversation.
        conversation_id: Uuid,
    },
    /// `set_presence` frame.
    SetPresence {
        /// Online or away.
        status: PresenceStatus,
    },
    /// `GET /api/v1/users`, then [`Msg::Users`].
    LoadUsers,
    /// `GET /api/v1/widgets/{id}/members`, then [`Msg::Members`].
    LoadMembers {
        /// The widget.
        widget_id: Uuid,
    },
    /// `GET /api/v1/stats`, then [`Msg::Stats`].
    LoadStats,
    /// `GET /api/v1/canned?widget_id=`, then [`Msg::Canned`].
    LoadCanned {
        /// The widget.
        widget_id: Uuid,
    },
    /// `GET …/notes`, then [`Msg::Notes`].
    LoadNotes {
        /// The conversation.
        conversation_id: Uuid,
    },
    /// `POST …/notes`, then [`Msg::NoteAdded`].
    AddNote {
        /// The conversation.
        conversation_id: Uuid,
        /// The text.
        body: String,
    },
    /// `GET /api/v1/conversations?visitor_id=…`, then [`Msg::VisitorHistory`].
    LoadVisitorHistory {
        /// The visitor.
        visitor_id: Uuid,
    },
    /// `GET /api/v1/conversations?q=…`, then [`Msg::SearchResults`].
    SearchConversations {
        /// The request's number, echoed.
        seq: u64,
        /// The text (blank: every conversation).
        q: String,
        /// Only closed conversations.
        closed_only: bool,
        /// The next page: those updated before this (Unix ms).
        before: Option<i64>,
    },
    /// Ring the terminal bell.
    Bell,
    /// Restore the terminal and exit.
    Quit,
}

/// A row of the conversation list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// A lane heading with its count.
    Heading(Lane, usize),
    /// A conversation.
    Conv(Uuid),
}

/// The whole workspace.
#[derive(Debug, Clone)]
pub struct App {
    /// Fixed settings.
    pub cfg: Config,
    /// The clock, Unix ms, as of the last message.
    pub now: i64,
    /// Terminal size.
    pub width: u16,
    /// Terminal rows.
    pub height: u16,
    /// Which screen is up.
    pub screen: Screen,
    /// The login form.
    pub login: LoginForm,
    /// The socket.
    pub link: Link,
    /// Who is logged in.
    pub me: Option<Identity>,
    /// The server's store epoch, once connected.
    pub epoch: Option<String>,
    /// Every conversation known.
    pub convs: HashMap<Uuid, Conv>,
    /// The first conversation list arrived (later arrivals are news).
    pub loaded: bool,
    /// Widget names by id.
    pub widgets: HashMap<Uuid, String>,
    /// The list's cursor.
    pub selected: Option<Uuid>,
    /// The conversation in the middle pane.
    pub open: Option<Uuid>,
    /// The focused pane.
    pub focus: Pane,
    /// One draft per conversation; a reconnect never touches them.
    pub drafts: HashMap<Uuid, TextArea<'static>>,
    /// Sent replies, for recall.
    pub history: SentHistory,
    /// Replies not yet confirmed by the server, oldest first.
    pub outbox: Vec<Outgoing>,
    /// A popup.
    pub overlay: Option<Overlay>,
    /// A passing status message.
    pub notice: Option<Notice>,
    /// Who the socket belongs to (from `welcome`; `me` may come later).
    pub user_id: Option<Uuid>,
    /// The presence I asked for; sent again after every reconnect.
    pub presence: PresenceStatus,
    /// Agents by user id: names from the user list and from messages,
    /// presence from `agent_presence` events.
    pub agents: BTreeMap<Uuid, Agent>,
    /// The user list arrived (admins).
    pub users_loaded: bool,
    /// The user list is on its way.
    pub users_loading: bool,
    /// Widget members by widget (admins), for the transfer picker.
    pub members: HashMap<Uuid, Vec<Uuid>>,
    /// Commands waiting for their outcome.
    pub pending: Vec<Pending>,
    /// The note editor and the conversation it writes on.
    pub note_editor: Option<(Uuid, TextArea<'static>)>,
    /// Unsaved notes of other conversations, kept for their next `Ctrl-N`.
    pub note_drafts: HashMap<Uuid, TextArea<'static>>,
    /// Notes on their way to chatd.
    pub saving_notes: Vec<(Uuid, String)>,
    /// Visitors' conversations by visitor id, for the details pane.
    pub visitors: HashMap<Uuid, VisitorHistory>,
    /// The search overlay's query and results.
    pub search: Search,
    /// Canned replies by widget, for the picker.
    pub canned: HashMap<Uuid, CannedList>,
    /// Workspace or supervisor view.
    pub view: View,
    /// The last statistics, or why they could not be read.
    pub stats: Option<Result<Box<Stats>, String>>,
    /// When the statistics were last asked for, Unix ms.
    pub stats_at: Option<i64>,
    /// What happened recently, for the supervisor view.
    pub activity: Activity,
    /// The agent's choice for the details pane (`None`: by width).
    pub show_details: Option<bool>,
    /// Transcript lines scrolled up from the newest.
    pub scroll: u16,
    /// Our typing indicator: conversation, when `on` was sent, last keystroke.
    pub typing: Option<(Uuid, i64, i64)>,
    /// When the server was last heard from, Unix ms.
    pub last_heard: i64,
    /// When we last pinged, Unix ms.
    pub last_ping: i64,
    /// Whether a `welcome` was ever received.
    pub ever_connected: bool,
    /// Next ping nonce.
    pings: u64,
    /// Ring the bell once this update, for the loudest news seen.
    ring: Option<crate::bell::BellKind>,
    /// splitmix64 state: client ids and jitter without reading the OS.
    rng: u64,
}

/// The conversation list's column widths, by terminal width.
pub fn list_width(width: u16) -> u16 {
    match width {
        0..=99 => 26,
        100..=139 => 32,
        _ => 40,
    }
}

/// Milliseconds before reconnect attempt `attempt` (1-based): exponential
/// from 500 ms to 5 s, each with jitter in its upper half so a restarted
/// server is not hit by every agent at once.
pub fn backoff_ms(attempt: u32, random: u64) -> u64 {
    let base = (500u64 << attempt.saturating_sub(1).min(4)).min(5_000);
    let half = base / 2;
    half + random % (half + 1)
}

impl App {
    /// A workspace at time `now` (Unix ms); `seed` feeds client ids and jitter.
    pub fn new(cfg: Config, seed: u64, now: i64) -> Self {
        Self {
            cfg,
            now,
            width: 80,
            height: 24,
            screen: Screen::Login,
            login: LoginForm::new(None),
            link: Link::Idle,
            me: None,
            epoch: None,
            convs: HashMap::new(),
            loaded: false,
            widgets: HashMap::new(),
            selected: None,
            open: None,
            focus: Pane::List,
            drafts: HashMap::new(),
            history: SentHistory::default(),
            outbox: Vec::new(),
            overlay: None,
            notice: None,
            user_id: None,
            presence: PresenceStatus::Online,
            agents: BTreeMap::new(),
            users_loaded: false,
            users_loading: false,
            members: HashMap::new(),
            pending: Vec::new(),
            canned: HashMap::new(),
            search: Search::default(),
            visitors: HashMap::new(),
            note_editor: None,
            note_drafts: HashMap::new(),
            saving_notes: Vec::new(),
            view: View::Workspace,
            stats: None,
            stats_at: None,
            activity: Activity::default(),
            show_details: None,
            scroll: 0,
            typing: None,
            last_heard: now,
            last_ping: now,
            ever_connected: false,
            pings: 0,
            ring: None,
            rng: seed,
        }
    }

    /// The first effects: connect when credentials exist, else the login form.
    pub fn start(&mut self, have_credentials: bool, email: Option<&str>) -> Vec<Effect> {
        self.login = LoginForm::new(email);
        if have_credentials {
            self.screen = Screen::Workspace;
            self.link = Link::Connecting { attempt: 0 };
            vec![Effect::Connect]
        } else {
            self.screen = Screen::Login;
            Vec::new()
        }
    }

    fn next_random(&mut self) -> u64 {
        self.rng = self.rng.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.rng;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A UUID v4 for a client id.
    fn new_client_id(&mut self) -> String {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next_random().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next_random().to_le_bytes());
        uuid::Builder::from_random_bytes(bytes)
            .into_uuid()
            .to_string()
    }

    /// Whether the details pane is shown.
    pub fn details_visible(&self) -> bool {
        self.show_details.unwrap_or(self.width >= 110)
    }

    /// The open conversation.
    pub fn open_conv(&self) -> Option<&Conv> {
        self.open.and_then(|id| self.convs.get(&id))
    }

    /// My user id, from the socket's `welcome` or `GET /api/v1/me`.
    pub fn my_id(&self) -> Option<Uuid> {
        self.user_id.or(self.me.as_ref().map(|m| m.user_id))
    }

    /// Whether I am an admin (supervisor view, the agent list).
    pub fn is_admin(&self) -> bool {
        self.me.as_ref().is_some_and(|m| m.admin)
    }

    /// A conversation's lane for me.
    pub fn lane_of(&self, c: &Conv) -> Lane {
        c.lane(self.my_id())
    }

    /// An agent's name: from the user list or their messages, else the short id.
    pub fn agent_name(&self, id: Uuid) -> String {
        if Some(id) == self.my_id()
            && let Some(me) = &self.me
        {
            return me.name.clone();
        }
        self.agents
            .get(&id)
            .and_then(|a| a.name.clone())
            .unwrap_or_else(|| format!("agent {}", short_id(id)))
    }

    /// Who answers a conversation now, in a few words.
    pub fn state_label(&self, c: &Conv) -> String {
        match self.lane_of(c) {
            Lane::Closed => s::LANE_CLOSED.to_lowercase(),
            Lane::Queue => format!("queued {}", ui_age(self.now - c.waiting_since())),
            Lane::Mine => "yours".into(),
            Lane::Others => match (c.info.phase, c.info.assigned_agent_id) {
                (Phase::Assigned, Some(a)) => format!("with {}", self.agent_name(a)),
                _ => "with the assistant".into(),
            },
        }
    }

    /// Open conversations assigned to each agent (from the conversations known).
    pub fn loads(&self) -> BTreeMap<Uuid, usize> {
        let mut out = BTreeMap::new();
        for c in self.convs.values() {
            if c.info.status == proto::conversations::ConversationStatus::Open
                && c.info.phase == Phase::Assigned
                && let Some(a) = c.info.assigned_agent_id
            {
                *out.entry(a).or_default() += 1;
            }
        }
        out
    }

    /// Conversations waiting in the queue now.
    pub fn queue_depth(&self) -> usize {
        self.convs
            .values()
            .filter(|c| self.lane_of(c) == Lane::Queue)
            .count()
    }

    /// Agents online and away, as seen on the socket.
    pub fn presence_counts(&self) -> (usize, usize) {
        let mut on = 0;
        let mut away = 0;
        for a in self.agents.values() {
            match a.status {
                Some(PresenceStatus::Online) => on += 1,
                Some(PresenceStatus::Away) => away += 1,
                _ => {}
            }
        }
        (on, away)
    }

    /// My presence as the server last said, else as I asked for it.
    pub fn my_presence(&self) -> PresenceStatus {
        self.my_id()
            .and_then(|id| self.agents.get(&id))
            .and_then(|a| a.status)
            .filter(|s| *s != PresenceStatus::Offline)
            .unwrap_or(self.presence)
    }

    /// Whether an accept of `id` is on its way (its replies wait for it).
    pub fn accepting(&self, id: Uuid) -> bool {
        self.pending
            .iter()
            .any(|p| p.conversation_id == id && p.op == Op::Accept && p.settled.is_none())
    }

    /// The agents a conversation can be handed to, filtered by the picker's query.
    pub fn transfer_candidates(&self, p: &Picker) -> Vec<Candidate> {
        let me = self.my_id();
        let loads = self.loads();
        let widget = self.convs.get(&p.conversation_id).map(|c| c.info.widget_id);
        let members = widget.and_then(|w| self.members.get(&w));
        let q = p.query.trim().to_lowercase();
        let typed_id = Uuid::parse_str(p.query.trim()).ok();
        let mut out: Vec<Candidate> = self
            .agents
            .iter()
            .filter(|(id, a)| Some(**id) != me && !a.disabled)
            // Admins work on every widget; agents only on their widgets'.
            .filter(|(id, a)| a.admin || members.is_none_or(|m| m.contains(id)))
            .filter(|(_, a)| !self.users_loaded || a.listed)
            .map(|(id, a)| Candidate {
                user_id: *id,
                name: a.name.clone().unwrap_or_else(|| self.agent_name(*id)),
                email: a.email.clone(),
                status: a.status,
                load: loads.get(id).copied().unwrap_or(0),
            })
            .filter(|c| {
                q.is_empty()
                    || typed_id == Some(c.user_id)
                    || c.name.to_lowercase().contains(&q)
                    || c.email.as_deref().is_some_and(|e| e.contains(&q))
            })
            .collect();
        // Online first, then the least busy, then by name.
        out.sort_by_key(|c| {
            let rank = match c.status {
                Some(PresenceStatus::Online) => 0,
                Some(PresenceStatus::Away) => 1,
                _ => 2,
            };
            (rank, c.load, c.name.to_lowercase(), c.user_id)
        });
        if let Some(id) = typed_id
            && Some(id) != me
            && !out.iter().any(|c| c.user_id == id)
        {
            out.insert(
                0,
                Candidate {
                    user_id: id,
                    name: self.agent_name(id),
                    email: None,
                    status: self.agents.get(&id).and_then(|a| a.status),
                    load: loads.get(&id).copied().unwrap_or(0),
                },
            );
        }
        out
    }

    /// The list, lane by lane: the queue (longest wait first), mine and
    /// the others (latest activity first), closed (latest first). Queue and
    /// Mine are always shown; the others only when they hold something.
    pub fn rows(&self) -> Vec<Row> {
        let mut by_lane: [Vec<&Conv>; 4] = Default::default();
        for c in self.convs.values() {
            let i = match self.lane_of(c) {
                Lane::Queue => 0,
                Lane::Mine => 1,
                Lane::Others => 2,
                Lane::Closed => 3,
            };
            by_lane[i].push(c);
        }
        by_lane[0].sort_by_key(|c| (c.waiting_since(), c.info.id));
        by_lane[1].sort_by_key(|c| (std::cmp::Reverse(c.last_activity()), c.info.id));
        by_lane[2].sort_by_key(|c| (std::cmp::Reverse(c.last_activity()), c.info.id));
        by_lane[3].sort_by_key(|c| {
            (
                std::cmp::Reverse(c.info.closed_at.unwrap_or(c.info.updated_at)),
                c.info.id,
            )
        });
        let mut rows = Vec::new();
        for (lane, convs) in Lane::ALL.into_iter().zip(by_lane) {
            if convs.is_empty() && matches!(lane, Lane::Others | Lane::Closed) {
                continue;
            }
            rows.push(Row::Heading(lane, convs.len()));
            rows.extend(convs.into_iter().map(|c| Row::Conv(c.info.id)));
        }
        rows
    }

    /// The conversations in list order.
    pub fn order(&self) -> Vec<Uuid> {
        self.rows()
            .into_iter()
            .filter_map(|r| match r {
                Row::Conv(id) => Some(id),
                Row::Heading(..) => None,
            })
            .collect()
    }

    /// Outbox entries of a conversation that the transcript does not show yet.
    pub fn pending_for(&self, id: Uuid) -> impl Iterator<Item = &Outgoing> {
        self.outbox.iter().filter(move |o| o.conversation_id == id)
    }

    /// What would be lost by quitting now: unsent replies and drafts, by conversation.
    pub fn unsaved(&self) -> Vec<String> {
        let mut out = Vec::new();
        for o in self.outbox.iter().filter(|o| o.unsent()) {
            let who = self
                .convs
                .get(&o.conversation_id)
                .map_or_else(|| short_id(o.conversation_id), Conv::visitor_label);
            out.push(format!("reply to {who}: {}", first_line(&o.body)));
        }
        let mut notes: Vec<(Uuid, String)> = self
            .note_drafts
            .iter()
            .chain(self.note_editor.iter().map(|(id, t)| (id, t)))
            .filter(|(_, t)| !t.is_empty())
            .map(|(id, t)| (*id, t.lines().join(" ")))
            .chain(self.saving_notes.iter().cloned())
            .collect();
        notes.sort();
        for (id, text) in notes {
            let who = self
                .convs
                .get(&id)
                .map_or_else(|| short_id(id), Conv::visitor_label);
            out.push(format!("note on {who}: {}", first_line(&text)));
        }
        let mut drafts: Vec<_> = self.drafts.iter().filter(|(_, t)| !t.is_empty()).collect();
        drafts.sort_by_key(|(id, _)| **id);
        for (id, t) in drafts {
            let who = self
                .convs
                .get(id)
                .map_or_else(|| short_id(*id), Conv::visitor_label);
            out.push(format!(
                "draft for {who}: {}",
                first_line(&t.lines().join(" "))
            ));
        }
        out
    }

    /// The widget's name, or its short id for agents who cannot list widgets.
    pub fn widget_name(&self, id: Uuid) -> String {
        self.widgets
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("widget {}", short_id(id)))
    }
}

fn first_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    let mut out: String = line.chars().take(40).collect();
    if line.chars().count() > 40 || s.lines().nth(1).is_some() {
        out.push('…');
    }
    out
}
