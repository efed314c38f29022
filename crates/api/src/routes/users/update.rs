//! `PATCH /users/{id}`.

use actix_web::{patch, web, HttpRequest, HttpResponse};
use crm_api_types::{Problem, UpdateUserRequest, UserResponse};
use crm_domain::text::search_key;
use crm_domain::{BoundedText, EmailAddress, Locale, NewPassword, Role, TimeZoneName, Validator};
use crm_persistence::users::{self, UserChanges};
use crm_persistence::{api_tokens, refresh_tokens};
use diesel::Connection as _;

use super::email_taken;
use crate::app::keep_if_changed;
use crate::auth::{password, Principal};
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::routes::views;
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// Changes a user (owners and admins). Deactivating or setting a password ends the user's
/// sessions; deactivating also revokes their API tokens. The last active owner stays an owner.
#[utoipa::path(tag = "users", request_body = UpdateUserRequest,
    params(("id" = i64, Path, description = "User id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = UserResponse, headers(("ETag" = String))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`email_taken` or `last_owner`", body = Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed by someone else", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, description = "No `If-Match` nor `version`", body = Problem, content_type = "application/problem+json"),
))]
#[patch("/users/{id}")]
#[tracing::instrument(skip_all, fields(portal_id = principal.portal_id(), target = *id))]
pub async fn update_user(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<i64>,
    body: Json<UpdateUserRequest>,
) -> ApiResult<HttpResponse> {
    principal.require_portal_admin()?;
    let (portal_id, id) = (principal.portal_id(), id.into_inner());
    let body = body.into_inner();
    crate::extract::check_ids("group_ids", body.group_ids.as_deref(), 1000)?;
    let target = db::write(&state.pool, move |conn| {
        Ok(users::find(conn, portal_id, id)?)
    })
    .await?;
    let expected = precondition(&req, body.version)?.resolve(target.version);
    let target_role = Role::parse("role", &target.role)?;
    if !principal.role.may_manage(target_role) {
        return Err(ApiError::forbidden(
            "forbidden",
            "Only owners may change owners.",
        ));
    }
    let is_self = target.id == principal.user_id();

    let mut v = Validator::new();
    let mut changes = UserChanges::default();
    let email = body
        .email
        .as_deref()
        .and_then(|e| v.check(EmailAddress::parse(e)));
    let name = body
        .name
        .as_deref()
        .and_then(|n| v.check(BoundedText::<100>::parse("name", n)));
    changes.locale = body
        .locale
        .as_deref()
        .and_then(|l| v.check(Locale::parse("locale", l)))
        .map(|l| l.as_str().into());
    changes.time_zone = body
        .time_zone
        .as_deref()
        .and_then(|t| v.check(TimeZoneName::parse("time_zone", t)))
        .map(|t| t.name().into());
    changes.time_zone_chosen = changes.time_zone.as_ref().map(|_| true);
    let role = body
        .role
        .as_deref()
        .and_then(|r| v.check(Role::parse("role", r)));
    let new_password = body
        .password
        .as_deref()
        .and_then(|p| v.check(NewPassword::parse("password", p)));
    let revoke_tokens = body.revoke_api_tokens.unwrap_or(false);
    if revoke_tokens && body.password.is_none() {
        v.push(crm_domain::FieldError::new(
            "revoke_api_tokens",
            "not_allowed",
            "goes with a new password",
        ));
    }
    if is_self && role.is_some_and(|r| r != target_role) {
        v.push(crm_domain::FieldError::new(
            "role",
            "not_allowed",
            "you cannot change your own role",
        ));
    }
    if is_self && body.active == Some(false) {
        v.push(crm_domain::FieldError::new(
            "active",
            "not_allowed",
            "you cannot deactivate yourself",
        ));
    }
    v.finish()?;
    if let Some(role) = role {
        if !principal.role.may_manage(role) {
            return Err(ApiError::forbidden(
                "forbidden",
                "Only owners may make owners.",
            ));
        }
        changes.role = Some(role.as_str().into());
    }
    changes.active = body.active;
    if email.is_some() || name.is_some() {
        let name_text = name.as_ref().map_or(target.name.as_str(), |n| n.as_ref());
        let email_text = email.as_ref().map_or(target.email.as_str(), |e| e.as_ref());
        changes.search_key = Some(search_key(&[name_text, email_text]));
        changes.sort_name = Some(name_text.to_lowercase());
    }
    changes.email = email.map(EmailAddress::into_inner);
    changes.name = name.map(BoundedText::into_inner);
    if let Some(pw) = new_password {
        let hash = web::block(move || password::hash(pw.expose()))
            .await
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))??;
        changes.password_hash = Some(hash);
    }
    let losing_owner = target_role == Role::Owner
        && target.active
        && (changes.role.as_deref().is_some_and(|r| r != "owner") || changes.active == Some(false));
    let group_ids = body.group_ids;
    let updated = db::write(&state.pool, move |conn| {
        conn.transaction(|conn| {
            if losing_owner && users::count_active_owners(conn, portal_id)? <= 1 {
                return Err(ApiError::conflict(
                    "last_owner",
                    "role",
                    "the portal must keep an active owner",
                ));
            }
            let now = now();
            let (updated, _) = keep_if_changed(
                conn,
                |conn| {
                    Ok(views::compared_user(users::find_with_groups(
                        conn, portal_id, id,
                    )?))
                },
                |conn| {
                    users::update(
                        conn,
                        portal_id,
                        id,
                        expected,
                        &changes,
                        group_ids.as_deref(),
                        now,
                    )
                    .map_err(email_taken)?;
                    if changes.active == Some(false)
                        || (changes.password_hash.is_some() && revoke_tokens)
                    {
                        api_tokens::revoke_all_for_user(conn, id, now)?;
                    }
                    if changes.active == Some(false) {
                        // The feed's URL dies with the account; reactivation does not revive it.
                        crm_persistence::calendar_feeds::revoke(conn, id)?;
                    }
                    if changes.active == Some(false) || changes.password_hash.is_some() {
                        refresh_tokens::revoke_all_for_user(conn, id, now)?;
                    }
                    Ok(())
                },
            )?;
            Ok(updated.user)
        })
    })
    .await?;
    let body = updated;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}
