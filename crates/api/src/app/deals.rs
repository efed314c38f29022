//! Use cases of deals: create, change, move to a stage, delete. The rules: a deal is in a
//! stage of its pipeline; entering a stage takes the stage's probability (then editable), a
//! won or lost stage sets the close date and an open one clears it, and every stage entered
//! is recorded; the client is always a member contact; a restricted deal is open to its
//! members and CRM admins, and whoever restricts it is a member; members and the responsible
//! user must be CRM users.

use chrono::NaiveDate;
use crm_domain::deal::{self, BidType, Budget, Currency};
use crm_domain::record::Standing;
use crm_domain::{Access, RecordKind, RecordRef, Viewer};
use crm_persistence::deals::pipelines::{self, StageRow};
use crm_persistence::deals::{self as store, stage_changes, DealChanges, DealRecord, NewDeal};
use crm_persistence::stored::Stored;
use crm_persistence::{users, DbConnection};

use super::{Actor, Event, Tx};
use crate::error::ApiError;
use crate::versioning::Precondition;

/// A deal's fields as checked from a request; `None` leaves a field as it is (on create,
/// takes the default).
#[derive(Debug, Clone, Default)]
pub struct DealInput {
    pub title: Option<String>,
    pub description: Option<String>,
    /// `Some(None)` removes the main contact.
    pub contact_id: Option<Option<i64>>,
    pub contact_ids: Option<Vec<i64>>,
    pub responsible_id: Option<i64>,
    pub stage_id: Option<i64>,
    pub probability: Option<i32>,
    pub currency: Option<Currency>,
    pub amount: Option<i64>,
    pub bid_type: Option<BidType>,
    pub periods: Option<i32>,
    /// `Some(None)` clears it.
    pub expected_close_on: Option<Option<NaiveDate>>,
    pub restricted: Option<bool>,
    pub member_ids: Option<Vec<i64>>,
    /// Checked tag names; replace the deal's.
    pub tags: Option<Vec<String>>,
    /// Custom values as sent (checked against the deal fields in the write).
    pub custom_fields: Vec<crm_api_types::CustomValue>,
}

/// Stores the tags and custom values of `input` on deal `id` (checked in this write).
/// Stores the tags and custom values of `input` on deal `id` (checked in this write).
fn attach(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    input: &DealInput,
    now: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    super::records::store_tags_and_values(
        conn,
        portal_id,
        RecordRef::deal(id),
        crm_domain::custom_fields::FieldOwner::Deal,
        input.tags.as_deref(),
        &input.custom_fields,
        now,
    )
}

fn standing(d: &DealRecord, viewer: Viewer) -> Standing {
    super::records::standing(d.deal.access.0, &d.member_ids, viewer)
}

/// A deal the actor may change (`NotFound` when they may not see it, 403 when only that).
pub fn editable(conn: &mut DbConnection, actor: &Actor, id: i64) -> Result<DealRecord, ApiError> {
    let d = store::find_visible(conn, actor.portal_id, actor.viewer(), id)?;
    super::records::require_edit(
        RecordKind::Deal,
        d.deal.access.0,
        &d.member_ids,
        actor.viewer(),
        "Only its members and CRM administrators may change this deal.",
    )?;
    Ok(d)
}

fn check_responsible(conn: &mut DbConnection, portal_id: i64, id: i64) -> Result<(), ApiError> {
    if users::crm_users_among(conn, portal_id, &[id])?.is_empty() {
        return Err(ApiError::field(
            "responsible_id",
            "not_found",
            "is not an active CRM user of the portal",
        ));
    }
    Ok(())
}

fn stage_of(conn: &mut DbConnection, portal_id: i64, id: i64) -> Result<StageRow, ApiError> {
    pipelines::stage(conn, portal_id, id)
        .map_err(|_| ApiError::field("stage_id", "not_found", "is not a stage of the portal"))
}

fn budget(amount: i64, bid_type: BidType, periods: i32) -> Result<Budget, ApiError> {
    Ok(Budget::new(amount, bid_type, periods)?)
}

/// `ids` with whoever acts and the responsible user: a restricted deal stays open to both.
fn members_with(ids: &[i64], actor: &Actor, responsible: i64) -> Vec<i64> {
    super::records::members_with(ids, &[actor.user_id, responsible])
}

fn contacts_error(e: crm_persistence::StoreError) -> ApiError {
    super::records::links_error(e, "contact_ids")
}

/// Creates a deal; the default stage is the first of the first pipeline.
pub fn create(
    tx: &mut Tx<'_>,
    actor: &Actor,
    input: DealInput,
    default_currency: Currency,
) -> Result<DealRecord, ApiError> {
    let now = tx.now;
    let conn = &mut *tx.conn;
    let portal_id = actor.portal_id;
    let stage = match input.stage_id {
        Some(id) => stage_of(conn, portal_id, id)?,
        None => pipelines::first(conn, portal_id)?
            .and_then(|p| p.stages.into_iter().next())
            .ok_or_else(|| ApiError::field("stage_id", "required", "the portal has no stage"))?,
    };
    let responsible = input.responsible_id.unwrap_or(actor.user_id);
    check_responsible(conn, portal_id, responsible)?;
    let contact_id = input.contact_id.flatten();
    let extra = input.contact_ids.clone().unwrap_or_default();
    super::records::check_contacts(conn, actor, "contact_id", contact_id.as_slice())?;
    super::records::check_contacts(conn, actor, "contact_ids", &extra)?;
    let budget = budget(
        input.amount.unwrap_or(0),
        input.bid_type.unwrap_or(BidType::Fixed),
        input.periods.unwrap_or(1),
    )?;
    let (stage_probability, closed_on) =
        deal::enter_stage(stage.status.0, stage.probability, None, now.date());
    let restricted = input.restricted.unwrap_or(false);
    let members = members_with(
        &input.member_ids.clone().unwrap_or_default(),
        actor,
        responsible,
    );
    let input_rest = DealInput {
        tags: input.tags.clone(),
        custom_fields: input.custom_fields.clone(),
        ..DealInput::default()
    };
    let title = input
        .title
        .ok_or_else(|| ApiError::field("title", "required", "is required"))?;
    let new = NewDeal {
        portal_id,
        sort_title: title.to_lowercase(),
        title,
        description: input.description.unwrap_or_default(),
        contact_id,
        responsible_id: responsible,
        pipeline_id: stage.pipeline_id,
        stage_id: stage.id,
        probability: input.probability.unwrap_or(stage_probability),
        currency: input.currency.unwrap_or(default_currency).code(),
        amount: budget.amount,
        bid_type: Stored(budget.bid_type),
        periods: budget.periods,
        value: budget.value(),
        expected_close_on: input.expected_close_on.flatten(),
        actual_close_on: closed_on,
        access: Stored(if restricted {
            Access::Private
        } else {
            Access::SharedWrite
        }),
        created_by: actor.user_id,
        updated_by: actor.user_id,
        created_at: now,
        updated_at: now,
        last_activity_at: now,
        version: 1,
    };
    let d = store::create(conn, &new, &extra, &members).map_err(contacts_error)?;
    attach(conn, portal_id, d.deal.id, &input_rest, now)?;
    let d = store::find(conn, portal_id, d.deal.id)?;
    stage_changes::record(
        conn,
        portal_id,
        d.deal.id,
        None,
        stage.id,
        d.deal.probability,
        actor.user_id,
        now,
    )?;
    tx.emit(
        portal_id,
        Event::Created {
            record: RecordRef::deal(d.deal.id),
            by: actor.by(),
        },
    );
    announce(tx, actor, None, &d);
    Ok(d)
}

/// Tells a new responsible user, and the users a restricted deal was just opened to.
fn announce(tx: &mut Tx<'_>, actor: &Actor, before: Option<&DealRecord>, after: &DealRecord) {
    let deal = &after.deal;
    let assigned = before.is_none_or(|b| b.deal.responsible_id != deal.responsible_id);
    if assigned {
        tx.emit(
            actor.portal_id,
            Event::DealAssigned {
                deal_id: deal.id,
                title: deal.title.clone(),
                responsible: deal.responsible_id,
                by: actor.by(),
            },
        );
    }
    super::records::announce_members(
        tx,
        actor,
        RecordRef::deal(deal.id),
        &deal.title,
        before.map(|b| (b.deal.access.0, b.member_ids.as_slice())),
        (deal.access.0, &after.member_ids),
        assigned.then_some(deal.responsible_id),
    );
}

/// Changes a deal made from `pre`. A new stage brings its probability (unless one is given)
/// and close date, and is recorded in the stage history.
pub fn update(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    pre: Precondition,
    input: DealInput,
) -> Result<DealRecord, ApiError> {
    let now = tx.now;
    let conn = &mut *tx.conn;
    let portal_id = actor.portal_id;
    let current = editable(conn, actor, id)?;
    let expected = pre.resolve(current.deal.version);
    if expected != current.deal.version {
        return Err(ApiError::VersionMismatch);
    }
    let viewer = actor.viewer();
    // Sending the access a deal already has is not a change of who sees it.
    let restricting = input
        .restricted
        .is_some_and(|r| r != (current.deal.access.0 == Access::Private));
    let new_members = input.member_ids.as_ref().is_some_and(|ids| {
        let responsible = input.responsible_id.unwrap_or(current.deal.responsible_id);
        let mut wanted = members_with(ids, actor, responsible);
        wanted.sort_unstable();
        wanted.dedup();
        wanted != current.member_ids
    });
    let sharing = restricting || new_members;
    if sharing
        && !RecordKind::Deal
            .rule()
            .can_share(viewer, standing(&current, viewer))
    {
        return Err(ApiError::forbidden(
            "forbidden",
            "Only its members and CRM administrators may change who sees this deal.",
        ));
    }
    let mut c = DealChanges {
        title: input.title.clone(),
        sort_title: input.title.as_ref().map(|t| t.to_lowercase()),
        description: input.description.clone(),
        contact_id: input.contact_id,
        responsible_id: input.responsible_id,
        currency: input.currency.map(Currency::code),
        expected_close_on: input.expected_close_on,
        access: input.restricted.map(|r| {
            Stored(if r {
                Access::Private
            } else {
                Access::SharedWrite
            })
        }),
        ..DealChanges::default()
    };
    if let Some(r) = input.responsible_id {
        if r != current.deal.responsible_id {
            check_responsible(conn, portal_id, r)?;
        }
    }
    if let Some(Some(c)) = input.contact_id {
        super::records::check_contacts(conn, actor, "contact_id", &[c])?;
    }
    if let Some(ids) = &input.contact_ids {
        super::records::check_contacts(conn, actor, "contact_ids", ids)?;
    }
    if input.amount.is_some() || input.bid_type.is_some() || input.periods.is_some() {
        let b = budget(
            input.amount.unwrap_or(current.deal.amount),
            input.bid_type.unwrap_or(current.deal.bid_type.0),
            input.periods.unwrap_or(current.deal.periods),
        )?;
        c.amount = Some(b.amount);
        c.bid_type = Some(Stored(b.bid_type));
        c.periods = Some(b.periods);
        c.value = Some(b.value());
    }
    c.probability = input.probability;
    let mut entered = None;
    if let Some(stage_id) = input.stage_id.filter(|s| *s != current.deal.stage_id) {
        let stage = stage_of(conn, portal_id, stage_id)?;
        let (p, closed_on) = deal::enter_stage(
            stage.status.0,
            stage.probability,
            current.deal.actual_close_on,
            now.date(),
        );
        c.stage_id = Some(stage.id);
        c.pipeline_id = Some(stage.pipeline_id);
        c.probability = Some(input.probability.unwrap_or(p));
        c.actual_close_on = Some(closed_on);
        entered = Some(stage.id);
    }
    let responsible = input.responsible_id.unwrap_or(current.deal.responsible_id);
    let members = match (&input.member_ids, input.restricted) {
        (Some(ids), _) => Some(members_with(ids, actor, responsible)),
        (None, Some(true)) => Some(members_with(&current.member_ids, actor, responsible)),
        (None, _) if responsible != current.deal.responsible_id => {
            Some(members_with(&current.member_ids, actor, responsible))
        }
        _ => None,
    };
    let contacts_given = input.contact_ids.clone().map(|mut ids| {
        if let Some(main) = input.contact_id.unwrap_or(current.deal.contact_id) {
            ids.push(main);
        }
        ids
    });
    store::update(
        conn,
        portal_id,
        id,
        expected,
        &c,
        contacts_given.as_deref(),
        members.as_deref(),
        actor.user_id,
        now,
    )
    .map_err(contacts_error)?;
    attach(conn, portal_id, id, &input, now)?;
    let d = store::find(conn, portal_id, id)?;
    if let Some(to) = entered {
        stage_changes::record(
            conn,
            portal_id,
            id,
            Some(current.deal.stage_id),
            to,
            d.deal.probability,
            actor.user_id,
            now,
        )?;
    }
    tx.emit(
        portal_id,
        Event::Changed {
            record: RecordRef::deal(id),
            by: actor.by(),
        },
    );
    announce(tx, actor, Some(&current), &d);
    Ok(d)
}

/// Deletes a deal with its tasks, history, links and stage history; returns the storage
/// keys of its files.
pub fn delete(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<Vec<String>, ApiError> {
    editable(tx.conn, actor, id)?;
    let keys = store::delete(tx.conn, actor.portal_id, id).map_err(|e| match e {
        crm_persistence::StoreError::Conflict(_) => ApiError::Conflict {
            code: "in_use",
            detail: "An invoice is for this deal.".into(),
            field: None,
        },
        other => other.into(),
    })?;
    tx.emit(
        actor.portal_id,
        Event::Deleted {
            record: RecordRef::deal(id),
            by: actor.by(),
        },
    );
    Ok(keys)
}

/// One change for many deals ([`bulk`]).
#[derive(Debug, Clone)]
pub enum BulkChange {
    /// Move to this stage.
    Stage(i64),
    /// Make this user responsible.
    Reassign(i64),
    /// Add (`true`) or remove the tags with these names.
    Tags { names: Vec<String>, add: bool },
    /// Delete.
    Delete,
}

/// Adds or removes the tags `tag_ids` on a deal the actor may change, as a change of the
/// deal (a new version); `Some("too_many_tags")` when adding would pass the limit.
fn retag(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    tag_ids: &[i64],
    add: bool,
) -> Result<Option<&'static str>, ApiError> {
    let current = editable(tx.conn, actor, id)?;
    let record = RecordRef::deal(id);
    let changed = if add {
        let new = tag_ids
            .iter()
            .filter(|t| !current.tag_ids.contains(t))
            .count();
        if new > 0 && current.tag_ids.len() + new > crm_domain::contact::MAX_TAGS {
            return Ok(Some("too_many_tags"));
        }
        crm_persistence::tags::add_to(tx.conn, actor.portal_id, record, tag_ids)?;
        new > 0
    } else {
        crm_persistence::tags::remove_from(tx.conn, actor.portal_id, record, tag_ids)? > 0
    };
    // A deal already as asked keeps its version.
    if changed {
        update(tx, actor, id, Precondition::Any, DealInput::default())?;
    }
    Ok(None)
}

/// Applies one change to many deals in one transaction, each as its single change would (a
/// stage change is recorded and takes the stage's probability, a new responsible user is
/// told). Deals the actor cannot see or change are skipped and listed; returns the storage
/// keys of the files of deleted deals.
pub fn bulk(
    tx: &mut Tx<'_>,
    actor: &Actor,
    ids: &[i64],
    change: &BulkChange,
) -> Result<(super::records::BulkOutcome, Vec<String>), ApiError> {
    let portal_id = actor.portal_id;
    let mut out = super::records::BulkOutcome::default();
    let mut keys = Vec::new();
    let tag_ids = match change {
        BulkChange::Stage(stage) => {
            stage_of(tx.conn, portal_id, *stage)?;
            Vec::new()
        }
        BulkChange::Reassign(user) => {
            check_responsible(tx.conn, portal_id, *user)?;
            Vec::new()
        }
        BulkChange::Tags { names, add: true } => {
            crm_persistence::tags::ensure(tx.conn, portal_id, RecordKind::Deal, names, tx.now)?
        }
        BulkChange::Tags { names, add: false } => {
            crm_persistence::tags::ids_of(tx.conn, portal_id, RecordKind::Deal, names)?
        }
        BulkChange::Delete => Vec::new(),
    };
    for id in crm_persistence::portals::dedup(ids) {
        let done = match change {
            BulkChange::Delete => delete(tx, actor, id).map(|k| {
                keys.extend(k);
                None
            }),
            BulkChange::Stage(s) => editable(tx.conn, actor, id).and_then(|d| {
                // A deal already in the stage keeps its version and stage history.
                if d.deal.stage_id != *s {
                    let input = DealInput {
                        stage_id: Some(*s),
                        ..DealInput::default()
                    };
                    update(tx, actor, id, Precondition::Any, input)?;
                }
                Ok(None)
            }),
            BulkChange::Reassign(r) => editable(tx.conn, actor, id).and_then(|d| {
                if d.deal.responsible_id != *r {
                    let input = DealInput {
                        responsible_id: Some(*r),
                        ..DealInput::default()
                    };
                    update(tx, actor, id, Precondition::Any, input)?;
                }
                Ok(None)
            }),
            BulkChange::Tags { add, .. } => retag(tx, actor, id, &tag_ids, *add),
        };
        out.tally(id, done)?;
    }
    Ok((out, keys))
}
