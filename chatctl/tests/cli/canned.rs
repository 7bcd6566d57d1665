//! `chatctl canned ...` and canned replies in `apply` and `export`.

use crate::harness::{Chatd, Ctl};
use serde_json::Value;
use std::path::PathBuf;

fn write(ctl: &Ctl, name: &str, text: &str) -> PathBuf {
    let p = ctl.dir().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn shortcuts(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| r["shortcut"].as_str().unwrap())
        .collect()
}

#[test]
fn canned_lifecycle_in_table_and_json() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let shop = ctl.json(&["widget", "create", "Shop"]);
    let shop_id = shop["id"].as_str().unwrap().to_string();
    ctl.ok(&["widget", "create", "Other"]);

    ctl.ok(&[
        "canned",
        "add",
        "refund-policy",
        "--title",
        "Refunds",
        "--body",
        "Within 30 days.",
    ])
    .stdout_has(&[
        "shortcut:",
        "refund-policy",
        "widget:",
        "(every widget)",
        "Within 30 days.",
    ])
    .stderr_has(&["Added canned reply \"refund-policy\""]);

    let file = write(&ctl, "hours.txt", "Nine to five.\nClosed on Sundays.\n");
    let hours = ctl.json(&[
        "canned",
        "add",
        "hours",
        "--title",
        "Opening hours",
        "--body-file",
        file.to_str().unwrap(),
        "--widget",
        "Shop",
    ]);
    assert_eq!(hours["widget_id"], shop_id.as_str());
    assert_eq!(hours["body"], "Nine to five.\nClosed on Sundays.");
    let hours_id = hours["id"].as_str().unwrap().to_string();

    let greet = ctl
        .cmd(&[
            "canned",
            "add",
            "greet",
            "--title",
            "Hi",
            "--body-file",
            "-",
            "-o",
            "json",
        ])
        .stdin("Hello! How can I help?\n")
        .run()
        .ok()
        .json();
    assert_eq!(greet["body"], "Hello! How can I help?");
    ctl.ok(&[
        "canned",
        "add",
        "elsewhere",
        "--title",
        "E",
        "--body",
        "B",
        "--widget",
        "Other",
    ]);

    ctl.ok(&["canned", "list"]).stdout_has(&[
        "SHORTCUT",
        "TITLE",
        "WIDGET",
        "refund-policy",
        "Opening hours",
        "Shop",
        "(every widget)",
        "Nine to five. Closed on Sundays.",
    ]);
    assert_eq!(
        shortcuts(&ctl.json(&["canned", "list"])),
        ["elsewhere", "greet", "hours", "refund-policy"]
    );
    assert_eq!(
        shortcuts(&ctl.json(&["canned", "list", "--widget", "Shop"])),
        ["greet", "hours", "refund-policy"]
    );
    assert_eq!(
        shortcuts(&ctl.json(&["canned", "list", "--widget", &shop_id])),
        ["greet", "hours", "refund-policy"]
    );

    ctl.ok(&["canned", "show", "hours"]).stdout_has(&[
        "title:",
        "Opening hours",
        "widget:",
        "Shop",
        "Nine to five.",
        "Closed on Sundays.",
    ]);
    assert_eq!(ctl.json(&["canned", "show", &hours_id]), hours);

    let moved = ctl.json(&[
        "canned",
        "update",
        "hours",
        "--title",
        "Hours",
        "--all-widgets",
    ]);
    assert_eq!(moved["widget_id"], Value::Null);
    assert_eq!(moved["title"], "Hours");
    assert_eq!(moved["body"], hours["body"], "untouched");
    ctl.ok(&[
        "canned",
        "update",
        &hours_id,
        "--shortcut",
        "opening-hours",
        "--widget",
        "Shop",
    ])
    .stdout_has(&["opening-hours", "Shop"]);
    ctl.cmd(&["canned", "update", "opening-hours"])
        .run()
        .code(2)
        .stderr_has(&["nothing to change"]);

    ctl.ok(&["canned", "remove", "opening-hours"])
        .stderr_has(&["Removed canned reply \"opening-hours\""]);
    let removed = ctl.json(&["canned", "remove", greet["id"].as_str().unwrap()]);
    assert_eq!(removed["deleted"], true);
    assert_eq!(removed["shortcut"], "greet");
    assert_eq!(
        shortcuts(&ctl.json(&["canned", "list"])),
        ["elsewhere", "refund-policy"]
    );
}

#[test]
fn canned_errors_and_exit_codes() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    ctl.ok(&["canned", "add", "taken", "--title", "T", "--body", "B"]);
    let cases: &[(&[&str], i32, &str)] = &[
        (
            &["canned", "show", "nope"],
            3,
            "no canned reply with shortcut \"nope\"",
        ),
        (
            &["canned", "show", "00000000-0000-0000-0000-000000000000"],
            3,
            "no canned reply with ID",
        ),
        (&["canned", "remove", "nope"], 3, "no canned reply"),
        (
            &["canned", "update", "nope", "--title", "x"],
            3,
            "no canned reply",
        ),
        (
            &[
                "canned", "add", "x", "--title", "T", "--body", "B", "--widget", "Nope",
            ],
            3,
            "no widget named \"Nope\"",
        ),
        (
            &["canned", "add", "taken", "--title", "T", "--body", "B"],
            4,
            "shortcut \"taken\" exists",
        ),
        (
            &["canned", "add", "Bad One", "--title", "T", "--body", "B"],
            2,
            "shortcut: \"Bad One\" may only contain lowercase letters",
        ),
        (
            &["canned", "add", "ok", "--title", "", "--body", "B"],
            2,
            "title: must not be empty",
        ),
        (&["canned", "add", "ok", "--title", "T"], 2, "--body"),
        (
            &[
                "canned",
                "add",
                "ok",
                "--title",
                "T",
                "--body",
                "B",
                "--body-file",
                "f",
            ],
            2,
            "cannot be used with",
        ),
        (
            &[
                "canned",
                "add",
                "ok",
                "--title",
                "T",
                "--body-file",
                "/nonexistent/f",
            ],
            2,
            "cannot read /nonexistent/f",
        ),
    ];
    for (args, code, msg) in cases {
        ctl.cmd(args).run().code(*code).stderr_has(&[msg]);
    }
    assert_eq!(shortcuts(&ctl.json(&["canned", "list"])), ["taken"]);
}

#[test]
fn agents_list_and_show_canned_replies_but_change_none() {
    let chatd = Chatd::start();
    let admin = Ctl::admin(&chatd);
    admin
        .cmd(&["user", "add", "agent@example.com", "--password-stdin"])
        .stdin("agent-password\n")
        .run()
        .ok();
    admin.ok(&["widget", "create", "Mine"]);
    admin.ok(&["widget", "create", "Theirs"]);
    admin.ok(&["widget", "member", "add", "Mine", "agent@example.com"]);
    admin.ok(&[
        "canned", "add", "hello", "--title", "Hi", "--body", "Hello!",
    ]);
    admin.ok(&[
        "canned", "add", "mine", "--title", "M", "--body", "B", "--widget", "Mine",
    ]);
    admin.ok(&[
        "canned", "add", "theirs", "--title", "T", "--body", "B", "--widget", "Theirs",
    ]);
    let agent = Ctl::new();
    agent
        .login(&chatd, "agent@example.com", "agent-password")
        .ok();
    let list = agent.json(&["canned", "list"]);
    assert_eq!(shortcuts(&list), ["hello", "mine"]);
    // An agent sees widget IDs where an admin sees names.
    let mine_id = list[1]["widget_id"].as_str().unwrap().to_string();
    agent
        .ok(&["canned", "list"])
        .stdout_has(&["hello", "(every widget)", &mine_id]);
    agent
        .ok(&["canned", "show", "hello"])
        .stdout_has(&["Hello!"]);
    assert_eq!(
        shortcuts(&agent.json(&["canned", "list", "--widget", &mine_id])),
        ["hello", "mine"]
    );
    agent
        .cmd(&["canned", "add", "x", "--title", "T", "--body", "B"])
        .run()
        .code(1)
        .stderr_has(&["cannot add canned reply", "admin role"]);
    agent
        .cmd(&["canned", "remove", "hello"])
        .run()
        .code(1)
        .stderr_has(&["admin role"]);
}

const MANIFEST: &str = r#"
[[widgets]]
name = "Support"

[[canned]]
shortcut = "refund-policy"
title = "Refunds"
body = "Within 30 days.\nKeep the receipt."

[[canned]]
shortcut = "hours"
title = "Opening hours"
body = "Nine to five."
widget = "Support"
"#;

fn actions(report: &Value) -> Vec<(String, String, String)> {
    report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().into(),
                c["name"].as_str().unwrap().into(),
                c["action"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn a(kind: &str, name: &str, action: &str) -> (String, String, String) {
    (kind.into(), name.into(), action.into())
}

#[test]
fn apply_manages_canned_replies_and_export_writes_them() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let file = write(&ctl, "env.toml", MANIFEST);
    let path = file.to_str().unwrap();

    ctl.ok(&["apply", "-f", path])
        .stdout_has(&["canned  refund-policy", "created", "canned  hours"])
        .stderr_has(&["Applied: 3 created, 0 updated, 0 unchanged, 0 deleted."]);
    let hours = ctl.json(&["canned", "show", "hours"]);
    let support = ctl.json(&["widget", "show", "Support"]);
    assert_eq!(hours["widget_id"], support["id"]);
    assert_eq!(
        ctl.json(&["canned", "show", "refund-policy"])["body"],
        "Within 30 days.\nKeep the receipt."
    );

    // The same file again changes nothing.
    let again = ctl.json(&["apply", "-f", path]);
    assert_eq!(
        actions(&again),
        [
            a("widget", "Support", "unchanged"),
            a("canned", "refund-policy", "unchanged"),
            a("canned", "hours", "unchanged"),
        ]
    );
    assert_eq!(again["unchanged"], 3);

    // A change: a dry run says it, changes nothing; then apply does it.
    let changed = MANIFEST
        .replace("Nine to five.", "Ten to six.")
        .replace("widget = \"Support\"\n", "");
    let file = write(&ctl, "env.toml", &changed);
    ctl.ok(&["apply", "-f", path, "--dry-run"])
        .stdout_has(&["canned  hours", "would update (body, widget)"]);
    assert_eq!(ctl.json(&["canned", "show", "hours"]), hours);
    let report = ctl.json(&["apply", "-f", file.to_str().unwrap()]);
    assert_eq!(report["updated"], 1);
    let change = &report["changes"][2];
    assert_eq!(change["kind"], "canned");
    assert_eq!(change["fields"], serde_json::json!(["body", "widget"]));
    let now = ctl.json(&["canned", "show", "hours"]);
    assert_eq!(now["body"], "Ten to six.");
    assert_eq!(now["widget_id"], Value::Null);

    // export writes them, and applying the export changes nothing.
    let exported = ctl.ok(&["export"]).stdout;
    assert!(exported.contains("[[canned]]"), "{exported}");
    assert!(
        exported.contains("shortcut = \"refund-policy\""),
        "{exported}"
    );
    let yaml = ctl.ok(&["export", "--format", "yaml"]).stdout;
    assert!(yaml.contains("canned:"), "{yaml}");
    for (name, text) in [("export.toml", &exported), ("export.yaml", &yaml)] {
        let f = write(&ctl, name, text);
        let report = ctl.json(&["apply", "-f", f.to_str().unwrap()]);
        assert_eq!(report["created"], 0, "{name}");
        assert_eq!(report["updated"], 0, "{name}");
    }

    // --prune removes the replies the file no longer names; without it they stay.
    ctl.ok(&["canned", "add", "extra", "--title", "X", "--body", "Y"]);
    ctl.ok(&["apply", "-f", path]).stdout_has(&["unchanged"]);
    assert_eq!(ctl.json(&["canned", "list"]).as_array().unwrap().len(), 3);
    ctl.ok(&["apply", "-f", path, "--prune", "--dry-run"])
        .stdout_has(&["canned  extra", "would delete"]);
    assert_eq!(ctl.json(&["canned", "list"]).as_array().unwrap().len(), 3);
    let pruned = ctl.json(&["apply", "-f", path, "--prune"]);
    assert!(actions(&pruned).contains(&a("canned", "extra", "deleted")));
    assert_eq!(
        shortcuts(&ctl.json(&["canned", "list"])),
        ["hours", "refund-policy"]
    );
}

#[test]
fn apply_refuses_bad_canned_entries_before_changing_anything() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let cases = [
        (
            "[[canned]]\nshortcut = \"ok\"\ntitle = \"T\"\nbody = \"B\"\n\n[[canned]]\nshortcut = \"Not OK\"\ntitle = \"T\"\nbody = \"B\"\n",
            "bad.toml:7:12:",
            "canned[1].shortcut: \"Not OK\" may only contain lowercase letters",
        ),
        (
            "[[canned]]\nshortcut = \"ok\"\ntitle = \"T\"\nbody = \"B\"\nwidget = \"Nowhere\"\n",
            "canned[0].widget of \"ok\"",
            "no widget \"Nowhere\" on the server or under `widgets`",
        ),
        (
            "[[canned]]\nshortcut = \"ok\"\ntitle = \"T\"\nbody = \"B\"\ncolour = \"x\"\n",
            "bad.toml:5:",
            "unknown field `colour`",
        ),
    ];
    for (text, at, what) in cases {
        let f = write(&ctl, "bad.toml", text);
        ctl.cmd(&["apply", "-f", f.to_str().unwrap()])
            .run()
            .code(2)
            .stderr_has(&[at, what]);
    }
    assert!(ctl.json(&["canned", "list"]).as_array().unwrap().is_empty());
}
