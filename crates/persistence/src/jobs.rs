//! Background jobs. A worker takes a job by writing its name and a lease into the row; while
//! it works it renews the lease. A job whose lease ran out belongs to a stopped process and is
//! taken again, so work survives crashes and restarts. Every write of a running job checks
//! that the worker still holds it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::jobs;

/// A stored job.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable, QueryableByName)]
#[diesel(table_name = jobs)]
pub struct JobRow {
    pub id: i64,
    pub portal_id: Option<i64>,
    pub kind: String,
    pub payload: String,
    pub state: String,
    pub attempts: i64,
    pub max_attempts: i64,
    pub run_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub worker: Option<String>,
    pub progress_done: i64,
    pub progress_total: i64,
    pub result: Option<String>,
    pub error: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

/// A job to queue.
#[derive(Debug, Clone)]
pub struct NewJob<'a> {
    pub portal_id: Option<i64>,
    pub kind: &'a str,
    pub payload: &'a str,
    pub max_attempts: i64,
    pub run_at: NaiveDateTime,
    pub created_by: Option<i64>,
}

/// Queues a job; returns its id.
pub fn enqueue(conn: &mut DbConnection, job: &NewJob<'_>, now: NaiveDateTime) -> StoreResult<i64> {
    Ok(diesel::insert_into(jobs::table)
        .values((
            jobs::portal_id.eq(job.portal_id),
            jobs::kind.eq(job.kind),
            jobs::payload.eq(job.payload),
            jobs::state.eq("queued"),
            jobs::attempts.eq(0),
            jobs::max_attempts.eq(job.max_attempts),
            jobs::run_at.eq(job.run_at),
            jobs::created_by.eq(job.created_by),
            jobs::created_at.eq(now),
            jobs::updated_at.eq(now),
        ))
        .returning(jobs::id)
        .get_result(conn)?)
}

/// One job of a portal.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<JobRow> {
    Ok(jobs::table
        .filter(jobs::portal_id.eq(portal_id))
        .filter(jobs::id.eq(id))
        .select(JobRow::as_select())
        .first(conn)?)
}

/// Takes the next due job for `worker` until `lease_until`: a queued job whose time has come,
/// or a running one whose lease ran out (its worker stopped). Kinds in `skip` are left to
/// other processes. A job whose worker stopped on its last attempt fails instead of running
/// again, so a job that kills its process cannot take every process down in turn. PostgreSQL
/// skips rows other processes are taking (`FOR UPDATE SKIP LOCKED`); on SQLite the caller's
/// write transaction serialises takers.
pub fn claim(
    conn: &mut DbConnection,
    worker: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    skip: &[&'static str],
) -> StoreResult<Option<JobRow>> {
    use diesel::sql_types::{Text, Timestamp};
    diesel::update(
        jobs::table
            .filter(jobs::state.eq("running"))
            .filter(jobs::lease_until.lt(now))
            .filter(jobs::attempts.ge(jobs::max_attempts)),
    )
    .set((
        jobs::state.eq("failed"),
        jobs::error.eq("the server stopped while running it, on every attempt"),
        jobs::lease_until.eq(None::<NaiveDateTime>),
        jobs::finished_at.eq(now),
        jobs::updated_at.eq(now),
    ))
    .execute(conn)?;
    // The kinds are constants of the code, never input.
    let skipped: String = skip.iter().map(|k| format!(" AND kind <> '{k}'")).collect();
    let pick = format!(
        "SELECT id FROM jobs WHERE ((state = 'queued' AND run_at <= $2) \
         OR (state = 'running' AND lease_until < $2)){skipped} ORDER BY run_at, id LIMIT 1"
    );
    let sql = |lock: &str| {
        format!(
            "UPDATE jobs SET state = 'running', worker = $1, lease_until = $3, \
             attempts = attempts + 1, updated_at = $2 WHERE id = ({pick}{lock}) RETURNING *"
        )
    };
    let rows: Vec<JobRow> = match conn {
        // SQLite reads `$n` as a named parameter numbered by first appearance; `?n` is positional.
        DbConnection::Sqlite(c) => diesel::sql_query(sql("").replace('$', "?"))
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(lease_until)
            .load(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(sql(" FOR UPDATE SKIP LOCKED"))
            .bind::<Text, _>(worker)
            .bind::<Timestamp, _>(now)
            .bind::<Timestamp, _>(lease_until)
            .load(c)?,
    };
    Ok(rows.into_iter().next())
}

/// Whether a job is waiting to be taken (a read, so that idle workers take no write lock).
pub fn any_due(conn: &mut DbConnection, now: NaiveDateTime) -> StoreResult<bool> {
    let due = jobs::table
        .filter(
            jobs::state
                .eq("queued")
                .and(jobs::run_at.le(now))
                .or(jobs::state.eq("running").and(jobs::lease_until.lt(now))),
        )
        .select(jobs::id)
        .first::<i64>(conn)
        .optional()?;
    Ok(due.is_some())
}

/// Deletes jobs that finished before `before`; returns how many.
pub fn prune(conn: &mut DbConnection, before: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(
        jobs::table
            .filter(jobs::state.eq_any(["succeeded", "failed"]))
            .filter(jobs::finished_at.lt(before)),
    )
    .execute(conn)?)
}

type ById = diesel::dsl::Filter<jobs::table, diesel::dsl::Eq<jobs::id, i64>>;
type ByWorker = diesel::dsl::Filter<ById, diesel::dsl::Eq<jobs::worker, String>>;
type Held = diesel::dsl::Filter<ByWorker, diesel::dsl::Eq<jobs::state, &'static str>>;

/// The job, if `worker` still holds it.
fn held(id: i64, worker: &str) -> Held {
    jobs::table
        .filter(jobs::id.eq(id))
        .filter(jobs::worker.eq(worker.to_owned()))
        .filter(jobs::state.eq("running"))
}

/// Extends the lease of a job the worker holds; `LeaseLost` when it lost it.
pub fn renew(
    conn: &mut DbConnection,
    id: i64,
    worker: &str,
    lease_until: NaiveDateTime,
) -> StoreResult<()> {
    let n = diesel::update(held(id, worker))
        .set(jobs::lease_until.eq(lease_until))
        .execute(conn)?;
    lost_if_none(n)
}

fn lost_if_none(n: usize) -> StoreResult<()> {
    if n == 0 {
        Err(StoreError::LeaseLost)
    } else {
        Ok(())
    }
}

/// Records progress (and the partial result so far) of a job the worker holds.
pub fn progress(
    conn: &mut DbConnection,
    id: i64,
    worker: &str,
    done: i64,
    total: i64,
    partial: Option<&str>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let n = diesel::update(held(id, worker))
        .set((
            jobs::progress_done.eq(done),
            jobs::progress_total.eq(total),
            jobs::result.eq(partial),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    lost_if_none(n)
}

/// Marks a held job done with its result.
pub fn succeed(
    conn: &mut DbConnection,
    id: i64,
    worker: &str,
    result: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let n = diesel::update(held(id, worker))
        .set((
            jobs::state.eq("succeeded"),
            jobs::result.eq(result),
            jobs::error.eq(None::<String>),
            jobs::lease_until.eq(None::<NaiveDateTime>),
            jobs::finished_at.eq(now),
            jobs::updated_at.eq(now),
        ))
        .execute(conn)?;
    lost_if_none(n)
}

/// Records a failed attempt: queued again at `retry_at`, or failed for good without one.
pub fn fail(
    conn: &mut DbConnection,
    id: i64,
    worker: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let n = match retry_at {
        Some(at) => diesel::update(held(id, worker))
            .set((
                jobs::state.eq("queued"),
                jobs::run_at.eq(at),
                jobs::error.eq(error),
                jobs::lease_until.eq(None::<NaiveDateTime>),
                jobs::updated_at.eq(now),
            ))
            .execute(conn)?,
        None => diesel::update(held(id, worker))
            .set((
                jobs::state.eq("failed"),
                jobs::error.eq(error),
                jobs::lease_until.eq(None::<NaiveDateTime>),
                jobs::finished_at.eq(now),
                jobs::updated_at.eq(now),
            ))
            .execute(conn)?,
    };
    lost_if_none(n)
}
