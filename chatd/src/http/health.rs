//! Liveness and readiness.

use super::error::{ApiError, ApiResult};
use super::json::Json;
use crate::app::AppState;
use axum::extract::State;
use proto::ErrorBody;
use serde_json::{Value, json};
use std::time::Duration;
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

/// How long the broker's probe may take to come back.
const BROKER_PROBE: Duration = Duration::from_secs(3);

/// The whole loop a message takes works: the store commits a write and
/// answers a read, and an event sent through the broker comes back to this
/// node (with several nodes: through the database's NOTIFY and this node's
/// listener).
#[utoipa::path(get, path = "/readyz", tag = "health",
    responses((status = 200), (status = 503, body = ErrorBody)))]
async fn readyz(State(st): State<AppState>) -> ApiResult<Json<Value>> {
    st.store.ping().await?;
    st.broker
        .round_trip(BROKER_PROBE)
        .await
        .map_err(|e| ApiError::Unavailable(e.to_string()))?;
    Ok(Json(json!({
        "status": "ready",
        "node": st.broker.node(),
        "broker": if st.broker.is_shared() { "postgres" } else { "local" },
    })))
}
