//! `GET /crm`: the CRM module as the caller sees it. Answers 403 when the module is off or
//! the caller has no access, like every CRM endpoint.

use actix_web::{get, HttpResponse};
use crm_api_types::{CrmModuleResponse, Problem};
use crm_domain::ApiScope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::CrmUser;
use crate::error::ApiResult;

/// Mounts `/crm`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(crm_module);
}

/// CRM sections this server offers, in menu order. Each capability adds its section here.
pub const SECTIONS: &[&str] = &[
    "contacts", "tasks", "deals", "invoices", "cases", "projects",
];

/// Sections of the CRM and the caller's standing in it.
#[utoipa::path(tag = "crm", responses(
    (status = 200, body = CrmModuleResponse),
    (status = 403, description = "`crm_disabled` or `crm_access_denied`", body = Problem, content_type = "application/problem+json"),
))]
#[get("/crm")]
pub async fn crm_module(user: CrmUser) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    Ok(HttpResponse::Ok().json(CrmModuleResponse {
        sections: SECTIONS.iter().map(|s| (*s).to_owned()).collect(),
        is_crm_admin: user.0.role.is_crm_admin(),
        server_time: chrono::Utc::now(),
    }))
}
