//! Admin-editable lists and tags.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::spawn_app;
use serde_json::json;

#[actix_web::test]
async fn lists_are_seeded_in_the_portal_language_and_edited_by_admins_only() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let temps = app.get("/api/v1/settings/lists/temperatures", t).await;
    assert_eq!(temps.status, 200);
    let titles: Vec<&str> = temps.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Cold", "Warm", "Hot"]);
    assert_eq!(temps.body["items"][0]["color"], "#8a98d8");
    assert_eq!(
        app.get("/api/v1/settings/lists/history_categories", t)
            .await
            .body["items"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    app.get("/api/v1/settings/lists/nonsense", t)
        .await
        .assert_problem(404, "not_found");
    let (_, other) = app.other_portal().await;
    let ru = app
        .get("/api/v1/settings/lists/contact_types", &other)
        .await;
    assert_eq!(ru.body["items"][0]["title"], "Клиент");

    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    assert_eq!(
        app.get("/api/v1/settings/lists/temperatures", &user)
            .await
            .status,
        200
    );
    app.post(
        "/api/v1/settings/lists/temperatures",
        &user,
        &json!({"title": "Frozen"}),
    )
    .await
    .assert_problem(403, "forbidden");

    let frozen = app
        .post(
            "/api/v1/settings/lists/temperatures",
            t,
            &json!({"title": "Frozen", "color": "#AABBCC"}),
        )
        .await;
    assert_eq!(frozen.status, 201, "{}", frozen.body);
    assert_eq!(frozen.body["position"], 3);
    assert_eq!(frozen.body["color"], "#aabbcc");
    app.post(
        "/api/v1/settings/lists/temperatures",
        t,
        &json!({"title": "frozen"}),
    )
    .await
    .assert_problem(409, "name_taken");
    let bad = app
        .post(
            "/api/v1/settings/lists/contact_types",
            t,
            &json!({"title": "X", "color": "#000000"}),
        )
        .await;
    assert_eq!(bad.fields(), ["color"]);
    let fid = frozen.body["id"].as_i64().unwrap();
    let renamed = app
        .patch(
            &format!("/api/v1/settings/lists/temperatures/{fid}"),
            t,
            &json!({"title": "Icy", "version": 1}),
        )
        .await;
    assert_eq!(renamed.body["title"], "Icy");

    let ids: Vec<i64> = app.get("/api/v1/settings/lists/temperatures", t).await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_i64().unwrap())
        .rev()
        .collect();
    let r = app
        .call(
            reqwest::Method::PUT,
            "/api/v1/settings/lists/temperatures/order",
            t,
            Some(&json!({"ids": ids})),
        )
        .await;
    assert_eq!(r.body["items"][0]["title"], "Icy", "{}", r.body);
    let r = app
        .call(
            reqwest::Method::PUT,
            "/api/v1/settings/lists/temperatures/order",
            t,
            Some(&json!({"ids": [fid]})),
        )
        .await;
    assert_eq!(r.fields(), ["ids"]);
    // Another portal's admin reaches none of these items.
    let path = format!("/api/v1/settings/lists/temperatures/{fid}");
    let a = app
        .patch(&path, &other, &json!({"title": "x", "version": 2}))
        .await;
    a.assert_problem(404, "not_found");
    app.delete(&path, &other)
        .await
        .assert_problem(404, "not_found");
    let theirs = app.get("/api/v1/settings/lists/temperatures", &other).await;
    assert!(theirs.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["id"] != fid));
}

#[actix_web::test]
async fn items_in_use_are_deleted_only_with_a_replacement() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let items = app.get("/api/v1/settings/lists/temperatures", t).await.body["items"].clone();
    let (cold, warm) = (
        items[0]["id"].as_i64().unwrap(),
        items[1]["id"].as_i64().unwrap(),
    );
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Chilly", "temperature_id": cold}),
        )
        .await;
    assert_eq!(c.status, 201);
    let list = app.get("/api/v1/settings/lists/temperatures", t).await;
    assert_eq!(list.body["items"][0]["usage_count"], 1);
    let a = app
        .delete(&format!("/api/v1/settings/lists/temperatures/{cold}"), t)
        .await;
    a.assert_problem(409, "in_use");
    assert_eq!(a.fields(), ["replace_with"]);
    let a = app
        .delete(
            &format!("/api/v1/settings/lists/temperatures/{cold}?replace_with=999999"),
            t,
        )
        .await;
    assert_eq!(a.fields(), ["replace_with"]);
    assert_eq!(
        app.delete(
            &format!("/api/v1/settings/lists/temperatures/{cold}?replace_with={warm}"),
            t
        )
        .await
        .status,
        204
    );
    let moved = app
        .get(&format!("/api/v1/contacts/{}", c.body["id"]), t)
        .await;
    assert_eq!(moved.body["temperature_id"], warm);
    // The last item of a list stays.
    let types = app
        .get("/api/v1/settings/lists/history_categories", t)
        .await
        .body["items"]
        .clone();
    for item in types.as_array().unwrap().iter().skip(1) {
        assert_eq!(
            app.delete(
                &format!("/api/v1/settings/lists/history_categories/{}", item["id"]),
                t
            )
            .await
            .status,
            204
        );
    }
    app.delete(
        &format!(
            "/api/v1/settings/lists/history_categories/{}",
            types[0]["id"]
        ),
        t,
    )
    .await
    .assert_problem(409, "last_item");
}

#[actix_web::test]
async fn tags_are_case_insensitive_renamed_merged_and_cleaned_up() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let seeded = app.get("/api/v1/tags?kind=contact", t).await;
    assert_eq!(seeded.body["items"].as_array().unwrap().len(), 4);
    let vip = app
        .post(
            "/api/v1/tags",
            t,
            &json!({"kind": "contact", "name": "VIP"}),
        )
        .await;
    assert_eq!(vip.status, 201);
    app.post(
        "/api/v1/tags",
        t,
        &json!({"kind": "contact", "name": "vip"}),
    )
    .await
    .assert_problem(409, "name_taken");
    app.post("/api/v1/tags", t, &json!({"kind": "project", "name": "x"}))
        .await
        .assert_problem(422, "validation_failed");
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Co", "tags": ["Important", "vip"]}),
        )
        .await;
    assert_eq!(c.body["tags"], json!(["Important", "VIP"]));
    let important = app.get("/api/v1/tags?q=impor", t).await.body["items"][0].clone();
    assert_eq!(important["usage_count"], 1);
    let vid = vip.body["id"].as_i64().unwrap();
    app.patch(
        &format!("/api/v1/tags/{vid}"),
        t,
        &json!({"name": "important"}),
    )
    .await
    .assert_problem(409, "name_taken");
    let merged = app
        .post(
            &format!("/api/v1/tags/{}/merge", important["id"]),
            t,
            &json!({"into_id": vid}),
        )
        .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    assert_eq!(merged.body["usage_count"], 1);
    let after_merge = app
        .get(&format!("/api/v1/contacts/{}", c.body["id"]), t)
        .await;
    assert_eq!(after_merge.body["tags"], json!(["VIP"]));
    // The contact's tags changed under it: an edit from the old version is refused.
    assert!(after_merge.body["version"].as_i64() > c.body["version"].as_i64());
    app.patch(
        &format!("/api/v1/contacts/{}", c.body["id"]),
        t,
        &json!({"tags": ["Important", "VIP"], "version": c.body["version"]}),
    )
    .await
    .assert_problem(412, "version_mismatch");
    let renamed = app
        .patch(
            &format!("/api/v1/tags/{vid}"),
            t,
            &json!({"name": "Key account"}),
        )
        .await;
    assert_eq!(renamed.body["name"], "Key account");
    let deleted = app.delete("/api/v1/tags/unused?kind=contact", t).await;
    assert_eq!(deleted.body["deleted"], 4);
    assert_eq!(
        app.get("/api/v1/tags", t).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    app.delete(&format!("/api/v1/tags/{vid}"), &user)
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(
        app.delete(&format!("/api/v1/tags/{vid}"), t).await.status,
        204
    );
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{}", c.body["id"]), t)
            .await
            .body["tags"],
        json!([])
    );
    let (_, foreign) = app.other_portal().await;
    assert!(app.get("/api/v1/tags", &foreign).await.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["name"] != "Key account"));
}

#[actix_web::test]
async fn usage_counts_go_to_crm_admins_only_because_they_count_private_records() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, user) = app.user_with_role("user@example.com", "crm_user").await;
    let a = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "Secret", "last_name": "X", "access": "private", "tags": ["Hidden"]}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let admin_tags = app.get("/api/v1/tags?kind=contact&q=hidden", t).await;
    assert_eq!(admin_tags.body["items"][0]["usage_count"], 1);
    let user_tags = app.get("/api/v1/tags?kind=contact&q=hidden", &user).await;
    assert_eq!(user_tags.body["items"][0]["name"], "Hidden");
    assert!(user_tags.body["items"][0].get("usage_count").is_none());
    let f = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "person", "label": "Hobby", "field_type": "text"}),
        )
        .await;
    assert_eq!(f.body["value_count"], 0);
    let fields = app
        .get("/api/v1/settings/custom-fields?record_kind=person", &user)
        .await;
    assert!(fields.body["items"][0].get("value_count").is_none());
    for list in ["contact_types", "task_categories"] {
        let items = app
            .get(&format!("/api/v1/settings/lists/{list}"), &user)
            .await;
        assert_eq!(items.status, 200);
        assert!(items.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i.get("usage_count").is_none()));
        let items = app.get(&format!("/api/v1/settings/lists/{list}"), t).await;
        assert!(items.body["items"][0]["usage_count"].is_i64());
    }
}

/// Settings of one portal cannot be changed by CRM users nor reached from another portal,
/// and another portal's items cannot stand in for one's own.
#[actix_web::test]
async fn settings_stay_with_admins_and_inside_their_portal() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, user) = app.user_with_role("user@example.com", "crm_user").await;
    let (_, other) = app.other_portal().await;
    let field = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "person", "label": "Hobby", "field_type": "text"}),
        )
        .await;
    let order = json!({"record_kind": "person", "ids": [field.body["id"]]});
    app.call(
        reqwest::Method::PUT,
        "/api/v1/settings/custom-fields/order",
        &user,
        Some(&order),
    )
    .await
    .assert_problem(403, "forbidden");
    let a = app
        .call(
            reqwest::Method::PUT,
            "/api/v1/settings/custom-fields/order",
            &other,
            Some(&order),
        )
        .await;
    assert_eq!(a.fields(), ["ids"], "{}", a.body);
    let fpath = format!("/api/v1/settings/custom-fields/{}", field.body["id"]);
    app.delete(&fpath, &user)
        .await
        .assert_problem(403, "forbidden");
    app.delete(&fpath, &other)
        .await
        .assert_problem(404, "not_found");

    let ours = app
        .post(
            "/api/v1/tags",
            t,
            &json!({"kind": "contact", "name": "Ours"}),
        )
        .await;
    let theirs = app
        .post(
            "/api/v1/tags",
            &other,
            &json!({"kind": "contact", "name": "Theirs"}),
        )
        .await;
    let tpath = format!("/api/v1/tags/{}", ours.body["id"]);
    app.patch(&tpath, &user, &json!({"name": "Mine"}))
        .await
        .assert_problem(403, "forbidden");
    app.delete("/api/v1/tags/unused?kind=contact", &user)
        .await
        .assert_problem(403, "forbidden");
    let a = app
        .post(
            &format!("{tpath}/merge"),
            t,
            &json!({"into_id": theirs.body["id"]}),
        )
        .await;
    assert_eq!(a.fields(), ["into_id"], "{}", a.body);

    let types = app
        .get("/api/v1/settings/lists/contact_types", t)
        .await
        .body["items"]
        .clone();
    let their_types = app
        .get("/api/v1/settings/lists/contact_types", &other)
        .await
        .body["items"]
        .clone();
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "A", "last_name": "B", "type_id": types[0]["id"]}),
        )
        .await;
    assert_eq!(c.status, 201);
    let a = app
        .delete(
            &format!(
                "/api/v1/settings/lists/contact_types/{}?replace_with={}",
                types[0]["id"], their_types[1]["id"]
            ),
            t,
        )
        .await;
    assert_eq!(a.fields(), ["replace_with"], "{}", a.body);
}
