//! Merging two contacts into one.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::write::{delete, update, ContactChanges, NewDetail};
use super::{find_visible, this, ContactRecord, ContactRow};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::records;
use crate::schema::{contact_references, contacts, users};
use crm_domain::{RecordKind, Viewer};

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
