//! History of records: dated entries with a category, text, author and attached files.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::files::FileRow;
use crate::keyset::{After, KeyValue, PageRequest, PageResult};
use crate::schema::{files, history_attachments, history_entries};
use crate::stored::Stored;
use crate::users::time_after;
use crm_domain::RecordKind;

/// A stored history entry.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = history_entries)]
pub struct HistoryRow {
    pub id: i64,
    pub portal_id: i64,
    pub record_kind: Stored<RecordKind>,
    pub record_id: i64,
    pub category_id: Option<i64>,
    pub content: String,
    pub author_id: i64,
    pub happened_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub event: Option<String>,
    pub task_id: Option<i64>,
}

/// An entry with its files.
#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub entry: HistoryRow,
    pub files: Vec<FileRow>,
}

/// An entry to add.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub portal_id: i64,
    pub record_kind: RecordKind,
    pub record_id: i64,
    pub category_id: Option<i64>,
    pub content: String,
    pub author_id: i64,
    pub happened_at: NaiveDateTime,
    pub now: NaiveDateTime,
    /// Set on entries the system writes (`task_closed`).
    pub event: Option<&'static str>,
    /// The task an event is about.
    pub task_id: Option<i64>,
}

/// Changes to an entry.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = history_entries)]
pub struct EntryChanges {
    pub category_id: Option<Option<i64>>,
    pub content: Option<String>,
    pub happened_at: Option<NaiveDateTime>,
}

/// Filters of a record's history.
#[derive(Debug, Clone, Default)]
pub struct HistoryFilter {
    pub category_id: Option<i64>,
    pub author_id: Option<i64>,
    /// Only entries with files attached.
    pub with_files: bool,
}

fn with_files(conn: &mut DbConnection, rows: Vec<HistoryRow>) -> StoreResult<Vec<HistoryEntry>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let attached: Vec<(i64, FileRow)> = history_attachments::table
        .inner_join(files::table)
        .filter(history_attachments::entry_id.eq_any(&ids))
        .select((history_attachments::entry_id, FileRow::as_select()))
        .order(files::id)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|entry| HistoryEntry {
            files: attached
                .iter()
                .filter(|(e, _)| *e == entry.id)
                .map(|(_, f)| f.clone())
                .collect(),
            entry,
        })
        .collect())
}

/// Attaches files `author_id` uploaded and that no entry carries yet.
fn attach_files(
    conn: &mut DbConnection,
    portal_id: i64,
    entry_id: i64,
    author_id: i64,
    file_ids: &[i64],
) -> StoreResult<()> {
    let ids = crate::portals::dedup(file_ids);
    let taken = history_attachments::table.select(history_attachments::file_id);
    let photos = crate::schema::contacts::table
        .filter(crate::schema::contacts::portal_id.eq(portal_id))
        .filter(crate::schema::contacts::photo_file_id.is_not_null())
        .select(crate::schema::contacts::photo_file_id.assume_not_null());
    let usable: i64 = files::table
        .filter(files::portal_id.eq(portal_id))
        .filter(files::created_by.eq(author_id))
        .filter(files::id.eq_any(&ids))
        .filter(diesel::dsl::not(files::id.eq_any(taken)))
        .filter(diesel::dsl::not(files::id.eq_any(photos)))
        .count()
        .get_result(conn)?;
    if usize::try_from(usable).unwrap_or(0) != ids.len() {
        return Err(StoreError::MissingReference("file_ids".into()));
    }
    for f in ids {
        diesel::insert_into(history_attachments::table)
            .values((
                history_attachments::portal_id.eq(portal_id),
                history_attachments::entry_id.eq(entry_id),
                history_attachments::file_id.eq(f),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Adds an entry with files.
pub fn create(
    conn: &mut DbConnection,
    new: &NewEntry,
    file_ids: &[i64],
) -> StoreResult<HistoryEntry> {
    conn.transaction(|conn| {
        let id: i64 = diesel::insert_into(history_entries::table)
            .values((
                history_entries::portal_id.eq(new.portal_id),
                history_entries::record_kind.eq(Stored(new.record_kind)),
                history_entries::record_id.eq(new.record_id),
                history_entries::category_id.eq(new.category_id),
                history_entries::content.eq(&new.content),
                history_entries::author_id.eq(new.author_id),
                history_entries::happened_at.eq(new.happened_at),
                history_entries::created_at.eq(new.now),
                history_entries::updated_at.eq(new.now),
                history_entries::version.eq(1),
                history_entries::event.eq(new.event),
                history_entries::task_id.eq(new.task_id),
            ))
            .returning(history_entries::id)
            .get_result(conn)?;
        attach_files(conn, new.portal_id, id, new.author_id, file_ids)?;
        find(conn, new.portal_id, id)
    })
}

/// One entry of the portal.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<HistoryEntry> {
    let row = history_entries::table
        .filter(history_entries::portal_id.eq(portal_id))
        .filter(history_entries::id.eq(id))
        .select(HistoryRow::as_select())
        .first(conn)?;
    with_files(conn, vec![row])?
        .into_iter()
        .next()
        .ok_or(StoreError::NotFound)
}

/// A page of the history of records (one, or a company with its people), newest first.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    record_kind: RecordKind,
    record_ids: &[i64],
    filter: &HistoryFilter,
    page: &PageRequest<()>,
) -> StoreResult<PageResult<HistoryEntry>> {
    let base = || {
        let mut q = history_entries::table
            .filter(history_entries::portal_id.eq(portal_id))
            .filter(history_entries::record_kind.eq(Stored(record_kind)))
            .filter(history_entries::record_id.eq_any(record_ids.to_vec()))
            .into_boxed::<crate::connection::MultiBackend>();
        if filter.with_files {
            q = q.filter(
                history_entries::id.eq_any(
                    history_attachments::table
                        .filter(history_attachments::portal_id.eq(portal_id))
                        .select(history_attachments::entry_id),
                ),
            );
        }
        if let Some(c) = filter.category_id {
            q = q.filter(history_entries::category_id.eq(c));
        }
        if let Some(a) = filter.author_id {
            q = q.filter(history_entries::author_id.eq(a));
        }
        q
    };
    let total: i64 = base().count().get_result(conn)?;
    let after = time_after(&page.after)?;
    let q = base().select(HistoryRow::as_select());
    let q = crate::keyset!(
        q,
        history_entries::happened_at,
        history_entries::id,
        page.sort.direction,
        after
    );
    let rows: Vec<HistoryRow> = q.limit(page.limit + 1).load(conn)?;
    let entries = with_files(conn, rows)?;
    Ok(PageResult::from_probe(
        entries,
        page.limit,
        total,
        |e: &HistoryEntry| After {
            value: KeyValue::Time(e.entry.happened_at),
            id: e.entry.id,
        },
    ))
}

/// Changes an entry made from `expected_version`; files given replace the attached ones
/// (files taken off are deleted; their storage keys are returned). Files added must be
/// unattached uploads of `by`, the user making the change: nobody publishes another's upload.
#[allow(clippy::too_many_arguments)]
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &EntryChanges,
    file_ids: Option<&[i64]>,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<(HistoryEntry, Vec<String>)> {
    conn.transaction(|conn| {
        let n = diesel::update(
            history_entries::table
                .filter(history_entries::portal_id.eq(portal_id))
                .filter(history_entries::id.eq(id))
                .filter(history_entries::version.eq(expected_version)),
        )
        .set((
            changes,
            history_entries::version.eq(history_entries::version + 1),
            history_entries::updated_at.eq(now),
        ))
        .execute(conn)?;
        if n == 0 {
            find(conn, portal_id, id)?;
            return Err(StoreError::StaleVersion);
        }
        let mut removed = Vec::new();
        if let Some(wanted) = file_ids {
            let current = find(conn, portal_id, id)?;
            let dropped: Vec<i64> = current
                .files
                .iter()
                .map(|f| f.id)
                .filter(|f| !wanted.contains(f))
                .collect();
            let added: Vec<i64> = wanted
                .iter()
                .copied()
                .filter(|f| !current.files.iter().any(|c| c.id == *f))
                .collect();
            removed = delete_files(conn, &dropped)?;
            attach_files(conn, portal_id, id, by, &added)?;
        }
        Ok((find(conn, portal_id, id)?, removed))
    })
}

fn delete_files(conn: &mut DbConnection, ids: &[i64]) -> StoreResult<Vec<String>> {
    let keys: Vec<String> = files::table
        .filter(files::id.eq_any(ids))
        .select(files::storage_key)
        .load(conn)?;
    diesel::delete(files::table.filter(files::id.eq_any(ids))).execute(conn)?;
    Ok(keys)
}

/// Deletes an entry and its files; returns the storage keys to remove.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<Vec<String>> {
    conn.transaction(|conn| {
        let entry = find(conn, portal_id, id)?;
        let keys = delete_files(conn, &entry.files.iter().map(|f| f.id).collect::<Vec<_>>())?;
        diesel::delete(history_entries::table.filter(history_entries::id.eq(id))).execute(conn)?;
        Ok(keys)
    })
}

/// Deletes the history of records (with their files); returns the storage keys to remove.
pub fn delete_for_records(
    conn: &mut DbConnection,
    portal_id: i64,
    record_kind: RecordKind,
    ids: &[i64],
) -> StoreResult<Vec<String>> {
    let entries: Vec<i64> = history_entries::table
        .filter(history_entries::portal_id.eq(portal_id))
        .filter(history_entries::record_kind.eq(Stored(record_kind)))
        .filter(history_entries::record_id.eq_any(ids))
        .select(history_entries::id)
        .load(conn)?;
    let file_ids: Vec<i64> = history_attachments::table
        .filter(history_attachments::entry_id.eq_any(&entries))
        .select(history_attachments::file_id)
        .load(conn)?;
    let keys = delete_files(conn, &file_ids)?;
    diesel::delete(history_entries::table.filter(history_entries::id.eq_any(&entries)))
        .execute(conn)?;
    Ok(keys)
}

/// Moves the history of one record to another (merge).
pub fn move_records(
    conn: &mut DbConnection,
    portal_id: i64,
    record_kind: RecordKind,
    from: i64,
    to: i64,
) -> StoreResult<()> {
    diesel::update(
        history_entries::table
            .filter(history_entries::portal_id.eq(portal_id))
            .filter(history_entries::record_kind.eq(Stored(record_kind)))
            .filter(history_entries::record_id.eq(from)),
    )
    .set(history_entries::record_id.eq(to))
    .execute(conn)?;
    Ok(())
}
