//! Liveness and readiness.

use super::error::ApiResult;
use super::json::Json;
use crate::app::AppState;
use axum::extract::State;
use proto::ErrorBody;
use serde_json::{Value, json};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `/healthz` and `/readyz`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(healthz))
        .routes(routes!(readyz))
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200)))]
async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

/// The store answers reads and its writer commits.
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200), (status = 503, body = ErrorBody)))]
async fn readyz(State(st): State<AppState>) -> ApiResult<Json<Value>> {
    st.store.ping().await?;
    Ok(Json(json!({"status": "ready"})))
}
