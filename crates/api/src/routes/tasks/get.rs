//! `GET /tasks/{id}` and `DELETE /tasks/{id}`.

use actix_web::{delete, get, web, HttpResponse};
use crm_api_types::{Problem, TaskResponse};
use crm_domain::{ApiScope, TimeZoneName};
use crm_persistence::tasks;

use super::{ok, one};
use crate::app::tasks as use_case;
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;

/// One task.
#[utoipa::path(tag = "tasks", params(("id" = i64, Path, description = "Task id")), responses(
    (status = 200, body = TaskResponse, headers(("ETag" = String))),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/tasks/{id}")]
pub async fn get_task(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Read)?;
    let (portal_id, viewer, id) = (p.portal_id(), p.viewer(), id.into_inner());
    let tz = TimeZoneName::tz_or_utc(&p.user.time_zone);
    let at = state.clock.now();
    let body = db::run(&state.pool, move |conn| {
        let t = tasks::find_visible(conn, portal_id, viewer, id)?;
        one(conn, portal_id, viewer, tz, t, at)
    })
    .await?;
    Ok(ok(body))
}

/// Deletes a task.
#[utoipa::path(tag = "tasks", params(("id" = i64, Path, description = "Task id")), responses(
    (status = 204),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/tasks/{id}")]
pub async fn delete_task(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let (actor, id) = (Actor::of(p), id.into_inner());
    app::write(&state, move |tx| use_case::delete(tx, &actor, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}
