//! The HTTP surface: one router per resource, assembled here with the
//! limits and error handling every route shares.

pub mod assets;
pub mod audit;
pub mod auth;
pub mod blocks;
pub mod caller;
pub mod canned;
pub mod client_ip;
pub mod conversations;
pub mod cors;
pub mod error;
pub mod headers;
pub mod health;
pub mod json;
pub mod metrics;
pub mod notes;
pub mod origin;
pub mod public;
pub mod ratelimit;
pub mod stats;
pub mod tokens;
pub mod users;
pub mod validate;
pub mod visitor;
pub mod visitors;
pub mod webhooks;
pub mod widgets;

use crate::app::AppState;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use error::ApiError;
use std::sync::Arc;
use std::time::Duration;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::sensitive_headers::SetSensitiveRequestHeadersLayer;
use tower_http::trace::TraceLayer;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

#[derive(OpenApi)]
#[openapi(
    info(title = "chatd", description = "Self-hosted live chat: admin and public API."),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Login, refresh, logout"),
        (name = "users", description = "Users (admin)"),
        (name = "tokens", description = "API tokens (admin)"),
        (name = "widgets", description = "Widgets (admin)"),
        (name = "canned", description = "Canned replies (agents read, admins write)"),
        (name = "public", description = "Called by visitors' browsers"),
        (name = "conversations", description = "Conversations (agents)"),
        (name = "stats", description = "Support statistics (admin)"),
        (name = "webhooks", description = "Webhooks and their deliveries (admin)"),
        (name = "health", description = "Liveness and readiness"),
        (name = "blocks", description = "Blocked visitors (agents of the widget, admins)"),
        (name = "audit", description = "Audit log of admin actions (admin)"),
        (name = "visitors", description = "Visitor data export and erasure (admin)"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes and their OpenAPI document, both from the same definitions.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(health::router())
        .merge(metrics::router())
        .merge(auth::router())
        .merge(users::router())
        .merge(tokens::router())
        .merge(widgets::router())
        .merge(canned::router())
        .merge(public::router())
        .merge(visitor::router())
        .merge(conversations::router())
        .merge(notes::router())
        .merge(stats::router())
        .merge(blocks::router())
        .merge(audit::router())
        .merge(visitors::router())
        .merge(webhooks::router())
        .split_for_parts()
}

async fn time_limit(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let secs = st.config.request_timeout_secs;
    match tokio::time::timeout(Duration::from_secs(secs), next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => ApiError::Timeout(secs).into_response(),
    }
}

async fn not_found() -> ApiError {
    ApiError::NotFound("no such route".into())
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// The whole application router.
pub fn router(state: AppState) -> Router {
    let (api, doc) = api();
    let doc = Arc::new(doc);
    let max_body = state.config.max_body_bytes;
    api.route(
        "/openapi.json",
        axum::routing::get(move || {
            let doc = Arc::clone(&doc);
            async move { axum::Json((*doc).clone()) }
        }),
    )
    .layer(middleware::from_fn_with_state(state.clone(), time_limit))
    // Long-lived streams: no request time limit.
    .merge(crate::ws::router())
    .merge(visitor::stream_router())
    .merge(assets::router())
    .fallback(not_found)
    .method_not_allowed_fallback(method_not_allowed)
    .layer(DefaultBodyLimit::max(max_body))
    .layer(middleware::from_fn(cors::public_cors))
    .layer(middleware::from_fn_with_state(
        state.clone(),
        headers::security_headers,
    ))
    .layer(
        TraceLayer::new_for_http().make_span_with(|req: &Request| {
            // The path only: a query string may carry a token.
            let id = req
                .headers()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            tracing::info_span!("request", method = %req.method(), path = req.uri().path(), request_id = id)
        }),
    )
    .layer(PropagateRequestIdLayer::x_request_id())
    .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
    .layer(SetSensitiveRequestHeadersLayer::new([
        AUTHORIZATION,
        COOKIE,
    ]))
    .with_state(state)
}
