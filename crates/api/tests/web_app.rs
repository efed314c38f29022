//! The web app's files: precompressed copies sent by the client's accepted coding, cached
//! forever under their content-hashed names; `index.html` for client routes.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::spawn_app_with;
use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_TYPE, VARY,
};

const SCRIPT: &str = "app-0123456789abcdef.js";

#[actix_web::test]
async fn hashed_files_go_precompressed_by_the_accepted_coding_and_client_routes_get_the_page() {
    let web = tempfile::tempdir().unwrap();
    let dir = web.path().to_path_buf();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>CRM</title>").unwrap();
    std::fs::write(dir.join(SCRIPT), "console.log('plain');".repeat(50)).unwrap();
    std::fs::write(dir.join(format!("{SCRIPT}.br")), b"brotli bytes").unwrap();
    std::fs::write(dir.join(format!("{SCRIPT}.gz")), b"gzip bytes").unwrap();
    std::fs::write(dir.join("style-0123456789abcdef.css"), "body{}").unwrap();
    let app = spawn_app_with(|a| a.web_dir = dir).await;

    let fetch = |path: &'static str, accept: Option<&'static str>| {
        let mut req = app.raw(reqwest::Method::GET, path);
        if let Some(accept) = accept {
            req = req.header(ACCEPT_ENCODING, accept);
        }
        req.send()
    };
    let header = |res: &reqwest::Response, name| {
        res.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };

    // Browsers list gzip first at equal weight; brotli is the smaller.
    let res = fetch("/app-0123456789abcdef.js", Some("gzip, deflate, br, zstd"))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, CONTENT_ENCODING).as_deref(), Some("br"));
    assert_eq!(
        header(&res, CONTENT_TYPE).as_deref(),
        Some("text/javascript")
    );
    assert_eq!(header(&res, VARY).as_deref(), Some("accept-encoding"));
    assert_eq!(
        header(&res, CACHE_CONTROL).as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert!(header(&res, CONTENT_DISPOSITION).is_none());
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"brotli bytes");

    let res = fetch("/app-0123456789abcdef.js", Some("br;q=0.5, gzip"))
        .await
        .unwrap();
    assert_eq!(header(&res, CONTENT_ENCODING).as_deref(), Some("gzip"));
    assert_eq!(res.bytes().await.unwrap().as_ref(), b"gzip bytes");

    let res = fetch("/app-0123456789abcdef.js", None).await.unwrap();
    assert_eq!(header(&res, CONTENT_ENCODING), None);
    assert_eq!(
        res.text().await.unwrap(),
        "console.log('plain');".repeat(50)
    );

    // Without a precompressed copy the file is compressed on the fly, never twice.
    let res = fetch("/style-0123456789abcdef.css", Some("br"))
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        header(&res, CONTENT_TYPE).as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(header(&res, CONTENT_ENCODING).as_deref() != Some("gzip"));

    // A hashed name that is not in the build is a 404, not the page.
    let res = fetch("/app-fedcba9876543210.js", None).await.unwrap();
    assert_eq!(res.status(), 404);
    let res = fetch("/..%2fapp-0123456789abcdef.js", None).await.unwrap();
    assert!(res.status().is_client_error(), "{}", res.status());

    let res = fetch("/contacts/12", None).await.unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, CACHE_CONTROL).as_deref(), Some("no-cache"));
    assert!(res.text().await.unwrap().contains("<title>CRM</title>"));
}
