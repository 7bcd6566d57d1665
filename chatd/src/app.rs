//! Shared state handed to every handler.

use crate::auth::jwt::JwtKeys;
use crate::auth::password::Passwords;
use crate::config::Config;
use crate::engine::Engine;
use crate::store::Store;
use crate::ws::WsSettings;
use std::sync::Arc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Persistence.
    pub store: Arc<dyn Store>,
    /// Conversations and fan-out.
    pub engine: Arc<Engine>,
    /// Cross-node events.
    pub broker: Arc<dyn crate::broker::Broker>,
    /// The database's epoch, sent with seqs.
    pub epoch: Arc<str>,
    /// Access token keys.
    pub jwt: JwtKeys,
    /// Password hashing.
    pub passwords: Passwords,
    /// Effective configuration.
    pub config: Arc<Config>,
    /// Per-IP limit on anonymous (visitor) requests.
    pub ip_limiter: Arc<crate::http::ratelimit::IpLimiter>,
    /// Socket tuning.
    pub ws: WsSettings,
    /// Blocked visitors and addresses, kept in memory for the hot path.
    pub blocks: Arc<crate::lifecycle::blocks::Blocklist>,
    /// Webhook subscriptions, outbox and dispatcher.
    pub webhooks: Arc<crate::webhooks::Webhooks>,
    /// Cancelled when the server starts shutting down.
    pub shutdown: CancellationToken,
    /// Sockets and event streams, which axum's graceful shutdown does not wait for.
    pub tracker: TaskTracker,
}
