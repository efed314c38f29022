//! `GET /me` and `PATCH /me`: the caller's profile, portal and rights.

use actix_web::{get, patch, web, HttpRequest, HttpResponse};
use crm_api_types::{MeResponse, Problem, UpdateMeRequest};
use crm_domain::{
    text::search_key, ApiScope, BoundedText, Locale, NewPassword, Role, TimeZoneName, Validator,
};
use crm_persistence::users::UserChanges;
use crm_persistence::{portals, refresh_tokens, users};
use utoipa_actix_web::service_config::ServiceConfig;

use super::views;
use crate::app::keep_if_changed;
use crate::auth::{password, AuthMethod, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// Mounts `/me`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_me).service(update_me);
}

/// Roles in effect: the user's own and those it implies.
pub fn effective_roles(role: Role) -> Vec<String> {
    let mut roles = vec![role.as_str().to_owned()];
    if role == Role::Owner {
        roles.push(Role::PortalAdmin.as_str().to_owned());
    }
    if role.is_crm_admin() && role != Role::CrmAdmin {
        roles.push(Role::CrmAdmin.as_str().to_owned());
    }
    roles
}

async fn me_response(state: &AppState, principal: &Principal) -> ApiResult<MeResponse> {
    let (portal_id, user_id) = (principal.portal_id(), principal.user_id());
    let (user, granted) = db::run(&state.pool, move |conn| {
        let user = users::find_with_groups(conn, portal_id, user_id)?;
        let granted = portals::has_crm_grant(conn, portal_id, user_id)?;
        Ok((user, granted))
    })
    .await?;
    let crm_access = principal.portal.crm_enabled
        && crm_domain::access::has_crm_access(
            principal.role,
            principal.portal.crm_open_to_all,
            granted,
        );
    Ok(MeResponse {
        user: views::user_with_groups(user),
        portal: views::portal(&principal.portal),
        roles: effective_roles(principal.role),
        crm_access,
        scopes: principal
            .scopes
            .scopes()
            .iter()
            .map(|s| s.as_str().to_owned())
            .collect(),
        auth_method: match principal.method {
            AuthMethod::Session { .. } => "session".into(),
            AuthMethod::ApiToken { .. } => "api_token".into(),
        },
    })
}

/// The current user, their portal and what they may do.
#[utoipa::path(tag = "me", responses(
    (status = 200, body = MeResponse, headers(("ETag" = String, description = "Version of the user"))),
    (status = 401, body = Problem, content_type = "application/problem+json"),
))]
#[get("/me")]
pub async fn get_me(state: web::Data<AppState>, principal: Principal) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Read)?;
    let me = me_response(&state, &principal).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(me.user.version)))
        .json(me))
}

/// Changes one's own name, language, time zone or password.
#[utoipa::path(tag = "me", request_body = UpdateMeRequest, params(("If-Match" = Option<String>, Header, description = "ETag the change was made from")), responses(
    (status = 200, body = MeResponse),
    (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/me")]
#[tracing::instrument(skip_all, fields(user_id = principal.user_id()))]
pub async fn update_me(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    body: Json<UpdateMeRequest>,
) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Write)?;
    let body = body.into_inner();
    let expected = precondition(&req, body.version)?.resolve(principal.user.version);
    let mut v = Validator::new();
    let mut changes = UserChanges::default();
    if let Some(name) = &body.name {
        if let Some(name) = v.check(BoundedText::<100>::parse("name", name)) {
            changes.sort_name = Some(name.as_ref().to_lowercase());
            changes.search_key = Some(search_key(&[name.as_ref(), &principal.user.email]));
            changes.name = Some(name.into_inner());
        }
    }
    if let Some(locale) = &body.locale {
        changes.locale = v
            .check(Locale::parse("locale", locale))
            .map(|l| l.as_str().to_owned());
    }
    if let Some(tz) = &body.time_zone {
        changes.time_zone = v
            .check(TimeZoneName::parse("time_zone", tz))
            .map(|t| t.name().to_owned());
        changes.time_zone_chosen = Some(true);
    }
    let new_password = match &body.new_password {
        Some(p) => v.check(NewPassword::parse("new_password", p)),
        None => None,
    };
    v.finish()?;
    let keep_family = match &principal.method {
        AuthMethod::Session { family } => family.clone(),
        AuthMethod::ApiToken { .. } => String::new(),
    };
    if let Some(new_password) = new_password {
        let current = body.current_password.unwrap_or_default();
        let stored = principal.user.password_hash.clone();
        let hash = web::block(move || {
            if password::verify(&current, &stored) {
                password::hash(new_password.expose()).map(Some)
            } else {
                Ok(None)
            }
        })
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))??;
        changes.password_hash = Some(hash.ok_or_else(|| {
            ApiError::field(
                "current_password",
                "invalid_credentials",
                "is not your current password",
            )
        })?);
    }
    let (portal_id, user_id) = (principal.portal_id(), principal.user_id());
    db::write(&state.pool, move |conn| {
        let now = now();
        keep_if_changed(
            conn,
            |conn| {
                Ok(views::compared_user(users::find_with_groups(
                    conn, portal_id, user_id,
                )?))
            },
            |conn| {
                users::update(conn, portal_id, user_id, expected, &changes, None, now)?;
                if changes.password_hash.is_some() {
                    refresh_tokens::revoke_all_for_user_except(conn, user_id, &keep_family, now)?;
                }
                Ok(())
            },
        )?;
        Ok(())
    })
    .await?;
    let me = me_response(&state, &principal).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(me.user.version)))
        .json(me))
}
