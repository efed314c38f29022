//! `/tasks`: to-dos with a category, responsible user, deadline and reminder, optionally about
//! a contact. Who sees a task: CRM admins, its responsible user and creator, everyone when it
//! is about no contact, else whoever sees the contact. CRM admins, the responsible user and
//! the creator change, close and delete it.

use std::collections::HashMap;

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{Datelike, NaiveDateTime};
use chrono_tz::Tz;
use crm_api_types::{
    BulkCreateTasksRequest, CreateTaskRequest, JobResponse, Page, Problem, ReminderName,
    TaskQueryParams, TaskResponse, UpdateTaskRequest,
};
use crm_domain::task::{self, Reminder};
use crm_domain::{ApiScope, BoundedText, FieldError, TimeZoneName, Validator};
use crm_domain::{RecordKind, RecordRef, Viewer};
use crm_persistence::contacts;
use crm_persistence::history::{self, NewEntry};
use crm_persistence::stored::Stored;
use crm_persistence::tasks::{
    self, NewTask, TaskChanges, TaskFilter, TaskRow, TaskSort, TaskStatus,
};
use crm_persistence::{list_items, users, DbConnection, PageRequest, StoreError};
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{CrmUser, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::routes::views::utc;
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// Mounts `/tasks`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_tasks)
        .service(create_task)
        .service(bulk_create)
        .service(get_task)
        .service(update_task)
        .service(close_task)
        .service(reopen_task)
        .service(delete_task);
}

const SORTS: &[(&str, TaskSort)] = &[
    ("deadline", TaskSort::Deadline),
    ("title", TaskSort::Title),
    ("category", TaskSort::Category),
];

/// Most contacts of one bulk creation.
const MAX_BULK: usize = 10_000;

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
    contact_name: Option<String>,
    at: NaiveDateTime,
) -> TaskResponse {
    let reminder = Reminder::parse("reminder", &t.reminder).unwrap_or(Reminder::Never);
    TaskResponse {
        can_edit: t.editable_by(viewer),
        contact_id: t.contact_id(),
        id: t.id,
        deadline_local: task::local_text(t.deadline, tz),
        overdue: t.closed_at.is_none() && t.deadline < at,
        title: t.title,
        description: t.description,
        category_id: t.category_id,
        responsible_id: t.responsible_id,
        contact_name,
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

/// Display names of the contacts among `rows` that the viewer may see.
fn contact_names(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    rows: &[TaskRow],
) -> Result<HashMap<i64, String>, ApiError> {
    let ids: Vec<i64> = rows.iter().filter_map(|t| t.contact_id()).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(contacts::visible_names(conn, portal_id, viewer, &ids)?)
}

/// One task with its contact's name, as the viewer sees it.
fn one(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    tz: Tz,
    t: TaskRow,
) -> Result<TaskResponse, ApiError> {
    let mut names = contact_names(conn, portal_id, viewer, std::slice::from_ref(&t))?;
    let name = t.contact_id().and_then(|c| names.remove(&c));
    Ok(view(t, viewer, tz, name, now()))
}

fn ok(body: TaskResponse) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body)
}

/// When the reminder of a task is due: `None` without one, for a closed task, or when the
/// deadline has passed.
pub fn due_reminder(
    reminder: Reminder,
    deadline: NaiveDateTime,
    responsible_tz: Tz,
    closed: bool,
    at: NaiveDateTime,
) -> Option<NaiveDateTime> {
    if closed || deadline <= at {
        return None;
    }
    reminder.due_at(deadline, responsible_tz)
}

/// Validated fields of a new task, shared by single and bulk creation.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TaskInput {
    pub title: String,
    pub description: String,
    pub category_id: i64,
    pub responsible_id: i64,
    pub notify: bool,
    pub deadline: NaiveDateTime,
    pub reminder: String,
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

/// Checks the category and responsible user; returns the responsible user's time zone.
fn check_refs(
    conn: &mut DbConnection,
    portal_id: i64,
    category_id: Option<i64>,
    responsible_id: Option<i64>,
) -> Result<Option<Tz>, ApiError> {
    if let Some(c) = category_id {
        if !list_items::exists(conn, portal_id, "task_categories", c)? {
            return Err(ApiError::field(
                "category_id",
                "not_found",
                "is not a task category",
            ));
        }
    }
    let Some(r) = responsible_id else {
        return Ok(None);
    };
    match users::find(conn, portal_id, r) {
        Ok(u) if u.active => Ok(Some(TimeZoneName::tz_or_utc(&u.time_zone))),
        Ok(_) | Err(StoreError::NotFound) => Err(ApiError::field(
            "responsible_id",
            "not_found",
            "is not an active user of the portal",
        )),
        Err(e) => Err(e.into()),
    }
}

fn check_contact(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> Result<(), ApiError> {
    if contacts::is_visible(conn, portal_id, viewer, id)? {
        Ok(())
    } else {
        Err(ApiError::field(
            "contact_id",
            "not_found",
            "is not a contact you can see",
        ))
    }
}

/// Who creates tasks, for notifications.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Actor {
    pub portal_id: i64,
    pub user_id: i64,
    pub name: String,
    pub is_crm_admin: bool,
}

impl Actor {
    fn of(p: &Principal) -> Self {
        let viewer = p.viewer();
        Self {
            portal_id: p.portal_id(),
            user_id: viewer.user_id.get(),
            name: p.user.name.clone(),
            is_crm_admin: viewer.is_crm_admin,
        }
    }

    /// The actor as a viewer of records.
    pub fn viewer(&self) -> Viewer {
        Viewer {
            user_id: crm_domain::UserId(self.user_id),
            is_crm_admin: self.is_crm_admin,
        }
    }
}

/// The kind column of a task about the contact `contact_id`, if any.
fn about_kind(contact_id: Option<i64>) -> Option<Stored<RecordKind>> {
    contact_id.map(|_| Stored(RecordKind::Contact))
}

/// Stores a task of checked input inside the caller's transaction.
pub fn insert(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &TaskInput,
    responsible_tz: Tz,
    contact_id: Option<i64>,
    at: NaiveDateTime,
) -> Result<TaskRow, ApiError> {
    let reminder = Reminder::parse("reminder", &input.reminder)?;
    Ok(tasks::create(
        conn,
        &NewTask {
            portal_id: actor.portal_id,
            title: input.title.clone(),
            sort_title: input.title.to_lowercase(),
            description: input.description.clone(),
            category_id: input.category_id,
            responsible_id: input.responsible_id,
            about_kind: about_kind(contact_id),
            about_id: contact_id,
            deadline: input.deadline,
            reminder: input.reminder.clone(),
            remind_at: due_reminder(reminder, input.deadline, responsible_tz, false, at),
            created_by: actor.user_id,
            created_at: at,
            updated_at: at,
            version: 1,
        },
    )?)
}

fn notify_assigned(
    conn: &mut DbConnection,
    state: &AppState,
    actor: &Actor,
    t: &TaskRow,
) -> Result<(), ApiError> {
    super::notifications::notify(
        conn,
        state,
        actor.portal_id,
        &[t.responsible_id],
        actor.user_id,
        "task_assigned",
        &serde_json::json!({
            "task_id": t.id,
            "title": t.title,
            "deadline": utc(t.deadline),
            "by_user_id": actor.user_id,
            "by_name": actor.name,
        }),
    )
}

/// Tasks the caller may see.
#[utoipa::path(tag = "tasks", params(TaskQueryParams), responses(
    (status = 200, body = Page<TaskResponse>),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/tasks")]
pub async fn list_tasks(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<TaskQueryParams>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Read)?;
    let q = query.into_inner();
    let limit = pagination::limit(q.limit)?;
    let sort = pagination::sort(q.sort.as_deref(), SORTS, TaskSort::Deadline)?;
    let label = pagination::sort_label(&sort, SORTS);
    let after = pagination::decode_cursor(q.cursor.as_deref(), &label)?;
    let tz = TimeZoneName::tz_or_utc(&p.user.time_zone);
    let at = now();
    let mut v = Validator::new();
    let mut filter = TaskFilter {
        responsible_id: q.responsible_id,
        category_id: q.category_id,
        about: q.contact_id.map(RecordRef::contact),
        text: pagination::search_text(q.q.as_deref())?,
        ..TaskFilter::default()
    };
    if q.mine == Some(true) {
        filter.responsible_id = Some(p.user_id());
    }
    filter.status = match q.status.as_deref().map(str::trim) {
        None | Some("open") => TaskStatus::Open,
        Some("closed") => TaskStatus::Closed,
        Some("all") => TaskStatus::All,
        Some(_) => {
            v.push(FieldError::new(
                "status",
                "invalid_value",
                "must be open, closed or all",
            ));
            TaskStatus::Open
        }
    };
    let today = tz.from_utc_datetime(&at).date_naive();
    match q.due.as_deref().map(str::trim) {
        None => {}
        Some("overdue") => {
            filter.status = TaskStatus::Open;
            filter.due_before = Some(at);
        }
        Some("today") => {
            let (from, to) = task::day_range(today, 1, tz);
            (filter.due_from, filter.due_before) = (Some(from), Some(to));
        }
        Some("this_week") => {
            let monday =
                today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
            let (from, to) = task::day_range(monday, 7, tz);
            (filter.due_from, filter.due_before) = (Some(from), Some(to));
        }
        Some(_) => v.push(FieldError::new(
            "due",
            "invalid_value",
            "must be overdue, today or this_week",
        )),
    }
    if let Some(d) = q.due_from.as_deref() {
        if let Some(day) = v.check(task::parse_day("due_from", d)) {
            let from = task::day_range(day, 1, tz).0;
            filter.due_from = Some(filter.due_from.map_or(from, |f| f.max(from)));
        }
    }
    if let Some(d) = q.due_to.as_deref() {
        if let Some(day) = v.check(task::parse_day("due_to", d)) {
            let to = task::day_range(day, 1, tz).1;
            filter.due_before = Some(filter.due_before.map_or(to, |b| b.min(to)));
        }
    }
    v.finish()?;
    let viewer = p.viewer();
    let portal_id = p.portal_id();
    let (page, names) = db::run(&state.pool, move |conn| {
        let page = tasks::list(
            conn,
            portal_id,
            viewer,
            &filter,
            &PageRequest { sort, after, limit },
        )?;
        let names = contact_names(conn, portal_id, viewer, &page.rows)?;
        Ok((page, names))
    })
    .await?;
    Ok(HttpResponse::Ok().json(pagination::page(page, &label, |t| {
        let name = t.contact_id().and_then(|c| names.get(&c).cloned());
        view(t, viewer, tz, name, at)
    })))
}

use chrono::TimeZone as _;

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
    let st = state.clone();
    let body = db::write(&state.pool, move |conn| {
        let viewer = actor.viewer();
        let rtz = check_refs(
            conn,
            actor.portal_id,
            Some(input.category_id),
            Some(input.responsible_id),
        )?
        .unwrap_or(Tz::UTC);
        if let Some(c) = b.contact_id {
            check_contact(conn, actor.portal_id, viewer, c)?;
        }
        let t = insert(conn, &actor, &input, rtz, b.contact_id, now())?;
        if input.notify {
            notify_assigned(conn, &st, &actor, &t)?;
        }
        one(conn, actor.portal_id, viewer, tz, t)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/tasks/{}", body.id)))
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Payload of a `bulk_create_tasks` job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BulkPayload {
    pub actor: Actor,
    pub contact_ids: Vec<i64>,
    pub task: TaskInput,
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
    if b.task.contact_id.is_some() {
        return Err(ApiError::field(
            "task.contact_id",
            "not_allowed",
            "each task gets its contact from contact_ids",
        ));
    }
    let input = parse_input(p, &b.task, "task.")?;
    let payload = BulkPayload {
        actor: Actor::of(p),
        contact_ids: crm_persistence::portals::dedup(&b.contact_ids),
        task: input,
    };
    let portal_id = p.portal_id();
    let user_id = p.user_id();
    let job = db::write(&state.pool, move |conn| {
        check_refs(
            conn,
            portal_id,
            Some(payload.task.category_id),
            Some(payload.task.responsible_id),
        )
        .map_err(|e| e.prefixed("task."))?;
        let text = serde_json::to_string(&payload)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("job payload: {e}")))?;
        let id = crate::jobs::enqueue(
            conn,
            portal_id,
            "bulk_create_tasks",
            &text,
            Some(user_id),
            3,
        )?;
        Ok(crm_persistence::jobs::find(conn, portal_id, id)?)
    })
    .await?;
    state.jobs_queued.notify_waiters();
    Ok(HttpResponse::Accepted()
        .insert_header(("Location", format!("/api/v1/jobs/{}", job.id)))
        .json(super::jobs::view(job)))
}

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
    let body = db::run(&state.pool, move |conn| {
        let t = tasks::find_visible(conn, portal_id, viewer, id)?;
        one(conn, portal_id, viewer, tz, t)
    })
    .await?;
    Ok(ok(body))
}

/// A task the viewer may change (404 when unseen, 403 when read-only).
fn editable(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> Result<TaskRow, ApiError> {
    let t = tasks::find_visible(conn, portal_id, viewer, id)?;
    if !t.editable_by(viewer) {
        return Err(ApiError::forbidden(
            "task_read_only",
            "Only CRM admins, the responsible user and the creator change a task.",
        ));
    }
    Ok(t)
}

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
    let mut v = Validator::new();
    let mut changes = TaskChanges {
        title: b.title.as_deref().and_then(|t| title(&mut v, "title", t)),
        description: b
            .description
            .as_deref()
            .and_then(|d| description(&mut v, "description", d)),
        category_id: b.category_id,
        responsible_id: b.responsible_id,
        about_id: b.contact_id.map(|c| (c != 0).then_some(c)),
        about_kind: b.contact_id.map(|c| about_kind((c != 0).then_some(c))),
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
    let st = state.clone();
    let body = db::write(&state.pool, move |conn| {
        let viewer = actor.viewer();
        let portal_id = actor.portal_id;
        let current = editable(conn, portal_id, viewer, id)?;
        let rtz = check_refs(conn, portal_id, changes.category_id, changes.responsible_id)?;
        if let Some(Some(c)) = changes.about_id {
            if current.contact_id() != Some(c) {
                check_contact(conn, portal_id, viewer, c)?;
            }
        }
        let responsible_changed = changes
            .responsible_id
            .is_some_and(|r| r != current.responsible_id);
        let reschedule = responsible_changed
            || changes.deadline.is_some_and(|d| d != current.deadline)
            || changes
                .reminder
                .as_ref()
                .is_some_and(|r| *r != current.reminder);
        if reschedule {
            let rtz = match rtz {
                Some(z) => z,
                None => TimeZoneName::tz_or_utc(
                    &users::find(conn, portal_id, current.responsible_id)?.time_zone,
                ),
            };
            let reminder = Reminder::parse(
                "reminder",
                changes.reminder.as_deref().unwrap_or(&current.reminder),
            )?;
            let deadline = changes.deadline.unwrap_or(current.deadline);
            changes.remind_at = Some(due_reminder(
                reminder,
                deadline,
                rtz,
                current.closed_at.is_some(),
                now(),
            ));
            changes.reminded_at = Some(None);
        }
        let t = tasks::update(
            conn,
            portal_id,
            id,
            pre.resolve(current.version),
            &changes,
            now(),
        )?;
        if responsible_changed && notify {
            notify_assigned(conn, &st, &actor, &t)?;
        }
        one(conn, portal_id, viewer, tz, t)
    })
    .await?;
    Ok(ok(body))
}

async fn set_closed(
    state: web::Data<AppState>,
    p: &Principal,
    id: i64,
    close: bool,
) -> ApiResult<HttpResponse> {
    p.require(ApiScope::Write)?;
    let (portal_id, viewer) = (p.portal_id(), p.viewer());
    let tz = TimeZoneName::tz_or_utc(&p.user.time_zone);
    let body = db::write(&state.pool, move |conn| {
        // A change committed between the read and the write (PostgreSQL) makes the write miss;
        // the state is then read again.
        for _ in 0..5 {
            let current = editable(conn, portal_id, viewer, id)?;
            if current.closed_at.is_some() == close {
                // Already in the wanted state: nothing to record.
                return one(conn, portal_id, viewer, tz, current);
            }
            let at = now();
            let remind_at = if close || current.reminded_at.is_some() {
                None
            } else {
                let reminder = Reminder::parse("reminder", &current.reminder)?;
                let rtz = TimeZoneName::tz_or_utc(
                    &users::find(conn, portal_id, current.responsible_id)?.time_zone,
                );
                due_reminder(reminder, current.deadline, rtz, false, at)
            };
            let closed = close.then_some((at, viewer.user_id.get()));
            let Some(t) =
                tasks::set_closed(conn, portal_id, id, current.version, closed, remind_at, at)?
            else {
                continue;
            };
            if let (true, Some(about)) = (close, t.about()) {
                history::create(
                    conn,
                    &NewEntry {
                        portal_id,
                        record_kind: about.kind,
                        record_id: about.id,
                        category_id: None,
                        content: t.title.clone(),
                        author_id: viewer.user_id.get(),
                        happened_at: at,
                        now: at,
                        event: Some("task_closed"),
                        task_id: Some(t.id),
                    },
                    &[],
                )?;
                crm_persistence::records::touch_activity(conn, portal_id, about, at)?;
            }
            return one(conn, portal_id, viewer, tz, t);
        }
        Err(ApiError::VersionMismatch)
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
    let (portal_id, viewer, id) = (p.portal_id(), p.viewer(), id.into_inner());
    db::write(&state.pool, move |conn| {
        editable(conn, portal_id, viewer, id)?;
        Ok(tasks::delete(conn, portal_id, id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
