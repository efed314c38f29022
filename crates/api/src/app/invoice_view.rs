//! An invoice as the API and its documents show it to a viewer: names the viewer may see,
//! lines and taxes with their amounts in the currency's minor unit.

use std::collections::HashMap;

use chrono::NaiveDate;
use crm_api_types::{
    InvoiceLanguage, InvoiceLineResponse, InvoiceResponse, InvoiceStatus as WireStatus,
    InvoiceTaxResponse, LineTaxResponse,
};
use crm_domain::deal::{Currency, MONEY_SCALE};
use crm_domain::invoice::{InvoiceStatus, Quantity};
use crm_domain::money::{Percent, Rate};
use crm_domain::{RecordKind, Viewer};
use crm_persistence::invoices::{self as store, InvoiceRecord};
use crm_persistence::DbConnection;
use rust_decimal::Decimal;

use crate::app::invoices as use_case;
use crate::error::ApiError;

/// `units` (stored, [`MONEY_SCALE`] places) of `currency`, written with its minor unit's
/// places (`1500.50`, `1500` for yen).
pub fn amount(units: i64, currency: &str) -> String {
    let places = Currency::parse("currency", currency).map_or(2, |c| c.exponent().min(MONEY_SCALE));
    let value = Decimal::new(units, MONEY_SCALE).round_dp(places);
    format!("{value:.prec$}", prec = places as usize)
}

fn wire_status(s: InvoiceStatus) -> WireStatus {
    match s {
        InvoiceStatus::Draft => WireStatus::Draft,
        InvoiceStatus::Sent => WireStatus::Sent,
        InvoiceStatus::Paid => WireStatus::Paid,
        InvoiceStatus::Rejected => WireStatus::Rejected,
    }
}

fn wire_language(l: &str) -> InvoiceLanguage {
    match l {
        "ru" => InvoiceLanguage::Ru,
        _ => InvoiceLanguage::En,
    }
}

/// The names the views of `records` need, as the viewer may see them.
pub struct Names {
    contacts: HashMap<i64, String>,
    deals: HashMap<i64, String>,
    taxes: HashMap<i64, String>,
    /// Whether the viewer may change each invoice (move it, record payments; edit a draft).
    manage: HashMap<i64, bool>,
}

pub fn names(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    records: &[InvoiceRecord],
) -> Result<Names, ApiError> {
    let contact_ids: Vec<i64> = records
        .iter()
        .flat_map(|r| {
            std::iter::once(r.invoice.fields.client_id).chain(r.invoice.fields.consignee_id)
        })
        .collect();
    let deal_ids: Vec<i64> = records
        .iter()
        .filter_map(|r| r.invoice.fields.deal_id)
        .collect();
    let contacts = crm_persistence::records::visible_names(
        conn,
        portal_id,
        viewer,
        RecordKind::Contact,
        &contact_ids,
    )?;
    let deals = crm_persistence::records::visible_names(
        conn,
        portal_id,
        viewer,
        RecordKind::Deal,
        &deal_ids,
    )?;
    let taxes = crm_persistence::money::taxes_of(conn, portal_id)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    // The names are of the contacts and deals the viewer may see: what the rule asks.
    let manage = records
        .iter()
        .map(|r| {
            let f = &r.invoice.fields;
            let seen = contacts.contains_key(&f.client_id)
                || f.deal_id.is_some_and(|d| deals.contains_key(&d));
            (r.invoice.id, use_case::may_edit(viewer, &r.invoice, seen))
        })
        .collect();
    Ok(Names {
        contacts,
        deals,
        taxes,
        manage,
    })
}

/// The lines of an invoice as the API shows them, and its taxes summed over the lines.
fn lines_view(
    rows: &[crm_persistence::invoices::LineRow],
    cur: &str,
    tax_names: &HashMap<i64, String>,
) -> (Vec<InvoiceLineResponse>, Vec<InvoiceTaxResponse>) {
    let mut taxes: Vec<(i64, String, i64, i64)> = Vec::new();
    let lines = rows
        .iter()
        .map(|l| {
            let line_taxes: Vec<LineTaxResponse> = [
                (l.tax1_id, &l.tax1_rate, l.tax1_amount),
                (l.tax2_id, &l.tax2_rate, l.tax2_amount),
            ]
            .into_iter()
            .filter_map(|(id, rate, units)| {
                let (id, rate) = (id?, rate.clone().unwrap_or_default());
                match taxes.iter_mut().find(|t| t.0 == id && t.1 == rate) {
                    Some(t) => {
                        t.2 += l.net;
                        t.3 += units;
                    }
                    None => taxes.push((id, rate.clone(), l.net, units)),
                }
                Some(LineTaxResponse {
                    tax_id: id,
                    rate,
                    amount: amount(units, cur),
                })
            })
            .collect();
            InvoiceLineResponse {
                id: l.id,
                product_id: l.product_id,
                description: l.description.clone(),
                quantity: Quantity::from_thousandths(l.quantity).to_string(),
                price: crm_domain::deal::from_stored(l.price).to_string(),
                discount: Percent::from_stored(&l.discount)
                    .map_or_else(|| l.discount.clone(), |p| p.to_string()),
                taxes: line_taxes,
                amount: amount(l.amount, cur),
                discount_amount: amount(l.amount - l.net, cur),
                net: amount(l.net, cur),
                total: amount(l.total, cur),
            }
        })
        .collect();
    let taxes = taxes
        .into_iter()
        .map(|(id, rate, base, units)| InvoiceTaxResponse {
            tax_id: id,
            name: tax_names.get(&id).cloned(),
            rate,
            base: amount(base, cur),
            amount: amount(units, cur),
        })
        .collect();
    (lines, taxes)
}

/// An invoice as the API shows it to a viewer with `names`, on `today`.
pub fn view(r: InvoiceRecord, names: &Names, today: NaiveDate) -> InvoiceResponse {
    let i = r.invoice;
    let f = i.fields;
    let cur = f.currency.as_str();
    let status = InvoiceStatus::from_stored(&i.status).unwrap_or(InvoiceStatus::Draft);
    let (lines, taxes) = lines_view(&r.lines, cur, &names.taxes);
    let paid = r.paid;
    let base_total = f.exchange_rate.as_deref().and_then(|r| {
        let rate = Rate::from_stored(r)?;
        let base = Currency::parse("currency", &f.base_currency).ok()?;
        let units = crm_domain::money::convert(f.total, rate.value(), base)?;
        Some(amount(units, &f.base_currency))
    });
    InvoiceResponse {
        id: i.id,
        number: f.number,
        status: wire_status(status),
        next_statuses: status.next().iter().map(|s| wire_status(*s)).collect(),
        issue_date: f.issue_date,
        due_date: f.due_date,
        overdue: status == InvoiceStatus::Sent && f.due_date < today,
        client_id: f.client_id,
        client_name: names.contacts.get(&f.client_id).cloned(),
        billing_address: f.billing_address,
        consignee_id: f.consignee_id,
        consignee_name: f.consignee_id.and_then(|c| names.contacts.get(&c).cloned()),
        delivery_address: f.delivery_address,
        deal_id: f.deal_id.filter(|d| names.deals.contains_key(d)),
        deal_title: f.deal_id.and_then(|d| names.deals.get(&d).cloned()),
        language: wire_language(&f.language),
        exchange_rate: f.exchange_rate,
        base_currency: f.base_currency,
        purchase_order: f.purchase_order,
        terms: f.terms,
        notes: f.notes,
        lines,
        subtotal: amount(f.subtotal, cur),
        discount: amount(f.discount, cur),
        taxes,
        tax: amount(f.tax, cur),
        total: amount(f.total, cur),
        paid: amount(paid, cur),
        balance: amount(f.total - paid, cur),
        partly_paid: paid > 0 && paid < f.total,
        base_total,
        can_manage: names.manage.get(&i.id).copied().unwrap_or(false),
        can_edit: status == InvoiceStatus::Draft
            && names.manage.get(&i.id).copied().unwrap_or(false),
        currency: f.currency,
        sent_at: i.sent_at.map(|t| t.and_utc()),
        public_link_since: i.public_since.map(|t| t.and_utc()),
        created_by: i.created_by,
        created_at: i.created_at.and_utc(),
        updated_at: i.updated_at.and_utc(),
        version: i.version,
    }
}

pub fn one(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
    today: NaiveDate,
) -> Result<InvoiceResponse, ApiError> {
    let r = store::find_visible(conn, portal_id, viewer, id)?;
    let n = names(conn, portal_id, viewer, std::slice::from_ref(&r))?;
    Ok(view(r, &n, today))
}

/// An invoice as its PDF.
pub struct InvoicePdf {
    /// The document.
    pub bytes: Vec<u8>,
    /// What its file is called: the invoice's number.
    pub file_name: String,
}

/// Invoice `id` of the portal as a PDF, showing what `viewer` may see: the organisation with
/// its logo, the client and consignee, the lines and totals.
pub async fn pdf(
    state: &crate::state::AppState,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> Result<InvoicePdf, ApiError> {
    let today = crate::state::now().date();
    let (invoice, org, logo) = crate::db::run(&state.pool, move |conn| {
        let invoice = one(conn, portal_id, viewer, id, today)?;
        let org = crm_persistence::money::organisation(conn, portal_id)?;
        let logo = match org.logo_file_id {
            Some(file) => Some(crm_persistence::files::find(conn, portal_id, file)?),
            None => None,
        };
        Ok((invoice, org, logo))
    })
    .await?;
    let logo = match logo {
        Some(file) => Some(
            state
                .files
                .get(file.storage_key)
                .await
                .map_err(ApiError::Internal)?,
        ),
        None => None,
    };
    let organisation = issued_by(org, logo);
    let file_name = file_name(&invoice.number);
    let bytes = actix_web::web::block(move || crm_documents::invoice_pdf(&invoice, &organisation))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?
        .map_err(|e| ApiError::Internal(e.into()))?;
    Ok(InvoicePdf { bytes, file_name })
}

/// The organisation a document is issued by, from its profile and its logo's bytes.
pub fn issued_by(
    org: crm_persistence::money::OrganisationRow,
    logo: Option<Vec<u8>>,
) -> crm_documents::Organisation {
    crm_documents::Organisation {
        name: org.name,
        address: org.address,
        tax_id: org.tax_id,
        bank_details: org.bank_details,
        logo,
    }
}

/// The file name of an invoice's PDF: its number with anything a file name should not hold
/// replaced.
pub fn file_name(number: &str) -> String {
    let safe: String = number
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.pdf")
}
