//! `POST /tasks/{id}/close` and `POST /tasks/{id}/reopen`.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{Problem, TaskResponse};
use crm_domain::{ApiScope, TimeZoneName};

use super::{ok, one};
use crate::app::tasks as use_case;
use crate::app::{self, Actor};
use crate::auth::{CrmUser, Principal};
use crate::error::ApiResult;
use crate::state::AppState;

async fn set_closed(
    state: web::Data<AppState>,
    p: &Principal,
    id: i64,
    close: bool,
) -> ApiResult<HttpResponse> {
    p.require(ApiScope::Write)?;
    let actor = Actor::of(p);
    let tz = TimeZoneName::tz_or_utc(&p.user.time_zone);
    let body = app::write(&state, move |tx| {
        let t = use_case::set_closed(tx, &actor, id, close)?;
        one(tx.conn, actor.portal_id, actor.viewer(), tz, t, tx.now)
    })
    .await?;
    Ok(ok(body))
}

/// Closes a task (no version needed); closing a task about a contact adds a `task_closed`
/// entry to the contact's history. Closing a closed task changes nothing.
#[utoipa::path(tag = "tasks", params(("id" = i64, Path, description = "Task id")), responses(
    (status = 200, body = TaskResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[post("/tasks/{id}/close")]
pub async fn close_task(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    set_closed(state, &user.0, id.into_inner(), true).await
}

/// Opens a closed task again; an undelivered reminder is scheduled again.
#[utoipa::path(tag = "tasks", params(("id" = i64, Path, description = "Task id")), responses(
    (status = 200, body = TaskResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[post("/tasks/{id}/reopen")]
pub async fn reopen_task(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    set_closed(state, &user.0, id.into_inner(), false).await
}
