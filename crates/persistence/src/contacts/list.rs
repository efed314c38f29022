//! The contacts list (filters, text search, keyset paging) and duplicate lookup.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{visible, ContactRecord};
use crate::connection::{Backend, DbConnection, MultiBackend};
use crate::error::StoreResult;
use crate::keyset::{contains_pattern, After, KeyValue, PageRequest, PageResult};
use crate::schema::{contact_details, contacts, record_tags, tags};
use crate::stored::Stored;
use crate::users::{int_after, text_after, time_after};
use crm_domain::{RecordKind, Viewer};

/// Sort fields of the contacts list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContactSort {
    /// Display name, case-insensitive.
    Name,
    /// Creation time.
    CreatedAt,
    /// Last activity.
    LastActivity,
    /// The contact type's position in its list; contacts without a type first.
    Type,
    /// The value of a custom field; contacts without a value first.
    Custom { field_id: i64, by: CustomSortBy },
}

/// Which stored value of a custom field orders the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomSortBy {
    /// Lower-case text (text, text area).
    Text,
    /// `YYYY-MM-DD` (dates).
    Date,
    /// The scaled number.
    Number,
    /// Unchecked before checked.
    Bool,
    /// Options in the order they were added.
    Option,
}

/// The SQL type of a computed sort value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyType {
    Int,
    Text,
    Time,
}

/// The sort value of each contact as SQL, and its type. Field ids are integers, so
/// formatting them into the SQL is safe.
///
/// With a SQLite full-text match, the plain columns are sorted through SQLite's no-op unary
/// `+`: it keeps the planner from walking the whole name (or date) index while probing the few
/// matches, and makes it sort the matches instead.
fn sort_key(sort: ContactSort, fts: bool) -> (String, KeyType) {
    let plain = if fts { "+" } else { "" };
    let value = |field_id: i64, column: &str| {
        format!(
            "(SELECT {column} FROM custom_values cv WHERE cv.field_id = {field_id} \
             AND cv.record_id = contacts.id)"
        )
    };
    match sort {
        ContactSort::Name => (format!("{plain}contacts.sort_name"), KeyType::Text),
        ContactSort::CreatedAt => (format!("{plain}contacts.created_at"), KeyType::Time),
        ContactSort::LastActivity => (format!("{plain}contacts.last_activity_at"), KeyType::Time),
        ContactSort::Type => (
            "COALESCE((SELECT li.position FROM list_items li WHERE li.id = contacts.type_id), -1)"
                .to_owned(),
            KeyType::Int,
        ),
        ContactSort::Custom { field_id, by } => match by {
            CustomSortBy::Text => (
                format!("COALESCE({}, '')", value(field_id, "cv.value_key")),
                KeyType::Text,
            ),
            CustomSortBy::Date => (
                format!("COALESCE({}, '')", value(field_id, "cv.value_text")),
                KeyType::Text,
            ),
            CustomSortBy::Number => (
                format!(
                    "COALESCE({}, -9223372036854775807)",
                    value(field_id, "cv.value_number")
                ),
                KeyType::Int,
            ),
            CustomSortBy::Bool => (
                format!(
                    "CAST(COALESCE({}, -1) AS BIGINT)",
                    value(field_id, "CASE WHEN cv.value_bool THEN 1 ELSE 0 END")
                ),
                KeyType::Int,
            ),
            CustomSortBy::Option => (
                format!("COALESCE({}, -1)", value(field_id, "cv.value_option")),
                KeyType::Int,
            ),
        },
    }
}

/// Filters of the contacts list.
#[derive(Debug, Clone, Default)]
pub struct ContactFilter {
    /// Lower-case text of the name, an e-mail or a phone.
    pub text: Option<String>,
    /// The rarest trigrams of `text` ([`TrigramCounts::rarest`]); empty: look up all of them.
    pub text_trigrams: Vec<String>,
    pub kind: Option<String>,
    pub type_id: Option<i64>,
    pub temperature_id: Option<i64>,
    /// Lower-case tag name.
    pub tag: Option<String>,
    pub manager_id: Option<i64>,
    pub access: Option<String>,
    pub company_id: Option<i64>,
    pub created_from: Option<NaiveDateTime>,
    pub created_before: Option<NaiveDateTime>,
    /// A custom field and the value it must have.
    pub custom: Option<(i64, CustomFilter)>,
    /// In a deal the viewer may see (`true`), or in none (`false`).
    pub has_deals: Option<bool>,
}

pub use crate::custom_fields::CustomFilter;

diesel::table! {
    /// The vocabulary of the SQLite search index: each trigram and how many contacts have it.
    contacts_search_vocab (term) {
        term -> Text,
        doc -> BigInt,
    }
}

/// How common each trigram of the contacts search index is: on SQLite read from the FTS5
/// index's vocabulary (about a second per million contacts), on PostgreSQL counted in a
/// sample of about 10,000 contacts. A text search looks up only its rarest trigrams in the
/// index and matches the whole text on the rows they yield: trigrams that most contacts share
/// cost the most to look up and narrow the least. The figures only steer that choice, so
/// results stay exact when they are out of date.
#[derive(Debug, Clone, Default)]
pub struct TrigramCounts {
    counts: HashMap<String, i64>,
    /// pg_trgm indexes only letters and digits, and which letters depends on the database
    /// locale: only trigrams of ASCII letters and digits are sure to be in its index.
    alphanumeric_only: bool,
    /// How many times as common as the rarest a trigram may be and still be looked up, if
    /// limited. On SQLite each contact the index yields costs a seek in the contacts table,
    /// which is cheaper than reading the list of a much more common trigram to rule it out
    /// (for "lastname0499" in a million contacts, 0.63 ms with the two rarest against 0.83 ms
    /// with a third 15 times as common). PostgreSQL intersects the lists in a bitmap and is
    /// faster with all three.
    max_spread: Option<i64>,
}

/// [`TrigramCounts::max_spread`] on SQLite.
const SQLITE_MAX_SPREAD: i64 = 4;

#[derive(QueryableByName)]
struct SampledTrigram {
    #[diesel(sql_type = diesel::sql_types::Text)]
    term: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    doc: i64,
}

impl TrigramCounts {
    /// Reads the counts.
    pub fn load(conn: &mut DbConnection) -> StoreResult<Self> {
        if conn.backend() == Backend::Postgres {
            let rows: f32 = diesel::dsl::sql::<diesel::sql_types::Float>(
                // -1 until the table is first analysed: taken as a large table, not a tiny one.
                "SELECT (CASE WHEN reltuples < 0 THEN 1e6 ELSE GREATEST(reltuples, 1) END)::real \
                 FROM pg_class WHERE oid = 'contacts'::regclass",
            )
            .get_result(conn)?;
            let percent = (1_000_000.0 / rows).clamp(0.01, 100.0);
            let sampled: Vec<SampledTrigram> = diesel::sql_query(
                "SELECT t AS term, COUNT(*) AS doc FROM (SELECT unnest(show_trgm(search_key)) AS t \
                 FROM contacts TABLESAMPLE SYSTEM ($1)) s GROUP BY t",
            )
            .bind::<diesel::sql_types::Float, _>(percent)
            .load(conn)?;
            return Ok(Self {
                counts: sampled.into_iter().map(|t| (t.term, t.doc)).collect(),
                alphanumeric_only: true,
                max_spread: None,
            });
        }
        let terms: Vec<(String, i64)> = contacts_search_vocab::table
            .select((contacts_search_vocab::term, contacts_search_vocab::doc))
            .load(conn)?;
        Ok(Self {
            counts: terms.into_iter().collect(),
            alphanumeric_only: false,
            max_spread: Some(SQLITE_MAX_SPREAD),
        })
    }

    /// Up to `n` distinct trigrams of `text`, rarest first, without those far more common than
    /// the rarest where that pays ([`TrigramCounts::max_spread`]); trigrams the counts do not
    /// know are newer than them and count as rare. None when the counts are empty (not read yet, or an
    /// empty index) or the text cannot be looked up in the index.
    pub fn rarest(&self, text: &str, n: usize) -> Vec<String> {
        if self.counts.is_empty() || !uses_fts(text) {
            return Vec::new();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut grams: Vec<(i64, String)> = chars
            .windows(3)
            .filter(|w| !self.alphanumeric_only || w.iter().all(char::is_ascii_alphanumeric))
            .map(|w| {
                let gram: String = w.iter().collect();
                (self.counts.get(&gram).copied().unwrap_or(0), gram)
            })
            .collect();
        grams.sort();
        grams.dedup();
        let limit = match (self.max_spread, grams.first()) {
            (Some(spread), Some((rarest, _))) => (*rarest).max(1).saturating_mul(spread),
            _ => i64::MAX,
        };
        grams
            .into_iter()
            .take(n)
            .take_while(|(count, _)| *count <= limit)
            .map(|(_, gram)| gram)
            .collect()
    }
}

/// An FTS5 query that all of `grams` occur: each a quoted string, quotes doubled.
fn all_of(grams: &[String]) -> String {
    grams
        .iter()
        .map(|g| format!("\"{}\"", g.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Whether SQLite answers a text search from its full-text index: three characters or more
/// and no wildcard characters.
fn uses_fts(text: &str) -> bool {
    !text.chars().any(|c| matches!(c, '%' | '_' | '\\')) && text.chars().count() >= 3
}

/// The text search, in the one place where the dialects differ: PostgreSQL's trigram index
/// serves `LIKE '%…%'` directly; SQLite answers it from the FTS5 trigram table, which needs
/// at least three characters and no wildcard characters (else a plain scan). Given the
/// text's rarest trigrams, either looks up only those and matches the whole text on the
/// contacts they yield.
fn text_filter<'a>(
    q: contacts::BoxedQuery<'a, MultiBackend>,
    backend: Backend,
    text: &str,
    rarest: &[String],
) -> contacts::BoxedQuery<'a, MultiBackend> {
    let like = contacts::search_key
        .like(contains_pattern(text))
        .escape('\\');
    if backend == Backend::Postgres && !rarest.is_empty() {
        // The index is asked for the rare trigrams alone; `strpos` matches the whole text on
        // the rows it yields and, being no `LIKE`, does not bring every trigram back.
        let mut q = q;
        for gram in rarest {
            q = q.filter(contacts::search_key.like(format!("%{gram}%")));
        }
        return q.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("strpos(contacts.search_key, ")
                .bind::<diesel::sql_types::Text, _>(text.to_owned())
                .sql(") > 0"),
        );
    }
    if backend == Backend::Postgres || !uses_fts(text) {
        return q.filter(like);
    }
    if !rarest.is_empty() {
        return q
            .filter(
                diesel::dsl::sql::<diesel::sql_types::Bool>(
                    "contacts.id IN (SELECT rowid FROM contacts_search WHERE contacts_search MATCH ",
                )
                .bind::<diesel::sql_types::Text, _>(all_of(rarest))
                .sql(")"),
            )
            .filter(like);
    }
    q.filter(
        diesel::dsl::sql::<diesel::sql_types::Bool>(
            "contacts.id IN (SELECT rowid FROM contacts_search WHERE contacts_search.search_key LIKE ",
        )
        .bind::<diesel::sql_types::Text, _>(format!("%{text}%"))
        .sql(")"),
    )
}

fn filtered<'a>(
    portal_id: i64,
    viewer: Viewer,
    f: &'a ContactFilter,
    backend: Backend,
) -> contacts::BoxedQuery<'a, MultiBackend> {
    let mut q = visible(portal_id, viewer);
    if let Some(text) = &f.text {
        q = text_filter(q, backend, text, &f.text_trigrams);
    }
    if let Some(kind) = &f.kind {
        q = q.filter(contacts::kind.eq(kind));
    }
    if let Some(t) = f.type_id {
        q = q.filter(contacts::type_id.eq(t));
    }
    if let Some(t) = f.temperature_id {
        q = q.filter(contacts::temperature_id.eq(t));
    }
    if let Some(tag) = &f.tag {
        q = q.filter(
            contacts::id.eq_any(
                record_tags::table
                    .inner_join(tags::table)
                    .filter(record_tags::portal_id.eq(portal_id))
                    .filter(record_tags::record_kind.eq(Stored(RecordKind::Contact)))
                    .filter(tags::name_key.eq(tag))
                    .select(record_tags::record_id),
            ),
        );
    }
    if let Some(m) = f.manager_id {
        q = q.filter(
            contacts::id.eq_any(crate::records::members::records_of_user(
                portal_id,
                RecordKind::Contact,
                m,
            )),
        );
    }
    if let Some(a) = &f.access {
        q = q.filter(contacts::access.eq(a));
    }
    if let Some(c) = f.company_id {
        q = q.filter(contacts::company_id.eq(c));
    }
    if let Some(from) = f.created_from {
        q = q.filter(contacts::created_at.ge(from));
    }
    if let Some(before) = f.created_before {
        q = q.filter(contacts::created_at.lt(before));
    }
    if let Some((field_id, filter)) = &f.custom {
        q = crate::filter_custom_value!(q, contacts::id, portal_id, *field_id, filter);
    }
    if let Some(has) = f.has_deals {
        let in_deals = crate::records::contacts_in_visible_deals(portal_id, viewer);
        q = if has {
            q.filter(contacts::id.eq_any(in_deals))
        } else {
            q.filter(contacts::id.ne_all(in_deals))
        };
    }
    q
}

/// One page of the contacts the viewer may see. `counted`: the total and whether it is capped,
/// when known already (see [`crate::keyset::count_capped`]); counted here otherwise.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &ContactFilter,
    page: &PageRequest<ContactSort>,
    counted: Option<(i64, bool)>,
) -> StoreResult<PageResult<ContactRecord>> {
    let backend = conn.backend();
    let (total, total_capped) = match counted {
        Some(counted) => counted,
        None => crate::keyset::count_capped(
            conn,
            filtered(portal_id, viewer, filter, backend).select(contacts::id),
        )?,
    };
    let dir = page.sort.direction;
    let limit = page.limit + 1;
    let fts = backend == Backend::Sqlite && filter.text.as_deref().is_some_and(uses_fts);
    let (ids, keys): (Vec<i64>, Vec<KeyValue>) = match sort_key(page.sort.field, fts) {
        (expr, KeyType::Int) => {
            let key = diesel::dsl::sql::<diesel::sql_types::BigInt>(&expr);
            let after = int_after(&page.after)?;
            let q =
                filtered(portal_id, viewer, filter, backend).select((contacts::id, key.clone()));
            let q = crate::keyset!(q, key.clone(), contacts::id, dir, after);
            let rows: Vec<(i64, i64)> = q.limit(limit).load(conn)?;
            rows.into_iter().map(|(r, k)| (r, KeyValue::Int(k))).unzip()
        }
        (expr, KeyType::Time) => {
            let key = diesel::dsl::sql::<diesel::sql_types::Timestamp>(&expr);
            let after = time_after(&page.after)?;
            let q =
                filtered(portal_id, viewer, filter, backend).select((contacts::id, key.clone()));
            let q = crate::keyset!(q, key.clone(), contacts::id, dir, after);
            let rows: Vec<(i64, NaiveDateTime)> = q.limit(limit).load(conn)?;
            rows.into_iter()
                .map(|(r, k)| (r, KeyValue::Time(k)))
                .unzip()
        }
        (expr, KeyType::Text) => {
            let key = diesel::dsl::sql::<diesel::sql_types::Text>(&expr);
            let after = text_after(&page.after)?;
            let q =
                filtered(portal_id, viewer, filter, backend).select((contacts::id, key.clone()));
            let q = crate::keyset!(q, key.clone(), contacts::id, dir, after);
            let rows: Vec<(i64, String)> = q.limit(limit).load(conn)?;
            rows.into_iter()
                .map(|(r, k)| (r, KeyValue::Text(k)))
                .unzip()
        }
    };
    let probe = PageResult::from_probe(
        ids.into_iter().zip(keys).collect::<Vec<_>>(),
        page.limit,
        total,
        |(id, key): &(i64, KeyValue)| After {
            value: key.clone(),
            id: *id,
        },
    );
    let kept: Vec<i64> = probe.rows.iter().map(|(id, _)| *id).collect();
    // A contact deleted or made private since the page was read is left out; the next page
    // still starts after the last one read.
    Ok(PageResult {
        rows: super::load(conn, portal_id, viewer, &kept)?,
        next: probe.next,
        total: probe.total,
        total_capped,
    })
}

/// A visible contact sharing an e-mail or phone.
#[derive(Debug, Clone)]
pub struct DuplicateMatch {
    pub id: i64,
    pub kind: crm_domain::contact::ContactKind,
    pub display_name: String,
    pub matched_on: String,
    pub value: String,
}

/// Visible contacts (other than `exclude`) with one of these normalised e-mails or phones.
pub fn duplicates(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    emails: &[String],
    phones: &[String],
    exclude: Option<i64>,
) -> StoreResult<Vec<DuplicateMatch>> {
    if emails.is_empty() && phones.is_empty() {
        return Ok(Vec::new());
    }
    let matches: Vec<(i64, String, String)> = contact_details::table
        .filter(contact_details::portal_id.eq(portal_id))
        .filter(
            contact_details::kind
                .eq("email")
                .and(contact_details::normalized.eq_any(emails))
                .or(contact_details::kind
                    .eq("phone")
                    .and(contact_details::normalized.eq_any(phones))),
        )
        .select((
            contact_details::contact_id,
            contact_details::kind,
            contact_details::normalized,
        ))
        .limit(50)
        .load(conn)?;
    let ids: Vec<i64> = matches
        .iter()
        .map(|m| m.0)
        .filter(|id| Some(*id) != exclude)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let seen: Vec<(i64, Stored<crm_domain::contact::ContactKind>, String)> =
        visible(portal_id, viewer)
            .filter(contacts::id.eq_any(&ids))
            .select((contacts::id, contacts::kind, contacts::display_name))
            .load(conn)?;
    let mut out: Vec<DuplicateMatch> = Vec::new();
    for (id, kind, value) in matches {
        if out.iter().any(|m| m.id == id) {
            continue;
        }
        if let Some((_, ckind, name)) = seen.iter().find(|(c, _, _)| *c == id) {
            out.push(DuplicateMatch {
                id,
                kind: ckind.0,
                display_name: name.clone(),
                matched_on: kind,
                value,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn far_more_common_trigrams_are_left_out_where_that_pays() {
        let counts = |max_spread| TrigramCounts {
            counts: [("abc", 10), ("bcd", 40), ("cde", 41), ("def", 5)]
                .into_iter()
                .map(|(g, n)| (g.to_owned(), n))
                .collect(),
            alphanumeric_only: false,
            max_spread,
        };
        assert_eq!(counts(None).rarest("abcdef", 3), ["def", "abc", "bcd"]);
        assert_eq!(counts(Some(8)).rarest("abcdef", 3), ["def", "abc", "bcd"]);
        assert_eq!(counts(Some(4)).rarest("abcdef", 3), ["def", "abc"]);
        assert_eq!(
            counts(Some(4)).rarest("abcdefg", 3),
            ["efg"],
            "unknown: newest, rarest"
        );
    }
}
