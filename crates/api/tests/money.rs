//! Currencies and exchange rates through the API: the ISO list, the default currency, dated
//! rates kept as history, and deal totals converted with the rate valid today.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::spawn_app;
use serde_json::{json, Value};

fn codes(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn the_default_currency_is_set_by_crm_admins_with_its_version() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    let list = app.get("/api/v1/currencies", &seller).await;
    assert_eq!(list.status, 200, "{}", list.body);
    let all = codes(&list.body);
    assert!(all.contains(&"RUB".to_owned()) && all.contains(&"JPY".to_owned()));
    assert!(!all.contains(&"XAU".to_owned()), "no precious metals");
    let jpy = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "JPY")
        .unwrap();
    assert_eq!(jpy["minor_units"], 0);

    let s = app.get("/api/v1/settings/billing", t).await;
    assert_eq!(s.status, 200, "{}", s.body);
    let first = s.body["default_currency"].as_str().unwrap().to_owned();
    assert_eq!(list.body["default_currency"], first.as_str());
    assert_eq!(s.body["version"], 0);

    app.patch(
        "/api/v1/settings/billing",
        &seller,
        &json!({"default_currency": "EUR", "version": 0}),
    )
    .await
    .assert_problem(403, "forbidden");
    let bad = app
        .patch(
            "/api/v1/settings/billing",
            t,
            &json!({"default_currency": "EURO", "version": 0}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(bad.fields(), ["default_currency"]);
    let a = app
        .patch(
            "/api/v1/settings/billing",
            t,
            &json!({"default_currency": "eur", "version": 0}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["default_currency"], "EUR");
    assert_eq!(a.body["version"], 1);
    app.patch(
        "/api/v1/settings/billing",
        t,
        &json!({"default_currency": "USD", "version": 0}),
    )
    .await
    .assert_problem(412, "version_mismatch");
    let list = app.get("/api/v1/currencies", &seller).await;
    assert_eq!(list.body["default_currency"], "EUR");
    // A new deal without a currency takes the default one.
    let d = app
        .post("/api/v1/deals", t, &json!({"title": "In euros"}))
        .await;
    assert_eq!(d.body["currency"], "EUR", "{}", d.body);
}

#[actix_web::test]
async fn rates_are_dated_exact_and_convert_deal_totals_or_say_what_is_missing() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    app.patch(
        "/api/v1/settings/billing",
        t,
        &json!({"default_currency": "RUB", "version": 0}),
    )
    .await;
    let rate = |from: &str, to: &str, rate: &str, day: &str| json!({"from": from, "to": to, "rate": rate, "valid_from": day});
    let old = app
        .post(
            "/api/v1/exchange-rates",
            t,
            &rate("USD", "RUB", "75.5", "2020-01-01"),
        )
        .await;
    assert_eq!(old.status, 201, "{}", old.body);
    let now = app
        .post(
            "/api/v1/exchange-rates",
            t,
            &rate("usd", "rub", "92.45130", "2024-01-01"),
        )
        .await;
    assert_eq!(now.body["rate"], "92.4513", "{}", now.body);
    assert_eq!(now.body["from"], "USD");
    // Only the opposite pair is known for euros: its inverse is used.
    app.post(
        "/api/v1/exchange-rates",
        t,
        &rate("RUB", "EUR", "0.01", "2024-01-01"),
    )
    .await;
    // A future rate is not valid today.
    app.post(
        "/api/v1/exchange-rates",
        t,
        &rate("USD", "RUB", "1000", "2999-01-01"),
    )
    .await;

    // Bad input names its field; one rate per pair and day; CRM admins only.
    for (body, field) in [
        (rate("USD", "RUB", "0", "2024-02-01"), "rate"),
        (rate("USD", "RUB", "1.12345678901", "2024-02-01"), "rate"),
        (rate("USD", "RUB", "92,45", "2024-02-01"), "rate"),
        (rate("USD", "USD", "1", "2024-02-01"), "to"),
        (rate("ABC", "RUB", "1", "2024-02-01"), "from"),
    ] {
        let a = app.post("/api/v1/exchange-rates", t, &body).await;
        a.assert_problem(422, "validation_failed");
        assert_eq!(a.fields(), [field], "{body}");
    }
    app.post(
        "/api/v1/exchange-rates",
        t,
        &rate("USD", "RUB", "93", "2024-01-01"),
    )
    .await
    .assert_problem(409, "rate_exists");
    app.post(
        "/api/v1/exchange-rates",
        &seller,
        &rate("USD", "RUB", "93", "2024-03-01"),
    )
    .await
    .assert_problem(403, "forbidden");

    // The history, newest first, paged; the rate valid on a day.
    let page = app
        .get("/api/v1/exchange-rates?from=USD&to=RUB&limit=2", &seller)
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    let days: Vec<&str> = page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["valid_from"].as_str().unwrap())
        .collect();
    assert_eq!(days, ["2999-01-01", "2024-01-01"]);
    let next = app
        .get(
            &format!(
                "/api/v1/exchange-rates?from=USD&to=RUB&limit=2&cursor={}",
                page.body["next_cursor"].as_str().unwrap()
            ),
            &seller,
        )
        .await;
    assert_eq!(next.body["items"][0]["rate"], "75.5", "{}", next.body);
    assert!(next.body.get("next_cursor").is_none());
    let on = app
        .get(
            "/api/v1/exchange-rates?from=USD&to=RUB&on=2023-06-30&limit=1",
            &seller,
        )
        .await;
    assert_eq!(on.body["items"][0]["rate"], "75.5", "{}", on.body);

    // Deal totals in roubles: 1234.5 USD × 92.4513 + 50 EUR ÷ 0.01; yen have no rate.
    for (title, amount, currency) in [
        ("Dollars", "1234.5", "USD"),
        ("Euros", "50", "EUR"),
        ("Roubles", "0.5", "RUB"),
        ("Yen", "1000", "JPY"),
    ] {
        let d = app
            .post(
                "/api/v1/deals",
                t,
                &json!({"title": title, "amount": amount, "currency": currency}),
            )
            .await;
        assert_eq!(d.status, 201, "{}", d.body);
    }
    let list = app.get("/api/v1/deals", &seller).await;
    let c = &list.body["converted"];
    assert_eq!(c["currency"], "RUB", "{}", list.body);
    assert_eq!(c["value"], "119131.63", "{c}");
    assert_eq!(c["count"], 3);
    assert_eq!(c["missing_rates"], json!(["JPY"]));
    // Only what the reader may see is counted.
    app.post(
        "/api/v1/deals",
        t,
        &json!({"title": "Hidden", "amount": "1", "currency": "USD", "restricted": true}),
    )
    .await;
    let theirs = app.get("/api/v1/deals", &seller).await;
    assert_eq!(theirs.body["converted"]["value"], "119131.63");
    let mine = app.get("/api/v1/deals", t).await;
    assert_eq!(mine.body["converted"]["value"], "119224.08");

    // Deleting a rate makes the one before it valid again.
    let id = now.body["id"].as_i64().unwrap();
    app.delete(&format!("/api/v1/exchange-rates/{id}"), &seller)
        .await
        .assert_problem(403, "forbidden");
    let gone = app.delete(&format!("/api/v1/exchange-rates/{id}"), t).await;
    assert_eq!(gone.status, 204);
    app.delete(&format!("/api/v1/exchange-rates/{id}"), t)
        .await
        .assert_problem(404, "not_found");
    let list = app.get("/api/v1/deals?currency=USD", &seller).await;
    // 1234.5 × 75.5 = 93204.75
    assert_eq!(list.body["converted"]["value"], "93204.75", "{}", list.body);
}

#[actix_web::test]
async fn taxes_are_named_once_with_exact_percentages_and_changed_by_version() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    let vat = app
        .post(
            "/api/v1/settings/taxes",
            t,
            &json!({"name": "VAT", "rate": "20.00", "description": "Value added tax"}),
        )
        .await;
    assert_eq!(vat.status, 201, "{}", vat.body);
    assert_eq!(vat.body["rate"], "20");
    app.post(
        "/api/v1/settings/taxes",
        t,
        &json!({"name": "vat", "rate": "10"}),
    )
    .await
    .assert_problem(409, "name_taken");
    for (body, fields) in [
        (json!({"name": "Sales", "rate": "100.5"}), vec!["rate"]),
        (json!({"name": "Sales", "rate": "7,5"}), vec!["rate"]),
        (json!({"name": "Sales", "rate": "7.12345"}), vec!["rate"]),
        (json!({"name": "", "rate": "7"}), vec!["name"]),
        (json!({"description": "no name"}), vec!["name", "rate"]),
    ] {
        let a = app.post("/api/v1/settings/taxes", t, &body).await;
        a.assert_problem(422, "validation_failed");
        assert_eq!(a.fields(), fields, "{body}");
    }
    app.post(
        "/api/v1/settings/taxes",
        &seller,
        &json!({"name": "Sales", "rate": "7"}),
    )
    .await
    .assert_problem(403, "forbidden");
    let sales = app
        .post(
            "/api/v1/settings/taxes",
            t,
            &json!({"name": "Sales tax", "rate": "7.25"}),
        )
        .await;
    let list = app.get("/api/v1/settings/taxes", &seller).await;
    let names: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Sales tax", "VAT"]);

    let path = format!("/api/v1/settings/taxes/{}", vat.body["id"]);
    let a = app
        .patch(&path, t, &json!({"rate": "18", "version": 1}))
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(
        (a.body["rate"].clone(), a.body["version"].clone()),
        (json!("18"), json!(2))
    );
    assert_eq!(a.body["name"], "VAT");
    app.patch(&path, t, &json!({"rate": "19", "version": 1}))
        .await
        .assert_problem(412, "version_mismatch");
    app.patch(&path, t, &json!({"name": "SALES TAX", "version": 2}))
        .await
        .assert_problem(409, "name_taken");
    app.patch(&path, &seller, &json!({"rate": "1", "version": 2}))
        .await
        .assert_problem(403, "forbidden");
    let gone = app
        .delete(&format!("/api/v1/settings/taxes/{}", sales.body["id"]), t)
        .await;
    assert_eq!(gone.status, 204);
    app.delete(&format!("/api/v1/settings/taxes/{}", sales.body["id"]), t)
        .await
        .assert_problem(404, "not_found");
    let list = app.get("/api/v1/settings/taxes", t).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
}

#[actix_web::test]
async fn the_organisation_profile_is_changed_by_crm_admins_with_its_version() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    let empty = app.get("/api/v1/settings/organisation", &seller).await;
    assert_eq!(empty.status, 200, "{}", empty.body);
    assert_eq!(empty.body["name"], "");
    assert_eq!(empty.body["version"], 0);

    let a = app
        .patch(
            "/api/v1/settings/organisation",
            t,
            &json!({"name": " ООО «Ромашка» ", "address": "Москва,\nул. Ленина, 1",
                    "tax_id": "7701234567", "version": 0}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["name"], "ООО «Ромашка»");
    assert_eq!(a.body["address"], "Москва,\nул. Ленина, 1");
    assert_eq!(a.body["version"], 1);
    assert_eq!(a.etag(), "\"1\"");
    // Fields left out stay.
    let b = app
        .patch(
            "/api/v1/settings/organisation",
            t,
            &json!({"bank_details": "р/с 40702810000000000001", "version": 1}),
        )
        .await;
    assert_eq!(b.body["tax_id"], "7701234567", "{}", b.body);
    assert_eq!(b.body["version"], 2);

    app.patch(
        "/api/v1/settings/organisation",
        t,
        &json!({"name": "Old", "version": 1}),
    )
    .await
    .assert_problem(412, "version_mismatch");
    app.patch(
        "/api/v1/settings/organisation",
        t,
        &json!({"name": "No version"}),
    )
    .await
    .assert_problem(428, "precondition_required");
    app.patch(
        "/api/v1/settings/organisation",
        &seller,
        &json!({"name": "Mine", "version": 2}),
    )
    .await
    .assert_problem(403, "forbidden");
    let long = "x".repeat(51);
    let bad = app
        .patch(
            "/api/v1/settings/organisation",
            t,
            &json!({"tax_id": long, "name": "A\u{0007}B", "version": 2}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(bad.fields(), ["name", "tax_id"]);
    let now = app.get("/api/v1/settings/organisation", &seller).await;
    assert_eq!(now.body["version"], 2);
}

#[actix_web::test]
async fn the_logo_is_checked_scaled_replaced_and_removed_by_crm_admins() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    common::put_logo(&app, &seller, common::png(10, 10))
        .await
        .assert_problem(403, "forbidden");
    let bad = common::put_logo(&app, t, b"not an image".to_vec()).await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(bad.fields(), ["file"]);

    let a = common::put_logo(&app, t, common::png(800, 400)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["version"], 1);
    let url = a.body["logo_url"].as_str().unwrap().to_owned();
    let res = app
        .raw(reqwest::Method::GET, &url)
        .bearer_auth(&seller)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    let img = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (200, 100));

    let b = common::put_logo(&app, t, common::png(50, 50)).await;
    let second = b.body["logo_url"].as_str().unwrap().to_owned();
    assert_ne!(second, url, "a new logo has a new URL");
    assert_eq!(b.body["version"], 2);
    app.delete("/api/v1/settings/organisation/logo", &seller)
        .await
        .assert_problem(403, "forbidden");
    let gone = app.delete("/api/v1/settings/organisation/logo", t).await;
    assert_eq!(gone.status, 204);
    app.get("/api/v1/settings/organisation/logo", &seller)
        .await
        .assert_problem(404, "not_found");
    let profile = app.get("/api/v1/settings/organisation", t).await;
    assert!(profile.body.get("logo_url").is_none(), "{}", profile.body);
    assert_eq!(profile.body["version"], 3);
}

/// A rates source on a local port answering requests for rouble rates with `body` (others
/// 404); returns its address and the count of rouble requests it answered.
fn rates_source(body: &'static str) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counted = hits.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0_u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let request = String::from_utf8_lossy(&buf[..n]).to_string();
            let ok = request.starts_with("GET /latest?from=RUB ");
            if ok {
                counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            let (status, text) = if ok {
                ("200 OK", body)
            } else {
                ("404 Not Found", "{}")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    (address, hits)
}

#[actix_web::test]
async fn rates_are_fetched_once_a_day_from_the_rates_source_exactly() {
    let (source, hits) = rates_source(
        r#"{"amount":1.0,"base":"RUB","date":"2026-12-04","rates":{"USD":0.0108123456789,"EUR":0.0102,"ZZZ":5}}"#,
    );
    let template = format!("{source}/latest?from={{base}}");
    let app = common::spawn_app_with(move |a| {
        a.rates_url = Some(template);
        a.rates_every = 1;
    })
    .await;
    let t = &app.owner_token;
    // A rate entered by hand for that day stays.
    let manual = app
        .post(
            "/api/v1/exchange-rates",
            t,
            &json!({"from": "RUB", "to": "EUR", "rate": "0.011", "valid_from": "2026-12-04"}),
        )
        .await;
    assert_eq!(manual.status, 201, "{}", manual.body);
    app.patch(
        "/api/v1/settings/billing",
        t,
        &json!({"default_currency": "RUB", "version": 0}),
    )
    .await;
    let mut fetched = Value::Null;
    // A shared PostgreSQL test database holds the portals of every test, each looked at in turn.
    for _ in 0..600 {
        let list = app.get("/api/v1/exchange-rates?from=RUB&to=USD", t).await;
        if list.body["items"].as_array().is_some_and(|i| !i.is_empty()) {
            fetched = list.body["items"][0].clone();
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        fetched["rate"], "0.0108123457",
        "rounded to 10 places: {fetched}"
    );
    assert_eq!(fetched["valid_from"], "2026-12-04");
    assert_eq!(fetched["source"], "fetched");
    let eur = app.get("/api/v1/exchange-rates?from=RUB&to=EUR", t).await;
    assert_eq!(eur.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(eur.body["items"][0]["source"], "manual");
    // Once fetched today, the source is not asked again (on a database of its own: a shared
    // one gains other tests' rouble portals at any time).
    if std::env::var("TEST_DATABASE_URL").is_err() {
        let asked = hits.load(std::sync::atomic::Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), asked);
    }
}
