//! `GET /users`.

use actix_web::{get, web, HttpResponse};
use crm_api_types::{Page, Problem, UserQueryParams, UserResponse};
use crm_domain::{ApiScope, Role};
use crm_persistence::users::{self, UserFilter, UserSort};
use crm_persistence::PageRequest;

use super::SORTS;
use crate::auth::Principal;
use crate::db;
use crate::error::ApiResult;
use crate::extract::Query;
use crate::pagination;
use crate::routes::views;
use crate::state::AppState;

/// Lists the portal's users with filters, sorting and keyset paging.
#[utoipa::path(tag = "users", params(UserQueryParams), responses(
    (status = 200, body = Page<UserResponse>),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/users")]
#[tracing::instrument(skip_all, fields(portal_id = principal.portal_id()))]
pub async fn list_users(
    state: web::Data<AppState>,
    principal: Principal,
    query: Query<UserQueryParams>,
) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let sort = pagination::sort(q.sort.as_deref(), SORTS, UserSort::Name)?;
    let label = pagination::sort_label(&sort, SORTS);
    let after = pagination::decode_cursor(q.cursor.as_deref(), "users", &label)?;
    let role = q
        .role
        .as_deref()
        .map(|r| Role::parse("role", r))
        .transpose()?;
    let filter = UserFilter {
        text: pagination::search_text(q.q.as_deref())?,
        role: role.map(|r| r.as_str().to_owned()),
        active: q.active,
        group_id: q.group_id,
    };
    let portal_id = principal.portal_id();
    let page = db::run(&state.pool, move |conn| {
        Ok(users::list(
            conn,
            portal_id,
            &filter,
            &PageRequest { sort, after, limit },
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(pagination::page(
        page,
        "users",
        &label,
        views::user_with_groups,
    )))
}
