//! RFC 9457 problem details, the body of every error answer.

use serde::{Deserialize, Serialize};

/// Media type of error bodies.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// An error answer (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// URI naming the kind of problem (`urn:crm:problem:<code>`).
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short English summary of the kind of problem.
    pub title: String,
    /// HTTP status code.
    pub status: u16,
    /// English explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine code (`validation_failed`, `not_found`, `version_mismatch` …).
    pub code: String,
    /// Request id, also sent as the `x-request-id` header and written to the log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Invalid fields, for `validation_failed`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// Visible contacts with the same e-mail or phone, for `possible_duplicates`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<crate::DuplicateCandidate>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    /// Field name as sent (`email`, `scopes[1]`, `limit`).
    pub field: String,
    /// Stable machine code (`required`, `invalid_email`, `too_long`, `invalid_type` …).
    pub code: String,
    /// English explanation.
    pub message: String,
}
