//! An invoice as a web page for its client, in the invoice's language, with the same words and
//! figures as its PDF and a link to download that. Text is escaped as the page is built.

use crm_api_types::invoices::InvoiceResponse;
use crm_domain::deal::Currency;
use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::invoice::{facts, language, line_cells, total_rows, Emphasis, Organisation};

/// The page's look: readable from phone width up, nothing loaded from elsewhere.
const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2430}\
main{max-width:52rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh;box-sizing:border-box}\
header{display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem}\
h1{font-size:1.4rem;margin:0 0 .25rem}dl{display:grid;grid-template-columns:auto auto;gap:.15rem .75rem;margin:0}\
dt{color:#5b6472}dd{margin:0}.pre{white-space:pre-line}.muted{color:#5b6472}\
.parties{display:flex;flex-wrap:wrap;gap:1.5rem;margin:1.25rem 0}.parties section{flex:1 1 14rem}\
h2{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:#5b6472;margin:0 0 .25rem}\
.lines{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95rem}\
th,td{padding:.4rem .35rem;border-bottom:1px solid #e3e6ea;text-align:left;vertical-align:top}\
.num{text-align:right;white-space:nowrap}table.totals{width:auto;margin:1rem 0 1rem auto}\
table.totals td{border:0;padding:.15rem .35rem}.grand td{font-size:1.15rem;font-weight:700}\
.strong td{font-weight:700}.button{display:inline-block;margin-top:1rem;padding:.6rem 1rem;\
border-radius:.4rem;background:#2957d8;color:#fff;text-decoration:none}\
@media print{.button{display:none}body{background:#fff}}";

/// The invoice as a page; `pdf_url` is where its PDF is downloaded.
pub fn invoice_html(inv: &InvoiceResponse, org: &Organisation, pdf_url: &str) -> String {
    let (locale, w) = language(inv);
    let places = Currency::parse("currency", &inv.currency).map_or(2, |c| c.exponent());
    let title = format!("{} {} {}", w.title, w.number, inv.number);
    let party = |heading: &str, name: &str, address: &str| -> Markup {
        html! {
            section {
                h2 { (heading) }
                @if !name.is_empty() { strong { (name) } }
                @if !address.is_empty() { div.pre { (address) } }
            }
        }
    };
    let page = html! {
        (DOCTYPE)
        html lang=(locale.as_str()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="robots" content="noindex";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    header {
                        div {
                            @if !org.name.is_empty() { strong { (org.name) } }
                            @if !org.address.is_empty() { div.pre.muted { (org.address) } }
                            @if !org.tax_id.is_empty() { div.muted { (w.tax_id) ": " (org.tax_id) } }
                        }
                        div {
                            h1 { (title) }
                            dl {
                                @for (label, value) in facts(inv, w, locale) {
                                    dt { (label) } dd { (value) }
                                }
                            }
                        }
                    }
                    div.parties {
                        (party(w.bill_to, inv.client_name.as_deref().unwrap_or_default(), &inv.billing_address))
                        @if inv.consignee_id.is_some() || !inv.delivery_address.is_empty() {
                            (party(w.ship_to, inv.consignee_name.as_deref().unwrap_or_default(), &inv.delivery_address))
                        }
                    }
                    div.lines {
                        table {
                            thead {
                                tr {
                                    th.num { (w.no) } th { (w.description) } th.num { (w.quantity) }
                                    th.num { (w.price) } th.num { (w.discount) } th.num { (w.taxes) }
                                    th.num { (w.amount) }
                                }
                            }
                            tbody {
                                @for (n, line) in inv.lines.iter().enumerate() {
                                    tr {
                                        td.num { (n + 1) }
                                        td.pre { (line.description) }
                                        @for cell in line_cells(line, locale, places) {
                                            td.num { (cell) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    table.totals {
                        @for (label, value, emphasis) in total_rows(inv, w, locale) {
                            tr class=(match emphasis {
                                Emphasis::Plain => "",
                                Emphasis::Strong => "strong",
                                Emphasis::Grand => "grand",
                                Emphasis::Muted => "muted",
                            }) {
                                td { (label) } td.num { (value) }
                            }
                        }
                    }
                    @for (heading, text) in [(w.terms, &inv.terms), (w.notes, &inv.notes), (w.bank, &org.bank_details)] {
                        @if !text.trim().is_empty() {
                            section { h2 { (heading) } div.pre { (text.trim()) } }
                        }
                    }
                    a.button href=(pdf_url) download { (w.download) }
                }
            }
        }
    };
    page.into_string()
}
