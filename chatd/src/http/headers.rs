//! Security headers on every response. A handler that needs a different
//! policy sets the header itself and this layer leaves it alone (the demo
//! page's CSP and referrer policy, the widget bundle's resource policy).

use super::client_ip::Scheme;
use crate::app::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::net::SocketAddr;

/// The policy of everything but the demo page: JSON and scripts need no
/// page powers, and nothing of chatd's may be framed.
pub const API_CSP: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/// One year; sent only to clients that came over HTTPS.
const HSTS: &str = "max-age=31536000";

const CORP: HeaderName = HeaderName::from_static("cross-origin-resource-policy");

/// Adds `nosniff`, `X-Frame-Options`, a referrer policy, a CSP, a
/// cross-origin resource policy, and HSTS when the client used HTTPS.
pub async fn security_headers(State(st): State<AppState>, req: Request, next: Next) -> Response {
    // Visitors' browsers on other sites read these answers (through CORS).
    let public = req.uri().path().starts_with("/api/v1/public/");
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let https = Scheme::from_headers(peer, req.headers(), &st) == Scheme::Https;
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("no-referrer"));
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(API_CSP));
    h.entry(CORP).or_insert(HeaderValue::from_static(if public {
        "cross-origin"
    } else {
        "same-origin"
    }));
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    resp
}
