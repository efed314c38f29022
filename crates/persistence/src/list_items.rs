//! Admin-editable lists: ordered, renamable, undeletable while in use unless re-pointed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{contacts, history_entries, list_items, tasks};

/// A stored list item.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = list_items)]
pub struct ListItemRow {
    pub id: i64,
    pub portal_id: i64,
    pub list_kind: String,
    pub title: String,
    pub sort_title: String,
    pub color: Option<String>,
    pub position: i64,
    pub icon: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// An item with the number of records using it.
#[derive(Debug, Clone)]
pub struct ListItemUsage {
    pub item: ListItemRow,
    pub usage_count: i64,
}

/// Changes to an item.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = list_items)]
pub struct ListItemChanges {
    pub title: Option<String>,
    pub sort_title: Option<String>,
    pub color: Option<Option<String>>,
    pub icon: Option<Option<String>>,
}

/// The records of `$table` in the portal whose `$column` points at `$item`.
macro_rules! referring {
    ($table:ident . $column:ident, $portal:expr, $item:expr) => {
        $table::table
            .filter($table::portal_id.eq($portal))
            .filter($table::$column.eq($item))
    };
}

/// Points the records of `$table.$column` from item `$from` to `$to`; they change under their
/// readers, so they get new versions. Evaluates to how many moved.
macro_rules! repoint {
    ($conn:expr, $table:ident . $column:ident, $portal:expr, $from:expr, $to:expr) => {
        diesel::update(referring!($table.$column, $portal, $from))
            .set((
                $table::$column.eq($to),
                $table::version.eq($table::version + 1),
            ))
            .execute($conn)?
    };
}

/// Records using an item of `kind`.
fn usage(conn: &mut DbConnection, portal_id: i64, kind: &str, item_id: i64) -> StoreResult<i64> {
    Ok(match kind {
        "contact_types" => referring!(contacts.type_id, portal_id, item_id)
            .count()
            .get_result(conn)?,
        "temperatures" => referring!(contacts.temperature_id, portal_id, item_id)
            .count()
            .get_result(conn)?,
        "history_categories" => referring!(history_entries.category_id, portal_id, item_id)
            .count()
            .get_result(conn)?,
        "task_categories" => referring!(tasks.category_id, portal_id, item_id)
            .count()
            .get_result(conn)?,
        _ => 0,
    })
}

/// Items of a list in order, with usage counts.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: &str,
) -> StoreResult<Vec<ListItemUsage>> {
    let items: Vec<ListItemRow> = list_items::table
        .filter(list_items::portal_id.eq(portal_id))
        .filter(list_items::list_kind.eq(kind))
        .order((list_items::position, list_items::id))
        .select(ListItemRow::as_select())
        .load(conn)?;
    items
        .into_iter()
        .map(|item| {
            let usage_count = usage(conn, portal_id, kind, item.id)?;
            Ok(ListItemUsage { item, usage_count })
        })
        .collect()
}

/// One item of a list.
pub fn find(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: &str,
    id: i64,
) -> StoreResult<ListItemUsage> {
    let item = list_items::table
        .filter(list_items::portal_id.eq(portal_id))
        .filter(list_items::list_kind.eq(kind))
        .filter(list_items::id.eq(id))
        .select(ListItemRow::as_select())
        .first(conn)?;
    let usage_count = usage(conn, portal_id, kind, id)?;
    Ok(ListItemUsage { item, usage_count })
}

/// Whether `id` is an item of that list in the portal.
pub fn exists(conn: &mut DbConnection, portal_id: i64, kind: &str, id: i64) -> StoreResult<bool> {
    let n: i64 = list_items::table
        .filter(list_items::portal_id.eq(portal_id))
        .filter(list_items::list_kind.eq(kind))
        .filter(list_items::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Appends an item at the end of the list.
pub fn create(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: &str,
    title: &str,
    color: Option<&str>,
    icon: Option<&str>,
    now: NaiveDateTime,
) -> StoreResult<ListItemUsage> {
    conn.transaction(|conn| {
        let last: Option<i64> = list_items::table
            .filter(list_items::portal_id.eq(portal_id))
            .filter(list_items::list_kind.eq(kind))
            .select(diesel::dsl::max(list_items::position))
            .first(conn)?;
        let id: i64 = diesel::insert_into(list_items::table)
            .values((
                list_items::portal_id.eq(portal_id),
                list_items::list_kind.eq(kind),
                list_items::title.eq(title),
                list_items::sort_title.eq(title.to_lowercase()),
                list_items::color.eq(color),
                list_items::icon.eq(icon),
                list_items::position.eq(last.map_or(0, |p| p + 1)),
                list_items::created_at.eq(now),
                list_items::updated_at.eq(now),
                list_items::version.eq(1),
            ))
            .returning(list_items::id)
            .get_result(conn)?;
        find(conn, portal_id, kind, id)
    })
}

/// Renames or recolours an item made from `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: &str,
    id: i64,
    expected_version: i64,
    changes: &ListItemChanges,
    now: NaiveDateTime,
) -> StoreResult<ListItemUsage> {
    conn.transaction(|conn| {
        let n = diesel::update(
            list_items::table
                .filter(list_items::portal_id.eq(portal_id))
                .filter(list_items::list_kind.eq(kind))
                .filter(list_items::id.eq(id))
                .filter(list_items::version.eq(expected_version)),
        )
        .set((
            changes,
            list_items::version.eq(list_items::version + 1),
            list_items::updated_at.eq(now),
        ))
        .execute(conn)?;
        if n == 0 {
            find(conn, portal_id, kind, id)?;
            return Err(StoreError::StaleVersion);
        }
        find(conn, portal_id, kind, id)
    })
}

/// Puts the items in the order of `ids`, which must name every item of the list once.
pub fn reorder(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: &str,
    ids: &[i64],
    now: NaiveDateTime,
) -> StoreResult<()> {
    conn.transaction(|conn| {
        let mut current: Vec<i64> = list_items::table
            .filter(list_items::portal_id.eq(portal_id))
            .filter(list_items::list_kind.eq(kind))
            .select(list_items::id)
            .load(conn)?;
        let mut wanted = ids.to_vec();
        current.sort_unstable();
        wanted.sort_unstable();
        if current != wanted {
            return Err(StoreError::MissingReference("ids".into()));
        }
        for (position, id) in ids.iter().enumerate() {
            diesel::update(list_items::table.filter(list_items::id.eq(id)))
                .set((
                    list_items::position.eq(i64::try_from(position).unwrap_or(i64::MAX)),
                    list_items::updated_at.eq(now),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Why an item could not be deleted.
#[derive(Debug)]
pub enum DeleteOutcome {
    /// Deleted; `moved` records now use the replacement.
    Deleted { moved: i64 },
    /// Still used by this many records and no replacement was given.
    InUse(i64),
    /// It is the last item of its list.
    Last,
}

/// Deletes an item, first re-pointing its records to `replacement` when given.
pub fn delete(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: &str,
    id: i64,
    replacement: Option<i64>,
) -> StoreResult<DeleteOutcome> {
    conn.transaction(|conn| {
        let item = find(conn, portal_id, kind, id)?;
        let count: i64 = list_items::table
            .filter(list_items::portal_id.eq(portal_id))
            .filter(list_items::list_kind.eq(kind))
            .count()
            .get_result(conn)?;
        if count <= 1 {
            return Ok(DeleteOutcome::Last);
        }
        let mut moved = 0;
        if item.usage_count > 0 {
            let Some(to) = replacement else {
                return Ok(DeleteOutcome::InUse(item.usage_count));
            };
            if to == id || !exists(conn, portal_id, kind, to)? {
                return Err(StoreError::MissingReference("replace_with".into()));
            }
            moved = match kind {
                "contact_types" => repoint!(conn, contacts.type_id, portal_id, id, to),
                "temperatures" => repoint!(conn, contacts.temperature_id, portal_id, id, to),
                "history_categories" => {
                    repoint!(conn, history_entries.category_id, portal_id, id, to)
                }
                "task_categories" => repoint!(conn, tasks.category_id, portal_id, id, to),
                _ => 0,
            } as i64;
        }
        diesel::delete(list_items::table.filter(list_items::id.eq(id))).execute(conn)?;
        Ok(DeleteOutcome::Deleted { moved })
    })
}

/// Seeds a list of a new portal.
pub fn seed(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: &str,
    items: &[(&str, Option<&str>)],
    icons: &[&str],
    now: NaiveDateTime,
) -> StoreResult<()> {
    for (position, (title, color)) in items.iter().enumerate() {
        let icon = icons.get(position).copied();
        diesel::insert_into(list_items::table)
            .values((
                list_items::portal_id.eq(portal_id),
                list_items::list_kind.eq(kind),
                list_items::title.eq(title),
                list_items::sort_title.eq(title.to_lowercase()),
                list_items::color.eq(color),
                list_items::icon.eq(icon),
                list_items::position.eq(i64::try_from(position).unwrap_or(0)),
                list_items::created_at.eq(now),
                list_items::updated_at.eq(now),
                list_items::version.eq(1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Whether a portal's list has no items (a list added after the portal was made).
pub fn is_empty(conn: &mut DbConnection, portal_id: i64, kind: &str) -> StoreResult<bool> {
    let n: i64 = list_items::table
        .filter(list_items::portal_id.eq(portal_id))
        .filter(list_items::list_kind.eq(kind))
        .count()
        .get_result(conn)?;
    Ok(n == 0)
}
