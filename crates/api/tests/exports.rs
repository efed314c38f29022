//! Exports: filtered lists to CSV and XLSX files as jobs, holding what their user may see.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{finished_job, spawn_app, TestApp};
use serde_json::{json, Value};

/// Runs an export as `token` and returns the finished job.
async fn export(app: &TestApp, token: &str, body: Value) -> Value {
    let a = app.post("/api/v1/exports", token, &body).await;
    assert_eq!(a.status, 202, "{}", a.body);
    assert_eq!(a.body["kind"], "export");
    let job = finished_job(app, token, a.body["id"].as_i64().unwrap()).await;
    assert_eq!(job["state"], "succeeded", "{job}");
    job
}

/// Creates a record at `path` as `token`; returns it.
async fn created(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let a = app.post(path, token, &body).await;
    assert_eq!(a.status, 201, "{}", a.body);
    a.body
}

/// Changes the caller's own settings.
async fn change_me(app: &TestApp, token: &str, mut change: Value) {
    let me = app.get("/api/v1/me", token).await.body;
    change["version"] = me["user"]["version"].clone();
    let a = app.patch("/api/v1/me", token, &change).await;
    assert_eq!(a.status, 200, "{}", a.body);
}

/// The bytes of a file as `token` gets them.
async fn download(app: &TestApp, token: &str, url: &str) -> (u16, Vec<u8>) {
    let res = app
        .raw(reqwest::Method::GET, url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, res.bytes().await.unwrap().to_vec())
}

/// A CSV file's heading and rows, read by the `csv` crate.
fn read_csv(bytes: &[u8], delimiter: u8) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    let heading = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (heading, rows)
}

/// The heading and rows of an export's CSV file with its defaults (`,`, a byte order mark).
async fn exported_csv(app: &TestApp, token: &str, job: &Value) -> (Vec<String>, Vec<Vec<String>>) {
    let (status, bytes) =
        download(app, token, job["result"]["download_url"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let text = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .expect("a byte order mark");
    read_csv(text, b',')
}

fn cell<'a>(heading: &[String], row: &'a [String], name: &str) -> &'a str {
    let i = heading
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name} in {heading:?}"));
    &row[i]
}

#[actix_web::test]
async fn a_contacts_export_holds_what_its_user_sees_with_every_detail() {
    let app = spawn_app().await;
    let owner = &app.owner_token;
    let (_, eve) = app.user_with_role("eve@example.com", "crm_user").await;
    let company = created(
        &app,
        owner,
        "/api/v1/contacts",
        json!({"kind": "company", "name": "ООО Ромашка", "access": "shared_read"}),
    )
    .await;
    created(&app, owner, "/api/v1/contacts", json!({
                "kind": "person", "first_name": "Иван", "last_name": "Петров",
                "company_id": company["id"], "access": "shared_read", "tags": ["VIP"],
                "details": [
                    {"kind": "email", "category": "work", "value": "ivan@romashka.ru"},
                    {"kind": "email", "category": "work", "value": "sales@romashka.ru", "is_primary": true},
                    {"kind": "email", "category": "home", "value": "ivan@example.com"},
                    {"kind": "phone", "category": "mobile", "value": "+7 921 111-22-33"},
                    {"kind": "social", "network": "telegram", "value": "@ivanp"},
                    {"kind": "address", "category": "office", "city": "Москва", "street": "Тверская, 1"}
                ]
            })).await;
    created(&app, owner, "/api/v1/contacts", json!({"kind": "person", "first_name": "=HYPERLINK(\"http://x\")", "last_name": "Hack", "access": "shared_read"})).await;
    // The owner's private contact.
    created(
        &app,
        owner,
        "/api/v1/contacts",
        json!({"kind": "person", "first_name": "Тайный", "last_name": "Клиент"}),
    )
    .await;

    let job = export(&app, &eve, json!({"kind": "contacts"})).await;
    let result = &job["result"];
    assert_eq!(result["rows"], 3, "{job}");
    assert!(result["file_name"]
        .as_str()
        .unwrap()
        .starts_with("contacts-"));
    let url = result["download_url"].as_str().unwrap();
    let (status, bytes) = download(&app, &eve, url).await;
    assert_eq!(status, 200);
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a byte order mark"
    );
    assert_eq!(result["size_bytes"], bytes.len());
    let (heading, rows) = read_csv(&bytes[3..], b',');
    assert_eq!(rows.len(), 3);
    let ivan = rows
        .iter()
        .find(|r| r.contains(&"Иван".to_owned()))
        .expect("Иван is exported");
    assert_eq!(cell(&heading, ivan, "Company"), "ООО Ромашка");
    assert_eq!(
        cell(&heading, ivan, "E-mail (work)"),
        "sales@romashka.ru\nivan@romashka.ru",
        "every e-mail of a category in one cell, the primary first"
    );
    assert_eq!(cell(&heading, ivan, "E-mail (home)"), "ivan@example.com");
    assert_eq!(cell(&heading, ivan, "Phone (mobile)"), "+7 921 111-22-33");
    assert_eq!(cell(&heading, ivan, "Social (telegram)"), "@ivanp");
    assert_eq!(cell(&heading, ivan, "Address (office): city"), "Москва");
    assert_eq!(
        cell(&heading, ivan, "Address (office): street"),
        "Тверская, 1"
    );
    assert_eq!(cell(&heading, ivan, "Tags"), "VIP");
    assert_eq!(cell(&heading, ivan, "Access"), "shared_read");
    assert!(heading.iter().any(|h| h == "Created (UTC)"), "{heading:?}");
    let hack = rows
        .iter()
        .find(|r| r.contains(&"Hack".to_owned()))
        .unwrap();
    assert_eq!(
        cell(&heading, hack, "First name"),
        "'=HYPERLINK(\"http://x\")",
        "a formula is not run by a spreadsheet"
    );
    assert!(
        !rows.iter().any(|r| r.contains(&"Тайный".to_owned())),
        "a private contact of another user is not exported"
    );

    // Only its author downloads the file, even a CRM admin does not.
    assert_eq!(download(&app, owner, url).await.0, 404);

    // A CRM admin sees all; filters and the user's language apply; `;` without a mark.
    change_me(&app, owner, json!({"locale": "ru"})).await;
    let job = export(
        &app,
        owner,
        json!({"kind": "contacts", "filter": "q=%D0%BA%D0%BB%D0%B8%D0%B5%D0%BD%D1%82&kind=person", "delimiter": "semicolon", "bom": false}),
    )
    .await;
    assert_eq!(job["result"]["rows"], 1, "{job}");
    let (_, bytes) = download(&app, owner, job["result"]["download_url"].as_str().unwrap()).await;
    assert!(!bytes.starts_with("\u{feff}".as_bytes()));
    let (heading, rows) = read_csv(&bytes, b';');
    assert_eq!(cell(&heading, &rows[0], "Имя"), "Тайный");
    assert_eq!(cell(&heading, &rows[0], "Фамилия"), "Клиент");
    let job = export(&app, owner, json!({"kind": "contacts"})).await;
    assert_eq!(job["result"]["rows"], 4, "{job}");
}

#[actix_web::test]
async fn deals_export_as_a_workbook_that_a_spreadsheet_reader_opens() {
    use calamine::{Data, Reader as _};
    let app = spawn_app().await;
    let owner = &app.owner_token;
    let client = app
        .post(
            "/api/v1/contacts",
            owner,
            &json!({"kind": "company", "name": "Acme", "access": "shared_read"}),
        )
        .await;
    for (title, amount) in [("Big order", "125000.50"), ("Small order", "990")] {
        created(&app, owner, "/api/v1/deals", json!({"title": title, "contact_id": client.body["id"], "currency": "EUR", "amount": amount, "tags": ["q4"]})).await;
    }
    let job = export(
        &app,
        owner,
        json!({"kind": "deals", "format": "xlsx", "filter": "sort=title"}),
    )
    .await;
    assert_eq!(job["result"]["rows"], 2, "{job}");
    assert!(job["result"]["file_name"]
        .as_str()
        .unwrap()
        .ends_with(".xlsx"));
    let (status, bytes) =
        download(&app, owner, job["result"]["download_url"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows.len(), 3);
    let heading: Vec<String> = rows[0].iter().map(ToString::to_string).collect();
    let col = |name: &str| heading.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[1][col("Title")], Data::String("Big order".into()));
    assert_eq!(rows[1][col("Client")], Data::String("Acme".into()));
    assert_eq!(
        rows[1][col("Amount")],
        Data::Float(125_000.5),
        "amounts are numbers"
    );
    assert_eq!(rows[1][col("Tags")], Data::String("q4".into()));
    assert_eq!(
        rows[1][col("Stage")],
        Data::String("Initial contact".into())
    );
    assert_eq!(rows[2][col("Title")], Data::String("Small order".into()));
}

#[actix_web::test]
async fn tasks_cases_and_invoices_export_in_the_users_time_zone() {
    let app = spawn_app().await;
    let owner = &app.owner_token;
    change_me(&app, owner, json!({"time_zone": "Europe/Moscow"})).await;
    let categories = app
        .get("/api/v1/settings/lists/task_categories", owner)
        .await;
    let call = &categories.body["items"][0];
    created(&app, owner, "/api/v1/tasks", json!({"title": "Call back", "category_id": call["id"], "deadline": "2026-12-10T15:00:00Z"})).await;
    let job = export(
        &app,
        owner,
        json!({"kind": "tasks", "filter": "status=all"}),
    )
    .await;
    let (heading, rows) = exported_csv(&app, owner, &job).await;
    assert_eq!(rows.len(), 1);
    assert_eq!(cell(&heading, &rows[0], "Title"), "Call back");
    assert_eq!(
        cell(&heading, &rows[0], "Deadline (Europe/Moscow)"),
        "2026-12-10 18:00"
    );
    assert_eq!(cell(&heading, &rows[0], "Closed"), "false");
    assert_eq!(
        cell(&heading, &rows[0], "Category"),
        call["title"].as_str().unwrap()
    );

    let a = app
        .post("/api/v1/cases", owner, &json!({"title": "Trade fair"}))
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let job = export(&app, owner, json!({"kind": "cases"})).await;
    let (heading, rows) = exported_csv(&app, owner, &job).await;
    assert_eq!(cell(&heading, &rows[0], "Title"), "Trade fair");

    let job = export(
        &app,
        owner,
        json!({"kind": "invoices", "filter": "status=draft"}),
    )
    .await;
    assert_eq!(job["result"]["rows"], 0, "{job}");
    let (heading, rows) = exported_csv(&app, owner, &job).await;
    assert!(rows.is_empty());
    assert!(heading.iter().any(|h| h == "Number"), "{heading:?}");
}

#[actix_web::test]
async fn exports_refuse_bad_input_naming_the_field_and_need_crm_access() {
    let app = spawn_app().await;
    let owner = &app.owner_token;
    for (body, field) in [
        (json!({"kind": "robots"}), "kind"),
        (json!({"kind": "contacts", "format": "pdf"}), "format"),
        (json!({"kind": "contacts", "delimiter": "|"}), "delimiter"),
        (
            json!({"kind": "contacts", "filter": "kind=robot"}),
            "filter.kind",
        ),
        (
            json!({"kind": "tasks", "filter": "status=maybe"}),
            "filter.status",
        ),
        (
            json!({"kind": "deals", "filter": "value_min=10"}),
            "filter.currency",
        ),
        (
            json!({"kind": "invoices", "filter": "currency=EURO"}),
            "filter.currency",
        ),
        (
            json!({"kind": "cases", "filter": "closed=perhaps"}),
            "filter.closed",
        ),
        (
            json!({"kind": "contacts", "filter": "x".repeat(4001)}),
            "filter",
        ),
    ] {
        let a = app.post("/api/v1/exports", owner, &body).await;
        assert_eq!(a.status, 422, "{body}: {}", a.body);
        assert_eq!(a.fields(), [field], "{body}: {}", a.body);
    }
    // A read-only token may export; a user without access to the CRM may not.
    let token = app.read_only_token(owner).await;
    export(&app, &token, json!({"kind": "contacts"})).await;
    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    let s = app.get("/api/v1/settings/crm", owner).await.body;
    let a = app
        .patch(
            "/api/v1/settings/crm",
            owner,
            &json!({"open_to_all": false, "version": s["version"]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    app.post("/api/v1/exports", &user, &json!({"kind": "contacts"}))
        .await
        .assert_problem(403, "crm_access_denied");
}

#[actix_web::test]
async fn a_full_export_is_a_zip_of_every_table_for_crm_admins() {
    use std::io::Read as _;
    let app = spawn_app().await;
    let owner = &app.owner_token;
    let (_, eve) = app.user_with_role("eve@example.com", "crm_user").await;
    // Eve's private contact: a CRM admin's full export holds it too.
    let c = created(
        &app,
        &eve,
        "/api/v1/contacts",
        json!({"kind": "person", "first_name": "Private", "last_name": "Person",
        "details": [
            {"kind": "phone", "category": "mobile", "value": "+7 921 111-22-33"},
            {"kind": "phone", "category": "work", "value": "+7 495 123-45-67"}
        ]}),
    )
    .await;
    let cid = c["id"].as_i64().unwrap();
    created(
        &app,
        &eve,
        &format!("/api/v1/contacts/{cid}/history"),
        json!({"content": "Met at the fair"}),
    )
    .await;
    created(
        &app,
        owner,
        "/api/v1/products",
        json!({"title": "Consulting", "price": "1500.50", "sku": "SRV-1"}),
    )
    .await;

    let categories = app
        .get("/api/v1/settings/lists/task_categories", owner)
        .await;
    let task = created(&app, owner, "/api/v1/tasks", json!({"title": "Done already", "category_id": categories.body["items"][0]["id"], "deadline": "2026-12-10T15:00:00Z"})).await;
    let a = app
        .post(
            &format!("/api/v1/tasks/{}/close", task["id"]),
            owner,
            &json!({}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    app.post("/api/v1/exports/full", &eve, &json!({}))
        .await
        .assert_problem(403, "forbidden");
    let a = app
        .post("/api/v1/exports/full", owner, &json!({"bom": false}))
        .await;
    assert_eq!(a.status, 202, "{}", a.body);
    let job = finished_job(&app, owner, a.body["id"].as_i64().unwrap()).await;
    assert_eq!(job["state"], "succeeded", "{job}");
    assert!(job["result"]["file_name"]
        .as_str()
        .unwrap()
        .ends_with(".zip"));
    let (status, bytes) =
        download(&app, owner, job["result"]["download_url"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(str::to_owned).collect();
    for name in [
        "contacts.csv",
        "contact_details.csv",
        "deals.csv",
        "cases.csv",
        "tasks.csv",
        "invoices.csv",
        "history.csv",
        "products.csv",
    ] {
        assert!(names.contains(&name.to_owned()), "{name} in {names:?}");
    }
    let mut read = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        read_csv(text.as_bytes(), b',')
    };
    let (heading, rows) = read("contacts.csv");
    assert_eq!(rows.len(), 1);
    assert_eq!(cell(&heading, &rows[0], "First name"), "Private");
    let (heading, rows) = read("contact_details.csv");
    assert_eq!(rows.len(), 2);
    assert!(rows
        .iter()
        .all(|r| cell(&heading, r, "Contact ID") == cid.to_string()));
    let (heading, rows) = read("history.csv");
    assert!(
        rows.iter()
            .any(|r| cell(&heading, r, "Content") == "Met at the fair"),
        "{rows:?}"
    );
    let (heading, rows) = read("tasks.csv");
    assert_eq!(
        cell(&heading, &rows[0], "Title"),
        "Done already",
        "closed tasks too"
    );
    assert_eq!(cell(&heading, &rows[0], "Closed"), "true");
    let (heading, rows) = read("products.csv");
    assert_eq!(cell(&heading, &rows[0], "SKU"), "SRV-1");
    assert_eq!(cell(&heading, &rows[0], "Price"), "1500.5");
}
