//! `GET /users/{id}`.

use actix_web::{get, web, HttpResponse};
use crm_api_types::{Problem, UserResponse};
use crm_domain::ApiScope;
use crm_persistence::users;

use crate::auth::Principal;
use crate::db;
use crate::error::ApiResult;
use crate::routes::views;
use crate::state::AppState;
use crate::versioning::etag;

/// One user of the caller's portal.
#[utoipa::path(tag = "users", params(("id" = i64, Path, description = "User id")), responses(
    (status = 200, body = UserResponse, headers(("ETag" = String))),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    principal: Principal,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    principal.require(ApiScope::Read)?;
    let (portal_id, id) = (principal.portal_id(), id.into_inner());
    let user = db::run(&state.pool, move |conn| {
        Ok(users::find_with_groups(conn, portal_id, id)?)
    })
    .await?;
    let body = views::user_with_groups(user);
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}
