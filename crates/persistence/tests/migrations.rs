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

/// Contacts with managers and tags, and tasks about a contact or about none, as the schema
/// before the record model stored them.
const BEFORE_RECORD_MODEL: &str = "
INSERT INTO portals (id, name, locale, created_at, updated_at)
    VALUES (1, 'Acme', 'en', '2026-11-01 00:00:00', '2026-11-01 00:00:00');
INSERT INTO users (id, portal_id, email, name, sort_name, search_key, password_hash, locale,
        time_zone, role, created_at, updated_at)
    VALUES (1, 1, 'a@x.example', 'A', 'a', 'a', 'x', 'en', 'UTC', 'owner', '2026-11-01 00:00:00', '2026-11-01 00:00:00'),
           (2, 1, 'b@x.example', 'B', 'b', 'b', 'x', 'en', 'UTC', 'crm_user', '2026-11-01 00:00:00', '2026-11-01 00:00:00');
INSERT INTO list_items (id, portal_id, list_kind, title, sort_title, position, created_at, updated_at)
    VALUES (1, 1, 'task_categories', 'Call', 'call', 0, '2026-11-01 00:00:00', '2026-11-01 00:00:00');
INSERT INTO contacts (id, portal_id, kind, display_name, sort_name, search_key, access, created_by,
        updated_by, created_at, updated_at, last_activity_at)
    VALUES (10, 1, 'company', 'Acme Ltd', 'acme ltd', 'acme ltd', 'private', 1, 1, '2026-11-01 00:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00'),
           (11, 1, 'person', 'Ivan Petrov', 'ivan petrov', 'ivan petrov', 'shared_read', 1, 1, '2026-11-01 00:00:00', '2026-11-01 00:00:00', '2026-11-01 00:00:00');
INSERT INTO contact_managers (portal_id, contact_id, user_id) VALUES (1, 10, 1), (1, 10, 2), (1, 11, 2);
INSERT INTO tags (id, portal_id, record_kind, name, name_key, created_at)
    VALUES (5, 1, 'contact', 'Lead', 'lead', '2026-11-01 00:00:00'),
           (6, 1, 'contact', 'VIP', 'vip', '2026-11-01 00:00:00');
INSERT INTO contact_tags (portal_id, contact_id, tag_id) VALUES (1, 10, 5), (1, 10, 6), (1, 11, 5);
INSERT INTO tasks (id, portal_id, title, sort_title, category_id, responsible_id, contact_id,
        deadline, reminder, remind_at, created_by, created_at, updated_at, version)
    VALUES (20, 1, 'Call Ivan', 'call ivan', 1, 2, 11, '2026-12-01 09:00:00', 'hour_before',
            '2026-12-01 08:00:00', 1, '2026-11-01 00:00:00', '2026-11-01 00:00:00', 3),
           (21, 1, 'Plan', 'plan', 1, 1, NULL, '2026-12-02 09:00:00', 'never', NULL, 1,
            '2026-11-01 00:00:00', '2026-11-01 00:00:00', 1);
";

/// Upgrades a database filled under the schema before the record model and checks that every
/// manager, tag and task link came over.
fn record_model_migration_keeps_links(url: &str, raw: DbConnection) {
    let mut raw = raw;
    crm_persistence::connection::run_migrations_until(
        &mut raw,
        "2026-11-27-000010_search_pending_list",
    )
    .unwrap();
    use diesel::connection::SimpleConnection;
    raw.batch_execute(BEFORE_RECORD_MODEL).unwrap();
    drop(raw);
    let pool = connect(url, &PoolOptions::default()).unwrap();
    let mut pooled = pool.get().unwrap();
    let conn: &mut DbConnection = &mut pooled;
    let record = |id| crm_domain::RecordRef::contact(id);
    let members = crm_persistence::records::members::of;
    assert_eq!(members(conn, 1, record(10)).unwrap(), vec![1, 2]);
    assert_eq!(members(conn, 1, record(11)).unwrap(), vec![2]);
    let mut tags = crm_persistence::tags::ids_on(conn, 1, record(10)).unwrap();
    tags.sort_unstable();
    assert_eq!(tags, vec![5, 6]);
    assert_eq!(
        crm_persistence::tags::ids_on(conn, 1, record(11)).unwrap(),
        vec![5]
    );
    let about = crm_persistence::tasks::find(conn, 1, 20).unwrap();
    assert_eq!(about.about(), Some(record(11)));
    assert_eq!((about.version, about.reminder.as_str()), (3, "hour_before"));
    assert!(about.remind_at.is_some());
    assert_eq!(
        crm_persistence::tasks::find(conn, 1, 21).unwrap().about(),
        None
    );
    let lead = crm_persistence::tags::find(conn, 1, 5).unwrap();
    assert_eq!(lead.usage_count, 2);
    let contact = crm_persistence::contacts::find_visible(
        conn,
        1,
        crm_domain::Viewer {
            user_id: crm_domain::UserId(2),
            is_crm_admin: false,
        },
        10,
    )
    .unwrap();
    assert_eq!(contact.manager_ids, vec![1, 2]);
    assert_eq!(contact.tags, vec!["Lead".to_owned(), "VIP".to_owned()]);
}

#[test]
fn record_model_migration_carries_links_over_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.sqlite3");
    let path = path.to_str().unwrap();
    let raw = DbConnection::Sqlite(diesel::SqliteConnection::establish(path).unwrap());
    record_model_migration_keeps_links(path, raw);
}

#[test]
fn record_model_migration_carries_links_over_on_postgres() {
    let Some(url) = common::fresh_postgres("upgrade") else {
        eprintln!("TEST_DATABASE_URL not set: the PostgreSQL half runs in CI");
        return;
    };
    let raw = DbConnection::Postgresql(diesel::PgConnection::establish(&url).unwrap());
    record_model_migration_keeps_links(&url, raw);
}
