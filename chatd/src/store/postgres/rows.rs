//! Column lists and row decoding. The lists are macros so every query stays
//! a `&'static str` built by `concat!`, with nothing formatted at run time.

use super::error::pg;
use crate::store::{StoreError, StoreResult};
use proto::auth::{ApiToken, Role, User};
use proto::conversations::{Conversation, ConversationStatus, Message, Phase, SenderKind};
use proto::widgets::{Widget, WidgetSettings};
use sqlx::Row;
use sqlx::postgres::PgRow;
use sqlx::types::Json;
use std::collections::BTreeMap;

macro_rules! user_cols {
    () => {
        "id, email, name, role, disabled, created_at"
    };
}
macro_rules! token_cols {
    () => {
        "id, name, prefix, role, user_id, created_at, expires_at, revoked_at"
    };
}
macro_rules! widget_cols {
    () => {
        "id, name, site_key, settings, created_at, updated_at"
    };
}
macro_rules! message_cols {
    () => {
        "conversation_id, seq, client_id, sender, author_id, author_name, body, created_at"
    };
}
macro_rules! conversation_cols {
    () => {
        "c.id, c.widget_id, c.status, c.prechat, c.page_url, c.last_seq, \
         c.visitor_read_seq, c.agent_read_seq, c.created_at, c.updated_at, c.closed_at, \
         c.phase, c.assigned_agent_id, c.escalation_reason, c.escalated_at, c.queued_at, \
         c.assigned_at, c.first_response_at, c.rating, c.rating_comment, c.summary, c.verified_user_id, \
         c.visitor_id, c.visitor_ip"
    };
}
pub(super) use {conversation_cols, message_cols, token_cols, user_cols, widget_cols};

fn get<'r, T>(r: &'r PgRow, col: &str) -> StoreResult<T>
where
    T: sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres>,
{
    r.try_get(col).map_err(pg)
}

fn role_of(s: &str) -> StoreResult<Role> {
    Role::parse(s).ok_or_else(|| StoreError::Other(format!("unknown role {s:?} in database")))
}

pub(super) fn user(r: &PgRow) -> StoreResult<User> {
    Ok(User {
        id: get(r, "id")?,
        email: get(r, "email")?,
        name: get(r, "name")?,
        role: role_of(get(r, "role")?)?,
        disabled: get(r, "disabled")?,
        created_at: get(r, "created_at")?,
    })
}

pub(super) fn token(r: &PgRow) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: get(r, "id")?,
        name: get(r, "name")?,
        prefix: get(r, "prefix")?,
        role: role_of(get(r, "role")?)?,
        user_id: get(r, "user_id")?,
        created_at: get(r, "created_at")?,
        expires_at: get(r, "expires_at")?,
        revoked_at: get(r, "revoked_at")?,
    })
}

pub(super) fn widget(r: &PgRow) -> StoreResult<Widget> {
    let Json(settings): Json<WidgetSettings> = get(r, "settings")?;
    Ok(Widget {
        id: get(r, "id")?,
        name: get(r, "name")?,
        site_key: get(r, "site_key")?,
        settings,
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
    })
}

pub(super) fn message(r: &PgRow) -> StoreResult<Message> {
    let sender: String = get(r, "sender")?;
    Ok(Message {
        conversation_id: get(r, "conversation_id")?,
        seq: get(r, "seq")?,
        client_id: get(r, "client_id")?,
        sender: SenderKind::parse(&sender)
            .ok_or_else(|| StoreError::Other(format!("unknown sender {sender:?} in database")))?,
        author_id: get(r, "author_id")?,
        author_name: get(r, "author_name")?,
        body: get(r, "body")?,
        created_at: get(r, "created_at")?,
    })
}

pub(super) fn conversation(r: &PgRow) -> StoreResult<Conversation> {
    let status: String = get(r, "status")?;
    let phase: String = get(r, "phase")?;
    let Json(prechat): Json<BTreeMap<String, String>> = get(r, "prechat")?;
    Ok(Conversation {
        id: get(r, "id")?,
        widget_id: get(r, "widget_id")?,
        status: ConversationStatus::parse(&status)
            .ok_or_else(|| StoreError::Other(format!("unknown status {status:?} in database")))?,
        prechat,
        page_url: get(r, "page_url")?,
        last_seq: get(r, "last_seq")?,
        visitor_read_seq: get(r, "visitor_read_seq")?,
        agent_read_seq: get(r, "agent_read_seq")?,
        created_at: get(r, "created_at")?,
        updated_at: get(r, "updated_at")?,
        closed_at: get(r, "closed_at")?,
        phase: Phase::parse(&phase)
            .ok_or_else(|| StoreError::Other(format!("unknown phase {phase:?} in database")))?,
        assigned_agent_id: get(r, "assigned_agent_id")?,
        escalation_reason: get(r, "escalation_reason")?,
        escalated_at: get(r, "escalated_at")?,
        queued_at: get(r, "queued_at")?,
        assigned_at: get(r, "assigned_at")?,
        first_response_at: get(r, "first_response_at")?,
        rating: get::<Option<i16>>(r, "rating")?.and_then(|v| u8::try_from(v).ok()),
        rating_comment: get(r, "rating_comment")?,
        summary: get(r, "summary")?,
        verified_user_id: get(r, "verified_user_id")?,
        // Rows from before visitor ids were migrated to their own id.
        visitor_id: match get::<Option<uuid::Uuid>>(r, "visitor_id")? {
            Some(v) => v,
            None => get(r, "id")?,
        },
        visitor_ip: get(r, "visitor_ip")?,
    })
}
