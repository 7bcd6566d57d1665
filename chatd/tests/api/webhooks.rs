//! Webhooks end to end: a receiver on 127.0.0.1 verifies every signature
//! with the shared code, sees an event of each kind, sees retries (same
//! delivery id) after answering 500 and after chatd restarts, and never
//! accepts one delivery id twice.

use crate::harness::{TestApp, expect_api_error, expect_error, spawn_app_with};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use proto::conversations::{SendMessage, StartConversation};
use proto::webhooks::{
    CreateWebhook, DELIVERY_HEADER, DeliveryStatus, EVENT_HEADER, EventKind, SIGNATURE_HEADER,
    verify,
};
use proto::{Client, ErrorCode};
use serde_json::{Value, json};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// Retries come quickly in these tests: 100 ms, 400 ms, 1.6 s, …
const FAST: &[&str] = &["--webhook-retry-base-ms", "100"];
/// How long a test waits for deliveries.
const DEADLINE: Duration = Duration::from_secs(30);

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Got {
    delivery: String,
    event: String,
    body: Value,
    /// Whether the signature verified with the hook's secret.
    verified: bool,
    /// The status the receiver answered.
    answered: u16,
}

#[derive(Default)]
struct Inbox {
    secret: Mutex<Option<String>>,
    /// Statuses to answer, in order; 200 once it is empty.
    script: Mutex<VecDeque<u16>>,
    got: Mutex<Vec<Got>>,
}

/// A webhook receiver, as an operator would write one.
struct Receiver {
    addr: SocketAddr,
    inbox: Arc<Inbox>,
    task: tokio::task::JoinHandle<()>,
}

async fn receive(State(inbox): State<Arc<Inbox>>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let secret = inbox.secret.lock().unwrap().clone().unwrap_or_default();
    let now = i64::try_from(chatd::auth::jwt::unix_now()).unwrap();
    let verified = verify(&secret, &header(SIGNATURE_HEADER), &body, now, 300).is_ok();
    let answered = if verified {
        inbox.script.lock().unwrap().pop_front().unwrap_or(200)
    } else {
        401
    };
    inbox.got.lock().unwrap().push(Got {
        delivery: header(DELIVERY_HEADER),
        event: header(EVENT_HEADER),
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
        verified,
        answered,
    });
    StatusCode::from_u16(answered).unwrap()
}

impl Receiver {
    /// Listens on `addr` (port 0: any free port).
    async fn start_on(addr: SocketAddr, inbox: Arc<Inbox>) -> Self {
        let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = axum::Router::new()
            .route("/hook", axum::routing::post(receive))
            .with_state(Arc::clone(&inbox));
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { addr, inbox, task }
    }

    async fn start() -> Self {
        Self::start_on(SocketAddr::from(([127, 0, 0, 1], 0)), Arc::default()).await
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    fn got(&self) -> Vec<Got> {
        self.inbox.got.lock().unwrap().clone()
    }

    /// Waits until `done` holds for what arrived; panics after the deadline.
    async fn wait_until(&self, what: &str, done: impl Fn(&[Got]) -> bool) -> Vec<Got> {
        let start = Instant::now();
        loop {
            let got = self.got();
            if done(&got) {
                return got;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "receiver: {what} did not happen within {DEADLINE:?}; got {got:#?}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
}

/// Every delivery id the receiver accepted (answered 2xx) appears once.
fn assert_no_duplicate_acceptances(got: &[Got]) {
    let mut accepted: HashMap<&str, usize> = HashMap::new();
    for g in got.iter().filter(|g| g.answered < 300) {
        *accepted.entry(&g.delivery).or_default() += 1;
    }
    let dups: Vec<_> = accepted.iter().filter(|(_, n)| **n > 1).collect();
    assert!(dups.is_empty(), "accepted more than once: {dups:?}");
}

async fn demo_key(admin: &Client) -> String {
    admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "Demo")
        .unwrap()
        .site_key
}

async fn add_hook(admin: &Client, rx: &Receiver, events: &[EventKind]) -> Uuid {
    let created = admin
        .create_webhook(&CreateWebhook {
            url: rx.url(),
            events: events.to_vec(),
        })
        .await
        .unwrap();
    assert!(created.secret.starts_with("whsec_"), "{}", created.secret);
    *rx.inbox.secret.lock().unwrap() = Some(created.secret);
    created.webhook.id
}

/// A started conversation: its id and a client holding the visitor token.
async fn start(app: &TestApp, key: &str) -> (Uuid, Client) {
    let s = app
        .client()
        .start_conversation(&StartConversation {
            site_key: key.into(),
            ..Default::default()
        })
        .await
        .unwrap();
    (s.conversation_id, app.client().with_token(s.visitor_token))
}

#[tokio::test]
async fn every_event_kind_arrives_signed() {
    let app = spawn_app_with(FAST);
    let admin = app.admin_client().await;
    let rx = Receiver::start().await;
    let hook = add_hook(&admin, &rx, &EventKind::SUBSCRIBABLE).await;
    let key = demo_key(&admin).await;

    let (conv, visitor) = start(&app, &key).await;
    visitor
        .visitor_send_message(
            conv,
            &SendMessage {
                client_id: "m-1".into(),
                body: "Hello there".into(),
            },
        )
        .await
        .unwrap();
    visitor.visitor_handoff(conv).await.unwrap();
    admin.accept_conversation(conv).await.unwrap();
    visitor.visitor_close(conv).await.unwrap();
    visitor.visitor_rate(conv, 5, Some("quick")).await.unwrap();

    let kinds: Vec<&str> = EventKind::SUBSCRIBABLE.iter().map(|k| k.as_str()).collect();
    let got = rx
        .wait_until("an event of every kind", |got| {
            kinds.iter().all(|k| got.iter().any(|g| g.event == *k))
        })
        .await;
    for g in &got {
        assert!(g.verified, "a signature did not verify: {g:?}");
        assert_eq!(
            g.body["id"],
            g.delivery.as_str(),
            "body id = Chatd-Delivery"
        );
        assert_eq!(g.body["type"], g.event.as_str(), "body type = Chatd-Event");
        match g.event.as_str() {
            "message.created" => {
                assert_eq!(g.body["data"]["message"]["conversation_id"], json!(conv))
            }
            _ => assert_eq!(g.body["data"]["conversation"]["id"], json!(conv)),
        }
    }
    let by_kind = |k: &str| got.iter().find(|g| g.event == k).unwrap().body["data"].clone();
    assert!(
        got.iter().any(|g| g.event == "message.created"
            && g.body["data"]["message"]["body"] == "Hello there"
            && g.body["data"]["message"]["sender"] == "visitor"),
        "the visitor's message arrived: {got:#?}"
    );
    assert_eq!(
        by_kind("conversation.escalated")["conversation"]["phase"],
        "queued"
    );
    assert_eq!(
        by_kind("conversation.assigned")["conversation"]["phase"],
        "assigned"
    );
    assert_eq!(
        by_kind("conversation.closed")["conversation"]["status"],
        "closed"
    );
    assert_eq!(by_kind("conversation.rated")["conversation"]["rating"], 5);
    assert_no_duplicate_acceptances(&got);

    // The outbox says the same.
    let deliveries = admin
        .list_deliveries(Some(hook), None, Some(500))
        .await
        .unwrap();
    assert_eq!(deliveries.len(), got.len(), "one delivery per request");
    assert!(
        deliveries
            .iter()
            .all(|d| d.status == DeliveryStatus::Delivered
                && d.attempts == 1
                && d.last_status == Some(200)
                && d.delivered_at.is_some())
    );
    let one = admin.get_delivery(deliveries[0].id).await.unwrap();
    assert_eq!(one, deliveries[0]);

    // A ping reaches the hook whatever it subscribes to.
    let ping = admin.test_webhook(hook).await.unwrap();
    assert_eq!(
        (ping.event, ping.status),
        (EventKind::Ping, DeliveryStatus::Pending)
    );
    let id = ping.id.to_string();
    rx.wait_until("the ping", |got| got.iter().any(|g| g.delivery == id))
        .await;
}

#[tokio::test]
async fn failed_attempts_are_retried_with_the_same_delivery_id() {
    let app = spawn_app_with(FAST);
    let admin = app.admin_client().await;
    let rx = Receiver::start().await;
    rx.inbox.script.lock().unwrap().extend([500, 500]);
    let hook = add_hook(&admin, &rx, &[EventKind::ConversationCreated]).await;
    let key = demo_key(&admin).await;
    let (conv, visitor) = start(&app, &key).await;
    // Not subscribed: this message makes no delivery.
    visitor
        .visitor_send_message(
            conv,
            &SendMessage {
                client_id: "m-1".into(),
                body: "Hello".into(),
            },
        )
        .await
        .unwrap();

    let got = rx
        .wait_until("a 200 after two 500s", |got| {
            got.iter().any(|g| g.answered == 200)
        })
        .await;
    assert_eq!(
        got.iter().map(|g| g.answered).collect::<Vec<_>>(),
        [500, 500, 200]
    );
    assert!(
        got.iter()
            .all(|g| g.verified && g.event == "conversation.created")
    );
    assert!(
        got.iter().all(|g| g.delivery == got[0].delivery),
        "every retry carries the same delivery id: {got:#?}"
    );
    assert!(
        got.iter().all(|g| g.body == got[0].body),
        "every retry carries the same body"
    );
    let d = admin
        .get_delivery(got[0].delivery.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(
        (d.status, d.attempts, d.last_status, d.last_error),
        (DeliveryStatus::Delivered, 3, Some(200), None)
    );
    let all = admin.list_deliveries(Some(hook), None, None).await.unwrap();
    assert_eq!(
        all.len(),
        1,
        "no delivery for the unsubscribed message event"
    );

    // A replay sends the same delivery again, with a fresh budget.
    let replayed = admin.replay_delivery(d.id).await.unwrap();
    assert_eq!(
        (replayed.id, replayed.status, replayed.attempts),
        (d.id, DeliveryStatus::Pending, 0)
    );
    let got = rx.wait_until("the replay", |got| got.len() == 4).await;
    assert_eq!(got[3].delivery, d.id.to_string());
    assert!(got[3].verified);
}

#[tokio::test]
async fn deliveries_survive_a_restart_while_the_receiver_is_down() {
    let mut app = spawn_app_with(FAST);
    let admin = app.admin_client().await;
    // Take a free port, then close it: chatd's attempts are refused.
    let down = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = down.local_addr().unwrap();
    drop(down);
    let inbox: Arc<Inbox> = Arc::default();
    let url = format!("http://{addr}/hook");
    let created = admin
        .create_webhook(&CreateWebhook {
            url,
            events: vec![EventKind::ConversationCreated, EventKind::MessageCreated],
        })
        .await
        .unwrap();
    *inbox.secret.lock().unwrap() = Some(created.secret.clone());
    let hook = created.webhook.id;
    let key = demo_key(&admin).await;
    let mut convs = Vec::new();
    for _ in 0..3 {
        convs.push(start(&app, &key).await.0);
    }

    // Wait until every delivery failed at least once.
    let start_wait = Instant::now();
    let pending = loop {
        let list = admin.list_deliveries(Some(hook), None, None).await.unwrap();
        if list.len() >= 3 && list.iter().all(|d| d.attempts >= 1) {
            break list;
        }
        assert!(
            start_wait.elapsed() < DEADLINE,
            "no failed attempts: {list:#?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    for d in &pending {
        assert_eq!(d.status, DeliveryStatus::Pending, "{d:?}");
        assert_eq!(d.last_status, None, "refused: no HTTP status");
        assert!(d.last_error.as_deref().is_some_and(|e| !e.is_empty()));
    }

    app.restart();
    let rx = Receiver::start_on(addr, inbox).await;
    let want: Vec<String> = pending.iter().map(|d| d.id.to_string()).collect();
    let got = rx
        .wait_until("every delivery after the restart", |got| {
            want.iter()
                .all(|id| got.iter().any(|g| &g.delivery == id && g.answered == 200))
        })
        .await;
    assert!(got.iter().all(|g| g.verified));
    for c in &convs {
        assert!(
            got.iter()
                .any(|g| g.body["data"]["conversation"]["id"] == json!(c)),
            "conversation {c} arrived"
        );
    }
    // Give any stray duplicate a moment to show up, then check.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_no_duplicate_acceptances(&rx.got());
    let admin = app.admin_client().await;
    let after = admin.list_deliveries(Some(hook), None, None).await.unwrap();
    assert!(
        after
            .iter()
            .filter(|d| want.contains(&d.id.to_string()))
            .all(|d| d.status == DeliveryStatus::Delivered && d.attempts >= 2),
        "{after:#?}"
    );
    rx.task.abort();
}

#[tokio::test]
async fn bad_input_unknown_ids_and_roles() {
    let app = spawn_app_with(FAST);
    let admin = app.admin_client().await;
    let rx = Receiver::start().await;
    let post = |body: Value| {
        let req = app.http.post(app.url("/api/v1/webhooks")).json(&body);
        let token = admin.token().unwrap().to_string();
        async move { req.bearer_auth(token).send().await.unwrap() }
    };
    for (body, code) in [
        (
            json!({"url": "ftp://example.com/x", "events": ["ping"]}),
            "bad_request",
        ),
        (
            json!({"url": "example.com", "events": ["message.created"]}),
            "bad_request",
        ),
        (json!({"url": rx.url(), "events": []}), "bad_request"),
        (json!({"url": rx.url(), "events": ["ping"]}), "bad_request"),
        (
            json!({"url": rx.url(), "events": ["message.sent"]}),
            "invalid_json",
        ),
        (json!({"url": rx.url()}), "invalid_json"),
        (
            json!({"url": 7, "events": ["message.created"]}),
            "invalid_json",
        ),
    ] {
        let msg = expect_error(post(body.clone()).await, 400, code).await;
        assert!(!msg.is_empty(), "{body}");
    }
    let msg = expect_error(
        post(json!({"url": "gopher://x", "events": ["message.created"]})).await,
        400,
        "bad_request",
    )
    .await;
    assert!(msg.starts_with("url: "), "{msg}");

    let created = admin
        .create_webhook(&CreateWebhook {
            url: rx.url(),
            events: vec![
                EventKind::MessageCreated,
                EventKind::ConversationCreated,
                EventKind::MessageCreated,
            ],
        })
        .await
        .unwrap();
    assert_eq!(
        created.webhook.events,
        [EventKind::ConversationCreated, EventKind::MessageCreated],
        "sorted, without repeats"
    );
    // The secret is shown once: neither list nor get has it.
    for text in [
        app.http
            .get(app.url("/api/v1/webhooks"))
            .bearer_auth(admin.token().unwrap())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        app.http
            .get(app.url(&format!("/api/v1/webhooks/{}", created.webhook.id)))
            .bearer_auth(admin.token().unwrap())
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    ] {
        assert!(
            !text.contains(&created.secret) && !text.contains("secret"),
            "{text}"
        );
    }
    assert_eq!(
        admin.list_webhooks().await.unwrap(),
        std::slice::from_ref(&created.webhook)
    );

    let nobody = Uuid::now_v7();
    expect_api_error(admin.get_webhook(nobody).await, 404, ErrorCode::NotFound);
    expect_api_error(admin.delete_webhook(nobody).await, 404, ErrorCode::NotFound);
    expect_api_error(admin.test_webhook(nobody).await, 404, ErrorCode::NotFound);
    expect_api_error(admin.get_delivery(nobody).await, 404, ErrorCode::NotFound);
    expect_api_error(
        admin.replay_delivery(nobody).await,
        404,
        ErrorCode::NotFound,
    );
    expect_api_error(
        admin.list_deliveries(Some(nobody), None, None).await,
        404,
        ErrorCode::NotFound,
    );
    expect_api_error(
        admin.list_deliveries(None, None, Some(0)).await,
        400,
        ErrorCode::BadRequest,
    );
    for path in [
        "/api/v1/webhook-deliveries?status=lost",
        "/api/v1/webhook-deliveries?limit=-1",
        "/api/v1/webhooks/not-a-uuid",
    ] {
        let resp = app
            .http
            .get(app.url(path))
            .bearer_auth(admin.token().unwrap())
            .send()
            .await
            .unwrap();
        expect_error(resp, 400, "bad_request").await;
    }

    // Agents may not touch webhooks; anonymous callers are asked who they are.
    let agent = app.agent_client().await;
    expect_api_error(agent.list_webhooks().await, 403, ErrorCode::Forbidden);
    expect_api_error(
        agent
            .create_webhook(&CreateWebhook {
                url: rx.url(),
                events: vec![EventKind::MessageCreated],
            })
            .await,
        403,
        ErrorCode::Forbidden,
    );
    expect_api_error(
        agent.delete_webhook(created.webhook.id).await,
        403,
        ErrorCode::Forbidden,
    );
    expect_api_error(
        agent.list_deliveries(None, None, None).await,
        403,
        ErrorCode::Forbidden,
    );
    expect_api_error(
        app.client().list_webhooks().await,
        401,
        ErrorCode::Unauthorized,
    );

    // Deleting a hook takes its deliveries along.
    let ping = admin.test_webhook(created.webhook.id).await.unwrap();
    admin.delete_webhook(created.webhook.id).await.unwrap();
    expect_api_error(admin.get_delivery(ping.id).await, 404, ErrorCode::NotFound);
    assert!(admin.list_webhooks().await.unwrap().is_empty());
}
