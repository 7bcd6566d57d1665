//! Bad requests get a clear 4xx in the one error shape, and the server stays up.

use crate::harness::{TestApp, expect_error, spawn_app, spawn_app_with};
use futures_util::stream;
use reqwest::Method;
use serde_json::json;

/// A valid widget-create body of exactly `bytes` bytes (for `bytes` > 60).
fn widget_body(name: &str, bytes: usize) -> String {
    let entry = json!({"question": "q", "answer": "x".repeat(1000)});
    let empty = json!({"name": name, "faq": [], "welcome_message": ""});
    let n = bytes.saturating_sub(empty.to_string().len()) / (entry.to_string().len() + 1);
    let mut body = json!({"name": name, "faq": vec![entry; n], "welcome_message": ""});
    let pad = bytes.saturating_sub(body.to_string().len());
    body["welcome_message"] = json!("w".repeat(pad));
    body.to_string()
}

enum Body {
    None,
    Text(&'static str, String),
    /// Sent chunked, with no Content-Length, so only counting can catch it.
    Chunked(usize),
}

/// Sends one request on a fresh connection: chatd closes a connection whose
/// body it refused to read, and a pooled client could pick that one up again.
///
/// chatd may answer 413 and close while the client is still writing a large
/// body; the client then sees a broken pipe instead of the answer. That race
/// is in the client, so such a send is retried (a few times at most); every
/// answer that does arrive is checked in full.
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: &Body,
) -> reqwest::Response {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(std::time::Duration::from_secs(15))
        .build()
        .unwrap();
    let mut last_error = None;
    for _ in 0..5 {
        let mut req = client.request(method.clone(), app.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req = match body {
            Body::None => req,
            Body::Text("", text) => req.body(text.clone()),
            Body::Text(ctype, text) => req.header("content-type", *ctype).body(text.clone()),
            Body::Chunked(bytes) => {
                let chunks =
                    (0..bytes / 8192 + 1).map(|_| Ok::<_, std::io::Error>(vec![b' '; 8192]));
                req.header("content-type", "application/json")
                    .body(reqwest::Body::wrap_stream(stream::iter(chunks)))
            }
        };
        match req.send().await {
            Ok(resp) => return resp,
            Err(e) if e.is_request() && !matches!(body, Body::None) => last_error = Some(e),
            Err(e) => panic!("{method} {path}: {e:?}"),
        }
    }
    panic!("{method} {path}: no answer in 5 tries: {last_error:?}")
}

#[tokio::test]
async fn bad_requests_get_clear_errors_and_the_server_stays_up() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let token = admin.token().unwrap().to_string();
    let json = "application/json";
    let big = widget_body("big", 100 * 1024);
    assert_eq!(big.len(), 100 * 1024);
    assert!(serde_json::from_str::<serde_json::Value>(&big).is_ok());
    #[rustfmt::skip]
    let cases: Vec<(&str, Method, &str, Body, u16, &str)> = vec![
        ("malformed JSON", Method::POST, "/api/v1/widgets", Body::Text(json, "{\"name\": ".into()), 400, "invalid_json"),
        ("not JSON at all", Method::POST, "/api/v1/widgets", Body::Text(json, "name=x".into()), 400, "invalid_json"),
        ("empty JSON body", Method::POST, "/api/v1/widgets", Body::Text(json, String::new()), 400, "invalid_json"),
        ("missing field", Method::POST, "/api/v1/widgets", Body::Text(json, "{\"title\": \"t\"}".into()), 400, "invalid_json"),
        ("wrong type", Method::POST, "/api/v1/widgets", Body::Text(json, "{\"name\": 5}".into()), 400, "invalid_json"),
        ("array instead of object", Method::POST, "/api/v1/widgets", Body::Text(json, "[]".into()), 400, "invalid_json"),
        ("malformed login", Method::POST, "/api/v1/auth/login", Body::Text(json, "{".into()), 400, "invalid_json"),
        ("text/plain", Method::POST, "/api/v1/widgets", Body::Text("text/plain", "{\"name\": \"x\"}".into()), 415, "unsupported_media_type"),
        ("form encoded", Method::POST, "/api/v1/auth/login", Body::Text("application/x-www-form-urlencoded", "email=a".into()), 415, "unsupported_media_type"),
        ("no content type", Method::POST, "/api/v1/widgets", Body::Text("", "{\"name\": \"x\"}".into()), 415, "unsupported_media_type"),
        ("no body at all", Method::POST, "/api/v1/widgets", Body::None, 415, "unsupported_media_type"),
        ("oversized (100 KiB)", Method::POST, "/api/v1/widgets", Body::Text(json, big), 413, "payload_too_large"),
        ("oversized login", Method::POST, "/api/v1/auth/login", Body::Text(json, widget_body("x", 80 * 1024)), 413, "payload_too_large"),
        ("oversized and chunked", Method::POST, "/api/v1/widgets", Body::Chunked(200 * 1024), 413, "payload_too_large"),
        ("widget id not a UUID", Method::GET, "/api/v1/widgets/not-a-uuid", Body::None, 400, "bad_request"),
        ("rotate with an id not a UUID", Method::POST, "/api/v1/widgets/42/rotate-key", Body::None, 400, "bad_request"),
        ("user id not a UUID", Method::PATCH, "/api/v1/users/me", Body::Text(json, "{}".into()), 400, "bad_request"),
        ("token id not a UUID", Method::DELETE, "/api/v1/tokens/x", Body::None, 400, "bad_request"),
        ("unknown API route", Method::GET, "/api/v1/nope", Body::None, 404, "not_found"),
        ("unknown top-level route", Method::GET, "/nope", Body::None, 404, "not_found"),
        ("unknown nested route", Method::DELETE, "/api/v1/widgets/a/b/c", Body::None, 404, "not_found"),
        ("wrong method on a collection", Method::PUT, "/api/v1/widgets", Body::None, 405, "method_not_allowed"),
        ("wrong method on health", Method::POST, "/healthz", Body::None, 405, "method_not_allowed"),
        ("wrong method on login", Method::GET, "/api/v1/auth/login", Body::None, 405, "method_not_allowed"),
    ];
    for (name, method, path, body, status, code) in cases {
        let resp = send(&app, method, path, Some(&token), &body).await;
        assert_eq!(resp.status().as_u16(), status, "{name}");
        let msg = expect_error(resp, status, code).await;
        assert!(
            !msg.contains("src/"),
            "{name}: a source location leaked: {msg}"
        );
        app.assert_healthy().await;
    }
    // None of the refused creates stored anything.
    assert_eq!(admin.list_widgets().await.unwrap().len(), 1);
    // A body just under the limit is fine.
    let near = widget_body("near-limit", 60 * 1024);
    let resp = send(
        &app,
        Method::POST,
        "/api/v1/widgets",
        Some(&token),
        &Body::Text(json, near),
    )
    .await;
    assert_eq!(
        resp.status().as_u16(),
        201,
        "{}",
        resp.text().await.unwrap()
    );
}

#[tokio::test]
async fn max_body_bytes_is_configurable() {
    let app = spawn_app_with(&["--max-body-bytes", "1000"]);
    let admin = app.admin_client().await;
    let token = admin.token().unwrap().to_string();
    let over = widget_body("over", 1500);
    assert!(over.len() > 1000);
    let resp = send(
        &app,
        Method::POST,
        "/api/v1/widgets",
        Some(&token),
        &Body::Text("application/json", over),
    )
    .await;
    expect_error(resp, 413, "payload_too_large").await;
    app.assert_healthy().await;
    let under = widget_body("under", 900);
    assert_eq!(under.len(), 900);
    let resp = send(
        &app,
        Method::POST,
        "/api/v1/widgets",
        Some(&token),
        &Body::Text("application/json", under),
    )
    .await;
    assert_eq!(
        resp.status().as_u16(),
        201,
        "{}",
        resp.text().await.unwrap()
    );
}
