//! Groups and their members.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::spawn_app;
use serde_json::json;

#[actix_web::test]
async fn groups_are_created_renamed_filled_and_deleted() {
    let app = spawn_app().await;
    let (u1, _) = app.user_with_role("a@example.com", "crm_user").await;
    let (u2, _) = app.user_with_role("b@example.com", "crm_user").await;
    let a = app
        .post(
            "/api/v1/groups",
            &app.owner_token,
            &json!({"name": "Продажи", "member_ids": [u1, u1]}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let id = a.body["id"].as_i64().unwrap();
    assert_eq!(a.body["member_ids"], json!([u1]));
    app.post(
        "/api/v1/groups",
        &app.owner_token,
        &json!({"name": "продажи"}),
    )
    .await
    .assert_problem(409, "name_taken");
    let a = app
        .patch(
            &format!("/api/v1/groups/{id}"),
            &app.owner_token,
            &json!({"name": "Sales", "member_ids": [u2, u1], "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["member_ids"], json!([u1, u2]));
    let user = app
        .get(&format!("/api/v1/users/{u2}"), &app.owner_token)
        .await;
    assert_eq!(user.body["group_ids"], json!([id]));
    let members = app
        .get(&format!("/api/v1/users?group_id={id}"), &app.owner_token)
        .await;
    assert_eq!(members.body["total"], 2);
    let list = app
        .get(&format!("/api/v1/groups?member_id={u1}"), &app.owner_token)
        .await;
    assert_eq!(list.body["items"][0]["name"], "Sales");
    app.patch(
        &format!("/api/v1/groups/{id}"),
        &app.owner_token,
        &json!({"name": "Old", "version": 1}),
    )
    .await
    .assert_problem(412, "version_mismatch");
    assert_eq!(
        app.delete(&format!("/api/v1/groups/{id}"), &app.owner_token)
            .await
            .status,
        204
    );
    app.get(&format!("/api/v1/groups/{id}"), &app.owner_token)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        app.get(&format!("/api/v1/users/{u2}"), &app.owner_token)
            .await
            .body["group_ids"],
        json!([])
    );
}

#[actix_web::test]
async fn unknown_members_are_refused_and_only_admins_write() {
    let app = spawn_app().await;
    let (_, user) = app.user_with_role("a@example.com", "crm_user").await;
    let a = app
        .post(
            "/api/v1/groups",
            &app.owner_token,
            &json!({"name": "X", "member_ids": [999999]}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["member_ids"]);
    app.post("/api/v1/groups", &user, &json!({"name": "Mine"}))
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(app.get("/api/v1/groups", &user).await.status, 200);
}

#[actix_web::test]
async fn groups_of_another_portal_are_invisible() {
    let app = spawn_app().await;
    let a = app
        .post(
            "/api/v1/groups",
            &app.owner_token,
            &json!({"name": "Secret"}),
        )
        .await;
    let id = a.body["id"].as_i64().unwrap();
    let (_, other) = app.other_portal().await;
    app.get(&format!("/api/v1/groups/{id}"), &other)
        .await
        .assert_problem(404, "not_found");
    app.delete(&format!("/api/v1/groups/{id}"), &other)
        .await
        .assert_problem(404, "not_found");
    app.patch(
        &format!("/api/v1/groups/{id}"),
        &other,
        &json!({"name": "x", "version": 1}),
    )
    .await
    .assert_problem(404, "not_found");
    assert_eq!(app.get("/api/v1/groups", &other).await.body["total"], 0);
    assert_eq!(
        app.get("/api/v1/groups?q=secret", &other).await.body["total"],
        0
    );
}
