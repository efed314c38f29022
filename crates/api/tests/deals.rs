//! Deals through the API: stages and probabilities, close dates, budgets, restricted access,
//! pipelines and stages with their deals re-pointed, version conflicts and the cascade.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::{spawn_app, TestApp};
use serde_json::{json, Value};

async fn pipeline(app: &TestApp, t: &str) -> Value {
    let p = app.get("/api/v1/pipelines", t).await;
    assert_eq!(p.status, 200, "{}", p.body);
    p.body["items"][0].clone()
}

fn stage<'a>(p: &'a Value, name: &str) -> &'a Value {
    p["stages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no stage {name} in {p}"))
}

#[actix_web::test]
async fn a_stage_brings_its_probability_and_closes_or_reopens_the_deal() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let p = pipeline(&app, t).await;
    assert_eq!(p["stages"].as_array().unwrap().len(), 9, "{p}");
    let d = app
        .post(
            "/api/v1/deals",
            t,
            &json!({"title": "Fleet renewal", "amount": "1000.50", "currency": "eur"}),
        )
        .await;
    assert_eq!(d.status, 201, "{}", d.body);
    assert_eq!(d.body["stage_id"], p["stages"][0]["id"]);
    assert_eq!(d.body["probability"], 1);
    assert_eq!(d.body["currency"], "EUR");
    assert_eq!(d.body["amount"], "1000.5");
    assert!(d.body.get("actual_close_on").is_none());
    let path = format!("/api/v1/deals/{}", d.body["id"]);

    let won = stage(&p, "Closure/Transaction");
    let a = app
        .post(
            &format!("{path}/stage"),
            t,
            &json!({"stage_id": won["id"], "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["probability"], 100);
    assert_eq!(a.body["stage_status"], "won");
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(a.body["actual_close_on"], today.as_str());

    // The probability stays editable; a stale version is refused.
    let a = app
        .patch(&path, t, &json!({"probability": 95, "version": 2}))
        .await;
    assert_eq!(a.body["probability"], 95, "{}", a.body);
    let open = stage(&p, "Proposal");
    app.post(
        &format!("{path}/stage"),
        t,
        &json!({"stage_id": open["id"], "version": 2}),
    )
    .await
    .assert_problem(412, "version_mismatch");
    let a = app
        .post(
            &format!("{path}/stage"),
            t,
            &json!({"stage_id": open["id"], "version": 3}),
        )
        .await;
    assert_eq!(a.body["probability"], 75, "{}", a.body);
    assert!(a.body.get("actual_close_on").is_none(), "{}", a.body);

    // Moving to the stage it is in changes nothing.
    let a = app
        .post(
            &format!("{path}/stage"),
            t,
            &json!({"stage_id": open["id"], "version": 4}),
        )
        .await;
    assert_eq!(a.body["version"], 4, "{}", a.body);

    let h = app.get(&format!("{path}/stage-history"), t).await;
    let moves: Vec<(Value, Value)> = h.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["from_stage_id"].clone(), c["to_stage_id"].clone()))
        .collect();
    assert_eq!(
        moves,
        [
            (Value::Null, p["stages"][0]["id"].clone()),
            (p["stages"][0]["id"].clone(), won["id"].clone()),
            (won["id"].clone(), open["id"].clone()),
        ]
    );
}

#[actix_web::test]
async fn budgets_count_periods_exactly_and_bad_input_names_its_field() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let d = app
        .post(
            "/api/v1/deals",
            t,
            &json!({"title": "Support", "amount": "1000.50", "currency": "RUB", "bid_type": "per_month", "periods": 12}),
        )
        .await;
    assert_eq!(d.status, 201, "{}", d.body);
    assert_eq!(d.body["value"], "12006");
    assert_eq!(d.body["weighted_value"], "120.06");
    for (body, field) in [
        (json!({"title": "X", "amount": "1.00001"}), "amount"),
        (json!({"title": "X", "amount": "lots"}), "amount"),
        (json!({"title": "X", "currency": "XXY"}), "currency"),
        (
            json!({"title": "X", "bid_type": "per_day", "periods": 0}),
            "periods",
        ),
        (json!({"title": " "}), "title"),
        (json!({"title": "X", "probability": 101}), "probability"),
        (json!({"title": "X", "stage_id": 999_999}), "stage_id"),
        (
            json!({"title": "X", "expected_close_on": "31.12.2026"}),
            "expected_close_on",
        ),
        (json!({"title": "X", "contact_id": 999_999}), "contact_id"),
    ] {
        let a = app.post("/api/v1/deals", t, &body).await;
        a.assert_problem(422, "validation_failed");
        assert_eq!(a.fields(), [field], "{body}");
    }
    let list = app
        .get("/api/v1/deals?currency=rub&value_min=12000", t)
        .await;
    assert_eq!(list.body["total"], 1, "{}", list.body);
    assert_eq!(list.body["totals"][0]["value"], "12006");
    let a = app.get("/api/v1/deals?value_min=1", t).await;
    assert_eq!(a.fields(), ["currency"]);
}

#[actix_web::test]
async fn a_restricted_deal_is_seen_by_its_members_and_admins_only() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (member_id, member) = app.user_with_role("m@example.com", "crm_user").await;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Acme", "access": "shared_read"}),
        )
        .await;
    let d = app
        .post(
            "/api/v1/deals",
            t,
            &json!({"title": "Secret merger", "amount": "500", "currency": "USD",
                    "contact_id": c.body["id"], "restricted": true, "member_ids": [member_id]}),
        )
        .await;
    assert_eq!(d.status, 201, "{}", d.body);
    assert_eq!(d.body["restricted"], true);
    assert_eq!(d.body["contact_ids"], json!([c.body["id"]]));
    let open = app
        .post(
            "/api/v1/deals",
            t,
            &json!({"title": "Open deal", "amount": "7", "currency": "USD"}),
        )
        .await;
    let path = format!("/api/v1/deals/{}", d.body["id"]);
    let e = app
        .post(
            &format!("{path}/history"),
            t,
            &json!({"content": "Board approved"}),
        )
        .await;
    assert_eq!(e.status, 201, "{}", e.body);
    let categories = app.get("/api/v1/settings/lists/task_categories", t).await;
    let task = app
        .post(
            "/api/v1/tasks",
            t,
            &json!({"title": "Call the board", "category_id": categories.body["items"][0]["id"],
                    "deal_id": d.body["id"], "deadline": "2030-01-10T10:00:00Z"}),
        )
        .await;
    assert_eq!(task.body["deal_id"], d.body["id"], "{}", task.body);
    assert_eq!(task.body["about_name"], "Secret merger", "{}", task.body);
    assert!(task.body.get("contact_name").is_none(), "{}", task.body);

    for (who, sees) in [
        (t.as_str(), true),
        (member.as_str(), true),
        (other.as_str(), false),
    ] {
        let a = app.get(&path, who).await;
        assert_eq!(a.status == 200, sees, "{}", a.body);
        let list = app.get("/api/v1/deals?q=merger", who).await;
        assert_eq!(list.body["total"], i64::from(sees), "{}", list.body);
        let all = app.get("/api/v1/deals?currency=USD", who).await;
        let count = all.body["totals"][0]["count"].as_i64().unwrap();
        assert_eq!(
            count,
            if sees { 2 } else { 1 },
            "totals count what the reader sees"
        );
        let by_contact = app
            .get(&format!("/api/v1/deals?contact_id={}", c.body["id"]), who)
            .await;
        assert_eq!(by_contact.body["total"], i64::from(sees));
        // "Has deals" counts only the deals the reader may see.
        let with = app.get("/api/v1/contacts?has_deals=true", who).await;
        assert_eq!(with.body["total"], i64::from(sees), "{}", with.body);
        let without = app.get("/api/v1/contacts?has_deals=false", who).await;
        assert_eq!(without.body["total"], i64::from(!sees), "{}", without.body);
        let h = app.get(&format!("{path}/history"), who).await;
        assert_eq!(h.status == 200, sees, "{}", h.body);
        let s = app.get(&format!("{path}/stage-history"), who).await;
        assert_eq!(s.status == 200, sees);
        let tasks = app
            .get(&format!("/api/v1/tasks?deal_id={}", d.body["id"]), who)
            .await;
        assert_eq!(tasks.body["total"], i64::from(sees), "{}", tasks.body);
    }
    // Another user changes nothing of it, and cannot lift the restriction.
    app.patch(&path, &other, &json!({"title": "Mine", "version": 1}))
        .await
        .assert_problem(404, "not_found");
    app.delete(&path, &other)
        .await
        .assert_problem(404, "not_found");
    // Anyone may change an open deal; only its members may restrict it.
    let open_path = format!("/api/v1/deals/{}", open.body["id"]);
    let a = app
        .patch(
            &open_path,
            &other,
            &json!({"title": "Open deal, renamed", "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    // Sending the access it has (as a form does) is no change of who sees it.
    let a = app
        .patch(
            &open_path,
            &other,
            &json!({"title": "Open deal", "restricted": false, "version": 2}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    app.patch(
        &open_path,
        &other,
        &json!({"restricted": true, "version": 3}),
    )
    .await
    .assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn stages_and_pipelines_in_use_are_deleted_only_with_a_target() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    let p = pipeline(&app, t).await;
    let first = &p["stages"][0];
    let d = app.post("/api/v1/deals", t, &json!({"title": "A"})).await;
    let stage_path = format!("/api/v1/pipelines/{}/stages/{}", p["id"], first["id"]);
    app.delete(&stage_path, &user)
        .await
        .assert_problem(403, "forbidden");
    app.delete(&stage_path, t)
        .await
        .assert_problem(409, "in_use");
    let target = stage(&p, "Negotiations");
    let a = app
        .delete(&format!("{stage_path}?move_to={}", target["id"]), t)
        .await;
    assert_eq!(a.body["moved"], 1, "{}", a.body);
    let moved = app.get(&format!("/api/v1/deals/{}", d.body["id"]), t).await;
    assert_eq!(moved.body["stage_id"], target["id"]);
    assert_eq!(moved.body["probability"], 90);

    // A new pipeline starts with a copy of the stages; deleting the old one moves its deals.
    let second = app
        .post("/api/v1/pipelines", t, &json!({"name": "Partners"}))
        .await;
    assert_eq!(second.status, 201, "{}", second.body);
    assert_eq!(second.body["stages"].as_array().unwrap().len(), 8);
    app.post("/api/v1/pipelines", t, &json!({"name": "partners"}))
        .await
        .assert_problem(409, "name_taken");
    let s = app
        .post(
            &format!("/api/v1/pipelines/{}/stages", second.body["id"]),
            t,
            &json!({"name": "Signed", "probability": 100, "status": "won", "color": "#00AA00"}),
        )
        .await;
    assert_eq!(s.status, 201, "{}", s.body);
    assert_eq!(s.body["color"], "#00aa00");
    let bad = app
        .post(
            &format!("/api/v1/pipelines/{}/stages", second.body["id"]),
            t,
            &json!({"name": "Odd", "probability": 120, "color": "green"}),
        )
        .await;
    assert_eq!(bad.fields(), ["color", "probability"]);
    let old = format!("/api/v1/pipelines/{}", p["id"]);
    app.delete(&old, t).await.assert_problem(409, "in_use");
    let a = app
        .delete(&format!("{old}?move_to={}", second.body["id"]), t)
        .await;
    assert_eq!(a.body["moved"], 1, "{}", a.body);
    let moved = app.get(&format!("/api/v1/deals/{}", d.body["id"]), t).await;
    assert_eq!(moved.body["pipeline_id"], second.body["id"]);
    let last = format!("/api/v1/pipelines/{}", second.body["id"]);
    app.delete(&last, t).await.assert_problem(409, "last_one");
}

#[actix_web::test]
async fn deleting_a_deal_takes_its_history_and_stage_history() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let d = app
        .post("/api/v1/deals", t, &json!({"title": "Gone"}))
        .await;
    let path = format!("/api/v1/deals/{}", d.body["id"]);
    let e = app
        .post(&format!("{path}/history"), t, &json!({"content": "Note"}))
        .await;
    assert_eq!(e.status, 201);
    let a = app.delete(&path, t).await;
    assert_eq!(a.status, 204, "{}", a.body);
    app.get(&path, t).await.assert_problem(404, "not_found");
    app.get(&format!("{path}/history"), t)
        .await
        .assert_problem(404, "not_found");
    app.patch(
        &format!("/api/v1/history/{}", e.body["id"]),
        t,
        &json!({"content": "x", "version": 1}),
    )
    .await
    .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn users_a_deal_is_opened_to_or_given_to_are_told() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (member_id, member) = app.user_with_role("m@example.com", "crm_user").await;
    let (later_id, later) = app.user_with_role("l@example.com", "crm_user").await;
    let (seller_id, seller) = app.user_with_role("s@example.com", "crm_user").await;
    let kinds = |body: &Value| -> Vec<(String, Value)> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["kind"].as_str().unwrap().to_owned(),
                    n["params"]["deal_id"].clone(),
                )
            })
            .collect()
    };
    let d = app
        .post(
            "/api/v1/deals",
            t,
            &json!({"title": "Secret", "restricted": true, "member_ids": [member_id],
                    "responsible_id": seller_id}),
        )
        .await;
    assert_eq!(d.status, 201, "{}", d.body);
    let id = d.body["id"].clone();
    let n = app.get("/api/v1/notifications", &member).await;
    assert_eq!(
        kinds(&n.body),
        [("deal_access_granted".to_owned(), id.clone())]
    );
    let n = app.get("/api/v1/notifications", &seller).await;
    assert_eq!(kinds(&n.body), [("deal_assigned".to_owned(), id.clone())]);
    // The responsible user of a restricted deal is one of its members.
    let seen = app.get(&format!("/api/v1/deals/{id}"), &seller).await;
    assert_eq!(seen.status, 200, "{}", seen.body);

    // Adding a member tells only the new one; the owner (who acts) is never told.
    let a = app
        .patch(
            &format!("/api/v1/deals/{id}"),
            t,
            &json!({"member_ids": [member_id, later_id], "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let n = app.get("/api/v1/notifications", &later).await;
    assert_eq!(
        kinds(&n.body),
        [("deal_access_granted".to_owned(), id.clone())]
    );
    let n = app.get("/api/v1/notifications", &member).await;
    assert_eq!(n.body["items"].as_array().unwrap().len(), 1);
    let n = app.get("/api/v1/notifications", t).await;
    assert_eq!(n.body["items"].as_array().unwrap().len(), 0);
}

#[actix_web::test]
async fn the_board_counts_and_pages_what_its_reader_may_see() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let p = pipeline(&app, t).await;
    let first = p["stages"][0]["id"].clone();
    for n in 0..3 {
        let a = app
            .post(
                "/api/v1/deals",
                t,
                &json!({"title": format!("Open {n}"), "amount": "100", "currency": "USD"}),
            )
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
    }
    app.post(
        "/api/v1/deals",
        t,
        &json!({"title": "Hidden", "amount": "1000", "currency": "USD", "restricted": true}),
    )
    .await;
    let board = format!("/api/v1/pipelines/{}/board?limit=2", p["id"]);
    let mine = app.get(&board, t).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let col = &mine.body["columns"][0];
    assert_eq!(col["stage"]["id"], first);
    assert_eq!(col["total"], 4);
    assert_eq!(col["totals"][0]["value"], "1300");
    assert_eq!(col["totals"][0]["weighted_value"], "13");
    assert_eq!(col["items"].as_array().unwrap().len(), 2);
    assert_eq!(mine.body["columns"].as_array().unwrap().len(), 9);

    let theirs = app.get(&board, &other).await;
    let col = &theirs.body["columns"][0];
    assert_eq!(
        col["total"], 3,
        "the restricted deal is not counted for them"
    );
    assert_eq!(col["totals"][0]["value"], "300");
    // The next cards of the column come from the deals list with the column's cursor.
    let next = app
        .get(
            &format!(
                "/api/v1/deals?stage_id={first}&sort=-created_at&limit=2&cursor={}",
                col["next_cursor"].as_str().unwrap()
            ),
            &other,
        )
        .await;
    assert_eq!(next.status, 200, "{}", next.body);
    let titles: Vec<&str> = next.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Open 0"]);
    app.get("/api/v1/pipelines/999999/board", t)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn deals_carry_tags_and_their_own_custom_fields() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let f = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "deal", "label": "Source", "field_type": "text"}),
        )
        .await;
    assert_eq!(f.status, 201, "{}", f.body);
    let person_field = app
        .post(
            "/api/v1/settings/custom-fields",
            t,
            &json!({"record_kind": "person", "label": "Size", "field_type": "text"}),
        )
        .await;
    let d = app
        .post(
            "/api/v1/deals",
            t,
            &json!({"title": "Tagged", "tags": ["Hot", "hot", "Q1"],
                    "custom_fields": [{"field_id": f.body["id"], "value": "Fair"}]}),
        )
        .await;
    assert_eq!(d.status, 201, "{}", d.body);
    assert_eq!(d.body["tag_ids"].as_array().unwrap().len(), 2);
    assert_eq!(d.body["custom_fields"][0]["value"], "Fair");
    let tags = app.get("/api/v1/tags?kind=deal", t).await;
    let hot = tags.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Hot")
        .unwrap()["id"]
        .clone();
    let listed = app.get(&format!("/api/v1/deals?tag_id={hot}"), t).await;
    assert_eq!(listed.body["total"], 1, "{}", listed.body);
    let by_field = |field: Value, value: &str| {
        format!("/api/v1/deals?custom_field={field}&custom_value={value}")
    };
    let listed = app.get(&by_field(f.body["id"].clone(), "fai"), t).await;
    assert_eq!(listed.body["total"], 1, "{}", listed.body);
    let listed = app.get(&by_field(f.body["id"].clone(), "unfair"), t).await;
    assert_eq!(listed.body["total"], 0, "{}", listed.body);
    let a = app
        .get(&by_field(person_field.body["id"].clone(), "x"), t)
        .await;
    assert_eq!(a.fields(), ["custom_field"], "{}", a.body);
    // A contact's field is not a deal's.
    let a = app
        .patch(
            &format!("/api/v1/deals/{}", d.body["id"]),
            t,
            &json!({"custom_fields": [{"field_id": person_field.body["id"], "value": "L"}], "version": 1}),
        )
        .await;
    assert_eq!(a.fields(), ["custom_fields[0].field_id"]);
    let a = app
        .patch(
            &format!("/api/v1/deals/{}", d.body["id"]),
            t,
            &json!({"tags": [], "custom_fields": [{"field_id": f.body["id"], "value": null}], "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["tag_ids"], json!([]));
    assert_eq!(a.body["custom_fields"], json!([]));
}

#[actix_web::test]
async fn bulk_actions_change_each_deal_as_one_change_would_and_skip_hidden_ones() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (seller_id, seller) = app.user_with_role("s@example.com", "crm_user").await;
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    let p = pipeline(&app, t).await;
    let mut ids = Vec::new();
    for title in ["One", "Two"] {
        let d = app
            .post("/api/v1/deals", t, &json!({"title": title, "tags": ["a"]}))
            .await;
        assert_eq!(d.status, 201, "{}", d.body);
        ids.push(d.body["id"].as_i64().unwrap());
    }
    let hidden = app
        .post(
            "/api/v1/deals",
            t,
            &json!({"title": "Hidden", "restricted": true}),
        )
        .await;
    let hidden_id = hidden.body["id"].as_i64().unwrap();
    let bulk = |who: &str, body: Value| {
        let who = who.to_owned();
        let app = &app;
        async move { app.post("/api/v1/deals/bulk-actions", &who, &body).await }
    };

    // A stage change in bulk is a stage change of each: probability, close date, history.
    let won = stage(&p, "Closure/Transaction");
    let all = [ids[0], ids[1], hidden_id];
    let r = bulk(
        &other,
        json!({"ids": all, "action": "set_stage", "stage_id": won["id"]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["done"], json!(ids));
    assert_eq!(
        r.body["failed"],
        json!([{"id": hidden_id, "code": "not_found"}])
    );
    let today = chrono::Utc::now().date_naive().to_string();
    for id in &ids {
        let d = app.get(&format!("/api/v1/deals/{id}"), t).await;
        assert_eq!(d.body["probability"], 100, "{}", d.body);
        assert_eq!(d.body["actual_close_on"], today.as_str());
        assert_eq!(d.body["version"], 2);
        let h = app
            .get(&format!("/api/v1/deals/{id}/stage-history"), t)
            .await;
        assert_eq!(h.body["items"].as_array().unwrap().len(), 2, "{}", h.body);
    }
    // Already as asked: done, and the version stays.
    let r = bulk(
        t,
        json!({"ids": [ids[0]], "action": "set_stage", "stage_id": won["id"]}),
    )
    .await;
    assert_eq!(r.body["done"], json!([ids[0]]));
    let d = app.get(&format!("/api/v1/deals/{}", ids[0]), t).await;
    assert_eq!(d.body["version"], 2);

    // Reassigning tells the new responsible user of each deal.
    let r = bulk(
        t,
        json!({"ids": ids, "action": "reassign", "responsible_id": seller_id}),
    )
    .await;
    assert_eq!(r.body["done"], json!(ids), "{}", r.body);
    let n = app.get("/api/v1/notifications", &seller).await;
    assert_eq!(n.body["items"].as_array().unwrap().len(), 2, "{}", n.body);
    let list = app
        .get(&format!("/api/v1/deals?responsible_id={seller_id}"), t)
        .await;
    assert_eq!(list.body["total"], 2);

    // Tags are added and removed; the tag filter sees the change.
    let r = bulk(t, json!({"ids": ids, "action": "add_tags", "tags": ["b"]})).await;
    assert_eq!(r.body["done"], json!(ids), "{}", r.body);
    let r = bulk(
        t,
        json!({"ids": [ids[1]], "action": "remove_tags", "tags": ["A"]}),
    )
    .await;
    assert_eq!(r.body["done"], json!([ids[1]]), "{}", r.body);
    let one = app.get(&format!("/api/v1/deals/{}", ids[0]), t).await;
    assert_eq!(
        one.body["tag_ids"].as_array().unwrap().len(),
        2,
        "{}",
        one.body
    );
    let two = app.get(&format!("/api/v1/deals/{}", ids[1]), t).await;
    assert_eq!(
        two.body["tag_ids"].as_array().unwrap().len(),
        1,
        "{}",
        two.body
    );
    let tags = app.get("/api/v1/tags?kind=deal", t).await;
    let b = tags.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "b")
        .unwrap()["id"]
        .clone();
    assert_eq!(two.body["tag_ids"], json!([b]));
    let tagged = app.get(&format!("/api/v1/deals?tag_id={b}"), t).await;
    assert_eq!(tagged.body["total"], 2, "{}", tagged.body);

    // Bad input names its field and changes nothing.
    let r = bulk(t, json!({"ids": ids, "action": "set_stage"})).await;
    r.assert_problem(422, "validation_failed");
    assert_eq!(r.fields(), ["stage_id"], "{}", r.body);
    let r = bulk(t, json!({"ids": [], "action": "delete"})).await;
    r.assert_problem(422, "validation_failed");
    assert_eq!(r.fields(), ["ids"], "{}", r.body);
    let r = bulk(t, json!({"ids": ids, "action": "archive"})).await;
    r.assert_problem(422, "validation_failed");
    assert_eq!(r.fields(), ["action"], "{}", r.body);
    let r = bulk(
        t,
        json!({"ids": ids, "action": "set_stage", "stage_id": 999_999}),
    )
    .await;
    r.assert_problem(422, "validation_failed");
    assert_eq!(r.fields(), ["stage_id"], "{}", r.body);
    let r = bulk(
        t,
        json!({"ids": ids, "action": "reassign", "responsible_id": 999_999}),
    )
    .await;
    r.assert_problem(422, "validation_failed");
    assert_eq!(r.fields(), ["responsible_id"], "{}", r.body);

    // Deleting takes the deals; the hidden one is left.
    let r = bulk(&other, json!({"ids": all, "action": "delete"})).await;
    assert_eq!(r.body["done"], json!(ids), "{}", r.body);
    for id in &ids {
        let d = app.get(&format!("/api/v1/deals/{id}"), t).await;
        assert_eq!(d.status, 404);
    }
    let h = app.get(&format!("/api/v1/deals/{hidden_id}"), t).await;
    assert_eq!(h.status, 200);
}
