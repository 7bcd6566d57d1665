//! Conversations: the rules for starting, writing, escalating, assigning and
//! closing them, independent of HTTP and socket framing.
//!
//! `send_message` is the one way a message is persisted; the store's commit
//! sink (the hub) publishes it after commit, in seq order.

mod assistant;
pub mod hub;
mod notes;
pub mod presence;
mod queue;
pub mod remote;

use crate::ai::Responder;
use crate::auth::secrets::{hash_secret, random_b64};
use crate::store::{
    Appended, CommitSink, NewConversation, NewMessage, ReadSide, Store, StoreError, Transition,
    TransitionOutcome,
};
use axum::extract::ws::Utf8Bytes;
use hub::{Audience, Hub, Outbound};
use presence::Roster;
use proto::ErrorCode;
use proto::auth::Role;
use proto::conversations::{
    Conversation, ConversationStatus, MAX_BODY_CHARS, MAX_CLIENT_ID_BYTES, Message, Phase,
    SenderKind,
};
use proto::frames::ServerFrame;
use proto::widgets::Widget;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::task::AbortHandle;
use uuid::Uuid;

/// Why the engine refused.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Bad input; the message says which field.
    #[error("{0}")]
    Invalid(String),
    /// No such conversation.
    #[error("conversation not found")]
    NotFound,
    /// Not allowed for this caller (another widget's conversation, say).
    #[error("{0}")]
    Forbidden(String),
    /// The conversation is not in a state that allows this (already taken, closed).
    #[error("{0}")]
    Conflict(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl EngineError {
    /// The wire code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Invalid(_) => ErrorCode::BadRequest,
            Self::NotFound | Self::Store(StoreError::NotFound) => ErrorCode::NotFound,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::Conflict(_) | Self::Store(StoreError::Conflict(_)) => ErrorCode::Conflict,
            Self::Store(StoreError::Busy | StoreError::Unavailable(_)) => ErrorCode::Unavailable,
            Self::Store(StoreError::Other(_)) => ErrorCode::Internal,
        }
    }

    /// A message safe to show the client.
    pub fn public_message(&self) -> String {
        match self {
            Self::Store(StoreError::Busy) => "the server is busy; retry in a moment".into(),
            Self::Store(StoreError::Unavailable(_)) => {
                "the database is unavailable; retry in a moment".into()
            }
            Self::Store(StoreError::Other(_)) => "internal error".into(),
            other => other.to_string(),
        }
    }
}

fn not_found(e: StoreError) -> EngineError {
    match e {
        StoreError::NotFound => EngineError::NotFound,
        other => other.into(),
    }
}

/// Who is writing.
#[derive(Debug, Clone)]
pub enum Author {
    /// The conversation's visitor.
    Visitor,
    /// An agent.
    Agent {
        /// User id.
        id: Uuid,
        /// Display name.
        name: String,
    },
    /// The AI assistant.
    Ai,
    /// chatd itself.
    System,
}

impl Author {
    fn kind(&self) -> SenderKind {
        match self {
            Self::Visitor => SenderKind::Visitor,
            Self::Agent { .. } => SenderKind::Agent,
            Self::Ai => SenderKind::Ai,
            Self::System => SenderKind::System,
        }
    }
}

/// An agent acting on a conversation.
#[derive(Debug, Clone)]
pub struct Actor {
    /// User id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
}

/// Encodes a server frame once, for every subscriber.
pub fn encode(frame: &ServerFrame) -> Utf8Bytes {
    Utf8Bytes::from(serde_json::to_string(frame).unwrap_or_else(|e| {
        tracing::error!(error = %e, "cannot encode a frame");
        String::from("{\"type\":\"error\",\"code\":\"internal\",\"message\":\"encoding failed\"}")
    }))
}

impl CommitSink for Hub {
    fn messages_committed(&self, messages: &[Message]) {
        if let Some(relay) = self.relay() {
            // One range per run of the same conversation: the other nodes
            // read the rows themselves.
            let mut run: Option<(Uuid, i64, i64)> = None;
            for m in messages {
                match &mut run {
                    Some((c, _, last)) if *c == m.conversation_id => *last = m.seq,
                    _ => {
                        if let Some((c, first, last)) = run.take() {
                            relay.send(crate::broker::Signal::Messages { c, first, last });
                        }
                        run = Some((m.conversation_id, m.seq, m.seq));
                    }
                }
            }
            if let Some((c, first, last)) = run {
                relay.send(crate::broker::Signal::Messages { c, first, last });
            }
        }
        let now = Instant::now();
        for m in messages {
            crate::metrics::hot().stored(m.sender);
            let frame = encode(&ServerFrame::Message { message: m.clone() });
            self.publish(
                m.conversation_id,
                &Outbound::Message {
                    conversation_id: m.conversation_id,
                    seq: m.seq,
                    frame,
                    at: now,
                },
            );
        }
    }
}

/// Tuning of the engine.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    /// Failed AI replies in a row before the conversation goes to the queue.
    pub ai_failures_before_handoff: u32,
    /// Conversations an agent takes at most through automatic assignment.
    pub agent_capacity: u32,
    /// Another node not heard from for this long is taken for dead, and its
    /// agents for offline (nodes announce themselves at a third of it).
    pub presence_timeout: Duration,
    /// Where webhook events go (the default emits nothing).
    pub webhooks: crate::webhooks::Emitter,
}

impl Default for EngineSettings {
    fn default() -> Self {
        Self {
            ai_failures_before_handoff: 3,
            agent_capacity: 5,
            presence_timeout: Duration::from_secs(15),
            webhooks: crate::webhooks::Emitter::default(),
        }
    }
}

/// What the engine remembers of a conversation between requests, sparing a
/// read per message: this node's changes update it at once, the other
/// nodes' through the broker (`State` signals; cleared on a resync).
#[derive(Debug, Clone, Copy)]
struct Brief {
    widget_id: Uuid,
    phase: Phase,
    status: ConversationStatus,
}

/// Widgets are read at most this often per widget by the hot path.
const WIDGET_TTL: Duration = Duration::from_secs(2);
/// Entries remembered at most before the cache starts over.
const MAX_BRIEFS: usize = 100_000;

/// The conversation engine.
pub struct Engine {
    /// Persistence.
    pub store: Arc<dyn Store>,
    /// Fan-out.
    pub hub: Arc<Hub>,
    /// Presence and memberships.
    pub roster: Roster,
    responder: Arc<dyn Responder>,
    settings: EngineSettings,
    briefs: Mutex<HashMap<Uuid, Brief>>,
    widgets: Mutex<HashMap<Uuid, (Instant, Arc<Widget>)>>,
    ai_tasks: Mutex<HashMap<Uuid, AbortHandle>>,
    ai_failures: Mutex<HashMap<Uuid, u32>>,
    assigning: tokio::sync::Mutex<()>,
    queue_dirty: Mutex<std::collections::HashSet<Uuid>>,
    queue_places: Mutex<HashMap<Uuid, (Uuid, proto::conversations::QueuePlace)>>,
    /// Reading another node's messages failed: re-read everything soon.
    resync_due: std::sync::atomic::AtomicBool,
}

/// Checks a client id and a body.
pub fn check_send(client_id: &str, body: &str) -> Result<(), EngineError> {
    if client_id.is_empty() || client_id.len() > MAX_CLIENT_ID_BYTES {
        return Err(EngineError::Invalid(format!(
            "client_id: must be 1 to {MAX_CLIENT_ID_BYTES} bytes"
        )));
    }
    if body.trim().is_empty() {
        return Err(EngineError::Invalid("body: must not be empty".into()));
    }
    if body.chars().count() > MAX_BODY_CHARS {
        return Err(EngineError::Invalid(format!(
            "body: must be at most {MAX_BODY_CHARS} characters"
        )));
    }
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Engine {
    /// An engine over `store`, publishing through `hub` (the store's commit sink).
    pub async fn new(
        store: Arc<dyn Store>,
        hub: Arc<Hub>,
        responder: Arc<dyn Responder>,
        settings: EngineSettings,
    ) -> Result<Arc<Self>, StoreError> {
        let roster = Roster::new(store.memberships().await?);
        Ok(Arc::new(Self {
            store,
            hub,
            roster,
            responder,
            settings,
            briefs: Mutex::new(HashMap::new()),
            widgets: Mutex::new(HashMap::new()),
            ai_tasks: Mutex::new(HashMap::new()),
            ai_failures: Mutex::new(HashMap::new()),
            assigning: tokio::sync::Mutex::new(()),
            queue_dirty: Mutex::new(std::collections::HashSet::new()),
            queue_places: Mutex::new(HashMap::new()),
            resync_due: std::sync::atomic::AtomicBool::new(false),
        }))
    }

    fn remember(&self, c: &Conversation) {
        self.remember_brief(
            c.id,
            Brief {
                widget_id: c.widget_id,
                phase: c.phase,
                status: c.status,
            },
        );
    }

    fn remember_brief(&self, id: Uuid, b: Brief) {
        let mut briefs = lock(&self.briefs);
        if briefs.len() >= MAX_BRIEFS {
            briefs.clear();
        }
        briefs.insert(id, b);
    }

    async fn brief(&self, id: Uuid) -> Result<Brief, EngineError> {
        if let Some(b) = lock(&self.briefs).get(&id).copied() {
            return Ok(b);
        }
        let c = self.store.get_conversation(id).await.map_err(not_found)?;
        self.remember(&c);
        Ok(Brief {
            widget_id: c.widget_id,
            phase: c.phase,
            status: c.status,
        })
    }

    /// The widget a conversation belongs to.
    pub async fn widget_of(&self, conversation_id: Uuid) -> Result<Uuid, EngineError> {
        Ok(self.brief(conversation_id).await?.widget_id)
    }

    /// A widget, re-read at most every couple of seconds.
    pub async fn widget(&self, id: Uuid) -> Result<Arc<Widget>, EngineError> {
        if let Some((at, w)) = lock(&self.widgets).get(&id)
            && at.elapsed() < WIDGET_TTL
        {
            return Ok(Arc::clone(w));
        }
        let w = Arc::new(self.store.get_widget(id).await?);
        lock(&self.widgets).insert(id, (Instant::now(), Arc::clone(&w)));
        Ok(w)
    }

    /// Drops the cached copy of a widget after an operator changed it, here
    /// and on the other nodes.
    pub fn forget_widget(&self, id: Uuid) {
        lock(&self.widgets).remove(&id);
        if let Some(relay) = self.hub.relay() {
            relay.send(crate::broker::Signal::Widget { w: id });
        }
    }

    /// Refuses agents who do not work on the conversation's widget.
    pub async fn authorize(
        &self,
        actor: &Actor,
        conversation_id: Uuid,
    ) -> Result<Uuid, EngineError> {
        let widget = self.widget_of(conversation_id).await?;
        if self.roster.may_work_on(actor.id, actor.role, widget) {
            Ok(widget)
        } else {
            Err(EngineError::Forbidden(
                "you are not a member of this conversation's widget".into(),
            ))
        }
    }

    /// Starts a conversation on `widget`; returns it and the visitor's token.
    /// `visitor` is the visitor id the browser kept from an earlier start:
    /// it is reused only when this widget knows it, else a new one is issued.
    pub async fn start_conversation(
        &self,
        widget: &Widget,
        prechat: BTreeMap<String, String>,
        page_url: Option<String>,
        verified_user_id: Option<String>,
        visitor: Option<Uuid>,
        visitor_ip: Option<String>,
    ) -> Result<(Conversation, String), EngineError> {
        for f in widget.settings.prechat_fields.iter().filter(|f| f.required) {
            if prechat.get(&f.name).is_none_or(|v| v.trim().is_empty()) {
                return Err(EngineError::Invalid(format!(
                    "prechat.{}: is required",
                    f.name
                )));
            }
        }
        if prechat.len() > 20
            || prechat
                .iter()
                .any(|(k, v)| k.len() > 50 || v.chars().count() > 1000)
        {
            return Err(EngineError::Invalid(
                "prechat: at most 20 fields, names up to 50 bytes, values up to 1000 characters"
                    .into(),
            ));
        }
        if page_url.as_ref().is_some_and(|u| u.len() > 2000) {
            return Err(EngineError::Invalid("page_url: at most 2000 bytes".into()));
        }
        let token = format!("vt_{}", random_b64(32));
        // A verified visitor on another device gets their conversation back.
        if let Some(uid) = &verified_user_id
            && let Some(existing) = self
                .store
                .find_verified_conversation(widget.id, uid)
                .await?
        {
            self.store
                .add_visitor_token(existing.id, &hash_secret(&token))
                .await?;
            self.remember(&existing);
            return Ok((existing, token));
        }
        let visitor_id = match visitor {
            Some(v) if self.store.visitor_known(widget.id, v).await? => v,
            _ => Uuid::now_v7(),
        };
        let conversation = self
            .store
            .create_conversation(NewConversation {
                widget_id: widget.id,
                visitor_token_hash: hash_secret(&token),
                prechat,
                page_url,
                verified_user_id,
                visitor_id,
                visitor_ip,
            })
            .await?;
        self.remember(&conversation);
        let created = proto::webhooks::EventKind::ConversationCreated;
        self.settings
            .webhooks
            .conversation(created, &conversation)
            .await;
        self.publish_conversation(&conversation, None);
        Ok((conversation, token))
    }

    /// The conversation a visitor token opens, if any.
    pub async fn conversation_for_token(
        &self,
        token: &str,
    ) -> Result<Option<Conversation>, EngineError> {
        let c = self
            .store
            .find_conversation_by_token(&hash_secret(token))
            .await?;
        if let Some(c) = &c {
            self.remember(c);
        }
        Ok(c)
    }

    /// Persists a message (or finds its earlier copy) and returns after commit.
    /// A visitor's new message may reopen the conversation, escalate it or
    /// start an AI answer; that happens after the ack, off the sender's path.
    pub async fn send_message(
        self: &Arc<Self>,
        conversation_id: Uuid,
        author: Author,
        client_id: String,
        body: String,
    ) -> Result<Appended, EngineError> {
        check_send(&client_id, &body)?;
        let appended = self
            .append(conversation_id, &author, client_id, body)
            .await?;
        if matches!(author, Author::Visitor) && !appended.duplicate {
            let engine = Arc::clone(self);
            let message = appended.message.clone();
            tokio::spawn(async move {
                if let Err(e) = engine.after_visitor_message(&message).await {
                    tracing::warn!(error = %e, conversation = %message.conversation_id, "after a visitor message");
                }
            });
        }
        Ok(appended)
    }

    async fn append(
        &self,
        conversation_id: Uuid,
        author: &Author,
        client_id: String,
        body: String,
    ) -> Result<Appended, EngineError> {
        let (author_id, author_name) = match author {
            Author::Agent { id, name } => (Some(*id), Some(name.clone())),
            _ => (None, None),
        };
        let started = Instant::now();
        let appended = self
            .store
            .append_message(NewMessage {
                conversation_id,
                client_id,
                sender: author.kind(),
                author_id,
                author_name,
                body,
            })
            .await
            .map_err(not_found);
        crate::metrics::hot().append.record(started.elapsed());
        let appended = appended?;
        let webhooks = &self.settings.webhooks;
        webhooks
            .message(&appended.message, appended.duplicate)
            .await;
        Ok(appended)
    }

    /// A line from chatd itself in the transcript ("Sam joined").
    async fn system_message(&self, conversation_id: Uuid, text: impl Into<String>) {
        let client_id = format!("sys-{}", Uuid::new_v4());
        if let Err(e) = self
            .append(conversation_id, &Author::System, client_id, text.into())
            .await
        {
            tracing::warn!(error = %e, "cannot write a system message");
        }
    }

    /// Tells the other side that `sender` is (not) typing.
    pub fn typing(&self, conversation_id: Uuid, sender: SenderKind, on: bool, except: Option<u64>) {
        let frame = encode(&ServerFrame::Typing {
            conversation_id,
            sender,
            on,
        });
        self.hub.publish(
            conversation_id,
            &Outbound::Event {
                except,
                audience: Audience::All,
                widget: None,
                frame,
            },
        );
    }

    /// Records that `side` read up to `seq` and tells both sides.
    pub async fn mark_read(
        &self,
        conversation_id: Uuid,
        side: ReadSide,
        seq: i64,
    ) -> Result<(), EngineError> {
        if seq < 0 {
            return Err(EngineError::Invalid("seq: must not be negative".into()));
        }
        let (visitor_read_seq, agent_read_seq) = self
            .store
            .mark_read(conversation_id, side, seq)
            .await
            .map_err(not_found)?;
        let frame = encode(&ServerFrame::Read {
            conversation_id,
            visitor_read_seq,
            agent_read_seq,
        });
        self.hub.publish(conversation_id, &Outbound::event(frame));
        Ok(())
    }

    /// Applies a transition and, when it applied, remembers and announces it.
    async fn apply(
        &self,
        id: Uuid,
        t: Transition,
    ) -> Result<Result<Conversation, Conversation>, EngineError> {
        let events = crate::webhooks::transition_events(&t);
        let started = Instant::now();
        let outcome = self.store.transition(id, t).await.map_err(not_found);
        crate::metrics::transition(started.elapsed());
        match outcome? {
            TransitionOutcome::Applied(c) => {
                self.remember(&c);
                self.settings.webhooks.transitioned(&events, &c).await;
                if let Some(relay) = self.hub.relay() {
                    relay.send(crate::broker::Signal::State {
                        c: c.id,
                        w: c.widget_id,
                        phase: c.phase,
                        status: c.status,
                    });
                }
                let agent_name = match c.assigned_agent_id {
                    Some(a) if c.phase == Phase::Assigned => {
                        self.store.get_user(a).await.ok().map(|u| u.name)
                    }
                    _ => None,
                };
                self.publish_conversation(&c, agent_name);
                Ok(Ok(c))
            }
            TransitionOutcome::Refused(c) => {
                self.remember(&c);
                Ok(Err(c))
            }
        }
    }

    /// Tells agents (full record) and the visitor (state only) about `c`.
    fn publish_conversation(&self, c: &Conversation, agent_name: Option<String>) {
        let full = Outbound::Event {
            except: None,
            audience: Audience::Agents,
            widget: Some(c.widget_id),
            frame: encode(&ServerFrame::Conversation {
                conversation: c.clone(),
            }),
        };
        self.hub.publish_feed(&full);
        self.hub.publish(c.id, &full);
        let state = Outbound::Event {
            except: None,
            audience: Audience::Visitor,
            widget: None,
            frame: encode(&ServerFrame::State {
                conversation_id: c.id,
                status: c.status,
                phase: c.phase,
                agent_name,
            }),
        };
        self.hub.publish(c.id, &state);
    }

    /// Ends the visitor's sockets and event streams on `conversation_id`
    /// (on this node) with a `blocked` error; agents watching it stay.
    pub fn disconnect_visitor(&self, conversation_id: Uuid, message: &str) {
        let frame = encode(&ServerFrame::Error {
            code: ErrorCode::Blocked,
            message: message.to_string(),
            client_id: None,
        });
        self.hub
            .publish(conversation_id, &Outbound::CloseVisitor { frame });
    }

    /// Agents of `widget` online now.
    pub fn agents_online_for(&self, widget: Uuid) -> u32 {
        self.roster.online_count_for(widget)
    }
}
