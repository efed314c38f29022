//! Invoices: written as drafts (lines priced from the catalog, totals from the domain's one
//! function), numbered safely when many are created at once, moved through their statuses
//! (only the allowed moves; sending takes stock, rejecting gives it back; each move in the
//! history of the invoice and of its client), duplicated, and deleted while drafts.

use chrono::{Duration, NaiveDate};
use crm_domain::deal::Currency;
use crm_domain::invoice::{self, InvoiceStatus, LineInput as DomainLine, LineTax, Quantity};
use crm_domain::money::{Percent, Rate, TaxRate};
use crm_domain::record::Standing;
use crm_domain::{Locale, RecordKind, RecordRef, Viewer};
use crm_persistence::invoices::{self as store, InvoiceFields, InvoiceRecord, NewLine};
use crm_persistence::{contacts, history, money as money_store, products, records, StoreError};
use rust_decimal::Decimal;

use super::events::{Event, Tx};
use super::money::{default_currency, rate_on};
use super::Actor;
use crate::error::ApiError;
use crate::versioning::Precondition;

/// When an invoice falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// On this day.
    On(NaiveDate),
    /// This many days after the issue date.
    After(i32),
}

/// A line as checked at the boundary.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LineInput {
    pub product_id: Option<i64>,
    pub description: Option<String>,
    pub quantity: Quantity,
    /// Stored units.
    pub price: Option<i64>,
    pub discount: Percent,
    pub tax_ids: Option<Vec<i64>>,
}

/// The fields of an invoice as checked at the boundary; `None` leaves one as it is (or takes
/// its default on a new invoice). `Some(None)` clears an optional link.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InvoiceInput {
    pub number: Option<String>,
    pub issue_date: Option<NaiveDate>,
    pub due: Option<Due>,
    pub client_id: Option<i64>,
    pub billing_address: Option<String>,
    pub consignee_id: Option<Option<i64>>,
    pub delivery_address: Option<String>,
    pub deal_id: Option<Option<i64>>,
    pub language: Option<Locale>,
    pub currency: Option<Currency>,
    pub exchange_rate: Option<Rate>,
    pub purchase_order: Option<String>,
    pub terms: Option<String>,
    pub notes: Option<String>,
    pub lines: Option<Vec<LineInput>>,
}

/// What a use case needs of the caller's calendar and the portal.
#[derive(Debug, Clone, Copy)]
pub struct Context {
    /// Today in the caller's time zone.
    pub today: NaiveDate,
    /// The caller's language (a new invoice's default).
    pub language: Locale,
    /// The portal's language (its default currency's fallback).
    pub portal_locale: Locale,
}

/// The standing of an invoice for the viewer ([`crm_domain::record::AccessRule::ThroughClient`]).
fn standing(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    viewer: Viewer,
    row: &store::InvoiceRow,
) -> Result<Standing, ApiError> {
    let mut seen = records::is_visible(
        conn,
        portal_id,
        viewer,
        RecordRef::contact(row.fields.client_id),
    )?;
    if !seen {
        if let Some(d) = row.fields.deal_id {
            seen = records::is_visible(conn, portal_id, viewer, RecordRef::deal(d))?;
        }
    }
    Ok(standing_seen(viewer, row, seen))
}

/// The standing of an invoice for the viewer who may (`seen`) or may not see its client or
/// its deal.
fn standing_seen(viewer: Viewer, row: &store::InvoiceRow, seen: bool) -> Standing {
    Standing::through_client(row.created_by == viewer.user_id.get(), seen)
}

/// Whether the viewer may change the invoice, knowing whether they may see its client or its
/// deal (`seen`).
pub fn may_edit(viewer: Viewer, row: &store::InvoiceRow, seen: bool) -> bool {
    RecordKind::Invoice
        .rule()
        .can_edit(viewer, standing_seen(viewer, row, seen))
}

/// Whether the viewer may change the invoice (its creator or a CRM admin).
pub fn can_edit(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    viewer: Viewer,
    row: &store::InvoiceRow,
) -> Result<bool, ApiError> {
    let s = standing(conn, portal_id, viewer, row)?;
    Ok(RecordKind::Invoice.rule().can_edit(viewer, s))
}

/// An invoice the actor may see and change (404 when hidden, 403 when only seen).
fn editable(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<InvoiceRecord, ApiError> {
    let found = store::find_visible(tx.conn, actor.portal_id, actor.viewer(), id)?;
    if !can_edit(tx.conn, actor.portal_id, actor.viewer(), &found.invoice)? {
        return Err(ApiError::forbidden(
            "forbidden",
            "only its creator or a CRM administrator may change this invoice",
        ));
    }
    Ok(found)
}

fn status_of(row: &store::InvoiceRow) -> InvoiceStatus {
    InvoiceStatus::from_stored(&row.status).unwrap_or(InvoiceStatus::Draft)
}

fn not_draft() -> ApiError {
    ApiError::Conflict {
        code: "not_draft",
        detail: "Only a draft invoice can be changed or deleted; move it back to draft first."
            .into(),
        field: Some("status".into()),
    }
}

fn lines_of(record: &InvoiceRecord) -> Vec<LineInput> {
    record
        .lines
        .iter()
        .map(|l| LineInput {
            product_id: l.product_id,
            description: Some(l.description.clone()),
            quantity: Quantity::from_thousandths(l.quantity),
            price: Some(l.price),
            discount: Percent::from_stored(&l.discount).unwrap_or_default(),
            tax_ids: Some(l.tax1_id.into_iter().chain(l.tax2_id).collect()),
        })
        .collect()
}

/// The address of `category` among a contact's details, else its first address.
fn address_of(details: &[contacts::DetailRow], category: &str) -> String {
    let addresses: Vec<&contacts::DetailRow> =
        details.iter().filter(|d| d.kind == "address").collect();
    addresses
        .iter()
        .find(|d| d.category == category)
        .or_else(|| addresses.first())
        .map(|d| {
            [&d.street, &d.city, &d.region, &d.postcode, &d.country]
                .into_iter()
                .flatten()
                .map(|p| p.trim())
                .filter(|p| !p.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .filter(|a| !a.is_empty())
        .or_else(|| {
            addresses
                .iter()
                .find(|d| d.category == category)
                .or_else(|| addresses.first())
                .map(|d| d.value.clone())
        })
        .unwrap_or_default()
}

/// A contact the viewer may see, else a problem naming `field`.
fn visible_contact(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    field: &str,
) -> Result<contacts::ContactRecord, ApiError> {
    contacts::find_visible(tx.conn, actor.portal_id, actor.viewer(), id).map_err(|e| match e {
        StoreError::NotFound => ApiError::field(field, "not_found", "is not a contact you can see"),
        other => other.into(),
    })
}

/// Prices, describes and taxes the lines (from the catalog where they name a product) and
/// computes every amount with the domain's totals function.
fn priced_lines(
    tx: &mut Tx<'_>,
    portal_id: i64,
    currency: Currency,
    lines: &[LineInput],
) -> Result<(Vec<NewLine>, invoice::Totals), ApiError> {
    let product_ids: Vec<i64> = lines.iter().filter_map(|l| l.product_id).collect();
    let catalog = products::by_ids(tx.conn, portal_id, &product_ids)?;
    let taxes = money_store::taxes_of(tx.conn, portal_id)?;
    let mut errors = crm_domain::Validator::new();
    let mut domain_lines = Vec::with_capacity(lines.len());
    let mut described = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let product = match line.product_id {
            Some(pid) => match catalog.iter().find(|p| p.id == pid) {
                Some(p) => Some(p),
                None => {
                    errors.push(crm_domain::FieldError::new(
                        format!("lines[{i}].product_id"),
                        "not_found",
                        "is not a product of the catalog",
                    ));
                    continue;
                }
            },
            None => None,
        };
        let description = line
            .description
            .clone()
            .or_else(|| product.map(|p| p.title.clone()))
            .unwrap_or_default();
        if description.is_empty() {
            errors.push(crm_domain::FieldError::new(
                format!("lines[{i}].description"),
                "required",
                "is required without a product",
            ));
        }
        let price = match (line.price, product) {
            (Some(p), _) => Some(p),
            (None, Some(p)) if p.currency == currency.code() => Some(p.price),
            (None, Some(p)) => {
                errors.push(crm_domain::FieldError::new(
                    format!("lines[{i}].price"),
                    "required",
                    format!("is required: the product is priced in {}", p.currency),
                ));
                None
            }
            (None, None) => {
                errors.push(crm_domain::FieldError::new(
                    format!("lines[{i}].price"),
                    "required",
                    "is required without a product",
                ));
                None
            }
        };
        let tax_ids = line
            .tax_ids
            .clone()
            .or_else(|| product.map(products::ProductRow::tax_ids))
            .unwrap_or_default();
        let mut line_taxes = Vec::with_capacity(tax_ids.len());
        for id in &tax_ids {
            match taxes.iter().find(|t| t.id == *id) {
                Some(t) => line_taxes.push(LineTax {
                    id: *id,
                    rate: TaxRate::from_stored(&t.rate).unwrap_or_default(),
                }),
                None => errors.push(crm_domain::FieldError::new(
                    format!("lines[{i}].tax_ids"),
                    "not_found",
                    "names a tax that does not exist",
                )),
            }
        }
        domain_lines.push(DomainLine {
            quantity: line.quantity,
            price: price.unwrap_or(0),
            discount: line.discount,
            taxes: line_taxes,
        });
        described.push((line.product_id, description));
    }
    errors.finish()?;
    let totals = invoice::totals(&domain_lines, currency)?;
    let stored = domain_lines
        .iter()
        .zip(described)
        .zip(&totals.lines)
        .map(|((line, (product_id, description)), amounts)| NewLine {
            product_id,
            description,
            quantity: line.quantity.thousandths(),
            price: line.price,
            discount: line.discount.to_string(),
            taxes: line
                .taxes
                .iter()
                .zip(&amounts.taxes)
                .map(|(t, a)| (t.id, t.rate.to_string(), invoice::units(*a)))
                .collect(),
            amount: invoice::units(amounts.amount),
            net: invoice::units(amounts.net),
            total: invoice::units(amounts.total),
        })
        .collect();
    Ok((stored, totals))
}

/// The rate from `currency` to the default one valid on `day` (rounded to the places a rate
/// keeps), else a problem naming `exchange_rate`.
fn rate_for(
    tx: &mut Tx<'_>,
    portal_id: i64,
    currency: Currency,
    base: Currency,
    day: NaiveDate,
) -> Result<String, ApiError> {
    let rate = rate_on(tx.conn, portal_id, currency, base, day)?
        .map(|r| r.round_dp(crm_domain::money::RATE_SCALE).normalize())
        .filter(|r| *r > Decimal::ZERO);
    rate.map(|r| r.to_string()).ok_or_else(|| {
        ApiError::field(
            "exchange_rate",
            "required",
            format!(
                "is required: no rate from {} to {} is valid on {day}",
                currency.code(),
                base.code()
            ),
        )
    })
}

/// Checks the links and works out everything stored for `input` over `current` (a new
/// invoice when `None`).
fn resolve(
    tx: &mut Tx<'_>,
    actor: &Actor,
    ctx: Context,
    current: Option<&InvoiceRecord>,
    input: InvoiceInput,
) -> Result<(InvoiceFields, Vec<NewLine>), ApiError> {
    let portal_id = actor.portal_id;
    let settings = store::settings(tx.conn, portal_id, tx.now)?;
    let (base, _) = default_currency(tx.conn, portal_id, ctx.portal_locale)?;
    let before = current.map(|c| c.invoice.fields.clone());

    let client_id = match (input.client_id, &before) {
        (Some(id), _) => id,
        (None, Some(b)) => b.client_id,
        (None, None) => {
            return Err(ApiError::field("client_id", "required", "is required"));
        }
    };
    let client_changed = before.as_ref().is_none_or(|b| b.client_id != client_id);
    let client = if client_changed {
        Some(visible_contact(tx, actor, client_id, "client_id")?)
    } else {
        None
    };
    let consignee_id = match (input.consignee_id, &before) {
        (Some(c), _) => c.filter(|id| *id != 0),
        (None, Some(b)) => b.consignee_id,
        (None, None) => None,
    };
    let consignee_changed = before
        .as_ref()
        .is_none_or(|b| b.consignee_id != consignee_id);
    let consignee = match consignee_id {
        Some(id) if consignee_changed => Some(visible_contact(tx, actor, id, "consignee_id")?),
        _ => None,
    };
    let deal_id = match (input.deal_id, &before) {
        (Some(d), _) => d.filter(|id| *id != 0),
        (None, Some(b)) => b.deal_id,
        (None, None) => None,
    };
    if let Some(d) = deal_id {
        if client_changed || before.as_ref().is_none_or(|b| b.deal_id != deal_id) {
            let deal = crm_persistence::deals::find_visible(tx.conn, portal_id, actor.viewer(), d)
                .map_err(|e| match e {
                    StoreError::NotFound => {
                        ApiError::field("deal_id", "not_found", "is not a deal you can see")
                    }
                    other => other.into(),
                })?;
            if deal.deal.contact_id != Some(client_id) && !deal.contact_ids.contains(&client_id) {
                return Err(ApiError::field(
                    "deal_id",
                    "invalid_value",
                    "is a deal the client is not in: add the client to the deal first",
                ));
            }
        }
    }

    let issue_date = input
        .issue_date
        .or(before.as_ref().map(|b| b.issue_date))
        .unwrap_or(ctx.today);
    let after = |days: Duration| {
        issue_date
            .checked_add_signed(days)
            .ok_or_else(|| ApiError::field("due_days", "out_of_range", "is past the calendar"))
    };
    let due_date = match input.due {
        Some(Due::On(day)) => day,
        Some(Due::After(days)) => after(Duration::days(i64::from(days)))?,
        None => match &before {
            // A new issue date keeps the terms' length.
            Some(b) => after(b.due_date - b.issue_date)?,
            None => after(Duration::days(i64::from(settings.due_days)))?,
        },
    };
    if due_date < issue_date {
        return Err(ApiError::field(
            "due_date",
            "out_of_range",
            "must be on or after the issue date",
        ));
    }

    let currency = match (input.currency, &before, &client) {
        (Some(c), _, _) => c,
        (None, Some(b), _) => Currency::parse("currency", &b.currency)?,
        (None, None, Some(c)) => c
            .contact
            .currency
            .as_deref()
            .and_then(|code| Currency::parse("currency", code).ok())
            .unwrap_or(base),
        (None, None, None) => base,
    };
    let exchange_rate = if currency == base {
        None
    } else {
        match input.exchange_rate {
            Some(r) => Some(r.to_string()),
            None => match &before {
                Some(b)
                    if b.currency == currency.code()
                        && b.base_currency == base.code()
                        && b.issue_date == issue_date
                        && b.exchange_rate.is_some() =>
                {
                    b.exchange_rate.clone()
                }
                _ => Some(rate_for(tx, portal_id, currency, base, issue_date)?),
            },
        }
    };

    let number = match (input.number, &before) {
        (Some(n), _) => {
            let except = current.map(|c| c.invoice.id);
            if store::number_taken(tx.conn, portal_id, &n, except)? {
                return Err(number_taken());
            }
            n
        }
        (None, Some(b)) => b.number.clone(),
        (None, None) if settings.auto_numbering => store::take_number(tx.conn, portal_id, tx.now)?,
        (None, None) => {
            return Err(ApiError::field(
                "number",
                "required",
                "is required: automatic numbering is off",
            ))
        }
    };

    let lines = match (input.lines, current) {
        (Some(l), _) => l,
        (None, Some(c)) => lines_of(c),
        (None, None) => return Err(ApiError::field("lines", "required", "is required")),
    };
    if lines.is_empty() || lines.len() > 500 {
        return Err(ApiError::field(
            "lines",
            "out_of_range",
            "must hold 1 to 500 lines",
        ));
    }
    let (stored_lines, totals) = priced_lines(tx, portal_id, currency, &lines)?;

    let billing_address = input
        .billing_address
        .unwrap_or_else(|| match (&client, &before) {
            (Some(c), _) => address_of(&c.details, "billing"),
            (None, Some(b)) => b.billing_address.clone(),
            (None, None) => String::new(),
        });
    let delivery_address =
        input
            .delivery_address
            .unwrap_or_else(|| match (&consignee, &before, consignee_id) {
                (Some(c), _, _) => address_of(&c.details, "postal"),
                (None, Some(b), Some(_)) => b.delivery_address.clone(),
                _ => String::new(),
            });
    let subtotal = invoice::units(totals.subtotal);
    let discount = invoice::units(totals.discount);
    let total = totals.total_units();
    Ok((
        InvoiceFields {
            number,
            issue_date,
            due_date,
            client_id,
            billing_address,
            consignee_id,
            delivery_address,
            deal_id,
            language: input
                .language
                .map(|l| l.as_str().to_owned())
                .or(before.as_ref().map(|b| b.language.clone()))
                .unwrap_or_else(|| ctx.language.as_str().to_owned()),
            currency: currency.code(),
            exchange_rate,
            base_currency: base.code(),
            purchase_order: input
                .purchase_order
                .or(before.as_ref().map(|b| b.purchase_order.clone()))
                .unwrap_or_default(),
            terms: input
                .terms
                .or(before.as_ref().map(|b| b.terms.clone()))
                .unwrap_or_else(|| settings.terms.clone()),
            notes: input
                .notes
                .or(before.as_ref().map(|b| b.notes.clone()))
                .unwrap_or_else(|| settings.notes.clone()),
            subtotal,
            discount,
            tax: total - (subtotal - discount),
            total,
        },
        stored_lines,
    ))
}

fn number_taken() -> ApiError {
    ApiError::conflict(
        "number_taken",
        "number",
        "an invoice with this number exists",
    )
}

fn store_conflict(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(_) => number_taken(),
        other => other.into(),
    }
}

/// Creates a draft; returns its id.
pub fn create(
    tx: &mut Tx<'_>,
    actor: &Actor,
    ctx: Context,
    input: InvoiceInput,
) -> Result<i64, ApiError> {
    let (fields, lines) = resolve(tx, actor, ctx, None, input)?;
    let id = store::insert(
        tx.conn,
        actor.portal_id,
        &fields,
        &lines,
        actor.user_id,
        tx.now,
    )
    .map_err(store_conflict)?;
    tx.emit(
        actor.portal_id,
        Event::Created {
            record: RecordRef::invoice(id),
            by: actor.by(),
        },
    );
    Ok(id)
}

/// Changes a draft made from the version `pre` allows.
pub fn update(
    tx: &mut Tx<'_>,
    actor: &Actor,
    ctx: Context,
    id: i64,
    pre: Precondition,
    input: InvoiceInput,
) -> Result<(), ApiError> {
    let current = editable(tx, actor, id)?;
    let expected = pre.resolve(current.invoice.version);
    if expected != current.invoice.version {
        return Err(ApiError::VersionMismatch);
    }
    if status_of(&current.invoice) != InvoiceStatus::Draft {
        return Err(not_draft());
    }
    let (fields, lines) = resolve(tx, actor, ctx, Some(&current), input)?;
    store::update(
        tx.conn,
        actor.portal_id,
        id,
        expected,
        &fields,
        Some(&lines),
        tx.now,
    )
    .map_err(store_conflict)?;
    changed(tx, actor, id);
    Ok(())
}

/// Moves an invoice to `to`, when its status allows it: sending takes the invoiced quantities
/// from the stock of the products that count it, rejecting gives them back. The move is
/// written to the history of the invoice and of its client.
pub fn set_status(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    pre: Precondition,
    to: InvoiceStatus,
) -> Result<(), ApiError> {
    let current = editable(tx, actor, id)?;
    let expected = pre.resolve(current.invoice.version);
    if expected != current.invoice.version {
        return Err(ApiError::VersionMismatch);
    }
    let from = status_of(&current.invoice);
    from.move_to(to)?;
    let sign = InvoiceStatus::stock_sign(from, to);
    if sign != 0 {
        let changes: Vec<(i64, i64)> = current
            .lines
            .iter()
            .filter_map(|l| l.product_id.map(|p| (p, sign * l.quantity)))
            .collect();
        products::adjust_stock(tx.conn, actor.portal_id, &changes, tx.now)?;
    }
    let sent_at = match to {
        InvoiceStatus::Sent => current.invoice.sent_at.or(Some(tx.now)),
        InvoiceStatus::Draft => None,
        InvoiceStatus::Paid | InvoiceStatus::Rejected => current.invoice.sent_at,
    };
    store::set_status(
        tx.conn,
        actor.portal_id,
        id,
        expected,
        to.as_str(),
        sent_at,
        tx.now,
    )?;
    let content = format!(
        "{}: {} → {}",
        current.invoice.fields.number,
        from.as_str(),
        to.as_str()
    );
    note(
        tx,
        actor.portal_id,
        actor.user_id,
        &current.invoice,
        &content,
        crm_api_types::HistoryEvent::InvoiceStatus,
    )?;
    changed(tx, actor, id);
    Ok(())
}

/// Tells who follows the invoice that the actor changed it.
fn changed(tx: &mut Tx<'_>, actor: &Actor, id: i64) {
    tx.emit(
        actor.portal_id,
        Event::Changed {
            record: RecordRef::invoice(id),
            by: actor.by(),
        },
    );
}

/// Writes `content` to the history of the invoice and of its client, as the system's `event`.
fn note(
    tx: &mut Tx<'_>,
    portal_id: i64,
    author_id: i64,
    invoice: &store::InvoiceRow,
    content: &str,
    event: crm_api_types::HistoryEvent,
) -> Result<(), ApiError> {
    for record in [
        RecordRef::invoice(invoice.id),
        RecordRef::contact(invoice.fields.client_id),
    ] {
        history::create(
            tx.conn,
            &history::NewEntry {
                portal_id,
                record_kind: record.kind,
                record_id: record.id,
                category_id: None,
                content: content.to_owned(),
                author_id,
                happened_at: tx.now,
                now: tx.now,
                event: Some(event.as_str()),
                task_id: None,
            },
            &[],
        )?;
        records::touch_activity(tx.conn, portal_id, record, tx.now)?;
    }
    Ok(())
}

/// Notes in the history of the invoice and of its client that the sender e-mailed it to
/// `to`; nothing when the invoice is gone or hidden from the sender by now.
pub fn emailed(
    tx: &mut Tx<'_>,
    portal_id: i64,
    sender: Viewer,
    id: i64,
    to: &str,
) -> Result<(), ApiError> {
    let invoice = match store::find_visible(tx.conn, portal_id, sender, id) {
        Ok(found) => found.invoice,
        Err(StoreError::NotFound) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let content = format!("{}: e-mailed to {to}", invoice.fields.number);
    note(
        tx,
        portal_id,
        sender.user_id.get(),
        &invoice,
        &content,
        crm_api_types::HistoryEvent::InvoiceEmailed,
    )
}

/// A new draft like the invoice, issued today with the same payment terms and numbered
/// `number` or else by the settings; returns its id.
pub fn duplicate(
    tx: &mut Tx<'_>,
    actor: &Actor,
    ctx: Context,
    id: i64,
    number: Option<String>,
) -> Result<i64, ApiError> {
    let source = store::find_visible(tx.conn, actor.portal_id, actor.viewer(), id)?;
    let row = &source.invoice;
    let days = (row.fields.due_date - row.fields.issue_date).num_days();
    let input = InvoiceInput {
        number,
        issue_date: Some(ctx.today),
        due: Some(Due::After(i32::try_from(days).unwrap_or(0))),
        client_id: Some(row.fields.client_id),
        billing_address: Some(row.fields.billing_address.clone()),
        consignee_id: Some(row.fields.consignee_id),
        delivery_address: Some(row.fields.delivery_address.clone()),
        deal_id: Some(row.fields.deal_id),
        language: Locale::parse("language", &row.fields.language).ok(),
        currency: Currency::parse("currency", &row.fields.currency).ok(),
        exchange_rate: None,
        purchase_order: Some(row.fields.purchase_order.clone()),
        terms: Some(row.fields.terms.clone()),
        notes: Some(row.fields.notes.clone()),
        lines: Some(lines_of(&source)),
    };
    create(tx, actor, ctx, input)
}

/// Deletes a draft with its history; returns the storage keys of its files.
pub fn delete(tx: &mut Tx<'_>, actor: &Actor, id: i64) -> Result<Vec<String>, ApiError> {
    let current = editable(tx, actor, id)?;
    if status_of(&current.invoice) != InvoiceStatus::Draft {
        return Err(not_draft());
    }
    let keys = records::delete_links(tx.conn, actor.portal_id, RecordKind::Invoice, &[id])?;
    store::delete(tx.conn, actor.portal_id, id)?;
    tx.emit(
        actor.portal_id,
        Event::Deleted {
            record: RecordRef::invoice(id),
            by: actor.by(),
        },
    );
    Ok(keys)
}

/// Records a payment against a sent invoice; the one that settles the balance marks it paid.
/// Returns the payment.
pub fn add_payment(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    payment: store::NewPayment,
) -> Result<store::PaymentRow, ApiError> {
    let current = editable(tx, actor, id)?;
    if status_of(&current.invoice) != InvoiceStatus::Sent {
        return Err(ApiError::Conflict {
            code: "not_sent",
            detail: "Payments are recorded against sent invoices.".into(),
            field: Some("status".into()),
        });
    }
    let currency = Currency::parse("currency", &current.invoice.fields.currency)?;
    invoice::check_minor_unit("amount", payment.amount, currency)?;
    let balance = current.invoice.fields.total - current.paid;
    if payment.amount <= 0 || payment.amount > balance {
        return Err(ApiError::field(
            "amount",
            "out_of_range",
            format!(
                "must be above 0 and at most the balance, {}",
                crm_domain::deal::from_stored(balance)
            ),
        ));
    }
    let row = store::add_payment(
        tx.conn,
        actor.portal_id,
        id,
        current.invoice.version,
        &payment,
        actor.user_id,
        tx.now,
    )?;
    if payment.amount == balance {
        set_status(tx, actor, id, Precondition::Any, InvoiceStatus::Paid)?;
    } else {
        tx.emit(
            actor.portal_id,
            Event::Changed {
                record: RecordRef::invoice(id),
                by: actor.by(),
            },
        );
    }
    Ok(row)
}

/// Deletes a payment; a paid invoice no longer settled goes back to sent.
pub fn delete_payment(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    payment_id: i64,
) -> Result<(), ApiError> {
    let current = editable(tx, actor, id)?;
    store::delete_payment(
        tx.conn,
        actor.portal_id,
        id,
        current.invoice.version,
        payment_id,
        tx.now,
    )?;
    if status_of(&current.invoice) == InvoiceStatus::Paid {
        set_status(tx, actor, id, Precondition::Any, InvoiceStatus::Sent)?;
    } else {
        tx.emit(
            actor.portal_id,
            Event::Changed {
                record: RecordRef::invoice(id),
                by: actor.by(),
            },
        );
    }
    Ok(())
}

/// What the e-mail of an invoice says; what is left out takes the defaults.
#[derive(Debug, Clone, Default)]
pub struct Mailing {
    /// The recipient; else the client's primary e-mail.
    pub to: Option<String>,
    pub subject: Option<String>,
    /// The text; else a line naming the invoice, its total and due date, then its notes.
    pub message: Option<String>,
}

/// Queues the e-mail of invoice `id` with its PDF attached (its creator or a CRM admin),
/// moving a draft to sent first; a rejected invoice is not sent. Returns the job's id and the
/// recipient.
pub fn send(
    tx: &mut Tx<'_>,
    actor: &Actor,
    id: i64,
    pre: Precondition,
    mailing: Mailing,
    message_id: String,
) -> Result<(i64, String), ApiError> {
    let current = editable(tx, actor, id)?;
    match status_of(&current.invoice) {
        InvoiceStatus::Rejected => {
            return Err(ApiError::conflict(
                "invoice_rejected",
                "status",
                "a rejected invoice is not sent: move it back to draft first",
            ))
        }
        InvoiceStatus::Draft => set_status(tx, actor, id, pre, InvoiceStatus::Sent)?,
        InvoiceStatus::Sent | InvoiceStatus::Paid => {
            if pre.resolve(current.invoice.version) != current.invoice.version {
                return Err(ApiError::VersionMismatch);
            }
        }
    }
    let f = &current.invoice.fields;
    let client = contacts::find_visible(tx.conn, actor.portal_id, actor.viewer(), f.client_id)
        .map(Some)
        .or_else(|e| match e {
            StoreError::NotFound => Ok(None),
            other => Err(other),
        })?;
    let to = match mailing
        .to
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(to) => crm_domain::EmailAddress::parse(to)
            .map_err(|_| ApiError::field("to", "invalid_email", "is not a valid e-mail address"))?
            .into_inner(),
        None => client
            .as_ref()
            .and_then(|c| {
                let emails = c.details.iter().filter(|d| d.kind == "email");
                let mut emails: Vec<_> = emails.collect();
                emails.sort_by_key(|d| (!d.is_primary, d.position));
                emails.first().map(|d| d.value.clone())
            })
            .ok_or_else(|| {
                ApiError::field(
                    "to",
                    "required",
                    "is required: the client has no e-mail address you can see",
                )
            })?,
    };
    let locale = Locale::parse("language", &f.language).unwrap_or(Locale::En);
    let subject = mailing
        .subject
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| match locale {
            Locale::Ru => format!("Счёт № {}", f.number),
            Locale::En => format!("Invoice {}", f.number),
        });
    let text = mailing
        .message
        .map(|m| m.trim().to_owned())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| default_message(&current, locale));
    let job = crate::queue::SendInvoice {
        invoice_id: id,
        user_id: actor.user_id,
        is_crm_admin: actor.is_crm_admin,
        mail: crate::mail::OutgoingMail {
            to: to.clone(),
            to_name: client.map(|c| c.contact.display_name).unwrap_or_default(),
            subject,
            text,
            message_id,
        },
    };
    let job_id =
        crate::queue::BackgroundJob::enqueue(&job, tx.conn, actor.portal_id, Some(actor.user_id))?;
    Ok((job_id, to))
}

/// The text of an invoice's e-mail when none is given: what is attached, for how much and
/// until when, then the invoice's notes for the client.
fn default_message(r: &InvoiceRecord, locale: Locale) -> String {
    let f = &r.invoice.fields;
    let total = locale.write_decimal(&crate::app::invoice_view::amount(f.total, &f.currency));
    let line = match locale {
        Locale::Ru => format!(
            "Во вложении счёт № {} на сумму {total} {} с оплатой до {}.",
            f.number,
            f.currency,
            f.due_date.format("%d.%m.%Y")
        ),
        Locale::En => format!(
            "Please find attached invoice {} for {total} {}, due {}.",
            f.number,
            f.currency,
            f.due_date.format("%-d %B %Y")
        ),
    };
    if f.notes.trim().is_empty() {
        line
    } else {
        format!("{line}\n\n{}", f.notes.trim())
    }
}
