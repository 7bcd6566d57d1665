//! Starts a real chatd and runs the real chatctl binary against it.
//!
//! chatd is the binary built beside chatctl (`target/debug/chatd`):
//! `cargo nextest run --workspace` (the project's test command) builds every
//! binary of the workspace first. Each test gets its own chatd with a fresh
//! data dir, and each `Ctl` its own config dir, so tests share nothing.

use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;
use tempfile::TempDir;

/// How long chatd may take to start listening.
const START_TIMEOUT: Duration = Duration::from_secs(30);

pub fn chatctl_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_chatctl"))
}

fn chatd_bin() -> PathBuf {
    let p = chatctl_bin().with_file_name(format!("chatd{}", std::env::consts::EXE_SUFFIX));
    assert!(
        p.exists(),
        "chatd binary not found at {}: build it first with `cargo build -p chatd`, \
         or run the workspace's tests (`cargo nextest run --workspace` builds every binary)",
        p.display()
    );
    p
}

/// A running chatd, killed on drop.
pub struct Chatd {
    child: Child,
    /// Base URL, e.g. `http://127.0.0.1:41234` (`https://` with TLS).
    pub url: String,
    dir: TempDir,
    log: Arc<Mutex<String>>,
}

impl Chatd {
    /// Starts chatd on a free port with a fresh data dir.
    pub fn start() -> Self {
        Self::start_with(&[])
    }

    /// [`Self::start`] with extra chatd arguments.
    pub fn start_with(extra: &[&str]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(chatd_bin())
            .arg("--data-dir")
            .arg(dir.path())
            .args(["--listen", "127.0.0.1:0", "--log-format", "json"])
            .args(extra)
            .env_clear()
            .env("CHATD_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start chatd");
        let stderr = child.stderr.take().unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = mpsc::channel();
        let log2 = Arc::clone(&log);
        // Keeps reading after the address is found: a full pipe would block chatd's logging.
        std::thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                // http:// or https://
                if let Some(i) = line.find("listening on http") {
                    let addr: String = line[i + "listening on ".len()..]
                        .chars()
                        .take_while(|c| !c.is_whitespace() && *c != '"')
                        .collect();
                    if let Some(tx) = tx.take() {
                        let _ = tx.send(addr);
                    }
                }
                let mut l = log2.lock().unwrap();
                l.push_str(&line);
                l.push('\n');
            }
        });
        let url = match rx.recv_timeout(START_TIMEOUT) {
            Ok(u) => u,
            Err(e) => {
                let _ = child.kill();
                panic!(
                    "chatd did not report its address ({e}); its log:\n{}",
                    log.lock().unwrap()
                );
            }
        };
        Self {
            child,
            url,
            dir,
            log,
        }
    }

    /// The initial admin's password, from the data dir.
    pub fn admin_password(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("initial-admin-password"))
            .unwrap()
            .trim()
            .to_string()
    }

    /// chatd's log so far, for failure messages.
    #[allow(dead_code)]
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }
}

impl Drop for Chatd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub const ADMIN: &str = "admin@localhost";

/// One chatctl user: its own config dir and environment.
pub struct Ctl {
    home: TempDir,
    env: Vec<(String, String)>,
}

impl Ctl {
    /// No config, no credentials.
    pub fn new() -> Self {
        Self {
            home: tempfile::tempdir().unwrap(),
            env: Vec::new(),
        }
    }

    /// Logged in to `chatd` as the initial admin.
    pub fn admin(chatd: &Chatd) -> Self {
        let ctl = Self::new();
        ctl.login(chatd, ADMIN, &chatd.admin_password()).ok();
        ctl
    }

    /// Sets an environment variable for every run.
    pub fn with_env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    /// The config file chatctl writes (under XDG_CONFIG_HOME).
    pub fn config_path(&self) -> PathBuf {
        self.home.path().join("config/chatctl/config.toml")
    }

    pub fn config(&self) -> toml::Table {
        toml::from_str(&std::fs::read_to_string(self.config_path()).unwrap()).unwrap()
    }

    pub fn dir(&self) -> &Path {
        self.home.path()
    }

    pub fn login(&self, chatd: &Chatd, email: &str, password: &str) -> Output {
        self.cmd(&[
            "login",
            "--server",
            &chatd.url,
            "--email",
            email,
            "--password-stdin",
        ])
        .stdin(&format!("{password}\n"))
        .run()
    }

    /// A chatctl command line to run.
    pub fn cmd(&self, args: &[&str]) -> Run {
        let mut cmd = Command::new(chatctl_bin());
        cmd.args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env("NO_COLOR", "1");
        if let Some(p) = std::env::var_os("PATH") {
            cmd.env("PATH", p);
        }
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        Run {
            cmd,
            stdin: None,
            shown: args.join(" "),
        }
    }

    /// Runs and expects success.
    pub fn ok(&self, args: &[&str]) -> Output {
        self.cmd(args).run().ok()
    }

    /// Runs with `--output json`, expects success, and parses stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut a = args.to_vec();
        a.extend(["--output", "json"]);
        self.ok(&a).json()
    }
}

pub struct Run {
    cmd: Command,
    stdin: Option<String>,
    shown: String,
}

impl Run {
    /// Sets an environment variable for this run only.
    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.cmd.env(k, v);
        self
    }

    pub fn stdin(mut self, s: &str) -> Self {
        self.stdin = Some(s.into());
        self
    }

    pub fn run(mut self) -> Output {
        self.cmd
            .stdin(if self.stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.cmd.spawn().expect("run chatctl");
        if let Some(s) = &self.stdin {
            // chatctl may exit without reading stdin (e.g. a usage error).
            let _ = child.stdin.take().unwrap().write_all(s.as_bytes());
        }
        let out = child.wait_with_output().unwrap();
        Output {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into(),
            stderr: String::from_utf8_lossy(&out.stderr).into(),
            shown: self.shown,
        }
    }
}

#[derive(Debug)]
pub struct Output {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    shown: String,
}

impl Output {
    /// Asserts exit code 0.
    #[track_caller]
    pub fn ok(self) -> Self {
        self.code(0)
    }

    /// Asserts an exit code.
    #[track_caller]
    pub fn code(self, want: i32) -> Self {
        assert_eq!(
            self.code, want,
            "`chatctl {}` exited with {} (wanted {want})\nstdout:\n{}\nstderr:\n{}",
            self.shown, self.code, self.stdout, self.stderr
        );
        self
    }

    /// Asserts that stderr contains each of `parts`.
    #[track_caller]
    pub fn stderr_has(self, parts: &[&str]) -> Self {
        for p in parts {
            assert!(
                self.stderr.contains(p),
                "stderr of `chatctl {}` lacks {p:?}:\n{}",
                self.shown,
                self.stderr
            );
        }
        self
    }

    /// Asserts that stdout contains each of `parts`.
    #[track_caller]
    pub fn stdout_has(self, parts: &[&str]) -> Self {
        for p in parts {
            assert!(
                self.stdout.contains(p),
                "stdout of `chatctl {}` lacks {p:?}:\n{}",
                self.shown,
                self.stdout
            );
        }
        self
    }

    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout of `chatctl {}` is not JSON ({e}):\n{}",
                self.shown, self.stdout
            )
        })
    }
}

/// A URL where nothing listens.
pub fn dead_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    format!("http://{addr}")
}

/// An API token (secret) created by the admin.
pub fn api_token(admin: &Ctl, name: &str) -> String {
    admin.json(&["token", "create", name])["secret"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A Ctl that uses only CHATCTL_SERVER and CHATCTL_TOKEN.
pub fn ci(chatd: &Chatd, token: &str) -> Ctl {
    Ctl::new()
        .with_env("CHATCTL_SERVER", &chatd.url)
        .with_env("CHATCTL_TOKEN", token)
}
