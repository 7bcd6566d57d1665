//! One task per client socket. It behaves like a real client: it keeps an
//! outbox of unacknowledged sends, retries refused ones with the same client
//! id, and after a disconnect reconnects with the highest seq it has and
//! resends its outbox.

use crate::checker::{AGENT, Checker, Conv, Stats, VISITOR, client_id};
use proto::ErrorCode;
use proto::frames::{ClientFrame, ServerFrame, close};
use proto::ws::{AgentSocket, ConnectOptions, FrameReceiver, FrameSender, VisitorSocket, WsError};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, mpsc};
use tokio::task::JoinHandle;
use uuid::Uuid;

/// Connection attempts for a socket's first connect before giving up.
const FIRST_CONNECT_ATTEMPTS: u32 = 8;
/// Permanent errors printed to stderr before the rest are only counted.
const ERRORS_SHOWN: u64 = 10;

/// Everything the socket tasks share.
#[derive(Debug)]
pub struct Shared {
    /// Base URLs of the nodes; conversation `i`'s visitor uses node
    /// `i % n` and its agent the next one, so with several nodes every
    /// message crosses between them.
    pub urls: Vec<String>,
    /// Site key of the visitors' widget.
    pub site_key: String,
    /// Token for agent sockets.
    pub agent_token: String,
    /// The conversations, by index.
    pub convs: Vec<Conv>,
    /// Index by conversation id.
    pub by_id: HashMap<Uuid, usize>,
    /// The checker and its counters.
    pub checker: Checker,
    /// Resend a message that has had no ack for this long.
    pub ack_timeout: Duration,
    /// Frames per second one socket sends at most (0: no limit), so the
    /// server's per-socket rate limit does not refuse the bench's frames.
    pub frames_per_sec: f64,
    /// Bounds concurrent connection attempts.
    pub connect_limit: Semaphore,
    /// Permanent errors printed so far.
    pub errors_shown: AtomicU64,
}

impl Shared {
    fn stats(&self) -> &Stats {
        &self.checker.stats
    }
}

/// What a socket task is.
#[derive(Debug, Clone)]
pub enum Role {
    /// The visitor of one conversation.
    Visitor(usize),
    /// An agent watching these conversations.
    Agent(Vec<usize>),
}

/// Orders for a socket task.
#[derive(Debug)]
pub enum Cmd {
    /// Send message `k` of this side in conversation `conv`.
    Send {
        /// Conversation index.
        conv: usize,
        /// Message index within the direction.
        k: usize,
    },
    /// Drop the connection without a close handshake, then reconnect.
    Drop,
    /// Close and end the task.
    Stop,
}

/// A running socket task.
#[derive(Debug)]
pub struct Handle {
    /// Its orders.
    pub tx: mpsc::UnboundedSender<Cmd>,
    /// The task.
    pub join: JoinHandle<()>,
}

/// Reported once per task: connected and synced, or gave up.
pub type Ready = Result<(), String>;

/// Starts a socket task.
pub fn spawn(
    shared: Arc<Shared>,
    role: Role,
    local_ip: Option<IpAddr>,
    ready: mpsc::UnboundedSender<Ready>,
) -> Handle {
    let (tx, cmds) = mpsc::unbounded_channel();
    let shared_rate = shared.frames_per_sec;
    let side = match role {
        Role::Visitor(_) => VISITOR,
        Role::Agent(_) => AGENT,
    };
    let actor = Actor {
        shared,
        role,
        side,
        opts: ConnectOptions {
            local_ip,
            read_buffer_size: 4096,
            ..ConnectOptions::default()
        },
        cmds,
        ready: Some(ready),
        outbox: Outbox::default(),
        pacer: Pacer::new(shared_rate),
        paused_until: Instant::now(),
        refusals_in_row: 0,
    };
    Handle {
        tx,
        join: tokio::spawn(actor.run()),
    }
}

#[derive(Debug)]
struct OutMsg {
    conv: usize,
    k: usize,
    cid: String,
    /// `Some(t)`: to be sent at `t`; `None`: in flight since `last_sent`.
    due: Option<Instant>,
    last_sent: Instant,
    attempts: u32,
}

/// Unacknowledged sends, in send order.
#[derive(Debug, Default)]
struct Outbox {
    items: BTreeMap<u64, OutMsg>,
    by_cid: HashMap<String, u64>,
    next: u64,
}

impl Outbox {
    fn push(&mut self, conv: usize, k: usize, cid: String, now: Instant) {
        let id = self.next;
        self.next += 1;
        self.by_cid.insert(cid.clone(), id);
        self.items.insert(
            id,
            OutMsg {
                conv,
                k,
                cid,
                due: Some(now),
                last_sent: now,
                attempts: 0,
            },
        );
    }

    fn remove(&mut self, cid: &str) -> Option<OutMsg> {
        let id = self.by_cid.remove(cid)?;
        self.items.remove(&id)
    }

    fn get_mut(&mut self, cid: &str) -> Option<&mut OutMsg> {
        let id = self.by_cid.get(cid)?;
        self.items.get_mut(id)
    }

    /// Everything goes out again (after a reconnect), in order.
    fn all_due(&mut self, now: Instant) {
        for m in self.items.values_mut() {
            m.due = Some(now);
        }
    }

    /// Sends in flight for longer than `ack_timeout` become due again.
    fn expire(&mut self, now: Instant, ack_timeout: Duration) {
        for m in self.items.values_mut() {
            if m.due.is_none() && m.last_sent + ack_timeout <= now {
                m.due = Some(now);
            }
        }
    }

    /// When something next needs doing, given that nothing may be sent before `gate`.
    fn next_deadline(&self, gate: Instant, ack_timeout: Duration) -> Option<Instant> {
        self.items
            .values()
            .map(|m| match m.due {
                Some(t) => t.max(gate),
                None => m.last_sent + ack_timeout,
            })
            .min()
    }

    /// The first entry due at `now`.
    fn first_due(&self, now: Instant) -> Option<u64> {
        self.items
            .iter()
            .find(|(_, m)| m.due.is_some_and(|t| t <= now))
            .map(|(id, _)| *id)
    }
}

/// The client side of the server's per-socket frame limit.
#[derive(Debug)]
struct Pacer {
    tokens: f64,
    last: Instant,
    rate: f64,
    burst: f64,
}

impl Pacer {
    fn new(rate: f64) -> Self {
        // Stay a little under the server's burst: frames bunch up on the way.
        let burst = (rate * 1.5).max(1.0);
        Self {
            tokens: burst,
            last: Instant::now(),
            rate,
            burst,
        }
    }

    fn refill(&mut self, now: Instant) {
        if self.rate > 0.0 {
            let dt = now.saturating_duration_since(self.last).as_secs_f64();
            self.tokens = (self.tokens + dt * self.rate).min(self.burst);
        }
        self.last = now;
    }

    /// Takes a token if there is one.
    fn take(&mut self, now: Instant) -> bool {
        if self.rate <= 0.0 {
            return true;
        }
        self.refill(now);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }

    /// When the next token is there.
    fn ready_at(&self) -> Instant {
        if self.rate <= 0.0 || self.tokens >= 1.0 {
            return self.last;
        }
        self.last + Duration::from_secs_f64((1.0 - self.tokens) / self.rate)
    }

    /// Waits for a token.
    async fn wait(&mut self) {
        while !self.take(Instant::now()) {
            tokio::time::sleep_until(self.ready_at().into()).await;
        }
    }
}

/// Why a connection ended.
enum End {
    /// Reconnect (after `wait`).
    Reconnect(Duration),
    /// Stop the task.
    Stop,
}

/// Errors that mean "stop, retrying will not help".
fn fatal(e: &WsError) -> bool {
    match e {
        WsError::Closed { code, .. } => matches!(
            *code,
            close::UNAUTHORIZED | close::FORBIDDEN | close::NOT_FOUND
        ),
        WsError::Refused { code, .. } => matches!(
            code,
            ErrorCode::Unauthorized | ErrorCode::Forbidden | ErrorCode::NotFound
        ),
        WsError::Rejected { status, .. } => matches!(status, 400 | 401 | 403 | 404),
        WsError::Url { .. } => true,
        _ => false,
    }
}

/// Error codes a real client's outbox retries.
fn retryable(code: ErrorCode) -> bool {
    matches!(
        code,
        ErrorCode::Unavailable | ErrorCode::RateLimited | ErrorCode::Timeout | ErrorCode::Internal
    )
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(50u64.saturating_mul(1 << attempt.min(5)).min(2000))
}

struct Actor {
    shared: Arc<Shared>,
    role: Role,
    side: usize,
    opts: ConnectOptions,
    cmds: mpsc::UnboundedReceiver<Cmd>,
    ready: Option<mpsc::UnboundedSender<Ready>>,
    outbox: Outbox,
    pacer: Pacer,
    /// After a refusal, nothing is sent before this.
    paused_until: Instant,
    /// Refusals since the last ack, for the pause's backoff.
    refusals_in_row: u32,
}

impl Actor {
    async fn run(mut self) {
        let mut attempt = 0u32;
        loop {
            let connected = {
                let sh = Arc::clone(&self.shared);
                let _permit = sh.connect_limit.acquire().await;
                self.connect().await
            };
            let (tx, rx, pending) = match connected {
                Ok(c) => {
                    attempt = 0;
                    c
                }
                Err(e) => {
                    Stats::bump(&self.shared.stats().connect_failures);
                    if let Some(code) = e.close_code() {
                        self.shared.stats().close_code(code);
                    }
                    attempt += 1;
                    let first = self.ready.is_some();
                    if fatal(&e) || (first && attempt >= FIRST_CONNECT_ATTEMPTS) {
                        self.give_up(format!("cannot connect: {e}"));
                        return;
                    }
                    if !self.wait_offline(backoff(attempt)).await {
                        return;
                    }
                    continue;
                }
            };
            match self.serve(tx, rx, pending).await {
                End::Stop => return,
                End::Reconnect(wait) => {
                    Stats::bump(&self.shared.stats().reconnects);
                    if !wait.is_zero() && !self.wait_offline(wait).await {
                        return;
                    }
                }
            }
        }
    }

    /// Waits `wait` without a connection, still taking orders: sends go to
    /// the outbox, drops are moot. Answers false when told to stop.
    async fn wait_offline(&mut self, wait: Duration) -> bool {
        let until = tokio::time::Instant::now() + wait;
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(until) => return true,
                cmd = self.cmds.recv() => match cmd {
                    Some(Cmd::Send { conv, k }) => {
                        let cid = client_id(&self.shared.checker.run, conv, self.side, k);
                        self.outbox.push(conv, k, cid, Instant::now());
                    }
                    Some(Cmd::Drop) => {}
                    Some(Cmd::Stop) | None => return false,
                },
            }
        }
    }

    fn give_up(&mut self, why: String) {
        match self.ready.take() {
            Some(r) => {
                let _ = r.send(Err(why));
            }
            None => {
                Stats::bump(&self.shared.stats().errors);
                self.show_error(&format!("a socket stopped: {why}"));
            }
        }
    }

    fn show_error(&self, text: &str) {
        if self.shared.errors_shown.fetch_add(1, Ordering::Relaxed) < ERRORS_SHOWN {
            eprintln!("chatbench: {text}");
        }
    }

    /// Connects, says hello with the highest seq held, subscribes (agents),
    /// and returns the conversations whose `synced` is still to come.
    async fn connect(&mut self) -> Result<(FrameSender, FrameReceiver, HashSet<Uuid>), WsError> {
        let sh = Arc::clone(&self.shared);
        match &self.role {
            Role::Visitor(i) => {
                let conv = &sh.convs[*i];
                let last_seq = crate::checker::lock(&conv.state).view[VISITOR].max_seq;
                let s = VisitorSocket::connect_with(
                    &sh.urls[*i % sh.urls.len()],
                    &sh.site_key,
                    &conv.token,
                    last_seq,
                    None,
                    &self.opts,
                )
                .await?;
                let (tx, rx) = s.split();
                Ok((tx, rx, HashSet::from([conv.id])))
            }
            Role::Agent(_) => {
                let list = match &self.role {
                    Role::Agent(l) => l.clone(),
                    Role::Visitor(_) => Vec::new(),
                };
                let node = list.first().map_or(0, |i| (i + 1) % sh.urls.len());
                let s =
                    AgentSocket::connect_with(&sh.urls[node], &sh.agent_token, &self.opts).await?;
                let (mut tx, rx) = s.split();
                let mut pending = HashSet::new();
                for i in list {
                    self.pacer.wait().await;
                    let conv = &sh.convs[i];
                    let last_seq = crate::checker::lock(&conv.state).view[AGENT].max_seq;
                    tx.send_frame(&ClientFrame::Subscribe {
                        conversation_id: conv.id,
                        last_seq,
                    })
                    .await?;
                    pending.insert(conv.id);
                }
                Ok((tx, rx, pending))
            }
        }
    }

    fn frame_for(&self, m: &OutMsg) -> ClientFrame {
        let conv = &self.shared.convs[m.conv];
        let who = if self.side == VISITOR {
            "visitor"
        } else {
            "agent"
        };
        ClientFrame::Send {
            conversation_id: (self.side == AGENT).then_some(conv.id),
            client_id: m.cid.clone(),
            body: format!("chatbench message {} from the {who}", m.k),
        }
    }

    /// Sends outbox entry `id` (first send or resend).
    async fn send_entry(&mut self, tx: &mut FrameSender, id: u64) -> Result<(), WsError> {
        let Some(m) = self.outbox.items.get_mut(&id) else {
            return Ok(());
        };
        if m.attempts > 0 {
            Stats::bump(&self.shared.stats().resent);
        }
        m.attempts += 1;
        m.last_sent = Instant::now();
        m.due = None;
        let frame = self.frame_for(&self.outbox.items[&id]);
        tx.send_frame(&frame).await
    }

    /// Sends what is due, in order, as far as the pause and the pacer allow.
    async fn pump(&mut self, tx: &mut FrameSender) -> Result<(), WsError> {
        let now = Instant::now();
        self.outbox.expire(now, self.shared.ack_timeout);
        if now < self.paused_until {
            return Ok(());
        }
        while let Some(id) = self.outbox.first_due(now) {
            if !self.pacer.take(now) {
                break;
            }
            self.send_entry(tx, id).await?;
        }
        Ok(())
    }

    /// When `pump` next has something to do.
    fn next_deadline(&self) -> Option<Instant> {
        let gate = self.paused_until.max(self.pacer.ready_at());
        self.outbox.next_deadline(gate, self.shared.ack_timeout)
    }

    /// The server refused a send with a retryable error: hold everything for
    /// a while (longer after each refusal in a row), as a polite client does.
    fn pause(&mut self, min: Duration) {
        let wait = backoff(self.refusals_in_row).max(min);
        self.refusals_in_row = self.refusals_in_row.saturating_add(1);
        self.paused_until = self.paused_until.max(Instant::now() + wait);
    }

    /// Runs one connection until it ends.
    async fn serve(
        &mut self,
        mut tx: FrameSender,
        mut rx: FrameReceiver,
        mut pending: HashSet<Uuid>,
    ) -> End {
        // Whatever was not acknowledged goes out again, same client ids, in order.
        self.outbox.all_due(Instant::now());
        // One timer for the whole connection, moved only when the deadline
        // moves: a new timer per frame costs the generator CPU that the
        // server it measures shares.
        let far = || tokio::time::Instant::now() + Duration::from_secs(3600);
        let timer = tokio::time::sleep_until(far());
        tokio::pin!(timer);
        let mut armed: Option<Instant> = None;
        loop {
            if self.pump(&mut tx).await.is_err() {
                return self.lost_connection(None);
            }
            let deadline = self.next_deadline();
            if deadline != armed {
                armed = deadline;
                timer
                    .as_mut()
                    .reset(deadline.map_or_else(far, tokio::time::Instant::from_std));
            }
            tokio::select! {
                r = rx.next_frame() => match r {
                    Ok(Some(f)) => self.on_frame(f, &mut pending),
                    Ok(None) => return self.lost_connection(Some(1000)),
                    Err(e) if e.is_recoverable() => {
                        Stats::bump(&self.shared.stats().decode_errors);
                        self.show_error(&e.to_string());
                    }
                    Err(e) => {
                        if fatal(&e) {
                            if let Some(code) = e.close_code() {
                                self.shared.stats().close_code(code);
                            }
                            self.give_up(e.to_string());
                            return End::Stop;
                        }
                        return self.lost_connection(e.close_code());
                    }
                },
                cmd = self.cmds.recv() => match cmd {
                    Some(Cmd::Send { conv, k }) => {
                        let cid = client_id(&self.shared.checker.run, conv, self.side, k);
                        self.outbox.push(conv, k, cid, Instant::now());
                    }
                    Some(Cmd::Drop) => {
                        Stats::bump(&self.shared.stats().drops);
                        drop(tx);
                        drop(rx);
                        return End::Reconnect(Duration::ZERO);
                    }
                    Some(Cmd::Stop) | None => {
                        let _ = tx.close().await;
                        let drain = async { while let Ok(Some(_)) = rx.next_frame().await {} };
                        let _ = tokio::time::timeout(Duration::from_secs(2), drain).await;
                        return End::Stop;
                    }
                },
                () = &mut timer => {
                    armed = None;
                    timer.as_mut().reset(far());
                }
            }
        }
    }

    fn lost_connection(&mut self, code: Option<u16>) -> End {
        let stats = self.shared.stats();
        Stats::bump(&stats.disconnects);
        if let Some(c) = code {
            stats.close_code(c);
        }
        match code {
            // Too slow, or the server is going away: reconnect at once.
            Some(close::SLOW_CONSUMER | close::GOING_AWAY) => End::Reconnect(Duration::ZERO),
            Some(close::RATE_LIMITED) => End::Reconnect(Duration::from_secs(1)),
            _ => End::Reconnect(Duration::from_millis(100)),
        }
    }

    fn on_frame(&mut self, frame: ServerFrame, pending: &mut HashSet<Uuid>) {
        let sh = Arc::clone(&self.shared);
        let conv_of = |id: &Uuid| sh.by_id.get(id).map(|&i| &sh.convs[i]);
        match frame {
            ServerFrame::Message { message } => match conv_of(&message.conversation_id) {
                Some(conv) => sh.checker.on_message(
                    conv,
                    self.side,
                    message.seq,
                    &message.client_id,
                    Instant::now(),
                ),
                None => Stats::bump(&sh.stats().foreign),
            },
            ServerFrame::Ack {
                ack,
                conversation_id,
            } => {
                self.outbox.remove(&ack.client_id);
                self.refusals_in_row = 0;
                match conv_of(&conversation_id) {
                    Some(conv) => sh.checker.on_ack(conv, &ack.client_id, ack.seq),
                    None => Stats::bump(&sh.stats().errors),
                }
            }
            ServerFrame::Synced {
                conversation_id, ..
            } => {
                pending.remove(&conversation_id);
                if pending.is_empty()
                    && let Some(r) = self.ready.take()
                {
                    let _ = r.send(Ok(()));
                }
            }
            ServerFrame::Error {
                code,
                message,
                client_id,
            } => {
                sh.stats().error_code(code.as_str());
                let in_outbox = client_id.as_deref().and_then(|c| self.outbox.get_mut(c));
                match in_outbox {
                    Some(m) if retryable(code) => {
                        Stats::bump(&sh.stats().refused);
                        m.due = Some(Instant::now());
                        self.pause(Duration::ZERO);
                    }
                    None if code == ErrorCode::RateLimited => {
                        // chatd does not say which frame it refused; the ack
                        // timeout resends it. Slow down meanwhile.
                        Stats::bump(&sh.stats().refused);
                        self.pause(Duration::from_secs(1));
                    }
                    Some(m) => {
                        let (conv, cid) = (m.conv, m.cid.clone());
                        self.outbox.remove(&cid);
                        sh.checker.on_failed(&sh.convs[conv], &cid);
                        Stats::bump(&sh.stats().errors);
                        self.show_error(&format!("send {cid} refused: {code}: {message}"));
                    }
                    None => {
                        Stats::bump(&sh.stats().errors);
                        self.show_error(&format!("error frame: {code}: {message}"));
                    }
                }
            }
            // Ephemeral signals and state changes: nothing to check.
            _ => {}
        }
    }
}
