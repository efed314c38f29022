//! `POST /users`.

use actix_web::{post, web, HttpResponse};
use crm_api_types::{CreateUserRequest, Problem, UserResponse};
use crm_domain::text::search_key;
use crm_domain::{BoundedText, EmailAddress, Locale, NewPassword, Role, TimeZoneName, Validator};
use crm_persistence::users::{self, NewUser};

use super::email_taken;
use crate::auth::{password, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::routes::views;
use crate::state::{now, AppState};
use crate::versioning::etag;

/// Adds a user to the portal (owners and admins; only owners may add owners).
#[utoipa::path(tag = "users", request_body = CreateUserRequest, responses(
    (status = 201, body = UserResponse, headers(("Location" = String), ("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "E-mail taken (`email_taken`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/users")]
#[tracing::instrument(skip_all, fields(portal_id = principal.portal_id()))]
pub async fn create_user(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateUserRequest>,
) -> ApiResult<HttpResponse> {
    principal.require_portal_admin()?;
    let body = body.into_inner();
    crate::extract::check_ids("group_ids", body.group_ids.as_deref(), 1000)?;
    let mut v = Validator::new();
    let email = v.check(EmailAddress::parse(&body.email));
    let name = v.check(BoundedText::<100>::parse("name", &body.name));
    let pw = v.check(NewPassword::parse("password", &body.password));
    let locale = match &body.locale {
        Some(l) => v.check(Locale::parse("locale", l)),
        None => Locale::parse("locale", &principal.portal.locale).ok(),
    };
    let tz = match &body.time_zone {
        Some(t) => v.check(TimeZoneName::parse("time_zone", t)),
        None => Some(TimeZoneName::default()),
    };
    let role = match &body.role {
        Some(r) => v.check(Role::parse("role", r)),
        None => Some(Role::CrmUser),
    };
    v.finish()?;
    let (Some(email), Some(name), Some(pw), Some(locale), Some(tz), Some(role)) =
        (email, name, pw, locale, tz, role)
    else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "validator passed with a missing value"
        )));
    };
    if !principal.role.may_manage(role) {
        return Err(ApiError::forbidden(
            "forbidden",
            "Only owners may add owners.",
        ));
    }
    let hash = web::block(move || password::hash(pw.expose()))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))??;
    let portal_id = principal.portal_id();
    let group_ids = body.group_ids.unwrap_or_default();
    let user = db::write(&state.pool, move |conn| {
        let now = now();
        let sort_name = name.as_ref().to_lowercase();
        let key = search_key(&[name.as_ref(), email.as_ref()]);
        users::create(
            conn,
            &NewUser {
                portal_id,
                email: email.as_ref(),
                name: name.as_ref(),
                sort_name: &sort_name,
                search_key: &key,
                password_hash: &hash,
                locale: locale.as_str(),
                time_zone: tz.name(),
                time_zone_chosen: body.time_zone.is_some(),
                role: role.as_str(),
                active: true,
                created_at: now,
                updated_at: now,
                version: 1,
            },
            &group_ids,
        )
        .map_err(email_taken)
    })
    .await?;
    let body = views::user_with_groups(user);
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", body.id)))
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}
