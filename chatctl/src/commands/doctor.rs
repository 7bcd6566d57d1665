//! `chatctl doctor`: checks a deployment end to end, the way visitors and
//! agents reach it, and prints a checklist with a fix under each failure.
//!
//! Most "messages only appear after a refresh" reports in other products
//! are proxies that do not upgrade WebSockets or that buffer event streams
//! (see /work/shared/design/LESSONS.md, lesson 1). So the probe goes through
//! the URL given, which should be the public one: a proxy in the way is
//! tested too. A check that cannot run says so (`skip`); none is reported
//! as passed without having run.

use crate::error::{CliError, CliResult};
use crate::output::{self, Out};
use crate::session::Session;
use proto::auth::{Me, Role};
use proto::conversations::{SendMessage, StartConversation};
use proto::frames::{ClientFrame, ServerFrame};
use proto::widgets::{FieldKind, PrechatField};
use proto::ws::{AgentSocket, ConnectOptions, FrameSocket, VisitorSocket, WsError};
use proto::{Client, ClientError, ErrorBody};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, DATE};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use uuid::Uuid;

mod webhooks;

/// How long each step may take: a socket's upgrade and welcome, a
/// message's delivery, the event stream's first events.
const STEP_TIMEOUT: Duration = Duration::from_secs(10);
/// Clock skew beyond this (after the Date header's own imprecision) is a warning.
const SKEW_WARN_MS: i64 = 5_000;
/// A certificate that expires sooner than this is a warning.
const CERT_WARN_DAYS: i64 = 14;
/// Where the proxy set-up is documented.
const PROXY_DOC: &str = "see docs/operations.md 'Behind a reverse proxy'";
/// The fix for a certificate this machine does not trust.
const TRUST_FIX: &str = "serve a certificate for this host from a CA this machine trusts (or add \
     your CA to the system's store, or point SSL_CERT_FILE at it)";
/// The fix for a proxy that does not pass WebSockets through.
const PROXY_WS_FIX: &str = "make the proxy pass WebSocket upgrades to chatd: HTTP/1.1 with the \
     Upgrade and Connection headers (nginx: proxy_http_version 1.1; proxy_set_header Upgrade \
     $http_upgrade; proxy_set_header Connection $connection_upgrade)";
/// The fix for a proxy that buffers the event stream.
const PROXY_SSE_FIX: &str = "turn response buffering off for \
     /api/v1/public/conversations/*/events (nginx: proxy_buffering off); see docs/operations.md \
     'Behind a reverse proxy'";

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Status {
    /// Passed.
    Ok,
    /// Passed, with something worth fixing.
    Warn,
    /// Failed: doctor exits with 1.
    Fail,
    /// Could not run (a check it needs failed, or this build cannot do it).
    Skip,
}

/// One line of the checklist.
#[derive(Debug, Serialize)]
struct Check {
    /// Stable identifier, for scripts.
    id: &'static str,
    /// What is checked, for people.
    name: &'static str,
    status: Status,
    /// What was found.
    message: String,
    /// What to do, for failures and warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<String>,
    /// How long the thing measured took, when it is a timing.
    #[serde(skip_serializing_if = "Option::is_none")]
    ms: Option<u64>,
}

impl Check {
    fn new(id: &'static str, name: &'static str, status: Status, message: String) -> Self {
        Self {
            id,
            name,
            status,
            message,
            fix: None,
            ms: None,
        }
    }

    fn fix(mut self, fix: Option<String>) -> Self {
        self.fix = fix;
        self
    }

    fn ms(mut self, d: Duration) -> Self {
        self.ms = Some(u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        self
    }
}

/// The checklist, printed as it grows (table mode) or at the end (JSON).
struct Report {
    out: Out,
    fancy: bool,
    server: String,
    checks: Vec<Check>,
    probe: Option<Uuid>,
}

impl Report {
    fn push(&mut self, c: Check) {
        if !self.out.json_mode() {
            output::stdout(&self.line(&c));
        }
        self.checks.push(c);
    }

    fn ok(&mut self, id: &'static str, name: &'static str, message: impl Into<String>) {
        self.push(Check::new(id, name, Status::Ok, message.into()));
    }

    fn fail(
        &mut self,
        id: &'static str,
        name: &'static str,
        message: impl Into<String>,
        fix: Option<String>,
    ) {
        self.push(Check::new(id, name, Status::Fail, message.into()).fix(fix));
    }

    fn skip(&mut self, id: &'static str, name: &'static str, why: impl Into<String>) {
        self.push(Check::new(id, name, Status::Skip, why.into()));
    }

    /// A check as a line (and its fix on the next): `✓ name: message`, or
    /// `[ok]   name: message` in plain ASCII.
    fn line(&self, c: &Check) -> String {
        let (mark, sgr) = match (c.status, self.fancy) {
            (Status::Ok, true) => ("✓", "32"),
            (Status::Warn, true) => ("!", "33"),
            (Status::Fail, true) => ("✗", "31"),
            (Status::Skip, true) => ("-", "2"),
            (Status::Ok, false) => ("[ok]  ", ""),
            (Status::Warn, false) => ("[warn]", ""),
            (Status::Fail, false) => ("[FAIL]", ""),
            (Status::Skip, false) => ("[skip]", ""),
        };
        let mut s = if self.fancy {
            format!("\x1b[{sgr}m{mark}\x1b[0m {}: {}\n", c.name, c.message)
        } else {
            format!(
                "{mark} {}: {}\n",
                c.name.replace('→', "->"),
                c.message.replace('→', "->")
            )
        };
        if let Some(fix) = &c.fix {
            let indent = if self.fancy { "  " } else { "       " };
            s.push_str(&format!("{indent}fix: {fix}\n"));
        }
        s
    }

    /// Prints the JSON or a summary, and fails when a check failed.
    fn finish(self) -> CliResult {
        let count = |st: Status| self.checks.iter().filter(|c| c.status == st).count();
        let (ok, warn, fail, skip) = (
            count(Status::Ok),
            count(Status::Warn),
            count(Status::Fail),
            count(Status::Skip),
        );
        if self.out.json_mode() {
            self.out.json(&json!({
                "server": self.server,
                "ok": fail == 0,
                "passed": ok,
                "warnings": warn,
                "failed": fail,
                "skipped": skip,
                "probe_conversation_id": self.probe,
                "checks": self.checks,
            }));
        } else {
            let n = self.checks.len();
            self.out.note(&format!(
                "{n} check{}: {ok} passed, {warn} with warnings, {fail} failed, {skip} skipped.",
                if n == 1 { "" } else { "s" }
            ));
        }
        let failed: Vec<&Check> = self
            .checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .collect();
        match failed.as_slice() {
            [] => Ok(()),
            [one] => {
                let e = CliError::failure(format!("doctor: {}: {}", one.name, one.message));
                Err(match &one.fix {
                    Some(f) => e.hint(f.clone()),
                    None => e,
                })
            }
            many => Err(CliError::failure(format!(
                "doctor found {} problems at {}: {}",
                many.len(),
                self.server,
                many.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
            ))
            .hint("each failed check has its fix in the checklist")),
        }
    }
}

/// What `/healthz` told.
struct Health {
    version: Option<String>,
    /// The `Date` header.
    date: Option<String>,
    /// Local time halfway through the request, Unix ms.
    local_mid_ms: i64,
    /// The request's round trip.
    rtt: Duration,
}

/// The widget the probe talks to.
struct Site {
    key: String,
    /// Its name, or the site key when the caller may not list widgets.
    label: String,
    fields: Vec<PrechatField>,
}

/// The probe conversation.
struct Probe {
    id: Uuid,
    visitor_token: String,
}

/// Now, Unix milliseconds.
fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn millis(d: Duration) -> u128 {
    d.as_millis()
}

/// The HTTP client doctor's own requests use (health, event stream, TLS).
fn http_client() -> CliResult<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(concat!("chatctl/", env!("CARGO_PKG_VERSION"), " doctor"))
        .connect_timeout(STEP_TIMEOUT)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| CliError::failure(format!("cannot set up HTTP: {e}")))
}

/// An error answer as proto's client reads it: chatd's error shape, or not.
fn answer_error(status: StatusCode, body: &str) -> ClientError {
    match serde_json::from_str::<ErrorBody>(body) {
        Ok(b) => ClientError::Api {
            status,
            code: b.error.code,
            message: b.error.message,
        },
        Err(_) => ClientError::Unexpected {
            status,
            body: body.chars().take(300).collect(),
        },
    }
}

/// `chatctl doctor`.
pub async fn run(s: &mut Session, out: Out, site_key: Option<String>) -> CliResult {
    let mut r = Report {
        out,
        fancy: output::fancy_stdout() && !out.json_mode(),
        server: s.server.clone(),
        checks: Vec::new(),
        probe: None,
    };
    let server = s.server.clone();
    let https = server.starts_with("https://");
    let http = http_client()?;
    let public = crate::session::client(&server)?;

    let health = health(&mut r, &http, &server).await;
    if https {
        tls(&mut r, &server).await;
    }
    let Some(health) = health else {
        // Nothing else can be reached.
        return r.finish();
    };
    ready(&mut r, &http, &server).await;
    version(&mut r, &health);
    clock(&mut r, &health);
    let me = credentials(&mut r, s).await;
    let site = widget(&mut r, s, &public, site_key, me.as_ref()).await;
    let probe = match &site {
        Some(site) => start(&mut r, &public, site).await,
        None => {
            r.skip("conversation", "probe conversation", "needs a widget");
            None
        }
    };
    r.probe = probe.as_ref().map(|p| p.id);

    // The sockets, through the URL given (wss:// for an https:// server).
    let mut visitor_ws = None;
    match (&probe, &site) {
        (Some(p), Some(site)) => visitor_ws = visitor_socket(&mut r, &server, site, p).await,
        _ => r.skip(
            "visitor_ws",
            "visitor WebSocket",
            "needs the probe conversation",
        ),
    }
    let mut agent_ws = None;
    let token = s.client.token().map(str::to_string);
    match (&me, token) {
        (Some(_), Some(token)) => agent_ws = agent_socket(&mut r, &server, &token).await,
        _ => r.skip("agent_ws", "agent WebSocket", "needs valid credentials"),
    }
    let accepted = match (&probe, &me) {
        (Some(p), Some(me)) => accept(&mut r, s, p, me).await,
        _ => {
            r.skip(
                "accept",
                "agent accepts",
                "needs the probe conversation and valid credentials",
            );
            false
        }
    };
    match (&mut visitor_ws, &mut agent_ws, &probe) {
        (Some(v), Some(a), Some(p)) if accepted => round_trips(&mut r, v, a, p.id).await,
        _ => {
            let why = "needs both WebSockets and the accepted probe conversation";
            r.skip("visitor_to_agent", "visitor → agent", why);
            r.skip("agent_to_visitor", "agent → visitor", why);
        }
    }
    match &probe {
        Some(p) => sse(&mut r, &http, &server, &public, p).await,
        None => r.skip("sse", "SSE fallback", "needs the probe conversation"),
    }
    if let Some(p) = &probe {
        cleanup(&mut r, s, &public, p, accepted).await;
    }
    for sock in [visitor_ws, agent_ws].into_iter().flatten() {
        let _ = sock.close().await;
    }
    webhooks::webhooks(&mut r, s, me.as_ref()).await;
    r.finish()
}

/// `GET /healthz`: chatd answers, as chatd.
async fn health(r: &mut Report, http: &reqwest::Client, server: &str) -> Option<Health> {
    const ID: &str = "health";
    const NAME: &str = "chatd answers";
    let started = Instant::now();
    let sent_ms = now_ms();
    let resp = http.get(format!("{server}/healthz")).send().await;
    let rtt = started.elapsed();
    let resp = match resp {
        Ok(resp) => resp,
        Err(e) => {
            let e = CliError::from_client("/healthz", server, ClientError::Transport(e));
            let fix = if e.message.contains("certificate") {
                Some(TRUST_FIX.to_string())
            } else {
                e.hint
            };
            r.fail(ID, NAME, e.message, fix);
            return None;
        }
    };
    let status = resp.status();
    let date = resp
        .headers()
        .get(DATE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = resp.text().await.unwrap_or_default();
    if !status.is_success() {
        let e = CliError::from_client("/healthz", server, answer_error(status, &body));
        r.fail(ID, NAME, e.message, e.hint);
        return None;
    }
    let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    if v.get("status").and_then(Value::as_str) != Some("ok") {
        let shown: String = body.trim().chars().take(80).collect();
        r.fail(
            ID,
            NAME,
            format!("{server}/healthz answered {status}, but not as chatd does: {shown:?}"),
            Some(format!(
                "check that {server} is chatd (and not another site or a proxy's page)"
            )),
        );
        return None;
    }
    r.push(
        Check::new(
            ID,
            NAME,
            Status::Ok,
            format!("{server}/healthz answered in {} ms", millis(rtt)),
        )
        .ms(rtt),
    );
    Some(Health {
        version: v.get("version").and_then(Value::as_str).map(str::to_string),
        date,
        local_mid_ms: sent_ms + i64::try_from(rtt.as_millis() / 2).unwrap_or(0),
        rtt,
    })
}

/// `GET /readyz`: the database reads and commits.
async fn ready(r: &mut Report, http: &reqwest::Client, server: &str) {
    const ID: &str = "ready";
    const NAME: &str = "ready";
    let fix = "see chatd's log: /readyz fails while the database cannot be reached or its \
               writer is stuck";
    match http.get(format!("{server}/readyz")).send().await {
        Ok(resp) if resp.status().is_success() => {
            r.ok(ID, NAME, "/readyz: the database reads and commits");
        }
        Ok(resp) => {
            let status = resp.status();
            let body = resp.text().await.unwrap_or_default();
            let e = CliError::from_client("/readyz", server, answer_error(status, &body));
            r.fail(ID, NAME, e.message, Some(fix.into()));
        }
        Err(e) => {
            let e = CliError::from_client("/readyz", server, ClientError::Transport(e));
            r.fail(ID, NAME, e.message, e.hint);
        }
    }
}

fn version(r: &mut Report, h: &Health) {
    const ID: &str = "version";
    const NAME: &str = "version";
    let mine = env!("CARGO_PKG_VERSION");
    match &h.version {
        Some(v) if v == mine => r.ok(ID, NAME, format!("chatd {v}, the same as this chatctl")),
        Some(v) => r.push(
            Check::new(
                ID,
                NAME,
                Status::Warn,
                format!("chatd {v}, this chatctl {mine}"),
            )
            .fix(Some(
                "use the chatctl of chatd's release, or check the release notes for \
                 differences"
                    .into(),
            )),
        ),
        None => r.push(Check::new(
            ID,
            NAME,
            Status::Warn,
            "/healthz does not say chatd's version".into(),
        )),
    }
}

/// Parses an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) into Unix seconds.
fn http_date_secs(s: &str) -> Option<i64> {
    let fmt = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    time::PrimitiveDateTime::parse(s.trim(), &fmt)
        .ok()
        .map(|t| t.assume_utc().unix_timestamp())
}

/// Clock skew against the server's `Date` header, which counts whole
/// seconds: the server's time is taken as the middle of its second, and the
/// imprecision (half a second plus half the round trip) is allowed for.
fn clock(r: &mut Report, h: &Health) {
    const ID: &str = "clock";
    const NAME: &str = "clock";
    let Some(server_secs) = h.date.as_deref().and_then(http_date_secs) else {
        r.skip(
            ID,
            NAME,
            "not checked: the answer had no readable Date header",
        );
        return;
    };
    let skew = server_secs * 1000 + 500 - h.local_mid_ms;
    let slack = 500 + i64::try_from(h.rtt.as_millis() / 2).unwrap_or(0);
    let beyond = skew.abs() - slack;
    let secs = (skew.abs() + 500) / 1000;
    let side = if skew > 0 { "ahead of" } else { "behind" };
    if beyond <= 1000 {
        r.ok(
            ID,
            NAME,
            "the server's clock agrees with this machine's within 1 s",
        );
    } else if beyond <= SKEW_WARN_MS {
        r.ok(
            ID,
            NAME,
            format!("the server's clock is {secs} s {side} this machine's"),
        );
    } else {
        r.push(
            Check::new(
                ID,
                NAME,
                Status::Warn,
                format!("the server's clock is {secs} s {side} this machine's (more than 5 s)"),
            )
            .fix(Some(
                "synchronize both clocks with NTP (e.g. `timedatectl set-ntp true`); times in \
                 transcripts, --since and token lifetimes depend on them"
                    .into(),
            )),
        );
    }
}

/// `GET /api/v1/me`: the credentials work.
async fn credentials(r: &mut Report, s: &mut Session) -> Option<Me> {
    const ID: &str = "credentials";
    const NAME: &str = "credentials";
    if !s.authenticated() {
        r.fail(
            ID,
            NAME,
            "none: the agent side cannot be tested",
            Some(format!(
                "log in with `chatctl login --server {}`, or set CHATCTL_TOKEN to an API token",
                s.server
            )),
        );
        return None;
    }
    match s
        .call(
            "cannot check the credentials",
            |c| async move { c.me().await },
        )
        .await
    {
        Ok(me) => {
            r.ok(
                ID,
                NAME,
                format!(
                    "{} ({}, via {})",
                    me.user.email,
                    me.role.as_str(),
                    me.via.replace('_', " ")
                ),
            );
            Some(me)
        }
        Err(e) => {
            r.fail(ID, NAME, e.message, e.hint);
            None
        }
    }
}

/// Picks the widget and reads its public config, as the widget script does.
async fn widget(
    r: &mut Report,
    s: &mut Session,
    public: &Client,
    site_key: Option<String>,
    me: Option<&Me>,
) -> Option<Site> {
    const ID: &str = "widget";
    const NAME: &str = "widget";
    let admin = me.is_some_and(|m| m.role == Role::Admin);
    let (key, name) = match site_key {
        Some(k) => {
            let k = k.trim().to_string();
            let name = if admin {
                s.call("", |c| async move { c.list_widgets().await })
                    .await
                    .ok()
                    .and_then(|l| l.into_iter().find(|w| w.site_key == k).map(|w| w.name))
            } else {
                None
            };
            (k, name)
        }
        None => {
            if me.is_none() {
                r.skip(
                    ID,
                    NAME,
                    "needs valid credentials to pick one, or --site-key",
                );
                return None;
            }
            match s
                .call(
                    "cannot list widgets",
                    |c| async move { c.list_widgets().await },
                )
                .await
            {
                Err(e) => {
                    let fix = if admin {
                        e.hint
                    } else {
                        Some("pass --site-key KEY of a widget you work on".into())
                    };
                    r.fail(ID, NAME, e.message, fix);
                    return None;
                }
                Ok(list) => match list.into_iter().next() {
                    Some(w) => (w.site_key, Some(w.name)),
                    None => {
                        r.fail(
                            ID,
                            NAME,
                            "there is no widget to probe",
                            Some("create one with `chatctl widget create NAME`".into()),
                        );
                        return None;
                    }
                },
            }
        }
    };
    let label = name.map_or_else(|| key.clone(), |n| format!("{n} ({key})"));
    match public.public_widget(&key).await {
        Ok(w) => {
            r.ok(ID, NAME, format!("{label}: public config served"));
            Some(Site {
                key,
                label,
                fields: w.prechat_fields,
            })
        }
        Err(e) => {
            let not_found = e.status() == Some(StatusCode::NOT_FOUND);
            let e = CliError::from_client(
                &format!("cannot read the public config of {label}"),
                &r.server,
                e,
            );
            let fix = if not_found {
                Some("check --site-key; `chatctl widget list` shows the site keys".into())
            } else {
                e.hint
            };
            r.fail(ID, NAME, e.message, fix);
            None
        }
    }
}

/// Starts the probe conversation the way the widget does, filling in the
/// pre-chat fields the widget requires.
async fn start(r: &mut Report, public: &Client, site: &Site) -> Option<Probe> {
    const ID: &str = "conversation";
    const NAME: &str = "probe conversation";
    let mut prechat = BTreeMap::new();
    for f in site.fields.iter().filter(|f| f.required) {
        let v = match f.kind {
            FieldKind::Email => "doctor@example.invalid",
            _ => "chatctl doctor",
        };
        prechat.insert(f.name.clone(), v.to_string());
    }
    // Marks the probe in transcripts and lists (within chatd's 20 fields).
    if prechat.len() < 20 {
        prechat
            .entry("probe".to_string())
            .or_insert_with(|| "chatctl doctor".to_string());
    }
    let body = StartConversation {
        site_key: site.key.clone(),
        prechat,
        ..StartConversation::default()
    };
    match public.start_conversation(&body).await {
        Ok(started) => {
            r.ok(
                ID,
                NAME,
                format!("started {} on {}", started.conversation_id, site.label),
            );
            Some(Probe {
                id: started.conversation_id,
                visitor_token: started.visitor_token,
            })
        }
        Err(e) => {
            let e = CliError::from_client("cannot start a conversation", &r.server, e);
            r.fail(ID, NAME, e.message, e.hint);
            None
        }
    }
}

/// What went wrong opening a socket, and what to do about it.
fn socket_problem(e: &WsError, server: &str) -> (String, Option<String>) {
    match e {
        WsError::Rejected { status, body } => match serde_json::from_str::<ErrorBody>(body) {
            Ok(b) => {
                let fix = match *status {
                    404 => "check --site-key; `chatctl widget list` shows the site keys",
                    429 => {
                        "chatd limits visitor requests per IP: wait a minute, or raise \
                         --public-rate-per-min (behind a proxy all visitors share its IP)"
                    }
                    _ => "see chatd's log",
                };
                (
                    format!(
                        "chatd refused the upgrade with HTTP {status}: {}",
                        b.error.message
                    ),
                    Some(fix.into()),
                )
            }
            // chatd answers a refused upgrade with its JSON error shape, so
            // anything else came from something in between.
            Err(_) => (
                format!("the proxy did not upgrade the WebSocket (got HTTP {status}); {PROXY_DOC}"),
                Some(PROXY_WS_FIX.into()),
            ),
        },
        WsError::Timeout(_) => (
            format!(
                "no upgrade or no welcome within {} s: something in between holds or buffers \
                 the connection; {PROXY_DOC}",
                STEP_TIMEOUT.as_secs()
            ),
            Some(format!(
                "{PROXY_WS_FIX}, without buffering; and check chatd's log"
            )),
        ),
        WsError::Connect { addr, source } => (
            format!("cannot connect to {addr}: {source}"),
            Some(format!("check that {server} accepts connections from here")),
        ),
        WsError::Closed { code, reason } => (
            format!(
                "the connection closed before welcome (code {code}{})",
                if reason.is_empty() {
                    String::new()
                } else {
                    format!(": {reason}")
                }
            ),
            Some(format!(
                "something in between may cut upgraded connections; {PROXY_DOC}"
            )),
        ),
        WsError::Refused { code, message } => (
            format!("chatd refused hello: {message} ({code})"),
            Some("see chatd's log".into()),
        ),
        WsError::Tls(err) => (
            format!("cannot set up TLS for wss://: {err}"),
            Some(TRUST_FIX.into()),
        ),
        WsError::Ws(err) if err.to_string().to_ascii_lowercase().contains("certificate") => (
            format!("the TLS handshake of the socket failed: {err}"),
            Some(TRUST_FIX.into()),
        ),
        WsError::Ws(err) => (
            format!("WebSocket error: {err}"),
            Some(format!(
                "something in between may not speak WebSocket; {PROXY_DOC}"
            )),
        ),
        other => (other.to_string(), None),
    }
}

async fn visitor_socket(
    r: &mut Report,
    server: &str,
    site: &Site,
    p: &Probe,
) -> Option<FrameSocket> {
    const ID: &str = "visitor_ws";
    const NAME: &str = "visitor WebSocket";
    let opts = ConnectOptions {
        timeout: STEP_TIMEOUT,
        ..ConnectOptions::default()
    };
    let started = Instant::now();
    match VisitorSocket::connect_with(server, &site.key, &p.visitor_token, 0, None, &opts).await {
        Ok(sock) => {
            let took = started.elapsed();
            r.push(
                Check::new(
                    ID,
                    NAME,
                    Status::Ok,
                    format!("upgraded through {server}; welcome in {} ms", millis(took)),
                )
                .ms(took),
            );
            Some(sock.into_inner())
        }
        Err(e) => {
            let (message, fix) = socket_problem(&e, server);
            r.fail(ID, NAME, message, fix);
            None
        }
    }
}

async fn agent_socket(r: &mut Report, server: &str, token: &str) -> Option<FrameSocket> {
    const ID: &str = "agent_ws";
    const NAME: &str = "agent WebSocket";
    let opts = ConnectOptions {
        timeout: STEP_TIMEOUT,
        ..ConnectOptions::default()
    };
    let started = Instant::now();
    match AgentSocket::connect_with(server, token, &opts).await {
        Ok(sock) => {
            let took = started.elapsed();
            r.push(
                Check::new(
                    ID,
                    NAME,
                    Status::Ok,
                    format!("upgraded through {server}; welcome in {} ms", millis(took)),
                )
                .ms(took),
            );
            Some(sock.into_inner())
        }
        Err(e) => {
            let (message, fix) = socket_problem(&e, server);
            r.fail(ID, NAME, message, fix);
            None
        }
    }
}

/// `POST /api/v1/conversations/{id}/accept` as the user doctor runs as.
async fn accept(r: &mut Report, s: &mut Session, p: &Probe, me: &Me) -> bool {
    const ID: &str = "accept";
    const NAME: &str = "agent accepts";
    let id = p.id;
    match s
        .call("cannot accept the probe conversation", |c| async move {
            c.accept_conversation(id).await
        })
        .await
    {
        Ok(_) => {
            r.ok(
                ID,
                NAME,
                format!("{} took the probe conversation", me.user.email),
            );
            true
        }
        Err(e) => {
            let fix = if e.message.contains("member") {
                Some(format!(
                    "make {} a member of the widget (`chatctl widget member add WIDGET {}`), \
                     or run doctor as an admin",
                    me.user.email, me.user.email
                ))
            } else {
                e.hint
            };
            r.fail(ID, NAME, e.message, fix);
            false
        }
    }
}

/// Waits on `rx` for the message sent with `client_id`, while watching
/// `tx` (the sender's socket) for chatd refusing it.
async fn delivered(
    rx: &mut FrameSocket,
    tx: &mut FrameSocket,
    client_id: &str,
) -> Result<(), String> {
    let deadline = tokio::time::sleep(STEP_TIMEOUT);
    tokio::pin!(deadline);
    let refused = |f: &ServerFrame| match f {
        ServerFrame::Error {
            code,
            message,
            client_id: Some(c),
        } if c == client_id => Some(format!("chatd refused the message: {message} ({code})")),
        _ => None,
    };
    loop {
        tokio::select! {
            f = rx.next_frame() => match f {
                Ok(Some(ServerFrame::Message { message })) if message.client_id == client_id => {
                    return Ok(());
                }
                Ok(Some(f)) => {
                    if let Some(e) = refused(&f) {
                        return Err(e);
                    }
                }
                Ok(None) => return Err("the receiving socket closed".into()),
                Err(e) if e.is_recoverable() => {}
                Err(e) => return Err(format!("the receiving socket failed: {e}")),
            },
            f = tx.next_frame() => match f {
                Ok(Some(f)) => {
                    if let Some(e) = refused(&f) {
                        return Err(e);
                    }
                }
                Ok(None) => return Err("the sending socket closed".into()),
                Err(e) if e.is_recoverable() => {}
                Err(e) => return Err(format!("the sending socket failed: {e}")),
            },
            () = &mut deadline => {
                return Err(format!(
                    "sent, but nothing arrived within {} s: the sockets are open but events do \
                     not flow",
                    STEP_TIMEOUT.as_secs()
                ));
            }
        }
    }
}

/// Reads the agent socket until the replay of `conv` is done.
async fn subscribed(agent: &mut FrameSocket, conv: Uuid) -> Result<(), String> {
    agent
        .send_frame(&ClientFrame::Subscribe {
            conversation_id: conv,
            last_seq: 0,
        })
        .await
        .map_err(|e| format!("cannot subscribe: {e}"))?;
    let wait = async {
        loop {
            match agent.next_frame().await {
                Ok(Some(ServerFrame::Synced {
                    conversation_id, ..
                })) if conversation_id == conv => return Ok(()),
                Ok(Some(ServerFrame::Error { code, message, .. })) => {
                    return Err(format!(
                        "chatd refused the subscription: {message} ({code})"
                    ));
                }
                Ok(Some(_)) => {}
                Ok(None) => return Err("the agent socket closed".to_string()),
                Err(e) if e.is_recoverable() => {}
                Err(e) => return Err(format!("the agent socket failed: {e}")),
            }
        }
    };
    tokio::time::timeout(STEP_TIMEOUT, wait)
        .await
        .map_err(|_| {
            format!(
                "the agent's subscription was not answered within {} s",
                STEP_TIMEOUT.as_secs()
            )
        })?
}

/// A probe message each way over the sockets, timed.
async fn round_trips(
    r: &mut Report,
    visitor: &mut FrameSocket,
    agent: &mut FrameSocket,
    conv: Uuid,
) {
    let fix = Some(format!(
        "check chatd's log; if a proxy is in between, it must pass WebSocket frames through \
         without buffering ({PROXY_DOC})"
    ));
    let to_agent = async {
        subscribed(agent, conv).await?;
        let cid = format!("doctor-{}", Uuid::new_v4());
        let started = Instant::now();
        visitor
            .send_frame(&ClientFrame::Send {
                conversation_id: None,
                client_id: cid.clone(),
                body: "chatctl doctor: a probe from the visitor".into(),
            })
            .await
            .map_err(|e| format!("cannot send: {e}"))?;
        delivered(agent, visitor, &cid).await?;
        Ok::<Duration, String>(started.elapsed())
    };
    match to_agent.await {
        Ok(took) => r.push(
            Check::new(
                "visitor_to_agent",
                "visitor → agent",
                Status::Ok,
                format!("a message arrived in {} ms", millis(took)),
            )
            .ms(took),
        ),
        Err(e) => {
            r.fail("visitor_to_agent", "visitor → agent", e, fix.clone());
            r.skip(
                "agent_to_visitor",
                "agent → visitor",
                "needs the visitor → agent message",
            );
            return;
        }
    }
    let to_visitor = async {
        let cid = format!("doctor-{}", Uuid::new_v4());
        let started = Instant::now();
        agent
            .send_frame(&ClientFrame::Send {
                conversation_id: Some(conv),
                client_id: cid.clone(),
                body: "chatctl doctor: a probe from the agent".into(),
            })
            .await
            .map_err(|e| format!("cannot send: {e}"))?;
        delivered(visitor, agent, &cid).await?;
        Ok::<Duration, String>(started.elapsed())
    };
    match to_visitor.await {
        Ok(took) => r.push(
            Check::new(
                "agent_to_visitor",
                "agent → visitor",
                Status::Ok,
                format!("a message arrived in {} ms", millis(took)),
            )
            .ms(took),
        ),
        Err(e) => r.fail("agent_to_visitor", "agent → visitor", e, fix),
    }
}

/// How far the event stream got, for the message when it stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SseStage {
    Requested,
    Open,
    Welcomed,
    Sent,
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One server-sent event's `data`, joined over its lines.
fn sse_data(event: &str) -> String {
    let mut data = Vec::new();
    for line in event.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(d) = line.strip_prefix("data:") {
            data.push(d.strip_prefix(' ').unwrap_or(d));
        }
    }
    data.join("\n")
}

/// Takes the first whole event (up to a blank line) out of `buf`.
fn next_sse_event(buf: &mut Vec<u8>) -> Option<String> {
    let normalized_end = |b: &[u8]| {
        b.windows(2)
            .position(|w| w == b"\n\n")
            .map(|i| (i, 2))
            .into_iter()
            .chain(b.windows(4).position(|w| w == b"\r\n\r\n").map(|i| (i, 4)))
            .min_by_key(|(i, _)| *i)
    };
    let (i, len) = normalized_end(buf)?;
    let event = String::from_utf8_lossy(&buf[..i]).into_owned();
    buf.drain(..i + len);
    Some(event)
}

/// The HTTP fallback: the event stream delivers the welcome and, live, a
/// message the visitor sends over HTTP.
async fn sse(r: &mut Report, http: &reqwest::Client, server: &str, public: &Client, p: &Probe) {
    const ID: &str = "sse";
    const NAME: &str = "SSE fallback";
    let mut stage = SseStage::Requested;
    let visitor = public.with_token(p.visitor_token.clone());
    let cid = format!("doctor-{}", Uuid::new_v4());
    let url = format!("{server}/api/v1/public/conversations/{}/events", p.id);
    // EventSource cannot set headers: the token goes in the query, as the
    // widget sends it.
    let stream_url = format!(
        "{url}?after_seq=0&token={}",
        percent_encode(&p.visitor_token)
    );
    let run = async {
        let mut resp = http
            .get(&stream_url)
            .header(ACCEPT, "text/event-stream")
            .send()
            .await
            .map_err(|e| {
                let e =
                    CliError::from_client("the event stream", server, ClientError::Transport(e));
                (e.message, e.hint)
            })?;
        let status = resp.status();
        if !status.is_success() {
            let body = resp.text().await.unwrap_or_default();
            return Err(match answer_error(status, &body) {
                ClientError::Api { message, .. } => (
                    format!("chatd refused the event stream with HTTP {status}: {message}"),
                    Some("see chatd's log".into()),
                ),
                _ => (
                    format!(
                        "the event stream got HTTP {status} from something that is not chatd; \
                         {PROXY_DOC}"
                    ),
                    Some(format!(
                        "make the proxy pass /api/v1/public/conversations/*/events to chatd; {PROXY_SSE_FIX}"
                    )),
                ),
            });
        }
        let ctype = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        if !ctype.starts_with("text/event-stream") {
            return Err((
                format!("the event stream came back as {ctype:?}, not text/event-stream"),
                Some(format!(
                    "check what answers {url} in front of chatd; {PROXY_DOC}"
                )),
            ));
        }
        stage = SseStage::Open;
        let mut buf = Vec::new();
        let mut sent_at = None;
        loop {
            let chunk = resp.chunk().await.map_err(|e| {
                (
                    format!("the event stream broke: {e}"),
                    Some(PROXY_SSE_FIX.to_string()),
                )
            })?;
            let Some(chunk) = chunk else {
                return Err((
                    "the event stream ended early".to_string(),
                    Some(format!("something in between cuts it; {PROXY_SSE_FIX}")),
                ));
            };
            buf.extend_from_slice(&chunk);
            while let Some(event) = next_sse_event(&mut buf) {
                let data = sse_data(&event);
                let Ok(v) = serde_json::from_str::<Value>(&data) else {
                    continue;
                };
                match v.get("type").and_then(Value::as_str) {
                    Some("welcome") if stage == SseStage::Open => stage = SseStage::Welcomed,
                    Some("synced") if stage == SseStage::Welcomed => {
                        // Replay done: what comes now is live.
                        let body = SendMessage {
                            client_id: cid.clone(),
                            body: "chatctl doctor: a probe over HTTP".into(),
                        };
                        let started = Instant::now();
                        visitor
                            .visitor_send_message(p.id, &body)
                            .await
                            .map_err(|e| {
                                let e = CliError::from_client("cannot send over HTTP", server, e);
                                (e.message, e.hint)
                            })?;
                        sent_at = Some(started);
                        stage = SseStage::Sent;
                    }
                    Some("message")
                        if v.get("client_id").and_then(Value::as_str) == Some(cid.as_str()) =>
                    {
                        if let Some(t) = sent_at {
                            return Ok(t.elapsed());
                        }
                    }
                    _ => {}
                }
            }
        }
    };
    let result = tokio::time::timeout(STEP_TIMEOUT, run).await;
    let secs = STEP_TIMEOUT.as_secs();
    match result {
        Ok(Ok(took)) => r.push(
            Check::new(
                ID,
                NAME,
                Status::Ok,
                format!(
                    "the event stream sent the welcome, and a message sent over HTTP arrived in {} ms",
                    millis(took)
                ),
            )
            .ms(took),
        ),
        Ok(Err((message, fix))) => r.fail(ID, NAME, message, fix),
        Err(_) => {
            let message = match stage {
                SseStage::Requested => format!("no answer to the stream request within {secs} s"),
                SseStage::Open => format!(
                    "the stream opened but no event came within {secs} s: something in between \
                     buffers it"
                ),
                SseStage::Welcomed => format!(
                    "the welcome came, but the replay did not finish within {secs} s: something \
                     in between buffers the stream"
                ),
                SseStage::Sent => format!(
                    "the welcome came, but a message sent over HTTP did not within {secs} s: \
                     something in between buffers the stream"
                ),
            };
            r.fail(ID, NAME, message, Some(PROXY_SSE_FIX.into()));
        }
    }
}

/// Closes the probe so it does not linger in lists and queues: as the agent
/// when one accepted it, else as the visitor.
async fn cleanup(r: &mut Report, s: &mut Session, public: &Client, p: &Probe, accepted: bool) {
    const ID: &str = "cleanup";
    const NAME: &str = "probe closed";
    let id = p.id;
    let result = if accepted {
        s.call("cannot close the probe conversation", |c| async move {
            c.close_conversation(id).await
        })
        .await
        .map(|_| ())
    } else {
        public
            .with_token(p.visitor_token.clone())
            .visitor_close(id)
            .await
            .map_err(|e| CliError::from_client("cannot close the probe conversation", &r.server, e))
    };
    match result {
        Ok(()) => r.ok(ID, NAME, format!("closed {id}")),
        Err(e) => r.fail(
            ID,
            NAME,
            e.message,
            Some(format!("close it with `chatctl conversation close {id}`")),
        ),
    }
}

/// The TLS certificate's expiry, read from the handshake. The certificate
/// is fetched without verifying it (and nothing but `/healthz` is asked),
/// so an expired one is reported as expired; whether it verifies is what
/// the first check found.
async fn tls(r: &mut Report, server: &str) {
    const ID: &str = "tls";
    const NAME: &str = "TLS certificate";
    let client = reqwest::Client::builder()
        .user_agent(concat!("chatctl/", env!("CARGO_PKG_VERSION"), " doctor"))
        .tls_info(true)
        .tls_danger_accept_invalid_certs(true)
        .connect_timeout(STEP_TIMEOUT)
        .timeout(STEP_TIMEOUT)
        .build();
    let resp = match client {
        Ok(c) => c.get(format!("{server}/healthz")).send().await,
        Err(e) => {
            r.skip(ID, NAME, format!("not checked: cannot set up TLS: {e}"));
            return;
        }
    };
    let resp = match resp {
        Ok(resp) => resp,
        Err(e) => {
            let e = CliError::from_client("the TLS handshake", server, ClientError::Transport(e));
            r.skip(ID, NAME, format!("not checked: {}", e.message));
            return;
        }
    };
    let der = resp
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|i| i.peer_certificate())
        .map(<[u8]>::to_vec);
    let Some(not_after) = der.as_deref().and_then(cert_not_after) else {
        r.skip(
            ID,
            NAME,
            "not checked: the server's certificate could not be read",
        );
        return;
    };
    let now = now_ms() / 1000;
    let days = (not_after - now).div_euclid(86_400);
    let when = output::time_ms(not_after.saturating_mul(1000));
    let renew = "renew the certificate (e.g. `certbot renew`), then reload what serves it: the \
                 proxy, or chatd itself with SIGHUP (`systemctl reload chatd`)";
    if not_after <= now {
        r.fail(ID, NAME, format!("expired on {when}"), Some(renew.into()));
    } else if days < CERT_WARN_DAYS {
        r.push(
            Check::new(
                ID,
                NAME,
                Status::Warn,
                format!("expires on {when}, in {days} days"),
            )
            .fix(Some(renew.into())),
        );
    } else {
        r.ok(ID, NAME, format!("valid until {when} ({days} days)"));
    }
}

/// One DER element: its tag, its contents, and what follows it.
fn der_element(b: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = b.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &x| (acc << 8) | usize::from(x));
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    Some((tag, &rest[..len], &rest[len..]))
}

/// The `notAfter` of an X.509 certificate (DER), Unix seconds.
fn cert_not_after(der: &[u8]) -> Option<i64> {
    const SEQUENCE: u8 = 0x30;
    let (tag, cert, _) = der_element(der)?;
    if tag != SEQUENCE {
        return None;
    }
    let (tag, tbs, _) = der_element(cert)?;
    if tag != SEQUENCE {
        return None;
    }
    // [0] version (optional), serial, signature algorithm, issuer, validity.
    let (tag, _, mut rest) = der_element(tbs)?;
    if tag == 0xa0 {
        rest = der_element(rest)?.2;
    }
    let rest = der_element(rest)?.2; // signature algorithm
    let rest = der_element(rest)?.2; // issuer
    let (tag, validity, _) = der_element(rest)?;
    if tag != SEQUENCE {
        return None;
    }
    let (_, _, after_not_before) = der_element(validity)?;
    let (tag, not_after, _) = der_element(after_not_before)?;
    der_time(tag, std::str::from_utf8(not_after).ok()?)
}

/// UTCTime (`YYMMDDHHMMSSZ`) or GeneralizedTime (`YYYYMMDDHHMMSSZ`), Unix seconds.
fn der_time(tag: u8, s: &str) -> Option<i64> {
    let s = s.strip_suffix('Z')?;
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match (tag, s.len()) {
        (0x17, 12) => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &s[2..])
        }
        (0x18, 14) => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    let n = |i: usize| rest[i..i + 2].parse::<u8>().ok();
    let month = time::Month::try_from(n(0)?).ok()?;
    let date = time::Date::from_calendar_date(year, month, n(2)?).ok()?;
    let t = date.with_hms(n(4)?, n(6)?, n(8)?).ok()?;
    Some(t.assume_utc().unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    /// `openssl req -x509 -newkey ec ... -days 3650`: notAfter (UTCTime)
    /// Nov 20 19:59:58 2036 GMT.
    const CERT_UTCTIME: &str = include_str!("../../tests/data/cert-utctime.hex");
    /// The same with `-days 30000`: notAfter (GeneralizedTime) Jan 12
    /// 20:00:02 2109 GMT.
    const CERT_GENERALIZED: &str = include_str!("../../tests/data/cert-generalized.hex");

    #[test]
    fn certificate_expiry() {
        assert_eq!(
            cert_not_after(&unhex(CERT_UTCTIME.trim())),
            Some(2_110_823_998)
        );
        assert_eq!(
            cert_not_after(&unhex(CERT_GENERALIZED.trim())),
            Some(4_387_464_002)
        );
        assert_eq!(cert_not_after(&[]), None);
        assert_eq!(cert_not_after(&[0x30, 0x05, 0x30]), None);
        let cut = unhex(CERT_UTCTIME.trim());
        assert_eq!(cert_not_after(&cut[..100]), None);
        assert_eq!(der_time(0x17, "500101000000Z"), Some(-631_152_000));
        assert_eq!(der_time(0x17, "49123123595Z"), None);
        assert_eq!(der_time(0x18, "20261301000000Z"), None);
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            http_date_secs("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        assert_eq!(http_date_secs("yesterday"), None);
    }

    #[test]
    fn sse_events() {
        let mut buf = b"data: {\"type\":\"welcome\"}\n\n: keep-alive\n\nid: 3\r\ndata: a\r\ndata: b\r\n\r\ndata: partial"
            .to_vec();
        assert_eq!(
            sse_data(&next_sse_event(&mut buf).unwrap()),
            "{\"type\":\"welcome\"}"
        );
        assert_eq!(sse_data(&next_sse_event(&mut buf).unwrap()), "");
        assert_eq!(sse_data(&next_sse_event(&mut buf).unwrap()), "a\nb");
        assert_eq!(next_sse_event(&mut buf), None);
        assert_eq!(buf, b"data: partial");
        assert_eq!(percent_encode("vt_a+b/c="), "vt_a%2Bb%2Fc%3D");
    }

    #[test]
    fn checklist_lines() {
        let r = Report {
            out: Out::new(crate::cli::OutputFormat::Table),
            fancy: false,
            server: "http://x".into(),
            checks: Vec::new(),
            probe: None,
        };
        let c = Check::new(
            "visitor_to_agent",
            "visitor → agent",
            Status::Fail,
            "nothing".into(),
        )
        .fix(Some("do this".into()));
        assert_eq!(
            r.line(&c),
            "[FAIL] visitor -> agent: nothing\n       fix: do this\n"
        );
        let fancy = Report { fancy: true, ..r };
        let ok = Check::new("ready", "ready", Status::Ok, "yes".into());
        assert_eq!(fancy.line(&ok), "\x1b[32m✓\x1b[0m ready: yes\n");
    }
}
