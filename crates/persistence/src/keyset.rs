//! Keyset pagination: order by a sort column then by id, and resume after the last row seen.
//! Stable under inserts, unlike offsets.

use chrono::NaiveDateTime;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::query_dsl::methods::LimitDsl;
use diesel::sql_types::BigInt;
use diesel::{QueryResult, RunQueryDsl};

use crate::connection::{DbConnection, MultiBackend};

/// Sort order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortDirection {
    /// Smallest first.
    #[default]
    Asc,
    /// Largest first.
    Desc,
}

/// A sort field of a list and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey<F> {
    /// The field.
    pub field: F,
    /// The direction.
    pub direction: SortDirection,
}

/// Value of the sort column of the last row of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyValue {
    /// A text column.
    Text(String),
    /// A timestamp column.
    Time(NaiveDateTime),
    /// An integer column.
    Int(i64),
}

/// Where the next page starts: after the row with this sort value and id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After {
    /// Sort value of the last row seen.
    pub value: KeyValue,
    /// Id of the last row seen (breaks ties).
    pub id: i64,
}

/// A page request: sort, position and size.
#[derive(Debug, Clone)]
pub struct PageRequest<F> {
    /// Sort order.
    pub sort: SortKey<F>,
    /// Resume position.
    pub after: Option<After>,
    /// Rows wanted; one more is fetched to learn whether another page follows.
    pub limit: i64,
}

/// Rows of one page and where the next starts.
#[derive(Debug, Clone)]
pub struct PageResult<T> {
    /// The rows.
    pub rows: Vec<T>,
    /// Where the next page starts, if there is one.
    pub next: Option<After>,
    /// Rows matching the filters, over all pages (a lower bound when `total_capped`).
    pub total: i64,
    /// More rows match than were counted: `total` is where counting stopped.
    pub total_capped: bool,
}

impl<T> PageResult<T> {
    /// Cuts the extra probe row and derives the next position from the last row kept.
    pub fn from_probe(
        mut rows: Vec<T>,
        limit: i64,
        total: i64,
        key_of: impl Fn(&T) -> After,
    ) -> Self {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let next = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(key_of)
        } else {
            None
        };
        Self {
            rows,
            next,
            total,
            total_capped: false,
        }
    }
}

/// Lists count their matches up to this many; beyond it the total says "more than this".
/// Counting a large match exactly costs more than the whole page.
pub const COUNT_CAP: i64 = 10_000;

/// How many rows a one-column query yields, counted by the database up to [`COUNT_CAP`]:
/// `(count, capped)`, where `capped` says there are more.
pub fn count_capped<Q>(conn: &mut DbConnection, ids: Q) -> crate::error::StoreResult<(i64, bool)>
where
    Q: LimitDsl,
    Q::Output: QueryFragment<MultiBackend>,
{
    let counted: i64 = CountOf(ids.limit(COUNT_CAP + 1)).get_result(conn)?;
    Ok((counted.min(COUNT_CAP), counted > COUNT_CAP))
}

/// `SELECT COUNT(*) FROM (query)`: the rows are counted where they are, not sent over.
struct CountOf<Q>(Q);

impl<Q: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for CountOf<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        out.push_sql("SELECT COUNT(*) FROM (");
        self.0.walk_ast(out.reborrow())?;
        out.push_sql(") AS counted");
        Ok(())
    }
}

impl<Q> QueryId for CountOf<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> Query for CountOf<Q> {
    type SqlType = BigInt;
}

impl<Q> RunQueryDsl<DbConnection> for CountOf<Q> {}

/// Applies keyset ordering and the resume filter to a boxed query.
/// `$value` is the typed sort value of the cursor (already matched to the column's type).
#[macro_export]
macro_rules! keyset {
    ($query:expr, $col:expr, $id:expr, $direction:expr, $after:expr) => {{
        use diesel::prelude::*;
        let q = $query;
        let q = match ($direction, $after) {
            // The first condition says nothing new, but it is the range that lets the planner
            // seek in the sort's index instead of reading it from the start (the `OR` hides it).
            ($crate::SortDirection::Asc, Some((v, last_id))) => q
                .filter($col.ge(v.clone()))
                .filter($col.gt(v.clone()).or($col.eq(v).and($id.gt(last_id)))),
            ($crate::SortDirection::Desc, Some((v, last_id))) => q
                .filter($col.le(v.clone()))
                .filter($col.lt(v.clone()).or($col.eq(v).and($id.lt(last_id)))),
            (_, None) => q,
        };
        match $direction {
            $crate::SortDirection::Asc => q.order(($col.asc(), $id.asc())),
            $crate::SortDirection::Desc => q.order(($col.desc(), $id.desc())),
        }
    }};
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern and wraps it for "contains".
pub fn contains_pattern(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_pattern_escapes_wildcards() {
        assert_eq!(contains_pattern("50%_a\\b"), "%50\\%\\_a\\\\b%");
    }

    #[test]
    fn probe_row_signals_a_next_page() {
        let page = PageResult::from_probe(vec![1, 2, 3], 2, 3, |r| After {
            value: KeyValue::Int(*r),
            id: *r,
        });
        assert_eq!(page.rows, vec![1, 2]);
        assert_eq!(page.next.map(|a| a.id), Some(2));
        let last = PageResult::from_probe(vec![1, 2], 2, 2, |r| After {
            value: KeyValue::Int(*r),
            id: *r,
        });
        assert!(last.next.is_none());
    }
}
