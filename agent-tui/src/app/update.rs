//! `App::update`: one message in, state changed, effects out.

use super::{
    App, Conv, DropKind, Effect, Identity, Lane, Link, LoginField, LoginForm, Msg, Notice,
    Outgoing, Overlay, Pane, Screen, SendState, Sub, backoff_ms,
};
use crate::keys::{self, Action, Scope};
use crate::strings as s;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use proto::conversations::{Conversation, ConversationStatus, MAX_BODY_CHARS, SenderKind};
use proto::frames::ServerFrame;
use ratatui_textarea::TextArea;
use uuid::Uuid;

/// How long a notice stays in the status bar.
const NOTICE_MS: i64 = 6_000;
/// How long a visitor counts as typing after their last `typing on`.
const VISITOR_TYPING_MS: i64 = 8_000;
/// Resend `typing on` this often while the agent keeps typing.
const TYPING_REPEAT_MS: i64 = 3_000;
/// Send `typing off` after this long without a keystroke.
const TYPING_IDLE_MS: i64 = 5_000;
/// Resend an unacknowledged reply after this long (the server stores it once).
const RESEND_MS: i64 = 20_000;
/// Resend a `subscribe` whose replay never finished after this long.
const RESUBSCRIBE_MS: i64 = 15_000;
/// Retry a send refused as "busy" after this long.
const BUSY_RETRY_MS: i64 = 2_000;
/// Replies remembered for recall.
const HISTORY_MAX: usize = 100;

/// A fresh, empty reply box.
pub fn new_draft() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_placeholder_text(s::COMPOSER_PLACEHOLDER);
    t
}

impl App {
    /// Applies one message; returns what the driver must do.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut fx = Vec::new();
        match msg {
            Msg::Key(key) => self.on_key(key, &mut fx),
            Msg::Paste(text) => self.on_paste(&text, &mut fx),
            Msg::Resize { width, height } => {
                self.width = width;
                self.height = height;
                self.clamp_scroll();
            }
            Msg::Tick { now } => self.on_tick(now, &mut fx),
            Msg::LoginDone(r) => self.on_login(r, &mut fx),
            Msg::Identity(me) => {
                if me.admin && self.widgets.is_empty() {
                    fx.push(Effect::LoadWidgets);
                }
                self.me = Some(me);
            }
            Msg::Connected {
                epoch,
                heartbeat_secs,
            } => self.on_connected(epoch, heartbeat_secs, &mut fx),
            Msg::Disconnected { reason, kind } => self.on_disconnected(reason, kind, &mut fx),
            Msg::RetryDue { attempt } => {
                if let Link::Retrying { attempt: a, .. } = self.link
                    && a == attempt
                {
                    self.link = Link::Connecting { attempt };
                    fx.push(Effect::Connect);
                }
            }
            Msg::Frame(frame) => self.on_frame(*frame, &mut fx),
            Msg::Conversations(Ok(list)) => {
                for c in list {
                    self.upsert(c, &mut fx);
                }
                self.loaded = true;
                self.fix_selection();
            }
            Msg::Conversations(Err(e)) => self.notify(format!("{}: {e}", s::LIST_FAILED), true),
            Msg::History {
                conversation_id,
                result,
            } => self.on_history(conversation_id, result, &mut fx),
            Msg::CloseDone {
                conversation_id,
                result,
            } => match result {
                Ok(c) => self.upsert(*c, &mut fx),
                Err(e) => {
                    let who = self.label_of(conversation_id);
                    self.notify(format!("{} ({who}): {e}", s::CLOSE_FAILED), true);
                }
            },
            Msg::Widgets(map) => self.widgets = map,
        }
        self.finish(&mut fx);
        fx
    }

    /// Work done after every message: read receipts for what is on screen,
    /// and at most one bell.
    fn finish(&mut self, fx: &mut Vec<Effect>) {
        if self.screen == Screen::Workspace
            && self.link.online()
            && let Some(id) = self.open
            && let Some(conv) = self.convs.get_mut(&id)
        {
            conv.attention = false;
            let incoming = conv.last_incoming_seq().unwrap_or(0);
            if incoming > conv.info.agent_read_seq && conv.held >= incoming {
                conv.info.agent_read_seq = conv.held;
                fx.push(Effect::MarkRead {
                    conversation_id: id,
                    seq: conv.held,
                });
            }
        }
        if std::mem::take(&mut self.ring) && self.cfg.bell {
            fx.push(Effect::Bell);
        }
    }

    pub(super) fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
            until: self.now + NOTICE_MS,
        });
    }

    fn label_of(&self, id: Uuid) -> String {
        self.convs
            .get(&id)
            .map_or_else(|| super::short_id(id), Conv::visitor_label)
    }

    // ---- connection ----

    fn on_connected(&mut self, epoch: String, heartbeat_secs: u64, fx: &mut Vec<Effect>) {
        let heartbeat_ms = i64::try_from(heartbeat_secs.clamp(1, 3600) * 1000).unwrap_or(25_000);
        self.link = Link::Online { heartbeat_ms };
        self.last_heard = self.now;
        self.last_ping = self.now;
        if self.epoch.as_ref().is_some_and(|e| *e != epoch) {
            // Another database: our seqs mean nothing there (docs/protocol.md).
            for c in self.convs.values_mut() {
                c.forget_messages();
            }
        }
        self.epoch = Some(epoch);
        if self.ever_connected {
            self.notify(s::RECONNECTED, false);
        } else if self.me.is_none() {
            fx.push(Effect::LoadIdentity);
        }
        self.ever_connected = true;
        fx.push(Effect::ListConversations);
        // Resume every conversation from what we hold, before resending, so
        // the acked messages arrive on a live stream.
        let mut ids: Vec<Uuid> = self
            .convs
            .values()
            .filter(|c| c.info.status == ConversationStatus::Open || Some(c.info.id) == self.open)
            .map(|c| c.info.id)
            .collect();
        ids.sort_by_key(|id| (Some(*id) != self.open, *id));
        for id in ids {
            self.subscribe(id, fx);
        }
        let now = self.now;
        for o in &mut self.outbox {
            if matches!(o.state, SendState::Waiting { .. } | SendState::Sent { .. }) {
                o.state = SendState::Sent { at: now };
                fx.push(send_effect(o));
            }
        }
    }

    fn on_disconnected(&mut self, reason: String, kind: DropKind, fx: &mut Vec<Effect>) {
        let attempt = match &self.link {
            Link::Connecting { attempt } => *attempt,
            Link::Online { .. } => 0,
            // Already handled (a dead socket we dropped ourselves).
            Link::Retrying { .. } | Link::Stopped { .. } | Link::Idle => return,
        };
        self.typing = None;
        for c in self.convs.values_mut() {
            c.sub = Sub::None;
            c.visitor_typing_until = None;
        }
        for o in &mut self.outbox {
            if let SendState::Sent { .. } = o.state {
                o.state = SendState::Waiting { at: 0 };
            }
        }
        match kind {
            DropKind::Retry => {
                let attempt = attempt + 1;
                let r = self.next_random();
                let delay = backoff_ms(attempt, r);
                self.link = Link::Retrying {
                    attempt,
                    at: self.now + i64::try_from(delay).unwrap_or(i64::MAX / 2),
                    reason,
                };
                fx.push(Effect::RetryAfter {
                    delay_ms: delay,
                    attempt,
                });
            }
            DropKind::Auth => {
                self.link = Link::Idle;
                self.screen = Screen::Login;
                let email = self.me.as_ref().map(|m| m.email.clone());
                self.login = LoginForm::new(email.as_deref());
                self.login.error = Some(format!("{} ({reason})", s::LOGIN_AGAIN));
            }
            DropKind::Fatal => self.link = Link::Stopped { reason },
        }
    }

    fn on_login(&mut self, r: Result<Identity, String>, fx: &mut Vec<Effect>) {
        self.login.busy = false;
        match r {
            Ok(me) => {
                if me.admin && self.widgets.is_empty() {
                    fx.push(Effect::LoadWidgets);
                }
                self.me = Some(me);
                self.login = LoginForm::new(self.me.as_ref().map(|m| m.email.as_str()));
                self.screen = Screen::Workspace;
                self.link = Link::Connecting { attempt: 0 };
                fx.push(Effect::Connect);
            }
            Err(e) => self.login.error = Some(e),
        }
    }

    fn subscribe(&mut self, id: Uuid, fx: &mut Vec<Effect>) {
        let now = self.now;
        if let Some(c) = self.convs.get_mut(&id) {
            c.sub = Sub::Requested(now);
            fx.push(Effect::Subscribe {
                conversation_id: id,
                last_seq: c.held,
            });
        }
    }

    fn on_tick(&mut self, now: i64, fx: &mut Vec<Effect>) {
        self.now = now;
        if self.notice.as_ref().is_some_and(|n| n.until <= now) {
            self.notice = None;
        }
        if let Some((conv, _, last_key)) = self.typing
            && now - last_key >= TYPING_IDLE_MS
        {
            self.typing = None;
            if self.link.online() {
                fx.push(Effect::Typing {
                    conversation_id: conv,
                    on: false,
                });
            }
        }
        let Link::Online { heartbeat_ms } = self.link else {
            return;
        };
        if now - self.last_heard > 2 * heartbeat_ms + 5_000 {
            // Pings go unanswered: the socket looks open but nothing flows.
            fx.push(Effect::Disconnect);
            self.on_disconnected("no answer from the server".into(), DropKind::Retry, fx);
            return;
        }
        if now - self.last_ping >= heartbeat_ms {
            self.last_ping = now;
            self.pings += 1;
            fx.push(Effect::Ping {
                nonce: format!("p{}", self.pings),
            });
        }
        for o in &mut self.outbox {
            let due = match o.state {
                SendState::Waiting { at } => at <= now,
                SendState::Sent { at } => now - at >= RESEND_MS,
                SendState::Acked { .. } | SendState::Failed { .. } => false,
            };
            if due {
                o.state = SendState::Sent { at: now };
                fx.push(send_effect(o));
            }
        }
        let stuck: Vec<Uuid> = self
            .convs
            .values()
            .filter(|c| matches!(c.sub, Sub::Requested(at) if now - at >= RESUBSCRIBE_MS))
            .map(|c| c.info.id)
            .collect();
        for id in stuck {
            self.subscribe(id, fx);
        }
    }

    // ---- server frames ----

    fn on_frame(&mut self, frame: ServerFrame, fx: &mut Vec<Effect>) {
        self.last_heard = self.now;
        match frame {
            ServerFrame::Message { message } => {
                let id = message.conversation_id;
                let open = self.open == Some(id);
                let Some(conv) = self.convs.get_mut(&id) else {
                    return;
                };
                let client_id = message.client_id.clone();
                let from_visitor = message.sender == SenderKind::Visitor;
                if !conv.insert(message) {
                    return;
                }
                if from_visitor {
                    conv.visitor_typing_until = None;
                }
                // News: anything after the first completed replay, including
                // what a replay after a reconnect brings.
                if from_visitor && conv.synced_once && !open {
                    conv.attention = true;
                    self.ring = true;
                }
                self.outbox
                    .retain(|o| !(o.conversation_id == id && o.client_id == client_id));
            }
            ServerFrame::Synced {
                conversation_id, ..
            } => {
                if let Some(c) = self.convs.get_mut(&conversation_id) {
                    c.sub = Sub::Live;
                    c.synced_once = true;
                }
            }
            ServerFrame::Ack {
                ack,
                conversation_id,
            } => {
                let held = self
                    .convs
                    .get(&conversation_id)
                    .is_some_and(|c| c.messages.contains_key(&ack.seq));
                if held {
                    self.outbox.retain(|o| o.client_id != ack.client_id);
                } else if let Some(o) = self
                    .outbox
                    .iter_mut()
                    .find(|o| o.client_id == ack.client_id)
                {
                    o.state = SendState::Acked { seq: ack.seq };
                }
            }
            ServerFrame::Typing {
                conversation_id,
                sender,
                on,
            } => {
                if sender != SenderKind::Visitor {
                    return;
                }
                let until = self.now + VISITOR_TYPING_MS;
                if let Some(c) = self.convs.get_mut(&conversation_id) {
                    c.visitor_typing_until = on.then_some(until);
                }
            }
            ServerFrame::Read {
                conversation_id,
                visitor_read_seq,
                agent_read_seq,
            } => {
                if let Some(c) = self.convs.get_mut(&conversation_id) {
                    c.info.visitor_read_seq = c.info.visitor_read_seq.max(visitor_read_seq);
                    c.info.agent_read_seq = c.info.agent_read_seq.max(agent_read_seq);
                }
            }
            ServerFrame::Conversation { conversation } => self.upsert(conversation, fx),
            ServerFrame::Presence { agents_online } => self.agents_online = Some(agents_online),
            ServerFrame::Error {
                code,
                message,
                client_id,
            } => self.on_error_frame(code, message, client_id),
            // Pong proves the path works (last_heard above); frames this
            // client does not know yet are ignored.
            _ => {}
        }
    }

    fn on_error_frame(
        &mut self,
        code: proto::ErrorCode,
        message: String,
        client_id: Option<String>,
    ) {
        use proto::ErrorCode as C;
        let Some(cid) = client_id else {
            self.notify(format!("{code}: {message}"), true);
            return;
        };
        let now = self.now;
        let Some(o) = self.outbox.iter_mut().find(|o| o.client_id == cid) else {
            return;
        };
        match code {
            C::RateLimited | C::Unavailable | C::Timeout | C::Internal => {
                o.state = SendState::Waiting {
                    at: now + BUSY_RETRY_MS,
                };
            }
            _ => {
                o.state = SendState::Failed {
                    reason: message.clone(),
                };
                self.notify(format!("{}: {message}", s::SEND_REFUSED), true);
            }
        }
    }

    /// Adds or refreshes a conversation from the list or a `conversation` event.
    fn upsert(&mut self, c: Conversation, fx: &mut Vec<Effect>) {
        let id = c.id;
        let online = self.link.online();
        if let Some(conv) = self.convs.get_mut(&id) {
            let was = conv.info.status;
            let (last, vr, ar) = (
                conv.info.last_seq,
                conv.info.visitor_read_seq,
                conv.info.agent_read_seq,
            );
            conv.info = c;
            conv.info.last_seq = conv.info.last_seq.max(last);
            conv.info.visitor_read_seq = conv.info.visitor_read_seq.max(vr);
            conv.info.agent_read_seq = conv.info.agent_read_seq.max(ar);
            let now_status = conv.info.status;
            let sub = conv.sub;
            if was == ConversationStatus::Open && now_status == ConversationStatus::Closed {
                if self.open == Some(id) {
                    self.notify(s::NOW_CLOSED, false);
                }
            } else if was == ConversationStatus::Closed && now_status == ConversationStatus::Open {
                conv.attention = self.open != Some(id);
                self.ring = true;
                self.notify(s::REOPENED, false);
                if online && sub == Sub::None {
                    self.subscribe(id, fx);
                }
            }
            return;
        }
        let open = c.status == ConversationStatus::Open;
        let mut conv = Conv::new(c);
        if self.loaded && open {
            conv.attention = true;
            self.ring = true;
            self.notify(
                format!("{}: {}", s::NEW_CONVERSATION, conv.visitor_label()),
                false,
            );
        }
        self.convs.insert(id, conv);
        if open && online {
            self.subscribe(id, fx);
        }
        if self.selected.is_none() {
            self.selected = Some(id);
        }
    }

    fn on_history(
        &mut self,
        id: Uuid,
        result: Result<proto::conversations::MessagePage, String>,
        fx: &mut Vec<Effect>,
    ) {
        let Some(conv) = self.convs.get_mut(&id) else {
            return;
        };
        conv.loading = false;
        match result {
            Ok(page) => {
                for m in page.messages {
                    conv.insert(m);
                }
                if page.more {
                    conv.loading = true;
                    fx.push(Effect::FetchHistory {
                        conversation_id: id,
                        after_seq: conv.held,
                    });
                }
            }
            Err(e) => self.notify(format!("{}: {e}", s::HISTORY_FAILED), true),
        }
    }

    // ---- keys ----

    fn on_key(&mut self, key: KeyEvent, fx: &mut Vec<Effect>) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if self.screen == Screen::Login {
            self.login_key(key, fx);
            return;
        }
        if let Some(ov) = self.overlay.clone() {
            self.overlay_key(ov, key, fx);
            return;
        }
        let scope = match self.focus {
            Pane::List => Scope::List,
            Pane::Transcript => Scope::Transcript,
            Pane::Composer => Scope::Composer,
        };
        match keys::action(scope, &key) {
            Some(a) => self.act(a, key, fx),
            None if self.focus == Pane::Composer => self.composer_input(key, fx),
            None => {}
        }
    }

    fn login_key(&mut self, key: KeyEvent, fx: &mut Vec<Effect>) {
        match keys::action(Scope::Login, &key) {
            Some(Action::NextField | Action::PrevField) => {
                self.login.field = match self.login.field {
                    LoginField::Email => LoginField::Password,
                    LoginField::Password => LoginField::Email,
                };
            }
            Some(Action::Submit) => {
                let email = self.login.email.lines().join("").trim().to_string();
                let password = self.login.password.lines().join("");
                if email.is_empty() {
                    self.login.field = LoginField::Email;
                } else if password.is_empty() {
                    self.login.field = LoginField::Password;
                } else if !self.login.busy {
                    self.login.busy = true;
                    self.login.error = None;
                    fx.push(Effect::Login { email, password });
                }
            }
            Some(Action::Quit) => self.request_quit(fx),
            _ => {
                // One-line fields: keys that would add a line are dropped.
                let newline = key.modifiers.contains(KeyModifiers::CONTROL)
                    && matches!(key.code, KeyCode::Char('m' | 'j'));
                if !newline && key.code != KeyCode::Enter {
                    self.login.focused_mut().input(key);
                }
            }
        }
    }

    fn overlay_key(&mut self, ov: Overlay, key: KeyEvent, fx: &mut Vec<Effect>) {
        match ov {
            Overlay::Help { scroll } => match keys::action(Scope::Help, &key) {
                Some(Action::Up) => {
                    self.overlay = Some(Overlay::Help {
                        scroll: scroll.saturating_sub(1),
                    });
                }
                Some(Action::Down) => {
                    let max = crate::ui::help_max_scroll(self.width, self.height);
                    self.overlay = Some(Overlay::Help {
                        scroll: (scroll + 1).min(max),
                    });
                }
                Some(Action::Help) => self.overlay = None,
                Some(Action::Quit) => {
                    self.overlay = None;
                    self.request_quit(fx);
                }
                _ => {}
            },
            Overlay::ConfirmClose(id) => match keys::action(Scope::Dialog, &key) {
                Some(Action::Confirm) => {
                    self.overlay = None;
                    fx.push(Effect::CloseConversation {
                        conversation_id: id,
                    });
                }
                Some(Action::Cancel) => self.overlay = None,
                Some(Action::Quit) => {
                    self.overlay = None;
                    self.request_quit(fx);
                }
                _ => {}
            },
            Overlay::ConfirmQuit => match keys::action(Scope::Dialog, &key) {
                Some(Action::Confirm | Action::Quit) => fx.push(Effect::Quit),
                Some(Action::Cancel) => self.overlay = None,
                _ => {}
            },
        }
    }

    fn request_quit(&mut self, fx: &mut Vec<Effect>) {
        if self.unsaved().is_empty() {
            fx.push(Effect::Quit);
        } else {
            self.overlay = Some(Overlay::ConfirmQuit);
        }
    }

    fn panes(&self) -> Vec<Pane> {
        let mut p = vec![Pane::List];
        if self.open.is_some() {
            p.push(Pane::Transcript);
            p.push(Pane::Composer);
        }
        p
    }

    fn set_focus(&mut self, pane: Pane, fx: &mut Vec<Effect>) {
        if self.focus == Pane::Composer && pane != Pane::Composer {
            self.typing_off(fx);
        }
        self.focus = pane;
    }

    fn act(&mut self, a: Action, key: KeyEvent, fx: &mut Vec<Effect>) {
        match a {
            Action::Quit => self.request_quit(fx),
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::NextPane | Action::PrevPane => {
                let panes = self.panes();
                let i = panes.iter().position(|p| *p == self.focus).unwrap_or(0);
                let n = panes.len();
                let j = if a == Action::NextPane {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                self.set_focus(panes[j], fx);
            }
            Action::Up | Action::Down | Action::Top | Action::Bottom
                if self.focus == Pane::List =>
            {
                self.move_selection(a);
            }
            Action::Up => self.scroll_by(1),
            Action::Down => self.scroll_by(-1),
            Action::PageUp => self.scroll_by(i32::from(self.page())),
            Action::PageDown => self.scroll_by(-i32::from(self.page())),
            Action::Top => self.scroll_by(i32::from(u16::MAX)),
            Action::Bottom => self.scroll = 0,
            Action::Open => {
                if let Some(id) = self.selected {
                    self.open_conversation(id, fx);
                    self.set_focus(Pane::Composer, fx);
                }
            }
            Action::Back => match self.focus {
                Pane::Composer => self.set_focus(Pane::Transcript, fx),
                Pane::Transcript | Pane::List => self.set_focus(Pane::List, fx),
            },
            Action::Compose => {
                if self.open.is_none()
                    && let Some(id) = self.selected
                {
                    self.open_conversation(id, fx);
                }
                if self.open.is_some() {
                    self.set_focus(Pane::Composer, fx);
                }
            }
            Action::CloseConversation => {
                let target = if self.focus == Pane::List {
                    self.selected
                } else {
                    self.open.or(self.selected)
                };
                if let Some(id) = target
                    && let Some(c) = self.convs.get(&id)
                {
                    if c.info.status == ConversationStatus::Open {
                        self.overlay = Some(Overlay::ConfirmClose(id));
                    } else {
                        self.notify(format!("{} is closed already.", c.visitor_label()), false);
                    }
                }
            }
            Action::NextAttention => self.next_attention(fx),
            Action::ToggleDetails => self.show_details = Some(!self.details_visible()),
            Action::Reconnect => match self.link {
                Link::Retrying { attempt, .. } => {
                    self.link = Link::Connecting { attempt };
                    fx.push(Effect::Connect);
                }
                Link::Stopped { .. } => {
                    self.link = Link::Connecting { attempt: 0 };
                    fx.push(Effect::Connect);
                }
                Link::Idle | Link::Connecting { .. } | Link::Online { .. } => {}
            },
            Action::Send => self.send_draft(fx),
            Action::Newline => {
                if let Some(t) = self.draft_mut() {
                    t.insert_newline();
                    self.typed(fx);
                }
            }
            Action::HistoryPrev | Action::HistoryNext => {
                let recalling = self.history.pos.is_some();
                let empty = self.draft_mut().is_none_or(|t| t.is_empty());
                if recalling || (empty && a == Action::HistoryPrev) {
                    self.recall(a == Action::HistoryPrev);
                } else {
                    self.composer_input(key, fx);
                }
            }
            Action::Confirm
            | Action::Cancel
            | Action::NextField
            | Action::PrevField
            | Action::Submit => {}
        }
    }

    fn page(&self) -> u16 {
        self.height.saturating_sub(10).max(3)
    }

    fn scroll_by(&mut self, delta: i32) {
        let v = i32::from(self.scroll)
            .saturating_add(delta)
            .clamp(0, i32::from(u16::MAX));
        self.scroll = u16::try_from(v).unwrap_or(0);
        self.clamp_scroll();
    }

    fn clamp_scroll(&mut self) {
        let max = crate::ui::transcript_max_scroll(self);
        self.scroll = self.scroll.min(max);
    }

    fn move_selection(&mut self, a: Action) {
        let order = self.order();
        if order.is_empty() {
            return;
        }
        let i = self
            .selected
            .and_then(|id| order.iter().position(|x| *x == id));
        let last = order.len() - 1;
        let j = match (a, i) {
            (Action::Top, _) | (_, None) => 0,
            (Action::Bottom, _) => last,
            (Action::Up, Some(i)) => i.saturating_sub(1),
            (_, Some(i)) => (i + 1).min(last),
        };
        self.selected = Some(order[j]);
    }

    fn fix_selection(&mut self) {
        if self.selected.is_none_or(|id| !self.convs.contains_key(&id)) {
            self.selected = self.order().first().copied();
        }
    }

    fn next_attention(&mut self, fx: &mut Vec<Effect>) {
        let order = self.order();
        let start = self
            .open
            .or(self.selected)
            .and_then(|id| order.iter().position(|x| *x == id))
            .map_or(0, |i| i + 1);
        let wants = |id: &Uuid| {
            self.convs
                .get(id)
                .is_some_and(|c| c.attention || c.unread() > 0)
        };
        let rotated = order[start.min(order.len())..]
            .iter()
            .chain(order[..start.min(order.len())].iter());
        let pick = rotated
            .clone()
            .find(|id| wants(id) && Some(**id) != self.open)
            .or_else(|| {
                rotated.clone().find(|id| {
                    Some(**id) != self.open
                        && self.convs.get(id).is_some_and(|c| c.lane() == Lane::Queue)
                })
            })
            .copied();
        if let Some(id) = pick {
            self.open_conversation(id, fx);
            self.set_focus(Pane::Composer, fx);
        }
    }

    /// Shows a conversation in the middle pane, streaming it if needed.
    fn open_conversation(&mut self, id: Uuid, fx: &mut Vec<Effect>) {
        self.selected = Some(id);
        if self.open == Some(id) {
            return;
        }
        self.typing_off(fx);
        self.open = Some(id);
        self.scroll = 0;
        self.history.pos = None;
        self.drafts.entry(id).or_insert_with(new_draft);
        let online = self.link.online();
        let Some(conv) = self.convs.get_mut(&id) else {
            return;
        };
        conv.attention = false;
        if online && conv.sub == Sub::None {
            self.subscribe(id, fx);
        } else if !online && !conv.loading {
            // The socket is down; REST may still answer.
            conv.loading = true;
            fx.push(Effect::FetchHistory {
                conversation_id: id,
                after_seq: conv.held,
            });
        }
    }

    // ---- composer ----

    fn draft_mut(&mut self) -> Option<&mut TextArea<'static>> {
        let id = self.open?;
        Some(self.drafts.entry(id).or_insert_with(new_draft))
    }

    fn composer_input(&mut self, key: KeyEvent, fx: &mut Vec<Effect>) {
        let Some(t) = self.draft_mut() else {
            return;
        };
        if t.input(key) {
            self.history.pos = None;
            self.typed(fx);
        }
    }

    fn on_paste(&mut self, text: &str, fx: &mut Vec<Effect>) {
        if self.screen == Screen::Login {
            let line: String = text.lines().next().unwrap_or_default().to_string();
            self.login.focused_mut().insert_str(line);
            return;
        }
        if self.overlay.is_some() || self.open.is_none() {
            return;
        }
        self.set_focus(Pane::Composer, fx);
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        if let Some(t) = self.draft_mut()
            && t.insert_str(text)
        {
            self.history.pos = None;
            self.typed(fx);
        }
    }

    /// The agent changed the draft: tell the visitor, at most every few seconds.
    fn typed(&mut self, fx: &mut Vec<Effect>) {
        let Some(id) = self.open else { return };
        let now = self.now;
        match &mut self.typing {
            Some((conv, sent, last)) if *conv == id => {
                *last = now;
                if now - *sent < TYPING_REPEAT_MS {
                    return;
                }
                *sent = now;
            }
            _ => self.typing = Some((id, now, now)),
        }
        if self.link.online() {
            fx.push(Effect::Typing {
                conversation_id: id,
                on: true,
            });
        }
    }

    fn typing_off(&mut self, fx: &mut Vec<Effect>) {
        if let Some((conv, _, _)) = self.typing.take()
            && self.link.online()
        {
            fx.push(Effect::Typing {
                conversation_id: conv,
                on: false,
            });
        }
    }

    fn recall(&mut self, older: bool) {
        let n = self.history.entries.len();
        if n == 0 {
            return;
        }
        let pos = match (self.history.pos, older) {
            (None, true) => Some(n - 1),
            (None, false) => None,
            (Some(p), true) => Some(p.saturating_sub(1)),
            (Some(p), false) if p + 1 < n => Some(p + 1),
            (Some(_), false) => None,
        };
        let text = pos.map(|p| self.history.entries[p].clone());
        if let Some(t) = self.draft_mut() {
            let mut fresh = new_draft();
            if let Some(text) = text {
                fresh.insert_str(text);
            }
            *t = fresh;
        }
        self.history.pos = pos;
    }

    fn send_draft(&mut self, fx: &mut Vec<Effect>) {
        let Some(id) = self.open else { return };
        let Some(t) = self.drafts.get(&id) else {
            return;
        };
        let body = t.lines().join("\n");
        let body = body.trim_end().trim_start_matches(['\n', '\r']).to_string();
        if body.trim().is_empty() {
            return;
        }
        if body.chars().count() > MAX_BODY_CHARS {
            self.notify(s::TOO_LONG, true);
            return;
        }
        let client_id = self.new_client_id();
        let mut o = Outgoing {
            client_id,
            conversation_id: id,
            body: body.clone(),
            created_at: self.now,
            state: SendState::Waiting { at: 0 },
        };
        if self.link.online() {
            o.state = SendState::Sent { at: self.now };
            fx.push(send_effect(&o));
        }
        self.outbox.push(o);
        if self.history.entries.last() != Some(&body) {
            self.history.entries.push(body);
            if self.history.entries.len() > HISTORY_MAX {
                self.history.entries.remove(0);
            }
        }
        self.history.pos = None;
        self.drafts.insert(id, new_draft());
        self.typing_off(fx);
        self.scroll = 0;
    }
}

fn send_effect(o: &Outgoing) -> Effect {
    Effect::Send {
        conversation_id: o.conversation_id,
        client_id: o.client_id.clone(),
        body: o.body.clone(),
    }
}
