//! Changes to many contacts at once: tags, access, managers.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::write::touch;
use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::records::members;
use crate::schema::contacts;
use crate::tags;
use crm_domain::{RecordKind, RecordRef};

/// Adds (`add = true`) or removes tags on every contact of `ids`; returns the contacts left
/// alone because they would carry more than `max_tags`.
#[allow(clippy::too_many_arguments)]
pub fn bulk_tags(
    conn: &mut DbConnection,
    portal_id: i64,
    ids: &[i64],
    names: &[String],
    add: bool,
    max_tags: usize,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    conn.transaction(|conn| {
        let tag_ids = if add {
            tags::ensure(conn, portal_id, RecordKind::Contact, names, now)?
        } else {
            tags::ids_of(conn, portal_id, RecordKind::Contact, names)?
        };
        let mut too_many = Vec::new();
        for id in ids {
            let current = tags::ids_on(conn, portal_id, RecordRef::contact(*id))?;
            let changed = if add {
                let new: Vec<i64> = tag_ids
                    .iter()
                    .copied()
                    .filter(|t| !current.contains(t))
                    .collect();
                if current.len() + new.len() > max_tags {
                    too_many.push(*id);
                    continue;
                }
                tags::link(conn, portal_id, RecordRef::contact(*id), &new)?;
                !new.is_empty()
            } else {
                tags::remove_from(conn, portal_id, RecordRef::contact(*id), &tag_ids)? > 0
            };
            // Only contacts that changed get a new version.
            if changed {
                touch(conn, portal_id, *id, by, now)?;
            }
        }
        Ok(too_many)
    })
}

/// Sets the access of every contact of `ids`.
pub fn bulk_access(
    conn: &mut DbConnection,
    portal_id: i64,
    ids: &[i64],
    access: &str,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    conn.transaction(|conn| {
        diesel::update(
            contacts::table
                .filter(contacts::portal_id.eq(portal_id))
                .filter(contacts::id.eq_any(ids)),
        )
        .set(contacts::access.eq(access))
        .execute(conn)?;
        for id in ids {
            touch(conn, portal_id, *id, by, now)?;
        }
        Ok(())
    })
}

/// Replaces the managers of every contact of `ids`.
pub fn bulk_managers(
    conn: &mut DbConnection,
    portal_id: i64,
    ids: &[i64],
    managers: &[i64],
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    conn.transaction(|conn| {
        for id in ids {
            members::replace(conn, portal_id, RecordRef::contact(*id), managers)?;
            touch(conn, portal_id, *id, by, now)?;
        }
        Ok(())
    })
}
