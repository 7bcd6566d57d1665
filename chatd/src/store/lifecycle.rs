//! What the store takes for blocks and the audit log.

use uuid::Uuid;

/// A block to store.
#[derive(Debug, Clone)]
pub struct NewBlock {
    /// The widget it applies to.
    pub widget_id: Uuid,
    /// The blocked visitor.
    pub visitor_id: Uuid,
    /// The blocked address, if any.
    pub ip: Option<String>,
    /// Why.
    pub reason: String,
    /// Who blocked.
    pub created_by: Option<Uuid>,
    /// Their name at the time.
    pub created_by_name: String,
    /// When it lapses, Unix ms.
    pub expires_at: Option<i64>,
}

/// An audit entry to append; the store gives it its id and time.
#[derive(Debug, Clone)]
pub struct NewAudit {
    /// The acting user.
    pub actor_id: Option<Uuid>,
    /// Their name (email).
    pub actor_name: String,
    /// `user` or `api_token`.
    pub actor_kind: String,
    /// `resource.verb`.
    pub action: String,
    /// What was acted on.
    pub target: Option<String>,
    /// Details, a JSON object.
    pub details: serde_json::Value,
    /// The client's address.
    pub ip: Option<String>,
}

/// Which audit entries to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// At or after this time, Unix ms.
    pub since: Option<i64>,
    /// This actor: matches the actor id (as text) or the name.
    pub actor: Option<String>,
    /// This action, or with a trailing `.` every action with that prefix.
    pub action: Option<String>,
    /// At most this many.
    pub limit: u32,
}

impl AuditFilter {
    /// The action filter as a SQL LIKE pattern: `widget.` becomes `widget.%`;
    /// `%` and `_` in the filter are escaped with `\`.
    pub fn action_pattern(&self) -> Option<String> {
        self.action.as_ref().map(|a| {
            let escaped = a
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            if a.ends_with('.') {
                format!("{escaped}%")
            } else {
                escaped
            }
        })
    }
}
