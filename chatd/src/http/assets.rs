//! The visitor widget's bundle and the demo page.
//!
//! The bundle is built from `widget/src` with node and committed as
//! `widget/dist/widget.js`; chatd embeds that file, so building chatd never
//! needs node. It is served at `/widget.js` (short cache, revalidated by a
//! strong ETag) and at `/widget.<hash>.js` (cached for a year: the URL
//! changes whenever the bundle does).

use super::client_ip::Scheme;
use crate::app::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::sync::LazyLock;

/// The committed widget bundle.
pub const WIDGET_JS: &[u8] = include_bytes!("../../../widget/dist/widget.js");

/// The first 16 hex digits of the bundle's SHA-256, computed once.
pub static WIDGET_HASH: LazyLock<String> = LazyLock::new(|| {
    Sha256::digest(WIDGET_JS)
        .iter()
        .take(8)
        .fold(String::with_capacity(16), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
});

static ETAG: LazyLock<String> = LazyLock::new(|| format!("\"{}\"", *WIDGET_HASH));

/// The versioned, immutable path of the bundle: `/widget.<hash>.js`.
pub fn versioned_path() -> String {
    format!("/widget.{}.js", *WIDGET_HASH)
}

/// `/`, `/demo`, `/widget.js` and `/widget.<hash>.js`.
pub fn router() -> Router<AppState> {
    bundle_routes()
        .route("/demo", get(demo))
        .route("/", get(|| async { Redirect::temporary("/demo") }))
}

/// The bundle's two routes; they need no state.
fn bundle_routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route(
            "/widget.js",
            get(|h: HeaderMap| async move { widget(&h, "public, max-age=300") }),
        )
        .route(
            &versioned_path(),
            get(|h: HeaderMap| async move { widget(&h, "public, max-age=31536000, immutable") }),
        )
}

/// Whether an `If-None-Match` header names our ETag (weak comparison, as
/// RFC 9110 asks for this header).
fn matches(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/"))
        .any(|t| t == "*" || t == ETAG.as_str())
}

fn widget(headers: &HeaderMap, cache: &'static str) -> Response {
    let common = [
        (
            header::ETAG,
            HeaderValue::from_str(&ETAG).unwrap_or(HeaderValue::from_static("\"\"")),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        // Host pages with Cross-Origin-Embedder-Policy may load it.
        (
            header::HeaderName::from_static("cross-origin-resource-policy"),
            HeaderValue::from_static("cross-origin"),
        ),
    ];
    if matches(headers) {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/javascript"),
            ),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        WIDGET_JS,
    )
        .into_response()
}

/// Escapes text for an HTML text node or a double-quoted attribute.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const DEMO_STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1f2937}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}";

/// The CSP source allowing the demo page's one inline `<style>` and no other.
static DEMO_STYLE_HASH: LazyLock<String> = LazyLock::new(|| {
    use base64::Engine as _;
    let digest = Sha256::digest(DEMO_STYLE.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
});

/// The demo page's policy: its own script (the widget), its inline style,
/// and the API and sockets on chatd's own origin. `'self'` covers the
/// matching ws:// and wss:// in CSP 3; `sockets` names them for browsers
/// that predate it.
fn demo_csp(sockets: Option<&str>) -> String {
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self' {style}; connect-src 'self'{sockets}; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        style = *DEMO_STYLE_HASH,
        sockets = sockets.map(|s| format!(" {s}")).unwrap_or_default(),
    )
}

/// chatd's own origin as a WebSocket origin, when it is plainly a URL
/// origin (a Host header may hold anything, and it lands in a header here).
fn socket_origin(own: Option<String>) -> Option<String> {
    let own = own?;
    let ws = own
        .strip_prefix("https://")
        .map(|h| format!("wss://{h}"))
        .or_else(|| own.strip_prefix("http://").map(|h| format!("ws://{h}")))?;
    ws.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '/' | '[' | ']'))
        .then_some(ws)
}

/// A page that embeds the widget named "Demo" (created on first start), so a
/// new install shows the widget working at once.
async fn demo(State(st): State<AppState>, scheme: Scheme, headers: HeaderMap) -> Response {
    let widgets = match st.store.list_widgets().await {
        Ok(w) => w,
        Err(e) => {
            tracing::warn!(error = %e, "demo page: cannot list widgets");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database is unavailable; retry in a moment",
            )
                .into_response();
        }
    };
    let Some(w) = widgets
        .iter()
        .find(|w| w.name == crate::bootstrap::DEMO_WIDGET_NAME)
    else {
        return (
            StatusCode::NOT_FOUND,
            Html(format!(
                "<!doctype html><meta charset=utf-8><title>chatd demo</title><p>There is no widget named “{}”. Create one with <code>chatctl widget create {}</code>.</p>",
                crate::bootstrap::DEMO_WIDGET_NAME,
                crate::bootstrap::DEMO_WIDGET_NAME,
            )),
        )
            .into_response();
    };
    let page = format!(
        "<!doctype html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n<meta name=viewport content=\"width=device-width, initial-scale=1\">\n<title>chatd demo</title>\n<style>{DEMO_STYLE}</style>\n</head>\n<body>\n<h1>chatd is running</h1>\n<p>This page embeds the <strong>{name}</strong> widget. Open the chat bubble in the corner and say hello; answer from <code>agent-tui</code> or the REST API.</p>\n<p>To put the widget on your own site, add your site's origin to the widget's <code>allowed_origins</code> and paste the snippet from <code>chatctl widget snippet {name}</code> before <code>&lt;/body&gt;</code>.</p>\n<script async src=\"/widget.js\" data-site-key=\"{key}\"></script>\n</body>\n</html>\n",
        name = escape(&w.name),
        key = escape(&w.site_key),
    );
    let sockets = socket_origin(super::origin::own_origin(&st, &headers, scheme));
    let csp = HeaderValue::from_str(&demo_csp(sockets.as_deref()))
        .unwrap_or_else(|_| HeaderValue::from_static(super::headers::API_CSP));
    (
        [
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (header::CONTENT_SECURITY_POLICY, csp),
            // Not no-referrer: with it some browsers send `Origin: null` on
            // the widget's same-origin POSTs, which the origin check refuses.
            (
                header::REFERRER_POLICY,
                HeaderValue::from_static("strict-origin-when-cross-origin"),
            ),
        ],
        Html(page),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use tower::ServiceExt;

    async fn get(path: &str, if_none_match: Option<&str>) -> Response {
        let mut req = Request::get(path);
        if let Some(v) = if_none_match {
            req = req.header(header::IF_NONE_MATCH, v);
        }
        bundle_routes::<()>()
            .oneshot(req.body(Body::empty()).unwrap_or_default())
            .await
            .unwrap_or_else(|e| match e {})
    }

    fn header_of(r: &Response, name: header::HeaderName) -> &str {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn serves_the_committed_bundle() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../widget/dist/widget.js");
        let on_disk = std::fs::read(path).unwrap_or_default();
        assert!(!on_disk.is_empty(), "{path} is missing or empty");
        let r = get("/widget.js", None).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            header_of(&r, header::CONTENT_TYPE),
            "application/javascript"
        );
        assert_eq!(header_of(&r, header::CACHE_CONTROL), "public, max-age=300");
        let etag = header_of(&r, header::ETAG).to_string();
        assert_eq!(etag, format!("\"{}\"", *WIDGET_HASH));
        let body = to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        assert!(body == on_disk, "the served bundle differs from {path}");
        // No charset is sent: the bundle must stay ASCII (esbuild's default escapes the rest).
        assert!(body.is_ascii(), "the bundle is not ASCII");
    }

    #[tokio::test]
    async fn revalidates_with_the_etag() {
        let tag = format!("\"{}\"", *WIDGET_HASH);
        for inm in [
            tag.as_str(),
            &format!("W/{tag}"),
            &format!("\"x\", {tag}"),
            "*",
        ] {
            let r = get("/widget.js", Some(inm)).await;
            assert_eq!(r.status(), StatusCode::NOT_MODIFIED, "{inm}");
            assert_eq!(header_of(&r, header::ETAG), tag);
            let body = to_bytes(r.into_body(), usize::MAX)
                .await
                .unwrap_or_default();
            assert!(body.is_empty());
        }
        let r = get("/widget.js", Some("\"something-else\"")).await;
        assert_eq!(r.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn versioned_url_is_immutable() {
        let r = get(&versioned_path(), None).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            header_of(&r, header::CACHE_CONTROL),
            "public, max-age=31536000, immutable"
        );
        let body = to_bytes(r.into_body(), usize::MAX)
            .await
            .unwrap_or_default();
        assert!(body == WIDGET_JS);
        assert_eq!(
            get("/widget.0000000000000000.js", None).await.status(),
            StatusCode::NOT_FOUND
        );
    }

    #[test]
    fn demo_policy() {
        let csp = demo_csp(socket_origin(Some("https://chat.example:8443".into())).as_deref());
        assert!(
            csp.contains("connect-src 'self' wss://chat.example:8443;"),
            "{csp}"
        );
        assert!(csp.contains(&*DEMO_STYLE_HASH), "{csp}");
        assert!(!csp.contains("unsafe"), "{csp}");
        assert_eq!(
            socket_origin(Some("http://127.0.0.1:8080".into())).as_deref(),
            Some("ws://127.0.0.1:8080")
        );
        assert_eq!(socket_origin(Some("http://h; script-src *".into())), None);
        assert_eq!(socket_origin(None), None);
        // A CSP hash source: the quoted algorithm and 44 base64 digits.
        assert!(DEMO_STYLE_HASH.starts_with("'sha256-") && DEMO_STYLE_HASH.len() == 53);
    }

    #[test]
    fn escapes_html() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
