//! Webhooks (admin only): register URLs per event, look at the outbox of
//! deliveries, send a test ping, replay a delivery.

use super::caller::AdminCaller;
use super::error::{ApiError, ApiResult};
use super::json::{Json, Path, Query};
use crate::app::AppState;
use crate::auth::secrets::random_b64;
use crate::lifecycle::audit;
use crate::store::{DeliveryFilter, NewWebhook, StoreError, now_ms};
use axum::extract::State;
use axum::http::StatusCode;
use proto::ErrorBody;
use proto::webhooks::{
    CreateWebhook, CreatedWebhook, Delivery, DeliveryStatus, MAX_WEBHOOKS, Webhook, check_events,
    check_url,
};
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Deliveries listed when the caller names no limit.
const DEFAULT_LIMIT: u32 = 50;
/// Deliveries listed at most.
const MAX_LIMIT: u32 = 500;

/// Routes under `/api/v1/webhooks` and `/api/v1/webhook-deliveries`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_webhooks, create_webhook))
        .routes(routes!(get_webhook, delete_webhook))
        .routes(routes!(test_webhook))
        .routes(routes!(list_deliveries))
        .routes(routes!(get_delivery))
        .routes(routes!(replay_delivery))
}

fn missing_hook(e: StoreError, id: Uuid) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::NotFound(format!("there is no webhook {id}")),
        e => e.into(),
    }
}

fn missing_delivery(e: StoreError, id: Uuid) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::NotFound(format!("there is no webhook delivery {id}")),
        e => e.into(),
    }
}

/// Re-reads the subscriptions after a change; a failure only delays events
/// until the dispatcher's next periodic refresh.
async fn refresh(st: &AppState) {
    if let Err(e) = st.webhooks.refresh().await {
        tracing::warn!(error = %e, "cannot re-read the webhooks");
    }
    st.broker.send(crate::broker::Signal::Webhooks);
}

/// Every webhook, oldest first (secrets are shown only at creation).
#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks", security(("bearer" = [])),
    responses((status = 200, body = Vec<Webhook>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_webhooks(
    _: AdminCaller,
    State(st): State<AppState>,
) -> ApiResult<Json<Vec<Webhook>>> {
    let list = st.store.list_webhooks().await?;
    Ok(Json(list.into_iter().map(|r| r.webhook).collect()))
}

/// Registers a URL for some events; the answer holds the signing secret, once.
#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", security(("bearer" = [])),
    request_body = CreateWebhook,
    responses((status = 201, body = CreatedWebhook), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn create_webhook(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Json(req): Json<CreateWebhook>,
) -> ApiResult<(StatusCode, Json<CreatedWebhook>)> {
    check_url(&req.url).map_err(|e| ApiError::BadRequest(format!("url: {e}")))?;
    let events =
        check_events(&req.events).map_err(|e| ApiError::BadRequest(format!("events: {e}")))?;
    if st.store.list_webhooks().await?.len() >= MAX_WEBHOOKS {
        return Err(ApiError::BadRequest(format!(
            "there are {MAX_WEBHOOKS} webhooks already, the most chatd keeps; remove one first"
        )));
    }
    let rec = st
        .store
        .create_webhook(NewWebhook {
            url: req.url,
            events,
            secret: format!("whsec_{}", random_b64(32)),
        })
        .await?;
    refresh(&st).await;
    tracing::info!(webhook = %rec.webhook.id, by = %caller.user.id, "webhook created");
    audit::record(
        &st,
        &caller,
        "webhook.create",
        rec.webhook.id,
        json!({"url": rec.webhook.url, "events": rec.webhook.events}),
    )
    .await;
    Ok((
        StatusCode::CREATED,
        Json(CreatedWebhook {
            webhook: rec.webhook,
            secret: rec.secret,
        }),
    ))
}

/// One webhook.
#[utoipa::path(get, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Webhook), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_webhook(
    _: AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Webhook>> {
    let r = st
        .store
        .get_webhook(id)
        .await
        .map_err(|e| missing_hook(e, id))?;
    Ok(Json(r.webhook))
}

/// Deletes a webhook and its deliveries, pending ones included.
#[utoipa::path(delete, path = "/api/v1/webhooks/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn delete_webhook(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    st.store
        .delete_webhook(id)
        .await
        .map_err(|e| missing_hook(e, id))?;
    refresh(&st).await;
    tracing::info!(webhook = %id, by = %caller.user.id, "webhook deleted");
    audit::record(&st, &caller, "webhook.delete", id, json!({})).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Queues a `ping` delivery to the webhook, whatever events it subscribes to.
#[utoipa::path(post, path = "/api/v1/webhooks/{id}/test", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 202, body = Delivery), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn test_webhook(
    _: AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<(StatusCode, Json<Delivery>)> {
    st.store
        .get_webhook(id)
        .await
        .map_err(|e| missing_hook(e, id))?;
    let ping = crate::webhooks::ping(id);
    let delivery_id = ping.id;
    if st.store.enqueue_deliveries(vec![ping]).await? == 0 {
        // Deleted between the check and the insert.
        return Err(ApiError::NotFound(format!("there is no webhook {id}")));
    }
    st.webhooks.wake();
    let d = st
        .store
        .get_delivery(delivery_id)
        .await
        .map_err(|e| missing_delivery(e, delivery_id))?;
    Ok((StatusCode::ACCEPTED, Json(d)))
}

/// Which deliveries to list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
struct DeliveryQuery {
    /// Only this webhook's.
    webhook_id: Option<Uuid>,
    /// Only those in this status: pending, delivered or failed.
    #[param(value_type = Option<DeliveryStatus>)]
    status: Option<DeliveryStatus>,
    /// At most this many, 1 to 500 [default: 50].
    limit: Option<u32>,
}

/// Deliveries, newest first.
#[utoipa::path(get, path = "/api/v1/webhook-deliveries", tag = "webhooks", security(("bearer" = [])),
    params(DeliveryQuery),
    responses((status = 200, body = Vec<Delivery>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn list_deliveries(
    _: AdminCaller,
    State(st): State<AppState>,
    Query(q): Query<DeliveryQuery>,
) -> ApiResult<Json<Vec<Delivery>>> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::BadRequest(format!(
            "limit: must be 1 to {MAX_LIMIT}"
        )));
    }
    if let Some(id) = q.webhook_id {
        // An unknown hook is a mistake worth naming, not an empty list.
        st.store
            .get_webhook(id)
            .await
            .map_err(|e| missing_hook(e, id))?;
    }
    let list = st
        .store
        .list_deliveries(DeliveryFilter {
            webhook_id: q.webhook_id,
            status: q.status,
            limit,
        })
        .await?;
    Ok(Json(list))
}

/// One delivery, with its body.
#[utoipa::path(get, path = "/api/v1/webhook-deliveries/{id}", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Delivery), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn get_delivery(
    _: AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Delivery>> {
    let d = st
        .store
        .get_delivery(id)
        .await
        .map_err(|e| missing_delivery(e, id))?;
    Ok(Json(d))
}

/// Queues a delivery again, due now: same delivery id and body (receivers
/// that drop repeats by id will drop it), a fresh signature timestamp, and
/// a fresh budget of attempts. Works in every status.
#[utoipa::path(post, path = "/api/v1/webhook-deliveries/{id}/replay", tag = "webhooks", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 202, body = Delivery), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn replay_delivery(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<(StatusCode, Json<Delivery>)> {
    let d = st
        .store
        .replay_delivery(id, now_ms())
        .await
        .map_err(|e| missing_delivery(e, id))?;
    st.webhooks.wake();
    tracing::info!(delivery = %id, by = %caller.user.id, "webhook delivery replayed");
    audit::record(
        &st,
        &caller,
        "webhook.replay",
        id,
        json!({"webhook_id": d.webhook_id}),
    )
    .await;
    Ok((StatusCode::ACCEPTED, Json(d)))
}
