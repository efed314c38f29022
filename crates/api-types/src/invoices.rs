//! Invoices, their lines and totals, and how a portal numbers them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{InvoiceLanguage, InvoiceStatus, PaymentMethod};

/// One line of an invoice, with the amounts the totals function gave it (each rounded to the
/// currency's minor unit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceLineResponse {
    /// Line id.
    pub id: i64,
    /// The catalog product it is of, if any (absent when since deleted or never named).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<i64>,
    /// What is sold.
    pub description: String,
    /// How many, an exact decimal.
    #[cfg_attr(feature = "openapi", schema(example = "2.5"))]
    pub quantity: String,
    /// Unit price, an exact decimal.
    pub price: String,
    /// Discount in percent.
    pub discount: String,
    /// Its taxes (at most 2), with the rates used.
    pub taxes: Vec<LineTaxResponse>,
    /// Price × quantity.
    pub amount: String,
    /// The discount taken off the amount.
    pub discount_amount: String,
    /// Amount − discount.
    pub net: String,
    /// Net + taxes.
    pub total: String,
}

/// A tax of a line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LineTaxResponse {
    /// The tax.
    pub tax_id: i64,
    /// Its rate in percent when the line was last saved.
    pub rate: String,
    /// The tax on the line's net.
    pub amount: String,
}

/// One tax over a whole invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceTaxResponse {
    /// The tax.
    pub tax_id: i64,
    /// Its name (absent when since deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its rate in percent.
    pub rate: String,
    /// The nets it applies to.
    pub base: String,
    /// The sum of its line amounts.
    pub amount: String,
}

/// An invoice (`/api/v1/invoices/{id}`). Amounts are exact decimals in `currency`, with its
/// minor unit's places.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceResponse {
    /// Invoice id.
    pub id: i64,
    /// Number, unique in the portal.
    #[cfg_attr(feature = "openapi", schema(example = "INV-0000001"))]
    pub number: String,
    /// Where it stands.
    pub status: InvoiceStatus,
    /// The statuses it may move to.
    pub next_statuses: Vec<InvoiceStatus>,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Sent and not paid by its due date (in the portal's calendar).
    pub overdue: bool,
    /// The client (a contact).
    pub client_id: i64,
    /// The client's name, when the caller may see the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// Billing address printed on the invoice.
    pub billing_address: String,
    /// Who receives the goods, when not the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consignee_id: Option<i64>,
    /// The consignee's name, when the caller may see the contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consignee_name: Option<String>,
    /// Delivery address.
    pub delivery_address: String,
    /// The deal it is for, when the caller may see it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<i64>,
    /// The deal's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_title: Option<String>,
    /// The language it is printed in.
    pub language: InvoiceLanguage,
    /// ISO 4217 code.
    pub currency: String,
    /// Units of `base_currency` one unit of `currency` was worth on the issue date (absent
    /// when the two are the same).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<String>,
    /// The portal's default currency when the invoice was last saved.
    pub base_currency: String,
    /// The client's purchase order number.
    pub purchase_order: String,
    /// Payment terms.
    pub terms: String,
    /// Notes for the client.
    pub notes: String,
    /// The lines, in order.
    pub lines: Vec<InvoiceLineResponse>,
    /// Σ line amounts, before discounts.
    pub subtotal: String,
    /// Σ discounts.
    pub discount: String,
    /// Each tax over the invoice.
    pub taxes: Vec<InvoiceTaxResponse>,
    /// Σ taxes.
    pub tax: String,
    /// What the client pays.
    pub total: String,
    /// What has been paid of it.
    pub paid: String,
    /// What is still to pay (total − paid).
    pub balance: String,
    /// Some of it is paid, not all.
    pub partly_paid: bool,
    /// The total in `base_currency` at `exchange_rate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_total: Option<String>,
    /// Whether the caller may change its fields and lines (its creator or a CRM admin, while
    /// a draft).
    pub can_edit: bool,
    /// Whether the caller may move it to another status and record payments (its creator or
    /// a CRM admin).
    pub can_manage: bool,
    /// When it was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
    /// Since when the client's link works (absent: no link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_link_since: Option<DateTime<Utc>>,
    /// Who created it.
    pub created_by: i64,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version for `If-Match`.
    pub version: i64,
}

/// A line as entered. From a product, what is not given comes from the product (its title,
/// price and default taxes).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvoiceLineRequest {
    /// A product of the catalog.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<i64>,
    /// What is sold, 1–1000 characters (required without a product).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub description: Option<String>,
    /// How many: 0 to 1,000,000,000 with at most 3 decimal places (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "2.5"))]
    pub quantity: Option<String>,
    /// Unit price, at most 4 decimal places (required without a product, or when the product
    /// is priced in another currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "1250.50"))]
    pub price: Option<String>,
    /// Discount in percent, 0–100 (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount: Option<String>,
    /// Taxes, at most 2 different ones (default: the product's; none without a product).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 2))]
    pub tax_ids: Option<Vec<i64>>,
}

/// A new invoice, or a change of a draft; a change needs `version` or `If-Match`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvoiceRequest {
    /// Number, 1–50 characters: required when automatic numbering is off, else taken from
    /// the numbering settings when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub number: Option<String>,
    /// Issue date (default today, in the caller's time zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<NaiveDate>,
    /// Due date, on or after the issue date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
    /// Days from the issue date to the due date (0: on receipt), instead of `due_date`
    /// (default: the portal's payment terms).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 3650))]
    pub due_days: Option<i32>,
    /// The client, a contact the caller may see (required to create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<i64>,
    /// Billing address (default: the client's billing address, else its first address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub billing_address: Option<String>,
    /// Who receives the goods, when not the client (0 for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consignee_id: Option<i64>,
    /// Delivery address (default: the consignee's postal address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub delivery_address: Option<String>,
    /// A deal the caller may see whose client or members include the client (0 for none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<i64>,
    /// The language it is printed in (default the caller's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<InvoiceLanguage>,
    /// ISO 4217 code (default: the client's currency, else the portal's default one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Units of the default currency one unit of `currency` is worth (default: the rate
    /// valid on the issue date; required when there is none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_rate: Option<String>,
    /// The client's purchase order number, up to 100 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub purchase_order: Option<String>,
    /// Payment terms, up to 5000 characters (default: the portal's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub terms: Option<String>,
    /// Notes for the client, up to 5000 characters (default: the portal's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub notes: Option<String>,
    /// The lines, 1 to 500, in order (required to create; a change replaces them all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub lines: Option<Vec<InvoiceLineRequest>>,
    /// Version the change was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// A status change (`POST /api/v1/invoices/{id}/status`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvoiceStatusRequest {
    /// The new status: one of the invoice's `next_statuses`.
    pub status: InvoiceStatus,
    /// Version the change was made from (or `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// Query of `GET /api/v1/invoices`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct InvoiceQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// `number`, `issue_date`, `due_date`, `total` or `created_at`; prefix `-` for
    /// descending. Default `-issue_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Words of the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// Statuses, comma-separated (`sent,paid`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Sent and past their due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overdue: Option<bool>,
    /// Of this client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<i64>,
    /// With this contact as client or consignee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    /// For this deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<i64>,
    /// In this currency (ISO 4217).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Issued on or after this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued_to: Option<NaiveDate>,
    /// Due on or after this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_from: Option<NaiveDate>,
    /// Due on or before this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_to: Option<NaiveDate>,
}

/// The count and sum of matching invoices in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceCurrencyTotal {
    /// ISO 4217 code.
    pub currency: String,
    /// Invoices.
    pub count: i64,
    /// Sum of their totals.
    pub total: String,
}

/// The matching invoices' totals in the portal's default currency, each at the rate it was
/// issued with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceConvertedTotal {
    /// The default currency.
    pub currency: String,
    /// Invoices counted.
    pub count: i64,
    /// Sum of their totals in the default currency.
    pub total: String,
    /// Currencies of invoices left out: issued with a rate to another default currency
    /// than today's.
    pub missing_rates: Vec<String>,
}

/// A page of invoices with the totals of all that match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoicePage {
    /// Invoices of this page.
    pub items: Vec<InvoiceResponse>,
    /// Opaque cursor for the next page, absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Matching invoices over all pages (up to 10,000, then `total_capped`).
    pub total: i64,
    /// More match than `total` says.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total_capped: bool,
    /// Count and sum per currency of every matching invoice.
    pub totals: Vec<InvoiceCurrencyTotal>,
    /// The same in the default currency.
    pub converted: InvoiceConvertedTotal,
}

/// How the portal numbers its invoices and what a new one says by default
/// (`/api/v1/settings/invoices`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceSettingsResponse {
    /// Whether new invoices are numbered automatically.
    pub auto_numbering: bool,
    /// What automatic numbers start with.
    #[cfg_attr(feature = "openapi", schema(example = "INV-"))]
    pub prefix: String,
    /// The next automatic number, zero-padded to its width.
    #[cfg_attr(feature = "openapi", schema(example = "0000001"))]
    pub next_number: String,
    /// The number the next invoice gets when numbered automatically.
    #[cfg_attr(feature = "openapi", schema(example = "INV-0000001"))]
    pub next_invoice_number: String,
    /// Days from issue to due date of a new invoice (0: on receipt).
    pub due_days: i32,
    /// Payment terms of a new invoice.
    pub terms: String,
    /// Notes for the client of a new invoice.
    pub notes: String,
    /// Version for `If-Match` (0 until first changed).
    pub version: i64,
}

/// A change of the invoice settings (CRM administrators).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateInvoiceSettingsRequest {
    /// Whether new invoices are numbered automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_numbering: Option<bool>,
    /// Up to 20 characters (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub prefix: Option<String>,
    /// 1 to 15 digits; its length is the width numbers are padded to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "0000001", pattern = "^[0-9]{1,15}$")
    )]
    pub next_number: Option<String>,
    /// 0 to 3650.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 3650))]
    pub due_days: Option<i32>,
    /// Up to 5000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub terms: Option<String>,
    /// Up to 5000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub notes: Option<String>,
    /// Version the change was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// A payment recorded against an invoice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoicePaymentResponse {
    /// Payment id.
    pub id: i64,
    /// The day it was paid.
    pub paid_on: NaiveDate,
    /// The amount, in the invoice's currency.
    pub amount: String,
    /// How it was paid.
    pub method: PaymentMethod,
    /// A note (a reference of the transfer …).
    pub note: String,
    /// Who recorded it.
    pub created_by: i64,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
}

/// The payments of an invoice, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoicePaymentsResponse {
    /// The payments.
    pub items: Vec<InvoicePaymentResponse>,
}

/// A payment to record against a sent invoice (its creator or a CRM admin). The payment
/// that settles the balance marks the invoice paid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvoicePaymentRequest {
    /// The day it was paid (default today).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_on: Option<NaiveDate>,
    /// The amount: above 0, at most the balance, with at most the currency's decimal places.
    #[cfg_attr(feature = "openapi", schema(example = "1500.50"))]
    pub amount: String,
    /// How it was paid (default `bank_transfer`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<PaymentMethod>,
    /// Up to 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub note: Option<String>,
}

/// A new client link (`POST /api/v1/invoices/{id}/public-link`): shown this once; a new one
/// replaces it, and deleting it revokes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicLinkResponse {
    /// The address the client opens, without an account (the invoice as JSON).
    pub url: String,
    /// The invoice's PDF at the same link.
    pub pdf_url: String,
    /// Since when it works.
    pub since: DateTime<Utc>,
}

/// Who issues an invoice, as printed on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceSeller {
    /// The organisation's name.
    pub name: String,
    /// Its address.
    pub address: String,
    /// Its tax id.
    pub tax_id: String,
    /// Its bank details.
    pub bank_details: String,
}

/// An invoice as its client sees it at the public link
/// (`GET /api/v1/public/invoices/{token}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicInvoiceResponse {
    /// Number.
    pub number: String,
    /// Where it stands.
    pub status: InvoiceStatus,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// The language it is printed in.
    pub language: InvoiceLanguage,
    /// Who issues it.
    pub seller: InvoiceSeller,
    /// The client's name.
    pub client_name: String,
    /// Billing address.
    pub billing_address: String,
    /// Delivery address.
    pub delivery_address: String,
    /// The client's purchase order number.
    pub purchase_order: String,
    /// ISO 4217 code.
    pub currency: String,
    /// The lines, in order.
    pub lines: Vec<InvoiceLineResponse>,
    /// Σ line amounts, before discounts.
    pub subtotal: String,
    /// Σ discounts.
    pub discount: String,
    /// Each tax over the invoice.
    pub taxes: Vec<InvoiceTaxResponse>,
    /// Σ taxes.
    pub tax: String,
    /// What the client pays.
    pub total: String,
    /// What has been paid.
    pub paid: String,
    /// What is still to pay.
    pub balance: String,
    /// Payment terms.
    pub terms: String,
    /// Notes for the client.
    pub notes: String,
}

/// What a copy of an invoice gets other than the original's
/// (`POST /api/v1/invoices/{id}/duplicate`); the body may be left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DuplicateInvoiceRequest {
    /// The copy's number, 1–50 characters: required when automatic numbering is off, else
    /// taken from the numbering settings when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub number: Option<String>,
}

/// An invoice e-mailed to its client with its PDF attached (`POST /api/v1/invoices/{id}/send`).
/// A draft is marked sent.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SendInvoiceRequest {
    /// The recipient; the client's primary e-mail when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub to: Option<String>,
    /// The subject; "Invoice <number>" in the invoice's language when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub subject: Option<String>,
    /// The text; a line naming the invoice, its total and due date, then its notes, when
    /// left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub message: Option<String>,
    /// The version the caller saw (or `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// An invoice e-mail queued.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendInvoiceResponse {
    /// The job that hands the message to the mail server (`GET /api/v1/jobs/{id}`).
    pub job_id: i64,
    /// Whom it goes to.
    pub to: String,
    /// The invoice after sending (a draft is now sent).
    pub invoice: InvoiceResponse,
}
