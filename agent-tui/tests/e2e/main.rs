//! The real agent-tui binary in tmux against a real chatd: a visitor (the
//! proto client) writes, the agent answers through the keyboard, and the
//! conversation survives chatd being killed and restarted on the same port.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod harness;

use harness::{Chatd, Tmux};
use proto::Client;
use proto::auth::CreateApiToken;
use proto::conversations::{Message, SenderKind, StartConversation};
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
    send: mpsc::UnboundedSender<String>,
    frames: mpsc::UnboundedReceiver<ServerFrame>,
    seen: Vec<Message>,
}

impl Visitor {
    async fn connect(base: &str, site_key: &str, token: &str, last_seq: i64) -> Self {
        let sock = VisitorSocket::connect(base, site_key, token, last_seq, None, None)
            .await
            .expect("the visitor cannot connect");
        let (mut tx, mut rx) = sock.split();
        let (send, mut outbox) = mpsc::unbounded_channel::<String>();
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
                    Some(body) = outbox.recv() => {
                        let frame = ClientFrame::Send {
                            conversation_id: None,
                            client_id: uuid::Uuid::new_v4().to_string(),
                            body,
                        };
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
            .send(body.to_string())
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

/// An API token for the admin and the demo widget's site key.
async fn setup(base: &str, password: &str) -> (String, String) {
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
    (token.secret, demo.site_key)
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
    let (token, site_key) = rt.block_on(setup(&base, &chatd.admin_password()));

    let started = rt
        .block_on(Client::new(&base).start_conversation(&StartConversation {
            site_key: site_key.clone(),
            prechat: BTreeMap::from([("name".to_string(), "Ann Visitor".to_string())]),
            page_url: Some("https://shop.example/orders".into()),
        }))
        .expect("start a conversation");
    let vt = started.visitor_token.clone();
    let mut visitor = rt.block_on(Visitor::connect(&base, &site_key, &vt, 0));
    visitor.say("I need help with order 4411");
    rt.block_on(visitor.expect("its own first message", |m| m.seq == 1));

    let tui = agent_tui(&chatd, &token);
    tui.wait_for("the waiting conversation", SCREEN_TIMEOUT, |s| {
        s.contains("Waiting (1)") && s.contains("Ann Visitor") && s.contains("online")
    });

    // Open it (it is selected) and answer.
    tui.keys(&["Enter"]);
    tui.wait_for_text("Ann Visitor: I need help with order 4411", SCREEN_TIMEOUT);
    tui.type_text("Hello Ann, Sam here.");
    tui.keys(&["Enter"]);
    let hello = rt.block_on(visitor.expect("the agent's reply", |m| {
        m.sender == SenderKind::Agent && m.body == "Hello Ann, Sam here."
    }));
    assert!(hello.seq >= 2);
    tui.wait_for("the reply acknowledged", SCREEN_TIMEOUT, |s| {
        s.contains("Hello Ann, Sam here. ✓") && s.contains("Open (1)")
    });

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
        s.contains("● online") && !s.contains("queued") && !s.contains("sending")
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
