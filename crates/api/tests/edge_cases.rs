//! Edge cases: crafted cursors, huge numbers, hand-overs, inactive managers, token minting,
//! photos as attachments, far dates, private companies.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use base64::Engine as _;
use common::{spawn_app, PASSWORD};
use serde_json::json;

#[actix_web::test]
async fn a_cursor_with_the_wrong_value_type_is_422() {
    let app = spawn_app().await;
    let cursor =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"s":"name","n":1,"i":1}"#);
    for list in ["users", "groups", "contacts"] {
        let a = app
            .get(&format!("/api/v1/{list}?cursor={cursor}"), &app.owner_token)
            .await;
        a.assert_problem(422, "validation_failed");
        assert_eq!(a.fields(), ["cursor"]);
    }
}

#[actix_web::test]
async fn huge_custom_numbers_and_far_dates_are_422() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let f = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "company", "label": "N", "field_type": "number"}),
        )
        .await;
    let fid = f.body["id"].as_i64().unwrap();
    let a = app
        .get(
            &format!("/api/v1/contacts?custom_field={fid}&custom_value=10000000000000000000000000"),
            t,
        )
        .await;
    a.assert_problem(422, "validation_failed");
    let c = app.post("/api/v1/contacts", t, &json!({"kind": "company", "name": "Big", "custom_fields": [{"field_id": fid, "value": "79228162514264337593543950335"}]})).await;
    c.assert_problem(422, "validation_failed");
    let co = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Co"}),
        )
        .await;
    let h = app
        .post(
            &format!("/api/v1/contacts/{}/history", co.body["id"]),
            t,
            &json!({"content": "x", "happened_at": "+99999-01-01T00:00:00Z"}),
        )
        .await;
    assert!(h.status == 400 || h.status == 422, "{}", h.body);
    let h = app
        .post(
            &format!("/api/v1/contacts/{}/history", co.body["id"]),
            t,
            &json!({"content": "x", "happened_at": "1066-10-14T09:00:00Z"}),
        )
        .await;
    assert_eq!(h.fields(), ["happened_at"]);
}

#[actix_web::test]
async fn handing_a_private_contact_to_someone_else_is_saved() {
    let app = spawn_app().await;
    let (u1, t1) = app.user_with_role("u1@example.com", "crm_user").await;
    let (u2, t2) = app.user_with_role("u2@example.com", "crm_user").await;
    let _ = u1;
    let c = app.post("/api/v1/contacts", &t1, &json!({"kind": "person", "first_name": "Hand", "last_name": "Over", "manager_ids": [u2]})).await;
    assert_eq!(c.status, 201, "{}", c.body);
    assert_eq!(c.body["can_edit"], false);
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{}", c.body["id"]), &t2)
            .await
            .status,
        200
    );
    app.get(&format!("/api/v1/contacts/{}", c.body["id"]), &t1)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn inactive_managers_do_not_block_saving_or_merging() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (u2, _) = app.user_with_role("u2@example.com", "crm_user").await;
    let a = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "A", "manager_ids": [app.owner_id, u2]}),
        )
        .await;
    let b = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "B"}),
        )
        .await;
    app.patch(
        &format!("/api/v1/users/{u2}"),
        t,
        &json!({"active": false, "version": 1}),
    )
    .await;
    let same = app
        .patch(
            &format!("/api/v1/contacts/{}", a.body["id"]),
            t,
            &json!({"manager_ids": [app.owner_id, u2], "version": 1}),
        )
        .await;
    assert_eq!(same.status, 200, "{}", same.body);
    let m = app
        .post(
            "/api/v1/contacts/merge",
            t,
            &json!({"target_id": b.body["id"], "source_id": a.body["id"]}),
        )
        .await;
    assert_eq!(m.status, 200, "{}", m.body);
    // Adding an inactive user as a new manager is still refused.
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "C", "manager_ids": [u2]}),
        )
        .await;
    assert_eq!(c.fields(), ["manager_ids"]);
}

#[actix_web::test]
async fn api_tokens_cannot_mint_tokens_and_photos_are_no_attachments() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let pat = app
        .post(
            "/api/v1/api-tokens",
            t,
            &json!({"name": "w", "scopes": ["admin"]}),
        )
        .await;
    let secret = pat.body["secret"].as_str().unwrap();
    app.post(
        "/api/v1/api-tokens",
        secret,
        &json!({"name": "child", "scopes": ["read"]}),
    )
    .await
    .assert_problem(403, "session_required");
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Pic"}),
        )
        .await;
    let id = c.body["id"].as_i64().unwrap();
    let mut png = std::io::Cursor::new(Vec::new());
    image::DynamicImage::new_rgb8(4, 4)
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(png.into_inner()).file_name("p.png"),
    );
    let put = app
        .send(
            app.raw(
                reqwest::Method::PUT,
                &format!("/api/v1/contacts/{id}/photo"),
            )
            .bearer_auth(t)
            .multipart(form),
        )
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    // The photo's file id is the newest file; it cannot ride on a history entry.
    let other = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Other"}),
        )
        .await;
    let mut conn = app.pool.get().unwrap();
    let file_id: i64 = {
        use diesel::prelude::*;
        crm_persistence::schema::contacts::table
            .find(id)
            .select(crm_persistence::schema::contacts::photo_file_id.assume_not_null())
            .first(&mut **conn)
            .unwrap()
    };
    let h = app
        .post(
            &format!("/api/v1/contacts/{}/history", other.body["id"]),
            t,
            &json!({"content": "steal", "file_ids": [file_id]}),
        )
        .await;
    assert_eq!(h.fields(), ["file_ids"]);
    let _ = PASSWORD;
}

#[actix_web::test]
async fn a_private_company_is_not_named_to_those_who_cannot_see_it() {
    let app = spawn_app().await;
    let (_, t1) = app.user_with_role("u1@example.com", "crm_user").await;
    let (_, t2) = app.user_with_role("u2@example.com", "crm_user").await;
    let secret = app
        .post(
            "/api/v1/contacts",
            &t1,
            &json!({"kind": "company", "name": "Secret Holdings"}),
        )
        .await;
    let p = app.post("/api/v1/contacts", &t1, &json!({"kind": "person", "first_name": "Open", "last_name": "Person", "access": "shared_read", "company_id": secret.body["id"]})).await;
    let seen = app
        .get(&format!("/api/v1/contacts/{}", p.body["id"]), &t2)
        .await;
    assert_eq!(seen.status, 200);
    assert!(seen.body.get("company").is_none(), "{}", seen.body);
    assert!(!seen.body.to_string().contains("Secret Holdings"));
}

/// Dates outside 1900–9999 in list filters, and oversized id or detail lists, answer 422.
#[actix_web::test]
async fn far_dates_and_oversized_lists_are_refused_by_field() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    for q in [
        "created_from=-10000-01-01",
        "created_to=+20000-01-01",
        "created_from=0001-01-01",
    ] {
        let a = app.get(&format!("/api/v1/contacts?{q}"), t).await;
        assert_eq!(a.status, 422, "{q}: {}", a.body);
    }
    let many: Vec<i64> = (1..=101).collect();
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "A", "last_name": "B"}),
        )
        .await;
    let id = c.body["id"].as_i64().unwrap();
    let a = app
        .post(
            &format!("/api/v1/contacts/{id}/history"),
            t,
            &json!({"content": "x", "file_ids": many}),
        )
        .await;
    assert_eq!(a.fields(), ["file_ids"]);
    let a = app
        .post(
            "/api/v1/contacts/bulk",
            t,
            &json!({"ids": [id], "action": "set_managers", "manager_ids": many}),
        )
        .await;
    assert_eq!(a.fields(), ["manager_ids"]);
    let details: Vec<serde_json::Value> = (0..101)
        .map(|i| json!({"kind": "email", "value": format!("a{i}@example.com")}))
        .collect();
    let a = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "A", "last_name": "C", "details": details}),
        )
        .await;
    assert_eq!(a.fields(), ["details"]);
}
