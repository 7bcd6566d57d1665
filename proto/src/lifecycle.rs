//! Blocking visitors, the audit log of admin actions, and visitor data
//! requests (export and erasure), with their client calls.

use crate::client::{Client, ClientError};
use crate::conversations::{Conversation, Message};
use reqwest::Method;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest block reason, in characters.
pub const REASON_MAX: usize = 500;

/// A blocked visitor (and, when `ip` is set, their address) on one widget.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Block {
    /// Stable id.
    pub id: Uuid,
    /// The widget the block applies to.
    pub widget_id: Uuid,
    /// The blocked visitor.
    pub visitor_id: Uuid,
    /// The blocked address, when the agent asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// Why, for other agents.
    pub reason: String,
    /// The user who blocked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<Uuid>,
    /// Their name at the time.
    pub created_by_name: String,
    /// Creation time, Unix milliseconds.
    pub created_at: i64,
    /// When the block lapses, Unix milliseconds; none: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

/// `POST /api/v1/conversations/{id}/block`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BlockVisitor {
    /// Also block the address the visitor started the conversation from.
    #[serde(default)]
    pub ip: bool,
    /// Why, at most 500 characters.
    #[serde(default)]
    pub reason: Option<String>,
    /// Lift the block after this many hours; none: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in_hours: Option<u32>,
}

/// One recorded admin action.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    /// Stable id; ids grow with time.
    pub id: Uuid,
    /// When, Unix milliseconds.
    pub at: i64,
    /// The acting user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    /// Their name (email) at the time.
    pub actor_name: String,
    /// How they authenticated: `user` (login) or `api_token`.
    pub actor_kind: String,
    /// What, as `resource.verb`: `widget.create`, `block.delete`, …
    pub action: String,
    /// The id of what was acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Action-specific details (the fields changed, say); never secrets.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub details: serde_json::Value,
    /// The client's address, as `--trusted-proxy` lets chatd see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

/// Filters of `GET /api/v1/audit`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only entries at or after this time, Unix milliseconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i64>,
    /// Only this actor: a user id or a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Only this action (`widget.create`), or a prefix ending in `.` (`widget.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// At most this many, newest first (1-1000, default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// One conversation of an export, with its whole transcript.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedConversation {
    /// The conversation as agents see it.
    pub conversation: Conversation,
    /// Every message, in seq order.
    pub messages: Vec<Message>,
}

/// `GET /api/v1/visitors/{visitor_id}/export`: everything stored about a visitor.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VisitorExport {
    /// The visitor.
    pub visitor_id: Uuid,
    /// When the export was made, Unix milliseconds.
    pub exported_at: i64,
    /// Their conversations, newest first.
    pub conversations: Vec<ExportedConversation>,
    /// Blocks naming them.
    pub blocks: Vec<Block>,
}

/// `DELETE /api/v1/visitors/{visitor_id}`: what was erased.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Forgotten {
    /// The visitor.
    pub visitor_id: Uuid,
    /// Conversations deleted, with their messages.
    pub conversations: u64,
}

fn query_string(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={}", encode(v))))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Percent-encodes a query value (everything but unreserved characters).
fn encode(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for b in v.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Client {
    /// `POST /api/v1/conversations/{id}/block`.
    pub async fn block_conversation(
        &self,
        conversation_id: Uuid,
        body: &BlockVisitor,
    ) -> Result<Block, ClientError> {
        self.request(
            Method::POST,
            &format!("/api/v1/conversations/{conversation_id}/block"),
            Some(body),
        )
        .await
    }

    /// `GET /api/v1/blocks`.
    pub async fn list_blocks(&self) -> Result<Vec<Block>, ClientError> {
        self.request::<(), _>(Method::GET, "/api/v1/blocks", None)
            .await
    }

    /// `DELETE /api/v1/blocks/{id}`.
    pub async fn delete_block(&self, id: Uuid) -> Result<(), ClientError> {
        self.request_empty(Method::DELETE, &format!("/api/v1/blocks/{id}"))
            .await
    }

    /// `GET /api/v1/audit`.
    pub async fn list_audit(&self, q: &AuditQuery) -> Result<Vec<AuditEntry>, ClientError> {
        let query = query_string(&[
            ("since", q.since.map(|v| v.to_string())),
            ("actor", q.actor.clone()),
            ("action", q.action.clone()),
            ("limit", q.limit.map(|v| v.to_string())),
        ]);
        self.request::<(), _>(Method::GET, &format!("/api/v1/audit{query}"), None)
            .await
    }

    /// `GET /api/v1/conversations?visitor_id=…`: a visitor's conversations, newest first.
    pub async fn visitor_conversations(
        &self,
        visitor_id: Uuid,
    ) -> Result<Vec<Conversation>, ClientError> {
        self.request::<(), _>(
            Method::GET,
            &format!("/api/v1/conversations?visitor_id={visitor_id}"),
            None,
        )
        .await
    }

    /// `GET /api/v1/visitors/{visitor_id}/export`.
    pub async fn export_visitor(&self, visitor_id: Uuid) -> Result<VisitorExport, ClientError> {
        self.request::<(), _>(
            Method::GET,
            &format!("/api/v1/visitors/{visitor_id}/export"),
            None,
        )
        .await
    }

    /// `DELETE /api/v1/visitors/{visitor_id}`.
    pub async fn forget_visitor(&self, visitor_id: Uuid) -> Result<Forgotten, ClientError> {
        self.request::<(), _>(
            Method::DELETE,
            &format!("/api/v1/visitors/{visitor_id}"),
            None,
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_encoded() {
        assert_eq!(
            query_string(&[
                ("action", Some("widget.".into())),
                ("actor", Some("a b&c".into())),
                ("limit", None)
            ]),
            "?action=widget.&actor=a%20b%26c"
        );
        assert_eq!(query_string(&[("limit", None)]), "");
    }

    #[test]
    fn block_bodies_refuse_unknown_fields() {
        assert!(serde_json::from_str::<BlockVisitor>(r#"{"ipp":true}"#).is_err());
        let b: BlockVisitor = serde_json::from_str("{}").unwrap();
        assert_eq!(b, BlockVisitor::default());
    }
}
