//! Creating, changing, deleting and merging contacts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{is_referenced, this, DetailRow};
use crate::connection::insert_in_batches;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::records::{self, members};
use crate::schema::{contact_details, contacts};
use crate::tags;
use crm_domain::{RecordKind, RecordRef};

/// A contact to create (the search key is derived here).
#[derive(Debug, Clone)]
pub struct NewContact {
    pub portal_id: i64,
    pub kind: String,
    pub first_name: String,
    pub last_name: String,
    pub company_name: String,
    pub display_name: String,
    pub job_title: String,
    pub notes: String,
    pub industry: String,
    pub company_id: Option<i64>,
    pub type_id: Option<i64>,
    pub temperature_id: Option<i64>,
    pub currency: Option<String>,
    pub access: String,
    pub created_by: i64,
    pub now: NaiveDateTime,
}

/// A contact detail to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDetail {
    pub kind: String,
    pub category: String,
    pub value: String,
    pub normalized: String,
    pub network: Option<String>,
    pub is_primary: bool,
    pub street: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    pub country: Option<String>,
}

impl From<&DetailRow> for NewDetail {
    fn from(d: &DetailRow) -> Self {
        Self {
            kind: d.kind.clone(),
            category: d.category.clone(),
            value: d.value.clone(),
            normalized: d.normalized.clone(),
            network: d.network.clone(),
            is_primary: d.is_primary,
            street: d.street.clone(),
            city: d.city.clone(),
            region: d.region.clone(),
            postcode: d.postcode.clone(),
            country: d.country.clone(),
        }
    }
}

/// Changes to a contact; `None` leaves a column unchanged, `Some(None)` clears a nullable one.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = contacts)]
pub struct ContactChanges {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub company_name: Option<String>,
    pub display_name: Option<String>,
    pub sort_name: Option<String>,
    pub job_title: Option<String>,
    pub notes: Option<String>,
    pub industry: Option<String>,
    pub company_id: Option<Option<i64>>,
    pub type_id: Option<Option<i64>>,
    pub temperature_id: Option<Option<i64>>,
    pub currency: Option<Option<String>>,
    pub access: Option<String>,
}

/// The search key: lower-case name, e-mails and phone numbers (E.164 and digits only).
fn search_key(display_name: &str, details: &[NewDetail]) -> String {
    let mut parts = vec![display_name.to_owned()];
    for d in details {
        match d.kind.as_str() {
            "email" => parts.push(d.normalized.clone()),
            "phone" => {
                parts.push(d.normalized.clone());
                parts.push(d.normalized.trim_start_matches('+').to_owned());
            }
            _ => {}
        }
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    crm_domain::text::search_key(&refs)
}

fn replace_details(
    conn: &mut DbConnection,
    portal_id: i64,
    contact_id: i64,
    details: &[NewDetail],
) -> StoreResult<()> {
    diesel::delete(
        contact_details::table
            .filter(contact_details::portal_id.eq(portal_id))
            .filter(contact_details::contact_id.eq(contact_id)),
    )
    .execute(conn)?;
    insert_details(conn, portal_id, contact_id, details)
}

fn insert_details(
    conn: &mut DbConnection,
    portal_id: i64,
    contact_id: i64,
    details: &[NewDetail],
) -> StoreResult<()> {
    let rows: Vec<_> = details
        .iter()
        .enumerate()
        .map(|(i, d)| {
            (
                contact_details::portal_id.eq(portal_id),
                contact_details::contact_id.eq(contact_id),
                contact_details::kind.eq(&d.kind),
                contact_details::category.eq(&d.category),
                contact_details::value.eq(&d.value),
                contact_details::normalized.eq(&d.normalized),
                contact_details::network.eq(&d.network),
                contact_details::is_primary.eq(d.is_primary),
                contact_details::position.eq(i64::try_from(i).unwrap_or(0)),
                contact_details::street.eq(&d.street),
                contact_details::city.eq(&d.city),
                contact_details::region.eq(&d.region),
                contact_details::postcode.eq(&d.postcode),
                contact_details::country.eq(&d.country),
            )
        })
        .collect();
    insert_in_batches!(conn, contact_details::table, rows);
    Ok(())
}

fn refresh_search_key(conn: &mut DbConnection, portal_id: i64, contact_id: i64) -> StoreResult<()> {
    let name: String = this(portal_id, contact_id)
        .select(contacts::display_name)
        .first(conn)?;
    let details: Vec<DetailRow> = contact_details::table
        .filter(contact_details::portal_id.eq(portal_id))
        .filter(contact_details::contact_id.eq(contact_id))
        .select(DetailRow::as_select())
        .load(conn)?;
    let details: Vec<NewDetail> = details.iter().map(NewDetail::from).collect();
    diesel::update(this(portal_id, contact_id))
        .set(contacts::search_key.eq(search_key(&name, &details)))
        .execute(conn)?;
    Ok(())
}

/// Creates a contact with managers (active users only), tags and details; returns its id. Runs
/// in the caller's transaction.
pub fn create(
    conn: &mut DbConnection,
    new: &NewContact,
    manager_ids: &[i64],
    tag_names: &[String],
    details: &[NewDetail],
) -> StoreResult<i64> {
    let id: i64 = diesel::insert_into(contacts::table)
        .values((
            contacts::portal_id.eq(new.portal_id),
            contacts::kind.eq(&new.kind),
            contacts::first_name.eq(&new.first_name),
            contacts::last_name.eq(&new.last_name),
            contacts::company_name.eq(&new.company_name),
            contacts::display_name.eq(&new.display_name),
            contacts::sort_name.eq(new.display_name.to_lowercase()),
            contacts::search_key.eq(search_key(&new.display_name, details)),
            contacts::job_title.eq(&new.job_title),
            contacts::notes.eq(&new.notes),
            contacts::industry.eq(&new.industry),
            contacts::company_id.eq(new.company_id),
            contacts::type_id.eq(new.type_id),
            contacts::temperature_id.eq(new.temperature_id),
            contacts::currency.eq(&new.currency),
            contacts::access.eq(&new.access),
            contacts::created_by.eq(new.created_by),
            contacts::updated_by.eq(new.created_by),
            contacts::created_at.eq(new.now),
            contacts::updated_at.eq(new.now),
            contacts::last_activity_at.eq(new.now),
            contacts::version.eq(1),
        ))
        .returning(contacts::id)
        .get_result(conn)?;
    // A new contact has nothing to replace yet.
    members::insert_active(conn, new.portal_id, RecordRef::contact(id), manager_ids)?;
    let tag_ids = tags::ensure(conn, new.portal_id, RecordKind::Contact, tag_names, new.now)?;
    // A new contact carries no tags yet.
    tags::link(conn, new.portal_id, RecordRef::contact(id), &tag_ids)?;
    insert_details(conn, new.portal_id, id, details)?;
    Ok(id)
}

/// Applies changes made from `expected_version`; lists are replaced when given.
#[allow(clippy::too_many_arguments)]
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &ContactChanges,
    manager_ids: Option<&[i64]>,
    tag_names: Option<&[String]>,
    details: Option<&[NewDetail]>,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    conn.transaction(|conn| {
        let n = diesel::update(
            contacts::table
                .filter(contacts::portal_id.eq(portal_id))
                .filter(contacts::id.eq(id))
                .filter(contacts::version.eq(expected_version)),
        )
        .set((
            changes,
            contacts::version.eq(contacts::version + 1),
            contacts::updated_by.eq(by),
            contacts::updated_at.eq(now),
            contacts::last_activity_at.eq(now),
        ))
        .execute(conn)?;
        if n == 0 {
            return Err(StoreError::StaleVersion);
        }
        if let Some(ids) = manager_ids {
            members::replace(conn, portal_id, RecordRef::contact(id), ids)?;
        }
        if let Some(names) = tag_names {
            tags::replace_on(conn, portal_id, RecordRef::contact(id), names, now)?;
        }
        if let Some(details) = details {
            replace_details(conn, portal_id, id, details)?;
        }
        refresh_search_key(conn, portal_id, id)
    })
}

pub(super) fn touch(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(this(portal_id, id))
        .set((
            contacts::version.eq(contacts::version + 1),
            contacts::updated_by.eq(by),
            contacts::updated_at.eq(now),
            contacts::last_activity_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deletes contacts with their details, managers, tags and history (with its files) in one
/// transaction; people of a deleted company stay, without company. Refuses (`Conflict`) when
/// anything refers to one of them. Returns the storage keys of the deleted files.
pub fn delete(conn: &mut DbConnection, portal_id: i64, ids: &[i64]) -> StoreResult<Vec<String>> {
    conn.transaction(|conn| {
        for id in ids {
            if is_referenced(conn, portal_id, *id)? {
                return Err(StoreError::Conflict(format!("contact {id} is referenced")));
            }
        }
        let mut keys = records::delete_links(conn, portal_id, RecordKind::Contact, ids)?;
        let photos: Vec<Option<i64>> = contacts::table
            .filter(contacts::portal_id.eq(portal_id))
            .filter(contacts::id.eq_any(ids))
            .select(contacts::photo_file_id)
            .load(conn)?;
        let photos: Vec<i64> = photos.into_iter().flatten().collect();
        keys.extend(
            crate::schema::files::table
                .filter(crate::schema::files::id.eq_any(&photos))
                .select(crate::schema::files::storage_key)
                .load::<String>(conn)?,
        );
        diesel::delete(
            crate::schema::files::table.filter(crate::schema::files::id.eq_any(&photos)),
        )
        .execute(conn)?;
        let n = diesel::delete(
            contacts::table
                .filter(contacts::portal_id.eq(portal_id))
                .filter(contacts::id.eq_any(ids)),
        )
        .execute(conn)?;
        if n != ids.len() {
            return Err(StoreError::NotFound);
        }
        Ok(keys)
    })
}
