//! Runs blocking diesel work off the async executor: reads as they come, writes as one
//! transaction each.

use actix_web::web;
use crm_persistence::{DbConnection, DbPool, PooledConn, StoreError};
use diesel::connection::{AnsiTransactionManager, TransactionManager};

use crate::error::ApiError;

/// Runs `f` with a pooled connection on the blocking thread pool (reads).
pub async fn run<T, F>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    blocking(pool, move |pool| {
        let mut conn = pool.get().map_err(StoreError::from)?;
        served(&mut conn, f)
    })
    .await
}

/// Runs `f` on `conn`, and notes when it worked ([`PooledConn::proven`]).
fn served<T>(
    conn: &mut PooledConn,
    f: impl FnOnce(&mut DbConnection) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let result = f(conn);
    if result.is_ok() {
        conn.proven();
    }
    result
}

/// Runs `f`, a read of a few rows by key that writes nothing, at once on the calling thread
/// when the database is SQLite and a connection is idle: such a read takes some tens of
/// microseconds, less than the hand-off to the blocking pool and back. Otherwise (PostgreSQL,
/// whose every statement waits on the network, or every connection busy) as [`run`].
pub async fn point_read<T, F>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    if pool.backend() == crm_persistence::Backend::Sqlite {
        if let Some(mut conn) = pool.try_get() {
            return served(&mut conn, f);
        }
    }
    run(pool, f).await
}

/// Runs `f` as one transaction: committed when it succeeds, rolled back when it fails.
/// On SQLite the writers of this process first take their turn ([`DbPool::write_turn`]), then
/// the transaction begins `IMMEDIATE`: it waits for the write lock up front (within the busy
/// timeout, for writers of other processes), so writers queue instead of failing on a stale
/// snapshot. Whatever it wrote, callers and totals kept by this process are read again
/// afterwards: no write can forget to say that it changed a user, session, token or grant.
pub async fn write<T, F>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    transaction(pool, f).await
}

async fn transaction<T, F>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let turn = pool.write_turn().await?;
    blocking(pool, move |pool| {
        let _turn = turn;
        let mut conn = pool.get().map_err(StoreError::from)?;
        let conn: &mut PooledConn = &mut conn;
        begin(conn).map_err(StoreError::from)?;
        let result = match f(conn) {
            Ok(value) => finish(conn, true)
                .map(|()| value)
                .map_err(|e| StoreError::from(e).into()),
            Err(e) => {
                if let Err(rollback) = finish(conn, false) {
                    tracing::error!(error = %rollback, "rolling back failed");
                }
                Err(e)
            }
        };
        if result.is_ok() {
            conn.proven();
        }
        // Cached reads of this process (list totals, callers) see that something may have
        // changed.
        pool.note_write();
        result
    })
    .await
}

/// Runs `f` on the blocking thread pool.
async fn blocking<T, F>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&DbPool) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    web::block(move || f(&pool))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("blocking task failed: {e}")))?
}

fn begin(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        DbConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c),
    }
}

fn finish(conn: &mut DbConnection, commit: bool) -> diesel::QueryResult<()> {
    match (conn, commit) {
        (DbConnection::Sqlite(c), true) => AnsiTransactionManager::commit_transaction(c),
        (DbConnection::Sqlite(c), false) => AnsiTransactionManager::rollback_transaction(c),
        (DbConnection::Postgresql(c), true) => AnsiTransactionManager::commit_transaction(c),
        (DbConnection::Postgresql(c), false) => AnsiTransactionManager::rollback_transaction(c),
    }
}
