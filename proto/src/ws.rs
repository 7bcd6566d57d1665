//! A typed async client for chatd's two WebSockets (docs/protocol.md):
//! the visitor socket (`/api/v1/public/ws`) and the agent socket
//! (`/api/v1/agent/ws`).
//!
//! `connect` performs the upgrade, sends `hello` and waits for `welcome`, all
//! under one deadline. After that, [`FrameSocket::send_frame`] and
//! [`FrameSocket::next_frame`] speak typed frames; `split` gives a sender and a
//! receiver half for clients that read and write from different tasks.
//!
//! `https://` base URLs become `wss://` sockets. Their certificates are
//! verified as reqwest (and so the REST [`crate::Client`]) verifies them:
//! rustls with the platform verifier, which on Linux reads the system's CA
//! store, or only the PEM file in `SSL_CERT_FILE` when that is set (how
//! tests and private CAs are trusted).

use crate::error::ErrorCode;
use crate::frames::{ClientFrame, ServerFrame};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::net::{TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::{self, Message as WsMessage};
use tokio_tungstenite::{Connector, MaybeTlsStream, WebSocketStream};
use uuid::Uuid;

/// Path of the visitor socket.
pub const VISITOR_WS_PATH: &str = "/api/v1/public/ws";
/// Path of the agent socket.
pub const AGENT_WS_PATH: &str = "/api/v1/agent/ws";
/// How long `connect` may take, from TCP connect to `welcome`, by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long `close` waits for the server's close frame.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(2);

/// The normal close code: a socket closed with it ends with `Ok(None)`.
const NORMAL_CLOSE: u16 = 1000;

/// What can go wrong on a chatd WebSocket.
#[derive(Debug, thiserror::Error)]
pub enum WsError {
    /// The base URL cannot be turned into a socket URL.
    #[error("bad server URL {url:?}: {reason}")]
    Url {
        /// The URL given.
        url: String,
        /// Why it is unusable.
        reason: String,
    },
    /// No TLS client could be set up (e.g. no CA certificates were found).
    #[error("cannot set up TLS: {0}")]
    Tls(String),
    /// The TCP connection could not be made.
    #[error("cannot connect to {addr}: {source}")]
    Connect {
        /// The address tried.
        addr: String,
        /// The operating system's answer.
        source: std::io::Error,
    },
    /// The server answered the upgrade with an HTTP error (e.g. 403 for a
    /// wrong `Origin`, 404 for an unknown site key).
    #[error("upgrade refused with HTTP {status}: {body}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// The first part of the body.
        body: String,
    },
    /// A WebSocket protocol or I/O error: the connection is unusable.
    #[error("websocket: {0}")]
    Ws(#[from] tungstenite::Error),
    /// A deadline passed.
    #[error("timed out {0}")]
    Timeout(&'static str),
    /// The server closed the connection with this code (see
    /// [`crate::frames::close`] and the table in docs/protocol.md).
    #[error("closed by the server with code {code}: {reason}")]
    Closed {
        /// The close code (1005 when the close frame carried none).
        code: u16,
        /// The reason the server gave.
        reason: String,
    },
    /// A text frame that is not a known server frame; the connection is still usable.
    #[error("cannot decode a server frame ({error}): {text}")]
    Decode {
        /// The frame's text, cut to 300 characters.
        text: String,
        /// What serde said.
        error: serde_json::Error,
    },
    /// The server answered `hello` with an error frame.
    #[error("hello refused: {code}: {message}")]
    Refused {
        /// Stable error code.
        code: ErrorCode,
        /// The server's message.
        message: String,
    },
    /// The server sent something the protocol does not allow here.
    #[error("unexpected from server: {0}")]
    Unexpected(String),
}

impl WsError {
    /// The close code, when the server closed the connection with one.
    pub fn close_code(&self) -> Option<u16> {
        match self {
            Self::Closed { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// Whether the connection may still be used after this error.
    pub fn is_recoverable(&self) -> bool {
        matches!(self, Self::Decode { .. })
    }
}

/// How to open a socket.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// `Origin` header sent with the upgrade (browsers always send one;
    /// other clients need not).
    pub origin: Option<String>,
    /// Local address to bind the client socket to, e.g. 127.0.0.2, so that
    /// many sockets from one machine do not run out of ephemeral ports.
    pub local_ip: Option<IpAddr>,
    /// Deadline for TCP connect, upgrade, `hello` and `welcome` together.
    pub timeout: Duration,
    /// The socket's read buffer (tungstenite's default is 128 KiB, which
    /// adds up fast over thousands of sockets).
    pub read_buffer_size: usize,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self {
            origin: None,
            local_ip: None,
            timeout: DEFAULT_CONNECT_TIMEOUT,
            read_buffer_size: 8 * 1024,
        }
    }
}

/// What the server said in `welcome`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Welcome {
    /// The store epoch; if it differs from the client's, its seqs mean nothing here.
    pub epoch: String,
    /// Visitor socket: the conversation.
    pub conversation_id: Option<Uuid>,
    /// Agent socket: the agent's user id.
    pub user_id: Option<Uuid>,
    /// Seconds between server pings.
    pub heartbeat_secs: u64,
}

/// Turns a server base URL (`http://host:port` or `https://…`, optionally
/// with a path prefix) and a socket path into a `ws://` (or `wss://`) URL
/// with `query` appended.
pub fn socket_url(base: &str, path: &str, query: &[(&str, &str)]) -> Result<String, WsError> {
    let base = base.trim().trim_end_matches('/');
    let bad = |reason: &str| WsError::Url {
        url: base.to_string(),
        reason: reason.to_string(),
    };
    let (scheme, rest) = if let Some(r) = base.strip_prefix("http://") {
        ("ws", r)
    } else if let Some(r) = base.strip_prefix("ws://") {
        ("ws", r)
    } else if let Some(r) = base.strip_prefix("https://") {
        ("wss", r)
    } else if let Some(r) = base.strip_prefix("wss://") {
        ("wss", r)
    } else {
        return Err(bad("expected an http://, https://, ws:// or wss:// URL"));
    };
    if rest.is_empty() || rest.starts_with('/') {
        return Err(bad("no host"));
    }
    if rest.contains('?') || rest.contains('#') {
        return Err(bad("a base URL takes no query or fragment"));
    }
    let mut url = format!("{scheme}://{rest}{path}");
    for (i, (k, v)) in query.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(&percent_encode(k));
        url.push('=');
        url.push_str(&percent_encode(v));
    }
    Ok(url)
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

/// The `host` and `port` of a `ws://` or `wss://` URL made by [`socket_url`].
fn host_port(url: &str) -> Result<(String, u16), WsError> {
    let bad = |reason: &str| WsError::Url {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let (rest, default_port) = match url.strip_prefix("ws://") {
        Some(r) => (r, 80),
        None => (
            url.strip_prefix("wss://")
                .ok_or_else(|| bad("not ws:// or wss://"))?,
            443,
        ),
    };
    let authority = rest.split(['/', '?']).next().unwrap_or_default();
    let authority = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (h, after) = v6.split_once(']').ok_or_else(|| bad("unclosed ["))?;
        (h, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(bad("no host"));
    }
    let port = match port {
        Some(p) => p.parse().map_err(|_| bad("bad port"))?,
        None => default_port,
    };
    Ok((host.to_string(), port))
}

/// Opens the TCP connection for `url` (bound to `local_ip` if given) with
/// `TCP_NODELAY`, since chat frames are small and latency matters.
pub async fn connect_stream(url: &str, local_ip: Option<IpAddr>) -> Result<TcpStream, WsError> {
    let (host, port) = host_port(url)?;
    let target = format!("{host}:{port}");
    let conn_err = |source| WsError::Connect {
        addr: target.clone(),
        source,
    };
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), port))
        .await
        .map_err(conn_err)?
        .collect();
    let addr = match local_ip {
        Some(ip) => addrs.iter().find(|a| a.is_ipv4() == ip.is_ipv4()),
        None => addrs.first(),
    }
    .copied()
    .ok_or_else(|| {
        conn_err(std::io::Error::new(
            std::io::ErrorKind::AddrNotAvailable,
            "no address of the right family",
        ))
    })?;
    let stream = match local_ip {
        Some(ip) => {
            let socket = if ip.is_ipv4() {
                TcpSocket::new_v4()
            } else {
                TcpSocket::new_v6()
            }
            .map_err(conn_err)?;
            socket.bind(SocketAddr::new(ip, 0)).map_err(conn_err)?;
            socket.connect(addr).await.map_err(conn_err)?
        }
        None => TcpStream::connect(addr).await.map_err(conn_err)?,
    };
    stream.set_nodelay(true).map_err(conn_err)?;
    Ok(stream)
}

/// The TLS client for `wss://`, built once: loading the CA store takes a while.
fn tls_config() -> Result<Arc<rustls::ClientConfig>, WsError> {
    static CONFIG: OnceLock<Result<Arc<rustls::ClientConfig>, String>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            use rustls_platform_verifier::BuilderVerifierExt;
            // aws-lc-rs, the provider reqwest uses; named so that a second
            // provider in the tree cannot make rustls guess.
            let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .and_then(|b| b.with_platform_verifier())
                .map_err(|e| e.to_string())?
                .with_no_client_auth();
            Ok(Arc::new(config))
        })
        .clone()
        .map_err(WsError::Tls)
}

fn ws_config(opts: &ConnectOptions) -> WebSocketConfig {
    WebSocketConfig::default()
        .read_buffer_size(opts.read_buffer_size.max(1024))
        // Write each frame out at once; `send` flushes anyway.
        .write_buffer_size(0)
        .max_write_buffer_size(1024 * 1024)
        .max_message_size(Some(1024 * 1024))
        .max_frame_size(Some(1024 * 1024))
}

fn map_ws_error(e: tungstenite::Error) -> WsError {
    match e {
        tungstenite::Error::Http(resp) => {
            let status = resp.status().as_u16();
            let body = resp
                .body()
                .as_ref()
                .map(|b| String::from_utf8_lossy(b).chars().take(300).collect())
                .unwrap_or_default();
            WsError::Rejected { status, body }
        }
        other => WsError::Ws(other),
    }
}

/// Decodes one WebSocket message; `Ok(None)` for control frames to skip.
fn decode(msg: WsMessage) -> Result<Option<ServerFrame>, WsError> {
    match msg {
        WsMessage::Text(text) => match serde_json::from_str::<ServerFrame>(text.as_str()) {
            Ok(f) => Ok(Some(f)),
            Err(error) => Err(WsError::Decode {
                text: text.as_str().chars().take(300).collect(),
                error,
            }),
        },
        WsMessage::Binary(_) => Err(WsError::Unexpected("a binary frame".into())),
        WsMessage::Close(Some(cf)) => Err(WsError::Closed {
            code: u16::from(cf.code),
            reason: cf.reason.as_str().to_string(),
        }),
        WsMessage::Close(None) => Err(WsError::Closed {
            code: 1005,
            reason: String::new(),
        }),
        // tungstenite answers pings by itself.
        WsMessage::Ping(_) | WsMessage::Pong(_) | WsMessage::Frame(_) => Ok(None),
    }
}

/// Turns the "closed normally" error into the end of the stream.
fn end_on_normal_close(
    r: Result<Option<ServerFrame>, WsError>,
) -> Result<Option<ServerFrame>, WsError> {
    match r {
        Err(WsError::Closed { code, .. }) if code == NORMAL_CLOSE => Ok(None),
        Err(WsError::Ws(
            tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed,
        )) => Ok(None),
        other => other,
    }
}

/// One read from the socket as `next_frame` answers it; `None`: skip it
/// (a control frame) and read on.
fn step(
    item: Option<Result<WsMessage, tungstenite::Error>>,
) -> Option<Result<Option<ServerFrame>, WsError>> {
    match item {
        None => Some(Ok(None)),
        Some(Err(e)) => Some(end_on_normal_close(Err(map_ws_error(e)))),
        Some(Ok(m)) => match decode(m) {
            Ok(None) => None,
            other => Some(end_on_normal_close(other)),
        },
    }
}

fn encode(frame: &ClientFrame) -> Result<WsMessage, WsError> {
    let text = serde_json::to_string(frame)
        .map_err(|e| WsError::Unexpected(format!("cannot encode a frame: {e}")))?;
    Ok(WsMessage::text(text))
}

fn normal_close_frame() -> CloseFrame {
    CloseFrame {
        code: CloseCode::Normal,
        reason: "".into(),
    }
}

/// The connection under a socket: TCP, or TLS over TCP for `wss://`.
type Stream = MaybeTlsStream<TcpStream>;

/// An open chatd WebSocket speaking typed frames, before or after `hello`.
#[derive(Debug)]
pub struct FrameSocket {
    ws: WebSocketStream<Stream>,
}

impl FrameSocket {
    /// Connects to `url` (`ws://…` or `wss://…`) and performs the upgrade, nothing more.
    pub async fn open(url: &str, opts: &ConnectOptions) -> Result<Self, WsError> {
        let fut = async {
            let connector = if url.starts_with("wss://") {
                Connector::Rustls(tls_config()?)
            } else {
                Connector::Plain
            };
            let stream = connect_stream(url, opts.local_ip).await?;
            let mut req = url.into_client_request().map_err(map_ws_error)?;
            if let Some(origin) = &opts.origin {
                let v = HeaderValue::from_str(origin).map_err(|_| WsError::Url {
                    url: url.to_string(),
                    reason: format!("origin {origin:?} is not a valid header value"),
                })?;
                req.headers_mut().insert("origin", v);
            }
            let (ws, _resp) = tokio_tungstenite::client_async_tls_with_config(
                req,
                stream,
                Some(ws_config(opts)),
                Some(connector),
            )
            .await
            .map_err(map_ws_error)?;
            Ok(Self { ws })
        };
        tokio::time::timeout(opts.timeout, fut)
            .await
            .map_err(|_| WsError::Timeout("opening the socket"))?
    }

    /// Sends one frame.
    pub async fn send_frame(&mut self, frame: &ClientFrame) -> Result<(), WsError> {
        self.ws.send(encode(frame)?).await.map_err(map_ws_error)
    }

    /// Sends raw text, for tests of what the server does with bad frames.
    pub async fn send_text(&mut self, text: impl Into<String>) -> Result<(), WsError> {
        self.ws
            .send(WsMessage::text(text.into()))
            .await
            .map_err(map_ws_error)
    }

    /// The next server frame. `Ok(None)`: the socket closed normally (1000)
    /// or after our own close. Any other close code is
    /// [`WsError::Closed`]; a frame that does not decode is
    /// [`WsError::Decode`] and the socket stays usable.
    pub async fn next_frame(&mut self) -> Result<Option<ServerFrame>, WsError> {
        loop {
            if let Some(r) = step(self.ws.next().await) {
                return r;
            }
        }
    }

    /// [`Self::next_frame`] with a deadline.
    pub async fn next_frame_timeout(
        &mut self,
        timeout: Duration,
    ) -> Result<Option<ServerFrame>, WsError> {
        tokio::time::timeout(timeout, self.next_frame())
            .await
            .map_err(|_| WsError::Timeout("waiting for a frame"))?
    }

    /// Closes with 1000 and waits (briefly) for the server's close frame.
    pub async fn close(mut self) -> Result<(), WsError> {
        self.ws
            .close(Some(normal_close_frame()))
            .await
            .or_else(ignore_closed)?;
        let drain = async { while let Some(Ok(_)) = self.ws.next().await {} };
        let _ = tokio::time::timeout(CLOSE_TIMEOUT, drain).await;
        Ok(())
    }

    /// The local address of the TCP connection.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        match self.ws.get_ref() {
            MaybeTlsStream::Plain(tcp) => tcp.local_addr(),
            MaybeTlsStream::Rustls(tls) => tls.get_ref().0.local_addr(),
            _ => Err(std::io::Error::other("not a TCP connection")),
        }
    }

    /// Splits into a sender and a receiver that can live in different tasks.
    pub fn split(self) -> (FrameSender, FrameReceiver) {
        let (sink, stream) = self.ws.split();
        (FrameSender { sink }, FrameReceiver { stream })
    }

    async fn hello(&mut self, frame: &ClientFrame) -> Result<Welcome, WsError> {
        self.send_frame(frame).await?;
        match self.next_frame().await? {
            Some(ServerFrame::Welcome {
                epoch,
                conversation_id,
                user_id,
                heartbeat_secs,
            }) => Ok(Welcome {
                epoch,
                conversation_id,
                user_id,
                heartbeat_secs,
            }),
            Some(ServerFrame::Error { code, message, .. }) => {
                Err(WsError::Refused { code, message })
            }
            Some(other) => Err(WsError::Unexpected(format!(
                "expected welcome, got {other:?}"
            ))),
            None => Err(WsError::Closed {
                code: NORMAL_CLOSE,
                reason: "closed before welcome".into(),
            }),
        }
    }

    /// Opens `url`, sends `hello` and waits for `welcome`, all within `opts.timeout`.
    async fn open_and_hello(
        url: &str,
        hello: &ClientFrame,
        opts: &ConnectOptions,
    ) -> Result<(Self, Welcome), WsError> {
        let fut = async {
            let mut s = Self::open(url, opts).await?;
            let w = s.hello(hello).await?;
            Ok((s, w))
        };
        tokio::time::timeout(opts.timeout, fut)
            .await
            .map_err(|_| WsError::Timeout("waiting for welcome"))?
    }
}

fn ignore_closed(e: tungstenite::Error) -> Result<(), WsError> {
    match e {
        tungstenite::Error::ConnectionClosed | tungstenite::Error::AlreadyClosed => Ok(()),
        other => Err(map_ws_error(other)),
    }
}

/// The sending half of a split socket.
#[derive(Debug)]
pub struct FrameSender {
    sink: SplitSink<WebSocketStream<Stream>, WsMessage>,
}

impl FrameSender {
    /// Sends one frame.
    pub async fn send_frame(&mut self, frame: &ClientFrame) -> Result<(), WsError> {
        self.sink.send(encode(frame)?).await.map_err(map_ws_error)
    }

    /// Sends raw text.
    pub async fn send_text(&mut self, text: impl Into<String>) -> Result<(), WsError> {
        self.sink
            .send(WsMessage::text(text.into()))
            .await
            .map_err(map_ws_error)
    }

    /// Sends a 1000 close frame; the receiver then sees the end of the stream.
    pub async fn close(&mut self) -> Result<(), WsError> {
        self.sink
            .send(WsMessage::Close(Some(normal_close_frame())))
            .await
            .or_else(ignore_closed)
    }
}

/// The receiving half of a split socket.
#[derive(Debug)]
pub struct FrameReceiver {
    stream: SplitStream<WebSocketStream<Stream>>,
}

impl FrameReceiver {
    /// The next server frame; see [`FrameSocket::next_frame`]. Cancel-safe:
    /// usable as a `tokio::select!` branch.
    pub async fn next_frame(&mut self) -> Result<Option<ServerFrame>, WsError> {
        loop {
            if let Some(r) = step(self.stream.next().await) {
                return r;
            }
        }
    }
}

/// A visitor's socket to one conversation, after `welcome`.
#[derive(Debug)]
pub struct VisitorSocket {
    socket: FrameSocket,
    welcome: Welcome,
}

impl VisitorSocket {
    /// Connects to `/api/v1/public/ws?site_key=…` at `base_url`
    /// (`http://host:port`), says `hello` with the visitor token and the
    /// highest seq held, and waits for `welcome`. The server then replays
    /// every message after `last_seq`, sends `synced` and goes live.
    pub async fn connect(
        base_url: &str,
        site_key: &str,
        token: &str,
        last_seq: i64,
        epoch: Option<&str>,
        origin: Option<&str>,
    ) -> Result<Self, WsError> {
        let opts = ConnectOptions {
            origin: origin.map(str::to_string),
            ..ConnectOptions::default()
        };
        Self::connect_with(base_url, site_key, token, last_seq, epoch, &opts).await
    }

    /// [`Self::connect`] with every option (local address, timeout, buffers).
    pub async fn connect_with(
        base_url: &str,
        site_key: &str,
        token: &str,
        last_seq: i64,
        epoch: Option<&str>,
        opts: &ConnectOptions,
    ) -> Result<Self, WsError> {
        let url = visitor_url(base_url, site_key)?;
        let hello = ClientFrame::Hello {
            token: token.to_string(),
            last_seq,
            epoch: epoch.map(str::to_string),
        };
        let (socket, welcome) = FrameSocket::open_and_hello(&url, &hello, opts).await?;
        Ok(Self { socket, welcome })
    }

    /// What the server said in `welcome`.
    pub fn welcome(&self) -> &Welcome {
        &self.welcome
    }

    /// Sends a message to the conversation.
    pub async fn send_message(&mut self, client_id: &str, body: &str) -> Result<(), WsError> {
        self.send_frame(&ClientFrame::Send {
            conversation_id: None,
            client_id: client_id.to_string(),
            body: body.to_string(),
        })
        .await
    }

    /// Sends one frame.
    pub async fn send_frame(&mut self, frame: &ClientFrame) -> Result<(), WsError> {
        self.socket.send_frame(frame).await
    }

    /// The next server frame; see [`FrameSocket::next_frame`].
    pub async fn next_frame(&mut self) -> Result<Option<ServerFrame>, WsError> {
        self.socket.next_frame().await
    }

    /// Closes with 1000.
    pub async fn close(self) -> Result<(), WsError> {
        self.socket.close().await
    }

    /// The underlying socket.
    pub fn into_inner(self) -> FrameSocket {
        self.socket
    }

    /// Splits into halves for separate reader and writer tasks.
    pub fn split(self) -> (FrameSender, FrameReceiver) {
        self.socket.split()
    }
}

/// An agent's socket, after `welcome`.
#[derive(Debug)]
pub struct AgentSocket {
    socket: FrameSocket,
    welcome: Welcome,
}

impl AgentSocket {
    /// Connects to `/api/v1/agent/ws` at `base_url`, says `hello` with an
    /// access or API token and waits for `welcome`.
    pub async fn connect(base_url: &str, token: &str) -> Result<Self, WsError> {
        Self::connect_with(base_url, token, &ConnectOptions::default()).await
    }

    /// [`Self::connect`] with every option.
    pub async fn connect_with(
        base_url: &str,
        token: &str,
        opts: &ConnectOptions,
    ) -> Result<Self, WsError> {
        let url = agent_url(base_url)?;
        let hello = ClientFrame::Hello {
            token: token.to_string(),
            last_seq: 0,
            epoch: None,
        };
        let (socket, welcome) = FrameSocket::open_and_hello(&url, &hello, opts).await?;
        Ok(Self { socket, welcome })
    }

    /// What the server said in `welcome`.
    pub fn welcome(&self) -> &Welcome {
        &self.welcome
    }

    /// Streams a conversation from after `last_seq`.
    pub async fn subscribe(&mut self, conversation_id: Uuid, last_seq: i64) -> Result<(), WsError> {
        self.send_frame(&ClientFrame::Subscribe {
            conversation_id,
            last_seq,
        })
        .await
    }

    /// Sends a message to a conversation.
    pub async fn send_message(
        &mut self,
        conversation_id: Uuid,
        client_id: &str,
        body: &str,
    ) -> Result<(), WsError> {
        self.send_frame(&ClientFrame::Send {
            conversation_id: Some(conversation_id),
            client_id: client_id.to_string(),
            body: body.to_string(),
        })
        .await
    }

    /// Sends one frame.
    pub async fn send_frame(&mut self, frame: &ClientFrame) -> Result<(), WsError> {
        self.socket.send_frame(frame).await
    }

    /// The next server frame; see [`FrameSocket::next_frame`].
    pub async fn next_frame(&mut self) -> Result<Option<ServerFrame>, WsError> {
        self.socket.next_frame().await
    }

    /// Closes with 1000.
    pub async fn close(self) -> Result<(), WsError> {
        self.socket.close().await
    }

    /// The underlying socket.
    pub fn into_inner(self) -> FrameSocket {
        self.socket
    }

    /// Splits into halves for separate reader and writer tasks.
    pub fn split(self) -> (FrameSender, FrameReceiver) {
        self.socket.split()
    }
}

/// The visitor socket's URL for `site_key` at `base_url`.
pub fn visitor_url(base_url: &str, site_key: &str) -> Result<String, WsError> {
    socket_url(base_url, VISITOR_WS_PATH, &[("site_key", site_key)])
}

/// The agent socket's URL at `base_url`.
pub fn agent_url(base_url: &str) -> Result<String, WsError> {
    socket_url(base_url, AGENT_WS_PATH, &[])
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::conversations::{
        Ack, Conversation, ConversationStatus, Message, Phase, PresenceStatus, QueuePlace,
        SenderKind,
    };

    #[test]
    fn socket_urls() {
        let cases = [
            (
                "http://127.0.0.1:8080",
                "ws://127.0.0.1:8080/api/v1/public/ws?site_key=sk_abc",
            ),
            (
                "http://127.0.0.1:8080/",
                "ws://127.0.0.1:8080/api/v1/public/ws?site_key=sk_abc",
            ),
            (
                "ws://chat.example:9/prefix",
                "ws://chat.example:9/prefix/api/v1/public/ws?site_key=sk_abc",
            ),
            (
                "http://[::1]:80",
                "ws://[::1]:80/api/v1/public/ws?site_key=sk_abc",
            ),
            (
                "https://chat.example",
                "wss://chat.example/api/v1/public/ws?site_key=sk_abc",
            ),
            (
                "wss://chat.example:8443/x/",
                "wss://chat.example:8443/x/api/v1/public/ws?site_key=sk_abc",
            ),
        ];
        for (base, want) in cases {
            assert_eq!(visitor_url(base, "sk_abc").unwrap(), want, "{base}");
        }
        assert_eq!(
            agent_url("http://localhost:3000").unwrap(),
            "ws://localhost:3000/api/v1/agent/ws"
        );
        assert_eq!(
            visitor_url("http://h", "a b&c=d").unwrap(),
            "ws://h/api/v1/public/ws?site_key=a%20b%26c%3Dd"
        );
        for bad in ["https://", "ftp://h", "h:80", "http://", "http://h?x=1"] {
            assert!(visitor_url(bad, "sk").is_err(), "{bad}");
        }
    }

    #[test]
    fn host_and_port() {
        let cases = [
            ("ws://127.0.0.1:8080/x?y=z", ("127.0.0.1", 8080)),
            ("ws://example.com/api", ("example.com", 80)),
            ("ws://[::1]:99/a", ("::1", 99)),
            ("ws://user@h:7", ("h", 7)),
            ("wss://example.com/api", ("example.com", 443)),
            ("wss://example.com:8443", ("example.com", 8443)),
        ];
        for (url, (h, p)) in cases {
            assert_eq!(host_port(url).unwrap(), (h.to_string(), p), "{url}");
        }
        assert!(host_port("ws://h:notaport/").is_err());
    }

    fn round_trip_client(f: ClientFrame) {
        let json = serde_json::to_string(&f).unwrap();
        let back: ClientFrame =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not decode: {e}"));
        assert_eq!(back, f, "{json}");
    }

    fn round_trip_server(f: ServerFrame) {
        let json = serde_json::to_string(&f).unwrap();
        let back: ServerFrame =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json} does not decode: {e}"));
        assert_eq!(back, f, "{json}");
    }

    fn message(author: bool) -> Message {
        Message {
            conversation_id: Uuid::from_u128(7),
            seq: 42,
            client_id: "5f0c-1".into(),
            sender: if author {
                SenderKind::Agent
            } else {
                SenderKind::Visitor
            },
            author_id: author.then(|| Uuid::from_u128(9)),
            author_name: author.then(|| "Sam".to_string()),
            body: "Hello? \"quoted\" ünïcode".into(),
            created_at: 1_795_458_330_000,
        }
    }

    #[test]
    fn every_client_frame_round_trips() {
        let conv = Uuid::from_u128(1);
        let frames = [
            ClientFrame::Hello {
                token: "vt_x".into(),
                last_seq: 3,
                epoch: Some("e1".into()),
            },
            ClientFrame::Hello {
                token: "vt_x".into(),
                last_seq: 0,
                epoch: None,
            },
            ClientFrame::Send {
                conversation_id: None,
                client_id: "c1".into(),
                body: "hi".into(),
            },
            ClientFrame::Send {
                conversation_id: Some(conv),
                client_id: "c1".into(),
                body: "hi".into(),
            },
            ClientFrame::Subscribe {
                conversation_id: conv,
                last_seq: 12,
            },
            ClientFrame::Unsubscribe {
                conversation_id: conv,
            },
            ClientFrame::Typing {
                conversation_id: None,
                on: true,
            },
            ClientFrame::Typing {
                conversation_id: Some(conv),
                on: false,
            },
            ClientFrame::Read {
                conversation_id: Some(conv),
                seq: 2,
            },
            ClientFrame::Read {
                conversation_id: None,
                seq: 2,
            },
            ClientFrame::Handoff {},
            ClientFrame::Rate {
                rating: 5,
                comment: Some("great".into()),
            },
            ClientFrame::Rate {
                rating: 1,
                comment: None,
            },
            ClientFrame::LeaveMessage {
                email: "ann@example.com".into(),
                client_id: "c2".into(),
                body: "call me".into(),
            },
            ClientFrame::Accept {
                conversation_id: conv,
            },
            ClientFrame::Transfer {
                conversation_id: conv,
                to_user_id: Uuid::from_u128(5),
            },
            ClientFrame::ReturnToAi {
                conversation_id: conv,
            },
            ClientFrame::Close {
                conversation_id: conv,
            },
            ClientFrame::SetPresence {
                status: PresenceStatus::Away,
            },
            ClientFrame::Ping {
                nonce: Some("n1".into()),
            },
            ClientFrame::Ping { nonce: None },
        ];
        let mut covered = [false; CLIENT_VARIANTS];
        for f in frames {
            covered[client_variant(&f)] = true;
            round_trip_client(f);
        }
        assert!(
            covered.iter().all(|c| *c),
            "a ClientFrame variant has no case"
        );
    }

    /// A ClientFrame variant's index; adding a variant breaks this match on
    /// purpose, so that it gets a round-trip case too.
    const CLIENT_VARIANTS: usize = 15;
    fn client_variant(f: &ClientFrame) -> usize {
        match f {
            ClientFrame::Hello { .. } => 0,
            ClientFrame::Send { .. } => 1,
            ClientFrame::Subscribe { .. } => 2,
            ClientFrame::Unsubscribe { .. } => 3,
            ClientFrame::Typing { .. } => 4,
            ClientFrame::Read { .. } => 5,
            ClientFrame::Handoff {} => 6,
            ClientFrame::Rate { .. } => 7,
            ClientFrame::LeaveMessage { .. } => 8,
            ClientFrame::Accept { .. } => 9,
            ClientFrame::Transfer { .. } => 10,
            ClientFrame::ReturnToAi { .. } => 11,
            ClientFrame::Close { .. } => 12,
            ClientFrame::SetPresence { .. } => 13,
            ClientFrame::Ping { .. } => 14,
        }
    }

    /// The same for ServerFrame.
    const SERVER_VARIANTS: usize = 15;
    fn server_variant(f: &ServerFrame) -> usize {
        match f {
            ServerFrame::Welcome { .. } => 0,
            ServerFrame::Message { .. } => 1,
            ServerFrame::Synced { .. } => 2,
            ServerFrame::Ack { .. } => 3,
            ServerFrame::Typing { .. } => 4,
            ServerFrame::Read { .. } => 5,
            ServerFrame::Conversation { .. } => 6,
            ServerFrame::Presence { .. } => 7,
            ServerFrame::State { .. } => 8,
            ServerFrame::Queue { .. } => 9,
            ServerFrame::AiDelta { .. } => 10,
            ServerFrame::AgentPresence { .. } => 11,
            ServerFrame::Pong { .. } => 12,
            ServerFrame::Error { .. } => 13,
            ServerFrame::Note { .. } => 14,
        }
    }

    #[test]
    fn every_server_frame_round_trips() {
        let conv = Uuid::from_u128(1);
        // From JSON, so fields added later with serde defaults need no change here.
        let conversation: Conversation = serde_json::from_value(serde_json::json!({
            "id": conv,
            "widget_id": Uuid::from_u128(2),
            "status": "open",
            "prechat": {"email": "ann@example.com"},
            "page_url": "https://example.com/pricing",
            "last_seq": 12,
            "visitor_read_seq": 3,
            "agent_read_seq": 4,
            "created_at": 1,
            "updated_at": 2,
        }))
        .unwrap();
        let mut closed = conversation.clone();
        closed.status = ConversationStatus::Closed;
        closed.closed_at = Some(5);
        closed.page_url = None;
        let frames = [
            ServerFrame::Welcome {
                epoch: "e".into(),
                conversation_id: Some(conv),
                user_id: None,
                heartbeat_secs: 25,
            },
            ServerFrame::Welcome {
                epoch: "e".into(),
                conversation_id: None,
                user_id: Some(Uuid::from_u128(3)),
                heartbeat_secs: 25,
            },
            ServerFrame::Message {
                message: message(false),
            },
            ServerFrame::Message {
                message: message(true),
            },
            ServerFrame::Synced {
                conversation_id: conv,
                last_seq: 12,
            },
            ServerFrame::Ack {
                ack: Ack {
                    client_id: "c1".into(),
                    seq: 2,
                    duplicate: true,
                },
                conversation_id: conv,
            },
            ServerFrame::Typing {
                conversation_id: conv,
                sender: SenderKind::Agent,
                on: true,
            },
            ServerFrame::Read {
                conversation_id: conv,
                visitor_read_seq: 2,
                agent_read_seq: 1,
            },
            ServerFrame::Conversation {
                conversation: conversation.clone(),
            },
            ServerFrame::Conversation {
                conversation: closed,
            },
            ServerFrame::Presence { agents_online: 3 },
            ServerFrame::State {
                conversation_id: conv,
                status: ConversationStatus::Open,
                phase: Phase::Assigned,
                agent_name: Some("Sam".into()),
            },
            ServerFrame::State {
                conversation_id: conv,
                status: ConversationStatus::Closed,
                phase: Phase::Queued,
                agent_name: None,
            },
            ServerFrame::Queue {
                conversation_id: conv,
                place: QueuePlace {
                    position: 2,
                    estimated_wait_secs: 90,
                    agents_online: 1,
                },
            },
            ServerFrame::AiDelta {
                conversation_id: conv,
                text: "Hel".into(),
            },
            ServerFrame::AgentPresence {
                user_id: Uuid::from_u128(3),
                status: PresenceStatus::Offline,
            },
            ServerFrame::Note {
                note: crate::notes::Note {
                    id: Uuid::from_u128(7),
                    conversation_id: conv,
                    author_id: None,
                    author_name: "Sam".into(),
                    body: "private\nsecond line".into(),
                    created_at: 9,
                },
            },
            ServerFrame::Pong {
                nonce: Some("n1".into()),
            },
            ServerFrame::Pong { nonce: None },
            ServerFrame::Error {
                code: ErrorCode::Unavailable,
                message: "busy".into(),
                client_id: Some("c1".into()),
            },
            ServerFrame::Error {
                code: ErrorCode::InvalidJson,
                message: "bad".into(),
                client_id: None,
            },
        ];
        let mut covered = [false; SERVER_VARIANTS];
        for f in frames {
            covered[server_variant(&f)] = true;
            round_trip_server(f);
        }
        assert!(
            covered.iter().all(|c| *c),
            "a ServerFrame variant has no case"
        );
    }

    /// The examples of docs/protocol.md, as a server or client writes them.
    #[test]
    fn protocol_examples_decode() {
        let server = [
            r#"{"type": "welcome", "epoch": "e", "conversation_id": "00000000-0000-0000-0000-000000000001", "heartbeat_secs": 25}"#,
            r#"{"type": "message", "conversation_id": "00000000-0000-0000-0000-000000000001", "seq": 1, "client_id": "c", "sender": "visitor", "body": "hi", "created_at": 1795458330000}"#,
            r#"{"type": "synced", "conversation_id": "00000000-0000-0000-0000-000000000001", "last_seq": 1}"#,
            r#"{"type": "ack", "conversation_id": "00000000-0000-0000-0000-000000000001", "client_id": "5f0c", "seq": 2, "duplicate": false}"#,
            r#"{"type": "typing", "conversation_id": "00000000-0000-0000-0000-000000000001", "sender": "agent", "on": true}"#,
            r#"{"type": "read", "conversation_id": "00000000-0000-0000-0000-000000000001", "visitor_read_seq": 2, "agent_read_seq": 1}"#,
            r#"{"type": "pong", "nonce": "n1"}"#,
            r#"{"type": "error", "code": "bad_request", "message": "m", "client_id": "c"}"#,
            r#"{"type": "error", "code": "some_future_code", "message": "m"}"#,
        ];
        for s in server {
            serde_json::from_str::<ServerFrame>(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        }
        let client = [
            r#"{"type": "hello", "token": "vt_x", "last_seq": 0, "epoch": null}"#,
            r#"{"type": "hello", "token": "at"}"#,
            r#"{"type": "send", "client_id": "5f0c", "body": "Hello?"}"#,
            r#"{"type": "typing", "on": true}"#,
            r#"{"type": "read", "seq": 2}"#,
            r#"{"type": "ping", "nonce": "n1"}"#,
            r#"{"type": "subscribe", "conversation_id": "00000000-0000-0000-0000-000000000001", "last_seq": 0}"#,
            r#"{"type": "unsubscribe", "conversation_id": "00000000-0000-0000-0000-000000000001"}"#,
        ];
        for s in client {
            serde_json::from_str::<ClientFrame>(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        }
    }

    #[test]
    fn close_frames_become_errors_except_normal() {
        let close = |code: u16| {
            WsMessage::Close(Some(CloseFrame {
                code: CloseCode::from(code),
                reason: "why".into(),
            }))
        };
        let r = end_on_normal_close(decode(close(4008)));
        assert!(matches!(r, Err(WsError::Closed { code: 4008, ref reason }) if reason == "why"));
        assert!(matches!(end_on_normal_close(decode(close(1000))), Ok(None)));
        assert!(matches!(
            decode(WsMessage::text("{\"type\":\"nope\"}")),
            Err(WsError::Decode { .. })
        ));
        assert!(matches!(
            decode(WsMessage::Ping(Vec::new().into())),
            Ok(None)
        ));
    }

    #[tokio::test]
    async fn binds_to_a_local_address() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let url = format!("ws://127.0.0.1:{port}/x");
        let accept = tokio::spawn(async move { listener.accept().await.unwrap().1 });
        let ip: IpAddr = "127.0.0.3".parse().unwrap();
        let stream = connect_stream(&url, Some(ip)).await.unwrap();
        assert_eq!(stream.local_addr().unwrap().ip(), ip);
        assert_eq!(accept.await.unwrap().ip(), ip);
    }
}
