//! Contacts (persons and companies) with details, managers and tags, and the visibility rule:
//! a CRM admin sees every contact, others see shared contacts and those they manage.

mod list;
mod write;

pub use list::{
    duplicates, list, ContactFilter, ContactSort, CustomFilter, CustomSortBy, DuplicateMatch,
    TrigramCounts,
};
pub use write::{
    bulk_access, bulk_managers, bulk_tags, create, delete, merge, update, ContactChanges,
    NewContact, NewDetail,
};

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::{DbConnection, MultiBackend};
use crate::error::StoreResult;
use crate::schema::{
    contact_details, contact_managers, contact_references, contact_tags, contacts, tags,
};

/// Who is looking: visibility depends on it.
#[derive(Debug, Clone, Copy)]
pub struct Viewer {
    pub user_id: i64,
    pub is_crm_admin: bool,
}

/// A stored contact.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = contacts)]
pub struct ContactRow {
    pub id: i64,
    pub portal_id: i64,
    pub kind: String,
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
    pub access: String,
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
    pub company: Option<(i64, String, String)>,
    /// People of a company the viewer may see.
    pub people_count: Option<i64>,
    /// Values of custom fields.
    pub custom_values: Vec<crate::custom_fields::ValueRow>,
}

impl ContactRecord {
    /// Whether the viewer manages it.
    pub fn is_manager(&self, viewer: Viewer) -> bool {
        self.manager_ids.contains(&viewer.user_id)
    }
}

/// Contacts of the portal the viewer may see, as a boxed query to filter further.
pub fn visible<'a>(portal_id: i64, viewer: Viewer) -> contacts::BoxedQuery<'a, MultiBackend> {
    let q = contacts::table
        .filter(contacts::portal_id.eq(portal_id))
        .into_boxed();
    if viewer.is_crm_admin {
        return q;
    }
    q.filter(
        contacts::access.ne("private").or(contacts::id.eq_any(
            contact_managers::table
                .filter(contact_managers::portal_id.eq(portal_id))
                .filter(contact_managers::user_id.eq(viewer.user_id))
                .select(contact_managers::contact_id),
        )),
    )
}

/// A contact the viewer may see (`NotFound` otherwise, so private records don't leak).
pub fn find_visible(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> StoreResult<ContactRecord> {
    let row = visible(portal_id, viewer)
        .filter(contacts::id.eq(id))
        .select(ContactRow::as_select())
        .first(conn)?;
    attach(conn, portal_id, viewer, vec![row])?
        .into_iter()
        .next()
        .ok_or(crate::StoreError::NotFound)
}

/// Whether the viewer may see the contact (one query, for checks that need nothing else).
pub fn is_visible(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> StoreResult<bool> {
    let n: i64 = visible(portal_id, viewer)
        .filter(contacts::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Loads managers, tags, details, companies and people counts for rows, in a few queries.
pub fn attach(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    rows: Vec<ContactRow>,
) -> StoreResult<Vec<ContactRecord>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let ids = ids.as_slice();
    let managers = contact_managers::table
        .filter(contact_managers::portal_id.eq(portal_id))
        .into_boxed();
    let managers: Vec<(i64, i64)> = filter_ids!(managers, contact_managers::contact_id, ids)
        .select((contact_managers::contact_id, contact_managers::user_id))
        .order((contact_managers::contact_id, contact_managers::user_id))
        .load(conn)?;
    let tag_names = contact_tags::table
        .inner_join(tags::table)
        .filter(contact_tags::portal_id.eq(portal_id))
        .into_boxed();
    let tag_names: Vec<(i64, String)> = filter_ids!(tag_names, contact_tags::contact_id, ids)
        .select((contact_tags::contact_id, tags::name))
        .order((contact_tags::contact_id, tags::name_key))
        .load(conn)?;
    let details = contact_details::table
        .filter(contact_details::portal_id.eq(portal_id))
        .into_boxed();
    let details: Vec<DetailRow> = filter_ids!(details, contact_details::contact_id, ids)
        .order((contact_details::contact_id, contact_details::position))
        .select(DetailRow::as_select())
        .load(conn)?;
    let company_ids: Vec<i64> = rows.iter().filter_map(|r| r.company_id).collect();
    // Through `visible`: a private company the viewer cannot see is not named to them.
    let companies: HashMap<i64, (i64, String, String)> = if company_ids.is_empty() {
        HashMap::new()
    } else {
        filter_ids!(
            visible(portal_id, viewer),
            contacts::id,
            company_ids.as_slice()
        )
        .select((contacts::id, contacts::kind, contacts::display_name))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|c| (c.0, c))
        .collect()
    };
    let company_rows: Vec<i64> = rows
        .iter()
        .filter(|r| r.kind == "company")
        .map(|r| r.id)
        .collect();
    let people: Vec<Option<i64>> = if company_rows.is_empty() {
        Vec::new()
    } else {
        filter_ids!(
            visible(portal_id, viewer),
            contacts::company_id,
            company_rows.as_slice()
        )
        .select(contacts::company_id)
        .load(conn)?
    };
    let mut values = crate::custom_fields::values_of(conn, portal_id, "contact", ids)?;
    let mut details_by: HashMap<i64, Vec<DetailRow>> = HashMap::new();
    for d in details {
        details_by.entry(d.contact_id).or_default().push(d);
    }
    Ok(rows
        .into_iter()
        .map(|contact| {
            let id = contact.id;
            ContactRecord {
                manager_ids: managers
                    .iter()
                    .filter(|(c, _)| *c == id)
                    .map(|(_, u)| *u)
                    .collect(),
                tags: tag_names
                    .iter()
                    .filter(|(c, _)| *c == id)
                    .map(|(_, n)| n.clone())
                    .collect(),
                details: details_by.remove(&id).unwrap_or_default(),
                company: contact.company_id.and_then(|c| companies.get(&c).cloned()),
                custom_values: {
                    let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut values)
                        .into_iter()
                        .partition(|v| v.record_id == id);
                    values = rest;
                    mine
                },
                people_count: (contact.kind == "company").then(|| {
                    i64::try_from(people.iter().filter(|p| **p == Some(id)).count()).unwrap_or(0)
                }),
                contact,
            }
        })
        .collect())
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

/// Whether anything refers to the contact.
pub fn is_referenced(
    conn: &mut DbConnection,
    portal_id: i64,
    contact_id: i64,
) -> StoreResult<bool> {
    let n: i64 = contact_references::table
        .filter(contact_references::portal_id.eq(portal_id))
        .filter(contact_references::contact_id.eq(contact_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Records activity on a contact (a history entry, later a task or a call) for the
/// "last activity" sort, without changing its version.
pub fn touch_activity(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(
        contacts::table
            .filter(contacts::portal_id.eq(portal_id))
            .filter(contacts::id.eq(id)),
    )
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

/// Display names of those of `ids` the viewer may see.
pub fn visible_names(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    ids: &[i64],
) -> StoreResult<HashMap<i64, String>> {
    let ids = crate::portals::dedup(ids);
    Ok(visible(portal_id, viewer)
        .filter(contacts::id.eq_any(ids))
        .select((contacts::id, contacts::display_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}
