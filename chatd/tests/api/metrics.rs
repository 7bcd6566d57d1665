//! `/metrics`: Prometheus text that moves with the traffic, and who may read it.

use crate::harness::{TestApp, spawn_app, spawn_app_with};
use proto::conversations::StartConversation;
use proto::frames::{ClientFrame, ServerFrame};
use proto::widgets::CreateWidget;
use proto::ws::VisitorSocket;
use std::time::Duration;

async fn scrape(app: &TestApp) -> String {
    let resp = app.http.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    resp.text().await.unwrap()
}

/// The value of the sample `name` (with its labels, as rendered), if any.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

#[tokio::test]
async fn metrics_follow_sockets_messages_and_the_queue() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let widget = admin
        .create_widget(&CreateWidget {
            name: "Metrics".into(),
            settings: Default::default(),
        })
        .await
        .unwrap();
    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: widget.site_key.clone(),
            ..StartConversation::default()
        })
        .await
        .unwrap();
    let mut visitor = VisitorSocket::connect(
        &app.base(),
        &widget.site_key,
        &started.visitor_token,
        0,
        None,
        None,
    )
    .await
    .unwrap();
    visitor.send_message("m1", "counted").await.unwrap();
    loop {
        let f = tokio::time::timeout(Duration::from_secs(10), visitor.next_frame())
            .await
            .expect("no ack within 10 s")
            .unwrap()
            .unwrap();
        if matches!(f, ServerFrame::Ack { .. }) {
            break;
        }
    }
    visitor.send_frame(&ClientFrame::Handoff {}).await.unwrap();

    // Queue changes are published a moment later (coalesced).
    let mut text = String::new();
    for _ in 0..50 {
        text = scrape(&app).await;
        if sample(
            &text,
            &format!("chatd_queue_depth{{widget=\"{}\"}}", widget.id),
        ) == Some(1.0)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        sample(
            &text,
            &format!("chatd_queue_depth{{widget=\"{}\"}}", widget.id)
        ),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "chatd_sockets{kind=\"visitor\"}"),
        Some(1.0),
        "{text}"
    );
    assert!(
        sample(&text, "chatd_messages_stored_total{sender=\"visitor\"}") >= Some(1.0),
        "{text}"
    );
    assert!(
        sample(&text, "chatd_messages_delivered_total") >= Some(1.0),
        "{text}"
    );
    assert!(
        sample(&text, "chatd_store_seconds_count{op=\"append\"}") >= Some(1.0),
        "{text}"
    );
    assert!(
        text.contains("chatd_delivery_seconds_bucket{le=\"0.001\"}"),
        "{text}"
    );

    admin
        .accept_conversation(started.conversation_id)
        .await
        .unwrap();
    let text = scrape(&app).await;
    assert_eq!(
        sample(&text, "chatd_queue_wait_seconds_count"),
        Some(1.0),
        "{text}"
    );
    assert!(
        text.contains("chatd_queue_wait_seconds_bucket{le=\"3600\"} 1"),
        "{text}"
    );

    visitor.close().await.unwrap();
    let mut text = String::new();
    for _ in 0..50 {
        text = scrape(&app).await;
        if sample(&text, "chatd_sockets{kind=\"visitor\"}") == Some(0.0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        sample(&text, "chatd_sockets{kind=\"visitor\"}"),
        Some(0.0),
        "{text}"
    );
}

#[tokio::test]
async fn metrics_need_the_token_when_one_is_set() {
    let app = spawn_app_with(&["--metrics-token", "scrape-me-please"]);
    let url = app.url("/metrics");
    for auth in [None, Some("Bearer wrong"), Some("scrape-me-please")] {
        let mut req = app.http.get(&url);
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        let resp = req.send().await.unwrap();
        crate::harness::expect_error(resp, 401, "unauthorized").await;
    }
    let resp = app
        .http
        .get(&url)
        .bearer_auth("scrape-me-please")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert!(resp.text().await.unwrap().contains("chatd_sockets"));
}

#[tokio::test]
async fn without_a_token_only_this_machine_may_read_metrics() {
    // Behind a trusted proxy, the forwarded address is the caller's.
    let app = spawn_app_with(&["--trusted-proxy", "127.0.0.1/32"]);
    let resp = app
        .http
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .unwrap();
    crate::harness::expect_error(resp, 403, "forbidden").await;
    scrape(&app).await;
}
