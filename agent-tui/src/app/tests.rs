//! `update` as a function: messages in, state and effects out.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use proto::auth::{Role, User};
use proto::conversations::{Ack, ConversationStatus, Message, Phase, PresenceStatus, SenderKind};
use proto::frames::ServerFrame;
use serde_json::json;

/// 2026-11-23 14:05:09 UTC.
pub const T0: i64 = 1_795_442_709_000;
const HB: u64 = 25;

pub fn cfg() -> Config {
    Config {
        server: "http://127.0.0.1:8080".into(),
        bell: crate::bell::BellMode::All,
        utc_offset_secs: 0,
        no_color: true,
    }
}

pub fn cid(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// The agent logged in (Sam).
pub const ME: Uuid = Uuid::from_u128(77);
/// Another agent (Bea).
pub const BEA: Uuid = Uuid::from_u128(78);

/// A conversation as the server sends it, waiting in the queue since it
/// was created because the visitor asked for a person. Built from JSON so
/// fields the server adds later (with defaults) do not break the fixtures.
pub fn conversation(n: u128, created_at: i64, prechat: &[(&str, &str)]) -> Conversation {
    let prechat: serde_json::Map<String, serde_json::Value> = prechat
        .iter()
        .map(|(k, v)| ((*k).to_string(), json!(v)))
        .collect();
    serde_json::from_value(json!({
        "id": cid(n),
        "widget_id": cid(999),
        "status": "open",
        "prechat": prechat,
        "page_url": "https://shop.example/pricing",
        "last_seq": 0,
        "visitor_read_seq": 0,
        "agent_read_seq": 0,
        "created_at": created_at,
        "updated_at": created_at,
        "phase": "queued",
        "escalation_reason": "visitor_asked",
        "escalated_at": created_at,
        "queued_at": created_at,
    }))
    .unwrap()
}

/// `c` assigned to `agent`.
pub fn assigned(mut c: Conversation, agent: Uuid, at: i64) -> Conversation {
    c.phase = Phase::Assigned;
    c.assigned_agent_id = Some(agent);
    c.assigned_at = Some(at);
    c
}

/// `c` with the assistant, never escalated.
pub fn with_ai(mut c: Conversation) -> Conversation {
    c.phase = Phase::Ai;
    c.escalation_reason = None;
    c.escalated_at = None;
    c.queued_at = None;
    c
}

/// A `conversation` event.
pub fn event(c: Conversation) -> Msg {
    frame(ServerFrame::Conversation { conversation: c })
}

pub fn closed(mut c: Conversation, at: i64) -> Conversation {
    c.status = ConversationStatus::Closed;
    c.closed_at = Some(at);
    c
}

pub fn message(conv: u128, seq: i64, sender: SenderKind, body: &str, at: i64) -> Message {
    let author = sender == SenderKind::Agent;
    serde_json::from_value(json!({
        "conversation_id": cid(conv),
        "seq": seq,
        "client_id": format!("c{conv}-{seq}"),
        "sender": sender.as_str(),
        "author_id": author.then_some(ME),
        "author_name": author.then_some("Sam"),
        "body": body,
        "created_at": at,
    }))
    .unwrap()
}

pub fn frame(f: ServerFrame) -> Msg {
    Msg::Frame(Box::new(f))
}

pub fn msg_frame(m: Message) -> Msg {
    frame(ServerFrame::Message { message: m })
}

pub fn synced(conv: u128, last_seq: i64) -> Msg {
    frame(ServerFrame::Synced {
        conversation_id: cid(conv),
        last_seq,
    })
}

pub fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

pub fn mods(code: KeyCode, m: KeyModifiers) -> Msg {
    Msg::Key(KeyEvent::new(code, m))
}

pub fn type_text(app: &mut App, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| app.update(ch(c))).collect()
}

pub fn connected(epoch: &str) -> Msg {
    Msg::Connected {
        epoch: epoch.into(),
        heartbeat_secs: HB,
        user_id: Some(ME),
    }
}

/// Sam, an admin.
pub fn sam(admin: bool) -> Identity {
    Identity {
        user_id: ME,
        name: "Sam".into(),
        email: "sam@example.com".into(),
        admin,
    }
}

/// An app that logged in with a token and is online with no conversations.
pub fn online() -> App {
    let mut app = App::new(cfg(), 42, T0);
    assert_eq!(app.start(true, None), vec![Effect::Connect]);
    let fx = app.update(connected("e1"));
    assert_eq!(fx, vec![Effect::LoadIdentity, Effect::ListConversations]);
    app
}

/// Online with conversation 1 (mine; replayed: visitor said hi) and 2
/// (queued, empty), both live, and 3 closed.
pub fn with_conversations() -> App {
    let mut app = online();
    let fx = app.update(Msg::Conversations(Ok(vec![
        assigned(
            conversation(1, T0 - 300_000, &[("email", "ann@example.com")]),
            ME,
            T0 - 295_000,
        ),
        conversation(2, T0 - 60_000, &[("name", "Bob")]),
        closed(conversation(3, T0 - 9_000_000, &[]), T0 - 8_000_000),
    ])));
    assert_eq!(
        fx,
        vec![
            Effect::Subscribe {
                conversation_id: cid(1),
                last_seq: 0
            },
            Effect::Subscribe {
                conversation_id: cid(2),
                last_seq: 0
            },
        ],
        "open conversations are streamed, closed ones are not; no bell for the first list"
    );
    let mut fx = app.update(msg_frame(message(
        1,
        1,
        SenderKind::Visitor,
        "hi, my order is late",
        T0 - 290_000,
    )));
    fx.extend(app.update(synced(1, 1)));
    fx.extend(app.update(synced(2, 0)));
    assert_eq!(fx, vec![], "replayed history is not news");
    app
}

/// `with_conversations`, conversation 1 open and the composer focused.
pub fn open_first() -> App {
    let mut app = with_conversations();
    assert_eq!(app.selected, Some(cid(2)), "the queue comes first");
    app.update(ch('j'));
    assert_eq!(app.selected, Some(cid(1)));
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(
        fx,
        vec![
            Effect::LoadNotes {
                conversation_id: cid(1)
            },
            Effect::MarkRead {
                conversation_id: cid(1),
                seq: 1
            }
        ],
        "opening loads the notes and reads what is shown"
    );
    app.update(Msg::Notes {
        conversation_id: cid(1),
        result: Ok(vec![]),
    });
    assert_eq!(app.open, Some(cid(1)));
    assert_eq!(app.focus, Pane::Composer);
    app
}

fn sends(fx: &[Effect]) -> Vec<(Uuid, String, String)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Send {
                conversation_id,
                client_id,
                body,
            } => Some((*conversation_id, client_id.clone(), body.clone())),
            _ => None,
        })
        .collect()
}

fn draft(app: &App) -> String {
    app.drafts[&app.open.unwrap()].lines().join("\n")
}

#[test]
fn without_credentials_the_login_form_logs_in_then_connects() {
    let mut app = App::new(cfg(), 1, T0);
    assert_eq!(app.start(false, Some("sam@example.com")), vec![]);
    assert_eq!(app.screen, Screen::Login);
    assert_eq!(app.login.field, LoginField::Password, "email prefilled");
    // Letters are text here, even q.
    assert_eq!(type_text(&mut app, "qwerty12"), vec![]);
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(
        fx,
        vec![Effect::Login {
            email: "sam@example.com".into(),
            password: "qwerty12".into()
        }]
    );
    assert!(app.login.busy);
    app.update(Msg::LoginDone(Err("invalid email or password".into())));
    assert_eq!(
        app.login.error.as_deref(),
        Some("invalid email or password")
    );
    app.update(key(KeyCode::Enter));
    let fx = app.update(Msg::LoginDone(Ok(sam(true))));
    assert_eq!(fx, vec![Effect::LoadWidgets, Effect::Connect]);
    assert_eq!(app.screen, Screen::Workspace);
    let fx = app.update(connected("e1"));
    assert_eq!(
        fx,
        vec![Effect::ListConversations],
        "identity known already"
    );
}

#[test]
fn lanes_follow_the_servers_phase_and_assignment() {
    let mut app = with_conversations();
    assert_eq!(app.convs[&cid(1)].lane(Some(ME)), Lane::Mine);
    assert_eq!(app.convs[&cid(1)].lane(Some(BEA)), Lane::Others);
    assert_eq!(app.convs[&cid(1)].lane(None), Lane::Others);
    assert_eq!(app.convs[&cid(2)].lane(Some(ME)), Lane::Queue);
    assert_eq!(
        app.rows(),
        vec![
            Row::Heading(Lane::Queue, 1),
            Row::Conv(cid(2)),
            Row::Heading(Lane::Mine, 1),
            Row::Conv(cid(1)),
            Row::Heading(Lane::Closed, 1),
            Row::Conv(cid(3)),
        ],
        "an empty Others lane is not shown"
    );
    // The queue is ordered by when each joined it, not by creation.
    app.update(event(with_ai(conversation(
        4,
        T0 - 900_000,
        &[("name", "Cy")],
    ))));
    let mut late = conversation(5, T0 - 990_000, &[("name", "Di")]);
    late.queued_at = Some(T0 - 10_000);
    app.update(event(late));
    app.update(event(assigned(
        conversation(6, T0 - 50_000, &[("name", "Ed")]),
        BEA,
        T0,
    )));
    assert_eq!(
        app.rows(),
        vec![
            Row::Heading(Lane::Queue, 2),
            Row::Conv(cid(2)),
            Row::Conv(cid(5)),
            Row::Heading(Lane::Mine, 1),
            Row::Conv(cid(1)),
            Row::Heading(Lane::Others, 2),
            Row::Conv(cid(6)),
            Row::Conv(cid(4)),
            Row::Heading(Lane::Closed, 1),
            Row::Conv(cid(3)),
        ]
    );
    assert_eq!(app.convs[&cid(1)].unread(), 1);
    app.update(msg_frame(message(1, 2, SenderKind::Ai, "bot", T0)));
    app.update(msg_frame(message(
        1,
        3,
        SenderKind::System,
        "Sam joined",
        T0,
    )));
    assert_eq!(
        app.convs[&cid(1)].unread(),
        1,
        "only the visitor's messages count as unread"
    );
}

#[test]
fn messages_are_shown_once_by_seq() {
    let mut app = with_conversations();
    let m2 = message(1, 2, SenderKind::Visitor, "anyone?", T0);
    app.update(msg_frame(m2.clone()));
    app.update(msg_frame(m2));
    app.update(msg_frame(message(
        1,
        1,
        SenderKind::Visitor,
        "dup of 1",
        T0,
    )));
    let c = &app.convs[&cid(1)];
    assert_eq!(c.messages.len(), 2);
    assert_eq!(c.messages[&1].body, "hi, my order is late");
    assert_eq!(c.held, 2);
    assert_eq!(c.info.last_seq, 2);
}

#[test]
fn background_messages_and_new_conversations_ring_once_and_highlight() {
    let mut app = with_conversations();
    let fx = app.update(msg_frame(message(2, 1, SenderKind::Visitor, "hello?", T0)));
    assert_eq!(fx, vec![Effect::Bell]);
    assert!(app.convs[&cid(2)].attention);

    let fx = app.update(frame(ServerFrame::Conversation {
        conversation: conversation(4, T0, &[("name", "Cy")]),
    }));
    assert_eq!(
        fx,
        vec![
            Effect::Subscribe {
                conversation_id: cid(4),
                last_seq: 0
            },
            Effect::Bell
        ]
    );
    assert!(app.convs[&cid(4)].attention);
    assert!(app.notice.as_ref().unwrap().text.contains("Cy"));
    // The same event again (feed and subscription both carry it): no news.
    let fx = app.update(frame(ServerFrame::Conversation {
        conversation: conversation(4, T0, &[("name", "Cy")]),
    }));
    assert_eq!(fx, vec![]);

    let mut quiet = with_conversations();
    quiet.cfg.bell = crate::bell::BellMode::Off;
    let fx = quiet.update(msg_frame(message(2, 1, SenderKind::Visitor, "hello?", T0)));
    assert_eq!(fx, vec![], "--bell off");
    assert!(quiet.convs[&cid(2)].attention, "still highlighted");
}

#[test]
fn bell_queue_rings_for_new_work_not_for_background_messages() {
    let mut app = with_conversations();
    app.cfg.bell = crate::bell::BellMode::Queue;
    let fx = app.update(msg_frame(message(2, 1, SenderKind::Visitor, "hello?", T0)));
    assert_eq!(fx, vec![], "a message in the background is quiet");
    assert!(app.convs[&cid(2)].attention, "but highlighted");
    let fx = app.update(msg_frame(message(
        1,
        2,
        SenderKind::Visitor,
        "still there?",
        T0,
    )));
    assert_eq!(fx, vec![], "in my conversation too");
    assert!(app.convs[&cid(1)].attention);

    let fx = app.update(event(conversation(4, T0, &[("name", "Cy")])));
    assert!(
        fx.contains(&Effect::Bell),
        "a new queued conversation rings: {fx:?}"
    );
    let fx = app.update(event(assigned(
        conversation(5, T0, &[("name", "Di")]),
        ME,
        T0,
    )));
    assert!(fx.contains(&Effect::Bell), "assigned to me rings: {fx:?}");
    let reopened = conversation(3, T0 - 9_000_000, &[]);
    let fx = app.update(event(reopened));
    assert!(
        fx.contains(&Effect::Bell),
        "a reopened conversation rings: {fx:?}"
    );

    // Several conversations entering the queue in one update ring once.
    let fx = app.update(Msg::Conversations(Ok(vec![
        conversation(6, T0, &[("name", "Ed")]),
        conversation(7, T0, &[("name", "Flo")]),
    ])));
    assert_eq!(
        fx.iter().filter(|e| **e == Effect::Bell).count(),
        1,
        "{fx:?}"
    );

    let mut off = with_conversations();
    off.cfg.bell = crate::bell::BellMode::Off;
    let fx = off.update(event(conversation(4, T0, &[("name", "Cy")])));
    assert!(!fx.contains(&Effect::Bell), "{fx:?}");
    assert!(off.convs[&cid(4)].attention, "off still highlights");
}

#[test]
fn the_open_conversation_is_read_not_rung() {
    let mut app = open_first();
    let fx = app.update(msg_frame(message(1, 2, SenderKind::Visitor, "hello?", T0)));
    assert_eq!(
        fx,
        vec![Effect::MarkRead {
            conversation_id: cid(1),
            seq: 2
        }]
    );
    assert!(!app.convs[&cid(1)].attention);
}

#[test]
fn a_reply_goes_through_the_outbox_until_its_message_arrives() {
    let mut app = open_first();
    let fx = type_text(&mut app, "On it");
    assert_eq!(
        fx,
        vec![Effect::Typing {
            conversation_id: cid(1),
            on: true
        }],
        "typing is announced once, not per key"
    );
    assert_eq!(draft(&app), "On it");
    let fx = app.update(key(KeyCode::Enter));
    let s = sends(&fx);
    assert_eq!(s.len(), 1);
    let (conv, client_id, body) = s[0].clone();
    assert_eq!((conv, body.as_str()), (cid(1), "On it"));
    let parsed = Uuid::parse_str(&client_id).unwrap();
    assert_eq!(parsed.get_version_num(), 4);
    assert!(fx.contains(&Effect::Typing {
        conversation_id: cid(1),
        on: false
    }));
    assert_eq!(draft(&app), "");
    assert_eq!(app.outbox.len(), 1);
    assert_eq!(app.outbox[0].state, SendState::Sent { at: T0 });

    app.update(frame(ServerFrame::Ack {
        ack: Ack {
            client_id: client_id.clone(),
            seq: 2,
            duplicate: false,
        },
        conversation_id: cid(1),
    }));
    assert_eq!(app.outbox[0].state, SendState::Acked { seq: 2 });
    assert!(app.unsaved().is_empty(), "acked is safe");
    let mut m = message(1, 2, SenderKind::Agent, "On it", T0);
    m.client_id = client_id;
    app.update(msg_frame(m));
    assert!(app.outbox.is_empty());
    assert_eq!(app.history.entries, vec!["On it".to_string()]);
}

#[test]
fn empty_and_oversized_replies_are_not_sent() {
    let mut app = open_first();
    type_text(&mut app, "   ");
    assert_eq!(sends(&app.update(key(KeyCode::Enter))), vec![]);
    let long = "x".repeat(8001);
    app.update(Msg::Paste(long));
    assert_eq!(sends(&app.update(key(KeyCode::Enter))), vec![]);
    assert!(app.notice.as_ref().unwrap().error);
    assert_eq!(draft(&app).trim().len(), 8001, "the text stays for editing");
}

#[test]
fn letters_in_the_composer_are_text_and_newlines_need_a_modifier() {
    let mut app = open_first();
    type_text(&mut app, "qc?j");
    assert_eq!(app.overlay, None, "no quit, close or help while typing");
    app.update(mods(KeyCode::Enter, KeyModifiers::ALT));
    type_text(&mut app, "b");
    app.update(mods(KeyCode::Char('j'), KeyModifiers::CONTROL));
    type_text(&mut app, "c");
    assert_eq!(draft(&app), "qc?j\nb\nc");
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(sends(&fx)[0].2, "qc?j\nb\nc");
}

#[test]
fn up_in_an_empty_composer_recalls_sent_replies() {
    let mut app = open_first();
    type_text(&mut app, "first");
    app.update(key(KeyCode::Enter));
    type_text(&mut app, "second");
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Up));
    assert_eq!(draft(&app), "second");
    app.update(key(KeyCode::Up));
    assert_eq!(draft(&app), "first");
    app.update(key(KeyCode::Up));
    assert_eq!(draft(&app), "first", "stops at the oldest");
    app.update(key(KeyCode::Down));
    assert_eq!(draft(&app), "second");
    app.update(key(KeyCode::Down));
    assert_eq!(draft(&app), "", "past the newest: empty again");
    type_text(&mut app, "new");
    app.update(key(KeyCode::Up));
    assert_eq!(
        draft(&app),
        "new",
        "Up in a non-empty composer moves the cursor"
    );
}

#[test]
fn paste_goes_into_the_composer_with_its_newlines() {
    let mut app = open_first();
    app.update(key(KeyCode::Esc));
    assert_eq!(app.focus, Pane::Transcript);
    let fx = app.update(Msg::Paste("line one\r\nline two".into()));
    assert_eq!(app.focus, Pane::Composer);
    assert_eq!(draft(&app), "line one\nline two");
    assert_eq!(
        fx,
        vec![Effect::Typing {
            conversation_id: cid(1),
            on: true
        }]
    );
}

#[test]
fn typing_stops_after_idle() {
    let mut app = open_first();
    type_text(&mut app, "hm");
    assert_eq!(app.update(Msg::Tick { now: T0 + 2_000 }), vec![]);
    assert_eq!(
        app.update(Msg::Tick { now: T0 + 5_000 }),
        vec![Effect::Typing {
            conversation_id: cid(1),
            on: false
        }]
    );
    assert_eq!(draft(&app), "hm", "the draft stays");
}

#[test]
fn reconnect_resumes_every_conversation_and_resends_the_outbox_once() {
    let mut app = open_first();
    type_text(&mut app, "sent before the drop");
    let first = sends(&app.update(key(KeyCode::Enter)))[0].1.clone();
    type_text(&mut app, "half-typed");

    let fx = app.update(Msg::Disconnected {
        reason: "cannot connect".into(),
        kind: DropKind::Retry,
    });
    let [
        Effect::RetryAfter {
            delay_ms,
            attempt: 1,
        },
    ] = fx[..]
    else {
        panic!("{fx:?}")
    };
    assert!((250..=500).contains(&delay_ms), "{delay_ms}");
    assert!(matches!(app.link, Link::Retrying { attempt: 1, .. }));
    assert_eq!(draft(&app), "half-typed", "a drop never touches the draft");

    // A reply typed while offline is queued, not sent.
    app.update(key(KeyCode::Enter));
    assert_eq!(app.outbox.len(), 2);
    assert_eq!(app.outbox[1].state, SendState::Waiting { at: 0 });
    let second = app.outbox[1].client_id.clone();

    // The retry fails too: the wait grows.
    assert_eq!(
        app.update(Msg::RetryDue { attempt: 1 }),
        vec![Effect::Connect]
    );
    let fx = app.update(Msg::Disconnected {
        reason: "cannot connect".into(),
        kind: DropKind::Retry,
    });
    let [
        Effect::RetryAfter {
            delay_ms,
            attempt: 2,
        },
    ] = fx[..]
    else {
        panic!("{fx:?}")
    };
    assert!((500..=1000).contains(&delay_ms), "{delay_ms}");
    assert_eq!(
        app.update(Msg::RetryDue { attempt: 1 }),
        vec![],
        "stale timer"
    );
    assert_eq!(
        app.update(Msg::RetryDue { attempt: 2 }),
        vec![Effect::Connect]
    );

    // Meanwhile the visitor wrote seq 2 (and our first reply became seq 3).
    let fx = app.update(connected("e1"));
    assert_eq!(
        fx,
        vec![
            Effect::ListConversations,
            Effect::Subscribe {
                conversation_id: cid(1),
                last_seq: 1
            },
            Effect::Subscribe {
                conversation_id: cid(2),
                last_seq: 0
            },
            Effect::LoadNotes {
                conversation_id: cid(1)
            },
            Effect::Send {
                conversation_id: cid(1),
                client_id: first.clone(),
                body: "sent before the drop".into()
            },
            Effect::Send {
                conversation_id: cid(1),
                client_id: second.clone(),
                body: "half-typed".into()
            },
        ],
        "the open conversation resumes first, from the seq held, its notes are read again; the outbox follows in order"
    );
    app.update(msg_frame(message(
        1,
        1,
        SenderKind::Visitor,
        "replayed dup",
        T0,
    )));
    app.update(msg_frame(message(
        1,
        2,
        SenderKind::Visitor,
        "are you there?",
        T0,
    )));
    let mut m3 = message(1, 3, SenderKind::Agent, "sent before the drop", T0);
    m3.client_id = first.clone();
    app.update(msg_frame(m3));
    app.update(synced(1, 3));
    app.update(frame(ServerFrame::Ack {
        ack: Ack {
            client_id: first,
            seq: 3,
            duplicate: true,
        },
        conversation_id: cid(1),
    }));
    assert_eq!(
        app.outbox.len(),
        1,
        "the first reply is stored once and done"
    );
    let c = &app.convs[&cid(1)];
    assert_eq!(
        c.messages.values().map(|m| m.seq).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    assert_eq!(c.messages[&1].body, "hi, my order is late");
    assert_eq!(app.outbox[0].client_id, second);
    assert!(matches!(app.link, Link::Online { .. }));
    assert!(app.notice.as_ref().unwrap().text.contains("Reconnected"));
}

#[test]
fn messages_missed_while_offline_are_news_in_background_conversations() {
    let mut app = open_first();
    app.update(Msg::Disconnected {
        reason: "x".into(),
        kind: DropKind::Retry,
    });
    app.update(Msg::RetryDue { attempt: 1 });
    app.update(connected("e1"));
    let fx = app.update(msg_frame(message(2, 1, SenderKind::Visitor, "hello?", T0)));
    assert_eq!(
        fx,
        vec![Effect::Bell],
        "conversation 2 was synced once before"
    );
}

#[test]
fn a_new_epoch_drops_local_history() {
    let mut app = with_conversations();
    app.update(Msg::Disconnected {
        reason: "x".into(),
        kind: DropKind::Retry,
    });
    app.update(Msg::RetryDue { attempt: 1 });
    let fx = app.update(connected("e2"));
    assert!(fx.contains(&Effect::Subscribe {
        conversation_id: cid(1),
        last_seq: 0
    }));
    assert!(app.convs[&cid(1)].messages.is_empty());
}

#[test]
fn refused_sends_retry_when_busy_and_fail_when_invalid() {
    let mut app = open_first();
    type_text(&mut app, "a");
    let a = sends(&app.update(key(KeyCode::Enter)))[0].1.clone();
    type_text(&mut app, "b");
    let b = sends(&app.update(key(KeyCode::Enter)))[0].1.clone();
    app.update(frame(ServerFrame::Error {
        code: proto::ErrorCode::RateLimited,
        message: "slow down".into(),
        client_id: Some(a.clone()),
    }));
    app.update(frame(ServerFrame::Error {
        code: proto::ErrorCode::NotFound,
        message: "conversation not found".into(),
        client_id: Some(b),
    }));
    assert!(matches!(app.outbox[1].state, SendState::Failed { .. }));
    assert_eq!(app.unsaved().len(), 2, "a failed reply is still unsent");
    assert_eq!(sends(&app.update(Msg::Tick { now: T0 + 1_000 })), vec![]);
    let fx = app.update(Msg::Tick { now: T0 + 2_000 });
    assert_eq!(sends(&fx).len(), 1);
    assert_eq!(sends(&fx)[0].1, a);
    // No ack within the resend time: sent again under the same id.
    let fx = app.update(Msg::Tick { now: T0 + 23_000 });
    assert_eq!(sends(&fx)[0].1, a);
}

#[test]
fn silence_on_the_socket_means_reconnect() {
    let mut app = with_conversations();
    let hb = i64::try_from(HB).unwrap() * 1000;
    assert_eq!(
        app.update(Msg::Tick { now: T0 + hb }),
        vec![Effect::Ping { nonce: "p1".into() }]
    );
    app.update(frame(ServerFrame::Pong {
        nonce: Some("p1".into()),
    }));
    let fx = app.update(Msg::Tick {
        now: T0 + 3 * hb + 5_001,
    });
    assert!(
        matches!(
            fx[..],
            [Effect::Disconnect, Effect::RetryAfter { attempt: 1, .. }]
        ),
        "{fx:?}"
    );
    assert!(app.convs.values().all(|c| c.sub == Sub::None));
}

#[test]
fn backoff_grows_to_a_cap_with_jitter() {
    let cases = [
        (1, 0, 250),
        (1, u64::MAX, 250 + u64::MAX % 251),
        (2, 0, 500),
        (3, 7, 1007),
        (4, 0, 2000),
        (5, 0, 2500),
        (9, 0, 2500),
    ];
    for (attempt, r, want) in cases {
        assert_eq!(backoff_ms(attempt, r), want, "attempt {attempt}");
    }
    for attempt in 1..20 {
        assert!(backoff_ms(attempt, u64::MAX) <= 5000);
    }
}

#[test]
fn an_expired_login_shows_the_form_and_keeps_the_work() {
    let mut app = open_first();
    type_text(&mut app, "keep me");
    let fx = app.update(Msg::Disconnected {
        reason: "invalid token".into(),
        kind: DropKind::Auth,
    });
    assert_eq!(fx, vec![]);
    assert_eq!(app.screen, Screen::Login);
    assert!(app.login.error.as_ref().unwrap().contains("log in again"));
    assert_eq!(draft(&app), "keep me");
}

#[test]
fn quitting_asks_only_when_something_is_unsent() {
    let mut app = with_conversations();
    assert_eq!(app.update(ch('q')), vec![Effect::Quit]);

    let mut app = open_first();
    type_text(&mut app, "draft");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.update(ch('q')), vec![]);
    assert_eq!(app.overlay, Some(Overlay::ConfirmQuit));
    assert_eq!(app.update(ch('n')), vec![]);
    assert_eq!(app.overlay, None);
    let ctrl_c = mods(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(app.update(ctrl_c.clone()), vec![]);
    assert_eq!(app.update(ctrl_c), vec![Effect::Quit], "Ctrl-C twice quits");
}

#[test]
fn closing_asks_first() {
    let mut app = open_first();
    app.update(key(KeyCode::Esc));
    app.update(ch('c'));
    assert_eq!(app.overlay, Some(Overlay::ConfirmClose(cid(1))));
    assert_eq!(app.update(ch('n')), vec![]);
    app.update(ch('c'));
    assert_eq!(
        app.update(ch('y')),
        vec![Effect::CloseConversation {
            conversation_id: cid(1)
        }]
    );
    app.update(Msg::CloseDone {
        conversation_id: cid(1),
        result: Ok(Box::new(closed(conversation(1, T0 - 300_000, &[]), T0))),
    });
    assert_eq!(app.convs[&cid(1)].lane(Some(ME)), Lane::Closed);
    assert_eq!(app.convs[&cid(1)].messages.len(), 1, "history kept");
    app.update(ch('c'));
    assert_eq!(app.overlay, None, "closed already");
}

#[test]
fn panes_cycle_and_escape_backs_out() {
    let mut app = with_conversations();
    app.update(key(KeyCode::Tab));
    assert_eq!(
        app.focus,
        Pane::List,
        "only the list until something is open"
    );
    app.update(ch('j'));
    assert_eq!(app.selected, Some(cid(1)));
    app.update(key(KeyCode::Down));
    assert_eq!(app.selected, Some(cid(3)));
    app.update(ch('g'));
    assert_eq!(app.selected, Some(cid(2)));
    app.update(key(KeyCode::Enter));
    assert_eq!(app.focus, Pane::Composer);
    app.update(key(KeyCode::Tab));
    assert_eq!(app.focus, Pane::List);
    app.update(key(KeyCode::BackTab));
    assert_eq!(app.focus, Pane::Composer);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.focus, Pane::Transcript);
    app.update(key(KeyCode::Esc));
    assert_eq!(app.focus, Pane::List);
    app.update(ch('?'));
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 0 }));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.overlay, None);
}

#[test]
fn next_jumps_to_what_needs_attention() {
    let mut app = open_first();
    app.update(msg_frame(message(2, 1, SenderKind::Visitor, "hello?", T0)));
    app.update(key(KeyCode::Esc));
    app.update(ch('n'));
    assert_eq!(app.open, Some(cid(2)));
    assert!(!app.convs[&cid(2)].attention);
}

#[test]
fn drafts_belong_to_their_conversation() {
    let mut app = open_first();
    type_text(&mut app, "for Ann");
    let fx = app.update(key(KeyCode::Esc));
    assert_eq!(
        fx,
        vec![Effect::Typing {
            conversation_id: cid(1),
            on: false
        }],
        "leaving the composer stops the typing indicator"
    );
    app.update(key(KeyCode::Esc));
    app.update(ch('k'));
    app.update(key(KeyCode::Enter));
    assert_eq!(app.open, Some(cid(2)));
    assert_eq!(draft(&app), "");
    type_text(&mut app, "for Bob");
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Esc));
    app.update(ch('j'));
    app.update(key(KeyCode::Enter));
    assert_eq!(draft(&app), "for Ann");
}

#[test]
fn typing_and_read_receipts_from_the_server() {
    let mut app = open_first();
    app.update(frame(ServerFrame::Typing {
        conversation_id: cid(1),
        sender: SenderKind::Visitor,
        on: true,
    }));
    assert!(app.convs[&cid(1)].visitor_typing(T0 + 1_000));
    assert!(!app.convs[&cid(1)].visitor_typing(T0 + 9_000), "expires");
    app.update(frame(ServerFrame::Typing {
        conversation_id: cid(1),
        sender: SenderKind::Agent,
        on: true,
    }));
    app.update(frame(ServerFrame::Read {
        conversation_id: cid(1),
        visitor_read_seq: 1,
        agent_read_seq: 1,
    }));
    assert_eq!(app.convs[&cid(1)].info.visitor_read_seq, 1);
}

#[test]
fn offline_opening_reads_history_over_rest() {
    let mut app = with_conversations();
    app.update(Msg::Disconnected {
        reason: "x".into(),
        kind: DropKind::Retry,
    });
    app.update(ch('G'));
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(
        fx,
        vec![
            Effect::LoadNotes {
                conversation_id: cid(3)
            },
            Effect::FetchHistory {
                conversation_id: cid(3),
                after_seq: 0
            }
        ]
    );
    let page = proto::conversations::MessagePage {
        messages: vec![message(3, 1, SenderKind::Visitor, "old", T0 - 9_000_000)],
        last_seq: 2,
        more: true,
    };
    let fx = app.update(Msg::History {
        conversation_id: cid(3),
        result: Ok(page),
    });
    assert_eq!(
        fx,
        vec![Effect::FetchHistory {
            conversation_id: cid(3),
            after_seq: 1
        }]
    );
}

// ---- the queue: accept, transfer, return to the assistant, presence ----

fn error(code: proto::ErrorCode, message: &str) -> Msg {
    frame(ServerFrame::Error {
        code,
        message: message.into(),
        client_id: None,
    })
}

fn name_agent(app: &mut App, id: Uuid, name: &str) {
    app.agents.entry(id).or_default().name = Some(name.into());
}

fn notice(app: &App) -> String {
    app.notice
        .as_ref()
        .map(|n| n.text.clone())
        .unwrap_or_default()
}

#[test]
fn accept_takes_a_queued_conversation_and_holds_the_reply_until_it_is_mine() {
    let mut app = with_conversations();
    assert_eq!(app.selected, Some(cid(2)));
    let fx = app.update(ch('a'));
    assert_eq!(
        fx,
        vec![
            Effect::Accept {
                conversation_id: cid(2)
            },
            Effect::LoadNotes {
                conversation_id: cid(2)
            }
        ]
    );
    assert_eq!(app.open, Some(cid(2)), "accepting opens it");
    assert_eq!(app.focus, Pane::Composer, "…ready for a reply");
    assert!(app.accepting(cid(2)));
    let fx = app.update(ch('a'));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Accept { .. })),
        "a letter in the composer is text"
    );
    app.update(key(KeyCode::Backspace));

    type_text(&mut app, "Hi Bob");
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(sends(&fx), vec![], "held until chatd says who got it");
    assert_eq!(app.outbox[0].state, SendState::Waiting { at: 0 });
    assert_eq!(
        app.update(Msg::Tick { now: T0 + 1_000 }),
        vec![],
        "still held on the clock"
    );

    let fx = app.update(event(assigned(
        conversation(2, T0 - 60_000, &[("name", "Bob")]),
        ME,
        T0,
    )));
    assert_eq!(sends(&fx).len(), 1, "released: {fx:?}");
    assert!(!fx.contains(&Effect::Bell), "my own accept is not news");
    assert_eq!(app.lane_of(&app.convs[&cid(2)]), Lane::Mine);
    assert!(!app.accepting(cid(2)));
    assert_eq!(app.queue_depth(), 0);
}

#[test]
fn a_lost_accept_says_who_took_it_and_keeps_the_reply_unsent() {
    let mut app = with_conversations();
    app.update(ch('a'));
    type_text(&mut app, "Hi Bob");
    app.update(key(KeyCode::Enter));
    let fx = app.update(error(proto::ErrorCode::Conflict, "already taken by Bea"));
    assert_eq!(fx, vec![]);
    let n = app.notice.clone().unwrap();
    assert_eq!(n.text, "Bob: already taken by Bea");
    assert!(n.error);
    assert!(
        matches!(&app.outbox[0].state, SendState::Failed { reason } if reason == "already taken by Bea")
    );
    assert!(!app.accepting(cid(2)));
    // The event follows and moves it out of the queue; nothing is sent.
    let fx = app.update(event(assigned(
        conversation(2, T0 - 60_000, &[("name", "Bob")]),
        BEA,
        T0,
    )));
    assert_eq!(sends(&fx), vec![]);
    assert_eq!(app.lane_of(&app.convs[&cid(2)]), Lane::Others);
    assert_eq!(app.rows()[0], Row::Heading(Lane::Queue, 0));
}

#[test]
fn a_lost_accept_seen_first_in_the_event_is_reported_once() {
    let mut app = with_conversations();
    name_agent(&mut app, BEA, "Bea");
    app.update(ch('a'));
    app.update(event(assigned(
        conversation(2, T0 - 60_000, &[("name", "Bob")]),
        BEA,
        T0,
    )));
    assert_eq!(notice(&app), "Bob: already taken by Bea");
    app.notice = None;
    app.update(error(proto::ErrorCode::Conflict, "already taken by Bea"));
    assert_eq!(app.notice, None, "the conflict that follows is not news");
    assert!(app.pending.is_empty());
}

#[test]
fn accepting_what_cannot_be_accepted_explains_why_without_asking_chatd() {
    let mut app = with_conversations();
    name_agent(&mut app, BEA, "Bea");
    app.update(ch('j'));
    assert_eq!(app.update(ch('a')), vec![]);
    assert_eq!(notice(&app), "ann@example.com is yours already");
    app.update(event(assigned(
        conversation(2, T0 - 60_000, &[("name", "Bob")]),
        BEA,
        T0,
    )));
    app.update(ch('g'));
    assert_eq!(app.selected, Some(cid(1)), "the queue is empty now");
    app.selected = Some(cid(2));
    assert_eq!(app.update(ch('a')), vec![]);
    assert_eq!(notice(&app), "Bob: already taken by Bea");
    assert!(app.notice.as_ref().unwrap().error);
}

#[test]
fn a_conversation_with_the_assistant_can_be_taken_over() {
    let mut app = with_conversations();
    app.update(event(with_ai(conversation(4, T0, &[("name", "Cy")]))));
    app.update(synced(4, 0));
    app.selected = Some(cid(4));
    assert_eq!(
        app.update(ch('a')),
        vec![
            Effect::Accept {
                conversation_id: cid(4)
            },
            Effect::LoadNotes {
                conversation_id: cid(4)
            }
        ]
    );
    assert_eq!(app.state_label(&app.convs[&cid(4)]), "with the assistant");
}

#[test]
fn replying_to_a_queued_conversation_accepts_it_first() {
    let mut app = with_conversations();
    app.update(key(KeyCode::Enter));
    assert_eq!(app.open, Some(cid(2)));
    type_text(&mut app, "Hello");
    let fx = app.update(key(KeyCode::Enter));
    assert!(
        fx.contains(&Effect::Accept {
            conversation_id: cid(2)
        }),
        "{fx:?}"
    );
    assert_eq!(sends(&fx), vec![]);
    // chatd says it was ours already: success.
    let fx = app.update(error(proto::ErrorCode::Conflict, "already taken by you"));
    assert_eq!(sends(&fx).len(), 1);
    assert_eq!(app.notice, None);
}

#[test]
fn an_accept_is_asked_again_after_a_reconnect() {
    let mut app = with_conversations();
    app.update(ch('a'));
    app.update(Msg::Disconnected {
        reason: "x".into(),
        kind: DropKind::Retry,
    });
    type_text(&mut app, "typed offline");
    app.update(key(KeyCode::Enter));
    app.update(Msg::RetryDue { attempt: 1 });
    let fx = app.update(connected("e1"));
    assert!(fx.contains(&Effect::Accept {
        conversation_id: cid(2)
    }));
    assert_eq!(sends(&fx), vec![], "the reply still waits for the accept");
    let fx = app.update(event(assigned(
        conversation(2, T0 - 60_000, &[("name", "Bob")]),
        ME,
        T0,
    )));
    assert_eq!(sends(&fx)[0].2, "typed offline");
}

#[test]
fn entering_the_queue_or_being_assigned_is_news_a_new_ai_chat_is_not() {
    let mut app = with_conversations();
    let fx = app.update(event(with_ai(conversation(4, T0, &[("name", "Cy")]))));
    assert!(!fx.contains(&Effect::Bell), "{fx:?}");
    assert!(!app.convs[&cid(4)].attention);
    let fx = app.update(msg_frame(message(4, 1, SenderKind::Visitor, "hi bot", T0)));
    assert_eq!(fx, vec![], "the assistant's chats stay quiet");

    let mut queued = conversation(4, T0, &[("name", "Cy")]);
    queued.escalation_reason = Some("ai_handoff: billing question".into());
    let fx = app.update(event(queued.clone()));
    assert_eq!(fx, vec![Effect::Bell]);
    assert!(app.convs[&cid(4)].attention);
    assert_eq!(
        notice(&app),
        "Waiting: Cy (assistant handed off: billing question)"
    );

    // Bea hands it to me.
    let fx = app.update(event(assigned(queued, ME, T0)));
    assert_eq!(fx, vec![Effect::Bell]);
    assert_eq!(notice(&app), "Assigned to you: Cy");
    assert_eq!(app.lane_of(&app.convs[&cid(4)]), Lane::Mine);
}

fn users() -> Vec<User> {
    let u = |id: Uuid, name: &str, role: Role, disabled: bool| User {
        id,
        email: format!("{}@example.com", name.to_lowercase()),
        name: name.into(),
        role,
        disabled,
        created_at: T0,
    };
    vec![
        u(ME, "Sam", Role::Admin, false),
        u(BEA, "Bea", Role::Agent, false),
        u(cid(79), "Cy", Role::Agent, true),
        u(cid(80), "Dan", Role::Agent, false),
        u(cid(81), "Ada", Role::Admin, false),
    ]
}

#[test]
fn admins_transfer_through_a_picker_of_the_widgets_agents() {
    let mut app = with_conversations();
    app.update(Msg::Identity(sam(true)));
    app.update(ch('j'));
    let fx = app.update(ch('t'));
    assert_eq!(
        fx,
        vec![
            Effect::LoadUsers,
            Effect::LoadMembers {
                widget_id: cid(999)
            }
        ]
    );
    let Some(Overlay::Transfer(p)) = app.overlay.clone() else {
        panic!("{:?}", app.overlay)
    };
    assert_eq!(p.conversation_id, cid(1));
    app.update(Msg::Users(Ok(users())));
    app.update(Msg::Members {
        widget_id: cid(999),
        result: Ok(vec![BEA, cid(79)]),
    });
    app.update(frame(ServerFrame::AgentPresence {
        user_id: BEA,
        status: PresenceStatus::Online,
    }));
    let names = |app: &App| {
        let Some(Overlay::Transfer(p)) = &app.overlay else {
            panic!()
        };
        app.transfer_candidates(p)
            .into_iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&app),
        vec!["Bea", "Ada"],
        "online first; admins work everywhere; not me, not disabled, not other widgets' agents"
    );
    // Letters search here (even j and q); arrows move.
    type_text(&mut app, "ad");
    assert_eq!(names(&app), vec!["Ada"]);
    app.update(key(KeyCode::Backspace));
    app.update(key(KeyCode::Backspace));
    app.update(key(KeyCode::Down));
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(
        fx,
        vec![Effect::Transfer {
            conversation_id: cid(1),
            to_user_id: cid(81)
        }]
    );
    assert_eq!(app.overlay, None);
    app.update(event(assigned(
        conversation(1, T0 - 300_000, &[("email", "ann@example.com")]),
        cid(81),
        T0,
    )));
    assert_eq!(notice(&app), "Handed ann@example.com to Ada.");
    assert_eq!(app.lane_of(&app.convs[&cid(1)]), Lane::Others);
}

#[test]
fn agents_transfer_by_user_id_or_to_agents_seen() {
    let mut app = with_conversations();
    app.update(Msg::Identity(sam(false)));
    app.update(ch('j'));
    assert_eq!(app.update(ch('t')), vec![], "only admins may list users");
    name_agent(&mut app, BEA, "Bea");
    let Some(Overlay::Transfer(p)) = app.overlay.clone() else {
        panic!()
    };
    let seen: Vec<_> = app
        .transfer_candidates(&p)
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(seen, vec!["Bea"]);
    let id = Uuid::from_u128(0xabc);
    type_text(&mut app, &id.to_string());
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(
        fx,
        vec![Effect::Transfer {
            conversation_id: cid(1),
            to_user_id: id
        }]
    );
    // chatd refuses: the reason is shown with what was asked.
    app.update(error(
        proto::ErrorCode::BadRequest,
        "to_user_id: Zed does not work on this widget",
    ));
    assert_eq!(
        notice(&app),
        "Transfer (ann@example.com): to_user_id: Zed does not work on this widget"
    );
    assert!(app.pending.is_empty());
}

#[test]
fn only_an_assigned_conversation_is_transferred() {
    let mut app = with_conversations();
    assert_eq!(app.update(ch('t')), vec![]);
    assert_eq!(app.overlay, None);
    assert!(notice(&app).contains("accept it first"));
}

#[test]
fn return_to_the_assistant_asks_first() {
    let mut app = open_first();
    app.update(key(KeyCode::Esc));
    app.update(ch('R'));
    assert_eq!(app.overlay, Some(Overlay::ConfirmReturn(cid(1))));
    assert_eq!(app.update(ch('n')), vec![]);
    app.update(ch('R'));
    assert_eq!(
        app.update(ch('y')),
        vec![Effect::ReturnToAi {
            conversation_id: cid(1)
        }]
    );
    let back = with_ai(conversation(
        1,
        T0 - 300_000,
        &[("email", "ann@example.com")],
    ));
    app.update(event(back));
    assert_eq!(notice(&app), "ann@example.com is back with the assistant.");
    app.update(ch('R'));
    assert_eq!(app.overlay, None);
    assert!(notice(&app).contains("with the assistant already"));
}

#[test]
fn presence_toggles_and_survives_a_reconnect() {
    let mut app = with_conversations();
    app.update(frame(ServerFrame::AgentPresence {
        user_id: ME,
        status: PresenceStatus::Online,
    }));
    app.update(frame(ServerFrame::AgentPresence {
        user_id: BEA,
        status: PresenceStatus::Away,
    }));
    assert_eq!(app.presence_counts(), (1, 1));
    assert_eq!(
        app.update(ch('p')),
        vec![Effect::SetPresence {
            status: PresenceStatus::Away
        }]
    );
    assert_eq!(app.my_presence(), PresenceStatus::Away);
    assert_eq!(app.presence_counts(), (0, 2), "shown at once");

    app.update(Msg::Disconnected {
        reason: "x".into(),
        kind: DropKind::Retry,
    });
    assert_eq!(app.presence_counts(), (0, 0), "stale once disconnected");
    app.update(Msg::RetryDue { attempt: 1 });
    let fx = app.update(connected("e1"));
    assert!(fx.contains(&Effect::SetPresence {
        status: PresenceStatus::Away
    }));
    // chatd counts a new socket online first; my away follows.
    app.update(frame(ServerFrame::AgentPresence {
        user_id: ME,
        status: PresenceStatus::Online,
    }));
    app.update(frame(ServerFrame::AgentPresence {
        user_id: ME,
        status: PresenceStatus::Away,
    }));
    assert_eq!(app.my_presence(), PresenceStatus::Away);
    assert_eq!(
        app.update(ch('p')),
        vec![Effect::SetPresence {
            status: PresenceStatus::Online
        }]
    );
    assert_eq!(app.my_presence(), PresenceStatus::Online);
}

#[test]
fn the_supervisor_view_is_for_admins_and_refreshes_its_figures() {
    let mut app = with_conversations();
    app.update(Msg::Identity(sam(false)));
    assert_eq!(app.update(ch('S')), vec![]);
    assert_eq!(app.view, View::Workspace);
    assert_eq!(notice(&app), "The supervisor view is for admins.");

    let mut app = with_conversations();
    app.update(Msg::Identity(sam(true)));
    assert_eq!(
        app.update(ch('S')),
        vec![Effect::LoadUsers, Effect::LoadStats]
    );
    assert_eq!(app.view, View::Supervisor);
    assert_eq!(app.update(ch('a')), vec![], "no conversation keys here");
    let no_ping = |fx: Vec<Effect>| -> Vec<Effect> {
        fx.into_iter()
            .filter(|e| !matches!(e, Effect::Ping { .. }))
            .collect()
    };
    assert_eq!(no_ping(app.update(Msg::Tick { now: T0 + 30_000 })), vec![]);
    app.update(frame(ServerFrame::Pong { nonce: None }));
    assert_eq!(
        no_ping(app.update(Msg::Tick { now: T0 + 60_000 })),
        vec![Effect::LoadStats]
    );
    assert_eq!(app.update(ch('r')), vec![Effect::LoadStats]);
    app.update(ch('?'));
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.view, View::Supervisor, "the help returns to the view");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.view, View::Workspace);
    assert_eq!(no_ping(app.update(Msg::Tick { now: T0 + 70_000 })), vec![]);
}

#[test]
fn activity_counts_messages_per_minute_and_the_queue() {
    let mut app = with_conversations();
    // The replayed "hi" of conversation 1, 290 s before T0, counts too.
    for (seq, at) in [(2, T0 - 1_000), (3, T0 - 500), (4, T0 - 61_000)] {
        app.update(msg_frame(message(1, seq, SenderKind::Visitor, "x", at)));
    }
    app.update(msg_frame(message(1, 5, SenderKind::System, "sys", T0)));
    let series = app.activity.messages_series(6, T0);
    assert_eq!(series, vec![1, 0, 0, 0, 1, 2]);
    assert_eq!(app.activity.last_minute(T0), 1);
    app.update(Msg::Tick { now: T0 + 60_000 });
    app.update(event(assigned(
        conversation(2, T0 - 60_000, &[("name", "Bob")]),
        ME,
        T0,
    )));
    assert_eq!(
        app.activity.queue_series(3, T0 + 60_000),
        vec![None, Some(1), Some(1)],
        "the longest queue of each minute; none before the client watched"
    );
    assert_eq!(app.loads().get(&ME), Some(&2));
}

#[test]
fn the_assistants_answer_is_shown_while_it_is_written() {
    let mut app = open_first();
    for t in ["Orders ship ", "within 2 days."] {
        app.update(frame(ServerFrame::AiDelta {
            conversation_id: cid(1),
            text: t.into(),
        }));
    }
    assert_eq!(
        app.convs[&cid(1)].ai_partial.as_deref(),
        Some("Orders ship within 2 days.")
    );
    app.update(msg_frame(message(
        1,
        2,
        SenderKind::Ai,
        "Orders ship within 2 days.",
        T0,
    )));
    assert_eq!(app.convs[&cid(1)].ai_partial, None);
}

#[test]
fn escalation_reasons_read_as_words() {
    for (raw, want) in [
        ("visitor_asked", "visitor asked for a person"),
        ("ai_handoff: refund", "assistant handed off: refund"),
        ("ai_failed", "assistant failed"),
        ("keyword: invoice", "keyword “invoice”"),
        ("no_ai", "assistant is off"),
        ("something_new", "something new"),
    ] {
        assert_eq!(reason_label(raw), want);
    }
}

#[test]
fn chatds_refusal_names_an_agent_this_client_never_saw() {
    let mut app = with_conversations();
    app.update(ch('a'));
    app.update(event(assigned(
        conversation(2, T0 - 60_000, &[("name", "Bob")]),
        BEA,
        T0,
    )));
    assert_eq!(notice(&app), "Bob: already taken by another agent");
    app.update(error(proto::ErrorCode::Conflict, "already taken by Bea"));
    assert_eq!(notice(&app), "Bob: already taken by Bea");
    assert_eq!(app.agent_name(BEA), "Bea");

    // Pressing accept on a conversation held by someone unnamed asks chatd,
    // whose refusal names them; nothing is opened meanwhile.
    let mut app = with_conversations();
    app.update(event(assigned(
        conversation(2, T0 - 60_000, &[("name", "Bob")]),
        cid(90),
        T0,
    )));
    app.selected = Some(cid(2));
    assert_eq!(
        app.update(ch('a')),
        vec![Effect::Accept {
            conversation_id: cid(2)
        }]
    );
    assert_eq!(app.open, None);
    app.update(error(proto::ErrorCode::Conflict, "already taken by Dee"));
    assert_eq!(notice(&app), "Bob: already taken by Dee");
    assert_eq!(app.agent_name(cid(90)), "Dee");
}

#[test]
fn a_conversation_moved_away_by_someone_else_is_announced() {
    let mut app = with_conversations();
    name_agent(&mut app, BEA, "Bea");
    app.update(event(assigned(
        conversation(1, T0 - 300_000, &[("email", "ann@example.com")]),
        BEA,
        T0,
    )));
    assert_eq!(notice(&app), "ann@example.com was handed to Bea.");
    assert_eq!(app.lane_of(&app.convs[&cid(1)]), Lane::Others);
}

pub fn canned_replies() -> Vec<proto::canned::CannedReply> {
    let r = |n: u128, shortcut: &str, title: &str, body: &str| proto::canned::CannedReply {
        id: cid(500 + n),
        shortcut: shortcut.into(),
        title: title.into(),
        body: body.into(),
        widget_id: None,
        created_at: T0,
        updated_at: T0,
    };
    vec![
        r(
            1,
            "refund-policy",
            "Refunds within 30 days",
            "You can return anything within 30 days for a full refund.\nStart at https://shop.example/returns.",
        ),
        r(
            2,
            "shipping",
            "Where we ship",
            "We ship to the EU, Norway and Switzerland.",
        ),
        r(
            3,
            "thanks",
            "Closing thanks",
            "Thanks for chatting with us, have a great day!",
        ),
    ]
}

fn canned_picker(app: &App) -> CannedPicker {
    match &app.overlay {
        Some(Overlay::Canned(p)) => p.clone(),
        other => panic!("no canned picker: {other:?}"),
    }
}

#[test]
fn ctrl_r_picks_a_canned_reply_by_fuzzy_search_and_inserts_it_unsent() {
    let mut app = open_first();
    type_text(&mut app, "Hi Ann!");
    let fx = app.update(mods(KeyCode::Char('r'), KeyModifiers::CONTROL));
    assert_eq!(
        fx,
        vec![Effect::LoadCanned {
            widget_id: cid(999)
        }]
    );
    assert_eq!(app.canned[&cid(999)], CannedList::Loading);
    assert!(app.canned_matches(&canned_picker(&app)).is_empty());
    app.update(Msg::Canned {
        widget_id: cid(999),
        result: Ok(canned_replies()),
    });
    let all: Vec<_> = app
        .canned_matches(&canned_picker(&app))
        .iter()
        .map(|r| r.shortcut.clone())
        .collect();
    assert_eq!(all, ["refund-policy", "shipping", "thanks"], "by shortcut");

    // Typed letters search (j and k are text here), by shortcut, title or body.
    type_text(&mut app, "norway");
    let hits: Vec<_> = app
        .canned_matches(&canned_picker(&app))
        .iter()
        .map(|r| r.shortcut.clone())
        .collect();
    assert_eq!(
        hits[0], "shipping",
        "a run in the body ranks first: {hits:?}"
    );
    assert!(
        !hits.contains(&"refund-policy".to_string()),
        "not a subsequence there"
    );
    for _ in 0.."norway".len() {
        app.update(key(KeyCode::Backspace));
    }
    type_text(&mut app, "rp");
    let p = canned_picker(&app);
    assert_eq!(p.query, "rp");
    assert_eq!(app.canned_matches(&p)[0].shortcut, "refund-policy");
    app.update(key(KeyCode::Down));
    app.update(key(KeyCode::Up));
    assert_eq!(canned_picker(&app).cursor, 0);

    let fx = app.update(key(KeyCode::Enter));
    assert!(sends(&fx).is_empty(), "inserting sends nothing: {fx:?}");
    assert_eq!(app.overlay, None);
    assert_eq!(app.focus, Pane::Composer);
    assert_eq!(
        draft(&app),
        "Hi Ann! You can return anything within 30 days for a full refund.\nStart at https://shop.example/returns."
    );
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(sends(&fx).len(), 1, "Enter in the composer sends it");
    assert!(sends(&fx)[0].2.starts_with("Hi Ann! You can return"));
}

#[test]
fn the_canned_picker_cancels_reports_failures_and_needs_a_conversation() {
    let mut app = open_first();
    type_text(&mut app, "draft");
    app.update(mods(KeyCode::Char('r'), KeyModifiers::CONTROL));
    app.update(Msg::Canned {
        widget_id: cid(999),
        result: Err("cannot reach chatd".into()),
    });
    assert_eq!(
        app.canned[&cid(999)],
        CannedList::Failed("cannot reach chatd".into())
    );
    let fx = app.update(key(KeyCode::Enter));
    assert!(fx.is_empty(), "nothing to insert: {fx:?}");
    assert!(matches!(app.overlay, Some(Overlay::Canned(_))));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.overlay, None);
    assert_eq!(draft(&app), "draft", "Esc leaves the draft alone");

    // A list held from before survives a failed reload.
    app.update(mods(KeyCode::Char('r'), KeyModifiers::CONTROL));
    app.update(Msg::Canned {
        widget_id: cid(999),
        result: Ok(canned_replies()),
    });
    app.update(key(KeyCode::Esc));
    app.update(mods(KeyCode::Char('r'), KeyModifiers::CONTROL));
    app.update(Msg::Canned {
        widget_id: cid(999),
        result: Err("boom".into()),
    });
    assert_eq!(app.canned_matches(&canned_picker(&app)).len(), 3);
    assert!(notice(&app).contains("boom"));
    type_text(&mut app, "zzz");
    assert!(app.canned_matches(&canned_picker(&app)).is_empty());

    let mut empty = online();
    empty.update(Msg::Conversations(Ok(vec![])));
    let fx = empty.update(mods(KeyCode::Char('r'), KeyModifiers::CONTROL));
    assert!(fx.is_empty());
    assert_eq!(empty.overlay, None);
    assert_eq!(notice(&empty), crate::strings::CANNED_NOTHING_OPEN);
}

fn searches(fx: &[Effect]) -> Vec<(u64, String, bool, Option<i64>)> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::SearchConversations {
                seq,
                q,
                closed_only,
                before,
            } => Some((*seq, q.clone(), *closed_only, *before)),
            _ => None,
        })
        .collect()
}

/// Closed conversations 100.. as the search finds them, newest first.
pub fn found(n: usize) -> Vec<Conversation> {
    (0..n)
        .map(|i| {
            let at = T0 - 86_400_000 - (i as i64) * 60_000;
            let who = format!("Found {i}");
            let mut c = closed(
                conversation(100 + i as u128, at - 600_000, &[("name", who.as_str())]),
                at,
            );
            c.updated_at = at;
            c
        })
        .collect()
}

#[test]
fn slash_searches_closed_conversations_pages_and_drops_stale_answers() {
    let mut app = with_conversations();
    let fx = app.update(ch('/'));
    assert_eq!(
        searches(&fx),
        [(1, String::new(), true, None)],
        "the latest closed"
    );
    assert_eq!(app.overlay, Some(Overlay::Search));
    type_text(&mut app, "parcel");
    assert_eq!(
        app.search.query, "parcel",
        "j, k, q and friends are text here"
    );
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(searches(&fx), [(2, "parcel".into(), true, None)]);
    // The answer to the first request comes late: dropped.
    app.update(Msg::SearchResults {
        seq: 1,
        next_page: false,
        result: Ok(found(3)),
    });
    assert!(app.search.results.is_empty() && app.search.loading);
    app.update(Msg::SearchResults {
        seq: 2,
        next_page: false,
        result: Ok(found(SEARCH_PAGE as usize)),
    });
    assert!(!app.search.loading && app.search.more);
    for _ in 0..SEARCH_PAGE - 1 {
        assert!(searches(&app.update(key(KeyCode::Down))).is_empty());
    }
    assert_eq!(app.search.cursor, SEARCH_PAGE as usize - 1);
    let last = app.search.results.last().unwrap().updated_at;
    let fx = app.update(key(KeyCode::Down));
    assert_eq!(
        searches(&fx),
        [(3, "parcel".into(), true, Some(last))],
        "past the end: more"
    );
    let mut next = found(SEARCH_PAGE as usize + 2);
    next.drain(..SEARCH_PAGE as usize - 1); // one overlaps: kept once
    app.update(Msg::SearchResults {
        seq: 3,
        next_page: true,
        result: Ok(next),
    });
    assert_eq!(app.search.results.len(), SEARCH_PAGE as usize + 2);
    assert!(!app.search.more, "a short page is the last");
    assert!(searches(&app.update(key(KeyCode::Down))).len() <= 1);

    // Tab: every status, searched again from the top.
    let fx = app.update(key(KeyCode::Tab));
    assert_eq!(searches(&fx), [(4, "parcel".into(), false, None)]);
    app.update(Msg::SearchResults {
        seq: 4,
        next_page: false,
        result: Err("cannot reach chatd".into()),
    });
    assert_eq!(app.search.error.as_deref(), Some("cannot reach chatd"));
    app.update(key(KeyCode::Esc));
    assert_eq!(app.overlay, None);
    // Kept for the next time: no new request.
    let fx = app.update(ch('/'));
    assert!(searches(&fx).is_empty());
    assert_eq!(app.search.query, "parcel");
}

#[test]
fn a_closed_transcript_opened_from_the_search_is_read_only() {
    let mut app = with_conversations();
    app.update(ch('/'));
    app.update(Msg::SearchResults {
        seq: 1,
        next_page: false,
        result: Ok(found(2)),
    });
    app.update(key(KeyCode::Down));
    let fx = app.update(key(KeyCode::Enter));
    let id = cid(101);
    assert_eq!(app.open, Some(id));
    assert_eq!(app.overlay, None);
    assert_eq!(app.focus, Pane::Transcript);
    assert!(
        fx.contains(&Effect::Subscribe {
            conversation_id: id,
            last_seq: 0
        }),
        "its history is streamed: {fx:?}"
    );
    assert!(app.read_only(id));
    app.update(msg_frame(message(
        101,
        1,
        SenderKind::Visitor,
        "old news",
        T0,
    )));
    assert_eq!(app.convs[&id].messages.len(), 1);

    app.update(ch('i'));
    assert_eq!(app.focus, Pane::Transcript, "no reply box");
    app.update(key(KeyCode::Tab));
    app.update(key(KeyCode::Tab));
    assert_ne!(app.focus, Pane::Composer, "Tab skips the reply box");
    let fx = app.update(Msg::Paste("pasted".into()));
    assert!(sends(&fx).is_empty());
    assert!(app.drafts.get(&id).is_none_or(|t| t.is_empty()));
    assert_eq!(notice(&app), crate::strings::READ_ONLY);

    // It reopens (the visitor wrote again): an ordinary conversation.
    let mut reopened = app.convs[&id].info.clone();
    reopened.status = ConversationStatus::Open;
    reopened.closed_at = None;
    app.update(event(reopened));
    assert!(!app.read_only(id));

    // A conversation the list holds opens as usual from the search.
    app.update(ch('/'));
    app.search.results = vec![app.convs[&cid(1)].info.clone()];
    app.search.cursor = 0;
    app.update(key(KeyCode::Enter));
    assert_eq!(app.open, Some(cid(1)));
    assert!(!app.read_only(cid(1)));
    app.update(ch('i'));
    assert_eq!(app.focus, Pane::Composer);
}

pub fn note(conv: u128, n: u128, author: &str, body: &str, at: i64) -> proto::notes::Note {
    proto::notes::Note {
        id: cid(700 + n),
        conversation_id: cid(conv),
        author_id: Some(if author == "Sam" { ME } else { BEA }),
        author_name: author.into(),
        body: body.into(),
        created_at: at,
    }
}

fn note_text(app: &App) -> String {
    app.note_editor
        .as_ref()
        .map(|(_, t)| t.lines().join("\n"))
        .unwrap_or_default()
}

#[test]
fn ctrl_n_writes_a_private_note_without_touching_the_reply_or_typing() {
    let mut app = open_first();
    type_text(&mut app, "reply draft");
    app.update(Msg::Tick { now: T0 + 10_000 }); // the typing indicator goes off
    let fx = app.update(mods(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(app.overlay, Some(Overlay::Note));
    assert!(fx.is_empty(), "{fx:?}");
    let fx = type_text(&mut app, "VIP, be nice");
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::Typing { .. })),
        "the visitor must not see an agent typing a note: {fx:?}"
    );
    app.update(mods(KeyCode::Enter, KeyModifiers::ALT));
    app.update(Msg::Paste("refund ok".into()));
    assert_eq!(note_text(&app), "VIP, be nice\nrefund ok");
    assert_eq!(draft(&app), "reply draft", "the reply draft is untouched");

    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(
        fx,
        vec![Effect::AddNote {
            conversation_id: cid(1),
            body: "VIP, be nice\nrefund ok".into()
        }]
    );
    assert!(sends(&fx).is_empty());
    assert_eq!(app.overlay, None);
    assert!(
        app.unsaved()
            .iter()
            .any(|u| u.starts_with("note on ann@example.com")),
        "a note on its way counts as unsaved: {:?}",
        app.unsaved()
    );
    let saved = note(1, 1, "Sam", "VIP, be nice\nrefund ok", T0);
    app.update(Msg::NoteAdded {
        conversation_id: cid(1),
        body: "VIP, be nice\nrefund ok".into(),
        result: Ok(saved.clone()),
    });
    assert_eq!(app.convs[&cid(1)].notes, std::slice::from_ref(&saved));
    assert_eq!(notice(&app), crate::strings::NOTE_SAVED);
    assert!(!app.unsaved().iter().any(|u| u.starts_with("note")));
    // The event for the same note (our socket is subscribed) adds nothing;
    // Bea's note comes as an event and sorts by time.
    app.update(frame(ServerFrame::Note {
        note: saved.clone(),
    }));
    let bea = note(1, 2, "Bea", "Checked: shipped", T0 - 1_000);
    app.update(frame(ServerFrame::Note { note: bea.clone() }));
    assert_eq!(app.convs[&cid(1)].notes, [bea, saved]);
    // Enter in the composer still sends the reply.
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(sends(&fx)[0].2, "reply draft");
}

#[test]
fn a_note_that_fails_comes_back_and_esc_keeps_the_text() {
    let mut app = open_first();
    app.update(mods(KeyCode::Char('n'), KeyModifiers::CONTROL));
    type_text(&mut app, "half a note");
    app.update(key(KeyCode::Esc));
    assert_eq!(app.overlay, None);
    app.update(mods(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(note_text(&app), "half a note", "Esc keeps the text");
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(fx.len(), 1);
    app.update(Msg::NoteAdded {
        conversation_id: cid(1),
        body: "half a note".into(),
        result: Err("the database is unavailable; retry in a moment".into()),
    });
    assert!(notice(&app).contains("Note not saved"), "{}", notice(&app));
    assert!(app.convs[&cid(1)].notes.is_empty());
    app.update(mods(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(note_text(&app), "half a note", "the text is back");
    // Blank notes are not sent; nothing open: nothing to write on.
    app.update(key(KeyCode::Esc));
    let mut blank = open_first();
    blank.update(mods(KeyCode::Char('n'), KeyModifiers::CONTROL));
    type_text(&mut blank, "   ");
    assert!(blank.update(key(KeyCode::Enter)).is_empty());
    let mut empty = online();
    empty.update(Msg::Conversations(Ok(vec![])));
    empty.update(mods(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(empty.overlay, None);
    assert_eq!(notice(&empty), crate::strings::NOTE_NOTHING_OPEN);
}

#[test]
fn notes_load_when_a_conversation_opens_and_a_failure_is_reported() {
    let mut app = with_conversations();
    let fx = app.update(key(KeyCode::Enter)); // opens the queued conversation 2
    assert!(fx.contains(&Effect::LoadNotes {
        conversation_id: cid(2)
    }));
    app.update(Msg::Notes {
        conversation_id: cid(2),
        result: Ok(vec![note(2, 1, "Bea", "called them", T0)]),
    });
    assert!(app.convs[&cid(2)].notes_loaded);
    assert_eq!(app.convs[&cid(2)].notes.len(), 1);
    // Another one, then back: not asked again (events keep it current).
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Esc));
    app.update(ch('j'));
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(app.open, Some(cid(1)));
    assert!(fx.contains(&Effect::LoadNotes {
        conversation_id: cid(1)
    }));
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Esc));
    app.update(ch('k'));
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(app.open, Some(cid(2)));
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::LoadNotes { .. })),
        "{fx:?}"
    );
    app.update(Msg::Notes {
        conversation_id: cid(2),
        result: Err("cannot reach chatd".into()),
    });
    assert!(notice(&app).starts_with("Cannot load notes"));
    assert_eq!(app.convs[&cid(2)].notes.len(), 1, "kept");
}

/// Visitor 900's earlier conversations: 1 (open now) and two closed ones.
pub fn visitor_history() -> Vec<Conversation> {
    let mut rated = closed(
        conversation(11, T0 - 20 * 86_400_000, &[("email", "ann@example.com")]),
        T0 - 20 * 86_400_000 + 600_000,
    );
    rated.rating = Some(4);
    let older = closed(
        conversation(12, T0 - 40 * 86_400_000, &[("email", "ann@example.com")]),
        T0 - 40 * 86_400_000 + 600_000,
    );
    let mut now = assigned(
        conversation(1, T0 - 300_000, &[("email", "ann@example.com")]),
        ME,
        T0 - 295_000,
    );
    now.visitor_id = cid(900);
    vec![older, now, rated]
}

/// `with_conversations` where conversation 1's visitor is 900.
pub fn with_a_known_visitor() -> App {
    let mut app = with_conversations();
    app.convs.get_mut(&cid(1)).unwrap().info.visitor_id = cid(900);
    app
}

#[test]
fn the_visitors_previous_conversations_load_once_per_visitor() {
    let mut app = with_a_known_visitor();
    app.update(ch('j'));
    let fx = app.update(key(KeyCode::Enter));
    assert!(
        fx.contains(&Effect::LoadVisitorHistory {
            visitor_id: cid(900)
        }),
        "{fx:?}"
    );
    assert_eq!(app.previous_conversations(cid(1)), None, "loading");
    app.update(Msg::VisitorHistory {
        visitor_id: cid(900),
        result: Ok(visitor_history()),
    });
    let prev: Vec<Uuid> = app
        .previous_conversations(cid(1))
        .unwrap()
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(prev, [cid(11), cid(12)], "newest first, without this one");

    // Conversation 2 has no visitor id (an older server): nothing asked.
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Esc));
    app.update(ch('k'));
    let fx = app.update(key(KeyCode::Enter));
    assert_eq!(app.open, Some(cid(2)));
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::LoadVisitorHistory { .. })),
        "{fx:?}"
    );
    // Back to 1: the visitor is known already.
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Esc));
    app.update(ch('j'));
    let fx = app.update(key(KeyCode::Enter));
    assert!(
        !fx.iter()
            .any(|e| matches!(e, Effect::LoadVisitorHistory { .. })),
        "{fx:?}"
    );

    let mut failing = with_a_known_visitor();
    failing.update(ch('j'));
    failing.update(key(KeyCode::Enter));
    failing.update(Msg::VisitorHistory {
        visitor_id: cid(900),
        result: Err("cannot reach chatd".into()),
    });
    assert_eq!(
        failing.previous_conversations(cid(1)),
        Some(Err("cannot reach chatd"))
    );
}
