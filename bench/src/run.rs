//! The scenarios: setup (conversations and sockets), the open-loop
//! schedule, the socket dropper, the drain, and the tally.

use crate::actor::{self, Cmd, Handle, Ready, Role, Shared};
use crate::checker::{self, Checker, Conv, Stats, VISITOR, lock};
use crate::report::Report;
use crate::server::{Target, cpu_secs, rss_kib};
use anyhow::{Context, bail};
use futures_util::StreamExt;
use proto::conversations::StartConversation;
use proto::{Client, ClientError};
use rand::{Rng, SeedableRng};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::{Semaphore, mpsc};

/// Concurrent socket connection attempts.
const CONNECT_CONCURRENCY: usize = 200;
/// Attempts to start one conversation.
const START_ATTEMPTS: u32 = 10;
/// How long a stopping socket task may take.
const STOP_TIMEOUT: Duration = Duration::from_secs(15);
/// Extra time after everything arrived, to catch late duplicates.
const QUIET_AFTER: Duration = Duration::from_millis(300);

/// What to run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// `idle`, `steady` or `reconnect`.
    pub scenario: Scenario,
    /// Conversations (steady, reconnect).
    pub conversations: usize,
    /// Messages per second, both directions together.
    pub rate: f64,
    /// Seconds of sending.
    pub duration: f64,
    /// Visitor sockets (idle).
    pub sockets: usize,
    /// Agent sockets; conversations are spread over them.
    pub agent_sockets: usize,
    /// Reconnect: drop a random socket this often.
    pub drop_every: Duration,
    /// How long to wait for stragglers after the schedule ends.
    pub drain: Duration,
    /// Idle: how long to hold the sockets before measuring.
    pub settle: Duration,
    /// Resend a message unacknowledged for this long.
    pub ack_timeout: Duration,
    /// Frames per second per client socket at most (0: no limit).
    pub frames_per_sec: f64,
    /// Concurrent conversation starts.
    pub setup_concurrency: usize,
    /// Local addresses to spread client sockets over (none: let the OS pick).
    pub source_ips: Vec<IpAddr>,
    /// Other nodes of the cluster, beside the target's URL.
    pub nodes: Vec<String>,
    /// Seed of the dropper's random choices.
    pub seed: u64,
    /// Progress on stderr.
    pub verbose: bool,
}

/// The scenarios.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// N visitor sockets held open; server RSS per socket.
    Idle,
    /// C conversations, R messages/s both ways for T seconds.
    Steady,
    /// Like steady, dropping a random socket every few milliseconds.
    Reconnect,
}

impl Scenario {
    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Steady => "steady",
            Self::Reconnect => "reconnect",
        }
    }
}

/// Local addresses 127.0.0.2, 127.0.0.3, …: `count` of them, at least
/// enough for `sockets` at `per_ip` sockets each.
pub fn loopback_sources(count: usize, sockets: usize, per_ip: usize) -> Vec<IpAddr> {
    let need = sockets.div_ceil(per_ip.max(1)).max(count).max(1);
    (0..need)
        .map(|i| {
            let n = u32::from(Ipv4Addr::new(127, 0, 0, 2)) + u32::try_from(i).unwrap_or(0);
            IpAddr::V4(Ipv4Addr::from(n))
        })
        .collect()
}

/// Whether the URL's host is a loopback address (the only place the bench
/// binds client sockets to 127.0.0.x).
pub fn is_loopback_url(url: &str) -> bool {
    let rest = url
        .trim()
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("ws://"))
        .unwrap_or(url);
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    host == "localhost"
        || host
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() && ip.is_ipv4())
}

/// Hands out source addresses round-robin.
struct Sources {
    ips: Vec<IpAddr>,
    next: usize,
}

impl Sources {
    fn next(&mut self) -> Option<IpAddr> {
        if self.ips.is_empty() {
            return None;
        }
        let ip = self.ips[self.next % self.ips.len()];
        self.next += 1;
        Some(ip)
    }
}

fn progress(plan: &Plan, text: impl AsRef<str>) {
    if plan.verbose {
        eprintln!("chatbench: {}", text.as_ref());
    }
}

fn retryable_http(e: &ClientError) -> bool {
    match e {
        ClientError::Transport(_) => true,
        other => other
            .status()
            .is_some_and(|s| s.as_u16() == 429 || s.is_server_error()),
    }
}

/// Accepts a conversation as the bench's agent, retrying what a server under
/// load may refuse for a moment.
async fn accept(agent: &Client, id: uuid::Uuid) -> anyhow::Result<()> {
    let mut attempt = 0;
    loop {
        match agent.accept_conversation(id).await {
            Ok(_) => return Ok(()),
            Err(e) if retryable_http(&e) && attempt + 1 < START_ATTEMPTS => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(100 << attempt.min(4))).await;
            }
            Err(e) => return Err(anyhow::Error::new(e).context("cannot accept a conversation")),
        }
    }
}

/// Starts `n` conversations over REST, `concurrency` at a time, spread over
/// the source addresses; retries 429 and 5xx answers.
async fn start_conversations(plan: &Plan, target: &Target, n: usize) -> anyhow::Result<Vec<Conv>> {
    let clients: Vec<Client> = if plan.source_ips.is_empty() {
        vec![Client::new(&target.url)]
    } else {
        plan.source_ips
            .iter()
            .map(|ip| Client::with_local_address(&target.url, *ip))
            .collect::<Result<_, _>>()
            .context("cannot build an HTTP client")?
    };
    let body = StartConversation {
        site_key: target.site_key.clone(),
        prechat: Default::default(),
        page_url: Some("https://bench.invalid/chatbench".into()),
        ..StartConversation::default()
    };
    let started = Instant::now();
    let agent = Client::new(&target.url).with_token(&target.agent_token);
    let results: Vec<anyhow::Result<Conv>> = futures_util::stream::iter(0..n)
        .map(|i| {
            let client = clients[i % clients.len()].clone();
            let agent = agent.clone();
            let body = body.clone();
            async move {
                let mut attempt = 0;
                loop {
                    match client.start_conversation(&body).await {
                        Ok(s) => {
                            // An agent takes the conversation first, as in a live human
                            // chat: no AI answers or queue notices mix into the traffic.
                            accept(&agent, s.conversation_id).await?;
                            return Ok(Conv::new(i, s.conversation_id, s.visitor_token));
                        }
                        Err(e) if retryable_http(&e) && attempt + 1 < START_ATTEMPTS => {
                            attempt += 1;
                            tokio::time::sleep(Duration::from_millis(100 << attempt.min(4))).await;
                        }
                        Err(e) => {
                            return Err(
                                anyhow::Error::new(e).context("cannot start a conversation")
                            );
                        }
                    }
                }
            }
        })
        .buffered(plan.setup_concurrency.max(1))
        .collect()
        .await;
    let convs = results.into_iter().collect::<anyhow::Result<Vec<_>>>()?;
    progress(
        plan,
        format!(
            "started {n} conversations in {:.1} s",
            started.elapsed().as_secs_f64()
        ),
    );
    Ok(convs)
}

fn shared(plan: &Plan, target: &Target, convs: Vec<Conv>) -> anyhow::Result<Arc<Shared>> {
    let run: String = format!("cb{:08x}", rand::rng().random::<u32>());
    let by_id = convs
        .iter()
        .map(|c| (c.id, c.idx))
        .collect::<HashMap<_, _>>();
    Ok(Arc::new(Shared {
        urls: std::iter::once(target.url.clone())
            .chain(plan.nodes.iter().cloned())
            .collect(),
        site_key: target.site_key.clone(),
        agent_token: target.agent_token.clone(),
        convs,
        by_id,
        checker: Checker::new(run)?,
        ack_timeout: plan.ack_timeout,
        frames_per_sec: plan.frames_per_sec,
        connect_limit: Semaphore::new(CONNECT_CONCURRENCY),
        errors_shown: AtomicU64::new(0),
    }))
}

/// Socket tasks of a run.
struct Sockets {
    visitors: Vec<Handle>,
    agents: Vec<Handle>,
    /// Agent socket of each conversation.
    agent_of: Vec<usize>,
}

impl Sockets {
    fn all(&self) -> impl Iterator<Item = &Handle> {
        self.visitors.iter().chain(self.agents.iter())
    }

    fn len(&self) -> usize {
        self.visitors.len() + self.agents.len()
    }

    async fn stop(self) {
        for h in self.all() {
            let _ = h.tx.send(Cmd::Stop);
        }
        let joins = self.visitors.into_iter().chain(self.agents).map(|h| h.join);
        let all = futures_util::future::join_all(joins);
        if tokio::time::timeout(STOP_TIMEOUT, all).await.is_err() {
            eprintln!("chatbench: some sockets did not close within {STOP_TIMEOUT:?}");
        }
    }
}

/// Opens a visitor socket per conversation and `agents` agent sockets
/// (conversation `i` on agent socket `i % agents`), and waits until every
/// one has its `synced`.
async fn open_sockets(plan: &Plan, sh: &Arc<Shared>, agents: usize) -> anyhow::Result<Sockets> {
    let n = sh.convs.len();
    let mut sources = Sources {
        ips: plan.source_ips.clone(),
        next: 0,
    };
    let (ready_tx, mut ready_rx) = mpsc::unbounded_channel::<Ready>();
    let started = Instant::now();
    let visitors: Vec<Handle> = (0..n)
        .map(|i| {
            actor::spawn(
                Arc::clone(sh),
                Role::Visitor(i),
                sources.next(),
                ready_tx.clone(),
            )
        })
        .collect();
    let mut lists = vec![Vec::new(); agents];
    let agent_of: Vec<usize> = (0..n).map(|i| i % agents.max(1)).collect();
    for (i, a) in agent_of.iter().enumerate() {
        if let Some(l) = lists.get_mut(*a) {
            l.push(i);
        }
    }
    let agent_handles: Vec<Handle> = lists
        .into_iter()
        .map(|l| {
            actor::spawn(
                Arc::clone(sh),
                Role::Agent(l),
                sources.next(),
                ready_tx.clone(),
            )
        })
        .collect();
    drop(ready_tx);
    let sockets = Sockets {
        visitors,
        agents: agent_handles,
        agent_of,
    };
    let total = sockets.len();
    // Generous: thousands of sockets on a busy 2-core machine.
    let deadline = Duration::from_secs(60) + Duration::from_millis(20 * total as u64);
    let wait = async {
        let mut ok = 0usize;
        let mut failed: Vec<String> = Vec::new();
        while ok + failed.len() < total {
            match ready_rx.recv().await {
                Some(Ok(())) => ok += 1,
                Some(Err(e)) => failed.push(e),
                None => break,
            }
        }
        (ok, failed)
    };
    let (ok, failed) = match tokio::time::timeout(deadline, wait).await {
        Ok(r) => r,
        Err(_) => {
            sockets.stop().await;
            bail!("the sockets did not all connect and sync within {deadline:?}");
        }
    };
    if ok < total {
        let first = failed.first().cloned().unwrap_or_default();
        sockets.stop().await;
        bail!(
            "{} of {total} sockets could not connect; first error: {first}",
            total - ok
        );
    }
    progress(
        plan,
        format!(
            "{total} sockets connected and synced in {:.1} s",
            started.elapsed().as_secs_f64()
        ),
    );
    Ok(sockets)
}

/// The open-loop schedule: message `n` (of all, both directions) is due at
/// `t0 + n / rate`, for stream `n mod 2C` (conversation `s / 2`, side
/// `s mod 2`). A late server delays receipt, never the schedule.
async fn schedule(plan: &Plan, sh: &Shared, sockets: &Sockets, t0: Instant) {
    let streams = (2 * sh.convs.len()) as u64;
    let total = (plan.rate * plan.duration).round() as u64;
    for n in 0..total {
        let at = t0 + Duration::from_secs_f64(n as f64 / plan.rate);
        if at > Instant::now() {
            tokio::time::sleep_until(at.into()).await;
        }
        let s = (n % streams) as usize;
        let (ci, side) = (s / 2, s % 2);
        let conv = &sh.convs[ci];
        let k = sh.checker.schedule(conv, side, at);
        let handle = if side == VISITOR {
            &sockets.visitors[ci]
        } else {
            &sockets.agents[sockets.agent_of[ci]]
        };
        // A socket task that gave up leaves its messages unacknowledged; the tally shows them.
        let _ = handle.tx.send(Cmd::Send { conv: ci, k });
    }
}

/// Steady and reconnect.
pub async fn traffic(plan: &Plan, target: &Target, pid: Option<u32>) -> anyhow::Result<Report> {
    let c = plan.conversations.max(1);
    let agents = plan.agent_sockets.clamp(1, c);
    let per_socket = plan.rate / 2.0 / agents as f64;
    if plan.frames_per_sec > 0.0 && per_socket > plan.frames_per_sec {
        eprintln!(
            "chatbench: warning: {per_socket:.1} sends/s per agent socket, over the \
             {} frames/s a socket may send (--socket-frames-per-sec; chatd's own limit is \
             --socket-frames-per-sec too): use more --agent-sockets",
            plan.frames_per_sec
        );
    }
    let setup = Instant::now();
    let convs = start_conversations(plan, target, c).await?;
    let sh = shared(plan, target, convs)?;
    let sockets = open_sockets(plan, &sh, agents).await?;
    let setup_s = setup.elapsed().as_secs_f64();

    let t0 = Instant::now() + Duration::from_millis(100);
    let me = std::process::id();
    let cpu0 = (cpu_secs(me), pid.and_then(cpu_secs));
    let stop_dropping = Arc::new(AtomicBool::new(false));
    let dropper = (plan.scenario == Scenario::Reconnect).then(|| {
        let txs: Vec<_> = sockets.all().map(|h| h.tx.clone()).collect();
        let stop = Arc::clone(&stop_dropping);
        let every = plan.drop_every.max(Duration::from_millis(1));
        let seed = plan.seed;
        tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let mut tick = tokio::time::interval_at((t0 + every).into(), every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            while !stop.load(Ordering::Relaxed) {
                tick.tick().await;
                let i = rng.random_range(0..txs.len());
                let _ = txs[i].send(Cmd::Drop);
            }
        })
    });
    progress(
        plan,
        format!(
            "sending {} msg/s over {c} conversations for {} s",
            plan.rate, plan.duration
        ),
    );
    schedule(plan, &sh, &sockets, t0).await;
    stop_dropping.store(true, Ordering::Relaxed);
    if let Some(d) = dropper {
        let _ = d.await;
    }
    let send_end = Instant::now();
    progress(plan, "schedule done; draining");
    while !sh.checker.complete() && send_end.elapsed() < plan.drain {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let cpu1 = (cpu_secs(me), pid.and_then(cpu_secs));
    tokio::time::sleep(QUIET_AFTER).await;
    let n_sockets = sockets.len();
    sockets.stop().await;

    let stats = &sh.checker.stats;
    let t = checker::tally(&sh.convs);
    let delivered = Stats::get(&stats.delivered);
    let last = *lock(&stats.last_delivery);
    let span = last.map_or(0.0, |l| l.saturating_duration_since(t0).as_secs_f64());
    Ok(Report {
        scenario: plan.scenario.name().into(),
        sent: Stats::get(&stats.sent),
        delivered,
        acked: Stats::get(&stats.acked),
        lost: t.lost,
        duplicated: Stats::get(&stats.duplicated),
        out_of_order: Stats::get(&stats.out_of_order),
        unacked: t.unacked,
        seq_mismatch: Stats::get(&stats.seq_mismatch),
        refused: Stats::get(&stats.refused),
        resent: Stats::get(&stats.resent),
        errors: Stats::get(&stats.errors),
        error_codes: lock(&stats.error_codes).clone(),
        close_codes: lock(&stats.close_codes)
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect(),
        drops: Stats::get(&stats.drops),
        reconnects: Stats::get(&stats.reconnects),
        disconnects: Stats::get(&stats.disconnects),
        connect_failures: Stats::get(&stats.connect_failures),
        foreign_messages: Stats::get(&stats.foreign),
        throughput_per_s: if span > 0.0 {
            (delivered as f64 / span * 10.0).round() / 10.0
        } else {
            0.0
        },
        target_rate_per_s: plan.rate,
        duration_s: plan.duration,
        conversations: c,
        agent_sockets: agents,
        sockets: n_sockets,
        latency_ms: checker::latency(&lock(&stats.latency)),
        setup_s: (setup_s * 10.0).round() / 10.0,
        generator_cpu_s: cpu_delta(cpu0.0, cpu1.0),
        server_cpu_s: cpu_delta(cpu0.1, cpu1.1),
        ..Report::default()
    })
}

fn cpu_delta(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    Some(((b? - a?) * 100.0).round() / 100.0)
}

/// Idle: `sockets` visitor sockets held open; server RSS per socket.
pub async fn idle(plan: &Plan, target: &Target, pid: Option<u32>) -> anyhow::Result<Report> {
    let pid = pid.context(
        "idle measures the server's memory and needs its pid: pass --server-pid with --url",
    )?;
    let n = plan.sockets.max(1);
    let setup = Instant::now();
    let convs = start_conversations(plan, target, n).await?;
    let sh = shared(plan, target, convs)?;
    // Let the setup's HTTP work settle before the baseline.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = rss_kib(pid)?;
    let sockets = open_sockets(plan, &sh, 0).await?;
    let setup_s = setup.elapsed().as_secs_f64();
    progress(
        plan,
        format!("holding {n} sockets for {:.0} s", plan.settle.as_secs_f64()),
    );
    tokio::time::sleep(plan.settle).await;
    let after = rss_kib(pid)?;
    let n_sockets = sockets.len();
    let stats = &sh.checker.stats;
    let disconnects = Stats::get(&stats.disconnects);
    sockets.stop().await;
    let per_socket = (after as f64 - before as f64) / n as f64;
    let mut report = Report {
        scenario: plan.scenario.name().into(),
        sockets: n_sockets,
        conversations: n,
        disconnects,
        errors: Stats::get(&stats.errors),
        connect_failures: Stats::get(&stats.connect_failures),
        close_codes: lock(&stats.close_codes)
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect(),
        server_rss_per_socket_kib: Some((per_socket * 100.0).round() / 100.0),
        server_rss_before_kib: Some(before),
        server_rss_after_kib: Some(after),
        setup_s: (setup_s * 10.0).round() / 10.0,
        ..Report::default()
    };
    if disconnects > 0 {
        report
            .failures
            .push(format!("{disconnects} idle sockets were disconnected"));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_start_at_127_0_0_2() {
        let ips = loopback_sources(3, 10, 20_000);
        let want: Vec<IpAddr> = ["127.0.0.2", "127.0.0.3", "127.0.0.4"]
            .iter()
            .map(|s| s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)))
            .collect();
        assert_eq!(ips, want);
        // More sockets than 20,000 per address need more addresses.
        assert_eq!(loopback_sources(1, 50_000, 20_000).len(), 3);
        // Past .255 the next octet carries.
        assert_eq!(
            loopback_sources(300, 0, 1)[254],
            IpAddr::V4(Ipv4Addr::new(127, 0, 1, 0))
        );
    }

    #[test]
    fn loopback_urls() {
        for (url, want) in [
            ("http://127.0.0.1:8080", true),
            ("http://localhost:1", true),
            ("http://127.9.9.9", true),
            ("http://[::1]:80", false),
            ("http://example.com", false),
            ("http://10.0.0.1:80/x", false),
        ] {
            assert_eq!(is_loopback_url(url), want, "{url}");
        }
    }
}
