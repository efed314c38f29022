//! Tasks: categories, deadlines in users' time zones, access rules, closing with a history
//! entry, lists, bulk creation as a job, reminders delivered once, calendar feeds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use chrono::{SecondsFormat, Utc};
use common::{spawn_app, spawn_app_with, TestApp};
use serde_json::{json, Value};

async fn categories(app: &TestApp, token: &str) -> Vec<Value> {
    let a = app
        .get("/api/v1/settings/lists/task_categories", token)
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body["items"].as_array().unwrap().clone()
}

async fn category(app: &TestApp, token: &str) -> i64 {
    categories(app, token).await[0]["id"].as_i64().unwrap()
}

async fn contact(app: &TestApp, token: &str, name: &str, access: &str) -> i64 {
    let a = app
        .post(
            "/api/v1/contacts",
            token,
            &json!({"kind": "person", "first_name": name, "last_name": "Test", "access": access}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    a.body["id"].as_i64().unwrap()
}

async fn task(app: &TestApp, token: &str, body: Value) -> Value {
    let a = app.post("/api/v1/tasks", token, &body).await;
    assert_eq!(a.status, 201, "{}", a.body);
    a.body
}

fn in_seconds(s: i64) -> String {
    (Utc::now() + chrono::Duration::seconds(s)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn set_zone(app: &TestApp, token: &str, zone: &str) {
    let me = app.get("/api/v1/me", token).await;
    let a = app
        .patch(
            "/api/v1/me",
            token,
            &json!({"time_zone": zone, "version": me.body["user"]["version"]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
}

async fn notifications_of(app: &TestApp, token: &str, kind: &str) -> Vec<Value> {
    let a = app.get("/api/v1/notifications?limit=200", token).await;
    assert_eq!(a.status, 200, "{}", a.body);
    a.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == kind)
        .cloned()
        .collect()
}

/// Waits until `n` reminders reached the user (at most `secs` seconds).
async fn wait_reminders(app: &TestApp, token: &str, n: usize, secs: u64) -> Vec<Value> {
    let started = std::time::Instant::now();
    loop {
        let got = notifications_of(app, token, "task_reminder").await;
        if got.len() >= n || started.elapsed() > Duration::from_secs(secs) {
            return got;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[actix_web::test]
async fn categories_are_seeded_with_icons_and_replaced_on_delete() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let items = categories(&app, t).await;
    let titles: Vec<&str> = items.iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 12);
    assert_eq!(titles[0], "Phone call");
    assert_eq!(titles[11], "Expression of gratitude");
    assert!(items
        .iter()
        .all(|i| i["icon"].is_string() && i["color"].is_string()));

    let bad = app
        .post(
            "/api/v1/settings/lists/task_categories",
            t,
            &json!({"title": "Visit", "icon": "rocket"}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(bad.fields(), ["icon"]);
    let no_icons = app
        .post(
            "/api/v1/settings/lists/contact_types",
            t,
            &json!({"title": "Lead", "icon": "phone"}),
        )
        .await;
    assert_eq!(no_icons.fields(), ["icon"]);
    let visit = app
        .post(
            "/api/v1/settings/lists/task_categories",
            t,
            &json!({"title": "Visit", "icon": "meeting", "color": "#112233"}),
        )
        .await;
    assert_eq!(visit.status, 201, "{}", visit.body);
    let visit_id = visit.body["id"].as_i64().unwrap();

    let created = task(
        &app,
        t,
        json!({"title": "Drive over", "category_id": visit_id, "deadline": in_seconds(86_400 * 3)}),
    )
    .await;
    let in_use = app
        .delete(
            &format!("/api/v1/settings/lists/task_categories/{visit_id}"),
            t,
        )
        .await;
    assert_eq!(in_use.status, 409, "{}", in_use.body);
    let to = items[0]["id"].as_i64().unwrap();
    let moved = app
        .delete(
            &format!("/api/v1/settings/lists/task_categories/{visit_id}?replace_with={to}"),
            t,
        )
        .await;
    assert_eq!(moved.status, 204, "{}", moved.body);
    let after = app
        .get(&format!("/api/v1/tasks/{}", created["id"]), t)
        .await;
    assert_eq!(after.body["category_id"], to);
}

#[actix_web::test]
async fn deadlines_are_wall_time_in_the_users_zone_across_daylight_saving() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    set_zone(&app, t, "America/New_York").await;
    let cat = category(&app, t).await;
    // New York moves from EST (UTC-5) to EDT (UTC-4) on 10 March 2030.
    let before = task(
        &app,
        t,
        json!({"title": "Before", "category_id": cat, "deadline": "2030-03-08T09:00"}),
    )
    .await;
    assert_eq!(before["deadline"], "2030-03-08T14:00:00Z");
    assert_eq!(before["deadline_local"], "2030-03-08T09:00");
    let after = task(
        &app,
        t,
        json!({"title": "After", "category_id": cat, "deadline": "2030-03-11T09:00"}),
    )
    .await;
    assert_eq!(after["deadline"], "2030-03-11T13:00:00Z");
    assert_eq!(after["deadline_local"], "2030-03-11T09:00");
    // The default reminder is a day before at the same wall time, across the change.
    assert_eq!(after["reminder"], "1d");
    assert_eq!(after["remind_at"], "2030-03-10T13:00:00Z");
    let hours = task(&app, t, json!({"title": "Hours", "category_id": cat, "deadline": "2030-03-11T09:00", "reminder": "2h"})).await;
    assert_eq!(hours["remind_at"], "2030-03-11T11:00:00Z");
    let never = task(&app, t, json!({"title": "Never", "category_id": cat, "deadline": "2030-03-11T09:00", "reminder": "never"})).await;
    assert!(never.get("remind_at").is_none());
    // RFC 3339 with an offset is taken as it is.
    let offset = task(
        &app,
        t,
        json!({"title": "Offset", "category_id": cat, "deadline": "2030-06-01T10:00:00+03:00"}),
    )
    .await;
    assert_eq!(offset["deadline"], "2030-06-01T07:00:00Z");
    assert_eq!(offset["deadline_local"], "2030-06-01T03:00");

    // Another viewer sees the same instant in their own zone; a zone change moves nothing.
    set_zone(&app, t, "Europe/Moscow").await;
    let again = app.get(&format!("/api/v1/tasks/{}", after["id"]), t).await;
    assert_eq!(again.body["deadline"], "2030-03-11T13:00:00Z");
    assert_eq!(again.body["deadline_local"], "2030-03-11T16:00");
}

#[actix_web::test]
async fn bad_input_names_the_field() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let cat = category(&app, t).await;
    let a = app
        .post(
            "/api/v1/tasks",
            t,
            &json!({"title": " ", "category_id": cat, "deadline": "next tuesday"}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["title", "deadline"]);
    let a = app
        .post("/api/v1/tasks", t, &json!({"title": "X", "category_id": cat, "deadline": "2030-01-01T10:00", "reminder": "3h"}))
        .await;
    assert_eq!(a.status, 422, "{}", a.body);
    assert_eq!(a.fields(), ["reminder"]);
    let a = app
        .post(
            "/api/v1/tasks",
            t,
            &json!({"title": "X", "category_id": 999_999, "deadline": "2030-01-01T10:00"}),
        )
        .await;
    assert_eq!(a.fields(), ["category_id"]);
    let a = app
        .post("/api/v1/tasks", t, &json!({"title": "X", "category_id": cat, "deadline": "2030-01-01T10:00", "responsible_id": 999_999}))
        .await;
    assert_eq!(a.fields(), ["responsible_id"]);
    let a = app
        .post("/api/v1/tasks", t, &json!({"title": "X", "category_id": cat, "deadline": "2030-01-01T10:00", "contact_id": 999_999}))
        .await;
    assert_eq!(a.fields(), ["contact_id"]);
    let a = app
        .post("/api/v1/tasks", t, &json!({"title": "X", "category_id": cat, "deadline": "2030-01-01T10:00", "description": "line\rBEGIN:VEVENT"}))
        .await;
    assert_eq!(a.fields(), ["description"]);
    // Far years chrono can read must not overflow time zone arithmetic.
    set_zone(&app, t, "America/New_York").await;
    for far in [
        "+262142-12-31T23:30",
        "-262143-01-01T00:00",
        "9999-12-31T23:59",
    ] {
        let a = app
            .post(
                "/api/v1/tasks",
                t,
                &json!({"title": "X", "category_id": cat, "deadline": far}),
            )
            .await;
        assert_eq!(a.status, 422, "{far}: {}", a.body);
        assert_eq!(a.fields(), ["deadline"], "{far}");
    }
    let a = app
        .get("/api/v1/tasks?due=tomorrow&status=done&sort=colour", t)
        .await;
    assert_eq!(a.status, 422);
    let created = task(
        &app,
        t,
        json!({"title": "X", "category_id": cat, "deadline": "2030-01-01T10:00"}),
    )
    .await;
    let a = app
        .patch(
            &format!("/api/v1/tasks/{}", created["id"]),
            t,
            &json!({"title": "Y"}),
        )
        .await;
    a.assert_problem(428, "precondition_required");
    let a = app
        .patch(
            &format!("/api/v1/tasks/{}", created["id"]),
            t,
            &json!({"title": "Y", "version": 0}),
        )
        .await;
    a.assert_problem(412, "version_mismatch");
}

#[actix_web::test]
async fn visibility_and_editing_follow_the_responsible_creator_and_contact() {
    let app = spawn_app().await;
    let owner = &app.owner_token;
    let (bob_id, bob) = app.user_with_role("bob@example.com", "crm_user").await;
    let (_, eve) = app.user_with_role("eve@example.com", "crm_user").await;
    let cat = category(&app, owner).await;
    let private = contact(&app, owner, "Secret", "private").await;
    let shared = contact(&app, owner, "Public", "shared_read").await;
    let deadline = "2030-05-01T10:00";

    let about_private = task(&app, owner, json!({"title": "Private call", "category_id": cat, "deadline": deadline, "contact_id": private})).await;
    let for_bob = task(&app, owner, json!({"title": "Bob's call", "category_id": cat, "deadline": deadline, "contact_id": private, "responsible_id": bob_id})).await;
    let about_shared = task(&app, owner, json!({"title": "Shared call", "category_id": cat, "deadline": deadline, "contact_id": shared})).await;
    let unlinked = task(
        &app,
        owner,
        json!({"title": "Team lunch", "category_id": cat, "deadline": deadline}),
    )
    .await;

    let titles = |a: &common::Answer| -> Vec<String> {
        let mut v: Vec<String> = a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap().to_owned())
            .collect();
        v.sort();
        v
    };
    let seen = app.get("/api/v1/tasks", &eve).await;
    assert_eq!(titles(&seen), ["Shared call", "Team lunch"]);
    assert_eq!(seen.body["total"], 2);
    let seen = app.get("/api/v1/tasks", &bob).await;
    assert_eq!(titles(&seen), ["Bob's call", "Shared call", "Team lunch"]);
    // Bob sees his task about a contact he cannot see, without the contact's name.
    let mine = app
        .get(&format!("/api/v1/tasks/{}", for_bob["id"]), &bob)
        .await;
    assert_eq!(mine.status, 200);
    assert!(mine.body.get("contact_name").is_none());
    assert!(mine.body.get("about_name").is_none());
    assert_eq!(mine.body["can_edit"], true);
    let owner_view = app
        .get(&format!("/api/v1/tasks/{}", for_bob["id"]), owner)
        .await;
    assert_eq!(owner_view.body["contact_name"], "Secret Test");
    assert_eq!(owner_view.body["about_name"], "Secret Test");

    for path in [
        format!("/api/v1/tasks/{}", about_private["id"]),
        format!("/api/v1/tasks?contact_id={private}"),
    ] {
        let a = app.get(&path, &eve).await;
        if a.status == 200 {
            assert_eq!(a.body["total"], 0, "{path}");
        } else {
            a.assert_problem(404, "not_found");
        }
    }
    let a = app
        .post(
            &format!("/api/v1/tasks/{}/close", about_private["id"]),
            &eve,
            &json!({}),
        )
        .await;
    a.assert_problem(404, "not_found");
    // Seen but not hers: read-only.
    let a = app
        .get(&format!("/api/v1/tasks/{}", unlinked["id"]), &eve)
        .await;
    assert_eq!(a.body["can_edit"], false);
    let a = app
        .post(
            &format!("/api/v1/tasks/{}/close", about_shared["id"]),
            &eve,
            &json!({}),
        )
        .await;
    a.assert_problem(403, "task_read_only");
    let a = app
        .patch(
            &format!("/api/v1/tasks/{}", unlinked["id"]),
            &eve,
            &json!({"title": "Mine now", "version": 1}),
        )
        .await;
    a.assert_problem(403, "task_read_only");
    let a = app
        .delete(&format!("/api/v1/tasks/{}", unlinked["id"]), &eve)
        .await;
    a.assert_problem(403, "task_read_only");
    // The responsible user changes and closes it.
    let a = app
        .patch(
            &format!("/api/v1/tasks/{}", for_bob["id"]),
            &bob,
            &json!({"title": "Bob's call, moved", "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    // Linking a contact one cannot see is refused.
    let a = app
        .patch(
            &format!("/api/v1/tasks/{}", for_bob["id"]),
            &bob,
            &json!({"contact_id": private, "version": 2}),
        )
        .await;
    assert_eq!(a.status, 200, "unchanged link is fine: {}", a.body);
    let a = app
        .post("/api/v1/tasks", &eve, &json!({"title": "Peek", "category_id": cat, "deadline": deadline, "contact_id": private}))
        .await;
    assert_eq!(a.fields(), ["contact_id"]);
    // Bob was told about the task given to him.
    let told = notifications_of(&app, &bob, "task_assigned").await;
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["params"]["title"], "Bob's call");

    // Another portal sees none of it.
    let (_, other) = app.other_portal().await;
    let a = app.get("/api/v1/tasks?status=all", &other).await;
    assert_eq!(a.body["total"], 0);
    let a = app
        .get(&format!("/api/v1/tasks/{}", unlinked["id"]), &other)
        .await;
    a.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn closing_adds_a_history_entry_once_and_reopening_restores_the_task() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let cat = category(&app, t).await;
    let c = contact(&app, t, "Anna", "shared_write").await;
    let created = task(&app, t, json!({"title": "Send the offer", "category_id": cat, "deadline": "2030-01-10T10:00", "contact_id": c})).await;
    let id = created["id"].as_i64().unwrap();
    let closed = app
        .post(&format!("/api/v1/tasks/{id}/close"), t, &json!({}))
        .await;
    assert_eq!(closed.status, 200, "{}", closed.body);
    assert_eq!(closed.body["closed"], true);
    assert!(closed.body.get("remind_at").is_none());
    let again = app
        .post(&format!("/api/v1/tasks/{id}/close"), t, &json!({}))
        .await;
    assert_eq!(again.status, 200);
    let history = app.get(&format!("/api/v1/contacts/{c}/history"), t).await;
    let entries = history.body["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{}", history.body);
    assert_eq!(entries[0]["event"], "task_closed");
    assert_eq!(entries[0]["task_id"], id);
    assert_eq!(entries[0]["content"], "Send the offer");

    let open = app.get("/api/v1/tasks", t).await;
    assert_eq!(open.body["total"], 0);
    let done = app.get("/api/v1/tasks?status=closed", t).await;
    assert_eq!(done.body["total"], 1);
    let reopened = app
        .post(&format!("/api/v1/tasks/{id}/reopen"), t, &json!({}))
        .await;
    assert_eq!(reopened.body["closed"], false);
    assert_eq!(reopened.body["remind_at"], "2030-01-09T10:00:00Z");

    // Merging moves tasks to the contact that stays.
    let twin = contact(&app, t, "Anna", "shared_write").await;
    let moved = task(&app, t, json!({"title": "Twin's task", "category_id": cat, "deadline": "2030-01-10T10:00", "contact_id": twin})).await;
    let a = app
        .post(
            "/api/v1/contacts/merge",
            t,
            &json!({"target_id": c, "source_id": twin, "dry_run": false}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let a = app.get(&format!("/api/v1/tasks/{}", moved["id"]), t).await;
    assert_eq!(a.body["contact_id"], c);

    // Deleting the contact deletes its tasks.
    let a = app.delete(&format!("/api/v1/contacts/{c}"), t).await;
    assert_eq!(a.status, 204, "{}", a.body);
    let a = app.get(&format!("/api/v1/tasks/{id}"), t).await;
    a.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn lists_filter_sort_and_page() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (bob_id, _) = app.user_with_role("bob@example.com", "crm_user").await;
    let cats = categories(&app, t).await;
    let (first, last) = (
        cats[0]["id"].as_i64().unwrap(),
        cats[11]["id"].as_i64().unwrap(),
    );
    let c = contact(&app, t, "Anna", "shared_read").await;
    let today = Utc::now().format("%Y-%m-%d").to_string();
    task(
        &app,
        t,
        json!({"title": "b overdue", "category_id": last, "deadline": in_seconds(-3600)}),
    )
    .await;
    task(&app, t, json!({"title": "a later", "category_id": first, "deadline": "2031-01-01T10:00", "contact_id": c})).await;
    task(&app, t, json!({"title": "c for bob", "category_id": first, "deadline": "2031-02-01T10:00", "responsible_id": bob_id})).await;
    task(
        &app,
        t,
        json!({"title": "d today", "category_id": last, "deadline": format!("{today}T23:59")}),
    )
    .await;

    let titles = |a: &common::Answer| -> Vec<String> {
        a.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["title"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = app.get("/api/v1/tasks", t).await;
    assert_eq!(
        titles(&all),
        ["b overdue", "d today", "a later", "c for bob"]
    );
    assert_eq!(all.body["items"][0]["overdue"], true);
    assert_eq!(
        titles(&app.get("/api/v1/tasks?mine=true", t).await).len(),
        3
    );
    assert_eq!(
        titles(
            &app.get(&format!("/api/v1/tasks?responsible_id={bob_id}"), t)
                .await
        ),
        ["c for bob"]
    );
    assert_eq!(
        titles(&app.get("/api/v1/tasks?due=overdue", t).await),
        ["b overdue"]
    );
    assert!(titles(&app.get("/api/v1/tasks?due=today", t).await).contains(&"d today".to_owned()));
    assert_eq!(
        titles(&app.get(&format!("/api/v1/tasks?contact_id={c}"), t).await),
        ["a later"]
    );
    assert_eq!(
        titles(
            &app.get(&format!("/api/v1/tasks?category_id={last}"), t)
                .await
        )
        .len(),
        2
    );
    assert_eq!(
        titles(
            &app.get("/api/v1/tasks?due_from=2031-01-15&due_to=2031-03-01", t)
                .await
        ),
        ["c for bob"]
    );
    assert_eq!(
        titles(&app.get("/api/v1/tasks?q=BOB", t).await),
        ["c for bob"]
    );
    assert_eq!(
        titles(&app.get("/api/v1/tasks?sort=-title", t).await),
        ["d today", "c for bob", "b overdue", "a later"]
    );

    // Keyset pages by category, then id.
    let mut seen = Vec::new();
    let mut path = "/api/v1/tasks?sort=category&limit=1".to_owned();
    loop {
        let page = app.get(&path, t).await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert_eq!(page.body["total"], 4);
        seen.extend(titles(&page));
        match page.body["next_cursor"].as_str() {
            Some(c) => path = format!("/api/v1/tasks?sort=category&limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, ["a later", "c for bob", "b overdue", "d today"]);
    let wrong = app
        .get(
            &format!("{}&sort=title", path.replace("sort=category&", "")),
            t,
        )
        .await;
    assert_eq!(wrong.status, 422);
}

#[actix_web::test]
async fn bulk_creation_runs_as_a_job_with_progress_and_skips_unseen_contacts() {
    let app = spawn_app().await;
    let owner = &app.owner_token;
    let (_, bob) = app.user_with_role("bob@example.com", "crm_user").await;
    let cat = category(&app, owner).await;
    let mine = contact(&app, &bob, "Mine", "private").await;
    let shared = contact(&app, owner, "Shared", "shared_read").await;
    let hidden = contact(&app, owner, "Hidden", "private").await;
    let a = app
        .post(
            "/api/v1/tasks/bulk",
            &bob,
            &json!({"contact_ids": [mine, shared, hidden, mine],
            "task": {"title": "Call back", "category_id": cat, "deadline": "2030-02-01T10:00"}}),
        )
        .await;
    assert_eq!(a.status, 202, "{}", a.body);
    let job_id = a.body["id"].as_i64().unwrap();
    assert_eq!(a.body["kind"], "bulk_create_tasks");

    // The event stream reports until the job is done, then ends.
    let stream = app
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/jobs/{job_id}/events"),
        )
        .bearer_auth(&bob)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    let text = tokio::time::timeout(Duration::from_secs(20), stream.text())
        .await
        .unwrap()
        .unwrap();
    assert!(text.contains("\"state\":\"succeeded\""), "{text}");

    let job = app.get(&format!("/api/v1/jobs/{job_id}"), &bob).await;
    assert_eq!(job.body["state"], "succeeded");
    assert_eq!(job.body["progress_done"], 3);
    assert_eq!(job.body["progress_total"], 3);
    assert_eq!(job.body["result"]["created"], 2);
    assert_eq!(
        job.body["result"]["skipped"],
        json!([{"contact_id": hidden, "code": "not_found"}])
    );
    let tasks = app.get("/api/v1/tasks?q=call back", &bob).await;
    assert_eq!(tasks.body["total"], 2);

    // Someone else's job is not there for others.
    let (_, eve) = app.user_with_role("eve@example.com", "crm_user").await;
    app.get(&format!("/api/v1/jobs/{job_id}"), &eve)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        app.get(&format!("/api/v1/jobs/{job_id}"), owner)
            .await
            .status,
        200
    );

    let a = app
        .post(
            "/api/v1/tasks/bulk",
            &bob,
            &json!({"contact_ids": [], "task": {"title": "", "category_id": cat, "deadline": "x"}}),
        )
        .await;
    assert_eq!(a.fields(), ["contact_ids"]);
    let a = app
        .post("/api/v1/tasks/bulk", &bob, &json!({"contact_ids": [mine], "task": {"title": "", "category_id": cat, "deadline": "x"}}))
        .await;
    assert_eq!(a.fields(), ["task.title", "task.deadline"]);
    let a = app
        .post(
            "/api/v1/tasks/bulk",
            &bob,
            &json!({"contact_ids": [mine], "task": {"title": "T", "category_id": cat,
            "deadline": "2030-01-01T10:00", "description": "a\u{0}b"}}),
        )
        .await;
    assert_eq!(a.fields(), ["task.description"]);
}

/// A `bulk_create_tasks` job as a worker of a process that died leaves it: running, with an
/// expired lease, after `attempts` attempts that got through `done` contacts.
fn insert_orphaned_job(app: &TestApp, payload: &Value, attempts: i64, done: i64, result: &Value) {
    use diesel::RunQueryDsl as _;
    let mut conn = app.pool.get().unwrap();
    let past = (Utc::now() - chrono::Duration::minutes(5)).naive_utc();
    diesel::sql_query(
        "INSERT INTO jobs (portal_id, kind, payload, state, attempts, max_attempts, run_at, lease_until, worker, \
         progress_done, progress_total, result, created_by, created_at, updated_at) \
         VALUES ($1, 'bulk_create_tasks', $2, 'running', $3, 3, $4, $4, 'dead-worker', $5, 2, $6, $7, $4, $4)",
    )
    .bind::<diesel::sql_types::BigInt, _>(app.portal_id)
    .bind::<diesel::sql_types::Text, _>(payload.to_string())
    .bind::<diesel::sql_types::BigInt, _>(attempts)
    .bind::<diesel::sql_types::Timestamp, _>(past)
    .bind::<diesel::sql_types::BigInt, _>(done)
    .bind::<diesel::sql_types::Text, _>(result.to_string())
    .bind::<diesel::sql_types::BigInt, _>(app.owner_id)
    .execute(&mut **conn)
    .unwrap();
}

#[actix_web::test]
async fn a_job_left_running_by_a_dead_process_is_resumed_where_it_stopped() {
    let app = spawn_app_with(|a| a.jobs.job_lease_secs = 3).await;
    let t = &app.owner_token;
    let cat = category(&app, t).await;
    let a = contact(&app, t, "First", "shared_read").await;
    let b = contact(&app, t, "Second", "shared_read").await;
    let payload = json!({
        "actor": {"portal_id": app.portal_id, "user_id": app.owner_id, "name": "Olga Owner", "is_crm_admin": true},
        "contact_ids": [a, b],
        "task": {"title": "Resumed", "description": "", "category_id": cat, "responsible_id": app.owner_id,
                 "notify": false, "deadline": "2030-01-01T10:00:00", "reminder": "never"}
    });
    // A worker of a process that died took the job, did the first contact, and vanished.
    insert_orphaned_job(&app, &payload, 1, 1, &json!({"created": 1, "skipped": []}));
    let started = std::time::Instant::now();
    let job = loop {
        let all = app.get("/api/v1/tasks?q=resumed", t).await;
        let job = app.get("/api/v1/jobs/1", t).await;
        if job.body["state"] == "succeeded" || started.elapsed() > Duration::from_secs(20) {
            assert_eq!(all.status, 200);
            break job;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(job.body["state"], "succeeded", "{}", job.body);
    assert_eq!(job.body["attempts"], 2);
    assert_eq!(job.body["result"]["created"], 2);
    // Only the second contact got a task now: the first was done before the crash.
    let tasks = app.get("/api/v1/tasks?q=resumed", t).await;
    assert_eq!(tasks.body["total"], 1);
    assert_eq!(tasks.body["items"][0]["contact_id"], b);
}

#[actix_web::test]
async fn a_job_whose_process_died_on_its_last_attempt_fails_instead_of_running_again() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    insert_orphaned_job(&app, &json!({}), 3, 0, &json!(null));
    let started = std::time::Instant::now();
    let job = loop {
        let job = app.get("/api/v1/jobs/1", t).await;
        if job.body["state"] != "running" || started.elapsed() > Duration::from_secs(10) {
            break job;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(job.body["state"], "failed", "{}", job.body);
    assert_eq!(job.body["attempts"], 3);
}

#[actix_web::test]
async fn reminders_fire_once_are_rescheduled_by_edits_and_skip_closed_tasks() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let cat = category(&app, t).await;
    // Due in about two seconds: five minutes before a deadline five minutes and two seconds away.
    let due = task(
        &app,
        t,
        json!({"title": "Soon", "category_id": cat, "deadline": in_seconds(302), "reminder": "5m"}),
    )
    .await;
    let closed = task(&app, t, json!({"title": "Closed", "category_id": cat, "deadline": in_seconds(302), "reminder": "5m"})).await;
    app.post(
        &format!("/api/v1/tasks/{}/close", closed["id"]),
        t,
        &json!({}),
    )
    .await;
    let moved = task(&app, t, json!({"title": "Moved", "category_id": cat, "deadline": "2031-01-01T10:00", "reminder": "5m"})).await;
    let a = app
        .patch(
            &format!("/api/v1/tasks/{}", moved["id"]),
            t,
            &json!({"deadline": in_seconds(302), "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let later = task(&app, t, json!({"title": "Later", "category_id": cat, "deadline": in_seconds(303), "reminder": "5m"})).await;
    let a = app
        .patch(
            &format!("/api/v1/tasks/{}", later["id"]),
            t,
            &json!({"reminder": "never", "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);

    let got = wait_reminders(&app, t, 2, 15).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got_after = notifications_of(&app, t, "task_reminder").await;
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got_after.len(), 2);
    let mut titles: Vec<&str> = got
        .iter()
        .map(|n| n["params"]["title"].as_str().unwrap())
        .collect();
    titles.sort_unstable();
    assert_eq!(titles, ["Moved", "Soon"]);
    let after = app.get(&format!("/api/v1/tasks/{}", due["id"]), t).await;
    assert!(after.body["reminded_at"].is_string());
    assert!(after.body.get("remind_at").is_none());
}

#[actix_web::test]
async fn a_reminder_fires_once_with_two_server_processes_on_one_database() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let cat = category(&app, t).await;
    let second = app.another_process(|_| {});
    for i in 0..40 {
        task(&app, t, json!({"title": format!("Task {i}"), "category_id": cat, "deadline": in_seconds(302), "reminder": "5m"})).await;
    }
    let got = wait_reminders(&app, t, 40, 20).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let got = if got.len() == 40 {
        notifications_of(&app, t, "task_reminder").await
    } else {
        got
    };
    let mut ids: Vec<i64> = got
        .iter()
        .map(|n| n["params"]["task_id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(got.len(), 40, "each reminder exactly once");
    assert_eq!(ids.len(), 40);
    second.stop().await;
}

#[actix_web::test]
async fn a_reminder_scheduled_before_a_restart_fires_after_it() {
    let app = spawn_app().await;
    let t = app.owner_token.clone();
    let cat = category(&app, &t).await;
    task(&app, &t, json!({"title": "Across restart", "category_id": cat, "deadline": in_seconds(303), "reminder": "5m"})).await;
    app.stop().await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let next = app.another_process(|_| {});
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    let items = loop {
        let a: Value = client
            .get(format!("{}/api/v1/notifications", next.base))
            .bearer_auth(&t)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items: Vec<Value> = a["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == "task_reminder")
            .cloned()
            .collect();
        if !items.is_empty() || started.elapsed() > Duration::from_secs(15) {
            break items;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["params"]["title"], "Across restart");
    next.stop().await;
}

#[actix_web::test]
async fn calendar_feeds_list_open_tasks_and_end_when_revoked() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (bob_id, bob) = app.user_with_role("bob@example.com", "crm_user").await;
    let cat = category(&app, t).await;
    task(
        &app,
        t,
        json!({"title": "Owner's demo", "category_id": cat, "deadline": "2030-04-01T10:00"}),
    )
    .await;
    task(&app, t, json!({"title": "Bob's demo", "category_id": cat, "deadline": "2030-04-02T10:00", "responsible_id": bob_id})).await;
    let done = task(
        &app,
        t,
        json!({"title": "Done demo", "category_id": cat, "deadline": "2030-04-03T10:00"}),
    )
    .await;
    app.post(
        &format!("/api/v1/tasks/{}/close", done["id"]),
        t,
        &json!({}),
    )
    .await;

    assert_eq!(
        app.get("/api/v1/me/calendar-feed", t).await.body["active"],
        false
    );
    let made = app.post("/api/v1/me/calendar-feed", t, &json!({})).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let url = made.body["url"].as_str().unwrap().to_owned();
    assert!(url.starts_with(&app.base) && url.ends_with(".ics"), "{url}");
    let path = url.trim_start_matches(&app.base).to_owned();
    let feed = app.client.get(app.url(&path)).send().await.unwrap();
    assert_eq!(feed.status(), 200);
    assert!(feed.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/calendar"));
    let text = feed.text().await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    assert!(text.contains("SUMMARY:Owner's demo"), "{text}");
    assert!(text.contains("DTSTART:20300401T100000Z"), "{text}");
    assert!(!text.contains("Bob's demo") && !text.contains("Done demo"));
    let status = app.get("/api/v1/me/calendar-feed", t).await;
    assert_eq!(status.body["active"], true);
    assert!(status.body.get("url").is_none());

    // A new URL replaces the old; revoking ends it.
    let again = app.post("/api/v1/me/calendar-feed", t, &json!({})).await;
    let new_path = again.body["url"]
        .as_str()
        .unwrap()
        .trim_start_matches(&app.base)
        .to_owned();
    app.get(&path, "").await.assert_problem(404, "not_found");
    assert_eq!(
        app.client
            .get(app.url(&new_path))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(app.delete("/api/v1/me/calendar-feed", t).await.status, 204);
    app.get(&new_path, "")
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/public/calendar/crm_cal_guess.ics", "")
        .await
        .assert_problem(404, "not_found");
    // Bob's own feed has only his task.
    let bobs = app.post("/api/v1/me/calendar-feed", &bob, &json!({})).await;
    let bob_path = bobs.body["url"]
        .as_str()
        .unwrap()
        .trim_start_matches(&app.base)
        .to_owned();
    let text = app
        .client
        .get(app.url(&bob_path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        text.contains("SUMMARY:Bob's demo") && !text.contains("Owner's demo"),
        "{text}"
    );
}

/// Another portal reaches none of a portal's tasks and cannot lend its own records to them; a
/// read-only API token changes nothing; someone else's job stream is not there.
#[actix_web::test]
async fn tasks_and_jobs_stay_inside_their_portal_and_scope() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let cat = category(&app, t).await;
    let created = task(
        &app,
        t,
        json!({"title": "Ours", "category_id": cat, "deadline": "2030-01-01T10:00"}),
    )
    .await;
    let path = format!("/api/v1/tasks/{}", created["id"]);
    let (_, other) = app.other_portal().await;
    app.patch(&path, &other, &json!({"title": "Theirs", "version": 1}))
        .await
        .assert_problem(404, "not_found");
    for action in ["close", "reopen"] {
        app.post(&format!("{path}/{action}"), &other, &json!({}))
            .await
            .assert_problem(404, "not_found");
    }
    app.delete(&path, &other)
        .await
        .assert_problem(404, "not_found");

    // The other portal's category, user and contact are unknown here.
    let their_cat = category(&app, &other).await;
    let me = app.get("/api/v1/me", &other).await.body["user"]["id"].clone();
    let their_contact = contact(&app, &other, "Foreign", "shared_write").await;
    for (field, value) in [
        ("category_id", their_cat.into()),
        ("responsible_id", me),
        ("contact_id", their_contact.into()),
    ] {
        let mut body = json!({"title": "X", "category_id": cat, "deadline": "2030-01-01T10:00"});
        body[field] = value.clone();
        assert_eq!(app.post("/api/v1/tasks", t, &body).await.fields(), [field]);
        let a = app
            .patch(&path, t, &json!({field: value, "version": 1}))
            .await;
        assert_eq!(a.fields(), [field], "{}", a.body);
    }
    let a = app
        .post(
            "/api/v1/tasks/bulk",
            t,
            &json!({"contact_ids": [their_contact],
            "task": {"title": "X", "category_id": their_cat, "deadline": "2030-01-01T10:00"}}),
        )
        .await;
    assert_eq!(a.fields(), ["task.category_id"]);

    // A read-only token reads but does not write.
    let token = app.read_only_token(t).await;
    assert_eq!(app.get(&path, &token).await.status, 200);
    app.post(
        "/api/v1/tasks",
        &token,
        &json!({"title": "X", "category_id": cat, "deadline": "2030-01-01T10:00"}),
    )
    .await
    .assert_problem(403, "insufficient_scope");
    app.post(&format!("{path}/close"), &token, &json!({}))
        .await
        .assert_problem(403, "insufficient_scope");
    app.post("/api/v1/me/calendar-feed", &token, &json!({}))
        .await
        .assert_problem(403, "insufficient_scope");

    // A job's event stream is for its creator and CRM admins only.
    let (_, bob) = app.user_with_role("bob@example.com", "crm_user").await;
    let c = contact(&app, t, "Shared", "shared_read").await;
    let job = app
        .post(
            "/api/v1/tasks/bulk",
            t,
            &json!({"contact_ids": [c],
            "task": {"title": "Y", "category_id": cat, "deadline": "2030-01-01T10:00"}}),
        )
        .await;
    let events = format!("/api/v1/jobs/{}/events", job.body["id"]);
    app.get(&events, &bob)
        .await
        .assert_problem(404, "not_found");
    app.get(&events, &other)
        .await
        .assert_problem(404, "not_found");
}

/// A calendar feed ends with its owner's account or CRM access.
#[actix_web::test]
async fn a_calendar_feed_ends_when_its_owner_is_deactivated() {
    let app = spawn_app().await;
    let (bob_id, bob) = app.user_with_role("bob@example.com", "crm_user").await;
    let made = app.post("/api/v1/me/calendar-feed", &bob, &json!({})).await;
    let path = made.body["url"]
        .as_str()
        .unwrap()
        .trim_start_matches(&app.base)
        .to_owned();
    assert_eq!(
        app.client
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let a = app
        .patch(
            &format!("/api/v1/users/{bob_id}"),
            &app.owner_token,
            &json!({"active": false, "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    app.get(&path, "").await.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn a_reminder_fires_and_a_task_turns_overdue_when_the_clock_gets_there() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let cat = category(&app, t).await;
    // An hour before a deadline two hours away.
    let later = task(
        &app,
        t,
        json!({"title": "In two hours", "category_id": cat, "deadline": in_seconds(7200), "reminder": "1h"}),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(notifications_of(&app, t, "task_reminder").await.is_empty());
    app.args.clock.advance(chrono::Duration::minutes(61));
    let got = wait_reminders(&app, t, 1, 10).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["params"]["title"], "In two hours");
    let path = format!("/api/v1/tasks/{}", later["id"]);
    assert_eq!(app.get(&path, t).await.body["overdue"], false);
    app.args.clock.advance(chrono::Duration::minutes(60));
    assert_eq!(app.get(&path, t).await.body["overdue"], true);
}

/// A feed's URL dies with its user's deactivation and stays dead after reactivation.
#[actix_web::test]
async fn a_calendar_feed_stays_dead_after_its_user_is_reactivated() {
    let app = spawn_app().await;
    let (uid, rep) = app.user_with_role("rep@example.com", "crm_user").await;
    let made = app.post("/api/v1/me/calendar-feed", &rep, &json!({})).await;
    assert_eq!(made.status, 201, "{}", made.body);
    let path = made.body["url"]
        .as_str()
        .unwrap()
        .trim_start_matches(&app.base)
        .to_owned();
    assert_eq!(
        app.client
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let user = app
        .get(&format!("/api/v1/users/{uid}"), &app.owner_token)
        .await;
    let a = app
        .patch(
            &format!("/api/v1/users/{uid}"),
            &app.owner_token,
            &json!({"active": false, "version": user.body["version"]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let a = app
        .patch(
            &format!("/api/v1/users/{uid}"),
            &app.owner_token,
            &json!({"active": true, "version": a.body["version"]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        app.client
            .get(app.url(&path))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[actix_web::test]
async fn bulk_actions_act_as_the_single_ones_and_skip_what_the_caller_may_not_change() {
    let app = spawn_app().await;
    let owner = &app.owner_token;
    set_zone(&app, owner, "Europe/Berlin").await;
    let (bob_id, bob) = app.user_with_role("bob@example.com", "crm_user").await;
    let (_, eve) = app.user_with_role("eve@example.com", "crm_user").await;
    let cat = category(&app, owner).await;
    let shared = contact(&app, owner, "Shared", "shared_read").await;
    let private = contact(&app, owner, "Hidden", "private").await;
    // The clocks of Berlin go forward in the night to 31 March 2030.
    let a = task(&app, owner, json!({"title": "Call Anna", "category_id": cat, "deadline": "2030-03-30T18:00", "contact_id": shared})).await;
    let b = task(
        &app,
        owner,
        json!({"title": "Team lunch", "category_id": cat, "deadline": "2030-05-01T09:30"}),
    )
    .await;
    let hidden = task(&app, owner, json!({"title": "Hidden call", "category_id": cat, "deadline": "2030-05-01T09:30", "contact_id": private})).await;
    let (a, b, hidden) = (
        a["id"].as_i64().unwrap(),
        b["id"].as_i64().unwrap(),
        hidden["id"].as_i64().unwrap(),
    );
    let bulk = |token: &str, body: Value| {
        let token = token.to_owned();
        let app = &app;
        async move { app.post("/api/v1/tasks/bulk-actions", &token, &body).await }
    };
    let get = |id: i64| {
        let app = &app;
        async move { app.get(&format!("/api/v1/tasks/{id}"), owner).await.body }
    };

    // Eve sees the task about the shared contact but may not change it; the hidden one and an
    // unknown id are not found; nothing changes.
    let r = bulk(
        &eve,
        json!({"ids": [hidden, a, 999_999], "action": "close"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["done"], json!([]));
    assert_eq!(
        r.body["failed"],
        json!([{"id": a, "code": "forbidden"}, {"id": hidden, "code": "not_found"},
               {"id": 999_999, "code": "not_found"}])
    );
    assert_eq!(get(a).await["closed"], false);
    // Another portal's caller does not find them either.
    let (_, other) = app.other_portal().await;
    let r = bulk(&other, json!({"ids": [a, b], "action": "delete"})).await;
    assert_eq!(r.body["done"], json!([]), "{}", r.body);
    assert_eq!(get(a).await["id"], a);

    // Closing, twice, writes one history entry; reopening restores the tasks.
    for _ in 0..2 {
        let r = bulk(owner, json!({"ids": [a, b, a], "action": "close"})).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(r.body["done"], json!([a, b]));
        assert_eq!(r.body["failed"], json!([]));
    }
    let history = app
        .get(&format!("/api/v1/contacts/{shared}/history"), owner)
        .await;
    let entries = history.body["items"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{}", history.body);
    assert_eq!(entries[0]["event"], "task_closed");
    assert_eq!(entries[0]["task_id"], a);
    let r = bulk(owner, json!({"ids": [a, b], "action": "reopen"})).await;
    assert_eq!(r.body["done"], json!([a, b]), "{}", r.body);
    assert_eq!(get(b).await["closed"], false);

    // Moving by a day keeps the time of day across the change of clocks, and the reminder.
    let r = bulk(
        owner,
        json!({"ids": [a], "action": "move_deadline", "shift_days": 1}),
    )
    .await;
    assert_eq!(r.body["done"], json!([a]), "{}", r.body);
    let moved = get(a).await;
    assert_eq!(moved["deadline_local"], "2030-03-31T18:00");
    assert_eq!(moved["deadline"], "2030-03-31T16:00:00Z");
    assert_eq!(moved["remind_at"], "2030-03-30T17:00:00Z");
    let r = bulk(
        owner,
        json!({"ids": [a, b], "action": "move_deadline", "deadline": "2031-01-10T10:00"}),
    )
    .await;
    assert_eq!(r.body["done"], json!([a, b]), "{}", r.body);
    assert_eq!(get(b).await["deadline_local"], "2031-01-10T10:00");

    // Reassigning to the user already responsible changes nothing (the version stays); to Bob
    // it tells him of each task, and he may then change them.
    let version = get(a).await["version"].clone();
    let me = app.get("/api/v1/me", owner).await.body["user"]["id"].clone();
    let r = bulk(
        owner,
        json!({"ids": [a], "action": "reassign", "responsible_id": me}),
    )
    .await;
    assert_eq!(r.body["done"], json!([a]), "{}", r.body);
    assert_eq!(get(a).await["version"], version);
    let r = bulk(
        owner,
        json!({"ids": [a, b], "action": "reassign", "responsible_id": bob_id}),
    )
    .await;
    assert_eq!(r.body["done"], json!([a, b]), "{}", r.body);
    assert_eq!(get(b).await["responsible_id"], bob_id);
    let told = notifications_of(&app, &bob, "task_assigned").await;
    assert_eq!(told.len(), 2, "{told:?}");
    let r = bulk(&bob, json!({"ids": [a, b], "action": "close"})).await;
    assert_eq!(r.body["done"], json!([a, b]), "{}", r.body);

    // Bad input names the field and changes nothing.
    for (body, field) in [
        (json!({"ids": [], "action": "close"}), "ids"),
        (json!({"ids": [a], "action": "explode"}), "action"),
        (json!({"ids": [a], "action": "reassign"}), "responsible_id"),
        (
            json!({"ids": [a], "action": "reassign", "responsible_id": 999_999}),
            "responsible_id",
        ),
        (
            json!({"ids": [a], "action": "move_deadline", "shift_days": 0}),
            "shift_days",
        ),
        (json!({"ids": [a], "action": "move_deadline"}), "shift_days"),
        (
            json!({"ids": [a], "action": "move_deadline", "shift_days": 1, "deadline": "2031-01-01T10:00"}),
            "deadline",
        ),
        (
            json!({"ids": [a], "action": "move_deadline", "deadline": "tomorrow"}),
            "deadline",
        ),
    ] {
        let r = bulk(owner, body.clone()).await;
        assert_eq!(r.status, 422, "{body}: {}", r.body);
        assert_eq!(r.fields(), [field], "{body}");
    }
    let ids: Vec<i64> = (1..=1001).collect();
    let r = bulk(owner, json!({"ids": ids, "action": "close"})).await;
    assert_eq!(r.fields(), ["ids"]);

    // A read-only token may not act.
    let token = app.read_only_token(owner).await;
    bulk(&token, json!({"ids": [a], "action": "delete"}))
        .await
        .assert_problem(403, "insufficient_scope");

    // Deleting.
    let r = bulk(owner, json!({"ids": [a, b], "action": "delete"})).await;
    assert_eq!(r.body["done"], json!([a, b]), "{}", r.body);
    app.get(&format!("/api/v1/tasks/{a}"), owner)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(get(hidden).await["id"], hidden);
}
