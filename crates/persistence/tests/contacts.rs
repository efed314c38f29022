//! Contacts in storage, on SQLite and on PostgreSQL: text search through the rarest trigrams
//! finds exactly what a search through all of them finds; a contact keeps any number of
//! details, and only active users as managers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use crm_persistence::contacts::{
    self, ContactFilter, ContactSort, NewContact, NewDetail, TrigramCounts,
};
use crm_persistence::portals::{self, NewPortal};
use crm_persistence::Viewer;
use crm_persistence::{
    connect, DbConnection, PageRequest, PoolOptions, SortDirection, SortKey, StoreError,
};
use diesel::RunQueryDsl;

fn person(portal_id: i64, user_id: i64, first: &str, last: &str) -> NewContact {
    NewContact {
        portal_id,
        kind: "person".into(),
        first_name: first.into(),
        last_name: last.into(),
        company_name: String::new(),
        display_name: format!("{first} {last}"),
        job_title: String::new(),
        notes: String::new(),
        industry: String::new(),
        company_id: None,
        type_id: None,
        temperature_id: None,
        currency: None,
        access: "private".into(),
        created_by: user_id,
        now: NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap(),
    }
}

fn phone(number: &str) -> NewDetail {
    let row = contacts::DetailRow {
        id: 0,
        portal_id: 0,
        contact_id: 0,
        kind: "phone".into(),
        category: "work".into(),
        value: number.into(),
        normalized: number.into(),
        network: None,
        is_primary: true,
        position: 0,
        street: None,
        city: None,
        region: None,
        postcode: None,
        country: None,
    };
    NewDetail::from(&row)
}

fn ids(conn: &mut DbConnection, portal_id: i64, text: &str, grams: Vec<String>) -> Vec<i64> {
    let filter = ContactFilter {
        text: Some(text.to_owned()),
        text_trigrams: grams,
        ..ContactFilter::default()
    };
    let page = PageRequest {
        sort: SortKey {
            field: ContactSort::Name,
            direction: SortDirection::Asc,
        },
        after: None,
        limit: 100,
    };
    let viewer = Viewer {
        user_id: crm_domain::UserId(1),
        is_crm_admin: true,
    };
    let found = contacts::list(conn, portal_id, viewer, &filter, &page, None).unwrap();
    assert_eq!(found.total, i64::try_from(found.rows.len()).unwrap());
    found.rows.iter().map(|r| r.contact.id).collect()
}

/// A SQLite file in `dir`, or a fresh database on the server of `TEST_DATABASE_URL`.
fn database_url(dir: &tempfile::TempDir) -> String {
    common::fresh_postgres("contacts")
        .unwrap_or_else(|| dir.path().join("t.sqlite3").to_string_lossy().into_owned())
}

/// A connection to a new database (and the directory of its SQLite file, kept while in use).
fn open() -> (
    tempfile::TempDir,
    impl std::ops::DerefMut<Target = crm_persistence::PooledConn>,
) {
    let dir = tempfile::tempdir().unwrap();
    let pool = connect(&database_url(&dir), &PoolOptions::default()).unwrap();
    let conn = pool.get().unwrap();
    (dir, conn)
}

/// A new portal with its owner: their ids.
fn portal_with_owner(conn: &mut DbConnection) -> (i64, i64) {
    let now = NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let portal = portals::create(
        conn,
        &NewPortal {
            name: "Search",
            locale: "ru",
            crm_enabled: true,
            crm_open_to_all: true,
            settings_version: 1,
            created_at: now,
            updated_at: now,
        },
    )
    .unwrap();
    diesel::sql_query(format!(
        "INSERT INTO users (portal_id, email, name, sort_name, search_key, password_hash, locale, \
         time_zone, role, active, created_at, updated_at, version) VALUES ({}, 'o@example.com', \
         'O', 'o', 'o', 'x', 'ru', 'UTC', 'owner', TRUE, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1)",
        portal.id
    ))
    .execute(conn)
    .unwrap();
    let user_id = diesel::sql_query("SELECT MAX(id) AS id FROM users")
        .get_result::<Id>(conn)
        .unwrap()
        .id;
    (portal.id, user_id)
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

#[test]
fn rarest_trigrams_find_what_all_trigrams_find() {
    let (_dir, mut pooled) = open();
    let conn: &mut crm_persistence::DbConnection = &mut pooled;
    let (portal_id, user_id) = portal_with_owner(conn);
    // Most contacts share "lastname" and the phone prefix; few share the rest.
    for i in 0..300 {
        let first = ["Анна", "Boris", "Ёжик", "Dave"][i % 4];
        let last = format!("Lastname{i:04}");
        let number = format!("+7912{i:07}");
        let new = person(portal_id, user_id, first, &last);
        contacts::create(conn, &new, &[user_id], &[], &[phone(&number)]).unwrap();
    }
    // PostgreSQL sizes its sample by the table's statistics.
    diesel::sql_query("ANALYZE").execute(conn).unwrap();
    let counts = TrigramCounts::load(conn).unwrap();
    // The rarest come first: a trigram every contact has is left out.
    let grams = counts.rarest("lastname0123", 3);
    assert!((1..=3).contains(&grams.len()), "{grams:?}");
    assert!(!grams.contains(&"las".to_owned()), "{grams:?}");
    assert!(counts.rarest("ab", 3).is_empty(), "too short for the index");
    assert!(
        counts.rarest("a%bc", 3).is_empty(),
        "wildcards are matched by a scan"
    );
    assert!(TrigramCounts::default().rarest("lastname", 3).is_empty());

    for text in [
        "lastname0123",
        "lastname01",
        "stname02",
        "ёжик lastname0",
        "анна",
        "нна lastname01",
        "9120000123",
        "0000012",
        "borisx",
        "ame00",
        "\"quoted\"",
    ] {
        let all = ids(conn, portal_id, text, Vec::new());
        let rare = ids(conn, portal_id, text, counts.rarest(text, 3));
        assert_eq!(rare, all, "{text}");
        let one = ids(conn, portal_id, text, counts.rarest(text, 1));
        assert_eq!(one, all, "{text}");
    }
    assert_eq!(
        ids(
            conn,
            portal_id,
            "lastname0123",
            counts.rarest("lastname0123", 3)
        )
        .len(),
        1
    );
    assert_eq!(
        ids(
            conn,
            portal_id,
            "lastname01",
            counts.rarest("lastname01", 3)
        )
        .len(),
        100
    );
    assert_eq!(
        ids(conn, portal_id, "анна", counts.rarest("анна", 3)).len(),
        75
    );
}

#[test]
fn a_contact_keeps_every_detail_and_only_active_managers() {
    let (_dir, mut pooled) = open();
    let conn: &mut crm_persistence::DbConnection = &mut pooled;
    let (portal_id, user_id) = portal_with_owner(conn);
    // Merges add details up without a cap: more than one insert statement may bind (32,766
    // values on SQLite, 65,535 on PostgreSQL, at 14 a detail).
    let details: Vec<NewDetail> = (0..5_000).map(|i| phone(&format!("+7913{i:07}"))).collect();
    let new = person(portal_id, user_id, "Many", "Details");
    let id = contacts::create(conn, &new, &[user_id], &[], &details).unwrap();
    let viewer = Viewer {
        user_id: crm_domain::UserId(user_id),
        is_crm_admin: false,
    };
    let record = contacts::find_visible(conn, portal_id, viewer, id).unwrap();
    assert_eq!(record.details.len(), 5_000);
    assert_eq!(record.details[4_999].value, "+79130004999");
    assert_eq!(record.manager_ids, vec![user_id]);

    let unknown = contacts::create(conn, &new, &[user_id, user_id + 1], &[], &[]);
    assert!(
        matches!(unknown, Err(StoreError::MissingReference(ref f)) if f == "manager_ids"),
        "{unknown:?}"
    );
    diesel::sql_query("UPDATE users SET active = FALSE")
        .execute(conn)
        .unwrap();
    let inactive = contacts::create(conn, &new, &[user_id], &[], &[]);
    assert!(
        matches!(inactive, Err(StoreError::MissingReference(_))),
        "{inactive:?}"
    );
}
