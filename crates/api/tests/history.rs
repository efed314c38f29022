//! History entries with attachments, and files.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{spawn_app, Answer, TestApp};
use serde_json::{json, Value};

const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0,
    1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 0x0A, 0x49, 0x44, 0x41, 0x54,
    0x78, 0x9C, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0D, 0x0A, 0x2D, 0xB4, 0, 0, 0, 0, 0x49, 0x45, 0x4E,
    0x44, 0xAE, 0x42, 0x60, 0x82,
];

async fn upload(app: &TestApp, token: &str, name: &str, bytes: Vec<u8>, mime: &str) -> Answer {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(mime)
        .unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    app.send(
        app.raw(reqwest::Method::POST, "/api/v1/files")
            .bearer_auth(token)
            .multipart(form),
    )
    .await
}

async fn contact(app: &TestApp, token: &str, access: &str) -> i64 {
    let c = app
        .post(
            "/api/v1/contacts",
            token,
            &json!({"kind": "company", "name": format!("Co {access}"), "access": access}),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.body);
    c.body["id"].as_i64().unwrap()
}

#[actix_web::test]
async fn entries_with_files_are_added_filtered_and_downloaded() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let cid = contact(&app, t, "private").await;
    let cats = app
        .get("/api/v1/settings/lists/history_categories", t)
        .await
        .body["items"]
        .clone();
    let (note, call) = (
        cats[0]["id"].as_i64().unwrap(),
        cats[2]["id"].as_i64().unwrap(),
    );
    let f = upload(
        &app,
        t,
        "../../pixel.bin",
        PNG.to_vec(),
        "application/octet-stream",
    )
    .await;
    assert_eq!(f.status, 201, "{}", f.body);
    assert_eq!(f.body["name"], "pixel.bin");
    assert_eq!(f.body["content_type"], "image/png");
    let fid = f.body["id"].as_i64().unwrap();
    let e = app
        .post(
            &format!("/api/v1/contacts/{cid}/history"),
            t,
            &json!({"category_id": note, "content": "Met at the fair", "file_ids": [fid]}),
        )
        .await;
    assert_eq!(e.status, 201, "{}", e.body);
    assert_eq!(e.body["files"][0]["id"], fid);
    assert_eq!(e.body["can_edit"], true);
    app.post(
        &format!("/api/v1/contacts/{cid}/history"),
        t,
        &json!({"category_id": call, "content": "Called", "happened_at": "2026-01-02T10:00:00Z"}),
    )
    .await;
    // A file rides on one entry only.
    let again = app
        .post(
            &format!("/api/v1/contacts/{cid}/history"),
            t,
            &json!({"content": "x", "file_ids": [fid]}),
        )
        .await;
    assert_eq!(again.fields(), ["file_ids"]);

    let all = app.get(&format!("/api/v1/contacts/{cid}/history"), t).await;
    assert_eq!(all.body["total"], 2);
    assert_eq!(all.body["items"][0]["content"], "Met at the fair");
    let calls = app
        .get(
            &format!("/api/v1/contacts/{cid}/history?category_id={call}"),
            t,
        )
        .await;
    assert_eq!(calls.body["items"][0]["content"], "Called");
    assert_eq!(
        app.get(
            &format!("/api/v1/contacts/{cid}/history?author_id=424242"),
            t
        )
        .await
        .body["total"],
        0
    );

    let res = app
        .raw(reqwest::Method::GET, &format!("/api/v1/files/{fid}"))
        .bearer_auth(t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert!(res.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
    let list: Value = app
        .get("/api/v1/settings/lists/history_categories", t)
        .await
        .body;
    assert_eq!(list["items"][0]["usage_count"], 1);
}

#[actix_web::test]
async fn history_and_files_follow_the_record_access() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let private = contact(&app, t, "private").await;
    let shared = contact(&app, t, "shared_read").await;
    let f = upload(&app, t, "a.txt", b"secret".to_vec(), "text/plain").await;
    let fid = f.body["id"].as_i64().unwrap();
    // Before it is attached, only the uploader sees a file.
    app.get(&format!("/api/v1/files/{fid}"), &other)
        .await
        .assert_problem(404, "not_found");
    let e = app
        .post(
            &format!("/api/v1/contacts/{private}/history"),
            t,
            &json!({"content": "private note", "file_ids": [fid]}),
        )
        .await;
    let eid = e.body["id"].as_i64().unwrap();
    app.get(&format!("/api/v1/contacts/{private}/history"), &other)
        .await
        .assert_problem(404, "not_found");
    app.post(
        &format!("/api/v1/contacts/{private}/history"),
        &other,
        &json!({"content": "x"}),
    )
    .await
    .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/files/{fid}"), &other)
        .await
        .assert_problem(404, "not_found");
    app.patch(
        &format!("/api/v1/history/{eid}"),
        &other,
        &json!({"content": "x", "version": 1}),
    )
    .await
    .assert_problem(404, "not_found");
    app.delete(&format!("/api/v1/history/{eid}"), &other)
        .await
        .assert_problem(404, "not_found");
    // On a shared contact others read and add, but change only their own entries.
    let mine = app
        .post(
            &format!("/api/v1/contacts/{shared}/history"),
            t,
            &json!({"content": "owner's"}),
        )
        .await;
    let theirs = app
        .post(
            &format!("/api/v1/contacts/{shared}/history"),
            &other,
            &json!({"content": "other's"}),
        )
        .await;
    assert_eq!(theirs.status, 201);
    assert_eq!(
        app.get(&format!("/api/v1/contacts/{shared}/history"), &other)
            .await
            .body["total"],
        2
    );
    app.patch(
        &format!("/api/v1/history/{}", mine.body["id"]),
        &other,
        &json!({"content": "x", "version": 1}),
    )
    .await
    .assert_problem(403, "forbidden");
    let edited = app
        .patch(
            &format!("/api/v1/history/{}", theirs.body["id"]),
            &other,
            &json!({"content": "edited", "version": 1}),
        )
        .await;
    assert_eq!(edited.body["content"], "edited");
    app.patch(
        &format!("/api/v1/history/{}", theirs.body["id"]),
        &other,
        &json!({"content": "late", "version": 1}),
    )
    .await
    .assert_problem(412, "version_mismatch");
    // The owner, a CRM admin here, may delete anyone's entry.
    assert_eq!(
        app.delete(&format!("/api/v1/history/{}", theirs.body["id"]), t)
            .await
            .status,
        204
    );
    let (_, foreign) = app.other_portal().await;
    app.get(&format!("/api/v1/files/{fid}"), &foreign)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/contacts/{shared}/history"), &foreign)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn deleting_a_contact_removes_its_history_and_files_and_merge_moves_them() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let a = contact(&app, t, "private").await;
    let b = contact(&app, t, "shared_write").await;
    let f = upload(&app, t, "doc.txt", b"hello".to_vec(), "text/plain").await;
    let fid = f.body["id"].as_i64().unwrap();
    app.post(
        &format!("/api/v1/contacts/{b}/history"),
        t,
        &json!({"content": "on b", "file_ids": [fid]}),
    )
    .await;
    let merged = app
        .post(
            "/api/v1/contacts/merge",
            t,
            &json!({"target_id": a, "source_id": b}),
        )
        .await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    let h = app.get(&format!("/api/v1/contacts/{a}/history"), t).await;
    assert_eq!(h.body["items"][0]["content"], "on b");
    assert_eq!(
        app.get(&format!("/api/v1/files/{fid}"), t).await.status,
        200
    );
    assert_eq!(
        app.delete(&format!("/api/v1/contacts/{a}"), t).await.status,
        204
    );
    app.get(&format!("/api/v1/files/{fid}"), t)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn uploads_are_limited_and_programs_refused() {
    let app = common::spawn_app_with(|a| a.max_upload_bytes = 1000).await;
    let t = &app.owner_token;
    upload(
        &app,
        t,
        "big.bin",
        vec![7u8; 2000],
        "application/octet-stream",
    )
    .await
    .assert_problem(413, "payload_too_large");
    let elf = [&[0x7F, b'E', b'L', b'F', 2, 1, 1, 0][..], &[0u8; 64][..]].concat();
    let a = upload(&app, t, "tool", elf, "application/octet-stream").await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["file"]);
    let empty = app
        .send(
            app.raw(reqwest::Method::POST, "/api/v1/files")
                .bearer_auth(t)
                .multipart(reqwest::multipart::Form::new().text("other", "x")),
        )
        .await;
    assert_eq!(empty.fields(), ["file"]);
    let e = app
        .post("/api/v1/contacts/1/history", t, &json!({"content": ""}))
        .await;
    assert_eq!(e.fields(), ["content"]);
}

/// Files attached when an entry is changed are the editor's own uploads: a CRM admin editing
/// a user's entry cannot publish the user's unattached upload, nor can the author take another's.
#[actix_web::test]
async fn editing_an_entry_attaches_only_the_editors_own_uploads() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, rep) = app.user_with_role("rep@example.com", "crm_user").await;
    let cid = contact(&app, &rep, "shared_write").await;
    let cats = app
        .get("/api/v1/settings/lists/history_categories", t)
        .await
        .body["items"]
        .clone();
    let e = app
        .post(
            &format!("/api/v1/contacts/{cid}/history"),
            &rep,
            &json!({"category_id": cats[0]["id"], "content": "Call notes"}),
        )
        .await;
    assert_eq!(e.status, 201, "{}", e.body);
    let eid = e.body["id"].as_i64().unwrap();
    let private = upload(&app, &rep, "draft.png", PNG.to_vec(), "image/png").await;
    let private_id = private.body["id"].as_i64().unwrap();
    // The admin edits the rep's entry with the rep's unattached upload: refused.
    let a = app
        .patch(
            &format!("/api/v1/history/{eid}"),
            t,
            &json!({"file_ids": [private_id], "version": 1}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["file_ids"]);
    // The admin's own upload is attached.
    let own = upload(&app, t, "contract.png", PNG.to_vec(), "image/png").await;
    let a = app
        .patch(
            &format!("/api/v1/history/{eid}"),
            t,
            &json!({"file_ids": [own.body["id"]], "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["files"][0]["id"], own.body["id"]);
}

#[actix_web::test]
async fn a_company_history_includes_its_visible_people_and_files_are_listed() {
    let app = spawn_app().await;
    let owner = &app.owner_token;
    let (_, bob) = app.user_with_role("bob@example.com", "crm_user").await;
    let (_, eve) = app.user_with_role("eve@example.com", "crm_user").await;
    let company = contact(&app, owner, "shared_read").await;
    let person = |token: &str, name: &str, access: &str| {
        let (token, app) = (token.to_owned(), &app);
        let body = json!({"kind": "person", "first_name": name, "last_name": "Staff",
            "company_id": company, "access": access});
        async move {
            let a = app.post("/api/v1/contacts", &token, &body).await;
            assert_eq!(a.status, 201, "{}", a.body);
            a.body["id"].as_i64().unwrap()
        }
    };
    let anna = person(owner, "Anna", "shared_read").await;
    let secret = person(&bob, "Boris", "private").await;
    let note = |token: &str, record: i64, text: &str, files: Vec<i64>| {
        let (token, app) = (token.to_owned(), &app);
        let body = json!({"content": text, "file_ids": files});
        async move {
            let a = app
                .post(&format!("/api/v1/contacts/{record}/history"), &token, &body)
                .await;
            assert_eq!(a.status, 201, "{}", a.body);
        }
    };
    note(owner, company, "Company call", vec![]).await;
    let file = upload(&app, owner, "offer.png", PNG.to_vec(), "image/png").await;
    let file = file.body["id"].as_i64().unwrap();
    note(owner, anna, "Sent Anna the offer", vec![file]).await;
    note(&bob, secret, "Boris's secret", vec![]).await;

    let contents = |a: &common::Answer| -> Vec<(String, Value)> {
        a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["content"].as_str().unwrap().to_owned(),
                    e["record_name"].clone(),
                )
            })
            .collect()
    };
    let path = format!("/api/v1/contacts/{company}/history");
    // Eve sees the company and Anna, not Boris: his entry stays out, in the items and the total.
    let a = app.get(&format!("{path}?include_people=true"), &eve).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        contents(&a),
        [
            ("Sent Anna the offer".to_owned(), json!("Anna Staff")),
            ("Company call".to_owned(), json!("Co shared_read")),
        ]
    );
    assert_eq!(a.body["total"], 2);
    let a = app.get(&format!("{path}?include_people=true"), &bob).await;
    assert_eq!(a.body["total"], 3, "{}", a.body);
    let a = app.get(&path, &eve).await;
    assert_eq!(contents(&a), [("Company call".to_owned(), Value::Null)]);

    // The files of a record: only the entries that carry files.
    let a = app
        .get(
            &format!("/api/v1/contacts/{anna}/history?with_files=true"),
            &eve,
        )
        .await;
    assert_eq!(a.body["total"], 1, "{}", a.body);
    assert_eq!(a.body["items"][0]["files"][0]["name"], "offer.png");
    let a = app.get(&format!("{path}?with_files=true"), &eve).await;
    assert_eq!(a.body["total"], 0, "{}", a.body);
    let a = app
        .get(&format!("{path}?with_files=true&include_people=true"), &eve)
        .await;
    assert_eq!(a.body["total"], 1, "{}", a.body);

    // A cursor of the company-with-people list does not page the company's own.
    let a = app
        .get(&format!("{path}?include_people=true&limit=1"), &eve)
        .await;
    let cursor = a.body["next_cursor"].as_str().unwrap().to_owned();
    let a = app.get(&format!("{path}?cursor={cursor}"), &eve).await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert_eq!(a.fields(), ["cursor"]);
    let a = app
        .get(
            &format!("{path}?include_people=true&limit=1&cursor={cursor}"),
            &eve,
        )
        .await;
    assert_eq!(
        contents(&a),
        [("Company call".to_owned(), json!("Co shared_read"))]
    );

    // Someone who cannot see the company gets nothing of it.
    let private = contact(&app, &bob, "private").await;
    app.get(
        &format!("/api/v1/contacts/{private}/history?include_people=true"),
        &eve,
    )
    .await
    .assert_problem(404, "not_found");
}
