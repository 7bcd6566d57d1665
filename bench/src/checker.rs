//! The delivery checker: per conversation and direction, every expected
//! message must arrive on the other side exactly once and in seq order.
//!
//! Each conversation has two sides, the visitor (`VISITOR`) and the agent
//! (`AGENT`). Side `s` sends the messages of direction `s`; they are expected
//! on side `1 - s`. Every side also keeps its own view of the conversation's
//! seq stream (its own echoes included), so a seq seen twice is a duplicate
//! and a seq below the highest seen is out of order.

use hdrhistogram::Histogram;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The visitor side of a conversation.
pub const VISITOR: usize = 0;
/// The agent side of a conversation.
pub const AGENT: usize = 1;

/// Latencies are recorded in microseconds, up to ten minutes.
const MAX_LATENCY_US: u64 = 600_000_000;

/// Locks a mutex, carrying on if a panicking task poisoned it (the bench
/// reports what it has rather than dying with it).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A message the generator scheduled.
#[derive(Debug, Clone)]
pub struct Sent {
    /// When the schedule said to send it; latency is measured from here.
    pub scheduled: Instant,
    /// The seq of the first ack, 0 before.
    pub acked_seq: i64,
    /// The seq it was delivered with, 0 before.
    pub delivered_seq: i64,
    /// How many times the other side received it.
    pub delivered: u32,
    /// The server refused it for good (not a retryable error).
    pub failed: bool,
}

/// One side's view of a conversation's seq stream.
#[derive(Debug, Default)]
pub struct View {
    /// Highest seq received.
    pub max_seq: i64,
    /// Which seqs have been received (index = seq).
    seen: Vec<bool>,
}

impl View {
    /// Records `seq`; answers whether it was new.
    fn insert(&mut self, seq: i64) -> bool {
        let Ok(i) = usize::try_from(seq) else {
            return false;
        };
        if i >= self.seen.len() {
            self.seen.resize((i + 1).max(self.seen.len() * 2), false);
        }
        let new = !self.seen[i];
        self.seen[i] = true;
        new
    }
}

/// What the checker keeps of one conversation.
#[derive(Debug, Default)]
pub struct ConvState {
    /// Messages sent, per direction, by index `k`.
    pub sent: [Vec<Sent>; 2],
    /// Each side's view of the seq stream.
    pub view: [View; 2],
}

/// A conversation under test.
#[derive(Debug)]
pub struct Conv {
    /// Index in the run.
    pub idx: usize,
    /// chatd's id.
    pub id: Uuid,
    /// The visitor token.
    pub token: String,
    /// Checker state.
    pub state: Mutex<ConvState>,
}

impl Conv {
    /// A conversation with nothing sent yet.
    pub fn new(idx: usize, id: Uuid, token: String) -> Self {
        Self {
            idx,
            id,
            token,
            state: Mutex::new(ConvState::default()),
        }
    }
}

/// The counters of a run.
#[derive(Debug)]
pub struct Stats {
    /// Messages scheduled.
    pub sent: AtomicU64,
    /// Messages acknowledged (first ack of each).
    pub acked: AtomicU64,
    /// Acks beyond the first for a message (answers to resends).
    pub ack_repeats: AtomicU64,
    /// Messages received by the other side (first receipt of each).
    pub delivered: AtomicU64,
    /// A seq received twice on one side, or one message stored under two seqs.
    pub duplicated: AtomicU64,
    /// A seq received after a higher one on the same side.
    pub out_of_order: AtomicU64,
    /// An ack and a delivery that disagree on a message's seq.
    pub seq_mismatch: AtomicU64,
    /// Messages the bench did not send (system, AI, other clients).
    pub foreign: AtomicU64,
    /// Error frames, other than retryable refusals of a send.
    pub errors: AtomicU64,
    /// Sends refused with a retryable error (retried with the same client id).
    pub refused: AtomicU64,
    /// Sends sent again: after a refusal, a reconnect, or an ack timeout.
    pub resent: AtomicU64,
    /// Sockets dropped on purpose.
    pub drops: AtomicU64,
    /// Reconnects after any disconnect.
    pub reconnects: AtomicU64,
    /// Disconnects the bench did not ask for.
    pub disconnects: AtomicU64,
    /// Connection attempts that failed.
    pub connect_failures: AtomicU64,
    /// Frames that did not decode.
    pub decode_errors: AtomicU64,
    /// Close codes received, by code.
    pub close_codes: Mutex<BTreeMap<u16, u64>>,
    /// Error frames received, by code.
    pub error_codes: Mutex<BTreeMap<String, u64>>,
    /// Delivery latency, µs from scheduled send to receipt on the other side.
    pub latency: Mutex<Histogram<u64>>,
    /// When the last expected message arrived.
    pub last_delivery: Mutex<Option<Instant>>,
}

impl Stats {
    /// Zeroed counters.
    pub fn new() -> anyhow::Result<Self> {
        Ok(Self {
            sent: AtomicU64::new(0),
            acked: AtomicU64::new(0),
            ack_repeats: AtomicU64::new(0),
            delivered: AtomicU64::new(0),
            duplicated: AtomicU64::new(0),
            out_of_order: AtomicU64::new(0),
            seq_mismatch: AtomicU64::new(0),
            foreign: AtomicU64::new(0),
            errors: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            resent: AtomicU64::new(0),
            drops: AtomicU64::new(0),
            reconnects: AtomicU64::new(0),
            disconnects: AtomicU64::new(0),
            connect_failures: AtomicU64::new(0),
            decode_errors: AtomicU64::new(0),
            close_codes: Mutex::new(BTreeMap::new()),
            error_codes: Mutex::new(BTreeMap::new()),
            latency: Mutex::new(Histogram::new_with_bounds(1, MAX_LATENCY_US, 3)?),
            last_delivery: Mutex::new(None),
        })
    }

    /// Adds one to a counter.
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Reads a counter.
    pub fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    /// Counts a close code.
    pub fn close_code(&self, code: u16) {
        *lock(&self.close_codes).entry(code).or_default() += 1;
    }

    /// Counts an error frame's code.
    pub fn error_code(&self, code: &str) {
        *lock(&self.error_codes).entry(code.to_string()).or_default() += 1;
    }
}

/// A client id the bench made: run tag, conversation, direction, index.
pub fn client_id(run: &str, conv: usize, dir: usize, k: usize) -> String {
    format!("{run}.{conv}.{dir}.{k}")
}

/// The parts of a client id the bench made in run `run`.
pub fn parse_client_id(run: &str, cid: &str) -> Option<(usize, usize, usize)> {
    let mut it = cid.strip_prefix(run)?.strip_prefix('.')?.split('.');
    let conv = it.next()?.parse().ok()?;
    let dir: usize = it.next()?.parse().ok()?;
    let k = it.next()?.parse().ok()?;
    (dir < 2 && it.next().is_none()).then_some((conv, dir, k))
}

/// The checker of one run.
#[derive(Debug)]
pub struct Checker {
    /// This run's client id prefix.
    pub run: String,
    /// Counters.
    pub stats: Stats,
}

impl Checker {
    /// A checker for client ids starting with `run`.
    pub fn new(run: String) -> anyhow::Result<Self> {
        Ok(Self {
            run,
            stats: Stats::new()?,
        })
    }

    /// Registers the next message of direction `dir` in `conv`; returns its index.
    pub fn schedule(&self, conv: &Conv, dir: usize, scheduled: Instant) -> usize {
        let mut st = lock(&conv.state);
        let v = &mut st.sent[dir];
        v.push(Sent {
            scheduled,
            acked_seq: 0,
            delivered_seq: 0,
            delivered: 0,
            failed: false,
        });
        Stats::bump(&self.stats.sent);
        v.len() - 1
    }

    /// Side `side` of `conv` received message `seq` with `cid` at `now`.
    pub fn on_message(&self, conv: &Conv, side: usize, seq: i64, cid: &str, now: Instant) {
        let s = &self.stats;
        let latency = {
            let mut st = lock(&conv.state);
            let view = &mut st.view[side];
            if !view.insert(seq) {
                Stats::bump(&s.duplicated);
                return;
            }
            if seq < view.max_seq {
                Stats::bump(&s.out_of_order);
            } else {
                view.max_seq = seq;
            }
            let Some((c, dir, k)) = parse_client_id(&self.run, cid) else {
                Stats::bump(&s.foreign);
                return;
            };
            let Some(m) = (c == conv.idx).then(|| st.sent[dir].get_mut(k)).flatten() else {
                Stats::bump(&s.foreign);
                return;
            };
            if m.acked_seq != 0 && m.acked_seq != seq {
                Stats::bump(&s.seq_mismatch);
            }
            if dir == side {
                // Our own echo: it only counts for the seq order above.
                return;
            }
            m.delivered += 1;
            if m.delivered > 1 {
                // The same client id under a second seq: stored twice.
                Stats::bump(&s.duplicated);
                return;
            }
            m.delivered_seq = seq;
            now.saturating_duration_since(m.scheduled)
        };
        Stats::bump(&s.delivered);
        let us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        lock(&s.latency).saturating_record(us.clamp(1, MAX_LATENCY_US));
        let mut last = lock(&s.last_delivery);
        if last.is_none_or(|l| l < now) {
            *last = Some(now);
        }
    }

    /// The server acknowledged `cid` in `conv` with `seq`.
    pub fn on_ack(&self, conv: &Conv, cid: &str, seq: i64) {
        let s = &self.stats;
        let Some((c, dir, k)) = parse_client_id(&self.run, cid) else {
            Stats::bump(&s.errors);
            return;
        };
        let mut st = lock(&conv.state);
        let Some(m) = (c == conv.idx).then(|| st.sent[dir].get_mut(k)).flatten() else {
            Stats::bump(&s.errors);
            return;
        };
        if m.acked_seq == 0 {
            m.acked_seq = seq;
            Stats::bump(&s.acked);
        } else {
            Stats::bump(&s.ack_repeats);
            if m.acked_seq != seq {
                Stats::bump(&s.seq_mismatch);
            }
        }
        if m.delivered_seq != 0 && m.delivered_seq != seq {
            Stats::bump(&s.seq_mismatch);
        }
    }

    /// The server refused `cid` for good.
    pub fn on_failed(&self, conv: &Conv, cid: &str) {
        if let Some((c, dir, k)) = parse_client_id(&self.run, cid) {
            let mut st = lock(&conv.state);
            if let Some(m) = (c == conv.idx).then(|| st.sent[dir].get_mut(k)).flatten() {
                m.failed = true;
            }
        }
    }

    /// Whether every scheduled message is acknowledged and delivered.
    pub fn complete(&self) -> bool {
        let s = &self.stats;
        let sent = Stats::get(&s.sent);
        Stats::get(&s.delivered) >= sent && Stats::get(&s.acked) >= sent
    }
}

/// The end-of-run tally over every conversation.
#[derive(Debug, Default, Clone, Copy)]
pub struct Tally {
    /// Acknowledged but never received by the other side.
    pub lost: u64,
    /// Never acknowledged.
    pub unacked: u64,
    /// Never received by the other side (acked or not).
    pub not_delivered: u64,
    /// Refused for good by the server.
    pub failed: u64,
}

/// Counts what never arrived.
pub fn tally(convs: &[Conv]) -> Tally {
    let mut t = Tally::default();
    for c in convs {
        let st = lock(&c.state);
        for m in st.sent.iter().flatten() {
            if m.failed {
                t.failed += 1;
            }
            if m.acked_seq == 0 {
                t.unacked += 1;
            }
            if m.delivered == 0 {
                t.not_delivered += 1;
                if m.acked_seq != 0 {
                    t.lost += 1;
                }
            }
        }
    }
    t
}

/// Latency percentiles in milliseconds.
#[derive(Debug, Default, Clone, Copy, serde::Serialize)]
pub struct Latency {
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 99th percentile.
    pub p99: f64,
    /// 99.9th percentile.
    pub p999: f64,
    /// Maximum.
    pub max: f64,
}

/// The percentiles of a histogram in µs, as milliseconds.
pub fn latency(h: &Histogram<u64>) -> Latency {
    if h.is_empty() {
        return Latency::default();
    }
    let ms = |us: u64| Duration::from_micros(us).as_secs_f64() * 1000.0;
    let round = |v: f64| (v * 1000.0).round() / 1000.0;
    Latency {
        p50: round(ms(h.value_at_quantile(0.50))),
        p90: round(ms(h.value_at_quantile(0.90))),
        p99: round(ms(h.value_at_quantile(0.99))),
        p999: round(ms(h.value_at_quantile(0.999))),
        max: round(ms(h.max())),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn setup() -> (Checker, Conv) {
        (
            Checker::new("r1".into()).unwrap(),
            Conv::new(3, Uuid::from_u128(1), "vt".into()),
        )
    }

    #[test]
    fn client_ids_round_trip() {
        let cid = client_id("abc", 12, AGENT, 99);
        assert_eq!(parse_client_id("abc", &cid), Some((12, AGENT, 99)));
        assert_eq!(parse_client_id("abd", &cid), None);
        assert_eq!(parse_client_id("abc", "abc.1.2.3"), None);
        assert_eq!(parse_client_id("abc", "abc.1.0.3.4"), None);
        assert_eq!(parse_client_id("abc", "hello"), None);
    }

    #[test]
    fn clean_delivery_counts_nothing_bad() {
        let (ch, conv) = setup();
        let t = Instant::now();
        for seq in 1..=4 {
            let dir = (seq as usize) % 2;
            let k = ch.schedule(&conv, dir, t);
            let cid = client_id("r1", 3, dir, k);
            ch.on_ack(&conv, &cid, seq);
            ch.on_message(&conv, dir, seq, &cid, t);
            ch.on_message(&conv, 1 - dir, seq, &cid, t);
        }
        let s = &ch.stats;
        assert_eq!(Stats::get(&s.sent), 4);
        assert_eq!(Stats::get(&s.delivered), 4);
        assert_eq!(Stats::get(&s.acked), 4);
        assert_eq!(Stats::get(&s.duplicated), 0);
        assert_eq!(Stats::get(&s.out_of_order), 0);
        assert_eq!(Stats::get(&s.seq_mismatch), 0);
        assert!(ch.complete());
        let t = tally(std::slice::from_ref(&conv));
        assert_eq!((t.lost, t.unacked, t.not_delivered), (0, 0, 0));
    }

    #[test]
    fn duplicates_reorders_and_losses_are_counted() {
        let (ch, conv) = setup();
        let t = Instant::now();
        let cids: Vec<String> = (0..4)
            .map(|_| client_id("r1", 3, VISITOR, ch.schedule(&conv, VISITOR, t)))
            .collect();
        for (i, cid) in cids.iter().enumerate() {
            ch.on_ack(&conv, cid, i as i64 + 1);
        }
        // The agent sees 1, 3, 2, 3 again, and never 4.
        ch.on_message(&conv, AGENT, 1, &cids[0], t);
        ch.on_message(&conv, AGENT, 3, &cids[2], t);
        ch.on_message(&conv, AGENT, 2, &cids[1], t);
        ch.on_message(&conv, AGENT, 3, &cids[2], t);
        // Message 1 stored a second time under seq 5.
        ch.on_message(&conv, AGENT, 5, &cids[0], t);
        let s = &ch.stats;
        assert_eq!(Stats::get(&s.delivered), 3);
        assert_eq!(Stats::get(&s.out_of_order), 1);
        assert_eq!(Stats::get(&s.duplicated), 2);
        assert_eq!(Stats::get(&s.seq_mismatch), 1);
        let tl = tally(std::slice::from_ref(&conv));
        assert_eq!((tl.lost, tl.unacked, tl.not_delivered), (1, 0, 1));
        assert!(!ch.complete());
    }

    #[test]
    fn foreign_messages_only_count_for_order() {
        let (ch, conv) = setup();
        let t = Instant::now();
        ch.on_message(&conv, AGENT, 1, "someone-else", t);
        ch.on_message(&conv, AGENT, 2, "r1.4.0.0", t);
        assert_eq!(Stats::get(&ch.stats.foreign), 2);
        assert_eq!(Stats::get(&ch.stats.out_of_order), 0);
    }
}
