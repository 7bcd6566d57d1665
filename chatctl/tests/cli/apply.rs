//! `chatctl apply` and `chatctl export` against a real server.

use crate::harness::{ADMIN, Chatd, Ctl};
use serde_json::Value;
use std::path::{Path, PathBuf};

const MANIFEST: &str = r##"
[[widgets]]
name = "Support"
title = "Support"
welcome_message = "Hi, how can we help?"
allowed_origins = ["https://example.com"]
colors = { primary = "#0f766e" }

[[widgets.faq]]
question = "Opening hours?"
answer = "Monday to Friday, 9 to 5."

[[widgets]]
name = "Sales"
ai = { enabled = false }

[[users]]
email = "ann@example.com"
name = "Ann"
role = "admin"
password = "ann-password"

[[users]]
email = "bob@example.com"
name = "Bob"
"##;

fn write(ctl: &Ctl, name: &str, text: &str) -> PathBuf {
    let p = ctl.dir().join(name);
    std::fs::write(&p, text).unwrap();
    p
}

fn apply_json(ctl: &Ctl, file: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["apply", "-f", file.to_str().unwrap()];
    args.extend(extra);
    ctl.json(&args)
}

/// (kind, name, action) of each change.
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

/// Everything the server holds that apply manages, as JSON, to compare.
fn state(ctl: &Ctl) -> (Value, Value) {
    (ctl.json(&["widget", "list"]), ctl.json(&["user", "list"]))
}

#[test]
fn apply_then_apply_again_changes_nothing() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let file = write(&ctl, "env.toml", MANIFEST);

    let out = ctl
        .ok(&["apply", "-f", file.to_str().unwrap()])
        .stdout_has(&["widget  Support", "created", "user    ann@example.com"])
        .stderr_has(&["Applied: 4 created, 0 updated, 0 unchanged, 0 deleted."]);
    // Bob got a generated password, shown once.
    let bob_line = out.stdout.lines().find(|l| l.contains("bob@")).unwrap();
    assert!(bob_line.contains("password: "), "{bob_line}");

    let support = ctl.json(&["widget", "show", "Support"]);
    assert_eq!(support["allowed_origins"][0], "https://example.com");
    assert_eq!(support["colors"]["primary"], "#0f766e");
    assert_eq!(support["faq"][0]["question"], "Opening hours?");
    assert_eq!(
        ctl.json(&["widget", "show", "Sales"])["ai"]["enabled"],
        false
    );
    let ann = ctl.json(&["user", "show", "ann@example.com"]);
    assert_eq!(ann["role"], "admin");
    Ctl::new()
        .login(&chatd, "ann@example.com", "ann-password")
        .ok();

    let before = state(&ctl);
    let again = apply_json(&ctl, &file, &[]);
    assert_eq!(
        actions(&again),
        vec![
            a("user", "ann@example.com", "unchanged"),
            a("user", "bob@example.com", "unchanged"),
            a("widget", "Support", "unchanged"),
            a("widget", "Sales", "unchanged"),
        ]
    );
    assert_eq!(again["unchanged"], 4);
    let changes = again["changes"].as_array().unwrap();
    assert!(changes.iter().all(|c| c["id"].is_string()), "{again}");
    assert_eq!(again["dry_run"], false);
    assert_eq!(state(&ctl), before, "the second apply changed nothing");
    ctl.ok(&["apply", "-f", file.to_str().unwrap()])
        .stdout_has(&["unchanged"])
        .stderr_has(&["0 created, 0 updated, 4 unchanged, 0 deleted"]);
}

#[test]
fn editing_one_field_updates_exactly_one_thing() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let file = write(&ctl, "env.toml", MANIFEST);
    ctl.ok(&["apply", "-f", file.to_str().unwrap()]);
    let bob_before = ctl.json(&["user", "show", "bob@example.com"]);

    let edited = MANIFEST.replace("title = \"Support\"", "title = \"Customer support\"");
    let file = write(&ctl, "env.toml", &edited);
    let report = apply_json(&ctl, &file, &[]);
    assert_eq!(report["updated"], 1);
    assert_eq!(report["created"], 0);
    assert_eq!(report["unchanged"], 3);
    let changed: Vec<&Value> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] != "unchanged")
        .collect();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["name"], "Support");
    assert_eq!(changed[0]["fields"], serde_json::json!(["title"]));
    assert_eq!(
        ctl.json(&["widget", "show", "Support"])["title"],
        "Customer support"
    );
    assert_eq!(ctl.json(&["user", "show", "bob@example.com"]), bob_before);

    // A user field too, in table output.
    let edited = edited.replace("name = \"Bob\"", "name = \"Robert\"");
    let file = write(&ctl, "env.toml", &edited);
    ctl.ok(&["apply", "-f", file.to_str().unwrap()])
        .stdout_has(&["bob@example.com  updated (name)"])
        .stderr_has(&["0 created, 1 updated, 3 unchanged"]);
}

#[test]
fn dry_run_changes_nothing() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let before = state(&ctl);
    let file = write(&ctl, "env.toml", MANIFEST);
    ctl.ok(&[
        "apply",
        "-f",
        file.to_str().unwrap(),
        "--dry-run",
        "--prune",
    ])
    .stdout_has(&["would create", "would delete"])
    .stderr_has(&["Dry run, nothing was changed"]);
    let plan = apply_json(&ctl, &file, &["--dry-run", "--prune"]);
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["created"], 4);
    assert_eq!(plan["deleted"], 1, "the demo widget");
    assert_eq!(state(&ctl), before);

    ctl.ok(&["apply", "-f", file.to_str().unwrap()]);
    let applied = state(&ctl);
    let edited = MANIFEST.replace("Hi, how can we help?", "Hello!");
    let file = write(&ctl, "env.toml", &edited);
    let plan = apply_json(&ctl, &file, &["--dry-run"]);
    assert_eq!(plan["updated"], 1);
    assert_eq!(state(&ctl), applied);
}

#[test]
fn prune_removes_only_what_the_file_dropped() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let file = write(&ctl, "env.toml", MANIFEST);
    // Without --prune the demo widget and the admin stay.
    ctl.ok(&["apply", "-f", file.to_str().unwrap()]);
    assert_eq!(ctl.json(&["widget", "list"]).as_array().unwrap().len(), 3);

    // Drop Sales and Bob from the file.
    let dropped = MANIFEST
        .replace(
            "[[widgets]]\nname = \"Sales\"\nai = { enabled = false }\n",
            "",
        )
        .replace(
            "[[users]]\nemail = \"bob@example.com\"\nname = \"Bob\"\n",
            "",
        );
    assert!(!dropped.contains("Sales") && !dropped.contains("bob@"));
    let file = write(&ctl, "env.toml", &dropped);
    let report = apply_json(&ctl, &file, &["--prune"]);
    let mut deleted: Vec<String> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] == "deleted")
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    deleted.sort();
    // The demo widget was never in the file; the admin running apply is kept.
    assert_eq!(deleted, vec!["Demo", "Sales", "bob@example.com"]);
    assert_eq!(report["unchanged"], 2);

    let widgets: Vec<String> = ctl
        .json(&["widget", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap().into())
        .collect();
    assert_eq!(widgets, vec!["Support"]);
    let mut users: Vec<String> = ctl
        .json(&["user", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().into())
        .collect();
    users.sort();
    assert_eq!(users, vec![ADMIN, "ann@example.com"]);
    ctl.ok(&["apply", "-f", file.to_str().unwrap(), "--prune"])
        .stderr_has(&["Keeping user admin@localhost", "0 deleted"]);

    // A file without `users` leaves users alone even with --prune.
    let widgets_only = write(&ctl, "w.toml", "[[widgets]]\nname = \"Support\"\n");
    let report = apply_json(&ctl, &widgets_only, &["--prune"]);
    assert_eq!(report["deleted"], 0);
    assert_eq!(ctl.json(&["user", "list"]).as_array().unwrap().len(), 2);
}

#[test]
fn an_invalid_file_is_rejected_whole_with_line_and_field() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let before = state(&ctl);
    // Each file starts valid, so a half-applying apply would create "First".
    let head = "[[widgets]]\nname = \"First\"\n\n";
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "bad.toml",
            "[[widgets]]\nname = \"Second\"\ncolors = { primary = \"teal\" }\n",
            &["bad.toml:6:", "widgets[1].colors.primary", "#rrggbb"],
        ),
        (
            "bad.toml",
            "[[widgets]]\nname = \"Second\"\ntitel = \"typo\"\n",
            &["bad.toml:6:", "widgets[1].titel", "unknown field `titel`"],
        ),
        (
            "bad.toml",
            "[[users]]\nemail = \"x@example.com\"\nrole = \"owner\"\n",
            &["bad.toml:6:", "users[0].role", "unknown variant `owner`"],
        ),
        (
            "bad.toml",
            "[[users]]\nemail = \"not-an-email\"\n",
            &["bad.toml:5:", "users[0].email", "not an email address"],
        ),
        (
            "bad.toml",
            "[[widgets]]\nname = \"First\"\n",
            &[
                "bad.toml:5:",
                "widgets[1].name",
                "already the name of widgets[0]",
            ],
        ),
        (
            "bad.toml",
            "[[widgets]]\nname = \"Second\"\nallowed_origins = [\"https://example.com/path\"]\n",
            &["bad.toml:6:", "widgets[1].allowed_origins[0]", "no path"],
        ),
        ("bad.toml", "[[widgets]\n", &["bad.toml:4:"]),
    ];
    for (name, tail, expect) in cases {
        let file = write(&ctl, name, &format!("{head}{tail}"));
        let mut wanted = expect.to_vec();
        wanted.push("nothing was changed");
        ctl.cmd(&["apply", "-f", file.to_str().unwrap()])
            .run()
            .code(2)
            .stderr_has(&wanted);
    }
    let yaml = write(
        &ctl,
        "bad.yaml",
        "widgets:\n  - name: First\n  - name: Second\n    faq:\n      - question: Q?\n        answer: \"\"\n",
    );
    ctl.cmd(&["apply", "-f", yaml.to_str().unwrap()])
        .run()
        .code(2)
        .stderr_has(&[
            "bad.yaml:6:",
            "widgets[1].faq[0].answer",
            "must not be empty",
        ]);
    let unknown = write(&ctl, "env.json", "{}");
    ctl.cmd(&["apply", "-f", unknown.to_str().unwrap()])
        .run()
        .code(2)
        .stderr_has(&[".toml, .yaml or .yml"]);
    assert_eq!(state(&ctl), before, "nothing was half-applied");
}

#[test]
fn yaml_files_and_export_round_trip() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let yaml = write(
        &ctl,
        "env.yaml",
        "widgets:\n  - name: Docs\n    title: Docs help\n    prechat_fields:\n      - name: email\n        label: Your email\n        kind: email\n        required: true\nusers:\n  - email: dee@example.com\n    role: agent\n    disabled: true\n",
    );
    ctl.ok(&["apply", "-f", yaml.to_str().unwrap()])
        .stdout_has(&["Docs", "created", "dee@example.com"]);
    let docs = ctl.json(&["widget", "show", "Docs"]);
    assert_eq!(docs["prechat_fields"][0]["kind"], "email");
    assert_eq!(
        ctl.json(&["user", "show", "dee@example.com"])["disabled"],
        true
    );
    assert_eq!(apply_json(&ctl, &yaml, &[])["unchanged"], 2);

    for (format, ext) in [("toml", "toml"), ("yaml", "yml")] {
        let exported = ctl.ok(&["export", "--format", format]).stdout;
        assert!(
            !exported.contains("password =") && !exported.contains("password:"),
            "{exported}"
        );
        let file = write(&ctl, &format!("export.{ext}"), &exported);
        let report = apply_json(&ctl, &file, &["--prune"]);
        assert_eq!(report["created"], 0, "{exported}");
        assert_eq!(report["updated"], 0, "{exported}");
        assert_eq!(report["deleted"], 0, "{exported}");
        assert_eq!(report["unchanged"], 4, "2 widgets, 2 users");
    }
    // --file picks the format from the extension.
    let path = ctl.dir().join("state.yaml");
    ctl.ok(&["export", "-f", path.to_str().unwrap()])
        .stderr_has(&["Wrote 2 widgets, 2 users and 0 canned replies"]);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("widgets:\n- name: Demo"), "{text}");
}

/// Support's members, by email.
fn members(ctl: &Ctl, widget: &str) -> Vec<String> {
    ctl.json(&["widget", "member", "list", widget])
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn apply_manages_widget_members() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    // Bob is created by the same apply that makes him a member.
    let with_members = MANIFEST.replace(
        "colors = { primary = \"#0f766e\" }\n",
        "colors = { primary = \"#0f766e\" }\nmembers = [\"bob@example.com\", \"ann@example.com\"]\n",
    );
    let file = write(&ctl, "env.toml", &with_members);
    let report = apply_json(&ctl, &file, &[]);
    assert_eq!(report["created"], 4, "{report}");
    let support = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Support")
        .unwrap()
        .clone();
    assert_eq!(
        support["members_added"],
        serde_json::json!(["bob@example.com", "ann@example.com"])
    );
    assert_eq!(
        members(&ctl, "Support"),
        ["ann@example.com", "bob@example.com"]
    );
    assert_eq!(members(&ctl, "Sales"), Vec::<String>::new());

    // Twice: nothing changes.
    let again = apply_json(&ctl, &file, &[]);
    assert_eq!(again["unchanged"], 4, "{again}");
    assert_eq!(again["updated"], 0, "{again}");

    // Export writes them, and applying the export changes nothing.
    let exported = ctl.ok(&["export"]).stdout;
    assert!(
        exported.contains("members = [\"ann@example.com\", \"bob@example.com\"]"),
        "{exported}"
    );
    let export_file = write(&ctl, "export.toml", &exported);
    let report = apply_json(&ctl, &export_file, &[]);
    assert_eq!(report["unchanged"], 6, "3 widgets, 3 users: {report}");

    // A dry run of dropping Bob changes nothing.
    let dropped = with_members.replace("\"bob@example.com\", ", "");
    let file = write(&ctl, "env.toml", &dropped);
    ctl.ok(&["apply", "-f", file.to_str().unwrap(), "--dry-run"])
        .stdout_has(&["Support", "would update (members -bob@example.com)"]);
    assert_eq!(
        members(&ctl, "Support"),
        ["ann@example.com", "bob@example.com"]
    );

    // Dropping Bob from the list removes him: Support is updated, only that.
    let report = apply_json(&ctl, &file, &[]);
    assert_eq!(report["updated"], 1, "{report}");
    assert_eq!(report["unchanged"], 3, "{report}");
    let changed: Vec<&Value> = report["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["action"] != "unchanged")
        .collect();
    assert_eq!(changed[0]["name"], "Support");
    assert_eq!(changed[0]["action"], "updated");
    assert_eq!(changed[0]["fields"], serde_json::json!(["members"]));
    assert_eq!(
        changed[0]["members_removed"],
        serde_json::json!(["bob@example.com"])
    );
    assert_eq!(members(&ctl, "Support"), ["ann@example.com"]);
    // Bob is still a user: only the membership went.
    ctl.ok(&["user", "show", "bob@example.com"]);

    // A member added by hand is removed by the next apply, in table output.
    ctl.ok(&["widget", "member", "add", "Support", "bob@example.com"]);
    ctl.ok(&["apply", "-f", file.to_str().unwrap()])
        .stdout_has(&["Support", "updated (members -bob@example.com)"])
        .stderr_has(&["0 created, 1 updated, 3 unchanged"]);
    // A file without `members` leaves them alone.
    ctl.ok(&["widget", "member", "add", "Support", "bob@example.com"]);
    let report = apply_json(&ctl, &write(&ctl, "m.toml", MANIFEST), &[]);
    assert_eq!(report["unchanged"], 4, "{report}");
    assert_eq!(
        members(&ctl, "Support"),
        ["ann@example.com", "bob@example.com"]
    );

    // A member who is no user (or whom --prune would delete) is refused
    // before anything changes.
    let before = state(&ctl);
    let unknown = with_members
        .replace("\"ann@example.com\"]", "\"who@example.com\"]")
        .replace("title = \"Support\"", "title = \"Changed\"");
    let file = write(&ctl, "bad.toml", &unknown);
    ctl.cmd(&["apply", "-f", file.to_str().unwrap()])
        .run()
        .code(2)
        .stderr_has(&[
            "widgets[0].members[1]",
            "no user who@example.com",
            "nothing was changed",
        ]);
    let no_bob = with_members.replace(
        "[[users]]\nemail = \"bob@example.com\"\nname = \"Bob\"\n",
        "",
    );
    let file = write(&ctl, "bad.toml", &no_bob);
    ctl.cmd(&["apply", "-f", file.to_str().unwrap(), "--prune"])
        .run()
        .code(2)
        .stderr_has(&["--prune would delete that user"]);
    let twice = with_members.replace(
        "\"ann@example.com\"]",
        "\"ann@example.com\", \"Bob@example.com\"]",
    );
    let file = write(&ctl, "bad.toml", &twice);
    ctl.cmd(&["apply", "-f", file.to_str().unwrap()])
        .run()
        .code(2)
        .stderr_has(&["widgets[0].members[2]", "already members[0]"]);
    assert_eq!(state(&ctl), before);
    assert_eq!(
        members(&ctl, "Support"),
        ["ann@example.com", "bob@example.com"]
    );
}
