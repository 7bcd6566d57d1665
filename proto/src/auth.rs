//! Login, tokens, users and the caller's identity.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A user's role. Admins manage everything; agents answer conversations.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Full access to the admin API.
    Admin,
    /// Works conversations; no access to the admin API.
    Agent,
}

impl Role {
    /// The role as it is spelled on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Agent => "agent",
        }
    }

    /// Parses the wire spelling.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Self::Admin),
            "agent" => Some(Self::Agent),
            _ => None,
        }
    }
}

/// `POST /api/v1/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// The user's email address.
    pub email: String,
    /// The user's password.
    pub password: String,
}

/// `POST /api/v1/auth/refresh` and `POST /api/v1/auth/logout`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh; it is single-use.
    pub refresh_token: String,
}

/// Tokens handed out by login and refresh.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPair {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until `access_token` expires.
    pub expires_in: u64,
    /// Single-use token that buys the next pair; using one twice revokes its whole chain.
    pub refresh_token: String,
    /// The user the tokens belong to.
    pub user: User,
}

/// A person who can log in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// Stable id.
    pub id: Uuid,
    /// Unique, lower-cased email address.
    pub email: String,
    /// Display name shown to visitors.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// Disabled users cannot log in and their tokens stop working.
    pub disabled: bool,
    /// Creation time, Unix milliseconds.
    pub created_at: i64,
}

/// `POST /api/v1/users`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUser {
    /// Email address; must be unique.
    pub email: String,
    /// Display name; defaults to the part of the email before `@`.
    #[serde(default)]
    pub name: Option<String>,
    /// Role; defaults to `agent`.
    #[serde(default)]
    pub role: Option<Role>,
    /// Password, at least 8 characters.
    pub password: String,
}

/// `PATCH /api/v1/users/{id}`: only the fields given change.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUser {
    /// New display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// New role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Disable or enable the user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// New password, at least 8 characters; revokes the user's refresh tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `POST /api/v1/tokens`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateApiToken {
    /// What the token is for, e.g. `ci-provisioning`.
    pub name: String,
    /// Role the token acts with; defaults to the creator's.
    #[serde(default)]
    pub role: Option<Role>,
    /// Lifetime in seconds; none means it lives until revoked.
    #[serde(default)]
    pub expires_in: Option<u64>,
}

/// An API token as listed; the secret itself is never shown again.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    /// Stable id, used to revoke it.
    pub id: Uuid,
    /// What the token is for.
    pub name: String,
    /// The first characters of the secret, to recognise it.
    pub prefix: String,
    /// Role the token acts with.
    pub role: Role,
    /// The user who created it; the token acts as this user.
    pub user_id: Uuid,
    /// Creation time, Unix milliseconds.
    pub created_at: i64,
    /// Expiry, Unix milliseconds, if any.
    pub expires_at: Option<i64>,
    /// Revocation time, Unix milliseconds, if revoked.
    pub revoked_at: Option<i64>,
}

/// The answer to `POST /api/v1/tokens`: the only time the secret is shown.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    /// The token's metadata.
    #[serde(flatten)]
    pub token: ApiToken,
    /// The secret for `Authorization: Bearer`; store it now, it is not shown again.
    pub secret: String,
}

/// `GET /api/v1/me`: who the credentials belong to.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The user.
    pub user: User,
    /// The role in force for this request (an API token may act with less than its user's).
    pub role: Role,
    /// `jwt` or `api_token`.
    pub via: String,
}
