//! `/settings/lists/{list}`: admin-editable lists (contact types, temperatures, history
//! categories, task categories). Every CRM user reads them for pickers; CRM admins change them.

use actix_web::{delete, get, patch, post, put, web, HttpRequest, HttpResponse};
use crm_api_types::{
    CreateListItemRequest, DeleteListItemParams, ListItemResponse, ListItemsResponse, Problem,
    ReorderListRequest, UpdateListItemRequest,
};
use crm_domain::contact::parse_color;
use crm_domain::lists::ListKind;
use crm_domain::{ApiScope, BoundedText, Validator};
use crm_persistence::list_items::{self, DeleteOutcome, ListItemChanges, ListItemUsage};
use crm_persistence::StoreError;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::state::{now, AppState};
use crate::versioning::{etag, precondition};

/// Mounts `/settings/lists`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_list)
        .service(create_item)
        .service(update_item)
        .service(delete_item)
        .service(reorder_list_items);
}

fn kind(path: &str) -> Result<ListKind, ApiError> {
    ListKind::parse("list", path).map_err(|_| ApiError::NotFound)
}

/// Usage counts go to CRM admins only: others would learn about records they cannot see.
fn view(u: ListItemUsage, admin: bool) -> ListItemResponse {
    ListItemResponse {
        id: u.item.id,
        list: u.item.list_kind,
        title: u.item.title,
        color: u.item.color,
        icon: u.item.icon,
        position: u.item.position,
        usage_count: admin.then_some(u.usage_count),
        version: u.item.version,
    }
}

fn title_taken(e: StoreError) -> ApiError {
    match e {
        StoreError::Conflict(_) => {
            ApiError::conflict("name_taken", "title", "an item with this title exists")
        }
        other => other.into(),
    }
}

fn check_color(v: &mut Validator, kind: ListKind, color: Option<&str>) -> Option<Option<String>> {
    match color.map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(_) if !kind.has_color() => {
            v.push(crm_domain::FieldError::new(
                "color",
                "not_allowed",
                "this list has no colours",
            ));
            None
        }
        Some(c) => v.check(parse_color("color", c)).map(Some),
    }
}

fn check_icon(v: &mut Validator, kind: ListKind, icon: Option<&str>) -> Option<Option<String>> {
    match icon.map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(_) if !kind.has_icon() => {
            v.push(crm_domain::FieldError::new(
                "icon",
                "not_allowed",
                "this list has no icons",
            ));
            None
        }
        Some(i) if crm_domain::lists::TASK_ICONS.contains(&i) => Some(Some(i.to_owned())),
        Some(_) => {
            v.push(crm_domain::FieldError::new(
                "icon",
                "invalid_value",
                "must be one of phone, deal, demo, email, fax, control, lunch, meeting, note, delivery, social, thanks",
            ));
            None
        }
    }
}

/// The items of a list, in order.
#[utoipa::path(tag = "lists", params(("list" = String, Path, description = "`contact_types`, `temperatures`, `history_categories` or `task_categories`")),
    responses((status = 200, body = ListItemsResponse), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/settings/lists/{list}")]
pub async fn get_list(
    state: web::Data<AppState>,
    user: CrmUser,
    list: web::Path<String>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let kind = kind(&list)?;
    let portal_id = user.0.portal_id();
    let items = db::run(&state.pool, move |conn| {
        Ok(list_items::list(conn, portal_id, kind.as_str())?)
    })
    .await?;
    let admin = user.0.role.is_crm_admin();
    Ok(HttpResponse::Ok().json(ListItemsResponse {
        items: items.into_iter().map(|u| view(u, admin)).collect(),
    }))
}

/// Adds an item at the end of a list (CRM admins).
#[utoipa::path(tag = "lists", params(("list" = String, Path, description = "List name")), request_body = CreateListItemRequest,
    responses((status = 201, body = ListItemResponse), (status = 409, description = "Title taken (`name_taken`)", body = Problem, content_type = "application/problem+json")))]
#[post("/settings/lists/{list}")]
pub async fn create_item(
    state: web::Data<AppState>,
    user: CrmUser,
    list: web::Path<String>,
    body: Json<CreateListItemRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let kind = kind(&list)?;
    let mut v = Validator::new();
    let title = v.check(BoundedText::<100>::parse("title", &body.title));
    let color = check_color(&mut v, kind, body.color.as_deref()).flatten();
    let icon = check_icon(&mut v, kind, body.icon.as_deref()).flatten();
    v.finish()?;
    let title = title.map(BoundedText::into_inner).unwrap_or_default();
    let portal_id = user.0.portal_id();
    let item = db::write(&state.pool, move |conn| {
        list_items::create(
            conn,
            portal_id,
            kind.as_str(),
            &title,
            color.as_deref(),
            icon.as_deref(),
            now(),
        )
        .map_err(title_taken)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(item.item.version)))
        .json(view(item, user.0.role.is_crm_admin())))
}

/// Renames or recolours an item (CRM admins).
#[utoipa::path(tag = "lists", params(("list" = String, Path, description = "List name"), ("id" = i64, Path, description = "Item id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = UpdateListItemRequest, responses((status = 200, body = ListItemResponse)))]
#[patch("/settings/lists/{list}/{id}")]
pub async fn update_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    path: web::Path<(String, i64)>,
    body: Json<UpdateListItemRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let (list, id) = path.into_inner();
    let kind = kind(&list)?;
    let body = body.into_inner();
    let mut v = Validator::new();
    let mut changes = ListItemChanges::default();
    if let Some(t) = body
        .title
        .as_deref()
        .and_then(|t| v.check(BoundedText::<100>::parse("title", t)))
    {
        changes.sort_title = Some(t.as_ref().to_lowercase());
        changes.title = Some(t.into_inner());
    }
    changes.color = check_color(&mut v, kind, body.color.as_deref());
    changes.icon = check_icon(&mut v, kind, body.icon.as_deref());
    v.finish()?;
    let portal_id = user.0.portal_id();
    let current = db::run(&state.pool, move |conn| {
        Ok(list_items::find(conn, portal_id, kind.as_str(), id)?)
    })
    .await?;
    let expected = precondition(&req, body.version)?.resolve(current.item.version);
    let item = db::write(&state.pool, move |conn| {
        list_items::update(
            conn,
            portal_id,
            kind.as_str(),
            id,
            expected,
            &changes,
            now(),
        )
        .map_err(title_taken)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(item.item.version)))
        .json(view(item, user.0.role.is_crm_admin())))
}

/// Deletes an item (CRM admins). An item in use needs `replace_with`, which takes over its
/// records; the last item of a list stays.
#[utoipa::path(tag = "lists", params(("list" = String, Path, description = "List name"), ("id" = i64, Path, description = "Item id"), DeleteListItemParams),
    responses((status = 204, description = "Deleted"), (status = 409, description = "`in_use` or `last_item`", body = Problem, content_type = "application/problem+json")))]
#[delete("/settings/lists/{list}/{id}")]
pub async fn delete_item(
    state: web::Data<AppState>,
    user: CrmUser,
    path: web::Path<(String, i64)>,
    query: Query<DeleteListItemParams>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let (list, id) = path.into_inner();
    let kind = kind(&list)?;
    let portal_id = user.0.portal_id();
    let replacement = query.into_inner()?.replace_with;
    let outcome = db::write(&state.pool, move |conn| {
        Ok(list_items::delete(
            conn,
            portal_id,
            kind.as_str(),
            id,
            replacement,
        )?)
    })
    .await?;
    match outcome {
        DeleteOutcome::Deleted { .. } => Ok(HttpResponse::NoContent().finish()),
        DeleteOutcome::InUse(n) => Err(ApiError::conflict(
            "in_use",
            "replace_with",
            format!("{n} records use this item; choose a replacement"),
        )),
        DeleteOutcome::Last => Err(ApiError::Conflict {
            code: "last_item",
            detail: "A list keeps at least one item.".into(),
            field: None,
        }),
    }
}

/// Reorders a list (CRM admins): `ids` names every item once, in the new order.
#[utoipa::path(tag = "lists", params(("list" = String, Path, description = "List name")), request_body = ReorderListRequest,
    responses((status = 200, body = ListItemsResponse)))]
#[put("/settings/lists/{list}/order")]
pub async fn reorder_list_items(
    state: web::Data<AppState>,
    user: CrmUser,
    list: web::Path<String>,
    body: Json<ReorderListRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require_crm_admin()?;
    let kind = kind(&list)?;
    let portal_id = user.0.portal_id();
    let ids = body.into_inner().ids;
    let items = db::write(&state.pool, move |conn| {
        list_items::reorder(conn, portal_id, kind.as_str(), &ids, now()).map_err(|e| match e {
            StoreError::MissingReference(_) => ApiError::field(
                "ids",
                "invalid_value",
                "must name every item of the list once",
            ),
            other => other.into(),
        })?;
        Ok(list_items::list(conn, portal_id, kind.as_str())?)
    })
    .await?;
    let admin = user.0.role.is_crm_admin();
    Ok(HttpResponse::Ok().json(ListItemsResponse {
        items: items.into_iter().map(|u| view(u, admin)).collect(),
    }))
}
