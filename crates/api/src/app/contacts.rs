//! Use cases of contacts: creating one (with the duplicate policy), changing one or many,
//! deleting, merging two (the merge policy). Their rules: only contacts the actor may change
//! are changed; the company must be a company the actor can see, list items must exist,
//! custom values must fit the fields of the contact's kind, and new managers are told.

use crm_api_types::CustomValue;
use crm_domain::contact::{ContactKind, MAX_TAGS};
use crm_domain::custom_fields::FieldOwner;
use crm_domain::{Access, FieldError, RecordKind, RecordRef, Validator, Viewer};
use crm_persistence::contacts::{
    self, ContactChanges, ContactRecord, DuplicateMatch, MergePlan, NewContact, NewDetail,
};
use crm_persistence::{list_items, users, DbConnection};

use serde::{Deserialize, Serialize};

use super::records::{custom_values, store_custom_values};
use super::{Actor, Event, Tx};
use crate::error::ApiError;

/// Checks that list items, the company and the phone country exist; runs inside the write.
pub fn check_references(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    self_id: Option<i64>,
    type_id: Option<i64>,
    temperature_id: Option<i64>,
    company_id: Option<i64>,
) -> Result<(), ApiError> {
    let mut v = Validator::new();
    if let Some(t) = type_id {
        if !list_items::exists(conn, portal_id, "contact_types", t)? {
            v.push(FieldError::new(
                "type_id",
                "not_found",
                "is not a contact type",
            ));
        }
    }
    if let Some(t) = temperature_id {
        if !list_items::exists(conn, portal_id, "temperatures", t)? {
            v.push(FieldError::new(
                "temperature_id",
                "not_found",
                "is not a temperature",
            ));
        }
    }
    if let Some(c) = company_id {
        match crm_persistence::contacts::find_visible(conn, portal_id, viewer, c) {
            Ok(rec) if rec.contact.kind.0 == ContactKind::Company && Some(c) != self_id => {}
            Ok(_) => v.push(FieldError::new(
                "company_id",
                "invalid_value",
                "is not a company",
            )),
            Err(crm_persistence::StoreError::NotFound) => {
                v.push(FieldError::new(
                    "company_id",
                    "not_found",
                    "is not a company you can see",
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    v.finish().map_err(Into::into)
}

/// E-mails and phones of details, for the duplicate check.
pub fn match_keys(details: &[NewDetail]) -> (Vec<String>, Vec<String>) {
    let pick = |kind: &str| {
        details
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.normalized.clone())
            .collect()
    };
    (pick("email"), pick("phone"))
}

/// A contact to create with what comes with it, every field checked.
#[derive(Debug, Clone)]
pub struct ContactDraft {
    pub new: NewContact,
    pub kind: ContactKind,
    pub manager_ids: Vec<i64>,
    pub tags: Vec<String>,
    pub details: Vec<NewDetail>,
    pub custom: Vec<CustomValue>,
    /// Create it even when contacts with one of its e-mails or phones exist.
    pub allow_duplicates: bool,
}

/// What creating a contact came to.
#[derive(Debug)]
pub enum CreateOutcome {
    /// The new contact's id.
    Contact(i64),
    /// Nothing was created: contacts the actor can see share an e-mail or a phone with it.
    Duplicates(Vec<DuplicateMatch>),
}

/// The event of new managers of a contact (all but the one who assigned them are told).
fn managers_added(actor: &Actor, managers: &[i64], contact_id: i64, name: &str) -> Event {
    Event::MembersAdded {
        record: RecordRef::contact(contact_id),
        name: name.to_owned(),
        users: managers.to_vec(),
        by: actor.by(),
    }
}

/// Creates a contact, unless it may be a duplicate and duplicates were not allowed.
pub fn create(
    tx: &mut Tx<'_>,
    actor: &Actor,
    draft: ContactDraft,
) -> Result<CreateOutcome, ApiError> {
    let (portal_id, viewer) = (actor.portal_id, actor.viewer());
    let new = &draft.new;
    let conn = &mut *tx.conn;
    check_references(
        conn,
        portal_id,
        viewer,
        None,
        new.type_id,
        new.temperature_id,
        new.company_id,
    )?;
    // Every field error comes before a duplicate warning: the warning is only worth reading
    // about a contact that can be saved.
    let owner = FieldOwner::of_contact(draft.kind);
    let values = custom_values(conn, portal_id, owner, &draft.custom)?;
    if !draft.allow_duplicates {
        let (emails, phones) = match_keys(&draft.details);
        let found = contacts::duplicates(conn, portal_id, viewer, &emails, &phones, None)?;
        if !found.is_empty() {
            return Ok(CreateOutcome::Duplicates(found));
        }
    }
    let id = contacts::create(conn, new, &draft.manager_ids, &draft.tags, &draft.details)?;
    store_custom_values(conn, portal_id, RecordRef::contact(id), values)?;
    let event = managers_added(actor, &draft.manager_ids, id, &new.display_name);
    tx.emit(portal_id, event);
    let record = RecordRef::contact(id);
    tx.emit(
        portal_id,
        Event::Created {
            record,
            by: actor.by(),
        },
    );
    Ok(CreateOutcome::Contact(id))
}

/// Changes to a contact, every field checked; lists are replaced when given.
#[derive(Debug, Clone)]
pub struct ContactEdit {
    pub changes: ContactChanges,
    pub kind: ContactKind,
    pub managers: Option<Vec<i64>>,
    pub tags: Option<Vec<String>>,
    pub details: Option<Vec<NewDetail>>,
    pub custom: Option<Vec<CustomValue>>,
    /// The managers and the name the change was made from.
    pub managers_before: Vec<i64>,
    pub name_before: String,
}

/// Applies changes made from `expected_version` to the contact `id`.
pub fn update(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    edit: ContactEdit,
) -> Result<(), ApiError> {
    let (portal_id, viewer) = (actor.portal_id, actor.viewer());
    let changes = &edit.changes;
    let conn = &mut *tx.conn;
    check_references(
        conn,
        portal_id,
        viewer,
        Some(id),
        changes.type_id.flatten(),
        changes.temperature_id.flatten(),
        changes.company_id.flatten(),
    )?;
    let owner = FieldOwner::of_contact(edit.kind);
    let values = match &edit.custom {
        Some(c) => Some(custom_values(conn, portal_id, owner, c)?),
        None => None,
    };
    contacts::update(
        conn,
        portal_id,
        id,
        expected_version,
        changes,
        edit.managers.as_deref(),
        edit.tags.as_deref(),
        edit.details.as_deref(),
        actor.user_id,
        tx.now,
    )?;
    if let Some(values) = values {
        store_custom_values(conn, portal_id, RecordRef::contact(id), values)?;
    }
    if let Some(managers) = &edit.managers {
        let added: Vec<i64> = managers
            .iter()
            .copied()
            .filter(|m| !edit.managers_before.contains(m))
            .collect();
        let name = changes.display_name.as_deref().unwrap_or(&edit.name_before);
        tx.emit(portal_id, managers_added(actor, &added, id, name));
    }
    let record = RecordRef::contact(id);
    tx.emit(
        portal_id,
        Event::Changed {
            record,
            by: actor.by(),
        },
    );
    Ok(())
}

/// A contact the viewer may change: 404 when they cannot see it, 403 when it is read-only.
pub fn editable(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> Result<ContactRecord, ApiError> {
    let record = contacts::find_visible(conn, portal_id, viewer, id)?;
    if !can_edit(&record, viewer) {
        return Err(ApiError::forbidden(
            "forbidden",
            "This contact is read-only for you.",
        ));
    }
    Ok(record)
}

/// Deletes a contact the actor may change, with everything that hangs off it; refused (409
/// `in_use`) while something refers to it. Returns the storage keys of the files that went
/// with it.
pub fn delete(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<Vec<String>, ApiError> {
    editable(tx.conn, actor.portal_id, actor.viewer(), id)?;
    remove(tx, actor, &[id])
}

/// Deletes contacts already checked.
fn remove(tx: &mut Tx<'_>, actor: &Actor, ids: &[i64]) -> Result<Vec<String>, ApiError> {
    let removed = contacts::delete(tx.conn, actor.portal_id, ids).map_err(|e| match e {
        crm_persistence::StoreError::Conflict(_) => ApiError::Conflict {
            code: "in_use",
            detail: "An invoice refers to this contact.".into(),
            field: None,
        },
        other => other.into(),
    })?;
    for id in ids {
        let record = RecordRef::contact(*id);
        tx.emit(
            actor.portal_id,
            Event::Deleted {
                record,
                by: actor.by(),
            },
        );
    }
    Ok(removed)
}

/// One change applied to many contacts (stored as is in a `bulk_contacts` job).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum BulkChange {
    /// Adds (`add`) or removes the named tags.
    Tags { names: Vec<String>, add: bool },
    /// Sets the access level.
    Access(#[serde(with = "stored_access")] Access),
    /// Makes these users the managers.
    Managers(Vec<i64>),
    /// Deletes the contacts.
    Delete,
}

/// What a bulk change did: the contacts changed, and those left alone with why
/// (`not_found`, `forbidden`, `in_use`, `too_many_tags`).
#[derive(Debug, Default)]
pub struct BulkOutcome {
    pub done: Vec<i64>,
    pub failed: Vec<(i64, &'static str)>,
    /// Storage keys of the files that went with deleted contacts.
    pub removed: Vec<String>,
}

/// Applies one change to every contact of `ids` the actor may change, in one transaction;
/// the others are listed with the reason they were left alone.
pub fn bulk(
    tx: &mut Tx<'_>,
    actor: &Actor,
    ids: &[i64],
    change: &BulkChange,
) -> Result<BulkOutcome, ApiError> {
    let (portal_id, viewer, by, now) = (actor.portal_id, actor.viewer(), actor.user_id, tx.now);
    let ids = crm_persistence::portals::dedup(ids);
    let conn = &mut *tx.conn;
    let found = contacts::load(conn, portal_id, viewer, &ids)?;
    let mut out = BulkOutcome::default();
    let mut added_managers = Vec::new();
    for id in ids {
        let Some(record) = found.iter().find(|r| r.contact.id == id) else {
            out.failed.push((id, "not_found"));
            continue;
        };
        let resharing = matches!(change, BulkChange::Access(_) | BulkChange::Managers(_));
        if !can_edit(record, viewer) || (resharing && !can_share(record, viewer)) {
            out.failed.push((id, "forbidden"));
            continue;
        }
        match change {
            BulkChange::Delete if contacts::is_referenced(conn, portal_id, id)? => {
                out.failed.push((id, "in_use"));
                continue;
            }
            BulkChange::Managers(m) => {
                let added: Vec<i64> = m
                    .iter()
                    .copied()
                    .filter(|u| !record.manager_ids.contains(u))
                    .collect();
                let name = &record.contact.display_name;
                added_managers.push(managers_added(actor, &added, id, name));
            }
            _ => {}
        }
        out.done.push(id);
    }
    match change {
        BulkChange::Tags { names, add } => {
            let too_many =
                contacts::bulk_tags(conn, portal_id, &out.done, names, *add, MAX_TAGS, by, now)?;
            out.done.retain(|id| !too_many.contains(id));
            out.failed
                .extend(too_many.into_iter().map(|id| (id, "too_many_tags")));
        }
        BulkChange::Access(a) => {
            contacts::bulk_access(conn, portal_id, &out.done, a.as_str(), by, now)?;
        }
        BulkChange::Managers(m) => {
            contacts::bulk_managers(conn, portal_id, &out.done, m, by, now)?;
        }
        BulkChange::Delete => {
            out.removed = remove(tx, actor, &out.done)?;
            return Ok(out);
        }
    }
    for event in added_managers {
        tx.emit(portal_id, event);
    }
    for id in &out.done {
        let record = RecordRef::contact(*id);
        tx.emit(
            portal_id,
            Event::Changed {
                record,
                by: actor.by(),
            },
        );
    }
    Ok(out)
}

/// One bulk action on the contacts a list's filters matched, as a background job
/// (`bulk_contacts`); its result is `{"done": n, "failed": [{"id", "code"}], "failed_count": n}`
/// (the first [`MAX_FAILED_SHOWN`] failures listed).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BulkContacts {
    pub actor: Actor,
    pub contact_ids: Vec<i64>,
    /// The change, checked when the job was queued.
    pub change: BulkChange,
}

/// An access level in a job's payload: its wire name.
mod stored_access {
    use crm_domain::Access;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(access: &Access, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(access.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Access, D::Error> {
        let name = String::deserialize(d)?;
        Access::parse("access", &name).map_err(|_| serde::de::Error::custom("unknown access"))
    }
}

/// Failures a `bulk_contacts` result lists (it counts them all).
pub const MAX_FAILED_SHOWN: usize = 1000;

impl crate::queue::BackgroundJob for BulkContacts {
    const JOB_NAME: &'static str = "bulk_contacts";
    const MAX_ATTEMPTS: i64 = 3;
}

impl BulkContacts {
    /// Applies `change` to the contacts `done..end`, adding to `result`; returns it with the
    /// storage keys of the files that went with deleted contacts.
    pub fn run_chunk(
        &self,
        tx: &mut Tx<'_>,
        done: usize,
        end: usize,
        mut result: serde_json::Value,
    ) -> Result<(serde_json::Value, Vec<String>), ApiError> {
        let out = bulk(tx, &self.actor, &self.contact_ids[done..end], &self.change)?;
        let count = |key: &str| result[key].as_u64().unwrap_or(0);
        let (done_n, failed_n) = (count("done"), count("failed_count"));
        result["done"] = serde_json::json!(done_n + out.done.len() as u64);
        result["failed_count"] = serde_json::json!(failed_n + out.failed.len() as u64);
        if let Some(listed) = result["failed"].as_array_mut() {
            let room = MAX_FAILED_SHOWN.saturating_sub(listed.len());
            listed.extend(
                out.failed
                    .iter()
                    .take(room)
                    .map(|(id, code)| serde_json::json!({ "id": id, "code": code })),
            );
        }
        Ok((result, out.removed))
    }
}

/// How two contacts merge into `t`: details of `s` that `t` lacks join (a primary one only
/// where `t` has no primary of the kind), tags join, `s`'s managers who are still active join,
/// `t`'s empty fields take `s`'s, and both notes are kept.
fn merge_plan(
    conn: &mut DbConnection,
    portal_id: i64,
    t: ContactRecord,
    s: ContactRecord,
) -> Result<MergePlan, ApiError> {
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
    let mut tags = t.tags.clone();
    tags.extend(s.tags.iter().cloned());
    let mut managers = t.manager_ids.clone();
    let joining: Vec<i64> = s
        .manager_ids
        .iter()
        .copied()
        .filter(|m| !managers.contains(m))
        .collect();
    managers.extend(users::crm_users_among(conn, portal_id, &joining)?);
    let (tc, sc) = (&t.contact, &s.contact);
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
        company_id: Some(tc.company_id.or(sc.company_id).filter(|c| *c != tc.id)),
        type_id: Some(tc.type_id.or(sc.type_id)),
        temperature_id: Some(tc.temperature_id.or(sc.temperature_id)),
        currency: Some(tc.currency.clone().or_else(|| sc.currency.clone())),
        ..ContactChanges::default()
    };
    Ok(MergePlan {
        target: t.contact,
        source: s.contact,
        changes,
        managers,
        tags,
        details,
    })
}

/// Merges `source_id` into `target_id`, both contacts of one kind the actor may change; a dry
/// run shows the result and changes nothing. Returns the merged contact and the storage keys
/// of files that went with the source.
pub fn merge(
    tx: &mut Tx<'_>,
    actor: &Actor,
    target_id: i64,
    source_id: i64,
    dry_run: bool,
) -> Result<(ContactRecord, Vec<String>), ApiError> {
    let (portal_id, viewer) = (actor.portal_id, actor.viewer());
    let conn = &mut *tx.conn;
    let target = contacts::find_visible(conn, portal_id, viewer, target_id)?;
    let source = contacts::find_visible(conn, portal_id, viewer, source_id)?;
    if !can_edit(&target, viewer) || !can_edit(&source, viewer) {
        return Err(ApiError::forbidden(
            "forbidden",
            "You may not change both contacts.",
        ));
    }
    if target.contact.kind != source.contact.kind {
        return Err(ApiError::field(
            "source_id",
            "kind_mismatch",
            "must be of the same kind as the target",
        ));
    }
    let plan = merge_plan(conn, portal_id, target, source)?;
    let merged = contacts::merge(conn, portal_id, viewer, &plan, dry_run, tx.now)?;
    if !dry_run {
        let by = actor.by();
        let (target, source) = (RecordRef::contact(target_id), RecordRef::contact(source_id));
        tx.emit(
            portal_id,
            Event::Changed {
                record: target,
                by: by.clone(),
            },
        );
        tx.emit(portal_id, Event::Deleted { record: source, by });
    }
    Ok(merged)
}

/// Whether the viewer may change the contact: the contacts' access rule.
/// Whether the viewer may change the contact's access level and managers.
pub fn can_share(record: &ContactRecord, viewer: Viewer) -> bool {
    let standing = crm_domain::record::Standing {
        access: record.contact.access.0,
        is_member: record.is_manager(viewer),
    };
    RecordKind::Contact.rule().can_share(viewer, standing)
}

pub fn can_edit(record: &ContactRecord, viewer: Viewer) -> bool {
    let standing = crm_domain::record::Standing {
        access: record.contact.access.0,
        is_member: record.is_manager(viewer),
    };
    RecordKind::Contact.rule().can_edit(viewer, standing)
}
