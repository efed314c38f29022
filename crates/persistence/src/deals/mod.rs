//! Deals: a record kind of the record model (tags, members, history, tasks and custom values
//! come from [`crate::records`]), in a pipeline's stage, with a budget, a client and member
//! contacts ([`crate::records::linked`]) and a stage history ([`stage_changes`]).

pub mod pipelines;
pub mod stage_changes;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crm_domain::deal::BidType;
use crm_domain::{Access, RecordKind, RecordRef, Viewer};

use crate::connection::{DbConnection, MultiBackend};
use crate::error::{StoreError, StoreResult};
use crate::keyset::{contains_pattern, After, KeyValue, PageRequest, PageResult};
use crate::records::access::{self, RuleFilter};
use crate::schema::{deal_stages, deals};
use crate::stored::Stored;
use crate::users::{int_after, text_after, time_after};

/// A stored deal.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deals)]
pub struct DealRow {
    pub id: i64,
    pub portal_id: i64,
    pub title: String,
    pub sort_title: String,
    pub description: String,
    pub contact_id: Option<i64>,
    pub responsible_id: i64,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub probability: i32,
    pub currency: String,
    pub amount: i64,
    pub bid_type: Stored<BidType>,
    pub periods: i32,
    pub value: i64,
    pub expected_close_on: Option<NaiveDate>,
    pub actual_close_on: Option<NaiveDate>,
    pub access: Stored<Access>,
    pub created_by: i64,
    pub updated_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub version: i64,
}

/// A deal with what hangs off it.
#[derive(Debug, Clone)]
pub struct DealRecord {
    pub deal: DealRow,
    /// Member contacts (the client among them), by id.
    pub contact_ids: Vec<i64>,
    /// Users a restricted deal is open to.
    pub member_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
    pub custom_values: Vec<crate::custom_fields::ValueRow>,
}

/// A new deal.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = deals)]
pub struct NewDeal {
    pub portal_id: i64,
    pub title: String,
    pub sort_title: String,
    pub description: String,
    pub contact_id: Option<i64>,
    pub responsible_id: i64,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub probability: i32,
    pub currency: String,
    pub amount: i64,
    pub bid_type: Stored<BidType>,
    pub periods: i32,
    pub value: i64,
    pub expected_close_on: Option<NaiveDate>,
    pub actual_close_on: Option<NaiveDate>,
    pub access: Stored<Access>,
    pub created_by: i64,
    pub updated_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub version: i64,
}

/// Changes to a deal; `None` leaves a column, `Some(None)` clears a nullable one.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = deals)]
pub struct DealChanges {
    pub title: Option<String>,
    pub sort_title: Option<String>,
    pub description: Option<String>,
    pub contact_id: Option<Option<i64>>,
    pub responsible_id: Option<i64>,
    pub pipeline_id: Option<i64>,
    pub stage_id: Option<i64>,
    pub probability: Option<i32>,
    pub currency: Option<String>,
    pub amount: Option<i64>,
    pub bid_type: Option<Stored<BidType>>,
    pub periods: Option<i32>,
    pub value: Option<i64>,
    pub expected_close_on: Option<Option<NaiveDate>>,
    pub actual_close_on: Option<Option<NaiveDate>>,
    pub access: Option<Stored<Access>>,
}

crate::record_table!(
    deals,
    RecordKind::Deal,
    DealRow,
    NewDeal,
    DealChanges,
    DealRecord
);

/// The deals of `rows` with what hangs off them, in a few statements whatever their number.
pub fn attach_all(
    conn: &mut DbConnection,
    portal_id: i64,
    rows: Vec<DealRow>,
) -> StoreResult<Vec<DealRecord>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut links = crate::records::links_of(conn, portal_id, RecordKind::Deal, &ids)?;
    Ok(rows
        .into_iter()
        .map(|deal| {
            let (contact_ids, member_ids, tag_ids, custom_values) = links.take(deal.id);
            DealRecord {
                deal,
                contact_ids,
                member_ids,
                tag_ids,
                custom_values,
            }
        })
        .collect())
}

/// Stores a deal with its member contacts (the client is always one) and members.
pub fn create(
    conn: &mut DbConnection,
    new: &NewDeal,
    contact_ids: &[i64],
    member_ids: &[i64],
) -> StoreResult<DealRecord> {
    conn.transaction(|conn| {
        let id = insert_row(conn, new)?;
        let record = RecordRef::deal(id);
        let mut contacts = contact_ids.to_vec();
        contacts.extend(new.contact_id);
        crate::records::linked::replace(conn, new.portal_id, record, &contacts)?;
        crate::records::members::replace(conn, new.portal_id, record, member_ids)?;
        find(conn, new.portal_id, id)
    })
}

/// Changes a deal made from `expected_version`; contacts and members are replaced when
/// given (the client stays a member contact).
#[allow(clippy::too_many_arguments)]
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &DealChanges,
    contact_ids: Option<&[i64]>,
    member_ids: Option<&[i64]>,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<DealRecord> {
    conn.transaction(|conn| {
        apply_changes(conn, portal_id, id, expected_version, changes, by, now)?;
        let record = RecordRef::deal(id);
        let current = find(conn, portal_id, id)?;
        let mut contacts = match contact_ids {
            Some(ids) => ids.to_vec(),
            None => current.contact_ids.clone(),
        };
        if let Some(client) = current.deal.contact_id {
            if !contacts.contains(&client) {
                contacts.push(client);
            }
        }
        if contacts != current.contact_ids {
            crate::records::linked::replace(conn, portal_id, record, &contacts)?;
        }
        if let Some(ids) = member_ids {
            crate::records::members::replace(conn, portal_id, record, ids)?;
        }
        find(conn, portal_id, id)
    })
}

/// Deletes a deal with its contacts links, stage history and everything the record model
/// holds for it; returns the storage keys of its files. `Conflict("in_use")` while an
/// invoice is for it.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<Vec<String>> {
    conn.transaction(|conn| {
        if !crate::invoices::refers_to_deals(conn, portal_id, &[id])?.is_empty() {
            return Err(StoreError::Conflict("in_use".into()));
        }
        crate::projects::unlink_deals(conn, portal_id, &[id])?;
        delete_with_links(conn, portal_id, id)
    })
}

/// Sort fields of the deals list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DealSort {
    /// Title, case-insensitive.
    Title,
    /// Newest or oldest.
    Created,
    /// Value (amount × periods, in the deal's currency).
    Value,
    /// Expected close date (deals without one last).
    ExpectedClose,
    /// Stage, in pipeline order.
    Stage,
    /// Responsible user.
    Responsible,
}

/// Filters of the deals list; all must hold.
#[derive(Debug, Clone, Default)]
pub struct DealFilter {
    pub responsible_id: Option<i64>,
    pub pipeline_id: Option<i64>,
    pub stage_id: Option<i64>,
    pub stage_status: Option<crm_domain::deal::StageStatus>,
    pub tag_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub expected_from: Option<NaiveDate>,
    pub expected_to: Option<NaiveDate>,
    pub value_min: Option<i64>,
    pub value_max: Option<i64>,
    pub currency: Option<String>,
    /// A custom field and the value it must have.
    pub custom: Option<(i64, crate::custom_fields::CustomFilter)>,
    /// Words of the title, all present.
    pub q: Option<String>,
}

/// Narrows the boxed query `$q` of deals to those the filter `$f` matches (the access rule is
/// the caller's: [`visible`], or the rule added to a grouped query).
macro_rules! narrowed {
    ($q:expr, $portal_id:expr, $f:expr) => {{
        let (mut q, portal_id, f): (_, i64, &DealFilter) = ($q, $portal_id, $f);
        if let Some(r) = f.responsible_id {
            q = q.filter(deals::responsible_id.eq(r));
        }
        if let Some(p) = f.pipeline_id {
            q = q.filter(deals::pipeline_id.eq(p));
        }
        if let Some(s) = f.stage_id {
            q = q.filter(deals::stage_id.eq(s));
        }
        if let Some(status) = f.stage_status {
            q = q.filter(
                deals::stage_id.eq_any(
                    deal_stages::table
                        .filter(deal_stages::portal_id.eq(portal_id))
                        .filter(deal_stages::status.eq(Stored(status)))
                        .select(deal_stages::id),
                ),
            );
        }
        if let Some(tag) = f.tag_id {
            q = q.filter(deals::id.eq_any(crate::records::tagged(
                portal_id,
                RecordKind::Deal,
                tag,
            )));
        }
        if let Some(c) = f.contact_id {
            q = q.filter(deals::id.eq_any(crate::records::involving(
                portal_id,
                RecordKind::Deal,
                c,
            )));
        }
        if let Some((field_id, filter)) = &f.custom {
            q = crate::filter_custom_value!(q, deals::id, portal_id, *field_id, filter);
        }
        if let Some(d) = f.expected_from {
            q = q.filter(deals::expected_close_on.ge(d));
        }
        if let Some(d) = f.expected_to {
            q = q.filter(deals::expected_close_on.le(d));
        }
        if let Some(v) = f.value_min {
            q = q.filter(deals::value.ge(v));
        }
        if let Some(v) = f.value_max {
            q = q.filter(deals::value.le(v));
        }
        if let Some(c) = &f.currency {
            q = q.filter(deals::currency.eq(c.clone()));
        }
        if let Some(text) = &f.q {
            for word in text.split_whitespace() {
                q = q.filter(
                    deals::sort_title
                        .like(contains_pattern(&word.to_lowercase()))
                        .escape('\\'),
                );
            }
        }
        q
    }};
}

fn filtered<'a>(
    portal_id: i64,
    viewer: Viewer,
    f: &DealFilter,
) -> deals::BoxedQuery<'a, MultiBackend> {
    narrowed!(visible(portal_id, viewer), portal_id, f)
}

/// Totals of a filtered list in one currency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrencyTotal {
    pub currency: String,
    pub count: i64,
    /// Sum of values, stored units.
    pub value: i64,
    /// Sum of value × probability / 100, stored units (rounded down per deal).
    pub weighted: i64,
}

/// Where deals without an expected close date sort.
const FAR: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// A page of the deals the viewer may see that match `filter`, the count of all, and the
/// totals per currency.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &DealFilter,
    page: &PageRequest<DealSort>,
) -> StoreResult<(PageResult<DealRow>, Vec<CurrencyTotal>)> {
    let (total, total_capped) =
        crate::keyset::count_capped(conn, filtered(portal_id, viewer, filter).select(deals::id))?;
    let mut result = rows_page(conn, portal_id, viewer, filter, page, total)?;
    result.total_capped = total_capped;
    let totals = totals(conn, portal_id, viewer, filter)?;
    Ok((result, totals))
}

/// A page of the deals the viewer may see that match `filter`, without counting them (`total`
/// is given: counted already, or known from [`totals_by_stage`]).
pub fn rows_page(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &DealFilter,
    page: &PageRequest<DealSort>,
    total: i64,
) -> StoreResult<PageResult<DealRow>> {
    let dir = page.sort.direction;
    let q = filtered(portal_id, viewer, filter).select(DealRow::as_select());
    let rows: Vec<DealRow> = match page.sort.field {
        DealSort::Title => {
            let after = text_after(&page.after)?;
            crate::keyset!(q, deals::sort_title, deals::id, dir, after)
        }
        DealSort::Created => {
            let after = time_after(&page.after)?;
            crate::keyset!(q, deals::created_at, deals::id, dir, after)
        }
        DealSort::Value => {
            let after = int_after(&page.after)?;
            crate::keyset!(q, deals::value, deals::id, dir, after)
        }
        DealSort::Stage => {
            let after = int_after(&page.after)?;
            crate::keyset!(q, deals::stage_id, deals::id, dir, after)
        }
        DealSort::Responsible => {
            let after = int_after(&page.after)?;
            crate::keyset!(q, deals::responsible_id, deals::id, dir, after)
        }
        DealSort::ExpectedClose => {
            // Without a date sorts as the far future.
            let after = text_after(&page.after)?
                .map(|(v, id)| (NaiveDate::parse_from_str(&v, "%Y-%m-%d").unwrap_or(FAR), id));
            crate::keyset!(
                q,
                diesel::dsl::sql::<diesel::sql_types::Date>(&format!(
                    "COALESCE(deals.expected_close_on, '{FAR}')"
                )),
                deals::id,
                dir,
                after
            )
        }
    }
    .limit(page.limit + 1)
    .load(conn)?;
    let sort = page.sort.field;
    let result = PageResult::from_probe(rows, page.limit, total, |d| After {
        value: match sort {
            DealSort::Title => KeyValue::Text(d.sort_title.clone()),
            DealSort::Created => KeyValue::Time(d.created_at),
            DealSort::Value => KeyValue::Int(d.value),
            DealSort::Stage => KeyValue::Int(d.stage_id),
            DealSort::Responsible => KeyValue::Int(d.responsible_id),
            DealSort::ExpectedClose => KeyValue::Text(
                d.expected_close_on
                    .unwrap_or(FAR)
                    .format("%Y-%m-%d")
                    .to_string(),
            ),
        },
        id: d.id,
    });
    Ok(result)
}

/// The count, value and weighted value of the matching deals, per currency (one grouped
/// statement).
pub fn totals(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &DealFilter,
) -> StoreResult<Vec<CurrencyTotal>> {
    Ok(grouped(conn, portal_id, viewer, filter, false)?
        .into_iter()
        .map(|(_, t)| t)
        .collect())
}

/// The totals of the matching deals per stage and currency (one grouped statement), for the
/// columns of a board.
pub fn totals_by_stage(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &DealFilter,
) -> StoreResult<Vec<(i64, CurrencyTotal)>> {
    grouped(conn, portal_id, viewer, filter, true)
}

/// A grouped totals row: stage (or 0), currency, count, value, weighted value.
type TotalsRow = (i64, String, i64, Option<i64>, Option<i64>);

fn grouped(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &DealFilter,
    by_stage: bool,
) -> StoreResult<Vec<(i64, CurrencyTotal)>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{BigInt, Nullable};
    let count = || sql::<BigInt>("COUNT(*)");
    let value = || sql::<Nullable<BigInt>>("CAST(SUM(deals.value) AS BIGINT)");
    let weighted =
        || sql::<Nullable<BigInt>>("CAST(SUM(deals.value * deals.probability / 100) AS BIGINT)");
    let rule = RuleFilter::unless_sees_all(
        access::record_rule(RecordKind::Deal, access::table_of(RecordKind::Deal)),
        portal_id,
        viewer,
    );
    let mine = deals::table.filter(deals::portal_id.eq(portal_id));
    let rows: Vec<TotalsRow> = if by_stage {
        let mut q = mine
            .group_by((deals::stage_id, deals::currency))
            .select((
                deals::stage_id,
                deals::currency,
                count(),
                value(),
                weighted(),
            ))
            .order((deals::stage_id, deals::currency))
            .into_boxed::<MultiBackend>();
        if let Some(rule) = rule {
            q = q.filter(rule);
        }
        narrowed!(q, portal_id, filter).load(conn)?
    } else {
        let mut q = mine
            .group_by(deals::currency)
            .select((
                sql::<BigInt>("CAST(0 AS BIGINT)"),
                deals::currency,
                count(),
                value(),
                weighted(),
            ))
            .order(deals::currency)
            .into_boxed::<MultiBackend>();
        if let Some(rule) = rule {
            q = q.filter(rule);
        }
        narrowed!(q, portal_id, filter).load(conn)?
    };
    Ok(rows
        .into_iter()
        .map(|(stage, currency, count, value, weighted)| {
            (
                stage,
                CurrencyTotal {
                    currency,
                    count,
                    value: value.unwrap_or(0),
                    weighted: weighted.unwrap_or(0),
                },
            )
        })
        .collect())
}

/// Whether `ids` are deals of the portal.
pub fn count_existing(conn: &mut DbConnection, portal_id: i64, ids: &[i64]) -> StoreResult<usize> {
    let n: i64 = deals::table
        .filter(deals::portal_id.eq(portal_id))
        .filter(deals::id.eq_any(crate::portals::dedup(ids)))
        .count()
        .get_result(conn)?;
    Ok(usize::try_from(n).unwrap_or(0))
}
