//! The documented exit codes, with messages that say what failed and what to do.

use crate::harness::{ADMIN, Chatd, Ctl, api_token, ci, dead_url};
use std::time::Duration;

#[test]
fn help_documents_the_exit_codes() {
    let help = Ctl::new().ok(&["--help"]).stdout;
    for line in [
        "Exit status:",
        "0  success",
        "1  the server or the network failed",
        "2  usage error",
        "3  not found",
        "4  conflict",
        "CHATCTL_TOKEN",
    ] {
        assert!(help.contains(line), "--help lacks {line:?}:\n{help}");
    }
}

#[test]
fn wrong_server_url() {
    let url = dead_url();
    Ctl::new()
        .cmd(&[
            "login",
            "--server",
            &url,
            "--email",
            ADMIN,
            "--password-stdin",
        ])
        .stdin("whatever\n")
        .run()
        .code(1)
        .stderr_has(&["cannot log in", "cannot reach chatd at", &url, "--server"]);
    Ctl::new()
        .with_env("CHATCTL_SERVER", &url)
        .with_env("CHATCTL_TOKEN", "chatd_pat_x")
        .cmd(&["widget", "list"])
        .run()
        .code(1)
        .stderr_has(&["cannot list widgets", "cannot reach chatd"]);
    Ctl::new()
        .cmd(&["status", "--server", "localhost:8080"])
        .run()
        .code(2)
        .stderr_has(&["is not a server URL", "http://"]);
}

/// Answers every request with a proxy's HTML error page.
fn fake_proxy() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut conn) = conn else { break };
            let mut buf = [0u8; 4096];
            let _ = std::io::Read::read(&mut conn, &mut buf);
            let body = "<html><body>502 Bad Gateway</body></html>";
            let resp = format!(
                "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = std::io::Write::write_all(&mut conn, resp.as_bytes());
        }
    });
    url
}

#[test]
fn a_server_that_is_not_chatd() {
    let url = fake_proxy();
    Ctl::new()
        .cmd(&["status", "--server", &url])
        .run()
        .code(1)
        .stderr_has(&["502 Bad Gateway without a chatd error", "is a chatd server"]);
}

#[test]
fn wrong_password() {
    let chatd = Chatd::start();
    let ctl = Ctl::new();
    ctl.login(&chatd, ADMIN, "not-the-password")
        .code(1)
        .stderr_has(&["cannot log in: wrong email or password", "reset-password"]);
    assert!(!ctl.config_path().exists(), "a failed login stores nothing");
    ctl.cmd(&["whoami"])
        .run()
        .code(2)
        .stderr_has(&["no server or credentials configured", "chatctl login"]);
}

#[test]
fn invalid_expired_and_revoked_api_tokens() {
    let chatd = Chatd::start();
    let admin = Ctl::admin(&chatd);

    ci(&chatd, "chatd_pat_not-a-real-token")
        .cmd(&["widget", "list"])
        .run()
        .code(1)
        .stderr_has(&["invalid, expired or revoked", "chatctl token create"]);

    let short = admin.json(&["token", "create", "short", "--expires-in", "1"]);
    let secret = short["secret"].as_str().unwrap();
    ci(&chatd, secret).ok(&["whoami"]);
    // The server counts expiry in milliseconds; wait past it.
    std::thread::sleep(Duration::from_millis(1100));
    ci(&chatd, secret)
        .cmd(&["whoami"])
        .run()
        .code(1)
        .stderr_has(&["invalid, expired or revoked", "CHATCTL_TOKEN"]);

    let t = api_token(&admin, "revoke-me");
    ci(&chatd, &t).ok(&["whoami"]);
    admin.ok(&["token", "revoke", "revoke-me"]);
    ci(&chatd, &t).cmd(&["whoami"]).run().code(1);
}

#[test]
fn agents_are_told_they_need_the_admin_role() {
    let chatd = Chatd::start();
    let admin = Ctl::admin(&chatd);
    admin
        .cmd(&["user", "add", "agent@example.com", "--password-stdin"])
        .stdin("agent-password\n")
        .run()
        .ok();
    let agent = Ctl::new();
    agent
        .login(&chatd, "agent@example.com", "agent-password")
        .ok();
    agent
        .cmd(&["widget", "list"])
        .run()
        .code(1)
        .stderr_has(&["cannot list widgets", "admin role"]);
    // whoami works for anyone.
    assert_eq!(agent.json(&["whoami"])["role"], "agent");
}

#[test]
fn not_found_conflict_and_invalid_values() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let cases: &[(&[&str], i32, &str)] = &[
        (&["widget", "show", "Nope"], 3, "no widget named \"Nope\""),
        (
            &["widget", "show", "00000000-0000-0000-0000-000000000000"],
            3,
            "no widget with ID",
        ),
        (&["widget", "delete", "Nope"], 3, "no widget named"),
        (
            &["user", "show", "nobody@example.com"],
            3,
            "no user with email",
        ),
        (&["token", "revoke", "nope"], 3, "no active API token named"),
        (
            &["widget", "faq", "remove", "Demo", "9"],
            3,
            "has no FAQ entry 9",
        ),
        (&["widget", "create", "Demo"], 4, "exists"),
        (&["user", "disable", ADMIN], 4, "last enabled admin"),
        (&["widget", "create", "X", "--color", "red"], 2, "#rrggbb"),
        (
            &["widget", "create", "Y", "--origin", "example.com"],
            2,
            "allowed_origins",
        ),
        (&["widget", "update", "Demo"], 2, "nothing to change"),
        (&["widget", "frobnicate"], 2, "unrecognized subcommand"),
        (
            &["user", "add", "x@example.com", "--role", "boss"],
            2,
            "invalid value",
        ),
        (&["widget", "list", "--output", "xml"], 2, "invalid value"),
    ];
    for (args, code, msg) in cases {
        ctl.cmd(args).run().code(*code).stderr_has(&[msg]);
    }
    // Nothing half-made by the failed creates.
    let names: Vec<String> = ctl
        .json(&["widget", "list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, vec!["Demo"]);
}
