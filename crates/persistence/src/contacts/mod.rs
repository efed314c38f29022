//! Contacts (persons and companies) with details, managers and tags. Who sees which follows
//! the record model's rule for contacts ([`crate::records::access`]).

mod bulk;
mod list;
mod merge;
mod records;
mod write;

pub use bulk::{bulk_access, bulk_managers, bulk_tags};
pub use list::{
    duplicates, list, ContactFilter, ContactSort, CustomFilter, CustomSortBy, DuplicateMatch,
    TrigramCounts,
};
pub use merge::{merge, MergePlan};
pub use write::{create, delete, update, ContactChanges, NewContact, NewDetail};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crm_domain::{RecordKind, Viewer};

use crate::connection::{DbConnection, MultiBackend};
use crate::error::StoreResult;
use crate::schema::{contact_details, contact_references, contacts};

/// A stored contact.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = contacts)]
pub struct ContactRow {
    pub id: i64,
    pub portal_id: i64,
    pub kind: crate::stored::Stored<crm_domain::contact::ContactKind>,
    pub first_name: String,
    pub last_name: String,
    pub company_name: String,
    pub display_name: String,
    pub sort_name: String,
    pub search_key: String,
    pub job_title: String,
    pub notes: String,
    pub industry: String,
    pub company_id: Option<i64>,
    pub type_id: Option<i64>,
    pub temperature_id: Option<i64>,
    pub currency: Option<String>,
    pub access: crate::stored::Stored<crm_domain::Access>,
    pub created_by: i64,
    pub updated_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub version: i64,
    pub photo_file_id: Option<i64>,
}

/// A stored contact detail.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = contact_details)]
pub struct DetailRow {
    pub id: i64,
    pub portal_id: i64,
    pub contact_id: i64,
    pub kind: String,
    pub category: String,
    pub value: String,
    pub normalized: String,
    pub network: Option<String>,
    pub is_primary: bool,
    pub position: i64,
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
}

/// A contact with everything attached to it.
#[derive(Debug, Clone)]
pub struct ContactRecord {
    pub contact: ContactRow,
    pub manager_ids: Vec<i64>,
    pub tags: Vec<String>,
    pub details: Vec<DetailRow>,
    /// `(id, kind, display_name)` of a person's company.
    pub company: Option<(i64, crm_domain::contact::ContactKind, String)>,
    /// People of a company the viewer may see.
    pub people_count: Option<i64>,
    /// Values of custom fields.
    pub custom_values: Vec<crate::custom_fields::ValueRow>,
}

impl ContactRecord {
    /// Whether the viewer manages it.
    pub fn is_manager(&self, viewer: Viewer) -> bool {
        self.manager_ids.contains(&viewer.user_id.get())
    }
}

/// Contacts of the portal the viewer may see, as a boxed query to filter further.
pub fn visible<'a>(portal_id: i64, viewer: Viewer) -> contacts::BoxedQuery<'a, MultiBackend> {
    crate::visible_records!(contacts, RecordKind::Contact, portal_id, viewer)
}

/// A contact the viewer may see (`NotFound` otherwise, so private records don't leak).
pub fn find_visible(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> StoreResult<ContactRecord> {
    records::find(conn, portal_id, viewer, id)?.ok_or(crate::StoreError::NotFound)
}

/// Those of the contacts `ids` the viewer may see, with everything attached (one statement),
/// in the order of `ids`.
pub fn load(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    ids: &[i64],
) -> StoreResult<Vec<ContactRecord>> {
    records::load(conn, portal_id, viewer, ids)
}

/// The display name of a contact of the portal, whoever looks (for what the portal itself
/// prints, such as an invoice's client).
pub fn display_name(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
) -> StoreResult<Option<String>> {
    Ok(contacts::table
        .filter(contacts::portal_id.eq(portal_id))
        .filter(contacts::id.eq(id))
        .select(contacts::display_name)
        .first(conn)
        .optional()?)
}

/// Registers that a record of another kind (an invoice) refers to a contact, which then cannot be deleted.
pub fn add_reference(
    conn: &mut DbConnection,
    portal_id: i64,
    contact_id: i64,
    kind: &str,
    referrer_id: i64,
) -> StoreResult<()> {
    diesel::insert_into(contact_references::table)
        .values((
            contact_references::portal_id.eq(portal_id),
            contact_references::contact_id.eq(contact_id),
            contact_references::referrer_kind.eq(kind),
            contact_references::referrer_id.eq(referrer_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes a reference registered with [`add_reference`].
pub fn remove_reference(
    conn: &mut DbConnection,
    portal_id: i64,
    contact_id: i64,
    kind: &str,
    referrer_id: i64,
) -> StoreResult<()> {
    diesel::delete(
        contact_references::table
            .filter(contact_references::portal_id.eq(portal_id))
            .filter(contact_references::contact_id.eq(contact_id))
            .filter(contact_references::referrer_kind.eq(kind))
            .filter(contact_references::referrer_id.eq(referrer_id)),
    )
    .execute(conn)?;
    Ok(())
}

/// Whether anything refers to the contact: an invoice (as its client or consignee) or a
/// reference registered with [`add_reference`].
pub fn is_referenced(
    conn: &mut DbConnection,
    portal_id: i64,
    contact_id: i64,
) -> StoreResult<bool> {
    if !crate::invoices::refers_to_contacts(conn, portal_id, &[contact_id])?.is_empty() {
        return Ok(true);
    }
    let n: i64 = contact_references::table
        .filter(contact_references::portal_id.eq(portal_id))
        .filter(contact_references::contact_id.eq(contact_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The row of contact `id` of the portal, for a write.
pub(crate) fn this(
    portal_id: i64,
    id: i64,
) -> diesel::dsl::Filter<
    diesel::dsl::Filter<contacts::table, diesel::dsl::Eq<contacts::portal_id, i64>>,
    diesel::dsl::Eq<contacts::id, i64>,
> {
    contacts::table
        .filter(contacts::portal_id.eq(portal_id))
        .filter(contacts::id.eq(id))
}

/// Records activity on a contact (a history entry, later a task or a call) for the
/// "last activity" sort, without changing its version.
pub fn touch_activity(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(this(portal_id, id))
        .set(contacts::last_activity_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Sets (or with `None` removes) a contact's photo; returns the storage key of the file it
/// replaced, whose row is deleted here.
pub fn set_photo(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    file_id: Option<i64>,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<Option<String>> {
    use crate::schema::files;
    conn.transaction(|conn| {
        let old: Option<i64> = contacts::table
            .filter(contacts::portal_id.eq(portal_id))
            .filter(contacts::id.eq(id))
            .select(contacts::photo_file_id)
            .first(conn)?;
        diesel::update(contacts::table.filter(contacts::id.eq(id)))
            .set((
                contacts::photo_file_id.eq(file_id),
                contacts::version.eq(contacts::version + 1),
                contacts::updated_by.eq(by),
                contacts::updated_at.eq(now),
                contacts::last_activity_at.eq(now),
            ))
            .execute(conn)?;
        let Some(old) = old.filter(|o| Some(*o) != file_id) else {
            return Ok(None);
        };
        let key: Option<String> = files::table
            .find(old)
            .select(files::storage_key)
            .first(conn)
            .optional()?;
        diesel::delete(files::table.find(old)).execute(conn)?;
        Ok(key)
    })
}

/// The people of a company that the viewer may see.
pub fn visible_people_of(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    company_id: i64,
) -> StoreResult<Vec<i64>> {
    Ok(visible(portal_id, viewer)
        .filter(contacts::company_id.eq(company_id))
        .select(contacts::id)
        .load(conn)?)
}
