//! Personal API tokens: shown once, stored hashed, scoped, revocable.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::spawn_app;
use serde_json::json;

#[actix_web::test]
async fn token_is_shown_once_used_and_revoked() {
    let app = spawn_app().await;
    let a = app
        .post(
            "/api/v1/api-tokens",
            &app.owner_token,
            &json!({"name": "Zapier", "scopes": ["write"]}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let secret = a.body["secret"].as_str().unwrap().to_owned();
    let id = a.body["token"]["id"].as_i64().unwrap();
    assert!(secret.starts_with("crm_pat_"));
    assert_eq!(a.body["token"]["scopes"], json!(["read", "write"]));
    assert!(secret.starts_with(a.body["token"]["prefix"].as_str().unwrap()));

    let list = app.get("/api/v1/api-tokens", &app.owner_token).await;
    assert_eq!(list.body["total"], 1);
    assert!(
        !list.body.to_string().contains(&secret),
        "the list must not carry the secret"
    );

    let me = app.get("/api/v1/me", &secret).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["auth_method"], "api_token");
    assert_eq!(me.body["scopes"], json!(["read", "write"]));
    // Write scope, no admin scope: the owner's token still cannot manage users.
    let u = app
        .post(
            "/api/v1/users",
            &secret,
            &json!({"email": "x@example.com", "name": "X", "password": "correct-horse-42"}),
        )
        .await;
    u.assert_problem(403, "insufficient_scope");
    let used = app.get("/api/v1/api-tokens", &app.owner_token).await;
    assert!(used.body["items"][0]["last_used_at"].is_string());

    assert_eq!(
        app.delete(&format!("/api/v1/api-tokens/{id}"), &app.owner_token)
            .await
            .status,
        204
    );
    app.get("/api/v1/me", &secret)
        .await
        .assert_problem(401, "invalid_token");
    assert_eq!(
        app.get("/api/v1/api-tokens", &app.owner_token).await.body["total"],
        0
    );
    app.delete(&format!("/api/v1/api-tokens/{id}"), &app.owner_token)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn read_tokens_cannot_write_and_cannot_mint_stronger_tokens() {
    let app = spawn_app().await;
    let a = app
        .post(
            "/api/v1/api-tokens",
            &app.owner_token,
            &json!({"name": "ro", "scopes": ["read"]}),
        )
        .await;
    let ro = a.body["secret"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/users", &ro).await.status, 200);
    app.post(
        "/api/v1/api-tokens",
        &ro,
        &json!({"name": "rw", "scopes": ["write"]}),
    )
    .await
    .assert_problem(403, "insufficient_scope");
    app.patch("/api/v1/me", &ro, &json!({"name": "x", "version": 1}))
        .await
        .assert_problem(403, "insufficient_scope");
}

#[actix_web::test]
async fn token_fields_are_validated_and_expired_tokens_fail() {
    let app = spawn_app().await;
    let a = app
        .post(
            "/api/v1/api-tokens",
            &app.owner_token,
            &json!({"name": "", "scopes": ["read", "root"], "expires_at": "2001-01-01T00:00:00Z"}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["name", "scopes[1]", "expires_at"]);
    let soon = (chrono::Utc::now() + chrono::Duration::seconds(2)).to_rfc3339();
    let a = app
        .post(
            "/api/v1/api-tokens",
            &app.owner_token,
            &json!({"name": "short", "scopes": ["read"], "expires_at": soon}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let secret = a.body["secret"].as_str().unwrap().to_owned();
    assert_eq!(app.get("/api/v1/me", &secret).await.status, 200);
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    app.get("/api/v1/me", &secret)
        .await
        .assert_problem(401, "invalid_token");
}

#[actix_web::test]
async fn tokens_of_other_users_cannot_be_seen_or_revoked() {
    let app = spawn_app().await;
    let a = app
        .post(
            "/api/v1/api-tokens",
            &app.owner_token,
            &json!({"name": "mine", "scopes": ["read"]}),
        )
        .await;
    let id = a.body["token"]["id"].as_i64().unwrap();
    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    assert_eq!(app.get("/api/v1/api-tokens", &user).await.body["total"], 0);
    app.delete(&format!("/api/v1/api-tokens/{id}"), &user)
        .await
        .assert_problem(404, "not_found");
    let (_, other) = app.other_portal().await;
    app.delete(&format!("/api/v1/api-tokens/{id}"), &other)
        .await
        .assert_problem(404, "not_found");
}

/// Signing out everywhere is a change: a read-only token may not; a signed-in user may include
/// their API tokens, and an admin's new password for a user may revoke the user's tokens.
#[actix_web::test]
async fn ending_every_session_needs_a_write_credential_and_may_take_the_tokens() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let token = |scopes: serde_json::Value| {
        let app = &app;
        async move {
            let a = app
                .post(
                    "/api/v1/api-tokens",
                    t,
                    &json!({"name": "t", "scopes": scopes}),
                )
                .await;
            assert_eq!(a.status, 201, "{}", a.body);
            a.body["secret"].as_str().unwrap().to_owned()
        }
    };
    // An admin's new password for a user may take the user's tokens too.
    let (uid, user_session) = app.user_with_role("rep@example.com", "crm_user").await;
    let a = app
        .post(
            "/api/v1/api-tokens",
            &user_session,
            &json!({"name": "rep", "scopes": ["read"]}),
        )
        .await;
    let rep_token = a.body["secret"].as_str().unwrap().to_owned();
    let user = app.get(&format!("/api/v1/users/{uid}"), t).await;
    let a = app
        .patch(
            &format!("/api/v1/users/{uid}"),
            t,
            &json!({"password": "another-long-password-1",
            "revoke_api_tokens": true, "version": user.body["version"]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(app.get("/api/v1/me", &rep_token).await.status, 401);
    assert_eq!(app.get("/api/v1/me", &user_session).await.status, 401);
    let read_only = token(json!(["read"])).await;
    app.post(
        "/api/v1/auth/logout",
        &read_only,
        &json!({"all_sessions": true}),
    )
    .await
    .assert_problem(403, "insufficient_scope");
    assert_eq!(
        app.get("/api/v1/me", t).await.status,
        200,
        "the session survives"
    );
    let a = app
        .post(
            "/api/v1/auth/logout",
            &read_only,
            &json!({"all_sessions": true, "api_tokens": true}),
        )
        .await;
    assert_eq!(a.status, 403);
    // The signed-in user ends every session and every token.
    let session = app.login(common::OWNER_EMAIL, common::PASSWORD).await;
    let a = app
        .post(
            "/api/v1/auth/logout",
            &session,
            &json!({"all_sessions": true, "api_tokens": true}),
        )
        .await;
    assert_eq!(a.status, 204, "{}", a.body);
    assert_eq!(app.get("/api/v1/me", &read_only).await.status, 401);
    assert_eq!(app.get("/api/v1/me", t).await.status, 401);
}
