//! Deals (opportunities) in pipelines of stages, with budgets and stage history.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::records::{BidType, StageStatus};

/// A stage of a pipeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageResponse {
    /// Stage id.
    pub id: i64,
    /// The pipeline it belongs to.
    pub pipeline_id: i64,
    /// Name.
    pub name: String,
    /// Description (may be empty).
    pub description: String,
    /// Colour, `#rrggbb`.
    #[cfg_attr(feature = "openapi", schema(pattern = "^#[0-9a-f]{6}$"))]
    pub color: String,
    /// Probability a deal entering it starts with, in percent.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub probability: i32,
    /// Open, won or lost.
    pub status: StageStatus,
    /// Version for `If-Match`.
    pub version: i64,
}

/// A pipeline with its stages in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelineResponse {
    /// Pipeline id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Stages in order.
    pub stages: Vec<StageResponse>,
    /// Version for `If-Match`.
    pub version: i64,
}

/// Every pipeline of the portal, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PipelinesResponse {
    /// Pipelines in order.
    pub items: Vec<PipelineResponse>,
}

/// A new pipeline; without stages it starts with a copy of the first pipeline's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatePipelineRequest {
    /// Name, unique in the portal.
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
}

/// A pipeline's new name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePipelineRequest {
    /// Name, unique in the portal.
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: String,
    /// Version the change was made from (or `If-Match`).
    #[serde(default)]
    pub version: Option<i64>,
}

/// A new order: every id exactly once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReorderRequest {
    /// Ids in the new order.
    pub ids: Vec<i64>,
}

/// A stage to add or change; on change, absent fields stay.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageRequest {
    /// Name, unique in the pipeline (required to add).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 100))]
    pub name: Option<String>,
    /// Description.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub description: Option<String>,
    /// Colour, `#rrggbb` (default `#b0b8c4`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^#[0-9a-fA-F]{6}$"))]
    pub color: Option<String>,
    /// Probability in percent (required to add).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub probability: Option<i32>,
    /// Status (default open).
    #[serde(default)]
    pub status: Option<StageStatus>,
    /// Version the change was made from (or `If-Match`), for a change.
    #[serde(default)]
    pub version: Option<i64>,
}

/// How many deals a deletion moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovedResponse {
    /// Deals moved to the target.
    pub moved: i64,
}

/// A deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealResponse {
    /// Deal id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Description (may be empty).
    pub description: String,
    /// The main contact (person or company), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    /// Member contacts, the main one among them (those the caller may see).
    pub contact_ids: Vec<i64>,
    /// Who is responsible.
    pub responsible_id: i64,
    /// Pipeline.
    pub pipeline_id: i64,
    /// Stage.
    pub stage_id: i64,
    /// Where the stage stands.
    pub stage_status: StageStatus,
    /// Success probability in percent.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub probability: i32,
    /// ISO 4217 currency code.
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Z]{3}$"))]
    pub currency: String,
    /// Budget amount (per period unless fixed), an exact decimal.
    #[cfg_attr(feature = "openapi", schema(format = "decimal", example = "2500000.5"))]
    pub amount: String,
    /// How the budget is counted.
    pub bid_type: BidType,
    /// Periods counted (1 for fixed).
    pub periods: i32,
    /// amount × periods.
    #[cfg_attr(feature = "openapi", schema(format = "decimal"))]
    pub value: String,
    /// value × probability / 100.
    #[cfg_attr(feature = "openapi", schema(format = "decimal"))]
    pub weighted_value: String,
    /// Expected close date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_close_on: Option<NaiveDate>,
    /// When it closed (set on entering a won or lost stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_close_on: Option<NaiveDate>,
    /// Restricted to its members (`member_ids`) and CRM admins; else open to every CRM user.
    pub restricted: bool,
    /// Users a restricted deal is open to.
    pub member_ids: Vec<i64>,
    /// Tags.
    pub tag_ids: Vec<i64>,
    /// Values of the deal custom fields that have one.
    pub custom_fields: Vec<crate::CustomValue>,
    /// Who created it.
    pub created_by: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// Version for `If-Match`.
    pub version: i64,
}

/// A new deal, or changes to one (absent fields stay; `null` clears a clearable one).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealRequest {
    /// Title (required to create).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub title: Option<String>,
    /// Description.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 10000))]
    pub description: Option<String>,
    /// The main contact; `0` removes it.
    #[serde(default)]
    pub contact_id: Option<i64>,
    /// Member contacts besides the main one (replaces them).
    #[serde(default)]
    pub contact_ids: Option<Vec<i64>>,
    /// Responsible user (default: the caller).
    #[serde(default)]
    pub responsible_id: Option<i64>,
    /// Stage (default: the first stage of the first pipeline); its pipeline is the deal's.
    #[serde(default)]
    pub stage_id: Option<i64>,
    /// Probability in percent (default: the stage's).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub probability: Option<i32>,
    /// ISO 4217 code (default: RUB for a Russian portal, else USD).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z]{3}$"))]
    pub currency: Option<String>,
    /// Budget amount, a decimal string (default 0).
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(format = "decimal", example = "1500.00", max_length = 40)
    )]
    pub amount: Option<String>,
    /// How the budget is counted (default fixed).
    #[serde(default)]
    pub bid_type: Option<BidType>,
    /// Periods for a per-period budget (1 to 100000).
    #[serde(default)]
    pub periods: Option<i32>,
    /// Expected close date, `YYYY-MM-DD`; an empty string clears it.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 10, example = "2027-03-31"))]
    pub expected_close_on: Option<String>,
    /// Restricted to `member_ids` (the caller is always included) and CRM admins.
    #[serde(default)]
    pub restricted: Option<bool>,
    /// Users a restricted deal is open to.
    #[serde(default)]
    pub member_ids: Option<Vec<i64>>,
    /// Tags by name (created when new; replaces them).
    #[serde(default)]
    pub tags: Option<Vec<String>>,
    /// Values of deal custom fields (`null` clears one); others stay.
    #[serde(default)]
    pub custom_fields: Option<Vec<crate::CustomValue>>,
    /// Version the change was made from (or `If-Match`), for a change.
    #[serde(default)]
    pub version: Option<i64>,
}

/// A stage change in one step (the deal page and the board).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeStageRequest {
    /// The stage to move to (of any pipeline).
    pub stage_id: i64,
    /// Version the change was made from (or `If-Match`).
    #[serde(default)]
    pub version: Option<i64>,
}

/// One action on many deals (`POST /api/v1/deals/bulk-actions`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DealBulkRequest {
    /// Deals to act on (1–1000).
    pub ids: Vec<i64>,
    /// `set_stage`, `reassign`, `add_tags`, `remove_tags` or `delete`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::DealBulkAction))]
    pub action: String,
    /// The stage to move to, for `set_stage`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_id: Option<i64>,
    /// The new responsible user, for `reassign`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_id: Option<i64>,
    /// Tag names, for `add_tags` and `remove_tags`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
}

/// A deal a bulk action skipped, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealBulkFailure {
    /// Deal id as sent.
    pub id: i64,
    /// `not_found` (or not visible), `forbidden` (the caller may not change it) or
    /// `too_many_tags`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::DealBulkFailureCode))]
    pub code: String,
}

/// Outcome of a bulk action on deals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealBulkResponse {
    /// Deals changed (or deleted), including those already as asked.
    pub done: Vec<i64>,
    /// Deals skipped.
    pub failed: Vec<DealBulkFailure>,
}

/// Totals of a filtered list in one currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrencyTotalResponse {
    /// ISO 4217 code.
    pub currency: String,
    /// Deals.
    pub count: i64,
    /// Sum of values.
    #[cfg_attr(feature = "openapi", schema(format = "decimal"))]
    pub value: String,
    /// Sum of weighted values.
    #[cfg_attr(feature = "openapi", schema(format = "decimal"))]
    pub weighted_value: String,
}

/// A page of deals with the totals of every deal the filters match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealPage {
    /// Deals of this page.
    pub items: Vec<DealResponse>,
    /// Opaque cursor for the next page, absent on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Matching deals over all pages (up to 10,000, then `total_capped`).
    pub total: i64,
    /// More match than `total` says.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total_capped: bool,
    /// Count, value and weighted value per currency of every matching deal.
    pub totals: Vec<CurrencyTotalResponse>,
    /// The totals in the portal's default currency, with the rates valid today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted: Option<crate::ConvertedTotalResponse>,
}

/// A stage a deal entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageChangeResponse {
    /// The stage left (absent when the deal was created, or the stage is deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_stage_id: Option<i64>,
    /// The stage entered (absent when since deleted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_stage_id: Option<i64>,
    /// Probability taken on entering.
    pub probability: i32,
    /// Who moved it.
    pub changed_by: i64,
    /// When.
    pub changed_at: DateTime<Utc>,
}

/// A deal's stage history, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StageChangesResponse {
    /// Changes, oldest first.
    pub items: Vec<StageChangeResponse>,
}

/// Filters, sort and paging of `GET /api/v1/deals`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DealQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// `title`, `created_at`, `value`, `expected_close_on`, `stage` or `responsible`;
    /// prefix `-` for descending. Default `-created_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// Words of the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
    /// Responsible user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_id: Option<i64>,
    /// Pipeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pipeline_id: Option<i64>,
    /// Stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_id: Option<i64>,
    /// Where the stage stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage_status: Option<StageStatus>,
    /// Tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag_id: Option<i64>,
    /// A member contact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_id: Option<i64>,
    /// Expected to close on or after, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_from: Option<NaiveDate>,
    /// Expected to close on or before, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_to: Option<NaiveDate>,
    /// Only deals in this currency (ISO 4217); needed with `value_min` / `value_max`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(pattern = "^[A-Za-z]{3}$"))]
    pub currency: Option<String>,
    /// Smallest value, a decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 40))]
    pub value_min: Option<String>,
    /// Largest value, a decimal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 40))]
    pub value_max: Option<String>,
    /// A deal custom field to filter by, with `custom_value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub custom_field: Option<i64>,
    /// The value of `custom_field`: text contained (text, textarea), option id (select),
    /// `true`/`false` (checkbox), `YYYY-MM-DD` (date) or a number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub custom_value: Option<String>,
}

/// A column of the board: a stage, its deals' count and totals, and its first cards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardColumn {
    /// The stage.
    pub stage: StageResponse,
    /// Deals in it the caller may see (up to 10,000, then `total_capped`).
    pub total: i64,
    /// More than `total`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total_capped: bool,
    /// Count, value and weighted value per currency.
    pub totals: Vec<CurrencyTotalResponse>,
    /// The first cards, newest first.
    pub items: Vec<DealResponse>,
    /// Cursor of the next cards: `GET /deals?stage_id=…&sort=-created_at&cursor=…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The board of a pipeline: a column per stage, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardResponse {
    /// The pipeline.
    pub pipeline_id: i64,
    /// Its name.
    pub name: String,
    /// A column per stage, in order.
    pub columns: Vec<BoardColumn>,
}

/// Paging and filters of a board.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct BoardQueryParams {
    /// Cards per column, 1–200 (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Only deals of this responsible user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible_id: Option<i64>,
    /// Words of the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(max_length = 200))]
    pub q: Option<String>,
}
