//! login, logout, whoami, status, contexts, token refresh and env-only mode.

use crate::harness::{ADMIN, Chatd, Ctl, api_token, ci};

fn refresh_token(ctl: &Ctl, context: &str) -> Option<String> {
    ctl.config()["contexts"][context]
        .get("refresh_token")
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn set_in_config(ctl: &Ctl, context: &str, key: &str, value: toml::Value) {
    let mut cfg = ctl.config();
    cfg["contexts"].as_table_mut().unwrap()[context]
        .as_table_mut()
        .unwrap()
        .insert(key.into(), value);
    std::fs::write(ctl.config_path(), toml::to_string(&cfg).unwrap()).unwrap();
}

#[test]
fn login_whoami_logout() {
    let chatd = Chatd::start();
    let ctl = Ctl::new();
    ctl.login(&chatd, ADMIN, &chatd.admin_password())
        .ok()
        .stderr_has(&["Logged in to", ADMIN, "\"default\""]);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(ctl.config_path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "the config holds tokens");
    }

    ctl.ok(&["whoami"])
        .stdout_has(&["email:", ADMIN, "role:", "admin", "via:", "jwt"]);
    let me = ctl.json(&["whoami"]);
    assert_eq!(me["user"]["email"], ADMIN);
    assert_eq!(me["role"], "admin");
    assert_eq!(me["via"], "jwt");
    assert_eq!(me["server"], chatd.url.as_str());
    assert_eq!(me["context"], "default");

    let rt = refresh_token(&ctl, "default").unwrap();
    ctl.ok(&["logout"]).stderr_has(&["Logged out"]);
    assert_eq!(refresh_token(&ctl, "default"), None);
    // The refresh token is revoked on the server, not only forgotten here.
    let rt_rejected = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(proto::Client::new(chatd.url.clone()).refresh(&rt))
        .unwrap_err();
    assert_eq!(rt_rejected.status().map(|s| s.as_u16()), Some(401));

    ctl.cmd(&["whoami"])
        .run()
        .code(2)
        .stderr_has(&["logged out", "chatctl login"]);
    ctl.ok(&["logout"]).stderr_has(&["already logged out"]);

    // Logging in again needs no --server: the context remembers it.
    ctl.cmd(&["login", "--email", ADMIN, "--password-stdin"])
        .stdin(&format!("{}\n", chatd.admin_password()))
        .run()
        .ok();
    ctl.ok(&["whoami"]);
    let j = ctl
        .cmd(&["login", "--password-stdin", "-o", "json"])
        .stdin(&format!("{}\n", chatd.admin_password()))
        .run()
        .ok()
        .json();
    assert_eq!(j["context"], "default");
    assert_eq!(j["user"]["email"], ADMIN);
}

#[test]
fn login_without_terminal_asks_for_flags_instead_of_prompting() {
    let chatd = Chatd::start();
    let ctl = Ctl::new();
    ctl.cmd(&["login", "--server", &chatd.url])
        .run()
        .code(2)
        .stderr_has(&["--email is required when not at a terminal"]);
    ctl.cmd(&["login", "--server", &chatd.url, "--email", ADMIN])
        .run()
        .code(2)
        .stderr_has(&["--password-stdin"]);
    ctl.cmd(&["login", "--email", ADMIN, "--password-stdin"])
        .stdin("x\n")
        .run()
        .code(2)
        .stderr_has(&["--server is required"]);
}

#[test]
fn expired_access_token_is_refreshed_and_the_new_pair_stored() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let rt1 = refresh_token(&ctl, "default").unwrap();

    // A token the server refuses: chatctl refreshes after the 401.
    set_in_config(&ctl, "default", "access_token", "not-a-jwt".into());
    ctl.ok(&["widget", "list"]);
    let rt2 = refresh_token(&ctl, "default").unwrap();
    assert_ne!(rt1, rt2, "the rotated refresh token is stored");
    assert_ne!(
        ctl.config()["contexts"]["default"]["access_token"].as_str(),
        Some("not-a-jwt")
    );

    // A token past its stated expiry: chatctl refreshes before sending it.
    set_in_config(&ctl, "default", "access_expires_at", 1.into());
    ctl.ok(&["whoami"]);
    let rt3 = refresh_token(&ctl, "default").unwrap();
    assert_ne!(rt2, rt3);
    ctl.ok(&["user", "list"]);
    assert_eq!(
        refresh_token(&ctl, "default").unwrap(),
        rt3,
        "no refresh needed now"
    );
}

#[test]
fn a_revoked_login_says_to_log_in_again() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    set_in_config(&ctl, "default", "access_token", "not-a-jwt".into());
    set_in_config(&ctl, "default", "refresh_token", "rt_not-a-token".into());
    ctl.cmd(&["widget", "list"])
        .run()
        .code(1)
        .stderr_has(&["cannot renew the login", "chatctl login --context default"]);
}

#[test]
fn contexts_switch_between_servers() {
    let a = Chatd::start();
    let b = Chatd::start();
    let ctl = Ctl::new();
    ctl.login(&a, ADMIN, &a.admin_password()).ok();
    ctl.cmd(&[
        "login",
        "--server",
        &b.url,
        "--context",
        "b",
        "--email",
        ADMIN,
        "--password-stdin",
    ])
    .stdin(&format!("{}\n", b.admin_password()))
    .run()
    .ok();
    // b was the last login, so it is current.
    assert_eq!(ctl.json(&["whoami"])["server"], b.url.as_str());
    ctl.ok(&["context", "list"]).stdout_has(&[
        "CURRENT",
        "default",
        &a.url,
        "* ",
        &b.url,
        "logged in",
    ]);
    let list = ctl.json(&["context", "list"]);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let b_ctx = list.iter().find(|c| c["name"] == "b").unwrap();
    assert_eq!(b_ctx["current"], true);
    assert_eq!(b_ctx["logged_in"], true);
    assert!(
        b_ctx.get("refresh_token").is_none(),
        "no secrets in the listing"
    );

    ctl.ok(&["context", "use", "default"]);
    assert_eq!(ctl.json(&["whoami"])["server"], a.url.as_str());
    // --context and --server pick a context for one command.
    assert_eq!(
        ctl.json(&["whoami", "--context", "b"])["server"],
        b.url.as_str()
    );
    assert_eq!(ctl.json(&["whoami", "--server", &b.url])["context"], "b");

    ctl.cmd(&["context", "use", "nope"])
        .run()
        .code(3)
        .stderr_has(&["no context named \"nope\""]);
    ctl.cmd(&["whoami", "--context", "b", "--server", &a.url])
        .run()
        .code(2)
        .stderr_has(&["is for"]);
}

#[test]
fn env_only_mode_needs_no_config_file() {
    let chatd = Chatd::start();
    let admin = Ctl::admin(&chatd);
    let token = api_token(&admin, "ci");
    assert!(token.starts_with("chatd_pat_"));

    let ci = ci(&chatd, &token);
    let me = ci.json(&["whoami"]);
    assert_eq!(me["via"], "api_token");
    assert_eq!(me["user"]["email"], ADMIN);
    assert_eq!(me["context"], serde_json::Value::Null);
    ci.ok(&["widget", "create", "FromCI"]);
    ci.ok(&["widget", "list"]).stdout_has(&["FromCI"]);
    assert!(
        !ci.config_path().exists() && !ci.dir().join("config").exists(),
        "env-only mode writes no config"
    );
    ci.cmd(&["logout"])
        .run()
        .code(2)
        .stderr_has(&["token revoke"]);
    // The token never appears in help output.
    let help = ci.ok(&["--help"]).stdout;
    assert!(!help.contains(&token));
}

#[test]
fn status_shows_version_health_and_counts() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    ctl.ok(&["status"]).stdout_has(&[
        "version:",
        env!("CARGO_PKG_VERSION"),
        "health:",
        "ok",
        "ready:",
        "yes",
        "users:",
        "widgets:",
    ]);
    let s = ctl.json(&["status"]);
    assert_eq!(s["server"], chatd.url.as_str());
    assert_eq!(s["healthy"], true);
    assert_eq!(s["ready"], true);
    assert_eq!(s["users"], 1);
    assert_eq!(s["widgets"], 1, "the demo widget");
    assert!(s["version"].is_string());

    // Without credentials: health only.
    let anon = Ctl::new().json(&["status", "--server", &chatd.url]);
    assert_eq!(anon["ready"], true);
    assert_eq!(anon["users"], serde_json::Value::Null);
}
