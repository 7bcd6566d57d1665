//! Private notes: agents of the widget and admins write and read them, the
//! agents watching the conversation get a `note` event, and the visitor
//! never receives one (socket or history). Bad input and wrong callers are
//! refused.

use crate::harness::{expect_api_error, spawn_app};
use proto::ErrorCode;
use proto::auth::Role;
use proto::conversations::StartConversation;
use proto::frames::ServerFrame;
use proto::widgets::CreateWidget;
use proto::ws::{AgentSocket, VisitorSocket};
use std::time::Duration;
use uuid::Uuid;

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test]
async fn notes_reach_the_agents_and_never_the_visitor() {
    let app = spawn_app();
    let admin = app.admin_client().await;
    let w = admin
        .create_widget(&CreateWidget {
            name: "Notes".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let (member, _, member_c) = app.new_user(&admin, Role::Agent).await;
    admin.add_widget_member(w.id, member.id).await.unwrap();
    let (_outsider, _, outsider_c) = app.new_user(&admin, Role::Agent).await;

    let started = app
        .client()
        .start_conversation(&StartConversation {
            site_key: w.site_key.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let id = started.conversation_id;
    let mut visitor = VisitorSocket::connect(
        &app.base(),
        &w.site_key,
        &started.visitor_token,
        0,
        None,
        None,
    )
    .await
    .unwrap();
    let mut agent = AgentSocket::connect(&app.base(), member_c.token().unwrap())
        .await
        .unwrap();
    agent.subscribe(id, 0).await.unwrap();
    tokio::time::timeout(WAIT, async {
        loop {
            match agent.next_frame().await.unwrap().expect("socket open") {
                ServerFrame::Synced {
                    conversation_id, ..
                } if conversation_id == id => return,
                _ => {}
            }
        }
    })
    .await
    .expect("the agent's subscription is live");

    assert!(member_c.list_notes(id).await.unwrap().is_empty());
    let secret = "VIP: refund approved, do not tell the visitor yet";
    let note = member_c.add_note(id, secret).await.unwrap();
    assert_eq!(
        (note.conversation_id, note.author_id, note.body.as_str()),
        (id, Some(member.id), secret)
    );

    // The agent watching the conversation hears of it.
    let heard = tokio::time::timeout(WAIT, async {
        loop {
            if let ServerFrame::Note { note } = agent.next_frame().await.unwrap().expect("open") {
                return note;
            }
        }
    })
    .await
    .expect("the agent gets a note event");
    assert_eq!(heard, note);

    // The visitor writes after the note; everything it receives up to its
    // own message (the socket delivers in order) is free of the note.
    visitor.send_message("after-note", "hello?").await.unwrap();
    tokio::time::timeout(WAIT, async {
        loop {
            let f = visitor.next_frame().await.unwrap().expect("open");
            let text = serde_json::to_string(&f).unwrap();
            assert!(
                !matches!(f, ServerFrame::Note { .. }),
                "the visitor got {text}"
            );
            assert!(!text.contains("VIP: refund"), "the visitor got {text}");
            if let ServerFrame::Message { message } = &f
                && message.client_id == "after-note"
            {
                return;
            }
        }
    })
    .await
    .expect("the visitor's own message comes back");
    let history = app
        .client()
        .with_token(started.visitor_token.clone())
        .visitor_messages(id, 0, None)
        .await
        .unwrap();
    assert!(history.messages.iter().all(|m| !m.body.contains("VIP")));

    // Admins write too; both read them, oldest first.
    let second = admin
        .add_note(id, "Checked the order: shipped")
        .await
        .unwrap();
    assert_eq!(
        member_c.list_notes(id).await.unwrap(),
        [note.clone(), second.clone()]
    );
    assert_eq!(admin.list_notes(id).await.unwrap().len(), 2);

    // Wrong callers and bad input.
    expect_api_error(outsider_c.list_notes(id).await, 403, ErrorCode::Forbidden);
    expect_api_error(
        outsider_c.add_note(id, "x").await,
        403,
        ErrorCode::Forbidden,
    );
    let visitor_c = app.client().with_token(started.visitor_token);
    expect_api_error(visitor_c.list_notes(id).await, 401, ErrorCode::Unauthorized);
    expect_api_error(
        visitor_c.add_note(id, "x").await,
        401,
        ErrorCode::Unauthorized,
    );
    expect_api_error(
        app.client().list_notes(id).await,
        401,
        ErrorCode::Unauthorized,
    );
    expect_api_error(
        admin.list_notes(Uuid::now_v7()).await,
        404,
        ErrorCode::NotFound,
    );
    expect_api_error(
        member_c.add_note(Uuid::now_v7(), "x").await,
        404,
        ErrorCode::NotFound,
    );
    expect_api_error(
        member_c.add_note(id, "   ").await,
        400,
        ErrorCode::BadRequest,
    );
    expect_api_error(
        member_c
            .add_note(id, &"x".repeat(proto::notes::NOTE_MAX + 1))
            .await,
        400,
        ErrorCode::BadRequest,
    );
    let raw = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/conversations/{id}/notes")))
        .bearer_auth(member_c.token().unwrap())
        .header("content-type", "application/json")
        .body("{\"body\": 5}")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400, "malformed body");
    assert_eq!(
        member_c.list_notes(id).await.unwrap().len(),
        2,
        "nothing stored"
    );
}
