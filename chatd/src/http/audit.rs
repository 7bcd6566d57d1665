//! `GET /api/v1/audit`: the audit log of admin actions (admin only).

use super::caller::AdminCaller;
use super::error::{ApiError, ApiResult};
use super::json::{Json, Query};
use crate::app::AppState;
use crate::store::AuditFilter;
use axum::extract::State;
use proto::ErrorBody;
use proto::lifecycle::AuditEntry;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `/api/v1/audit`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_audit))
}

/// Filters of the audit log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AuditParams {
    /// Only entries at or after this time, Unix milliseconds.
    pub since: Option<i64>,
    /// Only this actor: a user id or an email.
    pub actor: Option<String>,
    /// Only this action (`widget.create`), or every action under a prefix ending in `.` (`widget.`).
    pub action: Option<String>,
    /// At most this many, newest first (1-1000, default 100).
    pub limit: Option<u32>,
}

/// Admin actions, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])),
    params(AuditParams),
    responses((status = 200, body = Vec<AuditEntry>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_audit(
    _: AdminCaller,
    State(st): State<AppState>,
    Query(q): Query<AuditParams>,
) -> ApiResult<Json<Vec<AuditEntry>>> {
    Ok(Json(st.store.list_audit(audit_filter(q)?).await?))
}

/// Checks the parameters and turns them into the store's filter.
pub fn audit_filter(q: AuditParams) -> ApiResult<AuditFilter> {
    for (name, v) in [("actor", &q.actor), ("action", &q.action)] {
        if v.as_ref().is_some_and(|v| v.is_empty() || v.len() > 200) {
            return Err(ApiError::BadRequest(format!(
                "{name}: must be 1 to 200 bytes"
            )));
        }
    }
    Ok(AuditFilter {
        since: q.since,
        actor: q.actor,
        action: q.action,
        limit: q.limit.unwrap_or(100).clamp(1, 1000),
    })
}
