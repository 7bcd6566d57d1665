//! Persistence behind one trait that speaks the domain, never SQL.
//!
//! SQLite is the embedded default; Postgres joins in the scale-out work.
//! Every method is a single atomic operation: callers never hold a
//! transaction open across an await in http/ or ws/.

pub mod error;
pub mod sqlite;

pub use error::StoreError;

use async_trait::async_trait;
use proto::auth::{ApiToken, Role, User};
use proto::widgets::{Widget, WidgetPatch, WidgetSettings};
use uuid::Uuid;

/// Result of a store call.
pub type StoreResult<T> = Result<T, StoreError>;

/// A user as stored, with the password hash the wire never sees.
#[derive(Debug, Clone)]
pub struct UserRecord {
    /// The public part.
    pub user: User,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// A user to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Lower-cased email.
    pub email: String,
    /// Display name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// argon2id PHC string.
    pub password_hash: String,
}

/// Changes to a user; `None` leaves a field alone.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// New display name.
    pub name: Option<String>,
    /// New role.
    pub role: Option<Role>,
    /// Disable or enable.
    pub disabled: Option<bool>,
    /// New password hash; also revokes every refresh token of the user.
    pub password_hash: Option<String>,
}

/// A refresh token to store (only its hash is kept).
#[derive(Debug, Clone)]
pub struct NewRefreshToken {
    /// SHA-256 of the token, hex.
    pub token_hash: String,
    /// Owner.
    pub user_id: Uuid,
    /// Chain the token belongs to; a reused token revokes its whole chain.
    pub family_id: Uuid,
    /// Expiry, Unix ms.
    pub expires_at: i64,
}

/// What happened when a refresh token was presented for rotation.
#[derive(Debug, Clone)]
pub enum Rotation {
    /// The old token was valid and is now used; the new one is stored.
    Rotated(UserRecord),
    /// The old token was already used: its chain is revoked (theft suspected).
    Reused,
    /// Unknown, expired or revoked token.
    Invalid,
}

/// An API token to store.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    /// Creator; the token acts as this user.
    pub user_id: Uuid,
    /// What it is for.
    pub name: String,
    /// First characters of the secret, for recognition.
    pub prefix: String,
    /// SHA-256 of the secret, hex.
    pub token_hash: String,
    /// Role it acts with.
    pub role: Role,
    /// Expiry, Unix ms.
    pub expires_at: Option<i64>,
}

/// A widget to create.
#[derive(Debug, Clone)]
pub struct NewWidget {
    /// Unique name.
    pub name: String,
    /// Random public key.
    pub site_key: String,
    /// Settings.
    pub settings: WidgetSettings,
}

/// The first-run content: created at most once per database.
#[derive(Debug, Clone)]
pub struct Bootstrap {
    /// The initial admin.
    pub admin: NewUser,
    /// The demo widget.
    pub demo_widget: NewWidget,
}

/// Everything chatd persists.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Proves the store can read and that its writer takes work.
    async fn ping(&self) -> StoreResult<()>;
    /// The random id of this database, set when it was created.
    async fn epoch(&self) -> StoreResult<String>;
    /// Creates the first-run content unless this database was bootstrapped before.
    /// Returns whether it did.
    async fn bootstrap(&self, b: Bootstrap) -> StoreResult<bool>;
    /// Stops taking writes and waits until every accepted write is committed.
    async fn close(&self);

    /// Creates a user; `Conflict` if the email is taken.
    async fn create_user(&self, u: NewUser) -> StoreResult<User>;
    /// One user.
    async fn get_user(&self, id: Uuid) -> StoreResult<User>;
    /// One user by email, with the password hash.
    async fn find_user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>>;
    /// All users, oldest first.
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    /// Changes a user.
    async fn update_user(&self, id: Uuid, c: UserChanges) -> StoreResult<User>;
    /// Deletes a user and their tokens.
    async fn delete_user(&self, id: Uuid) -> StoreResult<()>;

    /// Stores a fresh refresh token (at login).
    async fn insert_refresh_token(&self, t: NewRefreshToken) -> StoreResult<()>;
    /// Atomically uses `old_hash` and stores `new` in its chain.
    async fn rotate_refresh_token(
        &self,
        old_hash: &str,
        new_hash: &str,
        new_expires_at: i64,
        now: i64,
    ) -> StoreResult<Rotation>;
    /// Revokes the chain of a refresh token (logout). Unknown tokens are ignored.
    async fn revoke_refresh_family(&self, token_hash: &str) -> StoreResult<()>;

    /// Stores an API token.
    async fn create_api_token(&self, t: NewApiToken) -> StoreResult<ApiToken>;
    /// All API tokens, newest first.
    async fn list_api_tokens(&self) -> StoreResult<Vec<ApiToken>>;
    /// Revokes an API token; `NotFound` if there is none.
    async fn revoke_api_token(&self, id: Uuid) -> StoreResult<()>;
    /// The token with this hash and its user, whatever its state.
    async fn find_api_token(&self, token_hash: &str) -> StoreResult<Option<(ApiToken, User)>>;

    /// Creates a widget; `Conflict` if the name is taken.
    async fn create_widget(&self, w: NewWidget) -> StoreResult<Widget>;
    /// One widget.
    async fn get_widget(&self, id: Uuid) -> StoreResult<Widget>;
    /// One widget by its current site key.
    async fn find_widget_by_site_key(&self, site_key: &str) -> StoreResult<Option<Widget>>;
    /// All widgets, oldest first.
    async fn list_widgets(&self) -> StoreResult<Vec<Widget>>;
    /// Applies a patch atomically (read, merge, write in one transaction).
    async fn update_widget(&self, id: Uuid, patch: WidgetPatch) -> StoreResult<Widget>;
    /// Replaces the site key.
    async fn set_widget_site_key(&self, id: Uuid, site_key: &str) -> StoreResult<Widget>;
    /// Deletes a widget.
    async fn delete_widget(&self, id: Uuid) -> StoreResult<()>;
}

/// Now, in Unix milliseconds.
pub fn now_ms() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
