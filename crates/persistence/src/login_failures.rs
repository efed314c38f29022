//! Failed login attempts, kept in the database so that throttling holds across server processes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::login_failures;

/// Records a failure for a throttle key (e-mail, client address).
pub fn record(conn: &mut DbConnection, key: &str, now: NaiveDateTime) -> StoreResult<()> {
    diesel::insert_into(login_failures::table)
        .values((
            login_failures::throttle_key.eq(key),
            login_failures::failed_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Failures of a key since `since`: how many, and the time of the oldest.
pub fn recent(
    conn: &mut DbConnection,
    key: &str,
    since: NaiveDateTime,
) -> StoreResult<(i64, Option<NaiveDateTime>)> {
    let times: Vec<NaiveDateTime> = login_failures::table
        .filter(login_failures::throttle_key.eq(key))
        .filter(login_failures::failed_at.gt(since))
        .select(login_failures::failed_at)
        .order(login_failures::failed_at.asc())
        .load(conn)?;
    Ok((
        i64::try_from(times.len()).unwrap_or(i64::MAX),
        times.first().copied(),
    ))
}

/// Forgets a key's failures (after a successful login).
pub fn clear(conn: &mut DbConnection, key: &str) -> StoreResult<()> {
    diesel::delete(login_failures::table.filter(login_failures::throttle_key.eq(key)))
        .execute(conn)?;
    Ok(())
}

/// Deletes failures older than `before`.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime) -> StoreResult<usize> {
    Ok(
        diesel::delete(login_failures::table.filter(login_failures::failed_at.lt(before)))
            .execute(conn)?,
    )
}
