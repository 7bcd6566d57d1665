//! Access and erasure requests for one visitor (admin only): everything
//! stored about them as JSON, and deleting it.

use super::caller::AdminCaller;
use super::error::ApiResult;
use super::json::{Json, Path};
use crate::app::AppState;
use crate::lifecycle::audit;
use crate::store::{ConversationFilter, now_ms};
use axum::extract::State;
use proto::ErrorBody;
use proto::lifecycle::{ExportedConversation, Forgotten, VisitorExport};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// `/api/v1/visitors/{visitor_id}…`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(forget))
        .routes(routes!(export))
}

/// A visitor has at most this many conversations exported (and listed).
const MAX_CONVERSATIONS: u32 = 10_000;
/// Messages read per page while exporting.
const PAGE: u32 = 500;

/// Every conversation of the visitor with its messages, and the blocks naming them.
#[utoipa::path(get, path = "/api/v1/visitors/{visitor_id}/export", tag = "visitors", security(("bearer" = [])),
    params(("visitor_id" = Uuid, Path)),
    responses((status = 200, body = VisitorExport), (status = 403, body = ErrorBody)))]
async fn export(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(visitor_id): Path<Uuid>,
) -> ApiResult<Json<VisitorExport>> {
    let convs = st
        .store
        .list_conversations(ConversationFilter {
            visitor_id: Some(visitor_id),
            limit: MAX_CONVERSATIONS,
            ..ConversationFilter::default()
        })
        .await?;
    let mut conversations = Vec::with_capacity(convs.len());
    for conversation in convs {
        let mut messages = Vec::new();
        loop {
            let after = messages
                .last()
                .map_or(0, |m: &proto::conversations::Message| m.seq);
            let page = st
                .store
                .messages_after(conversation.id, after, PAGE)
                .await?;
            let full = page.len() == PAGE as usize;
            messages.extend(page);
            if !full {
                break;
            }
        }
        conversations.push(ExportedConversation {
            conversation,
            messages,
        });
    }
    let blocks = st
        .store
        .list_blocks()
        .await?
        .into_iter()
        .filter(|b| b.visitor_id == visitor_id)
        .collect();
    audit::record(
        &st,
        &caller,
        "visitor.export",
        visitor_id,
        json!({"conversations": conversations.len()}),
    )
    .await;
    Ok(Json(VisitorExport {
        visitor_id,
        exported_at: now_ms(),
        conversations,
        blocks,
    }))
}

/// Erases the visitor: every conversation and message. Blocks naming them
/// stay (lift them with `DELETE /api/v1/blocks/{id}`): erasing a block
/// would let the visitor back in.
#[utoipa::path(delete, path = "/api/v1/visitors/{visitor_id}", tag = "visitors", security(("bearer" = [])),
    params(("visitor_id" = Uuid, Path)),
    responses((status = 200, body = Forgotten), (status = 403, body = ErrorBody)))]
async fn forget(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(visitor_id): Path<Uuid>,
) -> ApiResult<Json<Forgotten>> {
    // Their sockets go first: nothing may be written into a conversation being deleted.
    let convs = st
        .store
        .list_conversations(ConversationFilter {
            visitor_id: Some(visitor_id),
            limit: MAX_CONVERSATIONS,
            ..ConversationFilter::default()
        })
        .await?;
    for c in &convs {
        st.engine
            .disconnect_visitor(c.id, "this conversation was deleted");
    }
    let n = st.store.delete_visitor(visitor_id).await?;
    audit::record(
        &st,
        &caller,
        "visitor.forget",
        visitor_id,
        json!({"conversations": n}),
    )
    .await;
    Ok(Json(Forgotten {
        visitor_id,
        conversations: n,
    }))
}
