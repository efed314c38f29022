//! In-app notifications: stored per user, read or unread.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::keyset::{After, KeyValue, PageResult};
use crate::schema::notifications;

/// A stored notification.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = notifications)]
pub struct NotificationRow {
    pub id: i64,
    pub portal_id: i64,
    pub user_id: i64,
    pub kind: String,
    /// JSON object of the parameters the message needs.
    pub params: String,
    pub read_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// Notifies each of `user_ids` (repeats and `except` skipped); returns how many were stored.
pub fn notify(
    conn: &mut DbConnection,
    portal_id: i64,
    user_ids: &[i64],
    except: i64,
    kind: &str,
    params: &str,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    let mut n = 0;
    for user in crate::portals::dedup(user_ids)
        .into_iter()
        .filter(|u| *u != except)
    {
        n += diesel::insert_into(notifications::table)
            .values((
                notifications::portal_id.eq(portal_id),
                notifications::user_id.eq(user),
                notifications::kind.eq(kind),
                notifications::params.eq(params),
                notifications::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(n)
}

/// A page of a user's notifications, newest first; `unread_only` skips read ones.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    user_id: i64,
    unread_only: bool,
    before_id: Option<i64>,
    limit: i64,
) -> StoreResult<PageResult<NotificationRow>> {
    let base = || {
        let mut q = notifications::table
            .filter(notifications::portal_id.eq(portal_id))
            .filter(notifications::user_id.eq(user_id))
            .into_boxed::<crate::connection::MultiBackend>();
        if unread_only {
            q = q.filter(notifications::read_at.is_null());
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base()
        .select(NotificationRow::as_select())
        .order(notifications::id.desc());
    if let Some(id) = before_id {
        q = q.filter(notifications::id.lt(id));
    }
    let rows = q.limit(limit + 1).load(conn)?;
    Ok(PageResult::from_probe(
        rows,
        limit,
        total,
        |r: &NotificationRow| After {
            value: KeyValue::Int(r.id),
            id: r.id,
        },
    ))
}

/// Notifications of a user newer than `after_id`, oldest first (for the live stream).
pub fn newer_than(
    conn: &mut DbConnection,
    portal_id: i64,
    user_id: i64,
    after_id: i64,
) -> StoreResult<Vec<NotificationRow>> {
    Ok(notifications::table
        .filter(notifications::portal_id.eq(portal_id))
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::id.gt(after_id))
        .order(notifications::id.asc())
        .limit(100)
        .select(NotificationRow::as_select())
        .load(conn)?)
}

/// The newest notification id of a user (0 when none).
pub fn last_id(conn: &mut DbConnection, portal_id: i64, user_id: i64) -> StoreResult<i64> {
    let id: Option<i64> = notifications::table
        .filter(notifications::portal_id.eq(portal_id))
        .filter(notifications::user_id.eq(user_id))
        .select(diesel::dsl::max(notifications::id))
        .first(conn)?;
    Ok(id.unwrap_or(0))
}

/// Unread notifications of a user.
pub fn unread_count(conn: &mut DbConnection, portal_id: i64, user_id: i64) -> StoreResult<i64> {
    Ok(notifications::table
        .filter(notifications::portal_id.eq(portal_id))
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Marks some (or, with `None`, all) of a user's notifications read; returns how many changed.
pub fn mark_read(
    conn: &mut DbConnection,
    portal_id: i64,
    user_id: i64,
    ids: Option<&[i64]>,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    let mut q = diesel::update(notifications::table)
        .filter(notifications::portal_id.eq(portal_id))
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .into_boxed();
    if let Some(ids) = ids {
        q = q.filter(notifications::id.eq_any(ids.to_vec()));
    }
    Ok(q.set(notifications::read_at.eq(now)).execute(conn)?)
}
