//! Personal API tokens for integrators.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A personal API token, without its secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiTokenResponse {
    /// Token id.
    pub id: i64,
    /// Name given at creation.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// Allowed scopes: `read`, `write`, `admin` (a stronger scope implies the weaker).
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<crate::ScopeName>, min_items = 1))]
    pub scopes: Vec<String>,
    /// First characters of the secret, to recognise it.
    pub prefix: String,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last time the token was used (updated at most once a minute).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<DateTime<Utc>>,
    /// When the token stops working, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// A new token (`POST /api/v1/api-tokens`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateApiTokenRequest {
    /// A name to recognise the token by.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub name: String,
    /// `read`, `write` and/or `admin`.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<crate::ScopeName>, min_items = 1))]
    pub scopes: Vec<String>,
    /// Expiry time; none for a token that works until revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
}

/// A token just created, with its secret. The secret is shown only this once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiTokenResponse {
    /// The token.
    pub token: ApiTokenResponse,
    /// The secret for `Authorization: Bearer`; it cannot be shown again.
    pub secret: String,
}

/// Paging of `GET /api/v1/api-tokens`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ApiTokenQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}
