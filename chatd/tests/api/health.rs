//! Liveness, readiness and the OpenAPI document.

use crate::harness::spawn_app;
use serde_json::Value;

#[tokio::test]
async fn health_readiness_and_openapi_answer() {
    let app = spawn_app();
    let health = app.client().health().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["version"], env!("CARGO_PKG_VERSION"));

    let resp = app.http.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let ready = resp.json::<Value>().await.unwrap();
    assert_eq!(ready["status"], "ready");
    assert_eq!(
        ready["broker"], "local",
        "one SQLite node: no other node to tell"
    );

    let resp = app.http.get(app.url("/openapi.json")).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let doc: Value = serde_json::from_str(&resp.text().await.unwrap()).expect("valid JSON");
    assert!(
        doc["openapi"].as_str().unwrap().starts_with('3'),
        "{}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/widgets", "post"),
        ("/api/v1/widgets/{id}/rotate-key", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/public/widgets/{site_key}", "get"),
        ("/healthz", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    assert!(doc["components"]["schemas"].get("ErrorBody").is_some());
    assert!(doc["components"]["securitySchemes"].get("bearer").is_some());
}
