//! Use cases of tasks: creating one or many, changing, closing and reopening, deleting, and
//! delivering due reminders. The rules: a new deadline, reminder or responsible user
//! reschedules the reminder; a closed task has none, a reopened one gets its undelivered
//! reminder back; closing a task about a record writes a `task_closed` entry to the record's
//! history; a new responsible user is told.

use chrono::NaiveDateTime;
use chrono_tz::Tz;
use crm_domain::task::Reminder;
use crm_domain::{RecordKind, RecordRef, TimeZoneName, Viewer};
use crm_persistence::history::{self, NewEntry};
use crm_persistence::tasks::{self, NewTask, TaskChanges, TaskRow};
use crm_persistence::{list_items, records, users, DbConnection};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{Actor, Event, Tx};
use crate::error::ApiError;
use crate::queue::BackgroundJob;
use crate::versioning::Precondition;

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

/// Checks the category and responsible user; returns the responsible user's time zone.
pub fn check_refs(
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
    if users::crm_users_among(conn, portal_id, &[r])?.is_empty() {
        return Err(ApiError::field(
            "responsible_id",
            "not_found",
            "is not an active user of the portal with CRM access",
        ));
    }
    match users::find(conn, portal_id, r) {
        Ok(u) => Ok(Some(TimeZoneName::tz_or_utc(&u.time_zone))),
        Err(e) => Err(e.into()),
    }
}

/// Refuses a task about a record the viewer cannot see.
fn check_about(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    about: RecordRef,
) -> Result<(), ApiError> {
    if records::is_visible(conn, portal_id, viewer, about)? {
        return Ok(());
    }
    let (field, message) = match about.kind {
        RecordKind::Contact => ("contact_id", "is not a contact you can see"),
        RecordKind::Deal => ("deal_id", "is not a deal you can see"),
        RecordKind::Case => ("case_id", "is not a case you can see"),
        RecordKind::Project => ("project_id", "is not a project you can see"),
        RecordKind::Invoice => ("invoice_id", "is not an invoice you can see"),
    };
    Err(ApiError::field(field, "not_found", message))
}

/// Stores a task of checked input.
fn insert(
    conn: &mut DbConnection,
    actor: &Actor,
    input: &TaskInput,
    responsible_tz: Tz,
    about: Option<RecordRef>,
    at: NaiveDateTime,
) -> Result<TaskRow, ApiError> {
    let reminder = Reminder::parse("reminder", &input.reminder)?;
    let (about_kind, about_id) = tasks::about_columns(about);
    Ok(tasks::create(
        conn,
        &NewTask {
            portal_id: actor.portal_id,
            title: input.title.clone(),
            sort_title: input.title.to_lowercase(),
            description: input.description.clone(),
            category_id: input.category_id,
            responsible_id: input.responsible_id,
            about_kind,
            about_id,
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

fn assigned(actor: &Actor, t: &TaskRow) -> Event {
    Event::TaskAssigned {
        task_id: t.id,
        title: t.title.clone(),
        deadline: t.deadline,
        responsible: t.responsible_id,
        by: actor.by(),
    }
}

/// Creates a task, about a record or about none.
pub fn create(
    tx: &mut Tx<'_>,
    actor: &Actor,
    input: &TaskInput,
    about: Option<RecordRef>,
) -> Result<TaskRow, ApiError> {
    let portal_id = actor.portal_id;
    let rtz = check_refs(
        tx.conn,
        portal_id,
        Some(input.category_id),
        Some(input.responsible_id),
    )?
    .unwrap_or(Tz::UTC);
    if let Some(about) = about {
        check_about(tx.conn, portal_id, actor.viewer(), about)?;
    }
    let t = insert(tx.conn, actor, input, rtz, about, tx.now)?;
    if input.notify {
        tx.emit(portal_id, assigned(actor, &t));
    }
    Ok(t)
}

/// A task the viewer may change (404 when unseen, 403 when read-only).
pub fn editable(
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

/// Applies checked changes made from the version `pre` names. `notify`: tell a new
/// responsible user.
pub fn update(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    pre: Precondition,
    mut changes: TaskChanges,
    notify: bool,
) -> Result<TaskRow, ApiError> {
    let (viewer, portal_id) = (actor.viewer(), actor.portal_id);
    let conn = &mut *tx.conn;
    let current = editable(conn, portal_id, viewer, id)?;
    let rtz = check_refs(conn, portal_id, changes.category_id, changes.responsible_id)?;
    if let (Some(Some(kind)), Some(Some(about_id))) = (changes.about_kind, changes.about_id) {
        let about = RecordRef {
            kind: kind.0,
            id: about_id,
        };
        if current.about() != Some(about) {
            check_about(conn, portal_id, viewer, about)?;
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
            tx.now,
        ));
        changes.reminded_at = Some(None);
    }
    let t = tasks::update(
        conn,
        portal_id,
        id,
        pre.resolve(current.version),
        &changes,
        tx.now,
    )?;
    if responsible_changed && notify {
        tx.emit(portal_id, assigned(actor, &t));
    }
    Ok(t)
}

/// Closes (`close`) or reopens a task; a task already so is left as it is.
pub fn set_closed(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    close: bool,
) -> Result<TaskRow, ApiError> {
    let (viewer, portal_id, at) = (actor.viewer(), actor.portal_id, tx.now);
    let conn = &mut *tx.conn;
    // A change committed between the read and the write (PostgreSQL) makes the write miss;
    // the state is then read again.
    for _ in 0..5 {
        let current = editable(conn, portal_id, viewer, id)?;
        if current.closed_at.is_some() == close {
            return Ok(current);
        }
        let remind_at = if close || current.reminded_at.is_some() {
            None
        } else {
            let reminder = Reminder::parse("reminder", &current.reminder)?;
            let rtz = TimeZoneName::tz_or_utc(
                &users::find(conn, portal_id, current.responsible_id)?.time_zone,
            );
            due_reminder(reminder, current.deadline, rtz, false, at)
        };
        let closed = close.then_some((at, actor.user_id));
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
                    author_id: actor.user_id,
                    happened_at: at,
                    now: at,
                    event: Some(crm_api_types::HistoryEvent::TaskClosed.as_str()),
                    task_id: Some(t.id),
                },
                &[],
            )?;
            records::touch_activity(conn, portal_id, about, at)?;
        }
        if close {
            let (task_id, about) = (t.id, t.about());
            tx.emit(
                portal_id,
                Event::TaskClosed {
                    task_id,
                    about,
                    by: actor.by(),
                },
            );
        }
        return Ok(t);
    }
    Err(ApiError::VersionMismatch)
}

/// Deletes a task the actor may change.
pub fn delete(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<(), ApiError> {
    editable(tx.conn, actor.portal_id, actor.viewer(), id)?;
    Ok(tasks::delete(tx.conn, actor.portal_id, id)?)
}

/// A change [`bulk`] applies to many tasks.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkChange {
    /// Close (`true`) or reopen.
    Closed(bool),
    /// Give to this user; `notify`: tell them of each task.
    Reassign { responsible_id: i64, notify: bool },
    /// Move each deadline by this many days, keeping its time of day in `tz`.
    Shift { days: i32, tz: Tz },
    /// Set every deadline to this instant.
    Deadline(NaiveDateTime),
    /// Delete.
    Delete,
}

pub use super::records::BulkOutcome;

/// `deadline` moved by `days` days, the same time of day in `tz`.
fn shifted(deadline: NaiveDateTime, days: i32, tz: Tz) -> Result<NaiveDateTime, ApiError> {
    use chrono::TimeZone;
    let local = tz.from_utc_datetime(&deadline).naive_local();
    let moved = local
        .checked_add_signed(chrono::Duration::days(i64::from(days)))
        .map(|t| crm_domain::task::to_utc(t, tz).unwrap_or(t))
        .filter(|t| (1900..=9999).contains(&chrono::Datelike::year(t)));
    moved.ok_or_else(|| {
        ApiError::field(
            "shift_days",
            "out_of_range",
            "would move a deadline past the years 1900 to 9999",
        )
    })
}

/// The changes `change` makes to `current` (`None`: none), and whether to tell a new
/// responsible user.
fn bulk_changes(
    current: &TaskRow,
    change: &BulkChange,
) -> Result<(Option<TaskChanges>, bool), ApiError> {
    let (deadline, responsible, notify) = match change {
        BulkChange::Reassign {
            responsible_id,
            notify,
        } => (None, Some(*responsible_id), *notify),
        BulkChange::Shift { days, tz } => {
            (Some(shifted(current.deadline, *days, *tz)?), None, false)
        }
        BulkChange::Deadline(deadline) => (Some(*deadline), None, false),
        BulkChange::Closed(_) | BulkChange::Delete => (None, None, false),
    };
    let changes = TaskChanges {
        deadline: deadline.filter(|d| *d != current.deadline),
        responsible_id: responsible.filter(|r| *r != current.responsible_id),
        ..TaskChanges::default()
    };
    let changed = changes.deadline.is_some() || changes.responsible_id.is_some();
    Ok((changed.then_some(changes), notify))
}

/// Applies one change to every task of `ids` the actor may change, each as its single
/// action would (history entries, reminders, notifications), in one transaction; the others
/// are listed with the reason they were left alone.
pub fn bulk(
    tx: &mut Tx<'_>,
    actor: &Actor,
    ids: &[i64],
    change: &BulkChange,
) -> Result<BulkOutcome, ApiError> {
    let mut out = BulkOutcome::default();
    if let BulkChange::Reassign { responsible_id, .. } = change {
        check_refs(tx.conn, actor.portal_id, None, Some(*responsible_id))?;
    }
    for id in crm_persistence::portals::dedup(ids) {
        let done = match change {
            BulkChange::Closed(close) => set_closed(tx, actor, id, *close).map(drop),
            BulkChange::Delete => delete(tx, actor, id),
            _ => editable(tx.conn, actor.portal_id, actor.viewer(), id).and_then(|current| {
                let (changes, notify) = bulk_changes(&current, change)?;
                // A task already as asked is left as it is (its version stays).
                match changes {
                    Some(changes) => update(tx, actor, id, Precondition::Any, changes, notify),
                    None => Ok(current),
                }
                .map(drop)
            }),
        };
        out.tally(id, done.map(|()| None))?;
    }
    Ok(out)
}

/// Creates one task per contact, as a background job (`bulk_create_tasks`); its result is
/// `{"created": n, "skipped": [{"contact_id", "code"}]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BulkCreateTasks {
    pub actor: Actor,
    pub contact_ids: Vec<i64>,
    pub task: TaskInput,
}

impl BackgroundJob for BulkCreateTasks {
    const JOB_NAME: &'static str = "bulk_create_tasks";
    const MAX_ATTEMPTS: i64 = 3;
}

impl BulkCreateTasks {
    /// Creates the tasks of the contacts `done..end` that the actor may see, adding to
    /// `result`; the last chunk tells the responsible user how many were made.
    pub fn run_chunk(
        &self,
        tx: &mut Tx<'_>,
        done: usize,
        end: usize,
        mut result: Value,
    ) -> Result<Value, ApiError> {
        let (actor, at) = (&self.actor, tx.now);
        let rtz = TimeZoneName::tz_or_utc(
            &users::find(tx.conn, actor.portal_id, self.task.responsible_id)?.time_zone,
        );
        let chunk = &self.contact_ids[done..end];
        let seen = records::visible_ids(
            tx.conn,
            actor.portal_id,
            actor.viewer(),
            crm_domain::RecordKind::Contact,
            chunk,
        )?;
        let mut created = 0_i64;
        for contact_id in chunk {
            if seen.contains(contact_id) {
                let about = Some(RecordRef::contact(*contact_id));
                insert(tx.conn, actor, &self.task, rtz, about, at)?;
                created += 1;
            } else if let Some(s) = result["skipped"].as_array_mut() {
                s.push(json!({ "contact_id": contact_id, "code": "not_found" }));
            }
        }
        let count = result["created"].as_i64().unwrap_or(0) + created;
        result["created"] = json!(count);
        if end == self.contact_ids.len() && self.task.notify && count > 0 {
            tx.emit(
                actor.portal_id,
                Event::TasksAssigned {
                    count,
                    title: self.task.title.clone(),
                    responsible: self.task.responsible_id,
                    by: actor.by(),
                },
            );
        }
        Ok(result)
    }
}

/// Takes up to `batch` due reminders and emits each; returns how many.
pub fn deliver_reminders(tx: &mut Tx<'_>, batch: i64) -> Result<i64, ApiError> {
    let due = tasks::take_due_reminders(tx.conn, tx.now, batch)?;
    for r in &due {
        tx.emit(
            r.portal_id,
            Event::ReminderDue {
                task_id: r.id,
                title: r.title.clone(),
                deadline: r.deadline,
                responsible: r.responsible_id,
            },
        );
    }
    Ok(i64::try_from(due.len()).unwrap_or(0))
}
