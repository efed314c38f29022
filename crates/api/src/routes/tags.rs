//! `/tags`: tags per record kind. CRM users read and create them; CRM admins rename, merge and delete.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use crm_api_types::{
    CreateTagRequest, DeletedCountResponse, MergeTagRequest, Problem, RenameTagRequest,
    TagListResponse, TagQueryParams, TagResponse,
};
use crm_domain::RecordKind;
use crm_domain::{ApiScope, BoundedText};
use crm_persistence::tags::{self, TagUsage};
use crm_persistence::StoreError;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::routes::views::utc;
use crate::state::{now, AppState};

/// Mounts `/tags`.
pub fn configure(cfg: &mut ServiceConfig) {
    // `/tags/unused` before `/tags/{id}`.
    cfg.service(list_tags)
        .service(create_tag)
        .service(delete_unused)
        .service(rename_tag)
        .service(merge_tag)
        .service(delete_tag);
}

/// The kind named in a request (contacts when none is), if its records carry tags.
fn record_kind(field: &str, input: Option<&str>) -> Result<RecordKind, ApiError> {
    let kind = RecordKind::parse(field, input.unwrap_or(RecordKind::Contact.as_str()))?;
    if !kind.has_tags() {
        return Err(ApiError::field(
            field,
            "invalid_value",
            "records of this kind carry no tags",
        ));
    }
    Ok(kind)
}

/// Usage counts go to CRM admins only: others would learn about records they cannot see.
fn view(u: TagUsage, admin: bool) -> TagResponse {
    TagResponse {
        id: u.tag.id,
        kind: super::records::wire_kind(u.tag.record_kind.0),
        name: u.tag.name,
        usage_count: admin.then_some(u.usage_count),
        created_at: utc(u.tag.created_at),
    }
}

fn name_taken(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(_) => ApiError::conflict(
            "name_taken",
            "name",
            "a tag with this name exists; merge instead",
        ),
        other => other.into(),
    }
}

/// Tags of a kind, by name, with how many records carry each.
#[utoipa::path(tag = "tags", params(TagQueryParams), responses((status = 200, body = TagListResponse)))]
#[get("/tags")]
pub async fn list_tags(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<TagQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let query = query.into_inner()?;
    let kind = record_kind("kind", query.kind.as_deref())?;
    let text = pagination::search_text(query.q.as_deref())?;
    let portal_id = user.0.portal_id();
    let items = db::run(&state.pool, move |conn| {
        Ok(tags::list(conn, portal_id, kind, text.as_deref())?)
    })
    .await?;
    let admin = user.0.role.is_crm_admin();
    Ok(HttpResponse::Ok().json(TagListResponse {
        items: items.into_iter().map(|u| view(u, admin)).collect(),
    }))
}

/// Creates a tag.
#[utoipa::path(tag = "tags", request_body = CreateTagRequest, responses((status = 201, body = TagResponse),
    (status = 409, description = "`name_taken`", body = Problem, content_type = "application/problem+json")))]
#[post("/tags")]
pub async fn create_tag(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<CreateTagRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let kind = record_kind("kind", Some(&body.kind))?;
    let name = BoundedText::<50>::parse("name", &body.name)?.into_inner();
    let portal_id = user.0.portal_id();
    let tag = db::write(&state.pool, move |conn| {
        tags::create(conn, portal_id, kind, &name, now()).map_err(name_taken)
    })
    .await?;
    Ok(HttpResponse::Created().json(view(tag, user.0.role.is_crm_admin())))
}

/// Renames a tag (CRM admins).
#[utoipa::path(tag = "tags", params(("id" = i64, Path, description = "Tag id")), request_body = RenameTagRequest,
    responses((status = 200, body = TagResponse),
    (status = 409, description = "`name_taken`", body = Problem, content_type = "application/problem+json")))]
#[patch("/tags/{id}")]
pub async fn rename_tag(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<RenameTagRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let name = BoundedText::<50>::parse("name", &body.name)?.into_inner();
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    let tag = db::write(&state.pool, move |conn| {
        tags::rename(conn, portal_id, id, &name).map_err(name_taken)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view(tag, user.0.role.is_crm_admin())))
}

/// Merges a tag into another of the same kind (CRM admins).
#[utoipa::path(tag = "tags", params(("id" = i64, Path, description = "Tag that goes")), request_body = MergeTagRequest,
    responses((status = 200, description = "The tag that stays", body = TagResponse)))]
#[post("/tags/{id}/merge")]
pub async fn merge_tag(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<MergeTagRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let (portal_id, id, into) = (user.0.portal_id(), id.into_inner(), body.into_id);
    let tag = db::write(&state.pool, move |conn| {
        Ok(tags::merge(conn, portal_id, id, into)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(view(tag, user.0.role.is_crm_admin())))
}

/// Deletes a tag and removes it from its records (CRM admins).
#[utoipa::path(tag = "tags", params(("id" = i64, Path, description = "Tag id")), responses((status = 204, description = "Deleted")))]
#[delete("/tags/{id}")]
pub async fn delete_tag(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let (portal_id, id) = (user.0.portal_id(), id.into_inner());
    db::write(&state.pool, move |conn| {
        Ok(tags::delete(conn, portal_id, id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Deletes every tag of a kind that no record carries, of those matching `q` when given (CRM admins).
#[utoipa::path(tag = "tags", params(TagQueryParams), responses((status = 200, body = DeletedCountResponse)))]
#[delete("/tags/unused")]
pub async fn delete_unused(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<TagQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let query = query.into_inner()?;
    let kind = record_kind("kind", query.kind.as_deref())?;
    let text = pagination::search_text(query.q.as_deref())?;
    let portal_id = user.0.portal_id();
    let deleted = db::write(&state.pool, move |conn| {
        Ok(tags::delete_unused(conn, portal_id, kind, text.as_deref())?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(DeletedCountResponse { deleted }))
}
