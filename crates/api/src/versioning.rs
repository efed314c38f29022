//! Optimistic concurrency: `ETag` on reads, `If-Match` (or a `version` field) on writes.

use actix_web::http::header;
use actix_web::HttpRequest;

use crate::error::ApiError;

/// Which version an update must start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precondition {
    /// Exactly this version.
    Version(i64),
    /// Any version (`If-Match: *`): the caller chose to overwrite.
    Any,
}

/// The strong entity tag of a version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// Reads `If-Match`, else the body's `version`; neither is 428.
pub fn precondition(
    req: &HttpRequest,
    body_version: Option<i64>,
) -> Result<Precondition, ApiError> {
    if let Some(value) = req.headers().get(header::IF_MATCH) {
        let text = value
            .to_str()
            .map_err(|_| ApiError::field("If-Match", "invalid_value", "is not a valid entity tag"))?
            .trim();
        if text == "*" {
            return Ok(Precondition::Any);
        }
        let tag = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
        return tag.parse::<i64>().map(Precondition::Version).map_err(|_| {
            ApiError::field(
                "If-Match",
                "invalid_value",
                "is not an entity tag of this API",
            )
        });
    }
    body_version
        .map(Precondition::Version)
        .ok_or(ApiError::PreconditionRequired)
}

impl Precondition {
    /// The version to compare with, given the current one for `Any`.
    pub fn resolve(self, current: i64) -> i64 {
        match self {
            Self::Version(v) => v,
            Self::Any => current,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn if_match_wins_over_body_version() {
        let req = TestRequest::default()
            .insert_header((header::IF_MATCH, "\"7\""))
            .to_http_request();
        assert_eq!(
            precondition(&req, Some(3)).unwrap(),
            Precondition::Version(7)
        );
    }

    #[test]
    fn weak_tags_and_star_are_understood() {
        let req = TestRequest::default()
            .insert_header((header::IF_MATCH, "W/\"4\""))
            .to_http_request();
        assert_eq!(precondition(&req, None).unwrap(), Precondition::Version(4));
        let req = TestRequest::default()
            .insert_header((header::IF_MATCH, "*"))
            .to_http_request();
        assert_eq!(precondition(&req, None).unwrap(), Precondition::Any);
    }

    #[test]
    fn missing_precondition_is_428() {
        let req = TestRequest::default().to_http_request();
        assert!(matches!(
            precondition(&req, None),
            Err(ApiError::PreconditionRequired)
        ));
    }
}
