//! The delivery contract under random interleavings: a visitor and an agent
//! send, resend what is unacknowledged, drop their sockets, reconnect from
//! the last seq they hold, and chatd is killed (SIGKILL) or stopped
//! (SIGTERM) and restarted between any two steps; with two nodes on one
//! Postgres, each connect picks either node and a restart hits one of them. After every run: each
//! side saw every message exactly once and in seq order, every
//! acknowledged message is stored exactly once with the seq its ack named,
//! and a retried client id never became a second message.
//!
//! The runs are seeded: a failure prints its seed, and
//! `CHATD_CONTRACT_SEED=N` replays that run (`CHATD_CONTRACT_RUNS` sets how
//! many random runs to make: 4 on SQLite and 2 on Postgres by default).

use crate::harness::{TestApp, spawn_app_with};
use proto::conversations::StartConversation;
use proto::frames::{ClientFrame, ServerFrame};
use proto::widgets::CreateWidget;
use proto::ws::{AgentSocket, VisitorSocket, WsError};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use uuid::Uuid;

const STEPS: usize = 80;

enum Sock {
    Visitor(VisitorSocket),
    Agent(AgentSocket),
}

impl Sock {
    async fn send(&mut self, f: &ClientFrame) -> Result<(), WsError> {
        match self {
            Self::Visitor(s) => s.send_frame(f).await,
            Self::Agent(s) => s.send_frame(f).await,
        }
    }

    async fn next(&mut self) -> Result<Option<ServerFrame>, WsError> {
        match self {
            Self::Visitor(s) => s.next_frame().await,
            Self::Agent(s) => s.next_frame().await,
        }
    }
}

/// One participant: what it holds, what it waits to have acknowledged.
struct Side {
    name: &'static str,
    sock: Option<Sock>,
    /// (seq, client id) of every message received, in arrival order.
    have: Vec<(i64, String)>,
    /// Unacknowledged sends: client id -> body.
    outbox: BTreeMap<String, String>,
    /// Acknowledged sends: client id -> seq.
    acked: BTreeMap<String, i64>,
    sent: usize,
}

impl Side {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            sock: None,
            have: Vec::new(),
            outbox: BTreeMap::new(),
            acked: BTreeMap::new(),
            sent: 0,
        }
    }

    fn last_seq(&self) -> i64 {
        self.have.last().map_or(0, |m| m.0)
    }

    /// Records one frame, checking order and acks.
    fn take(&mut self, f: ServerFrame, seed: u64) {
        match f {
            ServerFrame::Message { message } => {
                assert_eq!(
                    message.seq,
                    self.last_seq() + 1,
                    "seed {seed}: {} got seq {} after {}",
                    self.name,
                    message.seq,
                    self.last_seq()
                );
                self.have.push((message.seq, message.client_id));
            }
            ServerFrame::Ack { ack, .. } => {
                if let Some(seq) = self.acked.get(&ack.client_id) {
                    assert_eq!(
                        *seq, ack.seq,
                        "seed {seed}: {} client id {} acked twice with different seqs",
                        self.name, ack.client_id
                    );
                }
                self.outbox.remove(&ack.client_id);
                self.acked.insert(ack.client_id, ack.seq);
            }
            _ => {}
        }
    }

    /// Reads frames for `window`; a socket error or close drops the socket.
    async fn pump(&mut self, window: Duration, seed: u64) {
        let until = Instant::now() + window;
        while let Some(sock) = self.sock.as_mut() {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            match tokio::time::timeout(left, sock.next()).await {
                Err(_) => return,
                Ok(Ok(Some(f))) => self.take(f, seed),
                Ok(_) => self.sock = None,
            }
        }
    }

    async fn send(&mut self, conv: Uuid, client_id: &str, body: &str) {
        let agent = matches!(self.sock, Some(Sock::Agent(_)));
        let frame = ClientFrame::Send {
            conversation_id: agent.then_some(conv),
            client_id: client_id.to_string(),
            body: body.to_string(),
        };
        if let Some(sock) = self.sock.as_mut()
            && sock.send(&frame).await.is_err()
        {
            self.sock = None;
        }
    }
}

struct Run {
    seed: u64,
    rng: StdRng,
    /// One node, or several on one database.
    apps: Vec<TestApp>,
    site_key: String,
    visitor_token: String,
    epoch: String,
    agent_token: String,
    conv: Uuid,
    sides: [Side; 2],
}

impl Run {
    /// Connects side `i` from the last seq it holds and reads the replay.
    async fn connect(&mut self, i: usize) {
        // Any node will do: with several, a reconnect may land on another.
        let node = self.rng.random_range(0..self.apps.len());
        let base = self.apps[node].base();
        let side = &mut self.sides[i];
        let last = side.last_seq();
        let sock = if i == 0 {
            VisitorSocket::connect(
                &base,
                &self.site_key,
                &self.visitor_token,
                last,
                Some(&self.epoch),
                None,
            )
            .await
            .map(Sock::Visitor)
        } else {
            match AgentSocket::connect(&base, &self.agent_token).await {
                Ok(mut s) => match s.subscribe(self.conv, last).await {
                    Ok(()) => Ok(Sock::Agent(s)),
                    Err(e) => Err(e),
                },
                Err(e) => Err(e),
            }
        };
        let Ok(mut sock) = sock else { return };
        // The replay, up to `synced`, in order.
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match tokio::time::timeout(left, sock.next()).await {
                Ok(Ok(Some(ServerFrame::Synced { last_seq, .. }))) => {
                    assert_eq!(
                        last_seq,
                        side.last_seq(),
                        "seed {}: {} synced at {last_seq} holding {}",
                        self.seed,
                        side.name,
                        side.last_seq()
                    );
                    break;
                }
                Ok(Ok(Some(f))) => side.take(f, self.seed),
                Ok(_) => return,
                Err(_) => panic!("seed {}: {} got no synced in 10 s", self.seed, side.name),
            }
        }
        side.sock = Some(sock);
    }

    async fn step(&mut self) {
        let i = self.rng.random_range(0..2);
        match self.rng.random_range(0..100) {
            0..40 => {
                let side = &mut self.sides[i];
                side.sent += 1;
                let client_id = format!("{}-{}", side.name, side.sent);
                let body = format!("{} says {}", side.name, side.sent);
                side.outbox.insert(client_id.clone(), body.clone());
                side.send(self.conv, &client_id, &body).await;
            }
            40..55 => {
                let side = &mut self.sides[i];
                let pending: Vec<(String, String)> = side
                    .outbox
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (client_id, body) in pending {
                    side.send(self.conv, &client_id, &body).await;
                }
            }
            55..75 => {
                let window = Duration::from_millis(self.rng.random_range(5..60));
                self.sides[i].pump(window, self.seed).await;
            }
            75..85 => {
                // Gone without a close frame, as when a phone loses signal.
                self.sides[i].sock = None;
            }
            85..95 => {
                if self.sides[i].sock.is_none() {
                    self.connect(i).await;
                }
            }
            _ => {
                let node = self.rng.random_range(0..self.apps.len());
                let app = &mut self.apps[node];
                if self.rng.random_bool(0.5) {
                    app.kill9();
                }
                app.restart();
                // Sockets on the other nodes live on; theirs are gone
                // (their next read fails and drops them).
                if self.apps.len() == 1 {
                    for s in &mut self.sides {
                        s.sock = None;
                    }
                }
            }
        }
    }

    /// Reconnects both sides and resends until every send is acknowledged
    /// and both hold the whole conversation.
    async fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(
                Instant::now() < deadline,
                "seed {}: not settled in 30 s: outboxes {:?} / {:?}",
                self.seed,
                self.sides[0].outbox,
                self.sides[1].outbox
            );
            for i in 0..2 {
                if self.sides[i].sock.is_none() {
                    self.connect(i).await;
                }
                let side = &mut self.sides[i];
                let pending: Vec<(String, String)> = side
                    .outbox
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                for (client_id, body) in pending {
                    side.send(self.conv, &client_id, &body).await;
                }
                side.pump(Duration::from_millis(200), self.seed).await;
            }
            let admin = self.apps[0].admin_client().await;
            let Ok(c) = admin.get_conversation(self.conv).await else {
                continue;
            };
            if self
                .sides
                .iter()
                .all(|s| s.outbox.is_empty() && s.last_seq() == c.last_seq)
            {
                return;
            }
        }
    }

    async fn check(&self) {
        let admin = self.apps[0].admin_client().await;
        let mut stored = Vec::new();
        loop {
            let page = admin
                .conversation_messages(self.conv, stored.len() as i64, Some(500))
                .await
                .unwrap();
            stored.extend(page.messages.into_iter().map(|m| (m.seq, m.client_id)));
            if !page.more {
                break;
            }
        }
        let seqs: Vec<i64> = stored.iter().map(|m| m.0).collect();
        assert_eq!(
            seqs,
            (1..=stored.len() as i64).collect::<Vec<_>>(),
            "seed {}: stored seqs have gaps",
            self.seed
        );
        let by_client: BTreeMap<&str, i64> = stored.iter().map(|(s, c)| (c.as_str(), *s)).collect();
        assert_eq!(
            by_client.len(),
            stored.len(),
            "seed {}: a client id stored twice",
            self.seed
        );
        for side in &self.sides {
            assert_eq!(
                side.have, stored,
                "seed {}: {} does not hold exactly the stored conversation",
                self.seed, side.name
            );
            for (client_id, seq) in &side.acked {
                assert_eq!(
                    by_client.get(client_id.as_str()),
                    Some(seq),
                    "seed {}: {client_id} acked as {seq}",
                    self.seed
                );
            }
            assert_eq!(
                side.acked.len(),
                side.sent,
                "seed {}: {} sent {} and has {} acked",
                self.seed,
                side.name,
                side.sent,
                side.acked.len()
            );
        }
    }
}

async fn run(seed: u64, nodes: usize, extra_args: &[&str]) {
    let mut args = vec!["--socket-frames-per-sec", "1000"];
    args.extend_from_slice(extra_args);
    let app = spawn_app_with(&args);
    let mut apps = vec![app];
    for _ in 1..nodes {
        let other = crate::harness::spawn_node(&apps[0], &args);
        apps.push(other);
    }
    let app = &apps[0];
    let admin = app.admin_client().await;
    let widget = admin
        .create_widget(&CreateWidget {
            name: "Contract".into(),
            settings: Default::default(),
        })
        .await
        .unwrap();
    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: widget.site_key.clone(),
            ..StartConversation::default()
        })
        .await
        .unwrap();
    // Taken by a person at once: no AI answers mix in.
    admin
        .accept_conversation(started.conversation_id)
        .await
        .unwrap();
    let mut run = Run {
        seed,
        rng: StdRng::seed_from_u64(seed),
        site_key: widget.site_key,
        visitor_token: started.visitor_token,
        epoch: started.epoch,
        agent_token: admin.token().unwrap().to_string(),
        conv: started.conversation_id,
        apps,
        sides: [Side::new("visitor"), Side::new("agent")],
    };
    run.connect(0).await;
    run.connect(1).await;
    for _ in 0..STEPS {
        run.step().await;
    }
    run.settle().await;
    run.check().await;
    eprintln!(
        "seed {seed}: {} + {} sends, {} messages",
        run.sides[0].sent,
        run.sides[1].sent,
        run.sides[0].have.len()
    );
}

fn seeds(default_runs: usize) -> Vec<u64> {
    match std::env::var("CHATD_CONTRACT_SEED") {
        Ok(s) => vec![s.parse().expect("CHATD_CONTRACT_SEED is a number")],
        Err(_) => {
            let runs = std::env::var("CHATD_CONTRACT_RUNS")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(default_runs);
            (0..runs).map(|_| rand::random()).collect()
        }
    }
}

#[tokio::test]
async fn random_interleavings_keep_the_delivery_contract() {
    for seed in seeds(4) {
        eprintln!("delivery contract run, seed {seed} (CHATD_CONTRACT_SEED={seed} replays it)");
        run(seed, 1, &[]).await;
    }
}

#[tokio::test]
async fn random_interleavings_keep_the_delivery_contract_on_postgres() {
    for seed in seeds(2) {
        let db = crate::postgres::PgDb::create().await;
        eprintln!(
            "delivery contract run on Postgres, seed {seed} (CHATD_CONTRACT_SEED={seed} replays it)"
        );
        run(seed, 1, &["--database-url", &db.url]).await;
    }
}

#[tokio::test]
async fn random_interleavings_keep_the_delivery_contract_across_two_nodes() {
    for seed in seeds(2) {
        let db = crate::postgres::PgDb::create().await;
        eprintln!(
            "delivery contract run on two nodes, seed {seed} (CHATD_CONTRACT_SEED={seed} replays it)"
        );
        run(seed, 2, &["--database-url", &db.url]).await;
    }
}
