//! The chatd under test: one the bench starts itself (temporary data dir,
//! random port), or one already running at `--url`.

use anyhow::{Context, bail};
use proto::Client;
use proto::auth::CreateApiToken;
use proto::widgets::{AiSettings, CreateWidget, WidgetPatch};
use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::checker::lock;

/// Email of the account chatd creates on first start.
pub const INITIAL_ADMIN_EMAIL: &str = "admin@localhost";
/// The file in the data dir holding that account's password.
pub const INITIAL_PASSWORD_FILE: &str = "initial-admin-password";
/// How long chatd may take to say it listens.
const START_TIMEOUT: Duration = Duration::from_secs(60);
/// How long chatd may take to stop after SIGTERM.
const STOP_TIMEOUT: Duration = Duration::from_secs(20);
/// The widget the bench uses: AI off, so the only messages are the bench's.
pub const BENCH_WIDGET: &str = "chatbench";
/// Log lines of chatd kept for error reports.
const LOG_TAIL: usize = 40;

/// A chatd the bench started; stopped (SIGTERM, then SIGKILL) by [`Self::stop`]
/// and killed on drop.
pub struct OwnServer {
    child: Child,
    /// Its base URL.
    pub url: String,
    /// Its process id.
    pub pid: u32,
    /// The data dir (inside `_dir`).
    pub data_dir: PathBuf,
    _dir: tempfile::TempDir,
    tail: Arc<Mutex<VecDeque<String>>>,
}

/// The chatd binary next to this executable (`target/release/chatd` for
/// `target/release/chatbench`).
pub fn default_chatd() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot find the chatbench executable")?;
    let dir = exe
        .parent()
        .context("the chatbench executable has no directory")?;
    Ok(dir.join("chatd"))
}

/// The address in a `listening on http://ADDR` log line.
pub fn listen_addr(line: &str) -> Option<String> {
    const MARK: &str = "listening on http://";
    let rest = &line[line.find(MARK)? + MARK.len()..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | ':' | '[' | ']')))
        .unwrap_or(rest.len());
    (end > 0).then(|| rest[..end].to_string())
}

impl OwnServer {
    /// Starts `chatd` on 127.0.0.1 with a fresh data dir and `extra` flags,
    /// and waits for its `listening on` line.
    pub async fn start(chatd: &Path, extra: &[String]) -> anyhow::Result<Self> {
        if !chatd.is_file() {
            bail!(
                "no chatd binary at {}; build it with `cargo build --release -p chatd` \
                 (or pass --chatd PATH, or --url of a running server)",
                chatd.display()
            );
        }
        let dir = tempfile::Builder::new()
            .prefix("chatbench-")
            .tempdir()
            .context("cannot create a temporary data dir")?;
        let data_dir = dir.path().join("data");
        let mut cmd = Command::new(chatd);
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("CHATD_") {
                cmd.env_remove(key);
            }
        }
        cmd.env("XDG_CONFIG_HOME", dir.path().join("xdg-config"))
            .env("XDG_DATA_HOME", dir.path().join("xdg-data"))
            .env("NO_COLOR", "1")
            .arg("--data-dir")
            .arg(&data_dir)
            .args(["--listen", "127.0.0.1:0", "--log-format", "json"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd
            .spawn()
            .with_context(|| format!("cannot start {}", chatd.display()))?;
        let pid = child.id().context("chatd exited at once")?;
        let stderr = child.stderr.take().context("no stderr pipe")?;
        let tail = Arc::new(Mutex::new(VecDeque::new()));
        let (addr_tx, addr_rx) = tokio::sync::oneshot::channel();
        let tail2 = Arc::clone(&tail);
        // Keep reading stderr for the whole run: a full pipe would block chatd.
        tokio::spawn(async move {
            let mut lines = BufReader::new(stderr).lines();
            let mut addr_tx = Some(addr_tx);
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(addr) = addr_tx.is_some().then(|| listen_addr(&line)).flatten()
                    && let Some(tx) = addr_tx.take()
                {
                    let _ = tx.send(addr);
                }
                let mut t = lock(&tail2);
                if t.len() == LOG_TAIL {
                    t.pop_front();
                }
                t.push_back(line);
            }
        });
        let addr = match tokio::time::timeout(START_TIMEOUT, addr_rx).await {
            Ok(Ok(a)) => a,
            Ok(Err(_)) => {
                let status = child.wait().await.ok();
                bail!(
                    "chatd exited ({status:?}) before listening:\n{}",
                    tail_text(&tail)
                );
            }
            Err(_) => bail!(
                "chatd did not say `listening on` within {START_TIMEOUT:?}:\n{}",
                tail_text(&tail)
            ),
        };
        Ok(Self {
            child,
            url: format!("http://{addr}"),
            pid,
            data_dir,
            _dir: dir,
            tail,
        })
    }

    /// The initial admin's password.
    pub fn admin_password(&self) -> anyhow::Result<String> {
        let file = self.data_dir.join(INITIAL_PASSWORD_FILE);
        let p = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        Ok(p.trim().to_string())
    }

    /// chatd's last log lines.
    pub fn log_tail(&self) -> String {
        tail_text(&self.tail)
    }

    /// Whether chatd has exited, and how.
    pub fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// SIGTERM, then SIGKILL if it does not stop in time.
    pub async fn stop(mut self) {
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .stderr(Stdio::null())
            .status();
        if tokio::time::timeout(STOP_TIMEOUT, self.child.wait())
            .await
            .is_err()
        {
            eprintln!("chatbench: chatd did not stop within {STOP_TIMEOUT:?}; killing it");
            let _ = self.child.kill().await;
        }
    }
}

fn tail_text(tail: &Mutex<VecDeque<String>>) -> String {
    lock(tail).iter().cloned().collect::<Vec<_>>().join("\n")
}

/// What the bench needs from a server: where it is, a token for the agent
/// sockets, and a widget's site key.
#[derive(Debug, Clone)]
pub struct Target {
    /// Base URL.
    pub url: String,
    /// Access or API token of a user who may act as an agent.
    pub agent_token: String,
    /// Site key of the widget visitors talk through.
    pub site_key: String,
}

/// How to log in to a server the bench did not start.
#[derive(Debug, Clone, Default)]
pub struct Credentials {
    /// An API or access token.
    pub token: Option<String>,
    /// Or an email …
    pub email: Option<String>,
    /// … and password.
    pub password: Option<String>,
    /// A widget to use instead of the bench's own.
    pub site_key: Option<String>,
}

/// Logs in, makes a long-lived API token for the agent sockets, and finds or
/// creates the bench's widget (AI off, any origin allowed).
pub async fn prepare(url: &str, creds: &Credentials) -> anyhow::Result<Target> {
    let anon = Client::new(url);
    let token = match (&creds.token, &creds.email, &creds.password) {
        (Some(t), _, _) => t.clone(),
        (None, Some(e), Some(p)) => {
            let pair = anon
                .login(e, p)
                .await
                .with_context(|| format!("cannot log in as {e}"))?;
            let admin = anon.with_token(pair.access_token);
            // An access token expires; a bench may outlive it, and agents reconnect.
            admin
                .create_token(&CreateApiToken {
                    name: format!("chatbench-{}", std::process::id()),
                    role: None,
                    expires_in: Some(24 * 3600),
                })
                .await
                .context("cannot create an API token for the agent sockets")?
                .secret
        }
        _ => bail!(
            "to use a server the bench did not start, give --token, or --email and --password"
        ),
    };
    let admin = anon.with_token(token.clone());
    let site_key = match &creds.site_key {
        Some(k) => k.clone(),
        None => bench_widget(&admin).await?,
    };
    Ok(Target {
        url: url.to_string(),
        agent_token: token,
        site_key,
    })
}

async fn bench_widget(admin: &Client) -> anyhow::Result<String> {
    let settings = WidgetPatch {
        allowed_origins: Some(vec!["*".into()]),
        ai: Some(AiSettings {
            enabled: false,
            ..AiSettings::default()
        }),
        ..WidgetPatch::default()
    };
    let widgets = admin
        .list_widgets()
        .await
        .context("cannot list widgets (is the token an admin's?)")?;
    if let Some(w) = widgets.iter().find(|w| w.name == BENCH_WIDGET) {
        let w = admin
            .update_widget(w.id, &settings)
            .await
            .context("cannot update the chatbench widget")?;
        return Ok(w.site_key);
    }
    let w = admin
        .create_widget(&CreateWidget {
            name: BENCH_WIDGET.into(),
            settings,
        })
        .await
        .context("cannot create the chatbench widget")?;
    Ok(w.site_key)
}

/// The resident set size of process `pid`, in KiB, from `/proc/PID/status`.
pub fn rss_kib(pid: u32) -> anyhow::Result<u64> {
    let path = format!("/proc/{pid}/status");
    let text = std::fs::read_to_string(&path).with_context(|| format!("cannot read {path}"))?;
    parse_vm_rss(&text).with_context(|| format!("no VmRSS line in {path}"))
}

/// CPU time (user + system) process `pid` has used, in seconds, from
/// `/proc/PID/stat` (Linux counts it in ticks of 1/100 s).
pub fn cpu_secs(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_cpu_ticks(&stat).map(|t| t as f64 / 100.0)
}

fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    // The command name may hold spaces and parentheses; fields resume after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let utime: u64 = f.get(11)?.parse().ok()?;
    let stime: u64 = f.get(12)?.parse().ok()?;
    Some(utime + stime)
}

fn parse_vm_rss(status: &str) -> Option<u64> {
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_listen_address() {
        let json = r#"{"timestamp":"…","level":"INFO","fields":{"message":"listening on http://127.0.0.1:41234"},"target":"chatd"}"#;
        assert_eq!(listen_addr(json).as_deref(), Some("127.0.0.1:41234"));
        assert_eq!(
            listen_addr("INFO listening on http://[::1]:80 now").as_deref(),
            Some("[::1]:80")
        );
        assert_eq!(listen_addr("starting"), None);
    }

    #[test]
    fn reads_vm_rss() {
        let status = "Name:\tchatd\nVmPeak:\t  9999 kB\nVmRSS:\t   12345 kB\nThreads:\t3\n";
        assert_eq!(parse_vm_rss(status), Some(12345));
        assert!(rss_kib(std::process::id()).unwrap() > 0);
    }

    #[test]
    fn reads_cpu_time() {
        let stat = "42 (odd) name) S 1 42 42 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 1 0 1 1 1";
        assert_eq!(parse_cpu_ticks(stat), Some(325));
        assert!(cpu_secs(std::process::id()).is_some());
    }
}
