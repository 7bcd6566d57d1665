//! chatd against a local fake of an OpenAI-compatible provider: streamed
//! answers, cancellation when a human takes over, failures that escalate.

use crate::harness::spawn_app_with;
use axum::Router;
use axum::body::Body;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use proto::conversations::{Phase, SenderKind, StartConversation};
use proto::frames::ServerFrame;
use proto::ws::VisitorSocket;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(15);

#[derive(Clone, Copy)]
enum Mode {
    /// Streams a word every 100 ms, 100 words.
    Slow,
    /// Answers 500 every time.
    Broken,
}

struct Fake {
    url: String,
    calls: Arc<AtomicUsize>,
    /// Told when the client went away in the middle of a stream.
    gone: mpsc::UnboundedReceiver<()>,
}

async fn fake_provider(mode: Mode) -> Fake {
    let calls = Arc::new(AtomicUsize::new(0));
    let (gone_tx, gone) = mpsc::unbounded_channel();
    let c = Arc::clone(&calls);
    let app = Router::new().route(
        "/chat/completions",
        post(move || {
            let c = Arc::clone(&c);
            let gone_tx = gone_tx.clone();
            async move {
                c.fetch_add(1, Ordering::SeqCst);
                match mode {
                    Mode::Broken => (StatusCode::INTERNAL_SERVER_ERROR, "{\"error\":{\"message\":\"down\"}}").into_response(),
                    Mode::Slow => {
                        let (tx, rx) = mpsc::channel::<Result<String, std::io::Error>>(1);
                        tokio::spawn(async move {
                            for i in 0..100 {
                                let chunk = format!(
                                    "data: {{\"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"word{i} \"}}}}]}}\n\n"
                                );
                                if tx.send(Ok(chunk)).await.is_err() {
                                    let _ = gone_tx.send(());
                                    return;
                                }
                                tokio::time::sleep(Duration::from_millis(100)).await;
                            }
                            let _ = tx.send(Ok("data: [DONE]\n\n".into())).await;
                        });
                        let stream = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
                        Response::builder()
                            .header("content-type", "text/event-stream")
                            .body(Body::from_stream(stream))
                            .unwrap()
                    }
                }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Fake {
        url: format!("http://{addr}"),
        calls,
        gone,
    }
}

/// Any non-empty variable serves as the key: the fake checks none.
const KEY_ENV: &str = "HOME";

#[tokio::test]
async fn an_agent_taking_over_cancels_the_answer_being_streamed() {
    let mut fake = fake_provider(Mode::Slow).await;
    let app = spawn_app_with(&["--ai-base-url", &fake.url, "--ai-key-env", KEY_ENV]);
    let admin = app.admin_client().await;
    let key = admin.list_widgets().await.unwrap()[0].site_key.clone();
    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: key.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let conv = started.conversation_id;
    let mut v = VisitorSocket::connect(&app.base(), &key, &started.visitor_token, 0, None, None)
        .await
        .unwrap();
    v.send_message("q1", "tell me everything").await.unwrap();
    let mut deltas = 0;
    tokio::time::timeout(WAIT, async {
        while deltas < 3 {
            if let Some(ServerFrame::AiDelta { .. }) = v.next_frame().await.unwrap() {
                deltas += 1;
            }
        }
    })
    .await
    .expect("no AI deltas streamed");
    admin.accept_conversation(conv).await.unwrap();
    tokio::time::timeout(WAIT, fake.gone.recv())
        .await
        .expect("the provider never saw the request dropped")
        .unwrap();
    let page = admin.conversation_messages(conv, 0, None).await.unwrap();
    assert!(
        page.messages.iter().all(|m| m.sender != SenderKind::Ai),
        "a cancelled answer must not be stored"
    );
    assert_eq!(fake.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failing_provider_escalates_to_a_human() {
    let fake = fake_provider(Mode::Broken).await;
    let app = spawn_app_with(&[
        "--ai-base-url",
        &fake.url,
        "--ai-key-env",
        KEY_ENV,
        "--ai-timeout-secs",
        "5",
    ]);
    let admin = app.admin_client().await;
    let key = admin.list_widgets().await.unwrap()[0].site_key.clone();
    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: key.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let conv = started.conversation_id;
    let mut v = VisitorSocket::connect(&app.base(), &key, &started.visitor_token, 0, None, None)
        .await
        .unwrap();
    let mut reason = None;
    for i in 0..3 {
        v.send_message(&format!("q{i}"), "hello?").await.unwrap();
        // Each failure is answered (an apology or, the last time, the queue).
        tokio::time::timeout(WAIT, async {
            loop {
                match v.next_frame().await.unwrap() {
                    Some(ServerFrame::Message { message })
                        if message.sender != SenderKind::Visitor =>
                    {
                        break;
                    }
                    Some(_) => {}
                    None => panic!("closed"),
                }
            }
        })
        .await
        .expect("no answer to a failed AI reply");
        let c = admin.get_conversation(conv).await.unwrap();
        if c.phase == Phase::Queued {
            reason = c.escalation_reason;
            break;
        }
    }
    assert_eq!(reason.as_deref(), Some("ai_failed"));
    assert!(
        fake.calls.load(Ordering::SeqCst) >= 3,
        "retries and replies all reached the fake"
    );
}
