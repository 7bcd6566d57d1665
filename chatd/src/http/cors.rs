//! CORS for the routes visitors' browsers call from other sites.
//!
//! A preflight cannot say which widget it is for (the site key or token
//! comes with the real request), so preflights are answered for any origin
//! and the real request is checked against the widget's `allowed_origins`
//! by its handler, which refuses a foreign origin with 403. Admin routes get
//! no CORS headers at all: browsers on other sites cannot read them.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

fn is_public(path: &str) -> bool {
    path.starts_with("/api/v1/public/")
}

/// Answers preflights and labels public answers for the requesting origin.
pub async fn public_cors(req: Request, next: Next) -> Response {
    let origin = req.headers().get(header::ORIGIN).cloned();
    let public = is_public(req.uri().path());
    let (Some(origin), true) = (origin, public) else {
        return next.run(req).await;
    };
    if req.method() == Method::OPTIONS {
        let mut resp = StatusCode::NO_CONTENT.into_response();
        let h = resp.headers_mut();
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, authorization, last-event-id"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        return resp;
    }
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("retry-after"),
    );
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    resp
}
