//! Contact photos.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{spawn_app, Answer, TestApp};
use serde_json::json;

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
    let a = put(&app, t, id, common::png(900, 600)).await;
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
    assert_eq!(put(&app, t, id, common::png(10, 10)).await.status, 200);
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
    put(&app, &other, id, common::png(10, 10))
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
    put(&app, t, id, vec![0u8; 20 * 1024 * 1024 + 1])
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
    let mut bomb = common::png(1, 1);
    bomb[16..20].copy_from_slice(&60_000u32.to_be_bytes());
    bomb[20..24].copy_from_slice(&60_000u32.to_be_bytes());
    put(&app, t, id, bomb)
        .await
        .assert_problem(422, "validation_failed");
}

/// A JPEG of `w`×`h` of noise (so that it is as large as a phone's), with EXIF
/// `orientation` when given.
fn phone_jpeg(w: u32, h: u32, orientation: Option<u16>) -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let img = image::RgbImage::from_fn(w, h, |x, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        // The left half dark, the right half light, with noise.
        let base: u8 = if x < w / 2 { 20 } else { 220 };
        let noise = (seed % 30) as u8;
        image::Rgb([base.saturating_add(noise), base, base])
    });
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95);
    if let Some(o) = orientation {
        // A little-endian TIFF header with one IFD entry: Orientation (0x0112), SHORT, 1.
        let mut exif = b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0".to_vec();
        exif.extend_from_slice(&o.to_le_bytes());
        exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        image::ImageEncoder::set_exif_metadata(&mut encoder, exif).unwrap();
    }
    image::ImageEncoder::write_image(encoder, &img, w, h, image::ExtendedColorType::Rgb8).unwrap();
    out
}

#[actix_web::test]
async fn a_phone_photo_of_many_megabytes_is_taken_turned_upright_and_scaled() {
    // 4032×3024, as a 12-megapixel phone camera writes it, turned by EXIF (6: rotate 90°).
    // Made before the server starts: drawing it takes longer than the server keeps an idle
    // connection open, and the client would send it on a connection being closed.
    let bytes = phone_jpeg(4032, 3024, Some(6));
    assert!(bytes.len() > 3 * 1024 * 1024, "{} bytes", bytes.len());
    let app = spawn_app().await;
    let t = &app.owner_token;
    let c = app
        .post(
            "/api/v1/contacts",
            t,
            &json!({"kind": "person", "first_name": "Phone", "last_name": "Photo"}),
        )
        .await;
    let id = c.body["id"].as_i64().unwrap();
    let a = put(&app, t, id, bytes).await;
    assert_eq!(a.status, 200, "{}", a.body);
    let photo = app
        .raw(
            reqwest::Method::GET,
            &format!("/api/v1/contacts/{id}/photo"),
        )
        .bearer_auth(t)
        .send()
        .await
        .unwrap();
    assert_eq!(photo.status(), 200);
    let stored = image::load_from_memory(&photo.bytes().await.unwrap()).unwrap();
    // Upright: taller than wide, scaled into 200×300.
    assert_eq!((stored.width(), stored.height()), (200, 267));
    // Turned clockwise: the dark left half of the sensor is now the top.
    let top = stored.to_rgb8().get_pixel(100, 20).0[0];
    let bottom = stored.to_rgb8().get_pixel(100, 246).0[0];
    assert!(top < 100 && bottom > 150, "top {top}, bottom {bottom}");
}
