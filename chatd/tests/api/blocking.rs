//! Visitor ids and blocking: a blocked visitor is refused on REST, on the
//! WebSocket and on the event stream, and their live connections end.

use crate::harness::{TestApp, expect_api_error, expect_error, spawn_app, spawn_app_with};
use futures_util::StreamExt;
use proto::conversations::{ConversationStatus, SendMessage, StartConversation};
use proto::frames::{ServerFrame, close};
use proto::lifecycle::BlockVisitor;
use proto::ws::{VisitorSocket, WsError};
use proto::{Client, ErrorCode};
use serde_json::json;
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

async fn demo_site_key(admin: &Client) -> (Uuid, String) {
    let demo = admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "Demo")
        .unwrap();
    (demo.id, demo.site_key)
}

fn start(site_key: &str, visitor_id: Option<Uuid>) -> StartConversation {
    StartConversation {
        site_key: site_key.into(),
        visitor_id,
        ..Default::default()
    }
}

fn msg(id: &str) -> SendMessage {
    SendMessage {
        client_id: id.into(),
        body: format!("hello {id}"),
    }
}

/// Reads server-sent events until one contains `needle` and the stream
/// ends (or a deadline passes); returns whether it was seen and whether the
/// stream ended, and the text read.
async fn sse_read(resp: reqwest::Response, needle: &str) -> (bool, bool, String) {
    let mut body = resp.bytes_stream();
    let mut text = String::new();
    let seen = tokio::time::timeout(WAIT, async {
        while let Some(Ok(chunk)) = body.next().await {
            text.push_str(&String::from_utf8_lossy(&chunk));
            if text.contains(needle) {
                return true;
            }
        }
        false
    })
    .await
    .unwrap_or(false);
    // Keep-alive comments come every heartbeat (25 s): an open stream
    // sends nothing meanwhile, an ended one reports its end.
    let ended = seen
        && tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(Ok(_)) = body.next().await {}
        })
        .await
        .is_ok();
    (seen, ended, text)
}

async fn sse_until(resp: reqwest::Response, needle: &str) -> (bool, bool) {
    let (seen, ended, _) = sse_read(resp, needle).await;
    (seen, ended)
}

async fn open_events(app: &TestApp, id: Uuid, token: &str) -> reqwest::Response {
    app.http
        .get(app.url(&format!(
            "/api/v1/public/conversations/{id}/events?token={token}"
        )))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn visitor_ids_link_a_visitors_conversations() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let (_, site_key) = demo_site_key(&admin).await;
    let public = app.client();
    let first = public
        .start_conversation(&start(&site_key, None))
        .await
        .unwrap();
    assert!(!first.visitor_id.is_nil());
    let again = public
        .start_conversation(&start(&site_key, Some(first.visitor_id)))
        .await
        .unwrap();
    assert_eq!(again.visitor_id, first.visitor_id, "a known id is reused");
    let made_up = Uuid::now_v7();
    let stranger = public
        .start_conversation(&start(&site_key, Some(made_up)))
        .await
        .unwrap();
    assert_ne!(stranger.visitor_id, made_up, "an unknown id is replaced");
    assert_ne!(stranger.visitor_id, first.visitor_id);

    // Another widget does not know the id either.
    let other = admin
        .create_widget(&proto::widgets::CreateWidget {
            name: "Other".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let elsewhere = public
        .start_conversation(&start(&other.site_key, Some(first.visitor_id)))
        .await
        .unwrap();
    assert_ne!(elsewhere.visitor_id, first.visitor_id);

    let theirs = admin.visitor_conversations(first.visitor_id).await.unwrap();
    let mut ids: Vec<Uuid> = theirs.iter().map(|c| c.id).collect();
    ids.sort();
    let mut want = vec![first.conversation_id, again.conversation_id];
    want.sort();
    assert_eq!(ids, want);
    assert!(theirs.iter().all(|c| c.visitor_id == first.visitor_id));
    assert_eq!(
        theirs[0].visitor_ip.as_deref(),
        Some("127.0.0.1"),
        "agents see the address"
    );

    // An agent of no widget sees none of them.
    let agent = app.agent_client().await;
    assert!(
        agent
            .visitor_conversations(first.visitor_id)
            .await
            .unwrap()
            .is_empty()
    );
    let resp = app
        .http
        .get(app.url("/api/v1/conversations?visitor_id=not-a-uuid"))
        .bearer_auth(admin.token().unwrap())
        .send()
        .await
        .unwrap();
    expect_error(resp, 400, "bad_request").await;

    // The visitor's own stream carries no address, live or replayed.
    let visitor = public.with_token(first.visitor_token.clone());
    visitor
        .visitor_send_message(first.conversation_id, &msg("v1"))
        .await
        .unwrap();
    let events = open_events(&app, first.conversation_id, &first.visitor_token).await;
    let closer = admin.clone();
    let id = first.conversation_id;
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let _ = closer.close_conversation(id).await;
    });
    let (seen, _, text) = sse_read(events, "\"status\":\"closed\"").await;
    assert!(seen, "{text}");
    assert!(
        !text.contains("127.0.0.1") && !text.contains("visitor_ip"),
        "{text}"
    );
}

#[tokio::test]
async fn a_blocked_visitor_is_refused_on_rest_websocket_and_sse() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let (widget_id, site_key) = demo_site_key(&admin).await;
    let public = app.client();
    let a = public
        .start_conversation(&start(&site_key, None))
        .await
        .unwrap();
    let b = public
        .start_conversation(&start(&site_key, Some(a.visitor_id)))
        .await
        .unwrap();
    let bystander = public
        .start_conversation(&start(&site_key, None))
        .await
        .unwrap();
    let visitor_a = public.with_token(a.visitor_token.clone());
    let visitor_b = public.with_token(b.visitor_token.clone());
    visitor_a
        .visitor_send_message(a.conversation_id, &msg("a1"))
        .await
        .unwrap();

    // Live connections before the block: a socket on a, a stream on b.
    let mut sock = VisitorSocket::connect(&app.base(), &site_key, &a.visitor_token, 0, None, None)
        .await
        .unwrap();
    let stream = open_events(&app, b.conversation_id, &b.visitor_token).await;
    assert_eq!(stream.status().as_u16(), 200);

    // Only the widget's agents and admins may block.
    let outsider = app.agent_client().await;
    expect_api_error(
        outsider
            .block_conversation(a.conversation_id, &BlockVisitor::default())
            .await,
        403,
        ErrorCode::Forbidden,
    );
    let (member_user, _, member) = app.new_user(&admin, proto::auth::Role::Agent).await;
    admin
        .add_widget_member(widget_id, member_user.id)
        .await
        .unwrap();
    let block = member
        .block_conversation(
            a.conversation_id,
            &BlockVisitor {
                reason: Some("abusive".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (
            block.widget_id,
            block.visitor_id,
            block.ip.as_deref(),
            block.reason.as_str()
        ),
        (widget_id, a.visitor_id, None, "abusive")
    );
    assert_eq!(block.created_by, Some(member_user.id));

    // The open socket gets a `blocked` error and is closed with 4030.
    let ended = tokio::time::timeout(WAIT, async {
        let mut saw_error = false;
        loop {
            match sock.next_frame().await {
                Ok(Some(ServerFrame::Error {
                    code: ErrorCode::Blocked,
                    ..
                })) => {
                    saw_error = true;
                }
                Ok(Some(_)) => {}
                Ok(None) => return (saw_error, None),
                Err(e) => return (saw_error, e.close_code()),
            }
        }
    })
    .await
    .expect("the socket stayed open");
    assert_eq!(ended, (true, Some(close::BLOCKED)));
    // The open stream gets the same error and ends.
    assert_eq!(
        sse_until(stream, "\"code\":\"blocked\"").await,
        (true, true)
    );

    // Both conversations are closed.
    for id in [a.conversation_id, b.conversation_id] {
        assert_eq!(
            admin.get_conversation(id).await.unwrap().status,
            ConversationStatus::Closed
        );
    }

    // REST: send, history; and starting again with the visitor id.
    expect_api_error(
        visitor_a
            .visitor_send_message(a.conversation_id, &msg("a2"))
            .await,
        403,
        ErrorCode::Blocked,
    );
    expect_api_error(
        visitor_b.visitor_messages(b.conversation_id, 0, None).await,
        403,
        ErrorCode::Blocked,
    );
    expect_api_error(
        public
            .start_conversation(&start(&site_key, Some(a.visitor_id)))
            .await,
        403,
        ErrorCode::Blocked,
    );
    // WebSocket: hello is answered with the error and 4030.
    match VisitorSocket::connect(&app.base(), &site_key, &a.visitor_token, 0, None, None).await {
        Err(WsError::Refused { code, .. }) => assert_eq!(code, ErrorCode::Blocked),
        Err(e) => assert_eq!(e.close_code(), Some(close::BLOCKED), "{e}"),
        Ok(_) => panic!("a blocked visitor's socket was welcomed"),
    }
    // SSE: refused before the stream starts.
    expect_error(
        open_events(&app, b.conversation_id, &b.visitor_token).await,
        403,
        "blocked",
    )
    .await;

    // Someone else on the same widget (and address) is not affected.
    public
        .with_token(bystander.visitor_token.clone())
        .visitor_send_message(bystander.conversation_id, &msg("c1"))
        .await
        .unwrap();

    // Lifting the block lets the visitor back in.
    assert_eq!(member.list_blocks().await.unwrap(), vec![block.clone()]);
    assert!(
        outsider.list_blocks().await.unwrap().is_empty(),
        "not their widget"
    );
    expect_api_error(
        outsider.delete_block(block.id).await,
        403,
        ErrorCode::Forbidden,
    );
    member.delete_block(block.id).await.unwrap();
    expect_api_error(
        member.delete_block(block.id).await,
        404,
        ErrorCode::NotFound,
    );
    visitor_a
        .visitor_send_message(a.conversation_id, &msg("a3"))
        .await
        .unwrap();
    let back = public
        .start_conversation(&start(&site_key, Some(a.visitor_id)))
        .await
        .unwrap();
    assert_eq!(back.visitor_id, a.visitor_id);
}

#[tokio::test]
async fn an_address_block_refuses_everyone_from_it() {
    // chatd trusts X-Forwarded-For from the test's loopback "proxy", so each
    // request can come from an address of the test's choosing.
    let app = spawn_app_with(&["--trusted-proxy", "127.0.0.1"]);
    let admin = app.admin_client().await;
    let (_, site_key) = demo_site_key(&admin).await;
    let start_from = |ip: &'static str, visitor_id: Option<Uuid>| {
        let req = app
            .http
            .post(app.url("/api/v1/public/conversations"))
            .header("x-forwarded-for", ip)
            .json(&start(&site_key, visitor_id));
        async move { req.send().await.unwrap() }
    };
    let resp = start_from("203.0.113.5", None).await;
    assert_eq!(resp.status().as_u16(), 201);
    let bad: proto::conversations::StartedConversation = resp.json().await.unwrap();
    let resp = start_from("198.51.100.7", None).await;
    assert_eq!(resp.status().as_u16(), 201);
    let good: proto::conversations::StartedConversation = resp.json().await.unwrap();
    assert_eq!(
        admin
            .get_conversation(bad.conversation_id)
            .await
            .unwrap()
            .visitor_ip
            .as_deref(),
        Some("203.0.113.5"),
        "the forwarded address is recorded"
    );

    let block = admin
        .block_conversation(
            bad.conversation_id,
            &BlockVisitor {
                ip: true,
                expires_in_hours: Some(24),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(block.ip.as_deref(), Some("203.0.113.5"));
    assert!(block.expires_at.is_some());

    // A new visitor (no id) from the blocked address is refused ...
    expect_error(start_from("203.0.113.5", None).await, 403, "blocked").await;
    // ... and so is the other visitor's conversation from there.
    let resp = app
        .http
        .post(app.url(&format!(
            "/api/v1/public/conversations/{}/messages",
            good.conversation_id
        )))
        .header("x-forwarded-for", "203.0.113.5")
        .bearer_auth(&good.visitor_token)
        .json(&msg("g1"))
        .send()
        .await
        .unwrap();
    expect_error(resp, 403, "blocked").await;
    // From elsewhere, the other visitor goes on.
    let resp = app
        .http
        .post(app.url(&format!(
            "/api/v1/public/conversations/{}/messages",
            good.conversation_id
        )))
        .header("x-forwarded-for", "198.51.100.7")
        .bearer_auth(&good.visitor_token)
        .json(&msg("g2"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(
        start_from("198.51.100.7", None).await.status().as_u16(),
        201
    );
}

#[tokio::test]
async fn block_requests_are_checked() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let (_, site_key) = demo_site_key(&admin).await;
    let a = app
        .client()
        .start_conversation(&start(&site_key, None))
        .await
        .unwrap();
    let post = |path: String, body: serde_json::Value| {
        let req = app
            .http
            .post(app.url(&path))
            .bearer_auth(admin.token().unwrap())
            .json(&body);
        async move { req.send().await.unwrap() }
    };
    let path = format!("/api/v1/conversations/{}/block", a.conversation_id);
    expect_error(
        post(path.clone(), json!({"ipp": true})).await,
        400,
        "invalid_json",
    )
    .await;
    expect_error(
        post(path.clone(), json!({"ip": "yes"})).await,
        400,
        "invalid_json",
    )
    .await;
    expect_error(
        post(path.clone(), json!({"expires_in_hours": 0})).await,
        400,
        "bad_request",
    )
    .await;
    expect_error(
        post(path.clone(), json!({"reason": "x".repeat(501)})).await,
        400,
        "bad_request",
    )
    .await;
    expect_error(
        post(
            format!("/api/v1/conversations/{}/block", Uuid::now_v7()),
            json!({}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let resp = app
        .http
        .post(app.url(&path))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_error(resp, 401, "unauthorized").await;
    // A visitor token is no agent credential.
    let resp = app
        .http
        .post(app.url(&path))
        .bearer_auth(&a.visitor_token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_error(resp, 401, "unauthorized").await;
    expect_api_error(
        admin.delete_block(Uuid::now_v7()).await,
        404,
        ErrorCode::NotFound,
    );
    assert!(
        admin.list_blocks().await.unwrap().is_empty(),
        "nothing was blocked"
    );
}
