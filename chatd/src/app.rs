//! Shared state handed to every handler.

use crate::auth::jwt::JwtKeys;
use crate::auth::password::Passwords;
use crate::config::Config;
use crate::store::Store;
use std::sync::Arc;

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    /// Persistence.
    pub store: Arc<dyn Store>,
    /// Access token keys.
    pub jwt: JwtKeys,
    /// Password hashing.
    pub passwords: Passwords,
    /// Effective configuration.
    pub config: Arc<Config>,
}
