//! `PUT/GET/DELETE /contacts/{id}/photo`: JPEG, PNG, WebP or GIF up to 20 MB and 120
//! megapixels (what phones take), turned upright by its EXIF orientation; larger than 200×300
//! is scaled down; decoding bombs are refused before any pixel is decoded.

use std::io::Cursor;

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::{delete, get, put, web, HttpRequest, HttpResponse};
use crm_api_types::{ContactResponse, Problem};
use crm_domain::ApiScope;
use crm_persistence::contacts;
use crm_persistence::files;
use image::{ImageDecoder, ImageFormat, ImageReader, Limits};

use super::view;
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::routes::files::{fresh_bytes, not_modified, Stored};
use crate::state::{now, AppState};

/// Largest photo upload.
pub const MAX_PHOTO_BYTES: usize = 20 * 1024 * 1024;
/// Largest stored photo, in pixels.
const MAX_WIDTH: u32 = 200;
const MAX_HEIGHT: u32 = 300;
/// Largest declared side and pixel count accepted before decoding (a 108-megapixel phone
/// photo fits; a small file claiming more is a bomb).
const MAX_SOURCE_SIDE: u32 = 16_384;
const MAX_SOURCE_PIXELS: u64 = 120_000_000;
/// Most memory one decoding may take (120 megapixels of RGBA).
const MAX_DECODE_BYTES: u64 = 512 * 1024 * 1024;

/// The upload form.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct PhotoForm {
    /// The image.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Checks, decodes and scales an image; answers the stored bytes and their media type.
pub fn process(bytes: &[u8]) -> Result<(Vec<u8>, &'static str), ApiError> {
    let invalid = |m: &str| ApiError::field("file", "invalid_image", m.to_owned());
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| invalid("unreadable image"))?;
    let format = reader
        .format()
        .ok_or_else(|| invalid("must be JPEG, PNG, WebP or GIF"))?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif
    ) {
        return Err(invalid("must be JPEG, PNG, WebP or GIF"));
    }
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|_| invalid("unreadable image"))?;
    let pixels = u64::from(w) * u64::from(h);
    if w == 0 || h == 0 || w > MAX_SOURCE_SIDE || h > MAX_SOURCE_SIDE || pixels > MAX_SOURCE_PIXELS
    {
        return Err(invalid("the image is too large in pixels"));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SOURCE_SIDE);
    limits.max_image_height = Some(MAX_SOURCE_SIDE);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    reader.limits(limits);
    let mut decoder = reader
        .into_decoder()
        .map_err(|_| invalid("unreadable image"))?;
    // Phones store a photo as the sensor saw it and say in EXIF how to turn it.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img =
        image::DynamicImage::from_decoder(decoder).map_err(|_| invalid("unreadable image"))?;
    img.apply_orientation(orientation);
    let img = if img.width() > MAX_WIDTH || img.height() > MAX_HEIGHT {
        img.resize(MAX_WIDTH, MAX_HEIGHT, image::imageops::FilterType::Lanczos3)
    } else {
        img
    };
    let mut out = Cursor::new(Vec::new());
    let (fmt, mime) = if format == ImageFormat::Jpeg {
        (ImageFormat::Jpeg, "image/jpeg")
    } else {
        (ImageFormat::Png, "image/png")
    };
    let img = if fmt == ImageFormat::Jpeg {
        image::DynamicImage::ImageRgb8(img.to_rgb8())
    } else {
        img
    };
    img.write_to(&mut out, fmt)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("encoding a photo: {e}")))?;
    Ok((out.into_inner(), mime))
}

/// Sets a contact's photo (form field `file`).
#[utoipa::path(tag = "contacts", params(("id" = i64, Path, description = "Contact id")),
    request_body(content = PhotoForm, content_type = "multipart/form-data"), responses(
        (status = 200, body = ContactResponse),
        (status = 413, body = Problem, content_type = "application/problem+json"),
))]
#[put("/contacts/{id}/photo")]
pub async fn put_photo(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let viewer = user.0.viewer();
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    db::run(&state.pool, move |conn| {
        super::editable(conn, portal_id, viewer, id)
    })
    .await?;
    let raw = crate::routes::files::read_upload(form, MAX_PHOTO_BYTES)
        .await?
        .bytes;
    let (bytes, mime) = web::block(move || process(&raw))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))??;
    let stored = Stored::put(&state, portal_id, bytes).await?;
    let key = stored.key.clone();
    let result = db::write(&state.pool, move |conn| {
        // Checked again here: the contact may have changed while the image was processed.
        super::editable(conn, portal_id, viewer, id)?;
        let now = now();
        let file = stored.record(conn, portal_id, "photo", mime, viewer.user_id.get())?;
        let old = contacts::set_photo(
            conn,
            portal_id,
            id,
            Some(file.id),
            viewer.user_id.get(),
            now,
        )?;
        Ok((contacts::find_visible(conn, portal_id, viewer, id)?, old))
    })
    .await;
    match result {
        Ok((record, old)) => {
            crate::storage::remove_all(state.files.as_ref(), old.into_iter().collect()).await;
            Ok(HttpResponse::Ok().json(view::contact(record, viewer)))
        }
        Err(e) => {
            crate::storage::remove_all(state.files.as_ref(), vec![key]).await;
            Err(e)
        }
    }
}

/// A contact's photo, cached by the browser and revalidated by its digest.
#[utoipa::path(tag = "contacts", params(("id" = i64, Path, description = "Contact id")), responses(
    (status = 200, description = "The image", content_type = "image/*"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/contacts/{id}/photo")]
pub async fn get_photo(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let viewer = user.0.viewer();
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let file = db::run(&state.pool, move |conn| {
        let record = contacts::find_visible(conn, portal_id, viewer, id)?;
        let file_id = record.contact.photo_file_id.ok_or(ApiError::NotFound)?;
        Ok(files::find(conn, portal_id, file_id)?)
    })
    .await?;
    let Some(bytes) = fresh_bytes(&state, &req, &file).await? else {
        return Ok(not_modified(&file));
    };
    let tag = format!("\"{}\"", file.sha256);
    Ok(HttpResponse::Ok()
        .content_type(file.content_type)
        .insert_header(("ETag", tag))
        .insert_header((header::CACHE_CONTROL, "private, max-age=300"))
        .body(bytes))
}

/// Removes a contact's photo.
#[utoipa::path(tag = "contacts", params(("id" = i64, Path, description = "Contact id")), responses((status = 204, description = "Removed")))]
#[delete("/contacts/{id}/photo")]
pub async fn delete_photo(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let viewer = user.0.viewer();
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let old = db::write(&state.pool, move |conn| {
        super::editable(conn, portal_id, viewer, id)?;
        Ok(contacts::set_photo(
            conn,
            portal_id,
            id,
            None,
            viewer.user_id.get(),
            now(),
        )?)
    })
    .await?;
    crate::storage::remove_all(state.files.as_ref(), old.into_iter().collect()).await;
    Ok(HttpResponse::NoContent().finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_pixel(w, h, image::Rgba([10, 20, 30, 255]));
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgba8(img)
            .write_to(&mut out, ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn large_photos_are_scaled_into_200_by_300() {
        let (bytes, mime) = process(&png(800, 600)).unwrap();
        assert_eq!(mime, "image/png");
        let img = image::load_from_memory(&bytes).unwrap();
        assert_eq!((img.width(), img.height()), (200, 150));
        let (small, _) = process(&png(50, 40)).unwrap();
        assert_eq!(image::load_from_memory(&small).unwrap().width(), 50);
    }

    #[test]
    fn bombs_and_non_images_are_refused() {
        // A PNG header claiming 100000×100000 pixels.
        let mut bomb = png(1, 1);
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        assert!(process(&bomb).is_err());
        assert!(process(b"%PDF-1.4 not an image").is_err());
    }
}
