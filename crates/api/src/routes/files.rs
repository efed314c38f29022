//! `/files`: upload (multipart) and download of stored files. A file is visible to whoever
//! may see the record whose history carries it; before it is attached, to its uploader only.

use actix_multipart::Multipart;
use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use crm_api_types::{FileResponse, Problem};
use crm_domain::ApiScope;
use crm_persistence::files::{self, FileRow, NewFile};
use crm_persistence::records;
use futures_util::StreamExt as _;
use sha2::{Digest as _, Sha256};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::secret::random_bytes;
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::routes::views::utc;
use crate::state::{now, AppState};

/// Mounts `/files`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload).service(download);
}

/// The upload form.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    /// The file.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// A file as the API shows it.
pub fn view(f: &FileRow) -> FileResponse {
    FileResponse {
        id: f.id,
        name: f.file_name.clone(),
        content_type: f.content_type.clone(),
        size: f.size_bytes,
        sha256: f.sha256.clone(),
        created_by: f.created_by,
        created_at: utc(f.created_at),
        url: format!("/api/v1/files/{}", f.id),
    }
}

/// A safe file name: the last path segment, no control characters, at most 200 characters.
fn clean_name(raw: Option<&str>) -> String {
    let base = raw
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let name: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    let name = name.trim().to_owned();
    if name.is_empty() || name == "." || name == ".." {
        "file".into()
    } else {
        name
    }
}

/// The file part of a multipart form.
pub struct Upload {
    /// Cleaned file name.
    pub name: String,
    /// Media type the client declared.
    pub declared: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Reads the form field `file`, refusing more than `limit` bytes (413) while reading.
pub async fn read_upload(mut form: Multipart, limit: usize) -> Result<Upload, ApiError> {
    while let Some(field) = form.next().await {
        let mut field = field.map_err(multipart_error)?;
        if field.name() != Some("file") {
            continue;
        }
        let name = clean_name(field.content_disposition().and_then(|d| d.get_filename()));
        let declared = field.content_type().map(|m| m.essence_str().to_owned());
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            if bytes.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        return Ok(Upload {
            name,
            declared,
            bytes,
        });
    }
    Err(ApiError::field(
        "file",
        "required",
        "send the file in a form field named `file`",
    ))
}

/// A form that cannot be read: 415 when the body is not `multipart/form-data` at all, 422
/// naming the `file` field when the form itself is broken.
fn multipart_error(e: actix_multipart::MultipartError) -> ApiError {
    use actix_multipart::MultipartError as E;
    match e {
        E::ContentTypeMissing
        | E::ContentTypeParse
        | E::ContentTypeIncompatible
        | E::BoundaryMissing => ApiError::UnsupportedMediaType {
            expected: "multipart/form-data",
        },
        other => ApiError::field(
            "file",
            "malformed_multipart",
            format!(
                "the form could not be read: {}",
                other.to_string().to_lowercase()
            ),
        ),
    }
}

/// A new storage key of the portal, `<portal id>/<random hex>`.
fn new_key(portal_id: i64) -> String {
    let name: String = random_bytes(16)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{portal_id}/{name}")
}

/// Bytes put in the file store that a database row must still record.
pub struct Stored {
    /// Storage key, `<portal id>/<random hex>`.
    pub key: String,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    /// Size in bytes.
    pub size: i64,
}

impl Stored {
    /// Puts bytes in the store under a new key of the portal.
    pub async fn put(state: &AppState, portal_id: i64, bytes: Vec<u8>) -> Result<Self, ApiError> {
        let stored = Self {
            key: new_key(portal_id),
            sha256: format!("{:x}", Sha256::digest(&bytes)),
            size: i64::try_from(bytes.len()).unwrap_or(i64::MAX),
        };
        state
            .files
            .put(stored.key.clone(), bytes)
            .await
            .map_err(ApiError::Internal)?;
        Ok(stored)
    }

    /// Puts the content of a local file in the store under a new key of the portal, reading
    /// it in pieces.
    pub async fn put_file(
        state: &AppState,
        portal_id: i64,
        path: std::path::PathBuf,
    ) -> Result<Self, ApiError> {
        let read = path.clone();
        let (sha256, size) = tokio::task::spawn_blocking(move || {
            let mut file = std::fs::File::open(&read)?;
            let mut hasher = Sha256::new();
            let size = std::io::copy(&mut file, &mut hasher)?;
            Ok::<_, std::io::Error>((format!("{:x}", hasher.finalize()), size))
        })
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|e| ApiError::Internal(e.into()))?;
        let stored = Self {
            key: new_key(portal_id),
            sha256,
            size: i64::try_from(size).unwrap_or(i64::MAX),
        };
        state
            .files
            .put_file(stored.key.clone(), path)
            .await
            .map_err(ApiError::Internal)?;
        Ok(stored)
    }

    /// The row that records the stored bytes.
    pub fn record(
        &self,
        conn: &mut crm_persistence::DbConnection,
        portal_id: i64,
        name: &str,
        content_type: &str,
        created_by: i64,
    ) -> crm_persistence::error::StoreResult<FileRow> {
        files::create(
            conn,
            &NewFile {
                portal_id,
                storage_key: &self.key,
                file_name: name,
                content_type,
                size_bytes: self.size,
                sha256: &self.sha256,
                created_by,
                created_at: now(),
            },
        )
    }
}

/// The bytes of a stored file, or `None` when the client's copy (`If-None-Match`) is current.
pub async fn fresh_bytes(
    state: &AppState,
    req: &HttpRequest,
    file: &FileRow,
) -> Result<Option<Vec<u8>>, ApiError> {
    if client_has(req, file) {
        return Ok(None);
    }
    state
        .files
        .get(file.storage_key.clone())
        .await
        .map(Some)
        .map_err(ApiError::Internal)
}

/// Whether the client's copy of the file (`If-None-Match`) is current.
fn client_has(req: &HttpRequest, file: &FileRow) -> bool {
    let tag = format!("\"{}\"", file.sha256);
    req.headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(tag.as_str())
}

/// The answer when the client's copy of a file is current.
pub fn not_modified(file: &FileRow) -> HttpResponse {
    HttpResponse::NotModified()
        .insert_header(("ETag", format!("\"{}\"", file.sha256)))
        .finish()
}

/// Uploads one file (form field `file`). Executables are refused; the media type is taken
/// from the content where it can be recognised.
#[utoipa::path(tag = "files", request_body(content = UploadForm, content_type = "multipart/form-data"), responses(
    (status = 201, body = FileResponse),
    (status = 413, body = Problem, content_type = "application/problem+json"),
))]
#[post("/files")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id()))]
pub async fn upload(
    state: web::Data<AppState>,
    user: CrmUser,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let Upload {
        name,
        declared,
        bytes,
    } = read_upload(form, state.max_upload_bytes).await?;
    let detected = infer::get(&bytes);
    if detected.is_some_and(|k| k.matcher_type() == infer::MatcherType::App) {
        return Err(ApiError::field(
            "file",
            "file_type_not_allowed",
            "programs cannot be uploaded",
        ));
    }
    let content_type = detected
        .map(|k| k.mime_type().to_owned())
        .or(declared.filter(|d| !d.is_empty()))
        .unwrap_or_else(|| "application/octet-stream".into());
    let (portal_id, user_id) = (user.0.portal_id(), user.0.user_id());
    let stored = Stored::put(&state, portal_id, bytes).await?;
    let key = stored.key.clone();
    let row = db::write(&state.pool, move |conn| {
        Ok(stored.record(conn, portal_id, &name, &content_type, user_id)?)
    })
    .await;
    match row {
        Ok(row) => Ok(HttpResponse::Created()
            .insert_header(("Location", format!("/api/v1/files/{}", row.id)))
            .json(view(&row))),
        Err(e) => {
            crate::storage::remove_all(state.files.as_ref(), vec![key]).await;
            Err(e)
        }
    }
}

/// Downloads a file. Always sent as an attachment with a sandboxing policy, so stored HTML or
/// SVG never runs in the app's origin.
#[utoipa::path(tag = "files", params(("id" = i64, Path, description = "File id")), responses(
    (status = 200, description = "The bytes, with the media type read from their content at upload (else the one declared then, else `application/octet-stream`)", content_type = "*/*"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/files/{id}")]
pub async fn download(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let viewer = user.0.viewer();
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let row = db::run(&state.pool, move |conn| {
        let row = files::find(conn, portal_id, id)?;
        let visible = match files::owner(conn, id)? {
            Some(record) => records::is_visible(conn, portal_id, viewer, record)?,
            None => row.created_by == viewer.user_id.get(),
        };
        if visible {
            Ok(row)
        } else {
            Err(ApiError::NotFound)
        }
    })
    .await?;
    if client_has(&req, &row) {
        return Ok(not_modified(&row));
    }
    // Streamed: an export may be larger than is worth holding in memory.
    let pieces = state
        .files
        .stream(row.storage_key.clone())
        .await
        .map_err(ApiError::Internal)?;
    let size = u64::try_from(row.size_bytes).unwrap_or(0);
    Ok(HttpResponse::Ok()
        .no_chunking(size)
        .content_type(row.content_type.clone())
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(row.file_name.clone())],
        })
        .insert_header(("ETag", format!("\"{}\"", row.sha256)))
        .insert_header((header::CACHE_CONTROL, "private, no-cache"))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; sandbox",
        ))
        .streaming(pieces))
}

#[cfg(test)]
mod tests {
    use super::clean_name;

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(clean_name(Some("C:\\Users\\x\\отчёт.pdf")), "отчёт.pdf");
        assert_eq!(clean_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(clean_name(Some("a\u{0}b\n.txt")), "ab.txt");
        assert_eq!(clean_name(Some("..")), "file");
        assert_eq!(clean_name(None), "file");
    }
}
