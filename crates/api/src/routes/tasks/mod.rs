//! `/tasks`: to-dos with a category, responsible user, deadline and reminder, optionally about
//! a contact. Who sees a task: CRM admins, its responsible user and creator, everyone when it
//! is about no contact, else whoever sees the contact. CRM admins, the responsible user and
//! the creator change, close and delete it. The rules live in [`crate::app::tasks`]; these
//! handlers parse, call and render.

mod bulk;
mod close;
mod create;
mod get;
pub(crate) mod list;
mod update;

use std::collections::HashMap;

use actix_web::HttpResponse;
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use crm_api_types::{CreateTaskRequest, ReminderName, TaskResponse};
use crm_domain::task::{self, Reminder};
use crm_domain::{BoundedText, FieldError, RecordKind, RecordRef, TimeZoneName, Validator, Viewer};
use crm_persistence::tasks::{TaskRow, TaskSort};
use crm_persistence::DbConnection;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::tasks::TaskInput;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::routes::views::utc;
use crate::versioning::etag;

/// Mounts `/tasks`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_tasks)
        .service(create::create_task)
        .service(create::bulk_create)
        .service(bulk::bulk_change_tasks)
        .service(get::get_task)
        .service(update::update_task)
        .service(close::close_task)
        .service(close::reopen_task)
        .service(get::delete_task);
}

const SORTS: &[(&str, TaskSort)] = &[
    ("deadline", TaskSort::Deadline),
    ("title", TaskSort::Title),
    ("category", TaskSort::Category),
];

fn reminder_name(r: Reminder) -> ReminderName {
    match r {
        Reminder::Never => ReminderName::Never,
        Reminder::Minutes(5) => ReminderName::Minutes5,
        Reminder::Minutes(15) => ReminderName::Minutes15,
        Reminder::Minutes(30) => ReminderName::Minutes30,
        Reminder::Minutes(60) => ReminderName::Hour1,
        Reminder::Minutes(_) => ReminderName::Hours2,
        Reminder::DayBefore => ReminderName::Day1,
    }
}

fn reminder_of(r: ReminderName) -> Reminder {
    match r {
        ReminderName::Never => Reminder::Never,
        ReminderName::Minutes5 => Reminder::Minutes(5),
        ReminderName::Minutes15 => Reminder::Minutes(15),
        ReminderName::Minutes30 => Reminder::Minutes(30),
        ReminderName::Hour1 => Reminder::Minutes(60),
        ReminderName::Hours2 => Reminder::Minutes(120),
        ReminderName::Day1 => Reminder::DayBefore,
    }
}

/// A task as the viewer sees it.
pub fn view(
    t: TaskRow,
    viewer: Viewer,
    tz: Tz,
    about_name: Option<String>,
    at: NaiveDateTime,
) -> TaskResponse {
    let contact_name = about_name.clone().filter(|_| t.contact_id().is_some());
    let reminder = Reminder::parse("reminder", &t.reminder).unwrap_or(Reminder::Never);
    TaskResponse {
        can_edit: t.editable_by(viewer),
        contact_id: t.contact_id(),
        deal_id: about_id(&t, RecordKind::Deal),
        case_id: about_id(&t, RecordKind::Case),
        project_id: about_id(&t, RecordKind::Project),
        id: t.id,
        deadline_local: task::local_text(t.deadline, tz),
        overdue: t.closed_at.is_none() && t.deadline < at,
        title: t.title,
        description: t.description,
        category_id: t.category_id,
        responsible_id: t.responsible_id,
        contact_name,
        about_name,
        deadline: utc(t.deadline),
        reminder: reminder_name(reminder),
        remind_at: t.remind_at.map(utc),
        reminded_at: t.reminded_at.map(utc),
        closed: t.closed_at.is_some(),
        closed_at: t.closed_at.map(utc),
        created_by: t.created_by,
        created_at: utc(t.created_at),
        updated_at: utc(t.updated_at),
        version: t.version,
    }
}

/// The id of the record of `kind` the task is about, if it is about one.
fn about_id(t: &TaskRow, kind: RecordKind) -> Option<i64> {
    t.about().filter(|r| r.kind == kind).map(|r| r.id)
}

/// The record a task request names by `contact_id`, `deal_id`, `case_id` or `project_id` (at
/// most one):
/// `None` when none is given, `Some(None)` for `0` (no record).
pub fn about_of(
    contact_id: Option<i64>,
    deal_id: Option<i64>,
    case_id: Option<i64>,
    project_id: Option<i64>,
    prefix: &str,
) -> Result<Option<Option<RecordRef>>, ApiError> {
    let given: Vec<(RecordKind, i64, &str)> = [
        (RecordKind::Contact, contact_id, "contact_id"),
        (RecordKind::Deal, deal_id, "deal_id"),
        (RecordKind::Case, case_id, "case_id"),
        (RecordKind::Project, project_id, "project_id"),
    ]
    .into_iter()
    .filter_map(|(kind, id, field)| id.map(|id| (kind, id, field)))
    .collect();
    match given.as_slice() {
        [] => Ok(None),
        [(kind, id, _)] => Ok(Some((*id != 0).then_some(RecordRef {
            kind: *kind,
            id: *id,
        }))),
        [_, (_, _, field), ..] => Err(ApiError::field(
            format!("{prefix}{field}"),
            "conflict",
            "a task is about one record: give one of contact_id, deal_id, case_id and project_id",
        )),
    }
}

/// The names of the records `rows` are about that the viewer may see.
fn about_names(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    rows: &[TaskRow],
) -> Result<HashMap<RecordRef, String>, ApiError> {
    let mut names = HashMap::new();
    for kind in RecordKind::ALL {
        let ids: Vec<i64> = rows.iter().filter_map(|t| about_id(t, kind)).collect();
        let found = crm_persistence::records::visible_names(conn, portal_id, viewer, kind, &ids)?;
        names.extend(
            found
                .into_iter()
                .map(|(id, name)| (RecordRef { kind, id }, name)),
        );
    }
    Ok(names)
}

/// The name of the record `t` is about, from `names`.
fn about_name(t: &TaskRow, names: &HashMap<RecordRef, String>) -> Option<String> {
    t.about().and_then(|r| names.get(&r).cloned())
}

/// One task with its contact's name, as the viewer sees it at `at`.
fn one(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    tz: Tz,
    t: TaskRow,
    at: NaiveDateTime,
) -> Result<TaskResponse, ApiError> {
    let names = about_names(conn, portal_id, viewer, std::slice::from_ref(&t))?;
    let name = about_name(&t, &names);
    Ok(view(t, viewer, tz, name, at))
}

fn ok(body: TaskResponse) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body)
}

fn title(v: &mut Validator, field: &str, input: &str) -> Option<String> {
    v.check(BoundedText::<250>::parse(field, input))
        .map(BoundedText::into_inner)
}

fn description(v: &mut Validator, field: &str, input: &str) -> Option<String> {
    let input = input.replace("\r\n", "\n");
    if input
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        v.push(FieldError::new(
            field,
            "invalid_characters",
            "must not contain control characters other than line breaks and tabs",
        ));
        return None;
    }
    if input.chars().count() > 10_000 {
        v.push(FieldError::new(
            field,
            "too_long",
            "at most 10000 characters",
        ));
        return None;
    }
    Some(input.trim().to_owned())
}

fn parse_input(p: &Principal, b: &CreateTaskRequest, prefix: &str) -> Result<TaskInput, ApiError> {
    let mut v = Validator::new();
    let field = |f: &str| format!("{prefix}{f}");
    let title = title(&mut v, &field("title"), &b.title);
    let description = description(
        &mut v,
        &field("description"),
        b.description.as_deref().unwrap_or(""),
    );
    let deadline = v.check(task::parse_deadline(
        &field("deadline"),
        &b.deadline,
        TimeZoneName::tz_or_utc(&p.user.time_zone),
    ));
    v.finish()?;
    let (Some(title), Some(description), Some(deadline)) = (title, description, deadline) else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "validator passed with a missing value"
        )));
    };
    Ok(TaskInput {
        title,
        description,
        category_id: b.category_id,
        responsible_id: b.responsible_id.unwrap_or(p.user_id()),
        notify: b.notify_responsible.unwrap_or(true),
        deadline,
        reminder: reminder_of(b.reminder.unwrap_or_default())
            .as_str()
            .to_owned(),
    })
}
