//! The real agent-tui binary in tmux against a real chatd: a visitor (the
//! proto client) asks for a person, the agent accepts from the queue and
//! answers through the keyboard, and the conversation survives chatd being
//! killed and restarted on the same port; two agents accepting the same
//! conversation: one gets it, the other is told who did; a canned reply
//! picked and sent, private notes the visitor never receives, and a closed
//! transcript found by the search.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

use harness::{Chatd, Tmux};
use proto::Client;
use proto::auth::{CreateApiToken, CreateUser, Role};
use proto::conversations::{Message, Phase, SenderKind, StartConversation, StartedConversation};
use proto::frames::{ClientFrame, ServerFrame};
use proto::ws::VisitorSocket;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;
use tokio::sync::mpsc;

const SCREEN_TIMEOUT: Duration = Duration::from_secs(15);
const RECONNECT_TIMEOUT: Duration = Duration::from_secs(30);

/// A visitor's socket on a task of its own, so it keeps reading (and
/// answering pings) while the test waits on the screen.
struct Visitor {
    send: mpsc::UnboundedSender<ClientFrame>,
    frames: mpsc::UnboundedReceiver<ServerFrame>,
    seen: Vec<Message>,
}

impl Visitor {
    async fn connect(base: &str, site_key: &str, token: &str, last_seq: i64) -> Self {
        let sock = VisitorSocket::connect(base, site_key, token, last_seq, None, None)
            .await
            .expect("the visitor cannot connect");
        let (mut tx, mut rx) = sock.split();
        let (send, mut outbox) = mpsc::unbounded_channel::<ClientFrame>();
        let (frames_tx, frames) = mpsc::unbounded_channel();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    f = rx.next_frame() => match f {
                        Ok(Some(f)) => {
                            if frames_tx.send(f).is_err() {
                                return;
                            }
                        }
                        _ => return,
                    },
                    Some(frame) = outbox.recv() => {
                        if tx.send_frame(&frame).await.is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Self {
            send,
            frames,
            seen: Vec::new(),
        }
    }

    fn say(&self, body: &str) {
        self.send
            .send(ClientFrame::Send {
                conversation_id: None,
                client_id: uuid::Uuid::new_v4().to_string(),
                body: body.to_string(),
            })
            .expect("the visitor task ended");
    }

    /// The "talk to a human" button.
    fn ask_for_a_person(&self) {
        self.send
            .send(ClientFrame::Handoff {})
            .expect("the visitor task ended");
    }

    /// Reads until a message matching `pred` arrives.
    async fn expect(&mut self, what: &str, pred: impl Fn(&Message) -> bool) -> Message {
        let deadline = tokio::time::Instant::now() + RECONNECT_TIMEOUT;
        loop {
            let f = tokio::time::timeout_at(deadline, self.frames.recv())
                .await
                .unwrap_or_else(|_| panic!("the visitor never got {what}; got {:?}", self.seen))
                .unwrap_or_else(|| panic!("the visitor socket closed before {what}"));
            // Private notes are for agents: a visitor socket never gets one.
            assert!(
                !matches!(f, ServerFrame::Note { .. }),
                "the visitor received a private note: {f:?}"
            );
            if let ServerFrame::Message { message } = f {
                self.seen.push(message.clone());
                if pred(&message) {
                    return message;
                }
            }
        }
    }

    fn last_seq(&self) -> i64 {
        self.seen.iter().map(|m| m.seq).max().unwrap_or(0)
    }
}

/// The admin, an API token for them, and the demo widget.
struct Setup {
    admin: Client,
    token: String,
    site_key: String,
    widget_id: uuid::Uuid,
}

/// An API token for the admin and the demo widget's site key.
async fn setup(base: &str, password: &str) -> Setup {
    let anon = Client::new(base);
    let pair = anon
        .login("admin@localhost", password)
        .await
        .expect("admin login");
    let admin = anon.with_token(pair.access_token);
    let token = admin
        .create_token(&CreateApiToken {
            name: "agent-tui-e2e".into(),
            role: None,
            expires_in: None,
        })
        .await
        .expect("create an API token");
    let widgets = admin.list_widgets().await.expect("list widgets");
    let demo = widgets
        .into_iter()
        .find(|w| w.name == "Demo")
        .expect("chatd makes a Demo widget on first run");
    Setup {
        admin,
        token: token.secret,
        site_key: demo.site_key,
        widget_id: demo.id,
    }
}

/// A visitor who started a conversation, wrote `first` and asked for a person.
async fn escalated_visitor(
    base: &str,
    site_key: &str,
    name: &str,
    first: &str,
) -> (StartedConversation, Visitor) {
    let started = Client::new(base)
        .start_conversation(&StartConversation {
            site_key: site_key.to_string(),
            prechat: BTreeMap::from([("name".to_string(), name.to_string())]),
            page_url: Some("https://shop.example/orders".into()),
            ..StartConversation::default()
        })
        .await
        .expect("start a conversation");
    let mut visitor = Visitor::connect(base, site_key, &started.visitor_token, 0).await;
    visitor.say(first);
    visitor
        .expect("its own first message", |m| m.seq == 1)
        .await;
    visitor.ask_for_a_person();
    (started, visitor)
}

fn agent_tui(chatd: &Chatd, token: &str) -> Tmux {
    let config = chatd.scratch().join("chatctl-config.toml");
    Tmux::start(
        Path::new(env!("CARGO_BIN_EXE_agent-tui")),
        &["--server".into(), chatd.base()],
        &[
            ("CHATD_TOKEN", token.to_string()),
            ("CHATCTL_CONFIG", config.to_string_lossy().into_owned()),
            ("TERM", "xterm-256color".into()),
        ],
        120,
        40,
    )
}

#[test]
fn an_agent_answers_and_the_conversation_survives_a_chatd_restart() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut chatd = Chatd::start();
    let base = chatd.base();
    let Setup {
        token, site_key, ..
    } = rt.block_on(setup(&base, &chatd.admin_password()));

    let tui = agent_tui(&chatd, &token);
    tui.wait_for_text("online", SCREEN_TIMEOUT);
    let (started, mut visitor) = rt.block_on(escalated_visitor(
        &base,
        &site_key,
        "Ann Visitor",
        "I need help with order 4411",
    ));
    let vt = started.visitor_token.clone();
    tui.wait_for("the conversation in the queue", SCREEN_TIMEOUT, |s| {
        s.contains("Queue (1)") && s.contains("Ann Visitor") && s.contains("visitor asked")
    });

    // Accept it (it is selected) and answer at once: the reply waits for
    // chatd to confirm the accept, then goes out.
    tui.keys(&["a"]);
    tui.type_text("Hello Ann, Sam here.");
    tui.keys(&["Enter"]);
    let hello = rt.block_on(visitor.expect("the agent's reply", |m| {
        m.sender == SenderKind::Agent && m.body == "Hello Ann, Sam here."
    }));
    assert!(hello.seq >= 2);
    let screen = tui.wait_for("the reply acknowledged", SCREEN_TIMEOUT, |s| {
        s.contains("Hello Ann, Sam here. ✓") && s.contains("Mine (1)") && s.contains("Queue (0)")
    });
    assert!(
        screen.contains("Ann Visitor: I need help with order 4411"),
        "the history before the handoff is shown:\n{screen}"
    );
    assert!(
        screen.contains("System: Admin joined the conversation."),
        "chatd's own lines are labelled:\n{screen}"
    );

    visitor.say("It says label created");
    tui.wait_for_text("It says label created", SCREEN_TIMEOUT);

    // chatd dies without a goodbye; the agent keeps typing.
    rt.block_on(visitor.expect("its own message", |m| m.body == "It says label created"));
    let held = visitor.last_seq();
    chatd.kill9();
    drop(visitor);
    tui.wait_for_text("offline, retrying", SCREEN_TIMEOUT);
    tui.type_text("Typed while chatd was down");
    tui.keys(&["Enter"]);
    tui.wait_for_text("queued, sends when reconnected", SCREEN_TIMEOUT);
    tui.type_text("draft that must survive");

    chatd.restart_same_port();
    assert_eq!(chatd.base(), base);
    let mut visitor = rt.block_on(Visitor::connect(&base, &site_key, &vt, held));
    tui.wait_for("the reconnect", RECONNECT_TIMEOUT, |s| {
        s.contains("● online") && !s.contains("queued, sends") && !s.contains("sending")
    });
    let outage = rt.block_on(visitor.expect("the reply typed during the outage", |m| {
        m.body == "Typed while chatd was down"
    }));
    assert!(outage.seq > held);

    visitor.say("Got it, thanks!");
    let screen = tui.wait_for_text("Ann Visitor: Got it, thanks!", SCREEN_TIMEOUT);
    assert!(
        screen.contains("draft that must survive"),
        "the draft was lost:\n{screen}"
    );

    // Every message stored exactly once, in order, with no gaps (chatd may
    // add AI or system messages in between).
    let page = rt
        .block_on(Client::new(&base).with_token(vt).visitor_messages(
            started.conversation_id,
            0,
            None,
        ))
        .expect("history");
    let bodies: Vec<&str> = page
        .messages
        .iter()
        .filter(|m| matches!(m.sender, SenderKind::Visitor | SenderKind::Agent))
        .map(|m| m.body.as_str())
        .collect();
    assert_eq!(
        bodies,
        [
            "I need help with order 4411",
            "Hello Ann, Sam here.",
            "It says label created",
            "Typed while chatd was down",
            "Got it, thanks!",
        ]
    );
    let seqs: Vec<i64> = page.messages.iter().map(|m| m.seq).collect();
    let want: Vec<i64> = (1..=i64::try_from(seqs.len()).unwrap()).collect();
    assert_eq!(seqs, want);

    // Quitting with a draft asks first; the terminal is restored either way.
    // Tab, not Escape, leaves the composer: a lone ESC followed at once by
    // `q` could be read as Alt-q.
    tui.keys(&["Tab"]);
    tui.keys(&["q"]);
    tui.wait_for_text("drafts are lost if you quit", SCREEN_TIMEOUT);
    tui.keys(&["y"]);
    tui.wait_for_text("agent-tui exited with 0", SCREEN_TIMEOUT);
    drop(tui);
    drop(chatd);
}

/// Two agent-tui instances (the admin, and Bea, an agent of the Demo
/// widget) press accept on the same queued conversation: exactly one gets
/// it; the other says who took it.
#[test]
fn two_agents_accept_the_same_conversation_and_one_gets_it() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let chatd = Chatd::start();
    let base = chatd.base();
    let Setup {
        admin,
        token,
        site_key,
        widget_id,
    } = rt.block_on(setup(&base, &chatd.admin_password()));
    let bea = rt
        .block_on(admin.create_user(&CreateUser {
            email: "bea@example.com".into(),
            name: Some("Bea".into()),
            role: Some(Role::Agent),
            password: "bea-password-1".into(),
        }))
        .expect("create an agent");
    rt.block_on(admin.add_widget_member(widget_id, bea.id))
        .expect("Bea works on the Demo widget");
    let bea_token = rt
        .block_on(Client::new(&base).login("bea@example.com", "bea-password-1"))
        .expect("Bea logs in")
        .access_token;

    let sam = agent_tui(&chatd, &token);
    let bea_tui = agent_tui(&chatd, &bea_token);
    for t in [&sam, &bea_tui] {
        t.wait_for_text("online", SCREEN_TIMEOUT);
    }
    let (started, _visitor) = rt.block_on(escalated_visitor(
        &base,
        &site_key,
        "Cy Visitor",
        "Where is my refund?",
    ));
    for t in [&sam, &bea_tui] {
        t.wait_for("the conversation in the queue", SCREEN_TIMEOUT, |s| {
            s.contains("Queue (1)") && s.contains("Cy Visitor")
        });
    }

    // Both press accept, as close together as tmux allows.
    sam.keys(&["a"]);
    bea_tui.keys(&["a"]);

    let admin_id = rt.block_on(admin.me()).expect("who the admin is").user.id;
    let deadline = std::time::Instant::now() + SCREEN_TIMEOUT;
    let (winner, loser_screen) = loop {
        let (a, b) = (sam.capture(), bea_tui.capture());
        let won = |s: &str| s.contains("Mine (1)");
        let lost = |s: &str, by: &str| {
            s.contains(&format!("Cy Visitor: already taken by {by}")) && s.contains("Mine (0)")
        };
        if won(&a) && lost(&b, "Admin") {
            break (admin_id, b);
        }
        if won(&b) && lost(&a, "Bea") {
            break (bea.id, a);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "expected one winner and one clear refusal; Admin's screen:\n{a}\nBea's screen:\n{b}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        loser_screen.contains("Others & AI (1)") && loser_screen.contains("Queue (0)"),
        "the conversation left the loser's queue:\n{loser_screen}"
    );
    let conv = rt
        .block_on(admin.get_conversation(started.conversation_id))
        .expect("read the conversation");
    assert_eq!(conv.phase, Phase::Assigned);
    assert_eq!(conv.assigned_agent_id, Some(winner));
    drop(sam);
    drop(bea_tui);
    drop(chatd);
}

/// The canned reply picker puts a reply into the box and Enter sends it;
/// private notes show in the notes pane and never reach the visitor; the
/// search finds a closed conversation by a word the visitor wrote and opens
/// its transcript.
#[test]
fn canned_reply_private_notes_and_a_closed_transcript() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let chatd = Chatd::start();
    let base = chatd.base();
    let Setup {
        admin,
        token,
        site_key,
        ..
    } = rt.block_on(setup(&base, &chatd.admin_password()));
    for (shortcut, body) in [
        (
            "refund-policy",
            "Refunds take 5 days once we have the parcel.",
        ),
        ("shipping", "We ship to the EU and Norway."),
    ] {
        rt.block_on(admin.create_canned(&proto::canned::CreateCannedReply {
            shortcut: shortcut.into(),
            title: format!("About {shortcut}"),
            body: body.into(),
            widget_id: None,
        }))
        .expect("create a canned reply");
    }

    let tui = agent_tui(&chatd, &token);
    tui.wait_for_text("online", SCREEN_TIMEOUT);
    let (started, mut visitor) = rt.block_on(escalated_visitor(
        &base,
        &site_key,
        "Dee Visitor",
        "Is my zeppelin parcel lost?",
    ));
    tui.wait_for("the conversation in the queue", SCREEN_TIMEOUT, |s| {
        s.contains("Queue (1)") && s.contains("Dee Visitor")
    });
    tui.keys(&["a"]);
    tui.wait_for_text("Mine (1)", SCREEN_TIMEOUT);
    tui.type_text("Hi Dee!");
    tui.keys(&["C-r"]);
    tui.wait_for("the picker", SCREEN_TIMEOUT, |s| {
        s.contains("Canned replies") && s.contains("refund-policy") && s.contains("shipping")
    });
    tui.type_text("rfp");
    tui.wait_for("the filtered list", SCREEN_TIMEOUT, |s| {
        s.contains("Search: rfp") && s.contains("refund-policy") && !s.contains("About shipping")
    });
    tui.keys(&["Enter"]);
    tui.wait_for("the reply in the box, unsent", SCREEN_TIMEOUT, |s| {
        !s.contains("Canned replies") && s.contains("Hi Dee! Refunds take 5 days")
    });
    tui.keys(&["Enter"]);
    rt.block_on(visitor.expect("the canned reply", |m| {
        m.sender == SenderKind::Agent
            && m.body == "Hi Dee! Refunds take 5 days once we have the parcel."
    }));

    // A private note from the keyboard, and one from another agent (the
    // admin's API): both shown, neither reaches the visitor.
    tui.keys(&["C-n"]);
    tui.wait_for_text("Private note: agents only", SCREEN_TIMEOUT);
    tui.type_text("VIP customer, refund approved");
    tui.keys(&["Enter"]);
    tui.wait_for("the note in the notes pane", SCREEN_TIMEOUT, |s| {
        s.contains("Note saved") && s.contains("▌ VIP customer")
    });
    rt.block_on(admin.add_note(started.conversation_id, "Carrier called back"))
        .expect("a note over the API");
    tui.wait_for_text("▌ Carrier called back", SCREEN_TIMEOUT);
    let notes = rt
        .block_on(admin.list_notes(started.conversation_id))
        .expect("list notes");
    assert_eq!(
        notes.iter().map(|n| n.body.as_str()).collect::<Vec<_>>(),
        ["VIP customer, refund approved", "Carrier called back"]
    );
    visitor.say("still there?");
    rt.block_on(visitor.expect("its own message after the notes", |m| {
        m.body == "still there?"
    }));
    let history = rt
        .block_on(
            Client::new(&base)
                .with_token(started.visitor_token.clone())
                .visitor_messages(started.conversation_id, 0, None),
        )
        .expect("the visitor's history");
    assert!(
        history.messages.iter().all(|m| !m.body.contains("VIP")),
        "a note leaked into the visitor's history"
    );

    // Closed elsewhere; another visitor is opened meanwhile.
    rt.block_on(admin.close_conversation(started.conversation_id))
        .expect("close it");
    let (_eve, _eve_visitor) = rt.block_on(escalated_visitor(
        &base,
        &site_key,
        "Eve Visitor",
        "Hello there",
    ));
    // Waiting in the queue, not merely listed (she starts with the AI): `n`
    // opens only a conversation that waits for someone.
    tui.wait_for("Eve in the queue", SCREEN_TIMEOUT, |s| {
        s.contains("Queue (1)") && s.contains("Eve Visitor")
    });
    tui.keys(&["Tab"]);
    tui.keys(&["n"]);
    tui.wait_for_text("Reply to Eve Visitor", SCREEN_TIMEOUT);
    tui.keys(&["Tab"]);
    tui.keys(&["/"]);
    tui.wait_for_text("Search conversations", SCREEN_TIMEOUT);
    tui.type_text("ZEPPELIN");
    tui.keys(&["Enter"]);
    tui.wait_for("the search result", SCREEN_TIMEOUT, |s| {
        s.contains("Containing “ZEPPELIN”, closed only") && s.contains("Dee Visitor")
    });
    tui.keys(&["Enter"]);
    let screen = tui.wait_for("the closed transcript", SCREEN_TIMEOUT, |s| {
        !s.contains("Search conversations")
            && s.contains("Dee Visitor · Demo · closed")
            && s.contains("Dee Visitor: Is my zeppelin parcel lost?")
    });
    assert!(
        screen.contains("Refunds take 5 days"),
        "the whole transcript:\n{screen}"
    );
    drop(tui);
    drop(chatd);
}
