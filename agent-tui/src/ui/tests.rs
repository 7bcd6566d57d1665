//! Snapshots of the main screens at 80x24 and 160x48 (`cargo insta review`
//! after an intended change). Times and ids are filtered out so the
//! snapshots only change when the layout does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::app::tests::*;
use crate::app::{App, Msg, Outgoing, SendState};
use crossterm::event::KeyCode;
use proto::conversations::SenderKind;
use proto::frames::ServerFrame;
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
    app.update(frame(ServerFrame::Presence { agents_online: 2 }));
    app.update(Msg::Widgets([(cid(999), "Demo".to_string())].into()));
    app.update(Msg::Identity(crate::app::Identity {
        user_id: cid(77),
        name: "Sam".into(),
        email: "sam@example.com".into(),
        admin: true,
    }));
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
    for no_color in [true, false] {
        let mut app = busy();
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
