//! `/groups`: groups of users. Everyone in the portal may read them; owners and admins change them.

mod write;

use actix_web::{get, web, HttpResponse};
use crm_api_types::{GroupQueryParams, GroupResponse, Page, Problem};
use crm_domain::ApiScope;
use crm_persistence::groups::{self, GroupFilter, GroupSort};
use crm_persistence::PageRequest;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Principal;
use crate::db;
use crate::error::ApiResult;
use crate::extract::Query;
use crate::pagination;
use crate::routes::views;
use crate::state::AppState;
use crate::versioning::etag;

/// Mounts `/groups`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_groups)
        .service(write::create_group)
        .service(get_group)
        .service(write::update_group)
        .service(write::delete_group);
}

const SORTS: &[(&str, GroupSort)] = &[
    ("name", GroupSort::Name),
    ("created_at", GroupSort::CreatedAt),
];

/// Lists the portal's groups.
#[utoipa::path(tag = "groups", params(GroupQueryParams), responses(
    (status = 200, body = Page<GroupResponse>),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/groups")]
pub async fn list_groups(
    state: web::Data<AppState>,
    principal: Principal,
    query: Query<GroupQueryParams>,
) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let sort = pagination::sort(q.sort.as_deref(), SORTS, GroupSort::Name)?;
    let label = pagination::sort_label(&sort, SORTS);
    let after = pagination::decode_cursor(q.cursor.as_deref(), "groups", &label)?;
    let filter = GroupFilter {
        text: pagination::search_text(q.q.as_deref())?,
        member_id: q.member_id,
    };
    let portal_id = principal.portal_id();
    let page = db::run(&state.pool, move |conn| {
        Ok(groups::list(
            conn,
            portal_id,
            &filter,
            &PageRequest { sort, after, limit },
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(pagination::page(page, "groups", &label, views::group)))
}

/// One group.
#[utoipa::path(tag = "groups", params(("id" = i64, Path, description = "Group id")), responses(
    (status = 200, body = GroupResponse, headers(("ETag" = String))),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/groups/{id}")]
pub async fn get_group(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Read)?;
    let (portal_id, id) = (principal.portal_id(), id.into_inner());
    let group = db::run(&state.pool, move |conn| {
        Ok(groups::find(conn, portal_id, id)?)
    })
    .await?;
    let body = views::group(group);
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}
