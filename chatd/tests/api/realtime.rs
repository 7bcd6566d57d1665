//! Conversations over real sockets: the delivery contract end to end.

use crate::harness::{TestApp, spawn_app, spawn_app_with};
use futures_util::{SinkExt, StreamExt};
use proto::Client;
use proto::conversations::{SendMessage, StartConversation};
use proto::frames::{ClientFrame, ServerFrame, close};
use proto::widgets::WidgetPatch;
use proto::ws::{AgentSocket, VisitorSocket, WsError};
use std::collections::HashMap;
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

/// A visitor with a started conversation.
struct Visitor {
    conversation_id: Uuid,
    token: String,
    site_key: String,
}

async fn demo_site_key(admin: &Client) -> String {
    let widgets = admin.list_widgets().await.unwrap();
    let demo = widgets.iter().find(|w| w.name == "Demo").unwrap();
    // Tests talk from no browser and from made-up origins: allow the ones used.
    admin
        .update_widget(
            demo.id,
            &WidgetPatch {
                allowed_origins: Some(vec!["https://shop.example".into()]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    demo.site_key.clone()
}

/// Starts a conversation and has the admin accept it at once, so no AI
/// answers or queue notices interleave with the messages a test counts:
/// seq 1 is always the "Admin joined" line.
async fn start_visitor(app: &TestApp, site_key: &str) -> Visitor {
    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: site_key.into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let admin = app.admin_client().await;
    let c = admin
        .accept_conversation(started.conversation_id)
        .await
        .unwrap();
    assert_eq!(c.phase, proto::conversations::Phase::Assigned);
    Visitor {
        conversation_id: started.conversation_id,
        token: started.visitor_token,
        site_key: site_key.into(),
    }
}

async fn visitor_socket(app: &TestApp, v: &Visitor, last_seq: i64) -> VisitorSocket {
    VisitorSocket::connect(&app.base(), &v.site_key, &v.token, last_seq, None, None)
        .await
        .unwrap()
}

async fn agent_socket(app: &TestApp, admin: &Client) -> AgentSocket {
    AgentSocket::connect(&app.base(), admin.token().unwrap())
        .await
        .unwrap()
}

/// The next frame, skipping ephemeral noise (presence, conversation events).
async fn next(sock: &mut (impl FrameSource + ?Sized)) -> ServerFrame {
    loop {
        let f = tokio::time::timeout(WAIT, sock.next())
            .await
            .expect("no frame within the timeout")
            .expect("socket failed")
            .expect("socket closed");
        match f {
            ServerFrame::Presence { .. }
            | ServerFrame::Conversation { .. }
            | ServerFrame::Read { .. }
            | ServerFrame::State { .. }
            | ServerFrame::Queue { .. }
            | ServerFrame::AgentPresence { .. }
            | ServerFrame::AiDelta { .. } => continue,
            other => return other,
        }
    }
}

/// Frames until `synced`, returning the message seqs seen.
async fn until_synced(sock: &mut (impl FrameSource + ?Sized)) -> Vec<i64> {
    let mut seqs = Vec::new();
    loop {
        match next(sock).await {
            ServerFrame::Message { message } => seqs.push(message.seq),
            ServerFrame::Synced { last_seq, .. } => {
                assert_eq!(seqs.last().copied().unwrap_or(last_seq), last_seq);
                return seqs;
            }
            other => panic!("unexpected frame before synced: {other:?}"),
        }
    }
}

/// Something frames come out of.
trait FrameSource {
    async fn next(&mut self) -> Result<Option<ServerFrame>, WsError>;
}

impl FrameSource for VisitorSocket {
    async fn next(&mut self) -> Result<Option<ServerFrame>, WsError> {
        self.next_frame().await
    }
}

impl FrameSource for AgentSocket {
    async fn next(&mut self) -> Result<Option<ServerFrame>, WsError> {
        self.next_frame().await
    }
}

/// Sends and waits for this send's ack (other frames in between are collected).
async fn send_acked(sock: &mut VisitorSocket, client_id: &str, body: &str) -> i64 {
    sock.send_message(client_id, body).await.unwrap();
    loop {
        match next(sock).await {
            ServerFrame::Ack { ack, .. } if ack.client_id == client_id => return ack.seq,
            ServerFrame::Message { .. } | ServerFrame::Typing { .. } | ServerFrame::Pong { .. } => {
            }
            other => panic!("unexpected frame waiting for ack: {other:?}"),
        }
    }
}

#[tokio::test]
async fn two_visitors_and_an_agent_exchange_messages() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let (va, vb) = (
        start_visitor(&app, &key).await,
        start_visitor(&app, &key).await,
    );
    let mut sa = visitor_socket(&app, &va, 0).await;
    let mut sb = visitor_socket(&app, &vb, 0).await;
    assert_eq!(until_synced(&mut sa).await, [1]);
    assert_eq!(until_synced(&mut sb).await, [1]);
    let mut agent = agent_socket(&app, &admin).await;
    for v in [&va, &vb] {
        agent.subscribe(v.conversation_id, 1).await.unwrap();
        assert!(until_synced(&mut agent).await.is_empty());
    }

    assert_eq!(send_acked(&mut sa, "a1", "hello from A").await, 2);
    assert_eq!(send_acked(&mut sb, "b1", "hello from B").await, 2);
    let mut got: HashMap<Uuid, Vec<String>> = HashMap::new();
    while got.values().map(Vec::len).sum::<usize>() < 2 {
        if let ServerFrame::Message { message } = next(&mut agent).await {
            got.entry(message.conversation_id)
                .or_default()
                .push(message.body);
        }
    }
    assert_eq!(got[&va.conversation_id], ["hello from A"]);
    assert_eq!(got[&vb.conversation_id], ["hello from B"]);

    agent
        .send_message(va.conversation_id, "ag1", "hi A, Sam here")
        .await
        .unwrap();
    let reply = loop {
        if let ServerFrame::Message { message } = next(&mut sa).await {
            break message;
        }
    };
    assert_eq!((reply.seq, reply.body.as_str()), (3, "hi A, Sam here"));
    assert_eq!(reply.author_name.as_deref(), Some("Admin"));
    // B hears nothing of A's conversation: until its own pong, only its own
    // echo (which may come after its ack) can arrive.
    sb.send_frame(&ClientFrame::Ping {
        nonce: Some("n".into()),
    })
    .await
    .unwrap();
    loop {
        match next(&mut sb).await {
            ServerFrame::Pong { nonce } => {
                assert_eq!(nonce.as_deref(), Some("n"));
                break;
            }
            ServerFrame::Message { message } => {
                assert_eq!(
                    (message.conversation_id, message.client_id.as_str()),
                    (vb.conversation_id, "b1")
                );
            }
            other => panic!("B got {other:?}"),
        }
    }

    // Typing reaches the other side only; read receipts are stored.
    sa.send_frame(&ClientFrame::Typing {
        conversation_id: None,
        on: true,
    })
    .await
    .unwrap();
    loop {
        if let ServerFrame::Typing {
            sender,
            on,
            conversation_id,
        } = next(&mut agent).await
        {
            assert_eq!(
                (sender, on, conversation_id),
                (
                    proto::conversations::SenderKind::Visitor,
                    true,
                    va.conversation_id
                )
            );
            break;
        }
    }
    sa.send_frame(&ClientFrame::Read {
        conversation_id: None,
        seq: 3,
    })
    .await
    .unwrap();
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let c = admin.get_conversation(va.conversation_id).await.unwrap();
        if c.visitor_read_seq == 3 {
            assert_eq!(c.last_seq, 3);
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "read receipt never stored"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_resent_message_is_stored_once_and_resume_gives_exactly_the_rest() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let v = start_visitor(&app, &key).await;
    let mut s = visitor_socket(&app, &v, 0).await;
    until_synced(&mut s).await;
    for i in 1..=5 {
        assert_eq!(
            send_acked(&mut s, &format!("m{i}"), &format!("message {i}")).await,
            i + 1
        );
    }
    // The client lost the ack of m5 and resends it after a reconnect.
    s.close().await.unwrap();
    let mut s = visitor_socket(&app, &v, 4).await;
    assert_eq!(
        until_synced(&mut s).await,
        vec![5, 6],
        "resume from 4 gives exactly 5..6"
    );
    s.send_message("m5", "message 5").await.unwrap();
    match next(&mut s).await {
        ServerFrame::Ack { ack, .. } => assert_eq!((ack.seq, ack.duplicate), (6, true)),
        other => panic!("expected the duplicate's ack, got {other:?}"),
    }
    let page = admin
        .conversation_messages(v.conversation_id, 0, Some(100))
        .await
        .unwrap();
    let seqs: Vec<i64> = page.messages.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6]);
    // The same over HTTP: a retried POST answers with the stored seq.
    let visitor = app.client().with_token(&v.token);
    let body = SendMessage {
        client_id: "m6".into(),
        body: "six".into(),
    };
    let first = visitor
        .visitor_send_message(v.conversation_id, &body)
        .await
        .unwrap();
    let again = visitor
        .visitor_send_message(v.conversation_id, &body)
        .await
        .unwrap();
    assert_eq!(
        (first.seq, first.duplicate, again.seq, again.duplicate),
        (7, false, 7, true)
    );
}

#[tokio::test]
async fn a_visitor_token_opens_only_its_own_conversation() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let (a, b) = (
        start_visitor(&app, &key).await,
        start_visitor(&app, &key).await,
    );
    let as_a = app.client().with_token(&a.token);
    let body = SendMessage {
        client_id: "x".into(),
        body: "sneaky".into(),
    };
    let err = as_a
        .visitor_send_message(b.conversation_id, &body)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    let err = as_a
        .visitor_messages(b.conversation_id, 0, None)
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    // On A's socket, naming B's conversation is refused.
    let mut s = visitor_socket(&app, &a, 0).await;
    until_synced(&mut s).await;
    s.send_frame(&ClientFrame::Send {
        conversation_id: Some(b.conversation_id),
        client_id: "y".into(),
        body: "sneaky".into(),
    })
    .await
    .unwrap();
    match next(&mut s).await {
        ServerFrame::Error {
            code, client_id, ..
        } => {
            assert_eq!(
                (code, client_id.as_deref()),
                (proto::ErrorCode::Forbidden, Some("y"))
            );
        }
        other => panic!("expected an error frame, got {other:?}"),
    }
    // A wrong token is refused at hello with 4001.
    let bad = Visitor {
        token: "vt_nope".into(),
        ..a
    };
    let err = VisitorSocket::connect(&app.base(), &bad.site_key, &bad.token, 0, None, None)
        .await
        .unwrap_err();
    assert_eq!(err.close_code(), Some(close::UNAUTHORIZED), "{err}");
    assert!(
        admin
            .conversation_messages(b.conversation_id, 0, None)
            .await
            .unwrap()
            .messages
            .iter()
            .all(|m| m.sender == proto::conversations::SenderKind::System)
    );
}

#[tokio::test]
async fn a_wrong_origin_is_refused_everywhere() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let start = |origin: &'static str| {
        let key = key.clone();
        let http = app.http.clone();
        let url = app.url("/api/v1/public/conversations");
        async move {
            http.post(url)
                .header("origin", origin)
                .json(&serde_json::json!({ "site_key": key }))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    assert_eq!(start("https://shop.example").await, 201);
    assert_eq!(start("https://evil.example").await, 403);
    let v = start_visitor(&app, &key).await;
    let ok = VisitorSocket::connect(
        &app.base(),
        &key,
        &v.token,
        0,
        None,
        Some("https://shop.example"),
    )
    .await;
    assert!(ok.is_ok(), "{:?}", ok.err());
    let refused = VisitorSocket::connect(
        &app.base(),
        &key,
        &v.token,
        0,
        None,
        Some("https://evil.example"),
    )
    .await;
    assert!(refused.is_err(), "a wrong origin must not get a socket");
}

#[tokio::test]
async fn oversized_and_malformed_frames_get_error_frames_and_the_socket_lives_on() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let v = start_visitor(&app, &key).await;
    let url = format!(
        "{}/api/v1/public/ws?site_key={}",
        app.base().replace("http://", "ws://"),
        key
    );
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    use tokio_tungstenite::tungstenite::Message as M;
    let hello = serde_json::to_string(&ClientFrame::Hello {
        token: v.token.clone(),
        last_seq: 0,
        epoch: None,
    })
    .unwrap();
    ws.send(M::text(hello)).await.unwrap();
    type Ws = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;
    let mut frames = Vec::new();
    let read_until = async |ws: &mut Ws, want: &str, frames: &mut Vec<serde_json::Value>| {
        loop {
            let m: M = tokio::time::timeout(WAIT, StreamExt::next(ws))
                .await
                .unwrap()
                .unwrap()
                .unwrap();
            if let M::Text(t) = m {
                let v: serde_json::Value = serde_json::from_str(&t).unwrap();
                let ty = v["type"].as_str().unwrap().to_string();
                frames.push(v);
                if ty == want {
                    return;
                }
            }
        }
    };
    read_until(&mut ws, "synced", &mut frames).await;
    ws.send(M::text("{not json")).await.unwrap();
    read_until(&mut ws, "error", &mut frames).await;
    assert_eq!(frames.last().unwrap()["code"], "invalid_json");
    ws.send(M::text(format!(
        "{{\"type\":\"send\",\"client_id\":\"big\",\"body\":\"{}\"}}",
        "x".repeat(40_000)
    )))
    .await
    .unwrap();
    read_until(&mut ws, "error", &mut frames).await;
    assert_eq!(frames.last().unwrap()["code"], "payload_too_large");
    assert_eq!(
        frames.last().unwrap()["client_id"],
        "big",
        "the refused send is named"
    );
    ws.send(M::text(
        r#"{"type":"send","client_id":"ok1","body":"still here"}"#,
    ))
    .await
    .unwrap();
    read_until(&mut ws, "ack", &mut frames).await;
    assert_eq!(frames.last().unwrap()["seq"], 2);
    // Beyond the hard limit the socket is closed with 1009; the server lives on.
    let _ = ws.send(M::text("y".repeat(300 * 1024))).await;
    let end = tokio::time::timeout(WAIT, async {
        loop {
            match StreamExt::next(&mut ws).await {
                Some(Ok(M::Close(Some(f)))) => return Some(u16::from(f.code)),
                Some(Ok(_)) => continue,
                _ => return None,
            }
        }
    })
    .await
    .unwrap();
    assert!(matches!(end, Some(1009) | None), "{end:?}");
    app.assert_healthy().await;
    let page = admin
        .conversation_messages(v.conversation_id, 0, None)
        .await
        .unwrap();
    assert_eq!(
        page.messages.len(),
        2,
        "the join line and the one valid send"
    );
}

#[tokio::test]
async fn a_client_that_never_reads_is_disconnected() {
    let app = spawn_app_with(&["--socket-queue", "8"]);
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let v = start_visitor(&app, &key).await;
    // A raw TCP client that upgrades, says hello and then never reads again.
    let url = format!(
        "{}/api/v1/public/ws?site_key={}",
        app.base().replace("http://", "ws://"),
        key
    );
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(url, None, false)
        .await
        .unwrap();
    let hello = serde_json::to_string(&ClientFrame::Hello {
        token: v.token.clone(),
        last_seq: 0,
        epoch: None,
    })
    .unwrap();
    ws.send(tokio_tungstenite::tungstenite::Message::text(hello))
        .await
        .unwrap();
    let body = "z".repeat(7000);
    for i in 0..600 {
        admin
            .send_message(
                v.conversation_id,
                &SendMessage {
                    client_id: format!("f{i}"),
                    body: body.clone(),
                },
            )
            .await
            .unwrap();
    }
    // Now read: the server must have cut us off long before 600 messages.
    let mut messages = 0;
    let ended = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(Ok(m)) = StreamExt::next(&mut ws).await {
            if let tokio_tungstenite::tungstenite::Message::Text(t) = &m
                && t.contains("\"type\":\"message\"")
            {
                messages += 1;
            }
            if let tokio_tungstenite::tungstenite::Message::Close(f) = m {
                return f.map(|f| u16::from(f.code));
            }
        }
        None
    })
    .await
    .expect("the server kept the non-reading socket open");
    assert!(
        messages < 600,
        "all {messages} messages were buffered for a client that did not read"
    );
    assert!(
        matches!(ended, Some(close::SLOW_CONSUMER) | None),
        "{ended:?}"
    );
    app.assert_healthy().await;
    // The client resumes by seq and gets everything, once.
    let mut s = visitor_socket(&app, &v, 0).await;
    let seqs = until_synced(&mut s).await;
    assert_eq!(seqs, (1..=601).collect::<Vec<i64>>());
}

#[tokio::test]
async fn sse_fallback_replays_then_streams() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let v = start_visitor(&app, &key).await;
    let visitor = app.client().with_token(&v.token);
    for i in 1..=3 {
        visitor
            .visitor_send_message(
                v.conversation_id,
                &SendMessage {
                    client_id: format!("s{i}"),
                    body: format!("b{i}"),
                },
            )
            .await
            .unwrap();
    }
    let resp = app
        .http
        .get(app.url(&format!(
            "/api/v1/public/conversations/{}/events?token={}",
            v.conversation_id, v.token
        )))
        .header("last-event-id", "2")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    let mut body = resp.bytes_stream();
    let mut text = String::new();
    let mut ids = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let agent_said = tokio::time::timeout(WAIT, async {
        let mut sent = false;
        while let Some(chunk) = body.next().await {
            text.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
            while let Some(end) = text.find("\n\n") {
                let event: String = text.drain(..end + 2).collect();
                for line in event.lines() {
                    if let Some(id) = line.strip_prefix("id:") {
                        ids.push(id.trim().parse::<i64>().unwrap());
                    }
                }
                if event.contains("\"type\":\"synced\"") && !sent {
                    sent = true;
                    admin
                        .send_message(
                            v.conversation_id,
                            &SendMessage {
                                client_id: "a1".into(),
                                body: "agent live".into(),
                            },
                        )
                        .await
                        .unwrap();
                }
                seen.push(event.clone());
                if event.contains("agent live") {
                    // Closing emits an agent-only record and a visitor state.
                    admin.close_conversation(v.conversation_id).await.unwrap();
                }
                if event.contains("\"status\":\"closed\"") {
                    return true;
                }
            }
        }
        false
    })
    .await
    .unwrap();
    assert!(agent_said);
    assert!(
        seen.iter().any(|e| e.contains("\"type\":\"state\"")),
        "the visitor's state is streamed"
    );
    assert!(
        !seen.iter().any(|e| e.contains("\"type\":\"conversation\"")),
        "agent-only records must not reach the visitor's stream"
    );
    assert_eq!(
        ids,
        [3, 4, 5],
        "Last-Event-ID 2 resumes with 3, 4, then the live 5"
    );
}

#[tokio::test]
async fn every_acked_message_survives_sigkill_exactly_once_in_order() {
    let mut app = spawn_app();
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let mut visitors = Vec::new();
    for _ in 0..4 {
        visitors.push(start_visitor(&app, &key).await);
    }
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Uuid, String, i64)>();
    let mut tasks = Vec::new();
    for v in &visitors {
        let base = app.base();
        let (cid, token, site_key) = (v.conversation_id, v.token.clone(), v.site_key.clone());
        let tx = tx.clone();
        tasks.push(tokio::spawn(async move {
            let Ok(mut s) = VisitorSocket::connect(&base, &site_key, &token, 0, None, None).await
            else {
                return;
            };
            for i in 0..10_000 {
                let id = format!("{cid}-{i}");
                if s.send_message(&id, &format!("burst {i}")).await.is_err() {
                    return;
                }
                loop {
                    match s.next_frame().await {
                        Ok(Some(ServerFrame::Ack { ack, .. })) => {
                            let _ = tx.send((cid, ack.client_id, ack.seq));
                            break;
                        }
                        // Refused (the socket's frame limit): resend the same
                        // client id, as a real client's outbox does.
                        Ok(Some(ServerFrame::Error {
                            client_id: Some(c), ..
                        })) if c == id => {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            if s.send_message(&id, &format!("burst {i}")).await.is_err() {
                                return;
                            }
                        }
                        Ok(Some(_)) => continue,
                        _ => return,
                    }
                }
            }
        }));
    }
    drop(tx);
    let mut acked: Vec<(Uuid, String, i64)> = Vec::new();
    while acked.len() < 200 {
        acked.push(rx.recv().await.expect("senders stopped before 200 acks"));
    }
    app.kill9();
    while let Some(a) = rx.recv().await {
        acked.push(a);
    }
    for t in tasks {
        let _ = t.await;
    }
    app.restart();
    let admin = app.admin_client().await;
    for v in &visitors {
        let mut all = Vec::new();
        let mut after = 0;
        loop {
            let page = admin
                .conversation_messages(v.conversation_id, after, Some(500))
                .await
                .unwrap();
            after = page.messages.last().map_or(after, |m| m.seq);
            all.extend(page.messages);
            if !page.more {
                break;
            }
        }
        let seqs: Vec<i64> = all.iter().map(|m| m.seq).collect();
        assert_eq!(
            seqs,
            (1..=all.len() as i64).collect::<Vec<_>>(),
            "seqs have no gaps"
        );
        let mut ids: Vec<&str> = all.iter().map(|m| m.client_id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len(), "no message stored twice");
        for (cid, client_id, seq) in acked.iter().filter(|a| a.0 == v.conversation_id) {
            let m = all
                .iter()
                .find(|m| m.seq == *seq)
                .unwrap_or_else(|| panic!("acked seq {seq} of {cid} lost"));
            assert_eq!(&m.client_id, client_id);
        }
    }
}

#[tokio::test]
async fn visitors_are_rate_limited_per_ip_and_per_socket() {
    let app = spawn_app_with(&["--public-rate-per-min", "4", "--socket-frames-per-sec", "1"]);
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let v = start_visitor(&app, &key).await;
    let body = serde_json::json!({ "site_key": key });
    let url = app.url("/api/v1/public/conversations");
    let second = app.http.post(&url).json(&body).send().await.unwrap();
    assert_eq!(second.status().as_u16(), 201, "the burst allows two");
    let third = app.http.post(&url).json(&body).send().await.unwrap();
    assert_eq!(third.headers()["retry-after"], "60");
    crate::harness::expect_error(third, 429, "rate_limited").await;

    // Per socket: a burst of two frames, then error frames, never silence.
    let app = spawn_app_with(&["--socket-frames-per-sec", "1"]);
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let v2 = start_visitor(&app, &key).await;
    let mut s = visitor_socket(&app, &v2, 0).await;
    until_synced(&mut s).await;
    for i in 0..4 {
        s.send_frame(&ClientFrame::Ping {
            nonce: Some(i.to_string()),
        })
        .await
        .unwrap();
    }
    let mut pongs = 0;
    let mut limited = 0;
    while pongs + limited < 4 {
        match next(&mut s).await {
            ServerFrame::Pong { .. } => pongs += 1,
            ServerFrame::Error {
                code: proto::ErrorCode::RateLimited,
                ..
            } => limited += 1,
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((pongs, limited), (2, 2));
    drop(v);
}

#[tokio::test]
async fn browsers_on_allowed_sites_get_cors_and_others_get_403() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let key = demo_site_key(&admin).await;
    let pre = app
        .http
        .request(
            reqwest::Method::OPTIONS,
            app.url("/api/v1/public/conversations"),
        )
        .header("origin", "https://shop.example")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status().as_u16(), 204);
    assert_eq!(
        pre.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    assert!(
        pre.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("content-type")
    );
    let get = |origin: &'static str| {
        let url = app.url(&format!("/api/v1/public/widgets/{key}"));
        let http = app.http.clone();
        async move { http.get(url).header("origin", origin).send().await.unwrap() }
    };
    let ok = get("https://shop.example").await;
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://shop.example"
    );
    assert_eq!(get("https://evil.example").await.status().as_u16(), 403);
    // Admin routes never answer other sites' browsers.
    let admin_pre = app
        .http
        .request(reqwest::Method::OPTIONS, app.url("/api/v1/widgets"))
        .header("origin", "https://shop.example")
        .send()
        .await
        .unwrap();
    assert!(
        admin_pre
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}
