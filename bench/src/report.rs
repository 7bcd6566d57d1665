//! The result of a run: one JSON object with `--json`, a summary otherwise.

use crate::checker::Latency;
use serde::Serialize;
use std::collections::BTreeMap;

/// Everything a run measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// `idle`, `steady` or `reconnect`.
    pub scenario: String,
    /// Whether the delivery checks passed.
    pub ok: bool,
    /// Why they did not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<String>,
    /// Messages scheduled and sent.
    pub sent: u64,
    /// Messages received by the other side (each counted once).
    pub delivered: u64,
    /// Messages acknowledged.
    pub acked: u64,
    /// Acknowledged but never received by the other side.
    pub lost: u64,
    /// Received twice, or stored twice.
    pub duplicated: u64,
    /// Received after a higher seq.
    pub out_of_order: u64,
    /// Never acknowledged, even after retries.
    pub unacked: u64,
    /// An ack and a delivery that disagree on a message's seq.
    pub seq_mismatch: u64,
    /// Sends refused with a retryable error (and retried).
    pub refused: u64,
    /// Sends sent again (after a refusal, a reconnect or an ack timeout).
    pub resent: u64,
    /// Error frames other than retryable refusals, and sockets that gave up.
    pub errors: u64,
    /// Error frames by code.
    pub error_codes: BTreeMap<String, u64>,
    /// Close codes seen, by code.
    pub close_codes: BTreeMap<String, u64>,
    /// Sockets dropped on purpose.
    pub drops: u64,
    /// Reconnects after any disconnect.
    pub reconnects: u64,
    /// Disconnects the bench did not ask for.
    pub disconnects: u64,
    /// Failed connection attempts.
    pub connect_failures: u64,
    /// Messages the bench did not write (system, AI).
    pub foreign_messages: u64,
    /// Delivered messages per second, from the first scheduled send to the last delivery.
    pub throughput_per_s: f64,
    /// The scheduled rate.
    pub target_rate_per_s: f64,
    /// Seconds of sending.
    pub duration_s: f64,
    /// Conversations.
    pub conversations: usize,
    /// Agent sockets.
    pub agent_sockets: usize,
    /// Client sockets held open.
    pub sockets: usize,
    /// Delivery latency from the scheduled send to receipt on the other side.
    pub latency_ms: Latency,
    /// Idle: server RSS growth per socket, KiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_rss_per_socket_kib: Option<f64>,
    /// Server RSS before the sockets opened, KiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_rss_before_kib: Option<u64>,
    /// Server RSS with the sockets open, KiB.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_rss_after_kib: Option<u64>,
    /// Seconds spent creating conversations and connecting.
    pub setup_s: f64,
    /// CPU seconds the generator used from the first scheduled send to the
    /// end of the drain (it shares the machine with the server).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub generator_cpu_s: Option<f64>,
    /// CPU seconds the server used in the same span, when its pid is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_cpu_s: Option<f64>,
    /// The server under test.
    pub server: ServerInfo,
}

/// Which server was measured.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ServerInfo {
    /// Base URL.
    pub url: String,
    /// The cluster's other nodes (`--node`), if any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nodes: Vec<String>,
    /// Whether the bench started it.
    pub started_by_bench: bool,
    /// Extra flags it was started with.
    pub args: Vec<String>,
    /// Its pid, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
}

impl Report {
    /// Fills `ok` and adds to `failures` from the counts.
    pub fn judge(&mut self) {
        let mut f = std::mem::take(&mut self.failures);
        for (name, v) in [
            ("lost", self.lost),
            ("duplicated", self.duplicated),
            ("out_of_order", self.out_of_order),
            ("seq_mismatch", self.seq_mismatch),
        ] {
            if v > 0 {
                f.push(format!("{name} = {v}"));
            }
        }
        if self.delivered != self.sent {
            f.push(format!(
                "delivered {} of {} sent ({} never acknowledged)",
                self.delivered, self.sent, self.unacked
            ));
        }
        self.ok = f.is_empty();
        self.failures = f;
    }

    /// A summary for people.
    pub fn human(&self) -> String {
        let mut s = String::new();
        let mut line = |t: String| {
            s.push_str(&t);
            s.push('\n');
        };
        line(format!(
            "chatbench {}: {}",
            self.scenario,
            if self.ok { "OK" } else { "FAILED" }
        ));
        for f in &self.failures {
            line(format!("  failure: {f}"));
        }
        line(format!(
            "  server      {}{}",
            self.server.url,
            if self.server.started_by_bench {
                format!(" (started by the bench {})", self.server.args.join(" "))
            } else {
                String::new()
            }
        ));
        if self.scenario == "idle" {
            line(format!("  sockets     {}", self.sockets));
            if let (Some(b), Some(a), Some(p)) = (
                self.server_rss_before_kib,
                self.server_rss_after_kib,
                self.server_rss_per_socket_kib,
            ) {
                line(format!(
                    "  server RSS  {b} KiB -> {a} KiB: {p:.2} KiB per socket"
                ));
            }
            line(format!("  setup       {:.1} s", self.setup_s));
            return s;
        }
        line(format!(
            "  load        {} conversations, {} agent sockets, {} msg/s for {} s",
            self.conversations, self.agent_sockets, self.target_rate_per_s, self.duration_s
        ));
        line(format!(
            "  messages    sent {}  acked {}  delivered {}  lost {}  duplicated {}  out of order {}",
            self.sent, self.acked, self.delivered, self.lost, self.duplicated, self.out_of_order
        ));
        line(format!(
            "  retries     refused {}  resent {}  errors {}  unacked {}",
            self.refused, self.resent, self.errors, self.unacked
        ));
        if self.drops + self.reconnects + self.disconnects > 0 {
            line(format!(
                "  sockets     drops {}  reconnects {}  unexpected disconnects {}  close codes {:?}",
                self.drops, self.reconnects, self.disconnects, self.close_codes
            ));
        }
        if !self.error_codes.is_empty() {
            line(format!("  error codes {:?}", self.error_codes));
        }
        line(format!("  throughput  {:.1} msg/s", self.throughput_per_s));
        let l = &self.latency_ms;
        line(format!(
            "  latency ms  p50 {:.2}  p90 {:.2}  p99 {:.2}  p99.9 {:.2}  max {:.2}",
            l.p50, l.p90, l.p99, l.p999, l.max
        ));
        if let (Some(g), Some(sv)) = (self.generator_cpu_s, self.server_cpu_s) {
            line(format!(
                "  cpu         generator {g:.1} s, server {sv:.1} s"
            ));
        }
        line(format!("  setup       {:.1} s", self.setup_s));
        s
    }
}
