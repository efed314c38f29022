//! Invoices through the API: drafts priced from the catalog with exact totals, the numbering
//! settings (also under 50 parallel creators), status moves with stock and history, what an
//! invoice keeps from being deleted, lists with filters and totals, and who sees what.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::{spawn_app, TestApp};
use serde_json::{json, Value};

async fn setup(app: &TestApp) -> (i64, i64, i64) {
    let t = &app.owner_token;
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
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let product = app
        .post(
            "/api/v1/products",
            t,
            &json!({"title": "Ноутбук", "price": "33.335", "tax_ids": [vat], "track_stock": true, "stock": "10"}),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.body);
    let client = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "ООО Ромашка", "details": [
                {"kind": "address", "category": "billing", "street": "Тверская, 1", "city": "Москва"},
                {"kind": "address", "category": "postal", "street": "Склад 5", "city": "Химки"}
            ]}),
        )
        .await;
    assert_eq!(client.status, 201, "{}", client.body);
    (
        vat,
        product.body["id"].as_i64().unwrap(),
        client.body["id"].as_i64().unwrap(),
    )
}

fn numbers(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn a_draft_is_priced_from_the_catalog_and_moves_only_as_allowed() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (vat, product, client) = setup(&app).await;
    let a = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "issue_date": "2026-03-01", "lines": [
                {"product_id": product, "quantity": "3", "discount": "10"},
                {"description": "Доставка", "price": "500"}
            ]}),
        )
        .await;
    assert_eq!(a.status, 201, "{}", a.body);
    let inv = &a.body;
    assert_eq!(inv["number"], "INV-0000001");
    assert_eq!(inv["status"], "draft");
    assert_eq!(inv["next_statuses"], json!(["sent"]));
    assert_eq!(inv["currency"], "RUB");
    assert!(inv.get("exchange_rate").is_none());
    assert_eq!(inv["due_date"], "2026-03-16", "15 days by default");
    assert_eq!(inv["billing_address"], "Тверская, 1, Москва");
    assert_eq!(inv["client_name"], "ООО Ромашка");
    let line = &inv["lines"][0];
    assert_eq!(line["description"], "Ноутбук", "the product's title");
    // 3 × 33.335 = 100.005 → 100.01; 10 % → 10.00; net 90.01; VAT 20 % → 18.00.
    assert_eq!(
        (
            &line["amount"],
            &line["discount_amount"],
            &line["net"],
            &line["total"]
        ),
        (
            &json!("100.01"),
            &json!("10.00"),
            &json!("90.01"),
            &json!("108.01")
        )
    );
    assert_eq!(line["taxes"][0]["tax_id"], vat);
    assert_eq!(inv["lines"][1]["total"], "500.00");
    assert_eq!(inv["subtotal"], "600.01");
    assert_eq!(inv["discount"], "10.00");
    assert_eq!(inv["tax"], "18.00");
    assert_eq!(inv["total"], "608.01");
    assert_eq!(inv["taxes"][0]["name"], "НДС");
    assert_eq!(inv["taxes"][0]["base"], "90.01");
    assert_eq!(inv["can_edit"], true);
    let id = inv["id"].as_i64().unwrap();
    let path = format!("/api/v1/invoices/{id}");

    // A draft changes; its totals are computed again.
    let c = app
        .patch(
            &path,
            t,
            &json!({"lines": [{"product_id": product, "quantity": "2"}], "version": 1}),
        )
        .await;
    assert_eq!(c.status, 200, "{}", c.body);
    assert_eq!(c.body["total"], "80.00", "2 × 33.335 = 66.67, + 13.33 VAT");
    assert_eq!(c.body["version"], 2);

    // Only the allowed moves.
    let bad = app
        .post(
            &format!("{path}/status"),
            t,
            &json!({"status": "paid", "version": 2}),
        )
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(bad.body["errors"][0]["code"], "invalid_transition");
    assert!(
        bad.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("sent"),
        "{}",
        bad.body
    );
    let sent = app
        .post(
            &format!("{path}/status"),
            t,
            &json!({"status": "sent", "version": 2}),
        )
        .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    assert_eq!(sent.body["next_statuses"], json!(["paid", "rejected"]));
    assert!(sent.body["sent_at"].is_string());
    assert_eq!(sent.body["can_edit"], false, "only drafts change");
    let stock = app.get(&format!("/api/v1/products/{product}"), t).await;
    assert_eq!(stock.body["stock"], "8", "sending takes stock");
    app.patch(&path, t, &json!({"notes": "x", "version": 3}))
        .await
        .assert_problem(409, "not_draft");
    app.delete(&path, t).await.assert_problem(409, "not_draft");
    let rejected = app
        .post(
            &format!("{path}/status"),
            t,
            &json!({"status": "rejected", "version": 3}),
        )
        .await;
    assert_eq!(rejected.body["status"], "rejected");
    let stock = app.get(&format!("/api/v1/products/{product}"), t).await;
    assert_eq!(stock.body["stock"], "10", "rejecting gives it back");

    // Each move is in the history of the invoice and of its client.
    let history = app.get(&format!("{path}/history"), t).await;
    assert_eq!(history.status, 200, "{}", history.body);
    let contents: Vec<&str> = history.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["content"].as_str().unwrap())
        .collect();
    assert_eq!(
        contents,
        ["INV-0000001: sent → rejected", "INV-0000001: draft → sent"]
    );
    assert_eq!(history.body["items"][0]["event"], "invoice_status");
    let client_history = app
        .get(&format!("/api/v1/contacts/{client}/history"), t)
        .await;
    assert_eq!(client_history.body["items"].as_array().unwrap().len(), 2);

    // A duplicate is a new draft with the next number, issued today.
    let copy = app.post(&format!("{path}/duplicate"), t, &json!({})).await;
    assert_eq!(copy.status, 201, "{}", copy.body);
    assert_eq!(copy.body["number"], "INV-0000002");
    assert_eq!(copy.body["status"], "draft");
    assert_eq!(copy.body["total"], "80.00");

    // What an invoice names cannot go while it does.
    app.delete(&format!("/api/v1/contacts/{client}"), t)
        .await
        .assert_problem(409, "in_use");
    app.delete(&format!("/api/v1/products/{product}"), t)
        .await
        .assert_problem(409, "in_use");
    app.delete(&format!("/api/v1/settings/taxes/{vat}"), t)
        .await
        .assert_problem(409, "in_use");
    let copy_path = format!("/api/v1/invoices/{}", copy.body["id"]);
    assert_eq!(app.delete(&copy_path, t).await.status, 204);
    app.get(&copy_path, t)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn bad_input_names_each_field() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, product, client) = setup(&app).await;
    let none = app.post("/api/v1/invoices", t, &json!({})).await;
    none.assert_problem(422, "validation_failed");
    assert_eq!(none.fields(), ["client_id"]);
    let bad = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "due_days": 9999, "currency": "EURO", "lines": [
                {"quantity": "-1", "price": "1,5", "discount": "101", "tax_ids": [1, 2, 3]}
            ]}),
        )
        .await;
    assert_eq!(
        bad.fields(),
        [
            "due_days",
            "currency",
            "lines[0].quantity",
            "lines[0].price",
            "lines[0].discount",
            "lines[0].tax_ids"
        ]
    );
    let missing = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "lines": [{"quantity": "1"}, {"product_id": product + 100}]}),
        )
        .await;
    assert_eq!(
        missing.fields(),
        [
            "lines[0].description",
            "lines[0].price",
            "lines[1].product_id"
        ]
    );
    let empty = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "lines": []}),
        )
        .await;
    assert_eq!(empty.fields(), ["lines"]);
    let early = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "issue_date": "2026-03-01", "due_date": "2026-02-01", "lines": [{"product_id": product}]}),
        )
        .await;
    assert_eq!(early.fields(), ["due_date"]);
    // A currency other than the default one needs a rate on the issue date.
    let eur = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "currency": "EUR", "issue_date": "2026-03-01", "lines": [{"description": "Work", "price": "100"}]}),
        )
        .await;
    assert_eq!(eur.fields(), ["exchange_rate"]);
    app.post(
        "/api/v1/exchange-rates",
        t,
        &json!({"from": "EUR", "to": "RUB", "rate": "98.5", "valid_from": "2026-01-01"}),
    )
    .await;
    let eur = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "currency": "EUR", "issue_date": "2026-03-01", "lines": [{"description": "Work", "price": "100"}]}),
        )
        .await;
    assert_eq!(eur.status, 201, "{}", eur.body);
    assert_eq!(eur.body["exchange_rate"], "98.5");
    assert_eq!(eur.body["base_total"], "9850.00");
    // The product priced in roubles needs a price on a euro invoice.
    let other = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "currency": "EUR", "exchange_rate": "100", "lines": [{"product_id": product}]}),
        )
        .await;
    assert_eq!(other.fields(), ["lines[0].price"]);
}

#[actix_web::test]
async fn numbering_follows_the_settings_and_stays_unique() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, product, client) = setup(&app).await;
    let s = app.get("/api/v1/settings/invoices", t).await;
    assert_eq!(s.status, 200, "{}", s.body);
    assert_eq!(s.body["next_invoice_number"], "INV-0000001");
    assert_eq!(s.body["version"], 0);
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    app.patch(
        "/api/v1/settings/invoices",
        &seller,
        &json!({"prefix": "X", "version": 0}),
    )
    .await
    .assert_problem(403, "forbidden");
    let bad = app
        .patch(
            "/api/v1/settings/invoices",
            t,
            &json!({"next_number": "12a", "due_days": -1, "version": 0}),
        )
        .await;
    assert_eq!(bad.fields(), ["next_number", "due_days"]);
    let changed = app
        .patch(
            "/api/v1/settings/invoices",
            t,
            &json!({"prefix": "СЧ-", "next_number": "0100", "due_days": 30, "terms": "Оплата в течение 30 дней", "version": 0}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["next_invoice_number"], "СЧ-0100");
    assert_eq!(changed.body["version"], 1);
    let line = json!([{"product_id": product}]);
    let a = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "issue_date": "2026-05-01", "lines": line}),
        )
        .await;
    assert_eq!(a.body["number"], "СЧ-0100");
    assert_eq!(a.body["due_date"], "2026-05-31");
    assert_eq!(a.body["terms"], "Оплата в течение 30 дней");
    // A number typed by hand is checked; automatic numbers skip it.
    app.post(
        "/api/v1/invoices",
        t,
        &json!({"client_id": client, "number": "сч-0100", "lines": line}),
    )
    .await
    .assert_problem(409, "number_taken");
    let manual = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "number": "СЧ-0101", "lines": line}),
        )
        .await;
    assert_eq!(manual.status, 201, "{}", manual.body);
    let next = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "lines": line}),
        )
        .await;
    assert_eq!(next.body["number"], "СЧ-0102");
    // With automatic numbering off a number is required.
    app.patch(
        "/api/v1/settings/invoices",
        t,
        &json!({"auto_numbering": false, "version": 1}),
    )
    .await;
    let no_number = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "lines": line}),
        )
        .await;
    assert_eq!(no_number.fields(), ["number"]);
    // A duplicate then needs a number too, and one already taken is refused.
    let copy_path = format!("/api/v1/invoices/{}/duplicate", manual.body["id"]);
    let unnumbered = app.post(&copy_path, t, &json!({})).await;
    assert_eq!(unnumbered.fields(), ["number"]);
    app.post(&copy_path, t, &json!({"number": "сч-0101"}))
        .await
        .assert_problem(409, "number_taken");
    let long = app
        .post(&copy_path, t, &json!({"number": "x".repeat(51)}))
        .await;
    assert_eq!(long.fields(), ["number"]);
    let copy = app
        .post(&copy_path, t, &json!({"number": "СЧ-0101-К"}))
        .await;
    assert_eq!(copy.status, 201, "{}", copy.body);
    assert_eq!(copy.body["number"], "СЧ-0101-К");
    assert_eq!(
        copy.body["lines"][0]["description"],
        manual.body["lines"][0]["description"]
    );
    app.patch(
        "/api/v1/settings/invoices",
        t,
        &json!({"auto_numbering": true, "version": 2}),
    )
    .await;

    // 50 creators at once get 50 consecutive numbers.
    let body = json!({"client_id": client, "lines": [{"description": "Parallel", "price": "1"}]});
    let creators = (0..50).map(|_| app.post("/api/v1/invoices", t, &body));
    let answers = futures_util::future::join_all(creators).await;
    let mut got: Vec<String> = answers
        .iter()
        .map(|a| {
            assert_eq!(a.status, 201, "{}", a.body);
            a.body["number"].as_str().unwrap().to_owned()
        })
        .collect();
    got.sort();
    let want: Vec<String> = (103..153).map(|n| format!("СЧ-{n:04}")).collect();
    assert_eq!(got, want);
}

#[actix_web::test]
async fn lists_filter_sort_and_total_what_the_caller_may_see() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, product, client) = setup(&app).await;
    let (seller_id, seller) = app.user_with_role("s@example.com", "crm_user").await;
    let shared = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Open Ltd", "access": "shared_read"}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    app.post(
        "/api/v1/exchange-rates",
        t,
        &json!({"from": "USD", "to": "RUB", "rate": "90", "valid_from": "2026-01-01"}),
    )
    .await;
    let make = |client: i64, currency: &str, price: &str, day: &str| {
        json!({"client_id": client, "currency": currency, "issue_date": day, "due_days": 10,
               "lines": [{"description": "Work", "price": price}]})
    };
    let private_one = app
        .post(
            "/api/v1/invoices",
            t,
            &make(client, "RUB", "1000", "2026-02-01"),
        )
        .await;
    let open_one = app
        .post(
            "/api/v1/invoices",
            t,
            &make(shared, "RUB", "300", "2026-02-10"),
        )
        .await;
    let dollars = app
        .post(
            "/api/v1/invoices",
            t,
            &make(shared, "USD", "10", "2026-03-01"),
        )
        .await;
    assert_eq!(dollars.status, 201, "{}", dollars.body);
    let _ = product;
    let sent_path = format!("/api/v1/invoices/{}/status", open_one.body["id"]);
    app.post(&sent_path, t, &json!({"status": "sent", "version": 1}))
        .await;

    let all = app.get("/api/v1/invoices", t).await;
    assert_eq!(all.status, 200, "{}", all.body);
    assert_eq!(all.body["total"], 3);
    assert_eq!(
        numbers(&all.body),
        ["INV-0000003", "INV-0000002", "INV-0000001"],
        "newest issue date first"
    );
    assert_eq!(
        all.body["totals"],
        json!([
            {"currency": "RUB", "count": 2, "total": "1300.00"},
            {"currency": "USD", "count": 1, "total": "10.00"}
        ])
    );
    assert_eq!(all.body["converted"]["currency"], "RUB");
    assert_eq!(all.body["converted"]["total"], "2200.00");
    assert_eq!(all.body["converted"]["count"], 3);
    let by_total = app.get("/api/v1/invoices?sort=-total", t).await;
    assert_eq!(
        numbers(&by_total.body),
        ["INV-0000001", "INV-0000002", "INV-0000003"]
    );
    let sent = app.get("/api/v1/invoices?status=sent", t).await;
    assert_eq!(numbers(&sent.body), ["INV-0000002"]);
    let overdue = app.get("/api/v1/invoices?overdue=true", t).await;
    assert_eq!(numbers(&overdue.body), ["INV-0000002"]);
    assert_eq!(overdue.body["items"][0]["overdue"], true);
    let march = app
        .get("/api/v1/invoices?issued_from=2026-03-01&currency=usd", t)
        .await;
    assert_eq!(numbers(&march.body), ["INV-0000003"]);
    let of_client = app
        .get(&format!("/api/v1/invoices?client_id={shared}"), t)
        .await;
    assert_eq!(of_client.body["total"], 2);
    let found = app.get("/api/v1/invoices?q=0001", t).await;
    assert_eq!(numbers(&found.body), ["INV-0000001"]);
    app.get("/api/v1/invoices?status=open", t)
        .await
        .assert_problem(422, "validation_failed");

    // A seller sees the invoices of the client they may see, and cannot change them.
    let theirs = app.get("/api/v1/invoices", &seller).await;
    assert_eq!(
        numbers(&theirs.body),
        ["INV-0000003", "INV-0000002"],
        "{}",
        theirs.body
    );
    assert_eq!(theirs.body["totals"][0]["total"], "300.00");
    let hidden = format!("/api/v1/invoices/{}", private_one.body["id"]);
    app.get(&hidden, &seller)
        .await
        .assert_problem(404, "not_found");
    app.get(&format!("{hidden}/history"), &seller)
        .await
        .assert_problem(404, "not_found");
    let open_path = format!("/api/v1/invoices/{}", dollars.body["id"]);
    let seen = app.get(&open_path, &seller).await;
    assert_eq!(seen.body["can_edit"], false);
    app.patch(&open_path, &seller, &json!({"notes": "mine", "version": 1}))
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(seen.body["can_manage"], false);
    for (path, body) in [
        (
            format!("{open_path}/status"),
            json!({"status": "sent", "version": 1}),
        ),
        (format!("{open_path}/payments"), json!({"amount": "1"})),
        (format!("{open_path}/public-link"), json!({})),
    ] {
        app.post(&path, &seller, &body)
            .await
            .assert_problem(403, "forbidden");
    }
    app.delete(&open_path, &seller)
        .await
        .assert_problem(403, "forbidden");
    let payments = app.get(&format!("{open_path}/payments"), &seller).await;
    assert_eq!(payments.status, 200, "{}", payments.body);
    app.get(&format!("{hidden}/payments"), &seller)
        .await
        .assert_problem(404, "not_found");
    app.post(
        &format!("{hidden}/status"),
        &seller,
        &json!({"status": "sent", "version": 1}),
    )
    .await
    .assert_problem(404, "not_found");
    let settings = app.get("/api/v1/settings/invoices", &seller).await;
    assert_eq!(settings.status, 200, "every CRM user reads the numbering");
    let copy = app
        .post(&format!("{open_path}/duplicate"), &seller, &json!({}))
        .await;
    assert_eq!(copy.status, 201, "{}", copy.body);
    assert_eq!(copy.body["can_edit"], true, "the copy is theirs");
    // Their own invoice they change.
    let own = app
        .post(
            "/api/v1/invoices",
            &seller,
            &make(shared, "RUB", "5", "2026-04-01"),
        )
        .await;
    assert_eq!(own.status, 201, "{}", own.body);
    assert_eq!(own.body["can_edit"], true);
    assert_eq!(own.body["created_by"], seller_id);
    app.post(
        "/api/v1/invoices",
        &seller,
        &make(client, "RUB", "5", "2026-04-01"),
    )
    .await
    .assert_problem(422, "validation_failed");
}

#[actix_web::test]
async fn payments_settle_a_sent_invoice_and_partly_paid_shows() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (_, product, client) = setup(&app).await;
    let a = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "lines": [{"product_id": product, "quantity": "3", "discount": "10"}, {"description": "Доставка", "price": "500"}]}),
        )
        .await;
    let id = a.body["id"].as_i64().unwrap();
    let path = format!("/api/v1/invoices/{id}");
    let pay = |amount: &str| json!({"amount": amount, "paid_on": "2026-03-05", "method": "card"});
    app.post(&format!("{path}/payments"), t, &pay("10"))
        .await
        .assert_problem(409, "not_sent");
    app.post(
        &format!("{path}/status"),
        t,
        &json!({"status": "sent", "version": 1}),
    )
    .await;
    for (bad, code) in [
        ("1000", "out_of_range"),
        ("0", "out_of_range"),
        ("0.001", "too_precise"),
        ("1,5", "invalid_value"),
    ] {
        let r = app.post(&format!("{path}/payments"), t, &pay(bad)).await;
        r.assert_problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["code"], code, "{bad}");
    }
    let first = app.post(&format!("{path}/payments"), t, &pay("300")).await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(first.body["amount"], "300.00");
    assert_eq!(first.body["method"], "card");
    let now = app.get(&path, t).await;
    assert_eq!(
        (
            &now.body["paid"],
            &now.body["balance"],
            &now.body["partly_paid"],
            &now.body["status"]
        ),
        (
            &json!("300.00"),
            &json!("308.01"),
            &json!(true),
            &json!("sent")
        )
    );
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    app.post(&format!("{path}/payments"), &seller, &pay("1"))
        .await
        .assert_problem(404, "not_found");
    let rest = app
        .post(&format!("{path}/payments"), t, &pay("308.01"))
        .await;
    assert_eq!(rest.status, 201, "{}", rest.body);
    let settled = app.get(&path, t).await;
    assert_eq!(
        settled.body["status"], "paid",
        "the last payment settles it"
    );
    assert_eq!(settled.body["balance"], "0.00");
    assert_eq!(settled.body["partly_paid"], false);
    let list = app.get(&format!("{path}/payments"), t).await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
    let first_id = first.body["id"].as_i64().unwrap();
    assert_eq!(
        app.delete(&format!("{path}/payments/{first_id}"), t)
            .await
            .status,
        204
    );
    let reopened = app.get(&path, t).await;
    assert_eq!(reopened.body["status"], "sent", "no longer settled");
    assert_eq!(reopened.body["paid"], "308.01");
    app.delete(&format!("{path}/payments/{first_id}"), t)
        .await
        .assert_problem(404, "not_found");
    let history = app.get(&format!("{path}/history"), t).await;
    assert_eq!(
        history.body["items"][0]["content"],
        "INV-0000001: paid → sent"
    );
    // Two payments of most of the balance at once: one is stored, the other refused.
    let payments_path = format!("{path}/payments");
    let big = pay("250");
    let (a, b) = futures_util::future::join(
        app.post(&payments_path, t, &big),
        app.post(&payments_path, t, &big),
    )
    .await;
    let mut statuses = [a.status.as_u16(), b.status.as_u16()];
    statuses.sort_unstable();
    assert!(
        statuses == [201, 412] || statuses == [201, 422],
        "{statuses:?}: {} / {}",
        a.body,
        b.body
    );
    let after = app.get(&path, t).await;
    assert_eq!(after.body["balance"], "50.00");
}

#[actix_web::test]
async fn the_client_link_shows_the_invoice_without_an_account_until_revoked() {
    let app = common::spawn_app_with(|a| a.public_rate = 5).await;
    let t = &app.owner_token;
    let (_, product, client) = setup(&app).await;
    app.patch(
        "/api/v1/settings/organisation",
        t,
        &json!({"name": "ООО «Поставщик»", "tax_id": "7701234567", "version": 0}),
    )
    .await;
    let a = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "lines": [{"product_id": product, "quantity": "3", "discount": "10"}]}),
        )
        .await;
    let id = a.body["id"].as_i64().unwrap();
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    app.post(
        &format!("/api/v1/invoices/{id}/public-link"),
        &seller,
        &json!({}),
    )
    .await
    .assert_problem(404, "not_found");
    let link = app
        .post(&format!("/api/v1/invoices/{id}/public-link"), t, &json!({}))
        .await;
    assert_eq!(link.status, 201, "{}", link.body);
    let url = link.body["url"].as_str().unwrap().to_owned();
    let path = &url[url.find("/api/v1/").unwrap()..];
    let seen = app.get(path, "").await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    assert_eq!(seen.body["number"], "INV-0000001");
    assert_eq!(seen.body["client_name"], "ООО Ромашка");
    assert_eq!(seen.body["seller"]["name"], "ООО «Поставщик»");
    assert_eq!(seen.body["total"], "108.01");
    assert_eq!(seen.body["lines"][0]["description"], "Ноутбук");
    assert!(seen.body.get("client_id").is_none(), "no internal ids");
    let invoice = app.get(&format!("/api/v1/invoices/{id}"), t).await;
    assert!(invoice.body["public_link_since"].is_string());
    assert_eq!(invoice.body["version"], 1, "sharing is not an edit");

    // A new link revokes the old one; deleting it revokes it too.
    let again = app
        .post(&format!("/api/v1/invoices/{id}/public-link"), t, &json!({}))
        .await;
    app.get(path, "").await.assert_problem(404, "not_found");
    let url2 = again.body["url"].as_str().unwrap().to_owned();
    let path2 = &url2[url2.find("/api/v1/").unwrap()..];
    assert_eq!(app.get(path2, "").await.status, 200);
    assert_eq!(
        app.delete(&format!("/api/v1/invoices/{id}/public-link"), t)
            .await
            .status,
        204
    );
    app.get(path2, "").await.assert_problem(404, "not_found");
    app.get("/api/v1/public/invoices/nonsense", "")
        .await
        .assert_problem(404, "not_found");
    // One address is limited: 5 a minute.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(app.get(path2, "").await.status);
    }
    assert_eq!(statuses.last().copied().unwrap(), 429);
}

/// A list's count and totals are read again after every change, and are never shared between
/// callers who see different invoices.
#[actix_web::test]
async fn list_totals_follow_every_change_and_caller() {
    let app = spawn_app().await;
    setup(&app).await;
    let (_, seller) = app.user_with_role("s@example.com", "crm_user").await;
    let t = &app.owner_token;
    let summary = |token: String| {
        let app = &app;
        async move {
            let list = app.get("/api/v1/invoices", &token).await;
            assert_eq!(list.status, 200, "{}", list.body);
            (
                list.body["total"].as_i64().unwrap(),
                list.body["converted"]["total"].as_str().unwrap().to_owned(),
            )
        }
    };
    let line = |price: &str| json!([{"description": "Услуга", "price": price}]);
    let company = |name: &'static str, access: &'static str| {
        let app = &app;
        async move {
            let body = json!({"kind": "company", "name": name, "access": access});
            let made = app.post("/api/v1/contacts", t, &body).await;
            made.body["id"].as_i64().unwrap()
        }
    };
    let client = company("Открытая", "shared_read").await;
    let hidden = company("Закрытая", "private").await;
    let first = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": client, "lines": line("100")}),
        )
        .await;
    assert_eq!(first.status, 201, "{}", first.body);
    assert_eq!(summary(t.clone()).await, (1, "100.00".into()));
    assert_eq!(summary(t.clone()).await, (1, "100.00".into()));
    let private = app
        .post(
            "/api/v1/invoices",
            t,
            &json!({"client_id": hidden, "lines": line("50")}),
        )
        .await;
    assert_eq!(private.status, 201, "{}", private.body);
    assert_eq!(summary(t.clone()).await, (2, "150.00".into()));
    assert_eq!(
        summary(seller.clone()).await,
        (1, "100.00".into()),
        "an invoice of a hidden client is not counted for others"
    );
    let id = first.body["id"].as_i64().unwrap();
    let changed = app
        .patch(
            &format!("/api/v1/invoices/{id}"),
            t,
            &json!({"lines": line("70"), "version": 1}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(summary(t.clone()).await, (2, "120.00".into()));
    assert_eq!(summary(seller.clone()).await, (1, "70.00".into()));
    app.delete(&format!("/api/v1/invoices/{id}"), t).await;
    assert_eq!(summary(t.clone()).await, (1, "50.00".into()));
    assert_eq!(summary(seller.clone()).await, (0, "0.00".into()));
}
