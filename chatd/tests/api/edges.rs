//! Numbers at the ends of their types, where a client may put them: the
//! overflows the fuzz targets and the authorization matrix work turned up
//! (docs/hardening.md). Tests run a debug build, where an overflow panics.

use crate::harness::{expect_error, spawn_app_with};
use proto::conversations::StartConversation;
use std::time::Duration;

#[tokio::test]
async fn a_stats_range_ending_at_i64_min_is_refused_not_a_crash() {
    let app = spawn_app_with(&[]);
    let admin = app.admin_client().await;
    let token = admin.token().unwrap().to_string();
    let get = |q: &'static str| {
        app.http
            .get(app.url(&format!("/api/v1/stats?{q}")))
            .bearer_auth(&token)
            .send()
    };
    // `from` defaults to 30 days before `to`: that used to overflow.
    let resp = get("to=-9223372036854775808").await.unwrap();
    expect_error(resp, 400, "bad_request").await;
    let resp = get("from=-9223372036854775808&to=9223372036854775807")
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let resp = get("to=9223372036854775807").await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    app.assert_healthy().await;
}

#[tokio::test]
async fn an_event_stream_resumed_past_the_last_seq_stays_open() {
    let app = spawn_app_with(&[]);
    let admin = app.admin_client().await;
    let demo = admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "Demo")
        .unwrap();
    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: demo.site_key,
            ..Default::default()
        })
        .await
        .unwrap();
    let id = started.conversation_id;
    let visitor = app.client().with_token(&started.visitor_token);
    let mut resp = app
        .http
        .get(app.url(&format!("/api/v1/public/conversations/{id}/events")))
        .bearer_auth(&started.visitor_token)
        .header("last-event-id", i64::MAX.to_string())
        .timeout(Duration::from_secs(30))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let mut seen = String::new();
    let mut read_until = async |what: &str| {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !seen.contains(what) {
            let chunk = tokio::time::timeout_at(deadline, resp.chunk())
                .await
                .unwrap_or_else(|_| panic!("no {what} within 10 s; stream so far:\n{seen}"))
                .unwrap();
            match chunk {
                Some(c) => seen.push_str(&String::from_utf8_lossy(&c)),
                None => panic!("the stream ended before {what}; so far:\n{seen}"),
            }
        }
    };
    read_until("\"type\":\"synced\"").await;
    // A new message: seq 1 or 2, "older" than the resume point, so not
    // sent, and comparing it with the resume point must not overflow.
    visitor
        .visitor_send_message(
            id,
            &proto::conversations::SendMessage {
                client_id: "edge-1".into(),
                body: "hello".into(),
            },
        )
        .await
        .unwrap();
    // The stream is still alive: the agent's typing reaches it.
    admin.set_typing(id, true).await.unwrap();
    read_until("\"type\":\"typing\"").await;
    assert!(!seen.contains("edge-1"), "{seen}");
}
