//! What a visitor's browser calls: start a conversation, and the HTTP
//! fallback (send over POST, receive over Server-Sent Events) for networks
//! that block WebSockets.

use super::client_ip::{ClientIp, Scheme};
use super::error::{ApiError, ApiResult};
use super::json::Json;
use super::json::Path;
use super::json::Query;
use super::origin;
use super::ratelimit::PublicRate;
use crate::app::AppState;
use crate::auth::identity;
use crate::engine::hub::{Audience, Outbound};
use crate::engine::{Author, EngineError, encode};
use crate::lifecycle::blocks::BLOCKED_MESSAGE;
use crate::store::ReadSide;
use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::Stream;
use proto::ErrorBody;
use proto::conversations::Phase;
use proto::conversations::{
    Ack, Conversation, MarkRead, MessagePage, Rate, SendMessage, SenderKind, StartConversation,
    StartedConversation, Typing,
};
use proto::frames::ServerFrame;
use serde::Deserialize;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::mpsc;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/public/conversations`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start))
        .routes(routes!(send, history))
        .routes(routes!(typing))
        .routes(routes!(read))
        .routes(routes!(handoff))
        .routes(routes!(rate))
        .routes(routes!(leave_message))
        .routes(routes!(close))
}

/// The SSE route; kept apart so no request time limit applies to it.
pub fn stream_router() -> axum::Router<AppState> {
    axum::Router::new().route(
        "/api/v1/public/conversations/{id}/events",
        axum::routing::get(events),
    )
}

/// A visitor proven by the conversation's token, from the Origin it may use.
pub struct VisitorCaller {
    /// The visitor's conversation.
    pub conversation: Conversation,
}

/// `?token=`: the visitor token where a header cannot carry it (EventSource).
#[derive(Deserialize)]
pub struct TokenQuery {
    /// The visitor token.
    pub token: Option<String>,
}

impl FromRequestParts<AppState> for VisitorCaller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        let from_header = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_string);
        // EventSource cannot set headers, so the stream also takes ?token=.
        let token = match from_header {
            Some(t) => t,
            None => axum::extract::Query::<TokenQuery>::try_from_uri(&parts.uri)
                .ok()
                .and_then(|q| q.0.token)
                .ok_or_else(|| ApiError::Unauthorized("missing visitor token".into()))?,
        };
        let conversation = st
            .engine
            .conversation_for_token(&token)
            .await
            .map_err(engine_err)?
            .ok_or_else(|| ApiError::Unauthorized("invalid visitor token".into()))?;
        let widget = st.store.get_widget(conversation.widget_id).await?;
        origin::check(st, &widget, &parts.headers, Scheme::of(parts, st))?;
        if widget.settings.require_verified_identity && conversation.verified_user_id.is_none() {
            return Err(ApiError::Forbidden(
                "this site requires a verified visitor".into(),
            ));
        }
        let ip = super::client_ip::ClientIp::of(parts, st).0;
        if st
            .blocks
            .is_blocked(widget.id, Some(conversation.visitor_id), ip)
        {
            return Err(ApiError::Blocked(BLOCKED_MESSAGE.into()));
        }
        Ok(Self { conversation })
    }
}

/// Maps engine errors onto HTTP.
pub fn engine_err(e: EngineError) -> ApiError {
    match e {
        EngineError::Invalid(m) => ApiError::BadRequest(m),
        EngineError::NotFound => ApiError::NotFound("conversation not found".into()),
        EngineError::Forbidden(m) => ApiError::Forbidden(m),
        EngineError::Conflict(m) => ApiError::Conflict(m),
        EngineError::Store(s) => s.into(),
    }
}

fn own(caller: &VisitorCaller, id: Uuid) -> ApiResult<()> {
    if caller.conversation.id == id {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "this visitor token is for another conversation".into(),
        ))
    }
}

/// Starts a conversation; the answer holds the visitor's token.
#[utoipa::path(post, path = "/api/v1/public/conversations", tag = "public",
    request_body = StartConversation,
    responses((status = 201, body = StartedConversation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn start(
    _: PublicRate,
    State(st): State<AppState>,
    scheme: Scheme,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    Json(req): Json<StartConversation>,
) -> ApiResult<(StatusCode, Json<StartedConversation>)> {
    let widget = st
        .store
        .find_widget_by_site_key(&req.site_key)
        .await?
        .ok_or_else(|| ApiError::NotFound("unknown site key".into()))?;
    origin::check(&st, &widget, &headers, scheme)?;
    if st.blocks.is_blocked(widget.id, req.visitor_id, ip) {
        return Err(ApiError::Blocked(BLOCKED_MESSAGE.into()));
    }
    let mut prechat = req.prechat;
    let verified = match req.identity {
        Some(id) => {
            let secret = st.jwt.identity.widget_secret(&widget);
            if id.user_id.is_empty()
                || id.user_id.len() > 200
                || !identity::verify(&secret, &id.user_id, &id.user_hash)
            {
                return Err(ApiError::Forbidden("identity could not be verified".into()));
            }
            if let Some(n) = id.name {
                prechat.insert("name".into(), n);
            }
            if let Some(e) = id.email {
                prechat.insert("email".into(), e);
            }
            Some(id.user_id)
        }
        None if widget.settings.require_verified_identity => {
            return Err(ApiError::Forbidden(
                "this site requires a verified visitor; call Chatd.identify with a user_hash first"
                    .into(),
            ));
        }
        None => None,
    };
    let (c, visitor_token) = st
        .engine
        .start_conversation(
            &widget,
            prechat,
            req.page_url,
            verified,
            req.visitor_id,
            ip.map(|ip| ip.to_canonical().to_string()),
        )
        .await
        .map_err(engine_err)?;
    // A verified visitor's earlier conversation may carry a blocked visitor id.
    if st.blocks.is_blocked(widget.id, Some(c.visitor_id), None) {
        return Err(ApiError::Blocked(BLOCKED_MESSAGE.into()));
    }
    Ok((
        StatusCode::CREATED,
        Json(StartedConversation {
            conversation_id: c.id,
            visitor_token,
            epoch: st.epoch.to_string(),
            visitor_id: c.visitor_id,
        }),
    ))
}

/// Sends a message; answers after it is committed.
#[utoipa::path(post, path = "/api/v1/public/conversations/{id}/messages", tag = "public",
    params(("id" = Uuid, Path)), request_body = SendMessage, security(("bearer" = [])),
    responses((status = 200, body = Ack), (status = 401, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn send(
    _: PublicRate,
    caller: VisitorCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<SendMessage>,
) -> ApiResult<Json<Ack>> {
    own(&caller, id)?;
    let a = st
        .engine
        .send_message(id, Author::Visitor, req.client_id, req.body)
        .await
        .map_err(engine_err)?;
    Ok(Json(a.ack()))
}

/// Paging parameters for history.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// Return messages with seq above this.
    #[serde(default)]
    pub after_seq: i64,
    /// At most this many (1-500, default 100).
    pub limit: Option<u32>,
}

/// A page of history, shared by the visitor and agent routes.
pub async fn page(st: &AppState, id: Uuid, q: &PageQuery) -> ApiResult<MessagePage> {
    let limit = q.limit.unwrap_or(100).clamp(1, 500);
    let conv = st.store.get_conversation(id).await?;
    let mut messages = st.store.messages_after(id, q.after_seq, limit + 1).await?;
    let more = messages.len() > limit as usize;
    messages.truncate(limit as usize);
    Ok(MessagePage {
        last_seq: conv.last_seq.max(messages.last().map_or(0, |m| m.seq)),
        messages,
        more,
    })
}

/// Messages after a seq.
#[utoipa::path(get, path = "/api/v1/public/conversations/{id}/messages", tag = "public",
    params(("id" = Uuid, Path), PageQuery), security(("bearer" = [])),
    responses((status = 200, body = MessagePage), (status = 401, body = ErrorBody)))]
async fn history(
    caller: VisitorCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<MessagePage>> {
    own(&caller, id)?;
    Ok(Json(page(&st, id, &q).await?))
}

/// Typing on or off.
#[utoipa::path(post, path = "/api/v1/public/conversations/{id}/typing", tag = "public",
    params(("id" = Uuid, Path)), request_body = Typing, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn typing(
    caller: VisitorCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<Typing>,
) -> ApiResult<StatusCode> {
    own(&caller, id)?;
    st.engine.typing(id, SenderKind::Visitor, req.on, None);
    Ok(StatusCode::NO_CONTENT)
}

/// Everything up to a seq has been read.
#[utoipa::path(post, path = "/api/v1/public/conversations/{id}/read", tag = "public",
    params(("id" = Uuid, Path)), request_body = MarkRead, security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn read(
    caller: VisitorCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<MarkRead>,
) -> ApiResult<StatusCode> {
    own(&caller, id)?;
    st.engine
        .mark_read(id, ReadSide::Visitor, req.seq)
        .await
        .map_err(engine_err)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Where an event stream starts when no `Last-Event-ID` says otherwise.
#[derive(Deserialize)]
pub struct EventsQuery {
    #[serde(default)]
    after_seq: i64,
}

/// Server-Sent Events: replay after `after_seq` (or `Last-Event-ID`), then live.
async fn events(
    _: PublicRate,
    caller: VisitorCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<EventsQuery>,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<Event, Infallible>>>> {
    own(&caller, id)?;
    let resume = resume_seq(&headers, q.after_seq);
    let (tx, rx) = mpsc::channel::<Event>(64);
    let beat = Duration::from_secs(st.ws.heartbeat_secs.max(1));
    let tracker = st.tracker.clone();
    tracker.spawn(async move {
        let gauge = &crate::metrics::hot().sse_streams;
        gauge.increment(1.0);
        pump(st, id, resume, tx).await;
        gauge.decrement(1.0);
    });
    let stream =
        futures_util::stream::unfold(
            rx,
            |mut rx| async move { rx.recv().await.map(|e| (Ok(e), rx)) },
        );
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(beat)))
}

/// Where an event stream resumes: after the seq in `Last-Event-ID` (set by a
/// reconnecting `EventSource`), which wins over `?after_seq=`; never below 0.
/// A header that is not a number is ignored.
pub fn resume_seq(headers: &HeaderMap, after_seq: i64) -> i64 {
    headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok())
        .unwrap_or(after_seq)
        .max(0)
}

fn message_event(frame: &str, seq: i64) -> Event {
    Event::default().id(seq.to_string()).data(frame)
}

/// Feeds one SSE stream: the same replay-then-live rule as the sockets.
async fn pump(st: AppState, id: Uuid, mut last: i64, tx: mpsc::Sender<Event>) {
    let (sub, mut inbox) = st.engine.hub.subscriber();
    st.engine.hub.subscribe(id, &sub);
    let welcome = encode(&ServerFrame::Welcome {
        epoch: st.epoch.to_string(),
        conversation_id: Some(id),
        user_id: None,
        heartbeat_secs: st.ws.heartbeat_secs,
    });
    let mut ok = tx
        .send(Event::default().data(welcome.as_str()))
        .await
        .is_ok();
    // The same opening as the socket: who is online, who answers, the queue.
    let mut opening = Vec::new();
    if let Ok(c) = st.store.get_conversation(id).await {
        opening.push(ServerFrame::Presence {
            agents_online: st.engine.agents_online_for(c.widget_id),
        });
        let agent_name = match c.assigned_agent_id {
            Some(a) if c.phase == Phase::Assigned => {
                st.store.get_user(a).await.ok().map(|u| u.name)
            }
            _ => None,
        };
        opening.push(ServerFrame::State {
            conversation_id: id,
            status: c.status,
            phase: c.phase,
            agent_name,
        });
        if let Ok(Some(place)) = st.engine.queue_place(id).await {
            opening.push(ServerFrame::Queue {
                conversation_id: id,
                place,
            });
        }
    }
    for f in opening {
        ok = ok
            && tx
                .send(Event::default().data(encode(&f).as_str()))
                .await
                .is_ok();
    }
    if ok {
        ok = catch_up(&st, id, &mut last, &tx).await;
    }
    if ok {
        let synced = encode(&ServerFrame::Synced {
            conversation_id: id,
            last_seq: last,
        });
        ok = tx
            .send(Event::default().data(synced.as_str()))
            .await
            .is_ok();
    }
    while ok {
        tokio::select! {
            () = st.shutdown.cancelled() => break,
            () = inbox.kicked.cancelled() => break,
            () = tx.closed() => break,
            out = inbox.rx.recv() => match out.as_deref() {
                None => break,
                // Agent-only events (full records with pre-chat answers and
                // summaries) never reach a visitor.
                Some(Outbound::Event { audience: Audience::Agents, .. }) => {}
                // Blocked: the error goes out, then the stream ends.
                Some(Outbound::CloseVisitor { frame }) => {
                    let _ = tx.send(Event::default().data(frame.as_str())).await;
                    break;
                }
                Some(Outbound::Event { frame, .. }) => {
                    ok = tx.send(Event::default().data(frame.as_str())).await.is_ok();
                }
                Some(&Outbound::Message { seq, ref frame, .. }) => {
                    // Seqs up to `last` were sent or the client has them.
                    // `last` may be any i64 from Last-Event-ID: compare
                    // before adding to it.
                    if seq > last {
                        if seq == last + 1 {
                            ok = tx.send(message_event(frame.as_str(), seq)).await.is_ok();
                            last = seq;
                        } else {
                            ok = catch_up(&st, id, &mut last, &tx).await;
                        }
                    }
                }
            },
        }
    }
    st.engine.hub.unsubscribe(id, sub.id);
}

async fn catch_up(st: &AppState, id: Uuid, last: &mut i64, tx: &mpsc::Sender<Event>) -> bool {
    loop {
        let Ok(page) = st.store.messages_after(id, *last, 500).await else {
            return false;
        };
        let full = page.len() == 500;
        for m in page {
            let seq = m.seq;
            let frame = encode(&ServerFrame::Message { message: m });
            if tx.send(message_event(frame.as_str(), seq)).await.is_err() {
                return false;
            }
            *last = seq;
        }
        if !full {
            return true;
        }
    }
}

/// "Talk to a human": sends the conversation to the queue.
#[utoipa::path(post, path = "/api/v1/public/conversations/{id}/handoff", tag = "public",
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
async fn handoff(
    caller: VisitorCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    own(&caller, id)?;
    st.engine
        .escalate(id, "visitor_asked")
        .await
        .map_err(engine_err)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Rates a closed conversation, 1 to 5, with an optional comment.
#[utoipa::path(post, path = "/api/v1/public/conversations/{id}/rate", tag = "public",
    params(("id" = Uuid, Path)), request_body = Rate, security(("bearer" = [])),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn rate(
    caller: VisitorCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<Rate>,
) -> ApiResult<StatusCode> {
    own(&caller, id)?;
    st.engine
        .rate(id, req.rating, req.comment)
        .await
        .map_err(engine_err)?;
    Ok(StatusCode::NO_CONTENT)
}

/// With no agent online: an email and a message that wait for the next agent.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct LeaveMessage {
    /// Where to answer.
    email: String,
    /// The sender's id for the message.
    client_id: String,
    /// The message.
    body: String,
}

/// Leaves an email and a message for the next agent.
#[utoipa::path(post, path = "/api/v1/public/conversations/{id}/leave-message", tag = "public",
    params(("id" = Uuid, Path)), request_body = LeaveMessage, security(("bearer" = [])),
    responses((status = 200, body = Ack), (status = 400, body = ErrorBody)))]
async fn leave_message(
    _: PublicRate,
    caller: VisitorCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<LeaveMessage>,
) -> ApiResult<Json<Ack>> {
    own(&caller, id)?;
    let a = st
        .engine
        .leave_message(id, req.email, req.client_id, req.body)
        .await
        .map_err(engine_err)?;
    Ok(Json(a.ack()))
}

/// The visitor ends the conversation.
#[utoipa::path(post, path = "/api/v1/public/conversations/{id}/close", tag = "public",
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 204), (status = 409, body = ErrorBody)))]
async fn close(
    caller: VisitorCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    own(&caller, id)?;
    st.engine.close(id, None).await.map_err(engine_err)?;
    Ok(StatusCode::NO_CONTENT)
}
