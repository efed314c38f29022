//! Projects: the work a deal turns into, a record kind of the record model (its team are the
//! record's members, the contacts it serves are linked contacts; history and tasks come from
//! [`crate::records`]).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crm_domain::project::ProjectStatus;
use crm_domain::{Access, RecordKind, RecordRef, Viewer};

use crate::connection::{DbConnection, MultiBackend};
use crate::error::StoreResult;
use crate::keyset::{contains_pattern, After, KeyValue, PageRequest, PageResult};
use crate::schema::projects;
use crate::stored::Stored;
use crate::users::{text_after, time_after};

/// A stored project.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = projects)]
pub struct ProjectRow {
    pub id: i64,
    pub portal_id: i64,
    pub title: String,
    pub sort_title: String,
    pub description: String,
    pub status: Stored<ProjectStatus>,
    pub deadline: Option<NaiveDate>,
    pub deal_id: Option<i64>,
    pub manager_id: i64,
    pub access: Stored<Access>,
    pub created_by: i64,
    pub updated_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub version: i64,
}

/// A project with what hangs off it.
#[derive(Debug, Clone)]
pub struct ProjectRecord {
    pub project: ProjectRow,
    /// The contacts it serves, by id.
    pub contact_ids: Vec<i64>,
    /// Its team (the manager among them).
    pub member_ids: Vec<i64>,
}

/// A new project.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = projects)]
pub struct NewProject {
    pub portal_id: i64,
    pub title: String,
    pub sort_title: String,
    pub description: String,
    pub status: Stored<ProjectStatus>,
    pub deadline: Option<NaiveDate>,
    pub deal_id: Option<i64>,
    pub manager_id: i64,
    pub access: Stored<Access>,
    pub created_by: i64,
    pub updated_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub last_activity_at: NaiveDateTime,
    pub version: i64,
}

/// Changes to a project; `None` leaves a column.
#[derive(Debug, Clone, Default, AsChangeset)]
#[diesel(table_name = projects)]
pub struct ProjectChanges {
    pub title: Option<String>,
    pub sort_title: Option<String>,
    pub description: Option<String>,
    pub status: Option<Stored<ProjectStatus>>,
    pub deadline: Option<Option<NaiveDate>>,
    pub deal_id: Option<Option<i64>>,
    pub manager_id: Option<i64>,
    pub access: Option<Stored<Access>>,
}

crate::record_table!(
    projects,
    RecordKind::Project,
    ProjectRow,
    NewProject,
    ProjectChanges,
    ProjectRecord
);

/// The projects of `rows` with their contacts and teams, in a few statements whatever their
/// number.
pub fn attach_all(
    conn: &mut DbConnection,
    portal_id: i64,
    rows: Vec<ProjectRow>,
) -> StoreResult<Vec<ProjectRecord>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut links = crate::records::links_of(conn, portal_id, RecordKind::Project, &ids)?;
    Ok(rows
        .into_iter()
        .map(|project| {
            let (contact_ids, member_ids, _, _) = links.take(project.id);
            ProjectRecord {
                project,
                contact_ids,
                member_ids,
            }
        })
        .collect())
}

/// Stores a project with its contacts and team.
pub fn create(
    conn: &mut DbConnection,
    new: &NewProject,
    contact_ids: &[i64],
    member_ids: &[i64],
) -> StoreResult<ProjectRecord> {
    conn.transaction(|conn| {
        let id = insert_row(conn, new)?;
        crate::records::replace_people(
            conn,
            new.portal_id,
            RecordRef::project(id),
            Some(contact_ids),
            Some(member_ids),
        )?;
        find(conn, new.portal_id, id)
    })
}

/// Changes a project made from `expected_version`; contacts and team are replaced when given.
#[allow(clippy::too_many_arguments)]
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &ProjectChanges,
    contact_ids: Option<&[i64]>,
    member_ids: Option<&[i64]>,
    by: i64,
    now: NaiveDateTime,
) -> StoreResult<ProjectRecord> {
    conn.transaction(|conn| {
        apply_changes(conn, portal_id, id, expected_version, changes, by, now)?;
        let record = RecordRef::project(id);
        crate::records::replace_people(conn, portal_id, record, contact_ids, member_ids)?;
        find(conn, portal_id, id)
    })
}

/// Deletes a project with everything the record model holds for it; returns the storage keys
/// of its files.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<Vec<String>> {
    delete_with_links(conn, portal_id, id)
}

/// Unlinks the projects of deals about to be deleted (the projects stay, with a new version).
pub fn unlink_deals(conn: &mut DbConnection, portal_id: i64, deal_ids: &[i64]) -> StoreResult<()> {
    diesel::update(
        projects::table
            .filter(projects::portal_id.eq(portal_id))
            .filter(projects::deal_id.eq_any(deal_ids)),
    )
    .set((
        projects::deal_id.eq(None::<i64>),
        projects::version.eq(projects::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// Sort fields of the projects list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectSort {
    /// Title, case-insensitive.
    Title,
    /// Newest or oldest.
    Created,
}

/// Filters of the projects list; all must hold.
#[derive(Debug, Clone, Default)]
pub struct ProjectFilter {
    pub status: Option<ProjectStatus>,
    pub manager_id: Option<i64>,
    /// A user on the team.
    pub member_id: Option<i64>,
    pub deal_id: Option<i64>,
    /// A contact it serves.
    pub contact_id: Option<i64>,
    /// Deadline on or before this day.
    pub deadline_before: Option<NaiveDate>,
    /// Words of the title, all present.
    pub q: Option<String>,
}

fn filtered<'a>(
    portal_id: i64,
    viewer: Viewer,
    f: &ProjectFilter,
) -> projects::BoxedQuery<'a, MultiBackend> {
    let mut q = visible(portal_id, viewer);
    if let Some(status) = f.status {
        q = q.filter(projects::status.eq(Stored(status)));
    }
    if let Some(m) = f.manager_id {
        q = q.filter(projects::manager_id.eq(m));
    }
    if let Some(u) = f.member_id {
        q = q.filter(
            projects::id.eq_any(crate::records::members::records_of_user(
                portal_id,
                RecordKind::Project,
                u,
            )),
        );
    }
    if let Some(d) = f.deal_id {
        q = q.filter(projects::deal_id.eq(d));
    }
    if let Some(c) = f.contact_id {
        q = q.filter(projects::id.eq_any(crate::records::involving(
            portal_id,
            RecordKind::Project,
            c,
        )));
    }
    if let Some(day) = f.deadline_before {
        q = q.filter(projects::deadline.le(day));
    }
    if let Some(text) = &f.q {
        for word in text.split_whitespace() {
            q = q.filter(
                projects::sort_title
                    .like(contains_pattern(&word.to_lowercase()))
                    .escape('\\'),
            );
        }
    }
    q
}

/// A page of the projects the viewer may see that match `filter`, with the count of all.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    filter: &ProjectFilter,
    page: &PageRequest<ProjectSort>,
) -> StoreResult<PageResult<ProjectRow>> {
    let (total, total_capped) = crate::keyset::count_capped(
        conn,
        filtered(portal_id, viewer, filter).select(projects::id),
    )?;
    let dir = page.sort.direction;
    let q = filtered(portal_id, viewer, filter).select(ProjectRow::as_select());
    let rows: Vec<ProjectRow> = match page.sort.field {
        ProjectSort::Title => {
            let after = text_after(&page.after)?;
            crate::keyset!(q, projects::sort_title, projects::id, dir, after)
        }
        ProjectSort::Created => {
            let after = time_after(&page.after)?;
            crate::keyset!(q, projects::created_at, projects::id, dir, after)
        }
    }
    .limit(page.limit + 1)
    .load(conn)?;
    let sort = page.sort.field;
    let mut result = PageResult::from_probe(rows, page.limit, total, |p| After {
        value: match sort {
            ProjectSort::Title => KeyValue::Text(p.sort_title.clone()),
            ProjectSort::Created => KeyValue::Time(p.created_at),
        },
        id: p.id,
    });
    result.total_capped = total_capped;
    Ok(result)
}
