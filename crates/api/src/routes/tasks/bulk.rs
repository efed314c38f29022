//! `POST /tasks/bulk-actions`: close, reopen, reassign, move the deadline of or delete many
//! tasks.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{Problem, TaskBulkAction, TaskBulkFailure, TaskBulkRequest, TaskBulkResponse};
use crm_domain::{task, ApiScope, FieldError, TimeZoneName, Validator};

use crate::app::tasks::{self as use_case, BulkChange};
use crate::app::{self, Actor};
use crate::auth::{CrmUser, Principal};
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::AppState;

/// Most tasks per request.
const MAX_IDS: usize = 1000;
/// Most days a deadline moves by.
const MAX_SHIFT: i32 = 3650;

fn parse(p: &Principal, b: &TaskBulkRequest) -> Result<BulkChange, ApiError> {
    let mut v = Validator::new();
    if b.ids.is_empty() || b.ids.len() > MAX_IDS {
        v.push(FieldError::new(
            "ids",
            "out_of_range",
            "between 1 and 1000 ids",
        ));
    }
    let tz = TimeZoneName::tz_or_utc(&p.user.time_zone);
    let chosen = TaskBulkAction::ALL
        .iter()
        .copied()
        .find(|a| a.as_str() == b.action);
    let change = match chosen {
        Some(TaskBulkAction::Close) => Some(BulkChange::Closed(true)),
        Some(TaskBulkAction::Reopen) => Some(BulkChange::Closed(false)),
        Some(TaskBulkAction::Delete) => Some(BulkChange::Delete),
        Some(TaskBulkAction::Reassign) => match b.responsible_id {
            Some(responsible_id) => Some(BulkChange::Reassign {
                responsible_id,
                notify: b.notify_responsible.unwrap_or(true),
            }),
            None => {
                v.push(FieldError::new(
                    "responsible_id",
                    "required",
                    "name the new responsible user",
                ));
                None
            }
        },
        Some(TaskBulkAction::MoveDeadline) => match (b.shift_days, b.deadline.as_deref()) {
            (Some(days), None) if days != 0 && days.abs() <= MAX_SHIFT => {
                Some(BulkChange::Shift { days, tz })
            }
            (Some(_), None) => {
                v.push(FieldError::new(
                    "shift_days",
                    "out_of_range",
                    "between -3650 and 3650, not 0",
                ));
                None
            }
            (None, Some(deadline)) => v
                .check(task::parse_deadline("deadline", deadline, tz))
                .map(BulkChange::Deadline),
            (Some(_), Some(_)) => {
                v.push(FieldError::new(
                    "deadline",
                    "not_allowed",
                    "give shift_days or deadline, not both",
                ));
                None
            }
            (None, None) => {
                v.push(FieldError::new(
                    "shift_days",
                    "required",
                    "give shift_days or deadline",
                ));
                None
            }
        },
        None => {
            v.push(FieldError::new(
                "action",
                "invalid_value",
                "must be close, reopen, reassign, move_deadline or delete",
            ));
            None
        }
    };
    v.finish()?;
    change.ok_or_else(|| ApiError::Internal(anyhow::anyhow!("validator passed without an action")))
}

/// Applies one action to many tasks in one transaction, each as its single action would:
/// closing writes the `task_closed` history entry, a new deadline or responsible user
/// reschedules the reminder, a new responsible user is told of each task. Tasks the caller
/// cannot see or change are skipped and listed in `failed`; a task already as asked counts
/// as done and is left unchanged.
#[utoipa::path(tag = "tasks", request_body = TaskBulkRequest, responses(
    (status = 200, body = TaskBulkResponse),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/tasks/bulk-actions")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn bulk_change_tasks(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<TaskBulkRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Write)?;
    let b = body.into_inner();
    let change = parse(p, &b)?;
    let actor = Actor::of(p);
    let out = app::write(&state, move |tx| {
        use_case::bulk(tx, &actor, &b.ids, &change)
    })
    .await?;
    let failed = out
        .failed
        .into_iter()
        .map(|(id, code)| TaskBulkFailure {
            id,
            code: code.into(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(TaskBulkResponse {
        done: out.done,
        failed,
    }))
}
