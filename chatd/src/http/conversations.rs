//! Agents' REST access to conversations (the socket's equivalents).
//! Agents reach only the conversations of widgets they work on; admins all.

use super::caller::Caller;
use super::error::{ApiError, ApiResult};
use super::json::Json;
use super::json::Path;
use super::json::Query;
use super::visitor::{PageQuery, engine_err, page};
use crate::app::AppState;
use crate::engine::{Actor, Author};
use crate::store::{ConversationFilter, ReadSide};
use axum::extract::State;
use axum::http::StatusCode;
use proto::ErrorBody;
use proto::auth::Role;
use proto::conversations::{
    Ack, Conversation, ConversationStatus, MarkRead, MessagePage, Phase, SendMessage, SenderKind,
    Transfer, Typing,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/conversations` and `/api/v1/queue`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get_one))
        .routes(routes!(history, send))
        .routes(routes!(read))
        .routes(routes!(typing))
        .routes(routes!(close))
        .routes(routes!(accept))
        .routes(routes!(transfer))
        .routes(routes!(return_to_ai))
        .routes(routes!(queue))
}

/// The caller as the engine's actor.
pub fn actor(c: &Caller) -> Actor {
    Actor {
        id: c.user.id,
        name: c.user.name.clone(),
        role: c.role,
    }
}

/// Refuses agents outside the conversation's widget.
async fn allowed(st: &AppState, caller: &Caller, id: Uuid) -> ApiResult<()> {
    st.engine
        .authorize(&actor(caller), id)
        .await
        .map_err(engine_err)?;
    Ok(())
}

/// Filters for listing conversations.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// `open` or `closed`.
    pub status: Option<String>,
    /// `ai`, `queued` or `assigned`.
    pub phase: Option<String>,
    /// Only this widget.
    widget_id: Option<Uuid>,
    /// Only those assigned to this agent.
    agent_id: Option<Uuid>,
    /// Only this visitor's (their earlier conversations).
    visitor_id: Option<Uuid>,
    /// Only those updated before this time (Unix ms), for the next page.
    before: Option<i64>,
    /// At most this many (1-500, default 50).
    limit: Option<u32>,
    /// Only those whose messages or pre-chat answers contain this text
    /// (1-200 characters, any case; blank: no filter).
    q: Option<String>,
}

/// Longest `q=` accepted, in characters.
const SEARCH_MAX_CHARS: usize = 200;

/// The `q=` text filter: trimmed, blank means none, too long is refused.
fn search_text(q: Option<&str>) -> ApiResult<Option<String>> {
    let Some(t) = q.map(str::trim).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    if t.chars().count() > SEARCH_MAX_CHARS {
        return Err(ApiError::BadRequest(format!(
            "q: at most {SEARCH_MAX_CHARS} characters"
        )));
    }
    Ok(Some(t.to_string()))
}

/// Conversations, most recently updated first.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "conversations", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = Vec<Conversation>), (status = 401, body = ErrorBody)))]
async fn list(
    caller: Caller,
    State(st): State<AppState>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<Conversation>>> {
    let status =
        match q.status.as_deref() {
            None => None,
            Some(s) => Some(ConversationStatus::parse(s).ok_or_else(|| {
                ApiError::BadRequest(format!("status: {s:?} is not open or closed"))
            })?),
        };
    let phase = match q.phase.as_deref() {
        None => None,
        Some(p) => Some(Phase::parse(p).ok_or_else(|| {
            ApiError::BadRequest(format!("phase: {p:?} is not ai, queued or assigned"))
        })?),
    };
    let widget_ids =
        (caller.role != Role::Admin).then(|| st.engine.roster.widgets_of(caller.user.id));
    let f = ConversationFilter {
        status,
        widget_id: q.widget_id,
        updated_before: q.before,
        limit: q.limit.unwrap_or(50).clamp(1, 500),
        phase,
        agent_id: q.agent_id,
        visitor_id: q.visitor_id,
        widget_ids,
        text: search_text(q.q.as_deref())?,
        ..ConversationFilter::default()
    };
    Ok(Json(st.store.list_conversations(f).await?))
}

/// The queue: queued conversations of the caller's widgets, first in line first.
#[utoipa::path(get, path = "/api/v1/queue", tag = "conversations", security(("bearer" = [])),
    responses((status = 200, body = Vec<Conversation>), (status = 401, body = ErrorBody)))]
async fn queue(caller: Caller, State(st): State<AppState>) -> ApiResult<Json<Vec<Conversation>>> {
    let all = st.store.queued(None).await?;
    let mine = all
        .into_iter()
        .filter(|c| {
            st.engine
                .sees_widget(caller.user.id, caller.role, c.widget_id)
        })
        .collect();
    Ok(Json(mine))
}

/// One conversation.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Conversation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_one(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Conversation>> {
    allowed(&st, &caller, id).await?;
    Ok(Json(st.store.get_conversation(id).await?))
}

/// Messages after a seq.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = MessagePage), (status = 404, body = ErrorBody)))]
async fn history(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<MessagePage>> {
    allowed(&st, &caller, id).await?;
    Ok(Json(page(&st, id, &q).await?))
}

/// Sends a message as the calling agent; answers after commit.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/messages", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = SendMessage,
    responses((status = 200, body = Ack), (status = 404, body = ErrorBody), (status = 503, body = ErrorBody)))]
async fn send(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<SendMessage>,
) -> ApiResult<Json<Ack>> {
    allowed(&st, &caller, id).await?;
    let author = Author::Agent {
        id: caller.user.id,
        name: caller.user.name,
    };
    let a = st
        .engine
        .send_message(id, author, req.client_id, req.body)
        .await
        .map_err(engine_err)?;
    Ok(Json(a.ack()))
}

/// Everything up to a seq has been read by the agents.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/read", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = MarkRead,
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn read(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<MarkRead>,
) -> ApiResult<StatusCode> {
    allowed(&st, &caller, id).await?;
    st.engine
        .mark_read(id, ReadSide::Agent, req.seq)
        .await
        .map_err(engine_err)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Typing on or off.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/typing", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Typing,
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn typing(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<Typing>,
) -> ApiResult<StatusCode> {
    allowed(&st, &caller, id).await?;
    st.engine.typing(id, SenderKind::Agent, req.on, None);
    Ok(StatusCode::NO_CONTENT)
}

/// Closes a conversation.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/close", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn close(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Conversation>> {
    let c = st
        .engine
        .close(id, Some(&actor(&caller)))
        .await
        .map_err(engine_err)?;
    Ok(Json(c))
}

/// Takes a queued (or AI-handled) conversation; the first agent wins, the
/// others get 409 naming who has it.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/accept", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Conversation), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn accept(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Conversation>> {
    let c = st
        .engine
        .accept(id, &actor(&caller))
        .await
        .map_err(engine_err)?;
    Ok(Json(c))
}

/// Hands an assigned conversation to another agent of its widget.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/transfer", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = Transfer,
    responses((status = 200, body = Conversation), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn transfer(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<Transfer>,
) -> ApiResult<Json<Conversation>> {
    let c = st
        .engine
        .transfer(id, &actor(&caller), req.to_user_id)
        .await
        .map_err(engine_err)?;
    Ok(Json(c))
}

/// Gives the conversation back to the AI assistant.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/return-to-ai", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Conversation), (status = 409, body = ErrorBody)))]
async fn return_to_ai(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Conversation>> {
    let c = st
        .engine
        .return_to_ai(id, &actor(&caller))
        .await
        .map_err(engine_err)?;
    Ok(Json(c))
}
