//! Keyset pagination shared by every list.

use serde::{Deserialize, Serialize};

/// Default page size when `limit` is absent.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page size accepted.
pub const MAX_LIMIT: u32 = 200;

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The records of this page.
    pub items: Vec<T>,
    /// Opaque cursor for the next page (`cursor=`), absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Number of records matching the filters, over all pages. Lists that count only up to a
    /// limit (contacts: 10,000) give the limit and set `total_capped`. The contacts list
    /// counts again after any write of the server, and at least every 5 seconds.
    pub total: i64,
    /// More records match than `total` says ("more than 10,000").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total_capped: bool,
}
