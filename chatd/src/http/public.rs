//! Endpoints a visitor's browser calls, identified by a site key.

use super::error::{ApiError, ApiResult};
use super::json::{Json, Path};
use crate::app::AppState;
use axum::extract::State;
use proto::ErrorBody;
use proto::widgets::PublicWidget;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Routes under `/api/v1/public`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(public_widget))
}

/// The public configuration of a widget.
#[utoipa::path(get, path = "/api/v1/public/widgets/{site_key}", tag = "public",
    params(("site_key" = String, Path)),
    responses((status = 200, body = PublicWidget), (status = 404, body = ErrorBody)))]
async fn public_widget(
    State(st): State<AppState>,
    Path(site_key): Path<String>,
    scheme: super::client_ip::Scheme,
    headers: axum::http::HeaderMap,
) -> ApiResult<Json<PublicWidget>> {
    let w = st
        .store
        .find_widget_by_site_key(&site_key)
        .await?
        .ok_or_else(|| {
            ApiError::NotFound(
                "unknown site key; check the data-site-key of the embed snippet".into(),
            )
        })?;
    super::origin::check(&st, &w, &headers, scheme)?;
    Ok(Json(PublicWidget::from_widget(&w)))
}
