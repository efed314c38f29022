//! Whole tables of a portal in id order, a page at a time: what a CRM admin's full export
//! reads besides the record lists. No access rule narrows these reads, so each takes a
//! [`SeesAll`], which only a viewer who sees every record can have.

use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::contacts::DetailRow;
use crate::error::StoreResult;
use crate::history::HistoryRow;
use crate::products::ProductRow;
use crate::schema::{contact_details, history_entries, products};

/// Proof that the reader sees every record of the portal (a CRM admin).
#[derive(Debug, Clone, Copy)]
pub struct SeesAll(());

impl SeesAll {
    /// The proof for `viewer`, if they see every record.
    pub fn of(viewer: crm_domain::Viewer) -> Option<Self> {
        viewer.is_crm_admin.then_some(Self(()))
    }
}

/// Contact details after the id `after`, `limit` of them.
pub fn details(
    conn: &mut DbConnection,
    _: SeesAll,
    portal_id: i64,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<DetailRow>> {
    Ok(contact_details::table
        .filter(contact_details::portal_id.eq(portal_id))
        .filter(contact_details::id.gt(after))
        .order(contact_details::id)
        .limit(limit)
        .select(DetailRow::as_select())
        .load(conn)?)
}

/// History entries of every record after the id `after`, `limit` of them.
pub fn history(
    conn: &mut DbConnection,
    _: SeesAll,
    portal_id: i64,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<HistoryRow>> {
    Ok(history_entries::table
        .filter(history_entries::portal_id.eq(portal_id))
        .filter(history_entries::id.gt(after))
        .order(history_entries::id)
        .limit(limit)
        .select(HistoryRow::as_select())
        .load(conn)?)
}

/// Products after the id `after`, `limit` of them.
pub fn products(
    conn: &mut DbConnection,
    _: SeesAll,
    portal_id: i64,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<ProductRow>> {
    Ok(products::table
        .filter(products::portal_id.eq(portal_id))
        .filter(products::id.gt(after))
        .order(products::id)
        .limit(limit)
        .select(ProductRow::as_select())
        .load(conn)?)
}
