//! A real chatd and the real agent-tui in a tmux session, both cleaned up on drop.
//!
//! chatd is the binary beside agent-tui in the target dir (`cargo build -p
//! chatd` first), or `CHATD_BIN`. Its port comes from its own `listening on
//! http://ADDR` line; every wait polls with a deadline.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// How long chatd may take to report that it listens.
const START_TIMEOUT: Duration = Duration::from_secs(30);

fn chatd_bin() -> PathBuf {
    if let Some(p) = std::env::var_os("CHATD_BIN") {
        return p.into();
    }
    let tui = Path::new(env!("CARGO_BIN_EXE_agent-tui"));
    let bin = tui.with_file_name("chatd");
    assert!(
        bin.exists(),
        "{} is missing: run `cargo build -p chatd` first",
        bin.display()
    );
    bin
}

fn listen_addr(line: &str) -> Option<SocketAddr> {
    let marker = "listening on http://";
    let rest = &line[line.find(marker)? + marker.len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']')))
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// A chatd process on a data dir that outlives restarts.
pub struct Chatd {
    dir: tempfile::TempDir,
    child: Option<Child>,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
}

impl Chatd {
    /// Starts chatd on a free port with a fresh data dir.
    pub fn start() -> Self {
        let mut c = Self {
            dir: tempfile::tempdir().expect("temp dir"),
            child: None,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            stderr: Arc::new(Mutex::new(String::new())),
        };
        c.spawn("127.0.0.1:0");
        c
    }

    fn spawn(&mut self, listen: &str) {
        let mut cmd = Command::new(chatd_bin());
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("CHATD_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env("NO_COLOR", "1")
            .arg("--data-dir")
            .arg(self.data_dir())
            .args(["--listen", listen, "--log-format", "json"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("cannot start chatd");
        let stderr = child.stderr.take().expect("piped");
        let sink = Arc::clone(&self.stderr);
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(addr) = listen_addr(&line) {
                    let _ = tx.send(addr);
                }
                let mut s = sink.lock().unwrap_or_else(|e| e.into_inner());
                s.push_str(&line);
                s.push('\n');
            }
        });
        match rx.recv_timeout(START_TIMEOUT) {
            Ok(addr) => {
                self.addr = addr;
                self.child = Some(child);
            }
            Err(e) => {
                let _ = child.kill();
                let status = child.wait();
                panic!(
                    "chatd did not report `listening on` ({e}); exit {status:?}; stderr:\n{}",
                    self.stderr()
                );
            }
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The data dir.
    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// A directory for the test's own files.
    pub fn scratch(&self) -> &Path {
        self.dir.path()
    }

    /// The password chatd wrote for the initial admin.
    pub fn admin_password(&self) -> String {
        let p = self.data_dir().join("initial-admin-password");
        std::fs::read_to_string(&p)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
            .trim()
            .to_string()
    }

    /// Everything chatd wrote to stderr.
    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// SIGKILL: no shutdown code runs, sockets drop without a close frame.
    pub fn kill9(&mut self) {
        let mut child = self.child.take().expect("chatd is not running");
        child.kill().expect("cannot SIGKILL chatd");
        child.wait().expect("cannot reap chatd");
    }

    /// Starts chatd again on the same data dir and the same port, so
    /// clients that know the address can come back.
    pub fn restart_same_port(&mut self) {
        assert!(self.child.is_none(), "chatd still runs");
        let listen = self.addr.to_string();
        self.spawn(&listen);
    }
}

impl Drop for Chatd {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

static SESSIONS: AtomicUsize = AtomicUsize::new(0);

/// A detached tmux session, uniquely named, on a private tmux server of
/// the same name (`tmux -L`), so parallel tests and a developer's own tmux
/// never meet; the server is killed on drop.
pub struct Tmux {
    socket: String,
}

impl Tmux {
    fn tmux(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]);
        c
    }

    /// Runs `program args…` with `env` in a new `width`×`height` session.
    /// After the program exits the pane prints its exit status and stays.
    pub fn start(
        program: &Path,
        args: &[String],
        env: &[(&str, String)],
        width: u16,
        height: u16,
    ) -> Self {
        let n = SESSIONS.fetch_add(1, Ordering::Relaxed);
        let socket = format!("agent-tui-e2e-{}-{n}", std::process::id());
        let t = Self { socket };
        let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
        let mut line = String::from("env");
        for (k, v) in env {
            line.push(' ');
            line.push_str(&quote(&format!("{k}={v}")));
        }
        line.push(' ');
        line.push_str(&quote(&program.to_string_lossy()));
        for a in args {
            line.push(' ');
            line.push_str(&quote(a));
        }
        line.push_str("; echo \"agent-tui exited with $?\"; sleep 600");
        let status = t
            .tmux()
            .args([
                "new-session",
                "-d",
                "-s",
                &t.socket,
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
            ])
            .arg(line)
            .status()
            .expect("cannot run tmux");
        assert!(status.success(), "tmux new-session failed: {status}");
        t
    }

    /// `tmux send-keys` with key names (`Enter`, `Escape`, `C-c`).
    pub fn keys(&self, keys: &[&str]) {
        let status = self
            .tmux()
            .args(["send-keys", "-t", &self.socket])
            .args(keys)
            .status()
            .expect("cannot run tmux");
        assert!(status.success(), "send-keys {keys:?}");
    }

    /// Types `text` literally.
    pub fn type_text(&self, text: &str) {
        let status = self
            .tmux()
            .args(["send-keys", "-t", &self.socket, "-l", text])
            .status()
            .expect("cannot run tmux");
        assert!(status.success(), "send-keys -l {text:?}");
    }

    /// The screen as text.
    pub fn capture(&self) -> String {
        let out = self
            .tmux()
            .args(["capture-pane", "-p", "-t", &self.socket])
            .output()
            .expect("cannot run tmux");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Polls the screen until `pred` holds; panics with the last screen after `timeout`.
    pub fn wait_for(&self, what: &str, timeout: Duration, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + timeout;
        loop {
            let screen = self.capture();
            if pred(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {timeout:?} waiting for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Waits until the screen shows `text`.
    pub fn wait_for_text(&self, text: &str, timeout: Duration) -> String {
        self.wait_for(&format!("{text:?} on screen"), timeout, |s| {
            s.contains(text)
        })
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux().arg("kill-server").status();
    }
}
