//! Private calendar feed URLs: one per user, stored as a digest of its secret.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::calendar_feeds;

/// A stored feed.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = calendar_feeds)]
pub struct FeedRow {
    pub user_id: i64,
    pub portal_id: i64,
    pub token_hash: String,
    pub created_at: NaiveDateTime,
}

/// The user's feed, if any.
pub fn find(conn: &mut DbConnection, user_id: i64) -> StoreResult<Option<FeedRow>> {
    Ok(calendar_feeds::table
        .find(user_id)
        .select(FeedRow::as_select())
        .first(conn)
        .optional()?)
}

/// The feed of a secret's digest.
pub fn find_by_hash(conn: &mut DbConnection, hash: &str) -> StoreResult<Option<FeedRow>> {
    Ok(calendar_feeds::table
        .filter(calendar_feeds::token_hash.eq(hash))
        .select(FeedRow::as_select())
        .first(conn)
        .optional()?)
}

/// Gives the user a new feed secret, replacing the old one.
pub fn replace(
    conn: &mut DbConnection,
    portal_id: i64,
    user_id: i64,
    hash: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    revoke(conn, user_id)?;
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::user_id.eq(user_id),
            calendar_feeds::portal_id.eq(portal_id),
            calendar_feeds::token_hash.eq(hash),
            calendar_feeds::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends the user's feed; returns whether there was one.
pub fn revoke(conn: &mut DbConnection, user_id: i64) -> StoreResult<bool> {
    Ok(diesel::delete(calendar_feeds::table.find(user_id)).execute(conn)? > 0)
}
