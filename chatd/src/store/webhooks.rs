//! What the store keeps for webhooks: hooks with their secrets, and the
//! outbox of deliveries the dispatcher works through.

use proto::webhooks::{EventKind, Webhook};
use uuid::Uuid;

/// A webhook to create.
#[derive(Debug, Clone)]
pub struct NewWebhook {
    /// Checked http(s) URL.
    pub url: String,
    /// Checked, sorted events.
    pub events: Vec<EventKind>,
    /// The signing secret.
    pub secret: String,
}

/// A webhook as stored: the public part and the secret chatd signs with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookRecord {
    /// The public part.
    pub webhook: Webhook,
    /// The signing secret.
    pub secret: String,
}

/// A delivery to put in the outbox, due at once.
#[derive(Debug, Clone)]
pub struct NewDelivery {
    /// The delivery id, chosen by the caller (it is inside the payload too).
    pub id: Uuid,
    /// The hook; a delivery for a hook deleted meanwhile is dropped.
    pub webhook_id: Uuid,
    /// The event.
    pub event: EventKind,
    /// The exact body to POST.
    pub payload: String,
    /// When the event happened, Unix ms.
    pub created_at: i64,
}

/// A delivery the dispatcher claimed, with what sending it takes.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    /// The delivery id.
    pub id: Uuid,
    /// The hook.
    pub webhook_id: Uuid,
    /// The event.
    pub event: EventKind,
    /// The exact body to POST.
    pub payload: String,
    /// Attempts made before this one.
    pub attempts: u32,
    /// The hook's URL.
    pub url: String,
    /// The hook's secret.
    pub secret: String,
}

/// How one attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttemptOutcome {
    /// The receiver answered 2xx with this status.
    Delivered {
        /// The HTTP status.
        status: u16,
    },
    /// Failed; try again at `next_at` (Unix ms).
    Retry {
        /// The HTTP status, if the receiver answered.
        status: Option<u16>,
        /// What went wrong.
        error: String,
        /// When to try again.
        next_at: i64,
    },
    /// Failed for the last time.
    GaveUp {
        /// The HTTP status, if the receiver answered.
        status: Option<u16>,
        /// What went wrong.
        error: String,
    },
}

/// Which deliveries to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct DeliveryFilter {
    /// Only this hook's.
    pub webhook_id: Option<Uuid>,
    /// Only those in this status.
    pub status: Option<proto::webhooks::DeliveryStatus>,
    /// At most this many.
    pub limit: u32,
}

/// Events as stored: a JSON array of their names.
pub fn events_to_text(events: &[EventKind]) -> String {
    serde_json::to_string(events).unwrap_or_else(|_| "[]".into())
}

/// Events from their stored text.
pub fn events_from_text(text: &str) -> Result<Vec<EventKind>, super::StoreError> {
    Ok(serde_json::from_str(text)?)
}
