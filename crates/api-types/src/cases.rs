//! Cases: events with a group of clients (participants), open or closed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseResponse {
    /// Case id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Closed (done with), else open.
    pub closed: bool,
    /// When it was closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    /// Participants (those the caller may see).
    pub contact_ids: Vec<i64>,
    /// Restricted to its members (`member_ids`) and CRM admins; else open to every CRM user.
    pub restricted: bool,
    /// Users a restricted case is open to.
    pub member_ids: Vec<i64>,
    /// Tags.
    pub tag_ids: Vec<i64>,
    /// Values of the case custom fields that have one.
    pub custom_fields: Vec<crate::CustomValue>,
    /// Who created it.
    pub created_by: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Version for `If-Match`.
    pub version: i64,
}

/// A new case, or changes to one (absent fields stay).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CaseRequest {
    /// Title (required to create).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: Option<String>,
    /// Participants (replaces them).
    #[serde(default)]
    pub contact_ids: Option<Vec<i64>>,
    /// Closed (default open); closing records when, reopening clears it.
    #[serde(default)]
    pub closed: Option<bool>,
    /// Restricted to `member_ids` (the caller is always included) and CRM admins.
    #[serde(default)]
    pub restricted: Option<bool>,
    /// Users a restricted case is open to.
    #[serde(default)]
    pub member_ids: Option<Vec<i64>>,
    /// Tags by name (created when new; replaces them).
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Values of case custom fields (`null` clears one); others stay.
    #[serde(default)]
    pub custom_fields: Option<Vec<crate::CustomValue>>,
    /// Version the change was made from (or `If-Match`), for a change.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Filters, sort and paging of `GET /api/v1/cases`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CaseQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// `title` or `created_at`; prefix `-` for descending. Default `-created_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Words of the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// Only closed (`true`) or open (`false`) cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed: Option<bool>,
    /// A participant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    /// Tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_id: Option<i64>,
    /// A case custom field to filter by, with `custom_value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_field: Option<i64>,
    /// The value of `custom_field`: text contained (text, textarea), option id (select),
    /// `true`/`false` (checkbox), `YYYY-MM-DD` (date) or a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub custom_value: Option<String>,
}
