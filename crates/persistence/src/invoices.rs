//! Invoices with their lines, and how a portal numbers them. An invoice is a record kind seen
//! through its client and deal ([`crm_domain::record::AccessRule::ThroughClient`]); its amounts
//! are stored as the domain's totals function computed them.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::connection::{DbConnection, MultiBackend};
use crate::error::{StoreError, StoreResult};
use crate::keyset::{contains_pattern, After, KeyValue, PageRequest, PageResult};
use crate::records::access::{self, RuleFilter};
use crate::schema::{invoice_lines, invoice_payments, invoice_settings, invoices};
use crate::users::{int_after, text_after, time_after};
use crm_domain::{RecordKind, Viewer};

/// How the portal numbers invoices and what a new one says by default.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = invoice_settings)]
pub struct SettingsRow {
    pub portal_id: i64,
    pub auto_numbering: bool,
    pub prefix: String,
    pub next_number: i64,
    pub number_width: i32,
    pub due_days: i32,
    pub terms: String,
    pub notes: String,
    pub updated_by: Option<i64>,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

impl SettingsRow {
    /// The settings of a portal that never changed them.
    pub fn defaults(portal_id: i64, now: NaiveDateTime) -> Self {
        Self {
            portal_id,
            auto_numbering: true,
            prefix: "INV-".into(),
            next_number: 1,
            number_width: 7,
            due_days: 15,
            terms: String::new(),
            notes: String::new(),
            updated_by: None,
            updated_at: now,
            version: 0,
        }
    }
}

/// The settings of the portal (the defaults, at version 0, until first changed).
pub fn settings(
    conn: &mut DbConnection,
    portal_id: i64,
    now: NaiveDateTime,
) -> StoreResult<SettingsRow> {
    Ok(invoice_settings::table
        .find(portal_id)
        .select(SettingsRow::as_select())
        .first(conn)
        .optional()?
        .unwrap_or_else(|| SettingsRow::defaults(portal_id, now)))
}

/// Stores the defaults when the portal has no settings row yet (version 0, so that a first
/// change made from the defaults still applies).
fn ensure_settings(conn: &mut DbConnection, portal_id: i64, now: NaiveDateTime) -> StoreResult<()> {
    let present: i64 = invoice_settings::table
        .filter(invoice_settings::portal_id.eq(portal_id))
        .count()
        .get_result(conn)?;
    if present > 0 {
        return Ok(());
    }
    let d = SettingsRow::defaults(portal_id, now);
    // In a savepoint: another transaction may store the row first.
    let stored = conn.transaction(|conn| {
        diesel::insert_into(invoice_settings::table)
            .values((
                invoice_settings::portal_id.eq(portal_id),
                invoice_settings::auto_numbering.eq(d.auto_numbering),
                invoice_settings::prefix.eq(d.prefix),
                invoice_settings::next_number.eq(d.next_number),
                invoice_settings::number_width.eq(d.number_width),
                invoice_settings::due_days.eq(d.due_days),
                invoice_settings::terms.eq(d.terms),
                invoice_settings::notes.eq(d.notes),
                invoice_settings::updated_at.eq(now),
                invoice_settings::version.eq(0),
            ))
            .execute(conn)
            .map_err(StoreError::from)
    });
    match stored {
        Ok(_) | Err(StoreError::Conflict(_)) => Ok(()),
        Err(e) => Err(e),
    }
}

/// Changes the settings made from `expected_version`; `StaleVersion` when they changed since.
pub fn update_settings(
    conn: &mut DbConnection,
    next: &SettingsRow,
    expected_version: i64,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<SettingsRow> {
    conn.transaction(|conn| {
        ensure_settings(conn, next.portal_id, now)?;
        let n = diesel::update(
            invoice_settings::table
                .find(next.portal_id)
                .filter(invoice_settings::version.eq(expected_version)),
        )
        .set((
            invoice_settings::auto_numbering.eq(next.auto_numbering),
            invoice_settings::prefix.eq(&next.prefix),
            invoice_settings::next_number.eq(next.next_number),
            invoice_settings::number_width.eq(next.number_width),
            invoice_settings::due_days.eq(next.due_days),
            invoice_settings::terms.eq(&next.terms),
            invoice_settings::notes.eq(&next.notes),
            invoice_settings::updated_by.eq(by),
            invoice_settings::updated_at.eq(now),
            invoice_settings::version.eq(invoice_settings::version + 1),
        ))
        .execute(conn)?;
        if n == 0 {
            return Err(StoreError::StaleVersion);
        }
        settings(conn, next.portal_id, now)
    })
}

/// Whether an invoice of the portal has this number (case-insensitively), other than `except`.
pub fn number_taken(
    conn: &mut DbConnection,
    portal_id: i64,
    number: &str,
    except: Option<i64>,
) -> StoreResult<bool> {
    let mut q = invoices::table
        .filter(invoices::portal_id.eq(portal_id))
        .filter(invoices::number_key.eq(number.to_lowercase()))
        .into_boxed::<MultiBackend>();
    if let Some(id) = except {
        q = q.filter(invoices::id.ne(id));
    }
    let n: i64 = q.count().get_result(conn)?;
    Ok(n > 0)
}

/// Takes the next automatic number: one statement moves the counter on, so that invoices
/// created at the same time each get their own; numbers already taken by hand are skipped.
pub fn take_number(
    conn: &mut DbConnection,
    portal_id: i64,
    now: NaiveDateTime,
) -> StoreResult<String> {
    ensure_settings(conn, portal_id, now)?;
    for _ in 0..1000 {
        let (next, prefix, width): (i64, String, i32) =
            diesel::update(invoice_settings::table.find(portal_id))
                .set(invoice_settings::next_number.eq(invoice_settings::next_number + 1))
                .returning((
                    invoice_settings::next_number,
                    invoice_settings::prefix,
                    invoice_settings::number_width,
                ))
                .get_result(conn)?;
        let number = crm_domain::invoice::format_number(
            &prefix,
            next - 1,
            usize::try_from(width).unwrap_or(7),
        );
        if !number_taken(conn, portal_id, &number, None)? {
            return Ok(number);
        }
    }
    Err(StoreError::Conflict("number".into()))
}

/// A stored invoice.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = invoices)]
pub struct InvoiceRow {
    pub id: i64,
    pub portal_id: i64,
    pub status: String,
    #[diesel(embed)]
    pub fields: InvoiceFields,
    pub sent_at: Option<NaiveDateTime>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
    /// Since when the client's link works (absent: no link).
    pub public_since: Option<NaiveDateTime>,
}

/// A stored line.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = invoice_lines)]
pub struct LineRow {
    pub id: i64,
    pub invoice_id: i64,
    pub position: i32,
    pub product_id: Option<i64>,
    pub description: String,
    pub quantity: i64,
    pub price: i64,
    pub discount: String,
    pub tax1_id: Option<i64>,
    pub tax1_rate: Option<String>,
    pub tax1_amount: i64,
    pub tax2_id: Option<i64>,
    pub tax2_rate: Option<String>,
    pub tax2_amount: i64,
    pub amount: i64,
    pub net: i64,
    pub total: i64,
}

/// A line to store, with its computed amounts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewLine {
    pub product_id: Option<i64>,
    pub description: String,
    /// Thousandths.
    pub quantity: i64,
    /// Stored units.
    pub price: i64,
    pub discount: String,
    /// Up to two (tax id, rate, amount in stored units).
    pub taxes: Vec<(i64, String, i64)>,
    pub amount: i64,
    pub net: i64,
    pub total: i64,
}

/// An invoice with its lines and what has been paid of it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InvoiceRecord {
    pub invoice: InvoiceRow,
    pub lines: Vec<LineRow>,
    /// Σ payments, stored units.
    pub paid: i64,
}

/// An invoice's fields as stored (all of them: the application layer merges a change, and a
/// change writes every one, clearing the links set to `None`).
#[derive(
    Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, AsChangeset, serde::Serialize,
)]
#[diesel(table_name = invoices, treat_none_as_null = true)]
pub struct InvoiceFields {
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub client_id: i64,
    pub billing_address: String,
    pub consignee_id: Option<i64>,
    pub delivery_address: String,
    pub deal_id: Option<i64>,
    pub language: String,
    pub currency: String,
    pub exchange_rate: Option<String>,
    /// The currency `exchange_rate` converts to (the default one when the invoice was saved).
    pub base_currency: String,
    pub purchase_order: String,
    pub terms: String,
    pub notes: String,
    /// Stored units.
    pub subtotal: i64,
    pub discount: i64,
    pub tax: i64,
    pub total: i64,
}

fn number_conflict(e: diesel::result::Error) -> StoreError {
    match StoreError::from(e) {
        StoreError::Conflict(_) => StoreError::Conflict("number".into()),
        other => other,
    }
}

fn replace_lines(
    conn: &mut DbConnection,
    portal_id: i64,
    invoice_id: i64,
    lines: &[NewLine],
) -> StoreResult<()> {
    diesel::delete(invoice_lines::table.filter(invoice_lines::invoice_id.eq(invoice_id)))
        .execute(conn)?;
    for (position, l) in lines.iter().enumerate() {
        let tax = |i: usize| l.taxes.get(i);
        diesel::insert_into(invoice_lines::table)
            .values((
                invoice_lines::portal_id.eq(portal_id),
                invoice_lines::invoice_id.eq(invoice_id),
                invoice_lines::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                invoice_lines::product_id.eq(l.product_id),
                invoice_lines::description.eq(&l.description),
                invoice_lines::quantity.eq(l.quantity),
                invoice_lines::price.eq(l.price),
                invoice_lines::discount.eq(&l.discount),
                invoice_lines::tax1_id.eq(tax(0).map(|t| t.0)),
                invoice_lines::tax1_rate.eq(tax(0).map(|t| t.1.clone())),
                invoice_lines::tax1_amount.eq(tax(0).map_or(0, |t| t.2)),
                invoice_lines::tax2_id.eq(tax(1).map(|t| t.0)),
                invoice_lines::tax2_rate.eq(tax(1).map(|t| t.1.clone())),
                invoice_lines::tax2_amount.eq(tax(1).map_or(0, |t| t.2)),
                invoice_lines::amount.eq(l.amount),
                invoice_lines::net.eq(l.net),
                invoice_lines::total.eq(l.total),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Stores a new draft with its lines; `Conflict("number")` when the number is taken.
pub fn insert(
    conn: &mut DbConnection,
    portal_id: i64,
    f: &InvoiceFields,
    lines: &[NewLine],
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    conn.transaction(|conn| {
        let id: i64 = diesel::insert_into(invoices::table)
            .values((
                f,
                invoices::portal_id.eq(portal_id),
                invoices::number_key.eq(f.number.to_lowercase()),
                invoices::status.eq(crm_domain::invoice::InvoiceStatus::Draft.as_str()),
                invoices::created_by.eq(by),
                invoices::created_at.eq(now),
                invoices::updated_at.eq(now),
                invoices::last_activity_at.eq(now),
                invoices::version.eq(1),
            ))
            .returning(invoices::id)
            .get_result(conn)
            .map_err(number_conflict)?;
        replace_lines(conn, portal_id, id, lines)?;
        Ok(id)
    })
}

/// Changes an invoice made from `expected_version`, and its lines when given: `StaleVersion`
/// when it changed since, `Conflict("number")` when the new number is taken.
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    f: &InvoiceFields,
    lines: Option<&[NewLine]>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    conn.transaction(|conn| {
        let n = diesel::update(
            invoices::table
                .filter(invoices::portal_id.eq(portal_id))
                .filter(invoices::id.eq(id))
                .filter(invoices::version.eq(expected_version)),
        )
        .set((
            f,
            invoices::number_key.eq(f.number.to_lowercase()),
            invoices::updated_at.eq(now),
            invoices::version.eq(invoices::version + 1),
        ))
        .execute(conn)
        .map_err(number_conflict)?;
        if n == 0 {
            return Err(StoreError::StaleVersion);
        }
        if let Some(lines) = lines {
            replace_lines(conn, portal_id, id, lines)?;
        }
        Ok(())
    })
}

/// Moves an invoice made from `expected_version` to `status`; `StaleVersion` when it changed
/// since.
pub fn set_status(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    status: &str,
    sent_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    claim_version(conn, portal_id, id, expected_version, now)?;
    diesel::update(
        invoices::table
            .filter(invoices::portal_id.eq(portal_id))
            .filter(invoices::id.eq(id)),
    )
    .set((invoices::status.eq(status), invoices::sent_at.eq(sent_at)))
    .execute(conn)?;
    Ok(())
}

/// Deletes an invoice with its lines.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<()> {
    let n = diesel::delete(
        invoices::table
            .filter(invoices::portal_id.eq(portal_id))
            .filter(invoices::id.eq(id)),
    )
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Records activity on an invoice without changing its version.
pub fn touch_activity(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    at: NaiveDateTime,
) -> StoreResult<()> {
    diesel::update(
        invoices::table
            .filter(invoices::portal_id.eq(portal_id))
            .filter(invoices::id.eq(id)),
    )
    .set(invoices::last_activity_at.eq(at))
    .execute(conn)?;
    Ok(())
}

/// The invoices of the portal the viewer may see, as a boxed query to filter further.
pub fn visible<'a>(portal_id: i64, viewer: Viewer) -> invoices::BoxedQuery<'a, MultiBackend> {
    crate::visible_records!(invoices, RecordKind::Invoice, portal_id, viewer)
}

fn lines_of(conn: &mut DbConnection, ids: &[i64]) -> StoreResult<Vec<LineRow>> {
    Ok(invoice_lines::table
        .filter(invoice_lines::invoice_id.eq_any(ids))
        .order((invoice_lines::invoice_id, invoice_lines::position))
        .select(LineRow::as_select())
        .load(conn)?)
}

/// The invoices `rows` with their lines (one statement), in the order given.
pub fn with_lines(
    conn: &mut DbConnection,
    rows: Vec<InvoiceRow>,
) -> StoreResult<Vec<InvoiceRecord>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut lines = lines_of(conn, &ids)?;
    let paid = paid_sums(conn, rows.first().map_or(0, |r| r.portal_id), &ids)?;
    Ok(rows
        .into_iter()
        .map(|invoice| {
            let (mine, rest): (Vec<LineRow>, Vec<LineRow>) =
                lines.drain(..).partition(|l| l.invoice_id == invoice.id);
            lines = rest;
            InvoiceRecord {
                paid: paid.get(&invoice.id).copied().unwrap_or(0),
                invoice,
                lines: mine,
            }
        })
        .collect())
}

/// An invoice of the portal with its lines, whoever may see it.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<InvoiceRecord> {
    let invoice = invoices::table
        .filter(invoices::portal_id.eq(portal_id))
        .filter(invoices::id.eq(id))
        .select(InvoiceRow::as_select())
        .first(conn)?;
    with_lines(conn, vec![invoice])?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// An invoice the viewer may see, with its lines (`NotFound` otherwise).
pub fn find_visible(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> StoreResult<InvoiceRecord> {
    let invoice = visible(portal_id, viewer)
        .filter(invoices::id.eq(id))
        .select(InvoiceRow::as_select())
        .first(conn)?;
    with_lines(conn, vec![invoice])?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// How an invoice list is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvoiceSort {
    Number,
    IssueDate,
    DueDate,
    Total,
    Created,
}

/// Which invoices a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceFilter {
    pub statuses: Vec<String>,
    pub client_id: Option<i64>,
    /// As client or consignee.
    pub contact_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub currency: Option<String>,
    pub issued_from: Option<NaiveDate>,
    pub issued_to: Option<NaiveDate>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Sent and due before this day.
    pub overdue_on: Option<NaiveDate>,
    /// Words of the number.
    pub q: Option<String>,
}

macro_rules! narrowed {
    ($q:expr, $f:expr) => {{
        let f: &InvoiceFilter = $f;
        let mut q = $q;
        if !f.statuses.is_empty() {
            q = q.filter(invoices::status.eq_any(f.statuses.clone()));
        }
        if let Some(c) = f.client_id {
            q = q.filter(invoices::client_id.eq(c));
        }
        if let Some(c) = f.contact_id {
            q = q.filter(invoices::client_id.eq(c).or(invoices::consignee_id.eq(c)));
        }
        if let Some(d) = f.deal_id {
            q = q.filter(invoices::deal_id.eq(d));
        }
        if let Some(c) = &f.currency {
            q = q.filter(invoices::currency.eq(c.clone()));
        }
        if let Some(d) = f.issued_from {
            q = q.filter(invoices::issue_date.ge(d));
        }
        if let Some(d) = f.issued_to {
            q = q.filter(invoices::issue_date.le(d));
        }
        if let Some(d) = f.due_from {
            q = q.filter(invoices::due_date.ge(d));
        }
        if let Some(d) = f.due_to {
            q = q.filter(invoices::due_date.le(d));
        }
        if let Some(d) = f.overdue_on {
            q = q
                .filter(invoices::status.eq(crm_domain::invoice::InvoiceStatus::Sent.as_str()))
                .filter(invoices::due_date.lt(d));
        }
        if let Some(text) = &f.q {
            for word in text.split_whitespace() {
                q = q.filter(
                    invoices::number_key
                        .like(contains_pattern(&word.to_lowercase()))
                        .escape('\\'),
                );
            }
        }
        q
    }};
}

fn filtered<'a>(
    portal_id: i64,
    viewer: Viewer,
    f: &InvoiceFilter,
) -> invoices::BoxedQuery<'a, MultiBackend> {
    narrowed!(visible(portal_id, viewer), f)
}

/// The count and sum of the matching invoices of one currency issued at one rate to one
/// default currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateGroup {
    pub currency: String,
    pub base_currency: String,
    pub exchange_rate: Option<String>,
    pub count: i64,
    /// Stored units.
    pub total: i64,
}

/// What all the invoices of a list come to: their count (capped as
/// [`crate::keyset::count_capped`] caps it) and their totals per currency and rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSummary {
    pub total: i64,
    pub total_capped: bool,
    pub groups: Vec<RateGroup>,
}

/// A page of the invoices the viewer may see that match `filter`, with the summary of all:
/// `known` when read already for the same viewer and filter, else read here.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &InvoiceFilter,
    page: &PageRequest<InvoiceSort>,
    known: Option<ListSummary>,
) -> StoreResult<(PageResult<InvoiceRow>, ListSummary)> {
    let summary = match known {
        Some(summary) => summary,
        None => {
            let (total, total_capped) = crate::keyset::count_capped(
                conn,
                filtered(portal_id, viewer, filter).select(invoices::id),
            )?;
            ListSummary {
                total,
                total_capped,
                groups: totals(conn, portal_id, viewer, filter)?,
            }
        }
    };
    let dir = page.sort.direction;
    let q = filtered(portal_id, viewer, filter).select(InvoiceRow::as_select());
    let rows: Vec<InvoiceRow> = match page.sort.field {
        InvoiceSort::Number => {
            let after = text_after(&page.after)?;
            crate::keyset!(q, invoices::number_key, invoices::id, dir, after)
        }
        InvoiceSort::IssueDate => {
            let after = day_after(&page.after)?;
            crate::keyset!(q, invoices::issue_date, invoices::id, dir, after)
        }
        InvoiceSort::DueDate => {
            let after = day_after(&page.after)?;
            crate::keyset!(q, invoices::due_date, invoices::id, dir, after)
        }
        InvoiceSort::Total => {
            let after = int_after(&page.after)?;
            crate::keyset!(q, invoices::total, invoices::id, dir, after)
        }
        InvoiceSort::Created => {
            let after = time_after(&page.after)?;
            crate::keyset!(q, invoices::created_at, invoices::id, dir, after)
        }
    }
    .limit(page.limit + 1)
    .load(conn)?;
    let sort = page.sort.field;
    let mut result = PageResult::from_probe(rows, page.limit, summary.total, |i| After {
        value: match sort {
            InvoiceSort::Number => KeyValue::Text(i.fields.number.to_lowercase()),
            InvoiceSort::IssueDate => {
                KeyValue::Text(i.fields.issue_date.format("%Y-%m-%d").to_string())
            }
            InvoiceSort::DueDate => {
                KeyValue::Text(i.fields.due_date.format("%Y-%m-%d").to_string())
            }
            InvoiceSort::Total => KeyValue::Int(i.fields.total),
            InvoiceSort::Created => KeyValue::Time(i.created_at),
        },
        id: i.id,
    });
    result.total_capped = summary.total_capped;
    Ok((result, summary))
}

/// A day sort value of a cursor.
fn day_after(after: &Option<After>) -> StoreResult<Option<(NaiveDate, i64)>> {
    match text_after(after)? {
        None => Ok(None),
        Some((day, id)) => NaiveDate::parse_from_str(&day, "%Y-%m-%d")
            .map(|d| Some((d, id)))
            .map_err(|_| StoreError::Invalid("cursor".into())),
    }
}

/// The count and sum of the matching invoices per currency and rate, in one grouped
/// statement.
pub fn totals(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &InvoiceFilter,
) -> StoreResult<Vec<RateGroup>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{BigInt, Nullable};
    let rule = RuleFilter::unless_sees_all(
        access::record_rule(RecordKind::Invoice, access::table_of(RecordKind::Invoice)),
        portal_id,
        viewer,
    );
    let mut q = invoices::table
        .filter(invoices::portal_id.eq(portal_id))
        .group_by((
            invoices::currency,
            invoices::base_currency,
            invoices::exchange_rate,
        ))
        .select((
            invoices::currency,
            invoices::base_currency,
            invoices::exchange_rate,
            sql::<BigInt>("COUNT(*)"),
            sql::<Nullable<BigInt>>("CAST(SUM(invoices.total) AS BIGINT)"),
        ))
        .order((invoices::currency, invoices::base_currency))
        .into_boxed::<MultiBackend>();
    if let Some(rule) = rule {
        q = q.filter(rule);
    }
    type Row = (String, String, Option<String>, i64, Option<i64>);
    let rows: Vec<Row> = narrowed!(q, filter).load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(currency, base_currency, exchange_rate, count, total)| RateGroup {
                currency,
                base_currency,
                exchange_rate,
                count,
                total: total.unwrap_or(0),
            },
        )
        .collect())
}

/// Whether an invoice of the portal names the contact as client or consignee.
pub fn refers_to_contacts(
    conn: &mut DbConnection,
    portal_id: i64,
    contact_ids: &[i64],
) -> StoreResult<Vec<i64>> {
    let rows: Vec<(i64, Option<i64>)> = invoices::table
        .filter(invoices::portal_id.eq(portal_id))
        .filter(
            invoices::client_id
                .eq_any(contact_ids)
                .or(invoices::consignee_id.eq_any(contact_ids)),
        )
        .select((invoices::client_id, invoices::consignee_id))
        .load(conn)?;
    let mut used: Vec<i64> = contact_ids
        .iter()
        .copied()
        .filter(|c| rows.iter().any(|(a, b)| a == c || *b == Some(*c)))
        .collect();
    used.dedup();
    Ok(used)
}

/// Those of the deals an invoice of the portal is for.
pub fn refers_to_deals(
    conn: &mut DbConnection,
    portal_id: i64,
    deal_ids: &[i64],
) -> StoreResult<Vec<i64>> {
    let mut used: Vec<i64> = invoices::table
        .filter(invoices::portal_id.eq(portal_id))
        .filter(invoices::deal_id.eq_any(deal_ids))
        .select(invoices::deal_id.assume_not_null())
        .distinct()
        .load(conn)?;
    used.sort_unstable();
    Ok(used)
}

/// Whether an invoice line of the portal is of the product.
pub fn uses_product(conn: &mut DbConnection, portal_id: i64, product_id: i64) -> StoreResult<bool> {
    let n: i64 = invoice_lines::table
        .filter(invoice_lines::portal_id.eq(portal_id))
        .filter(invoice_lines::product_id.eq(product_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether an invoice line of the portal carries the tax.
pub fn uses_tax(conn: &mut DbConnection, portal_id: i64, tax_id: i64) -> StoreResult<bool> {
    let n: i64 = invoice_lines::table
        .filter(invoice_lines::portal_id.eq(portal_id))
        .filter(
            invoice_lines::tax1_id
                .eq(tax_id)
                .or(invoice_lines::tax2_id.eq(tax_id)),
        )
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// A payment recorded against an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = invoice_payments)]
pub struct PaymentRow {
    pub id: i64,
    pub invoice_id: i64,
    pub paid_on: NaiveDate,
    /// Stored units of the invoice's currency.
    pub amount: i64,
    pub method: String,
    pub note: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

/// A payment to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPayment {
    pub paid_on: NaiveDate,
    pub amount: i64,
    pub method: String,
    pub note: String,
}

/// The payments of an invoice, oldest first.
pub fn payments(
    conn: &mut DbConnection,
    portal_id: i64,
    invoice_id: i64,
) -> StoreResult<Vec<PaymentRow>> {
    Ok(invoice_payments::table
        .filter(invoice_payments::portal_id.eq(portal_id))
        .filter(invoice_payments::invoice_id.eq(invoice_id))
        .order((invoice_payments::paid_on, invoice_payments::id))
        .select(PaymentRow::as_select())
        .load(conn)?)
}

/// What has been paid of each of the invoices `ids` (stored units; absent when nothing), in
/// one grouped statement.
pub fn paid_sums(
    conn: &mut DbConnection,
    portal_id: i64,
    ids: &[i64],
) -> StoreResult<std::collections::HashMap<i64, i64>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{BigInt, Nullable};
    let rows: Vec<(i64, Option<i64>)> = invoice_payments::table
        .filter(invoice_payments::portal_id.eq(portal_id))
        .filter(invoice_payments::invoice_id.eq_any(ids))
        .group_by(invoice_payments::invoice_id)
        .select((
            invoice_payments::invoice_id,
            sql::<Nullable<BigInt>>("CAST(SUM(invoice_payments.amount) AS BIGINT)"),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, sum)| (id, sum.unwrap_or(0)))
        .collect())
}

/// Moves the invoice from `expected_version` to the next one: `StaleVersion` when it changed
/// since. A payment's writer holds the invoice's row from here to the end of its transaction,
/// so that two payments checked against the same balance cannot both be stored.
fn claim_version(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let n = diesel::update(
        invoices::table
            .filter(invoices::portal_id.eq(portal_id))
            .filter(invoices::id.eq(id))
            .filter(invoices::version.eq(expected_version)),
    )
    .set((
        invoices::updated_at.eq(now),
        invoices::last_activity_at.eq(now),
        invoices::version.eq(invoices::version + 1),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::StaleVersion);
    }
    Ok(())
}

/// Records a payment against the invoice as read at `expected_version` (`StaleVersion` when
/// it changed since); the invoice gets a new version.
pub fn add_payment(
    conn: &mut DbConnection,
    portal_id: i64,
    invoice_id: i64,
    expected_version: i64,
    p: &NewPayment,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<PaymentRow> {
    claim_version(conn, portal_id, invoice_id, expected_version, now)?;
    let id: i64 = diesel::insert_into(invoice_payments::table)
        .values((
            invoice_payments::portal_id.eq(portal_id),
            invoice_payments::invoice_id.eq(invoice_id),
            invoice_payments::paid_on.eq(p.paid_on),
            invoice_payments::amount.eq(p.amount),
            invoice_payments::method.eq(&p.method),
            invoice_payments::note.eq(&p.note),
            invoice_payments::created_by.eq(by),
            invoice_payments::created_at.eq(now),
        ))
        .returning(invoice_payments::id)
        .get_result(conn)?;
    Ok(invoice_payments::table
        .find(id)
        .select(PaymentRow::as_select())
        .first(conn)?)
}

/// Deletes a payment of the invoice as read at `expected_version` (`StaleVersion` when it
/// changed since); the invoice gets a new version.
pub fn delete_payment(
    conn: &mut DbConnection,
    portal_id: i64,
    invoice_id: i64,
    expected_version: i64,
    id: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    claim_version(conn, portal_id, invoice_id, expected_version, now)?;
    let n = diesel::delete(
        invoice_payments::table
            .filter(invoice_payments::portal_id.eq(portal_id))
            .filter(invoice_payments::invoice_id.eq(invoice_id))
            .filter(invoice_payments::id.eq(id)),
    )
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// Gives the invoice a new client link (the digest of its secret), or takes it away (`None`).
/// The invoice's version stays: the link is not part of what an edit changes.
pub fn set_public_link(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    hash: Option<&str>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let n = diesel::update(
        invoices::table
            .filter(invoices::portal_id.eq(portal_id))
            .filter(invoices::id.eq(id)),
    )
    .set((
        invoices::public_token_hash.eq(hash),
        invoices::public_since.eq(hash.map(|_| now)),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The invoice whose client link has this digest, with its lines.
pub fn find_by_public_hash(
    conn: &mut DbConnection,
    hash: &str,
) -> StoreResult<Option<InvoiceRecord>> {
    let row = invoices::table
        .filter(invoices::public_token_hash.eq(hash))
        .select(InvoiceRow::as_select())
        .first(conn)
        .optional()?;
    match row {
        Some(r) => Ok(with_lines(conn, vec![r])?.pop()),
        None => Ok(None),
    }
}
