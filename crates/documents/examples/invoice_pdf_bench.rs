//! Times the PDF of a 100-line invoice: `cargo run --release -p crm-documents --example
//! invoice_pdf_bench [runs] [out.pdf]`. Prints the median, 95th percentile and slowest render
//! and writes the last PDF to `out.pdf` (default `target/invoice-100-lines.pdf`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use crm_api_types::invoices::InvoiceResponse;
use crm_documents::{invoice_pdf, Organisation};
use serde_json::json;

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(200);
    let out = args
        .next()
        .unwrap_or_else(|| "target/invoice-100-lines.pdf".to_owned());
    let lines: Vec<_> = (1..=100)
        .map(|i| {
            json!({"id": i, "product_id": null,
                "description": format!("Позиция {i}: ноутбук ThinkPad X1 Carbon, гарантия 3 года, доставка"),
                "quantity": "2.5", "price": "123456.78", "discount": "5",
                "taxes": [{"tax_id": 1, "rate": "20", "amount": "58641.97"}],
                "amount": "308641.95", "discount_amount": "15432.10", "net": "293209.85", "total": "351851.82"})
        })
        .collect();
    let invoice: InvoiceResponse = serde_json::from_value(json!({
        "id": 1, "number": "INV-0000100", "status": "sent", "next_statuses": ["paid", "rejected"],
        "issue_date": "2026-12-07", "due_date": "2026-12-22", "overdue": false,
        "client_id": 2, "client_name": "ООО «Ромашка»", "billing_address": "Москва, Тверская, 1",
        "consignee_id": 3, "consignee_name": "ООО «Склад»", "delivery_address": "Химки, Склад 5",
        "deal_id": null, "deal_title": null, "language": "ru", "currency": "RUB",
        "base_currency": "RUB", "purchase_order": "PO-77", "terms": "Оплата в течение 15 дней",
        "notes": "Спасибо за заказ!", "lines": lines, "subtotal": "30864195.00",
        "discount": "1543210.00", "taxes": [{"tax_id": 1, "name": "НДС", "rate": "20",
        "base": "29320985.00", "amount": "5864197.00"}], "tax": "5864197.00",
        "total": "35185182.00", "paid": "0.00", "balance": "35185182.00", "partly_paid": false,
        "can_edit": false, "can_manage": true, "created_by": 1,
        "created_at": "2026-12-07T10:00:00Z", "updated_at": "2026-12-07T10:00:00Z", "version": 2
    }))
    .expect("an invoice");
    let organisation = Organisation {
        name: "ООО «Поставщик»".into(),
        address: "Москва, Ленинградский пр., 39".into(),
        tax_id: "7701234567".into(),
        bank_details: "р/с 40702810000000000001, БИК 044525225".into(),
        logo: None,
    };
    // The fonts are read once per process: the first render pays for it.
    let started = Instant::now();
    let mut pdf = invoice_pdf(&invoice, &organisation).expect("a PDF");
    println!("first render (fonts loaded): {:.1} ms", ms(started));
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        pdf = invoice_pdf(&invoice, &organisation).expect("a PDF");
        times.push(ms(started));
    }
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{runs} renders of a 100-line invoice ({} bytes): median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        pdf.len(),
        at(0.5),
        at(0.95),
        at(1.0)
    );
    std::fs::write(&out, &pdf).expect("writing the PDF");
    println!("written to {out}");
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}
