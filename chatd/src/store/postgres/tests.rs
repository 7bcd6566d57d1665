//! What only Postgres has: several stores (nodes) on one database, and the
//! race the single SQLite writer cannot have (an append of a client id that
//! another node commits while this one waits for the conversation's row).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::testing::TestDb;
use super::{PgOptions, PgStore, open};
use crate::store::conformance::RecordingSink;
use crate::store::{
    CommitSink, NewConversation, NewMessage, NewWidget, Store, StoreError, Transition,
    TransitionOutcome,
};
use proto::conversations::{Phase, SenderKind};
use proto::widgets::WidgetSettings;
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

struct Node {
    store: Arc<PgStore>,
    sink: Arc<RecordingSink>,
}

async fn node(db: &TestDb) -> Node {
    let sink = Arc::new(RecordingSink::default());
    let store = open(
        &db.url,
        &PgOptions {
            max_connections: 5,
            ..PgOptions::default()
        },
        Arc::clone(&sink) as Arc<dyn CommitSink>,
    )
    .await
    .unwrap();
    Node {
        store: Arc::new(store),
        sink,
    }
}

async fn conversation(s: &PgStore) -> Uuid {
    let w = s
        .create_widget(NewWidget {
            name: Uuid::new_v4().to_string(),
            site_key: Uuid::new_v4().to_string(),
            settings: WidgetSettings::default(),
        })
        .await
        .unwrap();
    s.create_conversation(NewConversation {
        widget_id: w.id,
        visitor_token_hash: Uuid::new_v4().to_string(),
        prechat: BTreeMap::new(),
        page_url: None,
        verified_user_id: None,
        visitor_id: Uuid::now_v7(),
        visitor_ip: None,
    })
    .await
    .unwrap()
    .id
}

fn msg(conversation_id: Uuid, client_id: &str) -> NewMessage {
    NewMessage {
        conversation_id,
        client_id: client_id.into(),
        sender: SenderKind::Visitor,
        author_id: None,
        author_name: None,
        body: client_id.into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_nodes_append_without_gaps_or_duplicates() {
    let db = TestDb::create().await;
    let (a, b) = (node(&db).await, node(&db).await);
    let c = conversation(&a.store).await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = Arc::clone(if i % 2 == 0 { &a.store } else { &b.store });
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::new();
            for j in 0..25 {
                // Every message is sent twice, once through each node's race.
                let id = format!("m-{}-{j}", i / 2);
                out.push(store.append_message(msg(c, &id)).await.unwrap());
            }
            out
        }));
    }
    let mut answers = Vec::new();
    for t in tasks {
        answers.extend(t.await.unwrap());
    }
    let stored = a.store.messages_after(c, 0, 1000).await.unwrap();
    assert_eq!(stored.len(), 100, "each client id is stored once");
    assert_eq!(
        stored.iter().map(|m| m.seq).collect::<Vec<_>>(),
        (1..=100).collect::<Vec<i64>>()
    );
    for ans in &answers {
        assert_eq!(
            stored[usize::try_from(ans.message.seq - 1).unwrap()],
            ans.message,
            "an answer differs from the stored message"
        );
    }
    assert_eq!(answers.iter().filter(|x| !x.duplicate).count(), 100);
    // Each node's sink heard of its own commits once, in seq order.
    let (sa, sb) = (a.sink.seqs_of(c), b.sink.seqs_of(c));
    assert!(
        sa.windows(2).all(|p| p[0] < p[1]),
        "node A out of order: {sa:?}"
    );
    assert!(
        sb.windows(2).all(|p| p[0] < p[1]),
        "node B out of order: {sb:?}"
    );
    let mut both: Vec<i64> = sa.iter().chain(&sb).copied().collect();
    both.sort_unstable();
    assert_eq!(both, (1..=100).collect::<Vec<i64>>());
    assert_eq!(
        a.store.inner.appends.len(),
        0,
        "per-conversation locks leak"
    );
    a.store.close().await;
    b.store.close().await;
}

/// Another node holds the conversation's row and commits the same client id:
/// this node's append waits, hits the unique key, rolls back its seq and
/// answers with the stored message.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_client_id_committed_elsewhere_meanwhile_is_a_duplicate() {
    let db = TestDb::create().await;
    let n = node(&db).await;
    let c = conversation(&n.store).await;
    n.store.append_message(msg(c, "first")).await.unwrap();

    let mut other = PgConnection::connect(&db.url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut other).await.unwrap();
    let seq: i64 = sqlx::query_scalar(
        "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq",
    )
    .bind(c)
    .fetch_one(&mut other)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO messages (conversation_id, seq, client_id, sender, body, created_at)
         VALUES ($1, $2, 'raced', 'visitor', 'from the other node', 0)",
    )
    .bind(c)
    .bind(seq)
    .execute(&mut other)
    .await
    .unwrap();

    let store = Arc::clone(&n.store);
    let pending = tokio::spawn(async move { store.append_message(msg(c, "raced")).await });
    wait_for_lock_waiter(&db).await;
    sqlx::query("COMMIT").execute(&mut other).await.unwrap();
    let got = tokio::time::timeout(Duration::from_secs(10), pending)
        .await
        .expect("the append never finished")
        .unwrap()
        .unwrap();
    assert!(got.duplicate);
    assert_eq!(
        (got.message.seq, got.message.body.as_str()),
        (2, "from the other node")
    );
    assert_eq!(
        n.sink.seqs_of(c),
        [1],
        "the sink heard of another node's message"
    );
    let next = n.store.append_message(msg(c, "next")).await.unwrap();
    assert_eq!(next.message.seq, 3, "the rolled-back append left a gap");
    n.store.close().await;
}

async fn wait_for_lock_waiter(db: &TestDb) {
    let mut probe = PgConnection::connect(&db.url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
        )
        .bind(db.name())
        .fetch_one(&mut probe)
        .await
        .unwrap();
        if waiting > 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the append never waited for the row lock"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_two_nodes_race_to_accept_and_bootstrap() {
    let db = TestDb::create().await;
    let (a, b) = (node(&db).await, node(&db).await);
    let agents = [Uuid::now_v7(), Uuid::now_v7()];
    for (i, id) in agents.iter().enumerate() {
        // Users are created with their own ids; insert the agents directly.
        let mut c = PgConnection::connect(&db.url).await.unwrap();
        sqlx::query(
            "INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at)
             VALUES ($1, $2, 'A', 'agent', 'x', 0, 0)",
        )
        .bind(id)
        .bind(format!("agent{i}@example.com"))
        .execute(&mut c)
        .await
        .unwrap();
    }
    for _ in 0..20 {
        let c = conversation(&a.store).await;
        let queued = a
            .store
            .transition(
                c,
                Transition {
                    phase: Some(Phase::Queued),
                    escalate: Some("visitor_asked".into()),
                    ..Transition::default()
                },
            )
            .await
            .unwrap();
        assert!(matches!(queued, TransitionOutcome::Applied(_)));
        let accept = |agent| Transition {
            from_phases: Some(vec![Phase::Queued]),
            phase: Some(Phase::Assigned),
            agent: Some(Some(agent)),
            ..Transition::default()
        };
        let (sa, sb) = (Arc::clone(&a.store), Arc::clone(&b.store));
        let (ta, tb) = (accept(agents[0]), accept(agents[1]));
        let (ra, rb) = tokio::join!(
            tokio::spawn(async move { sa.transition(c, ta).await }),
            tokio::spawn(async move { sb.transition(c, tb).await }),
        );
        let wins = [ra.unwrap().unwrap(), rb.unwrap().unwrap()]
            .iter()
            .filter(|o| matches!(o, TransitionOutcome::Applied(_)))
            .count();
        assert_eq!(wins, 1, "two nodes accepting: exactly one wins");
    }
    let bootstrap = || crate::store::Bootstrap {
        admin: crate::store::NewUser {
            email: "admin@localhost".into(),
            name: "Admin".into(),
            role: proto::auth::Role::Admin,
            password_hash: "x".into(),
        },
        demo_widget: NewWidget {
            name: "Demo".into(),
            site_key: "demo".into(),
            settings: WidgetSettings::default(),
        },
    };
    let (ba, bb) = tokio::join!(
        a.store.bootstrap(bootstrap()),
        b.store.bootstrap(bootstrap())
    );
    assert_eq!(
        [ba.unwrap(), bb.unwrap()].iter().filter(|x| **x).count(),
        1,
        "two nodes bootstrapping: exactly one does"
    );
    assert_eq!(
        a.store.epoch().await.unwrap(),
        b.store.epoch().await.unwrap()
    );
    a.store.close().await;
    b.store.close().await;
}

#[tokio::test]
async fn postgres_unreachable_server_is_unavailable() {
    let opts = PgOptions {
        max_connections: 1,
        acquire_timeout: Duration::from_secs(2),
    };
    // Port 1 on loopback: nothing listens there.
    let r = open(
        "postgres://postgres@127.0.0.1:1/chatd",
        &opts,
        Arc::new(crate::store::NoSink),
    )
    .await;
    assert!(
        matches!(r, Err(StoreError::Unavailable(_))),
        "got {:?}",
        r.err()
    );
    let r = open(
        "postgres://postgres@127.0.0.1:notaport/chatd",
        &opts,
        Arc::new(crate::store::NoSink),
    )
    .await;
    assert!(matches!(r, Err(StoreError::Other(_))), "got {:?}", r.err());
}
