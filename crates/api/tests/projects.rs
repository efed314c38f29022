//! Projects through the API: made from a deal, a team with its manager, statuses and
//! deadlines, restricted access in every endpoint, team notifications, lists, tasks about a
//! project, and what a deal's or the project's deletion takes.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::{spawn_app, TestApp};
use serde_json::{json, Value};

async fn created(app: &TestApp, t: &str, path: &str, body: Value) -> Value {
    let r = app.post(path, t, &body).await;
    assert_eq!(r.status, 201, "{body}: {}", r.body);
    r.body
}

async fn category(app: &TestApp, t: &str) -> i64 {
    let a = app.get("/api/v1/settings/lists/task_categories", t).await;
    a.body["items"][0]["id"].as_i64().unwrap()
}

fn titles(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn a_project_from_a_deal_has_its_manager_on_the_team_and_bad_input_names_its_field() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (user_id, _) = app.user_with_role("m@example.com", "crm_user").await;
    let me = app.owner_id;
    let acme = created(
        &app,
        t,
        "/api/v1/contacts",
        json!({"kind": "company", "name": "Acme"}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let deal = created(
        &app,
        t,
        "/api/v1/deals",
        json!({"title": "Website", "contact_id": acme}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let p = created(
        &app,
        t,
        "/api/v1/projects",
        json!({"title": "Website build", "deal_id": deal, "contact_ids": [acme],
                "manager_id": user_id, "deadline": "2027-03-31",
                "description": "Five pages"}),
    )
    .await;
    assert_eq!(p["status"], "open");
    assert_eq!(p["deal_id"], deal);
    assert_eq!(p["manager_id"], user_id);
    assert_eq!(p["member_ids"], json!([user_id]), "{p}");
    assert_eq!(p["contact_ids"], json!([acme]));
    assert_eq!(p["deadline"], "2027-03-31");
    assert_eq!(p["restricted"], false);
    let path = format!("/api/v1/projects/{}", p["id"]);

    let paused = app
        .patch(
            &path,
            t,
            &json!({"status": "paused", "deadline": "", "member_ids": [me], "version": 1}),
        )
        .await;
    assert_eq!(paused.status, 200, "{}", paused.body);
    assert_eq!(paused.body["status"], "paused");
    assert!(paused.body.get("deadline").is_none(), "{}", paused.body);
    // The manager stays on the team whatever the team sent.
    let mut team = paused.body["member_ids"].as_array().unwrap().clone();
    team.sort_by_key(|v| v.as_i64());
    let mut want = vec![json!(me), json!(user_id)];
    want.sort_by_key(|v| v.as_i64());
    assert_eq!(team, want, "{}", paused.body);
    app.patch(&path, t, &json!({"status": "closed", "version": 1}))
        .await
        .assert_problem(412, "version_mismatch");
    let by_deal = app
        .get(&format!("/api/v1/projects?deal_id={deal}"), t)
        .await;
    assert_eq!(titles(&by_deal.body), ["Website build"]);

    for (body, field) in [
        (json!({}), "title"),
        (json!({"title": " "}), "title"),
        (json!({"title": "x".repeat(201)}), "title"),
        (json!({"title": "T", "status": "done"}), "status"),
        (json!({"title": "T", "deadline": "31.03.2027"}), "deadline"),
        (json!({"title": "T", "deal_id": 999_999}), "deal_id"),
        (json!({"title": "T", "manager_id": 999_999}), "manager_id"),
        (
            json!({"title": "T", "contact_ids": [999_999]}),
            "contact_ids",
        ),
        (json!({"title": "T", "member_ids": [999_999]}), "member_ids"),
        (
            json!({"title": "T", "description": "x".repeat(10_001)}),
            "description",
        ),
    ] {
        let r = app.post("/api/v1/projects", t, &body).await;
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        assert_eq!(r.fields(), [field], "{body}: {}", r.body);
    }
    for query in ["status=done", "deadline_before=tomorrow", "sort=deadline"] {
        let r = app.get(&format!("/api/v1/projects?{query}"), t).await;
        assert_eq!(r.status, 422, "{query}: {}", r.body);
    }
    // Projects carry no tags.
    app.get("/api/v1/tags?kind=project", t)
        .await
        .assert_problem(422, "validation_failed");
}

#[actix_web::test]
async fn a_restricted_project_is_seen_by_its_team_and_admins_only() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (member_id, member) = app.user_with_role("m@example.com", "crm_user").await;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let p = created(
        &app,
        t,
        "/api/v1/projects",
        json!({"title": "Secret launch", "restricted": true, "member_ids": [member_id]}),
    )
    .await;
    let id = p["id"].as_i64().unwrap();
    let path = format!("/api/v1/projects/{id}");
    created(&app, t, "/api/v1/projects", json!({"title": "Open launch"})).await;
    created(
        &app,
        t,
        &format!("{path}/history"),
        json!({"content": "Kick-off held"}),
    )
    .await;
    let cat = category(&app, t).await;
    let task = created(
        &app,
        t,
        "/api/v1/tasks",
        json!({"title": "Draft plan", "category_id": cat, "project_id": id,
                "deadline": "2030-01-10T10:00:00Z"}),
    )
    .await;
    assert_eq!(task["project_id"], id);

    for (who, sees) in [
        (t.as_str(), true),
        (member.as_str(), true),
        (other.as_str(), false),
    ] {
        let a = app.get(&path, who).await;
        assert_eq!(a.status == 200, sees, "{}", a.body);
        let list = app.get("/api/v1/projects?q=launch", who).await;
        assert_eq!(
            list.body["total"],
            if sees { 2 } else { 1 },
            "{}",
            list.body
        );
        let mine = app
            .get(&format!("/api/v1/projects?member_id={member_id}"), who)
            .await;
        assert_eq!(mine.body["total"], i64::from(sees), "{}", mine.body);
        let h = app.get(&format!("{path}/history"), who).await;
        assert_eq!(h.status == 200, sees, "{}", h.body);
        let tasks = app
            .get(&format!("/api/v1/tasks?project_id={id}"), who)
            .await;
        assert_eq!(tasks.body["total"], i64::from(sees), "{}", tasks.body);
    }
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
            &json!({"title": "Peek", "category_id": cat, "project_id": id,
                    "deadline": "2030-01-10T10:00:00Z"}),
        )
        .await;
    assert_eq!(r.fields(), ["project_id"], "{}", r.body);
    // The member was told they joined the team; the owner, who acted, was not.
    let n = app.get("/api/v1/notifications", &member).await;
    assert_eq!(
        n.body["items"][0]["kind"], "project_team_joined",
        "{}",
        n.body
    );
    assert_eq!(n.body["items"][0]["params"]["project_id"], id);
    let n = app.get("/api/v1/notifications", t).await;
    assert_eq!(n.body["items"].as_array().unwrap().len(), 0);
    // The member may change it; a colleague joining an open project's team is told too.
    let (joiner_id, joiner) = app.user_with_role("j@example.com", "crm_user").await;
    let open = app.get("/api/v1/projects?q=open", t).await.body["items"][0].clone();
    let joined = app
        .patch(
            &format!("/api/v1/projects/{}", open["id"]),
            t,
            &json!({"member_ids": [joiner_id], "version": open["version"]}),
        )
        .await;
    assert_eq!(joined.status, 200, "{}", joined.body);
    let n = app.get("/api/v1/notifications", &joiner).await;
    assert_eq!(n.body["items"][0]["kind"], "project_team_joined");
    // Someone off the team of an open project may edit it but not change its team.
    app.patch(
        &format!("/api/v1/projects/{}", open["id"]),
        &other,
        &json!({"member_ids": [], "version": joined.body["version"]}),
    )
    .await
    .assert_problem(403, "forbidden");
    let renamed = app
        .patch(
            &format!("/api/v1/projects/{}", open["id"]),
            &other,
            &json!({"title": "Open launch 2", "version": joined.body["version"]}),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.body);
}

#[actix_web::test]
async fn a_hidden_deal_is_not_shown_or_linked_through_a_project() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (member_id, _) = app.user_with_role("m@example.com", "crm_user").await;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let deal = created(
        &app,
        t,
        "/api/v1/deals",
        json!({"title": "Hidden", "restricted": true, "member_ids": [member_id]}),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    let p = created(
        &app,
        t,
        "/api/v1/projects",
        json!({"title": "Delivery", "deal_id": deal}),
    )
    .await;
    let seen = app
        .get(&format!("/api/v1/projects/{}", p["id"]), &other)
        .await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert!(seen.body.get("deal_id").is_none(), "{}", seen.body);
    let list = app
        .get(&format!("/api/v1/projects?deal_id={deal}"), &other)
        .await;
    assert_eq!(list.body["total"], 1);
    assert!(list.body["items"][0].get("deal_id").is_none());
    let r = app
        .post(
            "/api/v1/projects",
            &other,
            &json!({"title": "Mine", "deal_id": deal}),
        )
        .await;
    assert_eq!(r.fields(), ["deal_id"], "{}", r.body);
    // Deleting the deal keeps the project, unlinked, with a new version.
    let d = app.delete(&format!("/api/v1/deals/{deal}"), t).await;
    assert_eq!(d.status, 204, "{}", d.body);
    let after = app.get(&format!("/api/v1/projects/{}", p["id"]), t).await;
    assert_eq!(after.status, 200, "{}", after.body);
    assert!(after.body.get("deal_id").is_none(), "{}", after.body);
    assert_eq!(after.body["version"], 2);
}

#[actix_web::test]
async fn projects_filter_and_page_and_deleting_one_takes_its_tasks_and_history() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (user_id, _) = app.user_with_role("m@example.com", "crm_user").await;
    for (title, status, deadline, manager) in [
        ("Alpha", "open", "2027-01-10", user_id),
        ("Beta", "paused", "2027-02-10", user_id),
        ("Gamma", "closed", "2027-03-10", 0),
    ] {
        let mut body = json!({"title": title, "status": status, "deadline": deadline});
        if manager != 0 {
            body["manager_id"] = json!(manager);
        }
        created(&app, t, "/api/v1/projects", body).await;
    }
    let r = app.get("/api/v1/projects?status=paused", t).await;
    assert_eq!(titles(&r.body), ["Beta"]);
    let r = app
        .get(
            &format!("/api/v1/projects?manager_id={user_id}&sort=title"),
            t,
        )
        .await;
    assert_eq!(titles(&r.body), ["Alpha", "Beta"]);
    let r = app
        .get("/api/v1/projects?deadline_before=2027-02-10&sort=-title", t)
        .await;
    assert_eq!(titles(&r.body), ["Beta", "Alpha"]);
    let mut seen = Vec::new();
    let mut next = "/api/v1/projects?sort=title&limit=1".to_owned();
    loop {
        let page = app.get(&next, t).await;
        assert_eq!(page.status, 200, "{}", page.body);
        seen.extend(titles(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(c) => next = format!("/api/v1/projects?sort=title&limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, ["Alpha", "Beta", "Gamma"]);

    let id = app.get("/api/v1/projects?q=gamma", t).await.body["items"][0]["id"]
        .as_i64()
        .unwrap();
    let cat = category(&app, t).await;
    let task = created(
        &app,
        t,
        "/api/v1/tasks",
        json!({"title": "Wrap up", "category_id": cat, "project_id": id,
                "deadline": "2030-01-10T10:00:00Z"}),
    )
    .await;
    created(
        &app,
        t,
        &format!("/api/v1/projects/{id}/history"),
        json!({"content": "Done"}),
    )
    .await;
    let d = app.delete(&format!("/api/v1/projects/{id}"), t).await;
    assert_eq!(d.status, 204, "{}", d.body);
    app.get(&format!("/api/v1/projects/{id}"), t)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/tasks/{}", task["id"]), t)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("/api/v1/projects/{id}/history"), t)
        .await
        .assert_problem(404, "not_found");
}
