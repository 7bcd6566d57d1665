//! The network side: credentials, the agent socket and REST calls. Each
//! [`Effect`] that needs the network becomes a frame or a task here; every
//! result comes back to the driver as an [`Envelope`].

use crate::app::{DropKind, Effect, Identity, Msg};
use crate::context::ConfigStore;
use proto::auth::{Role, User};
use proto::conversations::ConversationStatus;
use proto::frames::{ClientFrame, close};
use proto::ws::{AgentSocket, ConnectOptions, WsError};
use proto::{Client, ClientError, ErrorCode};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinHandle;

/// Sends per second on the socket, and the burst, kept under chatd's
/// per-socket limit (20/s, bursts of 40) so a resubscribe after a reconnect
/// never earns `rate_limited`.
const FRAMES_PER_SEC: f64 = 15.0;
const FRAME_BURST: f64 = 30.0;
/// Seconds before its expiry that an access token counts as expired.
const EXPIRY_MARGIN_SECS: i64 = 30;
/// Open conversations listed at once.
const LIST_OPEN: u32 = 200;
/// Closed conversations listed at once.
const LIST_CLOSED: u32 = 30;
/// Messages per history page.
const HISTORY_PAGE: u32 = 200;

/// A message for the driver; `socket_id` names the socket it came from, so frames
/// of a socket already replaced are dropped.
#[derive(Debug)]
pub struct Envelope {
    /// The socket generation, for socket events.
    pub socket_id: Option<u64>,
    /// The message.
    pub msg: Msg,
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// Where the credentials came from.
#[derive(Debug, Clone)]
pub enum Creds {
    /// Nothing yet: the login form.
    None,
    /// An API or access token from `--token`/`CHATD_TOKEN`; never refreshed.
    Token(String),
    /// A login: ours, or chatctl's context (written back on refresh).
    Login {
        /// Current access token.
        access: Option<String>,
        /// Its expiry, Unix seconds.
        expires_at: Option<i64>,
        /// Single-use refresh token.
        refresh: Option<String>,
        /// chatctl's config and the context name, when it came from there.
        context: Option<(ConfigStore, String)>,
    },
}

/// Why no token is available.
#[derive(Debug, Clone)]
pub enum AuthError {
    /// The server refused the credentials: log in again.
    Rejected(String),
    /// The server could not be asked: retry later.
    Unreachable(String),
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Rejected(s) | Self::Unreachable(s) => f.write_str(s),
        }
    }
}

/// The credentials, shared by the socket and every request.
#[derive(Debug)]
pub struct Auth {
    http: Client,
    creds: Mutex<Creds>,
}

fn is_unauthorized(e: &ClientError) -> bool {
    e.status().is_some_and(|s| s.as_u16() == 401)
}

fn describe(e: &ClientError) -> String {
    match e {
        ClientError::Api { message, .. } => message.clone(),
        ClientError::Transport(_) => "cannot reach chatd".into(),
        other => other.to_string(),
    }
}

impl Auth {
    /// Credentials for requests through `http`.
    pub fn new(http: Client, creds: Creds) -> Self {
        Self {
            http,
            creds: Mutex::new(creds),
        }
    }

    /// Whether there is anything to try before showing the login form.
    pub async fn has_credentials(&self) -> bool {
        !matches!(&*self.creds.lock().await, Creds::None)
    }

    /// A token to use now, refreshing an expired login first.
    pub async fn token(&self) -> Result<String, AuthError> {
        let mut c = self.creds.lock().await;
        match &*c {
            Creds::None => Err(AuthError::Rejected("not logged in".into())),
            Creds::Token(t) => Ok(t.clone()),
            Creds::Login {
                access: Some(a),
                expires_at,
                ..
            } if expires_at.is_none_or(|e| e > now_secs() + EXPIRY_MARGIN_SECS) => Ok(a.clone()),
            Creds::Login { .. } => self.refresh_locked(&mut c).await,
        }
    }

    /// The server refused `used`: refresh once, unless another task has
    /// already replaced it.
    pub async fn refresh_after_401(&self, used: &str) -> Result<String, AuthError> {
        let mut c = self.creds.lock().await;
        match &*c {
            Creds::Login {
                access: Some(a), ..
            } if a != used => Ok(a.clone()),
            Creds::Login {
                refresh: Some(_), ..
            } => self.refresh_locked(&mut c).await,
            Creds::Token(_) => Err(AuthError::Rejected(
                "the token (CHATD_TOKEN or --token) is invalid, expired or revoked".into(),
            )),
            Creds::None | Creds::Login { .. } => {
                Err(AuthError::Rejected("the login has expired".into()))
            }
        }
    }

    async fn refresh_locked(&self, c: &mut Creds) -> Result<String, AuthError> {
        let Creds::Login {
            refresh, context, ..
        } = &*c
        else {
            return Err(AuthError::Rejected("not logged in".into()));
        };
        let context = context.clone();
        let mut refresh = refresh.clone();
        let _lock = match &context {
            Some((store, name)) => {
                let s = store.clone();
                let lock = tokio::task::spawn_blocking(move || s.lock())
                    .await
                    .map_err(|e| AuthError::Unreachable(e.to_string()))?
                    .map_err(|e| AuthError::Unreachable(format!("{e:#}")))?;
                let stored = store
                    .reload(name)
                    .map_err(|e| AuthError::Rejected(format!("{e:#}")))?;
                // chatctl (or another agent-tui) refreshed meanwhile: use its pair.
                if stored.refresh_token != refresh
                    && let Some(access) = stored.access_token.clone()
                    && stored.access_expires_at.is_none_or(|e| e > now_secs())
                {
                    *c = Creds::Login {
                        access: Some(access.clone()),
                        expires_at: stored.access_expires_at,
                        refresh: stored.refresh_token,
                        context,
                    };
                    return Ok(access);
                }
                refresh = stored.refresh_token;
                Some(lock)
            }
            None => None,
        };
        let Some(rt) = refresh else {
            return Err(AuthError::Rejected("the login has expired".into()));
        };
        let pair = self.http.refresh(&rt).await.map_err(|e| {
            if e.status().is_some_and(|s| s.is_client_error()) {
                AuthError::Rejected(format!("cannot renew the login: {}", describe(&e)))
            } else {
                AuthError::Unreachable(describe(&e))
            }
        })?;
        let expires_at = now_secs()
            .saturating_add(i64::try_from(pair.expires_in).unwrap_or(i64::MAX))
            .saturating_sub(EXPIRY_MARGIN_SECS);
        if let Some((store, name)) = &context {
            // The old refresh token is spent now: store the new one at once.
            store
                .save_tokens(name, &pair.access_token, &pair.refresh_token, expires_at)
                .map_err(|e| AuthError::Unreachable(format!("{e:#}")))?;
        }
        *c = Creds::Login {
            access: Some(pair.access_token.clone()),
            expires_at: Some(expires_at),
            refresh: Some(pair.refresh_token),
            context,
        };
        Ok(pair.access_token)
    }

    /// Logs in with a password; the tokens stay in memory.
    pub async fn login(&self, email: &str, password: &str) -> Result<User, String> {
        let pair = self
            .http
            .login(email, password)
            .await
            .map_err(|e| describe(&e))?;
        let expires_at = now_secs()
            .saturating_add(i64::try_from(pair.expires_in).unwrap_or(i64::MAX))
            .saturating_sub(EXPIRY_MARGIN_SECS);
        *self.creds.lock().await = Creds::Login {
            access: Some(pair.access_token),
            expires_at: Some(expires_at),
            refresh: Some(pair.refresh_token),
            context: None,
        };
        Ok(pair.user)
    }

    /// Runs a request with a token, refreshing once after a 401.
    pub async fn call<T, F, Fut>(&self, f: F) -> Result<T, String>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, ClientError>>,
    {
        let token = self.token().await.map_err(|e| e.to_string())?;
        match f(self.http.with_token(token.clone())).await {
            Err(e) if is_unauthorized(&e) => {
                let t = self
                    .refresh_after_401(&token)
                    .await
                    .map_err(|e| e.to_string())?;
                f(self.http.with_token(t)).await.map_err(|e| describe(&e))
            }
            r => r.map_err(|e| describe(&e)),
        }
    }
}

fn identity(u: &User) -> Identity {
    Identity {
        user_id: u.id,
        name: u.name.clone(),
        email: u.email.clone(),
        admin: u.role == Role::Admin,
    }
}

/// What a socket error means for the workspace.
fn classify(e: &WsError) -> (String, DropKind) {
    let kind = match e {
        WsError::Closed { code, .. }
            if *code == close::UNAUTHORIZED || *code == close::FORBIDDEN =>
        {
            DropKind::Auth
        }
        WsError::Refused {
            code: ErrorCode::Unauthorized | ErrorCode::Forbidden,
            ..
        } => DropKind::Auth,
        WsError::Rejected {
            status: 401 | 403, ..
        } => DropKind::Auth,
        WsError::Url { .. } => DropKind::Fatal,
        _ => DropKind::Retry,
    };
    let reason = match e {
        WsError::Connect { .. } => "cannot connect".to_string(),
        WsError::Closed { code, reason } if reason.is_empty() => format!("closed ({code})"),
        WsError::Closed { reason, .. } => reason.clone(),
        WsError::Timeout(_) => "timed out".to_string(),
        other => other.to_string(),
    };
    (reason, kind)
}

/// A token bucket for outgoing frames.
struct Pacer {
    tokens: f64,
    last: Instant,
}

impl Pacer {
    fn new() -> Self {
        Self {
            tokens: FRAME_BURST,
            last: Instant::now(),
        }
    }

    async fn wait(&mut self) {
        let now = Instant::now();
        self.tokens = (self.tokens + now.duration_since(self.last).as_secs_f64() * FRAMES_PER_SEC)
            .min(FRAME_BURST);
        self.last = now;
        if self.tokens < 1.0 {
            let secs = (1.0 - self.tokens) / FRAMES_PER_SEC;
            tokio::time::sleep(Duration::from_secs_f64(secs)).await;
            self.tokens = 1.0;
            self.last = Instant::now();
        }
        self.tokens -= 1.0;
    }
}

/// Opens the socket, refreshing the login once if the server refuses it.
async fn open(base: &str, auth: &Auth) -> Result<AgentSocket, (String, DropKind)> {
    let opts = ConnectOptions::default();
    let auth_err = |e: AuthError| match e {
        AuthError::Rejected(s) => (s, DropKind::Auth),
        AuthError::Unreachable(s) => (s, DropKind::Retry),
    };
    let token = auth.token().await.map_err(auth_err)?;
    match AgentSocket::connect_with(base, &token, &opts).await {
        Ok(s) => Ok(s),
        Err(e) => {
            let (reason, kind) = classify(&e);
            if kind != DropKind::Auth {
                return Err((reason, kind));
            }
            let token = auth.refresh_after_401(&token).await.map_err(auth_err)?;
            AgentSocket::connect_with(base, &token, &opts)
                .await
                .map_err(|e| classify(&e))
        }
    }
}

/// One socket's life: connect, then pump frames both ways until it ends.
async fn connection(
    socket_id: u64,
    base: String,
    auth: Arc<Auth>,
    mut frames: mpsc::UnboundedReceiver<ClientFrame>,
    tx: mpsc::UnboundedSender<Envelope>,
) {
    let send = |msg: Msg| {
        let _ = tx.send(Envelope {
            socket_id: Some(socket_id),
            msg,
        });
    };
    let sock = match open(&base, &auth).await {
        Ok(s) => s,
        Err((reason, kind)) => return send(Msg::Disconnected { reason, kind }),
    };
    let w = sock.welcome().clone();
    send(Msg::Connected {
        epoch: w.epoch,
        heartbeat_secs: w.heartbeat_secs,
        user_id: w.user_id,
    });
    let (mut writer, mut reader) = sock.split();
    let mut pacer = Pacer::new();
    loop {
        tokio::select! {
            r = reader.next_frame() => match r {
                Ok(Some(f)) => send(Msg::Frame(Box::new(f))),
                Ok(None) => {
                    return send(Msg::Disconnected {
                        reason: "the server closed the connection".into(),
                        kind: DropKind::Retry,
                    });
                }
                Err(e) if e.is_recoverable() => {}
                Err(e) => {
                    let (reason, kind) = classify(&e);
                    return send(Msg::Disconnected { reason, kind });
                }
            },
            f = frames.recv() => match f {
                Some(f) => {
                    pacer.wait().await;
                    if let Err(e) = writer.send_frame(&f).await {
                        let (reason, kind) = classify(&e);
                        return send(Msg::Disconnected { reason, kind });
                    }
                }
                None => {
                    // Replaced or quitting: say goodbye properly.
                    let _ = tokio::time::timeout(Duration::from_millis(300), writer.close()).await;
                    return;
                }
            },
        }
    }
}

/// Owns the socket and runs network effects.
pub struct Net {
    base: String,
    auth: Arc<Auth>,
    tx: mpsc::UnboundedSender<Envelope>,
    socket_id: u64,
    frames: Option<mpsc::UnboundedSender<ClientFrame>>,
    task: Option<JoinHandle<()>>,
}

impl Net {
    /// A network side for the server at `base`, reporting through `tx`.
    pub fn new(base: String, auth: Arc<Auth>, tx: mpsc::UnboundedSender<Envelope>) -> Self {
        Self {
            base,
            auth,
            tx,
            socket_id: 0,
            frames: None,
            task: None,
        }
    }

    /// The current socket's generation; envelopes of others are stale.
    pub fn socket_id(&self) -> u64 {
        self.socket_id
    }

    /// The socket reported its end: forget it, so nothing more is sent to it.
    pub fn socket_gone(&mut self) {
        self.frames = None;
        self.socket_id += 1;
    }

    fn drop_socket(&mut self) {
        self.frames = None;
        self.socket_id += 1;
        if let Some(t) = self.task.take() {
            // It closes itself when its frame channel closes; a stuck connect is cut.
            tokio::spawn(async move {
                let abort = t.abort_handle();
                if tokio::time::timeout(Duration::from_millis(500), t)
                    .await
                    .is_err()
                {
                    abort.abort();
                }
            });
        }
    }

    /// Closes the socket politely, waiting a moment for it.
    pub async fn shutdown(&mut self) {
        self.frames = None;
        if let Some(t) = self.task.take() {
            let abort = t.abort_handle();
            if tokio::time::timeout(Duration::from_millis(500), t)
                .await
                .is_err()
            {
                abort.abort();
            }
        }
    }

    fn frame(&self, f: ClientFrame) {
        // No socket: the app resends what matters (the outbox, subscriptions)
        // after the next `welcome`.
        if let Some(tx) = &self.frames {
            let _ = tx.send(f);
        }
    }

    fn spawn<F>(&self, fut: F)
    where
        F: Future<Output = Option<Msg>> + Send + 'static,
    {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            if let Some(msg) = fut.await {
                let _ = tx.send(Envelope {
                    socket_id: None,
                    msg,
                });
            }
        });
    }

    /// Runs one effect. Driver-only effects (bell, quit, timers) are ignored.
    pub fn run(&mut self, effect: Effect) {
        let auth = Arc::clone(&self.auth);
        match effect {
            Effect::Connect => {
                self.drop_socket();
                let (ftx, frx) = mpsc::unbounded_channel();
                self.frames = Some(ftx);
                self.task = Some(tokio::spawn(connection(
                    self.socket_id,
                    self.base.clone(),
                    auth,
                    frx,
                    self.tx.clone(),
                )));
            }
            Effect::Disconnect => self.drop_socket(),
            Effect::Subscribe {
                conversation_id,
                last_seq,
            } => self.frame(ClientFrame::Subscribe {
                conversation_id,
                last_seq,
            }),
            Effect::Send {
                conversation_id,
                client_id,
                body,
            } => self.frame(ClientFrame::Send {
                conversation_id: Some(conversation_id),
                client_id,
                body,
            }),
            Effect::Typing {
                conversation_id,
                on,
            } => self.frame(ClientFrame::Typing {
                conversation_id: Some(conversation_id),
                on,
            }),
            Effect::MarkRead {
                conversation_id,
                seq,
            } => self.frame(ClientFrame::Read {
                conversation_id: Some(conversation_id),
                seq,
            }),
            Effect::Ping { nonce } => self.frame(ClientFrame::Ping { nonce: Some(nonce) }),
            Effect::Accept { conversation_id } => {
                self.frame(ClientFrame::Accept { conversation_id });
            }
            Effect::Transfer {
                conversation_id,
                to_user_id,
            } => self.frame(ClientFrame::Transfer {
                conversation_id,
                to_user_id,
            }),
            Effect::ReturnToAi { conversation_id } => {
                self.frame(ClientFrame::ReturnToAi { conversation_id });
            }
            Effect::SetPresence { status } => self.frame(ClientFrame::SetPresence { status }),
            Effect::LoadUsers => self.spawn(async move {
                let users = auth.call(|c| async move { c.list_users().await }).await;
                Some(Msg::Users(users))
            }),
            Effect::LoadMembers { widget_id } => self.spawn(async move {
                let result = auth
                    .call(|c| async move { c.widget_members(widget_id).await })
                    .await
                    .map(|users| users.into_iter().map(|u| u.id).collect());
                Some(Msg::Members { widget_id, result })
            }),
            Effect::LoadStats => self.spawn(async move {
                let stats = auth
                    .call(|c| async move { c.stats(None, None).await })
                    .await
                    .map(Box::new);
                Some(Msg::Stats(stats))
            }),
            Effect::LoadCanned { widget_id } => self.spawn(async move {
                let result = auth
                    .call(|c| async move { c.list_canned(Some(widget_id)).await })
                    .await;
                Some(Msg::Canned { widget_id, result })
            }),
            Effect::LoadNotes { conversation_id } => self.spawn(async move {
                let result = auth
                    .call(|c| async move { c.list_notes(conversation_id).await })
                    .await;
                Some(Msg::Notes {
                    conversation_id,
                    result,
                })
            }),
            Effect::AddNote {
                conversation_id,
                body,
            } => self.spawn(async move {
                let result = auth
                    .call(|c| {
                        let body = body.clone();
                        async move { c.add_note(conversation_id, &body).await }
                    })
                    .await;
                Some(Msg::NoteAdded {
                    conversation_id,
                    body,
                    result,
                })
            }),
            Effect::LoadVisitorHistory { visitor_id } => self.spawn(async move {
                let result = auth
                    .call(|c| async move { c.visitor_conversations(visitor_id).await })
                    .await;
                Some(Msg::VisitorHistory { visitor_id, result })
            }),
            Effect::SearchConversations {
                seq,
                q,
                closed_only,
                before,
            } => self.spawn(async move {
                let status = closed_only.then_some(ConversationStatus::Closed);
                let result = auth
                    .call(|c| {
                        let q = q.clone();
                        async move {
                            c.search_conversations(
                                &q,
                                status,
                                before,
                                Some(crate::app::SEARCH_PAGE),
                            )
                            .await
                        }
                    })
                    .await;
                Some(Msg::SearchResults {
                    seq,
                    next_page: before.is_some(),
                    result,
                })
            }),
            Effect::Login { email, password } => self.spawn(async move {
                Some(Msg::LoginDone(
                    auth.login(&email, &password).await.map(|u| identity(&u)),
                ))
            }),
            // Only the status bar's name and widget names depend on these,
            // so a failure is not worth a message.
            Effect::LoadIdentity => self.spawn(async move {
                let me = auth.call(|c| async move { c.me().await }).await.ok()?;
                Some(Msg::Identity(identity(&me.user)))
            }),
            Effect::LoadWidgets => self.spawn(async move {
                let widgets = auth
                    .call(|c| async move { c.list_widgets().await })
                    .await
                    .ok()?;
                Some(Msg::Widgets(
                    widgets.into_iter().map(|w| (w.id, w.name)).collect(),
                ))
            }),
            Effect::ListConversations => self.spawn(async move {
                let open = auth
                    .call(|c| async move {
                        c.list_conversations(Some(ConversationStatus::Open), Some(LIST_OPEN))
                            .await
                    })
                    .await;
                let closed = auth
                    .call(|c| async move {
                        c.list_conversations(Some(ConversationStatus::Closed), Some(LIST_CLOSED))
                            .await
                    })
                    .await;
                // The whole queue, even beyond the open list's limit.
                let queue = auth.call(|c| async move { c.queue().await }).await;
                Some(Msg::Conversations(open.and_then(|mut o| {
                    let mut seen: std::collections::HashSet<_> = o.iter().map(|c| c.id).collect();
                    o.extend(queue?.into_iter().filter(|c| seen.insert(c.id)));
                    o.extend(closed?.into_iter().filter(|c| seen.insert(c.id)));
                    Ok(o)
                })))
            }),
            Effect::FetchHistory {
                conversation_id,
                after_seq,
            } => self.spawn(async move {
                let result = auth
                    .call(|c| async move {
                        c.conversation_messages(conversation_id, after_seq, Some(HISTORY_PAGE))
                            .await
                    })
                    .await;
                Some(Msg::History {
                    conversation_id,
                    result,
                })
            }),
            Effect::CloseConversation { conversation_id } => self.spawn(async move {
                let result = auth
                    .call(|c| async move { c.close_conversation(conversation_id).await })
                    .await
                    .map(Box::new);
                Some(Msg::CloseDone {
                    conversation_id,
                    result,
                })
            }),
            Effect::RetryAfter { .. } | Effect::Bell | Effect::Quit => {}
        }
    }
}

/// The HTTP client: bounded waits, a user agent.
pub fn http_client(base: &str) -> anyhow::Result<Client> {
    let http = reqwest::Client::builder()
        .user_agent(concat!("agent-tui/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(20))
        .build()?;
    Ok(Client::with_http_client(base, http))
}
