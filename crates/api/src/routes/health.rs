//! Liveness and readiness probes.

use actix_web::{get, web, HttpResponse};
use crm_api_types::HealthResponse;
use diesel::connection::SimpleConnection as _;

use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;

fn ok() -> HealthResponse {
    HealthResponse {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}

/// The process is up.
#[utoipa::path(tag = "health", security(()), responses((status = 200, body = HealthResponse)))]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(ok())
}

/// The process can serve requests: the database answers.
#[utoipa::path(tag = "health", security(()), responses(
    (status = 200, body = HealthResponse),
    (status = 503, description = "Database unreachable", body = crm_api_types::Problem, content_type = "application/problem+json"),
))]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    db::run(&state.pool, |conn| {
        conn.batch_execute("SELECT 1").map_err(|e| {
            crate::error::ApiError::Unavailable {
                retry_after_secs: 5,
            }
            .with_log(e)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(ok()))
}
