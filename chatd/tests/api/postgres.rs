//! chatd on Postgres end to end: the real binary with `--database-url
//! postgres://…`, a fresh database per test on the local server
//! (`CHATD_TEST_PG`, default `postgres://postgres@127.0.0.1:5432`). An
//! unreachable server fails the test: CI must not skip it.

use crate::harness::spawn_app_with;
use proto::conversations::{Phase, StartConversation};
use proto::frames::ServerFrame;
use proto::widgets::{CreateWidget, WidgetPatch};
use proto::ws::{AgentSocket, VisitorSocket, WsError};
use sqlx::Connection;
use sqlx::postgres::PgConnection;
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

fn server_url() -> String {
    std::env::var("CHATD_TEST_PG")
        .ok()
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432".into())
}

/// `server` (maybe with a database and a query) naming `db` instead.
fn with_database(server: &str, db: &str) -> String {
    let (url, query) = match server.split_once('?') {
        Some((u, q)) => (u, Some(q)),
        None => (server, None),
    };
    let start = url.find("://").map_or(0, |i| i + 3);
    let base = match url[start..].find('/') {
        Some(slash) => &url[..start + slash],
        None => url,
    };
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

/// A database for one test, dropped (best effort, even after a panic) on drop.
pub(crate) struct PgDb {
    server: String,
    name: String,
    pub(crate) url: String,
}

impl PgDb {
    pub(crate) async fn create() -> Self {
        let server = server_url();
        let name = format!("chatd_test_{}", Uuid::new_v4().simple());
        let mut admin = PgConnection::connect(&with_database(&server, "postgres"))
            .await
            .unwrap_or_else(|e| {
                panic!(
                    "Postgres is unreachable at {server} ({e}). This test needs it and does not \
                     skip: run scripts/ensure-postgres.sh, or set CHATD_TEST_PG."
                )
            });
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("cannot create database {name}: {e}"));
        let _ = admin.close().await;
        let url = with_database(&server, &name);
        Self { server, name, url }
    }

    pub(crate) async fn connect(&self) -> PgConnection {
        PgConnection::connect(&self.url).await.unwrap()
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        let admin_url = with_database(&self.server, "postgres");
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let _ = std::thread::spawn(move || {
            let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            rt.block_on(async move {
                if let Ok(mut c) = PgConnection::connect(&admin_url).await {
                    let _ = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut c).await;
                    let _ = c.close().await;
                }
            });
        })
        .join();
    }
}

/// A socket whose next frame can be awaited (visitor or agent).
pub(crate) trait Frames {
    async fn frame(&mut self) -> Result<Option<ServerFrame>, WsError>;
}

impl Frames for VisitorSocket {
    async fn frame(&mut self) -> Result<Option<ServerFrame>, WsError> {
        self.next_frame().await
    }
}

impl Frames for AgentSocket {
    async fn frame(&mut self) -> Result<Option<ServerFrame>, WsError> {
        self.next_frame().await
    }
}

/// The next message, ack or synced frame; ephemeral ones are skipped.
async fn next(sock: &mut impl Frames) -> ServerFrame {
    loop {
        let f = tokio::time::timeout(WAIT, sock.frame())
            .await
            .expect("no frame within the timeout")
            .expect("socket failed")
            .expect("socket closed");
        if matches!(
            f,
            ServerFrame::Message { .. } | ServerFrame::Ack { .. } | ServerFrame::Synced { .. }
        ) {
            return f;
        }
    }
}

/// Message seqs until `synced`.
async fn until_synced(sock: &mut impl Frames) -> Vec<i64> {
    let mut seqs = Vec::new();
    loop {
        match next(sock).await {
            ServerFrame::Message { message } => seqs.push(message.seq),
            ServerFrame::Synced { .. } => return seqs,
            other => panic!("unexpected frame before synced: {other:?}"),
        }
    }
}

#[tokio::test]
async fn chatd_on_postgres_login_widget_and_a_visitor_conversation() {
    let db = PgDb::create().await;
    let mut app = spawn_app_with(&["--database-url", &db.url]);
    let admin = app.admin_client().await;
    let widget = admin
        .create_widget(&CreateWidget {
            name: "Shop".into(),
            settings: WidgetPatch {
                allowed_origins: Some(vec!["https://shop.example".into()]),
                ..WidgetPatch::default()
            },
        })
        .await
        .unwrap();
    assert!(
        admin
            .list_widgets()
            .await
            .unwrap()
            .iter()
            .any(|w| w.name == "Demo"),
        "first run made no demo widget"
    );

    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: widget.site_key.clone(),
            ..StartConversation::default()
        })
        .await
        .unwrap();
    let id = started.conversation_id;
    let accepted = admin.accept_conversation(id).await.unwrap();
    assert_eq!(accepted.phase, Phase::Assigned);

    let mut visitor = VisitorSocket::connect(
        &app.base(),
        &widget.site_key,
        &started.visitor_token,
        0,
        None,
        None,
    )
    .await
    .unwrap();
    assert_eq!(visitor.welcome().epoch, started.epoch);
    let history = until_synced(&mut visitor).await;
    let base = history.last().copied().unwrap_or(0);
    assert_eq!(history, (1..=base).collect::<Vec<_>>());

    let mut agent = AgentSocket::connect(&app.base(), admin.token().unwrap())
        .await
        .unwrap();
    agent.subscribe(id, base).await.unwrap();
    assert!(until_synced(&mut agent).await.is_empty());

    // Visitor -> agent.
    visitor
        .send_message("v1", "hello from the shop")
        .await
        .unwrap();
    let mut acked = None;
    let mut echoed = false;
    while acked.is_none() || !echoed {
        match next(&mut visitor).await {
            ServerFrame::Ack { ack, .. } => {
                assert_eq!((ack.client_id.as_str(), ack.duplicate), ("v1", false));
                acked = Some(ack.seq);
            }
            ServerFrame::Message { message } => {
                assert_eq!(message.client_id, "v1");
                echoed = true;
            }
            other => panic!("visitor got {other:?}"),
        }
    }
    assert_eq!(acked, Some(base + 1));
    match next(&mut agent).await {
        ServerFrame::Message { message } => {
            assert_eq!(
                (message.seq, message.body.as_str()),
                (base + 1, "hello from the shop")
            );
        }
        other => panic!("agent got {other:?}"),
    }

    // Agent -> visitor.
    agent
        .send_message(id, "a1", "hi, Admin here")
        .await
        .unwrap();
    let reply = loop {
        if let ServerFrame::Message { message } = next(&mut visitor).await {
            break message;
        }
    };
    assert_eq!(
        (reply.seq, reply.body.as_str(), reply.author_name.as_deref()),
        (base + 2, "hi, Admin here", Some("Admin"))
    );

    // Reconnect from the seq before the visitor's own message: exactly the
    // rest comes back, and resending the message is a duplicate.
    visitor.close().await.unwrap();
    let mut visitor = VisitorSocket::connect(
        &app.base(),
        &widget.site_key,
        &started.visitor_token,
        base,
        Some(&started.epoch),
        None,
    )
    .await
    .unwrap();
    assert_eq!(until_synced(&mut visitor).await, [base + 1, base + 2]);
    visitor
        .send_message("v1", "hello from the shop")
        .await
        .unwrap();
    match next(&mut visitor).await {
        ServerFrame::Ack { ack, .. } => assert_eq!((ack.seq, ack.duplicate), (base + 1, true)),
        other => panic!("expected the duplicate's ack, got {other:?}"),
    }
    visitor.close().await.unwrap();

    // It is all in Postgres, and no SQLite file was made.
    let mut pg = db.connect().await;
    let last_seq: i64 = sqlx::query_scalar("SELECT last_seq FROM conversations WHERE id = $1")
        .bind(id)
        .fetch_one(&mut pg)
        .await
        .unwrap();
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM messages WHERE conversation_id = $1")
            .bind(id)
            .fetch_one(&mut pg)
            .await
            .unwrap();
    assert_eq!((last_seq, stored), (base + 2, base + 2));
    let epoch: String = sqlx::query_scalar("SELECT value FROM meta WHERE key = 'epoch'")
        .fetch_one(&mut pg)
        .await
        .unwrap();
    assert_eq!(epoch, started.epoch);
    let _ = pg.close().await;
    assert!(
        !app.data_dir().join("chatd.db").exists(),
        "chatd made a SQLite database although it was given Postgres"
    );

    // A restart on the same database keeps everything and bootstraps nothing.
    drop(agent);
    app.restart();
    let admin = app.admin_client().await;
    let page = admin.conversation_messages(id, 0, Some(100)).await.unwrap();
    assert_eq!(
        page.messages.iter().map(|m| m.seq).collect::<Vec<_>>(),
        (1..=base + 2).collect::<Vec<_>>()
    );
    assert_eq!(
        admin
            .list_widgets()
            .await
            .unwrap()
            .iter()
            .filter(|w| w.name == "Demo")
            .count(),
        1
    );
    let visitor = VisitorSocket::connect(
        &app.base(),
        &widget.site_key,
        &started.visitor_token,
        base + 2,
        Some(&started.epoch),
        None,
    )
    .await
    .unwrap();
    assert_eq!(
        visitor.welcome().epoch,
        started.epoch,
        "the epoch changed on restart"
    );
}
