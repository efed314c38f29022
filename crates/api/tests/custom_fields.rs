//! Custom fields: definitions, typed values on contacts, filters, frozen types, options.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::spawn_app;
use serde_json::{json, Value};

fn value_of(contact: &Value, field: i64) -> Value {
    contact["custom_fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["field_id"] == field)
        .map_or(Value::Null, |v| v["value"].clone())
}

#[actix_web::test]
async fn typed_values_are_validated_stored_filtered_and_cleared() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let mk = |body: Value| {
        let app = &app;
        async move {
            let a = app.post("/api/v1/settings/custom-fields", t, &body).await;
            assert_eq!(a.status, 201, "{}", a.body);
            a.body
        }
    };
    let size =
        mk(json!({"record_kind": "company", "label": "Employees", "field_type": "number"})).await;
    let segment = mk(json!({"record_kind": "company", "label": "Segment", "field_type": "select", "options": ["SMB", "Enterprise"]})).await;
    let vip = mk(json!({"record_kind": "company", "label": "VIP", "field_type": "checkbox"})).await;
    let since =
        mk(json!({"record_kind": "company", "label": "Client since", "field_type": "date"})).await;
    let note = mk(json!({"record_kind": "company", "label": "Remark", "field_type": "text"})).await;
    let hobby = mk(json!({"record_kind": "person", "label": "Hobby", "field_type": "text"})).await;
    let ids: Vec<i64> = [&size, &segment, &vip, &since, &note]
        .iter()
        .map(|f| f["id"].as_i64().unwrap())
        .collect();
    let enterprise = segment["options"][1]["id"].as_i64().unwrap();
    let c = app.post("/api/v1/contacts", t, &json!({"kind": "company", "name": "Big Co", "custom_fields": [
        {"field_id": ids[0], "value": "1200.5"}, {"field_id": ids[1], "value": enterprise}, {"field_id": ids[2], "value": true},
        {"field_id": ids[3], "value": "2020-05-17"}, {"field_id": ids[4], "value": "Пишет по-русски"}
    ]})).await;
    assert_eq!(c.status, 201, "{}", c.body);
    assert_eq!(value_of(&c.body, ids[0]), json!("1200.5"));
    assert_eq!(value_of(&c.body, ids[1]), json!(enterprise));
    assert_eq!(value_of(&c.body, ids[2]), json!(true));
    assert_eq!(value_of(&c.body, ids[3]), json!("2020-05-17"));
    app.post("/api/v1/contacts", t, &json!({"kind": "company", "name": "Small Co", "custom_fields": [{"field_id": ids[0], "value": 5}]})).await;

    let bad = app.post("/api/v1/contacts", t, &json!({"kind": "company", "name": "Bad", "custom_fields": [
        {"field_id": ids[0], "value": "lots"}, {"field_id": ids[1], "value": 99}, {"field_id": ids[2], "value": "yes"},
        {"field_id": ids[3], "value": "2020-13-01"}, {"field_id": hobby["id"], "value": "chess"}, {"field_id": 424242, "value": 1}
    ]})).await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(
        bad.fields(),
        [
            "custom_fields[0].value",
            "custom_fields[1].value",
            "custom_fields[2].value",
            "custom_fields[3].value",
            "custom_fields[4].field_id",
            "custom_fields[5].field_id"
        ]
    );

    let q = |path: String| {
        let app = &app;
        async move { app.get(&path, t).await.body["total"].clone() }
    };
    assert_eq!(
        q(format!(
            "/api/v1/contacts?custom_field={}&custom_value=1200.50",
            ids[0]
        ))
        .await,
        1
    );
    assert_eq!(
        q(format!(
            "/api/v1/contacts?custom_field={}&custom_value={enterprise}",
            ids[1]
        ))
        .await,
        1
    );
    assert_eq!(
        q(format!(
            "/api/v1/contacts?custom_field={}&custom_value=true",
            ids[2]
        ))
        .await,
        1
    );
    assert_eq!(
        q(format!(
            "/api/v1/contacts?custom_field={}&custom_value=2020-05-17",
            ids[3]
        ))
        .await,
        1
    );
    assert_eq!(
        q(format!(
            "/api/v1/contacts?custom_field={}&custom_value=%D0%A0%D0%A3%D0%A1",
            ids[4]
        ))
        .await,
        1
    ); // "РУС"
    app.get(&format!("/api/v1/contacts?custom_field={}", ids[0]), t)
        .await
        .assert_problem(422, "validation_failed");

    // Update sets only the fields sent; null clears.
    let id = c.body["id"].as_i64().unwrap();
    let u = app.patch(&format!("/api/v1/contacts/{id}"), t, &json!({"custom_fields": [{"field_id": ids[2], "value": null}, {"field_id": ids[0], "value": 7}], "version": 1})).await;
    assert_eq!(u.status, 200, "{}", u.body);
    assert_eq!(value_of(&u.body, ids[2]), Value::Null);
    assert_eq!(value_of(&u.body, ids[0]), json!("7"));
    assert_eq!(value_of(&u.body, ids[1]), json!(enterprise));
}

#[actix_web::test]
async fn types_freeze_once_used_and_options_keep_their_values() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let f = app.post("/api/v1/settings/custom-fields", t, &json!({"record_kind": "person", "label": "Size", "field_type": "select", "options": ["S", "M"]})).await.body;
    let fid = f["id"].as_i64().unwrap();
    let (s, m) = (
        f["options"][0]["id"].as_i64().unwrap(),
        f["options"][1]["id"].as_i64().unwrap(),
    );
    let c = app.post("/api/v1/contacts", t, &json!({"kind": "person", "first_name": "A", "last_name": "B", "custom_fields": [{"field_id": fid, "value": m}]})).await;
    let path = format!("/api/v1/settings/custom-fields/{fid}");
    app.patch(&path, t, &json!({"field_type": "text", "version": 1}))
        .await
        .assert_problem(409, "type_frozen");
    // Renaming and adding options keeps values; removing a used one is refused.
    let r = app.patch(&path, t, &json!({"options": [{"id": s, "label": "Small"}, {"id": m, "label": "Medium"}, {"label": "Large"}], "version": 1})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["options"][2]["id"], m + 1);
    assert_eq!(r.body["value_count"], 1);
    app.patch(
        &path,
        t,
        &json!({"options": [{"id": s, "label": "Small"}], "version": 2}),
    )
    .await
    .assert_problem(409, "in_use");
    let got = app
        .get(&format!("/api/v1/contacts/{}", c.body["id"]), t)
        .await;
    assert_eq!(value_of(&got.body, fid), json!(m));
    // Admins only; everyone reads; the other portal sees nothing.
    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    app.post(
        "/api/v1/settings/custom-fields",
        &user,
        &json!({"record_kind": "person", "label": "X", "field_type": "text"}),
    )
    .await
    .assert_problem(403, "forbidden");
    assert_eq!(
        app.get("/api/v1/settings/custom-fields?record_kind=person", &user)
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (_, foreign) = app.other_portal().await;
    assert_eq!(
        app.get(
            "/api/v1/settings/custom-fields?record_kind=person",
            &foreign
        )
        .await
        .body["items"],
        json!([])
    );
    app.patch(&path, &foreign, &json!({"label": "x", "version": 2}))
        .await
        .assert_problem(404, "not_found");
    // Deleting the field deletes its values.
    assert_eq!(app.delete(&path, t).await.status, 204);
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{}", c.body["id"]), t)
            .await
            .body["custom_fields"],
        json!([])
    );
    let bad = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "robot", "label": "", "field_type": "select"}),
        )
        .await;
    assert_eq!(bad.fields(), ["record_kind"]);
    let bad = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "person", "label": "", "field_type": "select"}),
        )
        .await;
    assert_eq!(bad.fields(), ["label", "options"]);
}

#[actix_web::test]
async fn contacts_sort_by_type_and_by_each_kind_of_custom_value_with_paging() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let field = |body: Value| {
        let app = &app;
        async move {
            let a = app.post("/api/v1/settings/custom-fields", t, &body).await;
            assert_eq!(a.status, 201, "{}", a.body);
            a.body
        }
    };
    let staff =
        field(json!({"record_kind": "company", "label": "Staff", "field_type": "number"})).await;
    let tier = field(json!({"record_kind": "company", "label": "Tier", "field_type": "select", "options": ["Gold", "Bronze"]})).await;
    let vip =
        field(json!({"record_kind": "company", "label": "VIP", "field_type": "checkbox"})).await;
    let since =
        field(json!({"record_kind": "company", "label": "Since", "field_type": "date"})).await;
    let motto =
        field(json!({"record_kind": "company", "label": "Motto", "field_type": "text"})).await;
    let heading =
        field(json!({"record_kind": "company", "label": "More", "field_type": "heading"})).await;
    let types = app
        .get("/api/v1/settings/lists/contact_types", t)
        .await
        .body["items"]
        .clone();
    let (gold, bronze) = (
        tier["options"][0]["id"].clone(),
        tier["options"][1]["id"].clone(),
    );
    let id = |f: &Value| f["id"].as_i64().unwrap();
    for (name, type_id, values) in [
        (
            "Alpha",
            types[2]["id"].clone(),
            json!([
            {"field_id": id(&staff), "value": "12.5"}, {"field_id": id(&tier), "value": bronze},
            {"field_id": id(&vip), "value": true}, {"field_id": id(&since), "value": "2021-01-01"},
            {"field_id": id(&motto), "value": "zeal"}]),
        ),
        (
            "Beta",
            types[0]["id"].clone(),
            json!([
            {"field_id": id(&staff), "value": "-3"}, {"field_id": id(&tier), "value": gold},
            {"field_id": id(&vip), "value": false}, {"field_id": id(&since), "value": "2019-06-30"},
            {"field_id": id(&motto), "value": "Ambition"}]),
        ),
        ("Gamma", Value::Null, json!([])),
        (
            "Delta",
            types[1]["id"].clone(),
            json!([
            {"field_id": id(&staff), "value": "400"}, {"field_id": id(&motto), "value": "mastery"}]),
        ),
    ] {
        let a = app
            .post("/api/v1/contacts", t, &json!({"kind": "company", "name": name, "type_id": type_id, "custom_fields": values}))
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
    }
    let names = |sort: String| {
        let app = &app;
        async move {
            app.names_of_all_pages(&format!("/api/v1/contacts?limit=1&sort={sort}"), t)
                .await
        }
    };
    // Without a value first, then by value; paging one by one keeps the order.
    assert_eq!(
        names("type".into()).await,
        ["Gamma", "Beta", "Delta", "Alpha"]
    );
    assert_eq!(
        names("-type".into()).await,
        ["Alpha", "Delta", "Beta", "Gamma"]
    );
    assert_eq!(
        names(format!("custom:{}", id(&staff))).await,
        ["Gamma", "Beta", "Alpha", "Delta"]
    );
    assert_eq!(
        names(format!("-custom:{}", id(&staff))).await,
        ["Delta", "Alpha", "Beta", "Gamma"]
    );
    assert_eq!(
        names(format!("custom:{}", id(&tier))).await,
        ["Gamma", "Delta", "Beta", "Alpha"]
    );
    assert_eq!(
        names(format!("custom:{}", id(&vip))).await,
        ["Gamma", "Delta", "Beta", "Alpha"]
    );
    assert_eq!(
        names(format!("custom:{}", id(&since))).await,
        ["Gamma", "Delta", "Beta", "Alpha"]
    );
    assert_eq!(
        names(format!("custom:{}", id(&motto))).await,
        ["Gamma", "Beta", "Delta", "Alpha"]
    );

    let a = app
        .get(&format!("/api/v1/contacts?sort=custom:{}", id(&heading)), t)
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["sort"]);
    for bad in ["custom:x", "custom:424242", "colour"] {
        let a = app.get(&format!("/api/v1/contacts?sort={bad}"), t).await;
        assert_eq!(a.fields(), ["sort"], "{bad}");
    }
    // A cursor of one sort does not serve another.
    let first = app.get("/api/v1/contacts?limit=1&sort=type", t).await;
    let cursor = first.body["next_cursor"].as_str().unwrap();
    let a = app
        .get(
            &format!(
                "/api/v1/contacts?limit=1&sort=custom:{}&cursor={cursor}",
                id(&staff)
            ),
            t,
        )
        .await;
    assert_eq!(a.fields(), ["cursor"]);
}

#[actix_web::test]
async fn field_errors_come_before_the_duplicate_warning() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let f = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "person", "label": "Age", "field_type": "number"}),
        )
        .await
        .body;
    let email = json!([{"kind": "email", "value": "twin@example.com"}]);
    let first = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "Anna", "last_name": "One", "details": email}),
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    let bad = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "Anna", "last_name": "Two", "details": email,
                "custom_fields": [{"field_id": f["id"], "value": "many"}]}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(bad.fields(), ["custom_fields[0].value"]);
    let twin = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "Anna", "last_name": "Two", "details": email,
                "custom_fields": [{"field_id": f["id"], "value": 31}]}),
        )
        .await;
    twin.assert_problem(409, "possible_duplicates");
}
