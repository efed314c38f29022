//! Members of records: a contact's managers, later the users a restricted deal or case is
//! open to. Who may become one is checked here: active users of the portal.

use diesel::prelude::*;

use crm_domain::{RecordKind, RecordRef};

use crate::connection::{insert_in_batches, DbConnection};
use crate::error::{StoreError, StoreResult};
use crate::schema::{record_members, users};
use crate::stored::Stored;

/// The members of a record, by id.
pub fn of(conn: &mut DbConnection, portal_id: i64, record: RecordRef) -> StoreResult<Vec<i64>> {
    Ok(record_members::table
        .filter(record_members::portal_id.eq(portal_id))
        .filter(record_members::record_kind.eq(Stored(record.kind)))
        .filter(record_members::record_id.eq(record.id))
        .order(record_members::user_id)
        .select(record_members::user_id)
        .load(conn)?)
}

/// Refuses (`MissingReference("manager_ids")`) unless every one of `ids` is an active user of
/// the portal with CRM access: a member reads the record's name in notifications.
fn check_users(conn: &mut DbConnection, portal_id: i64, ids: &[i64]) -> StoreResult<()> {
    let ids = crate::portals::dedup(ids);
    if crate::users::crm_users_among(conn, portal_id, &ids)?.len() != ids.len() {
        return Err(StoreError::MissingReference("manager_ids".into()));
    }
    Ok(())
}

/// Makes `ids` the members of a record. Members kept from before may since have been
/// deactivated; only new ones must be active users.
pub fn replace(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    ids: &[i64],
) -> StoreResult<()> {
    let current = of(conn, portal_id, record)?;
    let added: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|u| !current.contains(u))
        .collect();
    check_users(conn, portal_id, &added)?;
    delete_all(conn, portal_id, record.kind, &[record.id])?;
    let rows: Vec<_> = crate::portals::dedup(ids)
        .into_iter()
        .map(|u| {
            (
                record_members::portal_id.eq(portal_id),
                record_members::record_kind.eq(Stored(record.kind)),
                record_members::record_id.eq(record.id),
                record_members::user_id.eq(u),
            )
        })
        .collect();
    insert_in_batches!(conn, record_members::table, rows);
    Ok(())
}

/// Makes the active users of `ids` members of a new record in one statement; refused
/// (`MissingReference("manager_ids")`) when any of them is unknown, inactive or without CRM
/// access.
pub fn insert_active(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    ids: &[i64],
) -> StoreResult<()> {
    use diesel::sql_types::{BigInt, Text};
    let ids = crate::portals::dedup(ids);
    let added = diesel::insert_into(record_members::table)
        .values(
            users::table
                .filter(users::portal_id.eq(portal_id))
                .filter(users::id.eq_any(&ids))
                .filter(users::active.eq(true))
                .filter(crate::users::with_crm_access(portal_id))
                .select((
                    portal_id.into_sql::<BigInt>(),
                    Stored(record.kind).into_sql::<Text>(),
                    record.id.into_sql::<BigInt>(),
                    users::id,
                )),
        )
        .into_columns((
            record_members::portal_id,
            record_members::record_kind,
            record_members::record_id,
            record_members::user_id,
        ))
        .execute(conn)?;
    if added != ids.len() {
        return Err(StoreError::MissingReference("manager_ids".into()));
    }
    Ok(())
}

/// Removes every member of the records `ids` of `kind`.
pub fn delete_all(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<()> {
    diesel::delete(
        record_members::table
            .filter(record_members::portal_id.eq(portal_id))
            .filter(record_members::record_kind.eq(Stored(kind)))
            .filter(record_members::record_id.eq_any(ids)),
    )
    .execute(conn)?;
    Ok(())
}

type MembersOfPortal =
    diesel::dsl::Filter<record_members::table, diesel::dsl::Eq<record_members::portal_id, i64>>;
type MembersOfKind = diesel::dsl::Filter<
    MembersOfPortal,
    diesel::dsl::Eq<record_members::record_kind, Stored<RecordKind>>,
>;
type MembershipsOfUser =
    diesel::dsl::Filter<MembersOfKind, diesel::dsl::Eq<record_members::user_id, i64>>;

/// Ids of the records of `kind` the user is a member of, as a subquery.
pub fn records_of_user(
    portal_id: i64,
    kind: RecordKind,
    user_id: i64,
) -> diesel::dsl::Select<MembershipsOfUser, record_members::record_id> {
    record_members::table
        .filter(record_members::portal_id.eq(portal_id))
        .filter(record_members::record_kind.eq(Stored(kind)))
        .filter(record_members::user_id.eq(user_id))
        .select(record_members::record_id)
}
