//! A throwaway PostgreSQL database for the tests that run on both backends.

use diesel::{Connection, RunQueryDsl};

/// The URL of a new, empty database on the server of `TEST_DATABASE_URL`, named after
/// `prefix`; `None` when the variable is not set (the PostgreSQL half then runs in CI).
pub fn fresh_postgres(prefix: &str) -> Option<String> {
    let admin = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let name = format!("crm_{prefix}_{}_{nanos}", std::process::id());
    let mut conn = diesel::PgConnection::establish(&admin).unwrap();
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    Some(format!("{base}/{name}"))
}
