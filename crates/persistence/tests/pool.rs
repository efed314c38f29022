//! The pool hands out a PostgreSQL connection unchecked right after it served a caller, and
//! checks and replaces it once it failed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

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
    let Some(admin) = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("TEST_DATABASE_URL not set: the PostgreSQL test runs in CI");
        return;
    };
    let name = format!("crm_pool_{}", std::process::id());
    let mut other = diesel::PgConnection::establish(&admin).unwrap();
    diesel::sql_query(format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut other)
        .unwrap();
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut other)
        .unwrap();
    let url = format!("{}/{name}", admin.rsplit_once('/').unwrap().0);
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
