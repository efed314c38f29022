//! The catalog of products and services invoice lines are picked from.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A product or service (`/api/v1/products`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductResponse {
    /// Product id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Stock keeping unit, unique in the portal when given (empty when not).
    pub sku: String,
    /// Unit price, an exact decimal written with a dot.
    #[cfg_attr(feature = "openapi", schema(example = "1250.5"))]
    pub price: String,
    /// ISO 4217 code of the price's currency.
    #[cfg_attr(feature = "openapi", schema(example = "RUB"))]
    pub currency: String,
    /// Taxes a new invoice line of this product gets (at most 2).
    pub tax_ids: Vec<i64>,
    /// Whether the stock is counted: sending an invoice takes it, rejecting one gives it back.
    pub track_stock: bool,
    /// Units in stock, an exact decimal (may fall below 0 when more was invoiced than
    /// counted); absent when the stock is not counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stock: Option<String>,
    /// Who added it.
    pub created_by: i64,
    /// When it was added.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// Version for `If-Match`.
    pub version: i64,
}

/// A new product, or a change of one (CRM administrators); a change needs `version` or
/// `If-Match`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProductRequest {
    /// Title, 1–255 characters (required to create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub title: Option<String>,
    /// Description, up to 10000 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub description: Option<String>,
    /// Stock keeping unit, up to 100 characters; empty for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub sku: Option<String>,
    /// Unit price, 0 to 1,000,000,000,000 with at most 4 decimal places, written with a dot
    /// (required to create).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "1250.50"))]
    pub price: Option<String>,
    /// ISO 4217 code (default: the portal's default currency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "RUB"))]
    pub currency: Option<String>,
    /// Default taxes, at most 2 different ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 2))]
    pub tax_ids: Option<Vec<i64>>,
    /// Whether the stock is counted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_stock: Option<bool>,
    /// Units in stock, 0 or more with at most 3 decimal places.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "12.5"))]
    pub stock: Option<String>,
    /// Version the change was made from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// Query of `GET /api/v1/products`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ProductQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// `title`, `created_at` or `price`; prefix `-` for descending. Default `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Words of the title or SKU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// Priced in this currency (ISO 4217).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Whose stock is counted (`true`) or not (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub track_stock: Option<bool>,
    /// Counted products with stock above 0 (`true`), or at 0 or below (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_stock: Option<bool>,
}
