//! The OpenAI-compatible chat-completions responder (OpenRouter by default),
//! streaming over SSE with reqwest and eventsource-stream.
//!
//! One `respond` call is a series of attempts under one overall deadline
//! (`AiConfig::timeout`). An attempt fails fast on silence longer than
//! `idle_timeout` (before the headers or between chunks; OpenRouter's
//! keep-alive comments count as traffic). Failed attempts are retried with
//! exponential backoff and full jitter, or after the provider's
//! `Retry-After`, but only while no delta has reached the visitor: a retry
//! after that would show the visitor a second, different beginning. Every
//! attempt passes the circuit breaker, which opens after
//! `breaker_failures` consecutive failed attempts.

use super::breaker::Breaker;
use super::{AiConfig, AiError, AiReply, AiRequest, Responder};
use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};
use proto::conversations::{MAX_BODY_CHARS, Message, SenderKind};
use proto::widgets::{FaqEntry, WidgetSettings};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, HeaderMap, RETRY_AFTER};
use secrecy::ExposeSecret;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep, timeout, timeout_at};

/// Name of the tool the model calls to hand the conversation to a person.
pub const HANDOFF_TOOL: &str = "handoff_to_human";
/// Most history messages sent to the model, newest kept.
const MAX_HISTORY_MESSAGES: usize = 40;
/// Most history characters sent to the model, newest kept.
const MAX_HISTORY_CHARS: usize = 24_000;
/// Most FAQ characters put into the system prompt.
const MAX_FAQ_CHARS: usize = 12_000;
/// Longest error text kept from a provider reply.
const MAX_ERROR_CHARS: usize = 300;
/// Longest error body read before the stream.
const MAX_ERROR_BODY: usize = 64 * 1024;
/// Longest non-streamed completion body read.
const MAX_COMPLETION_BODY: usize = 4 * 1024 * 1024;
/// Longest wait for `[DONE]` once the model has finished.
const DONE_GRACE: Duration = Duration::from_secs(1);
/// Cap on one backoff step.
const MAX_BACKOFF: Duration = Duration::from_secs(8);
/// Reason given when the model's tool arguments carry none.
const DEFAULT_HANDOFF_REASON: &str = "the assistant asked for a human";

/// Talks to an OpenAI-compatible provider; see the module docs.
#[derive(Debug)]
pub struct OpenAiResponder {
    cfg: AiConfig,
    client: reqwest::Client,
    breaker: Breaker,
    url: String,
}

impl OpenAiResponder {
    /// A responder for `cfg`; fails only when the HTTP client cannot be built.
    pub fn new(cfg: AiConfig) -> Result<Self, AiError> {
        let client = reqwest::Client::builder()
            .connect_timeout(cfg.idle_timeout.min(Duration::from_secs(10)))
            .build()
            .map_err(|e| AiError::Network(e.without_url().to_string()))?;
        let url = format!("{}/chat/completions", cfg.base_url.trim_end_matches('/'));
        Ok(Self {
            breaker: Breaker::new(cfg.breaker_failures, cfg.breaker_cooldown),
            cfg,
            client,
            url,
        })
    }

    /// The breaker's state, for health checks and metrics.
    pub fn breaker_state(&self) -> super::breaker::BreakerState {
        self.breaker.state()
    }

    fn request(&self, body: &ChatRequest) -> reqwest::RequestBuilder {
        let key = self
            .cfg
            .api_key
            .as_ref()
            .map(|k| k.expose_secret().to_owned())
            .unwrap_or_default();
        // bearer_auth marks the header sensitive, so it never shows in Debug output.
        let mut rb = self
            .client
            .post(&self.url)
            .bearer_auth(key)
            .header("X-Title", &self.cfg.title)
            .header("X-OpenRouter-Title", &self.cfg.title)
            .json(body);
        if let Some(r) = &self.cfg.referer {
            rb = rb.header("HTTP-Referer", r);
        }
        rb
    }

    /// One streamed attempt; `emitted` turns true once a delta went out.
    async fn attempt(
        &self,
        body: &ChatRequest,
        deltas: &mpsc::Sender<String>,
        emitted: &mut bool,
    ) -> Result<AiReply, Failure> {
        let idle = self.cfg.idle_timeout;
        let resp = timeout(
            idle,
            self.request(body)
                .header(ACCEPT, "text/event-stream")
                .send(),
        )
        .await
        .map_err(|_| Failure::timeout())?
        .map_err(Failure::network)?;
        let status = resp.status();
        if !status.is_success() {
            return Err(status_failure(resp, idle).await);
        }
        let is_sse = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/event-stream"));
        if !is_sse {
            // Some compatible servers ignore `stream: true` and answer with
            // one JSON completion; accept that instead of failing.
            let text = read_limited(resp, idle, MAX_COMPLETION_BODY).await?;
            let reply = parse_completion(&text)?;
            if let AiReply::Answer(a) = &reply {
                deltas
                    .send(a.clone())
                    .await
                    .map_err(|_| Failure::cancelled())?;
                *emitted = true;
            }
            return Ok(reply);
        }
        let mut events = Box::pin(idle_limited(resp.bytes_stream(), idle).eventsource());
        let mut turn = Turn::default();
        loop {
            let next = if turn.finish.is_some() {
                // The answer is complete; [DONE] only lets the connection be
                // reused, so do not wait long for it.
                timeout(DONE_GRACE, events.next()).await.ok().flatten()
            } else {
                events.next().await
            };
            let event = match next {
                None => break,
                Some(Ok(ev)) => ev,
                Some(Err(_)) if turn.finish.is_some() => break,
                Some(Err(EventStreamError::Transport(StreamFail::Idle))) => {
                    return Err(Failure::timeout());
                }
                Some(Err(EventStreamError::Transport(StreamFail::Network(e)))) => {
                    return Err(Failure::network(e));
                }
                Some(Err(e)) => return Err(Failure::protocol(e.to_string())),
            };
            let data = event.data.trim();
            if data == "[DONE]" {
                break;
            }
            if data.is_empty() {
                continue;
            }
            let chunk: Chunk = serde_json::from_str(data)
                .map_err(|e| Failure::protocol(format!("bad chunk: {e}")))?;
            if let Some(err) = chunk.error {
                return Err(Failure::midstream(err.describe()));
            }
            if let Some(text) = turn.absorb(chunk)? {
                deltas.send(text).await.map_err(|_| Failure::cancelled())?;
                *emitted = true;
            }
            if turn.capped {
                // Dropping the stream on return closes the connection,
                // which stops the generation at the provider.
                tracing::info!("AI answer cut at the message size limit");
                break;
            }
        }
        turn.finish()
    }

    fn chat_body(&self, req: &AiRequest) -> ChatRequest {
        let ai = &req.settings.ai;
        ChatRequest {
            model: ai
                .model
                .clone()
                .filter(|m| !m.trim().is_empty())
                .unwrap_or_else(|| self.cfg.default_model.clone()),
            messages: messages(&req.settings, &self.cfg.default_system_prompt, &req.history),
            temperature: ai.temperature,
            stream: true,
            tools: Some(vec![handoff_tool()]),
            max_tokens: None,
        }
    }
}

#[async_trait::async_trait]
impl Responder for OpenAiResponder {
    async fn respond(
        &self,
        req: AiRequest,
        deltas: mpsc::Sender<String>,
    ) -> Result<AiReply, AiError> {
        if deltas.is_closed() {
            return Err(AiError::Cancelled);
        }
        let body = self.chat_body(&req);
        let deadline = Instant::now() + self.cfg.timeout;
        let mut emitted = false;
        let mut retries = 0;
        loop {
            let Ok(permit) = self.breaker.try_acquire() else {
                return Err(AiError::CircuitOpen);
            };
            let result = timeout_at(deadline, self.attempt(&body, &deltas, &mut emitted))
                .await
                .unwrap_or_else(|_| Err(Failure::timeout()));
            let f = match result {
                Ok(reply) => {
                    permit.success();
                    return Ok(reply);
                }
                Err(f) => f,
            };
            match f.verdict {
                Verdict::Failure => permit.failure(),
                Verdict::Healthy => permit.success(),
                Verdict::Neutral => drop(permit),
            }
            if !f.retryable || emitted || retries >= self.cfg.max_retries {
                log_failure(&f, retries, false);
                return Err(f.error);
            }
            let wait = f
                .retry_after
                .unwrap_or_else(|| backoff(self.cfg.backoff_base, retries));
            if Instant::now() + wait >= deadline {
                log_failure(&f, retries, false);
                return Err(f.error);
            }
            log_failure(&f, retries, true);
            sleep(wait).await;
            retries += 1;
        }
    }

    async fn summarize(&self, history: &[Message]) -> Option<String> {
        let transcript = transcript(history);
        if transcript.is_empty() {
            return None;
        }
        let permit = self.breaker.try_acquire().ok()?;
        let body = ChatRequest {
            model: self.cfg.default_model.clone(),
            messages: vec![
                WireMessage::new(
                    "system",
                    "You summarize a support chat for the human agent who takes it over. \
                     In 2 or 3 plain sentences: what the visitor wants, what the assistant \
                     already answered or tried, and anything urgent or upsetting. No greeting, \
                     no lists."
                        .into(),
                ),
                WireMessage::new("user", transcript),
            ],
            temperature: Some(0.2),
            stream: false,
            tools: None,
            max_tokens: Some(250),
        };
        let budget = self.cfg.summary_timeout;
        let result = timeout(budget, async {
            let resp = self.request(&body).send().await.map_err(Failure::network)?;
            if !resp.status().is_success() {
                return Err(status_failure(resp, budget).await);
            }
            let text = read_limited(resp, budget, MAX_COMPLETION_BODY).await?;
            parse_completion(&text)
        })
        .await
        .unwrap_or_else(|_| Err(Failure::timeout()));
        match result {
            Ok(AiReply::Answer(s)) => {
                permit.success();
                let s = s.trim();
                (!s.is_empty()).then(|| truncate(s, 1000))
            }
            Ok(AiReply::Handoff { .. }) => {
                permit.success();
                None
            }
            Err(f) => {
                if f.verdict == Verdict::Failure {
                    permit.failure();
                }
                tracing::warn!(error = %f.error, "AI summary failed; the agent gets the transcript only");
                None
            }
        }
    }

    fn name(&self) -> &'static str {
        "openai"
    }
}

fn log_failure(f: &Failure, retries: u32, retrying: bool) {
    if retrying {
        tracing::warn!(error = %f.error, attempt = retries + 1, "AI provider attempt failed; retrying");
    } else {
        tracing::warn!(error = %f.error, attempts = retries + 1, "AI provider failed");
    }
}

/// The `retry`-th backoff: base·2^retry, capped, with full jitter (a random
/// wait up to that), so conversations that failed together retry apart.
fn backoff(base: Duration, retry: u32) -> Duration {
    let cap = base.saturating_mul(1 << retry.min(16)).min(MAX_BACKOFF);
    let ms = u64::try_from(cap.as_millis()).unwrap_or(u64::MAX).max(1);
    Duration::from_millis(rand::random_range(ms / 2..=ms))
}

/// How a provider failure affects the breaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// The provider is unwell (5xx, timeouts, broken streams, 429, bad key).
    Failure,
    /// The provider answered but refused this request (e.g. unknown model):
    /// it is up, so this must not open the breaker for every widget.
    Healthy,
    /// Says nothing about the provider (the caller went away).
    Neutral,
}

/// A failed attempt and what to do about it.
#[derive(Debug)]
struct Failure {
    error: AiError,
    retryable: bool,
    verdict: Verdict,
    retry_after: Option<Duration>,
}

impl Failure {
    fn new(error: AiError, retryable: bool, verdict: Verdict) -> Self {
        Self {
            error,
            retryable,
            verdict,
            retry_after: None,
        }
    }

    fn timeout() -> Self {
        Self::new(AiError::Timeout, true, Verdict::Failure)
    }

    fn network(e: reqwest::Error) -> Self {
        if e.is_timeout() {
            return Self::timeout();
        }
        // without_url: the URL is ours, and keeps logs shorter.
        Self::new(
            AiError::Network(e.without_url().to_string()),
            true,
            Verdict::Failure,
        )
    }

    fn protocol(msg: String) -> Self {
        Self::new(
            AiError::Protocol(truncate(&msg, MAX_ERROR_CHARS)),
            true,
            Verdict::Failure,
        )
    }

    fn midstream(msg: String) -> Self {
        Self::new(AiError::Provider(msg), true, Verdict::Failure)
    }

    fn cancelled() -> Self {
        Self::new(AiError::Cancelled, false, Verdict::Neutral)
    }
}

/// A failure from a non-2xx status; reads the `{"error":{…}}` body.
async fn status_failure(resp: reqwest::Response, idle: Duration) -> Failure {
    let status = resp.status();
    let retry_after = retry_after(resp.headers());
    let detail = match read_limited(resp, idle, MAX_ERROR_BODY).await {
        Ok(body) => serde_json::from_str::<ErrorBody>(&body)
            .map(|b| b.error.describe())
            .unwrap_or_else(|_| truncate(body.trim(), MAX_ERROR_CHARS)),
        Err(_) => String::new(),
    };
    let error = AiError::Provider(if detail.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {detail}")
    });
    let code = status.as_u16();
    let (retryable, verdict) = match status {
        StatusCode::REQUEST_TIMEOUT | StatusCode::TOO_MANY_REQUESTS => (true, Verdict::Failure),
        // The key is wrong, revoked or out of credit: every call fails alike.
        StatusCode::UNAUTHORIZED | StatusCode::PAYMENT_REQUIRED | StatusCode::FORBIDDEN => {
            (false, Verdict::Failure)
        }
        _ if status.is_server_error() => (code != 501, Verdict::Failure),
        _ if status.is_client_error() => (false, Verdict::Healthy),
        _ => (false, Verdict::Failure),
    };
    Failure {
        error,
        retryable,
        verdict,
        retry_after,
    }
}

/// `Retry-After` in seconds or as an HTTP date, or OpenAI's `retry-after-ms`.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let get = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    if let Some(ms) = get("retry-after-ms").and_then(|v| v.parse::<f64>().ok()) {
        return (ms.is_finite() && ms >= 0.0).then(|| Duration::from_secs_f64(ms / 1000.0));
    }
    let v = get(RETRY_AFTER.as_str())?;
    if let Ok(secs) = v.parse::<f64>() {
        return (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs));
    }
    let at = time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc2822).ok()?;
    let left = at - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(left).unwrap_or(Duration::ZERO))
}

/// Reads a body up to `limit` bytes, with `idle` as the longest silence.
async fn read_limited(
    mut resp: reqwest::Response,
    idle: Duration,
    limit: usize,
) -> Result<String, Failure> {
    let mut buf = Vec::new();
    loop {
        match timeout(idle, resp.chunk()).await {
            Err(_) => return Err(Failure::timeout()),
            Ok(Err(e)) => return Err(Failure::network(e)),
            Ok(Ok(None)) => break,
            Ok(Ok(Some(b))) => {
                buf.extend_from_slice(&b);
                if buf.len() >= limit {
                    buf.truncate(limit);
                    break;
                }
            }
        }
    }
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Why the byte stream under the event parser ended early.
#[derive(Debug)]
enum StreamFail {
    Idle,
    Network(reqwest::Error),
}

impl std::fmt::Display for StreamFail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Idle => f.write_str("no data within the idle timeout"),
            Self::Network(e) => e.fmt(f),
        }
    }
}

/// `bytes` with a limit on the silence between chunks. It sits below the
/// SSE parser so that keep-alive comments, which the parser swallows, still
/// count as signs of life.
fn idle_limited<B>(
    bytes: impl Stream<Item = reqwest::Result<B>> + Send + 'static,
    idle: Duration,
) -> impl Stream<Item = Result<B, StreamFail>> + Send + 'static
where
    B: Send + 'static,
{
    futures_util::stream::unfold(Some(Box::pin(bytes)), move |state| async move {
        let mut s = state?;
        match timeout(idle, s.next()).await {
            Ok(Some(Ok(b))) => Some((Ok(b), Some(s))),
            Ok(Some(Err(e))) => Some((Err(StreamFail::Network(e)), None)),
            Ok(None) => None,
            Err(_) => Some((Err(StreamFail::Idle), None)),
        }
    })
}

/// What one streamed completion has said so far.
#[derive(Debug, Default)]
struct Turn {
    text: String,
    chars: usize,
    /// The text reached `MAX_BODY_CHARS`, the most one message may hold.
    capped: bool,
    tools: Vec<ToolAcc>,
    finish: Option<String>,
}

/// A tool call being assembled from `delta.tool_calls` fragments.
#[derive(Debug, Default, Clone)]
struct ToolAcc {
    name: String,
    arguments: String,
}

impl Turn {
    /// Takes in one chunk; returns the text delta to forward, if any.
    fn absorb(&mut self, chunk: Chunk) -> Result<Option<String>, Failure> {
        // Only the first choice: we never ask for more than one (n = 1).
        let Some(choice) = chunk
            .choices
            .into_iter()
            .find(|c| c.index.unwrap_or(0) == 0)
        else {
            return Ok(None);
        };
        let mut text = None;
        if let Some(delta) = choice.delta {
            for tc in delta.tool_calls.unwrap_or_default() {
                // Fragments of one call share an index; a missing index means 0.
                let i = tc.index.unwrap_or(0).min(16);
                if self.tools.len() <= i {
                    self.tools.resize(i + 1, ToolAcc::default());
                }
                let acc = &mut self.tools[i];
                if let Some(f) = tc.function {
                    if let Some(n) = f.name.filter(|n| !n.is_empty() && *n != acc.name) {
                        acc.name.push_str(&n);
                    }
                    if let Some(a) = f.arguments {
                        acc.arguments.push_str(&a);
                    }
                }
            }
            if let Some(mut c) = delta.content.filter(|c| !c.is_empty() && !self.capped) {
                let n = c.chars().count();
                if self.chars + n >= MAX_BODY_CHARS {
                    // The engine could not persist a longer answer; the
                    // visitor never sees streamed text that the saved answer lacks.
                    if let Some((i, _)) = c.char_indices().nth(MAX_BODY_CHARS - self.chars) {
                        c.truncate(i);
                    }
                    self.capped = true;
                    self.finish = Some("length".into());
                }
                self.chars += c.chars().count();
                self.text.push_str(&c);
                text = Some(c);
            }
        }
        match choice.finish_reason.as_deref() {
            Some("error") => Err(Failure::midstream(
                "the provider ended the stream with an error".into(),
            )),
            Some(r) => {
                self.finish = Some(r.to_owned());
                Ok(text)
            }
            None => Ok(text),
        }
    }

    /// The reply once the stream ended.
    fn finish(self) -> Result<AiReply, Failure> {
        let Some(finish) = self.finish else {
            return Err(Failure::new(
                AiError::Network("the stream ended before the answer was complete".into()),
                true,
                Verdict::Failure,
            ));
        };
        let text = self.text.trim().to_owned();
        // Some providers say "stop" even after a tool call, so the call
        // itself decides, not the finish reason.
        if let Some(call) = self.tools.iter().find(|t| t.name == HANDOFF_TOOL) {
            return Ok(handoff(&call.arguments, text));
        }
        if let Some(other) = self.tools.iter().find(|t| !t.name.is_empty()) {
            return Err(Failure::new(
                AiError::Protocol(format!(
                    "the model called an unknown tool {:?}",
                    truncate(&other.name, 64)
                )),
                false,
                Verdict::Healthy,
            ));
        }
        if finish == "content_filter" && text.is_empty() {
            return Ok(AiReply::Handoff {
                reason: "the provider's content filter stopped the answer".into(),
                message: None,
            });
        }
        if text.is_empty() {
            return Err(Failure::new(
                AiError::Provider("the model returned an empty answer".into()),
                true,
                Verdict::Healthy,
            ));
        }
        if finish == "length" {
            tracing::info!("AI answer cut at the token limit");
        }
        Ok(AiReply::Answer(text))
    }
}

/// A handoff from the tool's JSON arguments (`{"reason": "…"}`).
fn handoff(arguments: &str, text: String) -> AiReply {
    #[derive(Deserialize)]
    struct Args {
        #[serde(default)]
        reason: Option<String>,
    }
    let reason = serde_json::from_str::<Args>(arguments)
        .ok()
        .and_then(|a| a.reason)
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty())
        .map_or_else(|| DEFAULT_HANDOFF_REASON.to_owned(), |r| truncate(&r, 500));
    AiReply::Handoff {
        reason,
        message: (!text.is_empty()).then_some(text),
    }
}

/// The reply in a non-streamed completion.
fn parse_completion(body: &str) -> Result<AiReply, Failure> {
    let c: Completion = serde_json::from_str(body)
        .map_err(|e| Failure::protocol(format!("bad completion: {e}")))?;
    if let Some(err) = c.error {
        return Err(Failure::midstream(err.describe()));
    }
    let Some(choice) = c.choices.into_iter().next() else {
        return Err(Failure::protocol("a completion without choices".into()));
    };
    let mut text = choice.message.content.unwrap_or_default().trim().to_owned();
    if let Some((i, _)) = text.char_indices().nth(MAX_BODY_CHARS) {
        text.truncate(i);
    }
    let tools = choice.message.tool_calls.unwrap_or_default();
    if let Some(call) = tools.iter().find(|t| t.function.name == HANDOFF_TOOL) {
        return Ok(handoff(&call.function.arguments, text));
    }
    if text.is_empty() {
        return Err(Failure::new(
            AiError::Provider("the model returned an empty answer".into()),
            true,
            Verdict::Healthy,
        ));
    }
    Ok(AiReply::Answer(text))
}

/// `s` cut to at most `max` characters.
fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

fn handoff_tool() -> serde_json::Value {
    serde_json::json!({
        "type": "function",
        "function": {
            "name": HANDOFF_TOOL,
            "description": "Hand the conversation over to a human support agent. Call it when \
                the visitor asks for a person, when you cannot help, or when the request needs \
                someone with access to their account or order.",
            "parameters": {
                "type": "object",
                "properties": {
                    "reason": {
                        "type": "string",
                        "description": "Why a human should take over, in one short sentence for the agent."
                    }
                },
                "required": ["reason"]
            }
        }
    })
}

/// The system prompt: the widget's (or the default), our rules, the FAQ.
fn system_prompt(settings: &WidgetSettings, default_prompt: &str) -> String {
    let base = settings
        .ai
        .system_prompt
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or(default_prompt);
    let mut s = format!(
        "{base}\n\n\
         You are answering a visitor in a website's support chat. Write short plain text: \
         no Markdown headings, no HTML.\n\
         Messages that begin with \"[Agent NAME]:\" were written by a human support agent \
         earlier in this conversation; never begin your own messages that way.\n\
         If the visitor asks for a person, or you cannot help, call the {HANDOFF_TOOL} tool \
         with a short reason instead of guessing."
    );
    let faq = faq_block(&settings.faq);
    if !faq.is_empty() {
        s.push_str(
            "\n\nFrequently asked questions of this business; prefer these answers when they apply:\n",
        );
        s.push_str(&faq);
    }
    s
}

fn faq_block(faq: &[FaqEntry]) -> String {
    let mut out = String::new();
    for e in faq {
        let entry = format!("Q: {}\nA: {}\n", e.question.trim(), e.answer.trim());
        if out.len() + entry.len() > MAX_FAQ_CHARS {
            break;
        }
        out.push_str(&entry);
    }
    out
}

/// The chat messages for `history`: visitor as user, AI as assistant, agents
/// as assistant with their name (so the model knows who said what), system
/// notices left out. Only the newest messages that fit are sent.
fn messages(
    settings: &WidgetSettings,
    default_prompt: &str,
    history: &[Message],
) -> Vec<WireMessage> {
    let mut kept = Vec::new();
    let mut chars = 0;
    for m in history.iter().rev() {
        let msg = match m.sender {
            SenderKind::Visitor => WireMessage::new("user", m.body.clone()),
            SenderKind::Ai => WireMessage::new("assistant", m.body.clone()),
            SenderKind::Agent => {
                let name = m.author_name.as_deref().unwrap_or("Agent");
                WireMessage::new("assistant", format!("[Agent {name}]: {}", m.body))
            }
            SenderKind::System => continue,
        };
        chars += msg.content.len();
        if kept.len() >= MAX_HISTORY_MESSAGES || (chars > MAX_HISTORY_CHARS && !kept.is_empty()) {
            break;
        }
        kept.push(msg);
    }
    kept.push(WireMessage::new(
        "system",
        system_prompt(settings, default_prompt),
    ));
    kept.reverse();
    kept
}

/// The conversation as plain lines for the summary prompt.
fn transcript(history: &[Message]) -> String {
    let mut lines: Vec<String> = history
        .iter()
        .rev()
        .filter_map(|m| {
            let who = match m.sender {
                SenderKind::Visitor => "Visitor".to_owned(),
                SenderKind::Ai => "Assistant".to_owned(),
                SenderKind::Agent => format!("Agent {}", m.author_name.as_deref().unwrap_or(""))
                    .trim_end()
                    .to_owned(),
                SenderKind::System => return None,
            };
            Some(format!("{who}: {}", m.body))
        })
        .scan(0usize, |chars, line| {
            *chars += line.len();
            (*chars <= MAX_HISTORY_CHARS).then_some(line)
        })
        .collect();
    lines.reverse();
    lines.join("\n")
}

// Wire types: only the fields we use; serde ignores the rest, so providers
// may add fields freely.

#[derive(Debug, Serialize)]
struct ChatRequest {
    model: String,
    messages: Vec<WireMessage>,
    #[serde(skip_serializing_if = "Option::is_none")]
    temperature: Option<f32>,
    stream: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    tools: Option<Vec<serde_json::Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max_tokens: Option<u32>,
}

#[derive(Debug, Serialize)]
struct WireMessage {
    role: &'static str,
    content: String,
}

impl WireMessage {
    fn new(role: &'static str, content: String) -> Self {
        Self { role, content }
    }
}

#[derive(Debug, Deserialize)]
struct Chunk {
    #[serde(default)]
    choices: Vec<ChunkChoice>,
    #[serde(default)]
    error: Option<ApiError>,
}

#[derive(Debug, Deserialize)]
struct ChunkChoice {
    #[serde(default)]
    index: Option<usize>,
    #[serde(default)]
    delta: Option<Delta>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Delta {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    tool_calls: Option<Vec<ToolCallDelta>>,
}

#[derive(Debug, Deserialize)]
struct ToolCallDelta {
    #[serde(default)]
    index: Option<usize>,
    #[serde(default)]
    function: Option<FunctionDelta>,
}

#[derive(Debug, Deserialize)]
struct FunctionDelta {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    arguments: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ErrorBody {
    error: ApiError,
}

#[derive(Debug, Deserialize)]
struct ApiError {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    code: Option<serde_json::Value>,
}

impl ApiError {
    fn describe(&self) -> String {
        let msg = self.message.as_deref().unwrap_or("unknown error");
        let s = match &self.code {
            Some(serde_json::Value::String(c)) => format!("{c}: {msg}"),
            Some(serde_json::Value::Number(c)) => format!("{c}: {msg}"),
            _ => msg.to_owned(),
        };
        truncate(&s, MAX_ERROR_CHARS)
    }
}

#[derive(Debug, Deserialize)]
struct Completion {
    #[serde(default)]
    choices: Vec<CompletionChoice>,
    #[serde(default)]
    error: Option<ApiError>,
}

#[derive(Debug, Deserialize)]
struct CompletionChoice {
    message: CompletionMessage,
}

#[derive(Debug, Deserialize)]
struct CompletionMessage {
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    tool_calls: Option<Vec<ToolCall>>,
}

#[derive(Debug, Deserialize)]
struct ToolCall {
    function: ToolFunction,
}

#[derive(Debug, Deserialize)]
struct ToolFunction {
    #[serde(default)]
    name: String,
    #[serde(default)]
    arguments: String,
}

#[cfg(test)]
mod tests;
