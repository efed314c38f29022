//! In-app notifications.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A notification. Clients render `kind` with `params` in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationResponse {
    /// Notification id (increasing).
    pub id: i64,
    /// What happened: `contact_manager_assigned` (params `contact_id`, `contact_name`,
    /// `by_user_id`, `by_name`).
    pub kind: String,
    /// Details of the event.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub params: serde_json::Value,
    /// Whether it was read.
    pub read: bool,
    /// When it happened.
    pub created_at: DateTime<Utc>,
}

/// Filters and paging of `GET /api/v1/notifications` (newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NotificationQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Only unread ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<bool>,
}

/// Which notifications to mark read (`POST /api/v1/notifications/read`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkNotificationsReadRequest {
    /// These notifications; absent means all of the caller's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<i64>>,
}

/// How many notifications are unread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCountResponse {
    /// Unread notifications of the caller.
    pub unread: i64,
}

/// A short-lived ticket for the event stream, because browsers' `EventSource` cannot send
/// an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamTicketResponse {
    /// Pass as `ticket` to `GET /api/v1/notifications/stream`.
    pub ticket: String,
    /// Seconds the ticket may be used to open a stream.
    pub expires_in: i64,
}

/// Query of `GET /api/v1/notifications/stream`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct StreamQueryParams {
    /// A ticket from `POST /api/v1/notifications/stream-ticket` (or send a Bearer token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}
