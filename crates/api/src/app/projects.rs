//! Use cases of projects: create (often from a deal), change, delete. The rules: the deal and
//! contacts are ones the actor may see; the manager is a CRM user and always on the team; a
//! restricted project is open to its team and CRM admins, whoever restricts it joins the
//! team; whoever joins a team is told.

use chrono::NaiveDate;
use crm_domain::project::ProjectStatus;
use crm_domain::{Access, RecordKind, RecordRef};
use crm_persistence::projects::{self as store, NewProject, ProjectChanges, ProjectRecord};
use crm_persistence::stored::Stored;
use crm_persistence::DbConnection;

use super::records::{announce_members, check_contacts, links_error, members_with, standing};
use super::{Actor, Event, Tx};
use crate::error::ApiError;
use crate::versioning::Precondition;

/// A project's fields as checked from a request; `None` leaves a field as it is (on create,
/// takes the default).
#[derive(Debug, Clone, Default)]
pub struct ProjectInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub status: Option<ProjectStatus>,
    /// `Some(None)` clears it.
    pub deadline: Option<Option<NaiveDate>>,
    /// `Some(None)` unlinks it.
    pub deal_id: Option<Option<i64>>,
    pub manager_id: Option<i64>,
    /// The team (replaces it; the manager is always on it).
    pub member_ids: Option<Vec<i64>>,
    /// The contacts it serves (replace them).
    pub contact_ids: Option<Vec<i64>>,
    pub restricted: Option<bool>,
}

fn access(restricted: bool) -> Access {
    if restricted {
        Access::Private
    } else {
        Access::SharedWrite
    }
}

/// A project the actor may change (`NotFound` when they may not see it, 403 when only that).
pub fn editable(
    conn: &mut DbConnection,
    actor: &Actor,
    id: i64,
) -> Result<ProjectRecord, ApiError> {
    let p = store::find_visible(conn, actor.portal_id, actor.viewer(), id)?;
    super::records::require_edit(
        RecordKind::Project,
        p.project.access.0,
        &p.member_ids,
        actor.viewer(),
        "Only its team and CRM administrators may change this project.",
    )?;
    Ok(p)
}

/// Refuses a deal the actor may not see (or that is not there), naming `deal_id`.
fn check_deal(conn: &mut DbConnection, actor: &Actor, deal_id: i64) -> Result<(), ApiError> {
    if crm_persistence::records::is_visible(
        conn,
        actor.portal_id,
        actor.viewer(),
        RecordRef::deal(deal_id),
    )? {
        Ok(())
    } else {
        Err(ApiError::field(
            "deal_id",
            "not_found",
            "is not a deal you can see",
        ))
    }
}

/// Refuses a manager who is not an active CRM user of the portal.
fn check_manager(conn: &mut DbConnection, portal_id: i64, id: i64) -> Result<(), ApiError> {
    if crm_persistence::users::crm_users_among(conn, portal_id, &[id])?.is_empty() {
        return Err(ApiError::field(
            "manager_id",
            "not_found",
            "is not a CRM user",
        ));
    }
    Ok(())
}

/// The team of a project: `ids` with its manager, and whoever restricts it.
fn team(ids: &[i64], manager: i64, restricted_by: Option<i64>) -> Vec<i64> {
    let mut always = vec![manager];
    always.extend(restricted_by);
    members_with(ids, &always)
}

/// Creates a project.
pub fn create(
    tx: &mut Tx<'_>,
    actor: &Actor,
    input: ProjectInput,
) -> Result<ProjectRecord, ApiError> {
    let now = tx.now;
    let conn = &mut *tx.conn;
    let portal_id = actor.portal_id;
    let contacts = input.contact_ids.clone().unwrap_or_default();
    check_contacts(conn, actor, "contact_ids", &contacts)?;
    let deal_id = input.deal_id.flatten();
    if let Some(d) = deal_id {
        check_deal(conn, actor, d)?;
    }
    let manager = input.manager_id.unwrap_or(actor.user_id);
    check_manager(conn, portal_id, manager)?;
    let restricted = input.restricted.unwrap_or(false);
    let members = team(
        &input.member_ids.clone().unwrap_or_default(),
        manager,
        restricted.then_some(actor.user_id),
    );
    let title = input
        .title
        .clone()
        .ok_or_else(|| ApiError::field("title", "required", "is required"))?;
    let new = NewProject {
        portal_id,
        sort_title: title.to_lowercase(),
        title,
        description: input.description.clone().unwrap_or_default(),
        status: Stored(input.status.unwrap_or(ProjectStatus::Open)),
        deadline: input.deadline.flatten(),
        deal_id,
        manager_id: manager,
        access: Stored(access(restricted)),
        created_by: actor.user_id,
        updated_by: actor.user_id,
        created_at: now,
        updated_at: now,
        last_activity_at: now,
        version: 1,
    };
    let p = store::create(conn, &new, &contacts, &members)
        .map_err(|e| links_error(e, "contact_ids"))?;
    let record = RecordRef::project(p.project.id);
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
        &p.project.title,
        None,
        (p.project.access.0, &p.member_ids),
        None,
    );
    Ok(p)
}

/// Changes a project made from `pre`.
pub fn update(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    pre: Precondition,
    input: ProjectInput,
) -> Result<ProjectRecord, ApiError> {
    let now = tx.now;
    let conn = &mut *tx.conn;
    let portal_id = actor.portal_id;
    let current = editable(conn, actor, id)?;
    let expected = pre.resolve(current.project.version);
    if expected != current.project.version {
        return Err(ApiError::VersionMismatch);
    }
    let viewer = actor.viewer();
    let restricted = input
        .restricted
        .unwrap_or(current.project.access.0 == Access::Private);
    let restricting = access(restricted) != current.project.access.0;
    let manager = input.manager_id.unwrap_or(current.project.manager_id);
    let members = (input.member_ids.is_some()
        || restricting
        || manager != current.project.manager_id)
        .then(|| {
            team(
                input.member_ids.as_deref().unwrap_or(&current.member_ids),
                manager,
                restricted.then_some(actor.user_id),
            )
        });
    let new_members = members.as_ref().is_some_and(|ids| {
        let mut wanted = ids.clone();
        wanted.sort_unstable();
        wanted.dedup();
        wanted != current.member_ids
    });
    if (restricting || new_members)
        && !RecordKind::Project.rule().can_share(
            viewer,
            standing(current.project.access.0, &current.member_ids, viewer),
        )
    {
        return Err(ApiError::forbidden(
            "forbidden",
            "Only its team and CRM administrators may change who is on this project.",
        ));
    }
    if let Some(ids) = &input.contact_ids {
        check_contacts(conn, actor, "contact_ids", ids)?;
    }
    if let Some(Some(d)) = input.deal_id {
        if Some(d) != current.project.deal_id {
            check_deal(conn, actor, d)?;
        }
    }
    if manager != current.project.manager_id {
        check_manager(conn, portal_id, manager)?;
    }
    let changes = ProjectChanges {
        title: input.title.clone(),
        sort_title: input.title.as_ref().map(|t| t.to_lowercase()),
        description: input.description.clone(),
        status: input.status.map(Stored),
        deadline: input.deadline,
        deal_id: input.deal_id,
        manager_id: input.manager_id,
        access: input.restricted.map(|r| Stored(access(r))),
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
    let p = store::find(conn, portal_id, id)?;
    let record = RecordRef::project(id);
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
        &p.project.title,
        Some((current.project.access.0, &current.member_ids)),
        (p.project.access.0, &p.member_ids),
        None,
    );
    Ok(p)
}

/// Deletes a project with its tasks, history and links; returns the storage keys of its files.
pub fn delete(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<Vec<String>, ApiError> {
    editable(tx.conn, actor, id)?;
    let keys = store::delete(tx.conn, actor.portal_id, id)?;
    tx.emit(
        actor.portal_id,
        Event::Deleted {
            record: RecordRef::project(id),
            by: actor.by(),
        },
    );
    Ok(keys)
}
