//! Widget administration (admin only) and the embed snippet.

use super::caller::AdminCaller;
use super::client_ip::Scheme;
use super::error::{ApiError, ApiResult};
use super::json::{Json, Path};
use super::validate;
use crate::app::AppState;
use crate::auth::secrets::new_site_key;
use crate::lifecycle::audit;
use crate::store::NewWidget;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use proto::ErrorBody;
use proto::auth::User;
use proto::widgets::{CreateWidget, Snippet, Widget, WidgetPatch, WidgetSettings};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/widgets`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_widgets, create_widget))
        .routes(routes!(get_widget, update_widget, delete_widget))
        .routes(routes!(rotate_key))
        .routes(routes!(snippet))
        .routes(routes!(members))
        .routes(routes!(identity_secret))
        .routes(routes!(add_member, remove_member))
}

/// Checks every field a patch sets.
pub fn check_patch(p: &WidgetPatch) -> ApiResult<()> {
    crate::lifecycle::retention::check_days(p.retention_days)?;
    if let Some(n) = &p.name {
        validate::text("name", n, 100, true)?;
    }
    if let Some(t) = &p.title {
        validate::text("title", t, 100, true)?;
    }
    if let Some(t) = &p.welcome_message {
        validate::text("welcome_message", t, 2000, false)?;
    }
    if let Some(t) = &p.offline_message {
        validate::text("offline_message", t, 2000, false)?;
    }
    if let Some(words) = &p.handoff_keywords {
        if words.len() > 100 {
            return Err(ApiError::BadRequest("handoff_keywords: at most 100".into()));
        }
        for (i, w) in words.iter().enumerate() {
            validate::text(&format!("handoff_keywords[{i}]"), w, 100, true)?;
        }
    }
    if let Some(c) = &p.colors {
        validate::color("colors.primary", &c.primary)?;
        validate::color("colors.on_primary", &c.on_primary)?;
    }
    if let Some(fields) = &p.prechat_fields {
        if fields.len() > 20 {
            return Err(ApiError::BadRequest(
                "prechat_fields: at most 20 fields".into(),
            ));
        }
        for (i, f) in fields.iter().enumerate() {
            validate::text(&format!("prechat_fields[{i}].name"), &f.name, 50, true)?;
            validate::text(&format!("prechat_fields[{i}].label"), &f.label, 200, true)?;
        }
    }
    if let Some(origins) = &p.allowed_origins {
        if origins.len() > 100 {
            return Err(ApiError::BadRequest(
                "allowed_origins: at most 100 origins".into(),
            ));
        }
        for o in origins {
            validate::origin(o)?;
        }
    }
    if let Some(ai) = &p.ai {
        if let Some(m) = &ai.model {
            validate::text("ai.model", m, 200, true)?;
        }
        if let Some(s) = &ai.system_prompt {
            validate::text("ai.system_prompt", s, 20_000, false)?;
        }
        if let Some(t) = ai.temperature
            && !(0.0..=2.0).contains(&t)
        {
            return Err(ApiError::BadRequest(
                "ai.temperature: must be between 0 and 2".into(),
            ));
        }
    }
    if let Some(faq) = &p.faq {
        if faq.len() > 500 {
            return Err(ApiError::BadRequest("faq: at most 500 entries".into()));
        }
        for (i, e) in faq.iter().enumerate() {
            validate::text(&format!("faq[{i}].question"), &e.question, 1000, true)?;
            validate::text(&format!("faq[{i}].answer"), &e.answer, 5000, true)?;
        }
    }
    Ok(())
}

/// All widgets.
#[utoipa::path(get, path = "/api/v1/widgets", tag = "widgets", security(("bearer" = [])),
    responses((status = 200, body = Vec<Widget>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_widgets(_: AdminCaller, State(st): State<AppState>) -> ApiResult<Json<Vec<Widget>>> {
    Ok(Json(st.store.list_widgets().await?))
}

/// Creates a widget with a fresh site key.
#[utoipa::path(post, path = "/api/v1/widgets", tag = "widgets", security(("bearer" = [])),
    request_body = CreateWidget,
    responses((status = 201, body = Widget), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_widget(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Json(req): Json<CreateWidget>,
) -> ApiResult<(StatusCode, Json<Widget>)> {
    validate::text("name", &req.name, 100, true)?;
    check_patch(&req.settings)?;
    let mut settings = WidgetSettings::default();
    req.settings.apply_to(&mut settings);
    let widget = st
        .store
        .create_widget(NewWidget {
            name: req.name.trim().to_string(),
            site_key: new_site_key(),
            settings,
        })
        .await?;
    audit::record(
        &st,
        &caller,
        "widget.create",
        widget.id,
        json!({"name": widget.name}),
    )
    .await;
    Ok((StatusCode::CREATED, Json(widget)))
}

/// One widget.
#[utoipa::path(get, path = "/api/v1/widgets/{id}", tag = "widgets", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Widget), (status = 404, body = ErrorBody)))]
async fn get_widget(
    _: AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Widget>> {
    Ok(Json(st.store.get_widget(id).await?))
}

/// Changes the fields given; lists are replaced whole.
#[utoipa::path(patch, path = "/api/v1/widgets/{id}", tag = "widgets", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = WidgetPatch,
    responses((status = 200, body = Widget), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn update_widget(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(mut patch): Json<WidgetPatch>,
) -> ApiResult<Json<Widget>> {
    check_patch(&patch)?;
    patch.name = patch.name.map(|n| n.trim().to_string());
    let details = serde_json::to_value(&patch).unwrap_or_default();
    let w = st.store.update_widget(id, patch).await?;
    st.engine.forget_widget(id);
    audit::record(&st, &caller, "widget.update", id, details).await;
    Ok(Json(w))
}

/// Deletes a widget.
#[utoipa::path(delete, path = "/api/v1/widgets/{id}", tag = "widgets", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn delete_widget(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    st.store.delete_widget(id).await?;
    st.engine.forget_widget(id);
    audit::record(&st, &caller, "widget.delete", id, json!({})).await;
    Ok(StatusCode::NO_CONTENT)
}

/// Gives the widget a new site key; the old key stops working at once.
#[utoipa::path(post, path = "/api/v1/widgets/{id}/rotate-key", tag = "widgets", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Widget), (status = 404, body = ErrorBody)))]
async fn rotate_key(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Widget>> {
    let w = st.store.set_widget_site_key(id, &new_site_key()).await?;
    audit::record(&st, &caller, "widget.rotate_key", id, json!({})).await;
    Ok(Json(w))
}

/// The base URL visitors' browsers reach chatd at: `public_url` when
/// configured, otherwise the Host (and scheme) this request came to.
fn public_base(st: &AppState, headers: &HeaderMap, scheme: Scheme) -> String {
    if let Some(u) = &st.config.public_url {
        return u.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .map_or_else(|| st.config.listen.to_string(), str::to_string);
    format!("{}://{host}", scheme.as_str())
}

/// The HTML that embeds this widget on a page.
#[utoipa::path(get, path = "/api/v1/widgets/{id}/snippet", tag = "widgets", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Snippet), (status = 404, body = ErrorBody)))]
async fn snippet(
    _: AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    scheme: Scheme,
    headers: HeaderMap,
) -> ApiResult<Json<Snippet>> {
    let w = st.store.get_widget(id).await?;
    let base = public_base(&st, &headers, scheme);
    Ok(Json(Snippet {
        html: format!(
            "<script async src=\"{base}/widget.js\" data-site-key=\"{}\"></script>",
            w.site_key
        ),
    }))
}

/// The users who are members of a widget (admins work on every widget whether listed or not).
#[utoipa::path(get, path = "/api/v1/widgets/{id}/members", tag = "widgets", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<User>), (status = 404, body = ErrorBody)))]
async fn members(
    _: AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<User>>> {
    st.store.get_widget(id).await?;
    let ids: std::collections::HashSet<Uuid> = st
        .store
        .memberships()
        .await?
        .into_iter()
        .filter(|(w, _)| *w == id)
        .map(|(_, u)| u)
        .collect();
    let users = st
        .store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| ids.contains(&u.id))
        .collect();
    Ok(Json(users))
}

/// Makes a user a member of a widget: they see, accept and are assigned its conversations.
#[utoipa::path(put, path = "/api/v1/widgets/{id}/members/{user_id}", tag = "widgets", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn add_member(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    st.store.get_widget(id).await?;
    st.engine
        .set_member(id, user_id, true)
        .await
        .map_err(super::visitor::engine_err)?;
    audit::record(
        &st,
        &caller,
        "widget.member.add",
        id,
        json!({"user_id": user_id}),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes a user from a widget.
#[utoipa::path(delete, path = "/api/v1/widgets/{id}/members/{user_id}", tag = "widgets", security(("bearer" = [])),
    params(("id" = Uuid, Path), ("user_id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove_member(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path((id, user_id)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    st.store.get_widget(id).await?;
    st.engine
        .set_member(id, user_id, false)
        .await
        .map_err(super::visitor::engine_err)?;
    audit::record(
        &st,
        &caller,
        "widget.member.remove",
        id,
        json!({"user_id": user_id}),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}

/// The key the website signs visitor ids with (`user_hash`); rotating the
/// site key rotates it.
#[utoipa::path(get, path = "/api/v1/widgets/{id}/identity-secret", tag = "widgets", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = proto::widgets::IdentitySecret), (status = 404, body = ErrorBody)))]
async fn identity_secret(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<proto::widgets::IdentitySecret>> {
    let w = st.store.get_widget(id).await?;
    // Reading a secret is worth a record: whoever has it can vouch for visitors.
    audit::record(&st, &caller, "widget.identity_secret.read", id, json!({})).await;
    Ok(Json(proto::widgets::IdentitySecret {
        identity_secret: st.jwt.identity.widget_secret(&w),
    }))
}
