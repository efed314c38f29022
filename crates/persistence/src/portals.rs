//! Portals (tenants) and the portal-wide CRM module settings with their access grants.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::{on_backend, DbConnection};
use crate::error::{StoreError, StoreResult};
use crate::schema::{crm_group_grants, crm_user_grants, group_members, groups, portals, users};

/// A stored portal.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = portals)]
pub struct PortalRow {
    pub id: i64,
    pub name: String,
    pub locale: String,
    pub crm_enabled: bool,
    pub crm_open_to_all: bool,
    pub settings_version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A portal to create.
#[derive(Debug, Insertable)]
#[diesel(table_name = portals)]
pub struct NewPortal<'a> {
    pub name: &'a str,
    pub locale: &'a str,
    pub crm_enabled: bool,
    pub crm_open_to_all: bool,
    pub settings_version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changes to the CRM module settings.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = portals)]
pub struct CrmSettingsChanges {
    pub crm_enabled: Option<bool>,
    pub crm_open_to_all: Option<bool>,
}

/// The CRM module settings with the granted users and groups.
#[derive(Debug, Clone)]
pub struct CrmSettings {
    pub portal: PortalRow,
    pub user_ids: Vec<i64>,
    pub group_ids: Vec<i64>,
}

/// Creates a portal.
pub fn create(conn: &mut DbConnection, new: &NewPortal<'_>) -> StoreResult<PortalRow> {
    let id: i64 = diesel::insert_into(portals::table)
        .values(new)
        .returning(portals::id)
        .get_result(conn)?;
    find(conn, id)
}

/// Loads a portal.
pub fn find(conn: &mut DbConnection, id: i64) -> StoreResult<PortalRow> {
    Ok(portals::table
        .find(id)
        .select(PortalRow::as_select())
        .first(conn)?)
}

/// Every portal, oldest first.
pub fn all(conn: &mut DbConnection) -> StoreResult<Vec<PortalRow>> {
    Ok(portals::table
        .order(portals::id)
        .select(PortalRow::as_select())
        .load(conn)?)
}

/// Number of portals.
pub fn count(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(portals::table.count().get_result(conn)?)
}

/// Loads the CRM settings and grants of a portal.
pub fn crm_settings(conn: &mut DbConnection, portal_id: i64) -> StoreResult<CrmSettings> {
    let portal = find(conn, portal_id)?;
    let user_ids = crm_user_grants::table
        .filter(crm_user_grants::portal_id.eq(portal_id))
        .select(crm_user_grants::user_id)
        .order(crm_user_grants::user_id)
        .load(conn)?;
    let group_ids = crm_group_grants::table
        .filter(crm_group_grants::portal_id.eq(portal_id))
        .select(crm_group_grants::group_id)
        .order(crm_group_grants::group_id)
        .load(conn)?;
    Ok(CrmSettings {
        portal,
        user_ids,
        group_ids,
    })
}

/// Updates the CRM settings from `expected_version`; grants are replaced when given.
/// Every granted id must belong to the portal, else `MissingReference("user_ids"|"group_ids")`.
pub fn update_crm_settings(
    conn: &mut DbConnection,
    portal_id: i64,
    expected_version: i64,
    changes: &CrmSettingsChanges,
    user_ids: Option<&[i64]>,
    group_ids: Option<&[i64]>,
    now: NaiveDateTime,
) -> StoreResult<CrmSettings> {
    conn.transaction(|conn| {
        let updated = diesel::update(
            portals::table
                .filter(portals::id.eq(portal_id))
                .filter(portals::settings_version.eq(expected_version)),
        )
        .set((
            changes,
            portals::settings_version.eq(portals::settings_version + 1),
            portals::updated_at.eq(now),
        ))
        .execute(conn)?;
        if updated == 0 {
            find(conn, portal_id)?;
            return Err(StoreError::StaleVersion);
        }
        if let Some(ids) = user_ids {
            let known: i64 = users::table
                .filter(users::portal_id.eq(portal_id))
                .filter(users::id.eq_any(ids))
                .count()
                .get_result(conn)?;
            if usize::try_from(known).unwrap_or(0) != distinct_len(ids) {
                return Err(StoreError::MissingReference("user_ids".into()));
            }
            diesel::delete(crm_user_grants::table.filter(crm_user_grants::portal_id.eq(portal_id)))
                .execute(conn)?;
            for id in dedup(ids) {
                diesel::insert_into(crm_user_grants::table)
                    .values((
                        crm_user_grants::portal_id.eq(portal_id),
                        crm_user_grants::user_id.eq(id),
                    ))
                    .execute(conn)?;
            }
        }
        if let Some(ids) = group_ids {
            let known: i64 = groups::table
                .filter(groups::portal_id.eq(portal_id))
                .filter(groups::id.eq_any(ids))
                .count()
                .get_result(conn)?;
            if usize::try_from(known).unwrap_or(0) != distinct_len(ids) {
                return Err(StoreError::MissingReference("group_ids".into()));
            }
            diesel::delete(
                crm_group_grants::table.filter(crm_group_grants::portal_id.eq(portal_id)),
            )
            .execute(conn)?;
            for id in dedup(ids) {
                diesel::insert_into(crm_group_grants::table)
                    .values((
                        crm_group_grants::portal_id.eq(portal_id),
                        crm_group_grants::group_id.eq(id),
                    ))
                    .execute(conn)?;
            }
        }
        crm_settings(conn, portal_id)
    })
}

/// Whether the user was granted CRM access directly or through one of their groups.
pub fn has_crm_grant(conn: &mut DbConnection, portal_id: i64, user_id: i64) -> StoreResult<bool> {
    let direct = crm_user_grants::table
        .filter(crm_user_grants::portal_id.eq(portal_id))
        .filter(crm_user_grants::user_id.eq(user_id))
        .select(crm_user_grants::user_id);
    let via_group = crm_group_grants::table
        .inner_join(group_members::table.on(group_members::group_id.eq(crm_group_grants::group_id)))
        .filter(crm_group_grants::portal_id.eq(portal_id))
        .filter(group_members::user_id.eq(user_id))
        .select(group_members::user_id);
    let granted = diesel::select(diesel::dsl::exists(direct).or(diesel::dsl::exists(via_group)));
    Ok(on_backend!(conn, |c| granted.get_result::<bool>(c))?)
}

/// Sorted ids without repeats.
pub fn dedup(ids: &[i64]) -> Vec<i64> {
    let mut v = ids.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

fn distinct_len(ids: &[i64]) -> usize {
    dedup(ids).len()
}
