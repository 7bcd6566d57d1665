//! Two chatd processes on one Postgres database, as behind a load balancer
//! without sticky sessions: a visitor on one node and an agent on the other
//! chat in real time; typing, queue and presence cross over; a visitor whose
//! node dies resumes on the other with nothing lost or repeated; agents on
//! different nodes racing to accept get one winner; and a node whose
//! listening connection is cut catches up on what it missed.

use crate::harness::{TestApp, spawn_app_with, spawn_node};
use crate::postgres::{Frames, PgDb};
use proto::Client;
use proto::auth::Role;
use proto::conversations::{
    Phase, PresenceStatus, SenderKind, StartConversation, StartedConversation,
};
use proto::frames::{ClientFrame, ServerFrame};
use proto::widgets::{CreateWidget, Widget};
use proto::ws::{AgentSocket, VisitorSocket};
use std::time::{Duration, Instant};
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

/// Two nodes on a fresh database, sharing a data dir (the signing key).
async fn two_nodes() -> (PgDb, TestApp, TestApp) {
    let db = PgDb::create().await;
    let args = ["--database-url", &db.url, "--presence-timeout-secs", "3"];
    let a = spawn_app_with(&args);
    let b = spawn_node(&a, &args);
    (db, a, b)
}

async fn widget(admin: &Client) -> Widget {
    admin
        .create_widget(&CreateWidget {
            name: format!("Shop {}", Uuid::new_v4().simple()),
            settings: Default::default(),
        })
        .await
        .unwrap()
}

/// Starts a conversation on `w` through `app` and opens its visitor socket there.
async fn visitor_on(app: &TestApp, w: &Widget) -> (StartedConversation, VisitorSocket) {
    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: w.site_key.clone(),
            ..StartConversation::default()
        })
        .await
        .unwrap();
    let socket = VisitorSocket::connect(
        &app.base(),
        &w.site_key,
        &started.visitor_token,
        0,
        None,
        None,
    )
    .await
    .unwrap();
    (started, socket)
}

/// The first frame `pick` accepts, skipping the others, within `WAIT`.
async fn wait_for<T>(
    sock: &mut impl Frames,
    what: &str,
    mut pick: impl FnMut(&ServerFrame) -> Option<T>,
) -> T {
    let deadline = Instant::now() + WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let f = tokio::time::timeout(left, sock.frame())
            .await
            .unwrap_or_else(|_| panic!("no {what} within {WAIT:?}"))
            .expect("socket failed")
            .expect("socket closed");
        if let Some(t) = pick(&f) {
            return t;
        }
    }
}

/// Message (seq, body) pairs until `synced`.
async fn until_synced(sock: &mut impl Frames) -> Vec<(i64, String)> {
    let mut got = Vec::new();
    wait_for(sock, "synced", |f| match f {
        ServerFrame::Message { message } => {
            got.push((message.seq, message.body.clone()));
            None
        }
        ServerFrame::Synced { .. } => Some(()),
        _ => None,
    })
    .await;
    got
}

/// The next message's (seq, body).
async fn next_message(sock: &mut impl Frames) -> (i64, String) {
    wait_for(sock, "message", |f| match f {
        ServerFrame::Message { message } => Some((message.seq, message.body.clone())),
        _ => None,
    })
    .await
}

#[tokio::test]
async fn a_visitor_on_one_node_and_an_agent_on_the_other() {
    let (_db, mut a, b) = two_nodes().await;
    let admin_a = a.admin_client().await;
    let token = admin_a.token().unwrap().to_string();
    let w = widget(&admin_a).await;

    // The agent works from node B and watches the feed there.
    let mut agent = AgentSocket::connect(&b.base(), &token).await.unwrap();

    // The visitor is on node A and sees the agent online (presence crossed).
    let (started, mut visitor) = visitor_on(&a, &w).await;
    let id = started.conversation_id;
    let (mut history, mut online) = (Vec::new(), None);
    wait_for(&mut visitor, "synced", |f| match f {
        ServerFrame::Message { message } => {
            history.push((message.seq, message.body.clone()));
            None
        }
        ServerFrame::Presence { agents_online } => {
            online = Some(*agents_online);
            None
        }
        ServerFrame::Synced { .. } => Some(()),
        _ => None,
    })
    .await;
    assert_eq!(online, Some(1), "the agent on B counts on A");

    // Queue: the visitor asks for a human on A; B's agent sees it queued.
    visitor.send_frame(&ClientFrame::Handoff {}).await.unwrap();
    wait_for(&mut agent, "the queued conversation", |f| match f {
        ServerFrame::Conversation { conversation }
            if conversation.id == id && conversation.phase == Phase::Queued =>
        {
            Some(())
        }
        _ => None,
    })
    .await;

    // Accept on B; the visitor on A hears who answers.
    agent
        .send_frame(&ClientFrame::Accept {
            conversation_id: id,
        })
        .await
        .unwrap();
    wait_for(&mut visitor, "assigned state", |f| match f {
        ServerFrame::State { phase, .. } if *phase == Phase::Assigned => Some(()),
        _ => None,
    })
    .await;
    agent.subscribe(id, 0).await.unwrap();
    let agent_history = until_synced(&mut agent).await;

    // Messages both ways, in real time.
    visitor.send_message("v1", "hello from A").await.unwrap();
    loop {
        let (seq, body) = next_message(&mut agent).await;
        if body == "hello from A" {
            assert!(seq > agent_history.last().map_or(0, |m| m.0));
            break;
        }
    }
    agent.send_message(id, "a1", "hello from B").await.unwrap();
    loop {
        let m = next_message(&mut visitor).await;
        history.push(m.clone());
        if m.1 == "hello from B" {
            break;
        }
    }

    // Typing both ways.
    visitor
        .send_frame(&ClientFrame::Typing {
            conversation_id: None,
            on: true,
        })
        .await
        .unwrap();
    wait_for(&mut agent, "visitor typing", |f| match f {
        ServerFrame::Typing {
            sender: SenderKind::Visitor,
            on: true,
            ..
        } => Some(()),
        _ => None,
    })
    .await;
    agent
        .send_frame(&ClientFrame::Typing {
            conversation_id: Some(id),
            on: true,
        })
        .await
        .unwrap();
    wait_for(&mut visitor, "agent typing", |f| match f {
        ServerFrame::Typing {
            sender: SenderKind::Agent,
            on: true,
            ..
        } => Some(()),
        _ => None,
    })
    .await;

    // Node A dies with a visitor message maybe in flight; the agent keeps
    // writing on B; the visitor reconnects to B, resends what was unacked,
    // and has every message exactly once, in order.
    visitor.send_message("v2", "sent as A died").await.unwrap();
    a.kill9();
    for i in 0..3 {
        agent
            .send_message(id, &format!("a-after-{i}"), &format!("after {i}"))
            .await
            .unwrap();
    }
    let have = history.last().map_or(0, |m| m.0);
    let mut visitor = VisitorSocket::connect(
        &b.base(),
        &w.site_key,
        &started.visitor_token,
        have,
        Some(&started.epoch),
        None,
    )
    .await
    .unwrap();
    history.extend(until_synced(&mut visitor).await);
    visitor.send_message("v2", "sent as A died").await.unwrap();
    // The echo and the ack may come in either order.
    let (mut acked, mut echoed) = (None, false);
    while acked.is_none() || (acked == Some(false) && !echoed) {
        wait_for(&mut visitor, "ack and echo", |f| match f {
            ServerFrame::Ack { ack, .. } if ack.client_id == "v2" => {
                acked = Some(ack.duplicate);
                Some(())
            }
            ServerFrame::Message { message } => {
                history.push((message.seq, message.body.clone()));
                echoed |= message.client_id == "v2";
                Some(())
            }
            _ => None,
        })
        .await;
    }
    let seqs: Vec<i64> = history.iter().map(|m| m.0).collect();
    let first = seqs[0];
    assert_eq!(
        seqs,
        (first..first + seqs.len() as i64).collect::<Vec<_>>(),
        "gapless, no repeats: {history:?}"
    );
    for body in [
        "hello from B",
        "after 0",
        "after 1",
        "after 2",
        "sent as A died",
    ] {
        assert_eq!(
            history.iter().filter(|m| m.1 == body).count(),
            1,
            "{body:?} exactly once in {history:?}"
        );
    }
}

#[tokio::test]
async fn agents_on_two_nodes_race_to_accept_and_one_wins() {
    let (_db, a, b) = two_nodes().await;
    // Ready means a probe went through the database's NOTIFY and came back.
    let mut nodes = Vec::new();
    for app in [&a, &b] {
        let ready: serde_json::Value = app
            .http
            .get(app.url("/readyz"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(
            (&ready["status"], &ready["broker"]),
            (&"ready".into(), &"postgres".into())
        );
        nodes.push(ready["node"].as_str().unwrap().to_string());
    }
    assert_ne!(nodes[0], nodes[1], "each node has its own name");
    let admin = a.admin_client().await;
    let w = widget(&admin).await;
    let (u1, _, on_a) = a.new_user(&admin, Role::Agent).await;
    let (u2, p2, _) = a.new_user(&admin, Role::Agent).await;
    admin.add_widget_member(w.id, u1.id).await.unwrap();
    admin.add_widget_member(w.id, u2.id).await.unwrap();
    let pair = b.client().login(&u2.email, &p2).await.unwrap();
    let on_b = b.client().with_token(pair.access_token);
    for round in 0..5 {
        let started = a
            .client()
            .start_conversation(&StartConversation {
                site_key: w.site_key.clone(),
                ..StartConversation::default()
            })
            .await
            .unwrap();
        let id = started.conversation_id;
        let (x, y) = tokio::join!(on_a.accept_conversation(id), on_b.accept_conversation(id));
        let (winner, loser) = match (x, y) {
            (Ok(_), Err(e)) => (u1.id, e),
            (Err(e), Ok(_)) => (u2.id, e),
            (x, y) => panic!("round {round}: not one winner: {x:?} / {y:?}"),
        };
        assert_eq!(loser.code(), Some(proto::ErrorCode::Conflict), "{loser:?}");
        let c = admin.get_conversation(id).await.unwrap();
        assert_eq!(c.assigned_agent_id, Some(winner));
    }
}

#[tokio::test]
async fn an_agent_whose_node_dies_goes_offline_on_the_other() {
    let (_db, mut a, b) = two_nodes().await;
    let admin = a.admin_client().await;
    let w = widget(&admin).await;
    let (agent, _, agent_client) = a.new_user(&admin, Role::Agent).await;
    admin.add_widget_member(w.id, agent.id).await.unwrap();

    let token = admin.token().unwrap().to_string();
    let mut watcher = AgentSocket::connect(&b.base(), &token).await.unwrap();
    let _agent_socket = AgentSocket::connect(&a.base(), agent_client.token().unwrap())
        .await
        .unwrap();
    let status = |want: PresenceStatus| {
        move |f: &ServerFrame| match f {
            ServerFrame::AgentPresence { user_id, status } if *user_id == agent.id => {
                (*status == want).then_some(())
            }
            _ => None,
        }
    };
    wait_for(
        &mut watcher,
        "the agent online",
        status(PresenceStatus::Online),
    )
    .await;

    // Killed: no goodbye. B notices the silence within the timeout (3 s).
    let killed = Instant::now();
    a.kill9();
    wait_for(
        &mut watcher,
        "the agent offline",
        status(PresenceStatus::Offline),
    )
    .await;
    assert!(
        killed.elapsed() >= Duration::from_secs(2),
        "offline only after the silence, not at once: {:?}",
        killed.elapsed()
    );
}

#[tokio::test]
async fn a_node_that_lost_its_listener_catches_up() {
    let (db, a, b) = two_nodes().await;
    let admin = a.admin_client().await;
    let token = admin.token().unwrap().to_string();
    let w = widget(&admin).await;
    let (started, mut visitor) = visitor_on(&a, &w).await;
    let id = started.conversation_id;
    until_synced(&mut visitor).await;
    let mut agent = AgentSocket::connect(&b.base(), &token).await.unwrap();
    agent.subscribe(id, 0).await.unwrap();
    let mut seen = until_synced(&mut agent).await;

    // Cut every listening connection, then write at once: B is likely deaf
    // when the notification goes out and must re-read after reconnecting.
    let mut conn = db.connect().await;
    let cut: Vec<(bool,)> = sqlx::query_as(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    assert_eq!(cut.len(), 2, "one listener per node");
    for i in 0..5 {
        visitor
            .send_message(&format!("v{i}"), &format!("while deaf {i}"))
            .await
            .unwrap();
    }
    b.wait_for_log("broker listening again", 1);
    while !(0..5).all(|i| seen.iter().any(|m| m.1 == format!("while deaf {i}"))) {
        seen.push(next_message(&mut agent).await);
    }
    let seqs: Vec<i64> = seen.iter().map(|m| m.0).collect();
    assert_eq!(
        seqs,
        (1..=seqs.len() as i64).collect::<Vec<_>>(),
        "in order, once each: {seen:?}"
    );
}

#[tokio::test]
async fn a_block_on_one_node_ends_the_visitor_on_the_other() {
    let (_db, a, b) = two_nodes().await;
    let admin_a = a.admin_client().await;
    let w = widget(&admin_a).await;
    let (started, mut visitor) = visitor_on(&a, &w).await;
    until_synced(&mut visitor).await;

    // Blocked through node B; the socket on node A ends at once.
    let admin_b = b.client().with_token(admin_a.token().unwrap());
    admin_b
        .block_conversation(
            started.conversation_id,
            &proto::lifecycle::BlockVisitor::default(),
        )
        .await
        .unwrap();
    let ended = tokio::time::timeout(WAIT, async {
        loop {
            match visitor.next_frame().await {
                Ok(Some(_)) => {}
                Ok(None) => return None,
                Err(e) => return e.close_code(),
            }
        }
    })
    .await
    .expect("the visitor's socket on A stayed open");
    assert_eq!(ended, Some(proto::frames::close::BLOCKED));
    // And node A refuses the visitor's next start at once (not after its
    // periodic re-read of the blocks).
    let again = a
        .client()
        .start_conversation(&StartConversation {
            site_key: w.site_key.clone(),
            visitor_id: Some(started.visitor_id),
            ..StartConversation::default()
        })
        .await;
    assert_eq!(
        again.map(|_| ()).map_err(|e| e.code()),
        Err(Some(proto::ErrorCode::Blocked))
    );
}
