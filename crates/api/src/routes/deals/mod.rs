//! `/deals` and `/pipelines`: deals in pipelines of stages, with their record routes.

mod bulk;
pub mod pipelines;

use std::collections::HashMap;
use std::str::FromStr;

use actix_web::{delete, get, patch, post, web, HttpRequest, HttpResponse};
use crm_api_types::{
    BoardColumn, BoardQueryParams, BoardResponse, ChangeStageRequest, ConvertedTotalResponse,
    CurrencyTotalResponse, DealPage, DealQueryParams, DealRequest, DealResponse, Problem,
    StageChangeResponse, StageChangesResponse,
};
use crm_domain::deal::{self, BidType, Currency, StageStatus};
use crm_domain::{ApiScope, BoundedText, Locale, RecordKind, Validator, Viewer};
use crm_persistence::deals::{self as store, DealFilter, DealRecord, DealSort};
use crm_persistence::{DbConnection, PageRequest};
use rust_decimal::Decimal;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::app::{self, deals as use_case, Actor};
use crate::auth::CrmUser;
use crate::db;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Json, Query};
use crate::pagination;
use crate::routes::views::utc;
use crate::state::AppState;
use crate::versioning::{etag, precondition};

/// Mounts the deals and pipelines routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_deals)
        .service(bulk::bulk_change_deals)
        .service(create_deal)
        .service(get_deal)
        .service(update_deal)
        .service(delete_deal)
        .service(change_stage)
        .service(deal_stage_history)
        .service(board)
        .service(pipelines::list_pipelines)
        .service(pipelines::create_pipeline)
        .service(pipelines::reorder_pipelines)
        .service(pipelines::update_pipeline)
        .service(pipelines::delete_pipeline)
        .service(pipelines::add_stage)
        .service(pipelines::reorder_stages)
        .service(pipelines::update_stage)
        .service(pipelines::delete_stage);
}

const SORTS: &[(&str, DealSort)] = &[
    ("title", DealSort::Title),
    ("created_at", DealSort::Created),
    ("value", DealSort::Value),
    ("expected_close_on", DealSort::ExpectedClose),
    ("stage", DealSort::Stage),
    ("responsible", DealSort::Responsible),
];

fn money(units: i64) -> String {
    deal::from_stored(units).to_string()
}

/// The deals of `records` as the caller sees them: member contacts they may not see are left
/// out (one statement for all).
fn views(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    records: Vec<DealRecord>,
    statuses: &HashMap<i64, StageStatus>,
) -> Result<Vec<DealResponse>, ApiError> {
    let seen = super::records::seen_contacts(
        conn,
        portal_id,
        viewer,
        records.iter().map(|d| &d.contact_ids),
    )?;
    Ok(records
        .into_iter()
        .map(|d| view(d, statuses, &seen))
        .collect())
}

/// A deal as a caller who may see the contacts `seen` sees it.
fn view(d: DealRecord, statuses: &HashMap<i64, StageStatus>, seen: &[i64]) -> DealResponse {
    let contact_ids = super::records::only_seen(&d.contact_ids, seen);
    let deal = d.deal;
    let status = statuses
        .get(&deal.stage_id)
        .copied()
        .unwrap_or(StageStatus::Open);
    DealResponse {
        id: deal.id,
        title: deal.title,
        description: deal.description,
        contact_id: deal.contact_id.filter(|c| contact_ids.contains(c)),
        contact_ids,
        responsible_id: deal.responsible_id,
        pipeline_id: deal.pipeline_id,
        stage_id: deal.stage_id,
        stage_status: super::records::wire_stage_status(status),
        probability: deal.probability,
        currency: deal.currency,
        amount: money(deal.amount),
        bid_type: super::records::wire_bid_type(deal.bid_type.0),
        periods: deal.periods,
        value: money(deal.value),
        weighted_value: money(deal.value * i64::from(deal.probability) / 100),
        expected_close_on: deal.expected_close_on,
        actual_close_on: deal.actual_close_on,
        restricted: deal.access.0 == crm_domain::Access::Private,
        member_ids: d.member_ids,
        tag_ids: d.tag_ids,
        custom_fields: d
            .custom_values
            .into_iter()
            .map(super::records::wire_custom_value)
            .collect(),
        created_by: deal.created_by,
        created_at: utc(deal.created_at),
        updated_at: utc(deal.updated_at),
        version: deal.version,
    }
}

fn statuses(
    conn: &mut DbConnection,
    portal_id: i64,
) -> Result<HashMap<i64, StageStatus>, ApiError> {
    Ok(crm_persistence::deals::pipelines::all(conn, portal_id)?
        .into_iter()
        .flat_map(|p| p.stages)
        .map(|s| (s.id, s.status.0))
        .collect())
}

fn one(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    id: i64,
) -> Result<DealResponse, ApiError> {
    let d = store::find_visible(conn, portal_id, viewer, id)?;
    let statuses = statuses(conn, portal_id)?;
    views(conn, portal_id, viewer, vec![d], &statuses)?
        .pop()
        .ok_or(ApiError::NotFound)
}

fn decimal(field: &str, text: &str) -> Result<i64, crm_domain::DomainError> {
    let d = Decimal::from_str(text.trim()).map_err(|_| {
        crm_domain::DomainError::field(
            field,
            "invalid_value",
            "must be a decimal number like 1500.50",
        )
    })?;
    deal::to_stored(field, d)
}

fn input(b: DealRequest, creating: bool) -> Result<use_case::DealInput, ApiError> {
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
    let expected_close_on =
        super::records::optional_day(&mut v, "expected_close_on", b.expected_close_on.as_deref());
    let out = use_case::DealInput {
        title,
        description,
        contact_id: b.contact_id.map(|c| (c != 0).then_some(c)),
        contact_ids: b.contact_ids,
        responsible_id: b.responsible_id,
        stage_id: b.stage_id,
        probability: b
            .probability
            .and_then(|p| v.check(deal::probability("probability", p))),
        currency: b
            .currency
            .as_deref()
            .and_then(|c| v.check(Currency::parse("currency", c))),
        amount: b
            .amount
            .as_deref()
            .and_then(|a| v.check(decimal("amount", a))),
        bid_type: b
            .bid_type
            .and_then(|t| v.check(BidType::parse("bid_type", t.as_str()))),
        periods: b.periods,
        expected_close_on,
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

/// A page of the deals `filter` matches for the viewer, with the totals of all of them.
fn deal_page(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &DealFilter,
    page: &PageRequest<DealSort>,
    label: &str,
    locale: Locale,
) -> Result<DealPage, ApiError> {
    let statuses = statuses(conn, portal_id)?;
    let (result, totals) = store::list(conn, portal_id, viewer, filter, page)?;
    let records = store::attach_all(conn, portal_id, result.rows)?;
    let items = views(conn, portal_id, viewer, records, &statuses)?;
    let converted = if totals.is_empty() {
        None
    } else {
        let (to, _) = app::money::default_currency(conn, portal_id, locale)?;
        let on = crate::state::now().date();
        let sums = totals
            .iter()
            .map(|t| (t.currency.as_str(), t.count, t.value, t.weighted));
        let c = app::money::convert_totals(conn, portal_id, to, on, sums)?;
        Some(ConvertedTotalResponse {
            currency: to.code(),
            on,
            count: c.count,
            value: money(c.value),
            weighted_value: money(c.weighted),
            missing_rates: c.missing,
        })
    };
    Ok(DealPage {
        converted,
        next_cursor: result
            .next
            .as_ref()
            .map(|a| pagination::encode_cursor("deals", label, a)),
        total: result.total,
        total_capped: result.total_capped,
        items,
        totals: totals
            .into_iter()
            .map(|t| CurrencyTotalResponse {
                currency: t.currency,
                count: t.count,
                value: money(t.value),
                weighted_value: money(t.weighted),
            })
            .collect(),
    })
}

/// The board of a pipeline: per stage, the count and totals of the deals the caller may see
/// and the first cards, newest first; the next cards of a column come from `GET /deals`
/// with the column's `next_cursor`.
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Pipeline id"), BoardQueryParams), responses(
    (status = 200, body = BoardResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/pipelines/{id}/board")]
pub async fn board(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
    query: Query<BoardQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = match q.limit {
        None => 20,
        Some(_) => pagination::limit(q.limit)?,
    };
    let text = pagination::search_text(q.q.as_deref())?;
    let (portal_id, viewer, id) = (user.0.portal_id(), user.0.viewer(), id.into_inner());
    let body = db::run(&state.pool, move |conn| {
        let pipeline = crm_persistence::deals::pipelines::find(conn, portal_id, id)?;
        let statuses = statuses(conn, portal_id)?;
        let sort = crm_persistence::SortKey {
            field: DealSort::Created,
            direction: crm_persistence::SortDirection::Desc,
        };
        let label = pagination::sort_label(&sort, SORTS);
        let filter = DealFilter {
            pipeline_id: Some(id),
            responsible_id: q.responsible_id,
            q: text.clone(),
            ..DealFilter::default()
        };
        // Every column's count and totals in one grouped statement.
        let totals = store::totals_by_stage(conn, portal_id, viewer, &filter)?;
        let mut columns = Vec::with_capacity(pipeline.stages.len());
        for stage in pipeline.stages {
            let stage_totals: Vec<CurrencyTotalResponse> = totals
                .iter()
                .filter(|(s, _)| *s == stage.id)
                .map(|(_, t)| CurrencyTotalResponse {
                    currency: t.currency.clone(),
                    count: t.count,
                    value: money(t.value),
                    weighted_value: money(t.weighted),
                })
                .collect();
            let total = stage_totals.iter().map(|t| t.count).sum();
            let column = DealFilter {
                stage_id: Some(stage.id),
                ..filter.clone()
            };
            let page = PageRequest {
                sort,
                after: None,
                limit,
            };
            let rows = store::rows_page(conn, portal_id, viewer, &column, &page, total)?;
            let records = store::attach_all(conn, portal_id, rows.rows)?;
            columns.push(BoardColumn {
                stage: pipelines::stage_view(stage),
                total,
                total_capped: false,
                totals: stage_totals,
                items: views(conn, portal_id, viewer, records, &statuses)?,
                next_cursor: rows
                    .next
                    .as_ref()
                    .map(|a| pagination::encode_cursor("deals", &label, a)),
            });
        }
        Ok(BoardResponse {
            pipeline_id: pipeline.pipeline.id,
            name: pipeline.pipeline.name,
            columns,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Deals the caller may see, with the totals per currency of all that match.
#[utoipa::path(tag = "deals", params(DealQueryParams), responses(
    (status = 200, body = DealPage),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/deals")]
pub async fn list_deals(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<DealQueryParams>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let label = pagination::sort_label(&sort_of(&q)?, SORTS);
    let after = pagination::decode_cursor(q.cursor.as_deref(), "deals", &label)?;
    let ListQuery {
        sort,
        filter,
        custom,
    } = list_query(&q)?;
    let (portal_id, viewer) = (user.0.portal_id(), user.0.viewer());
    let locale = pipelines::portal_locale(&user);
    let page = PageRequest { sort, after, limit };
    let body = db::run(&state.pool, move |conn| {
        let mut filter = filter;
        filter.custom =
            super::records::typed_custom(conn, portal_id, RecordKind::Deal, custom.as_ref())?;
        deal_page(conn, portal_id, viewer, &filter, &page, &label, locale)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// The filters, sort and custom-field filter of a deals list query, checked.
pub(crate) struct ListQuery {
    pub sort: crm_persistence::SortKey<DealSort>,
    pub filter: DealFilter,
    /// A custom field and the text of its value, typed once the field is known.
    pub custom: Option<(i64, String)>,
}

/// The sort `q` asks for: newest first unless given.
fn sort_of(q: &DealQueryParams) -> ApiResult<crm_persistence::SortKey<DealSort>> {
    let mut sort = pagination::sort(q.sort.as_deref(), SORTS, DealSort::Created)?;
    if q.sort.is_none() {
        sort.direction = crm_persistence::SortDirection::Desc;
    }
    Ok(sort)
}

/// Checks the list parameters of `q` other than paging.
pub(crate) fn list_query(q: &DealQueryParams) -> ApiResult<ListQuery> {
    let sort = sort_of(q)?;
    let mut v = Validator::new();
    let filter = DealFilter {
        responsible_id: q.responsible_id,
        pipeline_id: q.pipeline_id,
        stage_id: q.stage_id,
        stage_status: q
            .stage_status
            .and_then(|s| v.check(StageStatus::parse("stage_status", s.as_str()))),
        tag_id: q.tag_id,
        contact_id: q.contact_id,
        expected_from: q.expected_from,
        expected_to: q.expected_to,
        value_min: q
            .value_min
            .as_deref()
            .and_then(|a| v.check(decimal("value_min", a))),
        value_max: q
            .value_max
            .as_deref()
            .and_then(|a| v.check(decimal("value_max", a))),
        currency: q
            .currency
            .as_deref()
            .and_then(|c| v.check(Currency::parse("currency", c)))
            .map(Currency::code),
        custom: None,
        q: pagination::search_text(q.q.as_deref())?,
    };
    let custom = super::records::custom_pair(q.custom_field, q.custom_value.clone())?;
    if (filter.value_min.is_some() || filter.value_max.is_some()) && filter.currency.is_none() {
        v.push(crm_domain::FieldError::new(
            "currency",
            "required",
            "is needed to compare values",
        ));
    }
    v.finish()?;
    Ok(ListQuery {
        sort,
        filter,
        custom,
    })
}

/// A page of the deals `q` matches for the viewer, as the API shows them, without totals:
/// what an export reads.
pub(crate) fn export_page(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    q: &ListQuery,
    after: Option<crm_persistence::After>,
    limit: i64,
) -> ApiResult<(Vec<DealResponse>, Option<crm_persistence::After>)> {
    let mut filter = q.filter.clone();
    filter.custom =
        super::records::typed_custom(conn, portal_id, RecordKind::Deal, q.custom.as_ref())
            .map_err(|e| e.prefixed("filter."))?;
    let page = PageRequest {
        sort: q.sort,
        after,
        limit,
    };
    let result = store::rows_page(conn, portal_id, viewer, &filter, &page, 0)?;
    let statuses = statuses(conn, portal_id)?;
    let records = store::attach_all(conn, portal_id, result.rows)?;
    Ok((
        views(conn, portal_id, viewer, records, &statuses)?,
        result.next,
    ))
}

/// Creates a deal in a stage (default: the first of the first pipeline), taking the stage's
/// probability unless one is given.
#[utoipa::path(tag = "deals", request_body = DealRequest, responses(
    (status = 201, body = DealResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[post("/deals")]
pub async fn create_deal(
    state: web::Data<AppState>,
    user: CrmUser,
    body: Json<DealRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let input = input(body.into_inner(), true)?;
    let locale = pipelines::portal_locale(&user);
    let actor = Actor::of(&user.0);
    let body = app::write(&state, move |tx| {
        let (currency, _) = app::money::default_currency(tx.conn, actor.portal_id, locale)?;
        let d = use_case::create(tx, &actor, input, currency)?;
        one(tx.conn, actor.portal_id, actor.viewer(), d.deal.id)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(body.version)))
        .json(body))
}

/// A deal the caller may see.
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Deal id")), responses(
    (status = 200, body = DealResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/deals/{id}")]
pub async fn get_deal(
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

/// Changes a deal made from the version given by `If-Match` or `version`. A new stage brings
/// its probability (unless one is given) and close date.
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Deal id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = DealRequest, responses(
    (status = 200, body = DealResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 412, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[patch("/deals/{id}")]
pub async fn update_deal(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<DealRequest>,
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

/// Moves a deal to a stage in one step (the deal page, the board), taking the stage's
/// probability and close date.
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Deal id"), ("If-Match" = Option<String>, Header, description = "ETag the change was made from")),
    request_body = ChangeStageRequest, responses(
    (status = 200, body = DealResponse, headers(("ETag" = String))),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 412, body = Problem, content_type = "application/problem+json"),
    (status = 422, body = Problem, content_type = "application/problem+json"),
    (status = 428, body = Problem, content_type = "application/problem+json"),
))]
#[post("/deals/{id}/stage")]
pub async fn change_stage(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CrmUser,
    id: web::Path<i64>,
    body: Json<ChangeStageRequest>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Write)?;
    let pre = precondition(&req, body.version)?;
    let input = use_case::DealInput {
        stage_id: Some(body.stage_id),
        ..use_case::DealInput::default()
    };
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

/// Every stage a deal entered, oldest first.
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Deal id")), responses(
    (status = 200, body = StageChangesResponse),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
))]
#[get("/deals/{id}/stage-history")]
pub async fn deal_stage_history(
    state: web::Data<AppState>,
    user: CrmUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    user.0.require(ApiScope::Read)?;
    let (portal_id, viewer, id) = (user.0.portal_id(), user.0.viewer(), id.into_inner());
    let items = db::run(&state.pool, move |conn| {
        store::find_visible(conn, portal_id, viewer, id)?;
        Ok(store::stage_changes::of(conn, portal_id, id)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(StageChangesResponse {
        items: items
            .into_iter()
            .map(|c| StageChangeResponse {
                from_stage_id: c.from_stage_id,
                to_stage_id: c.to_stage_id,
                probability: c.probability,
                changed_by: c.changed_by,
                changed_at: utc(c.changed_at),
            })
            .collect(),
    }))
}

/// Deletes a deal with its tasks, history, links and stage history; refused with `in_use`
/// while an invoice is for it.
#[utoipa::path(tag = "deals", params(("id" = i64, Path, description = "Deal id")), responses(
    (status = 204, description = "Deleted"),
    (status = 403, body = Problem, content_type = "application/problem+json"),
    (status = 404, body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "`in_use`", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/deals/{id}")]
pub async fn delete_deal(
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
