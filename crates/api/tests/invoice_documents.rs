//! An invoice's documents: its PDF in both languages, read back with poppler's `pdftotext`,
//! at the API and at the client's link, and its e-mail with the PDF attached, received by a
//! real SMTP server (aiosmtpd).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::{parse_mail, pdf_images, pdf_text, spawn_app, spawn_app_with, SmtpSink, TestApp};
use crm_api::config::SmtpSecurity;
use serde_json::{json, Value};

/// A portal invoicing in roubles with VAT, a product, an organisation profile with a logo and
/// a client with a billing address and an e-mail; returns (product, client).
async fn setup(app: &TestApp) -> (i64, i64) {
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
            &json!({"title": "Ноутбук", "price": "1234.5", "tax_ids": [vat]}),
        )
        .await;
    assert_eq!(product.status, 201, "{}", product.body);
    let org = app
        .patch(
            "/api/v1/settings/organisation",
            t,
            &json!({"name": "ООО «Поставщик»", "address": "Москва, Ленинградский пр., 39",
                "tax_id": "7701234567", "bank_details": "р/с 40702810000000000001", "version": 0}),
        )
        .await;
    assert_eq!(org.status, 200, "{}", org.body);
    let logo = common::put_logo(app, t, common::png(300, 120)).await;
    assert_eq!(logo.status, 200, "{}", logo.body);
    let client = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "ООО Ромашка", "details": [
                {"kind": "address", "category": "billing", "street": "Тверская, 1", "city": "Москва"},
                {"kind": "email", "category": "work", "value": "buh@romashka.example"}
            ]}),
        )
        .await;
    assert_eq!(client.status, 201, "{}", client.body);
    (
        product.body["id"].as_i64().unwrap(),
        client.body["id"].as_i64().unwrap(),
    )
}

async fn invoice(app: &TestApp, body: &Value) -> i64 {
    let a = app.post("/api/v1/invoices", &app.owner_token, body).await;
    assert_eq!(a.status, 201, "{}", a.body);
    a.body["id"].as_i64().unwrap()
}

/// The PDF at `path` with its content type and disposition.
async fn pdf(app: &TestApp, path: &str, token: &str) -> (u16, String, String, Vec<u8>) {
    let mut req = app.raw(reqwest::Method::GET, path);
    if !token.is_empty() {
        req = req.bearer_auth(token);
    }
    let r = req.send().await.unwrap();
    let header = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (kind, disposition) = (header("content-type"), header("content-disposition"));
    let status = r.status().as_u16();
    (status, kind, disposition, r.bytes().await.unwrap().to_vec())
}

/// `text` with runs of spaces made one, so that words set in columns can be looked for.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[actix_web::test]
async fn the_pdf_prints_the_invoice_in_its_language_with_selectable_text() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (product, client) = setup(&app).await;
    let ru = invoice(
        &app,
        &json!({"client_id": client, "issue_date": "2026-12-07", "due_days": 15, "language": "ru",
            "purchase_order": "PO-77", "notes": "Спасибо за заказ!", "terms": "Оплата в течение 15 дней",
            "lines": [
                {"product_id": product, "quantity": "2", "discount": "10"},
                {"description": "Доставка и настройка оборудования у клиента в рабочие часы, включая выезд инженера", "quantity": "1", "price": "500"}
            ]}),
    )
    .await;
    let (status, kind, disposition, bytes) =
        pdf(&app, &format!("/api/v1/invoices/{ru}/pdf"), t).await;
    assert_eq!(status, 200);
    assert_eq!(kind, "application/pdf");
    assert!(disposition.starts_with("inline"), "{disposition}");
    assert!(disposition.contains("INV-0000001.pdf"), "{disposition}");
    let text = pdf_text(&bytes);
    let flat = squeeze(&text);
    for expected in [
        "Счёт",
        "№ INV-0000001",
        "ООО «Поставщик»",
        "ИНН: 7701234567",
        "р/с 40702810000000000001",
        "Плательщик",
        "ООО Ромашка",
        "Тверская, 1, Москва",
        "Дата счёта: 07.12.2026",
        "Оплатить до: 22.12.2026",
        "Номер заказа: PO-77",
        "Ноутбук",
        "1234,50",
        "Доставка и настройка",
        "НДС 20% 444,42 RUB",
        "Всего к оплате 3166,52 RUB",
        "Условия оплаты",
        "Спасибо за заказ!",
        "стр. 1 из 1",
    ] {
        assert!(
            flat.contains(&squeeze(expected)),
            "{expected:?} not in the PDF's text:\n{text}"
        );
    }
    assert_eq!(pdf_images(&bytes), 1, "the logo");

    // The same invoice in English, saved as a file.
    let en = invoice(
        &app,
        &json!({"client_id": client, "issue_date": "2026-12-07", "language": "en",
            "lines": [{"product_id": product, "quantity": "1000"}]}),
    )
    .await;
    let (status, _, disposition, bytes) =
        pdf(&app, &format!("/api/v1/invoices/{en}/pdf?download=true"), t).await;
    assert_eq!(status, 200);
    assert!(disposition.starts_with("attachment"), "{disposition}");
    let flat = squeeze(&pdf_text(&bytes));
    for expected in [
        "Invoice",
        "No. INV-0000002",
        "Bill to",
        "Issue date: 7 December 2026",
        "1,234,500.00",
        "Total due 1,481,400.00 RUB",
        "page 1 of 1",
    ] {
        assert!(flat.contains(expected), "{expected:?} not in {flat}");
    }

    // A hundred lines run over several pages, each with the table's heading.
    let lines: Vec<Value> = (1..=100)
        .map(|i| json!({"description": format!("Позиция {i}"), "quantity": "1", "price": "10"}))
        .collect();
    let long = invoice(
        &app,
        &json!({"client_id": client, "language": "ru", "lines": lines}),
    )
    .await;
    let (_, _, _, bytes) = pdf(&app, &format!("/api/v1/invoices/{long}/pdf"), t).await;
    let text = pdf_text(&bytes);
    let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert!(pages >= 2, "{pages} pages");
    assert!(squeeze(&text).contains(&format!("стр. {pages} из {pages}")));
    assert_eq!(text.matches("Наименование").count(), pages);
    for i in [1, 50, 100] {
        assert!(
            text.contains(&format!("Позиция {i}\n")) || text.contains(&format!("Позиция {i} "))
        );
    }
    assert!(squeeze(&text).contains("Всего к оплате 1000,00 RUB"));

    // Only who may see the invoice gets its PDF.
    let (_, stranger) = app.user_with_role("s@example.com", "crm_user").await;
    let (status, kind, _, _) = pdf(&app, &format!("/api/v1/invoices/{ru}/pdf"), &stranger).await;
    assert_eq!((status, kind.as_str()), (404, "application/problem+json"));
    let (status, _, _, _) = pdf(&app, &format!("/api/v1/invoices/{ru}/pdf"), "").await;
    assert_eq!(status, 401);
    let (status, _, _, _) = pdf(&app, "/api/v1/invoices/999999/pdf", t).await;
    assert_eq!(status, 404);

    // The client opens the PDF at their link without an account, until it is revoked.
    let link = app
        .post(&format!("/api/v1/invoices/{ru}/public-link"), t, &json!({}))
        .await;
    assert_eq!(link.status, 201, "{}", link.body);
    let url = link.body["pdf_url"].as_str().unwrap();
    let path = url[url.find("/api/v1/").unwrap()..].to_owned();
    let (status, kind, _, bytes) = pdf(&app, &path, "").await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    assert!(squeeze(&pdf_text(&bytes)).contains("№ INV-0000001"));
    // A browser opening the link gets a page in the invoice's language, with the PDF's figures.
    let page_url = link.body["url"].as_str().unwrap();
    let page = app
        .raw(
            reqwest::Method::GET,
            &page_url[page_url.find("/api/v1/").unwrap()..],
        )
        .header("accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(
        page.headers()["content-type"].to_str().unwrap(),
        "text/html; charset=utf-8"
    );
    let html = page.text().await.unwrap();
    for expected in [
        "<html lang=\"ru\">",
        "Счёт № INV-0000001",
        "ООО «Поставщик»",
        "ООО Ромашка",
        "Оплатить до</dt><dd>22.12.2026",
        "Доставка и настройка",
        "НДС 20%</td><td class=\"num\">444,42 RUB",
        "Всего к оплате</td><td class=\"num\">3166,52 RUB",
        "/pdf?download=true\" download>Скачать PDF</a>",
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    // While the portal has the CRM off, its links answer nothing.
    let crm = app.get("/api/v1/settings/crm", t).await;
    let version = crm.body["version"].as_i64().unwrap();
    let off = app
        .patch(
            "/api/v1/settings/crm",
            t,
            &json!({"enabled": false, "version": version}),
        )
        .await;
    assert_eq!(off.status, 200, "{}", off.body);
    let (status, _, _, _) = pdf(&app, &path, "").await;
    assert_eq!(status, 404);
    let page_path = &page_url[page_url.find("/api/v1/").unwrap()..];
    app.get(page_path, "")
        .await
        .assert_problem(404, "not_found");
    let on = app
        .patch(
            "/api/v1/settings/crm",
            t,
            &json!({"enabled": true, "version": version + 1}),
        )
        .await;
    assert_eq!(on.status, 200, "{}", on.body);
    assert_eq!(app.get(page_path, "").await.status, 200);
    app.delete(&format!("/api/v1/invoices/{ru}/public-link"), t)
        .await;
    let (status, _, _, _) = pdf(&app, &path, "").await;
    assert_eq!(status, 404);
}

fn smtp_app(port: u16) -> impl FnOnce(&mut crm_api::config::ServeArgs) {
    move |a| {
        a.smtp.smtp_host = Some("127.0.0.1".into());
        a.smtp.smtp_port = Some(port);
        a.smtp.smtp_security = SmtpSecurity::None;
        a.smtp.smtp_from = "CRM <crm@example.com>".into();
    }
}

#[actix_web::test]
async fn an_invoice_is_mailed_to_its_client_with_the_pdf_attached() {
    let sink = SmtpSink::start();
    let app = spawn_app_with(smtp_app(sink.port)).await;
    let t = &app.owner_token;
    let (product, client) = setup(&app).await;
    let id = invoice(
        &app,
        &json!({"client_id": client, "language": "ru", "notes": "Реквизиты для оплаты — в счёте.",
            "lines": [{"product_id": product, "quantity": "1"}]}),
    )
    .await;
    let path = format!("/api/v1/invoices/{id}/send");

    // Bad input names its field; a stranger may not send it; nothing is queued.
    let bad = app
        .post(&path, t, &json!({"to": "not an address", "version": 1}))
        .await;
    bad.assert_problem(422, "validation_failed");
    assert_eq!(bad.fields(), ["to"]);
    let unknown = app
        .post(&path, t, &json!({"bcc": "x@example.com", "version": 1}))
        .await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);
    let (_, stranger) = app.user_with_role("s@example.com", "crm_user").await;
    app.post(&path, &stranger, &json!({"version": 1}))
        .await
        .assert_problem(404, "not_found");
    app.post(&path, t, &json!({"version": 7}))
        .await
        .assert_problem(412, "version_mismatch");

    // Sent to the client's e-mail: the draft is now sent.
    let a = app.post(&path, t, &json!({"version": 1})).await;
    assert_eq!(a.status, 202, "{}", a.body);
    assert_eq!(a.body["to"], "buh@romashka.example");
    assert_eq!(a.body["invoice"]["status"], "sent");
    let job = a.body["job_id"].as_i64().unwrap();
    let mail = sink.wait_for(1, 20).await;
    assert_eq!(mail.len(), 1, "one message");
    let m = parse_mail(&mail[0]);
    assert_eq!(m.to, "buh@romashka.example");
    assert_eq!(m.subject, "Счёт № INV-0000001");
    assert!(
        m.text
            .contains("Во вложении счёт № INV-0000001 на сумму 1481,40 RUB"),
        "{}",
        m.text
    );
    assert!(
        m.text.contains("Реквизиты для оплаты — в счёте."),
        "{}",
        m.text
    );
    assert_eq!(m.attachments.len(), 1);
    let (name, kind, bytes) = &m.attachments[0];
    assert_eq!(
        (name.as_str(), kind.as_str()),
        ("INV-0000001.pdf", "application/pdf")
    );
    assert!(squeeze(&pdf_text(bytes)).contains("Всего к оплате 1481,40 RUB"));
    let done = app.get(&format!("/api/v1/jobs/{job}"), t).await;
    assert_eq!(done.body["state"], "succeeded", "{}", done.body);
    // The invoice's and the client's history say so.
    let history = app.get(&format!("/api/v1/invoices/{id}/history"), t).await;
    let entry = &history.body["items"][0];
    assert_eq!(
        (entry["content"].as_str(), entry["event"].as_str()),
        (
            Some("INV-0000001: e-mailed to buh@romashka.example"),
            Some("invoice_emailed")
        ),
        "{}",
        history.body
    );
    let client_id = a.body["invoice"]["client_id"].as_i64().unwrap();
    let client = app
        .get(&format!("/api/v1/contacts/{client_id}/history"), t)
        .await;
    assert!(
        client.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["event"] == "invoice_emailed"),
        "{}",
        client.body
    );

    // Sent again to another address with its own words; a rejected invoice is not sent.
    let a = app
        .post(
            &path,
            t,
            &json!({"to": "Director@Romashka.example", "subject": "Повторно", "message": "Напоминаем об оплате.", "version": 2}),
        )
        .await;
    assert_eq!(a.status, 202, "{}", a.body);
    let mail = sink.wait_for(2, 20).await;
    let again = mail
        .iter()
        .map(|raw| parse_mail(raw))
        .find(|m| m.subject == "Повторно")
        .expect("the second message");
    assert_eq!(again.to, "director@romashka.example");
    assert_eq!(again.text.trim(), "Напоминаем об оплате.");
    let moved = app
        .post(
            &format!("/api/v1/invoices/{id}/status"),
            t,
            &json!({"status": "rejected", "version": 2}),
        )
        .await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    app.post(&path, t, &json!({"version": 3}))
        .await
        .assert_problem(409, "invoice_rejected");

    // A client without an e-mail needs an address.
    let bare = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "Пётр", "last_name": "Без Почты"}),
        )
        .await
        .body["id"]
        .as_i64()
        .unwrap();
    let other = invoice(
        &app,
        &json!({"client_id": bare, "lines": [{"product_id": product}]}),
    )
    .await;
    let refused = app
        .post(
            &format!("/api/v1/invoices/{other}/send"),
            t,
            &json!({"version": 1}),
        )
        .await;
    refused.assert_problem(422, "validation_failed");
    assert_eq!(refused.fields(), ["to"]);
    let still = app.get(&format!("/api/v1/invoices/{other}"), t).await;
    assert_eq!(
        still.body["status"], "draft",
        "a refused send moves nothing"
    );
}

#[actix_web::test]
async fn without_a_mail_server_sending_is_refused_and_nothing_moves() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let (product, client) = setup(&app).await;
    let id = invoice(
        &app,
        &json!({"client_id": client, "lines": [{"product_id": product}]}),
    )
    .await;
    app.post(
        &format!("/api/v1/invoices/{id}/send"),
        t,
        &json!({"version": 1}),
    )
    .await
    .assert_problem(409, "mail_not_configured");
    let still = app.get(&format!("/api/v1/invoices/{id}"), t).await;
    assert_eq!(still.body["status"], "draft");
}
