//! `POST /tasks` and `POST /tasks/bulk`.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{
    BulkCreateTasksRequest, CreateTaskRequest, JobResponse, Problem, TaskResponse,
};
use crm_domain::{ApiScope, TimeZoneName};

use super::{one, parse_input};
use crate::app::tasks::{self as use_case, BulkCreateTasks};
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::queue::BackgroundJob;
use crate::state::AppState;
use crate::versioning::etag;

/// Most contacts of one bulk creation.
const MAX_BULK: usize = 10_000;

/// Creates a task; the responsible user (when not the caller) is notified unless
/// `notify_responsible` is false.
#[utoipa::path(tag = "tasks", request_body = CreateTaskRequest, responses(
    (status = 201, body = TaskResponse, headers(("ETag" = String))),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/tasks")]
pub async fn create_task(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<CreateTaskRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let b = body.into_inner();
    let input = parse_input(p, &b, "")?;
    let actor = Actor::of(p);
    let tz = TimeZoneName::tz_or_utc(&p.user.time_zone);
    let about = super::about_of(b.contact_id, b.deal_id, b.case_id, b.project_id, "")?.flatten();
    let body = app::write(&state, move |tx| {
        let t = use_case::create(tx, &actor, &input, about)?;
        one(tx.conn, actor.portal_id, actor.viewer(), tz, t, tx.now)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/tasks/{}", body.id)))
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Creates one task per contact in a background job; follow it at `/jobs/{id}`. Its result
/// is `{"created": n, "skipped": [{"contact_id", "code"}]}`.
#[utoipa::path(tag = "tasks", request_body = BulkCreateTasksRequest, responses(
    (status = 202, body = JobResponse),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/tasks/bulk")]
pub async fn bulk_create(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<BulkCreateTasksRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let b = body.into_inner();
    crate::extract::check_ids("contact_ids", Some(&b.contact_ids), MAX_BULK)?;
    if b.contact_ids.is_empty() {
        return Err(ApiError::field(
            "contact_ids",
            "required",
            "at least one contact",
        ));
    }
    for (field, given) in [
        ("task.contact_id", b.task.contact_id),
        ("task.deal_id", b.task.deal_id),
        ("task.case_id", b.task.case_id),
        ("task.project_id", b.task.project_id),
    ] {
        if given.is_some() {
            return Err(ApiError::field(
                field,
                "not_allowed",
                "each task is about its contact of contact_ids",
            ));
        }
    }
    let input = parse_input(p, &b.task, "task.")?;
    let job = BulkCreateTasks {
        actor: Actor::of(p),
        contact_ids: crm_persistence::portals::dedup(&b.contact_ids),
        task: input,
    };
    let (portal_id, user_id) = (p.portal_id(), p.user_id());
    let job = app::write(&state, move |tx| {
        use_case::check_refs(
            tx.conn,
            portal_id,
            Some(job.task.category_id),
            Some(job.task.responsible_id),
        )
        .map_err(|e| e.prefixed("task."))?;
        let id = job.enqueue(tx.conn, portal_id, Some(user_id))?;
        Ok(crm_persistence::jobs::find(tx.conn, portal_id, id)?)
    })
    .await?;
    state.jobs_queued.notify_waiters();
    Ok(crate::routes::jobs::accepted(job))
}
