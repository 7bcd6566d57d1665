//! Webhooks: chatd POSTs events to URLs operators register, signed with a
//! per-hook secret; the signing and verifying code both sides share.
//!
//! A delivery carries three headers: `Chatd-Delivery` (a UUID that stays the
//! same on every retry, so receivers can drop repeats), `Chatd-Event` (the
//! event type) and `Chatd-Signature: t=<unix seconds>,v1=<hex>`, where the hex
//! is HMAC-SHA256 keyed with the hook's secret over `"<t>.<body>"`. The
//! timestamp is signed too, so an old delivery replayed by an attacker is
//! refused once it is older than the receiver's tolerance.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use uuid::Uuid;

/// Header naming the delivery; the same on every retry and on a replay.
pub const DELIVERY_HEADER: &str = "Chatd-Delivery";
/// Header naming the event type.
pub const EVENT_HEADER: &str = "Chatd-Event";
/// Header with the timestamp and signature.
pub const SIGNATURE_HEADER: &str = "Chatd-Signature";
/// How old a signature `verify` accepts by default, in seconds.
pub const DEFAULT_TOLERANCE_SECS: u64 = 300;
/// Longest webhook URL, in bytes.
pub const URL_MAX: usize = 2000;
/// Webhooks chatd keeps at most.
pub const MAX_WEBHOOKS: usize = 100;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventKind {
    /// A visitor started a conversation.
    #[serde(rename = "conversation.created")]
    ConversationCreated,
    /// A conversation went to the queue for a person.
    #[serde(rename = "conversation.escalated")]
    ConversationEscalated,
    /// An agent took a conversation (accepted, assigned or transferred).
    #[serde(rename = "conversation.assigned")]
    ConversationAssigned,
    /// A conversation was closed.
    #[serde(rename = "conversation.closed")]
    ConversationClosed,
    /// The visitor rated a conversation.
    #[serde(rename = "conversation.rated")]
    ConversationRated,
    /// A message was stored (visitor, agent, AI or system).
    #[serde(rename = "message.created")]
    MessageCreated,
    /// `chatctl webhook test`: sent to one hook whatever it subscribes to.
    #[serde(rename = "ping")]
    Ping,
}

impl EventKind {
    /// Every event a hook may subscribe to (not `ping`, which every hook gets on request).
    pub const SUBSCRIBABLE: [Self; 6] = [
        Self::ConversationCreated,
        Self::ConversationEscalated,
        Self::ConversationAssigned,
        Self::ConversationClosed,
        Self::ConversationRated,
        Self::MessageCreated,
    ];

    /// The wire name, e.g. `conversation.created`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConversationCreated => "conversation.created",
            Self::ConversationEscalated => "conversation.escalated",
            Self::ConversationAssigned => "conversation.assigned",
            Self::ConversationClosed => "conversation.closed",
            Self::ConversationRated => "conversation.rated",
            Self::MessageCreated => "message.created",
            Self::Ping => "ping",
        }
    }

    /// The event with this wire name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Ping]
            .into_iter()
            .chain(Self::SUBSCRIBABLE)
            .find(|k| k.as_str() == s)
    }

    /// One bit per event, for cheap "does anyone want this?" checks.
    pub fn bit(self) -> u32 {
        1 << (self as u32)
    }

    /// The subscribable events' names, comma separated, for error messages.
    pub fn names() -> String {
        Self::SUBSCRIBABLE
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl std::fmt::Display for EventKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A registered webhook, without its secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Webhook {
    /// Stable id.
    pub id: Uuid,
    /// Where deliveries are POSTed (http or https).
    pub url: String,
    /// The events it receives, sorted.
    pub events: Vec<EventKind>,
    /// Creation time, Unix milliseconds.
    pub created_at: i64,
}

/// `POST /api/v1/webhooks`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateWebhook {
    /// An absolute http:// or https:// URL, at most 2000 bytes.
    pub url: String,
    /// One or more of the subscribable events (not `ping`).
    pub events: Vec<EventKind>,
}

/// The answer to `POST /api/v1/webhooks`: the hook and its signing secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedWebhook {
    /// The hook.
    #[serde(flatten)]
    pub webhook: Webhook,
    /// The signing secret; store it now, it is not shown again.
    pub secret: String,
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum DeliveryStatus {
    /// Waiting for its next attempt.
    Pending,
    /// The receiver answered 2xx.
    Delivered,
    /// Every attempt failed; only a replay sends it again.
    Failed,
}

impl DeliveryStatus {
    /// The wire and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
        }
    }

    /// The status with this name.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Pending, Self::Delivered, Self::Failed]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// One event for one hook, with its attempts so far.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Delivery {
    /// The delivery id, sent as `Chatd-Delivery` on every attempt.
    pub id: Uuid,
    /// The hook.
    pub webhook_id: Uuid,
    /// The event.
    pub event: EventKind,
    /// Where it stands.
    pub status: DeliveryStatus,
    /// Attempts made.
    pub attempts: u32,
    /// When the next attempt is due, Unix ms (pending only).
    pub next_attempt_at: Option<i64>,
    /// The HTTP status of the last attempt, if the receiver answered.
    pub last_status: Option<u16>,
    /// Why the last attempt failed.
    pub last_error: Option<String>,
    /// When the event happened, Unix ms.
    pub created_at: i64,
    /// When the receiver accepted it, Unix ms.
    pub delivered_at: Option<i64>,
    /// The body POSTed: `{"id", "type", "created_at", "data"}`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: serde_json::Value,
}

/// Why a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The header is not `t=<seconds>,v1=<hex>[,v1=<hex>…]`.
    #[error("malformed signature header: {0}")]
    Malformed(String),
    /// No `v1` signature matches the body and the secret.
    #[error("the signature does not match the body and the secret")]
    Mismatch,
    /// The timestamp is further from now than the tolerance.
    #[error("the signature's timestamp is {age} s away from now (tolerance {tolerance} s)")]
    Stale {
        /// Seconds between the timestamp and now.
        age: u64,
        /// The tolerance in seconds.
        tolerance: u64,
    },
}

fn mac(secret: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length; this cannot fail.
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    m.update(timestamp.to_string().as_bytes());
    m.update(b".");
    m.update(body);
    m
}

/// The `Chatd-Signature` value for `body` sent at `timestamp` (Unix seconds).
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let tag = mac(secret, timestamp, body).finalize().into_bytes();
    format!("t={timestamp},v1={}", hex::encode(tag))
}

/// Checks a `Chatd-Signature` header against `body` and `secret`; `now` is
/// Unix seconds. Accepts when any `v1` entry matches (compared in constant
/// time) and the timestamp is within `tolerance_secs` of `now`. Returns the
/// signed timestamp.
pub fn verify(
    secret: &str,
    header: &str,
    body: &[u8],
    now: i64,
    tolerance_secs: u64,
) -> Result<i64, VerifyError> {
    let mut timestamp = None;
    let mut sigs = Vec::new();
    for part in header.split(',') {
        let (k, v) = part
            .trim()
            .split_once('=')
            .ok_or_else(|| VerifyError::Malformed(format!("{:?} is not key=value", part.trim())))?;
        match k {
            "t" => {
                let t = v
                    .parse::<i64>()
                    .map_err(|_| VerifyError::Malformed(format!("t={v:?} is not a number")))?;
                timestamp = Some(t);
            }
            "v1" => sigs.push(
                hex::decode(v)
                    .map_err(|_| VerifyError::Malformed(format!("v1={v:?} is not hex")))?,
            ),
            // Other schemes may be added later; ignoring them keeps old receivers working.
            _ => {}
        }
    }
    let t = timestamp.ok_or_else(|| VerifyError::Malformed("no t= timestamp".into()))?;
    if sigs.is_empty() {
        return Err(VerifyError::Malformed("no v1= signature".into()));
    }
    if !sigs
        .iter()
        .any(|s| mac(secret, t, body).verify_slice(s).is_ok())
    {
        return Err(VerifyError::Mismatch);
    }
    let age = now.abs_diff(t);
    if age > tolerance_secs {
        return Err(VerifyError::Stale {
            age,
            tolerance: tolerance_secs,
        });
    }
    Ok(t)
}

/// Checks a webhook URL: absolute http or https with a host, at most 2000
/// bytes. The error says what is wrong, without the field name.
pub fn check_url(s: &str) -> Result<(), String> {
    if s.len() > URL_MAX {
        return Err(format!("must be at most {URL_MAX} bytes"));
    }
    let u = reqwest::Url::parse(s).map_err(|e| format!("{s:?} is not a URL ({e})"))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(format!("{s:?} must start with http:// or https://"));
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err(format!("{s:?} has no host"));
    }
    Ok(())
}

/// Checks a subscription list: not empty, no `ping`. Returns it sorted and
/// without repeats.
pub fn check_events(events: &[EventKind]) -> Result<Vec<EventKind>, String> {
    if events.is_empty() {
        return Err(format!("name at least one of {}", EventKind::names()));
    }
    if events.contains(&EventKind::Ping) {
        return Err(format!(
            "ping is sent on request to every hook and cannot be subscribed to; \
             choose from {}",
            EventKind::names()
        ));
    }
    let mut v = events.to_vec();
    v.sort();
    v.dedup();
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_then_verify() {
        let body = br#"{"id":"x"}"#;
        let h = sign("whsec_abc", 1_700_000_000, body);
        assert!(h.starts_with("t=1700000000,v1="), "{h}");
        assert_eq!(
            verify("whsec_abc", &h, body, 1_700_000_100, 300),
            Ok(1_700_000_000)
        );
        assert_eq!(
            verify("whsec_abd", &h, body, 1_700_000_000, 300),
            Err(VerifyError::Mismatch)
        );
        assert_eq!(
            verify("whsec_abc", &h, b"{}", 1_700_000_000, 300),
            Err(VerifyError::Mismatch)
        );
        assert!(matches!(
            verify("whsec_abc", &h, body, 1_700_000_301, 300),
            Err(VerifyError::Stale { age: 301, .. })
        ));
        // A signature for another timestamp does not verify under this one.
        let other = sign("whsec_abc", 1_700_000_001, body);
        let v1 = other.split_once(",v1=").unwrap().1;
        assert_eq!(
            verify(
                "whsec_abc",
                &format!("t=1700000000,v1={v1}"),
                body,
                1_700_000_000,
                300
            ),
            Err(VerifyError::Mismatch)
        );
        // One good entry among several is enough (secret rotation).
        let good = h.split_once(",v1=").unwrap().1;
        let two = format!("t=1700000000,v1={},v1={good}", "00".repeat(32));
        assert!(verify("whsec_abc", &two, body, 1_700_000_000, 300).is_ok());
    }

    #[test]
    fn a_known_vector() {
        // Computed independently: printf '1.{}' | openssl dgst -sha256 -hmac secret
        assert_eq!(
            sign("secret", 1, b"{}"),
            "t=1,v1=1122767b193110cfec322b6f199b599edbf608ed087f2d27afb0b97d99523908"
        );
    }

    #[test]
    fn malformed_headers() {
        for bad in ["", "t=1", "v1=00", "t=x,v1=00", "t=1,v1=zz", "nonsense"] {
            assert!(
                matches!(
                    verify("s", bad, b"", 1, 300),
                    Err(VerifyError::Malformed(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn urls_and_events() {
        for ok in [
            "http://127.0.0.1:9000/hook",
            "https://example.com/x?y=1",
            "HTTPS://EXAMPLE.COM",
        ] {
            assert!(check_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "example.com",
            "ftp://example.com",
            "file:///etc/passwd",
            "http://",
            &format!("https://e.com/{}", "a".repeat(URL_MAX)),
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
        assert!(check_events(&[]).is_err());
        assert!(check_events(&[EventKind::Ping]).is_err());
        assert_eq!(
            check_events(&[
                EventKind::MessageCreated,
                EventKind::ConversationCreated,
                EventKind::MessageCreated
            ]),
            Ok(vec![
                EventKind::ConversationCreated,
                EventKind::MessageCreated
            ])
        );
        for k in EventKind::SUBSCRIBABLE {
            assert_eq!(EventKind::parse(k.as_str()), Some(k));
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{k}\""));
        }
        assert_eq!(EventKind::parse("ping"), Some(EventKind::Ping));
        assert_eq!(EventKind::parse("message"), None);
    }
}
