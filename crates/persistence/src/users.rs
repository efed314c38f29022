//! Users of a portal, their group memberships, and the users list with filters and keyset paging.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::{on_backend, DbConnection};
use crate::error::{StoreError, StoreResult};
use crate::keyset::{contains_pattern, After, KeyValue, PageRequest, PageResult};
use crate::portals::dedup;
use crate::schema::{group_members, groups, users};

/// A stored user.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub portal_id: i64,
    pub email: String,
    pub name: String,
    pub sort_name: String,
    pub search_key: String,
    pub password_hash: String,
    pub locale: String,
    pub time_zone: String,
    pub role: String,
    pub active: bool,
    pub last_login_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    pub time_zone_chosen: bool,
}

/// A user to create.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub portal_id: i64,
    pub email: &'a str,
    pub name: &'a str,
    pub sort_name: &'a str,
    pub search_key: &'a str,
    pub password_hash: &'a str,
    pub locale: &'a str,
    pub time_zone: &'a str,
    pub time_zone_chosen: bool,
    pub role: &'a str,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// Changes to a user; `None` leaves a column unchanged.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserChanges {
    pub email: Option<String>,
    pub name: Option<String>,
    pub sort_name: Option<String>,
    pub search_key: Option<String>,
    pub password_hash: Option<String>,
    pub locale: Option<String>,
    pub time_zone: Option<String>,
    pub time_zone_chosen: Option<bool>,
    pub role: Option<String>,
    pub active: Option<bool>,
}

/// Sort fields of the users list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserSort {
    /// Display name, case-insensitive.
    Name,
    /// E-mail.
    Email,
    /// Creation time.
    CreatedAt,
}

/// Filters of the users list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Lower-cased text the name or e-mail contains.
    pub text: Option<String>,
    pub role: Option<String>,
    pub active: Option<bool>,
    pub group_id: Option<i64>,
}

/// A user with their group ids.
#[derive(Debug, Clone)]
pub struct UserWithGroups {
    pub user: UserRow,
    pub group_ids: Vec<i64>,
}

/// Creates a user and their memberships in one transaction.
pub fn create(
    conn: &mut DbConnection,
    new: &NewUser<'_>,
    group_ids: &[i64],
) -> StoreResult<UserWithGroups> {
    conn.transaction(|conn| {
        let id: i64 = diesel::insert_into(users::table)
            .values(new)
            .returning(users::id)
            .get_result(conn)?;
        replace_groups(conn, new.portal_id, id, group_ids)?;
        find_with_groups(conn, new.portal_id, id)
    })
}

/// Those of `ids` that are active users of the portal.
pub fn active_among(conn: &mut DbConnection, portal_id: i64, ids: &[i64]) -> StoreResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(users::table
        .filter(users::portal_id.eq(portal_id))
        .filter(users::id.eq_any(ids))
        .filter(users::active.eq(true))
        .select(users::id)
        .load(conn)?)
}

/// Those of `ids` who are active users of the portal and may work in the CRM module: CRM admins
/// by role, everyone when the portal opens the CRM to all, else those granted it directly or
/// through a group (the rule of [`crm_domain::access::has_crm_access`], as one query).
pub fn crm_users_among(
    conn: &mut DbConnection,
    portal_id: i64,
    ids: &[i64],
) -> StoreResult<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(users::table
        .filter(users::portal_id.eq(portal_id))
        .filter(users::id.eq_any(ids))
        .filter(users::active.eq(true))
        .filter(with_crm_access(portal_id))
        .select(users::id)
        .load(conn)?)
}

/// Users who may work in the CRM module of portal `portal_id`.
pub(crate) fn with_crm_access(
    portal_id: i64,
) -> Box<
    dyn BoxableExpression<
        users::table,
        crate::connection::MultiBackend,
        SqlType = diesel::sql_types::Bool,
    >,
> {
    use crate::schema::{crm_group_grants, crm_user_grants, portals};
    use crm_domain::Role;
    let admins: Vec<&str> = [Role::Owner, Role::PortalAdmin, Role::CrmAdmin]
        .into_iter()
        .filter(|r| r.is_crm_admin())
        .map(Role::as_str)
        .collect();
    let open = diesel::dsl::exists(
        portals::table
            .filter(portals::id.eq(portal_id))
            .filter(portals::crm_open_to_all.eq(true)),
    );
    let direct = crm_user_grants::table
        .filter(crm_user_grants::portal_id.eq(portal_id))
        .select(crm_user_grants::user_id);
    let via_group = crm_group_grants::table
        .inner_join(group_members::table.on(group_members::group_id.eq(crm_group_grants::group_id)))
        .filter(crm_group_grants::portal_id.eq(portal_id))
        .select(group_members::user_id);
    Box::new(
        users::role
            .eq_any(admins)
            .or(open)
            .or(users::id.eq_any(direct))
            .or(users::id.eq_any(via_group)),
    )
}

/// Loads a user of the portal.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<UserRow> {
    Ok(users::table
        .filter(users::portal_id.eq(portal_id))
        .filter(users::id.eq(id))
        .select(UserRow::as_select())
        .first(conn)?)
}

/// The user `id` of the portal with their portal: a query of fixed shape, written out for each
/// backend by `on_backend!`.
macro_rules! user_with_portal {
    ($portal_id:expr, $id:expr) => {
        users::table
            .inner_join(crate::schema::portals::table)
            .filter(users::portal_id.eq($portal_id))
            .filter(users::id.eq($id))
            .select((UserRow::as_select(), crate::portals::PortalRow::as_select()))
    };
}

/// Loads a user of the portal together with the portal, in one query (every request does).
pub fn find_with_portal(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
) -> StoreResult<(UserRow, crate::portals::PortalRow)> {
    Ok(on_backend!(conn, |c| user_with_portal!(portal_id, id).first(c))?)
}

/// [`find_with_portal`] for a session: `NotFound` also when the session's refresh-token family
/// was revoked (logout, reuse detection), so its access tokens stop at once.
pub fn find_with_portal_in_family(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    family_id: &str,
) -> StoreResult<(UserRow, crate::portals::PortalRow)> {
    use crate::schema::refresh_tokens;
    Ok(on_backend!(conn, |c| {
        user_with_portal!(portal_id, id)
            .filter(diesel::dsl::exists(
                refresh_tokens::table
                    .filter(refresh_tokens::family_id.eq(family_id))
                    .filter(refresh_tokens::user_id.eq(id))
                    .filter(refresh_tokens::portal_id.eq(portal_id))
                    .filter(refresh_tokens::revoked_at.is_null()),
            ))
            .first(c)
    })?)
}

/// Loads a user of the portal with group ids.
pub fn find_with_groups(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
) -> StoreResult<UserWithGroups> {
    let user = find(conn, portal_id, id)?;
    let group_ids = group_ids_of(conn, portal_id, &[id])?
        .into_iter()
        .map(|(_, g)| g)
        .collect();
    Ok(UserWithGroups { user, group_ids })
}

/// Every active user with this e-mail, over all portals (login).
pub fn find_active_by_email(conn: &mut DbConnection, email: &str) -> StoreResult<Vec<UserRow>> {
    Ok(users::table
        .filter(users::email.eq(email))
        .filter(users::active.eq(true))
        .select(UserRow::as_select())
        .order(users::id)
        .load(conn)?)
}

/// Applies changes made from `expected_version`; group membership is replaced when given.
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &UserChanges,
    group_ids: Option<&[i64]>,
    now: NaiveDateTime,
) -> StoreResult<UserWithGroups> {
    conn.transaction(|conn| {
        let updated = diesel::update(
            users::table
                .filter(users::portal_id.eq(portal_id))
                .filter(users::id.eq(id))
                .filter(users::version.eq(expected_version)),
        )
        .set((
            changes,
            users::version.eq(users::version + 1),
            users::updated_at.eq(now),
        ))
        .execute(conn)?;
        if updated == 0 {
            find(conn, portal_id, id)?;
            return Err(StoreError::StaleVersion);
        }
        if let Some(ids) = group_ids {
            replace_groups(conn, portal_id, id, ids)?;
        }
        find_with_groups(conn, portal_id, id)
    })
}

/// Records a successful login.
pub fn touch_login(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(users::table.find(id))
        .set(users::last_login_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Sets the zone of a user whose zone was never chosen (the browser's at sign-in); a chosen
/// zone stays. True when it was set.
pub fn adopt_time_zone(
    conn: &mut DbConnection,
    id: i64,
    time_zone: &str,
    now: NaiveDateTime,
) -> StoreResult<bool> {
    let updated = diesel::update(
        users::table
            .find(id)
            .filter(users::time_zone_chosen.eq(false)),
    )
    .set((
        users::time_zone.eq(time_zone),
        users::time_zone_chosen.eq(true),
        users::updated_at.eq(now),
        users::version.eq(users::version + 1),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Number of active owners of the portal, for a change that may remove one. On PostgreSQL the
/// portal row is locked for the rest of the transaction first, so two such changes cannot both
/// see the other owner and leave none; SQLite's write lock already serialises them.
pub fn count_active_owners(conn: &mut DbConnection, portal_id: i64) -> StoreResult<i64> {
    if let DbConnection::Postgresql(c) = conn {
        diesel::sql_query("SELECT id FROM portals WHERE id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::BigInt, _>(portal_id)
            .execute(c)?;
    }
    Ok(users::table
        .filter(users::portal_id.eq(portal_id))
        .filter(users::role.eq("owner"))
        .filter(users::active.eq(true))
        .count()
        .get_result(conn)?)
}

fn replace_groups(
    conn: &mut DbConnection,
    portal_id: i64,
    user_id: i64,
    ids: &[i64],
) -> StoreResult<Vec<i64>> {
    let ids = dedup(ids);
    let known: i64 = groups::table
        .filter(groups::portal_id.eq(portal_id))
        .filter(groups::id.eq_any(&ids))
        .count()
        .get_result(conn)?;
    if usize::try_from(known).unwrap_or(0) != ids.len() {
        return Err(StoreError::MissingReference("group_ids".into()));
    }
    diesel::delete(group_members::table.filter(group_members::user_id.eq(user_id)))
        .execute(conn)?;
    for g in &ids {
        diesel::insert_into(group_members::table)
            .values((
                group_members::portal_id.eq(portal_id),
                group_members::group_id.eq(g),
                group_members::user_id.eq(user_id),
            ))
            .execute(conn)?;
    }
    Ok(ids)
}

/// `(user_id, group_id)` pairs for the given users.
pub fn group_ids_of(
    conn: &mut DbConnection,
    portal_id: i64,
    user_ids: &[i64],
) -> StoreResult<Vec<(i64, i64)>> {
    Ok(group_members::table
        .filter(group_members::portal_id.eq(portal_id))
        .filter(group_members::user_id.eq_any(user_ids))
        .select((group_members::user_id, group_members::group_id))
        .order((group_members::user_id, group_members::group_id))
        .load(conn)?)
}

fn filtered<'a>(
    portal_id: i64,
    filter: &'a UserFilter,
) -> users::BoxedQuery<'a, crate::connection::MultiBackend> {
    let mut q = users::table
        .filter(users::portal_id.eq(portal_id))
        .into_boxed();
    if let Some(text) = &filter.text {
        q = q.filter(users::search_key.like(contains_pattern(text)).escape('\\'));
    }
    if let Some(role) = &filter.role {
        q = q.filter(users::role.eq(role));
    }
    if let Some(active) = filter.active {
        q = q.filter(users::active.eq(active));
    }
    if let Some(group_id) = filter.group_id {
        q = q.filter(
            users::id.eq_any(
                group_members::table
                    .filter(group_members::group_id.eq(group_id))
                    .filter(group_members::portal_id.eq(portal_id))
                    .select(group_members::user_id),
            ),
        );
    }
    q
}

/// One page of the portal's users.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    filter: &UserFilter,
    page: &PageRequest<UserSort>,
) -> StoreResult<PageResult<UserWithGroups>> {
    let total: i64 = filtered(portal_id, filter).count().get_result(conn)?;
    let q = filtered(portal_id, filter).select(UserRow::as_select());
    let dir = page.sort.direction;
    let q = match (page.sort.field, &page.after) {
        (UserSort::Name, after) => {
            let after = text_after(after)?;
            crate::keyset!(q, users::sort_name, users::id, dir, after)
        }
        (UserSort::Email, after) => {
            let after = text_after(after)?;
            crate::keyset!(q, users::email, users::id, dir, after)
        }
        (UserSort::CreatedAt, after) => {
            let after = time_after(after)?;
            crate::keyset!(q, users::created_at, users::id, dir, after)
        }
    };
    let rows: Vec<UserRow> = q.limit(page.limit + 1).load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let memberships = group_ids_of(conn, portal_id, &ids)?;
    let rows = rows
        .into_iter()
        .map(|user| {
            let group_ids = memberships
                .iter()
                .filter(|(u, _)| *u == user.id)
                .map(|(_, g)| *g)
                .collect();
            UserWithGroups { user, group_ids }
        })
        .collect();
    let sort = page.sort.field;
    Ok(PageResult::from_probe(
        rows,
        page.limit,
        total,
        |r: &UserWithGroups| After {
            value: match sort {
                UserSort::Name => KeyValue::Text(r.user.sort_name.clone()),
                UserSort::Email => KeyValue::Text(r.user.email.clone()),
                UserSort::CreatedAt => KeyValue::Time(r.user.created_at),
            },
            id: r.user.id,
        },
    ))
}

/// The text sort value of a cursor, or an error for a cursor made for another sort.
pub fn text_after(after: &Option<After>) -> StoreResult<Option<(String, i64)>> {
    match after {
        None => Ok(None),
        Some(After {
            value: KeyValue::Text(v),
            id,
        }) => Ok(Some((v.clone(), *id))),
        Some(_) => Err(StoreError::Invalid("cursor".into())),
    }
}

/// The integer sort value of a cursor, or an error for a cursor made for another sort.
pub fn int_after(after: &Option<After>) -> StoreResult<Option<(i64, i64)>> {
    match after {
        None => Ok(None),
        Some(After {
            value: KeyValue::Int(v),
            id,
        }) => Ok(Some((*v, *id))),
        Some(_) => Err(StoreError::Invalid("cursor".into())),
    }
}

/// The time sort value of a cursor, or an error for a cursor made for another sort.
pub fn time_after(after: &Option<After>) -> StoreResult<Option<(NaiveDateTime, i64)>> {
    match after {
        None => Ok(None),
        Some(After {
            value: KeyValue::Time(v),
            id,
        }) => Ok(Some((*v, *id))),
        Some(_) => Err(StoreError::Invalid("cursor".into())),
    }
}
