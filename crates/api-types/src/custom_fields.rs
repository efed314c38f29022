//! Custom fields of persons and companies (later deals and cases).

use serde::{Deserialize, Serialize};

/// An option of a select field. Its id stays when it is renamed, so values are kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomFieldOption {
    /// Option id, stable within its field.
    pub id: i64,
    /// Label shown.
    pub label: String,
}

/// A custom field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomFieldResponse {
    /// Field id.
    pub id: i64,
    /// `person` or `company`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::CustomFieldKind))]
    pub record_kind: String,
    /// Label shown.
    pub label: String,
    /// `text`, `textarea`, `select`, `checkbox`, `date`, `number` or `heading`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::FieldType))]
    pub field_type: String,
    /// Options of a select field.
    pub options: Vec<CustomFieldOption>,
    /// Position among the kind's fields, from 0.
    pub position: i64,
    /// Records with a value; the type is frozen once there are any. Only CRM admins get it:
    /// it counts records others may not see.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_count: Option<i64>,
    /// Version for optimistic concurrency; also the `ETag`.
    pub version: i64,
}

/// The fields of a record kind, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomFieldListResponse {
    /// Fields in display order.
    pub items: Vec<CustomFieldResponse>,
}

/// Query of `GET /api/v1/settings/custom-fields`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct CustomFieldQueryParams {
    /// `person` or `company`.
    #[cfg_attr(feature = "openapi", param(value_type = crate::CustomFieldKind))]
    pub record_kind: String,
}

/// A new custom field (`POST /api/v1/settings/custom-fields`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateCustomFieldRequest {
    /// `person` or `company`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::CustomFieldKind))]
    pub record_kind: String,
    /// Label.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 100))]
    pub label: String,
    /// `text`, `textarea`, `select`, `checkbox`, `date`, `number` or `heading`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::FieldType))]
    pub field_type: String,
    /// Option labels of a select field (at least one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

/// An option of a select field as sent: with `id` to keep (and maybe rename) an option,
/// without to add one. Options left out are removed, unless values use them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomFieldOptionInput {
    /// Id of an existing option.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    /// Label.
    pub label: String,
}

/// Changes to a custom field (`PATCH /api/v1/settings/custom-fields/{id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCustomFieldRequest {
    /// Label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// New type; refused (409 `type_frozen`) once the field has values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::FieldType>))]
    pub field_type: Option<String>,
    /// The options, in order (select fields).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<CustomFieldOptionInput>>,
    /// Version the change was made from (or send `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// A new order of a kind's fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReorderCustomFieldsRequest {
    /// `person` or `company`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::CustomFieldKind))]
    pub record_kind: String,
    /// Every field id of the kind, in the new order.
    pub ids: Vec<i64>,
}

/// A value of a custom field on a record. `value` is a string (text, textarea, date
/// `YYYY-MM-DD`), a number or decimal string (number), an option id (select), a boolean
/// (checkbox), or `null` to clear.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CustomValue {
    /// The field.
    pub field_id: i64,
    /// The value.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CustomFieldValue>))]
    pub value: serde_json::Value,
}

/// How a custom field's value travels: a string (text, textarea, a `YYYY-MM-DD` date, or a
/// number written as a decimal string), a number (number fields; an option id for select
/// fields) or a boolean (checkbox). Only the schema: the value itself stays JSON.
#[cfg(feature = "openapi")]
#[derive(utoipa::ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum CustomFieldValue {
    /// Text, textarea, date, or a number as a decimal string.
    Text(String),
    /// A number, or the id of a select field's option.
    Number(f64),
    /// A checkbox.
    Checked(bool),
}
