//! Wire types of the chatd HTTP API and a typed async client for it.
//!
//! chatctl, agent-tui, the integration tests and the benchmark all speak to
//! chatd through this crate, so a change to the wire shows up as a compile
//! error everywhere at once.

pub mod auth;
pub mod canned;
pub mod client;
pub mod conversations;
pub mod error;
pub mod frames;
pub mod lifecycle;
pub mod notes;
pub mod stats;
pub mod webhooks;
pub mod widgets;
pub mod ws;

pub use client::{Client, ClientError};
pub use error::{ErrorBody, ErrorCode, ErrorDetail};
