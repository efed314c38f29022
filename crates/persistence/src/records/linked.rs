//! The contacts a record involves: a deal's client and members, later a case's participants
//! and a project's clients. Only contacts of the portal may be linked.

use diesel::prelude::*;

use crm_domain::{RecordKind, RecordRef};

use crate::connection::{insert_in_batches, DbConnection};
use crate::error::{StoreError, StoreResult};
use crate::schema::{contacts, record_contacts};
use crate::stored::Stored;

/// The contacts of a record, by id.
pub fn of(conn: &mut DbConnection, portal_id: i64, record: RecordRef) -> StoreResult<Vec<i64>> {
    Ok(record_contacts::table
        .filter(record_contacts::portal_id.eq(portal_id))
        .filter(record_contacts::record_kind.eq(Stored(record.kind)))
        .filter(record_contacts::record_id.eq(record.id))
        .order(record_contacts::contact_id)
        .select(record_contacts::contact_id)
        .load(conn)?)
}

/// Makes `ids` the contacts of a record; refused (`MissingReference("contact_ids")`) when one
/// is not a contact of the portal.
pub fn replace(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    ids: &[i64],
) -> StoreResult<()> {
    let ids = crate::portals::dedup(ids);
    let known: i64 = contacts::table
        .filter(contacts::portal_id.eq(portal_id))
        .filter(contacts::id.eq_any(&ids))
        .count()
        .get_result(conn)?;
    if usize::try_from(known).ok() != Some(ids.len()) {
        return Err(StoreError::MissingReference("contact_ids".into()));
    }
    delete_all(conn, portal_id, record.kind, &[record.id])?;
    let rows: Vec<_> = ids
        .into_iter()
        .map(|c| {
            (
                record_contacts::portal_id.eq(portal_id),
                record_contacts::record_kind.eq(Stored(record.kind)),
                record_contacts::record_id.eq(record.id),
                record_contacts::contact_id.eq(c),
            )
        })
        .collect();
    insert_in_batches!(conn, record_contacts::table, rows);
    Ok(())
}

/// Unlinks every contact of the records `ids` of `kind`.
pub fn delete_all(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<()> {
    diesel::delete(
        record_contacts::table
            .filter(record_contacts::portal_id.eq(portal_id))
            .filter(record_contacts::record_kind.eq(Stored(kind)))
            .filter(record_contacts::record_id.eq_any(ids)),
    )
    .execute(conn)?;
    Ok(())
}

/// The records of `kind` a contact is linked to.
pub fn records_of(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    contact_id: i64,
) -> StoreResult<Vec<i64>> {
    Ok(record_contacts::table
        .filter(record_contacts::portal_id.eq(portal_id))
        .filter(record_contacts::record_kind.eq(Stored(kind)))
        .filter(record_contacts::contact_id.eq(contact_id))
        .select(record_contacts::record_id)
        .load(conn)?)
}

/// Links every record that involves contact `from` to contact `to` instead (a merge of two
/// contacts); a record that involves both keeps one link.
pub fn move_contact(
    conn: &mut DbConnection,
    portal_id: i64,
    from: i64,
    to: i64,
) -> StoreResult<()> {
    let of_contact = |c: i64| {
        record_contacts::table
            .filter(record_contacts::portal_id.eq(portal_id))
            .filter(record_contacts::contact_id.eq(c))
            .select((record_contacts::record_kind, record_contacts::record_id))
    };
    let theirs: Vec<(Stored<RecordKind>, i64)> = of_contact(from).load(conn)?;
    let ours: Vec<(Stored<RecordKind>, i64)> = of_contact(to).load(conn)?;
    let rows: Vec<_> = theirs
        .into_iter()
        .filter(|(k, id)| !ours.iter().any(|(ok, oid)| ok.0 == k.0 && oid == id))
        .map(|(k, id)| {
            (
                record_contacts::portal_id.eq(portal_id),
                record_contacts::record_kind.eq(k),
                record_contacts::record_id.eq(id),
                record_contacts::contact_id.eq(to),
            )
        })
        .collect();
    insert_in_batches!(conn, record_contacts::table, rows);
    diesel::delete(
        record_contacts::table
            .filter(record_contacts::portal_id.eq(portal_id))
            .filter(record_contacts::contact_id.eq(from)),
    )
    .execute(conn)?;
    Ok(())
}
