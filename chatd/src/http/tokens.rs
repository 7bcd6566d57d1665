//! API tokens for scripts and CI (admin only).

use super::caller::AdminCaller;
use super::error::ApiResult;
use super::json::{Json, Path};
use super::validate;
use crate::app::AppState;
use crate::auth::secrets::{hash_secret, new_api_token};
use crate::lifecycle::audit;
use crate::store::{NewApiToken, now_ms};
use axum::extract::State;
use axum::http::StatusCode;
use proto::ErrorBody;
use proto::auth::{ApiToken, CreateApiToken, CreatedApiToken};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/tokens`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
}

/// All API tokens (secrets are never shown again).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "tokens", security(("bearer" = [])),
    responses((status = 200, body = Vec<ApiToken>), (status = 403, body = ErrorBody)))]
async fn list_tokens(_: AdminCaller, State(st): State<AppState>) -> ApiResult<Json<Vec<ApiToken>>> {
    Ok(Json(st.store.list_api_tokens().await?))
}

/// Creates a token acting as the caller; the secret is in this answer only.
#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", security(("bearer" = [])),
    request_body = CreateApiToken,
    responses((status = 201, body = CreatedApiToken), (status = 400, body = ErrorBody)))]
async fn create_token(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Json(req): Json<CreateApiToken>,
) -> ApiResult<(StatusCode, Json<CreatedApiToken>)> {
    validate::text("name", &req.name, 100, true)?;
    let secret = new_api_token();
    let expires_at = req.expires_in.map(|s| {
        now_ms().saturating_add(i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX))
    });
    let token = st
        .store
        .create_api_token(NewApiToken {
            user_id: caller.user.id,
            name: req.name,
            prefix: secret.chars().take(14).collect(),
            token_hash: hash_secret(&secret),
            role: req.role.unwrap_or(caller.role),
            expires_at,
        })
        .await?;
    tracing::info!(token = %token.id, by = %caller.user.id, "API token created");
    audit::record(
        &st,
        &caller,
        "token.create",
        token.id,
        json!({"name": token.name, "role": token.role, "expires_at": token.expires_at}),
    )
    .await;
    Ok((StatusCode::CREATED, Json(CreatedApiToken { token, secret })))
}

/// Revokes a token; it stops working at once.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "tokens", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn revoke_token(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    st.store.revoke_api_token(id).await?;
    tracing::info!(token = %id, by = %caller.user.id, "API token revoked");
    audit::record(&st, &caller, "token.revoke", id, json!({})).await;
    Ok(StatusCode::NO_CONTENT)
}
