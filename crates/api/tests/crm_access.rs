//! The CRM module switch and who may use the module.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::spawn_app;
use serde_json::json;

#[actix_web::test]
async fn switching_the_module_off_answers_403_crm_disabled() {
    let app = spawn_app().await;
    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    assert_eq!(app.get("/api/v1/crm", &user).await.status, 200);
    let s = app.get("/api/v1/settings/crm", &app.owner_token).await;
    assert_eq!(s.body["enabled"], true);
    let a = app
        .patch(
            "/api/v1/settings/crm",
            &app.owner_token,
            &json!({"enabled": false, "version": s.body["version"]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    app.get("/api/v1/crm", &user)
        .await
        .assert_problem(403, "crm_disabled");
    app.get("/api/v1/crm", &app.owner_token)
        .await
        .assert_problem(403, "crm_disabled");
    assert_eq!(app.get("/api/v1/me", &user).await.body["crm_access"], false);
    // Administration still works so the module can be switched back on.
    let a = app
        .patch(
            "/api/v1/settings/crm",
            &app.owner_token,
            &json!({"enabled": true, "version": a.body["version"]}),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(app.get("/api/v1/crm", &user).await.status, 200);
}

#[actix_web::test]
async fn restricted_module_admits_admins_and_granted_users_and_groups() {
    let app = spawn_app().await;
    let (u1, t1) = app.user_with_role("u1@example.com", "crm_user").await;
    let (u2, t2) = app.user_with_role("u2@example.com", "crm_user").await;
    let (_, t3) = app.user_with_role("u3@example.com", "crm_user").await;
    let (_, crm_admin) = app.user_with_role("ca@example.com", "crm_admin").await;
    let g = app
        .post(
            "/api/v1/groups",
            &app.owner_token,
            &json!({"name": "Sales", "member_ids": [u2]}),
        )
        .await;
    let gid = g.body["id"].as_i64().unwrap();
    let a = app
        .patch(
            "/api/v1/settings/crm",
            &app.owner_token,
            &json!({"open_to_all": false, "user_ids": [u1], "group_ids": [gid], "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["user_ids"], json!([u1]));
    assert_eq!(app.get("/api/v1/crm", &t1).await.status, 200);
    assert_eq!(app.get("/api/v1/crm", &t2).await.status, 200);
    app.get("/api/v1/crm", &t3)
        .await
        .assert_problem(403, "crm_access_denied");
    assert_eq!(app.get("/api/v1/me", &t3).await.body["crm_access"], false);
    let admin = app.get("/api/v1/crm", &crm_admin).await;
    assert_eq!(admin.body["is_crm_admin"], true);
    // Leaving the group ends access.
    app.patch(
        &format!("/api/v1/groups/{gid}"),
        &app.owner_token,
        &json!({"member_ids": [], "version": 1}),
    )
    .await;
    app.get("/api/v1/crm", &t2)
        .await
        .assert_problem(403, "crm_access_denied");
    let _ = u2;
}

#[actix_web::test]
async fn only_portal_admins_change_settings_and_grants_stay_in_the_portal() {
    let app = spawn_app().await;
    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    let (_, crm_admin) = app.user_with_role("ca@example.com", "crm_admin").await;
    app.get("/api/v1/settings/crm", &user)
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(
        app.get("/api/v1/settings/crm", &crm_admin).await.status,
        200
    );
    app.patch(
        "/api/v1/settings/crm",
        &crm_admin,
        &json!({"enabled": false, "version": 1}),
    )
    .await
    .assert_problem(403, "forbidden");
    let (_, other) = app.other_portal().await;
    let foreign = app.get("/api/v1/users", &other).await.body["items"][0]["id"]
        .as_i64()
        .unwrap();
    let a = app
        .patch(
            "/api/v1/settings/crm",
            &app.owner_token,
            &json!({"user_ids": [foreign], "version": 1}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["user_ids"]);
    // The other portal's switch is its own.
    let a = app
        .patch(
            "/api/v1/settings/crm",
            &other,
            &json!({"enabled": false, "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(app.get("/api/v1/crm", &app.owner_token).await.status, 200);
}

/// Users without CRM access read nothing of CRM records: they cannot be made managers or
/// responsible, and notifications (all of which name CRM records) are closed to them.
#[actix_web::test]
async fn users_without_crm_access_are_neither_members_nor_told_of_records() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (granted, granted_token) = app.user_with_role("in@example.com", "crm_user").await;
    let (outsider, outsider_token) = app.user_with_role("out@example.com", "crm_user").await;
    let a = app
        .patch(
            "/api/v1/settings/crm",
            t,
            &json!({"open_to_all": false, "user_ids": [granted], "group_ids": [], "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let a = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Secret Deal Ltd", "manager_ids": [outsider]}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["manager_ids"]);
    let a = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Open Ltd", "manager_ids": [granted]}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let categories = app.get("/api/v1/settings/lists/task_categories", t).await;
    let a = app
        .post(
            "/api/v1/tasks",
            t,
            &json!({"title": "Secret call", "category_id": categories.body["items"][0]["id"],
            "deadline": "2030-01-01T10:00", "responsible_id": outsider}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["responsible_id"]);
    let a = app.get("/api/v1/notifications", &granted_token).await;
    assert_eq!(a.body["items"].as_array().unwrap().len(), 1, "{}", a.body);
    for (method, path) in [
        (reqwest::Method::GET, "/api/v1/notifications"),
        (reqwest::Method::POST, "/api/v1/notifications/read"),
        (reqwest::Method::POST, "/api/v1/notifications/stream-ticket"),
        (reqwest::Method::GET, "/api/v1/notifications/stream"),
    ] {
        let a = app
            .send(
                app.raw(method, path)
                    .bearer_auth(&outsider_token)
                    .json(&json!({})),
            )
            .await;
        a.assert_problem(403, "crm_access_denied");
    }
    // Their CRM access is checked before the parameters: 403, not 422.
    for path in [
        "/api/v1/contacts?limit=abc",
        "/api/v1/tasks?sort=nonsense",
        "/api/v1/tags?kind=planet",
        "/api/v1/notifications?cursor=x",
    ] {
        app.get(path, &outsider_token)
            .await
            .assert_problem(403, "crm_access_denied");
    }
}
