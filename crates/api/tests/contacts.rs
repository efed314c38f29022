//! Contacts: creation rules, details, access matrix, lists, duplicates, merge, bulk, deletes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{finished_job, spawn_app, TestApp, OWNER_EMAIL, PASSWORD};
use serde_json::{json, Value};

async fn create(app: &TestApp, token: &str, body: Value) -> Value {
    let a = app.post("/api/v1/contacts", token, &body).await;
    assert_eq!(a.status, 201, "{}", a.body);
    a.body
}

fn person(first: &str, last: &str) -> Value {
    json!({"kind": "person", "first_name": first, "last_name": last})
}

#[actix_web::test]
async fn persons_and_companies_are_created_with_details_tags_and_the_creator_as_manager() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let company = create(&app, t, json!({"kind": "company", "name": "ООО Ромашка", "industry": "Retail", "access": "shared_read",
        "details": [{"kind": "website", "value": "https://www.romashka.ru/"}]})).await;
    let c = create(&app, t, json!({
        "kind": "person", "first_name": "Иван", "last_name": "Петров", "job_title": "Директор",
        "company_id": company["id"], "tags": ["VIP", "vip", "Lead"], "currency": "rub",
        "details": [
            {"kind": "email", "value": "Ivan.Petrov@Romashka.ru"},
            {"kind": "phone", "category": "work", "value": "8 (912) 345-67-89"},
            {"kind": "phone", "value": "+44 20 7946 0958", "is_primary": true},
            {"kind": "social", "network": "telegram", "value": "@ivanp"},
            {"kind": "address", "category": "office", "city": "Москва", "street": "Тверская, 1", "country": "RU"}
        ]
    })).await;
    assert_eq!(c["display_name"], "Иван Петров");
    assert_eq!(c["company"]["display_name"], "ООО Ромашка");
    assert_eq!(c["manager_ids"], json!([app.owner_id]));
    assert_eq!(c["access"], "private");
    assert_eq!(c["currency"], "RUB");
    assert_eq!(c["tags"], json!(["Lead", "VIP"]));
    assert_eq!(c["created_by"], app.owner_id);
    let details = c["details"].as_array().unwrap();
    assert_eq!(details[0]["normalized"], "ivan.petrov@romashka.ru");
    // The owner's portal is English here, so a local number keeps its digits; `+` numbers become E.164.
    assert_eq!(details[1]["normalized"], "89123456789");
    assert_eq!(details[2]["normalized"], "+442079460958");
    assert_eq!(
        (
            details[1]["is_primary"].as_bool(),
            details[2]["is_primary"].as_bool()
        ),
        (Some(false), Some(true))
    );
    assert_eq!(details[4]["value"], "Тверская, 1, Москва, RU");
    let company = app
        .get(&format!("/api/v1/contacts/{}", company["id"]), t)
        .await;
    assert_eq!(company.body["people_count"], 1);
    assert_eq!(company.body["details"][0]["normalized"], "romashka.ru");
    let ru = create(
        &app,
        t,
        json!({"kind": "person", "first_name": "A", "last_name": "B", "phone_country": "RU",
        "details": [{"kind": "phone", "value": "8 (912) 345-67-00"}]}),
    )
    .await;
    assert_eq!(ru["details"][0]["normalized"], "+79123456700");
}

#[actix_web::test]
async fn invalid_contacts_name_every_bad_field() {
    let app = spawn_app().await;
    let a = app
        .post("/api/v1/contacts", &app.owner_token, &json!({"kind": "person", "first_name": "Ivan", "currency": "rubles",
            "access": "secret", "details": [{"kind": "email", "value": "nope"}, {"kind": "phone", "value": "+7 000"},
            {"kind": "fax", "value": "1"}]}))
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(
        a.fields(),
        [
            "last_name",
            "currency",
            "access",
            "details[0].value",
            "details[1].value",
            "details[2].kind"
        ]
    );
    let a = app
        .post(
            "/api/v1/contacts",
            &app.owner_token,
            &json!({"kind": "robot"}),
        )
        .await;
    assert_eq!(a.fields(), ["kind"]);
    let a = app
        .post(
            "/api/v1/contacts",
            &app.owner_token,
            &json!({"kind": "company", "name": "X", "type_id": 999999}),
        )
        .await;
    assert_eq!(a.fields(), ["type_id"]);
    let a = app.post("/api/v1/contacts", &app.owner_token, &json!({"kind": "person", "first_name": "A", "last_name": "B", "manager_ids": [424242]})).await;
    assert_eq!(a.fields(), ["manager_ids"]);
}

/// For each contact endpoint: a private contact is invisible to a non-manager (404), a shared
/// read-only one is visible but not editable (403), and nothing of another portal is reachable.
#[actix_web::test]
async fn access_matrix_for_every_contact_endpoint() {
    let app = spawn_app().await;
    let (manager_id, manager) = app.user_with_role("m@example.com", "crm_user").await;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let (_, crm_admin) = app.user_with_role("ca@example.com", "crm_admin").await;
    let private = create(
        &app,
        &manager,
        json!({"kind": "person", "first_name": "Pri", "last_name": "Vate",
        "details": [{"kind": "email", "value": "private@example.com"}]}),
    )
    .await;
    let read = create(
        &app,
        &manager,
        json!({"kind": "company", "name": "Readonly Ltd", "access": "shared_read"}),
    )
    .await;
    let write = create(
        &app,
        &manager,
        json!({"kind": "company", "name": "Open Ltd", "access": "shared_write"}),
    )
    .await;
    let (pid, rid, wid) = (
        private["id"].as_i64().unwrap(),
        read["id"].as_i64().unwrap(),
        write["id"].as_i64().unwrap(),
    );

    // Private: invisible to a non-manager everywhere.
    app.get(&format!("/api/v1/contacts/{pid}"), &other)
        .await
        .assert_problem(404, "not_found");
    app.patch(
        &format!("/api/v1/contacts/{pid}"),
        &other,
        &json!({"notes": "x", "version": 1}),
    )
    .await
    .assert_problem(404, "not_found");
    app.delete(&format!("/api/v1/contacts/{pid}"), &other)
        .await
        .assert_problem(404, "not_found");
    let list = app.get("/api/v1/contacts", &other).await;
    assert_eq!(list.body["total"], 2, "{}", list.body);
    assert_eq!(
        app.get("/api/v1/contacts?q=private", &other).await.body["total"],
        0
    );
    assert_eq!(
        app.get("/api/v1/contacts?access=private", &other)
            .await
            .body["total"],
        0
    );
    let bulk = app
        .post(
            "/api/v1/contacts/bulk",
            &other,
            &json!({"ids": [pid], "action": "add_tags", "tags": ["x"]}),
        )
        .await;
    assert_eq!(
        bulk.body["failed"],
        json!([{"id": pid, "code": "not_found"}])
    );
    app.post(
        "/api/v1/contacts/merge",
        &other,
        &json!({"target_id": wid, "source_id": pid}),
    )
    .await
    .assert_problem(404, "not_found");
    // A duplicate check does not reveal it either.
    let dup = app
        .post(
            "/api/v1/contacts",
            &other,
            &json!({"kind": "person", "first_name": "X", "last_name": "Y",
        "details": [{"kind": "email", "value": "private@example.com"}]}),
        )
        .await;
    assert_eq!(dup.status, 201, "{}", dup.body);
    // Managers and CRM admins see it.
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{pid}"), &manager)
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{pid}"), &crm_admin)
            .await
            .body["can_edit"],
        true
    );

    // Shared read-only: visible, not editable.
    let r = app.get(&format!("/api/v1/contacts/{rid}"), &other).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["can_edit"], false);
    app.patch(
        &format!("/api/v1/contacts/{rid}"),
        &other,
        &json!({"notes": "x", "version": 1}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.delete(&format!("/api/v1/contacts/{rid}"), &other)
        .await
        .assert_problem(403, "forbidden");
    let bulk = app
        .post(
            "/api/v1/contacts/bulk",
            &other,
            &json!({"ids": [rid, wid], "action": "set_access", "access": "private"}),
        )
        .await;
    // Shared read-write is editable by everyone, but only its managers change who sees it.
    assert_eq!(bulk.body["done"], json!([]));
    assert_eq!(
        bulk.body["failed"],
        json!([{"id": rid, "code": "forbidden"}, {"id": wid, "code": "forbidden"}])
    );
    let bulk = app
        .post(
            "/api/v1/contacts/bulk",
            &manager,
            &json!({"ids": [wid], "action": "set_access", "access": "private"}),
        )
        .await;
    assert_eq!(bulk.body["done"], json!([wid]), "{}", bulk.body);
    // Now private to its manager.
    app.get(&format!("/api/v1/contacts/{wid}"), &other)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{wid}"), &manager)
            .await
            .status,
        200
    );
    let _ = manager_id;

    // Another portal reaches nothing.
    let (_, foreign) = app.other_portal().await;
    for id in [pid, rid, wid] {
        app.get(&format!("/api/v1/contacts/{id}"), &foreign)
            .await
            .assert_problem(404, "not_found");
        app.delete(&format!("/api/v1/contacts/{id}"), &foreign)
            .await
            .assert_problem(404, "not_found");
    }
    assert_eq!(app.get("/api/v1/contacts", &foreign).await.body["total"], 0);
    let a = app
        .post(
            "/api/v1/contacts",
            &foreign,
            &json!({"kind": "person", "first_name": "A", "last_name": "B", "company_id": rid}),
        )
        .await;
    assert_eq!(a.fields(), ["company_id"]);
}

#[actix_web::test]
async fn duplicates_are_reported_and_can_be_overridden() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let first = create(&app, t, json!({"kind": "person", "first_name": "Anna", "last_name": "K", "access": "shared_read",
        "details": [{"kind": "email", "value": "anna@example.com"}, {"kind": "phone", "value": "+7 912 345-67-89"}]})).await;
    let body = json!({"kind": "person", "first_name": "Anna", "last_name": "Other",
        "details": [{"kind": "email", "value": "ANNA@example.com"}]});
    let a = app.post("/api/v1/contacts", t, &body).await;
    a.assert_problem(409, "possible_duplicates");
    assert_eq!(a.body["duplicates"][0]["contact"]["id"], first["id"]);
    assert_eq!(a.body["duplicates"][0]["matched_on"], "email");
    let by_phone = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Z",
        "details": [{"kind": "phone", "value": "+79123456789"}]}),
        )
        .await;
    by_phone.assert_problem(409, "possible_duplicates");
    let mut again = body.clone();
    again["allow_duplicates"] = json!(true);
    assert_eq!(app.post("/api/v1/contacts", t, &again).await.status, 201);
}

#[actix_web::test]
async fn list_filters_search_sort_and_page() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let types = app.get("/api/v1/settings/lists/contact_types", t).await;
    let client_type = types.body["items"][0]["id"].as_i64().unwrap();
    let acme = create(
        &app,
        t,
        json!({"kind": "company", "name": "Acme", "type_id": client_type, "tags": ["Partner"]}),
    )
    .await;
    for (f, l) in [
        ("Ёжик", "Туманов"),
        ("Bob", "Stone"),
        ("Carol", "Diaz"),
        ("dave", "Evans"),
    ] {
        create(&app, t, json!({"kind": "person", "first_name": f, "last_name": l, "company_id": acme["id"],
            "details": [{"kind": "phone", "value": format!("+7 912 000-{:02}-{:02}", f.len(), l.len())}]})).await;
    }
    let q = |path: &str| {
        let path = path.to_owned();
        let app = &app;
        async move { app.get(&path, t).await }
    };
    assert_eq!(q("/api/v1/contacts?kind=person").await.body["total"], 4);
    assert_eq!(
        q("/api/v1/contacts?q=%D1%91%D0%B6").await.body["items"][0]["first_name"],
        "Ёжик"
    ); // "ёж"
    assert_eq!(q("/api/v1/contacts?q=EVANS").await.body["total"], 1);
    assert_eq!(
        q("/api/v1/contacts?q=%D0%A2%D0%A3%D0%9C%D0%90%D0%9D")
            .await
            .body["total"],
        1
    ); // "ТУМАН"
    assert_eq!(q("/api/v1/contacts?q=ar%25").await.body["total"], 0);
    let nul = q("/api/v1/contacts?q=%00abc").await;
    nul.assert_problem(422, "validation_failed");
    assert_eq!(nul.fields(), ["q"]);
    assert_eq!(q("/api/v1/contacts?q=912%20000").await.body["total"], 4);
    assert_eq!(
        q(&format!("/api/v1/contacts?type_id={client_type}"))
            .await
            .body["total"],
        1
    );
    assert_eq!(
        q("/api/v1/contacts?tag=partner").await.body["items"][0]["display_name"],
        "Acme"
    );
    assert_eq!(
        q(&format!("/api/v1/contacts?company_id={}", acme["id"]))
            .await
            .body["total"],
        4
    );
    assert_eq!(
        q(&format!("/api/v1/contacts?manager_id={}", app.owner_id))
            .await
            .body["total"],
        5
    );
    assert_eq!(
        q("/api/v1/contacts?created_from=2000-01-01&created_to=2000-12-31")
            .await
            .body["total"],
        0
    );
    let names: Vec<String> = q("/api/v1/contacts?sort=-name&limit=10").await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["display_name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        names,
        [
            "Ёжик Туманов",
            "dave Evans",
            "Carol Diaz",
            "Bob Stone",
            "Acme"
        ]
    );
    let first = q("/api/v1/contacts?limit=2&sort=created_at").await;
    let second = q(&format!(
        "/api/v1/contacts?limit=2&sort=created_at&cursor={}",
        first.body["next_cursor"].as_str().unwrap()
    ))
    .await;
    assert_eq!(second.body["items"][0]["first_name"], "Bob");
    q("/api/v1/contacts?sort=password")
        .await
        .assert_problem(422, "validation_failed");
    q("/api/v1/contacts?kind=robot")
        .await
        .assert_problem(422, "validation_failed");
}

#[actix_web::test]
async fn updates_replace_lists_and_need_the_current_version() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (u2, _) = app.user_with_role("u2@example.com", "crm_user").await;
    let c = create(
        &app,
        t,
        json!({"kind": "person", "first_name": "Old", "last_name": "Name", "tags": ["a"],
        "details": [{"kind": "email", "value": "old@example.com"}]}),
    )
    .await;
    let path = format!("/api/v1/contacts/{}", c["id"]);
    app.patch(&path, t, &json!({"first_name": "New"}))
        .await
        .assert_problem(428, "precondition_required");
    let a = app
        .patch(
            &path,
            t,
            &json!({"first_name": "New", "tags": ["b"], "manager_ids": [app.owner_id, u2],
        "details": [{"kind": "email", "value": "new@example.com"}], "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["display_name"], "New Name");
    assert_eq!(a.body["tags"], json!(["b"]));
    assert_eq!(a.body["manager_ids"], json!([app.owner_id, u2]));
    assert_eq!(a.body["version"], 2);
    assert_eq!(
        app.get("/api/v1/contacts?q=new%40example", t).await.body["total"],
        1
    );
    assert_eq!(
        app.get("/api/v1/contacts?q=old%40example", t).await.body["total"],
        0
    );
    app.patch(&path, t, &json!({"notes": "late", "version": 1}))
        .await
        .assert_problem(412, "version_mismatch");
    app.patch(&path, t, &json!({"name": "Company name", "version": 2}))
        .await
        .assert_problem(422, "validation_failed");
}

#[actix_web::test]
async fn a_referenced_contact_cannot_be_deleted_and_deleting_removes_everything_else() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let company = create(&app, t, json!({"kind": "company", "name": "Parent"})).await;
    let person = create(
        &app,
        t,
        json!({"kind": "person", "first_name": "Kid", "last_name": "K", "company_id": company["id"],
        "tags": ["x"], "details": [{"kind": "email", "value": "kid@example.com"}]}),
    )
    .await;
    let cid = company["id"].as_i64().unwrap();
    // An invoice (a later capability) registers its customer; the rule already holds.
    let mut conn = app.pool.get().unwrap();
    crm_persistence::contacts::add_reference(&mut conn, app.portal_id, cid, "invoice", 1).unwrap();
    let a = app.delete(&format!("/api/v1/contacts/{cid}"), t).await;
    a.assert_problem(409, "in_use");
    let bulk = app
        .post(
            "/api/v1/contacts/bulk",
            t,
            &json!({"ids": [cid], "action": "delete"}),
        )
        .await;
    assert_eq!(bulk.body["failed"], json!([{"id": cid, "code": "in_use"}]));
    crm_persistence::contacts::remove_reference(&mut conn, app.portal_id, cid, "invoice", 1)
        .unwrap();
    assert_eq!(
        app.delete(&format!("/api/v1/contacts/{cid}"), t)
            .await
            .status,
        204
    );
    let kid = app
        .get(&format!("/api/v1/contacts/{}", person["id"]), t)
        .await;
    assert!(kid.body.get("company").is_none(), "{}", kid.body);
    assert_eq!(
        app.delete(&format!("/api/v1/contacts/{}", person["id"]), t)
            .await
            .status,
        204
    );
    // Details and tag links went with it: the tag is now unused.
    let tags = app.get("/api/v1/tags?kind=contact&q=x", t).await;
    assert_eq!(tags.body["items"][0]["usage_count"], 0);
    let dup = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "A", "last_name": "B",
        "details": [{"kind": "email", "value": "kid@example.com"}]}),
        )
        .await;
    assert_eq!(
        dup.status, 201,
        "the deleted contact's e-mail must be gone: {}",
        dup.body
    );
}

#[actix_web::test]
async fn merge_keeps_every_detail_tag_and_manager_and_dry_run_changes_nothing() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (u2, u2t) = app.user_with_role("u2@example.com", "crm_user").await;
    let target = create(&app, t, json!({"kind": "person", "first_name": "Ivan", "last_name": "P", "tags": ["a"], "access": "shared_write",
        "details": [{"kind": "email", "value": "ivan@example.com"}]})).await;
    let source = create(&app, &u2t, json!({"kind": "person", "first_name": "Ivan", "last_name": "Petrov", "tags": ["b"], "job_title": "CEO",
        "access": "shared_write", "allow_duplicates": true, "details": [{"kind": "email", "value": "IVAN@example.com"}, {"kind": "phone", "value": "+7 912 345 67 89"}]})).await;
    let body = json!({"target_id": target["id"], "source_id": source["id"], "dry_run": true});
    let dry = app.post("/api/v1/contacts/merge", t, &body).await;
    assert_eq!(dry.status, 200, "{}", dry.body);
    assert_eq!(dry.body["applied"], false);
    let merged = &dry.body["contact"];
    assert_eq!(merged["tags"], json!(["a", "b"]));
    assert_eq!(merged["job_title"], "CEO");
    assert_eq!(merged["details"].as_array().unwrap().len(), 2);
    assert_eq!(merged["manager_ids"], json!([app.owner_id, u2]));
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{}", source["id"]), t)
            .await
            .status,
        200
    );
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{}", target["id"]), t)
            .await
            .body["version"],
        1
    );

    let mut real = body.clone();
    real["dry_run"] = json!(false);
    let done = app.post("/api/v1/contacts/merge", t, &real).await;
    assert_eq!(done.body["applied"], true);
    assert_eq!(done.body["contact"]["tags"], merged["tags"]);
    app.get(&format!("/api/v1/contacts/{}", source["id"]), t)
        .await
        .assert_problem(404, "not_found");
    let mismatch = create(&app, t, json!({"kind": "company", "name": "Co"})).await;
    let a = app
        .post(
            "/api/v1/contacts/merge",
            t,
            &json!({"target_id": target["id"], "source_id": mismatch["id"]}),
        )
        .await;
    assert_eq!(a.fields(), ["source_id"]);
}

#[actix_web::test]
async fn bulk_tags_managers_and_delete() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (u2, u2t) = app.user_with_role("u2@example.com", "crm_user").await;
    let a = create(&app, t, person("A", "A")).await["id"]
        .as_i64()
        .unwrap();
    let b = create(&app, t, person("B", "B")).await["id"]
        .as_i64()
        .unwrap();
    let r = app
        .post(
            "/api/v1/contacts/bulk",
            t,
            &json!({"ids": [a, b, 999999], "action": "add_tags", "tags": ["Hot lead"]}),
        )
        .await;
    assert_eq!(r.body["done"], json!([a, b]));
    assert_eq!(
        r.body["failed"],
        json!([{"id": 999999, "code": "not_found"}])
    );
    assert_eq!(
        app.get("/api/v1/contacts?tag=hot%20lead", t).await.body["total"],
        2
    );
    // Adding tags a contact has already changes nothing, not even its version.
    let before = app.get(&format!("/api/v1/contacts/{a}"), t).await.body["version"].clone();
    let r = app
        .post(
            "/api/v1/contacts/bulk",
            t,
            &json!({"ids": [a], "action": "add_tags", "tags": ["hot lead"]}),
        )
        .await;
    assert_eq!(r.body["done"], json!([a]));
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{a}"), t).await.body["version"],
        before
    );
    // No contact may pass 50 tags; nothing is created for contacts that all fail.
    let many: Vec<String> = (0..50).map(|i| format!("t{i}")).collect();
    let r = app
        .post(
            "/api/v1/contacts/bulk",
            t,
            &json!({"ids": [b], "action": "add_tags", "tags": many}),
        )
        .await;
    assert_eq!(
        r.body["failed"],
        json!([{"id": b, "code": "too_many_tags"}])
    );
    let r = app
        .post(
            "/api/v1/contacts/bulk",
            t,
            &json!({"ids": [999998], "action": "add_tags", "tags": ["ghost"]}),
        )
        .await;
    assert_eq!(r.body["done"], json!([]));
    assert_eq!(
        app.get("/api/v1/tags?kind=contact&q=ghost", t).await.body["items"],
        json!([])
    );
    app.post(
        "/api/v1/contacts/bulk",
        t,
        &json!({"ids": [a], "action": "remove_tags", "tags": ["HOT LEAD"]}),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/contacts?tag=hot%20lead", t).await.body["total"],
        1
    );
    assert_eq!(app.get("/api/v1/contacts", &u2t).await.body["total"], 0);
    app.post(
        "/api/v1/contacts/bulk",
        t,
        &json!({"ids": [a, b], "action": "set_managers", "manager_ids": [u2]}),
    )
    .await;
    assert_eq!(app.get("/api/v1/contacts", &u2t).await.body["total"], 2);
    let r = app
        .post(
            "/api/v1/contacts/bulk",
            &u2t,
            &json!({"ids": [a, b], "action": "delete"}),
        )
        .await;
    assert_eq!(r.body["done"], json!([a, b]));
    assert_eq!(app.get("/api/v1/contacts", t).await.body["total"], 0);
    let bad = app
        .post(
            "/api/v1/contacts/bulk",
            t,
            &json!({"ids": [], "action": "explode"}),
        )
        .await;
    assert_eq!(bad.fields(), ["ids", "action"]);
}

#[actix_web::test]
async fn contacts_follow_the_crm_module_switch() {
    let app = spawn_app().await;
    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    app.patch(
        "/api/v1/settings/crm",
        &app.owner_token,
        &json!({"open_to_all": false, "version": 1}),
    )
    .await;
    app.get("/api/v1/contacts", &user)
        .await
        .assert_problem(403, "crm_access_denied");
    app.post("/api/v1/contacts", &user, &person("A", "B"))
        .await
        .assert_problem(403, "crm_access_denied");
    assert_eq!(
        app.get("/api/v1/crm", &app.owner_token).await.body["sections"],
        json!(["contacts", "tasks", "deals", "invoices", "cases", "projects"])
    );
}

/// Fetching and listing contacts load the caller together with the records: every rule on the
/// credential and on the CRM module still answers first.
#[actix_web::test]
async fn contact_reads_check_the_caller() {
    let app = spawn_app().await;
    let owner = &app.owner_token;
    let id = app
        .post("/api/v1/contacts", owner, &person("Ada", "Reader"))
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let one = format!("/api/v1/contacts/{id}");
    let paths = [
        one.as_str(),
        "/api/v1/contacts",
        "/api/v1/contacts?q=reader",
    ];

    let (user_id, user) = app.user_with_role("u@example.com", "crm_user").await;
    app.patch(
        "/api/v1/settings/crm",
        owner,
        &json!({"open_to_all": false, "version": 1}),
    )
    .await;
    let refused = |token: String, status: u16, code: &'static str| {
        let app = &app;
        async move {
            for path in paths {
                app.get(path, &token).await.assert_problem(status, code);
            }
        }
    };
    refused(user.clone(), 403, "crm_access_denied").await;
    // A refused caller learns nothing from the parameters.
    app.get("/api/v1/contacts?limit=0&sort=bogus", &user)
        .await
        .assert_problem(403, "crm_access_denied");
    refused("not-a-token".into(), 401, "invalid_token").await;

    // A read-only API token reads; its use is recorded.
    let token = app
        .post(
            "/api/v1/api-tokens",
            owner,
            &json!({"name": "Reader", "scopes": ["read"]}),
        )
        .await;
    let secret = token.body["secret"].as_str().unwrap().to_owned();
    for path in paths {
        assert_eq!(app.get(path, &secret).await.status, 200, "{path}");
    }
    let used = app.get("/api/v1/api-tokens", owner).await;
    assert!(used.body["items"][0]["last_used_at"].is_string());

    // After logout the session's access token stops at once.
    let access = app.login(OWNER_EMAIL, PASSWORD).await;
    assert_eq!(app.get(&one, &access).await.status, 200);
    assert_eq!(
        app.post("/api/v1/auth/logout", &access, &json!({}))
            .await
            .status,
        204
    );
    refused(access, 401, "invalid_token").await;

    // Deactivating a user ends their sessions.
    app.patch(
        &format!("/api/v1/users/{user_id}"),
        owner,
        &json!({"active": false, "version": 1}),
    )
    .await;
    refused(user, 401, "invalid_token").await;
}

/// Many writers at once all succeed: write transactions queue for the lock instead of failing.
#[actix_web::test]
async fn concurrent_creates_all_succeed() {
    let app = spawn_app().await;
    let mut handles = Vec::new();
    for i in 0..40 {
        let client = app.client.clone();
        let url = app.url("/api/v1/contacts");
        let token = app.owner_token.clone();
        handles.push(actix_web::rt::spawn(async move {
            let body = json!({"kind": "person", "first_name": "Con", "last_name": format!("Current {i}"),
                "details": [{"kind": "email", "value": format!("c{i}@example.com")}]});
            client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status().as_u16()
        }));
    }
    for h in handles {
        assert_eq!(h.await.unwrap(), 201);
    }
    assert_eq!(
        app.get("/api/v1/contacts?q=current", &app.owner_token)
            .await
            .body["total"],
        40
    );
}

/// Lists count up to 10,000 matches and then say "more than that"; narrower filters count
/// exactly.
#[actix_web::test]
async fn large_matches_are_counted_up_to_ten_thousand() {
    use diesel::RunQueryDsl as _;
    let app = spawn_app().await;
    let t = &app.owner_token;
    let mut conn = app.pool.get().unwrap();
    diesel::sql_query(
        "WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 10005) \
         INSERT INTO contacts (portal_id, kind, first_name, last_name, company_name, display_name, sort_name, \
           search_key, job_title, notes, industry, access, created_by, updated_by, created_at, updated_at, \
           last_activity_at, version) \
         SELECT $1, 'person', 'Bulk', 'Person' || i, '', 'Bulk Person' || i, 'bulk person' || i, \
           'bulk person' || i, '', '', '', 'shared_read', $2, $2, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, \
           CURRENT_TIMESTAMP, 1 FROM seq",
    )
    .bind::<diesel::sql_types::BigInt, _>(app.portal_id)
    .bind::<diesel::sql_types::BigInt, _>(app.owner_id)
    .execute(&mut **conn)
    .unwrap();
    drop(conn);
    let all = app.get("/api/v1/contacts?limit=1", t).await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(all.body["total"], 10_000);
    assert_eq!(all.body["total_capped"], true);
    let some = app.get("/api/v1/contacts?limit=1&q=person1000", t).await;
    assert_eq!(some.body["total"], 7, "{}", some.body);
    assert!(some.body.get("total_capped").is_none());
    // Search results page in order by each sort (SQLite sorts the matches, not the index).
    for sort in ["name", "-name", "created_at", "-last_activity"] {
        let seen = app
            .names_of_all_pages(
                &format!("/api/v1/contacts?limit=3&q=person1000&sort={sort}"),
                t,
            )
            .await;
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 7, "{sort}: {seen:?}");
        if sort == "name" {
            assert_eq!(seen, unique);
        }
    }
}

/// A person's company is named, and a company's people are counted, only as far as the
/// caller may see them: on one contact and on every row of a list.
#[actix_web::test]
async fn company_and_people_count_follow_access() {
    let app = spawn_app().await;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let t = &app.owner_token;
    let secret = create(&app, t, json!({"kind": "company", "name": "Secret Ltd"})).await;
    let open = create(
        &app,
        t,
        json!({"kind": "company", "name": "Open Ltd", "access": "shared_read"}),
    )
    .await;
    let mut in_secret = person("Shared", "Insecret");
    in_secret["company_id"] = secret["id"].clone();
    in_secret["access"] = json!("shared_read");
    let in_secret = create(&app, t, in_secret).await;
    for (first, access) in [("Seen", "shared_read"), ("Hidden", "private")] {
        let mut p = person(first, "Inopen");
        p["company_id"] = open["id"].clone();
        p["access"] = json!(access);
        create(&app, t, p).await;
    }
    let (sid, oid) = (
        in_secret["id"].as_i64().unwrap(),
        open["id"].as_i64().unwrap(),
    );

    for (token, company, people) in [
        (t.as_str(), json!("Secret Ltd"), 2),
        (&other, Value::Null, 1),
    ] {
        let p = app.get(&format!("/api/v1/contacts/{sid}"), token).await;
        assert_eq!(p.body["company"]["display_name"], company, "{}", p.body);
        if company.is_null() {
            assert!(p.body["company"].is_null(), "{}", p.body);
        }
        let c = app.get(&format!("/api/v1/contacts/{oid}"), token).await;
        assert_eq!(c.body["people_count"], people, "{}", c.body);
        let list = app.get("/api/v1/contacts?limit=50", token).await;
        let rows = list.body["items"].as_array().unwrap();
        let row = |id: i64| rows.iter().find(|r| r["id"] == id).unwrap();
        assert_eq!(
            row(sid)["company"]["display_name"],
            company,
            "{}",
            list.body
        );
        assert_eq!(row(oid)["people_count"], people, "{}", list.body);
    }
}

/// A list's total is counted again after every change, and is never shared between callers
/// who see different contacts.
#[actix_web::test]
async fn list_totals_follow_every_change_and_caller() {
    let app = spawn_app().await;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let t = &app.owner_token;
    let total = |token: String| {
        let app = &app;
        async move {
            let list = app.get("/api/v1/contacts?q=acme", &token).await;
            assert_eq!(list.status, 200, "{}", list.body);
            list.body["total"].as_i64().unwrap()
        }
    };
    let first = create(
        &app,
        t,
        json!({"kind": "company", "name": "Acme One", "access": "shared_read"}),
    )
    .await;
    assert_eq!(total(t.clone()).await, 1);
    assert_eq!(total(t.clone()).await, 1);
    let second = create(&app, t, json!({"kind": "company", "name": "Acme Two"})).await;
    assert_eq!(total(t.clone()).await, 2);
    assert_eq!(
        total(other.clone()).await,
        1,
        "a private contact is not counted for others"
    );
    let bulk = app
        .post(
            "/api/v1/contacts/bulk",
            t,
            &json!({"action": "set_access", "ids": [second["id"]], "access": "shared_read"}),
        )
        .await;
    assert!(bulk.status.is_success(), "{}", bulk.body);
    assert_eq!(total(other.clone()).await, 2);
    app.delete(&format!("/api/v1/contacts/{}", first["id"]), t)
        .await;
    assert_eq!(total(t.clone()).await, 1);
    assert_eq!(total(other.clone()).await, 1);
}

#[actix_web::test]
async fn russian_numbers_are_stored_as_e164_and_found_however_they_are_typed() {
    let app = spawn_app().await;
    // The second portal speaks Russian, so numbers without `+` are read as Russian ones.
    let (_, t) = app.other_portal().await;
    let t = &t;
    let spb = create(
        &app,
        t,
        json!({"kind": "person", "first_name": "Пётр", "last_name": "Иванов", "details": [
        {"kind": "phone", "value": "8 (812) 555-12-34"},
        {"kind": "phone", "value": "+7 812 315-12-34"},
        {"kind": "phone", "value": "8-800-555-35-35"}]}),
    )
    .await;
    let normalized: Vec<&str> = spb["details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["normalized"].as_str().unwrap())
        .collect();
    assert_eq!(normalized, ["+78125551234", "+78123151234", "+78005553535"]);
    let mobile = create(
        &app,
        t,
        json!({"kind": "person", "first_name": "Мария", "last_name": "Петрова", "details": [
        {"kind": "phone", "value": "+7 921 111-22-33"}]}),
    )
    .await;
    for typed in [
        "89211112233",
        "+7 921 111-22-33",
        "921 111",
        "8 (921) 111-22-33",
    ] {
        let found = app
            .get(
                &format!(
                    "/api/v1/contacts?{}",
                    form_urlencoded::Serializer::new(String::new())
                        .append_pair("q", typed)
                        .finish()
                ),
                t,
            )
            .await;
        assert_eq!(found.status, 200, "{}", found.body);
        let ids: Vec<i64> = found.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        assert_eq!(ids, [mobile["id"].as_i64().unwrap()], "{typed}");
    }
    let found = app.get("/api/v1/contacts?q=8%20812%20555", t).await;
    assert_eq!(found.body["items"][0]["id"], spb["id"]);
}

/// Anyone may edit a shared read-write contact, but only its managers and CRM admins change
/// who sees it: nobody else can make it private to himself and lock out its managers.
#[actix_web::test]
async fn only_managers_and_admins_change_who_sees_a_shared_contact() {
    let app = spawn_app().await;
    let (manager, m) = app.user_with_role("m@example.com", "crm_user").await;
    let (other, o) = app.user_with_role("o@example.com", "crm_user").await;
    let c = create(
        &app,
        &m,
        json!({"kind": "company", "name": "Shared Co", "access": "shared_write"}),
    )
    .await;
    let path = format!("/api/v1/contacts/{}", c["id"]);
    let a = app
        .patch(
            &path,
            &o,
            &json!({"version": 1, "industry": "Retail", "access": "shared_write",
        "manager_ids": [manager]}),
        )
        .await;
    assert_eq!(
        a.status, 200,
        "unchanged access and managers may be sent back: {}",
        a.body
    );
    for body in [
        json!({"version": 2, "access": "private"}),
        json!({"version": 2, "manager_ids": [other]}),
    ] {
        app.patch(&path, &o, &body)
            .await
            .assert_problem(403, "not_a_manager");
    }
    let a = app
        .post(
            "/api/v1/contacts/bulk",
            &o,
            &json!({"ids": [c["id"]], "action": "set_access", "access": "private"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["failed"][0]["code"], "forbidden", "{}", a.body);
    let a = app
        .patch(
            &path,
            &m,
            &json!({"version": 2, "manager_ids": [manager, other]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let a = app
        .patch(
            &path,
            &app.owner_token,
            &json!({"version": 3, "access": "shared_read"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
}

#[actix_web::test]
async fn bulk_matching_acts_on_every_contact_the_filters_match_as_a_job() {
    let app = spawn_app().await;
    let owner = &app.owner_token;
    let (_, bob) = app.user_with_role("bob@example.com", "crm_user").await;
    let (_, eve) = app.user_with_role("eve@example.com", "crm_user").await;
    for n in 0..5 {
        let mut body = person("Match", &format!("Family{n}"));
        body["access"] = json!("shared_read");
        create(&app, owner, body).await;
    }
    let mut hidden = person("Match", "Hidden");
    hidden["access"] = json!("private");
    create(&app, &bob, hidden).await;
    create(&app, owner, person("Other", "Person")).await;
    let run = |token: &str, body: Value| {
        let (token, app) = (token.to_owned(), &app);
        async move {
            let a = app
                .post("/api/v1/contacts/bulk-matching", &token, &body)
                .await;
            assert_eq!(a.status, 202, "{}", a.body);
            assert_eq!(a.body["kind"], "bulk_contacts");
            let id = a.body["id"].as_i64().unwrap();
            finished_job(app, &token, id).await
        }
    };

    // Eve matches the five she sees (not Bob's private one) and may change none of them.
    let job = run(
        &eve,
        json!({"filter": {"q": "match"}, "action": "add_tags", "tags": ["vip"]}),
    )
    .await;
    assert_eq!(job["state"], "succeeded", "{job}");
    assert_eq!(job["progress_total"], 5);
    assert_eq!(job["result"]["done"], 0);
    assert_eq!(job["result"]["failed_count"], 5);
    assert_eq!(job["result"]["failed"][0]["code"], "forbidden");

    // A CRM admin sees all six; the other person is not touched.
    let job = run(owner, json!({"filter": {"q": "match", "limit": 1, "sort": "name"}, "action": "add_tags", "tags": ["vip"]})).await;
    assert_eq!(job["result"]["done"], 6, "{job}");
    assert_eq!(
        app.get("/api/v1/contacts?tag=vip", owner).await.body["total"],
        6
    );
    assert_eq!(
        app.get("/api/v1/contacts?tag=vip", &eve).await.body["total"],
        5
    );
    let job = run(owner, json!({"filter": {"tag": "vip"}, "action": "delete"})).await;
    assert_eq!(job["result"]["done"], 6, "{job}");
    assert_eq!(app.get("/api/v1/contacts", owner).await.body["total"], 1);

    // Bad input is refused before anything is queued, naming the field.
    for (body, field) in [
        (json!({"filter": {}, "action": "explode"}), "action"),
        (json!({"filter": {}, "action": "add_tags"}), "tags"),
        (
            json!({"filter": {"kind": "robot"}, "action": "delete"}),
            "filter.kind",
        ),
    ] {
        let a = app
            .post("/api/v1/contacts/bulk-matching", owner, &body)
            .await;
        assert_eq!(a.status, 422, "{body}: {}", a.body);
        assert_eq!(a.fields(), [field], "{body}");
    }
    let token = app.read_only_token(owner).await;
    app.post(
        "/api/v1/contacts/bulk-matching",
        &token,
        &json!({"filter": {}, "action": "delete"}),
    )
    .await
    .assert_problem(403, "insufficient_scope");
    assert_eq!(app.get("/api/v1/contacts", owner).await.body["total"], 1);
}
