//! Tasks: to-dos with a category, a responsible user, a deadline and a reminder, optionally
//! about a contact; and the private calendar feed of a user's open tasks.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// When the responsible user is reminded of a task, before its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ReminderName {
    /// No reminder.
    #[serde(rename = "never")]
    Never,
    /// 5 minutes before.
    #[serde(rename = "5m")]
    Minutes5,
    /// 15 minutes before.
    #[serde(rename = "15m")]
    Minutes15,
    /// 30 minutes before.
    #[serde(rename = "30m")]
    Minutes30,
    /// 1 hour before.
    #[serde(rename = "1h")]
    Hour1,
    /// 2 hours before.
    #[serde(rename = "2h")]
    Hours2,
    /// The day before, at the same time of day in the responsible user's time zone.
    #[default]
    #[serde(rename = "1d")]
    Day1,
}

/// A task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskResponse {
    /// Task id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Description (may be empty).
    pub description: String,
    /// Category (list `task_categories`).
    pub category_id: i64,
    /// Who does it.
    pub responsible_id: i64,
    /// The contact it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    /// The contact's display name, when the caller may see the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_name: Option<String>,
    /// The name of the record it is about (a contact's display name; a deal's, case's or
    /// project's title), when the caller may see the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about_name: Option<String>,
    /// The deal it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<i64>,
    /// The case it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<i64>,
    /// The project it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<i64>,
    /// Deadline, as an instant.
    pub deadline: DateTime<Utc>,
    /// Deadline as `YYYY-MM-DDTHH:MM` in the caller's time zone.
    pub deadline_local: String,
    /// Reminder before the deadline.
    pub reminder: ReminderName,
    /// When the reminder is due (absent for `never`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_at: Option<DateTime<Utc>>,
    /// When the reminder was delivered, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminded_at: Option<DateTime<Utc>>,
    /// Whether the task is done.
    pub closed: bool,
    /// When it was closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Open and past its deadline.
    pub overdue: bool,
    /// Whether the caller may change, close or delete it (CRM admins, the responsible user
    /// and the creator).
    pub can_edit: bool,
    /// Who created it.
    pub created_by: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Version for optimistic concurrency; also the `ETag`.
    pub version: i64,
}

/// A new task (`POST /api/v1/tasks`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTaskRequest {
    /// Title.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 250))]
    pub title: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub description: Option<String>,
    /// Category (list `task_categories`).
    pub category_id: i64,
    /// Who does it (default: the caller).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_id: Option<i64>,
    /// Notify the responsible user (when not the caller) that the task is theirs (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_responsible: Option<bool>,
    /// The contact it is about; the caller must see it. At most one of `contact_id`,
    /// `deal_id`, `case_id` and `project_id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    /// The deal it is about; the caller must see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<i64>,
    /// The case it is about; the caller must see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<i64>,
    /// The project it is about; the caller must see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<i64>,
    /// Deadline: `YYYY-MM-DDTHH:MM` in the caller's time zone, or RFC 3339 with an offset.
    pub deadline: String,
    /// Reminder (default `1d`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder: Option<ReminderName>,
}

/// Changes to a task. Absent fields stay unchanged; `contact_id: 0` unlinks the contact.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTaskRequest {
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 250))]
    pub title: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    /// Responsible user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_id: Option<i64>,
    /// Notify a new responsible user (default true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_responsible: Option<bool>,
    /// Contact; `0` unlinks. At most one of `contact_id`, `deal_id`, `case_id` and
    /// `project_id`; giving
    /// one links the task to it instead of what it was about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    /// Deal; `0` unlinks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<i64>,
    /// Case; `0` unlinks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<i64>,
    /// Project; `0` unlinks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<i64>,
    /// Deadline, as in `CreateTaskRequest`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Reminder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder: Option<ReminderName>,
    /// Version the change was made from (or send `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// One task per contact (`POST /api/v1/tasks/bulk`), created by a background job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BulkCreateTasksRequest {
    /// Contacts, each getting its own task (1–10 000).
    pub contact_ids: Vec<i64>,
    /// The task; its `contact_id` must be absent.
    pub task: CreateTaskRequest,
}

/// Filters, sort and paging of `GET /api/v1/tasks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TaskQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// `deadline`, `title` or `category`; prefix `-` for descending. Default `deadline`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// `true`: only tasks the caller is responsible for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mine: Option<bool>,
    /// Responsible user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_id: Option<i64>,
    /// Category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    /// `open` (default), `closed` or `all`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `overdue`, `today` or `this_week` (in the caller's time zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Deadline on or after this day (`YYYY-MM-DD`, caller's time zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_from: Option<String>,
    /// Deadline on or before this day (`YYYY-MM-DD`, caller's time zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_to: Option<String>,
    /// About this contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    /// About this deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<i64>,
    /// About this case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_id: Option<i64>,
    /// About this project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<i64>,
    /// Text in the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// One action on many tasks (`POST /api/v1/tasks/bulk-actions`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaskBulkRequest {
    /// Tasks to act on (1–1000).
    pub ids: Vec<i64>,
    /// `close`, `reopen`, `reassign`, `move_deadline` or `delete`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::TaskBulkAction))]
    pub action: String,
    /// The new responsible user, for `reassign`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_id: Option<i64>,
    /// Tell the new responsible user of each task (`reassign`; default `true`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_responsible: Option<bool>,
    /// Days to move each deadline by, -3650 to 3650 and not 0 (`move_deadline`, instead of
    /// `deadline`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = -3650, maximum = 3650))]
    pub shift_days: Option<i32>,
    /// The new deadline of every task: `YYYY-MM-DDTHH:MM` in the caller's time zone or RFC
    /// 3339 with an offset (`move_deadline`, instead of `shift_days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
}

/// A task a bulk action skipped, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskBulkFailure {
    /// Task id as sent.
    pub id: i64,
    /// `not_found` (or not visible) or `forbidden` (the caller may not change it).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::TaskBulkFailureCode))]
    pub code: String,
}

/// Outcome of a bulk action on tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskBulkResponse {
    /// Tasks changed (or deleted), including those already as asked (a closed task closed).
    pub done: Vec<i64>,
    /// Tasks skipped.
    pub failed: Vec<TaskBulkFailure>,
}

/// Whether the caller has a calendar feed (`GET /api/v1/me/calendar-feed`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeedResponse {
    /// A feed URL exists and works.
    pub active: bool,
    /// When the current URL was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// The private URL; only in the answer that makes it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}
