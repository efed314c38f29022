//! The pool hands out a PostgreSQL connection unchecked right after it served a caller, and
//! checks and replaces it once it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use crm_persistence::{connect, DbConnection, PoolOptions};
use diesel::prelude::*;
use diesel::sql_types::Integer;

#[derive(QueryableByName)]
struct Pid {
    #[diesel(sql_type = Integer)]
    pid: i32,
}

fn backend_pid(conn: &mut DbConnection) -> QueryResult<i32> {
    diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result::<Pid>(conn)
        .map(|p| p.pid)
}

#[test]
fn a_broken_postgres_connection_fails_once_then_is_replaced() {
    let Some(url) = common::fresh_postgres("pool") else {
        eprintln!("TEST_DATABASE_URL not set: the PostgreSQL test runs in CI");
        return;
    };
    let mut other = diesel::PgConnection::establish(&url).unwrap();
    let pool = connect(
        &url,
        &PoolOptions {
            max_size: 1,
            ..PoolOptions::default()
        },
    )
    .unwrap();
    let mut conn = pool.get().unwrap();
    let first = backend_pid(&mut conn).unwrap();
    conn.proven();
    drop(conn);

    diesel::sql_query(format!("SELECT pg_terminate_backend({first}, 5000) AS pid"))
        .execute(&mut other)
        .unwrap();

    // Proven a moment ago, the connection comes unchecked, and fails.
    let mut conn = pool.get().unwrap();
    assert!(backend_pid(&mut conn).is_err());
    drop(conn);
    // Not proven since, it is checked, found broken and replaced.
    let mut conn = pool.get().unwrap();
    let second = backend_pid(&mut conn).unwrap();
    assert_ne!(first, second);
}
