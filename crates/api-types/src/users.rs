//! Portals and users.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A portal: an organisation's space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalResponse {
    /// Portal id.
    pub id: i64,
    /// Organisation name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// Whether the CRM module is switched on.
    pub crm_enabled: bool,
    /// Default language of the portal (`ru` or `en`).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::LocaleName))]
    pub locale: String,
}

/// A user of the portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserResponse {
    /// User id.
    pub id: i64,
    /// E-mail address, also the login.
    pub email: String,
    /// Display name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// `ru` or `en`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::LocaleName))]
    pub locale: String,
    /// IANA time zone.
    pub time_zone: String,
    /// `owner`, `portal_admin`, `crm_admin` or `crm_user`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::RoleName))]
    pub role: String,
    /// Inactive users cannot sign in and their tokens stop working.
    pub active: bool,
    /// Groups the user belongs to.
    pub group_ids: Vec<i64>,
    /// Last successful login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login_at: Option<DateTime<Utc>>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Version for optimistic concurrency; also the `ETag`.
    pub version: i64,
}

/// A new user (`POST /api/v1/users`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    /// E-mail address, unique in the portal.
    pub email: String,
    /// Display name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// Initial password (10–128 characters).
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 128))]
    pub password: String,
    /// `ru` or `en`; default the portal's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::LocaleName>))]
    pub locale: Option<String>,
    /// IANA time zone; default `UTC`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Role; default `crm_user`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::RoleName>))]
    pub role: Option<String>,
    /// Groups to put the user in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<i64>>,
}

/// Changes to a user (`PATCH /api/v1/users/{id}`). Absent fields stay unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: Option<String>,
    /// `ru` or `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::LocaleName>))]
    pub locale: Option<String>,
    /// IANA time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::RoleName>))]
    pub role: Option<String>,
    /// Deactivating ends the user's sessions and API tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// New password set by an administrator; ends the user's sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 128))]
    pub password: Option<String>,
    /// With a new `password`, revoke the user's personal API tokens too (their sessions end
    /// with any new password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoke_api_tokens: Option<bool>,
    /// Groups the user belongs to, replacing the current ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<i64>>,
    /// Version the change was made from (or send `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// Filters, sorting and paging of `GET /api/v1/users`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UserQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// `name`, `email` or `created_at`; prefix `-` for descending. Default `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Text that the name or e-mail contains (case-insensitive, any script).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only users with this role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<crate::RoleName>))]
    pub role: Option<String>,
    /// Only active (`true`) or inactive (`false`) users.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// Only members of this group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<i64>,
}
