//! The broker for nodes sharing one Postgres: NOTIFY after commit as a
//! wake-up, LISTEN on a connection of its own.
//!
//! Never inside the message transaction: a NOTIFY there takes a global lock
//! at commit and would serialize every commit in the cluster. One task
//! drains whatever signals queued up meanwhile and sends them as one batch,
//! so a burst of messages costs one NOTIFY, not one per message. A payload
//! is capped below 8000 bytes: a batch is split into several notifications,
//! and a signal too big for one (a conversation with long pre-chat answers)
//! into numbered parts, all sent in one transaction so they arrive together
//! and in order.

use super::{Broker, BrokerError, Signal};
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// The NOTIFY channel every node listens on.
pub const CHANNEL: &str = "chatd_events";
/// Postgres refuses payloads of 8000 bytes or more.
const MAX_PAYLOAD: usize = 7900;
/// Signals waiting for the notifier at most; past that they turn into a
/// `Resync` (a burst this large means the database is gone or very slow).
const QUEUE: usize = 65_536;
/// Signals sent per batch at most.
const MAX_BATCH: usize = 4096;
/// Messages of parts not yet complete, kept at most per listener.
const MAX_PARTIAL: usize = 256;
/// Notifications read but not yet applied, at most.
const HEARD_QUEUE: usize = 16_384;
/// Notifications applied together at most.
const MAX_HEARD_BATCH: usize = 512;

/// What the listener hands signals to (the engine).
#[async_trait::async_trait]
pub trait Receiver: Send + Sync + 'static {
    /// The signals of one notification from node `from`, in order.
    async fn receive(&self, from: &str, signals: Vec<Signal>);
    /// Signals may have been missed: re-read everything served.
    async fn resync(&self);
}

/// The Postgres broker of one node.
pub struct PgBroker {
    node: String,
    tx: mpsc::Sender<Signal>,
    overflow: Arc<AtomicBool>,
    pings: Arc<Mutex<HashMap<u64, oneshot::Sender<()>>>>,
    next_ping: AtomicU64,
    url: String,
}

impl PgBroker {
    /// Connects the notifier to `url` and starts it. Call
    /// [`PgBroker::listen`] once the receiver exists.
    pub async fn connect(url: &str, node: String) -> Result<Arc<Self>, BrokerError> {
        let pool = PgPoolOptions::new()
            .max_connections(2)
            .acquire_timeout(Duration::from_secs(5))
            .connect(url)
            .await
            .map_err(|e| BrokerError::Database(e.to_string()))?;
        let (tx, rx) = mpsc::channel(QUEUE);
        let overflow = Arc::new(AtomicBool::new(false));
        tokio::spawn(notify_loop(pool, node.clone(), rx, Arc::clone(&overflow)));
        Ok(Arc::new(Self {
            node,
            tx,
            overflow,
            pings: Arc::new(Mutex::new(HashMap::new())),
            next_ping: AtomicU64::new(1),
            url: url.to_string(),
        }))
    }

    /// Listens for the other nodes' signals and hands them to `receiver`.
    /// Returns once the first LISTEN is in place, so nothing sent after
    /// this node reports ready is missed.
    pub async fn listen(&self, receiver: Arc<dyn Receiver>) -> Result<(), BrokerError> {
        let listener = connect_listener(&self.url, &self.node).await?;
        let (tx, rx) = mpsc::channel(HEARD_QUEUE);
        tokio::spawn(read_loop(listener, self.url.clone(), self.node.clone(), tx));
        tokio::spawn(process_loop(
            rx,
            self.node.clone(),
            receiver,
            Arc::clone(&self.pings),
        ));
        Ok(())
    }
}

#[async_trait::async_trait]
impl Broker for PgBroker {
    fn send(&self, s: Signal) {
        if self.tx.try_send(s).is_err() {
            self.overflow.store(true, Ordering::Relaxed);
        }
    }

    fn is_shared(&self) -> bool {
        true
    }

    fn node(&self) -> &str {
        &self.node
    }

    async fn round_trip(&self, timeout: Duration) -> Result<(), BrokerError> {
        let id = self.next_ping.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = oneshot::channel();
        lock(&self.pings).insert(id, tx);
        self.send(Signal::Ping { id });
        let out = tokio::time::timeout(timeout, rx).await;
        lock(&self.pings).remove(&id);
        match out {
            Ok(Ok(())) => Ok(()),
            _ => Err(BrokerError::Timeout(timeout)),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn connect_listener(url: &str, node: &str) -> Result<PgListener, BrokerError> {
    let mut l = PgListener::connect(url)
        .await
        .map_err(|e| BrokerError::Database(e.to_string()))?;
    // A lost connection returns from try_recv at once; listen_loop then
    // reconnects and re-reads, in that order.
    l.eager_reconnect(false);
    l.listen(CHANNEL)
        .await
        .map_err(|e| BrokerError::Database(e.to_string()))?;
    tracing::debug!(node, "broker listening");
    Ok(l)
}

async fn notify_loop(
    pool: PgPool,
    node: String,
    mut rx: mpsc::Receiver<Signal>,
    overflow: Arc<AtomicBool>,
) {
    let mut next_message = 0u64;
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(s) => batch.push(s),
                Err(_) => break,
            }
        }
        if overflow.swap(false, Ordering::Relaxed) {
            batch.push(Signal::Resync);
        }
        let payloads = pack(&node, &mut next_message, coalesce(batch));
        let mut delay = Duration::from_millis(50);
        loop {
            match notify(&pool, &payloads).await {
                Ok(()) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot notify the other nodes; retrying");
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(2));
                    // Whatever queued meanwhile is older than a Resync.
                    if overflow.load(Ordering::Relaxed) {
                        break;
                    }
                }
            }
        }
    }
}

async fn notify(pool: &PgPool, payloads: &[String]) -> Result<(), sqlx::Error> {
    if let [one] = payloads {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(one)
            .execute(pool)
            .await?;
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    for p in payloads {
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(p)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// Merges the message ranges of each conversation into its first mention:
/// a burst of messages to one conversation becomes one read on the others.
fn coalesce(batch: Vec<Signal>) -> Vec<Signal> {
    let mut at: HashMap<uuid::Uuid, usize> = HashMap::new();
    let mut out: Vec<Signal> = Vec::with_capacity(batch.len());
    for s in batch {
        if let Signal::Messages { c, first, last } = s
            && let Some(&i) = at.get(&c)
            && let Some(Signal::Messages {
                first: f, last: l, ..
            }) = out.get_mut(i)
        {
            *f = (*f).min(first);
            *l = (*l).max(last);
            continue;
        }
        if let Signal::Messages { c, .. } = &s {
            at.insert(*c, out.len());
        }
        out.push(s);
    }
    out
}

/// Encodes signals as notification payloads `NODE|MSG|PART|PARTS|JSON`,
/// each under Postgres's size cap.
fn pack(node: &str, next_message: &mut u64, signals: Vec<Signal>) -> Vec<String> {
    let header_room = node.len() + 3 * 21 + 4;
    let room = MAX_PAYLOAD - header_room;
    let mut payloads = Vec::new();
    let mut group = String::from("[");
    let flush = |group: &mut String, payloads: &mut Vec<String>, next: &mut u64| {
        if group.len() > 1 {
            group.push(']');
            for (i, part, parts) in split(group, room) {
                payloads.push(format!("{node}|{}|{i}|{parts}|{part}", *next));
            }
            *next += 1;
        }
        *group = String::from("[");
    };
    for s in signals {
        let json = match serde_json::to_string(&s) {
            Ok(j) => j,
            Err(e) => {
                tracing::error!(error = %e, "cannot encode a signal");
                continue;
            }
        };
        if group.len() + json.len() + 2 > room {
            flush(&mut group, &mut payloads, next_message);
        }
        if group.len() > 1 {
            group.push(',');
        }
        group.push_str(&json);
    }
    flush(&mut group, &mut payloads, next_message);
    payloads
}

/// `s` cut into pieces of at most `room` bytes on character boundaries:
/// (index, piece, number of pieces).
fn split(s: &str, room: usize) -> Vec<(usize, &str, usize)> {
    let mut pieces = Vec::new();
    let mut rest = s;
    while !rest.is_empty() {
        let mut end = rest.len().min(room);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (piece, tail) = rest.split_at(end);
        pieces.push(piece);
        rest = tail;
    }
    let n = pieces.len();
    pieces
        .into_iter()
        .enumerate()
        .map(|(i, p)| (i, p, n))
        .collect()
}

/// One notification's header and body.
#[derive(Debug, PartialEq)]
struct Part<'a> {
    node: &'a str,
    message: u64,
    index: usize,
    parts: usize,
    body: &'a str,
}

fn parse(payload: &str) -> Option<Part<'_>> {
    let mut it = payload.splitn(5, '|');
    let node = it.next()?;
    let message = it.next()?.parse().ok()?;
    let index = it.next()?.parse().ok()?;
    let parts: usize = it.next()?.parse().ok()?;
    let body = it.next()?;
    (index < parts && parts <= 4096).then_some(Part {
        node,
        message,
        index,
        parts,
        body,
    })
}

/// Puts multi-part messages back together.
#[derive(Default)]
struct Assembler {
    partial: HashMap<(String, u64), Vec<Option<String>>>,
}

impl Assembler {
    /// The whole message once its last part arrived.
    fn add(&mut self, p: &Part<'_>) -> Option<String> {
        if p.parts == 1 {
            return Some(p.body.to_string());
        }
        if self.partial.len() >= MAX_PARTIAL {
            // Parts of one transaction arrive together; a backlog this long
            // is debris of lost connections.
            self.partial.clear();
        }
        let key = (p.node.to_string(), p.message);
        let slots = self
            .partial
            .entry(key.clone())
            .or_insert_with(|| vec![None; p.parts]);
        if slots.len() != p.parts {
            self.partial.remove(&key);
            return None;
        }
        slots[p.index] = Some(p.body.to_string());
        if slots.iter().any(Option::is_none) {
            return None;
        }
        let slots = self.partial.remove(&key)?;
        Some(slots.into_iter().flatten().collect())
    }
}

/// What the reading task hands the processing task.
enum Heard {
    /// One notification's payload.
    Payload(String),
    /// The connection was lost and LISTEN is in place again: re-read.
    Reconnected,
}

/// Reads notifications as fast as they come, so a burst waits here (and,
/// past the bounded queue, in Postgres's own queue) rather than one query
/// at a time.
async fn read_loop(mut listener: PgListener, url: String, node: String, tx: mpsc::Sender<Heard>) {
    loop {
        let heard = match listener.try_recv().await {
            Ok(Some(n)) => Heard::Payload(n.payload().to_owned()),
            Ok(None) | Err(_) => {
                tracing::warn!("lost the broker's listening connection; reconnecting");
                listener = reconnect(&url, &node).await;
                tracing::info!("broker listening again");
                // LISTEN is in place again: what happened meanwhile is read
                // after this, and anything later will be notified.
                Heard::Reconnected
            }
        };
        if tx.send(heard).await.is_err() {
            return;
        }
    }
}

/// Applies what was heard. Whatever queued up while the last batch was
/// applied is applied together: each node's signals in the order they were
/// sent, one store read for all their messages.
async fn process_loop(
    mut rx: mpsc::Receiver<Heard>,
    node: String,
    receiver: Arc<dyn Receiver>,
    pings: Arc<Mutex<HashMap<u64, oneshot::Sender<()>>>>,
) {
    let mut assembler = Assembler::default();
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_HEARD_BATCH {
            match rx.try_recv() {
                Ok(h) => batch.push(h),
                Err(_) => break,
            }
        }
        let mut by_node: Vec<(String, Vec<Signal>)> = Vec::new();
        for heard in batch {
            match heard {
                Heard::Reconnected => {
                    deliver(&receiver, &mut by_node).await;
                    assembler = Assembler::default();
                    receiver.resync().await;
                }
                Heard::Payload(payload) => {
                    let Some(part) = parse(&payload) else {
                        tracing::warn!("ignoring a malformed broker notification");
                        continue;
                    };
                    let Some(body) = assembler.add(&part) else {
                        continue;
                    };
                    let signals: Vec<Signal> = match serde_json::from_str(&body) {
                        Ok(s) => s,
                        Err(e) => {
                            tracing::warn!(error = %e, "ignoring an undecodable broker message");
                            continue;
                        }
                    };
                    let mine = part.node == node;
                    let theirs = match by_node.iter().position(|(n, _)| n == part.node) {
                        Some(i) => &mut by_node[i].1,
                        None => {
                            by_node.push((part.node.to_string(), Vec::new()));
                            let last = by_node.len() - 1;
                            &mut by_node[last].1
                        }
                    };
                    for s in signals {
                        match s {
                            Signal::Ping { id } if mine => {
                                if let Some(tx) = lock(&pings).remove(&id) {
                                    let _ = tx.send(());
                                }
                            }
                            Signal::Ping { .. } => {}
                            _ if mine => {}
                            s => theirs.push(s),
                        }
                    }
                }
            }
        }
        deliver(&receiver, &mut by_node).await;
    }
}

async fn deliver(receiver: &Arc<dyn Receiver>, by_node: &mut Vec<(String, Vec<Signal>)>) {
    for (from, signals) in by_node.drain(..) {
        if !signals.is_empty() {
            receiver.receive(&from, signals).await;
        }
    }
}

async fn reconnect(url: &str, node: &str) -> PgListener {
    let mut delay = Duration::from_millis(100);
    loop {
        match connect_listener(url, node).await {
            Ok(l) => return l,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for the other nodes yet");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(5));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn coalesces_message_ranges_per_conversation() {
        let (a, b) = (Uuid::new_v4(), Uuid::new_v4());
        let out = coalesce(vec![
            Signal::Messages {
                c: a,
                first: 3,
                last: 3,
            },
            Signal::Messages {
                c: b,
                first: 1,
                last: 1,
            },
            Signal::Hello,
            Signal::Messages {
                c: a,
                first: 4,
                last: 6,
            },
        ]);
        assert_eq!(
            out,
            vec![
                Signal::Messages {
                    c: a,
                    first: 3,
                    last: 6
                },
                Signal::Messages {
                    c: b,
                    first: 1,
                    last: 1
                },
                Signal::Hello,
            ]
        );
    }

    fn unpack(payloads: &[String]) -> Vec<Signal> {
        let mut asm = Assembler::default();
        let mut out = Vec::new();
        for p in payloads {
            assert!(p.len() < 8000, "payload of {} bytes", p.len());
            let part = parse(p).expect("a well-formed payload");
            if let Some(body) = asm.add(&part) {
                out.extend(serde_json::from_str::<Vec<Signal>>(&body).unwrap());
            }
        }
        out
    }

    #[test]
    fn packs_under_the_cap_and_back() {
        let c = Uuid::new_v4();
        // Many small signals, and one far bigger than a payload, with
        // multi-byte characters placed across the cut points.
        let mut signals: Vec<Signal> = (0..500)
            .map(|i| Signal::Messages {
                c: Uuid::new_v4(),
                first: i,
                last: i,
            })
            .collect();
        signals.push(Signal::Event {
            c,
            a: crate::engine::hub::Audience::Agents,
            w: None,
            f: "é€😀x".repeat(9000),
        });
        signals.push(Signal::Members);
        let mut next = 7;
        let payloads = pack("node1", &mut next, signals.clone());
        assert!(payloads.len() > 5);
        assert_eq!(unpack(&payloads), signals);
        assert!(next > 8, "every message gets its own number");
    }

    #[test]
    fn malformed_payloads_are_refused() {
        for bad in [
            "",
            "n|x|0|1|[]",
            "n|1|1|1|[]",
            "n|1|0|0|[]",
            "n|1|0",
            "n|1|0|99999|x",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
        assert!(parse("n|1|0|1|[]").is_some());
    }

    #[test]
    fn parts_out_of_order_and_mismatched_are_handled() {
        let mut asm = Assembler::default();
        let p = |i, n, b| Part {
            node: "x",
            message: 1,
            index: i,
            parts: n,
            body: b,
        };
        assert_eq!(asm.add(&p(1, 2, "b")), None);
        assert_eq!(asm.add(&p(0, 2, "a")).as_deref(), Some("ab"));
        assert_eq!(asm.add(&p(0, 3, "a")), None);
        assert_eq!(
            asm.add(&p(0, 2, "a")),
            None,
            "a part count that changed drops the message"
        );
    }
}
