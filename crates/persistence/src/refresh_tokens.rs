//! Rotating refresh tokens. Each is single-use; presenting a used one revokes its whole family
//! (every token descended from the same login), which ends a stolen session.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::refresh_tokens;

/// A stored refresh token (only its hash is kept).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshTokenRow {
    pub id: i64,
    pub portal_id: i64,
    pub user_id: i64,
    pub family_id: String,
    pub token_hash: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

/// A refresh token to store.
#[derive(Debug, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub struct NewRefreshToken<'a> {
    pub portal_id: i64,
    pub user_id: i64,
    pub family_id: &'a str,
    pub token_hash: &'a str,
    pub expires_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

/// Outcome of presenting a refresh token.
#[derive(Debug)]
pub enum Redemption {
    /// Valid and now used; the caller issues the next token of the family.
    Redeemed(RefreshTokenRow),
    /// Unknown, expired or revoked.
    Invalid,
    /// Already used: the family has been revoked.
    Reused,
    /// Used moments ago (within the grace period), as when two tabs refresh at once: the
    /// caller issues another token of the family.
    JustUsed(RefreshTokenRow),
}

/// Stores a token.
pub fn insert(conn: &mut DbConnection, new: &NewRefreshToken<'_>) -> StoreResult<()> {
    diesel::insert_into(refresh_tokens::table)
        .values(new)
        .execute(conn)?;
    Ok(())
}

/// Marks the token used if it is valid; revokes the family if it was used before, unless that
/// was at most `grace` ago. The conditional update makes two concurrent redemptions of one
/// token yield one winner.
pub fn redeem(
    conn: &mut DbConnection,
    token_hash: &str,
    now: NaiveDateTime,
    grace: chrono::Duration,
) -> StoreResult<Redemption> {
    conn.transaction(|conn| {
        let claimed = diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::token_hash.eq(token_hash))
                .filter(refresh_tokens::used_at.is_null())
                .filter(refresh_tokens::revoked_at.is_null())
                .filter(refresh_tokens::expires_at.gt(now)),
        )
        .set(refresh_tokens::used_at.eq(now))
        .execute(conn)?;
        let row: Option<RefreshTokenRow> = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(token_hash))
            .select(RefreshTokenRow::as_select())
            .first(conn)
            .optional()?;
        match (claimed, row) {
            (1, Some(row)) => Ok(Redemption::Redeemed(row)),
            (_, Some(row))
                if row.revoked_at.is_none()
                    && row.expires_at > now
                    && row.used_at.is_some_and(|used| now - used <= grace) =>
            {
                Ok(Redemption::JustUsed(row))
            }
            (_, Some(row)) if row.used_at.is_some() => {
                revoke_family(conn, &row.family_id, now)?;
                Ok(Redemption::Reused)
            }
            _ => Ok(Redemption::Invalid),
        }
    })
}

/// Revokes every token of a family.
pub fn revoke_family(
    conn: &mut DbConnection,
    family_id: &str,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq(family_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)?)
}

/// The family of a token the user holds, if any.
pub fn family_of(
    conn: &mut DbConnection,
    user_id: i64,
    token_hash: &str,
) -> StoreResult<Option<String>> {
    Ok(refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .filter(refresh_tokens::user_id.eq(user_id))
        .select(refresh_tokens::family_id)
        .first(conn)
        .optional()?)
}

/// Revokes every refresh token of a user (logout everywhere, password change, deactivation).
pub fn revoke_all_for_user(
    conn: &mut DbConnection,
    user_id: i64,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)?)
}

/// Deletes tokens that expired before `before`.
pub fn prune_expired(conn: &mut DbConnection, before: NaiveDateTime) -> StoreResult<usize> {
    Ok(
        diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.lt(before)))
            .execute(conn)?,
    )
}

/// Whether a family still has an unrevoked token (the session has not ended).
pub fn family_is_live(conn: &mut DbConnection, family_id: &str) -> StoreResult<bool> {
    let n: i64 = refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(family_id))
        .filter(refresh_tokens::revoked_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Revokes every refresh token of a user but those of one family (password change keeps
/// the session that made it).
pub fn revoke_all_for_user_except(
    conn: &mut DbConnection,
    user_id: i64,
    keep_family: &str,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    Ok(diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::family_id.ne(keep_family))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(now))
    .execute(conn)?)
}
