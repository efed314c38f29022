//! Portal-wide settings of the CRM module.

use serde::{Deserialize, Serialize};

/// Who may use the CRM module, and whether it is on (`GET /api/v1/settings/crm`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CrmSettingsResponse {
    /// When off, every CRM endpoint answers 403 `crm_disabled`.
    pub enabled: bool,
    /// Every user of the portal may use the CRM; otherwise only admins and those granted.
    pub open_to_all: bool,
    /// Users granted access.
    pub user_ids: Vec<i64>,
    /// Groups whose members are granted access.
    pub group_ids: Vec<i64>,
    /// Version for optimistic concurrency; also the `ETag`.
    pub version: i64,
}

/// Changes to the CRM module settings (`PATCH /api/v1/settings/crm`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCrmSettingsRequest {
    /// Switch the module on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// Open the module to every user of the portal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_to_all: Option<bool>,
    /// Users granted access, replacing the current list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_ids: Option<Vec<i64>>,
    /// Groups granted access, replacing the current list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_ids: Option<Vec<i64>>,
    /// Version the change was made from (or send `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}
