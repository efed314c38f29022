//! Both migration folders define the same schema, and SQLite connections get their pragmas.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use crm_persistence::connection::{describe_tables, migration_names, Backend};
use crm_persistence::{connect, DbConnection, PoolOptions};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

#[test]
fn both_backends_have_the_same_migrations() {
    let sqlite = migration_names(Backend::Sqlite);
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, migration_names(Backend::Postgres));
}

fn sqlite_tables() -> Vec<(String, Vec<String>)> {
    let dir = tempfile::tempdir().unwrap();
    let pool = connect(
        dir.path().join("t.sqlite3").to_str().unwrap(),
        &PoolOptions::default(),
    )
    .unwrap();
    describe_tables(&mut pool.get().unwrap()).unwrap()
}

#[test]
fn sqlite_schema_has_every_table_of_the_diesel_schema() {
    let tables = sqlite_tables();
    let names: Vec<&str> = tables.iter().map(|(t, _)| t.as_str()).collect();
    for t in [
        "portals",
        "users",
        "groups",
        "group_members",
        "crm_user_grants",
        "crm_group_grants",
        "refresh_tokens",
        "api_tokens",
        "login_failures",
    ] {
        assert!(names.contains(&t), "missing table {t}");
    }
    let users = &tables.iter().find(|(t, _)| t == "users").unwrap().1;
    assert!(users.contains(&"portal_id".to_owned()));
}

/// With `TEST_DATABASE_URL`, the live PostgreSQL schema equals the live SQLite schema.
#[test]
fn postgres_and_sqlite_define_the_same_tables_and_columns() {
    let Some(url) = common::fresh_postgres("schema") else {
        eprintln!("TEST_DATABASE_URL not set: the PostgreSQL half runs in CI");
        return;
    };
    let pool = connect(&url, &PoolOptions::default()).unwrap();
    let pg = describe_tables(&mut pool.get().unwrap()).unwrap();
    assert_eq!(pg, sqlite_tables());
}

#[test]
fn sqlite_connections_use_wal_foreign_keys_and_a_busy_timeout() {
    #[derive(QueryableByName)]
    struct Mode {
        #[diesel(sql_type = Text)]
        journal_mode: String,
    }
    #[derive(QueryableByName)]
    struct Keys {
        #[diesel(sql_type = BigInt)]
        foreign_keys: i64,
    }
    #[derive(QueryableByName)]
    struct Timeout {
        #[diesel(sql_type = BigInt)]
        timeout: i64,
    }
    let dir = tempfile::tempdir().unwrap();
    let pool = connect(
        dir.path().join("p.sqlite3").to_str().unwrap(),
        &PoolOptions::default(),
    )
    .unwrap();
    let mut conn = pool.get().unwrap();
    let DbConnection::Sqlite(c) = &mut **conn else {
        panic!("expected SQLite")
    };
    let mode: Mode = diesel::sql_query("PRAGMA journal_mode")
        .get_result(c)
        .unwrap();
    assert_eq!(mode.journal_mode, "wal");
    let keys: Keys = diesel::sql_query("PRAGMA foreign_keys")
        .get_result(c)
        .unwrap();
    assert_eq!(keys.foreign_keys, 1);
    let t: Timeout = diesel::sql_query("PRAGMA busy_timeout")
        .get_result(c)
        .unwrap();
    assert!(t.timeout >= 1000);
}
