//! Users: who may manage them, validation, paging, optimistic concurrency, tenancy.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{spawn_app, PASSWORD};
use serde_json::json;

#[actix_web::test]
async fn owner_creates_a_user_who_can_sign_in() {
    let app = spawn_app().await;
    let a = app
        .post(
            "/api/v1/users",
            &app.owner_token,
            &json!({"email": "Ivan@Example.com", "name": "Иван Петров", "password": PASSWORD, "locale": "ru", "time_zone": "Europe/Moscow"}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    assert_eq!(a.body["email"], "ivan@example.com");
    assert_eq!(a.body["role"], "crm_user");
    assert_eq!(
        a.headers.get("location").unwrap(),
        &format!("/api/v1/users/{}", a.body["id"])
    );
    assert_eq!(a.etag(), "\"1\"");
    app.login("ivan@example.com", PASSWORD).await;
}

#[actix_web::test]
async fn invalid_fields_are_all_named() {
    let app = spawn_app().await;
    let a = app
        .post(
            "/api/v1/users",
            &app.owner_token,
            &json!({"email": "nope", "name": " ", "password": "short", "role": "god"}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["email", "name", "password", "role"]);
}

#[actix_web::test]
async fn duplicate_email_is_a_409_naming_email() {
    let app = spawn_app().await;
    app.user_with_role("dup@example.com", "crm_user").await;
    let a = app
        .post(
            "/api/v1/users",
            &app.owner_token,
            &json!({"email": "DUP@example.com", "name": "X", "password": PASSWORD}),
        )
        .await;
    a.assert_problem(409, "email_taken");
    assert_eq!(a.fields(), ["email"]);
}

#[actix_web::test]
async fn crm_users_and_crm_admins_cannot_manage_users_and_admins_cannot_make_owners() {
    let app = spawn_app().await;
    let (_, user) = app.user_with_role("u@example.com", "crm_user").await;
    let (_, crm_admin) = app.user_with_role("c@example.com", "crm_admin").await;
    let (_, admin) = app.user_with_role("a@example.com", "portal_admin").await;
    let body = json!({"email": "n@example.com", "name": "N", "password": PASSWORD});
    app.post("/api/v1/users", &user, &body)
        .await
        .assert_problem(403, "forbidden");
    app.post("/api/v1/users", &crm_admin, &body)
        .await
        .assert_problem(403, "forbidden");
    let owner =
        json!({"email": "o2@example.com", "name": "N", "password": PASSWORD, "role": "owner"});
    app.post("/api/v1/users", &admin, &owner)
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(app.post("/api/v1/users", &admin, &body).await.status, 201);
    // The owner is out of an admin's reach.
    let a = app
        .patch(
            &format!("/api/v1/users/{}", app.owner_id),
            &admin,
            &json!({"name": "Hacked", "version": 1}),
        )
        .await;
    a.assert_problem(403, "forbidden");
    // Everyone may read the people of the portal.
    assert_eq!(app.get("/api/v1/users", &user).await.status, 200);
}

#[actix_web::test]
async fn list_filters_searches_any_script_and_pages_stably() {
    let app = spawn_app().await;
    for (i, name) in [
        "Анна Смирнова",
        "Борис Иванов",
        "Clara Jones",
        "Dmitry Ivanov",
        "Ёлка Ёжикова",
    ]
    .iter()
    .enumerate()
    {
        let a = app
            .post(
                "/api/v1/users",
                &app.owner_token,
                &json!({"email": format!("p{i}@example.com"), "name": name, "password": PASSWORD}),
            )
            .await;
        assert_eq!(a.status, 201);
    }
    let a = app
        .get("/api/v1/users?q=%D0%B8%D0%B2%D0%B0%D0%BD", &app.owner_token)
        .await; // "иван"
    assert_eq!(a.body["total"], 1, "{}", a.body);
    assert_eq!(a.body["items"][0]["name"], "Борис Иванов");
    let a = app.get("/api/v1/users?q=IVANOV", &app.owner_token).await;
    assert_eq!(a.body["items"][0]["name"], "Dmitry Ivanov");
    let a = app.get("/api/v1/users?q=50%25", &app.owner_token).await;
    assert_eq!(a.body["total"], 0);
    let a = app.get("/api/v1/users?role=owner", &app.owner_token).await;
    assert_eq!(a.body["total"], 1);

    // Pages of two, by name descending, while a new user arrives between pages.
    let mut names = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/users?limit=2&sort=-name&cursor={c}"),
            None => "/api/v1/users?limit=2&sort=-name".to_owned(),
        };
        let a = app.get(&path, &app.owner_token).await;
        assert_eq!(a.status, 200, "{}", a.body);
        assert_eq!(a.body["total"].as_i64().unwrap(), 6 + i64::from(pages > 0));
        names.extend(
            a.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["name"].as_str().unwrap().to_owned()),
        );
        if pages == 0 {
            // Sorts first (descending), so it must not shift later pages.
            let n = app
                .post(
                    "/api/v1/users",
                    &app.owner_token,
                    &json!({"email": "z@example.com", "name": "Яна", "password": PASSWORD}),
                )
                .await;
            assert_eq!(n.status, 201);
        }
        pages += 1;
        match a.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| std::cmp::Reverse(n.to_lowercase()));
    assert_eq!(names, sorted);
    assert_eq!(names.len(), 6);

    // A cursor belongs to its sort.
    let first = app
        .get("/api/v1/users?limit=2&sort=name", &app.owner_token)
        .await;
    let c = first.body["next_cursor"].as_str().unwrap();
    let a = app
        .get(
            &format!("/api/v1/users?limit=2&sort=email&cursor={c}"),
            &app.owner_token,
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["cursor"]);
    app.get("/api/v1/users?limit=500", &app.owner_token)
        .await
        .assert_problem(422, "validation_failed");
    app.get("/api/v1/users?sort=password_hash", &app.owner_token)
        .await
        .assert_problem(422, "validation_failed");
    app.get("/api/v1/users?bogus=1", &app.owner_token)
        .await
        .assert_problem(422, "validation_failed");
}

#[actix_web::test]
async fn updates_need_the_current_version() {
    let app = spawn_app().await;
    let (id, _) = app.user_with_role("v@example.com", "crm_user").await;
    let path = format!("/api/v1/users/{id}");
    app.patch(&path, &app.owner_token, &json!({"name": "No version"}))
        .await
        .assert_problem(428, "precondition_required");
    let a = app
        .patch(
            &path,
            &app.owner_token,
            &json!({"name": "First", "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.etag(), "\"2\"");
    // A second editor who read version 1 loses nothing silently: 412.
    app.patch(
        &path,
        &app.owner_token,
        &json!({"name": "Second", "version": 1}),
    )
    .await
    .assert_problem(412, "version_mismatch");
    let stale = app
        .send(
            app.raw(reqwest::Method::PATCH, &path)
                .bearer_auth(&app.owner_token)
                .header("if-match", "\"1\"")
                .json(&json!({"name": "x"})),
        )
        .await;
    stale.assert_problem(412, "version_mismatch");
    assert_eq!(app.get(&path, &app.owner_token).await.body["name"], "First");
}

#[actix_web::test]
async fn deactivated_users_lose_sessions_and_tokens_and_cannot_sign_in() {
    let app = spawn_app().await;
    let (id, token) = app.user_with_role("d@example.com", "crm_user").await;
    let pat = app
        .post(
            "/api/v1/api-tokens",
            &token,
            &json!({"name": "script", "scopes": ["read"]}),
        )
        .await;
    let secret = pat.body["secret"].as_str().unwrap().to_owned();
    let a = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &app.owner_token,
            &json!({"active": false, "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(app.get("/api/v1/me", &token).await.status, 401);
    assert_eq!(app.get("/api/v1/me", &secret).await.status, 401);
    let login = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": "d@example.com", "password": PASSWORD}),
        )
        .await;
    login.assert_problem(401, "invalid_credentials");
}

#[actix_web::test]
async fn the_last_owner_stays_and_nobody_demotes_or_deactivates_themselves() {
    let app = spawn_app().await;
    let path = format!("/api/v1/users/{}", app.owner_id);
    let a = app
        .patch(
            &path,
            &app.owner_token,
            &json!({"role": "crm_user", "active": false, "version": 1}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["role", "active"]);
    let (second, _) = app.user_with_role("o2@example.com", "owner").await;
    let (_, admin_token) = app.user_with_role("adm@example.com", "portal_admin").await;
    let _ = admin_token;
    // With two owners, one may step down; then the other is the last.
    let second_owner = app.login("o2@example.com", PASSWORD).await;
    let a = app
        .patch(
            &path,
            &second_owner,
            &json!({"role": "portal_admin", "version": 1}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    let owner_now = app.login(common::OWNER_EMAIL, PASSWORD).await;
    let a = app
        .patch(
            &format!("/api/v1/users/{second}"),
            &owner_now,
            &json!({"role": "crm_user", "version": 1}),
        )
        .await;
    // The former owner is now a portal admin and may not touch an owner.
    a.assert_problem(403, "forbidden");
}

#[actix_web::test]
async fn users_of_another_portal_are_invisible_and_untouchable() {
    let app = spawn_app().await;
    let (id, _) = app.user_with_role("mine@example.com", "crm_user").await;
    let (_, other) = app.other_portal().await;
    app.get(&format!("/api/v1/users/{id}"), &other)
        .await
        .assert_problem(404, "not_found");
    app.patch(
        &format!("/api/v1/users/{id}"),
        &other,
        &json!({"name": "x", "version": 1}),
    )
    .await
    .assert_problem(404, "not_found");
    let list = app.get("/api/v1/users?q=mine", &other).await;
    assert_eq!(list.body["total"], 0);
    let all = app.get("/api/v1/users", &other).await;
    assert_eq!(all.body["total"], 1);
    assert_eq!(all.body["items"][0]["email"], "boss@other.example");
    // Nor can another portal's group be given to a user.
    let g = app
        .post("/api/v1/groups", &other, &json!({"name": "Theirs"}))
        .await;
    let gid = g.body["id"].as_i64().unwrap();
    let a = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &app.owner_token,
            &json!({"group_ids": [gid], "version": 1}),
        )
        .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["group_ids"]);
}

/// Two owners demoting each other at the same moment: one wins, the portal keeps an owner.
#[actix_web::test]
async fn concurrent_demotions_leave_one_owner() {
    let app = spawn_app().await;
    let (second, second_token) = app.user_with_role("o2@example.com", "owner").await;
    let first_path = format!("/api/v1/users/{}", app.owner_id);
    let second_path = format!("/api/v1/users/{second}");
    let body = json!({"role": "portal_admin", "version": 1});
    let (a, b) = tokio::join!(
        app.patch(&first_path, &second_token, &body),
        app.patch(&second_path, &app.owner_token, &body),
    );
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    // The loser is refused as the last owner (409), or, when the winner committed before its
    // request was authorised, as no longer an owner (403).
    assert!(
        statuses == [200, 409] || statuses == [200, 403],
        "{statuses:?}: {} / {}",
        a.body,
        b.body
    );
    let mut conn = app.pool.get().unwrap();
    let left = crm_persistence::users::count_active_owners(&mut conn, app.portal_id).unwrap();
    assert_eq!(left, 1);
}

#[actix_web::test]
async fn a_users_zone_is_the_chosen_one_else_the_browsers_at_first_sign_in() {
    let app = spawn_app().await;
    let sign_in = |email: &'static str, zone: &'static str| {
        let app = &app;
        async move {
            app.post(
                "/api/v1/auth/login",
                "",
                &json!({"email": email, "password": PASSWORD, "time_zone": zone}),
            )
            .await
        }
    };
    let zone_of = |token: String| {
        let app = &app;
        async move { app.get("/api/v1/me", &token).await.body["user"]["time_zone"].clone() }
    };

    // No zone given: the browser's at the first sign-in, and only then.
    app.user_with_role("anna@example.com", "crm_user").await;
    let a = sign_in("anna@example.com", "Europe/Moscow").await;
    assert_eq!(a.status, 200, "{}", a.body);
    let token = a.body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(zone_of(token).await, "Europe/Moscow");
    let a = sign_in("anna@example.com", "Asia/Tokyo").await;
    assert_eq!(
        zone_of(a.body["access_token"].as_str().unwrap().into()).await,
        "Europe/Moscow"
    );

    // A zone chosen by whoever created the user stays.
    let a = app
        .post(
            "/api/v1/users",
            &app.owner_token,
            &json!({"email": "olga@example.com", "name": "Olga", "password": PASSWORD, "time_zone": "Asia/Yekaterinburg"}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let a = sign_in("olga@example.com", "America/New_York").await;
    assert_eq!(
        zone_of(a.body["access_token"].as_str().unwrap().into()).await,
        "Asia/Yekaterinburg"
    );

    // A zone that does not exist is refused, naming the field, before the password is checked.
    let a = sign_in("olga@example.com", "Mars/Olympus").await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["time_zone"]);
}

#[actix_web::test]
async fn setup_takes_the_owners_zone_and_names_the_owner_by_e_mail_when_no_name_is_given() {
    use crm_api::setup::{create_portal, PortalSetup};
    let app = spawn_app().await;
    let setup = |email: &str, zone: Option<&str>| PortalSetup {
        portal_name: "Zones".into(),
        owner_email: email.into(),
        owner_name: None,
        owner_password: PASSWORD.into(),
        locale: "en".into(),
        time_zone: zone.map(Into::into),
    };
    let (_, owner) = create_portal(
        &app.pool,
        &setup("zoe@zones.example", Some("Europe/Berlin")),
    )
    .unwrap();
    assert_eq!(owner.name, "zoe@zones.example");
    assert_eq!(owner.time_zone, "Europe/Berlin");
    let a = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": "zoe@zones.example", "password": PASSWORD, "time_zone": "Asia/Tokyo"}),
        )
        .await;
    let me = app
        .get("/api/v1/me", a.body["access_token"].as_str().unwrap())
        .await;
    assert_eq!(me.body["user"]["time_zone"], "Europe/Berlin");

    let err = create_portal(&app.pool, &setup("max@zones.example", Some("Berlin"))).unwrap_err();
    assert!(err.to_string().contains("--time-zone"), "{err}");
}
