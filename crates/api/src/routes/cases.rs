//! `/cases`: events with a group of clients, with the record routes of the record model.

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use crm_api_types::{CaseQueryParams, CaseRequest, CaseResponse, Page, Problem};
use crm_domain::{ApiScope, BoundedText, RecordKind, Validator, Viewer};
use crm_persistence::cases::{self as store, CaseFilter, CaseRecord, CaseSort};
use crm_persistence::{DbConnection, PageRequest};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::{self, cases as use_case, Actor};
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::routes::views::utc;
use crate::state::AppState;
use crate::versioning::{etag, precondition};

/// Mounts the cases routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_cases)
        .service(create_case)
        .service(get_case)
        .service(update_case)
        .service(delete_case);
}

const SORTS: &[(&str, CaseSort)] = &[
    ("title", CaseSort::Title),
    ("created_at", CaseSort::Created),
];

/// The cases of `records` as the caller sees them: participants they may not see are left out
/// (one statement for all).
fn views(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    records: Vec<CaseRecord>,
) -> Result<Vec<CaseResponse>, ApiError> {
    let seen = super::records::seen_contacts(
        conn,
        portal_id,
        viewer,
        records.iter().map(|c| &c.contact_ids),
    )?;
    Ok(records.into_iter().map(|c| view(c, &seen)).collect())
}

/// A case as a caller who may see the contacts `seen` sees it.
fn view(c: CaseRecord, seen: &[i64]) -> CaseResponse {
    let contact_ids = super::records::only_seen(&c.contact_ids, seen);
    let case = c.case;
    CaseResponse {
        id: case.id,
        title: case.title,
        closed: case.closed,
        closed_at: case.closed_at.map(utc),
        contact_ids,
        restricted: case.access.0 == crm_domain::Access::Private,
        member_ids: c.member_ids,
        tag_ids: c.tag_ids,
        custom_fields: c
            .custom_values
            .into_iter()
            .map(super::records::wire_custom_value)
            .collect(),
        created_by: case.created_by,
        created_at: utc(case.created_at),
        updated_at: utc(case.updated_at),
        version: case.version,
    }
}

fn one(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> Result<CaseResponse, ApiError> {
    let c = store::find_visible(conn, portal_id, viewer, id)?;
    views(conn, portal_id, viewer, vec![c])?
        .pop()
        .ok_or(ApiError::NotFound)
}

fn input(b: CaseRequest, creating: bool) -> Result<use_case::CaseInput, ApiError> {
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
    let out = use_case::CaseInput {
        title,
        contact_ids: b.contact_ids,
        closed: b.closed,
        restricted: b.restricted,
        member_ids: b.member_ids,
        tags: b
            .tags
            .as_deref()
            .and_then(|names| super::records::tag_names(&mut v, names)),
        custom_fields: b.custom_fields.unwrap_or_default(),
    };
    v.finish()?;
    crate::extract::check_ids("contact_ids", out.contact_ids.as_deref(), 1000)?;
    crate::extract::check_ids("member_ids", out.member_ids.as_deref(), 1000)?;
    Ok(out)
}

/// Cases the caller may see.
#[utoipa::path(tag = "cases", params(CaseQueryParams), responses(
    (status = 200, body = Page<CaseResponse>),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/cases")]
pub async fn list_cases(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<CaseQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let label = pagination::sort_label(&sort_of(&q)?, SORTS);
    let after = pagination::decode_cursor(q.cursor.as_deref(), "cases", &label)?;
    let ListQuery {
        sort,
        mut filter,
        custom,
    } = list_query(&q)?;
    let (portal_id, viewer) = (user.0.portal_id(), user.0.viewer());
    let page = PageRequest { sort, after, limit };
    let body = db::run(&state.pool, move |conn| {
        filter.custom =
            super::records::typed_custom(conn, portal_id, RecordKind::Case, custom.as_ref())?;
        let result = store::list(conn, portal_id, viewer, &filter, &page)?;
        let records = store::attach_all(conn, portal_id, result.rows)?;
        let items = views(conn, portal_id, viewer, records)?;
        Ok(Page {
            next_cursor: result
                .next
                .as_ref()
                .map(|a| pagination::encode_cursor("cases", &label, a)),
            total: result.total,
            total_capped: result.total_capped,
            items,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// The filters, sort and custom-field filter of a cases list query, checked.
pub(crate) struct ListQuery {
    pub sort: crm_persistence::SortKey<CaseSort>,
    pub filter: CaseFilter,
    /// A custom field and the text of its value, typed once the field is known.
    pub custom: Option<(i64, String)>,
}

/// The sort `q` asks for: newest first unless given.
fn sort_of(q: &CaseQueryParams) -> ApiResult<crm_persistence::SortKey<CaseSort>> {
    let mut sort = pagination::sort(q.sort.as_deref(), SORTS, CaseSort::Created)?;
    if q.sort.is_none() {
        sort.direction = crm_persistence::SortDirection::Desc;
    }
    Ok(sort)
}

/// Checks the list parameters of `q` other than paging.
pub(crate) fn list_query(q: &CaseQueryParams) -> ApiResult<ListQuery> {
    let sort = sort_of(q)?;
    Ok(ListQuery {
        sort,
        custom: super::records::custom_pair(q.custom_field, q.custom_value.clone())?,
        filter: CaseFilter {
            closed: q.closed,
            contact_id: q.contact_id,
            tag_id: q.tag_id,
            custom: None,
            q: pagination::search_text(q.q.as_deref())?,
        },
    })
}

/// A page of the cases `q` matches for the viewer, as the API shows them: what an export
/// reads.
pub(crate) fn export_page(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    q: &ListQuery,
    after: Option<crm_persistence::After>,
    limit: i64,
) -> ApiResult<(Vec<CaseResponse>, Option<crm_persistence::After>)> {
    let mut filter = q.filter.clone();
    filter.custom =
        super::records::typed_custom(conn, portal_id, RecordKind::Case, q.custom.as_ref())
            .map_err(|e| e.prefixed("filter."))?;
    let page = PageRequest {
        sort: q.sort,
        after,
        limit,
    };
    let result = store::list(conn, portal_id, viewer, &filter, &page)?;
    let records = store::attach_all(conn, portal_id, result.rows)?;
    Ok((views(conn, portal_id, viewer, records)?, result.next))
}

/// Creates a case.
#[utoipa::path(tag = "cases", request_body = CaseRequest, responses(
    (status = 201, body = CaseResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/cases")]
pub async fn create_case(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<CaseRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let input = input(body.into_inner(), true)?;
    let actor = Actor::of(&user.0);
    let body = app::write(&state, move |tx| {
        let c = use_case::create(tx, &actor, input)?;
        one(tx.conn, actor.portal_id, actor.viewer(), c.case.id)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// A case the caller may see.
#[utoipa::path(tag = "cases", params(("id" = i64, Path, description = "Case id")), responses(
    (status = 200, body = CaseResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/cases/{id}")]
pub async fn get_case(
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

/// Changes a case made from the version given by `If-Match` or `version`; `closed` closes
/// or reopens it.
#[utoipa::path(tag = "cases", params(("id" = i64, Path, description = "Case id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = CaseRequest, responses(
    (status = 200, body = CaseResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 412, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/cases/{id}")]
pub async fn update_case(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<CaseRequest>,
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

/// Deletes a case with its tasks, history and links.
#[utoipa::path(tag = "cases", params(("id" = i64, Path, description = "Case id")), responses(
    (status = 204, description = "Deleted"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[delete("/cases/{id}")]
pub async fn delete_case(
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
