//! `chatctl doctor` against a healthy chatd, one serving TLS itself, behind
//! a proxy that does not upgrade WebSockets, and at a wrong URL.

use crate::harness::{ADMIN, Chatd, Ctl, api_token, ci, dead_url};
use serde_json::Value;
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// The checklist's lines, each `[ok]   name: message` (plain ASCII: the
/// tests run with NO_COLOR and without a terminal).
fn lines(stdout: &str) -> Vec<&str> {
    stdout.lines().filter(|l| !l.starts_with(' ')).collect()
}

fn line<'a>(stdout: &'a str, name: &str) -> &'a str {
    lines(stdout)
        .into_iter()
        .find(|l| l[7..].starts_with(&format!("{name}:")))
        .unwrap_or_else(|| panic!("no {name:?} line in:\n{stdout}"))
}

fn open_conversations(ctl: &Ctl) -> Value {
    ctl.json(&["conversation", "list", "--status", "open"])
}

#[test]
fn doctor_on_a_healthy_chatd() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let run = ctl.ok(&["doctor"]);
    let all = lines(&run.stdout);
    assert!(all.len() >= 14, "{}", run.stdout);
    for l in &all {
        assert!(l.starts_with("[ok]   "), "not ok: {l}\n{}", run.stdout);
    }
    for name in [
        "chatd answers",
        "ready",
        "version",
        "clock",
        "credentials",
        "widget",
        "probe conversation",
        "visitor WebSocket",
        "agent WebSocket",
        "agent accepts",
        "visitor -> agent",
        "agent -> visitor",
        "SSE fallback",
        "probe closed",
    ] {
        line(&run.stdout, name);
    }
    assert!(line(&run.stdout, "visitor -> agent").contains(" ms"));
    assert!(line(&run.stdout, "widget").contains("Demo"));
    // Webhooks do not exist yet, and plain http has no certificate.
    assert!(!run.stdout.contains("webhook") && !run.stdout.contains("TLS"));
    run.stderr_has(&["14 checks: 14 passed"]);
    // The probe does not linger.
    assert_eq!(open_conversations(&ctl), serde_json::json!([]));

    let j = ctl.json(&["doctor"]);
    assert_eq!(j["ok"], true, "{j:#}");
    assert_eq!(j["failed"], 0);
    let checks = j["checks"].as_array().unwrap();
    assert!(checks.iter().all(|c| c["status"] == "ok"), "{j:#}");
    let by_id = |id: &str| checks.iter().find(|c| c["id"] == id).unwrap().clone();
    assert!(by_id("visitor_to_agent")["ms"].is_u64(), "{j:#}");
    assert!(by_id("agent_to_visitor")["ms"].is_u64(), "{j:#}");
    assert!(by_id("sse")["ms"].is_u64(), "{j:#}");
    let probe = j["probe_conversation_id"].as_str().unwrap();
    let conv = ctl.json(&["conversation", "show", probe]);
    assert_eq!(conv["conversation"]["status"], "closed");
    assert_eq!(conv["conversation"]["prechat"]["probe"], "chatctl doctor");

    // An API token, with a site key, works the same.
    let token = api_token(&ctl, "doctor");
    let site_key = ctl.json(&["widget", "show", "Demo"])["site_key"]
        .as_str()
        .unwrap()
        .to_string();
    let run = ci(&chatd, &token).ok(&["doctor", "--site-key", &site_key]);
    assert!(
        lines(&run.stdout).iter().all(|l| l.starts_with("[ok]   ")),
        "{}",
        run.stdout
    );
    assert!(line(&run.stdout, "credentials").contains("via api token"));
}

/// A reverse proxy that passes HTTP through to `upstream` but answers
/// WebSocket upgrades with 502, as a proxy without upgrade support does.
fn no_upgrade_proxy(upstream: &str) -> String {
    let upstream = upstream.trim_start_matches("http://").to_string();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(client) = conn else { break };
            let upstream = upstream.clone();
            std::thread::spawn(move || proxy_connection(client, &upstream));
        }
    });
    url
}

fn proxy_connection(mut client: TcpStream, upstream: &str) {
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match client.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let lower = String::from_utf8_lossy(&head).to_ascii_lowercase();
    if lower.contains("\r\nupgrade: websocket") {
        let body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        let resp = format!(
            "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{body}",
            body.len()
        );
        let _ = client.write_all(resp.as_bytes());
        return;
    }
    // Everything else (and whatever follows on this connection) goes through.
    let Ok(mut server) = TcpStream::connect(upstream) else {
        return;
    };
    if server.write_all(&head).is_err() {
        return;
    }
    let (Ok(mut client_in), Ok(mut server_out)) = (client.try_clone(), server.try_clone()) else {
        return;
    };
    std::thread::spawn(move || {
        let _ = std::io::copy(&mut client_in, &mut server_out);
        let _ = server_out.shutdown(Shutdown::Write);
    });
    let _ = std::io::copy(&mut server, &mut client);
    let _ = client.shutdown(Shutdown::Write);
}

#[test]
fn doctor_catches_a_proxy_that_does_not_upgrade() {
    let chatd = Chatd::start();
    let admin = Ctl::admin(&chatd);
    let proxy = no_upgrade_proxy(&chatd.url);
    let token = api_token(&admin, "doctor");
    let ctl = Ctl::new()
        .with_env("CHATCTL_SERVER", &proxy)
        .with_env("CHATCTL_TOKEN", &token);
    let run = ctl.cmd(&["doctor"]).run().code(1);
    let proxy_problem = "the proxy did not upgrade the WebSocket (got HTTP 502); \
                         see docs/operations.md 'Behind a reverse proxy'";
    for name in ["visitor WebSocket", "agent WebSocket"] {
        let l = line(&run.stdout, name);
        assert!(l.starts_with("[FAIL] "), "{l}");
        assert!(l.contains(proxy_problem), "{l}");
    }
    // Each failure has its fix on the next line.
    assert!(
        run.stdout
            .contains("       fix: make the proxy pass WebSocket upgrades"),
        "{}",
        run.stdout
    );
    // HTTP through the proxy works, and so does the SSE fallback.
    for name in ["chatd answers", "credentials", "widget", "SSE fallback"] {
        assert!(
            line(&run.stdout, name).starts_with("[ok]   "),
            "{}",
            run.stdout
        );
    }
    assert!(line(&run.stdout, "visitor -> agent").starts_with("[skip] "));
    assert!(line(&run.stdout, "probe closed").starts_with("[ok]   "));
    let run = run.stderr_has(&["doctor found 2 problems", "visitor WebSocket"]);
    drop(run);
    assert_eq!(open_conversations(&admin), serde_json::json!([]));

    let out = ctl.cmd(&["doctor", "--output", "json"]).run().code(1);
    let j = out.json();
    assert_eq!(j["ok"], false);
    let visitor = j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "visitor_ws")
        .unwrap();
    assert_eq!(visitor["status"], "fail");
    assert!(
        visitor["message"].as_str().unwrap().contains(proxy_problem),
        "{j:#}"
    );
    assert!(visitor["fix"].is_string());
}

#[test]
fn doctor_at_a_wrong_url() {
    let url = dead_url();
    let run = Ctl::new()
        .cmd(&["doctor", "--server", &url])
        .run()
        .code(1)
        .stderr_has(&["cannot reach chatd at", &url, "hint:", "--server"]);
    let all = lines(&run.stdout);
    assert_eq!(all.len(), 1, "{}", run.stdout);
    assert!(
        all[0].starts_with("[FAIL] chatd answers: ") && all[0].contains("cannot reach chatd"),
        "{}",
        run.stdout
    );
    // No server at all is a usage error.
    Ctl::new()
        .cmd(&["doctor"])
        .run()
        .code(2)
        .stderr_has(&["no server given"]);
}

#[test]
fn doctor_without_credentials_checks_the_visitor_side() {
    let chatd = Chatd::start();
    let admin = Ctl::admin(&chatd);
    let site_key = admin.json(&["widget", "show", "Demo"])["site_key"]
        .as_str()
        .unwrap()
        .to_string();
    let run = Ctl::new()
        .cmd(&["doctor", "--server", &chatd.url, "--site-key", &site_key])
        .run()
        .code(1)
        .stderr_has(&["credentials", "chatctl login"]);
    assert!(line(&run.stdout, "credentials").starts_with("[FAIL] "));
    for name in ["visitor WebSocket", "SSE fallback", "probe closed"] {
        assert!(
            line(&run.stdout, name).starts_with("[ok]   "),
            "{}",
            run.stdout
        );
    }
    for name in ["agent WebSocket", "agent accepts", "agent -> visitor"] {
        assert!(
            line(&run.stdout, name).starts_with("[skip] "),
            "{}",
            run.stdout
        );
    }
    assert_eq!(open_conversations(&admin), serde_json::json!([]));
    // A wrong site key is named as such.
    Ctl::new()
        .cmd(&["doctor", "--server", &chatd.url, "--site-key", "sk_nope"])
        .run()
        .code(1)
        .stdout_has(&["[FAIL] widget: ", "fix: check --site-key"]);
}

/// A CA (`ca.pem`) and a certificate for localhost and 127.0.0.1 signed by
/// it that expires in `days`: the CA's path, the certificate's and the key's.
fn tls_files(dir: &Path, days: i64) -> (PathBuf, PathBuf, PathBuf) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "doctor test CA");
    let ca_pem = ca.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::new(ca, ca_key);
    let key = KeyPair::generate().unwrap();
    let mut leaf =
        CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
    let now = time::OffsetDateTime::now_utc();
    leaf.not_before = now - time::Duration::days(1);
    leaf.not_after = now + time::Duration::days(days);
    let cert = leaf.signed_by(&key, &issuer).unwrap();
    let paths = (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    );
    std::fs::write(&paths.0, ca_pem).unwrap();
    std::fs::write(&paths.1, cert.pem()).unwrap();
    std::fs::write(&paths.2, key.serialize_pem()).unwrap();
    paths
}

#[test]
fn doctor_over_https_and_wss_reports_the_certificate_expiry() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, cert, key) = tls_files(dir.path(), 10);
    let chatd = Chatd::start_with(&[
        "--tls-cert",
        cert.to_str().unwrap(),
        "--tls-key",
        key.to_str().unwrap(),
    ]);
    assert!(chatd.url.starts_with("https://"), "{}", chatd.url);
    // SSL_CERT_FILE is how chatctl (REST and wss://) trusts a private CA.
    let ctl = Ctl::new().with_env("SSL_CERT_FILE", ca.to_str().unwrap());
    ctl.login(&chatd, ADMIN, &chatd.admin_password()).ok();
    let run = ctl.ok(&["doctor"]);
    let tls = line(&run.stdout, "TLS certificate");
    assert!(
        // 10 days less the moment since the certificate was made: whole
        // days round down to 9, unless both fall in the same second.
        tls.starts_with("[warn] TLS certificate: expires on ")
            && (tls.contains("in 9 days") || tls.contains("in 10 days")),
        "{}",
        run.stdout
    );
    for name in [
        "chatd answers",
        "visitor WebSocket",
        "agent WebSocket",
        "visitor -> agent",
        "agent -> visitor",
        "SSE fallback",
        "probe closed",
    ] {
        assert!(
            line(&run.stdout, name).starts_with("[ok]   "),
            "{name}:\n{}",
            run.stdout
        );
    }
    assert!(line(&run.stdout, "visitor WebSocket").contains("https://"));
    run.stderr_has(&["15 checks: 14 passed, 1 with warnings, 0 failed"]);
    let j = ctl.json(&["doctor"]);
    let checks = j["checks"].as_array().unwrap();
    let tls = checks.iter().find(|c| c["id"] == "tls").unwrap();
    assert_eq!(tls["status"], "warn", "{j:#}");
    assert!(tls["fix"].as_str().unwrap().contains("SIGHUP"), "{j:#}");

    // Without the CA, chatctl does not trust the server, and says how to.
    let run = Ctl::new()
        .cmd(&["doctor", "--server", &chatd.url])
        .run()
        .code(1);
    assert!(
        line(&run.stdout, "chatd answers").starts_with("[FAIL] "),
        "{}",
        run.stdout
    );
    run.stdout_has(&["SSL_CERT_FILE"]);
}
