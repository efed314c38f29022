//! Admin-editable lists (contact types, temperatures, history categories, later task
//! categories and deal stages) and tags.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An item of an admin-editable list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListItemResponse {
    /// Item id.
    pub id: i64,
    /// Which list: `contact_types`, `temperatures` or `history_categories`.
    pub list: String,
    /// Title shown to users.
    pub title: String,
    /// Colour as `#rrggbb` (temperatures, task categories), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Icon name (task categories): `phone`, `deal`, `demo`, `email`, `fax`, `control`,
    /// `lunch`, `meeting`, `note`, `delivery`, `social`, `thanks`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Position in the list, from 0.
    pub position: i64,
    /// Records that use the item; an item in use can only be deleted with a replacement.
    /// Only CRM admins get it: they see every record, so the count reveals nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_count: Option<i64>,
    /// Version for optimistic concurrency; also the `ETag`.
    pub version: i64,
}

/// The items of one list, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListItemsResponse {
    /// Items in display order.
    pub items: Vec<ListItemResponse>,
}

/// A new list item (`POST /api/v1/settings/lists/{list}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateListItemRequest {
    /// Title, unique in the list (case-insensitive).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub title: String,
    /// Colour as `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Icon name (task categories only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
}

/// Changes to a list item. Absent fields stay unchanged.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateListItemRequest {
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub title: Option<String>,
    /// Colour as `#rrggbb`; empty clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// Icon name (task categories only); empty clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Version the change was made from (or send `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// A new order of a list: every item id, in the wanted order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReorderListRequest {
    /// All item ids of the list in their new order.
    pub ids: Vec<i64>,
}

/// How to delete a list item (`DELETE /api/v1/settings/lists/{list}/{id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DeleteListItemParams {
    /// Item of the same list that takes over the records using the deleted one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace_with: Option<i64>,
}

/// A tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagResponse {
    /// Tag id.
    pub id: i64,
    /// Kind of records it labels.
    pub kind: crate::RecordKind,
    /// Name, unique per kind (case-insensitive).
    pub name: String,
    /// Records labelled with it; only CRM admins get it (they see every record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage_count: Option<i64>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
}

/// The tags of one kind, by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TagListResponse {
    /// Tags sorted by name.
    pub items: Vec<TagResponse>,
}

/// Filter of `GET /api/v1/tags`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct TagQueryParams {
    /// Kind of records: `contact` (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Text the name contains.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// A new tag (`POST /api/v1/tags`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTagRequest {
    /// Kind of records: `contact`.
    pub kind: String,
    /// Name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub name: String,
}

/// A new name for a tag (`PATCH /api/v1/tags/{id}`); a name another tag has is refused (merge instead).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RenameTagRequest {
    /// New name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 50))]
    pub name: String,
}

/// Merge a tag into another (`POST /api/v1/tags/{id}/merge`): its records get the other tag and it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MergeTagRequest {
    /// The tag that stays.
    pub into_id: i64,
}

/// How many tags were deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeletedCountResponse {
    /// Number deleted.
    pub deleted: i64,
}
