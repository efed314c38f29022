//! Cases through the API: participants, closing and reopening, restricted access in every
//! endpoint, notifications, tags and custom fields, lists, tasks about a case, the cascade,
//! and contacts merged under their cases and deals.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::{spawn_app, TestApp};
use serde_json::{json, Value};

async fn company(app: &TestApp, t: &str, name: &str) -> i64 {
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": name}),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.body);
    c.body["id"].as_i64().unwrap()
}

async fn category(app: &TestApp, t: &str) -> i64 {
    let a = app.get("/api/v1/settings/lists/task_categories", t).await;
    a.body["items"][0]["id"].as_i64().unwrap()
}

#[actix_web::test]
async fn a_case_closes_and_reopens_and_bad_input_names_its_field() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (a, b) = (
        company(&app, t, "Acme").await,
        company(&app, t, "Bolt").await,
    );
    let c = app
        .post(
            "/api/v1/cases",
            t,
            &json!({"title": "Trade fair 2027", "contact_ids": [a, b, a]}),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.body);
    assert_eq!(c.body["closed"], false);
    assert!(c.body.get("closed_at").is_none());
    assert_eq!(c.body["contact_ids"], json!([a, b]));
    assert_eq!(c.body["restricted"], false);
    let path = format!("/api/v1/cases/{}", c.body["id"]);

    let closed = app
        .patch(&path, t, &json!({"closed": true, "version": 1}))
        .await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(closed.body["closed"], true);
    assert!(closed.body["closed_at"].is_string(), "{}", closed.body);
    // Closing a closed case changes nothing, not even the version.
    let again = app
        .patch(&path, t, &json!({"closed": true, "version": 2}))
        .await;
    assert_eq!(again.body["version"], 2, "{}", again.body);
    app.patch(&path, t, &json!({"closed": false, "version": 1}))
        .await
        .assert_problem(412, "version_mismatch");
    let open = app
        .patch(
            &path,
            t,
            &json!({"closed": false, "contact_ids": [b], "version": 2}),
        )
        .await;
    assert_eq!(open.body["closed"], false, "{}", open.body);
    assert!(open.body.get("closed_at").is_none());
    assert_eq!(open.body["contact_ids"], json!([b]));

    for (body, field) in [
        (json!({}), "title"),
        (json!({"title": " "}), "title"),
        (json!({"title": "x".repeat(201)}), "title"),
        (
            json!({"title": "T", "contact_ids": [999_999]}),
            "contact_ids",
        ),
        (
            json!({"title": "T", "restricted": true, "member_ids": [999_999]}),
            "member_ids",
        ),
        (json!({"title": "T", "tags": [""]}), "tags[0]"),
        (
            json!({"title": "T", "custom_fields": [{"field_id": 999_999, "value": "x"}]}),
            "custom_fields[0].field_id",
        ),
    ] {
        let r = app.post("/api/v1/cases", t, &body).await;
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        assert_eq!(r.fields(), [field], "{body}: {}", r.body);
    }
    app.get("/api/v1/cases?closed=maybe", t)
        .await
        .assert_problem(422, "validation_failed");
}

#[actix_web::test]
async fn a_restricted_case_is_seen_by_its_members_and_admins_only() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (member_id, member) = app.user_with_role("m@example.com", "crm_user").await;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let acme = company(&app, t, "Acme").await;
    let c = app
        .post(
            "/api/v1/cases",
            t,
            &json!({"title": "Secret summit", "contact_ids": [acme], "restricted": true,
                    "member_ids": [member_id]}),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.body);
    let id = c.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/cases/{id}");
    app.post(
        "/api/v1/cases",
        t,
        &json!({"title": "Open day", "contact_ids": [acme]}),
    )
    .await;
    let e = app
        .post(
            &format!("{path}/history"),
            t,
            &json!({"content": "Venue booked"}),
        )
        .await;
    assert_eq!(e.status, 201, "{}", e.body);
    let cat = category(&app, t).await;
    let task = app
        .post(
            "/api/v1/tasks",
            t,
            &json!({"title": "Send invitations", "category_id": cat, "case_id": id,
                    "deadline": "2030-01-10T10:00:00Z"}),
        )
        .await;
    assert_eq!(task.status, 201, "{}", task.body);
    assert_eq!(task.body["case_id"], id);

    for (who, sees) in [
        (t.as_str(), true),
        (member.as_str(), true),
        (other.as_str(), false),
    ] {
        let a = app.get(&path, who).await;
        assert_eq!(a.status == 200, sees, "{}", a.body);
        let list = app.get("/api/v1/cases?q=summit", who).await;
        assert_eq!(list.body["total"], i64::from(sees), "{}", list.body);
        let by_contact = app
            .get(&format!("/api/v1/cases?contact_id={acme}"), who)
            .await;
        assert_eq!(by_contact.body["total"], if sees { 2 } else { 1 });
        let h = app.get(&format!("{path}/history"), who).await;
        assert_eq!(h.status == 200, sees, "{}", h.body);
        let tasks = app.get(&format!("/api/v1/tasks?case_id={id}"), who).await;
        assert_eq!(tasks.body["total"], i64::from(sees), "{}", tasks.body);
    }
    // Another user changes, deletes and plans nothing about it.
    app.patch(&path, &other, &json!({"title": "Mine", "version": 1}))
        .await
        .assert_problem(404, "not_found");
    app.delete(&path, &other)
        .await
        .assert_problem(404, "not_found");
    let r = app
        .post(
            "/api/v1/tasks",
            &other,
            &json!({"title": "Peek", "category_id": cat, "case_id": id,
                    "deadline": "2030-01-10T10:00:00Z"}),
        )
        .await;
    assert_eq!(r.fields(), ["case_id"], "{}", r.body);
    // The member was told; the owner, who acted, was not.
    let n = app.get("/api/v1/notifications", &member).await;
    assert_eq!(
        n.body["items"][0]["kind"], "case_access_granted",
        "{}",
        n.body
    );
    assert_eq!(n.body["items"][0]["params"]["case_id"], id);
    let n = app.get("/api/v1/notifications", t).await;
    assert_eq!(n.body["items"].as_array().unwrap().len(), 0);
    // A task names one record only.
    let r = app
        .post(
            "/api/v1/tasks",
            t,
            &json!({"title": "Both", "category_id": cat, "case_id": id, "contact_id": acme,
                    "deadline": "2030-01-10T10:00:00Z"}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
}

#[actix_web::test]
async fn cases_filter_by_state_tag_and_custom_field_and_page_by_title() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let f = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "case", "label": "City", "field_type": "text"}),
        )
        .await;
    assert_eq!(f.status, 201, "{}", f.body);
    let deal_field = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "deal", "label": "Source", "field_type": "text"}),
        )
        .await;
    for (title, city, closed) in [
        ("Conference", "Kazan", false),
        ("Awards", "Samara", true),
        ("Breakfast", "Kazan", true),
    ] {
        let c = app
            .post(
                "/api/v1/cases",
                t,
                &json!({"title": title, "closed": closed, "tags": ["Events"],
                        "custom_fields": [{"field_id": f.body["id"], "value": city}]}),
            )
            .await;
        assert_eq!(c.status, 201, "{}", c.body);
    }
    let titles = |body: &Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let closed = app.get("/api/v1/cases?closed=true&sort=title", t).await;
    assert_eq!(titles(&closed.body), ["Awards", "Breakfast"]);
    let kazan = app
        .get(
            &format!(
                "/api/v1/cases?custom_field={}&custom_value=kaz&sort=-title",
                f.body["id"]
            ),
            t,
        )
        .await;
    assert_eq!(titles(&kazan.body), ["Conference", "Breakfast"]);
    app.get(
        &format!(
            "/api/v1/cases?custom_field={}&custom_value=x",
            deal_field.body["id"]
        ),
        t,
    )
    .await
    .assert_problem(422, "validation_failed");
    let tags = app.get("/api/v1/tags?kind=case", t).await;
    let tag = tags.body["items"][0]["id"].clone();
    let tagged = app.get(&format!("/api/v1/cases?tag_id={tag}"), t).await;
    assert_eq!(tagged.body["total"], 3, "{}", tagged.body);
    // Page by page, by title, each case once.
    let mut seen = Vec::new();
    let mut next = "/api/v1/cases?sort=title&limit=1".to_owned();
    loop {
        let page = app.get(&next, t).await;
        assert_eq!(page.status, 200, "{}", page.body);
        seen.extend(titles(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(c) => next = format!("/api/v1/cases?sort=title&limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, ["Awards", "Breakfast", "Conference"]);
    // A cursor of the cases list is refused by the deals list.
    let page = app.get("/api/v1/cases?limit=1", t).await;
    let cursor = page.body["next_cursor"].as_str().unwrap();
    app.get(&format!("/api/v1/deals?cursor={cursor}"), t)
        .await
        .assert_problem(422, "validation_failed");
}

#[actix_web::test]
async fn deleting_a_case_takes_its_tasks_and_history() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let c = app
        .post("/api/v1/cases", t, &json!({"title": "Gone", "tags": ["x"]}))
        .await;
    let id = c.body["id"].as_i64().unwrap();
    let cat = category(&app, t).await;
    let task = app
        .post(
            "/api/v1/tasks",
            t,
            &json!({"title": "Follow up", "category_id": cat, "case_id": id,
                    "deadline": "2030-01-10T10:00:00Z"}),
        )
        .await;
    app.post(
        &format!("/api/v1/cases/{id}/history"),
        t,
        &json!({"content": "Note"}),
    )
    .await;
    let d = app.delete(&format!("/api/v1/cases/{id}"), t).await;
    assert_eq!(d.status, 204, "{}", d.body);
    app.get(&format!("/api/v1/cases/{id}"), t)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/tasks/{}", task.body["id"]), t)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/cases/{id}/history"), t)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn merging_contacts_keeps_their_cases_and_deals() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (keep, gone) = (
        company(&app, t, "Acme").await,
        company(&app, t, "Acme Ltd").await,
    );
    let case = app
        .post(
            "/api/v1/cases",
            t,
            &json!({"title": "Fair", "contact_ids": [gone]}),
        )
        .await;
    let both = app
        .post(
            "/api/v1/cases",
            t,
            &json!({"title": "Both", "contact_ids": [keep, gone]}),
        )
        .await;
    let deal = app
        .post(
            "/api/v1/deals",
            t,
            &json!({"title": "Order", "contact_id": gone}),
        )
        .await;
    assert_eq!(deal.status, 201, "{}", deal.body);
    let m = app
        .post(
            "/api/v1/contacts/merge",
            t,
            &json!({"target_id": keep, "source_id": gone}),
        )
        .await;
    assert_eq!(m.status, 200, "{}", m.body);
    let c = app
        .get(&format!("/api/v1/cases/{}", case.body["id"]), t)
        .await;
    assert_eq!(c.body["contact_ids"], json!([keep]), "{}", c.body);
    let c = app
        .get(&format!("/api/v1/cases/{}", both.body["id"]), t)
        .await;
    assert_eq!(c.body["contact_ids"], json!([keep]), "{}", c.body);
    let d = app
        .get(&format!("/api/v1/deals/{}", deal.body["id"]), t)
        .await;
    assert_eq!(d.body["contact_id"], keep, "{}", d.body);
    assert_eq!(d.body["contact_ids"], json!([keep]), "{}", d.body);
}
