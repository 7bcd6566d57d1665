//! `chatctl webhook ...` against a real chatd and a small receiver, and the
//! webhook lines of `chatctl doctor`.

use crate::harness::{Chatd, Ctl, dead_url};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One request a [`Receiver`] got: its headers (lower-cased names) and body.
#[derive(Debug, Clone)]
struct Request {
    method: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// A minimal HTTP receiver on 127.0.0.1 that answers every request with
/// 200 and keeps what it got.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Request>>>,
}

impl Receiver {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let got = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&got);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                if let Some(req) = read_request(&mut stream) {
                    sink.lock().unwrap().push(req);
                }
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                );
            }
        });
        Self { url, got }
    }

    /// Waits (with a deadline) for a POST carrying delivery `id`.
    fn wait_for(&self, id: &str) -> Request {
        let start = Instant::now();
        loop {
            if let Some(r) = self
                .got
                .lock()
                .unwrap()
                .iter()
                .find(|r| r.method == "POST" && r.header("chatd-delivery") == id)
            {
                return r.clone();
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "delivery {id} did not arrive"
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let method = line.split(' ').next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        reader.read_line(&mut h).ok()?;
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
    }
    let len = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body).ok()?;
    Some(Request {
        method,
        headers,
        body,
    })
}

#[test]
fn webhook_lifecycle_test_verify_replay_and_doctor() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    let rx = Receiver::start();

    let out = ctl
        .ok(&[
            "webhook",
            "add",
            &rx.url,
            "--event",
            "conversation.closed",
            "--event",
            "message.created",
        ])
        .stdout_has(&[
            "url:",
            &rx.url,
            "conversation.closed, message.created",
            "secret:",
            "whsec_",
        ])
        .stderr_has(&["it is not shown again"]);
    let secret = out
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("secret:"))
        .unwrap()
        .trim()
        .to_string();
    let list = ctl.json(&["webhook", "list"]);
    let hooks = list.as_array().unwrap();
    assert_eq!(hooks.len(), 1);
    let id = hooks[0]["id"].as_str().unwrap().to_string();
    assert_eq!(hooks[0]["url"], rx.url.as_str());
    assert!(!list.to_string().contains(&secret), "list shows no secret");
    ctl.ok(&["webhook", "list"])
        .stdout_has(&[&id, &rx.url, "conversation.closed"]);

    // A ping through chatd, by URL; the receiver checks it with `verify`.
    let ping = ctl.json(&["webhook", "test", &rx.url]);
    assert_eq!(ping["status"], "delivered", "{ping:#}");
    assert_eq!(ping["event"], "ping");
    let delivery = ping["id"].as_str().unwrap().to_string();
    let req = rx.wait_for(&delivery);
    assert_eq!(req.header("chatd-event"), "ping");
    let body_file = ctl.dir().join("body.json");
    std::fs::write(&body_file, &req.body).unwrap();
    let body_path = body_file.to_str().unwrap();
    let header = req.header("chatd-signature").to_string();
    ctl.ok(&[
        "webhook",
        "verify",
        "--secret",
        &secret,
        "--header",
        &header,
        "--body-file",
        body_path,
    ])
    .stderr_has(&["Valid"]);
    let v = ctl.json(&[
        "webhook",
        "verify",
        "--header",
        &header,
        "--body-file",
        body_path,
        "--secret",
        &secret,
    ]);
    assert_eq!(v["valid"], true);
    // The secret from the environment; the body from stdin.
    ctl.cmd(&["webhook", "verify", "--header", &header, "--body-file", "-"])
        .env("CHATCTL_WEBHOOK_SECRET", &secret)
        .stdin(std::str::from_utf8(&req.body).unwrap())
        .run()
        .ok();
    ctl.cmd(&[
        "webhook",
        "verify",
        "--secret",
        "whsec_wrong",
        "--header",
        &header,
        "--body-file",
        body_path,
    ])
    .run()
    .code(1)
    .stderr_has(&["invalid signature", "does not match"]);
    let tampered = ctl.dir().join("tampered.json");
    std::fs::write(&tampered, [&req.body[..], b" "].concat()).unwrap();
    ctl.cmd(&[
        "webhook",
        "verify",
        "--secret",
        &secret,
        "--header",
        &header,
        "--body-file",
        tampered.to_str().unwrap(),
    ])
    .run()
    .code(1);
    let t: i64 = header
        .strip_prefix("t=")
        .and_then(|h| h.split(',').next())
        .unwrap()
        .parse()
        .unwrap();
    let late = (t + 301).to_string();
    ctl.cmd(&[
        "webhook",
        "verify",
        "--secret",
        &secret,
        "--header",
        &header,
        "--body-file",
        body_path,
        "--at",
        &late,
    ])
    .run()
    .code(1)
    .stderr_has(&["301 s away"]);
    ctl.cmd(&[
        "webhook",
        "verify",
        "--secret",
        &secret,
        "--header",
        "v1=00",
        "--body-file",
        body_path,
    ])
    .run()
    .code(1)
    .stderr_has(&["malformed"]);

    // Deliveries, by hook and status; a replay sends the same id again.
    ctl.ok(&["webhook", "deliveries", &id])
        .stdout_has(&[&delivery, "ping", "delivered", "200"]);
    let failed = ctl.json(&["webhook", "deliveries", &id, "--status", "failed"]);
    assert_eq!(failed, Value::Array(vec![]));
    let replayed = ctl.json(&["webhook", "replay", &delivery]);
    assert_eq!(replayed["id"], delivery.as_str());
    assert_eq!(replayed["status"], "pending");
    let start = Instant::now();
    while rx
        .got
        .lock()
        .unwrap()
        .iter()
        .filter(|r| r.header("chatd-delivery") == delivery)
        .count()
        < 2
    {
        assert!(start.elapsed() < Duration::from_secs(20), "no replay");
        std::thread::sleep(Duration::from_millis(25));
    }

    // Doctor probes the URL (the receiver answers its HEAD).
    ctl.ok(&["doctor"])
        .stdout_has(&["webhook", &rx.url, "answers"]);

    ctl.ok(&["webhook", "remove", &id])
        .stderr_has(&["Removed webhook", &rx.url]);
    assert_eq!(ctl.json(&["webhook", "list"]), Value::Array(vec![]));
}

#[test]
fn webhook_errors_have_their_exit_codes() {
    let chatd = Chatd::start();
    let ctl = Ctl::admin(&chatd);
    // Flags clap refuses: an unknown event, no event, ping.
    ctl.cmd(&[
        "webhook",
        "add",
        "http://127.0.0.1:9/x",
        "--event",
        "message.sent",
    ])
    .run()
    .code(2)
    .stderr_has(&["unknown event", "message.created"]);
    ctl.cmd(&["webhook", "add", "http://127.0.0.1:9/x"])
        .run()
        .code(2);
    ctl.cmd(&["webhook", "add", "http://127.0.0.1:9/x", "--event", "ping"])
        .run()
        .code(2);
    // A URL the server refuses.
    ctl.cmd(&[
        "webhook",
        "add",
        "ftp://example.com",
        "--event",
        "message.created",
    ])
    .run()
    .code(2)
    .stderr_has(&["url:", "http:// or https://"]);
    let nobody = "0190a4c1-0000-7000-8000-000000000000";
    ctl.cmd(&["webhook", "remove", nobody]).run().code(3);
    ctl.cmd(&["webhook", "remove", "https://nowhere.example/x"])
        .run()
        .code(3);
    ctl.cmd(&["webhook", "deliveries", nobody]).run().code(3);
    ctl.cmd(&["webhook", "replay", nobody]).run().code(3);
    ctl.cmd(&["webhook", "replay", "not-an-id"]).run().code(2);
    ctl.cmd(&[
        "webhook",
        "verify",
        "--secret",
        "s",
        "--header",
        "t=1,v1=00",
        "--body-file",
        "/nonexistent/body",
    ])
    .run()
    .code(2);

    // A hook nobody listens on: the ping fails and says so; doctor warns
    // but does not fail.
    let dead = format!("{}/hook", dead_url());
    let hook = ctl.json(&["webhook", "add", &dead, "--event", "conversation.created"]);
    let id = hook["id"].as_str().unwrap();
    ctl.cmd(&["webhook", "test", id])
        .run()
        .code(1)
        .stderr_has(&["was not delivered", "chatctl webhook deliveries"]);
    let pending = ctl.json(&["webhook", "deliveries", id, "--status", "pending"]);
    assert_eq!(pending[0]["attempts"], 1, "{pending:#}");
    assert!(
        pending[0]["last_error"]
            .as_str()
            .unwrap()
            .contains("onnect")
    );
    let run = ctl.ok(&["doctor"]);
    run.stdout_has(&["webhook", &dead, "cannot be reached", "retrying deliveries"])
        .stderr_has(&["with warnings, 0 failed"]);

    // Agents may not manage webhooks.
    ctl.cmd(&["user", "add", "agent@example.com", "--password-stdin"])
        .stdin("agent-password\n")
        .run()
        .ok();
    let agent = Ctl::new();
    agent
        .login(&chatd, "agent@example.com", "agent-password")
        .ok();
    agent
        .cmd(&["webhook", "list"])
        .run()
        .code(1)
        .stderr_has(&["admin"]);
}
