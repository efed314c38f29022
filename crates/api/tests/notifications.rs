//! Notifications: stored for newly assigned managers, read/unread, pushed over SSE.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::spawn_app;
use serde_json::json;

#[actix_web::test]
async fn new_managers_are_notified_and_can_mark_read() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (u2, u2t) = app.user_with_role("u2@example.com", "crm_user").await;
    let (u3, u3t) = app.user_with_role("u3@example.com", "crm_user").await;
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Notify Ltd", "manager_ids": [app.owner_id, u2]}),
        )
        .await;
    assert_eq!(c.status, 201, "{}", c.body);
    let n = app.get("/api/v1/notifications", &u2t).await;
    assert_eq!(n.body["total"], 1, "{}", n.body);
    let item = &n.body["items"][0];
    assert_eq!(item["kind"], "contact_manager_assigned");
    assert_eq!(item["params"]["contact_name"], "Notify Ltd");
    assert_eq!(item["params"]["by_name"], "Olga Owner");
    assert_eq!(item["read"], false);
    // The one who assigns is not notified; nor is anyone else.
    assert_eq!(app.get("/api/v1/notifications", t).await.body["total"], 0);
    assert_eq!(
        app.get("/api/v1/notifications", &u3t).await.body["total"],
        0
    );
    // Re-saving the same managers notifies nobody; adding one notifies only them.
    let id = c.body["id"].as_i64().unwrap();
    app.patch(
        &format!("/api/v1/contacts/{id}"),
        t,
        &json!({"manager_ids": [app.owner_id, u2, u3], "version": 1}),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/notifications", &u2t).await.body["total"],
        1
    );
    assert_eq!(
        app.get("/api/v1/notifications?unread=true", &u3t)
            .await
            .body["total"],
        1
    );
    let r = app
        .post("/api/v1/notifications/read", &u3t, &json!({}))
        .await;
    assert_eq!(r.body["unread"], 0);
    assert_eq!(
        app.get("/api/v1/notifications?unread=true", &u3t)
            .await
            .body["total"],
        0
    );
    // Another user's notification ids change nothing of theirs.
    let theirs = app.get("/api/v1/notifications", &u2t).await.body["items"][0]["id"].clone();
    app.post(
        "/api/v1/notifications/read",
        &u3t,
        &json!({"ids": [theirs]}),
    )
    .await;
    assert_eq!(
        app.get("/api/v1/notifications?unread=true", &u2t)
            .await
            .body["total"],
        1
    );
    let bulk = app
        .post(
            "/api/v1/contacts/bulk",
            t,
            &json!({"ids": [id], "action": "set_managers", "manager_ids": [u3]}),
        )
        .await;
    assert_eq!(bulk.body["done"], json!([id]));
    assert_eq!(
        app.get("/api/v1/notifications", &u3t).await.body["total"],
        1,
        "u3 was a manager already"
    );
}

async fn next_event(res: &mut reqwest::Response) -> String {
    let mut text = String::new();
    while !text.contains("event: notification") {
        let chunk = tokio::time::timeout(Duration::from_secs(10), res.chunk())
            .await
            .expect("an event within 10 s")
            .unwrap();
        text.push_str(&String::from_utf8_lossy(
            &chunk.expect("the stream stays open"),
        ));
    }
    text
}

#[actix_web::test]
async fn notifications_are_pushed_over_the_event_stream() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (u2, u2t) = app.user_with_role("u2@example.com", "crm_user").await;
    let ticket = app
        .post("/api/v1/notifications/stream-ticket", &u2t, &json!({}))
        .await;
    assert_eq!(ticket.status, 200, "{}", ticket.body);
    let ticket = ticket.body["ticket"].as_str().unwrap().to_owned();
    // A ticket is no access token.
    app.get("/api/v1/me", &ticket)
        .await
        .assert_problem(401, "invalid_token");
    let mut res = app
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/notifications/stream?ticket={ticket}"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    app.post(
        "/api/v1/contacts",
        t,
        &json!({"kind": "company", "name": "Live Ltd", "manager_ids": [u2]}),
    )
    .await;
    let event = next_event(&mut res).await;
    assert!(event.contains("Live Ltd"), "{event}");
    // Without credentials, or with a forged ticket, no stream.
    app.get("/api/v1/notifications/stream", "")
        .await
        .assert_problem(401, "unauthorized");
    app.get("/api/v1/notifications/stream?ticket=forged", "")
        .await
        .assert_problem(401, "invalid_token");
}

#[actix_web::test]
async fn the_event_stream_ends_when_its_session_does() {
    let app = spawn_app().await;
    let (_, u2t) = app.user_with_role("u2@example.com", "crm_user").await;
    let mut res = app
        .raw(reqwest::Method::GET, "/api/v1/notifications/stream")
        .bearer_auth(&u2t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.post("/api/v1/auth/logout", &u2t, &json!({}))
            .await
            .status,
        204
    );
    let ended = tokio::time::timeout(Duration::from_secs(10), async {
        while let Ok(Some(_)) = res.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the stream outlived its session");
}
