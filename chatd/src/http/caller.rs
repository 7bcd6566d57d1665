//! Who is calling: bearer credentials turned into a user and a role.
//!
//! A request with a bad token is refused with 401; it is never quietly
//! treated as anonymous.

use super::error::ApiError;
use crate::app::AppState;
use crate::auth::secrets::{API_TOKEN_PREFIX, hash_secret};
use crate::store::{StoreError, now_ms};
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use proto::auth::{Role, User};

/// How the caller authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A JWT access token from login.
    Jwt,
    /// An API token.
    ApiToken,
}

impl Via {
    /// Wire spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Jwt => "jwt",
            Self::ApiToken => "api_token",
        }
    }
}

/// An authenticated user (admin or agent).
#[derive(Debug, Clone)]
pub struct Caller {
    /// The user, as stored now.
    pub user: User,
    /// Role in force for this request.
    pub role: Role,
    /// How they authenticated.
    pub via: Via,
    /// The client's address (none on sockets, which authenticate in `hello`).
    pub ip: Option<std::net::IpAddr>,
}

/// An authenticated admin; agents get 403.
#[derive(Debug, Clone)]
pub struct AdminCaller(pub Caller);

fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    let value = parts
        .headers
        .get(AUTHORIZATION)
        .ok_or_else(|| ApiError::Unauthorized("missing Authorization: Bearer token".into()))?;
    let value = value
        .to_str()
        .map_err(|_| ApiError::Unauthorized("malformed Authorization header".into()))?;
    let token = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .ok_or_else(|| ApiError::Unauthorized("Authorization must be `Bearer TOKEN`".into()))?;
    Ok(token.trim())
}

fn lesser(a: Role, b: Role) -> Role {
    if a == Role::Admin && b == Role::Admin {
        Role::Admin
    } else {
        Role::Agent
    }
}

/// Resolves a bearer token to a caller.
pub async fn authenticate(state: &AppState, token: &str) -> Result<Caller, ApiError> {
    let invalid = || ApiError::Unauthorized("invalid, expired or revoked token".into());
    if token.starts_with(API_TOKEN_PREFIX) {
        let (t, user) = state
            .store
            .find_api_token(&hash_secret(token))
            .await?
            .ok_or_else(invalid)?;
        let expired = t.expires_at.is_some_and(|e| e <= now_ms());
        if t.revoked_at.is_some() || expired || user.disabled {
            return Err(invalid());
        }
        // A token never acts with more than its user has now.
        let role = lesser(t.role, user.role);
        return Ok(Caller {
            user,
            role,
            via: Via::ApiToken,
            ip: None,
        });
    }
    let claims = state.jwt.verify(token).ok_or_else(invalid)?;
    let user = match state.store.get_user(claims.sub).await {
        Ok(u) => u,
        Err(StoreError::NotFound) => return Err(invalid()),
        Err(e) => return Err(e.into()),
    };
    if user.disabled {
        return Err(invalid());
    }
    // A demotion takes effect at once, not when the token expires.
    let role = lesser(claims.role, user.role);
    Ok(Caller {
        user,
        role,
        via: Via::Jwt,
        ip: None,
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = bearer(parts)?;
        let mut caller = authenticate(state, token).await?;
        caller.ip = super::client_ip::ClientIp::of(parts, state).0;
        Ok(caller)
    }
}

impl FromRequestParts<AppState> for AdminCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        if caller.role != Role::Admin {
            return Err(ApiError::Forbidden("this needs the admin role".into()));
        }
        Ok(Self(caller))
    }
}
