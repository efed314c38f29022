//! Files over the API: multipart uploads, and downloads that need the Bearer token and so
//! reach the browser as blobs behind object URLs.

use gloo_net::http::{RequestBuilder, Response};
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, File, FormData, HtmlAnchorElement, Url};

use super::api::{authorised, decode, Method, API_BASE};
use super::ApiError;

/// Milliseconds a downloaded file's object URL lives: long enough for the browser to start
/// saving it.
const DOWNLOAD_URL_LIFETIME_MS: u32 = 60_000;

/// A path below the API (`/files`) or an address the API gave out (`/api/v1/files/3`), as a
/// URL of the SPA's origin.
pub fn api_url(path: &str) -> String {
    if path.starts_with(API_BASE) {
        path.to_owned()
    } else {
        format!("{API_BASE}{path}")
    }
}

fn js_error(error: JsValue) -> ApiError {
    ApiError::network(format!("{error:?}"))
}

/// Sends one request of `method` to `url` with `body`, with the Bearer token.
async fn send_raw(
    method: Method,
    url: &str,
    body: Option<JsValue>,
    token: Option<String>,
) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(url)
        .method(method)
        .header("Accept", "application/json, application/problem+json, */*");
    if let Some(token) = token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    // No Content-Type for forms: the browser writes it with the multipart boundary.
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|e| ApiError::network(e.to_string()))?;
    request
        .send()
        .await
        .map_err(|e| ApiError::network(e.to_string()))
}

/// Sends `file` as the form field `file` with `method` to `path` and decodes the JSON answer.
pub async fn upload<R: DeserializeOwned>(
    method: Method,
    path: &str,
    file: &File,
) -> Result<R, ApiError> {
    let form = FormData::new().map_err(js_error)?;
    form.append_with_blob_and_filename("file", file, &file.name())
        .map_err(js_error)?;
    let url = api_url(path);
    let response = authorised(|token| {
        let (method, url, form) = (method.clone(), url.clone(), form.clone());
        async move { send_raw(method, &url, Some(form.into()), token).await }
    })
    .await?;
    decode(response).await
}

/// Fetches `path` with the Bearer token as a blob.
pub async fn fetch_blob(path: &str) -> Result<Blob, ApiError> {
    let url = api_url(path);
    let response = authorised(|token| {
        let url = url.clone();
        async move { send_raw(Method::GET, &url, None, token).await }
    })
    .await?;
    if !response.ok() {
        // Reuses the problem decoding; an error answer never decodes into `()`.
        return match decode::<()>(response).await {
            Err(error) => Err(error),
            Ok(()) => Err(ApiError::unexpected(0, "download failed")),
        };
    }
    let raw: web_sys::Response = response.into();
    let blob = JsFuture::from(raw.blob().map_err(js_error)?)
        .await
        .map_err(js_error)?;
    blob.dyn_into::<Blob>().map_err(js_error)
}

/// Fetches `path` with the Bearer token and gives an object URL for it (revoke it with
/// [`revoke`] when done).
pub async fn object_url(path: &str) -> Result<String, ApiError> {
    let blob = fetch_blob(path).await?;
    Url::create_object_url_with_blob(&blob).map_err(js_error)
}

/// Frees an object URL.
pub fn revoke(url: &str) {
    let _ignored = Url::revoke_object_url(url);
}

/// Downloads `path` with the Bearer token and hands it to the browser to save as `name`.
pub async fn download(path: &str, name: &str) -> Result<(), ApiError> {
    let url = object_url(path).await?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| ApiError::network("no document"))?;
    let link: HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_error)?
        .dyn_into()
        .map_err(|_| ApiError::network("not a link"))?;
    link.set_href(&url);
    link.set_download(name);
    link.set_hidden(true);
    if let Some(body) = document.body() {
        let _ignored = body.append_child(&link);
    }
    link.click();
    link.remove();
    Timeout::new(DOWNLOAD_URL_LIFETIME_MS, move || revoke(&url)).forget();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_from_the_api_are_kept_and_paths_get_the_base() {
        assert_eq!(api_url("/api/v1/files/3"), "/api/v1/files/3");
        assert_eq!(api_url("/files"), "/api/v1/files");
    }
}
