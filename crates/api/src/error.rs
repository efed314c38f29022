//! The one error type of the API and its mapping to `application/problem+json` answers.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use crm_api_types::{FieldProblem, Problem, PROBLEM_CONTENT_TYPE};
use crm_domain::{DomainError, FieldError};
use crm_persistence::StoreError;

/// Every way a request can fail, with its HTTP status.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 422: fields are invalid.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// 400: the request cannot be read (malformed JSON, bad query string).
    #[error("bad request: {detail}")]
    BadRequest { code: &'static str, detail: String },
    /// 401: missing, invalid or expired credentials.
    #[error("unauthorized: {detail}")]
    Unauthorized { code: &'static str, detail: String },
    /// 403: authenticated but not allowed.
    #[error("forbidden: {detail}")]
    Forbidden { code: &'static str, detail: String },
    /// 404: no such record, or one the caller may not see.
    #[error("not found")]
    NotFound,
    /// 405: the path exists but not with this method; the methods it has.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    /// 409: conflicts with existing data.
    #[error("conflict: {detail}")]
    Conflict {
        code: &'static str,
        detail: String,
        field: Option<String>,
    },
    /// 409: visible contacts share an e-mail or phone with the one being created.
    #[error("possible duplicates")]
    Duplicates(Vec<crm_api_types::DuplicateCandidate>),
    /// 412: the record changed since the version the caller sent.
    #[error("version mismatch")]
    VersionMismatch,
    /// 428: an update came without `If-Match` or `version`.
    #[error("precondition required")]
    PreconditionRequired,
    /// 413: body larger than allowed.
    #[error("payload too large (limit {limit} bytes)")]
    PayloadTooLarge { limit: usize },
    /// 415: the body is not of the media type the operation reads.
    #[error("unsupported media type (expected {expected})")]
    UnsupportedMediaType { expected: &'static str },
    /// 429: too many attempts.
    #[error("too many requests")]
    TooManyRequests { retry_after_secs: i64 },
    /// 503: try again shortly.
    #[error("service unavailable")]
    Unavailable { retry_after_secs: i64 },
    /// 500: unexpected; logged with its chain, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// 422 for one field.
    pub fn field(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }

    /// The same error with `prefix` before every field name (fields of a nested object).
    pub fn prefixed(self, prefix: &str) -> Self {
        match self {
            Self::Validation(fields) => Self::Validation(
                fields
                    .into_iter()
                    .map(|mut f| {
                        f.field = format!("{prefix}{}", f.field);
                        f
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// 403 with a code.
    pub fn forbidden(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Forbidden {
            code,
            detail: detail.into(),
        }
    }

    /// 401 with a code.
    pub fn unauthorized(code: &'static str, detail: impl Into<String>) -> Self {
        Self::Unauthorized {
            code,
            detail: detail.into(),
        }
    }

    /// 409 naming a field.
    pub fn conflict(code: &'static str, field: &str, detail: impl Into<String>) -> Self {
        Self::Conflict {
            code,
            detail: detail.into(),
            field: Some(field.to_owned()),
        }
    }

    /// Logs the cause of an error that is answered without it.
    #[must_use]
    pub fn with_log(self, cause: impl std::fmt::Display) -> Self {
        tracing::warn!(%cause, status = %self.status_code(), "request failed");
        self
    }

    fn code(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation_failed",
            Self::BadRequest { code, .. }
            | Self::Unauthorized { code, .. }
            | Self::Forbidden { code, .. }
            | Self::Conflict { code, .. } => code,
            Self::NotFound => "not_found",
            Self::Duplicates(_) => "possible_duplicates",
            Self::MethodNotAllowed { .. } => "method_not_allowed",
            Self::VersionMismatch => "version_mismatch",
            Self::PreconditionRequired => "precondition_required",
            Self::PayloadTooLarge { .. } => "payload_too_large",
            Self::UnsupportedMediaType { .. } => "unsupported_media_type",
            Self::TooManyRequests { .. } => "too_many_attempts",
            Self::Unavailable { .. } => "service_unavailable",
            Self::Internal(_) => "internal_error",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::Validation(_) => "The request has invalid fields",
            Self::BadRequest { .. } => "The request cannot be read",
            Self::Unauthorized { .. } => "Authentication is required",
            Self::Forbidden { .. } => "Not allowed",
            Self::NotFound => "Not found",
            Self::MethodNotAllowed { .. } => "Method not allowed",
            Self::Conflict { .. } => "Conflicts with existing data",
            Self::Duplicates(_) => "Possible duplicates",
            Self::VersionMismatch => "The record was changed by someone else",
            Self::PreconditionRequired => "The version the change was made from is required",
            Self::PayloadTooLarge { .. } => "The request body is too large",
            Self::UnsupportedMediaType { .. } => "The request body is of the wrong media type",
            Self::TooManyRequests { .. } => "Too many attempts",
            Self::Unavailable { .. } => "Temporarily unavailable",
            Self::Internal(_) => "Internal server error",
        }
    }

    fn detail(&self) -> Option<String> {
        match self {
            Self::BadRequest { detail, .. }
            | Self::Unauthorized { detail, .. }
            | Self::Forbidden { detail, .. }
            | Self::Conflict { detail, .. } => Some(detail.clone()),
            Self::VersionMismatch => Some("Reload the record and apply your change again.".into()),
            Self::PreconditionRequired => {
                Some("Send the record's version in `If-Match` or in the `version` field.".into())
            }
            Self::PayloadTooLarge { limit } => Some(format!("The limit is {limit} bytes.")),
            Self::UnsupportedMediaType { expected } => {
                Some(format!("Send `Content-Type: {expected}`."))
            }
            Self::TooManyRequests { retry_after_secs } => {
                Some(format!("Try again in {retry_after_secs} seconds."))
            }
            _ => None,
        }
    }

    /// The problem body of this error.
    pub fn problem(&self) -> Problem {
        let errors = match self {
            // One error a field: the first one found, which the others usually follow from.
            Self::Validation(fields) => fields
                .iter()
                .enumerate()
                .filter(|(i, f)| !fields[..*i].iter().any(|e| e.field == f.field))
                .map(|(_, f)| FieldProblem {
                    field: f.field.clone(),
                    code: f.code.to_owned(),
                    message: f.message.clone(),
                })
                .collect(),
            Self::Conflict {
                field: Some(field),
                code,
                detail,
            } => vec![FieldProblem {
                field: field.clone(),
                code: (*code).to_owned(),
                message: detail.clone(),
            }],
            _ => Vec::new(),
        };
        Problem {
            type_uri: format!("urn:crm:problem:{}", self.code()),
            title: self.title().to_owned(),
            status: self.status_code().as_u16(),
            detail: self.detail(),
            code: self.code().to_owned(),
            request_id: None,
            errors,
            duplicates: match self {
                Self::Duplicates(d) => d.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest { .. } => StatusCode::BAD_REQUEST,
            Self::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
            Self::Forbidden { .. } => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict { .. } | Self::Duplicates(_) => StatusCode::CONFLICT,
            Self::VersionMismatch => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable { .. } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(e) = self {
            tracing::error!(error = ?e, "request failed");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static(PROBLEM_CONTENT_TYPE),
        ));
        match self {
            Self::Unauthorized { .. } => {
                res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            Self::MethodNotAllowed { allow } => {
                res.insert_header((header::ALLOW, allow.as_str()));
            }
            Self::TooManyRequests { retry_after_secs } | Self::Unavailable { retry_after_secs } => {
                res.insert_header((header::RETRY_AFTER, retry_after_secs.max(&1).to_string()));
            }
            _ => {}
        }
        res.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        Self::Validation(e.fields().to_vec())
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => Self::NotFound,
            StoreError::StaleVersion => Self::VersionMismatch,
            StoreError::Conflict(what) => Self::Conflict {
                code: "conflict",
                detail: format!("conflicts with an existing record ({what})"),
                field: None,
            },
            StoreError::MissingReference(field) => {
                Self::field(field, "not_found", "refers to a record that does not exist")
            }
            StoreError::Invalid(field) => Self::field(field, "invalid_value", "is not valid here"),
            StoreError::LeaseLost => Self::Conflict {
                code: "lease_lost",
                detail: "the job is no longer held by this worker".into(),
                field: None,
            },
            StoreError::Busy => Self::Unavailable {
                retry_after_secs: 1,
            },
            StoreError::Other(e) => Self::Internal(e),
        }
    }
}

impl From<diesel_error::Error> for ApiError {
    fn from(e: diesel_error::Error) -> Self {
        StoreError::from(e).into()
    }
}

use crm_persistence::diesel_error;

/// Result of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_problem_lists_fields_with_codes() {
        let p = ApiError::field("email", "invalid_email", "bad").problem();
        assert_eq!(p.status, 422);
        assert_eq!(p.code, "validation_failed");
        assert_eq!(p.errors[0].field, "email");
        assert_eq!(p.type_uri, "urn:crm:problem:validation_failed");
    }

    #[test]
    fn internal_errors_hide_their_cause() {
        let p = ApiError::Internal(anyhow::anyhow!("secret table missing")).problem();
        assert_eq!(p.status, 500);
        assert!(p.detail.is_none());
    }

    #[test]
    fn stale_version_maps_to_412() {
        let e: ApiError = StoreError::StaleVersion.into();
        assert_eq!(e.status_code(), StatusCode::PRECONDITION_FAILED);
    }
}
