//! JSON body and query-string extractors whose errors name the offending field
//! (through `serde_path_to_error`) and answer as problem details.

use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use futures_util::StreamExt as _;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Largest request body, from the server settings.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON request body.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Deref for Json<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Json<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| {
            let essence = ct
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        })
        .unwrap_or(false)
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<BodyLimit>>()
            .map_or(1024 * 1024, |l| l.0);
        let json = is_json(req);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared.is_some_and(|len| len > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| ApiError::BadRequest {
                    code: "unreadable_body",
                    detail: e.to_string(),
                })?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            if body.iter().all(u8::is_ascii_whitespace) {
                // An empty body reads as `{}`, so that bodies with only optional fields may be left out.
                return parse_json(b"{}").map(Json);
            }
            if !json {
                return Err(ApiError::UnsupportedMediaType {
                    expected: "application/json",
                });
            }
            // Every body is an object: serde would otherwise read a struct from an array.
            if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
                return Err(ApiError::field(
                    "body",
                    "invalid_type",
                    "must be a JSON object, not an array",
                ));
            }
            parse_json(&body).map(Json)
        })
    }
}

/// Parses JSON into `T`, naming the field of the first error.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => data_error(&path, &message_of(&inner)),
            _ => ApiError::BadRequest {
                code: "malformed_json",
                detail: format!("The body is not valid JSON: {inner}"),
            },
        }
    })?;
    de.end().map_err(|e| ApiError::BadRequest {
        code: "malformed_json",
        detail: format!("The body is not valid JSON: {e}"),
    })?;
    Ok(value)
}

/// serde_json's message without the " at line L column C" suffix.
fn message_of(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Turns a serde data error at `path` into a field error.
fn data_error(path: &str, message: &str) -> ApiError {
    let join = |name: &str| {
        if path == "." || path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    let quoted = || message.split('`').nth(1).unwrap_or_default().to_owned();
    if message.starts_with("missing field") {
        ApiError::field(join(&quoted()), "required", "is required")
    } else if message.starts_with("unknown field") {
        ApiError::field(join(&quoted()), "unknown_field", message.to_owned())
    } else if message.starts_with("invalid type") {
        ApiError::field(root_or(path), "invalid_type", message.to_owned())
    } else {
        ApiError::field(root_or(path), "invalid_value", message.to_owned())
    }
}

fn root_or(path: &str) -> String {
    if path == "." || path.is_empty() {
        "body".to_owned()
    } else {
        path.to_owned()
    }
}

/// Refuses id lists longer than `max` (they become one SQL parameter each).
pub fn check_ids(field: &str, ids: Option<&[i64]>, max: usize) -> Result<(), ApiError> {
    match ids {
        Some(ids) if ids.len() > max => Err(ApiError::field(
            field,
            "too_many",
            format!("at most {max} ids"),
        )),
        _ => Ok(()),
    }
}

/// A query string, read when the handler asks for it: the caller's credentials and CRM access,
/// checked by the extractors before it, answer first (401/403 before a 422 on parameters).
#[derive(Debug)]
pub struct Query<T>(Result<T, ApiError>);

impl<T> Query<T> {
    /// The parameters, or the 422 naming the first bad one.
    pub fn into_inner(self) -> Result<T, ApiError> {
        self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(Ok(Query(parse_query(req.query_string()))))
    }
}

/// Parses a query string into `T`, naming the parameter of the first error.
pub fn parse_query<T: DeserializeOwned>(qs: &str) -> Result<T, ApiError> {
    // Decoding would replace invalid UTF-8 with U+FFFD and search for that instead.
    for pair in qs.split('&') {
        let bytes: Vec<u8> =
            percent_encoding::percent_decode(pair.replace('+', " ").as_bytes()).collect();
        if std::str::from_utf8(&bytes).is_err() {
            let name = pair.split('=').next().unwrap_or_default();
            let name = percent_encoding::percent_decode_str(name).decode_utf8_lossy();
            return Err(ApiError::field(
                name.into_owned(),
                "invalid_value",
                "is not valid UTF-8",
            ));
        }
    }
    let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(qs.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let message = e.into_inner().to_string();
        match data_error(&path, &message) {
            ApiError::Validation(mut fields) => {
                for f in &mut fields {
                    if f.field == "body" {
                        "query".clone_into(&mut f.field);
                    }
                    if f.code == "invalid_type" {
                        f.code = "invalid_value";
                    }
                }
                ApiError::Validation(fields)
            }
            other => other,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api_types::{CreateUserRequest, UserQueryParams};

    fn fields(e: ApiError) -> Vec<(String, &'static str)> {
        match e {
            ApiError::Validation(f) => f.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("expected validation error, got {other:?}"),
        }
    }

    #[test]
    fn missing_field_is_named() {
        let e =
            parse_json::<CreateUserRequest>(br#"{"email":"a@b.cd","password":"x"}"#).unwrap_err();
        assert_eq!(fields(e), [("name".to_owned(), "required")]);
    }

    #[test]
    fn wrong_type_is_named() {
        let e = parse_json::<CreateUserRequest>(br#"{"email":5,"name":"n","password":"p"}"#)
            .unwrap_err();
        assert_eq!(fields(e), [("email".to_owned(), "invalid_type")]);
    }

    #[test]
    fn unknown_field_is_refused() {
        let e = parse_json::<CreateUserRequest>(
            br#"{"emial":"a","email":"a","name":"n","password":"p"}"#,
        )
        .unwrap_err();
        assert_eq!(fields(e)[0].1, "unknown_field");
    }

    #[test]
    fn broken_json_is_400() {
        let e = parse_json::<CreateUserRequest>(b"{\"email\":").unwrap_err();
        assert!(matches!(
            e,
            ApiError::BadRequest {
                code: "malformed_json",
                ..
            }
        ));
        let e = parse_json::<CreateUserRequest>(br#"{"email":"a","name":"n","password":"p"} x"#)
            .unwrap_err();
        assert!(matches!(
            e,
            ApiError::BadRequest {
                code: "malformed_json",
                ..
            }
        ));
    }

    #[test]
    fn bad_query_parameter_is_named() {
        let e = parse_query::<UserQueryParams>("limit=abc").unwrap_err();
        assert_eq!(fields(e), [("limit".to_owned(), "invalid_value")]);
        let q = parse_query::<UserQueryParams>("limit=5&active=true&q=%D0%98").unwrap();
        assert_eq!(q.limit, Some(5));
        assert_eq!(q.q.as_deref(), Some("И"));
    }
}
