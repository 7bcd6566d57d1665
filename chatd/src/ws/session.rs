//! One socket's life: hello, replay, then live traffic both ways until the
//! client leaves, falls behind, goes quiet, or the server shuts down.

use super::parse;
use crate::app::AppState;
use crate::engine::hub::Audience;
use crate::engine::hub::{Inbox, Outbound, Subscriber};
use crate::engine::{Actor, Author, EngineError, encode};
use crate::http::caller::authenticate;
use crate::store::{ReadSide, StoreError};
use axum::extract::ws::{CloseFrame, Message as WsMessage, Utf8Bytes, WebSocket};
use futures_util::stream::FuturesUnordered;
use futures_util::{FutureExt, SinkExt, StreamExt};
use proto::ErrorCode;
use proto::conversations::{Phase, PresenceStatus, SenderKind};
use proto::frames::{ClientFrame, ServerFrame, close};
use proto::widgets::Widget;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::watch;
use uuid::Uuid;

/// Socket tuning, from the config.
#[derive(Debug, Clone)]
pub struct WsSettings {
    /// Seconds between server pings; three silent heartbeats close the socket.
    pub heartbeat_secs: u64,
    /// Text frames above this get an error frame (the socket stays open).
    pub max_frame_bytes: usize,
    /// Frames per second a socket may send, sustained.
    pub frames_per_sec: f64,
    /// Frames a socket may send in a burst.
    pub frame_burst: f64,
    /// How long one write to a client may take before it is dropped.
    pub write_timeout: Duration,
    /// How long a client has to send `hello`.
    pub hello_timeout: Duration,
}

impl Default for WsSettings {
    fn default() -> Self {
        Self {
            heartbeat_secs: 25,
            max_frame_bytes: 16 * 1024,
            frames_per_sec: 20.0,
            frame_burst: 40.0,
            write_timeout: Duration::from_secs(10),
            hello_timeout: Duration::from_secs(10),
        }
    }
}

/// Which socket this is.
pub enum Who {
    /// A visitor on this widget (from the URL's site key).
    Visitor {
        /// The widget.
        widget: Box<Widget>,
        /// The client's address, checked against the blocklist.
        ip: Option<std::net::IpAddr>,
    },
    /// An agent; credentials come in `hello`.
    Agent,
}

enum Identity {
    Visitor {
        conversation_id: Uuid,
        widget_id: Uuid,
    },
    Agent(Actor),
}

/// Sends in flight at once per socket; past this the socket stops reading,
/// which pushes back on the client through TCP.
const MAX_IN_FLIGHT: usize = 64;
/// Consecutive refused frames before the socket is closed with 4029.
const MAX_REFUSED_IN_ROW: u32 = 50;
/// Frames gathered into one write at most.
const MAX_COALESCED: usize = 64;
/// Messages per page when replaying.
const REPLAY_PAGE: u32 = 500;

type Reply = Pin<Box<dyn Future<Output = Option<ServerFrame>> + Send>>;

/// The connection ended; the reason is for the log.
struct Gone;

struct Bucket {
    tokens: f64,
    last: Instant,
    rate: f64,
    burst: f64,
}

impl Bucket {
    fn take(&mut self) -> bool {
        let now = Instant::now();
        self.tokens =
            (self.tokens + now.duration_since(self.last).as_secs_f64() * self.rate).min(self.burst);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

struct Session {
    st: AppState,
    socket: WebSocket,
    sub: Subscriber,
    settings: WsSettings,
    /// Highest seq sent, per conversation streamed on this socket.
    last_sent: HashMap<Uuid, i64>,
    bucket: Bucket,
    refused_in_row: u32,
    last_heard: Instant,
    /// Frames fed to the socket since the last flush.
    unflushed: bool,
}

fn error_frame(
    code: ErrorCode,
    message: impl Into<String>,
    client_id: Option<String>,
) -> ServerFrame {
    ServerFrame::Error {
        code,
        message: message.into(),
        client_id,
    }
}

fn engine_error(e: &EngineError, client_id: Option<String>) -> ServerFrame {
    // A full writer queue is expected back-pressure, answered to the client;
    // logging each one would add work exactly when the server has least time.
    if let EngineError::Store(s) = e
        && !matches!(s, StoreError::Busy)
    {
        tracing::warn!(error = %s, "socket command failed in the store");
    }
    error_frame(e.code(), e.public_message(), client_id)
}

/// Runs a socket to its end.
pub async fn run(st: AppState, socket: WebSocket, who: Who) {
    let settings = st.ws.clone();
    let (sub, inbox) = st.engine.hub.subscriber();
    let mut s = Session {
        bucket: Bucket {
            tokens: settings.frame_burst,
            last: Instant::now(),
            rate: settings.frames_per_sec,
            burst: settings.frame_burst,
        },
        st,
        socket,
        sub,
        settings,
        last_sent: HashMap::new(),
        refused_in_row: 0,
        last_heard: Instant::now(),
        unflushed: false,
    };
    let identity = match s.hello(&who).await {
        Ok(i) => i,
        Err(Gone) => return,
    };
    let engine = Arc::clone(&s.st.engine);
    if let Identity::Agent(a) = &identity {
        engine.hub.subscribe_feed(&s.sub);
        if engine.roster.connect(a.id, a.role).is_some() {
            engine.presence_changed(a.id).await;
        }
    }
    // A debug-level span: an enabled span keeps its formatted fields for the
    // socket's whole life, about a kilobyte per idle socket.
    let (gauge, span) = match &identity {
        Identity::Agent(a) => (
            &crate::metrics::hot().agent_sockets,
            tracing::debug_span!("socket", kind = "agent", user = %a.id),
        ),
        Identity::Visitor {
            conversation_id, ..
        } => (
            &crate::metrics::hot().visitor_sockets,
            tracing::debug_span!("socket", kind = "visitor", conversation = %conversation_id),
        ),
    };
    gauge.increment(1.0);
    let _ = tracing::Instrument::instrument(s.serve(&identity, inbox), span).await;
    gauge.decrement(1.0);
    for conv in s.last_sent.keys() {
        engine.hub.unsubscribe(*conv, s.sub.id);
    }
    if let Identity::Agent(a) = &identity {
        engine.hub.unsubscribe_feed(s.sub.id);
        if engine.roster.disconnect(a.id).is_some() {
            engine.presence_changed(a.id).await;
        }
    }
}

impl Session {
    /// Queues a frame in the socket's write buffer; `flush` sends it.
    /// Frames that are ready together go out in one write: on loopback and
    /// on real networks alike a write costs far more than the bytes in it.
    async fn send(&mut self, text: Utf8Bytes) -> Result<(), Gone> {
        self.unflushed = true;
        match tokio::time::timeout(
            self.settings.write_timeout,
            self.socket.feed(WsMessage::Text(text)),
        )
        .await
        {
            Ok(Ok(())) => Ok(()),
            _ => Err(Gone),
        }
    }

    /// Writes out whatever `send` queued.
    async fn flush(&mut self) -> Result<(), Gone> {
        if !self.unflushed {
            return Ok(());
        }
        self.unflushed = false;
        match tokio::time::timeout(self.settings.write_timeout, self.socket.flush()).await {
            Ok(Ok(())) => Ok(()),
            _ => Err(Gone),
        }
    }

    async fn send_frame(&mut self, frame: &ServerFrame) -> Result<(), Gone> {
        self.send(encode(frame)).await
    }

    async fn close(&mut self, code: u16, reason: &'static str) -> Gone {
        let frame = CloseFrame {
            code,
            reason: Utf8Bytes::from_static(reason),
        };
        let _ = tokio::time::timeout(
            Duration::from_secs(1),
            self.socket.send(WsMessage::Close(Some(frame))),
        )
        .await;
        Gone
    }

    async fn hello(&mut self, who: &Who) -> Result<Identity, Gone> {
        let first = tokio::time::timeout(self.settings.hello_timeout, self.socket.recv()).await;
        let text = match first {
            Ok(Some(Ok(WsMessage::Text(t)))) => t,
            Ok(Some(Ok(_))) => {
                return Err(self
                    .close(
                        close::UNAUTHORIZED,
                        "the first frame must be a hello text frame",
                    )
                    .await);
            }
            Ok(Some(Err(_)) | None) => return Err(Gone),
            Err(_) => return Err(self.close(close::TIMEOUT, "no hello in time").await),
        };
        let Ok(ClientFrame::Hello {
            token,
            last_seq,
            epoch,
        }) = serde_json::from_str::<ClientFrame>(&text)
        else {
            return Err(self
                .close(close::UNAUTHORIZED, "the first frame must be a hello")
                .await);
        };
        let server_epoch = self.st.epoch.to_string();
        // Seqs from another database mean nothing here: replay from the start.
        let last_seq = if epoch.as_deref().is_some_and(|e| e != server_epoch.as_str()) {
            0
        } else {
            last_seq.max(0)
        };
        let heartbeat_secs = self.settings.heartbeat_secs;
        match who {
            Who::Visitor { widget, ip } => {
                let conv = match self.st.engine.conversation_for_token(&token).await {
                    Ok(Some(c))
                        if c.widget_id == widget.id
                            && widget.settings.require_verified_identity
                            && c.verified_user_id.is_none() =>
                    {
                        return Err(self
                            .close(close::FORBIDDEN, "this site requires a verified visitor")
                            .await);
                    }
                    Ok(Some(c))
                        if c.widget_id == widget.id
                            && self
                                .st
                                .blocks
                                .is_blocked(widget.id, Some(c.visitor_id), *ip) =>
                    {
                        self.send_frame(&error_frame(
                            ErrorCode::Blocked,
                            crate::lifecycle::blocks::BLOCKED_MESSAGE,
                            None,
                        ))
                        .await?;
                        self.flush().await?;
                        return Err(self.close(close::BLOCKED, "blocked").await);
                    }
                    Ok(Some(c)) if c.widget_id == widget.id => c,
                    Ok(_) => {
                        return Err(self
                            .close(close::UNAUTHORIZED, "invalid visitor token for this site")
                            .await);
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "visitor hello failed");
                        return Err(self
                            .close(close::GOING_AWAY, "temporarily unavailable, reconnect")
                            .await);
                    }
                };
                self.send_frame(&ServerFrame::Welcome {
                    epoch: server_epoch,
                    conversation_id: Some(conv.id),
                    user_id: None,
                    heartbeat_secs,
                })
                .await?;
                let online = self.st.engine.agents_online_for(conv.widget_id);
                self.send_frame(&ServerFrame::Presence {
                    agents_online: online,
                })
                .await?;
                let agent_name = match conv.assigned_agent_id {
                    Some(a) if conv.phase == Phase::Assigned => {
                        self.st.store.get_user(a).await.ok().map(|u| u.name)
                    }
                    _ => None,
                };
                self.send_frame(&ServerFrame::State {
                    conversation_id: conv.id,
                    status: conv.status,
                    phase: conv.phase,
                    agent_name,
                })
                .await?;
                self.stream(conv.id, last_seq).await?;
                if conv.phase == Phase::Queued
                    && let Ok(Some(place)) = self.st.engine.queue_place(conv.id).await
                {
                    self.send_frame(&ServerFrame::Queue {
                        conversation_id: conv.id,
                        place,
                    })
                    .await?;
                }
                Ok(Identity::Visitor {
                    conversation_id: conv.id,
                    widget_id: conv.widget_id,
                })
            }
            Who::Agent => {
                let caller = match authenticate(&self.st, &token).await {
                    Ok(c) => c,
                    Err(_) => {
                        return Err(self
                            .close(close::UNAUTHORIZED, "invalid, expired or revoked token")
                            .await);
                    }
                };
                self.send_frame(&ServerFrame::Welcome {
                    epoch: server_epoch,
                    conversation_id: None,
                    user_id: Some(caller.user.id),
                    heartbeat_secs,
                })
                .await?;
                // Agents see how many agents are online in all; changes come as agent_presence.
                self.send_frame(&ServerFrame::Presence {
                    agents_online: self.st.engine.roster.online_count(),
                })
                .await?;
                Ok(Identity::Agent(Actor {
                    id: caller.user.id,
                    name: caller.user.name,
                    role: caller.role,
                }))
            }
        }
    }

    /// Subscribes to a conversation and replays it from after `last_seq`.
    /// Subscribing first means nothing committed meanwhile can fall between
    /// the replay and the live stream; repeats are dropped by seq.
    async fn stream(&mut self, conversation_id: Uuid, last_seq: i64) -> Result<(), Gone> {
        self.st.engine.hub.subscribe(conversation_id, &self.sub);
        self.last_sent.insert(conversation_id, last_seq);
        self.catch_up(conversation_id).await?;
        let last_seq = self
            .last_sent
            .get(&conversation_id)
            .copied()
            .unwrap_or(last_seq);
        self.send_frame(&ServerFrame::Synced {
            conversation_id,
            last_seq,
        })
        .await
    }

    /// Sends every stored message after the last one sent.
    async fn catch_up(&mut self, conversation_id: Uuid) -> Result<(), Gone> {
        loop {
            let Some(&after) = self.last_sent.get(&conversation_id) else {
                return Ok(());
            };
            let page = match self
                .st
                .store
                .messages_after(conversation_id, after, REPLAY_PAGE)
                .await
            {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(error = %e, "replay failed");
                    return Err(self
                        .close(close::GOING_AWAY, "temporarily unavailable, reconnect")
                        .await);
                }
            };
            let full = page.len() == REPLAY_PAGE as usize;
            for m in page {
                let seq = m.seq;
                self.send_frame(&ServerFrame::Message { message: m })
                    .await?;
                crate::metrics::hot().delivered.increment(1);
                self.last_sent.insert(conversation_id, seq);
            }
            if !full {
                return Ok(());
            }
        }
    }

    async fn deliver(&mut self, me: &Identity, out: Arc<Outbound>) -> Result<(), Gone> {
        match &*out {
            Outbound::CloseVisitor { frame } => match me {
                Identity::Visitor { .. } => {
                    self.send(frame.clone()).await?;
                    self.flush().await?;
                    Err(self.close(close::BLOCKED, "blocked").await)
                }
                Identity::Agent(_) => Ok(()),
            },
            Outbound::Event {
                frame,
                audience,
                widget,
                ..
            } => {
                let wanted = match (me, *audience) {
                    (_, Audience::All) | (Identity::Visitor { .. }, Audience::Visitor) => true,
                    (Identity::Agent(a), Audience::Agents) => {
                        widget.is_none_or(|w| self.st.engine.sees_widget(a.id, a.role, w))
                    }
                    _ => false,
                };
                if wanted {
                    self.send(frame.clone()).await
                } else {
                    Ok(())
                }
            }
            Outbound::Message {
                conversation_id,
                seq,
                frame,
                at,
            } => {
                let (conversation_id, seq) = (*conversation_id, *seq);
                let Some(&last) = self.last_sent.get(&conversation_id) else {
                    return Ok(());
                };
                if seq <= last {
                    Ok(())
                } else if seq == last + 1 {
                    self.send(frame.clone()).await?;
                    let hot = crate::metrics::hot();
                    hot.delivered.increment(1);
                    hot.delivery.record(at.elapsed());
                    self.last_sent.insert(conversation_id, seq);
                    Ok(())
                } else {
                    self.catch_up(conversation_id).await
                }
            }
        }
    }

    /// Adds whatever else is ready to go out now to the pending write, so
    /// that an ack and the echo of the same message, say, share one write.
    async fn send_ready(
        &mut self,
        me: &Identity,
        inbox: &mut Inbox,
        in_flight: &mut FuturesUnordered<Reply>,
    ) -> Result<(), Gone> {
        for _ in 0..MAX_COALESCED {
            if let Ok(out) = inbox.rx.try_recv() {
                self.deliver(me, out).await?;
            } else if let Some(Some(done)) = in_flight.next().now_or_never() {
                if let Some(frame) = done {
                    self.send_frame(&frame).await?;
                }
            } else {
                break;
            }
        }
        Ok(())
    }

    async fn serve(&mut self, me: &Identity, mut inbox: Inbox) -> Result<(), Gone> {
        enum Ev {
            Shutdown,
            Kicked,
            Out(Option<Arc<Outbound>>),
            Done(Option<Box<ServerFrame>>),
            Presence,
            In(Option<Result<WsMessage, axum::Error>>),
            Tick,
        }
        // A child token: polling it locks its own node, not the one every
        // socket shares.
        let shutdown = self.st.shutdown.child_token();
        let kicked = inbox.kicked.clone();
        let mut in_flight: FuturesUnordered<Reply> = FuturesUnordered::new();
        let mut presence: Option<watch::Receiver<u64>> = match me {
            Identity::Visitor { .. } => Some(self.st.engine.roster.watch()),
            Identity::Agent(_) => None,
        };
        // The hello sent the count already; send it again only when it changes.
        let mut last_presence = match me {
            Identity::Visitor { widget_id, .. } => {
                Some(self.st.engine.agents_online_for(*widget_id))
            }
            Identity::Agent(_) => None,
        };
        let beat = Duration::from_secs(self.settings.heartbeat_secs.max(1));
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + beat, beat);
        // Waited on across turns of the loop, not re-created on each: every
        // socket waits on the same shutdown token and presence channel, and
        // each new wait takes their shared locks.
        let on_shutdown = shutdown.cancelled();
        let on_kicked = kicked.cancelled();
        tokio::pin!(on_shutdown, on_kicked);
        let mut on_presence = presence.take().map(|rx| Box::pin(next_change(rx)));
        loop {
            if self.unflushed {
                self.send_ready(me, &mut inbox, &mut in_flight).await?;
                self.flush().await?;
            }
            // Shutdown first: when the server stops, agents' sockets close too,
            // and a visitor must not be told "no agent online" on the way out
            // (the widget would switch to its offline form).
            let ev = tokio::select! {
                biased;
                () = &mut on_shutdown => Ev::Shutdown,
                () = &mut on_kicked => Ev::Kicked,
                out = inbox.rx.recv() => Ev::Out(out),
                Some(done) = in_flight.next(), if !in_flight.is_empty() => Ev::Done(done.map(Box::new)),
                (changed, rx) = async { match on_presence.as_mut() { Some(p) => p.await, None => std::future::pending().await } } => {
                    on_presence = changed.is_ok().then(|| Box::pin(next_change(rx)));
                    Ev::Presence
                }
                msg = self.socket.recv(), if in_flight.len() < MAX_IN_FLIGHT => Ev::In(msg),
                _ = ticker.tick() => Ev::Tick,
            };
            match ev {
                Ev::Shutdown => {
                    // Answer the sends already committed or committing, then say goodbye.
                    let drain = async {
                        while let Some(done) = in_flight.next().await {
                            if let Some(f) = done
                                && self.send_frame(&f).await.is_err()
                            {
                                break;
                            }
                        }
                    };
                    let _ = tokio::time::timeout(Duration::from_secs(5), drain).await;
                    return Err(self
                        .close(close::GOING_AWAY, "server shutting down, reconnect")
                        .await);
                }
                Ev::Kicked => {
                    return Err(self
                        .close(
                            close::SLOW_CONSUMER,
                            "too slow reading; reconnect and resume",
                        )
                        .await);
                }
                Ev::Out(Some(out)) => self.deliver(me, out).await?,
                Ev::Out(None) => return Err(Gone),
                Ev::Done(Some(frame)) => self.send_frame(&frame).await?,
                Ev::Done(None) => {}
                Ev::Presence => {
                    if shutdown.is_cancelled() {
                        continue;
                    }
                    if let Identity::Visitor { widget_id, .. } = me {
                        let n = self.st.engine.agents_online_for(*widget_id);
                        if last_presence != Some(n) {
                            last_presence = Some(n);
                            self.send_frame(&ServerFrame::Presence { agents_online: n })
                                .await?;
                        }
                    }
                }
                Ev::Tick => {
                    if self.last_heard.elapsed() > beat * 3 {
                        return Err(self
                            .close(close::TIMEOUT, "no traffic for three heartbeats")
                            .await);
                    }
                    match tokio::time::timeout(
                        self.settings.write_timeout,
                        self.socket.send(WsMessage::Ping(Default::default())),
                    )
                    .await
                    {
                        Ok(Ok(())) => {}
                        _ => return Err(Gone),
                    }
                }
                Ev::In(None | Some(Err(_))) => return Err(Gone),
                Ev::In(Some(Ok(msg))) => {
                    self.last_heard = Instant::now();
                    match msg {
                        WsMessage::Text(text) => {
                            if let Some(reply) = self.command(me, &text, &mut in_flight).await? {
                                self.send_frame(&reply).await?;
                            }
                        }
                        WsMessage::Binary(_) => {
                            let f = error_frame(
                                ErrorCode::BadRequest,
                                "send JSON text frames, not binary",
                                None,
                            );
                            self.send_frame(&f).await?;
                        }
                        WsMessage::Close(_) => return Err(Gone),
                        WsMessage::Ping(_) | WsMessage::Pong(_) => {}
                    }
                }
            }
            if self.refused_in_row > MAX_REFUSED_IN_ROW {
                return Err(self
                    .close(close::RATE_LIMITED, "too many refused frames")
                    .await);
            }
        }
    }

    /// Handles one text frame. Quick answers are returned; sends and reads go
    /// into `in_flight` so the socket keeps reading while they commit.
    async fn command(
        &mut self,
        me: &Identity,
        text: &str,
        in_flight: &mut FuturesUnordered<Reply>,
    ) -> Result<Option<ServerFrame>, Gone> {
        let max = self.settings.max_frame_bytes;
        let frame = match parse::frame(text, max, || {
            let ok = self.bucket.take();
            if !ok {
                crate::metrics::hot().socket_limited.increment(1);
            }
            ok
        }) {
            Ok(f) => f,
            Err(refused) => {
                self.refused_in_row += 1;
                return Ok(Some(*refused));
            }
        };
        self.refused_in_row = 0;
        let engine = std::sync::Arc::clone(&self.st.engine);
        let (conversation_of, side, sender, author, actor) = match me {
            Identity::Visitor {
                conversation_id, ..
            } => (
                Some(*conversation_id),
                ReadSide::Visitor,
                SenderKind::Visitor,
                Author::Visitor,
                None,
            ),
            Identity::Agent(a) => (
                None,
                ReadSide::Agent,
                SenderKind::Agent,
                Author::Agent {
                    id: a.id,
                    name: a.name.clone(),
                },
                Some(a.clone()),
            ),
        };
        // Visitors have exactly one conversation; agents must name one.
        let target = |given: Option<Uuid>| -> Result<Uuid, Box<ServerFrame>> {
            match (conversation_of, given) {
                (Some(own), None) => Ok(own),
                (Some(own), Some(g)) if g == own => Ok(own),
                (Some(_), Some(_)) => Err(Box::new(error_frame(
                    ErrorCode::Forbidden,
                    "not your conversation",
                    None,
                ))),
                (None, Some(g)) => Ok(g),
                (None, None) => Err(Box::new(error_frame(
                    ErrorCode::BadRequest,
                    "conversation_id is required",
                    None,
                ))),
            }
        };
        match frame {
            ClientFrame::Hello { .. } => Ok(Some(error_frame(
                ErrorCode::BadRequest,
                "already said hello",
                None,
            ))),
            ClientFrame::Ping { nonce } => {
                let pong = encode(&ServerFrame::Pong { nonce });
                if !self.sub.push(Outbound::event(pong)) {
                    return Err(self
                        .close(
                            close::SLOW_CONSUMER,
                            "too slow reading; reconnect and resume",
                        )
                        .await);
                }
                Ok(None)
            }
            ClientFrame::Send {
                conversation_id,
                client_id,
                body,
            } => {
                let conv = match target(conversation_id) {
                    Ok(c) => c,
                    Err(f) => return Ok(Some(attach_client_id(*f, client_id))),
                };
                let actor_c = actor.clone();
                in_flight.push(
                    async move {
                        let cid = client_id.clone();
                        if let Some(a) = &actor_c
                            && let Err(e) = engine.authorize(a, conv).await
                        {
                            return Some(engine_error(&e, Some(cid)));
                        }
                        Some(
                            match engine.send_message(conv, author, client_id, body).await {
                                Ok(a) => ServerFrame::Ack {
                                    ack: a.ack(),
                                    conversation_id: conv,
                                },
                                Err(e) => engine_error(&e, Some(cid)),
                            },
                        )
                    }
                    .boxed(),
                );
                Ok(None)
            }
            ClientFrame::Typing {
                conversation_id,
                on,
            } => match target(conversation_id) {
                Ok(conv) => {
                    engine.typing(conv, sender, on, Some(self.sub.id));
                    Ok(None)
                }
                Err(f) => Ok(Some(*f)),
            },
            ClientFrame::Read {
                conversation_id,
                seq,
            } => match target(conversation_id) {
                Ok(conv) => {
                    in_flight.push(
                        async move {
                            engine
                                .mark_read(conv, side, seq)
                                .await
                                .err()
                                .map(|e| engine_error(&e, None))
                        }
                        .boxed(),
                    );
                    Ok(None)
                }
                Err(f) => Ok(Some(*f)),
            },
            ClientFrame::Subscribe {
                conversation_id,
                last_seq,
            } => {
                if conversation_of.is_some() {
                    return Ok(Some(error_frame(
                        ErrorCode::BadRequest,
                        "visitors are subscribed to their conversation",
                        None,
                    )));
                }
                match actor.as_ref() {
                    Some(a) => match self.st.engine.authorize(a, conversation_id).await {
                        Ok(_) => {
                            self.stream(conversation_id, last_seq.max(0)).await?;
                            Ok(None)
                        }
                        Err(e) => Ok(Some(engine_error(&e, None))),
                    },
                    None => Ok(None),
                }
            }
            ClientFrame::Handoff {} => match conversation_of {
                Some(conv) => {
                    in_flight.push(
                        async move {
                            engine
                                .escalate(conv, "visitor_asked")
                                .await
                                .err()
                                .map(|e| engine_error(&e, None))
                        }
                        .boxed(),
                    );
                    Ok(None)
                }
                None => Ok(Some(error_frame(
                    ErrorCode::BadRequest,
                    "agents use accept",
                    None,
                ))),
            },
            ClientFrame::Rate { rating, comment } => match conversation_of {
                Some(conv) => {
                    in_flight.push(
                        async move {
                            engine
                                .rate(conv, rating, comment)
                                .await
                                .err()
                                .map(|e| engine_error(&e, None))
                        }
                        .boxed(),
                    );
                    Ok(None)
                }
                None => Ok(Some(error_frame(
                    ErrorCode::BadRequest,
                    "only visitors rate",
                    None,
                ))),
            },
            ClientFrame::LeaveMessage {
                email,
                client_id,
                body,
            } => match conversation_of {
                Some(conv) => {
                    in_flight.push(
                        async move {
                            let cid = client_id.clone();
                            Some(
                                match engine.leave_message(conv, email, client_id, body).await {
                                    Ok(a) => ServerFrame::Ack {
                                        ack: a.ack(),
                                        conversation_id: conv,
                                    },
                                    Err(e) => engine_error(&e, Some(cid)),
                                },
                            )
                        }
                        .boxed(),
                    );
                    Ok(None)
                }
                None => Ok(Some(error_frame(
                    ErrorCode::BadRequest,
                    "only visitors leave messages",
                    None,
                ))),
            },
            ClientFrame::Accept { conversation_id }
            | ClientFrame::ReturnToAi { conversation_id }
            | ClientFrame::Close { conversation_id }
            | ClientFrame::Transfer {
                conversation_id, ..
            } => {
                let Some(a) = actor else {
                    return Ok(Some(error_frame(ErrorCode::Forbidden, "agents only", None)));
                };
                in_flight.push(
                    async move {
                        let r = match frame {
                            ClientFrame::Accept { .. } => engine.accept(conversation_id, &a).await,
                            ClientFrame::ReturnToAi { .. } => {
                                engine.return_to_ai(conversation_id, &a).await
                            }
                            ClientFrame::Transfer { to_user_id, .. } => {
                                engine.transfer(conversation_id, &a, to_user_id).await
                            }
                            _ => engine.close(conversation_id, Some(&a)).await,
                        };
                        r.err().map(|e| engine_error(&e, None))
                    }
                    .boxed(),
                );
                Ok(None)
            }
            ClientFrame::SetPresence { status } => {
                let Some(a) = actor else {
                    return Ok(Some(error_frame(ErrorCode::Forbidden, "agents only", None)));
                };
                if status == PresenceStatus::Offline {
                    return Ok(Some(error_frame(
                        ErrorCode::BadRequest,
                        "presence: online or away (close the socket to go offline)",
                        None,
                    )));
                }
                if !engine.roster.set_status(a.id, status) {
                    return Ok(None);
                }
                in_flight.push(
                    async move {
                        engine.presence_changed(a.id).await;
                        None
                    }
                    .boxed(),
                );
                Ok(None)
            }
            ClientFrame::Unsubscribe { conversation_id } => {
                if conversation_of.is_some() {
                    return Ok(Some(error_frame(
                        ErrorCode::BadRequest,
                        "visitors cannot unsubscribe",
                        None,
                    )));
                }
                self.st.engine.hub.unsubscribe(conversation_id, self.sub.id);
                self.last_sent.remove(&conversation_id);
                Ok(None)
            }
        }
    }
}

/// Waits for the next change of the presence count, handing the receiver back.
async fn next_change(
    mut rx: watch::Receiver<u64>,
) -> (Result<(), watch::error::RecvError>, watch::Receiver<u64>) {
    let changed = rx.changed().await;
    (changed, rx)
}

fn attach_client_id(f: ServerFrame, id: String) -> ServerFrame {
    match f {
        ServerFrame::Error { code, message, .. } => ServerFrame::Error {
            code,
            message,
            client_id: Some(id),
        },
        other => other,
    }
}
