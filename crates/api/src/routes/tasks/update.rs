//! `PATCH /tasks/{id}`.

use actix_web::{patch, web, HttpRequest, HttpResponse};
use crm_api_types::{Problem, TaskResponse, UpdateTaskRequest};
use crm_domain::task;
use crm_domain::{ApiScope, TimeZoneName, Validator};
use crm_persistence::tasks::{self, TaskChanges};

use super::{description, ok, one, reminder_of, title};
use crate::app::tasks as use_case;
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::error::ApiResult;
use crate::extract::Json;
use crate::state::AppState;
use crate::versioning::precondition;

/// Changes a task. A new deadline, reminder or responsible user reschedules the reminder.
#[utoipa::path(tag = "tasks", params(("id" = i64, Path, description = "Task id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = UpdateTaskRequest, responses(
        (status = 200, body = TaskResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/tasks/{id}")]
pub async fn update_task(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<UpdateTaskRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let b = body.into_inner();
    let pre = precondition(&req, b.version)?;
    let tz = TimeZoneName::tz_or_utc(&p.user.time_zone);
    // `0` clears what it is about.
    let about = super::about_of(b.contact_id, b.deal_id, b.case_id, b.project_id, "")?
        .map(tasks::about_columns);
    let mut v = Validator::new();
    let mut changes = TaskChanges {
        title: b.title.as_deref().and_then(|t| title(&mut v, "title", t)),
        description: b
            .description
            .as_deref()
            .and_then(|d| description(&mut v, "description", d)),
        category_id: b.category_id,
        responsible_id: b.responsible_id,
        about_kind: about.map(|(kind, _)| kind),
        about_id: about.map(|(_, id)| id),
        deadline: b
            .deadline
            .as_deref()
            .and_then(|d| v.check(task::parse_deadline("deadline", d, tz))),
        reminder: b.reminder.map(|r| reminder_of(r).as_str().to_owned()),
        ..TaskChanges::default()
    };
    v.finish()?;
    changes.sort_title = changes.title.as_ref().map(|t| t.to_lowercase());
    let actor = Actor::of(p);
    let notify = b.notify_responsible.unwrap_or(true);
    let id = id.into_inner();
    let body = app::write(&state, move |tx| {
        let now = tx.now;
        let (portal_id, viewer) = (actor.portal_id, actor.viewer());
        tx.unless_unchanged(
            |conn| {
                let t = crm_persistence::tasks::find_visible(conn, portal_id, viewer, id)?;
                one(conn, portal_id, viewer, tz, t, now)
            },
            |tx| use_case::update(tx, &actor, id, pre, changes, notify).map(drop),
        )
    })
    .await?;
    Ok(ok(body))
}
