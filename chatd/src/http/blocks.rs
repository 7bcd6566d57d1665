//! Blocking visitors: agents of a widget (and admins) block the visitor of
//! a conversation, optionally with the address they came from; the block is
//! in force on every node within seconds (see `lifecycle::blocks`).

use super::caller::Caller;
use super::conversations::actor;
use super::error::{ApiError, ApiResult};
use super::json::{Json, Path};
use super::validate;
use super::visitor::engine_err;
use crate::app::AppState;
use crate::lifecycle::audit;
use crate::lifecycle::blocks::BLOCKED_MESSAGE;
use crate::store::{ConversationFilter, NewBlock, now_ms};
use axum::extract::State;
use axum::http::StatusCode;
use proto::ErrorBody;
use proto::auth::Role;
use proto::conversations::ConversationStatus;
use proto::lifecycle::{Block, BlockVisitor, REASON_MAX};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// `/api/v1/conversations/{id}/block` and `/api/v1/blocks`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(block))
        .routes(routes!(list_blocks))
        .routes(routes!(delete_block))
}

/// Longest block, in hours (10 years).
const MAX_HOURS: u32 = 87_600;

/// Checks a block request; returns the trimmed reason and when the block
/// lapses (`now` plus the hours asked for), Unix ms.
pub fn check_block(req: &BlockVisitor, now: i64) -> ApiResult<(String, Option<i64>)> {
    let reason = req.reason.clone().unwrap_or_default();
    validate::text("reason", &reason, REASON_MAX, false)?;
    let expires_at = match req.expires_in_hours {
        Some(0) => {
            return Err(ApiError::BadRequest(
                "expires_in_hours: must be at least 1".into(),
            ));
        }
        Some(h) if h > MAX_HOURS => {
            return Err(ApiError::BadRequest(format!(
                "expires_in_hours: at most {MAX_HOURS}"
            )));
        }
        Some(h) => Some(now.saturating_add(i64::from(h) * 3_600_000)),
        None => None,
    };
    Ok((reason.trim().to_string(), expires_at))
}

/// Blocks the conversation's visitor (and their address, with `ip: true`)
/// on its widget, closes their open conversations there and ends their
/// sockets and event streams.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/block", tag = "blocks", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = BlockVisitor,
    responses((status = 201, body = Block), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn block(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<BlockVisitor>,
) -> ApiResult<(StatusCode, Json<Block>)> {
    let who = actor(&caller);
    st.engine.authorize(&who, id).await.map_err(engine_err)?;
    let (reason, expires_at) = check_block(&req, now_ms())?;
    let conv = st.store.get_conversation(id).await?;
    let ip = if req.ip {
        Some(conv.visitor_ip.clone().ok_or_else(|| {
            ApiError::BadRequest("ip: no address was recorded for this conversation".into())
        })?)
    } else {
        None
    };
    let b = st
        .store
        .create_block(NewBlock {
            widget_id: conv.widget_id,
            visitor_id: conv.visitor_id,
            ip,
            reason,
            created_by: Some(caller.user.id),
            created_by_name: caller.user.name.clone(),
            expires_at,
        })
        .await?;
    st.blocks.refresh(st.store.as_ref()).await?;
    st.broker.send(crate::broker::Signal::Blocks);
    // Every open conversation of the visitor on this widget ends now.
    let theirs = st
        .store
        .list_conversations(ConversationFilter {
            visitor_id: Some(conv.visitor_id),
            widget_id: Some(conv.widget_id),
            limit: 500,
            ..ConversationFilter::default()
        })
        .await?;
    for c in theirs {
        st.engine.disconnect_visitor(c.id, BLOCKED_MESSAGE);
        if c.status == ConversationStatus::Open
            && let Err(e) = st.engine.close(c.id, Some(&who)).await
        {
            tracing::warn!(error = %e, conversation = %c.id, "cannot close a blocked visitor's conversation");
        }
    }
    audit::record(
        &st,
        &caller,
        "block.create",
        b.id,
        json!({"conversation_id": id, "visitor_id": b.visitor_id, "widget_id": b.widget_id,
               "ip": b.ip, "reason": b.reason, "expires_at": b.expires_at}),
    )
    .await;
    Ok((StatusCode::CREATED, Json(b)))
}

/// Blocks, newest first: all for admins, those of their widgets for agents.
#[utoipa::path(get, path = "/api/v1/blocks", tag = "blocks", security(("bearer" = [])),
    responses((status = 200, body = Vec<Block>), (status = 401, body = ErrorBody)))]
async fn list_blocks(caller: Caller, State(st): State<AppState>) -> ApiResult<Json<Vec<Block>>> {
    let all = st.store.list_blocks().await?;
    if caller.role == Role::Admin {
        return Ok(Json(all));
    }
    let mine = st.engine.roster.widgets_of(caller.user.id);
    Ok(Json(
        all.into_iter()
            .filter(|b| mine.contains(&b.widget_id))
            .collect(),
    ))
}

/// Lifts a block: admins any, agents those of their widgets.
#[utoipa::path(delete, path = "/api/v1/blocks/{id}", tag = "blocks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_block(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let not_found = || ApiError::NotFound(format!("no block {id}"));
    let b = st
        .store
        .list_blocks()
        .await?
        .into_iter()
        .find(|b| b.id == id)
        .ok_or_else(not_found)?;
    if !st
        .engine
        .roster
        .may_work_on(caller.user.id, caller.role, b.widget_id)
    {
        return Err(ApiError::Forbidden(
            "this block is on a widget you are no member of".into(),
        ));
    }
    st.store.delete_block(id).await.map_err(|e| match e {
        crate::store::StoreError::NotFound => not_found(),
        e => e.into(),
    })?;
    st.blocks.refresh(st.store.as_ref()).await?;
    st.broker.send(crate::broker::Signal::Blocks);
    audit::record(
        &st,
        &caller,
        "block.delete",
        id,
        json!({"visitor_id": b.visitor_id, "widget_id": b.widget_id, "ip": b.ip}),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
