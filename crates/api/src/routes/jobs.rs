//! `/jobs/{id}`: progress and result of background jobs, also as a server-sent event stream.
//! A job is seen by the user who started it and by CRM admins.

use std::time::Duration;

use actix_web::web::Bytes;
use actix_web::{get, web, HttpRequest, HttpResponse};
use crm_api_types::{JobResponse, JobStateName, Problem, StreamQueryParams};
use crm_domain::ApiScope;
use crm_persistence::jobs::{self, JobRow};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{CrmUser, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::Query;
use crate::routes::views::utc;
use crate::state::AppState;

/// Mounts `/jobs`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_job).service(job_events);
}

/// How often a job stream looks at the job.
const POLL: Duration = Duration::from_millis(500);
/// How often a quiet stream sends a comment so proxies keep it open.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// The answer to a request that queued `job`: 202 with where to follow it.
pub fn accepted(job: JobRow) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Accepted()
        .insert_header(("Location", format!("/api/v1/jobs/{}", job.id)))
        .json(view(job))
}

/// A stored job as the API shows it.
pub fn view(j: JobRow) -> JobResponse {
    let state = match j.state.as_str() {
        "running" => JobStateName::Running,
        "succeeded" => JobStateName::Succeeded,
        "failed" => JobStateName::Failed,
        _ => JobStateName::Queued,
    };
    JobResponse {
        id: j.id,
        kind: j.kind,
        state,
        progress_done: j.progress_done,
        progress_total: j.progress_total,
        result: j.result.and_then(|r| serde_json::from_str(&r).ok()),
        error: j.error,
        attempts: j.attempts,
        created_at: utc(j.created_at),
        updated_at: utc(j.updated_at),
        finished_at: j.finished_at.map(utc),
    }
}

fn visible(p: &Principal, j: &JobRow) -> bool {
    p.viewer().is_crm_admin || j.created_by == Some(p.user_id())
}

async fn load(state: &web::Data<AppState>, p: &Principal, id: i64) -> Result<JobRow, ApiError> {
    let portal_id = p.portal_id();
    let job = db::run(&state.pool, move |conn| {
        Ok(jobs::find(conn, portal_id, id)?)
    })
    .await?;
    if !visible(p, &job) {
        return Err(ApiError::NotFound);
    }
    Ok(job)
}

/// A job: state, progress, result or error.
#[utoipa::path(tag = "jobs", params(("id" = i64, Path, description = "Job id")), responses(
    (status = 200, body = JobResponse),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/jobs/{id}")]
pub async fn get_job(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let job = load(&state, &user.0, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view(job)))
}

fn finished(j: &JobResponse) -> bool {
    matches!(j.state, JobStateName::Succeeded | JobStateName::Failed)
}

/// The job as server-sent events (`event: job`, data a `JobResponse`) whenever it changes;
/// the stream ends after the job succeeds or fails. Authenticate with a Bearer token or a
/// `ticket` from `/notifications/stream-ticket`.
#[utoipa::path(tag = "jobs", params(("id" = i64, Path, description = "Job id"), StreamQueryParams), responses(
    (status = 200, description = "An event stream", content_type = "text/event-stream"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/jobs/{id}/events")]
pub async fn job_events(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i64>,
    query: Query<StreamQueryParams>,
) -> ApiResult<HttpResponse> {
    let p =
        super::notifications::stream_principal(&state, &req, query.into_inner()?.ticket).await?;
    let p = CrmUser::check(&state, p).await?.0;
    p.require(ApiScope::Read)?;
    let id = id.into_inner();
    let first = view(load(&state, &p, id).await?);
    let (portal_id, user_id, credential) = (p.portal_id(), p.user_id(), p.method.clone());
    let stopping = state.stopping.clone();
    let events = futures_util::stream::unfold(
        (state, Some(first), None::<JobResponse>, stopping),
        move |(state, next, last, mut stopping)| {
            let credential = credential.clone();
            async move {
                if let Some(job) = next {
                    let data = serde_json::to_string(&job).unwrap_or_default();
                    return Some((
                        Ok::<_, actix_web::Error>(Bytes::from(format!(
                            "retry: 3000\nevent: job\ndata: {data}\n\n"
                        ))),
                        (state, None, Some(job), stopping),
                    ));
                }
                if last.as_ref().is_some_and(finished) {
                    return None;
                }
                let mut quiet = Duration::ZERO;
                loop {
                    if *stopping.borrow() {
                        return None;
                    }
                    tokio::select! {
                        Ok(()) = stopping.changed() => continue,
                        () = tokio::time::sleep(POLL) => quiet += POLL,
                    }
                    let cred = credential.clone();
                    let fresh = db::run(&state.pool, move |conn| {
                        // The stream lives as long as its credential, like the notification
                        // stream.
                        if !super::notifications::still_valid(conn, portal_id, user_id, &cred)? {
                            return Ok(None);
                        }
                        Ok(Some(jobs::find(conn, portal_id, id)?))
                    })
                    .await
                    .map(|j| j.map(view));
                    match fresh {
                        Ok(None) => return None,
                        Ok(Some(job)) if Some(&job) != last.as_ref() => {
                            let data = serde_json::to_string(&job).unwrap_or_default();
                            return Some((
                                Ok(Bytes::from(format!("event: job\ndata: {data}\n\n"))),
                                (state, None, Some(job), stopping),
                            ));
                        }
                        Ok(Some(_)) => {}
                        Err(e) => tracing::warn!(error = %e, "job stream query failed"),
                    }
                    if quiet >= KEEPALIVE {
                        return Some((
                            Ok(Bytes::from_static(b": keepalive\n\n")),
                            (state, None, last, stopping),
                        ));
                    }
                }
            }
        },
    );
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header(("Cache-Control", "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(events))
}
