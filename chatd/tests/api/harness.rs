//! Starts the real chatd binary on a random port with a fresh data dir.
//!
//! The port comes from chatd's own `listening on http://ADDR` (or
//! `https://ADDR` with TLS) log line, so no test sleeps to let the server
//! start; every wait here has a deadline.

use proto::auth::{CreateUser, Role, User};
use proto::{Client, ClientError, ErrorCode};
use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

/// How long chatd may take to report that it listens.
pub const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a stopped chatd, or a chatd subcommand, may take to exit.
pub const EXIT_TIMEOUT: Duration = Duration::from_secs(20);
/// Email of the account chatd creates on first run.
pub const ADMIN_EMAIL: &str = "admin@localhost";

/// A chatd command with no `CHATD_*` variables from the test's environment
/// and the platform config and data dirs pointed inside `sandbox`, so a
/// developer's own `chatd.toml` never leaks into a test.
pub fn chatd_command(sandbox: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_chatd"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("CHATD_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("XDG_CONFIG_HOME", sandbox.join("xdg-config"))
        .env("XDG_DATA_HOME", sandbox.join("xdg-data"))
        .env("NO_COLOR", "1");
    cmd
}

/// Runs a chatd subcommand to completion, feeding it `stdin`, with a deadline.
pub fn run_command(mut cmd: Command, stdin: &str) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("cannot start the chatd binary");
    let pid = child.id();
    if let Some(mut input) = child.stdin.take() {
        // chatd may exit before reading stdin (bad flags); that is not a test failure here.
        let _ = input.write_all(stdin.as_bytes());
    }
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(EXIT_TIMEOUT) {
        Ok(out) => out.expect("cannot wait for chatd"),
        Err(_) => {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
            panic!("`{cmd:?}` did not exit within {EXIT_TIMEOUT:?}");
        }
    }
}

/// The scheme and address in a `listening on http(s)://ADDR` log line, if
/// this is that line.
fn listen_addr(line: &str) -> Option<(&'static str, SocketAddr)> {
    let (scheme, marker) = if line.contains("listening on https://") {
        ("https", "listening on https://")
    } else {
        ("http", "listening on http://")
    };
    let rest = &line[line.find(marker)? + marker.len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']')))
        .unwrap_or(rest.len());
    Some((scheme, rest[..end].parse().ok()?))
}

/// A running chatd and its data dir; the process is killed on drop.
pub struct TestApp {
    dir: tempfile::TempDir,
    /// Another node's data dir this one shares (several nodes, one database).
    shared_data: Option<PathBuf>,
    extra_args: Vec<String>,
    child: Option<Child>,
    addr: SocketAddr,
    /// `http` or `https`, as chatd announced it.
    scheme: &'static str,
    /// Captured stderr, one entry per process started on this data dir.
    stderr: Vec<Arc<Mutex<String>>>,
    /// Hears when the current process's stderr reached its end.
    stderr_closed: Option<mpsc::Receiver<()>>,
    /// A plain HTTP client for requests the typed client cannot make.
    pub http: reqwest::Client,
}

/// Starts chatd with a fresh data dir.
pub fn spawn_app() -> TestApp {
    spawn_app_with(&[])
}

/// Starts chatd with a fresh data dir and extra command-line arguments.
pub fn spawn_app_with(extra_args: &[&str]) -> TestApp {
    spawn(None, extra_args)
}

/// Starts another node beside `first`: its data dir (so its signing key)
/// and extra arguments, which should name the same database.
pub fn spawn_node(first: &TestApp, extra_args: &[&str]) -> TestApp {
    spawn(Some(first.data_dir()), extra_args)
}

fn spawn(shared_data: Option<PathBuf>, extra_args: &[&str]) -> TestApp {
    let dir = tempfile::tempdir().expect("cannot create a temp dir");
    let mut app = TestApp {
        dir,
        shared_data,
        extra_args: extra_args.iter().map(|s| (*s).to_string()).collect(),
        child: None,
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        scheme: "http",
        stderr: Vec::new(),
        stderr_closed: None,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .expect("cannot build an HTTP client"),
    };
    app.start();
    app
}

static NEXT_USER: AtomicUsize = AtomicUsize::new(1);

impl TestApp {
    fn start(&mut self) {
        assert!(self.child.is_none(), "chatd is already running");
        let mut cmd = chatd_command(self.dir.path());
        cmd.arg("--data-dir")
            .arg(self.data_dir())
            .args(["--listen", "127.0.0.1:0", "--log-format", "json"])
            .args(&self.extra_args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("cannot start the chatd binary");
        let stderr = child.stderr.take().expect("stderr is piped");
        let captured = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&captured);
        let (tx, rx) = mpsc::channel();
        let (closed_tx, closed_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                sink.lock().unwrap().push_str(&line);
                sink.lock().unwrap().push('\n');
                if let Some(addr) = listen_addr(&line) {
                    let _ = tx.send(addr);
                }
            }
            let _ = closed_tx.send(());
        });
        self.stderr.push(Arc::clone(&captured));
        self.stderr_closed = Some(closed_rx);
        match rx.recv_timeout(START_TIMEOUT) {
            Ok((scheme, addr)) => {
                self.scheme = scheme;
                self.addr = addr;
                self.child = Some(child);
            }
            Err(e) => {
                let _ = child.kill();
                let status = child.wait();
                panic!(
                    "chatd did not report `listening on http://…` ({e}); exit: {status:?}; stderr:\n{}",
                    captured.lock().unwrap()
                );
            }
        }
    }

    /// The data dir this chatd (and every restart of it) uses.
    pub fn data_dir(&self) -> PathBuf {
        self.shared_data
            .clone()
            .unwrap_or_else(|| self.dir.path().join("data"))
    }

    /// A directory beside the data dir for a test's own files.
    pub fn scratch_dir(&self) -> &Path {
        self.dir.path()
    }

    /// `http://127.0.0.1:PORT` (or `https://…`) of the running process.
    pub fn base(&self) -> String {
        format!("{}://{}", self.scheme, self.addr)
    }

    /// The address the running process listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Sends `signal` (`HUP`, `TERM`, …) to the running process.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status()
            .expect("cannot run kill");
        assert!(status.success(), "kill -{signal} failed: {status}");
    }

    /// Waits until the current process has logged a line containing `needle`
    /// `count` times in all.
    pub fn wait_for_log(&self, needle: &str, count: usize) {
        let deadline = Instant::now() + START_TIMEOUT;
        while self.stderr().matches(needle).count() < count {
            assert!(
                Instant::now() < deadline,
                "chatd did not log {needle:?} within {START_TIMEOUT:?}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The full URL of `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base())
    }

    /// What the current process wrote to stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr
            .last()
            .map(|s| s.lock().unwrap().clone())
            .unwrap_or_default()
    }

    /// A typed client without credentials.
    pub fn client(&self) -> Client {
        Client::new(self.base())
    }

    /// The initial admin password chatd wrote on first run.
    pub fn admin_password(&self) -> String {
        let path = self.data_dir().join("initial-admin-password");
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
            .trim()
            .to_string()
    }

    /// A client logged in as the initial admin.
    pub async fn admin_client(&self) -> Client {
        let pair = self
            .client()
            .login(ADMIN_EMAIL, &self.admin_password())
            .await
            .expect("the initial admin cannot log in");
        self.client().with_token(pair.access_token)
    }

    /// Creates a user with `role` (through `admin`) and returns it, its
    /// password and a client logged in as it.
    pub async fn new_user(&self, admin: &Client, role: Role) -> (User, String, Client) {
        let n = NEXT_USER.fetch_add(1, Ordering::Relaxed);
        let email = format!("{}-{n}@example.com", role.as_str());
        let password = format!("password-{n}-for-tests");
        let user = admin
            .create_user(&CreateUser {
                email: email.clone(),
                name: None,
                role: Some(role),
                password: password.clone(),
            })
            .await
            .expect("cannot create a user");
        let pair = self
            .client()
            .login(&email, &password)
            .await
            .expect("a new user cannot log in");
        (user, password, self.client().with_token(pair.access_token))
    }

    /// A client logged in as a newly created agent.
    pub async fn agent_client(&self) -> Client {
        let admin = self.admin_client().await;
        self.new_user(&admin, Role::Agent).await.2
    }

    /// Waits until the stopped process's last stderr line is captured.
    fn finish_stderr(&mut self) {
        if let Some(closed) = self.stderr_closed.take() {
            let _ = closed.recv_timeout(Duration::from_secs(5));
        }
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().expect("chatd is not running").id()
    }

    /// Kills chatd with SIGKILL: no shutdown code runs.
    pub fn kill9(&mut self) {
        let mut child = self.child.take().expect("chatd is not running");
        child.kill().expect("cannot SIGKILL chatd");
        child.wait().expect("cannot reap chatd");
        self.finish_stderr();
    }

    /// Sends SIGTERM and waits (with a deadline) for chatd to exit.
    pub fn terminate(&mut self) -> ExitStatus {
        let status = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("cannot run kill");
        assert!(status.success(), "kill -TERM failed: {status}");
        let mut child = self.child.take().expect("chatd is not running");
        let deadline = Instant::now() + EXIT_TIMEOUT;
        loop {
            if let Some(status) = child.try_wait().expect("cannot wait for chatd") {
                self.finish_stderr();
                return status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "chatd did not exit within {EXIT_TIMEOUT:?} of SIGTERM; stderr:\n{}",
                    self.stderr()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Starts a new process on the same data dir (stopping the current one
    /// with SIGTERM if it still runs). The port changes: make clients anew.
    pub fn restart(&mut self) {
        if self.child.is_some() {
            let status = self.terminate();
            assert!(status.success(), "chatd exited with {status} on SIGTERM");
        }
        self.start();
    }

    /// GET `path` without credentials; the status code.
    pub async fn get_status(&self, path: &str) -> u16 {
        self.http
            .get(self.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
            .status()
            .as_u16()
    }

    /// Asserts that the server still answers `/healthz`.
    pub async fn assert_healthy(&self) {
        assert_eq!(
            self.get_status("/healthz").await,
            200,
            "chatd stopped answering /healthz"
        );
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        if std::thread::panicking() {
            for (i, log) in self.stderr.iter().enumerate() {
                if let Ok(log) = log.lock() {
                    eprintln!("--- chatd stderr (process {}) ---\n{log}", i + 1);
                }
            }
        }
    }
}

/// Asserts that `resp` is an error with `status` in the one error shape
/// `{"error":{"code":…,"message":…}}` with `code`; returns the message.
pub async fn expect_error(resp: reqwest::Response, status: u16, code: &str) -> String {
    let got = resp.status().as_u16();
    let ctype = resp
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let text = resp.text().await.expect("cannot read the body");
    assert_eq!(got, status, "unexpected status; body: {text}");
    assert!(
        ctype.starts_with("application/json"),
        "content type {ctype:?}; body: {text}"
    );
    assert_error_shape(&text, code)
}

/// Checks the error shape of a body text; returns the message.
pub fn assert_error_shape(text: &str, code: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("error body is not JSON ({e}): {text}"));
    let outer = v
        .as_object()
        .unwrap_or_else(|| panic!("not an object: {text}"));
    assert_eq!(outer.len(), 1, "extra top-level keys: {text}");
    let inner = outer["error"]
        .as_object()
        .unwrap_or_else(|| panic!("no error object: {text}"));
    assert_eq!(
        inner.len(),
        2,
        "error has keys other than code and message: {text}"
    );
    assert_eq!(inner["code"].as_str(), Some(code), "wrong code: {text}");
    let message = inner["message"]
        .as_str()
        .unwrap_or_else(|| panic!("message is not a string: {text}"));
    assert!(!message.is_empty(), "empty message: {text}");
    message.to_string()
}

/// Asserts that a typed-client call failed with `status` and `code`; returns the message.
pub fn expect_api_error<T: std::fmt::Debug>(
    result: Result<T, ClientError>,
    status: u16,
    code: ErrorCode,
) -> String {
    match result {
        Err(ClientError::Api {
            status: s,
            code: c,
            message,
        }) => {
            assert_eq!((s.as_u16(), c), (status, code), "message: {message}");
            message
        }
        other => panic!("expected {status} {code}, got {other:?}"),
    }
}
