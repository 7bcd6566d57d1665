//! conversation, queue and widget member commands, against conversations
//! started and written the way the widget does it (the visitor API).

use crate::harness::{ADMIN, Chatd, Ctl};
use proto::Client;
use proto::conversations::{Message, SendMessage, SenderKind, StartConversation};
use serde_json::Value;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The chatd API as a visitor's browser and an agent's app use it.
struct Api {
    rt: tokio::runtime::Runtime,
    base: Client,
    admin: Client,
}

/// A conversation a visitor started: its ID and the visitor's token.
struct Visit {
    id: Uuid,
    visitor: Client,
}

impl Api {
    fn new(chatd: &Chatd) -> Self {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let base = Client::new(&chatd.url);
        let pair = rt
            .block_on(base.login(ADMIN, &chatd.admin_password()))
            .unwrap();
        let admin = base.with_token(pair.access_token);
        Self { rt, base, admin }
    }

    fn site_key(&self, widget: &str) -> String {
        let list = self.rt.block_on(self.admin.list_widgets()).unwrap();
        list.into_iter()
            .find(|w| w.name == widget)
            .unwrap()
            .site_key
    }

    /// Starts a conversation on `widget`, with pre-chat answers.
    fn start(&self, widget: &str) -> Visit {
        let mut prechat = BTreeMap::new();
        prechat.insert("email".to_string(), "visitor@example.org".to_string());
        let started = self
            .rt
            .block_on(self.base.start_conversation(&StartConversation {
                site_key: self.site_key(widget),
                prechat,
                page_url: Some("https://example.org/pricing".into()),
                ..StartConversation::default()
            }))
            .unwrap();
        Visit {
            id: started.conversation_id,
            visitor: self.base.with_token(started.visitor_token),
        }
    }

    /// The visitor writes `body` and, while the AI has the conversation,
    /// waits for its answer.
    fn say(&self, v: &Visit, body: &str) {
        let ack = self
            .rt
            .block_on(v.visitor.visitor_send_message(
                v.id,
                &SendMessage {
                    client_id: Uuid::new_v4().to_string(),
                    body: body.into(),
                },
            ))
            .unwrap();
        if self.conversation(v.id)["phase"] == "ai" {
            self.wait(v.id, |ms| {
                ms.iter()
                    .any(|m| m.seq > ack.seq && m.sender == SenderKind::Ai)
            });
        }
    }

    /// The visitor asks for a person: the conversation joins the queue.
    fn handoff(&self, v: &Visit) {
        self.rt.block_on(v.visitor.visitor_handoff(v.id)).unwrap();
        self.wait(v.id, |ms| ms.iter().any(|m| m.sender == SenderKind::System));
    }

    fn conversation(&self, id: Uuid) -> Value {
        let c = self.rt.block_on(self.admin.get_conversation(id)).unwrap();
        serde_json::to_value(c).unwrap()
    }

    /// Every message, in seq order, as the API gives them.
    fn messages(&self, id: Uuid) -> Vec<Message> {
        let mut all: Vec<Message> = Vec::new();
        loop {
            let after = all.last().map_or(0, |m| m.seq);
            let page = self
                .rt
                .block_on(self.admin.conversation_messages(id, after, Some(500)))
                .unwrap();
            all.extend(page.messages);
            if !page.more {
                return all;
            }
        }
    }

    fn wait(&self, id: Uuid, done: impl Fn(&[Message]) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let ms = self.messages(id);
            if done(&ms) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "conversation {id} never got there: {ms:#?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `email` (with `password`) accepts the conversation, as an agent's app does.
    fn accept(&self, v: &Visit, email: &str, password: &str) {
        let pair = self.rt.block_on(self.base.login(email, password)).unwrap();
        let agent = self.base.with_token(pair.access_token);
        self.rt.block_on(agent.accept_conversation(v.id)).unwrap();
    }
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Unix ms as RFC 3339, as a person would pass it to --since.
fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// A small RFC 4180 reader: rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) if chars.peek() == Some(&'\n') => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "CSV ends mid-row: {text}"
    );
    rows
}

const TRICKY: &str = "Thanks, \"great\" answer\nand a second line";

#[test]
fn list_filters_show_export_close_and_queue() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let api = Api::new(&chatd);
    ctl.ok(&["widget", "create", "Shop"]);

    // Nothing yet.
    assert_eq!(ctl.json(&["conversation", "list"]), serde_json::json!([]));
    ctl.ok(&["queue"]).stderr_has(&["Nobody is waiting."]);

    // a: a talk with the AI; b: asks for a person; c: on the other widget.
    let a = api.start("Demo");
    api.say(&a, "What is chatd?");
    api.say(&a, "How do I embed the widget on my site?");
    api.say(&a, TRICKY);
    let b = api.start("Demo");
    api.say(&b, "Where is my parcel");
    api.handoff(&b);
    let c = api.start("Shop");
    api.say(&c, "Do you ship abroad");
    let (a_id, b_id, c_id) = (a.id.to_string(), b.id.to_string(), c.id.to_string());

    // list: everything, most recently updated first.
    let all = ctl.json(&["conversation", "list"]);
    assert_eq!(
        sorted(ids(&all)),
        sorted(vec![a_id.clone(), b_id.clone(), c_id.clone()])
    );
    let updated: Vec<i64> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["updated_at"].as_i64().unwrap())
        .collect();
    assert!(updated.windows(2).all(|w| w[0] >= w[1]), "{updated:?}");
    let first = &all[0];
    for field in [
        "id",
        "widget_id",
        "status",
        "phase",
        "last_seq",
        "created_at",
        "updated_at",
        "prechat",
    ] {
        assert!(!first[field].is_null(), "{field} in {first}");
    }
    ctl.ok(&["conversation", "list"]).stdout_has(&[
        "ID", "WIDGET", "STATUS", "PHASE", "MESSAGES", &a_id, &b_id, &c_id, "Demo", "Shop",
        "queued",
    ]);

    // Filters the server applies.
    let demo = ctl.json(&["conversation", "list", "--widget", "Demo"]);
    assert_eq!(sorted(ids(&demo)), sorted(vec![a_id.clone(), b_id.clone()]));
    let shop_id = ctl.json(&["widget", "show", "Shop"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        ids(&ctl.json(&["conversation", "list", "--widget", &shop_id])),
        vec![c_id.clone()]
    );
    assert_eq!(
        ids(&ctl.json(&["conversation", "list", "--phase", "queued"])),
        vec![b_id.clone()]
    );
    assert_eq!(
        ids(&ctl.json(&["conversation", "list", "--phase", "ai", "--widget", "Demo"])),
        vec![a_id.clone()]
    );
    assert_eq!(
        ctl.json(&["conversation", "list", "--status", "closed"]),
        serde_json::json!([])
    );
    assert_eq!(
        ids(&ctl.json(&["conversation", "list", "--limit", "1"])).len(),
        1
    );

    // Dates, checked on created_at by chatctl; also with a page of one, so
    // the paging with `before` is what finds them.
    let created = |id: &str| {
        all.as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["created_at"]
            .as_i64()
            .unwrap()
    };
    let since_b = rfc3339(created(&b_id));
    let until_b = rfc3339(created(&b_id));
    for page in ["1", "2", "500"] {
        let run = |args: &[&str]| {
            let mut a = vec!["conversation", "list", "--output", "json"];
            a.extend(args);
            let out = ctl.cmd(&a).env("CHATCTL_PAGE_SIZE", page).run().ok();
            sorted(ids(&out.json()))
        };
        assert_eq!(
            run(&["--limit", "0"]),
            sorted(vec![a_id.clone(), b_id.clone(), c_id.clone()]),
            "page {page}"
        );
        assert_eq!(
            run(&["--since", &since_b]),
            sorted(vec![b_id.clone(), c_id.clone()]),
            "page {page}"
        );
        assert_eq!(
            run(&["--until", &until_b]),
            sorted(vec![a_id.clone(), b_id.clone()]),
            "page {page}"
        );
        assert_eq!(
            run(&["--since", &since_b, "--until", &until_b]),
            vec![b_id.clone()],
            "page {page}"
        );
        assert_eq!(run(&["--since", &since_b, "--limit", "1"]).len(), 1);
    }
    assert_eq!(
        ids(&ctl.json(&["conversation", "list", "--since", "1d"])).len(),
        3
    );
    assert_eq!(
        ids(&ctl.json(&["conversation", "list", "--until", "2001-01-01"])).len(),
        0
    );
    ctl.cmd(&["conversation", "list", "--since", "last tuesday"])
        .run()
        .code(2)
        .stderr_has(&["is not a time"]);
    ctl.cmd(&["conversation", "list", "--widget", "Nope"])
        .run()
        .code(3);

    // The queue: b waits.
    let queue = ctl.json(&["queue"]);
    assert_eq!(ids(&queue), vec![b_id.clone()]);
    assert_eq!(queue[0]["phase"], "queued");
    assert_eq!(queue[0]["escalation_reason"], "visitor_asked");
    ctl.ok(&["queue"])
        .stdout_has(&["WAITING", "REASON", &b_id, "Demo", "visitor_asked"]);

    // show: details and the whole transcript.
    let messages = api.messages(a.id);
    assert!(
        messages.iter().any(|m| m.sender == SenderKind::Ai),
        "{messages:?}"
    );
    let shown = ctl.json(&["conversation", "show", &a_id]);
    assert_eq!(shown["conversation"]["id"], a_id.as_str());
    assert_eq!(shown["widget_name"], "Demo");
    assert_eq!(
        shown["conversation"]["prechat"]["email"],
        "visitor@example.org"
    );
    assert_eq!(shown["messages"], serde_json::to_value(&messages).unwrap());
    let table = ctl
        .ok(&["conversation", "show", &a_id])
        .stdout_has(&[
            "status:",
            "open",
            "widget:",
            "Demo",
            "page_url:",
            "https://example.org/pricing",
            "email=visitor@example.org",
            "visitor: What is chatd?",
            "ai: ",
            "visitor: Thanks, \"great\" answer\n    and a second line",
        ])
        .stdout;
    for m in &messages {
        assert_eq!(
            table.matches(&format!("] #{} ", m.seq)).count(),
            1,
            "message {} once:\n{table}",
            m.seq
        );
    }

    // export, with a page of two messages so the export pages through them.
    let export = |args: &[&str]| {
        let mut v = vec!["conversation", "export", a_id.as_str()];
        v.extend(args);
        ctl.cmd(&v).env("CHATCTL_PAGE_SIZE", "2").run().ok()
    };
    let json: Value = export(&["--format", "json"]).json();
    assert_eq!(
        json, shown,
        "a JSON export is what show --output json prints"
    );
    assert_eq!(export(&["--output", "json"]).json(), shown);

    let csv_path = ctl.dir().join("a.csv");
    export(&["-f", csv_path.to_str().unwrap()])
        .stderr_has(&[&format!("Wrote {} messages", messages.len())]);
    let rows = parse_csv(&std::fs::read_to_string(&csv_path).unwrap());
    assert_eq!(
        rows[0],
        [
            "conversation_id",
            "seq",
            "created_at",
            "sender",
            "author_id",
            "author_name",
            "body"
        ]
    );
    assert_eq!(rows.len(), messages.len() + 1);
    for (row, m) in rows[1..].iter().zip(&messages) {
        assert_eq!(row[0], a_id);
        assert_eq!(row[1], m.seq.to_string());
        assert!(row[2].ends_with('Z') && row[2].contains('T'), "{row:?}");
        assert_eq!(row[3], m.sender.as_str());
        assert_eq!(row[6], m.body);
    }
    assert!(rows.iter().any(|r| r[6] == TRICKY), "{rows:?}");
    assert_eq!(
        export(&["--format", "csv"]).stdout,
        std::fs::read_to_string(&csv_path).unwrap()
    );

    let md = export(&["--format", "markdown"]).stdout;
    assert!(md.starts_with(&format!("# Conversation {a_id}\n")), "{md}");
    assert!(md.contains("- **widget**: Demo"), "{md}");
    let mut at = 0;
    for m in &messages {
        let head = format!("**#{} {}**", m.seq, m.sender.as_str());
        assert_eq!(md.matches(&head).count(), 1, "{head} once:\n{md}");
        let pos = md.find(&head).unwrap();
        assert!(pos > at, "{head} in seq order:\n{md}");
        at = pos;
        // Quoted, with HTML made inert (the FAQ answer mentions </body>).
        let quoted: String = m
            .body
            .lines()
            .map(|l| {
                let l = l
                    .replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                format!("> {l}\n")
            })
            .collect();
        assert!(
            md[pos..].contains(&quoted),
            "{quoted:?} after {head}:\n{md}"
        );
    }
    let md_path = ctl.dir().join("a.md");
    export(&["-f", md_path.to_str().unwrap()]);
    assert_eq!(std::fs::read_to_string(&md_path).unwrap(), md);

    // close: b leaves the queue; closing again is a conflict.
    ctl.ok(&["conversation", "close", &b_id])
        .stdout_has(&["status:", "closed"])
        .stderr_has(&["Closed conversation"]);
    let closed = ctl.json(&["conversation", "close", &a_id]);
    assert_eq!(closed["status"], "closed");
    assert!(closed["closed_at"].is_i64(), "{closed}");
    ctl.cmd(&["conversation", "close", &a_id])
        .run()
        .code(4)
        .stderr_has(&["already closed"]);
    assert_eq!(
        sorted(ids(&ctl.json(&[
            "conversation",
            "list",
            "--status",
            "closed"
        ]))),
        sorted(vec![a_id.clone(), b_id.clone()])
    );
    assert_eq!(
        ids(&ctl.json(&["conversation", "list", "--status", "open"])),
        vec![c_id.clone()]
    );
    assert_eq!(ctl.json(&["queue"]), serde_json::json!([]));
    // The close left a system message, and show has it.
    let after = ctl.json(&["conversation", "show", &b_id]);
    let last = after["messages"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["sender"], "system");
    assert_eq!(after["conversation"]["status"], "closed");

    // Wrong IDs.
    let nobody = Uuid::new_v4().to_string();
    for cmd in ["show", "export", "close"] {
        ctl.cmd(&["conversation", cmd, &nobody])
            .run()
            .code(3)
            .stderr_has(&["no conversation with ID"]);
        ctl.cmd(&["conversation", cmd, "not-an-id"])
            .run()
            .code(2)
            .stderr_has(&["not a conversation ID"]);
    }
}

#[test]
fn agents_see_their_widgets_and_the_agent_filter() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let api = Api::new(&chatd);
    ctl.cmd(&[
        "user",
        "add",
        "sam@example.com",
        "--name",
        "Sam",
        "--password-stdin",
    ])
    .stdin("sam-password\n")
    .run()
    .ok();
    let sam_id = ctl.json(&["user", "show", "sam@example.com"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    let v = api.start("Demo");
    api.say(&v, "What is chatd?");
    api.handoff(&v);
    let id = v.id.to_string();

    // Sam is no member of Demo yet: Sam sees nothing.
    let sam = Ctl::new();
    sam.login(&chatd, "sam@example.com", "sam-password").ok();
    assert_eq!(sam.json(&["conversation", "list"]), serde_json::json!([]));
    assert_eq!(sam.json(&["queue"]), serde_json::json!([]));
    sam.cmd(&["conversation", "show", &id])
        .run()
        .code(1)
        .stderr_has(&["widget member add"]);

    ctl.ok(&["widget", "member", "add", "Demo", "sam@example.com"]);
    assert_eq!(ids(&sam.json(&["queue"])), vec![id.clone()]);
    assert_eq!(ids(&sam.json(&["conversation", "list"])), vec![id.clone()]);
    // An agent may not look widgets up by name, but may pass the ID.
    let demo_id = ctl.json(&["widget", "show", "Demo"])["id"]
        .as_str()
        .unwrap()
        .to_string();
    sam.cmd(&["conversation", "list", "--widget", "Demo"])
        .run()
        .code(1)
        .stderr_has(&["pass the widget's ID"]);
    assert_eq!(
        ids(&sam.json(&["conversation", "list", "--widget", &demo_id])),
        vec![id.clone()]
    );
    // The agent's table falls back to IDs where it may not read names.
    sam.ok(&["conversation", "show", &id])
        .stdout_has(&[&demo_id, "visitor: What is chatd?"]);

    // Sam takes it: the agent filter and the assigned phase find it.
    api.accept(&v, "sam@example.com", "sam-password");
    assert_eq!(
        ids(&ctl.json(&["conversation", "list", "--agent", "sam@example.com"])),
        vec![id.clone()]
    );
    assert_eq!(
        ids(&ctl.json(&[
            "conversation",
            "list",
            "--agent",
            &sam_id,
            "--phase",
            "assigned"
        ])),
        vec![id.clone()]
    );
    assert_eq!(
        ctl.json(&["conversation", "list", "--agent", ADMIN]),
        serde_json::json!([])
    );
    ctl.ok(&["conversation", "list", "--phase", "assigned"])
        .stdout_has(&["assigned", "sam@example.com"]);
    ctl.ok(&["conversation", "show", &id]).stdout_has(&[
        "agent:",
        "sam@example.com",
        "system: Sam joined",
    ]);
    ctl.cmd(&["conversation", "list", "--agent", "who@example.com"])
        .run()
        .code(3);
    assert_eq!(sam.json(&["queue"]), serde_json::json!([]));
    // The agent closes it.
    assert_eq!(
        sam.json(&["conversation", "close", &id])["status"],
        "closed"
    );
}

#[test]
fn widget_members() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    ctl.ok(&["user", "add", "sam@example.com", "--name", "Sam"]);
    ctl.ok(&["user", "add", "kim@example.com", "--name", "Kim"]);

    ctl.ok(&["widget", "member", "list", "Demo"])
        .stdout_has(&["EMAIL"]);
    assert_eq!(
        ctl.json(&["widget", "member", "list", "Demo"]),
        serde_json::json!([])
    );

    ctl.ok(&["widget", "member", "add", "Demo", "sam@example.com"])
        .stderr_has(&["Added sam@example.com to widget \"Demo\""]);
    let added = ctl.json(&["widget", "member", "add", "Demo", "kim@example.com"]);
    assert_eq!(added["widget"], "Demo");
    assert_eq!(added["user"], "kim@example.com");
    assert_eq!(added["member"], true);
    assert_eq!(added["changed"], true);
    // Adding again changes nothing, and says so.
    let again = ctl.json(&["widget", "member", "add", "Demo", "kim@example.com"]);
    assert_eq!(again["changed"], false);
    ctl.ok(&["widget", "member", "add", "Demo", "KIM@example.com"])
        .stderr_has(&["already a member"]);

    let list = ctl.json(&["widget", "member", "list", "Demo"]);
    let emails: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap())
        .collect();
    assert_eq!(emails, ["kim@example.com", "sam@example.com"]);
    assert_eq!(list[0]["role"], "agent");
    ctl.ok(&["widget", "member", "list", "Demo"]).stdout_has(&[
        "kim@example.com",
        "Kim",
        "sam@example.com",
        "agent",
    ]);

    let sam_id = list[1]["id"].as_str().unwrap().to_string();
    let removed = ctl.json(&["widget", "member", "remove", "Demo", &sam_id]);
    assert_eq!(removed["member"], false);
    assert_eq!(removed["user"], "sam@example.com");
    ctl.cmd(&["widget", "member", "remove", "Demo", "sam@example.com"])
        .run()
        .code(3)
        .stderr_has(&["not a member", "widget member list Demo"]);
    ctl.ok(&["widget", "member", "remove", "Demo", "kim@example.com"])
        .stderr_has(&["Removed kim@example.com"]);
    assert_eq!(
        ctl.json(&["widget", "member", "list", "Demo"]),
        serde_json::json!([])
    );

    ctl.cmd(&["widget", "member", "add", "Nope", "sam@example.com"])
        .run()
        .code(3)
        .stderr_has(&["no widget named"]);
    ctl.cmd(&["widget", "member", "add", "Demo", "who@example.com"])
        .run()
        .code(3)
        .stderr_has(&["no user with email"]);
}
