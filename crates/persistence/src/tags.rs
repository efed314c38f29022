//! Tags per record kind: case-insensitive names, rename, merge, delete, delete-unused.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crm_domain::{RecordKind, RecordRef};

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::keyset::contains_pattern;
use crate::schema::{record_tags, tags};
use crate::stored::Stored;

/// A stored tag.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = tags)]
pub struct TagRow {
    pub id: i64,
    pub portal_id: i64,
    pub record_kind: Stored<RecordKind>,
    pub name: String,
    pub name_key: String,
    pub created_at: NaiveDateTime,
}

/// A tag with the number of records carrying it.
#[derive(Debug, Clone)]
pub struct TagUsage {
    pub tag: TagRow,
    pub usage_count: i64,
}

/// The links of a tag to its records (filtered by portal too, so that the index serves it).
fn links(
    portal_id: i64,
    tag_id: i64,
) -> diesel::dsl::Filter<
    diesel::dsl::Filter<record_tags::table, diesel::dsl::Eq<record_tags::portal_id, i64>>,
    diesel::dsl::Eq<record_tags::tag_id, i64>,
> {
    record_tags::table
        .filter(record_tags::portal_id.eq(portal_id))
        .filter(record_tags::tag_id.eq(tag_id))
}

type TagsOfPortal =
    diesel::dsl::Filter<record_tags::table, diesel::dsl::Eq<record_tags::portal_id, i64>>;
type TagsOfKind = diesel::dsl::Filter<
    TagsOfPortal,
    diesel::dsl::Eq<record_tags::record_kind, Stored<RecordKind>>,
>;
type TagsOfRecord = diesel::dsl::Filter<TagsOfKind, diesel::dsl::Eq<record_tags::record_id, i64>>;

/// The links of one record to its tags.
fn on(portal_id: i64, record: RecordRef) -> TagsOfRecord {
    record_tags::table
        .filter(record_tags::portal_id.eq(portal_id))
        .filter(record_tags::record_kind.eq(Stored(record.kind)))
        .filter(record_tags::record_id.eq(record.id))
}

fn usage(conn: &mut DbConnection, portal_id: i64, tag_id: i64) -> StoreResult<i64> {
    Ok(links(portal_id, tag_id).count().get_result(conn)?)
}

/// Tags of a kind by name, optionally those containing `text` (lower-case).
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    text: Option<&str>,
) -> StoreResult<Vec<TagUsage>> {
    let mut q = tags::table
        .filter(tags::portal_id.eq(portal_id))
        .filter(tags::record_kind.eq(Stored(kind)))
        .into_boxed::<crate::connection::MultiBackend>();
    if let Some(t) = text {
        q = q.filter(tags::name_key.like(contains_pattern(t)).escape('\\'));
    }
    let rows: Vec<TagRow> = q
        .order(tags::name_key)
        .select(TagRow::as_select())
        .load(conn)?;
    let counts: std::collections::HashMap<i64, i64> = record_tags::table
        .filter(record_tags::portal_id.eq(portal_id))
        .filter(record_tags::record_kind.eq(Stored(kind)))
        .group_by(record_tags::tag_id)
        .select((record_tags::tag_id, diesel::dsl::count_star()))
        .load::<(i64, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|tag| TagUsage {
            usage_count: counts.get(&tag.id).copied().unwrap_or(0),
            tag,
        })
        .collect())
}

/// One tag of the portal.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<TagUsage> {
    let tag = tags::table
        .filter(tags::portal_id.eq(portal_id))
        .filter(tags::id.eq(id))
        .select(TagRow::as_select())
        .first(conn)?;
    let usage_count = usage(conn, portal_id, id)?;
    Ok(TagUsage { tag, usage_count })
}

/// Creates a tag (`Conflict` if the name exists in any case).
pub fn create(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    name: &str,
    now: NaiveDateTime,
) -> StoreResult<TagUsage> {
    let id: i64 = diesel::insert_into(tags::table)
        .values((
            tags::portal_id.eq(portal_id),
            tags::record_kind.eq(Stored(kind)),
            tags::name.eq(name),
            tags::name_key.eq(name.to_lowercase()),
            tags::created_at.eq(now),
        ))
        .returning(tags::id)
        .get_result(conn)?;
    find(conn, portal_id, id)
}

/// Ids of the named tags, creating the missing ones; names match case-insensitively.
pub fn ensure(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    names: &[String],
    now: NaiveDateTime,
) -> StoreResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(names.len());
    for name in names {
        let key = name.to_lowercase();
        let existing: Option<i64> = tags::table
            .filter(tags::portal_id.eq(portal_id))
            .filter(tags::record_kind.eq(Stored(kind)))
            .filter(tags::name_key.eq(&key))
            .select(tags::id)
            .first(conn)
            .optional()?;
        let id = match existing {
            Some(id) => id,
            None => create(conn, portal_id, kind, name, now)?.tag.id,
        };
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// Ids of existing tags with these names (unknown names are skipped).
pub fn ids_of(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    names: &[String],
) -> StoreResult<Vec<i64>> {
    let keys: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
    Ok(tags::table
        .filter(tags::portal_id.eq(portal_id))
        .filter(tags::record_kind.eq(Stored(kind)))
        .filter(tags::name_key.eq_any(keys))
        .select(tags::id)
        .load(conn)?)
}

/// Puts the tags `ids` (of the record's kind) on a record, those it does not carry yet.
pub fn add_to(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    ids: &[i64],
) -> StoreResult<()> {
    let current = ids_on(conn, portal_id, record)?;
    let new: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|t| !current.contains(t))
        .collect();
    link(conn, portal_id, record, &new)
}

/// Puts the tags `ids` on a record that carries none of them (a new record, or one whose
/// tags the caller has just read or removed).
pub(crate) fn link(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    ids: &[i64],
) -> StoreResult<()> {
    let rows: Vec<_> = crate::portals::dedup(ids)
        .into_iter()
        .map(|t| {
            (
                record_tags::portal_id.eq(portal_id),
                record_tags::record_kind.eq(Stored(record.kind)),
                record_tags::record_id.eq(record.id),
                record_tags::tag_id.eq(t),
            )
        })
        .collect();
    crate::connection::insert_in_batches!(conn, record_tags::table, rows);
    Ok(())
}

/// Ids of the tags a record carries.
pub fn ids_on(conn: &mut DbConnection, portal_id: i64, record: RecordRef) -> StoreResult<Vec<i64>> {
    Ok(on(portal_id, record)
        .order(record_tags::tag_id)
        .select(record_tags::tag_id)
        .load(conn)?)
}

/// Takes the tags `ids` off a record; returns how many it carried.
pub fn remove_from(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    ids: &[i64],
) -> StoreResult<usize> {
    Ok(
        diesel::delete(on(portal_id, record).filter(record_tags::tag_id.eq_any(ids)))
            .execute(conn)?,
    )
}

/// Makes the named tags (created when missing) the tags of a record.
pub fn replace_on(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    names: &[String],
    now: NaiveDateTime,
) -> StoreResult<()> {
    let ids = ensure(conn, portal_id, record.kind, names, now)?;
    diesel::delete(on(portal_id, record)).execute(conn)?;
    link(conn, portal_id, record, &ids)
}

/// Renames a tag.
pub fn rename(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    name: &str,
) -> StoreResult<TagUsage> {
    let n = diesel::update(
        tags::table
            .filter(tags::portal_id.eq(portal_id))
            .filter(tags::id.eq(id)),
    )
    .set((tags::name.eq(name), tags::name_key.eq(name.to_lowercase())))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    bump_tagged(conn, portal_id, id)?;
    find(conn, portal_id, id)
}

/// Records carrying the tag, by kind.
fn tagged(
    conn: &mut DbConnection,
    portal_id: i64,
    tag_id: i64,
) -> StoreResult<Vec<(Stored<RecordKind>, i64)>> {
    Ok(links(portal_id, tag_id)
        .select((record_tags::record_kind, record_tags::record_id))
        .load(conn)?)
}

/// Gives every record carrying the tag a new version: its tags change under it, and a client
/// holding the old version must not write the old tags back.
fn bump_tagged(conn: &mut DbConnection, portal_id: i64, tag_id: i64) -> StoreResult<()> {
    let records = tagged(conn, portal_id, tag_id)?;
    for kind in RecordKind::ALL {
        let ids: Vec<i64> = records
            .iter()
            .filter(|(k, _)| k.0 == kind)
            .map(|(_, id)| *id)
            .collect();
        for chunk in ids.chunks(crate::connection::BATCH_ROWS) {
            crate::records::bump_versions(conn, portal_id, kind, chunk)?;
        }
    }
    Ok(())
}

/// Moves every use of `id` to `into_id` (same kind) and deletes `id`.
pub fn merge(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    into_id: i64,
) -> StoreResult<TagUsage> {
    conn.transaction(|conn| {
        let from = find(conn, portal_id, id)?;
        let into = find(conn, portal_id, into_id)
            .map_err(|_| StoreError::MissingReference("into_id".into()))?;
        if from.tag.record_kind != into.tag.record_kind || id == into_id {
            return Err(StoreError::MissingReference("into_id".into()));
        }
        bump_tagged(conn, portal_id, id)?;
        for (kind, record_id) in tagged(conn, portal_id, id)? {
            let record = RecordRef {
                kind: kind.0,
                id: record_id,
            };
            add_to(conn, portal_id, record, &[into_id])?;
        }
        diesel::delete(links(portal_id, id)).execute(conn)?;
        diesel::delete(tags::table.filter(tags::id.eq(id))).execute(conn)?;
        find(conn, portal_id, into_id)
    })
}

/// Deletes a tag and removes it from its records.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<()> {
    conn.transaction(|conn| {
        find(conn, portal_id, id)?;
        bump_tagged(conn, portal_id, id)?;
        diesel::delete(links(portal_id, id)).execute(conn)?;
        diesel::delete(tags::table.filter(tags::id.eq(id))).execute(conn)?;
        Ok(())
    })
}

/// Deletes the tags of a kind that no record carries; returns how many.
pub fn delete_unused(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    text: Option<&str>,
) -> StoreResult<i64> {
    let used = record_tags::table
        .filter(record_tags::portal_id.eq(portal_id))
        .filter(record_tags::record_kind.eq(Stored(kind)))
        .select(record_tags::tag_id);
    let pattern = contains_pattern(text.unwrap_or_default());
    let n = diesel::delete(
        tags::table
            .filter(tags::portal_id.eq(portal_id))
            .filter(tags::record_kind.eq(Stored(kind)))
            .filter(tags::name_key.like(pattern).escape('\\'))
            .filter(diesel::dsl::not(tags::id.eq_any(used))),
    )
    .execute(conn)?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}
