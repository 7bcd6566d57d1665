//! Snapshots of the main screens at 80x24 and 160x48 (`cargo insta review`
//! after an intended change). Times and ids are filtered out so the
//! snapshots only change when the layout does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::app::tests::*;
use crate::app::{App, Msg, Outgoing, SendState};
use crossterm::event::KeyCode;
use proto::auth::{Role, User};
use proto::conversations::{PresenceStatus, SenderKind};
use proto::frames::ServerFrame;
use proto::stats::{DayFigures, Figures, Stats};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn render(app: &mut App, w: u16, h: u16) -> String {
    app.update(Msg::Resize {
        width: w,
        height: h,
    });
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| super::draw(f, app)).unwrap();
    t.backend().to_string()
}

fn snapshot(name: &str, make: impl Fn() -> App) {
    for (w, h) in SIZES {
        let mut app = make();
        let screen = render(&mut app, w, h);
        insta::with_settings!({
            filters => vec![
                (r"\b\d{2}:\d{2}\b", "[hh:mm]"),
                (r"\b\d{4}-\d{2}-\d{2}\b", "[date]"),
                (r"\b[0-9a-f]{8}\b", "[id]"),
            ],
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
        });
    }
}

/// Conversation 1 open with a real exchange; 2 has news; a reply on its way.
fn busy() -> App {
    let mut app = open_first();
    app.update(msg_frame(message(
        1,
        2,
        SenderKind::Agent,
        "Hi Ann, I'm Sam. Let me look that up for you.",
        T0 - 200_000,
    )));
    app.update(msg_frame(message(
        1,
        3,
        SenderKind::Visitor,
        "Thanks! It's order 4411, placed last Tuesday, and the tracking page has said \"label created\" ever since.",
        T0 - 100_000,
    )));
    app.update(frame(ServerFrame::Read {
        conversation_id: cid(1),
        visitor_read_seq: 2,
        agent_read_seq: 3,
    }));
    type_text(&mut app, "It left the warehouse today");
    app.update(crate::app::tests::key(KeyCode::Enter));
    type_text(&mut app, "I'll send the new tracking link");
    app.update(frame(ServerFrame::Typing {
        conversation_id: cid(1),
        sender: SenderKind::Visitor,
        on: true,
    }));
    app.update(msg_frame(message(
        2,
        1,
        SenderKind::Visitor,
        "Do you ship to Norway?",
        T0 - 30_000,
    )));
    for (user_id, status) in [(ME, PresenceStatus::Online), (BEA, PresenceStatus::Online)] {
        app.update(frame(ServerFrame::AgentPresence { user_id, status }));
    }
    app.update(Msg::Widgets([(cid(999), "Demo".to_string())].into()));
    app.update(Msg::Identity(sam(true)));
    app
}

fn presence(app: &mut App, user_id: uuid::Uuid, status: PresenceStatus) {
    app.update(frame(ServerFrame::AgentPresence { user_id, status }));
}

/// The queue at work: Cy was handed over by the assistant (summary, reason,
/// the assistant's part of the transcript), Di chats with the assistant,
/// Ed is with Bea; Cy is open.
fn queue_view() -> App {
    let mut app = with_conversations();
    app.update(Msg::Widgets([(cid(999), "Demo".to_string())].into()));
    app.update(Msg::Identity(sam(true)));
    presence(&mut app, ME, PresenceStatus::Online);
    presence(&mut app, BEA, PresenceStatus::Away);
    app.agents.entry(BEA).or_default().name = Some("Bea".into());
    let mut cy = conversation(
        4,
        T0 - 400_000,
        &[("name", "Cy Visitor"), ("order", "5521")],
    );
    cy.queued_at = Some(T0 - 240_000);
    cy.escalated_at = Some(T0 - 240_000);
    cy.escalation_reason = Some("ai_handoff: refund request".into());
    cy.summary = Some(
        "Cy wants a refund for order 5521 (damaged in transit); the assistant cannot issue refunds."
            .into(),
    );
    app.update(event(cy));
    let di = with_ai(conversation(5, T0 - 100_000, &[("name", "Di")]));
    app.update(event(di));
    app.update(event(assigned(
        conversation(6, T0 - 900_000, &[("name", "Ed")]),
        BEA,
        T0 - 800_000,
    )));
    for (conv, seq, sender, body, at) in [
        (
            4,
            1,
            SenderKind::Visitor,
            "Can I get a refund for order 5521? It arrived broken.",
            T0 - 390_000,
        ),
        (
            4,
            2,
            SenderKind::Ai,
            "I'm sorry it arrived damaged! I can answer questions about orders, but refunds need a person.",
            T0 - 385_000,
        ),
        (
            4,
            3,
            SenderKind::Visitor,
            "Then get me a person please",
            T0 - 250_000,
        ),
        (
            4,
            4,
            SenderKind::System,
            "You are in the queue; a person will be with you shortly.",
            T0 - 239_000,
        ),
        (
            5,
            1,
            SenderKind::Visitor,
            "Do you ship to Norway?",
            T0 - 90_000,
        ),
        (
            6,
            1,
            SenderKind::Visitor,
            "Where is my invoice?",
            T0 - 850_000,
        ),
    ] {
        app.update(msg_frame(message(conv, seq, sender, body, at)));
    }
    for c in [4, 5, 6] {
        app.update(synced(c, 0));
    }
    app.notice = None;
    for c in app.convs.values_mut() {
        c.attention = false;
    }
    app.update(frame(ServerFrame::AiDelta {
        conversation_id: cid(5),
        text: "We ship to Norway".into(),
    }));
    app.selected = Some(cid(4));
    app.update(key(KeyCode::Enter));
    app.update(key(KeyCode::Esc));
    app.update(key(KeyCode::Esc));
    app
}

fn stats() -> Stats {
    let day = |d: u32, wait: Option<f64>| DayFigures {
        day: format!("2026-11-{d:02}"),
        figures: Figures {
            conversations: 10 + u64::from(d % 7),
            escalated: 4,
            assigned: 3,
            avg_wait_secs: wait,
            ..Figures::default()
        },
    };
    Stats {
        from: T0 - 30 * 86_400_000,
        to: T0,
        totals: Figures {
            conversations: 214,
            escalated: 61,
            assigned: 55,
            closed: 190,
            avg_wait_secs: Some(84.0),
            avg_first_response_secs: Some(37.4),
            avg_handle_secs: Some(742.0),
            csat_avg: Some(4.56),
            csat_count: 18,
        },
        by_day: (10..=23)
            .map(|d| day(d, (d != 15).then(|| f64::from(d % 5 + 1) * 35.0)))
            .collect(),
        by_widget: vec![],
        by_agent: vec![],
    }
}

/// `queue_view` in the supervisor view with figures and an hour of activity.
fn supervisor() -> App {
    let mut app = queue_view();
    app.update(ch('S'));
    app.update(Msg::Users(Ok(vec![
        User {
            id: ME,
            email: "sam@example.com".into(),
            name: "Sam".into(),
            role: Role::Admin,
            disabled: false,
            created_at: T0,
        },
        User {
            id: BEA,
            email: "bea@example.com".into(),
            name: "Bea".into(),
            role: Role::Agent,
            disabled: false,
            created_at: T0,
        },
        User {
            id: cid(80),
            email: "dan@example.com".into(),
            name: "Dan".into(),
            role: Role::Agent,
            disabled: false,
            created_at: T0,
        },
    ])));
    app.update(Msg::Stats(Ok(Box::new(stats()))));
    // What the client would have seen over the last half hour.
    for m in 0..30i64 {
        let at = T0 - (30 - m) * 60_000;
        for _ in 0..(m * 7 % 5 + m / 6) {
            app.activity.message(at, at);
        }
        let depth = u64::try_from((m / 4) % 4).unwrap();
        app.activity.queue_depth(depth, at);
    }
    app
}

#[test]
fn login_screen() {
    snapshot("login", || {
        let mut app = App::new(cfg(), 1, T0);
        app.start(false, Some("sam@example.com"));
        type_text(&mut app, "secret12");
        app.update(Msg::LoginDone(Err("invalid email or password".into())));
        app
    });
}

#[test]
fn workspace_loading_and_empty() {
    snapshot("connecting", || {
        let mut app = App::new(cfg(), 1, T0);
        app.start(true, None);
        app
    });
    snapshot("empty", || {
        let mut app = online();
        app.update(Msg::Conversations(Ok(vec![])));
        app
    });
}

#[test]
fn workspace_with_an_open_conversation() {
    snapshot("busy", busy);
}

#[test]
fn workspace_details_toggled() {
    snapshot("details_toggled", || {
        let mut app = busy();
        app.update(crate::app::tests::key(KeyCode::Esc));
        app.update(ch('d'));
        app
    });
}

#[test]
fn workspace_offline_with_queued_replies() {
    snapshot("offline", || {
        let mut app = busy();
        app.update(Msg::Disconnected {
            reason: "cannot connect".into(),
            kind: crate::app::DropKind::Retry,
        });
        app.outbox.push(Outgoing {
            client_id: "x".into(),
            conversation_id: cid(1),
            body: "Are you still there?".into(),
            created_at: T0,
            state: SendState::Waiting { at: 0 },
        });
        app.outbox.push(Outgoing {
            client_id: "y".into(),
            conversation_id: cid(1),
            body: "refused one".into(),
            created_at: T0,
            state: SendState::Failed {
                reason: "conversation not found".into(),
            },
        });
        app
    });
}

#[test]
fn workspace_with_the_queue() {
    snapshot("queue", queue_view);
}

#[test]
fn supervisor_view() {
    snapshot("supervisor", supervisor);
}

#[test]
fn transfer_picker_and_return_dialog() {
    snapshot("transfer", || {
        let mut app = supervisor();
        app.update(ch('S'));
        app.selected = Some(cid(1));
        app.update(ch('t'));
        app.update(Msg::Members {
            widget_id: cid(999),
            result: Ok(vec![BEA]),
        });
        app
    });
    snapshot("confirm_return", || {
        let mut app = queue_view();
        app.selected = Some(cid(1));
        app.update(ch('R'));
        app
    });
}

#[test]
fn canned_reply_picker() {
    snapshot("canned", || {
        let mut app = busy();
        app.update(crate::app::tests::mods(
            KeyCode::Char('r'),
            crossterm::event::KeyModifiers::CONTROL,
        ));
        app.update(Msg::Canned {
            widget_id: cid(999),
            result: Ok(canned_replies()),
        });
        type_text(&mut app, "ref");
        app
    });
    snapshot("canned_inserted", || {
        let mut app = busy();
        app.update(crate::app::tests::mods(
            KeyCode::Char('r'),
            crossterm::event::KeyModifiers::CONTROL,
        ));
        app.update(Msg::Canned {
            widget_id: cid(999),
            result: Ok(canned_replies()),
        });
        type_text(&mut app, "ship");
        app.update(crate::app::tests::key(KeyCode::Enter));
        app
    });
}

#[test]
fn search_overlay_and_a_read_only_transcript() {
    snapshot("search", || {
        let mut app = queue_view();
        app.update(ch('/'));
        type_text(&mut app, "refund");
        app.update(crate::app::tests::key(KeyCode::Enter));
        app.update(Msg::SearchResults {
            seq: 2,
            next_page: false,
            result: Ok(found(4)),
        });
        app.update(crate::app::tests::key(KeyCode::Down));
        app
    });
    snapshot("transcript_read_only", || {
        let mut app = queue_view();
        app.update(ch('/'));
        app.update(Msg::SearchResults {
            seq: 1,
            next_page: false,
            result: Ok(found(2)),
        });
        app.update(crate::app::tests::key(KeyCode::Enter));
        app.update(msg_frame(message(
            100,
            1,
            SenderKind::Visitor,
            "Is the refund on its way?",
            T0 - 86_400_000 - 500_000,
        )));
        app.update(msg_frame(message(
            100,
            2,
            SenderKind::Agent,
            "Yes, it left today.",
            T0 - 86_400_000 - 400_000,
        )));
        app.update(synced(100, 2));
        app
    });
}

/// `busy` with two private notes, one by Bea.
fn with_notes() -> App {
    let mut app = busy();
    for n in [
        note(
            1,
            1,
            "Bea",
            "Ann called yesterday about 4411; the carrier lost the first parcel.",
            T0 - 3_600_000,
        ),
        note(
            1,
            2,
            "Sam",
            "Refund approved if not delivered by Friday.",
            T0 - 60_000,
        ),
    ] {
        app.update(frame(ServerFrame::Note { note: n }));
    }
    app
}

#[test]
fn private_notes_pane_and_editor() {
    snapshot("notes", with_notes);
    snapshot("note_editor", || {
        let mut app = with_notes();
        app.update(crate::app::tests::mods(
            KeyCode::Char('n'),
            crossterm::event::KeyModifiers::CONTROL,
        ));
        type_text(&mut app, "Asked the carrier again");
        app
    });
}

#[test]
fn previous_conversations_in_the_details() {
    snapshot("previous_conversations", || {
        let mut app = with_a_known_visitor();
        app.update(Msg::Widgets([(cid(999), "Demo".to_string())].into()));
        app.update(ch('j'));
        app.update(crate::app::tests::key(KeyCode::Enter));
        app.update(Msg::VisitorHistory {
            visitor_id: cid(900),
            result: Ok(visitor_history()),
        });
        app.update(crate::app::tests::key(KeyCode::Esc));
        app.show_details = Some(true);
        app
    });
}

#[test]
fn help_overlay() {
    snapshot("help", || {
        let mut app = with_conversations();
        app.update(ch('?'));
        app
    });
}

#[test]
fn quit_and_close_dialogs() {
    snapshot("confirm_quit", || {
        let mut app = busy();
        app.update(crate::app::tests::key(KeyCode::Esc));
        app.update(ch('q'));
        app
    });
    snapshot("confirm_close", || {
        let mut app = busy();
        app.update(crate::app::tests::key(KeyCode::Esc));
        app.update(ch('c'));
        app
    });
}

#[test]
fn the_help_lists_every_binding() {
    let mut app = with_conversations();
    app.update(ch('?'));
    let mut seen = String::new();
    let max = super::help_max_scroll(160, 48);
    for scroll in 0..=max {
        app.overlay = Some(crate::app::Overlay::Help { scroll });
        seen.push_str(&render(&mut app, 160, 48));
    }
    for bd in crate::keys::KEYMAP {
        assert!(seen.contains(bd.help), "help misses {:?}", bd.help);
    }
}

#[test]
fn no_color_means_no_color() {
    use ratatui::style::Color;
    for (no_color, make) in [
        (true, busy as fn() -> App),
        (false, busy),
        (true, queue_view),
        (false, queue_view),
        (true, supervisor),
        (false, supervisor),
    ] {
        let mut app = make();
        app.cfg.no_color = no_color;
        app.update(Msg::Resize {
            width: 160,
            height: 48,
        });
        let mut t = Terminal::new(TestBackend::new(160, 48)).unwrap();
        t.draw(|f| super::draw(f, &app)).unwrap();
        let colored = t
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
            .count();
        assert_eq!(
            colored == 0,
            no_color,
            "NO_COLOR={no_color}: {colored} colored cells"
        );
    }
}
