//! `chatctl webhook ...`: flags and subcommands.

use clap::Subcommand;
use proto::webhooks::{DeliveryStatus, EventKind};
use std::path::PathBuf;

/// Parses an event name for `--event`.
fn parse_event(s: &str) -> Result<EventKind, String> {
    match EventKind::parse(s) {
        Some(EventKind::Ping) => {
            Err("ping cannot be subscribed to; `chatctl webhook test` sends one to any hook".into())
        }
        Some(k) => Ok(k),
        None => Err(format!("unknown event; choose from {}", EventKind::names())),
    }
}

/// Parses a delivery status for `--status`.
fn parse_status(s: &str) -> Result<DeliveryStatus, String> {
    DeliveryStatus::parse(s).ok_or_else(|| "choose from pending, delivered, failed".into())
}

/// `chatctl webhook ...`.
#[derive(Debug, Subcommand)]
pub enum WebhookCommand {
    /// Register a URL for some events; prints the signing secret, once.
    ///
    /// Events: conversation.created, conversation.escalated,
    /// conversation.assigned, conversation.closed, conversation.rated,
    /// message.created.
    Add {
        /// Where chatd POSTs the events: http:// or https://.
        url: String,
        /// An event to send there; repeat it for several.
        #[arg(long = "event", value_name = "EVENT", required = true, value_parser = parse_event)]
        events: Vec<EventKind>,
    },
    /// List the webhooks (without their secrets).
    List,
    /// Remove a webhook and its deliveries, pending ones included.
    Remove {
        /// Webhook ID or URL.
        #[arg(value_name = "ID_OR_URL")]
        webhook: String,
    },
    /// Send a `ping` event to a webhook now (whatever it subscribes to) and
    /// wait up to 15 s for its outcome.
    ///
    /// Exits with 1 when the receiver did not answer 2xx.
    Test {
        /// Webhook ID or URL.
        #[arg(value_name = "ID_OR_URL")]
        webhook: String,
    },
    /// List deliveries, newest first: their status, attempts and last error.
    Deliveries {
        /// Only this webhook's (ID or URL).
        #[arg(value_name = "ID_OR_URL")]
        webhook: Option<String>,
        /// Only those in this status: pending, delivered or failed.
        #[arg(long, value_parser = parse_status)]
        status: Option<DeliveryStatus>,
        /// At most this many (1 to 500).
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Send a delivery again: the same delivery ID and body, a fresh
    /// signature and a fresh set of attempts.
    Replay {
        /// Delivery ID (from `chatctl webhook deliveries`).
        #[arg(value_name = "DELIVERY_ID")]
        delivery: String,
    },
    /// Check a webhook signature, as a receiver must: for people writing
    /// receivers, and for debugging one. Needs no server.
    ///
    /// Exits with 0 when the Chatd-Signature header matches the body and
    /// the secret and is recent enough, with 1 otherwise.
    Verify {
        /// The webhook's signing secret (whsec_...).
        #[arg(long, env = "CHATCTL_WEBHOOK_SECRET", hide_env_values = true)]
        secret: String,
        /// The Chatd-Signature header value (t=...,v1=...).
        #[arg(long, value_name = "VALUE")]
        header: String,
        /// The request body exactly as received (`-`: standard input).
        #[arg(long, value_name = "FILE")]
        body_file: PathBuf,
        /// Seconds the signature's timestamp may be away from now.
        #[arg(long, value_name = "SECS", default_value_t = proto::webhooks::DEFAULT_TOLERANCE_SECS)]
        tolerance: u64,
        /// Check as if now were this Unix time (for a saved delivery).
        #[arg(long, value_name = "UNIX_SECS")]
        at: Option<i64>,
    },
}
