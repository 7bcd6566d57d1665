//! A short run of each scenario against the debug chatd: checks the
//! delivery counts, never timing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use serde_json::Value;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A run may take this long before the test kills it.
const RUN_TIMEOUT: Duration = Duration::from_secs(100);

/// `chatd` from the same target dir as this test's chatbench
/// (`target/debug/chatd`), built first if it is not there yet.
fn chatd() -> PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let bench = PathBuf::from(env!("CARGO_BIN_EXE_chatbench"));
        let dir = bench
            .parent()
            .expect("the chatbench binary has a directory");
        let chatd = dir.join("chatd");
        if !chatd.is_file() {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let mut cmd = Command::new(cargo);
            cmd.args(["build", "-p", "chatd"]);
            if dir.file_name().is_some_and(|n| n == "release") {
                cmd.arg("--release");
            }
            let status = cmd.status().expect("cannot run cargo to build chatd");
            assert!(status.success(), "`cargo build -p chatd` failed");
        }
        assert!(chatd.is_file(), "no chatd binary at {}", chatd.display());
        chatd
    })
    .clone()
}

/// Runs chatbench with `args` and returns its JSON report.
fn run(args: &[&str]) -> Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chatbench"))
        .args(args)
        .arg("--json")
        .arg("--chatd")
        .arg(chatd())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cannot start chatbench");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > RUN_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "chatbench {args:?} did not finish within {RUN_TIMEOUT:?}; stderr:\n{}",
                err.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stdout = out.join().unwrap();
    let stderr = err.join().unwrap();
    let report: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| {
        panic!("chatbench {args:?} ({status}) printed no JSON report ({e}):\n{stdout}\nstderr:\n{stderr}")
    });
    assert!(
        status.success(),
        "chatbench {args:?} failed ({status}): {report:#}\nstderr:\n{stderr}"
    );
    report
}

fn count(report: &Value, key: &str) -> u64 {
    report[key]
        .as_u64()
        .unwrap_or_else(|| panic!("no {key} in {report:#}"))
}

fn assert_clean_delivery(report: &Value, expected: u64) {
    for key in [
        "lost",
        "duplicated",
        "out_of_order",
        "unacked",
        "seq_mismatch",
    ] {
        assert_eq!(count(report, key), 0, "{key} in {report:#}");
    }
    assert_eq!(count(report, "sent"), expected, "{report:#}");
    assert_eq!(count(report, "delivered"), expected, "{report:#}");
    assert_eq!(count(report, "acked"), expected, "{report:#}");
    assert_eq!(report["ok"], Value::Bool(true), "{report:#}");
    for key in ["p50", "p90", "p99", "p999", "max"] {
        assert!(
            report["latency_ms"][key].is_number(),
            "latency_ms.{key} in {report:#}"
        );
    }
}

#[test]
fn steady_delivers_every_message_once_in_order() {
    let r = run(&[
        "steady",
        "--conversations",
        "10",
        "--rate",
        "50",
        "--duration",
        "3",
    ]);
    assert_eq!(r["scenario"], "steady");
    assert_clean_delivery(&r, 150);
}

#[test]
fn reconnect_loses_nothing_when_sockets_drop() {
    let r = run(&[
        "reconnect",
        "--conversations",
        "10",
        "--rate",
        "50",
        "--duration",
        "3",
        "--drop-every-ms",
        "100",
        "--seed",
        "7",
    ]);
    assert_eq!(r["scenario"], "reconnect");
    assert_clean_delivery(&r, 150);
    assert!(count(&r, "drops") > 10, "{r:#}");
    assert!(count(&r, "reconnects") >= count(&r, "drops"), "{r:#}");
}

#[test]
fn idle_holds_sockets_and_reports_memory() {
    let r = run(&["idle", "--sockets", "50", "--settle", "2"]);
    assert_eq!(r["scenario"], "idle");
    assert_eq!(count(&r, "sockets"), 50, "{r:#}");
    assert!(r["server_rss_per_socket_kib"].is_number(), "{r:#}");
    assert_eq!(count(&r, "disconnects"), 0, "{r:#}");
}
