//! The workspace as a state machine: [`App::update`] takes a [`Msg`] (a key,
//! a server frame, a finished request, a clock tick) and returns the
//! [`Effect`]s the driver should run. It does no I/O and reads no clock, so
//! every behaviour can be tested by feeding messages.

mod state;
mod update;

#[cfg(test)]
pub(crate) mod tests;

pub use state::*;

use crossterm::event::KeyEvent;
use proto::conversations::{Conversation, MessagePage};
use proto::frames::ServerFrame;
use ratatui_textarea::TextArea;
use std::collections::HashMap;
use uuid::Uuid;

/// Settings fixed at start.
#[derive(Debug, Clone)]
pub struct Config {
    /// chatd base URL, shown on the login screen.
    pub server: String,
    /// Ring the terminal bell on news.
    pub bell: bool,
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
    /// Agents online, when the server says.
    pub agents_online: Option<u32>,
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
    /// Ring the bell once this update.
    ring: bool,
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
            agents_online: None,
            show_details: None,
            scroll: 0,
            typing: None,
            last_heard: now,
            last_ping: now,
            ever_connected: false,
            pings: 0,
            ring: false,
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

    /// The list, lane by lane: waiting (longest wait first), open (latest
    /// activity first), closed (latest first).
    pub fn rows(&self) -> Vec<Row> {
        let mut by_lane: [Vec<&Conv>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for c in self.convs.values() {
            let i = match c.lane() {
                Lane::Queue => 0,
                Lane::Active => 1,
                Lane::Closed => 2,
            };
            by_lane[i].push(c);
        }
        by_lane[0].sort_by_key(|c| (c.info.created_at, c.info.id));
        by_lane[1].sort_by_key(|c| (std::cmp::Reverse(c.last_activity()), c.info.id));
        by_lane[2].sort_by_key(|c| {
            (
                std::cmp::Reverse(c.info.closed_at.unwrap_or(c.info.updated_at)),
                c.info.id,
            )
        });
        let mut rows = Vec::new();
        for (lane, convs) in [Lane::Queue, Lane::Active, Lane::Closed]
            .into_iter()
            .zip(by_lane)
        {
            if convs.is_empty() && lane == Lane::Closed {
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
