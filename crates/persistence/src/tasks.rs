//! Tasks, each about a record of any kind or about none, and who sees them: the domain's task
//! rule ([`crm_domain::record::can_view_task`]) as [`crate::records::access::task_rule`] writes it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crm_domain::{RecordKind, RecordRef, Viewer};

use crate::connection::{DbConnection, MultiBackend};
use crate::error::{StoreError, StoreResult};
use crate::keyset::{contains_pattern, After, KeyValue, PageRequest, PageResult};
use crate::records::access::{self, RuleFilter};
use crate::schema::{list_items, tasks};
use crate::stored::Stored;
use crate::users::{int_after, text_after, time_after};

/// A stored task.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = tasks)]
pub struct TaskRow {
    pub id: i64,
    pub portal_id: i64,
    pub title: String,
    pub sort_title: String,
    pub description: String,
    pub category_id: i64,
    pub responsible_id: i64,
    pub deadline: NaiveDateTime,
    pub reminder: String,
    pub remind_at: Option<NaiveDateTime>,
    pub reminded_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub closed_by: Option<i64>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub about_kind: Option<Stored<RecordKind>>,
    pub about_id: Option<i64>,
}

impl TaskRow {
    /// Whether the viewer may change, close or delete it.
    pub fn editable_by(&self, viewer: Viewer) -> bool {
        viewer.is_crm_admin
            || self.responsible_id == viewer.user_id.get()
            || self.created_by == viewer.user_id.get()
    }

    /// The record the task is about.
    pub fn about(&self) -> Option<RecordRef> {
        Some(RecordRef {
            kind: self.about_kind?.0,
            id: self.about_id?,
        })
    }

    /// The contact the task is about, if it is about one.
    pub fn contact_id(&self) -> Option<i64> {
        self.about()
            .filter(|r| r.kind == RecordKind::Contact)
            .map(|r| r.id)
    }
}

/// The columns `about_kind` and `about_id` for a task about `record`.
pub fn about_columns(record: Option<RecordRef>) -> (Option<Stored<RecordKind>>, Option<i64>) {
    (record.map(|r| Stored(r.kind)), record.map(|r| r.id))
}

/// A new task.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = tasks)]
pub struct NewTask {
    pub portal_id: i64,
    pub title: String,
    pub sort_title: String,
    pub description: String,
    pub category_id: i64,
    pub responsible_id: i64,
    pub deadline: NaiveDateTime,
    pub reminder: String,
    pub remind_at: Option<NaiveDateTime>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub about_kind: Option<Stored<RecordKind>>,
    pub about_id: Option<i64>,
}

/// Changes to a task; the caller recomputes `remind_at` (and clears `reminded_at`) whenever
/// the deadline, reminder or responsible user changes.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = tasks)]
pub struct TaskChanges {
    pub title: Option<String>,
    pub sort_title: Option<String>,
    pub description: Option<String>,
    pub category_id: Option<i64>,
    pub responsible_id: Option<i64>,
    pub about_kind: Option<Option<Stored<RecordKind>>>,
    pub about_id: Option<Option<i64>>,
    pub deadline: Option<NaiveDateTime>,
    pub reminder: Option<String>,
    pub remind_at: Option<Option<NaiveDateTime>>,
    pub reminded_at: Option<Option<NaiveDateTime>>,
}

/// Sort fields of the task list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskSort {
    Deadline,
    Title,
    /// The category's position in its list.
    Category,
}

/// Open, closed or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TaskStatus {
    #[default]
    Open,
    Closed,
    All,
}

/// Filters of the task list.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub responsible_id: Option<i64>,
    pub category_id: Option<i64>,
    pub status: TaskStatus,
    pub about: Option<RecordRef>,
    /// Deadline at or after.
    pub due_from: Option<NaiveDateTime>,
    /// Deadline before.
    pub due_before: Option<NaiveDateTime>,
    /// Lower-case text in the title.
    pub text: Option<String>,
}

type Source = diesel::dsl::InnerJoin<tasks::table, list_items::table>;
type Boxed<'a> = diesel::dsl::IntoBoxed<'a, Source, MultiBackend>;

/// Tasks of the portal the viewer may see (joined with their category), to filter further.
fn visible<'a>(portal_id: i64, viewer: Viewer) -> Boxed<'a> {
    let q = tasks::table
        .inner_join(list_items::table)
        .filter(tasks::portal_id.eq(portal_id))
        .into_boxed();
    match RuleFilter::unless_sees_all(access::task_rule("tasks"), portal_id, viewer) {
        Some(rule) => q.filter(rule),
        None => q,
    }
}

fn filtered<'a>(portal_id: i64, viewer: Viewer, f: &'a TaskFilter) -> Boxed<'a> {
    let mut q = visible(portal_id, viewer);
    if let Some(r) = f.responsible_id {
        q = q.filter(tasks::responsible_id.eq(r));
    }
    if let Some(c) = f.category_id {
        q = q.filter(tasks::category_id.eq(c));
    }
    q = match f.status {
        TaskStatus::Open => q.filter(tasks::closed_at.is_null()),
        TaskStatus::Closed => q.filter(tasks::closed_at.is_not_null()),
        TaskStatus::All => q,
    };
    if let Some(about) = f.about {
        q = q
            .filter(tasks::about_kind.eq(Stored(about.kind)))
            .filter(tasks::about_id.eq(about.id));
    }
    if let Some(t) = f.due_from {
        q = q.filter(tasks::deadline.ge(t));
    }
    if let Some(t) = f.due_before {
        q = q.filter(tasks::deadline.lt(t));
    }
    if let Some(text) = &f.text {
        q = q.filter(tasks::sort_title.like(contains_pattern(text)).escape('\\'));
    }
    q
}

/// A page of the tasks the viewer may see, with the count of all unless `counted` is given
/// (known already, or not wanted).
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &TaskFilter,
    page: &PageRequest<TaskSort>,
    counted: Option<i64>,
) -> StoreResult<PageResult<TaskRow>> {
    let total: i64 = match counted {
        Some(n) => n,
        None => filtered(portal_id, viewer, filter)
            .count()
            .get_result(conn)?,
    };
    let q =
        filtered(portal_id, viewer, filter).select((TaskRow::as_select(), list_items::position));
    let dir = page.sort.direction;
    let q = match page.sort.field {
        TaskSort::Deadline => {
            let after = time_after(&page.after)?;
            crate::keyset!(q, tasks::deadline, tasks::id, dir, after)
        }
        TaskSort::Title => {
            let after = text_after(&page.after)?;
            crate::keyset!(q, tasks::sort_title, tasks::id, dir, after)
        }
        TaskSort::Category => {
            let after = int_after(&page.after)?;
            crate::keyset!(q, list_items::position, tasks::id, dir, after)
        }
    };
    let rows: Vec<(TaskRow, i64)> = q.limit(page.limit + 1).load(conn)?;
    let sort = page.sort.field;
    let page = PageResult::from_probe(rows, page.limit, total, |(t, position)| After {
        value: match sort {
            TaskSort::Deadline => KeyValue::Time(t.deadline),
            TaskSort::Title => KeyValue::Text(t.sort_title.clone()),
            TaskSort::Category => KeyValue::Int(*position),
        },
        id: t.id,
    });
    Ok(PageResult {
        rows: page.rows.into_iter().map(|(t, _)| t).collect(),
        next: page.next,
        total: page.total,
        total_capped: false,
    })
}

/// A task the viewer may see (`NotFound` otherwise).
pub fn find_visible(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> StoreResult<TaskRow> {
    Ok(visible(portal_id, viewer)
        .filter(tasks::id.eq(id))
        .select(TaskRow::as_select())
        .first(conn)?)
}

/// Stores a task.
pub fn create(conn: &mut DbConnection, new: &NewTask) -> StoreResult<TaskRow> {
    let id: i64 = diesel::insert_into(tasks::table)
        .values(new)
        .returning(tasks::id)
        .get_result(conn)?;
    find(conn, new.portal_id, id)
}

/// A task of the portal, whoever may see it.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<TaskRow> {
    Ok(tasks::table
        .filter(tasks::portal_id.eq(portal_id))
        .filter(tasks::id.eq(id))
        .select(TaskRow::as_select())
        .first(conn)?)
}

/// Changes a task made from `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &TaskChanges,
    now: NaiveDateTime,
) -> StoreResult<TaskRow> {
    let row: Option<i64> = diesel::update(
        tasks::table
            .filter(tasks::portal_id.eq(portal_id))
            .filter(tasks::id.eq(id))
            .filter(tasks::version.eq(expected_version)),
    )
    .set((
        changes,
        tasks::version.eq(tasks::version + 1),
        tasks::updated_at.eq(now),
    ))
    .returning(tasks::id)
    .get_result::<i64>(conn)
    .optional()?;
    match row {
        Some(id) => find(conn, portal_id, id),
        None => Err(StoreError::StaleVersion),
    }
}

/// Closes (with who and when) or reopens the version `expected_version` of a task; a closed
/// task has no due reminder, a reopened one gets `remind_at` back. Returns `None` when the
/// task changed in the meantime.
pub fn set_closed(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    closed: Option<(NaiveDateTime, i64)>,
    remind_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> StoreResult<Option<TaskRow>> {
    let n = diesel::update(
        tasks::table
            .filter(tasks::portal_id.eq(portal_id))
            .filter(tasks::id.eq(id))
            .filter(tasks::version.eq(expected_version)),
    )
    .set((
        tasks::closed_at.eq(closed.map(|c| c.0)),
        tasks::closed_by.eq(closed.map(|c| c.1)),
        tasks::remind_at.eq(remind_at),
        tasks::version.eq(tasks::version + 1),
        tasks::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    find(conn, portal_id, id).map(Some)
}

/// Deletes a task.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<()> {
    let n = diesel::delete(
        tasks::table
            .filter(tasks::portal_id.eq(portal_id))
            .filter(tasks::id.eq(id)),
    )
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Deletes the tasks about the records `ids` of `kind`, which are being deleted.
pub fn delete_about(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<usize> {
    Ok(diesel::delete(
        tasks::table
            .filter(tasks::portal_id.eq(portal_id))
            .filter(tasks::about_kind.eq(Stored(kind)))
            .filter(tasks::about_id.eq_any(ids)),
    )
    .execute(conn)?)
}

/// Moves the tasks about a merged record to the one it merged into.
pub fn move_about(
    conn: &mut DbConnection,
    portal_id: i64,
    from: RecordRef,
    to: RecordRef,
) -> StoreResult<()> {
    diesel::update(
        tasks::table
            .filter(tasks::portal_id.eq(portal_id))
            .filter(tasks::about_kind.eq(Stored(from.kind)))
            .filter(tasks::about_id.eq(from.id)),
    )
    .set((
        tasks::about_kind.eq(Stored(to.kind)),
        tasks::about_id.eq(to.id),
        tasks::version.eq(tasks::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// Open tasks of a user with a deadline at or after `from`, soonest first (calendar feed).
pub fn open_for_user(
    conn: &mut DbConnection,
    portal_id: i64,
    user_id: i64,
    from: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<TaskRow>> {
    Ok(tasks::table
        .filter(tasks::portal_id.eq(portal_id))
        .filter(tasks::responsible_id.eq(user_id))
        .filter(tasks::closed_at.is_null())
        .filter(tasks::deadline.ge(from))
        .order((tasks::deadline.asc(), tasks::id.asc()))
        .limit(limit)
        .select(TaskRow::as_select())
        .load(conn)?)
}

/// Whether a reminder is due (a read, so that an idle reminder loop takes no write lock).
pub fn any_due_reminder(conn: &mut DbConnection, now: NaiveDateTime) -> StoreResult<bool> {
    let due = tasks::table
        .filter(tasks::remind_at.le(now))
        .filter(tasks::closed_at.is_null())
        .select(tasks::id)
        .first::<i64>(conn)
        .optional()?;
    Ok(due.is_some())
}

/// A reminder taken for delivery.
#[derive(Debug, Clone, QueryableByName)]
pub struct DueReminder {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub portal_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub responsible_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub title: String,
    #[diesel(sql_type = diesel::sql_types::Timestamp)]
    pub deadline: NaiveDateTime,
}

/// Takes up to `limit` open tasks whose reminder is due and marks them reminded, in the
/// caller's transaction: the caller stores the notifications in the same transaction, so each
/// reminder is delivered once. On PostgreSQL, rows another process is taking are skipped
/// (`FOR UPDATE SKIP LOCKED`); SQLite's write lock serialises the takers.
pub fn take_due_reminders(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<DueReminder>> {
    use diesel::sql_types::{BigInt, Timestamp};
    const SQLITE: &str = "UPDATE tasks SET remind_at = NULL, reminded_at = ?1 \
        WHERE id IN (SELECT id FROM tasks WHERE remind_at <= ?1 AND closed_at IS NULL \
        ORDER BY remind_at LIMIT ?2) \
        RETURNING id, portal_id, responsible_id, title, deadline";
    const POSTGRES: &str = "UPDATE tasks SET remind_at = NULL, reminded_at = $1 \
        WHERE id IN (SELECT id FROM tasks WHERE remind_at <= $1 AND closed_at IS NULL \
        ORDER BY remind_at LIMIT $2 FOR UPDATE SKIP LOCKED) \
        RETURNING id, portal_id, responsible_id, title, deadline";
    Ok(match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(SQLITE)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(POSTGRES)
            .bind::<Timestamp, _>(now)
            .bind::<BigInt, _>(limit)
            .load(c)?,
    })
}
