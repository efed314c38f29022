//! History entries of records and stored files.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A stored file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileResponse {
    /// File id.
    pub id: i64,
    /// Name as uploaded.
    pub name: String,
    /// Media type, detected from the content where possible.
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
    /// Who uploaded it.
    pub created_by: i64,
    /// Upload time.
    pub created_at: DateTime<Utc>,
    /// Where to download it (with the same Bearer token).
    pub url: String,
}

/// A history entry of a record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HistoryEntryResponse {
    /// Entry id.
    pub id: i64,
    /// Kind of record.
    pub record_kind: crate::RecordKind,
    /// The record.
    pub record_id: i64,
    /// The record's name, in a list of several records' entries (`include_people`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_name: Option<String>,
    /// Category (list `history_categories`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    /// Text (for `task_closed`: the task's title).
    pub content: String,
    /// Set on entries the system writes: `task_closed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::HistoryEvent>))]
    pub event: Option<String>,
    /// The task an event is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<i64>,
    /// Who wrote it.
    pub author_id: i64,
    /// When it happened (default: when it was written).
    pub happened_at: DateTime<Utc>,
    /// Attached files.
    pub files: Vec<FileResponse>,
    /// Whether the caller may change or delete it (the author and CRM admins).
    pub can_edit: bool,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Version for optimistic concurrency; also the `ETag`.
    pub version: i64,
}

/// A new history entry (`POST /api/v1/contacts/{id}/history`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateHistoryEntryRequest {
    /// Category id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    /// Text, up to 65 000 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 65000))]
    pub content: String,
    /// When it happened; default now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub happened_at: Option<DateTime<Utc>>,
    /// Files uploaded with `POST /api/v1/files` to attach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_ids: Option<Vec<i64>>,
}

/// Changes to a history entry (`PATCH /api/v1/history/{id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateHistoryEntryRequest {
    /// Category id; `0` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    /// Text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// When it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub happened_at: Option<DateTime<Utc>>,
    /// Attached files, replacing the current ones (files taken off are deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_ids: Option<Vec<i64>>,
    /// Version the change was made from (or send `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// Filters and paging of a record's history (newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct HistoryQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Only this category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category_id: Option<i64>,
    /// Only by this author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_id: Option<i64>,
    /// Only entries with files: the record's files, each with who added it and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_files: Option<bool>,
    /// With the entries of the company's people that the caller may see (companies; a
    /// person has none). Each entry names its record (`record_id`, `record_name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_people: Option<bool>,
}
