//! Currencies, the portal's default currency and dated exchange rates.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// An ISO 4217 currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrencyResponse {
    /// The code (`RUB`).
    pub code: String,
    /// The English name (`Russian ruble`); clients show their own language's.
    pub name: String,
    /// Decimal places of the minor unit (2 for RUB, 0 for JPY).
    pub minor_units: u32,
}

/// Every active ISO 4217 currency and the portal's default one
/// (`GET /api/v1/currencies`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrenciesResponse {
    /// The portal's default currency: totals and reports are converted to it.
    pub default_currency: String,
    /// The currencies, by code.
    pub items: Vec<CurrencyResponse>,
}

/// The money settings of the portal (`/api/v1/settings/billing`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingSettingsResponse {
    /// The default currency (the rouble for a Russian portal, else the US dollar, until set).
    pub default_currency: String,
    /// Version for optimistic concurrency (0 until first changed); also the `ETag`.
    pub version: i64,
}

/// A change of the money settings (CRM administrators).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateBillingSettingsRequest {
    /// A new default currency (ISO 4217 code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z]{3}$"))]
    pub default_currency: Option<String>,
    /// Version the change was made from (or `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// An exchange rate: one unit of `from` buys `rate` units of `to`, from `valid_from` until
/// the next rate of the pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeRateResponse {
    pub id: i64,
    /// Source currency.
    pub from: String,
    /// Target currency.
    pub to: String,
    /// The rate, an exact decimal (up to 10 places).
    #[cfg_attr(feature = "openapi", schema(example = "92.4513"))]
    pub rate: String,
    /// First day it is valid.
    pub valid_from: NaiveDate,
    /// `manual` (entered by hand) or `fetched` (from the rates source).
    #[cfg_attr(feature = "openapi", schema(example = "manual"))]
    pub source: String,
    /// Who entered it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<i64>,
    pub created_at: DateTime<Utc>,
}

/// A new exchange rate (CRM administrators).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExchangeRateRequest {
    /// Source currency (ISO 4217).
    pub from: String,
    /// Target currency (ISO 4217), not `from`.
    pub to: String,
    /// Units of `to` one unit of `from` buys: above 0, at most 10 decimal places, written with
    /// a dot.
    #[cfg_attr(feature = "openapi", schema(example = "92.4513"))]
    pub rate: String,
    /// First day it is valid (default today, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
}

/// A page of exchange rates, newest `valid_from` first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExchangeRatePage {
    pub items: Vec<ExchangeRateResponse>,
    /// Opaque cursor for the next page, absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Filters and paging of `GET /api/v1/exchange-rates`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ExchangeRateQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Source currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Target currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Only rates valid from this day or earlier (with `from` and `to` and `limit=1`: the rate
    /// valid on that day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on: Option<NaiveDate>,
}

/// Totals converted to the portal's default currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConvertedTotalResponse {
    /// The default currency.
    pub currency: String,
    /// The day whose rates were used.
    pub on: NaiveDate,
    /// Records counted (those in a currency without a rate are left out).
    pub count: i64,
    /// Sum of the values that could be converted, rounded to the currency's minor unit.
    pub value: String,
    /// Sum of the weighted values that could be converted.
    pub weighted_value: String,
    /// Currencies with no rate to the default one valid that day: their totals are not in
    /// `value` (enter a rate to include them).
    pub missing_rates: Vec<String>,
}

/// A tax (`/api/v1/settings/taxes`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxResponse {
    pub id: i64,
    /// Name, unique in the portal (case-insensitively).
    pub name: String,
    /// Rate in percent, an exact decimal (up to 4 places).
    #[cfg_attr(feature = "openapi", schema(example = "20"))]
    pub rate: String,
    /// Description (may be empty).
    pub description: String,
    /// Version for optimistic concurrency; also the `ETag`.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The portal's taxes, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaxesResponse {
    pub items: Vec<TaxResponse>,
}

/// A new tax, or a change of one (CRM administrators); a change needs `version` or
/// `If-Match`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TaxRequest {
    /// Name, 1–100 characters (required to create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: Option<String>,
    /// Rate in percent, 0–100, at most 4 decimal places, written with a dot (required to
    /// create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "20"))]
    pub rate: Option<String>,
    /// Description, up to 1000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub description: Option<String>,
    /// Version the change was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// The organisation the portal invoices as, printed on every invoice
/// (`/api/v1/settings/organisation`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationResponse {
    /// Name (empty until set).
    pub name: String,
    /// Postal address, several lines.
    pub address: String,
    /// Tax id (INN, VAT number, …).
    pub tax_id: String,
    /// Bank details, several lines.
    pub bank_details: String,
    /// The logo's URL, when there is one (changes with the logo, so it may be cached).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo_url: Option<String>,
    /// Version for optimistic concurrency (0 until first changed); also the `ETag`.
    pub version: i64,
}

/// A change of the organisation profile (CRM administrators); fields left out stay.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganisationRequest {
    /// Name, up to 200 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub name: Option<String>,
    /// Postal address, up to 1000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub address: Option<String>,
    /// Tax id, up to 50 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 50))]
    pub tax_id: Option<String>,
    /// Bank details, up to 1000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 1000))]
    pub bank_details: Option<String>,
    /// Version the change was made from (or `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}
