//! Prometheus metrics, rendered at `/metrics`.
//!
//! The hot paths (every frame, every message) use handles registered once
//! in [`hot`] instead of the `counter!` macros, which look the metric up on
//! every call. Handles made before [`install`] would record nothing, so the
//! binary installs the recorder before anything else touches them.

use metrics::{Counter, Gauge, Histogram, counter, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Duration;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
static HOT: OnceLock<Hot> = OnceLock::new();

/// Latency buckets, seconds: sub-millisecond fan-out to multi-second AI answers.
const SECONDS: &[f64] = &[
    0.000_5, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
/// Queue waits, seconds: a few seconds to an hour.
const WAIT_SECONDS: &[f64] = &[
    5.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0,
];

/// Installs the process-wide recorder (once; later calls return the same
/// handle) and starts its upkeep. `None` if another recorder was installed.
pub fn install() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("chatd_queue_wait_seconds".into()),
                    WAIT_SECONDS,
                )
                .and_then(|b| {
                    b.set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS)
                });
            let handle = match builder.map(PrometheusBuilder::install_recorder) {
                Ok(Ok(h)) => h,
                Ok(Err(e)) | Err(e) => {
                    tracing::warn!(error = %e, "metrics are off");
                    return None;
                }
            };
            describe();
            // Registered now, so every series is there (at 0) from the start.
            hot();
            let upkeep = handle.clone();
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(Duration::from_secs(5));
                loop {
                    tick.tick().await;
                    upkeep.run_upkeep();
                }
            });
            Some(handle)
        })
        .as_ref()
}

/// The metrics in Prometheus's text format, if the recorder is installed.
pub fn render() -> Option<String> {
    HANDLE
        .get()
        .and_then(Option::as_ref)
        .map(PrometheusHandle::render)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_gauge!("chatd_sockets", "Open sockets and event streams, by kind.");
    describe_counter!(
        "chatd_messages_stored_total",
        "Messages committed, by sender."
    );
    describe_counter!(
        "chatd_messages_delivered_total",
        "Message frames written to sockets and event streams (live and replayed)."
    );
    describe_histogram!(
        "chatd_delivery_seconds",
        "From commit (or arrival from another node) to the frame's write to a socket."
    );
    describe_histogram!(
        "chatd_store_seconds",
        "Store operations on the message path, by op."
    );
    describe_gauge!(
        "chatd_queue_depth",
        "Conversations waiting in the queue, by widget."
    );
    describe_histogram!(
        "chatd_queue_wait_seconds",
        "From joining the queue to an agent taking the conversation."
    );
    describe_counter!("chatd_ai_requests_total", "AI answers, by outcome.");
    describe_histogram!(
        "chatd_ai_seconds",
        "Time to a finished (or failed) AI answer."
    );
    describe_counter!(
        "chatd_rate_limited_total",
        "Requests and frames refused by a rate limit, by scope."
    );
    describe_counter!(
        "chatd_slow_consumers_total",
        "Sockets disconnected because they did not read their queue."
    );
    describe_counter!(
        "chatd_broker_resyncs_total",
        "Times this node re-read its state because it may have missed other nodes' events."
    );
}

/// Handles for what happens on every frame or message.
pub struct Hot {
    /// Visitor sockets open.
    pub visitor_sockets: Gauge,
    /// Agent sockets open.
    pub agent_sockets: Gauge,
    /// Visitor event streams (SSE) open.
    pub sse_streams: Gauge,
    /// Message frames written.
    pub delivered: Counter,
    /// Commit to write.
    pub delivery: Histogram,
    /// Message appends.
    pub append: Histogram,
    /// Frames refused by a socket's rate limit.
    pub socket_limited: Counter,
    /// Requests refused by the per-IP limit.
    pub ip_limited: Counter,
    /// Sockets kicked for not reading.
    pub slow_consumers: Counter,
    stored: [Counter; 4],
}

impl Hot {
    /// Counts a stored message from `sender`.
    pub fn stored(&self, sender: proto::conversations::SenderKind) {
        use proto::conversations::SenderKind;
        let i = match sender {
            SenderKind::Visitor => 0,
            SenderKind::Agent => 1,
            SenderKind::Ai => 2,
            SenderKind::System => 3,
        };
        self.stored[i].increment(1);
    }
}

/// The hot-path handles.
pub fn hot() -> &'static Hot {
    HOT.get_or_init(|| Hot {
        visitor_sockets: gauge!("chatd_sockets", "kind" => "visitor"),
        agent_sockets: gauge!("chatd_sockets", "kind" => "agent"),
        sse_streams: gauge!("chatd_sockets", "kind" => "sse"),
        delivered: counter!("chatd_messages_delivered_total"),
        delivery: histogram!("chatd_delivery_seconds"),
        append: histogram!("chatd_store_seconds", "op" => "append"),
        socket_limited: counter!("chatd_rate_limited_total", "scope" => "socket"),
        ip_limited: counter!("chatd_rate_limited_total", "scope" => "ip"),
        slow_consumers: counter!("chatd_slow_consumers_total"),
        stored: [
            counter!("chatd_messages_stored_total", "sender" => "visitor"),
            counter!("chatd_messages_stored_total", "sender" => "agent"),
            counter!("chatd_messages_stored_total", "sender" => "ai"),
            counter!("chatd_messages_stored_total", "sender" => "system"),
        ],
    })
}

/// Records the queue depth of `widget`.
pub fn queue_depth(widget: uuid::Uuid, depth: usize) {
    gauge!("chatd_queue_depth", "widget" => widget.to_string()).set(depth as f64);
}

/// Records how long a conversation waited in the queue.
pub fn queue_wait(ms: i64) {
    histogram!("chatd_queue_wait_seconds").record(ms.max(0) as f64 / 1000.0);
}

/// Records an AI answer's outcome (`ok`, `error`, `handoff`) and duration.
pub fn ai_answer(outcome: &'static str, took: Duration) {
    counter!("chatd_ai_requests_total", "outcome" => outcome).increment(1);
    histogram!("chatd_ai_seconds", "outcome" => outcome).record(took.as_secs_f64());
}

/// Records a store transition's duration.
pub fn transition(took: Duration) {
    histogram!("chatd_store_seconds", "op" => "transition").record(took.as_secs_f64());
}

/// Counts a resync after possibly missed cross-node events.
pub fn resync() {
    counter!("chatd_broker_resyncs_total").increment(1);
}
