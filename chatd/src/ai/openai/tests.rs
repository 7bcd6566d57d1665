//! The OpenAI responder against a local fake provider: a small axum app that
//! paces its SSE events like a real one (wiremock would send the whole body
//! at once, which hides streaming and cancellation bugs). Nothing here
//! reaches the internet.

use super::*;
use crate::ai::breaker::BreakerState;
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap as AxHeaders, header};
use axum::response::Response;
use axum::routing::post;
use proto::conversations::SenderKind;
use proto::widgets::{AiSettings, FaqEntry, WidgetSettings};
use secrecy::SecretString;
use serde_json::{Value, json};
use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::watch;
use uuid::Uuid;

/// Pause before each SSE event the fake sends.
const PACE: Duration = Duration::from_millis(20);
const KEY: &str = "sk-test-very-secret";

/// What the fake answers to one request.
#[derive(Clone, Debug)]
enum Reply {
    /// A status with a JSON body and extra headers.
    Status(u16, Value, Vec<(&'static str, &'static str)>),
    /// 200 with an SSE body, one event every `PACE`.
    Stream(Vec<Ev>),
    /// 200 with one JSON body (a non-streamed completion).
    Json(Value),
    /// Accept the request and never answer, not even headers.
    Hang,
}

#[derive(Clone, Debug)]
enum Ev {
    Data(Value),
    Raw(&'static str),
    Comment(&'static str),
    Pause(Duration),
}

struct FakeState {
    hits: AtomicUsize,
    seen: Mutex<Vec<(AxHeaders, Value)>>,
    script: Mutex<Vec<Reply>>,
    gone: watch::Sender<bool>,
}

/// A running fake provider; request `i` gets `script[i]` (the last one repeats).
struct Fake {
    url: String,
    st: Arc<FakeState>,
}

impl Fake {
    async fn start(script: Vec<Reply>) -> Self {
        let st = Arc::new(FakeState {
            hits: AtomicUsize::new(0),
            seen: Mutex::new(Vec::new()),
            script: Mutex::new(script),
            gone: watch::channel(false).0,
        });
        let app = Router::new()
            .route("/v1/chat/completions", post(handle))
            .with_state(Arc::clone(&st));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self {
            url: format!("http://{addr}/v1"),
            st,
        }
    }

    fn hits(&self) -> usize {
        self.st.hits.load(Ordering::SeqCst)
    }

    fn set_script(&self, script: Vec<Reply>) {
        *self.st.script.lock().unwrap() = script;
    }

    fn request(&self, i: usize) -> (AxHeaders, Value) {
        self.st.seen.lock().unwrap()[i].clone()
    }

    /// Resolves once a streaming body could not be delivered: the client left.
    async fn client_gone(&self) {
        let mut rx = self.st.gone.subscribe();
        rx.wait_for(|g| *g).await.unwrap();
    }
}

async fn handle(State(st): State<Arc<FakeState>>, headers: AxHeaders, body: String) -> Response {
    let i = st.hits.fetch_add(1, Ordering::SeqCst);
    let json: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    st.seen.lock().unwrap().push((headers, json));
    let reply = {
        let s = st.script.lock().unwrap();
        s[i.min(s.len() - 1)].clone()
    };
    match reply {
        Reply::Status(code, body, extra) => {
            let mut b = Response::builder()
                .status(code)
                .header(header::CONTENT_TYPE, "application/json");
            for (k, v) in extra {
                b = b.header(k, v);
            }
            b.body(Body::from(body.to_string())).unwrap()
        }
        Reply::Json(body) => Response::builder()
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
        Reply::Hang => std::future::pending().await,
        Reply::Stream(events) => {
            let (tx, rx) = mpsc::channel::<Result<String, Infallible>>(1);
            let st = Arc::clone(&st);
            tokio::spawn(async move {
                for ev in events {
                    let text = match ev {
                        Ev::Pause(d) => {
                            tokio::time::sleep(d).await;
                            continue;
                        }
                        Ev::Data(v) => format!("data: {v}\n\n"),
                        Ev::Raw(s) => s.to_owned(),
                        Ev::Comment(c) => format!(": {c}\n\n"),
                    };
                    tokio::time::sleep(PACE).await;
                    if tx.send(Ok(text)).await.is_err() {
                        // hyper dropped the body: the client closed the connection.
                        st.gone.send_replace(true);
                        return;
                    }
                }
            });
            let body = futures_util::stream::unfold(rx, |mut rx| async move {
                rx.recv().await.map(|item| (item, rx))
            });
            Response::builder()
                .header(header::CONTENT_TYPE, "text/event-stream")
                .header(header::CACHE_CONTROL, "no-cache")
                .body(Body::from_stream(body))
                .unwrap()
        }
    }
}

fn chunk(delta: Value, finish: Option<&str>) -> Ev {
    Ev::Data(json!({
        "id": "gen-1",
        "object": "chat.completion.chunk",
        "model": "test/model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]
    }))
}

fn role() -> Ev {
    chunk(json!({"role": "assistant", "content": ""}), None)
}

fn text(s: &str) -> Ev {
    chunk(json!({"content": s}), None)
}

fn finish(reason: &str) -> Ev {
    chunk(json!({}), Some(reason))
}

fn done() -> Ev {
    Ev::Raw("data: [DONE]\n\n")
}

fn tool(id: Option<&str>, name: Option<&str>, args: &str) -> Ev {
    let mut call = json!({"index": 0, "function": {"arguments": args}});
    if let Some(id) = id {
        call["id"] = json!(id);
        call["type"] = json!("function");
    }
    if let Some(name) = name {
        call["function"]["name"] = json!(name);
    }
    chunk(json!({"tool_calls": [call]}), None)
}

/// OpenRouter's mid-stream error: HTTP 200, then a chunk with `error`.
fn error_chunk(msg: &str) -> Ev {
    Ev::Data(json!({
        "id": "gen-1",
        "object": "chat.completion.chunk",
        "error": {"code": "server_error", "message": msg},
        "choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}]
    }))
}

fn answer(words: &[&str]) -> Reply {
    let mut evs = vec![role()];
    evs.extend(words.iter().map(|w| text(w)));
    evs.extend([finish("stop"), done()]);
    Reply::Stream(evs)
}

fn status(code: u16, msg: &str) -> Reply {
    Reply::Status(
        code,
        json!({"error": {"code": code, "message": msg}}),
        vec![],
    )
}

fn cfg(url: &str) -> AiConfig {
    AiConfig {
        base_url: url.to_owned(),
        api_key: Some(SecretString::from(KEY)),
        default_model: "test/default".into(),
        default_system_prompt: "Default prompt.".into(),
        timeout: Duration::from_secs(5),
        idle_timeout: Duration::from_secs(2),
        max_retries: 2,
        backoff_base: Duration::from_millis(10),
        breaker_failures: 50,
        breaker_cooldown: Duration::from_secs(30),
        summary_timeout: Duration::from_secs(2),
        referer: Some("https://shop.example".into()),
        title: "chatd-test".into(),
    }
}

fn msg(sender: SenderKind, body: &str) -> Message {
    Message {
        conversation_id: Uuid::nil(),
        seq: 1,
        client_id: "c".into(),
        sender,
        author_id: None,
        author_name: (sender == SenderKind::Agent).then(|| "Ann".to_owned()),
        body: body.into(),
        created_at: 0,
    }
}

fn request() -> AiRequest {
    AiRequest {
        settings: WidgetSettings {
            ai: AiSettings {
                enabled: true,
                model: Some("widget/model".into()),
                system_prompt: Some("You help at the Example Shop.".into()),
                temperature: Some(0.25),
            },
            faq: vec![FaqEntry {
                question: "How long does shipping take?".into(),
                answer: "3-5 business days.".into(),
            }],
            ..WidgetSettings::default()
        },
        history: vec![
            msg(SenderKind::Visitor, "hi"),
            msg(SenderKind::Ai, "Hello! How can I help?"),
            msg(SenderKind::System, "Ann joined"),
            msg(SenderKind::Agent, "I checked your order."),
            msg(SenderKind::Visitor, "when does it ship?"),
        ],
    }
}

fn responder(cfg: AiConfig) -> OpenAiResponder {
    OpenAiResponder::new(cfg).unwrap()
}

/// Runs `respond` to the end and returns the result and every delta.
async fn run(r: &OpenAiResponder, req: AiRequest) -> (Result<AiReply, AiError>, Vec<String>) {
    let (tx, mut rx) = mpsc::channel(256);
    let res = r.respond(req, tx).await;
    let mut deltas = Vec::new();
    while let Some(d) = rx.recv().await {
        deltas.push(d);
    }
    (res, deltas)
}

fn provider_error(res: &Result<AiReply, AiError>) -> &str {
    match res {
        Err(AiError::Provider(m)) => m,
        other => panic!("want a provider error, got {other:?}"),
    }
}

#[tokio::test]
async fn streams_deltas_as_they_arrive_and_sends_the_widget_settings() {
    let fake = Fake::start(vec![answer(&["It ships ", "within ", "2 days."])]).await;
    let r = Arc::new(responder(cfg(&fake.url)));
    let (tx, mut rx) = mpsc::channel(256);
    let task = tokio::spawn({
        let r = Arc::clone(&r);
        async move { r.respond(request(), tx).await }
    });
    let first = tokio::time::timeout(Duration::from_secs(2), rx.recv())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(first, "It ships ");
    assert!(
        !task.is_finished(),
        "the first delta arrives before the answer is done"
    );
    let mut deltas = vec![first];
    while let Some(d) = rx.recv().await {
        deltas.push(d);
    }
    let reply = task.await.unwrap().unwrap();
    assert_eq!(reply, AiReply::Answer("It ships within 2 days.".into()));
    assert_eq!(
        deltas,
        ["It ships ", "within ", "2 days."],
        "each delta once"
    );
    assert_eq!(fake.hits(), 1);

    let (headers, body) = fake.request(0);
    assert_eq!(headers["authorization"], format!("Bearer {KEY}"));
    assert_eq!(headers["http-referer"], "https://shop.example");
    assert_eq!(headers["x-title"], "chatd-test");
    assert_eq!(headers["accept"], "text/event-stream");
    assert_eq!(body["model"], "widget/model");
    assert_eq!(body["stream"], true);
    assert!((body["temperature"].as_f64().unwrap() - 0.25).abs() < 1e-6);
    assert_eq!(body["tools"][0]["function"]["name"], HANDOFF_TOOL);
    assert_eq!(
        body["tools"][0]["function"]["parameters"]["required"],
        json!(["reason"])
    );
    let msgs = body["messages"].as_array().unwrap();
    let roles: Vec<&str> = msgs.iter().map(|m| m["role"].as_str().unwrap()).collect();
    assert_eq!(roles, ["system", "user", "assistant", "assistant", "user"]);
    let system = msgs[0]["content"].as_str().unwrap();
    assert!(
        system.starts_with("You help at the Example Shop."),
        "{system}"
    );
    assert!(system.contains("Q: How long does shipping take?\nA: 3-5 business days."));
    assert_eq!(msgs[3]["content"], "[Agent Ann]: I checked your order.");
    assert_eq!(msgs[4]["content"], "when does it ship?");
}

#[tokio::test]
async fn falls_back_to_the_configured_model_and_prompt() {
    let fake = Fake::start(vec![answer(&["ok"])]).await;
    let r = responder(cfg(&fake.url));
    let mut req = request();
    req.settings.ai = AiSettings::default();
    req.settings.faq.clear();
    let (res, _) = run(&r, req).await;
    assert_eq!(res, Ok(AiReply::Answer("ok".into())));
    let (_, body) = fake.request(0);
    assert_eq!(body["model"], "test/default");
    assert!(body.get("temperature").is_none());
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.starts_with("Default prompt."));
    assert!(!system.contains("Q: "));
}

#[tokio::test]
async fn keep_alive_comments_are_ignored_and_keep_the_stream_alive() {
    let mut evs = vec![];
    // 6 × (150 ms + PACE) of comments only: longer than the idle timeout,
    // so this passes only if comments count as traffic.
    for _ in 0..6 {
        evs.push(Ev::Pause(Duration::from_millis(150)));
        evs.push(Ev::Comment("OPENROUTER PROCESSING"));
    }
    evs.extend([
        role(),
        text("Hello"),
        Ev::Comment("OPENROUTER PROCESSING"),
        text("!"),
    ]);
    evs.extend([finish("stop"), done()]);
    let fake = Fake::start(vec![Reply::Stream(evs)]).await;
    let r = responder(AiConfig {
        idle_timeout: Duration::from_millis(400),
        ..cfg(&fake.url)
    });
    let (res, deltas) = run(&r, request()).await;
    assert_eq!(res, Ok(AiReply::Answer("Hello!".into())));
    assert_eq!(deltas, ["Hello", "!"]);
    assert_eq!(fake.hits(), 1);
}

#[tokio::test]
async fn fragmented_tool_call_becomes_a_handoff() {
    let fake = Fake::start(vec![Reply::Stream(vec![
        role(),
        text("Let me get you someone."),
        tool(Some("call_1"), Some(HANDOFF_TOOL), ""),
        tool(None, None, "{\"rea"),
        tool(None, None, "son\": \"wants a "),
        tool(None, None, "refund for order 42\"}"),
        finish("tool_calls"),
        done(),
    ])])
    .await;
    let r = responder(cfg(&fake.url));
    let (res, deltas) = run(&r, request()).await;
    assert_eq!(
        res,
        Ok(AiReply::Handoff {
            reason: "wants a refund for order 42".into(),
            message: Some("Let me get you someone.".into()),
        })
    );
    assert_eq!(deltas, ["Let me get you someone."]);
}

#[tokio::test]
async fn handoff_without_text_or_reason_still_hands_off() {
    let fake = Fake::start(vec![Reply::Stream(vec![
        role(),
        tool(Some("call_1"), Some(HANDOFF_TOOL), "{not json"),
        finish("tool_calls"),
        done(),
    ])])
    .await;
    let (res, deltas) = run(&responder(cfg(&fake.url)), request()).await;
    assert_eq!(
        res,
        Ok(AiReply::Handoff {
            reason: DEFAULT_HANDOFF_REASON.into(),
            message: None
        })
    );
    assert!(deltas.is_empty());
}

#[tokio::test]
async fn retries_after_a_500() {
    let fake = Fake::start(vec![status(500, "upstream boom"), answer(&["fine"])]).await;
    let (res, deltas) = run(&responder(cfg(&fake.url)), request()).await;
    assert_eq!(res, Ok(AiReply::Answer("fine".into())));
    assert_eq!(deltas, ["fine"]);
    assert_eq!(fake.hits(), 2);
}

#[tokio::test]
async fn gives_up_after_the_retry_budget() {
    let fake = Fake::start(vec![status(502, "bad gateway")]).await;
    let (res, _) = run(&responder(cfg(&fake.url)), request()).await;
    let m = provider_error(&res);
    assert!(m.contains("502") && m.contains("bad gateway"), "{m}");
    assert_eq!(fake.hits(), 3, "one try and max_retries = 2 retries");
}

#[tokio::test]
async fn client_errors_are_not_retried_and_do_not_open_the_breaker() {
    let fake = Fake::start(vec![status(400, "unknown model widget/model")]).await;
    let r = responder(AiConfig {
        breaker_failures: 2,
        ..cfg(&fake.url)
    });
    for _ in 0..4 {
        let (res, _) = run(&r, request()).await;
        assert!(provider_error(&res).contains("unknown model"));
    }
    assert_eq!(fake.hits(), 4);
    assert_eq!(r.breaker_state(), BreakerState::Closed);
}

#[tokio::test]
async fn repeated_500s_open_the_breaker_which_fails_fast_then_probes() {
    let fake = Fake::start(vec![status(500, "down")]).await;
    let cooldown = Duration::from_millis(300);
    let r = responder(AiConfig {
        max_retries: 1,
        breaker_failures: 4,
        breaker_cooldown: cooldown,
        ..cfg(&fake.url)
    });
    // Two calls of two attempts each: four consecutive failures.
    for _ in 0..2 {
        let (res, _) = run(&r, request()).await;
        assert!(provider_error(&res).contains("down"));
    }
    assert_eq!(fake.hits(), 4);
    assert_eq!(r.breaker_state(), BreakerState::Open);

    for _ in 0..3 {
        let started = std::time::Instant::now();
        let (res, _) = run(&r, request()).await;
        let took = started.elapsed();
        assert_eq!(res, Err(AiError::CircuitOpen));
        assert!(took < Duration::from_millis(50), "took {took:?}");
    }
    assert_eq!(fake.hits(), 4, "an open breaker does not call the provider");

    // After the cooldown one probe goes through; it succeeds and closes it.
    tokio::time::sleep(cooldown + Duration::from_millis(50)).await;
    fake.set_script(vec![answer(&["back"])]);
    let (res, _) = run(&r, request()).await;
    assert_eq!(res, Ok(AiReply::Answer("back".into())));
    assert_eq!(fake.hits(), 5);
    assert_eq!(r.breaker_state(), BreakerState::Closed);
}

#[tokio::test]
async fn error_chunk_after_deltas_fails_without_retry() {
    let fake = Fake::start(vec![
        Reply::Stream(vec![
            role(),
            text("Par"),
            text("tial"),
            error_chunk("Provider disconnected unexpectedly"),
            done(),
        ]),
        answer(&["must not be asked"]),
    ])
    .await;
    let (res, deltas) = run(&responder(cfg(&fake.url)), request()).await;
    assert!(provider_error(&res).contains("Provider disconnected unexpectedly"));
    assert_eq!(deltas, ["Par", "tial"]);
    assert_eq!(fake.hits(), 1, "deltas were shown, so no retry");
}

#[tokio::test]
async fn error_chunk_before_any_delta_is_retried() {
    let fake = Fake::start(vec![
        Reply::Stream(vec![role(), error_chunk("overloaded"), done()]),
        answer(&["second try"]),
    ])
    .await;
    let (res, deltas) = run(&responder(cfg(&fake.url)), request()).await;
    assert_eq!(res, Ok(AiReply::Answer("second try".into())));
    assert_eq!(deltas, ["second try"]);
    assert_eq!(fake.hits(), 2);
}

#[tokio::test]
async fn stream_cut_before_the_finish_is_an_error() {
    let fake = Fake::start(vec![Reply::Stream(vec![role(), text("Hel")])]).await;
    let (res, deltas) = run(&responder(cfg(&fake.url)), request()).await;
    assert!(matches!(res, Err(AiError::Network(_))), "{res:?}");
    assert_eq!(deltas, ["Hel"]);
    assert_eq!(fake.hits(), 1);
}

#[tokio::test]
async fn hung_responses_time_out_within_the_budget() {
    let budget = Duration::from_millis(600);
    let cases = [
        (
            "no headers, short idle",
            Reply::Hang,
            Duration::from_millis(200),
        ),
        (
            "no headers, long idle",
            Reply::Hang,
            Duration::from_secs(10),
        ),
        (
            "headers, then silence",
            Reply::Stream(vec![Ev::Pause(Duration::from_secs(60))]),
            Duration::from_millis(200),
        ),
        (
            "one delta, then silence",
            Reply::Stream(vec![role(), text("Hi"), Ev::Pause(Duration::from_secs(60))]),
            Duration::from_millis(200),
        ),
    ];
    for (name, reply, idle) in cases {
        let fake = Fake::start(vec![reply]).await;
        let r = responder(AiConfig {
            timeout: budget,
            idle_timeout: idle,
            max_retries: 5,
            ..cfg(&fake.url)
        });
        let started = std::time::Instant::now();
        let (res, _) = run(&r, request()).await;
        let took = started.elapsed();
        assert_eq!(res, Err(AiError::Timeout), "{name}");
        assert!(
            took < budget + Duration::from_millis(200),
            "{name}: took {took:?}"
        );
        assert!(took >= idle.min(budget), "{name}: took {took:?}");
    }
}

#[tokio::test]
async fn stall_after_a_delta_is_not_retried() {
    let fake = Fake::start(vec![Reply::Stream(vec![
        role(),
        text("Hi"),
        Ev::Pause(Duration::from_secs(60)),
    ])])
    .await;
    let r = responder(AiConfig {
        idle_timeout: Duration::from_millis(150),
        ..cfg(&fake.url)
    });
    let (res, deltas) = run(&r, request()).await;
    assert_eq!(res, Err(AiError::Timeout));
    assert_eq!(deltas, ["Hi"]);
    assert_eq!(fake.hits(), 1);
}

fn long_stream() -> Reply {
    let mut evs = vec![role()];
    evs.extend((0..500).map(|_| text("x")));
    evs.extend([finish("stop"), done()]);
    Reply::Stream(evs)
}

#[tokio::test]
async fn answers_are_cut_at_the_message_size_limit() {
    let piece = "0123456789".repeat(30);
    let mut evs = vec![role()];
    evs.extend((0..40).map(|_| text(&piece)));
    evs.extend([finish("stop"), done()]);
    let fake = Fake::start(vec![Reply::Stream(evs)]).await;
    let (res, deltas) = run(&responder(cfg(&fake.url)), request()).await;
    let Ok(AiReply::Answer(a)) = res else {
        panic!("{res:?}")
    };
    assert_eq!(a.chars().count(), MAX_BODY_CHARS);
    assert_eq!(deltas.concat(), a, "the deltas are exactly the answer");
    tokio::time::timeout(Duration::from_secs(3), fake.client_gone())
        .await
        .expect("the rest of the generation is cancelled");
}

#[tokio::test]
async fn dropping_the_future_closes_the_connection() {
    let fake = Fake::start(vec![long_stream()]).await;
    let r = responder(cfg(&fake.url));
    let (tx, mut rx) = mpsc::channel(256);
    let mut fut = r.respond(request(), tx);
    let mut got = 0;
    while got < 2 {
        tokio::select! {
            res = &mut fut => panic!("finished before it was cancelled: {res:?}"),
            d = rx.recv() => got += usize::from(d.is_some()),
        }
    }
    drop(fut);
    tokio::time::timeout(Duration::from_secs(3), fake.client_gone())
        .await
        .expect("the provider sees the client go away");
    assert_eq!(fake.hits(), 1);
}

#[tokio::test]
async fn dropping_the_deltas_receiver_cancels() {
    let fake = Fake::start(vec![long_stream()]).await;
    let r = responder(cfg(&fake.url));
    let (tx, mut rx) = mpsc::channel(1);
    let task = async {
        assert_eq!(rx.recv().await.as_deref(), Some("x"));
        drop(rx);
    };
    let (res, ()) = tokio::join!(r.respond(request(), tx), task);
    assert_eq!(res, Err(AiError::Cancelled));
    assert!(!res.unwrap_err().counts_as_failure());
    tokio::time::timeout(Duration::from_secs(3), fake.client_gone())
        .await
        .expect("the provider sees the client go away");
    assert_eq!(fake.hits(), 1);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let fake = Fake::start(vec![
        Reply::Status(
            429,
            json!({"error": {"code": 429, "message": "rate limited"}}),
            vec![("retry-after", "1")],
        ),
        answer(&["after the wait"]),
    ])
    .await;
    let started = std::time::Instant::now();
    let (res, _) = run(&responder(cfg(&fake.url)), request()).await;
    let took = started.elapsed();
    assert_eq!(res, Ok(AiReply::Answer("after the wait".into())));
    assert!(took >= Duration::from_millis(950), "took {took:?}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert_eq!(fake.hits(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_budget_fails_at_once() {
    let fake = Fake::start(vec![
        Reply::Status(
            503,
            json!({"error": {"code": 503, "message": "no capacity"}}),
            vec![("retry-after", "120")],
        ),
        answer(&["must not be asked"]),
    ])
    .await;
    let started = std::time::Instant::now();
    let (res, _) = run(&responder(cfg(&fake.url)), request()).await;
    assert!(provider_error(&res).contains("no capacity"));
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(fake.hits(), 1);
}

#[tokio::test]
async fn a_plain_json_completion_is_accepted() {
    let fake = Fake::start(vec![Reply::Json(json!({
        "choices": [{"message": {"role": "assistant", "content": "Not streamed."}}]
    }))])
    .await;
    let (res, deltas) = run(&responder(cfg(&fake.url)), request()).await;
    assert_eq!(res, Ok(AiReply::Answer("Not streamed.".into())));
    assert_eq!(deltas, ["Not streamed."]);
}

#[tokio::test]
async fn summarize_asks_the_default_model_without_streaming() {
    let fake = Fake::start(vec![Reply::Json(json!({
        "choices": [{"message": {"role": "assistant",
            "content": "  The visitor asks when the order ships. Ann checked it.  "}}]
    }))])
    .await;
    let r = responder(cfg(&fake.url));
    let s = r.summarize(&request().history).await;
    assert_eq!(
        s.as_deref(),
        Some("The visitor asks when the order ships. Ann checked it.")
    );
    let (_, body) = fake.request(0);
    assert_eq!(body["model"], "test/default");
    assert_eq!(body["stream"], false);
    assert!(body.get("tools").is_none());
    let transcript = body["messages"][1]["content"].as_str().unwrap();
    assert_eq!(
        transcript,
        "Visitor: hi\nAssistant: Hello! How can I help?\nAgent Ann: I checked your order.\nVisitor: when does it ship?"
    );
}

#[tokio::test]
async fn summarize_gives_none_on_failure() {
    let fake = Fake::start(vec![status(500, "down")]).await;
    let r = responder(cfg(&fake.url));
    assert_eq!(r.summarize(&request().history).await, None);
    assert_eq!(r.summarize(&[]).await, None, "nothing to summarize");
    assert_eq!(fake.hits(), 1);

    let fake = Fake::start(vec![Reply::Hang]).await;
    let r = responder(AiConfig {
        summary_timeout: Duration::from_millis(200),
        ..cfg(&fake.url)
    });
    let started = std::time::Instant::now();
    assert_eq!(r.summarize(&request().history).await, None);
    assert!(started.elapsed() < Duration::from_millis(600));
}

#[tokio::test]
async fn unreachable_provider_is_a_network_error() {
    // Bind and drop a listener, so the port is (almost certainly) closed.
    let addr = {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        l.local_addr().unwrap()
    };
    let r = responder(AiConfig {
        max_retries: 1,
        ..cfg(&format!("http://{addr}/v1"))
    });
    let (res, _) = run(&r, request()).await;
    assert!(matches!(res, Err(AiError::Network(_))), "{res:?}");
}

#[test]
fn debug_output_never_shows_the_key() {
    let r = responder(cfg("http://127.0.0.1:9/v1"));
    assert!(!format!("{r:?}").contains(KEY));
}

#[test]
fn retry_after_forms() {
    let h = |pairs: &[(&'static str, &str)]| {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, v.parse().unwrap());
        }
        retry_after(&m)
    };
    assert_eq!(h(&[("retry-after", "3")]), Some(Duration::from_secs(3)));
    assert_eq!(
        h(&[("retry-after-ms", "250")]),
        Some(Duration::from_millis(250))
    );
    assert_eq!(h(&[("retry-after", "soon")]), None);
    assert_eq!(h(&[("retry-after", "-1")]), None);
    assert_eq!(h(&[]), None);
    let later = time::OffsetDateTime::now_utc() + time::Duration::seconds(30);
    let date = later
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap();
    let got = h(&[("retry-after", &date)]).unwrap();
    assert!(
        got > Duration::from_secs(25) && got <= Duration::from_secs(30),
        "{got:?}"
    );
    // The IMF-fixdate form HTTP servers send, in the past: retry now.
    assert_eq!(
        h(&[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")]),
        Some(Duration::ZERO)
    );
}

#[test]
fn backoff_grows_with_jitter_and_a_cap() {
    let base = Duration::from_millis(100);
    for retry in 0..20 {
        let d = backoff(base, retry);
        let cap = base.saturating_mul(1 << retry.min(16)).min(MAX_BACKOFF);
        assert!(d >= cap / 2 && d <= cap, "retry {retry}: {d:?} vs {cap:?}");
    }
}

#[test]
fn history_is_trimmed_to_the_newest_messages() {
    let history: Vec<Message> = (0..100)
        .map(|i| msg(SenderKind::Visitor, &format!("message {i}")))
        .collect();
    let m = messages(&WidgetSettings::default(), "p", &history);
    assert_eq!(m.len(), MAX_HISTORY_MESSAGES + 1);
    assert_eq!(m[0].role, "system");
    assert_eq!(m[1].content, "message 60");
    assert_eq!(m.last().unwrap().content, "message 99");

    let big = "y".repeat(MAX_HISTORY_CHARS);
    let history = vec![
        msg(SenderKind::Visitor, &big),
        msg(SenderKind::Visitor, "last"),
    ];
    let m = messages(&WidgetSettings::default(), "p", &history);
    assert_eq!(m.len(), 2, "the oversized old message is dropped");
    assert_eq!(m[1].content, "last");
}
