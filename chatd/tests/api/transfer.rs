//! `chatd copy`: a SQLite chatd moved to Postgres keeps every conversation,
//! message, login, token and widget, and its visitors resume where they were.

use crate::harness::{TestApp, chatd_command, run_command, spawn_app, spawn_app_with};
use crate::postgres::PgDb;
use proto::Client;
use proto::auth::{CreateApiToken, Role};
use proto::canned::CreateCannedReply;
use proto::conversations::{Message, SendMessage, StartConversation};
use proto::frames::ServerFrame;
use proto::widgets::{CreateWidget, FaqEntry, WidgetPatch};
use proto::ws::VisitorSocket;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

fn send(client_id: &str, body: &str) -> SendMessage {
    SendMessage {
        client_id: client_id.into(),
        body: body.into(),
    }
}

/// Each conversation as JSON with all its messages.
async fn snapshot(admin: &Client, ids: &[Uuid]) -> Vec<(serde_json::Value, Vec<Message>)> {
    let mut out = Vec::new();
    for id in ids {
        let c = admin.get_conversation(*id).await.unwrap();
        let page = admin
            .conversation_messages(*id, 0, Some(500))
            .await
            .unwrap();
        assert!(!page.more);
        out.push((serde_json::to_value(c).unwrap(), page.messages));
    }
    out
}

/// The snapshot once nothing has changed for half a second: the assistant
/// answers visitors after their ack, off the request path.
async fn settled(admin: &Client, ids: &[Uuid]) -> Vec<(serde_json::Value, Vec<Message>)> {
    let deadline = Instant::now() + WAIT;
    let mut last = snapshot(admin, ids).await;
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = snapshot(admin, ids).await;
        if now == last {
            return now;
        }
        assert!(Instant::now() < deadline, "conversations never settled");
        last = now;
    }
}

/// `chatd --data-dir DATA copy --to URL` (the source is the data dir's chatd.db).
fn copy_to(app: &TestApp, url: &str) -> std::process::Output {
    let mut cmd = chatd_command(app.scratch_dir());
    cmd.arg("--data-dir")
        .arg(app.data_dir())
        .args(["copy", "--to", url]);
    run_command(cmd, "")
}

#[tokio::test]
async fn sqlite_moves_to_postgres_with_every_row() {
    let mut app = spawn_app();
    let admin_password = app.admin_password();
    let admin = app.admin_client().await;
    let (agent_user, agent_password, agent) = app.new_user(&admin, Role::Agent).await;
    let token = admin
        .create_token(&CreateApiToken {
            name: "ci".into(),
            role: None,
            expires_in: None,
        })
        .await
        .unwrap();
    let widget = admin
        .create_widget(&CreateWidget {
            name: "Shop".into(),
            settings: WidgetPatch {
                faq: Some(vec![FaqEntry {
                    question: "Do you ship abroad?".into(),
                    answer: "Yes, everywhere.".into(),
                }]),
                allowed_origins: Some(vec!["*".into()]),
                ..WidgetPatch::default()
            },
        })
        .await
        .unwrap();
    admin
        .add_widget_member(widget.id, agent_user.id)
        .await
        .unwrap();
    admin
        .create_canned(&CreateCannedReply {
            shortcut: "hello".into(),
            title: "Greeting".into(),
            body: "Hello, how can I help?".into(),
            widget_id: Some(widget.id),
        })
        .await
        .unwrap();
    // Nothing listens there: its deliveries stay pending, and move.
    let hook = admin
        .create_webhook(&proto::webhooks::CreateWebhook {
            url: "http://127.0.0.1:9/hook".into(),
            events: vec![proto::webhooks::EventKind::ConversationCreated],
        })
        .await
        .unwrap()
        .webhook;

    // An open conversation with the visitor and an agent talking.
    let open = app
        .client()
        .start_conversation(&StartConversation {
            site_key: widget.site_key.clone(),
            prechat: BTreeMap::from([("name".into(), "Vera".into())]),
            page_url: Some("https://shop.example/cart".into()),
            ..StartConversation::default()
        })
        .await
        .unwrap();
    let visitor = app.client().with_token(open.visitor_token.clone());
    let v1 = visitor
        .visitor_send_message(open.conversation_id, &send("v-1", "where is my parcel?"))
        .await
        .unwrap();
    agent
        .accept_conversation(open.conversation_id)
        .await
        .unwrap();
    let a1 = agent
        .send_message(open.conversation_id, &send("a-1", "let me look"))
        .await
        .unwrap();
    visitor
        .visitor_read(open.conversation_id, a1.seq)
        .await
        .unwrap();

    // A closed, rated one.
    let closed = app
        .client()
        .start_conversation(&StartConversation {
            site_key: widget.site_key.clone(),
            ..StartConversation::default()
        })
        .await
        .unwrap();
    let visitor2 = app.client().with_token(closed.visitor_token.clone());
    visitor2
        .visitor_send_message(closed.conversation_id, &send("w-1", "thanks"))
        .await
        .unwrap();
    admin
        .accept_conversation(closed.conversation_id)
        .await
        .unwrap();
    admin
        .send_message(closed.conversation_id, &send("b-1", "you're welcome"))
        .await
        .unwrap();
    admin
        .close_conversation(closed.conversation_id)
        .await
        .unwrap();
    visitor2
        .visitor_rate(closed.conversation_id, 5, Some("quick"))
        .await
        .unwrap();

    let ids = [open.conversation_id, closed.conversation_id];
    let before = settled(&admin, &ids).await;
    let users = serde_json::to_value(admin.list_users().await.unwrap()).unwrap();
    let tokens = serde_json::to_value(admin.list_tokens().await.unwrap()).unwrap();
    let widgets = admin.list_widgets().await.unwrap();
    let canned = serde_json::to_value(admin.list_canned(None).await.unwrap()).unwrap();
    // Attempts go on after the move; what the deliveries are does not change.
    let outbox = |list: Vec<proto::webhooks::Delivery>| {
        list.into_iter()
            .map(|d| (d.id, d.event, d.payload))
            .collect::<Vec<_>>()
    };
    let deliveries = outbox(
        admin
            .list_deliveries(Some(hook.id), None, None)
            .await
            .unwrap(),
    );
    assert_eq!(deliveries.len(), 2, "one per conversation started");
    assert!(before[1].0["rating"] == 5, "{:?}", before[1].0);
    assert!(app.terminate().success());

    let db = PgDb::create().await;
    let out = copy_to(&app, &db.url);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "copy failed: {stderr}");
    assert!(stderr.contains(&open.epoch), "{stderr}");

    // A node with a data dir of its own: all it needs is in the database.
    let pg = spawn_app_with(&["--database-url", &db.url]);
    let admin = Client::new(pg.base()).with_token(
        pg.client()
            .login(crate::harness::ADMIN_EMAIL, &admin_password)
            .await
            .expect("the admin's password did not move")
            .access_token,
    );
    pg.client()
        .login(&agent_user.email, &agent_password)
        .await
        .expect("the agent's password did not move");
    let me = pg.client().with_token(token.secret.clone()).me().await;
    assert!(me.is_ok(), "the API token did not move: {me:?}");
    assert_eq!(
        serde_json::to_value(admin.list_users().await.unwrap()).unwrap(),
        users
    );
    assert_eq!(
        serde_json::to_value(admin.list_tokens().await.unwrap()).unwrap(),
        tokens
    );
    assert_eq!(admin.list_widgets().await.unwrap(), widgets);
    assert_eq!(
        serde_json::to_value(admin.list_canned(None).await.unwrap()).unwrap(),
        canned
    );
    assert_eq!(
        admin.list_webhooks().await.unwrap(),
        std::slice::from_ref(&hook)
    );
    assert_eq!(
        outbox(
            admin
                .list_deliveries(Some(hook.id), None, None)
                .await
                .unwrap()
        ),
        deliveries
    );
    pg.client()
        .public_widget(&widget.site_key)
        .await
        .expect("the site key did not move");
    assert_eq!(snapshot(&admin, &ids).await, before);

    // The visitor comes back with its old token and epoch, one message
    // behind: it gets exactly the rest, and the epoch tells it its seqs
    // still hold.
    let last = before[0].1.last().unwrap().seq;
    let mut sock = VisitorSocket::connect(
        &pg.base(),
        &widget.site_key,
        &open.visitor_token,
        last - 1,
        Some(&open.epoch),
        None,
    )
    .await
    .unwrap();
    assert_eq!(sock.welcome().epoch, open.epoch);
    let mut replayed = Vec::new();
    loop {
        let f = tokio::time::timeout(WAIT, sock.next_frame())
            .await
            .expect("no frame in time")
            .unwrap()
            .expect("socket closed");
        match f {
            ServerFrame::Message { message } => replayed.push(message.seq),
            ServerFrame::Synced { .. } => break,
            _ => {}
        }
    }
    assert_eq!(replayed, [last]);
    sock.close().await.unwrap();

    // Seqs go on from where they were, and an old client id is still known.
    let visitor = pg.client().with_token(open.visitor_token.clone());
    let again = visitor
        .visitor_send_message(open.conversation_id, &send("v-1", "where is my parcel?"))
        .await
        .unwrap();
    assert_eq!((again.seq, again.duplicate), (v1.seq, true));
    let next = visitor
        .visitor_send_message(open.conversation_id, &send("v-2", "any news?"))
        .await
        .unwrap();
    assert_eq!((next.seq, next.duplicate), (last + 1, false));
}

#[tokio::test]
async fn copy_refuses_a_database_with_data_and_is_all_or_nothing() {
    let mut app = spawn_app();
    let admin = app.admin_client().await;
    let widget = admin.list_widgets().await.unwrap().remove(0);
    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: widget.site_key.clone(),
            ..StartConversation::default()
        })
        .await
        .unwrap();
    app.client()
        .with_token(started.visitor_token)
        .visitor_send_message(started.conversation_id, &send("v-1", "hi"))
        .await
        .unwrap();
    assert!(app.terminate().success());

    // A database a chatd has started on holds its first-run admin: refused.
    let db = PgDb::create().await;
    let mut used = spawn_app_with(&["--database-url", &db.url]);
    assert!(used.terminate().success());
    let out = copy_to(&app, &db.url);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert!(stderr.contains("rows in users"), "{stderr}");
    let mut conn = db.connect().await;
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(users, 1, "the refused copy changed the target");

    // A row Postgres will not take, late in the copy (messages come after
    // users, widgets and conversations): nothing at all is left behind.
    {
        use sqlx::Connection;
        let path = app.data_dir().join("chatd.db");
        let mut lite =
            sqlx::sqlite::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
        sqlx::query("UPDATE messages SET body = 'nul' || char(0) WHERE seq = 1")
            .execute(&mut lite)
            .await
            .unwrap();
        lite.close().await.unwrap();
    }
    let fresh = PgDb::create().await;
    // `chatd migrate` first is allowed: the epoch it writes is replaced.
    let mut cmd = chatd_command(app.scratch_dir());
    cmd.args(["--database-url", &fresh.url, "migrate"]);
    let out = run_command(cmd, "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = copy_to(&app, &fresh.url);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a NUL byte reached Postgres: {stderr}"
    );
    assert!(stderr.contains("messages"), "{stderr}");
    let mut conn = fresh.connect().await;
    for table in ["users", "widgets", "conversations", "messages"] {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
                .fetch_one(&mut conn)
                .await
                .unwrap();
        assert_eq!(n, 0, "{table} kept rows of a failed copy");
    }
}
