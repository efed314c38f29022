//! Use cases of cases (events with a group of clients): create, change, close and reopen,
//! delete. The rules: participants are contacts the actor may see; a closed case records
//! when it closed; a restricted case is open to its members and CRM admins, whoever restricts
//! it is a member, and members must be CRM users who are told when it is opened to them.

use crm_domain::custom_fields::FieldOwner;
use crm_domain::{Access, RecordKind, RecordRef};
use crm_persistence::cases::{self as store, CaseChanges, CaseRecord, NewCase};
use crm_persistence::stored::Stored;
use crm_persistence::DbConnection;

use super::records::{announce_members, check_contacts, links_error, members_with, standing};
use super::{Actor, Event, Tx};
use crate::error::ApiError;
use crate::versioning::Precondition;

/// A case's fields as checked from a request; `None` leaves a field as it is (on create,
/// takes the default).
#[derive(Debug, Clone, Default)]
pub struct CaseInput {
    pub title: Option<String>,
    /// Participants (replace them).
    pub contact_ids: Option<Vec<i64>>,
    pub closed: Option<bool>,
    pub restricted: Option<bool>,
    pub member_ids: Option<Vec<i64>>,
    /// Checked tag names; replace the case's.
    pub tags: Option<Vec<String>>,
    /// Custom values as sent (checked against the case fields in the write).
    pub custom_fields: Vec<crm_api_types::CustomValue>,
}

fn access(restricted: bool) -> Access {
    if restricted {
        Access::Private
    } else {
        Access::SharedWrite
    }
}

/// A case the actor may change (`NotFound` when they may not see it, 403 when only that).
pub fn editable(conn: &mut DbConnection, actor: &Actor, id: i64) -> Result<CaseRecord, ApiError> {
    let c = store::find_visible(conn, actor.portal_id, actor.viewer(), id)?;
    super::records::require_edit(
        RecordKind::Case,
        c.case.access.0,
        &c.member_ids,
        actor.viewer(),
        "Only its members and CRM administrators may change this case.",
    )?;
    Ok(c)
}

/// Stores the tags and custom values of `input` on case `id` (checked in this write).
fn attach(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    input: &CaseInput,
    now: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    super::records::store_tags_and_values(
        conn,
        portal_id,
        RecordRef::case(id),
        FieldOwner::Case,
        input.tags.as_deref(),
        &input.custom_fields,
        now,
    )
}

/// Creates a case.
pub fn create(tx: &mut Tx<'_>, actor: &Actor, input: CaseInput) -> Result<CaseRecord, ApiError> {
    let now = tx.now;
    let conn = &mut *tx.conn;
    let portal_id = actor.portal_id;
    let contacts = input.contact_ids.clone().unwrap_or_default();
    check_contacts(conn, actor, "contact_ids", &contacts)?;
    let restricted = input.restricted.unwrap_or(false);
    let members = members_with(
        &input.member_ids.clone().unwrap_or_default(),
        &[actor.user_id],
    );
    let title = input
        .title
        .clone()
        .ok_or_else(|| ApiError::field("title", "required", "is required"))?;
    let closed = input.closed.unwrap_or(false);
    let new = NewCase {
        portal_id,
        sort_title: title.to_lowercase(),
        title,
        closed,
        closed_at: closed.then_some(now),
        access: Stored(access(restricted)),
        created_by: actor.user_id,
        updated_by: actor.user_id,
        created_at: now,
        updated_at: now,
        last_activity_at: now,
        version: 1,
    };
    let c = store::create(conn, &new, &contacts, &members)
        .map_err(|e| links_error(e, "contact_ids"))?;
    attach(conn, portal_id, c.case.id, &input, now)?;
    let c = store::find(conn, portal_id, c.case.id)?;
    let record = RecordRef::case(c.case.id);
    tx.emit(
        portal_id,
        Event::Created {
            record,
            by: actor.by(),
        },
    );
    announce_members(
        tx,
        actor,
        record,
        &c.case.title,
        None,
        (c.case.access.0, &c.member_ids),
        None,
    );
    Ok(c)
}

/// Changes a case made from `pre`: closing it records when, reopening clears that.
pub fn update(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    pre: Precondition,
    input: CaseInput,
) -> Result<CaseRecord, ApiError> {
    let now = tx.now;
    let conn = &mut *tx.conn;
    let portal_id = actor.portal_id;
    let current = editable(conn, actor, id)?;
    let expected = pre.resolve(current.case.version);
    if expected != current.case.version {
        return Err(ApiError::VersionMismatch);
    }
    let viewer = actor.viewer();
    // Sending the access a case already has is not a change of who sees it.
    let restricting = input
        .restricted
        .is_some_and(|r| access(r) != current.case.access.0);
    let new_members = input.member_ids.as_ref().is_some_and(|ids| {
        let mut wanted = members_with(ids, &[actor.user_id]);
        wanted.sort_unstable();
        wanted.dedup();
        wanted != current.member_ids
    });
    if (restricting || new_members)
        && !RecordKind::Case.rule().can_share(
            viewer,
            standing(current.case.access.0, &current.member_ids, viewer),
        )
    {
        return Err(ApiError::forbidden(
            "forbidden",
            "Only its members and CRM administrators may change who sees this case.",
        ));
    }
    if let Some(ids) = &input.contact_ids {
        check_contacts(conn, actor, "contact_ids", ids)?;
    }
    let closing = input.closed.filter(|c| *c != current.case.closed);
    let changes = CaseChanges {
        title: input.title.clone(),
        sort_title: input.title.as_ref().map(|t| t.to_lowercase()),
        closed: closing,
        closed_at: closing.map(|c| c.then_some(now)),
        access: input.restricted.map(|r| Stored(access(r))),
    };
    let members = match (&input.member_ids, input.restricted) {
        (Some(ids), _) => Some(members_with(ids, &[actor.user_id])),
        (None, Some(true)) => Some(members_with(&current.member_ids, &[actor.user_id])),
        _ => None,
    };
    store::update(
        conn,
        portal_id,
        id,
        expected,
        &changes,
        input.contact_ids.as_deref(),
        members.as_deref(),
        actor.user_id,
        now,
    )
    .map_err(|e| links_error(e, "contact_ids"))?;
    attach(conn, portal_id, id, &input, now)?;
    let c = store::find(conn, portal_id, id)?;
    let record = RecordRef::case(id);
    tx.emit(
        portal_id,
        Event::Changed {
            record,
            by: actor.by(),
        },
    );
    announce_members(
        tx,
        actor,
        record,
        &c.case.title,
        Some((current.case.access.0, &current.member_ids)),
        (c.case.access.0, &c.member_ids),
        None,
    );
    Ok(c)
}

/// Deletes a case with its tasks, history and links; returns the storage keys of its files.
pub fn delete(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<Vec<String>, ApiError> {
    editable(tx.conn, actor, id)?;
    let keys = store::delete(tx.conn, actor.portal_id, id)?;
    tx.emit(
        actor.portal_id,
        Event::Deleted {
            record: RecordRef::case(id),
            by: actor.by(),
        },
    );
    Ok(keys)
}
