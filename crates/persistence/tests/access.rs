//! The access rules as SQL return exactly what the domain's rules say, for random users, roles,
//! members and access levels, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: every way a
//! record kind or a task is read goes through one of the paths checked here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use crm_domain::record::{can_view_task, Standing, TaskStanding};
use crm_domain::{Access, RecordKind, RecordRef, UserId, Viewer};
use crm_persistence::cases::{self, NewCase};
use crm_persistence::contacts::{self, NewContact};
use crm_persistence::invoices;
use crm_persistence::portals::{self, NewPortal};
use crm_persistence::projects::{self, NewProject, ProjectFilter, ProjectSort};
use crm_persistence::stored::Stored;
use crm_persistence::tasks::{self, NewTask};
use crm_persistence::{connect, records, DbConnection, DbPool, PoolOptions, StoreError};
use crm_persistence::{PageRequest, SortDirection, SortKey};
use diesel::RunQueryDsl;
use proptest::prelude::*;

/// A contact (and a case and a project of the same standing): its access level and which of
/// the users (by index) are its members.
#[derive(Debug, Clone)]
struct ContactCase {
    access: Access,
    members: Vec<bool>,
}

/// A task: its responsible user and creator (by index) and the contact it is about.
#[derive(Debug, Clone)]
struct TaskCase {
    responsible: usize,
    creator: usize,
    about: Option<usize>,
}

#[derive(Debug, Clone)]
struct Case {
    admins: Vec<bool>,
    contacts: Vec<ContactCase>,
    tasks: Vec<TaskCase>,
}

const USERS: usize = 4;

fn case() -> impl Strategy<Value = Case> {
    let access = prop_oneof![
        Just(Access::Private),
        Just(Access::SharedRead),
        Just(Access::SharedWrite)
    ];
    let contact = (access, proptest::collection::vec(any::<bool>(), USERS))
        .prop_map(|(access, members)| ContactCase { access, members });
    (
        proptest::collection::vec(any::<bool>(), USERS),
        proptest::collection::vec(contact, 0..7),
    )
        .prop_flat_map(|(admins, contacts)| {
            let n = contacts.len();
            let about = if n == 0 {
                Just(None).boxed()
            } else {
                proptest::option::of(0..n).boxed()
            };
            let task =
                (0..USERS, 0..USERS, about).prop_map(|(responsible, creator, about)| TaskCase {
                    responsible,
                    creator,
                    about,
                });
            (
                Just(admins),
                Just(contacts),
                proptest::collection::vec(task, 0..7),
            )
        })
        .prop_map(|(admins, contacts, tasks)| Case {
            admins,
            contacts,
            tasks,
        })
}

fn at() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

/// The standing of a record of `c`'s access and members for user `u`.
fn standing(c: &ContactCase, u: usize) -> Standing {
    Standing {
        access: c.access,
        is_member: c.members[u],
    }
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// Stores the case in a portal of its own and compares every path with the domain's rules.
fn check(pool: &DbPool, case: &Case) {
    let mut pooled = pool.get().unwrap();
    let conn: &mut DbConnection = &mut pooled;
    let portal = portals::create(
        conn,
        &NewPortal {
            name: "Access",
            locale: "en",
            crm_enabled: true,
            crm_open_to_all: true,
            settings_version: 1,
            created_at: at(),
            updated_at: at(),
        },
    )
    .unwrap()
    .id;
    let mut users = Vec::new();
    for (i, admin) in case.admins.iter().enumerate() {
        let role = if *admin { "crm_admin" } else { "crm_user" };
        let id = diesel::sql_query(format!(
            "INSERT INTO users (portal_id, email, name, sort_name, search_key, password_hash, \
             locale, time_zone, role, active, created_at, updated_at, version) VALUES ({portal}, \
             'u{i}@example.com', 'U', 'u', 'u', 'x', 'en', 'UTC', '{role}', TRUE, \
             '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1) RETURNING id"
        ))
        .get_result::<Id>(conn)
        .unwrap()
        .id;
        users.push(id);
    }
    let category = diesel::sql_query(format!(
        "INSERT INTO list_items (portal_id, list_kind, title, sort_title, position, created_at, \
         updated_at, version) VALUES ({portal}, 'task_categories', 'Call', 'call', 0, \
         '2026-01-01 00:00:00', '2026-01-01 00:00:00', 1) RETURNING id"
    ))
    .get_result::<Id>(conn)
    .unwrap()
    .id;
    let (mut contact_ids, mut case_ids, mut project_ids) = (Vec::new(), Vec::new(), Vec::new());
    for (i, c) in case.contacts.iter().enumerate() {
        let members: Vec<i64> = users
            .iter()
            .zip(&c.members)
            .filter(|(_, m)| **m)
            .map(|(u, _)| *u)
            .collect();
        let new = NewContact {
            portal_id: portal,
            kind: "company".into(),
            first_name: String::new(),
            last_name: String::new(),
            company_name: format!("C{i}"),
            display_name: format!("C{i}"),
            job_title: String::new(),
            notes: String::new(),
            industry: String::new(),
            company_id: None,
            type_id: None,
            temperature_id: None,
            currency: None,
            access: c.access.as_str().into(),
            created_by: users[0],
            now: at(),
        };
        contact_ids.push(contacts::create(conn, &new, &members, &[], &[]).unwrap());
        let case_row = NewCase {
            portal_id: portal,
            title: format!("E{i}"),
            sort_title: format!("e{i}"),
            closed: false,
            closed_at: None,
            access: Stored(c.access),
            created_by: users[0],
            updated_by: users[0],
            created_at: at(),
            updated_at: at(),
            last_activity_at: at(),
            version: 1,
        };
        case_ids.push(
            cases::create(conn, &case_row, &[], &members)
                .unwrap()
                .case
                .id,
        );
        let project_row = NewProject {
            portal_id: portal,
            title: format!("P{i}"),
            sort_title: format!("p{i}"),
            description: String::new(),
            status: Stored(crm_domain::project::ProjectStatus::Open),
            deadline: None,
            deal_id: None,
            manager_id: users[0],
            access: Stored(c.access),
            created_by: users[0],
            updated_by: users[0],
            created_at: at(),
            updated_at: at(),
            last_activity_at: at(),
            version: 1,
        };
        let project = projects::create(conn, &project_row, &[], &members).unwrap();
        project_ids.push(project.project.id);
    }
    let mut task_ids = Vec::new();
    for (i, t) in case.tasks.iter().enumerate() {
        let about = t.about.map(|c| RecordRef::contact(contact_ids[c]));
        let (about_kind, about_id) = tasks::about_columns(about);
        let new = NewTask {
            portal_id: portal,
            title: format!("T{i}"),
            sort_title: format!("t{i}"),
            description: String::new(),
            category_id: category,
            responsible_id: users[t.responsible],
            deadline: at(),
            reminder: "never".into(),
            remind_at: None,
            created_by: users[t.creator],
            created_at: at(),
            updated_at: at(),
            version: 1,
            about_kind,
            about_id,
        };
        task_ids.push(tasks::create(conn, &new).unwrap().id);
    }
    // An invoice for the client of each task about a contact, made by the task's creator.
    let mut invoice_ids = Vec::new();
    for (i, t) in case.tasks.iter().enumerate() {
        let Some(c) = t.about else { continue };
        let fields = invoices::InvoiceFields {
            number: format!("N{i}"),
            issue_date: at().date(),
            due_date: at().date(),
            client_id: contact_ids[c],
            billing_address: String::new(),
            consignee_id: None,
            delivery_address: String::new(),
            deal_id: None,
            language: "en".into(),
            currency: "EUR".into(),
            exchange_rate: None,
            base_currency: "EUR".into(),
            purchase_order: String::new(),
            terms: String::new(),
            notes: String::new(),
            subtotal: 0,
            discount: 0,
            tax: 0,
            total: 0,
        };
        let id = invoices::insert(conn, portal, &fields, &[], users[t.creator], at()).unwrap();
        invoice_ids.push((id, t.creator, c));
    }

    for (u, admin) in case.admins.iter().enumerate() {
        let viewer = Viewer {
            user_id: UserId(users[u]),
            is_crm_admin: *admin,
        };
        let sees = |c: &ContactCase| {
            RecordKind::Contact.rule().can_view(
                viewer,
                Standing {
                    access: c.access,
                    is_member: c.members[u],
                },
            )
        };
        let expected: Vec<i64> = contact_ids
            .iter()
            .zip(&case.contacts)
            .filter(|(_, c)| sees(c))
            .map(|(id, _)| *id)
            .collect();

        let mut by_filter =
            records::visible_ids(conn, portal, viewer, RecordKind::Contact, &contact_ids).unwrap();
        by_filter.sort_unstable();
        assert_eq!(by_filter, expected, "the diesel filter, user {u}: {case:?}");

        let loaded: Vec<i64> = contacts::load(conn, portal, viewer, &contact_ids)
            .unwrap()
            .into_iter()
            .map(|r| r.contact.id)
            .collect();
        assert_eq!(
            loaded, expected,
            "the one-statement loader, user {u}: {case:?}"
        );

        for (id, c) in contact_ids.iter().zip(&case.contacts) {
            let found = contacts::find_visible(conn, portal, viewer, *id);
            assert_eq!(
                found.is_ok(),
                sees(c),
                "a contact fetch, user {u}: {case:?}"
            );
        }

        for (kind, ids) in [
            (RecordKind::Case, &case_ids),
            (RecordKind::Project, &project_ids),
        ] {
            let mut seen = records::visible_ids(conn, portal, viewer, kind, ids).unwrap();
            seen.sort_unstable();
            let want: Vec<i64> = ids
                .iter()
                .zip(&case.contacts)
                .filter(|(_, c)| kind.rule().can_view(viewer, standing(c, u)))
                .map(|(id, _)| *id)
                .collect();
            assert_eq!(seen, want, "{kind:?} by the filter, user {u}: {case:?}");
        }
        for ((case_id, project_id), c) in case_ids.iter().zip(&project_ids).zip(&case.contacts) {
            let want = RecordKind::Case.rule().can_view(viewer, standing(c, u));
            let found = cases::find_visible(conn, portal, viewer, *case_id);
            assert_eq!(found.is_ok(), want, "a case fetch, user {u}: {case:?}");
            let want = RecordKind::Project.rule().can_view(viewer, standing(c, u));
            let found = projects::find_visible(conn, portal, viewer, *project_id);
            assert_eq!(found.is_ok(), want, "a project fetch, user {u}: {case:?}");
        }
        let page = PageRequest {
            sort: SortKey {
                field: ProjectSort::Title,
                direction: SortDirection::Asc,
            },
            after: None,
            limit: 50,
        };
        let listed =
            projects::list(conn, portal, viewer, &ProjectFilter::default(), &page).unwrap();
        let want = case
            .contacts
            .iter()
            .filter(|c| RecordKind::Project.rule().can_view(viewer, standing(c, u)))
            .count();
        assert_eq!(
            listed.total, want as i64,
            "the projects list, user {u}: {case:?}"
        );

        let mut want_invoices = Vec::new();
        for (id, creator, client) in &invoice_ids {
            let s = Standing::through_client(*creator == u, sees(&case.contacts[*client]));
            let want = RecordKind::Invoice.rule().can_view(viewer, s);
            let found = invoices::find_visible(conn, portal, viewer, *id);
            assert_eq!(found.is_ok(), want, "an invoice fetch, user {u}: {case:?}");
            if want {
                want_invoices.push(*id);
            }
        }
        let ids: Vec<i64> = invoice_ids.iter().map(|(id, _, _)| *id).collect();
        let mut seen =
            records::visible_ids(conn, portal, viewer, RecordKind::Invoice, &ids).unwrap();
        seen.sort_unstable();
        assert_eq!(
            seen, want_invoices,
            "invoices by the filter, user {u}: {case:?}"
        );

        for (id, t) in task_ids.iter().zip(&case.tasks) {
            let standing = TaskStanding {
                is_responsible: t.responsible == u,
                is_creator: t.creator == u,
                about_visible: t.about.map(|c| sees(&case.contacts[c])),
            };
            let found = tasks::find_visible(conn, portal, viewer, *id);
            match found {
                Ok(_) => assert!(can_view_task(viewer, standing), "task {t:?}, user {u}"),
                Err(StoreError::NotFound) => {
                    assert!(!can_view_task(viewer, standing), "task {t:?}, user {u}")
                }
                Err(e) => panic!("{e:?}"),
            }
        }
    }
}

fn run_cases(url: &str) {
    let pool = connect(url, &PoolOptions::default()).unwrap();
    let config = ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    };
    proptest!(config, |(case in case())| check(&pool, &case));
}

#[test]
fn sqlite_shows_what_the_domain_rules_allow() {
    let dir = tempfile::tempdir().unwrap();
    run_cases(dir.path().join("access.sqlite3").to_str().unwrap());
}

#[test]
fn postgres_shows_what_the_domain_rules_allow() {
    let Some(url) = common::fresh_postgres("access") else {
        eprintln!("TEST_DATABASE_URL not set: the PostgreSQL half runs in CI");
        return;
    };
    run_cases(&url);
}
