//! Private notes on a conversation: agents who work on its widget (and
//! admins) read and write them; the visitor never sees them.

use super::caller::Caller;
use super::conversations::actor;
use super::error::ApiResult;
use super::json::{Json, Path};
use super::validate;
use super::visitor::engine_err;
use crate::app::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use proto::ErrorBody;
use proto::notes::{CreateNote, NOTE_MAX, Note};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/conversations/{id}/notes`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list_notes, add_note))
}

/// The conversation's private notes, oldest first.
#[utoipa::path(get, path = "/api/v1/conversations/{id}/notes", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<Note>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_notes(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<Note>>> {
    let notes = st
        .engine
        .notes(&actor(&caller), id)
        .await
        .map_err(engine_err)?;
    Ok(Json(notes))
}

/// Adds a private note; agents subscribed to the conversation get a `note`
/// event, the visitor nothing.
#[utoipa::path(post, path = "/api/v1/conversations/{id}/notes", tag = "conversations", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CreateNote,
    responses((status = 201, body = Note), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn add_note(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<CreateNote>,
) -> ApiResult<(StatusCode, Json<Note>)> {
    validate::text("body", &req.body, NOTE_MAX, true)?;
    let note = st
        .engine
        .add_note(&actor(&caller), id, req.body)
        .await
        .map_err(engine_err)?;
    Ok((StatusCode::CREATED, Json(note)))
}
