//! Merging two contacts into one.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::write::{delete, update, ContactChanges, NewDetail};
use super::{find_visible, this, ContactRecord, ContactRow};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::records;
use crate::schema::{contact_references, contacts, deals, invoices};
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

/// What a merged contact becomes: worked out by the merge's use case from the two contacts.
#[derive(Debug, Clone)]
pub struct MergePlan {
    /// The contact that stays.
    pub target: ContactRow,
    /// The contact that goes.
    pub source: ContactRow,
    /// Changes to the target's fields.
    pub changes: ContactChanges,
    pub managers: Vec<i64>,
    pub tags: Vec<String>,
    pub details: Vec<NewDetail>,
}

/// Stores a merge: the target gets the plan's fields, managers, tags and details; the source's
/// history, custom values, tasks, people (of a company), photo (when the target has none),
/// references and the deals and cases it is in move to it; then the source is deleted. A dry run does the same in a
/// transaction that is rolled back, and returns what the result would be. Also returns the
/// storage keys of files that went with the source (to remove after commit).
pub fn merge(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    plan: &MergePlan,
    dry_run: bool,
    now: NaiveDateTime,
) -> StoreResult<(ContactRecord, Vec<String>)> {
    let (tc, sc) = (&plan.target, &plan.source);
    let (target, source) = (tc.id, sc.id);
    let result = conn.transaction::<(ContactRecord, Vec<String>), MergeStop, _>(|conn| {
        update(
            conn,
            portal_id,
            target,
            tc.version,
            &plan.changes,
            Some(&plan.managers),
            Some(&plan.tags),
            Some(&plan.details),
            viewer.user_id.get(),
            now,
        )?;
        if tc.kind.0 == crm_domain::contact::ContactKind::Company {
            diesel::update(
                contacts::table
                    .filter(contacts::portal_id.eq(portal_id))
                    .filter(contacts::company_id.eq(source)),
            )
            .set(contacts::company_id.eq(target))
            .execute(conn)?;
        }
        records::move_links(conn, portal_id, RecordKind::Contact, source, target)?;
        records::linked::move_contact(conn, portal_id, source, target)?;
        diesel::update(
            deals::table
                .filter(deals::portal_id.eq(portal_id))
                .filter(deals::contact_id.eq(source)),
        )
        .set(deals::contact_id.eq(target))
        .execute(conn)?;
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
        diesel::update(
            invoices::table
                .filter(invoices::portal_id.eq(portal_id))
                .filter(invoices::client_id.eq(source)),
        )
        .set(invoices::client_id.eq(target))
        .execute(conn)?;
        diesel::update(
            invoices::table
                .filter(invoices::portal_id.eq(portal_id))
                .filter(invoices::consignee_id.eq(source)),
        )
        .set(invoices::consignee_id.eq(target))
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
