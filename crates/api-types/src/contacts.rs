//! Contacts: persons and companies with their details, managers, access and tags.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// One contact detail as sent: e-mail, phone, website, social profile or postal address.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactDetailInput {
    /// `email`, `phone`, `website`, `social` or `address`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::DetailKind))]
    pub kind: String,
    /// Phones: `home`, `work`, `mobile`, `fax`, `direct`, `other`; addresses: `home`, `postal`,
    /// `office`, `billing`, `work`, `other`; others: `work`, `home`, `other`. Default `work`
    /// (`mobile` for phones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The address, number, URL or profile; for postal addresses use the address fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Social network of a `social` detail: `telegram`, `whatsapp`, `vk`, `facebook`, `linkedin`,
    /// `twitter`, `instagram`, `skype`, `youtube`, `github`, `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// The primary detail of its kind; the first of a kind is primary when none is marked.
    #[serde(default)]
    pub is_primary: bool,
    /// Street and house (addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// City (addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Region or state (addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postcode (addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Country (addresses), ISO 3166-1 alpha-2 or a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// One stored contact detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactDetailResponse {
    /// Detail id.
    pub id: i64,
    /// `email`, `phone`, `website`, `social` or `address`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::DetailKind))]
    pub kind: String,
    /// Category (see the input).
    pub category: String,
    /// As entered (trimmed); for addresses a one-line summary.
    pub value: String,
    /// Form used for matching: lower-case e-mail, E.164 phone, URL without scheme.
    pub normalized: String,
    /// Social network, for `social`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// Primary of its kind.
    pub is_primary: bool,
    /// Street (addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    /// City (addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Region (addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Postcode (addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    /// Country (addresses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
}

/// A short reference to a contact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactRef {
    /// Contact id.
    pub id: i64,
    /// Person or company.
    pub kind: crate::ContactKind,
    /// Name as shown.
    pub display_name: String,
}

/// A contact as the caller may see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactResponse {
    /// Contact id.
    pub id: i64,
    /// Person or company.
    pub kind: crate::ContactKind,
    /// "First Last" for persons, the name for companies.
    pub display_name: String,
    /// First name (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Company name (companies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Job title (persons).
    pub job_title: String,
    /// Free-text description.
    pub notes: String,
    /// Industry.
    pub industry: String,
    /// The company a person works at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<ContactRef>,
    /// Contact type (list `contact_types`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    /// Temperature (list `temperatures`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_id: Option<i64>,
    /// ISO 4217 currency used for this contact's invoices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `private` (managers and CRM admins only), `shared_read` or `shared_write` (every CRM user).
    pub access: crate::AccessLevel,
    /// Managers: they may always see and edit the contact.
    pub manager_ids: Vec<i64>,
    /// Tags, by name.
    pub tags: Vec<String>,
    /// Contact details.
    pub details: Vec<ContactDetailResponse>,
    /// Values of custom fields, in field order.
    #[serde(default)]
    pub custom_fields: Vec<crate::CustomValue>,
    /// Whether the caller may change the contact.
    pub can_edit: bool,
    /// Where the photo is (`GET`, with the same Bearer token), if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_url: Option<String>,
    /// People of a company that the caller may see (companies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people_count: Option<i64>,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Who created it.
    pub created_by: i64,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Who changed it last.
    pub updated_by: i64,
    /// Last change of the contact or of anything attached to it.
    pub last_activity_at: DateTime<Utc>,
    /// Version for optimistic concurrency; also the `ETag`.
    pub version: i64,
}

/// A new contact (`POST /api/v1/contacts`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateContactRequest {
    /// `person` or `company`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ContactKind))]
    pub kind: String,
    /// First name (persons, required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name (persons, required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Name (companies, required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Job title (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Industry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Company of a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<i64>,
    /// Contact type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    /// Temperature.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_id: Option<i64>,
    /// ISO 4217 currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// `private` (default), `shared_read` or `shared_write`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::AccessLevel>))]
    pub access: Option<String>,
    /// Managers; default the creator.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_ids: Option<Vec<i64>>,
    /// Tags by name; unknown ones are created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Contact details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<ContactDetailInput>>,
    /// Country (ISO 3166-1 alpha-2) for phone numbers written without `+`; default the portal's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country: Option<String>,
    /// Values of custom fields of the contact's kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<crate::CustomValue>>,
    /// Create even when a visible contact has the same e-mail or phone (otherwise 409
    /// `possible_duplicates` listing them).
    #[serde(default)]
    pub allow_duplicates: bool,
}

/// Changes to a contact (`PATCH /api/v1/contacts/{id}`). Absent fields stay unchanged;
/// `tags`, `details` and `manager_ids` replace the current lists; `company_id: 0` unlinks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateContactRequest {
    /// First name (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Last name (persons).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// Name (companies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Job title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Industry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub industry: Option<String>,
    /// Company of a person; `0` removes the person from their company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<i64>,
    /// Contact type; `0` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    /// Temperature; `0` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_id: Option<i64>,
    /// ISO 4217 currency; empty clears it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Access.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::AccessLevel>))]
    pub access: Option<String>,
    /// Managers (at least one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_ids: Option<Vec<i64>>,
    /// Tags by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// Contact details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<ContactDetailInput>>,
    /// Country for phone numbers without `+`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_country: Option<String>,
    /// Values to set; fields not named keep their values, `null` clears one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_fields: Option<Vec<crate::CustomValue>>,
    /// Version the change was made from (or send `If-Match`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<i64>,
}

/// Filters, sorting and paging of `GET /api/v1/contacts`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ContactQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// `name`, `created_at`, `last_activity`, `type` (the type's place in its list) or
    /// `custom:{field id}` (a custom field's value); prefix `-` for descending. Contacts without
    /// a type or value come first in ascending order. Default `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Text in the name, an e-mail or a phone number (case-insensitive, any script).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `person` or `company`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<crate::ContactKind>))]
    pub kind: Option<String>,
    /// Contact type id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_id: Option<i64>,
    /// Temperature id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature_id: Option<i64>,
    /// Tag name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<String>,
    /// Managed by this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_id: Option<i64>,
    /// `private`, `shared_read` or `shared_write`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<crate::AccessLevel>))]
    pub access: Option<String>,
    /// People of this company.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_id: Option<i64>,
    /// Only contacts in a deal the caller may see (`true`), or in none (`false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_deals: Option<bool>,
    /// A custom field to filter by, with `custom_value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_field: Option<i64>,
    /// The value of `custom_field`: text contained (text, textarea), option id (select),
    /// `true`/`false` (checkbox), `YYYY-MM-DD` (date) or a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_value: Option<String>,
    /// Created on or after this day (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_from: Option<NaiveDate>,
    /// Created on or before this day (UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_to: Option<NaiveDate>,
}

/// A bulk action on contacts (`POST /api/v1/contacts/bulk`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactBulkRequest {
    /// Contacts to act on (at most 1000).
    pub ids: Vec<i64>,
    /// `add_tags`, `remove_tags`, `set_access`, `set_managers` or `delete`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ContactBulkAction))]
    pub action: String,
    /// Tag names, for `add_tags` and `remove_tags`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// New access, for `set_access`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::AccessLevel>))]
    pub access: Option<String>,
    /// New managers, for `set_managers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_ids: Option<Vec<i64>>,
}

/// One action on every contact a list's filters match
/// (`POST /api/v1/contacts/bulk-matching`), run as a background job.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactBulkMatchingRequest {
    /// The filters of `GET /contacts` (`limit`, `cursor` and `sort` are ignored); the contacts
    /// they match for the caller when the request is made are acted on (at most 50,000).
    #[serde(default)]
    pub filter: ContactQueryParams,
    /// `add_tags`, `remove_tags`, `set_access`, `set_managers` or `delete`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::ContactBulkAction))]
    pub action: String,
    /// Tag names, for `add_tags` and `remove_tags`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    /// New access, for `set_access`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::AccessLevel>))]
    pub access: Option<String>,
    /// New managers, for `set_managers`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_ids: Option<Vec<i64>>,
}

impl ContactBulkMatchingRequest {
    /// The same action on the contacts `ids`.
    pub fn on(&self, ids: Vec<i64>) -> ContactBulkRequest {
        ContactBulkRequest {
            ids,
            action: self.action.clone(),
            tags: self.tags.clone(),
            access: self.access.clone(),
            manager_ids: self.manager_ids.clone(),
        }
    }
}

/// A contact a bulk action skipped, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BulkFailure {
    /// Contact id as sent.
    pub id: i64,
    /// `not_found` (or not visible), `forbidden` (read-only), `in_use` (an invoice refers to it)
    /// or `too_many_tags` (adding the tags would pass 50).
    pub code: String,
}

/// Outcome of a bulk action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactBulkResponse {
    /// Contacts changed (or deleted).
    pub done: Vec<i64>,
    /// Contacts skipped.
    pub failed: Vec<BulkFailure>,
}

/// A visible contact that shares an e-mail or phone with the one being saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DuplicateCandidate {
    /// The contact.
    pub contact: ContactRef,
    /// `email` or `phone`.
    pub matched_on: String,
    /// The shared value, normalised.
    pub value: String,
}

/// Merge two contacts (`POST /api/v1/contacts/merge`): everything of `source_id` moves to
/// `target_id`, then `source_id` is deleted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MergeContactsRequest {
    /// The contact that stays.
    pub target_id: i64,
    /// The contact merged into it and then deleted.
    pub source_id: i64,
    /// Only show the result, change nothing.
    #[serde(default)]
    pub dry_run: bool,
}

/// Result of a merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergeContactsResponse {
    /// The merged contact (for a dry run, as it would be).
    pub contact: ContactResponse,
    /// Whether anything was changed (false for a dry run).
    pub applied: bool,
}
