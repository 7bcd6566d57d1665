//! Login, token refresh, logout and "who am I".

use super::caller::Caller;
use super::error::{ApiError, ApiResult};
use super::json::Json;
use crate::app::AppState;
use crate::auth::password::NO_USER_HASH;
use crate::auth::secrets::{hash_secret, random_b64};
use crate::store::{NewRefreshToken, Rotation, now_ms};
use axum::extract::State;
use axum::http::StatusCode;
use proto::ErrorBody;
use proto::auth::{LoginRequest, Me, RefreshRequest, TokenPair, User};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/auth` and `/api/v1/me`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(refresh))
        .routes(routes!(logout))
        .routes(routes!(me))
}

fn new_refresh_secret() -> String {
    format!("rt_{}", random_b64(32))
}

async fn issue_pair(st: &AppState, user: User, refresh_token: String) -> ApiResult<TokenPair> {
    let ttl = st.config.access_token_ttl_secs;
    let access_token = st
        .jwt
        .issue(user.id, user.role, ttl)
        .map_err(ApiError::internal)?;
    Ok(TokenPair {
        access_token,
        token_type: "Bearer".into(),
        expires_in: ttl,
        refresh_token,
        user,
    })
}

fn refresh_expiry(st: &AppState) -> i64 {
    let ttl_ms =
        i64::try_from(st.config.refresh_token_ttl_secs.saturating_mul(1000)).unwrap_or(i64::MAX);
    now_ms().saturating_add(ttl_ms)
}

/// Exchanges email and password for an access token and a refresh token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody)))]
async fn login(
    State(st): State<AppState>,
    Json(req): Json<LoginRequest>,
) -> ApiResult<Json<TokenPair>> {
    let wrong = || ApiError::Unauthorized("wrong email or password".into());
    let email = req.email.trim().to_lowercase();
    let record = st.store.find_user_by_email(&email).await?;
    // Verify against a dummy hash for unknown emails so response time does not
    // tell which addresses have accounts.
    let hash = record
        .as_ref()
        .map_or(NO_USER_HASH, |r| r.password_hash.as_str());
    let ok = st
        .passwords
        .verify(&req.password, hash)
        .await
        .map_err(ApiError::internal)?;
    let user = match record {
        Some(r) if ok && !r.user.disabled => r.user,
        _ => return Err(wrong()),
    };
    let secret = new_refresh_secret();
    st.store
        .insert_refresh_token(NewRefreshToken {
            token_hash: hash_secret(&secret),
            user_id: user.id,
            family_id: Uuid::new_v4(),
            expires_at: refresh_expiry(&st),
        })
        .await?;
    tracing::info!(user = %user.id, "login");
    Ok(Json(issue_pair(&st, user, secret).await?))
}

/// Trades a refresh token for a new pair. Each refresh token works once;
/// presenting a used one revokes every token descended from the same login.
#[utoipa::path(post, path = "/api/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses((status = 200, body = TokenPair), (status = 401, body = ErrorBody)))]
async fn refresh(
    State(st): State<AppState>,
    Json(req): Json<RefreshRequest>,
) -> ApiResult<Json<TokenPair>> {
    let secret = new_refresh_secret();
    let outcome = st
        .store
        .rotate_refresh_token(
            &hash_secret(&req.refresh_token),
            &hash_secret(&secret),
            refresh_expiry(&st),
            now_ms(),
        )
        .await?;
    match outcome {
        Rotation::Rotated(rec) => Ok(Json(issue_pair(&st, rec.user, secret).await?)),
        Rotation::Reused => {
            tracing::warn!("a used refresh token was presented again; its session is revoked");
            Err(ApiError::Unauthorized(
                "this refresh token was already used; the session is revoked, log in again".into(),
            ))
        }
        Rotation::Invalid => Err(ApiError::Unauthorized(
            "invalid, expired or revoked refresh token; log in again".into(),
        )),
    }
}

/// Revokes a refresh token and every token of the same session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204)))]
async fn logout(
    State(st): State<AppState>,
    Json(req): Json<RefreshRequest>,
) -> ApiResult<StatusCode> {
    st.store
        .revoke_refresh_family(&hash_secret(&req.refresh_token))
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The user the credentials belong to.
#[utoipa::path(get, path = "/api/v1/me", tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
async fn me(caller: Caller) -> Json<Me> {
    Json(Me {
        role: caller.role,
        via: caller.via.as_str().into(),
        user: caller.user,
    })
}
