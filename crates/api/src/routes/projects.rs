//! `/projects`: the work deals turn into, with the record routes of the record model.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use crm_api_types::{Page, Problem, ProjectQueryParams, ProjectRequest, ProjectResponse};
use crm_domain::{ApiScope, BoundedText, RecordKind, Validator, Viewer};
use crm_persistence::projects::{self as store, ProjectFilter, ProjectRecord, ProjectSort};
use crm_persistence::{DbConnection, PageRequest};
use utoipa_actix_web::service_config::ServiceConfig;

use super::records::{optional_day, project_status, wire_project_status};
use crate::app::{self, projects as use_case, Actor};
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::routes::views::utc;
use crate::state::AppState;
use crate::versioning::{etag, precondition};

/// Mounts the projects routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_projects)
        .service(create_project)
        .service(get_project)
        .service(update_project)
        .service(delete_project);
}

const SORTS: &[(&str, ProjectSort)] = &[
    ("title", ProjectSort::Title),
    ("created_at", ProjectSort::Created),
];

/// The projects of `records` as the caller sees them: contacts and deals they may not see are
/// left out (one statement for each).
fn views(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    records: Vec<ProjectRecord>,
) -> Result<Vec<ProjectResponse>, ApiError> {
    let seen = super::records::seen_contacts(
        conn,
        portal_id,
        viewer,
        records.iter().map(|p| &p.contact_ids),
    )?;
    let deal_ids: Vec<i64> = records.iter().filter_map(|p| p.project.deal_id).collect();
    let seen_deals = if deal_ids.is_empty() {
        Vec::new()
    } else {
        crm_persistence::records::visible_ids(conn, portal_id, viewer, RecordKind::Deal, &deal_ids)?
    };
    Ok(records
        .into_iter()
        .map(|p| view(p, &seen, &seen_deals))
        .collect())
}

/// A project as a caller who may see the contacts `seen` and the deals `seen_deals` sees it.
fn view(p: ProjectRecord, seen: &[i64], seen_deals: &[i64]) -> ProjectResponse {
    let contact_ids = super::records::only_seen(&p.contact_ids, seen);
    let project = p.project;
    ProjectResponse {
        id: project.id,
        title: project.title,
        description: project.description,
        status: wire_project_status(project.status.0),
        deadline: project.deadline,
        deal_id: project.deal_id.filter(|d| seen_deals.contains(d)),
        manager_id: project.manager_id,
        member_ids: p.member_ids,
        contact_ids,
        restricted: project.access.0 == crm_domain::Access::Private,
        created_by: project.created_by,
        created_at: utc(project.created_at),
        updated_at: utc(project.updated_at),
        version: project.version,
    }
}

fn one(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> Result<ProjectResponse, ApiError> {
    let p = store::find_visible(conn, portal_id, viewer, id)?;
    views(conn, portal_id, viewer, vec![p])?
        .pop()
        .ok_or(ApiError::NotFound)
}

fn input(b: ProjectRequest, creating: bool) -> Result<use_case::ProjectInput, ApiError> {
    let mut v = Validator::new();
    let title = match b.title.as_deref() {
        Some(t) => v
            .check(BoundedText::<200>::parse("title", t))
            .map(BoundedText::into_inner),
        None if creating => {
            v.push(crm_domain::FieldError::new(
                "title",
                "required",
                "is required",
            ));
            None
        }
        None => None,
    };
    let description = b.description.as_deref().and_then(|d| {
        v.check(BoundedText::<10000>::parse_optional("description", Some(d)))
            .map(|d| d.map(BoundedText::into_inner).unwrap_or_default())
    });
    let deadline = optional_day(&mut v, "deadline", b.deadline.as_deref());
    let out = use_case::ProjectInput {
        title,
        description,
        status: b.status.map(project_status),
        deadline,
        deal_id: b.deal_id.map(|d| (d != 0).then_some(d)),
        manager_id: b.manager_id,
        member_ids: b.member_ids,
        contact_ids: b.contact_ids,
        restricted: b.restricted,
    };
    v.finish()?;
    crate::extract::check_ids("contact_ids", out.contact_ids.as_deref(), 1000)?;
    crate::extract::check_ids("member_ids", out.member_ids.as_deref(), 1000)?;
    Ok(out)
}

/// Projects the caller may see.
#[utoipa::path(tag = "projects", params(ProjectQueryParams), responses(
    (status = 200, body = Page<ProjectResponse>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/projects")]
pub async fn list_projects(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<ProjectQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let mut sort = pagination::sort(q.sort.as_deref(), SORTS, ProjectSort::Created)?;
    if q.sort.is_none() {
        sort.direction = crm_persistence::SortDirection::Desc;
    }
    let label = pagination::sort_label(&sort, SORTS);
    let after = pagination::decode_cursor(q.cursor.as_deref(), "projects", &label)?;
    let mut v = Validator::new();
    let deadline_before =
        optional_day(&mut v, "deadline_before", q.deadline_before.as_deref()).flatten();
    v.finish()?;
    let filter = ProjectFilter {
        status: q.status.map(project_status),
        manager_id: q.manager_id,
        member_id: q.member_id,
        deal_id: q.deal_id,
        contact_id: q.contact_id,
        deadline_before,
        q: pagination::search_text(q.q.as_deref())?,
    };
    let (portal_id, viewer) = (user.0.portal_id(), user.0.viewer());
    let page = PageRequest { sort, after, limit };
    let body = db::run(&state.pool, move |conn| {
        let result = store::list(conn, portal_id, viewer, &filter, &page)?;
        let records = store::attach_all(conn, portal_id, result.rows)?;
        let items = views(conn, portal_id, viewer, records)?;
        Ok(Page {
            next_cursor: result
                .next
                .as_ref()
                .map(|a| pagination::encode_cursor("projects", &label, a)),
            total: result.total,
            total_capped: result.total_capped,
            items,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Creates a project; `deal_id` names the deal it comes from.
#[utoipa::path(tag = "projects", request_body = ProjectRequest, responses(
    (status = 201, body = ProjectResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/projects")]
pub async fn create_project(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<ProjectRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let input = input(body.into_inner(), true)?;
    let actor = Actor::of(&user.0);
    let body = app::write(&state, move |tx| {
        let p = use_case::create(tx, &actor, input)?;
        one(tx.conn, actor.portal_id, actor.viewer(), p.project.id)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// A project the caller may see.
#[utoipa::path(tag = "projects", params(("id" = i64, Path, description = "Project id")), responses(
    (status = 200, body = ProjectResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/projects/{id}")]
pub async fn get_project(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let (portal_id, viewer, id) = (user.0.portal_id(), user.0.viewer(), id.into_inner());
    let body = db::run(&state.pool, move |conn| one(conn, portal_id, viewer, id)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Changes a project made from the version given by `If-Match` or `version`.
#[utoipa::path(tag = "projects", params(("id" = i64, Path, description = "Project id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = ProjectRequest, responses(
    (status = 200, body = ProjectResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 412, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/projects/{id}")]
pub async fn update_project(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<ProjectRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let b = body.into_inner();
    let pre = precondition(&req, b.version)?;
    let input = input(b, false)?;
    let actor = Actor::of(&user.0);
    let id = id.into_inner();
    let body = app::write(&state, move |tx| {
        let (portal_id, viewer) = (actor.portal_id, actor.viewer());
        tx.unless_unchanged(
            |conn| one(conn, portal_id, viewer, id),
            |tx| use_case::update(tx, &actor, id, pre, input).map(drop),
        )
    })
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// Deletes a project with its tasks, history and links.
#[utoipa::path(tag = "projects", params(("id" = i64, Path, description = "Project id")), responses(
    (status = 204, description = "Deleted"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/projects/{id}")]
pub async fn delete_project(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let actor = Actor::of(&user.0);
    let id = id.into_inner();
    let keys = app::write(&state, move |tx| use_case::delete(tx, &actor, id)).await?;
    crate::storage::remove_all(state.files.as_ref(), keys).await;
    Ok(HttpResponse::NoContent().finish())
}
