//! `POST /exports`: a filtered list written to a CSV or XLSX file by a background job.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{ExportRequest, FullExportRequest, JobResponse, Problem};
use crm_domain::ApiScope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::CrmUser;
use crate::error::ApiResult;
use crate::exports::{self, Caller, ExportList, FullExport};
use crate::extract::Json;
use crate::state::AppState;

/// Mounts `/exports`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_export).service(full_export);
}

/// Writes a list (contacts, deals, cases, tasks or invoices, filtered as its `GET` filters)
/// to a CSV or XLSX file, as a background job: follow it at `/jobs/{id}`. The finished job's
/// `result` is an `ExportResult` naming the file, which only the caller may download. The
/// file holds what the caller may see when the job runs; the filters are checked first.
#[utoipa::path(tag = "exports", request_body = ExportRequest, responses(
    (status = 202, body = JobResponse, headers(("Location" = String))),
    (status = 403, description = "`crm_disabled`, `crm_access_denied` or `insufficient_scope`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/exports")]
pub async fn create_export(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<ExportRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Read)?;
    let b = body.into_inner();
    let filter = b.filter.unwrap_or_default();
    if filter.chars().count() > 4000 {
        return Err(crate::error::ApiError::field(
            "filter",
            "too_long",
            "must be at most 4000 characters",
        ));
    }
    let job = ExportList {
        user_id: p.user_id(),
        kind: b.kind,
        filter,
        format: b.format.unwrap_or_default(),
        delimiter: b.delimiter.unwrap_or_default(),
        bom: b.bom.unwrap_or(true),
    };
    exports::check(&state, Caller::of(p), &job).await?;
    queue(&state, p, job).await
}

/// Queues an export job of the caller; answers 202 with it.
async fn queue(
    state: &AppState,
    p: &crate::auth::Principal,
    job: impl crate::queue::BackgroundJob + Send + 'static,
) -> ApiResult<HttpResponse> {
    let (portal_id, user_id) = (p.portal_id(), p.user_id());
    let queued = crate::db::write(&state.pool, move |conn| {
        let id = job.enqueue(conn, portal_id, Some(user_id))?;
        Ok(crm_persistence::jobs::find(conn, portal_id, id)?)
    })
    .await?;
    state.jobs_queued.notify_waiters();
    Ok(super::jobs::accepted(queued))
}

/// Writes every record of the portal to a ZIP of CSV files (contacts, their details, deals,
/// cases, tasks, invoices, history, products), as a background job for CRM administrators:
/// follow it at `/jobs/{id}`; its `result` is an `ExportResult` naming the file.
#[utoipa::path(tag = "exports", request_body = FullExportRequest, responses(
    (status = 202, body = JobResponse, headers(("Location" = String))),
    (status = 403, description = "`forbidden` (not a CRM administrator with the `admin` scope), `crm_disabled`", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/exports/full")]
pub async fn full_export(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<FullExportRequest>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require_crm_admin()?;
    let b = body.into_inner();
    let job = FullExport {
        user_id: p.user_id(),
        delimiter: b.delimiter.unwrap_or_default(),
        bom: b.bom.unwrap_or(true),
    };
    queue(&state, p, job).await
}
