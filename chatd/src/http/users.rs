//! User administration (admin only).

use super::caller::AdminCaller;
use super::error::{ApiError, ApiResult};
use super::json::{Json, Path};
use super::validate;
use crate::app::AppState;
use crate::lifecycle::audit;
use crate::store::{NewUser, UserChanges};
use axum::extract::State;
use axum::http::StatusCode;
use proto::ErrorBody;
use proto::auth::{CreateUser, Role, UpdateUser, User};
use serde_json::json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

/// Routes under `/api/v1/users`.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_users, create_user))
        .routes(routes!(get_user, update_user, delete_user))
}

/// All users.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    responses((status = 200, body = Vec<User>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list_users(_: AdminCaller, State(st): State<AppState>) -> ApiResult<Json<Vec<User>>> {
    Ok(Json(st.store.list_users().await?))
}

/// Creates a user.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", security(("bearer" = [])),
    request_body = CreateUser,
    responses((status = 201, body = User), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn create_user(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Json(req): Json<CreateUser>,
) -> ApiResult<(StatusCode, Json<User>)> {
    let email = validate::email(&req.email)?;
    validate::password(&req.password)?;
    let name = req
        .name
        .unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_string());
    validate::text("name", &name, 200, true)?;
    let password_hash = st
        .passwords
        .hash(&req.password)
        .await
        .map_err(ApiError::internal)?;
    let user = st
        .store
        .create_user(NewUser {
            email,
            name,
            role: req.role.unwrap_or(Role::Agent),
            password_hash,
        })
        .await?;
    audit::record(
        &st,
        &caller,
        "user.create",
        user.id,
        json!({"email": user.email, "role": user.role}),
    )
    .await;
    Ok((StatusCode::CREATED, Json(user)))
}

/// One user.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = User), (status = 404, body = ErrorBody)))]
async fn get_user(
    _: AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<User>> {
    Ok(Json(st.store.get_user(id).await?))
}

/// Refuses a change that would leave no enabled admin: nobody could administer chatd then.
async fn keep_an_admin(st: &AppState, id: Uuid, loses_admin: bool) -> ApiResult<()> {
    if !loses_admin {
        return Ok(());
    }
    let others = st
        .store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| u.id != id && u.role == Role::Admin && !u.disabled)
        .count();
    if others == 0 {
        return Err(ApiError::Conflict(
            "this is the last enabled admin; make another user admin first".into(),
        ));
    }
    Ok(())
}

/// Changes a user's name, role, disabled flag or password.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = UpdateUser,
    responses((status = 200, body = User), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn update_user(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
    Json(req): Json<UpdateUser>,
) -> ApiResult<Json<User>> {
    let current = st.store.get_user(id).await?;
    if let Some(name) = &req.name {
        validate::text("name", name, 200, true)?;
    }
    let loses_admin = current.role == Role::Admin
        && !current.disabled
        && (req.role == Some(Role::Agent) || req.disabled == Some(true));
    keep_an_admin(&st, id, loses_admin).await?;
    let password_hash = match &req.password {
        Some(p) => {
            validate::password(p)?;
            Some(st.passwords.hash(p).await.map_err(ApiError::internal)?)
        }
        None => None,
    };
    let details = json!({"name": req.name, "role": req.role, "disabled": req.disabled, "password_changed": password_hash.is_some()});
    let changes = UserChanges {
        name: req.name,
        role: req.role,
        disabled: req.disabled,
        password_hash,
    };
    let user = st.store.update_user(id, changes).await?;
    audit::record(&st, &caller, "user.update", id, details).await;
    Ok(Json(user))
}

/// Deletes a user, their sessions and API tokens.
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = "users", security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn delete_user(
    AdminCaller(caller): AdminCaller,
    State(st): State<AppState>,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    let current = st.store.get_user(id).await?;
    keep_an_admin(&st, id, current.role == Role::Admin && !current.disabled).await?;
    st.store.delete_user(id).await?;
    audit::record(
        &st,
        &caller,
        "user.delete",
        id,
        json!({"email": current.email}),
    )
    .await;
    Ok(StatusCode::NO_CONTENT)
}
