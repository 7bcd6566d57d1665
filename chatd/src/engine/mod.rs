//! Conversations: the rules for starting, writing, reading and closing them,
//! independent of HTTP and socket framing.
//!
//! `send_message` is the one way a message is persisted; the store's commit
//! sink (the hub) publishes it after commit, in seq order.

pub mod hub;

use crate::auth::secrets::{hash_secret, random_b64};
use crate::store::{
    Appended, CommitSink, NewConversation, NewMessage, ReadSide, Store, StoreError,
};
use axum::extract::ws::Utf8Bytes;
use hub::{Hub, Outbound};
use proto::ErrorCode;
use proto::conversations::{
    Conversation, ConversationStatus, MAX_BODY_CHARS, MAX_CLIENT_ID_BYTES, Message, SenderKind,
};
use proto::frames::ServerFrame;
use proto::widgets::Widget;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::sync::watch;
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
            Self::Store(StoreError::Conflict(_)) => ErrorCode::Conflict,
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
}

impl Author {
    fn kind(&self) -> SenderKind {
        match self {
            Self::Visitor => SenderKind::Visitor,
            Self::Agent { .. } => SenderKind::Agent,
        }
    }
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
        for m in messages {
            let frame = encode(&ServerFrame::Message { message: m.clone() });
            self.publish(
                m.conversation_id,
                &Outbound::Message {
                    conversation_id: m.conversation_id,
                    seq: m.seq,
                    frame,
                },
            );
        }
    }
}

/// The conversation engine.
pub struct Engine {
    /// Persistence.
    pub store: Arc<dyn Store>,
    /// Fan-out.
    pub hub: Arc<Hub>,
    agents_online: watch::Sender<u32>,
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

impl Engine {
    /// An engine over `store`, publishing through `hub` (the store's commit sink).
    pub fn new(store: Arc<dyn Store>, hub: Arc<Hub>) -> Self {
        let (agents_online, _) = watch::channel(0);
        Self {
            store,
            hub,
            agents_online,
        }
    }

    /// Starts a conversation on `widget`; returns it and the visitor's token.
    pub async fn start_conversation(
        &self,
        widget: &Widget,
        prechat: BTreeMap<String, String>,
        page_url: Option<String>,
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
        let conversation = self
            .store
            .create_conversation(NewConversation {
                widget_id: widget.id,
                visitor_token_hash: hash_secret(&token),
                prechat,
                page_url,
            })
            .await?;
        self.publish_conversation(&conversation);
        Ok((conversation, token))
    }

    /// The conversation a visitor token opens, if any.
    pub async fn conversation_for_token(
        &self,
        token: &str,
    ) -> Result<Option<Conversation>, EngineError> {
        Ok(self
            .store
            .find_conversation_by_token(&hash_secret(token))
            .await?)
    }

    /// Persists a message (or finds its earlier copy) and returns after commit.
    pub async fn send_message(
        &self,
        conversation_id: Uuid,
        author: Author,
        client_id: String,
        body: String,
    ) -> Result<Appended, EngineError> {
        check_send(&client_id, &body)?;
        let (author_id, author_name) = match &author {
            Author::Visitor => (None, None),
            Author::Agent { id, name } => (Some(*id), Some(name.clone())),
        };
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
            .map_err(|e| match e {
                StoreError::NotFound => EngineError::NotFound,
                other => other.into(),
            })?;
        Ok(appended)
    }

    /// Tells the other side that `sender` is (not) typing.
    pub fn typing(&self, conversation_id: Uuid, sender: SenderKind, on: bool, except: Option<u64>) {
        let frame = encode(&ServerFrame::Typing {
            conversation_id,
            sender,
            on,
        });
        self.hub
            .publish(conversation_id, &Outbound::Event { except, frame });
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
            .map_err(|e| match e {
                StoreError::NotFound => EngineError::NotFound,
                other => other.into(),
            })?;
        let frame = encode(&ServerFrame::Read {
            conversation_id,
            visitor_read_seq,
            agent_read_seq,
        });
        self.hub.publish(
            conversation_id,
            &Outbound::Event {
                except: None,
                frame,
            },
        );
        Ok(())
    }

    /// Closes a conversation and tells everyone watching it or the feed.
    pub async fn close(&self, conversation_id: Uuid) -> Result<Conversation, EngineError> {
        let c = self
            .store
            .set_conversation_status(conversation_id, ConversationStatus::Closed)
            .await
            .map_err(|e| match e {
                StoreError::NotFound => EngineError::NotFound,
                other => other.into(),
            })?;
        self.publish_conversation(&c);
        Ok(c)
    }

    fn publish_conversation(&self, c: &Conversation) {
        let frame = encode(&ServerFrame::Conversation {
            conversation: c.clone(),
        });
        let out = Outbound::Event {
            except: None,
            frame,
        };
        self.hub.publish_feed(&out);
        self.hub.publish(c.id, &out);
    }

    /// Counts an agent socket in (`true`) or out; visitors watch the count.
    pub fn agent_presence(&self, online: bool) {
        self.agents_online.send_modify(|n| {
            *n = if online {
                n.saturating_add(1)
            } else {
                n.saturating_sub(1)
            };
        });
    }

    /// The number of agents online, as a watch that wakes on change.
    pub fn agents_online(&self) -> watch::Receiver<u32> {
        self.agents_online.subscribe()
    }
}
