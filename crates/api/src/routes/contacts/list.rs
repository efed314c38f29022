//! `GET /contacts`.

use actix_web::{get, web, HttpResponse};
use chrono::NaiveTime;
use crm_api_types::{ContactQueryParams, ContactResponse, Page, Problem};
use crm_domain::contact::ContactKind;
use crm_domain::ApiScope;
use crm_domain::{Access, RecordKind};
use crm_persistence::contacts::{self, ContactFilter, ContactSort, CustomSortBy};
use crm_persistence::{PageRequest, SortDirection, SortKey};

use super::view;
use crate::auth::CrmUser;
use crate::db;
use crate::error::ApiResult;
use crate::extract::Query;
use crate::pagination;
use crate::state::AppState;

const SORTS: &[(&str, ContactSort)] = &[
    ("name", ContactSort::Name),
    ("created_at", ContactSort::CreatedAt),
    ("last_activity", ContactSort::LastActivity),
];

/// Parses `sort`: `name`, `created_at`, `last_activity`, `type` or `custom:{field id}`, with
/// `-` for descending; returns the sort and its label for cursors. The kind of a custom field's
/// value is settled later, by [`custom_sort`].
fn parse_sort(input: Option<&str>) -> ApiResult<(SortKey<ContactSort>, String)> {
    let text = input.map(str::trim).unwrap_or_default();
    let (direction, name) = match text.strip_prefix('-') {
        Some(rest) => (SortDirection::Desc, rest),
        None => (SortDirection::Asc, text),
    };
    let invalid = || {
        crate::error::ApiError::field(
            "sort",
            "invalid_value",
            "must be one of name, created_at, last_activity, type, custom:{field id}",
        )
    };
    let field = if name == "type" {
        ContactSort::Type
    } else if let Some(id) = name.strip_prefix("custom:") {
        ContactSort::Custom {
            field_id: id.parse().map_err(|_| invalid())?,
            by: CustomSortBy::Text,
        }
    } else {
        let sort = pagination::sort(input, SORTS, ContactSort::Name).map_err(|_| invalid())?;
        let label = pagination::sort_label(&sort, SORTS);
        return Ok((sort, label));
    };
    Ok((SortKey { field, direction }, text.to_owned()))
}

/// Which value of a custom field orders the list, by the field's type.
fn custom_sort(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    field_id: i64,
) -> Result<CustomSortBy, crate::error::ApiError> {
    use crm_domain::custom_fields::FieldType;
    let field = crm_persistence::custom_fields::find(conn, portal_id, field_id)
        .map_err(|_| crate::error::ApiError::field("sort", "not_found", "is not a custom field"))?;
    Ok(match FieldType::parse("sort", &field.field_type)? {
        FieldType::Text | FieldType::TextArea => CustomSortBy::Text,
        FieldType::Date => CustomSortBy::Date,
        FieldType::Number => CustomSortBy::Number,
        FieldType::Checkbox => CustomSortBy::Bool,
        FieldType::Select => CustomSortBy::Option,
        FieldType::Heading => {
            return Err(crate::error::ApiError::field(
                "sort",
                "invalid_value",
                "a heading has no values to sort by",
            ))
        }
    })
}

/// Settles what depends on the portal's custom fields: how a custom sort orders (by the
/// field's type) and the typed filter of a custom field and value.
fn typed_custom(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    sort: &mut SortKey<ContactSort>,
    filter: &mut ContactFilter,
    custom: Option<&(i64, String)>,
) -> ApiResult<()> {
    if let ContactSort::Custom { field_id, .. } = sort.field {
        sort.field = ContactSort::Custom {
            field_id,
            by: custom_sort(conn, portal_id, field_id)?,
        };
    }
    filter.custom =
        super::super::records::typed_custom(conn, portal_id, RecordKind::Contact, custom)?;
    Ok(())
}

/// Text search matches phone numbers however they were typed: a query of digits and phone
/// punctuation becomes the digits of the stored E.164 form (see `phone_search_digits`).
fn search_text(q: Option<&str>, phone_country: Option<&str>) -> ApiResult<Option<String>> {
    let text = pagination::search_text(q)?;
    Ok(text.map(|t| crm_domain::contact::phone_search_digits(&t, phone_country).unwrap_or(t)))
}

/// Lists the contacts the caller may see, with filters, text search and keyset paging.
#[utoipa::path(tag = "contacts", params(ContactQueryParams), responses(
    (status = 200, body = Page<ContactResponse>),
    (status = 403, description = "`crm_disabled` or `crm_access_denied`", body = Problem, content_type = "application/problem+json"),
))]
#[get("/contacts")]
#[tracing::instrument(skip_all, fields(portal_id = tracing::field::Empty))]
pub async fn list_contacts(
    state: web::Data<AppState>,
    user: CrmUser,
    query: Query<ContactQueryParams>,
) -> ApiResult<HttpResponse> {
    // The caller first, so that a refused caller learns nothing from parameter errors.
    user.0.require(ApiScope::Read)?;
    let (portal_id, viewer) = (user.0.portal_id(), user.0.viewer());
    let phone_country = super::input::default_phone_country(&user.0.portal.locale);
    let q = query.into_inner()?;
    let counts = state.trigram_counts();
    // Taken before anything is read: a write that ends later makes the total counted here stale.
    let (writes, read_at) = (state.pool.writes(), std::time::Instant::now());
    let totals = state.list_totals.clone();
    let (page, label) = db::run(&state.pool, move |conn| {
        let ListParams {
            mut sort,
            label,
            after,
            limit,
            mut filter,
            custom,
        } = parse_params(q, &counts, phone_country)?;
        typed_custom(conn, portal_id, &mut sort, &mut filter, custom.as_ref())?;
        let key = crate::totals::contacts_key(portal_id, viewer, &filter);
        let counted = totals.get(&key, writes);
        let page = contacts::list(
            conn,
            portal_id,
            viewer,
            &filter,
            &PageRequest { sort, after, limit },
            counted,
        )?;
        if counted.is_none() {
            totals.put(key, writes, read_at, (page.total, page.total_capped));
        }
        Ok((page, label))
    })
    .await?;
    tracing::Span::current().record("portal_id", portal_id);
    Ok(
        HttpResponse::Ok().json(pagination::page(page, "contacts", &label, |r| {
            view::contact(r, viewer)
        })),
    )
}

/// The ids of every contact the list's filters `q` match for the viewer (its sort, paging
/// and limit aside), in the list's default order; refused when more than `max` match.
pub(super) fn matching_ids(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    viewer: crm_domain::Viewer,
    q: ContactQueryParams,
    counts: &contacts::TrigramCounts,
    phone_country: Option<&str>,
    max: usize,
) -> ApiResult<Vec<i64>> {
    let q = ContactQueryParams {
        limit: None,
        cursor: None,
        sort: None,
        ..q
    };
    let ListParams {
        mut sort,
        mut filter,
        custom,
        ..
    } = parse_params(q, counts, phone_country).map_err(|e| e.prefixed("filter."))?;
    typed_custom(conn, portal_id, &mut sort, &mut filter, custom.as_ref())
        .map_err(|e| e.prefixed("filter."))?;
    let mut ids = Vec::new();
    let mut after = None;
    loop {
        let page = contacts::list(
            conn,
            portal_id,
            viewer,
            &filter,
            &PageRequest {
                sort,
                after,
                limit: 1000,
            },
            Some((0, false)),
        )?;
        ids.extend(page.rows.iter().map(|r| r.contact.id));
        if ids.len() > max {
            return Err(crate::error::ApiError::field(
                "filter",
                "too_many",
                format!("matches more than {max} contacts: narrow the filters"),
            ));
        }
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(ids),
        }
    }
}

/// The list's parameters, checked.
struct ListParams {
    sort: SortKey<ContactSort>,
    /// The sort's name in cursors.
    label: String,
    after: Option<crm_persistence::After>,
    limit: i64,
    filter: ContactFilter,
    /// A custom field and the text of its value, typed once the field is known.
    custom: Option<(i64, String)>,
}

fn parse_params(
    q: ContactQueryParams,
    counts: &contacts::TrigramCounts,
    phone_country: Option<&str>,
) -> ApiResult<ListParams> {
    let limit = pagination::limit(q.limit)?;
    let (sort, label) = parse_sort(q.sort.as_deref())?;
    let after = pagination::decode_cursor(q.cursor.as_deref(), "contacts", &label)?;
    for (field, day) in [
        ("created_from", q.created_from),
        ("created_to", q.created_to),
    ] {
        if day.is_some_and(|d| !(1900..=9999).contains(&chrono::Datelike::year(&d))) {
            return Err(crate::error::ApiError::field(
                field,
                "out_of_range",
                "must be between the years 1900 and 9999",
            ));
        }
    }
    let text = search_text(q.q.as_deref(), phone_country)?;
    let filter = ContactFilter {
        text_trigrams: text
            .as_deref()
            .map(|t| counts.rarest(t, 3))
            .unwrap_or_default(),
        text,
        kind: q
            .kind
            .as_deref()
            .map(|k| ContactKind::parse("kind", k))
            .transpose()?
            .map(|k| k.as_str().to_owned()),
        type_id: q.type_id,
        temperature_id: q.temperature_id,
        tag: q.tag.as_deref().map(|t| t.trim().to_lowercase()),
        manager_id: q.manager_id,
        access: q
            .access
            .as_deref()
            .map(|a| Access::parse("access", a))
            .transpose()?
            .map(|a| a.as_str().to_owned()),
        company_id: q.company_id,
        created_from: q.created_from.map(|d| d.and_time(NaiveTime::MIN)),
        created_before: q
            .created_to
            .and_then(|d| d.succ_opt())
            .map(|d| d.and_time(NaiveTime::MIN)),
        custom: None,
        has_deals: q.has_deals,
    };
    let custom = super::super::records::custom_pair(q.custom_field, q.custom_value)?;
    Ok(ListParams {
        sort,
        label,
        after,
        limit,
        filter,
        custom,
    })
}

/// The filters and sort of a contacts list query, checked: what an export reads.
pub(crate) struct ExportQuery {
    sort: SortKey<ContactSort>,
    filter: ContactFilter,
    custom: Option<(i64, String)>,
}

/// Checks the list parameters of `q` other than paging.
pub(crate) fn export_query(
    q: ContactQueryParams,
    counts: &contacts::TrigramCounts,
    phone_country: Option<&str>,
) -> ApiResult<ExportQuery> {
    let q = ContactQueryParams {
        limit: None,
        cursor: None,
        ..q
    };
    let ListParams {
        sort,
        filter,
        custom,
        ..
    } = parse_params(q, counts, phone_country)?;
    Ok(ExportQuery {
        sort,
        filter,
        custom,
    })
}

/// A page of the contacts `q` matches for the viewer, as the API shows them, without the
/// count.
pub(crate) fn export_page(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    viewer: crm_domain::Viewer,
    q: &ExportQuery,
    after: Option<crm_persistence::After>,
    limit: i64,
) -> ApiResult<(Vec<ContactResponse>, Option<crm_persistence::After>)> {
    let (mut sort, mut filter) = (q.sort, q.filter.clone());
    typed_custom(conn, portal_id, &mut sort, &mut filter, q.custom.as_ref())
        .map_err(|e| e.prefixed("filter."))?;
    let page = contacts::list(
        conn,
        portal_id,
        viewer,
        &filter,
        &PageRequest { sort, after, limit },
        Some((0, false)),
    )?;
    let next = page.next.clone();
    Ok((
        page.rows
            .into_iter()
            .map(|r| view::contact(r, viewer))
            .collect(),
        next,
    ))
}
