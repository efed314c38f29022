//! The catalog of products and services through the API: kept by CRM administrators, read by
//! every CRM user, searched and paged, with default taxes that cannot be deleted while used.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::spawn_app;
use serde_json::{json, Value};

fn titles(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn the_catalog_is_kept_by_crm_admins_and_read_by_every_crm_user() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    app.patch(
        "/api/v1/settings/billing",
        t,
        &json!({"default_currency": "RUB", "version": 0}),
    )
    .await;
    let vat = app
        .post(
            "/api/v1/settings/taxes",
            t,
            &json!({"name": "НДС", "rate": "20"}),
        )
        .await;
    let vat_id = vat.body["id"].as_i64().unwrap();

    let p = app
        .post(
            "/api/v1/products",
            t,
            &json!({"title": " Консультация ", "price": "1500.50", "sku": "SRV-1", "tax_ids": [vat_id]}),
        )
        .await;
    assert_eq!(p.status, 201, "{}", p.body);
    assert_eq!(p.body["title"], "Консультация");
    assert_eq!(p.body["price"], "1500.5");
    assert_eq!(p.body["currency"], "RUB", "the default currency");
    assert_eq!(p.body["tax_ids"], json!([vat_id]));
    assert_eq!(p.body["track_stock"], false);
    assert!(p.body.get("stock").is_none(), "no stock when not counted");
    let id = p.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/products/{id}");

    // Every CRM user reads; only CRM admins change.
    let seen = app.get(&path, &seller).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert_eq!(seen.etag(), "\"1\"");
    app.post(
        "/api/v1/products",
        &seller,
        &json!({"title": "Mine", "price": "1"}),
    )
    .await
    .assert_problem(403, "forbidden");
    app.patch(&path, &seller, &json!({"title": "Mine", "version": 1}))
        .await
        .assert_problem(403, "forbidden");
    app.delete(&path, &seller)
        .await
        .assert_problem(403, "forbidden");

    // Bad input names each field.
    let bad = app
        .post(
            "/api/v1/products",
            t,
            &json!({"price": "-1", "currency": "EURO", "tax_ids": [1, 2, 3], "stock": "1.0001"}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(
        bad.fields(),
        ["title", "price", "currency", "tax_ids", "stock"]
    );
    let bad = app
        .post(
            "/api/v1/products",
            t,
            &json!({"title": "x", "price": "1.00001", "tax_ids": [vat_id, vat_id]}),
        )
        .await;
    assert_eq!(bad.fields(), ["price", "tax_ids"]);
    let unknown = app
        .post(
            "/api/v1/products",
            t,
            &json!({"title": "x", "price": "1", "tax_ids": [vat_id + 100]}),
        )
        .await;
    unknown.assert_problem(422, "validation_failed");
    assert_eq!(unknown.fields(), ["tax_ids"]);
    app.post(
        "/api/v1/products",
        t,
        &json!({"title": "Another", "price": "1", "sku": "SRV-1"}),
    )
    .await
    .assert_problem(409, "sku_taken");

    // A change from the version read; a stale one is refused.
    let c = app
        .patch(
            &path,
            t,
            &json!({"price": "1600", "currency": "usd", "track_stock": true, "stock": "12.500", "version": 1}),
        )
        .await;
    assert_eq!(c.status, 200, "{}", c.body);
    assert_eq!(
        (&c.body["price"], &c.body["currency"], &c.body["stock"]),
        (&json!("1600"), &json!("USD"), &json!("12.5"))
    );
    assert_eq!(c.body["sku"], "SRV-1", "unchanged fields stay");
    assert_eq!(c.body["version"], 2);
    app.patch(&path, t, &json!({"price": "1", "version": 1}))
        .await
        .assert_problem(412, "version_mismatch");

    // A tax cannot go while a product names it.
    let tax_path = format!("/api/v1/settings/taxes/{vat_id}");
    app.delete(&tax_path, t).await.assert_problem(409, "in_use");
    app.patch(&path, t, &json!({"tax_ids": [], "version": 2}))
        .await;
    assert_eq!(app.delete(&tax_path, t).await.status, 204);

    // Another portal sees none of it.
    let (_, other) = app.other_portal().await;
    app.get(&path, &other)
        .await
        .assert_problem(404, "not_found");
    let theirs = app.get("/api/v1/products", &other).await;
    assert_eq!(theirs.body["total"], 0);

    assert_eq!(app.delete(&path, t).await.status, 204);
    app.get(&path, t).await.assert_problem(404, "not_found");
}

#[actix_web::test]
async fn the_catalog_is_searched_filtered_sorted_and_paged() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    for (title, sku, price, currency, stock) in [
        ("Ноутбук Lenovo", "NB-100", "85000", "RUB", Some("3")),
        ("Мышь беспроводная", "MS-7", "1200", "RUB", Some("0")),
        ("Support hours", "", "90", "EUR", None),
        ("Установка ПО", "SRV-2", "3000", "RUB", None),
        ("Monitor Dell", "MON-27", "450", "USD", Some("1.5")),
    ] {
        let mut body = json!({"title": title, "sku": sku, "price": price, "currency": currency});
        if let Some(s) = stock {
            body["track_stock"] = json!(true);
            body["stock"] = json!(s);
        }
        let a = app.post("/api/v1/products", t, &body).await;
        assert_eq!(a.status, 201, "{}", a.body);
    }
    let all = app.get("/api/v1/products", t).await;
    assert_eq!(all.body["total"], 5);
    assert_eq!(
        titles(&all.body),
        [
            "Monitor Dell",
            "Support hours",
            "Мышь беспроводная",
            "Ноутбук Lenovo",
            "Установка ПО"
        ]
    );
    let found = app.get("/api/v1/products?q=нОУТ", t).await;
    assert_eq!(titles(&found.body), ["Ноутбук Lenovo"]);
    let by_sku = app.get("/api/v1/products?q=srv-2", t).await;
    assert_eq!(titles(&by_sku.body), ["Установка ПО"]);
    let rub = app.get("/api/v1/products?currency=rub", t).await;
    assert_eq!(rub.body["total"], 3);
    let counted = app.get("/api/v1/products?track_stock=true", t).await;
    assert_eq!(counted.body["total"], 3);
    let in_stock = app
        .get("/api/v1/products?in_stock=true&sort=-price", t)
        .await;
    assert_eq!(titles(&in_stock.body), ["Ноутбук Lenovo", "Monitor Dell"]);
    let out = app.get("/api/v1/products?in_stock=false", t).await;
    assert_eq!(titles(&out.body), ["Мышь беспроводная"]);

    // Pages by price, each row once.
    let mut seen = Vec::new();
    let mut next = "/api/v1/products?sort=price&limit=2".to_owned();
    loop {
        let page = app.get(&next, t).await;
        assert_eq!(page.status, 200, "{}", page.body);
        seen.extend(titles(&page.body));
        match page.body["next_cursor"].as_str() {
            Some(c) => next = format!("/api/v1/products?sort=price&limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "Support hours",
            "Monitor Dell",
            "Мышь беспроводная",
            "Установка ПО",
            "Ноутбук Lenovo"
        ]
    );
    let cursor = app.get("/api/v1/products?sort=price&limit=2", t).await.body["next_cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let wrong = app
        .get(&format!("/api/v1/products?sort=title&cursor={cursor}"), t)
        .await;
    assert_eq!(wrong.fields(), ["cursor"]);
    let bad = app.get("/api/v1/products?sort=sku", t).await;
    assert_eq!(bad.fields(), ["sort"]);
}
