//! `chatctl block ...`, `chatctl audit`, `chatctl visitor ...` and widget
//! retention, against conversations started the way the widget starts them.

use crate::harness::{Chatd, Ctl};
use proto::Client;
use proto::conversations::{SendMessage, StartConversation};
use serde_json::Value;
use uuid::Uuid;

/// Starts two conversations as one visitor on the demo widget; returns the
/// visitor id and the conversation ids.
fn one_visitor_twice(chatd: &Chatd, ctl: &Ctl) -> (String, Vec<String>) {
    let site_key = ctl.json(&["widget", "show", "Demo"])["site_key"]
        .as_str()
        .unwrap()
        .to_string();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let base = Client::new(&chatd.url);
    let mut visitor_id = None;
    let mut ids = Vec::new();
    for i in 0..2 {
        let s = rt
            .block_on(base.start_conversation(&StartConversation {
                site_key: site_key.clone(),
                visitor_id,
                ..Default::default()
            }))
            .unwrap();
        rt.block_on(base.with_token(s.visitor_token).visitor_send_message(
            s.conversation_id,
            &SendMessage {
                client_id: format!("m{i}"),
                body: format!("message {i}"),
            },
        ))
        .unwrap();
        visitor_id = Some(s.visitor_id);
        ids.push(s.conversation_id.to_string());
    }
    (visitor_id.unwrap().to_string(), ids)
}

fn actions(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

#[test]
fn block_list_and_remove() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let (visitor, convs) = one_visitor_twice(&chatd, &ctl);

    ctl.ok(&["block", "add", &convs[0], "--reason", "spam links"])
        .stdout_has(&[
            "visitor:",
            &visitor,
            "reason:",
            "spam links",
            "expires:",
            "never",
        ])
        .stderr_has(&["Blocked visitor"]);
    let list = ctl.json(&["block", "list"]);
    let blocks = list.as_array().unwrap();
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0]["visitor_id"], visitor.as_str());
    let block_id = blocks[0]["id"].as_str().unwrap().to_string();
    ctl.ok(&["block", "list"])
        .stdout_has(&["VISITOR", "REASON", &block_id, "spam links"]);
    // Both of the visitor's conversations were closed.
    for c in &convs {
        assert_eq!(
            ctl.json(&["conversation", "show", c])["conversation"]["status"],
            "closed"
        );
    }

    ctl.cmd(&["block", "add", "not-a-uuid"]).run().code(2);
    ctl.cmd(&["block", "add", &Uuid::now_v7().to_string()])
        .run()
        .code(3);
    ctl.cmd(&["block", "remove", &Uuid::now_v7().to_string()])
        .run()
        .code(3)
        .stderr_has(&["no block"]);
    ctl.ok(&["block", "remove", &block_id])
        .stderr_has(&["Lifted block"]);
    assert_eq!(ctl.json(&["block", "list"]), Value::Array(vec![]));

    // With the address and an expiry.
    let b = ctl.json(&["block", "add", &convs[1], "--ip", "--hours", "2"]);
    assert_eq!(b["ip"], "127.0.0.1");
    assert!(b["expires_at"].as_i64().unwrap() > b["created_at"].as_i64().unwrap());
}

#[test]
fn audit_shows_admin_actions_with_filters() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    ctl.ok(&["widget", "create", "Shop"]);
    ctl.ok(&["widget", "update", "Shop", "--title", "Help"]);
    ctl.ok(&["canned", "add", "hi", "--title", "Hi", "--body", "Hello"]);

    let all = ctl.json(&["audit"]);
    assert_eq!(
        actions(&all),
        ["canned.create", "widget.update", "widget.create"]
    );
    assert_eq!(all[0]["actor_name"], "admin@localhost");
    assert_eq!(all[0]["ip"], "127.0.0.1");
    ctl.ok(&["audit", "--action", "widget."]).stdout_has(&[
        "widget.update",
        "widget.create",
        "admin@localhost",
        "127.0.0.1",
    ]);
    assert_eq!(
        actions(&ctl.json(&["audit", "--action", "widget.", "--limit", "1"])),
        ["widget.update"]
    );
    assert_eq!(
        actions(&ctl.json(&["audit", "--since", "1h", "--actor", "admin@localhost"])).len(),
        3
    );
    assert_eq!(
        ctl.json(&["audit", "--actor", "nobody@example.com"]),
        Value::Array(vec![])
    );
    ctl.cmd(&["audit", "--limit", "0"]).run().code(2);
    ctl.cmd(&["audit", "--since", "someday"]).run().code(2);
}

#[test]
fn visitor_export_and_forget() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let (visitor, convs) = one_visitor_twice(&chatd, &ctl);
    let file = ctl.dir().join("export.json");
    let path = file.to_str().unwrap();
    ctl.ok(&["visitor", "export", &visitor, "-f", path])
        .stderr_has(&["Wrote 2 conversations"]);
    let export: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(export["visitor_id"], visitor.as_str());
    let got: Vec<&str> = export["conversations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["conversation"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(got.len(), 2);
    assert!(convs.iter().all(|c| got.contains(&c.as_str())));
    assert!(export.to_string().contains("message 1"));
    ctl.cmd(&["visitor", "export", &visitor, "-f", path])
        .run()
        .code(2)
        .stderr_has(&["exists"]);
    let stdout = ctl.json(&["visitor", "export", &visitor]);
    assert_eq!(stdout["conversations"].as_array().unwrap().len(), 2);

    // Not at a terminal: --yes or nothing.
    ctl.cmd(&["visitor", "forget", &visitor])
        .run()
        .code(2)
        .stderr_has(&["--yes"]);
    assert_eq!(
        ctl.json(&["conversation", "show", &convs[0]])["conversation"]["id"],
        convs[0].as_str()
    );
    ctl.ok(&["visitor", "forget", &visitor, "--yes"])
        .stderr_has(&["Deleted 2 conversations"]);
    ctl.cmd(&["conversation", "show", &convs[0]]).run().code(3);
    assert_eq!(
        ctl.json(&["visitor", "forget", &visitor, "--yes"])["conversations"],
        0
    );
    ctl.cmd(&["visitor", "export", "nope"]).run().code(2);
}

#[test]
fn widget_retention_by_flag_and_apply() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    ctl.ok(&["widget", "create", "Shop", "--retention-days", "30"])
        .stdout_has(&["retention:", "30 days"]);
    assert_eq!(ctl.json(&["widget", "show", "Shop"])["retention_days"], 30);
    ctl.ok(&["widget", "update", "Shop", "--retention-days", "0"])
        .stdout_has(&["retention:", "forever"]);
    assert!(
        ctl.json(&["widget", "show", "Shop"])
            .get("retention_days")
            .is_none()
    );
    ctl.cmd(&["widget", "update", "Shop", "--retention-days", "99999"])
        .run()
        .code(2);

    let file = ctl.dir().join("widgets.toml");
    std::fs::write(&file, "[[widgets]]\nname = \"Shop\"\nretention_days = 7\n").unwrap();
    ctl.ok(&["apply", "-f", file.to_str().unwrap()])
        .stdout_has(&["retention_days"]);
    assert_eq!(ctl.json(&["widget", "show", "Shop"])["retention_days"], 7);
    // Applying again changes nothing; export carries the setting.
    ctl.ok(&["apply", "-f", file.to_str().unwrap()]);
    let exported = ctl.ok(&["export", "--format", "toml"]);
    assert!(
        exported.stdout.contains("retention_days = 7"),
        "{}",
        exported.stdout
    );
}
