//! Conventions every endpoint keeps: authentication, problem bodies, limits, headers, spec.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::spawn_app;
use reqwest::Method;
use serde_json::json;

/// Every documented operation that needs a token answers 401 without one; the public ones are
/// only login, refresh, health and the secret calendar feed URL.
#[actix_web::test]
async fn every_protected_endpoint_answers_401_without_a_token() {
    let app = spawn_app().await;
    let doc = app.get("/api/v1/openapi.json", "").await;
    assert_eq!(doc.status, 200);
    let mut public = Vec::new();
    let mut checked = 0;
    for (path, item) in doc.body["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let concrete = path.replace("{id}", "1");
            let is_public = op["security"].as_array().is_some_and(|s| {
                s.iter()
                    .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
            });
            if is_public {
                public.push(format!("{} {path}", method.to_uppercase()));
                continue;
            }
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let a = app.send(app.raw(m, &concrete).json(&json!({}))).await;
            a.assert_problem(401, "unauthorized");
            assert_eq!(a.headers.get("www-authenticate").unwrap(), "Bearer");
            checked += 1;
        }
    }
    public.sort();
    assert_eq!(
        public,
        [
            "GET /api/v1/public/calendar/{file}",
            "GET /health/live",
            "GET /health/ready",
            "POST /api/v1/auth/login",
            "POST /api/v1/auth/refresh"
        ]
    );
    assert!(checked >= 15, "only {checked} operations checked");
}

#[actix_web::test]
async fn unreadable_bodies_get_4xx_problems_never_500() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let post = |body: &'static str, ct: &'static str| {
        app.raw(Method::POST, "/api/v1/groups")
            .bearer_auth(t)
            .header("content-type", ct)
            .body(body)
    };
    app.send(post("{\"name\":", "application/json"))
        .await
        .assert_problem(400, "malformed_json");
    app.send(post("{\"name\": 1}", "application/json"))
        .await
        .assert_problem(422, "validation_failed");
    app.send(post("[]", "application/json"))
        .await
        .assert_problem(422, "validation_failed");
    app.send(post("{}", "application/json"))
        .await
        .assert_problem(422, "validation_failed");
    app.send(post("name=x", "application/x-www-form-urlencoded"))
        .await
        .assert_problem(415, "unsupported_media_type");
    let big = format!("{{\"name\":\"{}\"}}", "x".repeat(2 * 1024 * 1024));
    let a = app
        .send(
            app.raw(Method::POST, "/api/v1/groups")
                .bearer_auth(t)
                .header("content-type", "application/json")
                .body(big),
        )
        .await;
    a.assert_problem(413, "payload_too_large");
}

#[actix_web::test]
async fn unknown_ids_and_paths_are_404_problems() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    app.get("/api/v1/users/999999", t)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/users/abc", t)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/users/99999999999999999999999", t)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/v1/nothing-here", t)
        .await
        .assert_problem(404, "not_found");
    app.get("/api/elsewhere", t)
        .await
        .assert_problem(404, "not_found");
    app.delete("/api/v1/groups/424242", t)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn answers_carry_security_headers_and_request_ids() {
    let app = spawn_app().await;
    let a = app.get("/health/live", "").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["status"], "ok");
    for h in [
        "x-content-type-options",
        "x-frame-options",
        "content-security-policy",
        "referrer-policy",
        "x-request-id",
    ] {
        assert!(a.headers.contains_key(h), "missing {h}");
    }
    let ready = app.get("/health/ready", "").await;
    assert_eq!(ready.status, 200);
}

#[actix_web::test]
async fn interactive_docs_are_served_without_internet() {
    let app = spawn_app().await;
    let page = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"));
    assert!(
        !html.contains("https://"),
        "the docs page must not load anything from the internet"
    );
    let init = app
        .client
        .get(app.url("/api/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(init.status(), 200);
    assert!(init.text().await.unwrap().contains("/api/v1/openapi.json"));
}

/// `openapi/openapi.json` is what the code generates; run `make openapi` after changing the API.
#[test]
fn committed_openapi_document_is_current() {
    let generated = crm_api::openapi::document_json().unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: run `make openapi`"
    );
}
