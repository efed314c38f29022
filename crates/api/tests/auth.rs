//! Login, refresh rotation and reuse detection, logout, throttling.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{spawn_app, spawn_app_with, OWNER_EMAIL, PASSWORD};
use serde_json::json;

#[actix_web::test]
async fn login_returns_bearer_tokens_that_open_me() {
    let app = spawn_app().await;
    let a = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": " Owner@Example.com ", "password": PASSWORD}),
        )
        .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["token_type"], "Bearer");
    assert_eq!(a.body["expires_in"], 900);
    assert!(a.body["refresh_token"]
        .as_str()
        .unwrap()
        .starts_with("crm_rt_"));
    let me = app
        .get("/api/v1/me", a.body["access_token"].as_str().unwrap())
        .await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["user"]["email"], OWNER_EMAIL);
    assert_eq!(me.body["portal"]["name"], "Acme");
    assert_eq!(
        me.body["roles"],
        json!(["owner", "portal_admin", "crm_admin"])
    );
    assert_eq!(me.body["auth_method"], "session");
    assert!(me.body["user"].get("password_hash").is_none());
}

#[actix_web::test]
async fn wrong_password_and_unknown_email_answer_the_same_401() {
    let app = spawn_app().await;
    let wrong = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": OWNER_EMAIL, "password": "nope-nope-nope"}),
        )
        .await;
    wrong.assert_problem(401, "invalid_credentials");
    let unknown = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": "ghost@example.com", "password": PASSWORD}),
        )
        .await;
    unknown.assert_problem(401, "invalid_credentials");
    assert_eq!(wrong.body, unknown.body);
}

#[actix_web::test]
async fn repeated_failures_are_throttled_with_retry_after() {
    let app = spawn_app_with(|a| a.login_max_failures = 3).await;
    for _ in 0..3 {
        let a = app
            .post(
                "/api/v1/auth/login",
                "",
                &json!({"email": OWNER_EMAIL, "password": "wrong-password"}),
            )
            .await;
        a.assert_problem(401, "invalid_credentials");
    }
    // Even the right password is refused while throttled.
    let a = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": OWNER_EMAIL, "password": PASSWORD}),
        )
        .await;
    a.assert_problem(429, "too_many_attempts");
    let retry: i64 = a
        .headers
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 901, "retry-after {retry}");
}

#[actix_web::test]
async fn refresh_rotates_and_reuse_revokes_the_whole_session() {
    let app = spawn_app_with(|a| a.refresh_reuse_grace = 0).await;
    let first = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": OWNER_EMAIL, "password": PASSWORD}),
        )
        .await;
    let r1 = first.body["refresh_token"].as_str().unwrap().to_owned();
    let second = app
        .post("/api/v1/auth/refresh", "", &json!({"refresh_token": r1}))
        .await;
    assert_eq!(second.status, 200, "{}", second.body);
    let r2 = second.body["refresh_token"].as_str().unwrap().to_owned();
    let access2 = second.body["access_token"].as_str().unwrap().to_owned();
    assert_ne!(r1, r2);
    assert_eq!(app.get("/api/v1/me", &access2).await.status, 200);

    // The old token again: theft is assumed, the family dies, including the newest tokens.
    app.post("/api/v1/auth/refresh", "", &json!({"refresh_token": r1}))
        .await
        .assert_problem(401, "token_reused");
    app.post("/api/v1/auth/refresh", "", &json!({"refresh_token": r2}))
        .await
        .assert_problem(401, "invalid_token");
    app.get("/api/v1/me", &access2)
        .await
        .assert_problem(401, "invalid_token");
    // Other sessions live on.
    assert_eq!(app.get("/api/v1/me", &app.owner_token).await.status, 200);
}

/// Two tabs share the stored refresh token and may refresh at the same moment: the second
/// within the grace period gets tokens of the same session instead of ending it.
#[actix_web::test]
async fn two_tabs_refreshing_at_once_both_keep_the_session() {
    let app = spawn_app().await;
    let first = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": OWNER_EMAIL, "password": PASSWORD}),
        )
        .await;
    let r1 = first.body["refresh_token"].as_str().unwrap().to_owned();
    let body = json!({"refresh_token": r1});
    let (a, b) = tokio::join!(
        app.post("/api/v1/auth/refresh", "", &body),
        app.post("/api/v1/auth/refresh", "", &body),
    );
    assert_eq!(
        (a.status.as_u16(), b.status.as_u16()),
        (200, 200),
        "{} {}",
        a.body,
        b.body
    );
    for tab in [&a, &b] {
        let access = tab.body["access_token"].as_str().unwrap();
        assert_eq!(app.get("/api/v1/me", access).await.status, 200);
        let next = tab.body["refresh_token"].as_str().unwrap();
        let again = app
            .post("/api/v1/auth/refresh", "", &json!({"refresh_token": next}))
            .await;
        assert_eq!(again.status, 200, "{}", again.body);
    }
}

#[actix_web::test]
async fn garbage_refresh_token_is_401() {
    let app = spawn_app().await;
    app.post(
        "/api/v1/auth/refresh",
        "",
        &json!({"refresh_token": "crm_rt_nonsense"}),
    )
    .await
    .assert_problem(401, "invalid_token");
}

#[actix_web::test]
async fn logout_ends_the_session_at_once() {
    let app = spawn_app().await;
    let login = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": OWNER_EMAIL, "password": PASSWORD}),
        )
        .await;
    let access = login.body["access_token"].as_str().unwrap().to_owned();
    let refresh = login.body["refresh_token"].as_str().unwrap().to_owned();
    let out = app.post("/api/v1/auth/logout", &access, &json!({})).await;
    assert_eq!(out.status, 204);
    app.get("/api/v1/me", &access)
        .await
        .assert_problem(401, "invalid_token");
    app.post(
        "/api/v1/auth/refresh",
        "",
        &json!({"refresh_token": refresh}),
    )
    .await
    .assert_problem(401, "invalid_token");
    assert_eq!(app.get("/api/v1/me", &app.owner_token).await.status, 200);
}

#[actix_web::test]
async fn a_logout_on_another_server_ends_the_session_there_at_once_and_here_within_a_second() {
    let app = spawn_app().await;
    let other = app.another_process(|_| {});
    let access = app.login(OWNER_EMAIL, PASSWORD).await;
    assert_eq!(app.get("/api/v1/me", &access).await.status, 200);
    assert_eq!(app.get("/api/v1/crm", &access).await.status, 200);
    let out = app
        .send(
            app.client
                .post(format!("{}/api/v1/auth/logout", other.base))
                .bearer_auth(&access)
                .json(&json!({})),
        )
        .await;
    assert_eq!(out.status, 204);
    app.send(
        app.client
            .get(format!("{}/api/v1/me", other.base))
            .bearer_auth(&access),
    )
    .await
    .assert_problem(401, "invalid_token");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    app.get("/api/v1/me", &access)
        .await
        .assert_problem(401, "invalid_token");
    app.get("/api/v1/crm", &access)
        .await
        .assert_problem(401, "invalid_token");
    other.stop().await;
}

#[actix_web::test]
async fn logout_everywhere_ends_every_session() {
    let app = spawn_app().await;
    let other = app.login(OWNER_EMAIL, PASSWORD).await;
    let out = app
        .post(
            "/api/v1/auth/logout",
            &app.owner_token,
            &json!({"all_sessions": true}),
        )
        .await;
    assert_eq!(out.status, 204);
    app.get("/api/v1/me", &other)
        .await
        .assert_problem(401, "invalid_token");
    app.get("/api/v1/me", &app.owner_token)
        .await
        .assert_problem(401, "invalid_token");
}

#[actix_web::test]
async fn a_tampered_or_foreign_jwt_is_refused() {
    let app = spawn_app().await;
    let mut t = app.owner_token.clone();
    t.pop();
    t.push('x');
    app.get("/api/v1/me", &t)
        .await
        .assert_problem(401, "invalid_token");
    app.get("/api/v1/me", "not-a-jwt")
        .await
        .assert_problem(401, "invalid_token");
    let a = app
        .send(
            app.raw(reqwest::Method::GET, "/api/v1/me")
                .header("authorization", "Basic abc"),
        )
        .await;
    a.assert_problem(401, "invalid_token");
}

#[actix_web::test]
async fn changing_my_password_needs_the_current_one_and_keeps_this_session() {
    let app = spawn_app().await;
    let other = app.login(OWNER_EMAIL, PASSWORD).await;
    let me = app.get("/api/v1/me", &app.owner_token).await;
    let v = me.body["user"]["version"].as_i64().unwrap();
    let bad = app
        .patch("/api/v1/me", &app.owner_token, &json!({"new_password": "another-long-pass", "current_password": "wrong", "version": v}))
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(bad.fields(), ["current_password"]);
    let ok = app
        .patch("/api/v1/me", &app.owner_token, &json!({"new_password": "another-long-pass", "current_password": PASSWORD, "version": v}))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(app.get("/api/v1/me", &app.owner_token).await.status, 200);
    app.get("/api/v1/me", &other)
        .await
        .assert_problem(401, "invalid_token");
    app.login(OWNER_EMAIL, "another-long-pass").await;
}

#[actix_web::test]
async fn profile_language_and_time_zone_are_validated_and_saved() {
    let app = spawn_app().await;
    let me = app.get("/api/v1/me", &app.owner_token).await;
    let etag = me.etag();
    let bad = app
        .patch(
            "/api/v1/me",
            &app.owner_token,
            &json!({"locale": "de", "time_zone": "Mars/Base", "version": 1}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(bad.fields(), ["locale", "time_zone"]);
    let a = app
        .send(
            app.raw(reqwest::Method::PATCH, "/api/v1/me")
                .bearer_auth(&app.owner_token)
                .header("if-match", etag)
                .json(&json!({"locale": "ru", "time_zone": "Europe/Moscow"})),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["user"]["locale"], "ru");
    assert_eq!(a.body["user"]["time_zone"], "Europe/Moscow");
    assert_eq!(a.body["user"]["version"], 2);
}

/// Behind a trusted reverse proxy the client address comes from `X-Forwarded-For`, so one
/// client's failures slow that client down and nobody else; from an untrusted peer the
/// header is ignored.
#[actix_web::test]
async fn failures_behind_a_trusted_proxy_slow_down_only_their_client() {
    async fn login(app: &common::TestApp, from: &str, password: &str) -> common::Answer {
        let req = app
            .raw(reqwest::Method::POST, "/api/v1/auth/login")
            .header("x-forwarded-for", format!("{from}, 127.0.0.1"))
            .json(&json!({"email": OWNER_EMAIL, "password": password}));
        app.send(req).await
    }
    let app = spawn_app_with(|a| {
        a.login_max_failures = 3;
        a.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await;
    for _ in 0..3 {
        login(&app, "203.0.113.7", "wrong-password")
            .await
            .assert_problem(401, "invalid_credentials");
    }
    login(&app, "203.0.113.7", PASSWORD)
        .await
        .assert_problem(429, "too_many_attempts");
    // The account's owner, elsewhere, signs in.
    assert_eq!(login(&app, "198.51.100.2", PASSWORD).await.status, 200);

    // Without trusted proxies the header is the client's say-so and counts for nothing.
    let app = spawn_app_with(|a| a.login_max_failures = 3).await;
    for _ in 0..3 {
        login(&app, "203.0.113.7", "wrong-password").await;
    }
    login(&app, "198.51.100.2", PASSWORD)
        .await
        .assert_problem(429, "too_many_attempts");
}
