//! `POST /groups`, `PATCH /groups/{id}`, `DELETE /groups/{id}`.

use actix_web::{delete, patch, post, web, HttpRequest, HttpResponse};
use crm_api_types::{CreateGroupRequest, GroupResponse, Problem, UpdateGroupRequest};
use crm_domain::{BoundedText, Validator};
use crm_persistence::groups::{self, GroupChanges, NewGroup};
use crm_persistence::StoreError;

use crate::app::keep_if_changed;
use crate::auth::Principal;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::Json;
use crate::routes::views;
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

fn name_taken(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(_) => ApiError::conflict(
            "name_taken",
            "name",
            "a group with this name already exists",
        ),
        other => other.into(),
    }
}

/// Creates a group.
#[utoipa::path(tag = "groups", request_body = CreateGroupRequest, responses(
    (status = 201, body = GroupResponse, headers(("Location" = String), ("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "Name taken (`name_taken`)", body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/groups")]
pub async fn create_group(
    state: web::Data<AppState>,
    principal: Principal,
    body: Json<CreateGroupRequest>,
) -> ApiResult<HttpResponse> {
    principal.require_portal_admin()?;
    let body = body.into_inner();
    crate::extract::check_ids("member_ids", body.member_ids.as_deref(), 5000)?;
    let mut v = Validator::new();
    let name = v.check(BoundedText::<100>::parse("name", &body.name));
    let description = v.check(BoundedText::<2000>::parse_optional(
        "description",
        body.description.as_deref(),
    ));
    v.finish()?;
    let (Some(name), Some(description)) = (name, description) else {
        return Err(ApiError::Internal(anyhow::anyhow!(
            "validator passed with a missing value"
        )));
    };
    let portal_id = principal.portal_id();
    let members = body.member_ids.unwrap_or_default();
    let group = db::write(&state.pool, move |conn| {
        let now = now();
        let sort_name = name.as_ref().to_lowercase();
        let new = NewGroup {
            portal_id,
            name: name.as_ref(),
            sort_name: &sort_name,
            description: description.as_ref().map_or("", |d| d.as_ref()),
            created_at: now,
            updated_at: now,
            version: 1,
        };
        groups::create(conn, &new, &members).map_err(name_taken)
    })
    .await?;
    let body = views::group(group);
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/groups/{}", body.id)))
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Renames a group, changes its description or replaces its members.
#[utoipa::path(tag = "groups", request_body = UpdateGroupRequest,
    params(("id" = i64, Path, description = "Group id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    responses(
        (status = 200, body = GroupResponse, headers(("ETag" = String))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/groups/{id}")]
pub async fn update_group(
    state: web::Data<AppState>,
    req: HttpRequest,
    principal: Principal,
    id: web::Path<i64>,
    body: Json<UpdateGroupRequest>,
) -> ApiResult<HttpResponse> {
    principal.require_portal_admin()?;
    let (portal_id, id) = (principal.portal_id(), id.into_inner());
    let body = body.into_inner();
    crate::extract::check_ids("member_ids", body.member_ids.as_deref(), 5000)?;
    let current = db::write(&state.pool, move |conn| {
        Ok(groups::find(conn, portal_id, id)?)
    })
    .await?;
    let expected = precondition(&req, body.version)?.resolve(current.group.version);
    let mut v = Validator::new();
    let mut changes = GroupChanges::default();
    if let Some(name) = body
        .name
        .as_deref()
        .and_then(|n| v.check(BoundedText::<100>::parse("name", n)))
    {
        changes.sort_name = Some(name.as_ref().to_lowercase());
        changes.name = Some(name.into_inner());
    }
    if let Some(d) = &body.description {
        changes.description = v
            .check(BoundedText::<2000>::parse_optional("description", Some(d)))
            .map(|d| d.map(BoundedText::into_inner).unwrap_or_default());
    }
    v.finish()?;
    let members = body.member_ids;
    let (body, _) = db::write(&state.pool, move |conn| {
        keep_if_changed(
            conn,
            |conn| Ok(views::group(groups::find(conn, portal_id, id)?)),
            |conn| {
                groups::update(
                    conn,
                    portal_id,
                    id,
                    expected,
                    &changes,
                    members.as_deref(),
                    now(),
                )
                .map(drop)
                .map_err(name_taken)
            },
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Deletes a group; its members stay, its CRM access grant goes.
#[utoipa::path(tag = "groups", params(("id" = i64, Path, description = "Group id")), responses(
    (status = 204, description = "Deleted"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/groups/{id}")]
pub async fn delete_group(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    principal.require_portal_admin()?;
    let (portal_id, id) = (principal.portal_id(), id.into_inner());
    db::write(&state.pool, move |conn| {
        Ok(groups::delete(conn, portal_id, id)?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
