//! `/settings/crm`: switching the CRM module on or off and granting access to users and groups.

use actix_web::{get, patch, web, HttpRequest, HttpResponse};
use crm_api_types::{CrmSettingsResponse, Problem, UpdateCrmSettingsRequest};
use crm_domain::ApiScope;
use crm_persistence::portals::{self, CrmSettings, CrmSettingsChanges};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::keep_if_changed;
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// Mounts `/settings/crm`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_crm_settings).service(update_crm_settings);
}

fn view(s: CrmSettings) -> CrmSettingsResponse {
    CrmSettingsResponse {
        enabled: s.portal.crm_enabled,
        open_to_all: s.portal.crm_open_to_all,
        user_ids: s.user_ids,
        group_ids: s.group_ids,
        version: s.portal.settings_version,
    }
}

/// The CRM module settings (owners, portal admins and CRM admins).
#[utoipa::path(tag = "settings", responses(
    (status = 200, body = CrmSettingsResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
))]
#[get("/settings/crm")]
pub async fn get_crm_settings(
    state: web::Data<AppState>,
    principal: Principal,
) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Read)?;
    if !principal.role.is_crm_admin() {
        return Err(ApiError::forbidden(
            "forbidden",
            "Only administrators see the module settings.",
        ));
    }
    let portal_id = principal.portal_id();
    let settings = db::run(&state.pool, move |conn| {
        Ok(portals::crm_settings(conn, portal_id)?)
    })
    .await?;
    let body = view(settings);
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Switches the module on or off and sets who may use it (owners and portal admins).
#[utoipa::path(tag = "settings", request_body = UpdateCrmSettingsRequest,
    params(("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = CrmSettingsResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/settings/crm")]
#[tracing::instrument(skip_all, fields(portal_id = principal.portal_id()))]
pub async fn update_crm_settings(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Json<UpdateCrmSettingsRequest>,
) -> ApiResult<HttpResponse> {
    principal.require_portal_admin()?;
    let body = body.into_inner();
    crate::extract::check_ids("user_ids", body.user_ids.as_deref(), 5000)?;
    crate::extract::check_ids("group_ids", body.group_ids.as_deref(), 5000)?;
    let expected = precondition(&req, body.version)?.resolve(principal.portal.settings_version);
    let portal_id = principal.portal_id();
    let changes = CrmSettingsChanges {
        crm_enabled: body.enabled,
        crm_open_to_all: body.open_to_all,
    };
    let (body, _) = db::write(&state.pool, move |conn| {
        keep_if_changed(
            conn,
            |conn| Ok(view(portals::crm_settings(conn, portal_id)?)),
            |conn| {
                portals::update_crm_settings(
                    conn,
                    portal_id,
                    expected,
                    &changes,
                    body.user_ids.as_deref(),
                    body.group_ids.as_deref(),
                    now(),
                )?;
                Ok(())
            },
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}
