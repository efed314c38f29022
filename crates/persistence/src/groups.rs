//! Groups of users and their members.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::keyset::{contains_pattern, After, KeyValue, PageRequest, PageResult};
use crate::portals::dedup;
use crate::schema::{group_members, groups, users};
use crate::users::{text_after, time_after};

/// A stored group.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = groups)]
pub struct GroupRow {
    pub id: i64,
    pub portal_id: i64,
    pub name: String,
    pub sort_name: String,
    pub description: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// A group to create.
#[derive(Debug, Insertable)]
#[diesel(table_name = groups)]
pub struct NewGroup<'a> {
    pub portal_id: i64,
    pub name: &'a str,
    pub sort_name: &'a str,
    pub description: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// Changes to a group.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = groups)]
pub struct GroupChanges {
    pub name: Option<String>,
    pub sort_name: Option<String>,
    pub description: Option<String>,
}

/// Sort fields of the groups list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupSort {
    /// Name, case-insensitive.
    Name,
    /// Creation time.
    CreatedAt,
}

/// Filters of the groups list.
#[derive(Debug, Clone, Default)]
pub struct GroupFilter {
    /// Lower-cased text the name contains.
    pub text: Option<String>,
    pub member_id: Option<i64>,
}

/// A group with its member ids.
#[derive(Debug, Clone)]
pub struct GroupWithMembers {
    pub group: GroupRow,
    pub member_ids: Vec<i64>,
}

/// Creates a group with its members.
pub fn create(
    conn: &mut DbConnection,
    new: &NewGroup<'_>,
    member_ids: &[i64],
) -> StoreResult<GroupWithMembers> {
    conn.transaction(|conn| {
        let id: i64 = diesel::insert_into(groups::table)
            .values(new)
            .returning(groups::id)
            .get_result(conn)?;
        replace_members(conn, new.portal_id, id, member_ids)?;
        find(conn, new.portal_id, id)
    })
}

/// Loads a group of the portal with its members.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<GroupWithMembers> {
    let group = groups::table
        .filter(groups::portal_id.eq(portal_id))
        .filter(groups::id.eq(id))
        .select(GroupRow::as_select())
        .first(conn)?;
    let member_ids = members_of(conn, portal_id, &[id])?
        .into_iter()
        .map(|(_, u)| u)
        .collect();
    Ok(GroupWithMembers { group, member_ids })
}

/// Applies changes made from `expected_version`; members are replaced when given.
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &GroupChanges,
    member_ids: Option<&[i64]>,
    now: NaiveDateTime,
) -> StoreResult<GroupWithMembers> {
    conn.transaction(|conn| {
        let updated = diesel::update(
            groups::table
                .filter(groups::portal_id.eq(portal_id))
                .filter(groups::id.eq(id))
                .filter(groups::version.eq(expected_version)),
        )
        .set((
            changes,
            groups::version.eq(groups::version + 1),
            groups::updated_at.eq(now),
        ))
        .execute(conn)?;
        if updated == 0 {
            find(conn, portal_id, id)?;
            return Err(StoreError::StaleVersion);
        }
        if let Some(ids) = member_ids {
            replace_members(conn, portal_id, id, ids)?;
        }
        find(conn, portal_id, id)
    })
}

/// Deletes a group; memberships and grants go with it.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<()> {
    conn.transaction(|conn| {
        diesel::delete(
            group_members::table
                .filter(group_members::portal_id.eq(portal_id))
                .filter(group_members::group_id.eq(id)),
        )
        .execute(conn)?;
        diesel::delete(
            crate::schema::crm_group_grants::table
                .filter(crate::schema::crm_group_grants::portal_id.eq(portal_id))
                .filter(crate::schema::crm_group_grants::group_id.eq(id)),
        )
        .execute(conn)?;
        let n = diesel::delete(
            groups::table
                .filter(groups::portal_id.eq(portal_id))
                .filter(groups::id.eq(id)),
        )
        .execute(conn)?;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    })
}

fn replace_members(
    conn: &mut DbConnection,
    portal_id: i64,
    group_id: i64,
    ids: &[i64],
) -> StoreResult<Vec<i64>> {
    let ids = dedup(ids);
    let known: i64 = users::table
        .filter(users::portal_id.eq(portal_id))
        .filter(users::id.eq_any(&ids))
        .count()
        .get_result(conn)?;
    if usize::try_from(known).unwrap_or(0) != ids.len() {
        return Err(StoreError::MissingReference("member_ids".into()));
    }
    diesel::delete(group_members::table.filter(group_members::group_id.eq(group_id)))
        .execute(conn)?;
    for u in &ids {
        diesel::insert_into(group_members::table)
            .values((
                group_members::portal_id.eq(portal_id),
                group_members::group_id.eq(group_id),
                group_members::user_id.eq(u),
            ))
            .execute(conn)?;
    }
    Ok(ids)
}

/// `(group_id, user_id)` pairs for the given groups.
fn members_of(
    conn: &mut DbConnection,
    portal_id: i64,
    group_ids: &[i64],
) -> StoreResult<Vec<(i64, i64)>> {
    Ok(group_members::table
        .filter(group_members::portal_id.eq(portal_id))
        .filter(group_members::group_id.eq_any(group_ids))
        .select((group_members::group_id, group_members::user_id))
        .order((group_members::group_id, group_members::user_id))
        .load(conn)?)
}

fn filtered<'a>(
    portal_id: i64,
    filter: &'a GroupFilter,
) -> groups::BoxedQuery<'a, crate::connection::MultiBackend> {
    let mut q = groups::table
        .filter(groups::portal_id.eq(portal_id))
        .into_boxed();
    if let Some(text) = &filter.text {
        q = q.filter(groups::sort_name.like(contains_pattern(text)).escape('\\'));
    }
    if let Some(member) = filter.member_id {
        q = q.filter(
            groups::id.eq_any(
                group_members::table
                    .filter(group_members::user_id.eq(member))
                    .filter(group_members::portal_id.eq(portal_id))
                    .select(group_members::group_id),
            ),
        );
    }
    q
}

/// One page of the portal's groups.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    filter: &GroupFilter,
    page: &PageRequest<GroupSort>,
) -> StoreResult<PageResult<GroupWithMembers>> {
    let total: i64 = filtered(portal_id, filter).count().get_result(conn)?;
    let q = filtered(portal_id, filter).select(GroupRow::as_select());
    let dir = page.sort.direction;
    let q = match page.sort.field {
        GroupSort::Name => {
            let after = text_after(&page.after)?;
            crate::keyset!(q, groups::sort_name, groups::id, dir, after)
        }
        GroupSort::CreatedAt => {
            let after = time_after(&page.after)?;
            crate::keyset!(q, groups::created_at, groups::id, dir, after)
        }
    };
    let rows: Vec<GroupRow> = q.limit(page.limit + 1).load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let members = members_of(conn, portal_id, &ids)?;
    let rows = rows
        .into_iter()
        .map(|group| {
            let member_ids = members
                .iter()
                .filter(|(g, _)| *g == group.id)
                .map(|(_, u)| *u)
                .collect();
            GroupWithMembers { group, member_ids }
        })
        .collect();
    let sort = page.sort.field;
    Ok(PageResult::from_probe(
        rows,
        page.limit,
        total,
        |r: &GroupWithMembers| After {
            value: match sort {
                GroupSort::Name => KeyValue::Text(r.group.sort_name.clone()),
                GroupSort::CreatedAt => KeyValue::Time(r.group.created_at),
            },
            id: r.group.id,
        },
    ))
}
