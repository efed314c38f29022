//! Projects: the work a deal turns into, with a manager, a team, a deadline and the contacts
//! it serves.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::ProjectStatus;

/// A project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectResponse {
    /// Project id.
    pub id: i64,
    /// Name.
    pub title: String,
    /// Description.
    pub description: String,
    /// Where it stands.
    pub status: ProjectStatus,
    /// Deadline (a day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<NaiveDate>,
    /// The deal it came from (when the caller may see it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<i64>,
    /// The user who runs it (always on the team).
    pub manager_id: i64,
    /// Its team.
    pub member_ids: Vec<i64>,
    /// The contacts it serves (those the caller may see).
    pub contact_ids: Vec<i64>,
    /// Restricted to its team and CRM admins; else open to every CRM user.
    pub restricted: bool,
    /// Who created it.
    pub created_by: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Version for `If-Match`.
    pub version: i64,
}

/// A new project, or changes to one (absent fields stay).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProjectRequest {
    /// Name (required to create).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: Option<String>,
    /// Description.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub description: Option<String>,
    /// Where it stands (default `open`).
    #[serde(default)]
    pub status: Option<ProjectStatus>,
    /// Deadline, `YYYY-MM-DD`; an empty string clears it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 10, example = "2027-03-31"))]
    pub deadline: Option<String>,
    /// The deal it serves (one the caller may see); `0` unlinks.
    #[serde(default)]
    pub deal_id: Option<i64>,
    /// The user who runs it (default the caller); a CRM user.
    #[serde(default)]
    pub manager_id: Option<i64>,
    /// The team (replaces it; the manager is always on it).
    #[serde(default)]
    pub member_ids: Option<Vec<i64>>,
    /// The contacts it serves (replaces them).
    #[serde(default)]
    pub contact_ids: Option<Vec<i64>>,
    /// Restricted to its team (the caller joins it) and CRM admins.
    #[serde(default)]
    pub restricted: Option<bool>,
    /// Version the change was made from (or `If-Match`), for a change.
    #[serde(default)]
    pub version: Option<i64>,
}

/// Filters, sort and paging of `GET /api/v1/projects`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ProjectQueryParams {
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
    /// Words of the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// Where they stand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ProjectStatus>,
    /// Run by this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_id: Option<i64>,
    /// With this user on the team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<i64>,
    /// From this deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deal_id: Option<i64>,
    /// Serving this contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    /// Deadline on or before this day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(format = Date))]
    pub deadline_before: Option<String>,
}
