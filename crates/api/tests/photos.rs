//! Contact photos.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Cursor;

use common::{spawn_app, Answer, TestApp};
use serde_json::json;

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_pixel(w, h, image::Rgba([200, 100, 50, 255]));
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

async fn put(app: &TestApp, token: &str, id: i64, bytes: Vec<u8>) -> Answer {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("me.png");
    let form = reqwest::multipart::Form::new().part("file", part);
    app.send(
        app.raw(
            reqwest::Method::PUT,
            &format!("/api/v1/contacts/{id}/photo"),
        )
        .bearer_auth(token)
        .multipart(form),
    )
    .await
}

#[actix_web::test]
async fn photos_are_scaled_cached_replaced_and_private() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "Foto", "last_name": "Graf"}),
        )
        .await;
    let id = c.body["id"].as_i64().unwrap();
    let a = put(&app, t, id, png(900, 600)).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let url = a.body["photo_url"].as_str().unwrap().to_owned();
    let res = app
        .raw(reqwest::Method::GET, &url)
        .bearer_auth(t)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/png");
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    assert!(res.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age"));
    let img = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (200, 133));
    let cached = app
        .raw(reqwest::Method::GET, &url)
        .bearer_auth(t)
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(cached.status(), 304);
    // A second photo replaces the first.
    assert_eq!(put(&app, t, id, png(10, 10)).await.status, 200);
    let small = app
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/contacts/{id}/photo"),
        )
        .bearer_auth(t)
        .send()
        .await
        .unwrap();
    assert_eq!(
        image::load_from_memory(&small.bytes().await.unwrap())
            .unwrap()
            .width(),
        10
    );
    // Private contact: nobody else sees or sets the photo.
    let (_, other) = app.user_with_role("o@example.com", "crm_user").await;
    app.get(&format!("/api/v1/contacts/{id}/photo"), &other)
        .await
        .assert_problem(404, "not_found");
    put(&app, &other, id, png(10, 10))
        .await
        .assert_problem(404, "not_found");
    let (_, foreign) = app.other_portal().await;
    let photo = format!("/api/v1/contacts/{id}/photo");
    app.get(&photo, &foreign)
        .await
        .assert_problem(404, "not_found");
    app.delete(&photo, &foreign)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(
        app.delete(&format!("/api/v1/contacts/{id}/photo"), t)
            .await
            .status,
        204
    );
    app.get(&format!("/api/v1/contacts/{id}/photo"), t)
        .await
        .assert_problem(404, "not_found");
}

#[actix_web::test]
async fn oversized_bombs_and_non_images_are_refused() {
    let app = spawn_app().await;
    let t = &app.owner_token;
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "company", "name": "Pics"}),
        )
        .await;
    let id = c.body["id"].as_i64().unwrap();
    put(&app, t, id, vec![0u8; 1024 * 1024 + 1])
        .await
        .assert_problem(413, "payload_too_large");
    let a = put(
        &app,
        t,
        id,
        b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
    )
    .await;
    a.assert_problem(422, "validation_failed");
    assert_eq!(a.fields(), ["file"]);
    let mut bomb = png(1, 1);
    bomb[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    put(&app, t, id, bomb)
        .await
        .assert_problem(422, "validation_failed");
}
