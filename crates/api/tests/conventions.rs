//! Conventions every endpoint keeps: authentication, problem bodies, limits, headers, spec.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{spawn_app, PASSWORD};
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
            "GET /api/v1/public/invoices/{token}",
            "GET /api/v1/public/invoices/{token}/pdf",
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
async fn unreadable_uploads_get_415_or_422_problems() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let upload = |ct: &'static str, body: &'static str| {
        app.raw(Method::POST, "/api/v1/files")
            .bearer_auth(t)
            .header("content-type", ct)
            .body(body)
    };
    let a = app.send(upload("application/json", "{}")).await;
    a.assert_problem(415, "unsupported_media_type");
    assert!(
        a.body["detail"]
            .as_str()
            .unwrap()
            .contains("multipart/form-data"),
        "{}",
        a.body
    );
    app.send(upload("multipart/form-data", "x"))
        .await
        .assert_problem(415, "unsupported_media_type");
    let broken =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhalf";
    let a = app
        .send(upload("multipart/form-data; boundary=b", broken))
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["file"]);
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

/// Operation ids are unique, every operation addressing one resource documents its 404, and
/// `If-Match` is an optional plain string on the operations that read it.
#[test]
fn the_document_names_operations_once_and_documents_what_handlers_answer() {
    let doc: serde_json::Value =
        serde_json::from_str(&crm_api::openapi::document_json().unwrap()).unwrap();
    let mut ids = std::collections::BTreeMap::<String, usize>::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            *ids.entry(op["operationId"].as_str().unwrap().to_owned())
                .or_default() += 1;
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            if params.iter().any(|p| p["in"] == "path") {
                assert!(
                    op["responses"].get("404").is_some(),
                    "{method} {path} has no 404"
                );
            }
            for p in params.iter().filter(|p| p["name"] == "If-Match") {
                assert_eq!(p["schema"], json!({"type": "string"}), "{method} {path}");
                assert_eq!(p["required"], false);
            }
            let conditional = params.iter().any(|p| p["name"] == "If-Match");
            assert_eq!(
                op["responses"].get("428").is_some(),
                conditional,
                "{method} {path}: 428 documented only where If-Match is read"
            );
        }
    }
    let twice: Vec<_> = ids.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "operation ids used twice: {twice:?}");
    assert!(doc["paths"]["/api/v1/tags/{id}"]["patch"]["responses"]
        .get("409")
        .is_some());
}

#[actix_web::test]
async fn requests_the_document_does_not_allow_are_refused_with_problems() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    // A method the path does not have: 405 with the methods it has.
    let a = app
        .send(app.raw(Method::PUT, "/api/v1/contacts").bearer_auth(t))
        .await;
    a.assert_problem(405, "method_not_allowed");
    assert_eq!(a.headers.get("allow").unwrap(), "GET, POST");
    // An array where an object is required, even when every field is optional.
    let contact = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Acme"}),
        )
        .await;
    let id = contact.body["id"].as_i64().unwrap();
    let a = app
        .send(
            app.raw(Method::PATCH, &format!("/api/v1/contacts/{id}"))
                .bearer_auth(t)
                .header("if-match", "*")
                .json(&json!([])),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["body"]);
    // Invalid UTF-8 in a query is refused, not searched for as U+FFFD.
    let a = app.get("/api/v1/contacts?q=%FF%FE", t).await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["q"]);
    // A cursor of one list is refused by another.
    for i in 0..3 {
        app.post("/api/v1/groups", t, &json!({"name": format!("G{i}")}))
            .await;
        app.post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": format!("C{i}")}),
        )
        .await;
    }
    let groups = app.get("/api/v1/groups?limit=1&sort=name", t).await;
    let cursor = groups.body["next_cursor"].as_str().unwrap().to_owned();
    let a = app
        .get(
            &format!("/api/v1/contacts?limit=1&sort=name&cursor={cursor}"),
            t,
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["cursor"]);
}

#[actix_web::test]
async fn deleting_unused_tags_honours_the_search_filter() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    for name in ["Promo 2025", "Promo 2026", "Partner"] {
        let a = app
            .post("/api/v1/tags", t, &json!({"kind": "contact", "name": name}))
            .await;
        assert_eq!(a.status, 201, "{}", a.body);
    }
    let a = app
        .delete("/api/v1/tags/unused?kind=contact&q=promo", t)
        .await;
    assert_eq!(a.body["deleted"], 2, "{}", a.body);
    let left = app.get("/api/v1/tags?kind=contact", t).await;
    let names: Vec<&str> = left.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Partner"), "{names:?}");
    assert!(!names.iter().any(|n| n.starts_with("Promo")), "{names:?}");
}

/// A PATCH that changes nothing keeps the version (and so every other client's ETag).
#[actix_web::test]
async fn a_patch_that_changes_nothing_keeps_the_version() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Acme", "industry": "Retail"}),
        )
        .await;
    let path = format!("/api/v1/contacts/{}", c.body["id"]);
    for body in [
        json!({"version": 1}),
        json!({"version": 1, "name": "Acme", "industry": "Retail"}),
    ] {
        let a = app.patch(&path, t, &body).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.body["version"], 1, "{body}");
        assert_eq!(a.headers.get("etag").unwrap(), "\"1\"");
    }
    let a = app
        .patch(&path, t, &json!({"version": 1, "industry": "Banking"}))
        .await;
    assert_eq!(a.body["version"], 2);
    assert_eq!(a.body["industry"], "Banking");
    // A stale version is still refused, change or not.
    app.patch(&path, t, &json!({"version": 1}))
        .await
        .assert_problem(412, "version_mismatch");

    let categories = app.get("/api/v1/settings/lists/task_categories", t).await;
    let category = &categories.body["items"][0]["id"];
    let task = app
        .post(
            "/api/v1/tasks",
            t,
            &json!({"title": "Call", "category_id": category, "deadline": "2030-01-01T10:00"}),
        )
        .await;
    assert_eq!(task.status, 201, "{}", task.body);
    let path = format!("/api/v1/tasks/{}", task.body["id"]);
    let a = app
        .patch(&path, t, &json!({"version": 1, "title": "Call"}))
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["version"], 1);
    let a = app
        .patch(&path, t, &json!({"version": 1, "title": "Call back"}))
        .await;
    assert_eq!(a.body["version"], 2);
}

/// The same holds for groups, users, the profile, the CRM settings and history entries; a
/// new password is a change even though no response shows it.
#[actix_web::test]
async fn every_patch_that_changes_nothing_keeps_the_version() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let g = app
        .post("/api/v1/groups", t, &json!({"name": "Sales"}))
        .await;
    assert_eq!(g.status, 201, "{}", g.body);
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Acme"}),
        )
        .await;
    let e = app
        .post(
            &format!("/api/v1/contacts/{}/history", c.body["id"]),
            t,
            &json!({"content": "Met at the fair"}),
        )
        .await;
    assert_eq!(e.status, 201, "{}", e.body);
    let settings = app.get("/api/v1/settings/crm", t).await;
    let open = settings.body["open_to_all"].clone();
    let me = app.get("/api/v1/me", t).await;
    let name = me.body["user"]["name"].clone();
    let user_path = format!("/api/v1/users/{}", app.owner_id);
    let cases = [
        (
            format!("/api/v1/groups/{}", g.body["id"]),
            json!({"name": "Sales"}),
            json!({"name": "Sales team"}),
        ),
        (
            user_path.clone(),
            json!({"name": name}),
            json!({"name": "Olga"}),
        ),
        (
            "/api/v1/settings/crm".to_owned(),
            json!({"open_to_all": open}),
            json!({"open_to_all": !open.as_bool().unwrap()}),
        ),
        (
            format!("/api/v1/history/{}", e.body["id"]),
            json!({"content": "Met at the fair"}),
            json!({"content": "Met at the fair in May"}),
        ),
    ];
    for (path, same, different) in cases {
        let before = if path.starts_with("/api/v1/history/") {
            e.body["version"].as_i64().unwrap()
        } else {
            app.get(&path, t).await.body["version"].as_i64().unwrap()
        };
        let mut body = same.clone();
        body["version"] = json!(before);
        let a = app.patch(&path, t, &body).await;
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        assert_eq!(a.body["version"], before, "{path} kept its version");
        assert_eq!(
            a.headers.get("etag").unwrap().to_str().unwrap(),
            format!("\"{before}\"")
        );
        let mut body = different.clone();
        body["version"] = json!(before);
        let a = app.patch(&path, t, &body).await;
        assert_eq!(a.status, 200, "{path}: {}", a.body);
        assert_eq!(a.body["version"], before + 1, "{path} changed");
    }
    // The profile: the same name keeps it, a new password is a change.
    let me = app.get("/api/v1/me", t).await;
    let v = me.body["user"]["version"].as_i64().unwrap();
    let a = app
        .patch("/api/v1/me", t, &json!({"version": v, "name": "Olga"}))
        .await;
    assert_eq!(a.body["user"]["version"], v, "{}", a.body);
    let a = app
        .patch(
            "/api/v1/me",
            t,
            &json!({"version": v, "current_password": PASSWORD, "new_password": "another-horse-43"}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["user"]["version"], v + 1, "{}", a.body);
    // The new password holds.
    app.login(common::OWNER_EMAIL, "another-horse-43").await;
}
