//! Login, token refresh, logout and the current user.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::users::{PortalResponse, UserResponse};

/// Credentials for `POST /api/v1/auth/login`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// E-mail address of the user.
    pub email: String,
    /// Password.
    pub password: String,
    /// Portal to sign in to; needed only when the same e-mail and password open several portals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_id: Option<i64>,
    /// The IANA time zone of the signing-in device (`Europe/Moscow`). It becomes the user's
    /// zone when none was chosen for them yet; a chosen zone stays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Europe/Moscow", max_length = 64)
    )]
    pub time_zone: Option<String>,
}

/// A refresh token to exchange (`POST /api/v1/auth/refresh`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh. It can be used once.
    pub refresh_token: String,
}

/// What to end at `POST /api/v1/auth/logout`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LogoutRequest {
    /// Refresh token of the session to end; its whole rotation family is revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// End every session of the caller, on every device (a session or a token with the
    /// `write` scope).
    #[serde(default)]
    pub all_sessions: bool,
    /// With `all_sessions`, revoke the caller's personal API tokens too (signed-in sessions only).
    #[serde(default)]
    pub api_tokens: bool,
}

/// Tokens issued by login and refresh.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// Short-lived JWT for `Authorization: Bearer`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    /// Single-use token for `POST /api/v1/auth/refresh`.
    pub refresh_token: String,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: i64,
}

/// The caller, their portal and what they may do (`GET /api/v1/me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeResponse {
    /// The user.
    pub user: UserResponse,
    /// Their portal.
    pub portal: PortalResponse,
    /// Roles in effect: the user's role plus those it implies (`portal_admin` implies `crm_admin`).
    pub roles: Vec<String>,
    /// Whether the user may work in the CRM now (module on and access granted).
    pub crm_access: bool,
    /// Scopes of the credential used: all for a login session, the token's for an API token.
    pub scopes: Vec<String>,
    /// `session` for a login JWT, `api_token` for a personal API token.
    pub auth_method: String,
}

/// Changes to one's own profile (`PATCH /api/v1/me`). Absent fields stay unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
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
    /// New password; requires `current_password`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 128))]
    pub new_password: Option<String>,
    /// Current password, to change the password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_password: Option<String>,
    /// Version the change was made from (or send `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// The CRM module as the caller sees it (`GET /api/v1/crm`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrmModuleResponse {
    /// Sections of the CRM available on this server, in menu order (`contacts`, `tasks` …).
    pub sections: Vec<String>,
    /// Whether the caller administers the CRM module.
    pub is_crm_admin: bool,
    /// Server time, for clients that show relative dates.
    pub server_time: DateTime<Utc>,
}
