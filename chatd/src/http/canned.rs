//! Canned replies: agents read the ones of the widgets they work on (and
//! the global ones); admins write them.

use super::caller::{AdminCaller, Caller};
use super::error::{ApiError, ApiResult};
use super::json::{Json, Path, Query};
use super::validate;
use crate::app::AppState;
use crate::lifecycle::audit;
use crate::store::{CannedChanges, NewCannedReply, StoreError};
use axum::extract::State;
use axum::http::StatusCode;
use proto::ErrorBody;
use proto::auth::Role;
use proto::canned::{
    BODY_MAX, CannedReply, CannedReplyPatch, CreateCannedReply, TITLE_MAX, check_shortcut,
};
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/canned`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_canned, create_canned))
        .routes(routes!(get_canned, update_canned, delete_canned))
}

fn check_fields(shortcut: Option<&str>, title: Option<&str>, body: Option<&str>) -> ApiResult<()> {
    if let Some(s) = shortcut {
        check_shortcut(s).map_err(|e| ApiError::BadRequest(format!("shortcut: {e}")))?;
    }
    if let Some(t) = title {
        validate::text("title", t, TITLE_MAX, true)?;
    }
    if let Some(b) = body {
        validate::text("body", b, BODY_MAX, true)?;
    }
    Ok(())
}

/// Refuses a widget id that names no widget, as a bad field rather than a
/// missing canned reply.
async fn check_widget(st: &AppState, widget_id: Option<Uuid>) -> ApiResult<()> {
    if let Some(id) = widget_id {
        match st.store.get_widget(id).await {
            Ok(_) => {}
            Err(StoreError::NotFound) => return Err(no_widget(id)),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

/// A store error, with a 404 that names the canned reply.
fn missing(e: StoreError, id: Uuid) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::NotFound(format!("there is no canned reply {id}")),
        e => e.into(),
    }
}

fn no_widget(id: Uuid) -> ApiError {
    ApiError::BadRequest(format!("widget_id: there is no widget {id}"))
}

/// Whether the caller may use `r`: admins every reply, agents the global
/// ones and those of the widgets they are members of.
fn may_read(st: &AppState, caller: &Caller, r: &CannedReply) -> bool {
    caller.role == Role::Admin
        || r.widget_id
            .is_none_or(|w| st.engine.roster.widgets_of(caller.user.id).contains(&w))
}

/// Which canned replies to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct ListQuery {
    /// Only those offered on this widget: its own and the global ones.
    widget_id: Option<Uuid>,
}

/// The canned replies the caller may use, by shortcut.
#[utoipa::path(get, path = "/api/v1/canned", tag = "canned", security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = Vec<CannedReply>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)))]
async fn list_canned(
    caller: Caller,
    State(st): State<AppState>,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Vec<CannedReply>>> {
    let list = st.store.list_canned(q.widget_id).await?;
    if caller.role == Role::Admin {
        return Ok(Json(list));
    }
    let mine = st.engine.roster.widgets_of(caller.user.id);
    Ok(Json(
        list.into_iter()
            .filter(|r| r.widget_id.is_none_or(|w| mine.contains(&w)))
            .collect(),
    ))
}

/// Creates a canned reply.
#[utoipa::path(post, path = "/api/v1/canned", tag = "canned", security(("bearer" = [])),
    request_body = CreateCannedReply,
    responses((status = 201, body = CannedReply), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_canned(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Json(req): Json<CreateCannedReply>,
) -> ApiResult<(StatusCode, Json<CannedReply>)> {
    check_fields(Some(&req.shortcut), Some(&req.title), Some(&req.body))?;
    check_widget(&st, req.widget_id).await?;
    let widget_id = req.widget_id;
    let reply = st
        .store
        .create_canned(NewCannedReply {
            shortcut: req.shortcut,
            title: req.title,
            body: req.body,
            widget_id,
        })
        .await
        .map_err(|e| match (e, widget_id) {
            // The widget went between the check and the insert.
            (StoreError::NotFound, Some(w)) => no_widget(w),
            (e, _) => e.into(),
        })?;
    tracing::info!(canned = %reply.id, by = %caller.user.id, "canned reply created");
    audit::record(
        &st,
        &caller,
        "canned.create",
        reply.id,
        json!({"shortcut": reply.shortcut, "widget_id": reply.widget_id}),
    )
    .await;
    Ok((StatusCode::CREATED, Json(reply)))
}

/// One canned reply.
#[utoipa::path(get, path = "/api/v1/canned/{id}", tag = "canned", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = CannedReply), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_canned(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CannedReply>> {
    let r = st.store.get_canned(id).await.map_err(|e| missing(e, id))?;
    if !may_read(&st, &caller, &r) {
        return Err(ApiError::Forbidden(
            "this canned reply belongs to a widget you are no member of".into(),
        ));
    }
    Ok(Json(r))
}

/// Changes the fields given; `widget_id: null` offers it on every widget.
#[utoipa::path(patch, path = "/api/v1/canned/{id}", tag = "canned", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = CannedReplyPatch,
    responses((status = 200, body = CannedReply), (status = 400, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_canned(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(p): Json<CannedReplyPatch>,
) -> ApiResult<Json<CannedReply>> {
    check_fields(p.shortcut.as_deref(), p.title.as_deref(), p.body.as_deref())?;
    let new_widget = p.widget_id.flatten();
    check_widget(&st, new_widget).await?;
    let changes = CannedChanges {
        shortcut: p.shortcut,
        title: p.title,
        body: p.body,
        widget_id: p.widget_id,
    };
    let r = st
        .store
        .update_canned(id, changes)
        .await
        .map_err(|e| missing(e, id))?;
    audit::record(
        &st,
        &caller,
        "canned.update",
        id,
        json!({"shortcut": r.shortcut, "widget_id": r.widget_id}),
    )
    .await;
    Ok(Json(r))
}

/// Deletes a canned reply.
#[utoipa::path(delete, path = "/api/v1/canned/{id}", tag = "canned", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_canned(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    st.store
        .delete_canned(id)
        .await
        .map_err(|e| missing(e, id))?;
    tracing::info!(canned = %id, by = %caller.user.id, "canned reply deleted");
    audit::record(&st, &caller, "canned.delete", id, json!({})).await;
    Ok(StatusCode::NO_CONTENT)
}
