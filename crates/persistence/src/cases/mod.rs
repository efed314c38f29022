//! Cases: events with a group of clients, a record kind of the record model (tags, members,
//! participants, history, tasks and custom values come from [`crate::records`]), open or
//! closed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crm_domain::{Access, RecordKind, RecordRef, Viewer};

use crate::connection::{DbConnection, MultiBackend};
use crate::error::StoreResult;
use crate::keyset::{contains_pattern, After, KeyValue, PageRequest, PageResult};
use crate::schema::cases;
use crate::stored::Stored;
use crate::users::{text_after, time_after};

/// A stored case.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub id: i64,
    pub portal_id: i64,
    pub title: String,
    pub sort_title: String,
    pub closed: bool,
    pub closed_at: Option<NaiveDateTime>,
    pub access: Stored<Access>,
    pub created_by: i64,
    pub updated_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub version: i64,
}

/// A case with what hangs off it.
#[derive(Debug, Clone)]
pub struct CaseRecord {
    pub case: CaseRow,
    /// Participants, by id.
    pub contact_ids: Vec<i64>,
    /// Users a restricted case is open to.
    pub member_ids: Vec<i64>,
    pub tag_ids: Vec<i64>,
    pub custom_values: Vec<crate::custom_fields::ValueRow>,
}

/// A new case.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = cases)]
pub struct NewCase {
    pub portal_id: i64,
    pub title: String,
    pub sort_title: String,
    pub closed: bool,
    pub closed_at: Option<NaiveDateTime>,
    pub access: Stored<Access>,
    pub created_by: i64,
    pub updated_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub version: i64,
}

/// Changes to a case; `None` leaves a column.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = cases)]
pub struct CaseChanges {
    pub title: Option<String>,
    pub sort_title: Option<String>,
    pub closed: Option<bool>,
    pub closed_at: Option<Option<NaiveDateTime>>,
    pub access: Option<Stored<Access>>,
}

crate::record_table!(
    cases,
    RecordKind::Case,
    CaseRow,
    NewCase,
    CaseChanges,
    CaseRecord
);

/// The cases of `rows` with what hangs off them, in a few statements whatever their number.
pub fn attach_all(
    conn: &mut DbConnection,
    portal_id: i64,
    rows: Vec<CaseRow>,
) -> StoreResult<Vec<CaseRecord>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut links = crate::records::links_of(conn, portal_id, RecordKind::Case, &ids)?;
    Ok(rows
        .into_iter()
        .map(|case| {
            let (contact_ids, member_ids, tag_ids, custom_values) = links.take(case.id);
            CaseRecord {
                case,
                contact_ids,
                member_ids,
                tag_ids,
                custom_values,
            }
        })
        .collect())
}

/// Stores a case with its participants and members.
pub fn create(
    conn: &mut DbConnection,
    new: &NewCase,
    contact_ids: &[i64],
    member_ids: &[i64],
) -> StoreResult<CaseRecord> {
    conn.transaction(|conn| {
        let id = insert_row(conn, new)?;
        crate::records::replace_people(
            conn,
            new.portal_id,
            RecordRef::case(id),
            Some(contact_ids),
            Some(member_ids),
        )?;
        find(conn, new.portal_id, id)
    })
}

/// Changes a case made from `expected_version`; participants and members are replaced when
/// given.
#[allow(clippy::too_many_arguments)]
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &CaseChanges,
    contact_ids: Option<&[i64]>,
    member_ids: Option<&[i64]>,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<CaseRecord> {
    conn.transaction(|conn| {
        apply_changes(conn, portal_id, id, expected_version, changes, by, now)?;
        let record = RecordRef::case(id);
        crate::records::replace_people(conn, portal_id, record, contact_ids, member_ids)?;
        find(conn, portal_id, id)
    })
}

/// Deletes a case with everything the record model holds for it; returns the storage keys of
/// its files.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<Vec<String>> {
    delete_with_links(conn, portal_id, id)
}

/// Sort fields of the cases list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseSort {
    /// Title, case-insensitive.
    Title,
    /// Newest or oldest.
    Created,
}

/// Filters of the cases list; all must hold.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub closed: Option<bool>,
    /// A participant.
    pub contact_id: Option<i64>,
    pub tag_id: Option<i64>,
    /// A custom field and the value it must have.
    pub custom: Option<(i64, crate::custom_fields::CustomFilter)>,
    /// Words of the title, all present.
    pub q: Option<String>,
}

fn filtered<'a>(
    portal_id: i64,
    viewer: Viewer,
    f: &CaseFilter,
) -> cases::BoxedQuery<'a, MultiBackend> {
    let mut q = visible(portal_id, viewer);
    if let Some(closed) = f.closed {
        q = q.filter(cases::closed.eq(closed));
    }
    if let Some(c) = f.contact_id {
        q = q.filter(cases::id.eq_any(crate::records::involving(portal_id, RecordKind::Case, c)));
    }
    if let Some(tag) = f.tag_id {
        q = q.filter(cases::id.eq_any(crate::records::tagged(portal_id, RecordKind::Case, tag)));
    }
    if let Some((field_id, filter)) = &f.custom {
        q = crate::filter_custom_value!(q, cases::id, portal_id, *field_id, filter);
    }
    if let Some(text) = &f.q {
        for word in text.split_whitespace() {
            q = q.filter(
                cases::sort_title
                    .like(contains_pattern(&word.to_lowercase()))
                    .escape('\\'),
            );
        }
    }
    q
}

/// A page of the cases the viewer may see that match `filter`, with the count of all.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &CaseFilter,
    page: &PageRequest<CaseSort>,
) -> StoreResult<PageResult<CaseRow>> {
    let (total, total_capped) =
        crate::keyset::count_capped(conn, filtered(portal_id, viewer, filter).select(cases::id))?;
    let dir = page.sort.direction;
    let q = filtered(portal_id, viewer, filter).select(CaseRow::as_select());
    let rows: Vec<CaseRow> = match page.sort.field {
        CaseSort::Title => {
            let after = text_after(&page.after)?;
            crate::keyset!(q, cases::sort_title, cases::id, dir, after)
        }
        CaseSort::Created => {
            let after = time_after(&page.after)?;
            crate::keyset!(q, cases::created_at, cases::id, dir, after)
        }
    }
    .limit(page.limit + 1)
    .load(conn)?;
    let sort = page.sort.field;
    let mut result = PageResult::from_probe(rows, page.limit, total, |c| After {
        value: match sort {
            CaseSort::Title => KeyValue::Text(c.sort_title.clone()),
            CaseSort::Created => KeyValue::Time(c.created_at),
        },
        id: c.id,
    });
    result.total_capped = total_capped;
    Ok(result)
}
