//! `App::update`: one message in, state changed, effects out.

use super::{
    App, Conv, DropKind, Effect, Identity, Lane, Link, LoginField, LoginForm, Msg, Notice, Op,
    Outgoing, Overlay, Pane, Pending, Picker, Screen, SendState, Sub, View, backoff_ms,
    reason_label,
};
use crate::bell::BellKind;
use crate::keys::{self, Action, Scope};
use crate::strings as s;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use proto::auth::{Role, User};
use proto::conversations::{
    Conversation, ConversationStatus, MAX_BODY_CHARS, Phase, PresenceStatus, SenderKind,
};
use proto::frames::ServerFrame;
use ratatui_textarea::TextArea;
use std::collections::HashSet;
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
/// How long a lost accept stays in the status bar.
const LOST_NOTICE_MS: i64 = 15_000;
/// An error frame this much younger than a command is taken as its answer.
const COMMAND_WINDOW_MS: i64 = 15_000;
/// An accept with no outcome after this long is sent again.
const ACCEPT_RESEND_MS: i64 = 20_000;
/// The supervisor's statistics are read again after this long.
const STATS_REFRESH_MS: i64 = 60_000;
/// Longest assistant answer in progress kept.
const AI_PARTIAL_MAX: usize = 4_000;

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
            Msg::Identity(me) => self.on_identity(me, &mut fx),
            Msg::Connected {
                epoch,
                heartbeat_secs,
                user_id,
            } => {
                if user_id.is_some() {
                    self.user_id = user_id;
                }
                self.on_connected(epoch, heartbeat_secs, &mut fx);
            }
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
            Msg::Users(r) => self.on_users(r),
            // Without the members every agent is offered; chatd refuses
            // the ones that do not work on the widget.
            Msg::Members { widget_id, result } => {
                if let Ok(ids) = result {
                    self.members.insert(widget_id, ids);
                }
            }
            Msg::Canned { widget_id, result } => self.on_canned(widget_id, result),
            Msg::Notes {
                conversation_id,
                result,
            } => self.on_notes(conversation_id, result),
            Msg::NoteAdded {
                conversation_id,
                body,
                result,
            } => self.on_note_added(conversation_id, &body, result),
            Msg::VisitorHistory { visitor_id, result } => {
                self.on_visitor_history(visitor_id, result);
            }
            Msg::SearchResults {
                seq,
                next_page,
                result,
            } => self.on_search_results(seq, next_page, result),
            Msg::Stats(r) => {
                if let Err(e) = &r {
                    self.notify(format!("{}: {e}", s::STATS_FAILED), true);
                }
                self.stats = Some(r);
            }
        }
        self.finish(&mut fx);
        fx
    }

    fn on_identity(&mut self, me: Identity, fx: &mut Vec<Effect>) {
        if me.admin && self.widgets.is_empty() {
            fx.push(Effect::LoadWidgets);
        }
        let a = self.agents.entry(me.user_id).or_default();
        a.name = Some(me.name.clone());
        a.email = Some(me.email.clone());
        a.admin = me.admin;
        self.me = Some(me);
    }

    fn on_users(&mut self, r: Result<Vec<User>, String>) {
        self.users_loading = false;
        match r {
            Ok(users) => {
                self.users_loaded = true;
                for u in users {
                    let a = self.agents.entry(u.id).or_default();
                    a.name = Some(u.name);
                    a.email = Some(u.email);
                    a.admin = u.role == Role::Admin;
                    a.disabled = u.disabled;
                    a.listed = true;
                }
            }
            Err(e) => self.notify(e, true),
        }
    }

    fn load_users(&mut self, fx: &mut Vec<Effect>) {
        if self.is_admin() && !self.users_loaded && !self.users_loading {
            self.users_loading = true;
            fx.push(Effect::LoadUsers);
        }
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
        // Once per update, for the loudest news (`ring` takes the max).
        if let Some(kind) = self.ring.take()
            && self.cfg.bell.rings(kind)
        {
            fx.push(Effect::Bell);
        }
    }

    pub(super) fn notify(&mut self, text: impl Into<String>, error: bool) {
        self.notify_for(text, error, NOTICE_MS);
    }

    fn notify_for(&mut self, text: impl Into<String>, error: bool, ms: i64) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
            until: self.now + ms,
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
        // Notes written while the socket was down come with no event.
        if let Some(id) = self.open {
            self.load_notes(id, fx);
        }
        // A new socket is online for chatd; away must be said again.
        if self.presence == PresenceStatus::Away {
            fx.push(Effect::SetPresence {
                status: PresenceStatus::Away,
            });
        }
        // Accepts whose outcome was lost with the old socket: asking again
        // is safe ("already taken by you" counts as success).
        let now = self.now;
        for p in &mut self.pending {
            if p.op == Op::Accept && p.settled.is_none() {
                p.at = now;
                fx.push(Effect::Accept {
                    conversation_id: p.conversation_id,
                });
            }
        }
        let held = self.held();
        for o in &mut self.outbox {
            if held.contains(&o.conversation_id) {
                continue;
            }
            if matches!(o.state, SendState::Waiting { .. } | SendState::Sent { .. }) {
                o.state = SendState::Sent { at: now };
                fx.push(send_effect(o));
            }
        }
    }

    /// Conversations whose replies wait for an accept.
    fn held(&self) -> HashSet<Uuid> {
        self.pending
            .iter()
            .filter(|p| p.op == Op::Accept && p.settled.is_none())
            .map(|p| p.conversation_id)
            .collect()
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
            c.ai_partial = None;
        }
        // Presence is per socket: what was seen is stale now.
        for a in self.agents.values_mut() {
            a.status = None;
        }
        // Transfers and returns are not repeated blindly; the list that
        // follows the reconnect shows where they stand.
        self.pending.retain(|p| p.op == Op::Accept);
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
        let depth = self.queue_depth() as u64;
        self.activity.queue_depth(depth, now);
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
        let held = self.held();
        for o in &mut self.outbox {
            let due = match o.state {
                _ if held.contains(&o.conversation_id) => false,
                SendState::Waiting { at } => at <= now,
                SendState::Sent { at } => now - at >= RESEND_MS,
                SendState::Acked { .. } | SendState::Failed { .. } => false,
            };
            if due {
                o.state = SendState::Sent { at: now };
                fx.push(send_effect(o));
            }
        }
        for p in &mut self.pending {
            if p.op == Op::Accept && p.settled.is_none() && now - p.at >= ACCEPT_RESEND_MS {
                p.at = now;
                fx.push(Effect::Accept {
                    conversation_id: p.conversation_id,
                });
            }
        }
        self.pending.retain(|p| match (p.op, p.settled) {
            (_, Some(at)) => now - at < COMMAND_WINDOW_MS,
            (Op::Accept, None) => true,
            (_, None) => now - p.at < 2 * COMMAND_WINDOW_MS,
        });
        if self.view == View::Supervisor
            && self.stats_at.is_none_or(|at| now - at >= STATS_REFRESH_MS)
        {
            self.stats_at = Some(now);
            fx.push(Effect::LoadStats);
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
                let me = self.my_id();
                if let (Some(a), Some(name)) = (message.author_id, &message.author_name) {
                    let agent = self.agents.entry(a).or_default();
                    if agent.name.is_none() {
                        agent.name = Some(name.clone());
                    }
                }
                let Some(conv) = self.convs.get_mut(&id) else {
                    return;
                };
                let client_id = message.client_id.clone();
                let sender = message.sender;
                let at = message.created_at;
                if !conv.insert(message) {
                    return;
                }
                match sender {
                    SenderKind::Visitor => conv.visitor_typing_until = None,
                    SenderKind::Ai => conv.ai_partial = None,
                    SenderKind::Agent | SenderKind::System => {}
                }
                // News: anything after the first completed replay, including
                // what a replay after a reconnect brings, in a conversation
                // waiting for a person or mine. The assistant's and other
                // agents' conversations stay quiet.
                let lane = conv.lane(me);
                if sender == SenderKind::Visitor
                    && conv.synced_once
                    && !open
                    && matches!(lane, Lane::Queue | Lane::Mine)
                {
                    conv.attention = true;
                    self.ring = self.ring.max(Some(BellKind::Message));
                }
                if sender != SenderKind::System {
                    self.activity.message(at, self.now);
                }
                self.outbox
                    .retain(|o| !(o.conversation_id == id && o.client_id == client_id));
            }
            ServerFrame::AiDelta {
                conversation_id,
                text,
            } => {
                if let Some(c) = self.convs.get_mut(&conversation_id) {
                    let p = c.ai_partial.get_or_insert_with(String::new);
                    if p.len() + text.len() <= AI_PARTIAL_MAX {
                        p.push_str(&text);
                    }
                }
            }
            ServerFrame::Note { note } => {
                let id = note.conversation_id;
                self.add_notes(id, vec![note]);
            }
            ServerFrame::AgentPresence { user_id, status } => {
                self.agents.entry(user_id).or_default().status = Some(status);
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
            ServerFrame::Conversation { conversation } => {
                self.upsert(conversation, fx);
                self.fix_selection();
            }
            ServerFrame::Error {
                code,
                message,
                client_id,
            } => self.on_error_frame(code, message, client_id, fx),
            // Pong proves the path works (last_heard above); `presence`
            // counts go to visitors; frames this client does not know yet
            // are ignored.
            _ => {}
        }
    }

    fn on_error_frame(
        &mut self,
        code: proto::ErrorCode,
        message: String,
        client_id: Option<String>,
        fx: &mut Vec<Effect>,
    ) {
        use proto::ErrorCode as C;
        let Some(cid) = client_id else {
            self.on_command_error(code, message, fx);
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

    /// An error frame without a client id: the answer to a command. chatd
    /// does not say which conversation it was about, so it is matched to
    /// the oldest command still waiting (a `conflict` on accept to an accept).
    fn on_command_error(&mut self, code: proto::ErrorCode, message: String, fx: &mut Vec<Effect>) {
        use proto::ErrorCode as C;
        if matches!(
            code,
            C::RateLimited | C::Unavailable | C::Timeout | C::Internal
        ) {
            // Passing trouble, perhaps with another frame: an accept is
            // asked again on its own; the rest the agent can repeat.
            self.notify(format!("{code}: {message}"), true);
            return;
        }
        let now = self.now;
        let taken = code == C::Conflict && message.starts_with("already taken by");
        let fresh = |p: &Pending| p.settled.is_none() && now - p.at < COMMAND_WINDOW_MS;
        let i = if taken {
            self.pending
                .iter()
                .position(|p| p.op == Op::Accept && p.settled.is_none())
        } else {
            self.pending.iter().position(fresh)
        };
        let Some(i) = i else {
            if taken
                && let Some(j) = self
                    .pending
                    .iter()
                    .position(|p| p.op == Op::Accept && p.settled.is_some())
            {
                // Reported already, when the event showed who took it; the
                // refusal may name an agent this client did not know.
                let id = self.pending.remove(j).conversation_id;
                if self.learn_holder(id, &message) {
                    let who = self.label_of(id);
                    self.notify_for(format!("{who}: {message}"), true, LOST_NOTICE_MS);
                }
                return;
            }
            self.notify(format!("{code}: {message}"), true);
            return;
        };
        let p = self.pending.remove(i);
        let id = p.conversation_id;
        if p.op == Op::Accept && message == "already taken by you" {
            self.release(id, fx);
            return;
        }
        let who = self.label_of(id);
        if p.op == Op::Accept {
            if taken {
                self.learn_holder(id, &message);
            }
            self.fail_held(id, &message);
            self.notify_for(format!("{who}: {message}"), true, LOST_NOTICE_MS);
        } else {
            self.notify(format!("{} ({who}): {message}", p.op.label()), true);
        }
    }

    /// "already taken by Bea": remembers Bea's name for the agent holding
    /// `id`, when only the id was known; true if it was news.
    fn learn_holder(&mut self, id: Uuid, message: &str) -> bool {
        let Some(name) = message
            .strip_prefix("already taken by ")
            .map(str::trim)
            .filter(|n| !n.is_empty() && *n != "you" && *n != "another agent")
        else {
            return false;
        };
        let me = self.my_id();
        let Some(holder) = self
            .convs
            .get(&id)
            .and_then(|c| c.info.assigned_agent_id)
            .filter(|a| Some(*a) != me)
        else {
            return false;
        };
        let a = self.agents.entry(holder).or_default();
        if a.name.is_some() {
            return false;
        }
        a.name = Some(name.to_string());
        true
    }

    /// An accept succeeded: the replies typed meanwhile go out.
    fn release(&mut self, id: Uuid, fx: &mut Vec<Effect>) {
        self.pending
            .retain(|p| !(p.conversation_id == id && p.op == Op::Accept));
        if !self.link.online() {
            return;
        }
        let now = self.now;
        for o in &mut self.outbox {
            if o.conversation_id == id && matches!(o.state, SendState::Waiting { .. }) {
                o.state = SendState::Sent { at: now };
                fx.push(send_effect(o));
            }
        }
    }

    /// An accept failed: the replies typed meanwhile are not sent.
    fn fail_held(&mut self, id: Uuid, reason: &str) {
        for o in &mut self.outbox {
            if o.conversation_id == id && matches!(o.state, SendState::Waiting { .. }) {
                o.state = SendState::Failed {
                    reason: reason.to_string(),
                };
            }
        }
    }

    /// Matches a conversation's new state against the commands waiting for it.
    fn settle(&mut self, c: &Conversation, fx: &mut Vec<Effect>) {
        let me = self.my_id();
        let id = c.id;
        let who = self.label_of(id);
        let now = self.now;
        let to_name = c
            .assigned_agent_id
            .map(|a| self.agent_name(a))
            .unwrap_or_default();
        let mut released = false;
        let mut lost: Option<String> = None;
        let mut notes: Vec<String> = Vec::new();
        // Only a name this client knows; chatd's refusal may name the agent later.
        let holder = c.assigned_agent_id.and_then(|a| {
            if Some(a) == me {
                return Some(self.agent_name(a));
            }
            self.agents.get(&a).and_then(|x| x.name.clone())
        });
        self.pending.retain_mut(|p| {
            if p.conversation_id != id || p.settled.is_some() {
                return true;
            }
            let assigned = c.phase == Phase::Assigned && c.status == ConversationStatus::Open;
            match p.op {
                Op::Accept if assigned && c.assigned_agent_id == me => {
                    released = true;
                    false
                }
                Op::Accept if assigned || c.status == ConversationStatus::Closed => {
                    let why = if c.status == ConversationStatus::Closed {
                        "the conversation is closed".to_string()
                    } else {
                        format!(
                            "already taken by {}",
                            holder.clone().unwrap_or_else(|| "another agent".into())
                        )
                    };
                    lost = Some(why);
                    p.settled = Some(now);
                    true
                }
                Op::Transfer { to } if assigned && c.assigned_agent_id == Some(to) => {
                    notes.push(format!("Handed {who} to {to_name}."));
                    false
                }
                Op::ReturnToAi if c.phase == Phase::Ai => {
                    notes.push(format!("{who} is back with the assistant."));
                    false
                }
                _ => true,
            }
        });
        if released {
            self.release(id, fx);
        }
        if let Some(why) = lost {
            self.fail_held(id, &why);
            self.notify_for(format!("{who}: {why}"), true, LOST_NOTICE_MS);
        }
        if let Some(n) = notes.pop() {
            self.notify(n, false);
        }
    }

    /// Adds or refreshes a conversation from the list or a `conversation` event.
    fn upsert(&mut self, c: Conversation, fx: &mut Vec<Effect>) {
        let id = c.id;
        let online = self.link.online();
        let me = self.my_id();
        // My own commands' outcomes are reported by `settle`, not as news.
        let mine_by_request = self.accepting(id);
        let moved_by_me = self
            .pending
            .iter()
            .any(|p| p.conversation_id == id && p.op != Op::Accept);
        let holder = c.assigned_agent_id.map(|a| self.agent_name(a));
        self.settle(&c, fx);
        if let Some(conv) = self.convs.get_mut(&id) {
            let was = conv.info.status;
            let was_lane = conv.lane(me);
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
            let lane = conv.lane(me);
            let sub = conv.sub;
            let is_open = self.open == Some(id);
            if was == ConversationStatus::Open && now_status == ConversationStatus::Closed {
                if is_open {
                    self.notify(s::NOW_CLOSED, false);
                }
            } else if was == ConversationStatus::Closed && now_status == ConversationStatus::Open {
                conv.attention = !is_open;
                self.ring = self.ring.max(Some(BellKind::Work));
                self.notify(s::REOPENED, false);
                if online && sub == Sub::None {
                    self.subscribe(id, fx);
                }
            } else if lane != was_lane && self.loaded {
                match lane {
                    Lane::Queue => {
                        conv.attention = !is_open;
                        self.ring = self.ring.max(Some(BellKind::Work));
                        let text = news(s::NOW_WAITING, conv);
                        self.notify(text, false);
                    }
                    Lane::Mine if !mine_by_request => {
                        conv.attention = !is_open;
                        self.ring = self.ring.max(Some(BellKind::Work));
                        let text = news(s::ASSIGNED_TO_YOU, conv);
                        self.notify(text, false);
                    }
                    // Someone else moved my conversation (an admin's transfer).
                    Lane::Others if was_lane == Lane::Mine && !moved_by_me => {
                        let who = conv.visitor_label();
                        let text = match (conv.info.phase, holder) {
                            (Phase::Assigned, Some(h)) => format!("{who} was handed to {h}."),
                            _ => format!("{who} went back to the assistant."),
                        };
                        self.notify(text, false);
                    }
                    _ => {}
                }
            }
            self.sample_queue();
            return;
        }
        let open = c.status == ConversationStatus::Open;
        let mut conv = Conv::new(c);
        if self.loaded && open {
            let headline = match conv.lane(me) {
                Lane::Queue => Some(s::NOW_WAITING),
                Lane::Mine => Some(s::ASSIGNED_TO_YOU),
                // A new chat with the assistant is not news for a person yet.
                Lane::Others | Lane::Closed => None,
            };
            if let Some(h) = headline {
                conv.attention = true;
                self.ring = self.ring.max(Some(BellKind::Work));
                self.notify(news(h, &conv), false);
            }
        }
        self.convs.insert(id, conv);
        if open && online {
            self.subscribe(id, fx);
        }
        self.sample_queue();
    }

    fn sample_queue(&mut self) {
        let depth = self.queue_depth() as u64;
        self.activity.queue_depth(depth, self.now);
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
        if self.view == View::Supervisor {
            if let Some(a) = keys::action(Scope::Supervisor, &key) {
                self.act(a, key, fx);
            }
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
            Overlay::ConfirmReturn(id) => match keys::action(Scope::Dialog, &key) {
                Some(Action::Confirm) => {
                    self.overlay = None;
                    self.command(Op::ReturnToAi, id, fx);
                }
                Some(Action::Cancel) => self.overlay = None,
                Some(Action::Quit) => {
                    self.overlay = None;
                    self.request_quit(fx);
                }
                _ => {}
            },
            Overlay::Transfer(p) => self.picker_key(p, key, fx),
            Overlay::Canned(p) => self.canned_key(p, key, fx),
            Overlay::Search => self.search_key(key, fx),
            Overlay::Note => self.note_key(key, fx),
            Overlay::ConfirmQuit => match keys::action(Scope::Dialog, &key) {
                Some(Action::Confirm | Action::Quit) => fx.push(Effect::Quit),
                Some(Action::Cancel) => self.overlay = None,
                _ => {}
            },
        }
    }

    fn picker_key(&mut self, mut p: Picker, key: KeyEvent, fx: &mut Vec<Effect>) {
        let n = self.transfer_candidates(&p).len();
        match keys::action(Scope::Picker, &key) {
            Some(Action::Up) => p.cursor = p.cursor.saturating_sub(1),
            Some(Action::Down) => p.cursor = (p.cursor + 1).min(n.saturating_sub(1)),
            Some(Action::Confirm) => {
                let pick = self.transfer_candidates(&p).get(p.cursor).cloned();
                if let Some(c) = pick {
                    self.overlay = None;
                    self.command(Op::Transfer { to: c.user_id }, p.conversation_id, fx);
                    return;
                }
            }
            Some(Action::Cancel) => {
                self.overlay = None;
                return;
            }
            Some(Action::Quit) => {
                self.overlay = None;
                self.request_quit(fx);
                return;
            }
            _ => match key.code {
                KeyCode::Backspace => {
                    p.query.pop();
                    p.cursor = 0;
                }
                KeyCode::Char(ch)
                    if !key
                        .modifiers
                        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
                        && p.query.chars().count() < 80 =>
                {
                    p.query.push(ch);
                    p.cursor = 0;
                }
                _ => {}
            },
        }
        self.overlay = Some(Overlay::Transfer(p));
    }

    /// Sends a conversation command and remembers it for its outcome.
    fn command(&mut self, op: Op, id: Uuid, fx: &mut Vec<Effect>) {
        if op == Op::Accept && self.accepting(id) {
            return;
        }
        self.pending.push(Pending {
            op,
            conversation_id: id,
            at: self.now,
            settled: None,
        });
        fx.push(match op {
            Op::Accept => Effect::Accept {
                conversation_id: id,
            },
            Op::Transfer { to } => Effect::Transfer {
                conversation_id: id,
                to_user_id: to,
            },
            Op::ReturnToAi => Effect::ReturnToAi {
                conversation_id: id,
            },
        });
    }

    /// The conversation a command acts on: the selected one in the list,
    /// else the open one.
    pub(super) fn target(&self) -> Option<Uuid> {
        if self.focus == Pane::List {
            self.selected
        } else {
            self.open.or(self.selected)
        }
    }

    fn accept(&mut self, fx: &mut Vec<Effect>) {
        let Some(id) = self.target() else { return };
        let Some(c) = self.convs.get(&id) else { return };
        let who = c.visitor_label();
        if c.acceptable() {
            if !self.link.online() {
                // Sent after the reconnect, with any reply typed meanwhile.
                self.notify(format!("{who}: accepting once reconnected"), false);
            }
            self.command(Op::Accept, id, fx);
            self.open_conversation(id, fx);
            self.set_focus(Pane::Composer, fx);
            return;
        }
        let holder = c.info.assigned_agent_id;
        if self.lane_of(c) == Lane::Others
            && let Some(a) = holder
            && self.agents.get(&a).is_none_or(|x| x.name.is_none())
        {
            // Taken by an agent whose name this client never saw: chatd's
            // refusal says who it is.
            self.command(Op::Accept, id, fx);
            return;
        }
        let text = match self.lane_of(c) {
            Lane::Mine => format!("{who} {}", s::YOURS_ALREADY),
            Lane::Closed => format!("{who}: the conversation is closed"),
            Lane::Others | Lane::Queue => format!(
                "{who}: already taken by {}",
                c.info
                    .assigned_agent_id
                    .map_or_else(|| "another agent".into(), |a| self.agent_name(a))
            ),
        };
        let error = self.lane_of(c) != Lane::Mine;
        self.notify(text, error);
    }

    fn transfer(&mut self, fx: &mut Vec<Effect>) {
        let Some(id) = self.target() else { return };
        let Some(c) = self.convs.get(&id) else { return };
        if c.info.status != ConversationStatus::Open || c.info.phase != Phase::Assigned {
            self.notify(s::TRANSFER_NOT_ASSIGNED, true);
            return;
        }
        let widget = c.info.widget_id;
        if self.is_admin() {
            self.load_users(fx);
            if !self.members.contains_key(&widget) {
                fx.push(Effect::LoadMembers { widget_id: widget });
            }
        }
        self.overlay = Some(Overlay::Transfer(Picker {
            conversation_id: id,
            query: String::new(),
            cursor: 0,
        }));
    }

    fn return_to_ai(&mut self) {
        let Some(id) = self.target() else { return };
        let Some(c) = self.convs.get(&id) else { return };
        if c.info.status == ConversationStatus::Open
            && matches!(c.info.phase, Phase::Queued | Phase::Assigned)
        {
            self.overlay = Some(Overlay::ConfirmReturn(id));
        } else {
            let who = c.visitor_label();
            self.notify(format!("{who} {}", s::RETURN_NOT_POSSIBLE), true);
        }
    }

    fn toggle_presence(&mut self, fx: &mut Vec<Effect>) {
        let next = match self.my_presence() {
            PresenceStatus::Online => PresenceStatus::Away,
            PresenceStatus::Away | PresenceStatus::Offline => PresenceStatus::Online,
        };
        self.presence = next;
        if let Some(me) = self.my_id()
            && let Some(a) = self.agents.get_mut(&me)
            && a.status.is_some()
        {
            // Shown at once; chatd's event confirms it.
            a.status = Some(next);
        }
        if self.link.online() {
            fx.push(Effect::SetPresence { status: next });
        }
        self.notify(
            if next == PresenceStatus::Away {
                s::NOW_AWAY
            } else {
                s::NOW_ONLINE
            },
            false,
        );
    }

    fn toggle_supervisor(&mut self, fx: &mut Vec<Effect>) {
        if self.view == View::Supervisor {
            self.view = View::Workspace;
            return;
        }
        if !self.is_admin() {
            self.notify(s::SUPERVISOR_ADMINS_ONLY, true);
            return;
        }
        self.set_focus(Pane::List, fx);
        self.view = View::Supervisor;
        self.load_users(fx);
        self.stats_at = Some(self.now);
        fx.push(Effect::LoadStats);
    }

    pub(super) fn request_quit(&mut self, fx: &mut Vec<Effect>) {
        if self.unsaved().is_empty() {
            fx.push(Effect::Quit);
        } else {
            self.overlay = Some(Overlay::ConfirmQuit);
        }
    }

    fn panes(&self) -> Vec<Pane> {
        let mut p = vec![Pane::List];
        if let Some(id) = self.open {
            p.push(Pane::Transcript);
            if !self.read_only(id) {
                p.push(Pane::Composer);
            }
        }
        p
    }

    pub(super) fn set_focus(&mut self, mut pane: Pane, fx: &mut Vec<Effect>) {
        // A read-only transcript has no reply box to type in.
        if pane == Pane::Composer && self.open.is_some_and(|id| self.read_only(id)) {
            pane = Pane::Transcript;
        }
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
                if let Some(id) = self.target()
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
            Action::Accept => self.accept(fx),
            Action::Transfer => self.transfer(fx),
            Action::Canned => self.open_canned(fx),
            Action::Search => self.open_search(fx),
            Action::Note => self.open_note(),
            Action::ReturnToAi => self.return_to_ai(),
            Action::TogglePresence => self.toggle_presence(fx),
            Action::Supervisor => self.toggle_supervisor(fx),
            Action::Refresh => {
                self.stats_at = Some(self.now);
                fx.push(Effect::LoadStats);
                self.act(Action::Reconnect, key, fx);
            }
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
                        && self
                            .convs
                            .get(id)
                            .is_some_and(|c| self.lane_of(c) == Lane::Queue)
                })
            })
            .copied();
        if let Some(id) = pick {
            self.open_conversation(id, fx);
            self.set_focus(Pane::Composer, fx);
        }
    }

    /// Shows a conversation in the middle pane, streaming it if needed.
    pub(super) fn open_conversation(&mut self, id: Uuid, fx: &mut Vec<Effect>) {
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
        if !conv.notes_loaded {
            fx.push(Effect::LoadNotes {
                conversation_id: id,
            });
        }
        let conv_id = conv.info.id;
        self.load_visitor_history(conv_id, fx);
        let Some(conv) = self.convs.get_mut(&id) else {
            return;
        };
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

    pub(super) fn draft_mut(&mut self) -> Option<&mut TextArea<'static>> {
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
        if self.overlay == Some(Overlay::Note) {
            self.note_paste(text);
            return;
        }
        if self.overlay.is_some() || self.open.is_none() || self.refuse_read_only() {
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
    pub(super) fn typed(&mut self, fx: &mut Vec<Effect>) {
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
        if self.refuse_read_only() {
            return;
        }
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
        // Replying to a conversation in the queue or with the assistant
        // takes it; the reply waits until chatd says who got it.
        if self.convs.get(&id).is_some_and(Conv::acceptable) {
            self.command(Op::Accept, id, fx);
        }
        let client_id = self.new_client_id();
        let mut o = Outgoing {
            client_id,
            conversation_id: id,
            body: body.clone(),
            created_at: self.now,
            state: SendState::Waiting { at: 0 },
        };
        if self.link.online() && !self.accepting(id) {
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

/// "Waiting: Ann (visitor asked for a person)".
fn news(headline: &str, c: &Conv) -> String {
    match c.info.escalation_reason.as_deref() {
        Some(r) if c.info.phase == Phase::Queued => {
            format!("{headline}: {} ({})", c.visitor_label(), reason_label(r))
        }
        _ => format!("{headline}: {}", c.visitor_label()),
    }
}

fn send_effect(o: &Outgoing) -> Effect {
    Effect::Send {
        conversation_id: o.conversation_id,
        client_id: o.client_id.clone(),
        body: o.body.clone(),
    }
}
