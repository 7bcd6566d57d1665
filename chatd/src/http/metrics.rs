//! `/metrics`: Prometheus's text format.
//!
//! Counts are not secrets, but widget ids and traffic levels are nobody
//! else's business: with `--metrics-token` a scraper sends that token as a
//! bearer token; without one only callers on this machine (loopback, after
//! `--trusted-proxy`) are answered.

use super::client_ip::ClientIp;
use super::error::ApiError;
use crate::app::AppState;
use crate::auth::secrets::hash_secret;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use proto::ErrorBody;
use secrecy::ExposeSecret;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// `/metrics`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(metrics))
}

/// Prometheus metrics (text format 0.0.4).
#[utoipa::path(get, path = "/metrics", tag = "health",
    responses((status = 200, description = "Prometheus text format"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
async fn metrics(
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    State(st): State<AppState>,
) -> Result<Response, ApiError> {
    match &st.config.metrics_token {
        Some(token) => {
            let sent = headers
                .get(AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "));
            // Digests compared, so the comparison's timing says nothing
            // about the token itself.
            let ok = sent.is_some_and(|s| hash_secret(s) == hash_secret(token.expose_secret()));
            if !ok {
                return Err(ApiError::Unauthorized(
                    "metrics need the bearer token set with --metrics-token".into(),
                ));
            }
        }
        None if !ip.is_some_and(|ip| ip.is_loopback()) => {
            return Err(ApiError::Forbidden(
                "metrics answer only on this machine; set --metrics-token to scrape from elsewhere"
                    .into(),
            ));
        }
        None => {}
    }
    let text = crate::metrics::render()
        .ok_or_else(|| ApiError::Unavailable("metrics are off in this process".into()))?;
    Ok((
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        text,
    )
        .into_response())
}
