//! Persistence behind one trait that speaks the domain, never SQL.
//!
//! SQLite is the embedded default; Postgres joins in the scale-out work.
//! Every method is a single atomic operation: callers never hold a
//! transaction open across an await in http/ or ws/.

#[cfg(test)]
mod conformance;
pub mod error;
pub mod lifecycle;
pub mod postgres;
pub mod sqlite;
pub mod webhooks;

pub use error::StoreError;
pub use lifecycle::{AuditFilter, NewAudit, NewBlock};
pub use webhooks::{
    AttemptOutcome, DeliveryFilter, DueDelivery, NewDelivery, NewWebhook, WebhookRecord,
};

use async_trait::async_trait;
use proto::auth::{ApiToken, Role, User};
use proto::canned::CannedReply;
use proto::conversations::{Conversation, ConversationStatus, Message, Phase, SenderKind};
use proto::widgets::{Widget, WidgetPatch, WidgetSettings};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Result of a store call.
pub type StoreResult<T> = Result<T, StoreError>;

/// A user as stored, with the password hash the wire never sees.
#[derive(Debug, Clone)]
pub struct UserRecord {
    /// The public part.
    pub user: User,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Lower-cased email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// Changes to a user; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// New display name.
    pub name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// Disable or enable.
    pub disabled: Option<bool>,
    /// New password hash; also revokes every refresh token of the user.
    pub password_hash: Option<String>,
}

/// A refresh token to store (only its hash is kept).
#[derive(Debug, Clone)]
pub struct NewRefreshToken {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// Owner.
    pub user_id: Uuid,
    /// Chain the token belongs to; a reused token revokes its whole chain.
    pub family_id: Uuid,
    /// Expiry, Unix ms.
    pub expires_at: i64,
}

/// What happened when a refresh token was presented for rotation.
#[derive(Debug, Clone)]
pub enum Rotation {
    /// The old token was valid and is now used; the new one is stored.
    Rotated(UserRecord),
    /// The old token was already used: its chain is revoked (theft suspected).
    Reused,
    /// Unknown, expired or revoked token.
    Invalid,
}

/// An API token to store.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    /// Creator; the token acts as this user.
    pub user_id: Uuid,
    /// What it is for.
    pub name: String,
    /// First characters of the secret, for recognition.
    pub prefix: String,
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// Role it acts with.
    pub role: Role,
    /// Expiry, Unix ms.
    pub expires_at: Option<i64>,
}

/// A widget to create.
#[derive(Debug, Clone)]
pub struct NewWidget {
    /// Unique name.
    pub name: String,
    /// Random public key.
    pub site_key: String,
    /// Settings.
    pub settings: WidgetSettings,
}

/// A canned reply to create.
#[derive(Debug, Clone)]
pub struct NewCannedReply {
    /// Unique shortcut, already checked.
    pub shortcut: String,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// The widget it is offered on; none: every widget.
    pub widget_id: Option<Uuid>,
}

/// A private note to add (`sqlite/notes.rs`, `postgres/notes.rs`).
#[derive(Debug, Clone)]
pub struct NewNote {
    /// The conversation.
    pub conversation_id: Uuid,
    /// Who writes it.
    pub author_id: Option<Uuid>,
    /// Their display name now.
    pub author_name: String,
    /// The text, already checked.
    pub body: String,
}

/// Changes to a canned reply; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct CannedChanges {
    /// New shortcut.
    pub shortcut: Option<String>,
    /// New title.
    pub title: Option<String>,
    /// New text.
    pub body: Option<String>,
    /// New widget (`Some(None)`: every widget).
    pub widget_id: Option<Option<Uuid>>,
}

/// The first-run content: created at most once per database.
#[derive(Debug, Clone)]
pub struct Bootstrap {
    /// The initial admin.
    pub admin: NewUser,
    /// The demo widget.
    pub demo_widget: NewWidget,
}

/// A conversation to create.
#[derive(Debug, Clone)]
pub struct NewConversation {
    /// The widget it comes through.
    pub widget_id: Uuid,
    /// SHA-256 of the visitor token, hex.
    pub visitor_token_hash: String,
    /// Pre-chat answers.
    pub prechat: BTreeMap<String, String>,
    /// Page the visitor started from.
    pub page_url: Option<String>,
    /// The website's id of a verified visitor.
    pub verified_user_id: Option<String>,
    /// The visitor (new, or one already known on this widget).
    pub visitor_id: Uuid,
    /// The visitor's address.
    pub visitor_ip: Option<String>,
}

/// A message to append; the store gives it its seq.
#[derive(Debug, Clone)]
pub struct NewMessage {
    /// The conversation.
    pub conversation_id: Uuid,
    /// The sender's id for the message.
    pub client_id: String,
    /// Who wrote it.
    pub sender: SenderKind,
    /// Agent user id.
    pub author_id: Option<Uuid>,
    /// Agent display name at the time of sending.
    pub author_name: Option<String>,
    /// Text.
    pub body: String,
}

/// The outcome of an append.
#[derive(Debug, Clone)]
pub struct Appended {
    /// The stored message (the earlier one, for a duplicate).
    pub message: Message,
    /// Whether the client id had been stored before.
    pub duplicate: bool,
}

impl Appended {
    /// The acknowledgement a sender gets for this append.
    pub fn ack(&self) -> proto::conversations::Ack {
        proto::conversations::Ack {
            client_id: self.message.client_id.clone(),
            seq: self.message.seq,
            duplicate: self.duplicate,
        }
    }
}

/// Which side read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadSide {
    /// The visitor.
    Visitor,
    /// The agents.
    Agent,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct ConversationFilter {
    /// Only this status.
    pub status: Option<ConversationStatus>,
    /// Only this widget.
    pub widget_id: Option<Uuid>,
    /// Only those updated before this time (Unix ms), for paging backwards.
    pub updated_before: Option<i64>,
    /// Only this phase.
    pub phase: Option<Phase>,
    /// Only those assigned to this agent.
    pub agent_id: Option<Uuid>,
    /// Only these widgets (an agent's memberships); none means all.
    pub widget_ids: Option<Vec<Uuid>>,
    /// Only those created at or after this time (Unix ms).
    pub created_from: Option<i64>,
    /// Only those created before this time (Unix ms).
    pub created_to: Option<i64>,
    /// Only this visitor's.
    pub visitor_id: Option<Uuid>,
    /// Only those whose messages or pre-chat answers contain this text,
    /// case-insensitively (`q=`; see `sqlite/search.rs`, `postgres/search.rs`).
    pub text: Option<String>,
    /// At most this many.
    pub limit: u32,
}

/// A conditional change of a conversation's state, applied atomically: the
/// conditions are checked and the change made in one transaction, so of two
/// agents accepting at once exactly one wins.
#[derive(Debug, Clone, Default)]
pub struct Transition {
    /// Only if the phase is one of these.
    pub from_phases: Option<Vec<Phase>>,
    /// Only if the status is this.
    pub from_status: Option<ConversationStatus>,
    /// New phase.
    pub phase: Option<Phase>,
    /// New status; closing sets `closed_at`, reopening clears it.
    pub status: Option<ConversationStatus>,
    /// New assigned agent (`Some(None)` clears it); sets `assigned_at` when `Some(Some(_))`.
    pub agent: Option<Option<Uuid>>,
    /// Escalation reason; sets `queued_at`, and `escalated_at` the first time.
    pub escalate: Option<String>,
    /// The visitor's rating and comment.
    pub rating: Option<(u8, Option<String>)>,
    /// A summary for agents.
    pub summary: Option<String>,
    /// Pre-chat answers to add (offline email, say).
    pub prechat: Option<BTreeMap<String, String>>,
}

/// How a transition went.
#[derive(Debug, Clone)]
pub enum TransitionOutcome {
    /// Applied; the conversation as it is now.
    Applied(Conversation),
    /// A condition did not hold; the conversation as it is.
    Refused(Conversation),
}

/// Told about messages right after they are committed, in commit (and so
/// seq) order, before any sender is acknowledged. This is how fan-out can
/// never show a message that is not durable, nor show two out of order.
pub trait CommitSink: Send + Sync + 'static {
    /// `messages` were committed.
    fn messages_committed(&self, messages: &[Message]);
}

/// A sink for tools that write no messages (`chatd migrate`, `chatd admin`).
pub struct NoSink;

impl CommitSink for NoSink {
    fn messages_committed(&self, _: &[Message]) {}
}

/// Everything chatd persists.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Proves the store commits a write (a probe row in `meta`) and answers a read.
    async fn ping(&self) -> StoreResult<()>;
    /// The random id of this database, set when it was created.
    async fn epoch(&self) -> StoreResult<String>;
    /// Creates the first-run content unless this database was bootstrapped before.
    /// Returns whether it did.
    async fn bootstrap(&self, b: Bootstrap) -> StoreResult<bool>;
    /// Stops taking writes and waits until every accepted write is committed.
    async fn close(&self);

    /// Creates a user; `Conflict` if the email is taken.
    async fn create_user(&self, u: NewUser) -> StoreResult<User>;
    /// One user.
    async fn get_user(&self, id: Uuid) -> StoreResult<User>;
    /// One user by email, with the password hash.
    async fn find_user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>>;
    /// All users, oldest first.
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    /// Changes a user.
    async fn update_user(&self, id: Uuid, c: UserChanges) -> StoreResult<User>;
    /// Deletes a user and their tokens.
    async fn delete_user(&self, id: Uuid) -> StoreResult<()>;

    /// Stores a fresh refresh token (at login).
    async fn insert_refresh_token(&self, t: NewRefreshToken) -> StoreResult<()>;
    /// Atomically uses `old_hash` and stores `new` in its chain.
    async fn rotate_refresh_token(
        &self,
        old_hash: &str,
        new_hash: &str,
        new_expires_at: i64,
        now: i64,
    ) -> StoreResult<Rotation>;
    /// Revokes the chain of a refresh token (logout). Unknown tokens are ignored.
    async fn revoke_refresh_family(&self, token_hash: &str) -> StoreResult<()>;

    /// Stores an API token.
    async fn create_api_token(&self, t: NewApiToken) -> StoreResult<ApiToken>;
    /// All API tokens, newest first.
    async fn list_api_tokens(&self) -> StoreResult<Vec<ApiToken>>;
    /// Revokes an API token; `NotFound` if there is none.
    async fn revoke_api_token(&self, id: Uuid) -> StoreResult<()>;
    /// The token with this hash and its user, whatever its state.
    async fn find_api_token(&self, token_hash: &str) -> StoreResult<Option<(ApiToken, User)>>;

    /// Creates a widget; `Conflict` if the name is taken.
    async fn create_widget(&self, w: NewWidget) -> StoreResult<Widget>;
    /// One widget.
    async fn get_widget(&self, id: Uuid) -> StoreResult<Widget>;
    /// One widget by its current site key.
    async fn find_widget_by_site_key(&self, site_key: &str) -> StoreResult<Option<Widget>>;
    /// All widgets, oldest first.
    async fn list_widgets(&self) -> StoreResult<Vec<Widget>>;
    /// Applies a patch atomically (read, merge, write in one transaction).
    async fn update_widget(&self, id: Uuid, patch: WidgetPatch) -> StoreResult<Widget>;
    /// Replaces the site key.
    async fn set_widget_site_key(&self, id: Uuid, site_key: &str) -> StoreResult<Widget>;
    /// Deletes a widget.
    async fn delete_widget(&self, id: Uuid) -> StoreResult<()>;

    /// Creates a canned reply; `Conflict` if the shortcut is taken,
    /// `NotFound` if its widget does not exist.
    async fn create_canned(&self, c: NewCannedReply) -> StoreResult<CannedReply>;
    /// One canned reply.
    async fn get_canned(&self, id: Uuid) -> StoreResult<CannedReply>;
    /// Canned replies by shortcut: all of them, or with `widget_id` the
    /// global ones and that widget's.
    async fn list_canned(&self, widget_id: Option<Uuid>) -> StoreResult<Vec<CannedReply>>;
    /// Changes a canned reply; `Conflict` if the new shortcut is taken,
    /// `NotFound` if it or its new widget does not exist.
    async fn update_canned(&self, id: Uuid, c: CannedChanges) -> StoreResult<CannedReply>;
    /// Deletes a canned reply.
    async fn delete_canned(&self, id: Uuid) -> StoreResult<()>;

    /// Adds a private note; `NotFound` if the conversation does not exist.
    async fn add_note(&self, n: NewNote) -> StoreResult<proto::notes::Note>;
    /// A conversation's private notes, oldest first (empty for an unknown one).
    async fn list_notes(&self, conversation_id: Uuid) -> StoreResult<Vec<proto::notes::Note>>;

    /// Creates a webhook.
    async fn create_webhook(&self, w: NewWebhook) -> StoreResult<WebhookRecord>;
    /// One webhook, with its secret.
    async fn get_webhook(&self, id: Uuid) -> StoreResult<WebhookRecord>;
    /// Every webhook, oldest first, with their secrets.
    async fn list_webhooks(&self) -> StoreResult<Vec<WebhookRecord>>;
    /// Deletes a webhook and its deliveries.
    async fn delete_webhook(&self, id: Uuid) -> StoreResult<()>;
    /// Puts deliveries in the outbox, due now, in one transaction; those
    /// whose hook is gone are dropped. Returns how many were stored.
    async fn enqueue_deliveries(&self, d: Vec<NewDelivery>) -> StoreResult<u64>;
    /// When the earliest pending delivery is due (Unix ms), if any is pending.
    async fn next_delivery_due(&self) -> StoreResult<Option<i64>>;
    /// Claims up to `limit` pending deliveries due at `now`, earliest first,
    /// by moving their next attempt to `lease_until`: a node that dies
    /// mid-attempt leaves them due again then. No two callers get one row.
    async fn claim_deliveries(
        &self,
        now: i64,
        lease_until: i64,
        limit: u32,
    ) -> StoreResult<Vec<DueDelivery>>;
    /// Records an attempt (counts it) and what comes next.
    async fn finish_attempt(&self, id: Uuid, at: i64, o: AttemptOutcome) -> StoreResult<()>;
    /// Deliveries, newest first.
    async fn list_deliveries(
        &self,
        f: DeliveryFilter,
    ) -> StoreResult<Vec<proto::webhooks::Delivery>>;
    /// One delivery.
    async fn get_delivery(&self, id: Uuid) -> StoreResult<proto::webhooks::Delivery>;
    /// Queues a delivery again, same id and body, due at `now`, with a fresh
    /// attempt budget, whatever its status.
    async fn replay_delivery(&self, id: Uuid, now: i64) -> StoreResult<proto::webhooks::Delivery>;
    /// Deletes delivered and failed deliveries created before `before` (Unix
    /// ms); returns how many.
    async fn prune_deliveries(&self, before: i64) -> StoreResult<u64>;

    /// Creates an open conversation.
    async fn create_conversation(&self, c: NewConversation) -> StoreResult<Conversation>;
    /// One conversation.
    async fn get_conversation(&self, id: Uuid) -> StoreResult<Conversation>;
    /// Lets one more visitor token (another device) open a conversation.
    async fn add_visitor_token(&self, conversation_id: Uuid, token_hash: &str) -> StoreResult<()>;
    /// The most recently active conversation of a verified visitor on a widget.
    async fn find_verified_conversation(
        &self,
        widget_id: Uuid,
        user_id: &str,
    ) -> StoreResult<Option<Conversation>>;
    /// The conversation a visitor token opens.
    async fn find_conversation_by_token(
        &self,
        token_hash: &str,
    ) -> StoreResult<Option<Conversation>>;
    /// Conversations, most recently updated first.
    async fn list_conversations(&self, f: ConversationFilter) -> StoreResult<Vec<Conversation>>;
    /// Raises one side's read mark (never lowers it); returns (visitor, agent) marks.
    async fn mark_read(&self, id: Uuid, side: ReadSide, seq: i64) -> StoreResult<(i64, i64)>;

    /// Applies a conditional state change atomically.
    async fn transition(&self, id: Uuid, t: Transition) -> StoreResult<TransitionOutcome>;
    /// Queued conversations, first in line first; all widgets when `widget_id` is none.
    async fn queued(&self, widget_id: Option<Uuid>) -> StoreResult<Vec<Conversation>>;
    /// Waits (assigned minus queued, ms) of the latest assignments of a widget.
    async fn recent_waits(&self, widget_id: Uuid, limit: u32) -> StoreResult<Vec<i64>>;
    /// Open assigned conversations per agent.
    async fn agent_loads(&self) -> StoreResult<Vec<(Uuid, u32)>>;
    /// Every (widget, member) pair.
    async fn memberships(&self) -> StoreResult<Vec<(Uuid, Uuid)>>;
    /// Adds or removes a widget member; returns whether anything changed.
    async fn set_member(&self, widget_id: Uuid, user_id: Uuid, member: bool) -> StoreResult<bool>;

    /// Stores a message with the next seq, or finds the one stored earlier
    /// under the same client id. Answers after commit; the commit sink has
    /// been told by then.
    async fn append_message(&self, m: NewMessage) -> StoreResult<Appended>;
    /// The messages of each `(conversation, first seq, last seq)` range, in
    /// seq order within each conversation: how a node reads what another
    /// node committed, one query for a whole notification where the backend
    /// allows it.
    async fn messages_in(&self, ranges: &[(Uuid, i64, i64)]) -> StoreResult<Vec<Message>> {
        let mut out = Vec::new();
        for &(c, first, last) in ranges {
            let n = u32::try_from(last.saturating_sub(first).saturating_add(1)).unwrap_or(0);
            if n > 0 {
                out.extend(self.messages_after(c, first - 1, n).await?);
            }
        }
        Ok(out)
    }
    /// Messages with seq > `after_seq`, in order, at most `limit`.
    async fn messages_after(
        &self,
        conversation_id: Uuid,
        after_seq: i64,
        limit: u32,
    ) -> StoreResult<Vec<Message>>;

    /// Whether `visitor_id` has a conversation on `widget_id`.
    async fn visitor_known(&self, widget_id: Uuid, visitor_id: Uuid) -> StoreResult<bool>;
    /// Deletes every conversation (and message) of a visitor; returns how many.
    async fn delete_visitor(&self, visitor_id: Uuid) -> StoreResult<u64>;
    /// Deletes the closed conversations of a widget last updated before
    /// `cutoff` (Unix ms), with their messages; returns how many.
    async fn purge_closed_before(&self, widget_id: Uuid, cutoff: i64) -> StoreResult<u64>;
    /// Stores a block; `NotFound` if its widget does not exist.
    async fn create_block(&self, b: NewBlock) -> StoreResult<proto::lifecycle::Block>;
    /// Every block, newest first, lapsed ones included.
    async fn list_blocks(&self) -> StoreResult<Vec<proto::lifecycle::Block>>;
    /// Deletes a block and returns it; `NotFound` if there is none.
    async fn delete_block(&self, id: Uuid) -> StoreResult<proto::lifecycle::Block>;
    /// Appends an entry to the audit log.
    async fn append_audit(&self, e: NewAudit) -> StoreResult<proto::lifecycle::AuditEntry>;
    /// Audit entries, newest first.
    async fn list_audit(&self, f: AuditFilter) -> StoreResult<Vec<proto::lifecycle::AuditEntry>>;
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
