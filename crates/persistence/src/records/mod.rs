//! What every record kind shares, stored once for all kinds and reached through a
//! [`RecordRef`]: the access rule as SQL, members (a contact's managers), and the links that go
//! when a record goes or move when two are merged (tags, custom values, history with files,
//! the tasks about it).

pub mod access;
pub mod linked;
pub mod members;

use diesel::prelude::*;

use crm_domain::{RecordKind, RecordRef, Viewer};

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{contacts, deals, record_tags};
use crate::stored::Stored;
use access::RuleFilter;

/// Whether the viewer may see the record (one query, for checks that need nothing else).
pub fn is_visible(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    record: RecordRef,
) -> StoreResult<bool> {
    Ok(!visible_ids(conn, portal_id, viewer, record.kind, &[record.id])?.is_empty())
}

/// Those of `ids` (records of `kind`) the viewer may see.
pub fn visible_ids(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<Vec<i64>> {
    let rule = RuleFilter::unless_sees_all(
        access::record_rule(kind, access::table_of(kind)),
        portal_id,
        viewer,
    );
    let ids = crate::portals::dedup(ids);
    Ok(match kind {
        RecordKind::Contact => {
            let mut q = contacts::table
                .filter(contacts::portal_id.eq(portal_id))
                .filter(contacts::id.eq_any(ids))
                .select(contacts::id)
                .into_boxed::<crate::connection::MultiBackend>();
            if let Some(rule) = rule {
                q = q.filter(rule);
            }
            q.load(conn)?
        }
        RecordKind::Deal => {
            let mut q = deals::table
                .filter(deals::portal_id.eq(portal_id))
                .filter(deals::id.eq_any(ids))
                .select(deals::id)
                .into_boxed::<crate::connection::MultiBackend>();
            if let Some(rule) = rule {
                q = q.filter(rule);
            }
            q.load(conn)?
        }
    })
}

/// Gives the records of `kind` among `ids` a new version: something they carry (their tags)
/// changed under them, and a client holding the old version must not write it back.
pub fn bump_versions(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<()> {
    match kind {
        RecordKind::Contact => {
            diesel::update(
                contacts::table
                    .filter(contacts::portal_id.eq(portal_id))
                    .filter(contacts::id.eq_any(ids)),
            )
            .set(contacts::version.eq(contacts::version + 1))
            .execute(conn)?;
        }
        RecordKind::Deal => {
            diesel::update(
                deals::table
                    .filter(deals::portal_id.eq(portal_id))
                    .filter(deals::id.eq_any(ids)),
            )
            .set(deals::version.eq(deals::version + 1))
            .execute(conn)?;
        }
    }
    Ok(())
}

/// Records activity on a record (a history entry, a closed task) for the "last activity"
/// sort, without changing its version.
pub fn touch_activity(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    at: chrono::NaiveDateTime,
) -> StoreResult<()> {
    match record.kind {
        RecordKind::Contact => crate::contacts::touch_activity(conn, portal_id, record.id, at),
        RecordKind::Deal => crate::deals::touch_activity(conn, portal_id, record.id, at),
    }
}

/// Deletes what hangs off the records `ids` of `kind`: tags, members, custom values, the tasks
/// about them, history with its files. Returns the storage keys of the deleted files, to
/// remove once the transaction has committed.
pub fn delete_links(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<Vec<String>> {
    let keys = crate::history::delete_for_records(conn, portal_id, kind, ids)?;
    crate::custom_fields::delete_for_records(conn, portal_id, kind, ids)?;
    crate::tasks::delete_about(conn, portal_id, kind, ids)?;
    members::delete_all(conn, portal_id, kind, ids)?;
    diesel::delete(
        record_tags::table
            .filter(record_tags::portal_id.eq(portal_id))
            .filter(record_tags::record_kind.eq(Stored(kind)))
            .filter(record_tags::record_id.eq_any(ids)),
    )
    .execute(conn)?;
    Ok(keys)
}

/// Moves the history, custom values and tasks of `from` to `to` (same kind), for a merge;
/// tags and members are merged by the kind, which decides how.
pub fn move_links(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    from: i64,
    to: i64,
) -> StoreResult<()> {
    crate::history::move_records(conn, portal_id, kind, from, to)?;
    crate::custom_fields::merge_records(conn, portal_id, kind, from, to)?;
    crate::tasks::move_about(
        conn,
        portal_id,
        RecordRef { kind, id: from },
        RecordRef { kind, id: to },
    )
}
