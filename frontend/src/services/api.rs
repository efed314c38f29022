//! The one generic request function over `crm-api-types`, plus shorthands per method.
//!
//! Every call sends the in-memory access token. A 401 triggers one silent refresh and one
//! retry; if the refresh is refused the session ends and the app shows the login page.

use std::future::Future;

use crm_api_types::{Page, Problem};
use gloo_net::http::{RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

pub use gloo_net::http::Method;

use super::{auth, tokens, ApiError};

/// Where the API lives, relative to the SPA's origin.
pub const API_BASE: &str = "/api/v1";

/// Pages fetched at most by [`get_all`] (200 records each).
const MAX_PAGES: usize = 50;

/// Calls `method path` with an optional JSON `body` and decodes the JSON answer into `R`
/// (use `()` for `204 No Content`). Errors carry the problem document. Only the encoding and
/// decoding are generic; the request itself is one function for every type.
pub async fn request<B: Serialize, R: DeserializeOwned>(
    method: Method,
    path: &str,
    body: Option<&B>,
) -> Result<R, ApiError> {
    let json = body
        .map(encode)
        .transpose()
        .map_err(|e| ApiError::network(e.to_string()))?;
    let (status, text) = request_text(method, path, json).await?;
    parse(&text).map_err(|e| ApiError::unexpected(status, e.to_string()))
}

/// A body as JSON text.
fn encode<B: Serialize>(body: &B) -> Result<String, serde_json::Error> {
    serde_json::to_string(body)
}

/// The status and text of a successful answer to `method path` with an optional JSON body.
async fn request_text(
    method: Method,
    path: &str,
    json: Option<String>,
) -> Result<(u16, String), ApiError> {
    let response = authorised(|token| {
        let (method, json) = (method.clone(), json.clone());
        async move { send_json(method, path, json.as_deref(), token.as_deref()).await }
    })
    .await?;
    read(response).await
}

/// A successful answer's JSON text as `R`; `204 No Content` has no body, and `()` reads from
/// `null`.
fn parse<R: DeserializeOwned>(text: &str) -> Result<R, serde_json::Error> {
    let body = if text.trim().is_empty() { "null" } else { text };
    serde_json::from_str(body)
}

/// Runs `send` with the access token. A 401 triggers one silent refresh and one retry; if the
/// refresh is refused the session ends. Shared by [`request`] and the file transfers.
pub(crate) async fn authorised<F, Fut>(send: F) -> Result<Response, ApiError>
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<Response, ApiError>>,
{
    let used = tokens::access_token();
    let mut response = send(used.clone()).await?;
    if response.status() == 401 {
        if tokens::refresh_token().is_some() {
            let current = tokens::access_token();
            // Another call may have renewed the token while this one was in flight.
            let renewed = (current.is_some() && current != used) || auth::refresh().await.is_ok();
            if renewed {
                response = send(tokens::access_token()).await?;
            }
        } else if used.is_some() {
            tokens::session_lost();
        }
    }
    Ok(response)
}

/// `GET path`.
pub async fn get<R: DeserializeOwned>(path: &str) -> Result<R, ApiError> {
    request::<(), R>(Method::GET, path, None).await
}

/// `POST path` with a JSON body.
pub async fn post<B: Serialize, R: DeserializeOwned>(path: &str, body: &B) -> Result<R, ApiError> {
    request(Method::POST, path, Some(body)).await
}

/// `PATCH path` with a JSON body.
pub async fn patch<B: Serialize, R: DeserializeOwned>(path: &str, body: &B) -> Result<R, ApiError> {
    request(Method::PATCH, path, Some(body)).await
}

/// `PUT path` with a JSON body.
pub async fn put<B: Serialize, R: DeserializeOwned>(path: &str, body: &B) -> Result<R, ApiError> {
    request(Method::PUT, path, Some(body)).await
}

/// `DELETE path`, expecting `204 No Content`.
pub async fn delete(path: &str) -> Result<(), ApiError> {
    request::<(), ()>(Method::DELETE, path, None).await
}

/// `DELETE path`, reading what the server answers (how many records moved …).
pub async fn request_delete<R: DeserializeOwned>(path: &str) -> Result<R, ApiError> {
    request::<(), R>(Method::DELETE, path, None).await
}

/// Every record of a paged list, following `next_cursor` (for pickers; capped).
pub async fn get_all<T: DeserializeOwned>(path: &str) -> Result<Vec<T>, ApiError> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let page: Page<T> = get(&with_cursor(path, cursor.as_deref())).await?;
        items.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(items)
}

/// `path` with `query` (a `…QueryParams` struct) as its query string.
pub fn with_query<Q: Serialize>(path: &str, query: &Q) -> String {
    match serde_urlencoded::to_string(query) {
        Ok(query) if !query.is_empty() => format!("{path}?{query}"),
        _ => path.to_owned(),
    }
}

/// `path` (which may already have a query string) with `cursor=` added.
pub fn with_cursor(path: &str, cursor: Option<&str>) -> String {
    match cursor.and_then(|c| serde_urlencoded::to_string([("cursor", c)]).ok()) {
        Some(pair) => {
            let separator = if path.contains('?') { '&' } else { '?' };
            format!("{path}{separator}{pair}")
        }
        None => path.to_owned(),
    }
}

/// Sends one request without retrying.
pub(crate) async fn send<B: Serialize>(
    method: Method,
    path: &str,
    body: Option<&B>,
    bearer: Option<&str>,
) -> Result<Response, ApiError> {
    let json = body
        .map(encode)
        .transpose()
        .map_err(|e| ApiError::network(e.to_string()))?;
    send_json(method, path, json.as_deref(), bearer).await
}

/// Sends one request with an optional JSON text body, without retrying.
async fn send_json(
    method: Method,
    path: &str,
    json: Option<&str>,
    bearer: Option<&str>,
) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(&format!("{API_BASE}{path}"))
        .method(method)
        .header("Accept", "application/json, application/problem+json");
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match json {
        Some(json) => builder
            .header("Content-Type", "application/json")
            .body(json),
        None => builder.build(),
    }
    .map_err(|e| ApiError::network(e.to_string()))?;
    request
        .send()
        .await
        .map_err(|e| ApiError::network(e.to_string()))
}

/// Reads a response: JSON into `R` on success, the problem document otherwise.
pub(crate) async fn decode<R: DeserializeOwned>(response: Response) -> Result<R, ApiError> {
    let (status, text) = read(response).await?;
    parse(&text).map_err(|e| ApiError::unexpected(status, e.to_string()))
}

/// The status and text of a successful response; the problem document of another.
async fn read(response: Response) -> Result<(u16, String), ApiError> {
    let status = response.status();
    let text = response
        .text()
        .await
        .map_err(|e| ApiError::network(e.to_string()))?;
    if response.ok() {
        return Ok((status, text));
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|value| value.trim().parse().ok());
    Err(match serde_json::from_str::<Problem>(&text) {
        Ok(problem) => ApiError::from_problem(problem, retry_after),
        Err(_) => ApiError {
            retry_after,
            ..ApiError::unexpected(status, response.status_text())
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api_types::UserQueryParams;

    #[test]
    fn query_params_become_a_query_string() {
        let query = UserQueryParams {
            q: Some("Анна & co".into()),
            active: Some(true),
            ..Default::default()
        };
        assert_eq!(
            with_query("/users", &query),
            "/users?q=%D0%90%D0%BD%D0%BD%D0%B0+%26+co&active=true"
        );
        assert_eq!(with_query("/users", &UserQueryParams::default()), "/users");
    }

    #[test]
    fn cursors_are_appended_to_existing_queries() {
        assert_eq!(
            with_cursor("/users?limit=200", Some("a/b")),
            "/users?limit=200&cursor=a%2Fb"
        );
        assert_eq!(with_cursor("/groups", Some("x")), "/groups?cursor=x");
        assert_eq!(with_cursor("/groups", None), "/groups");
    }
}
