//! Agents' REST access to conversations (the socket's equivalents).

use super::caller::Caller;
use super::error::{ApiError, ApiResult};
use super::json::Json;
use super::visitor::{PageQuery, engine_err, page};
use crate::app::AppState;
use crate::engine::Author;
use crate::store::{ConversationFilter, ReadSide};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use proto::ErrorBody;
use proto::conversations::{
    Ack, Conversation, ConversationStatus, MarkRead, MessagePage, SendMessage, SenderKind, Typing,
};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/conversations`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(get_one))
        .routes(routes!(history, send))
        .routes(routes!(read))
        .routes(routes!(typing))
        .routes(routes!(close))
}

/// Filters for listing conversations.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct ListQuery {
    /// `open` or `closed`.
    status: Option<String>,
    /// Only this widget.
    widget_id: Option<Uuid>,
    /// Only those updated before this time (Unix ms), for the next page.
    before: Option<i64>,
    /// At most this many (1-500, default 50).
    limit: Option<u32>,
}

/// Conversations, most recently updated first.
#[utoipa::path(get, path = "/api/v1/conversations", tag = "conversations", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = Vec<Conversation>), (status = 401, body = ErrorBody)))]
async fn list(
    _: Caller,
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
    let f = ConversationFilter {
        status,
        widget_id: q.widget_id,
        updated_before: q.before,
        limit: q.limit.unwrap_or(50).clamp(1, 500),
    };
    Ok(Json(st.store.list_conversations(f).await?))
}

/// One conversation.
#[utoipa::path(get, path = "/api/v1/conversations/{id}", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody)))]
async fn get_one(
    _: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(st.store.get_conversation(id).await?))
}

/// Messages after a seq.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/messages", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path), PageQuery),
    responses((status = 200, body = MessagePage), (status = 404, body = ErrorBody)))]
async fn history(
    _: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<MessagePage>> {
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
    let author = Author::Agent {
        id: caller.user.id,
        name: caller.user.name,
    };
    let a = st
        .engine
        .send_message(id, author, req.client_id, req.body)
        .await
        .map_err(engine_err)?;
    Ok(Json(Ack {
        client_id: a.message.client_id,
        seq: a.message.seq,
        duplicate: a.duplicate,
    }))
}

/// Everything up to a seq has been read by the agents.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/read", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = MarkRead,
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn read(
    _: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<MarkRead>,
) -> ApiResult<StatusCode> {
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
    _: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<Typing>,
) -> ApiResult<StatusCode> {
    st.store.get_conversation(id).await?;
    st.engine.typing(id, SenderKind::Agent, req.on, None);
    Ok(StatusCode::NO_CONTENT)
}

/// Closes a conversation.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/close", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Conversation), (status = 404, body = ErrorBody)))]
async fn close(
    _: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Conversation>> {
    Ok(Json(st.engine.close(id).await.map_err(engine_err)?))
}
