//! docs/provision-example.sh provisions a fresh chatd from nothing.

use crate::harness::{Chatd, Ctl, chatctl_bin};
use std::path::Path;
use std::process::Command;

#[test]
fn the_provisioning_example_provisions_a_fresh_chatd() {
    let chatd = Chatd::start();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let bin_dir = chatctl_bin().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let home = tempfile::tempdir().unwrap();
    let out = Command::new("bash")
        .arg(docs.join("provision-example.sh"))
        .env_clear()
        .env("PATH", path)
        .env("HOME", home.path())
        .env("NO_COLOR", "1")
        .env("CHATD_URL", &chatd.url)
        .env("CHATD_ADMIN_PASSWORD", chatd.admin_password())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stdout.contains("widget  Support"), "{stdout}");
    assert!(stdout.contains("user    lead@example.com"), "{stdout}");
    assert!(stderr.contains("Applied: 6 created"), "{stderr}");
    assert!(stdout.contains("canned  refund-policy"), "{stdout}");

    let admin = Ctl::admin(&chatd);
    for name in ["Support", "Docs"] {
        let w = admin.json(&["widget", "show", name]);
        let key = w["site_key"].as_str().unwrap();
        assert!(
            stdout.contains(&format!("data-site-key=\"{key}\"")),
            "no snippet for {name}:\n{stdout}"
        );
    }
    assert_eq!(
        admin.json(&["widget", "show", "Support"])["faq"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        admin.json(&["user", "show", "lead@example.com"])["role"],
        "admin"
    );
    assert_eq!(
        admin.json(&["widget", "member", "list", "Support"])[0]["email"],
        "agent@example.com"
    );
    let order = admin.json(&["canned", "show", "order-status"]);
    assert_eq!(
        order["widget_id"],
        admin.json(&["widget", "show", "Support"])["id"]
    );
    // The run's token is revoked at its end.
    let tokens = admin.json(&["token", "list"]);
    let tokens = tokens.as_array().unwrap();
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0]["revoked_at"].is_i64(), "{tokens:?}");
    // Nothing was left in the home directory: the login lived in a scratch config.
    assert!(!home.path().join(".config").exists());

    // The same file again changes nothing.
    let file = docs.join("provision-example.toml");
    let report = admin.json(&["apply", "-f", file.to_str().unwrap()]);
    assert_eq!(report["unchanged"], 6, "{report}");
}
