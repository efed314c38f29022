//! Creating, changing, deleting and merging contacts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{find_visible, is_referenced, this, ContactRecord, ContactRow, DetailRow};
use crate::connection::insert_in_batches;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::records::{self, members};
use crate::schema::{contact_details, contact_references, contacts, users};
use crate::tags;
use crm_domain::{RecordKind, RecordRef, Viewer};

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

/// The contact `id` as a record of the record model.
fn record(id: i64) -> RecordRef {
    RecordRef::contact(id)
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
    members::insert_active(conn, new.portal_id, record(id), manager_ids)?;
    let tag_ids = tags::ensure(conn, new.portal_id, RecordKind::Contact, tag_names, new.now)?;
    tags::add_to(conn, new.portal_id, record(id), &tag_ids)?;
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
            members::replace(conn, portal_id, record(id), ids)?;
        }
        if let Some(names) = tag_names {
            tags::replace_on(conn, portal_id, record(id), names, now)?;
        }
        if let Some(details) = details {
            replace_details(conn, portal_id, id, details)?;
        }
        refresh_search_key(conn, portal_id, id)
    })
}

fn touch(
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
            let current = tags::ids_on(conn, portal_id, record(*id))?;
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
                tags::add_to(conn, portal_id, record(*id), &new)?;
                !new.is_empty()
            } else {
                tags::remove_from(conn, portal_id, record(*id), &tag_ids)? > 0
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
            members::replace(conn, portal_id, record(*id), managers)?;
            touch(conn, portal_id, *id, by, now)?;
        }
        Ok(())
    })
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

enum MergeStop {
    Store(StoreError),
    DryRun(Box<ContactRecord>),
}

impl From<diesel::result::Error> for MergeStop {
    fn from(e: diesel::result::Error) -> Self {
        Self::Store(e.into())
    }
}

impl From<StoreError> for MergeStop {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// Moves every detail, tag, manager, person and reference of `source` to `target`, fills
/// `target`'s empty fields from `source`, then deletes `source`. A dry run does the same in a
/// transaction that is rolled back, and returns what the result would be. Also returns the
/// storage keys of files that went with the source (to remove after commit).
#[allow(clippy::too_many_arguments)]
pub fn merge(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    target: i64,
    source: i64,
    dry_run: bool,
    now: NaiveDateTime,
) -> StoreResult<(ContactRecord, Vec<String>)> {
    let result = conn.transaction::<(ContactRecord, Vec<String>), MergeStop, _>(|conn| {
        let t = find_visible(conn, portal_id, viewer, target)?;
        let s = find_visible(conn, portal_id, viewer, source)?;
        let mut details: Vec<NewDetail> = t.details.iter().map(NewDetail::from).collect();
        for d in &s.details {
            if !details
                .iter()
                .any(|x| x.kind == d.kind && x.normalized == d.normalized)
            {
                let mut nd = NewDetail::from(d);
                nd.is_primary =
                    nd.is_primary && !details.iter().any(|x| x.kind == d.kind && x.is_primary);
                details.push(nd);
            }
        }
        let mut tag_names = t.tags.clone();
        tag_names.extend(s.tags.iter().cloned());
        let mut managers = t.manager_ids.clone();
        // The source's managers join, but only those who can still work (active users).
        let joining: Vec<i64> = s
            .manager_ids
            .iter()
            .copied()
            .filter(|m| !managers.contains(m))
            .collect();
        let active: Vec<i64> = users::table
            .filter(users::portal_id.eq(portal_id))
            .filter(users::id.eq_any(&joining))
            .filter(users::active.eq(true))
            .select(users::id)
            .load(conn)?;
        managers.extend(active);
        let (tc, sc): (&ContactRow, &ContactRow) = (&t.contact, &s.contact);
        let fill = |a: &str, b: &str| {
            if a.trim().is_empty() {
                b.to_owned()
            } else {
                a.to_owned()
            }
        };
        let notes = match (tc.notes.trim().is_empty(), sc.notes.trim().is_empty()) {
            (_, true) => tc.notes.clone(),
            (true, false) => sc.notes.clone(),
            (false, false) => format!("{}\n\n{}", tc.notes, sc.notes),
        };
        let changes = ContactChanges {
            job_title: Some(fill(&tc.job_title, &sc.job_title)),
            industry: Some(fill(&tc.industry, &sc.industry)),
            notes: Some(notes),
            company_id: Some(tc.company_id.or(sc.company_id).filter(|c| *c != target)),
            type_id: Some(tc.type_id.or(sc.type_id)),
            temperature_id: Some(tc.temperature_id.or(sc.temperature_id)),
            currency: Some(tc.currency.clone().or_else(|| sc.currency.clone())),
            ..ContactChanges::default()
        };
        update(
            conn,
            portal_id,
            target,
            tc.version,
            &changes,
            Some(&managers),
            Some(&tag_names),
            Some(&details),
            viewer.user_id.get(),
            now,
        )?;
        if tc.kind == "company" {
            diesel::update(
                contacts::table
                    .filter(contacts::portal_id.eq(portal_id))
                    .filter(contacts::company_id.eq(source)),
            )
            .set(contacts::company_id.eq(target))
            .execute(conn)?;
        }
        records::move_links(conn, portal_id, RecordKind::Contact, source, target)?;
        if tc.photo_file_id.is_none() && sc.photo_file_id.is_some() {
            diesel::update(this(portal_id, target))
                .set(contacts::photo_file_id.eq(sc.photo_file_id))
                .execute(conn)?;
            diesel::update(this(portal_id, source))
                .set(contacts::photo_file_id.eq(None::<i64>))
                .execute(conn)?;
        }
        diesel::update(
            contact_references::table
                .filter(contact_references::portal_id.eq(portal_id))
                .filter(contact_references::contact_id.eq(source)),
        )
        .set(contact_references::contact_id.eq(target))
        .execute(conn)?;
        let removed = delete(conn, portal_id, &[source])?;
        let record = find_visible(conn, portal_id, viewer, target)?;
        if dry_run {
            Err(MergeStop::DryRun(Box::new(record)))
        } else {
            Ok((record, removed))
        }
    });
    match result {
        Ok(done) => Ok(done),
        Err(MergeStop::DryRun(record)) => Ok((*record, Vec::new())),
        Err(MergeStop::Store(e)) => Err(e),
    }
}
