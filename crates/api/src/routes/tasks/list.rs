//! `GET /tasks`.

use actix_web::{get, web, HttpResponse};
use chrono::{Datelike, TimeZone as _};
use crm_api_types::{Page, Problem, TaskQueryParams, TaskResponse};
use crm_domain::task;
use crm_domain::{ApiScope, FieldError, TimeZoneName, Validator};
use crm_persistence::tasks::{self, TaskFilter, TaskSort, TaskStatus};
use crm_persistence::{PageRequest, SortKey};

use super::{about_name, about_names, view, SORTS};
use crate::auth::CrmUser;
use crate::db;
use crate::error::ApiResult;
use crate::extract::Query;
use crate::pagination;
use crate::state::AppState;

/// Tasks the caller may see.
#[utoipa::path(tag = "tasks", params(TaskQueryParams), responses(
    (status = 200, body = Page<TaskResponse>),
    (status = 422, body = Problem, content_type = "application/problem+json"),
))]
#[get("/tasks")]
pub async fn list_tasks(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<TaskQueryParams>,
) -> ApiResult<HttpResponse> {
    let p = &user.0;
    p.require(ApiScope::Read)?;
    let q = query.into_inner()?;
    let limit = pagination::limit(q.limit)?;
    let tz = TimeZoneName::tz_or_utc(&p.user.time_zone);
    let at = state.clock.now();
    let label = pagination::sort_label(&sort_of(&q)?, SORTS);
    let after = pagination::decode_cursor(q.cursor.as_deref(), "tasks", &label)?;
    let (sort, filter) = list_query(&q, p.user_id(), tz, at)?;
    let viewer = p.viewer();
    let portal_id = p.portal_id();
    let (page, names) = db::run(&state.pool, move |conn| {
        let page = tasks::list(
            conn,
            portal_id,
            viewer,
            &filter,
            &PageRequest { sort, after, limit },
            None,
        )?;
        let names = about_names(conn, portal_id, viewer, &page.rows)?;
        Ok((page, names))
    })
    .await?;
    Ok(
        HttpResponse::Ok().json(pagination::page(page, "tasks", &label, |t| {
            let name = about_name(&t, &names);
            view(t, viewer, tz, name, at)
        })),
    )
}

/// The sort `q` asks for.
fn sort_of(q: &TaskQueryParams) -> ApiResult<SortKey<TaskSort>> {
    pagination::sort(q.sort.as_deref(), SORTS, TaskSort::Deadline)
}

/// Checks the list parameters of `q` other than paging, for the user `user_id` (`mine`) in
/// the time zone `tz` (`today`, day bounds) at `at`.
pub(crate) fn list_query(
    q: &TaskQueryParams,
    user_id: i64,
    tz: chrono_tz::Tz,
    at: chrono::NaiveDateTime,
) -> ApiResult<(SortKey<TaskSort>, TaskFilter)> {
    let sort = sort_of(q)?;
    let mut v = Validator::new();
    let mut filter = TaskFilter {
        responsible_id: q.responsible_id,
        category_id: q.category_id,
        about: super::about_of(q.contact_id, q.deal_id, q.case_id, q.project_id, "")?.flatten(),
        text: pagination::search_text(q.q.as_deref())?,
        ..TaskFilter::default()
    };
    if q.mine == Some(true) {
        filter.responsible_id = Some(user_id);
    }
    filter.status = match q.status.as_deref().map(str::trim) {
        None | Some("open") => TaskStatus::Open,
        Some("closed") => TaskStatus::Closed,
        Some("all") => TaskStatus::All,
        Some(_) => {
            v.push(FieldError::new(
                "status",
                "invalid_value",
                "must be open, closed or all",
            ));
            TaskStatus::Open
        }
    };
    let today = tz.from_utc_datetime(&at).date_naive();
    match q.due.as_deref().map(str::trim) {
        None => {}
        Some("overdue") => {
            filter.status = TaskStatus::Open;
            filter.due_before = Some(at);
        }
        Some("today") => {
            let (from, to) = task::day_range(today, 1, tz);
            (filter.due_from, filter.due_before) = (Some(from), Some(to));
        }
        Some("this_week") => {
            let monday =
                today - chrono::Days::new(u64::from(today.weekday().num_days_from_monday()));
            let (from, to) = task::day_range(monday, 7, tz);
            (filter.due_from, filter.due_before) = (Some(from), Some(to));
        }
        Some(_) => v.push(FieldError::new(
            "due",
            "invalid_value",
            "must be overdue, today or this_week",
        )),
    }
    if let Some(d) = q.due_from.as_deref() {
        if let Some(day) = v.check(task::parse_day("due_from", d)) {
            let from = task::day_range(day, 1, tz).0;
            filter.due_from = Some(filter.due_from.map_or(from, |f| f.max(from)));
        }
    }
    if let Some(d) = q.due_to.as_deref() {
        if let Some(day) = v.check(task::parse_day("due_to", d)) {
            let to = task::day_range(day, 1, tz).1;
            filter.due_before = Some(filter.due_before.map_or(to, |b| b.min(to)));
        }
    }
    v.finish()?;
    Ok((sort, filter))
}

/// A page of the tasks `filter` matches for the viewer, as the API shows them in the time
/// zone `tz` at `at`: what an export reads.
pub(crate) fn export_page(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    viewer: crm_domain::Viewer,
    (sort, filter): &(SortKey<TaskSort>, TaskFilter),
    after: Option<crm_persistence::After>,
    limit: i64,
    (tz, at): (chrono_tz::Tz, chrono::NaiveDateTime),
) -> ApiResult<(Vec<TaskResponse>, Option<crm_persistence::After>)> {
    let page = tasks::list(
        conn,
        portal_id,
        viewer,
        filter,
        &PageRequest {
            sort: *sort,
            after,
            limit,
        },
        Some(0),
    )?;
    let names = about_names(conn, portal_id, viewer, &page.rows)?;
    let next = page.next.clone();
    let items = page
        .rows
        .into_iter()
        .map(|t| {
            let name = about_name(&t, &names);
            view(t, viewer, tz, name, at)
        })
        .collect();
    Ok((items, next))
}
