//! Personal API tokens: stored as a hash with a short visible prefix, revocable.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::{on_backend, DbConnection};
use crate::error::{StoreError, StoreResult};
use crate::keyset::{After, KeyValue, PageResult};
use crate::schema::api_tokens;

/// A stored API token.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: i64,
    pub portal_id: i64,
    pub user_id: i64,
    pub name: String,
    pub scopes: String,
    pub prefix: String,
    pub token_hash: String,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A token to store.
#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken<'a> {
    pub portal_id: i64,
    pub user_id: i64,
    pub name: &'a str,
    pub scopes: &'a str,
    pub prefix: &'a str,
    pub token_hash: &'a str,
    pub expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// Stores a token.
pub fn create(conn: &mut DbConnection, new: &NewApiToken<'_>) -> StoreResult<ApiTokenRow> {
    let id: i64 = diesel::insert_into(api_tokens::table)
        .values(new)
        .returning(api_tokens::id)
        .get_result(conn)?;
    Ok(api_tokens::table
        .find(id)
        .select(ApiTokenRow::as_select())
        .first(conn)?)
}

/// Neither revoked nor expired at `now`.
#[diesel::dsl::auto_type(no_type_alias)]
fn live(now: NaiveDateTime) -> _ {
    api_tokens::revoked_at.is_null().and(
        api_tokens::expires_at
            .is_null()
            .or(api_tokens::expires_at.gt(now)),
    )
}

/// A usable token by hash: not revoked and not expired.
pub fn find_usable(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
) -> StoreResult<Option<ApiTokenRow>> {
    Ok(on_backend!(conn, |c| {
        api_tokens::table
            .filter(api_tokens::token_hash.eq(token_hash))
            .filter(live(now))
            .select(ApiTokenRow::as_select())
            .first(c)
            .optional()
    })?)
}

/// Records use, at most once a minute per token so reads stay cheap: a token used within the
/// minute (as loaded in `row`) is not written at all, which on SQLite would take the write lock.
pub fn touch(conn: &mut DbConnection, row: &ApiTokenRow, now: NaiveDateTime) -> StoreResult<()> {
    let stale = now - chrono::Duration::minutes(1);
    if row.last_used_at.is_some_and(|t| t >= stale) {
        return Ok(());
    }
    let id = row.id;
    diesel::update(
        api_tokens::table.filter(api_tokens::id.eq(id)).filter(
            api_tokens::last_used_at
                .is_null()
                .or(api_tokens::last_used_at.lt(stale)),
        ),
    )
    .set(api_tokens::last_used_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// One page of a user's live tokens, newest first.
pub fn list_for_user(
    conn: &mut DbConnection,
    portal_id: i64,
    user_id: i64,
    before_id: Option<i64>,
    limit: i64,
) -> StoreResult<PageResult<ApiTokenRow>> {
    let base = || {
        api_tokens::table
            .filter(api_tokens::portal_id.eq(portal_id))
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null())
            .into_boxed::<crate::connection::MultiBackend>()
    };
    let total: i64 = base().count().get_result(conn)?;
    let mut q = base()
        .select(ApiTokenRow::as_select())
        .order(api_tokens::id.desc());
    if let Some(id) = before_id {
        q = q.filter(api_tokens::id.lt(id));
    }
    let rows = q.limit(limit + 1).load(conn)?;
    Ok(PageResult::from_probe(
        rows,
        limit,
        total,
        |r: &ApiTokenRow| After {
            value: KeyValue::Int(r.id),
            id: r.id,
        },
    ))
}

/// Revokes one of the user's tokens.
pub fn revoke(
    conn: &mut DbConnection,
    portal_id: i64,
    user_id: i64,
    id: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let n = diesel::update(
        api_tokens::table
            .filter(api_tokens::portal_id.eq(portal_id))
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)?;
    if n == 0 {
        Err(StoreError::NotFound)
    } else {
        Ok(())
    }
}

/// Revokes every token of a user (deactivation).
pub fn revoke_all_for_user(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    Ok(diesel::update(
        api_tokens::table
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(now))
    .execute(conn)?)
}

/// Whether a token is neither revoked nor expired.
pub fn is_live(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StoreResult<bool> {
    let n: i64 = api_tokens::table
        .filter(api_tokens::id.eq(id))
        .filter(live(now))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}
