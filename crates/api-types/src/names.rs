//! Closed sets of names that travel as strings. The API parses them with field-named errors;
//! these enums document the allowed values in the OpenAPI document and serve typed clients.

use serde::{Deserialize, Serialize};

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoleName {
    /// Created the portal; only owners manage owners.
    Owner,
    /// Manages users, groups and module access.
    PortalAdmin,
    /// Administers the CRM module.
    CrmAdmin,
    /// Works in the CRM when access is granted.
    CrmUser,
}

/// A scope of a personal API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScopeName {
    /// Read records.
    Read,
    /// Create, change and delete records; implies `read`.
    Write,
    /// Administer users, groups and settings within the owner's role; implies `write`.
    Admin,
}

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LocaleName {
    /// Russian.
    Ru,
    /// English.
    En,
}
