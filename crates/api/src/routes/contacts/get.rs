//! `GET /contacts/{id}` and `DELETE /contacts/{id}`.

use actix_web::{delete, get, web, HttpResponse};
use crm_api_types::{ContactResponse, Problem};
use crm_domain::ApiScope;
use crm_persistence::contacts;

use super::view;
use crate::app::{self, Actor};
use crate::auth::CrmUser;
use crate::db;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::versioning::etag;

/// One contact the caller may see.
#[utoipa::path(tag = "contacts", params(("id" = i64, Path, description = "Contact id")), responses(
    (status = 200, body = ContactResponse, headers(("ETag" = String))),
    (status = 404, description = "No such contact, or a private one of others", body = Problem, content_type = "application/problem+json"),
))]
#[get("/contacts/{id}")]
pub async fn get_contact(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let (portal_id, viewer, id) = (user.0.portal_id(), user.0.viewer(), id.into_inner());
    let record = db::point_read(&state.pool, move |conn| {
        Ok(contacts::find_visible(conn, portal_id, viewer, id)?)
    })
    .await?;
    let body = view::contact(record, viewer);
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Deletes a contact with its details, tags and managers. Refused (409 `in_use`) while an
/// invoice refers to it; people of a deleted company stay, without company.
#[utoipa::path(tag = "contacts", params(("id" = i64, Path, description = "Contact id")), responses(
    (status = 204, description = "Deleted"),
    (status = 403, description = "Read-only for the caller", body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`in_use`", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/contacts/{id}")]
#[tracing::instrument(skip_all, fields(portal_id = user.0.portal_id(), contact_id = *id))]
pub async fn delete_contact(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let (actor, id) = (Actor::of(&user.0), id.into_inner());
    let removed = app::write(&state, move |tx| app::contacts::delete(tx, &actor, id)).await?;
    crate::storage::remove_all(state.files.as_ref(), removed).await;
    Ok(HttpResponse::NoContent().finish())
}
