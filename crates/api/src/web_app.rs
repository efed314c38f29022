//! Serves the single-page app: its content-hashed files (sent precompressed when the build wrote
//! brotli or gzip copies beside them), and `index.html` for every client route.

use std::path::{Path, PathBuf};

use actix_files::NamedFile;
use actix_web::dev::ServiceRequest;
use actix_web::http::header::{
    self, AcceptEncoding, ContentEncoding, Encoding, Header as _, HeaderValue, Preference, Quality,
};
use actix_web::{guard, web, App, HttpRequest, HttpResponse};

use crate::error::ApiError;

/// `app-1a2b3c4d5e6f7a8b.js`: a name with a hex content hash of 8 or more characters.
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Adds the SPA under `/` when `web_dir` holds a build; without one, client routes get a 404.
pub fn mount<T>(app: App<T>, web_dir: &Path) -> App<T>
where
    T: actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Error = actix_web::Error,
        InitError = (),
    >,
{
    let dir = web_dir.to_path_buf();
    if dir.join("index.html").is_file() {
        let index = dir.join("index.html");
        let assets = dir.clone();
        app.service(
            web::resource("/{asset}")
                .guard(guard::fn_guard(|ctx| {
                    is_hashed_asset(ctx.head().uri.path())
                }))
                .guard(guard::Any(guard::Get()).or(guard::Head()))
                .to(move |req: HttpRequest| hashed_asset(req, assets.clone())),
        )
        .service(
            actix_files::Files::new("/", &dir)
                .index_file("index.html")
                .use_etag(true)
                .default_handler(web::to(move |req: HttpRequest| {
                    spa_fallback(req, index.clone())
                })),
        )
    } else {
        tracing::warn!(dir = %dir.display(), "the SPA is not built; `make run` builds it");
        app.default_service(web::to(|req: HttpRequest| {
            spa_fallback(req, PathBuf::new())
        }))
    }
}

/// A content-hashed file of the build, as the brotli or gzip copy beside it when the client
/// takes that coding (brotli preferred at equal weight), else as is.
async fn hashed_asset(req: HttpRequest, dir: PathBuf) -> Result<HttpResponse, ApiError> {
    let name = req.match_info().query("asset");
    let plain_name = !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    let plain = dir.join(name);
    if !plain_name || !plain.is_file() {
        return Err(ApiError::NotFound);
    }
    let content_type = actix_files::file_extension_to_mime(
        plain
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default(),
    );
    let mut file = None;
    for (coding, suffix) in accepted_codings(&req) {
        let packed = dir.join(format!("{name}.{suffix}"));
        if let Ok(f) = NamedFile::open_async(&packed).await {
            file = Some(f.set_content_encoding(coding));
            break;
        }
    }
    let file = match file {
        Some(f) => f,
        None => NamedFile::open_async(&plain)
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("opening {}: {e}", plain.display())))?,
    };
    let mut res = file
        .set_content_type(content_type)
        .disable_content_disposition()
        .into_response(&req);
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    Ok(res)
}

/// The precompressed codings the client accepts, best first: brotli before gzip unless the
/// client weighs gzip higher; none without an `Accept-Encoding` header.
fn accepted_codings(req: &HttpRequest) -> Vec<(ContentEncoding, &'static str)> {
    let Ok(accept) = AcceptEncoding::parse(req) else {
        return Vec::new();
    };
    let weight = |wanted: Encoding| {
        let mut any = None;
        for item in &accept.0 {
            match &item.item {
                Preference::Specific(e) if *e == wanted => return item.quality,
                Preference::Any => any = Some(item.quality),
                Preference::Specific(_) => {}
            }
        }
        any.unwrap_or(Quality::ZERO)
    };
    let mut codings = [
        (weight(Encoding::brotli()), ContentEncoding::Brotli, "br"),
        (weight(Encoding::gzip()), ContentEncoding::Gzip, "gz"),
    ];
    // A stable sort keeps brotli first on equal weight.
    codings.sort_by_key(|c| std::cmp::Reverse(c.0));
    codings
        .into_iter()
        .filter(|(q, ..)| *q > Quality::ZERO)
        .map(|(_, coding, suffix)| (coding, suffix))
        .collect()
}

/// Client routes get `index.html`; unknown API paths get a 404 problem.
async fn spa_fallback(req: HttpRequest, index: PathBuf) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if path.starts_with("/api/") || path.starts_with("/health/") || index.as_os_str().is_empty() {
        return Err(ApiError::NotFound);
    }
    let html = tokio::fs::read(&index)
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading {}: {e}", index.display())))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(html))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn only_content_hashed_names_are_immutable() {
        assert!(is_hashed_asset("/app-0123456789abcdef.js"));
        assert!(is_hashed_asset("/app-0123456789abcdef_bg.wasm"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/users/12"));
        assert!(!is_hashed_asset("/my-page"));
    }
}
