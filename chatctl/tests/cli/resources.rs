//! widget, widget faq, user and token commands, in table and JSON output.

use crate::harness::{ADMIN, Chatd, Ctl, ci};

#[test]
fn widget_lifecycle() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);

    let created = ctl.json(&[
        "widget",
        "create",
        "Support",
        "--title",
        "Talk to us",
        "--welcome",
        "Hello there",
        "--origin",
        "https://example.com",
        "--origin",
        "https://www.example.com",
        "--color",
        "#112233",
        "--position",
        "bottom-left",
    ]);
    let id = created["id"].as_str().unwrap().to_string();
    let key = created["site_key"].as_str().unwrap().to_string();
    assert_eq!(created["name"], "Support");
    assert_eq!(created["title"], "Talk to us");
    assert_eq!(created["welcome_message"], "Hello there");
    assert_eq!(created["colors"]["primary"], "#112233");
    assert_eq!(created["colors"]["on_primary"], "#ffffff");
    assert_eq!(created["launcher_position"], "bottom-left");
    assert_eq!(created["allowed_origins"].as_array().unwrap().len(), 2);

    ctl.ok(&["widget", "create", "Sales"])
        .stdout_has(&["name:", "Sales", "site_key:", "sk_"])
        .stderr_has(&["chatctl widget snippet Sales"]);

    ctl.ok(&["widget", "list"])
        .stdout_has(&["NAME", "SITE KEY", "Support", "Sales", "Demo", &key]);
    let list = ctl.json(&["widget", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 3);

    // show by name and by id, table and JSON.
    ctl.ok(&["widget", "show", "Support"]).stdout_has(&[
        "site_key:",
        &key,
        "title:",
        "Talk to us",
        "https://example.com",
    ]);
    let shown = ctl.json(&["widget", "show", &id]);
    assert_eq!(shown, created);

    let updated = ctl.json(&[
        "widget",
        "update",
        "Support",
        "--name",
        "Help desk",
        "--text-color",
        "#000000",
        "--ai",
        "false",
        "--ai-model",
        "gpt-x",
    ]);
    assert_eq!(updated["name"], "Help desk");
    assert_eq!(updated["colors"]["primary"], "#112233", "kept");
    assert_eq!(updated["colors"]["on_primary"], "#000000");
    assert_eq!(updated["ai"]["enabled"], false);
    assert_eq!(updated["ai"]["model"], "gpt-x");
    assert_eq!(updated["title"], "Talk to us", "untouched");
    ctl.ok(&["widget", "update", "Help desk", "--no-origins"])
        .stdout_has(&["own /demo only"]);

    let rotated = ctl.json(&["widget", "rotate-key", &id]);
    let new_key = rotated["site_key"].as_str().unwrap();
    assert_ne!(new_key, key);
    ctl.ok(&["widget", "rotate-key", "Help desk"])
        .stdout_has(&["old_site_key:", new_key])
        .stderr_has(&["stops working"]);

    let current = ctl.json(&["widget", "show", "Help desk"]);
    let current_key = current["site_key"].as_str().unwrap();
    let html = ctl.ok(&["widget", "snippet", "Help desk"]).stdout;
    assert!(html.starts_with("<script"), "{html}");
    assert!(html.contains(current_key), "{html}");
    assert!(html.contains(&chatd.url), "{html}");
    let snip = ctl.json(&["widget", "snippet", "Help desk"]);
    assert_eq!(snip["site_key"], current_key);
    assert_eq!(snip["html"].as_str().unwrap(), html.trim_end());

    ctl.ok(&["widget", "delete", "Help desk"])
        .stderr_has(&["Deleted widget"]);
    let deleted = ctl.json(&["widget", "delete", "Sales"]);
    assert_eq!(deleted["deleted"], true);
    assert_eq!(deleted["name"], "Sales");
    ctl.cmd(&["widget", "show", &id]).run().code(3);
    assert_eq!(ctl.json(&["widget", "list"]).as_array().unwrap().len(), 1);
}

#[test]
fn widget_faq() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    ctl.ok(&["widget", "create", "W"]);
    ctl.ok(&["widget", "faq", "list", "W"])
        .stdout_has(&["QUESTION"]);
    ctl.ok(&[
        "widget",
        "faq",
        "add",
        "W",
        "--question",
        "Opening hours?",
        "--answer",
        "9 to 5",
    ])
    .stderr_has(&["Added FAQ entry 1"]);
    let added = ctl.json(&[
        "widget",
        "faq",
        "add",
        "W",
        "--question",
        "Refunds?",
        "--answer",
        "Within 30 days",
    ]);
    assert_eq!(added["index"], 2);
    assert_eq!(added["entry"]["question"], "Refunds?");

    ctl.ok(&["widget", "faq", "list", "W"]).stdout_has(&[
        "1",
        "Opening hours?",
        "9 to 5",
        "2",
        "Refunds?",
    ]);
    let list = ctl.json(&["widget", "faq", "list", "W"]);
    assert_eq!(list[1]["index"], 2);
    assert_eq!(list[1]["answer"], "Within 30 days");

    let removed = ctl.json(&["widget", "faq", "remove", "W", "1"]);
    assert_eq!(removed["removed"]["question"], "Opening hours?");
    let list = ctl.json(&["widget", "faq", "list", "W"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["question"], "Refunds?");
    ctl.ok(&["widget", "faq", "remove", "W", "1"])
        .stderr_has(&["Removed FAQ entry 1"]);
    ctl.cmd(&["widget", "faq", "remove", "W", "1"])
        .run()
        .code(3);
    // The FAQ lives in the widget settings.
    assert_eq!(
        ctl.json(&["widget", "show", "W"])["faq"],
        serde_json::json!([])
    );
    ctl.cmd(&[
        "widget",
        "faq",
        "add",
        "W",
        "--question",
        " ",
        "--answer",
        "a",
    ])
    .run()
    .code(2)
    .stderr_has(&["faq[0].question"]);
}

#[test]
fn user_lifecycle() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);

    // A generated password is printed once, and works.
    let ann = ctl.json(&["user", "add", "Ann@Example.com", "--name", "Ann"]);
    assert_eq!(ann["email"], "ann@example.com");
    assert_eq!(ann["role"], "agent");
    assert_eq!(ann["disabled"], false);
    let pw = ann["password"].as_str().unwrap().to_string();
    assert!(pw.len() >= 16);
    Ctl::new().login(&chatd, "ann@example.com", &pw).ok();

    ctl.cmd(&[
        "user",
        "add",
        "bob@example.com",
        "--role",
        "admin",
        "--password-stdin",
    ])
    .stdin("bob-password\n")
    .run()
    .ok()
    .stdout_has(&["bob@example.com", "admin"]);
    let bob_out = ctl.ok(&["user", "show", "bob@example.com"]);
    assert!(!bob_out.stdout.contains("password:"), "{}", bob_out.stdout);
    Ctl::new()
        .login(&chatd, "bob@example.com", "bob-password")
        .ok();
    ctl.ok(&["user", "add", "carl@example.com"])
        .stdout_has(&["password:"])
        .stderr_has(&["shown only now"]);

    ctl.ok(&["user", "list"]).stdout_has(&[
        "EMAIL",
        ADMIN,
        "ann@example.com",
        "bob@example.com",
        "agent",
        "active",
    ]);
    assert_eq!(ctl.json(&["user", "list"]).as_array().unwrap().len(), 4);
    let ann_id = ann["id"].as_str().unwrap();
    assert_eq!(ctl.json(&["user", "show", ann_id])["name"], "Ann");
    ctl.ok(&["user", "show", "ANN@example.com"])
        .stdout_has(&["Ann", "agent"]);

    assert_eq!(
        ctl.json(&["user", "set-role", "ann@example.com", "admin"])["role"],
        "admin"
    );
    ctl.ok(&["user", "set-role", "ann@example.com", "agent"])
        .stdout_has(&["role:", "agent"]);

    assert_eq!(
        ctl.json(&["user", "disable", "ann@example.com"])["disabled"],
        true
    );
    Ctl::new()
        .login(&chatd, "ann@example.com", &pw)
        .code(1)
        .stderr_has(&["wrong email or password"]);
    ctl.ok(&["user", "list"]).stdout_has(&["disabled"]);
    ctl.ok(&["user", "enable", "ann@example.com"])
        .stdout_has(&["active"]);
    Ctl::new().login(&chatd, "ann@example.com", &pw).ok();

    let reset = ctl.json(&["user", "reset-password", "ann@example.com"]);
    let pw2 = reset["password"].as_str().unwrap();
    assert_ne!(pw2, pw);
    Ctl::new().login(&chatd, "ann@example.com", &pw).code(1);
    Ctl::new().login(&chatd, "ann@example.com", pw2).ok();
    ctl.cmd(&[
        "user",
        "reset-password",
        "ann@example.com",
        "--password-stdin",
    ])
    .stdin("chosen-password\n")
    .run()
    .ok()
    .stderr_has(&["sessions are ended"]);
    Ctl::new()
        .login(&chatd, "ann@example.com", "chosen-password")
        .ok();

    let deleted = ctl.json(&["user", "delete", "ann@example.com"]);
    assert_eq!(deleted["deleted"], true);
    ctl.ok(&["user", "delete", "carl@example.com"])
        .stderr_has(&["Deleted user carl@example.com"]);
    ctl.cmd(&["user", "show", "ann@example.com"]).run().code(3);
}

#[test]
fn token_lifecycle() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);

    let created = ctl.json(&[
        "token",
        "create",
        "deploy",
        "--role",
        "agent",
        "--expires-in",
        "3600",
    ]);
    let secret = created["secret"].as_str().unwrap();
    assert!(secret.starts_with("chatd_pat_"));
    assert_eq!(created["name"], "deploy");
    assert_eq!(created["role"], "agent");
    assert!(created["expires_at"].is_i64());
    let id = created["id"].as_str().unwrap();

    let table = ctl.ok(&["token", "create", "ci"]);
    let table = table
        .stdout_has(&["name:", "ci", "secret:", "chatd_pat_"])
        .stderr_has(&["shown only now"]);
    let ci_secret = table
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("secret:"))
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(ci(&chatd, &ci_secret).json(&["whoami"])["via"], "api_token");

    let list = ctl.json(&["token", "list"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|t| t.get("secret").is_none()), "{list:?}");
    let listed = ctl.ok(&["token", "list"]);
    let listed = listed.stdout_has(&["NAME", "PREFIX", "deploy", "ci", "active"]);
    assert!(!listed.stdout.contains(secret));

    // An agent token cannot administer.
    ci(&chatd, secret).cmd(&["widget", "list"]).run().code(1);

    ctl.ok(&["token", "revoke", id])
        .stderr_has(&["Revoked token \"deploy\""]);
    let revoked = ctl.json(&["token", "revoke", "ci"]);
    assert_eq!(revoked["revoked"], true);
    ctl.ok(&["token", "list"]).stdout_has(&["revoked"]);
    ci(&chatd, &ci_secret).cmd(&["whoami"]).run().code(1);
    ctl.cmd(&["token", "revoke", "ci"]).run().code(3);
}
