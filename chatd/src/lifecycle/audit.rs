//! The audit log: who did what to which resource, when and from where.
//!
//! Handlers call [`record`] after a mutation succeeded. A failure to record
//! is logged, not returned: the change has been made by then, and telling
//! the client it failed would be a lie.

use crate::app::AppState;
use crate::http::caller::{Caller, Via};
use crate::store::NewAudit;
use uuid::Uuid;

/// How an actor authenticated, as the log spells it.
pub fn actor_kind(via: Via) -> &'static str {
    match via {
        Via::Jwt => "user",
        Via::ApiToken => "api_token",
    }
}

/// Records that `caller` did `action` (`resource.verb`, e.g.
/// `widget.create`) to `target`, with `details` (a JSON object; never put
/// secrets in it).
pub async fn record(
    st: &AppState,
    caller: &Caller,
    action: &str,
    target: impl Into<Option<Uuid>>,
    details: serde_json::Value,
) {
    let entry = NewAudit {
        actor_id: Some(caller.user.id),
        actor_name: caller.user.email.clone(),
        actor_kind: actor_kind(caller.via).into(),
        action: action.into(),
        target: target.into().map(|t| t.to_string()),
        details,
        ip: caller.ip.map(|ip| ip.to_canonical().to_string()),
    };
    write(st, entry).await;
}

/// Records an action chatd took on its own (the retention sweep).
pub async fn record_system(
    st: &AppState,
    action: &str,
    target: Option<Uuid>,
    details: serde_json::Value,
) {
    let entry = NewAudit {
        actor_id: None,
        actor_name: "chatd".into(),
        actor_kind: "system".into(),
        action: action.into(),
        target: target.map(|t| t.to_string()),
        details,
        ip: None,
    };
    write(st, entry).await;
}

/// An entry for what `chatd admin …` did on the server's host, with the
/// database open directly: the actor is whoever could run it there.
pub fn offline(action: &str, target: Uuid, details: serde_json::Value) -> NewAudit {
    NewAudit {
        actor_id: None,
        actor_name: "chatd admin".into(),
        actor_kind: "cli".into(),
        action: action.into(),
        target: Some(target.to_string()),
        details,
        ip: None,
    }
}

async fn write(st: &AppState, entry: NewAudit) {
    let action = entry.action.clone();
    if let Err(e) = st.store.append_audit(entry).await {
        tracing::error!(error = %e, action, "cannot write the audit log");
    }
}
