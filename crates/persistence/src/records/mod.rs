//! What every record kind shares, stored once for all kinds and reached through a
//! [`RecordRef`]: the access rule as SQL, members (a contact's managers), and the links that go
//! when a record goes or move when two are merged (tags, custom values, history with files,
//! the tasks about it).

pub mod access;
pub mod linked;
pub mod members;

use std::collections::HashMap;

use diesel::prelude::*;

use crm_domain::{RecordKind, RecordRef, Viewer};

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{cases, contacts, deals, invoices, projects, record_contacts, record_tags};
use crate::stored::Stored;

/// Whether the viewer may see the record (one query, for checks that need nothing else).
pub fn is_visible(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    record: RecordRef,
) -> StoreResult<bool> {
    Ok(!visible_ids(conn, portal_id, viewer, record.kind, &[record.id])?.is_empty())
}

/// The rows of `$table` (the table of records of `$kind`) in the portal that the viewer may
/// see, as a boxed query to filter further: the kind's access rule, left out for a viewer who
/// sees everything.
#[macro_export]
macro_rules! visible_records {
    ($table:ident, $kind:expr, $portal_id:expr, $viewer:expr) => {{
        let portal_id: i64 = $portal_id;
        let q = $crate::schema::$table::table
            .filter($crate::schema::$table::portal_id.eq(portal_id))
            .into_boxed::<$crate::connection::MultiBackend>();
        match $crate::records::access::RuleFilter::unless_sees_all(
            $crate::records::access::record_rule($kind, $crate::records::access::table_of($kind)),
            portal_id,
            $viewer,
        ) {
            Some(rule) => q.filter(rule),
            None => q,
        }
    }};
}

/// The reads and writes every record kind with its own table has alike, for the module of
/// `$table` (the table of records of `$kind`, rows `$row`, new rows `$new`, changes
/// `$changes`); a record is a row with what hangs off it, `$record`, built by the module's
/// `attach_all`. Generates `visible`, `find_visible`, `find`, `attach`, `insert_row`,
/// `apply_changes`, `delete_with_links` and `touch_activity`.
#[macro_export]
macro_rules! record_table {
    ($table:ident, $kind:expr, $row:ty, $new:ty, $changes:ty, $record:ty) => {
        /// The records of the portal the viewer may see, as a boxed query to filter further.
        pub fn visible<'a>(
            portal_id: i64,
            viewer: ::crm_domain::Viewer,
        ) -> $crate::schema::$table::BoxedQuery<'a, $crate::connection::MultiBackend> {
            $crate::visible_records!($table, $kind, portal_id, viewer)
        }

        /// A record the viewer may see, with what hangs off it (`NotFound` otherwise).
        pub fn find_visible(
            conn: &mut $crate::DbConnection,
            portal_id: i64,
            viewer: ::crm_domain::Viewer,
            id: i64,
        ) -> $crate::error::StoreResult<$record> {
            let row = visible(portal_id, viewer)
                .filter($crate::schema::$table::id.eq(id))
                .select(<$row>::as_select())
                .first(conn)?;
            attach(conn, row)
        }

        /// A record of the portal, whoever may see it.
        pub fn find(
            conn: &mut $crate::DbConnection,
            portal_id: i64,
            id: i64,
        ) -> $crate::error::StoreResult<$record> {
            let row = $crate::schema::$table::table
                .filter($crate::schema::$table::portal_id.eq(portal_id))
                .filter($crate::schema::$table::id.eq(id))
                .select(<$row>::as_select())
                .first(conn)?;
            attach(conn, row)
        }

        fn attach(
            conn: &mut $crate::DbConnection,
            row: $row,
        ) -> $crate::error::StoreResult<$record> {
            attach_all(conn, row.portal_id, vec![row])?
                .pop()
                .ok_or($crate::StoreError::NotFound)
        }

        /// Stores a new row; its id.
        fn insert_row(
            conn: &mut $crate::DbConnection,
            new: &$new,
        ) -> $crate::error::StoreResult<i64> {
            Ok(diesel::insert_into($crate::schema::$table::table)
                .values(new)
                .returning($crate::schema::$table::id)
                .get_result(conn)?)
        }

        /// Applies `changes` made from `expected_version`, with a new version:
        /// `StaleVersion` when the record changed since, `NotFound` when it is gone.
        fn apply_changes(
            conn: &mut $crate::DbConnection,
            portal_id: i64,
            id: i64,
            expected_version: i64,
            changes: &$changes,
            by: i64,
            now: chrono::NaiveDateTime,
        ) -> $crate::error::StoreResult<()> {
            use $crate::schema::$table as t;
            let n = diesel::update(
                t::table
                    .filter(t::portal_id.eq(portal_id))
                    .filter(t::id.eq(id))
                    .filter(t::version.eq(expected_version)),
            )
            .set((
                changes,
                t::updated_by.eq(by),
                t::updated_at.eq(now),
                t::version.eq(t::version + 1),
            ))
            .execute(conn)?;
            if n == 0 {
                find(conn, portal_id, id)?;
                return Err($crate::StoreError::StaleVersion);
            }
            Ok(())
        }

        /// Deletes a record with everything the record model holds for it; returns the
        /// storage keys of its files.
        fn delete_with_links(
            conn: &mut $crate::DbConnection,
            portal_id: i64,
            id: i64,
        ) -> $crate::error::StoreResult<Vec<String>> {
            use $crate::schema::$table as t;
            conn.transaction(|conn| {
                let keys = $crate::records::delete_links(conn, portal_id, $kind, &[id])?;
                let n = diesel::delete(
                    t::table
                        .filter(t::portal_id.eq(portal_id))
                        .filter(t::id.eq(id)),
                )
                .execute(conn)?;
                if n == 0 {
                    return Err($crate::StoreError::NotFound);
                }
                Ok(keys)
            })
        }

        /// Records activity on a record (a history entry, a closed task) for the "last
        /// activity" sort, without a new version.
        pub fn touch_activity(
            conn: &mut $crate::DbConnection,
            portal_id: i64,
            id: i64,
            now: chrono::NaiveDateTime,
        ) -> $crate::error::StoreResult<()> {
            use $crate::schema::$table as t;
            diesel::update(
                t::table
                    .filter(t::portal_id.eq(portal_id))
                    .filter(t::id.eq(id)),
            )
            .set(t::last_activity_at.eq(now))
            .execute(conn)?;
            Ok(())
        }
    };
}

/// Replaces the contacts a record involves and its members, each when given.
pub fn replace_people(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    contact_ids: Option<&[i64]>,
    member_ids: Option<&[i64]>,
) -> StoreResult<()> {
    if let Some(ids) = contact_ids {
        linked::replace(conn, portal_id, record, ids)?;
    }
    if let Some(ids) = member_ids {
        members::replace(conn, portal_id, record, ids)?;
    }
    Ok(())
}

/// Those of `ids` (records of `kind`) the viewer may see.
pub fn visible_ids(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<Vec<i64>> {
    let ids = crate::portals::dedup(ids);
    Ok(match kind {
        RecordKind::Contact => crate::visible_records!(contacts, kind, portal_id, viewer)
            .filter(contacts::id.eq_any(ids))
            .select(contacts::id)
            .load(conn)?,
        RecordKind::Deal => crate::visible_records!(deals, kind, portal_id, viewer)
            .filter(deals::id.eq_any(ids))
            .select(deals::id)
            .load(conn)?,
        RecordKind::Case => crate::visible_records!(cases, kind, portal_id, viewer)
            .filter(cases::id.eq_any(ids))
            .select(cases::id)
            .load(conn)?,
        RecordKind::Project => crate::visible_records!(projects, kind, portal_id, viewer)
            .filter(projects::id.eq_any(ids))
            .select(projects::id)
            .load(conn)?,
        RecordKind::Invoice => crate::visible_records!(invoices, kind, portal_id, viewer)
            .filter(invoices::id.eq_any(ids))
            .select(invoices::id)
            .load(conn)?,
    })
}

/// The names (a contact's display name, another record's title) of those of `ids` (records of
/// `kind`) the viewer may see.
pub fn visible_names(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<HashMap<i64, String>> {
    let ids = crate::portals::dedup(ids);
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String)> = match kind {
        RecordKind::Contact => crate::visible_records!(contacts, kind, portal_id, viewer)
            .filter(contacts::id.eq_any(ids))
            .select((contacts::id, contacts::display_name))
            .load(conn)?,
        RecordKind::Deal => crate::visible_records!(deals, kind, portal_id, viewer)
            .filter(deals::id.eq_any(ids))
            .select((deals::id, deals::title))
            .load(conn)?,
        RecordKind::Case => crate::visible_records!(cases, kind, portal_id, viewer)
            .filter(cases::id.eq_any(ids))
            .select((cases::id, cases::title))
            .load(conn)?,
        RecordKind::Project => crate::visible_records!(projects, kind, portal_id, viewer)
            .filter(projects::id.eq_any(ids))
            .select((projects::id, projects::title))
            .load(conn)?,
        RecordKind::Invoice => crate::visible_records!(invoices, kind, portal_id, viewer)
            .filter(invoices::id.eq_any(ids))
            .select((invoices::id, invoices::number))
            .load(conn)?,
    };
    Ok(rows.into_iter().collect())
}

/// Ids of the records of `kind` carrying the tag, as a subquery for `eq_any`.
#[diesel::dsl::auto_type]
pub fn tagged(portal_id: i64, kind: RecordKind, tag_id: i64) -> _ {
    let kind: Stored<RecordKind> = Stored(kind);
    record_tags::table
        .filter(record_tags::portal_id.eq(portal_id))
        .filter(record_tags::record_kind.eq(kind))
        .filter(record_tags::tag_id.eq(tag_id))
        .select(record_tags::record_id)
}

/// Ids of the records of `kind` that involve the contact, as a subquery for `eq_any`.
#[diesel::dsl::auto_type]
pub fn involving(portal_id: i64, kind: RecordKind, contact_id: i64) -> _ {
    let kind: Stored<RecordKind> = Stored(kind);
    record_contacts::table
        .filter(record_contacts::portal_id.eq(portal_id))
        .filter(record_contacts::record_kind.eq(kind))
        .filter(record_contacts::contact_id.eq(contact_id))
        .select(record_contacts::record_id)
}

/// Ids of the contacts in a deal the viewer may see, as a subquery for `eq_any`.
#[diesel::dsl::auto_type]
pub fn contacts_in_visible_deals(portal_id: i64, viewer: Viewer) -> _ {
    let kind: Stored<RecordKind> = Stored(RecordKind::Deal);
    let rule: access::RuleFilter = access::RuleFilter::new(
        access::record_rule(RecordKind::Deal, access::table_of(RecordKind::Deal)),
        portal_id,
        viewer,
    );
    record_contacts::table
        .filter(record_contacts::portal_id.eq(portal_id))
        .filter(record_contacts::record_kind.eq(kind))
        .filter(
            record_contacts::record_id.eq_any(
                deals::table
                    .filter(deals::portal_id.eq(portal_id))
                    .filter(rule)
                    .select(deals::id),
            ),
        )
        .select(record_contacts::contact_id)
}

/// Keeps the rows of the boxed query `$q` whose `$id` names a record with a value of the
/// custom field that matches the [`CustomFilter`] (a field belongs to one kind, so its values
/// name records of that kind only).
#[macro_export]
macro_rules! filter_custom_value {
    ($q:expr, $id:expr, $portal_id:expr, $field_id:expr, $filter:expr) => {{
        use $crate::custom_fields::CustomFilter;
        use $crate::schema::custom_values as cv;
        let values = cv::table
            .filter(cv::portal_id.eq($portal_id))
            .filter(cv::field_id.eq($field_id));
        // Each match is its own subquery type, so each arm filters the query itself.
        match $filter {
            CustomFilter::Contains(t) => $q.filter(
                $id.eq_any(
                    values
                        .filter(
                            cv::value_key
                                .like($crate::keyset::contains_pattern(t))
                                .escape('\\'),
                        )
                        .select(cv::record_id),
                ),
            ),
            CustomFilter::Text(t) => $q.filter(
                $id.eq_any(
                    values
                        .filter(cv::value_text.eq(t.clone()))
                        .select(cv::record_id),
                ),
            ),
            CustomFilter::Option(o) => {
                $q.filter($id.eq_any(values.filter(cv::value_option.eq(*o)).select(cv::record_id)))
            }
            CustomFilter::Bool(b) => {
                $q.filter($id.eq_any(values.filter(cv::value_bool.eq(*b)).select(cv::record_id)))
            }
            CustomFilter::Number(n) => {
                $q.filter($id.eq_any(values.filter(cv::value_number.eq(*n)).select(cv::record_id)))
            }
        }
    }};
}

/// Gives the records of `kind` among `ids` a new version: something they carry (their tags)
/// changed under them, and a client holding the old version must not write it back.
pub fn bump_versions(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<()> {
    match kind {
        RecordKind::Contact => {
            diesel::update(
                contacts::table
                    .filter(contacts::portal_id.eq(portal_id))
                    .filter(contacts::id.eq_any(ids)),
            )
            .set(contacts::version.eq(contacts::version + 1))
            .execute(conn)?;
        }
        RecordKind::Deal => {
            diesel::update(
                deals::table
                    .filter(deals::portal_id.eq(portal_id))
                    .filter(deals::id.eq_any(ids)),
            )
            .set(deals::version.eq(deals::version + 1))
            .execute(conn)?;
        }
        RecordKind::Case => {
            diesel::update(
                cases::table
                    .filter(cases::portal_id.eq(portal_id))
                    .filter(cases::id.eq_any(ids)),
            )
            .set(cases::version.eq(cases::version + 1))
            .execute(conn)?;
        }
        RecordKind::Project => {
            diesel::update(
                projects::table
                    .filter(projects::portal_id.eq(portal_id))
                    .filter(projects::id.eq_any(ids)),
            )
            .set(projects::version.eq(projects::version + 1))
            .execute(conn)?;
        }
        RecordKind::Invoice => {
            diesel::update(
                invoices::table
                    .filter(invoices::portal_id.eq(portal_id))
                    .filter(invoices::id.eq_any(ids)),
            )
            .set(invoices::version.eq(invoices::version + 1))
            .execute(conn)?;
        }
    }
    Ok(())
}

/// Records activity on a record (a history entry, a closed task) for the "last activity"
/// sort, without changing its version.
pub fn touch_activity(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    at: chrono::NaiveDateTime,
) -> StoreResult<()> {
    match record.kind {
        RecordKind::Contact => crate::contacts::touch_activity(conn, portal_id, record.id, at),
        RecordKind::Deal => crate::deals::touch_activity(conn, portal_id, record.id, at),
        RecordKind::Case => crate::cases::touch_activity(conn, portal_id, record.id, at),
        RecordKind::Project => crate::projects::touch_activity(conn, portal_id, record.id, at),
        RecordKind::Invoice => crate::invoices::touch_activity(conn, portal_id, record.id, at),
    }
}

/// Deletes what hangs off the records `ids` of `kind`: tags, members, linked contacts, custom
/// values, the tasks about them, history with its files. Returns the storage keys of the deleted files, to
/// remove once the transaction has committed.
pub fn delete_links(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<Vec<String>> {
    let keys = crate::history::delete_for_records(conn, portal_id, kind, ids)?;
    crate::custom_fields::delete_for_records(conn, portal_id, kind, ids)?;
    crate::tasks::delete_about(conn, portal_id, kind, ids)?;
    members::delete_all(conn, portal_id, kind, ids)?;
    linked::delete_all(conn, portal_id, kind, ids)?;
    diesel::delete(
        record_tags::table
            .filter(record_tags::portal_id.eq(portal_id))
            .filter(record_tags::record_kind.eq(Stored(kind)))
            .filter(record_tags::record_id.eq_any(ids)),
    )
    .execute(conn)?;
    Ok(keys)
}

/// Moves the history, custom values and tasks of `from` to `to` (same kind), for a merge;
/// tags and members are merged by the kind, which decides how.
pub fn move_links(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    from: i64,
    to: i64,
) -> StoreResult<()> {
    crate::history::move_records(conn, portal_id, kind, from, to)?;
    crate::custom_fields::merge_records(conn, portal_id, kind, from, to)?;
    crate::tasks::move_about(
        conn,
        portal_id,
        RecordRef { kind, id: from },
        RecordRef { kind, id: to },
    )
}

/// What hangs off records of one kind, by record id: the contacts they involve, their members,
/// tags and custom values (each in id order).
#[derive(Debug, Clone, Default)]
pub struct LinksOf {
    pub contacts: std::collections::HashMap<i64, Vec<i64>>,
    pub members: std::collections::HashMap<i64, Vec<i64>>,
    pub tags: std::collections::HashMap<i64, Vec<i64>>,
    pub custom: std::collections::HashMap<i64, Vec<crate::custom_fields::ValueRow>>,
}

impl LinksOf {
    /// The links of one record (empty when it has none).
    pub fn take(
        &mut self,
        id: i64,
    ) -> (
        Vec<i64>,
        Vec<i64>,
        Vec<i64>,
        Vec<crate::custom_fields::ValueRow>,
    ) {
        (
            self.contacts.remove(&id).unwrap_or_default(),
            self.members.remove(&id).unwrap_or_default(),
            self.tags.remove(&id).unwrap_or_default(),
            self.custom.remove(&id).unwrap_or_default(),
        )
    }
}

fn grouped_pairs(pairs: Vec<(i64, i64)>) -> std::collections::HashMap<i64, Vec<i64>> {
    let mut out: std::collections::HashMap<i64, Vec<i64>> = std::collections::HashMap::new();
    for (record, value) in pairs {
        out.entry(record).or_default().push(value);
    }
    out
}

/// The links of the records `ids` of `kind`, in four statements whatever their number.
pub fn links_of(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: RecordKind,
    ids: &[i64],
) -> StoreResult<LinksOf> {
    use crate::schema::{custom_values, record_members};
    if ids.is_empty() {
        return Ok(LinksOf::default());
    }
    let contacts = record_contacts::table
        .filter(record_contacts::portal_id.eq(portal_id))
        .filter(record_contacts::record_kind.eq(Stored(kind)))
        .filter(record_contacts::record_id.eq_any(ids))
        .order((record_contacts::record_id, record_contacts::contact_id))
        .select((record_contacts::record_id, record_contacts::contact_id))
        .load(conn)?;
    let members = record_members::table
        .filter(record_members::portal_id.eq(portal_id))
        .filter(record_members::record_kind.eq(Stored(kind)))
        .filter(record_members::record_id.eq_any(ids))
        .order((record_members::record_id, record_members::user_id))
        .select((record_members::record_id, record_members::user_id))
        .load(conn)?;
    let tags = record_tags::table
        .filter(record_tags::portal_id.eq(portal_id))
        .filter(record_tags::record_kind.eq(Stored(kind)))
        .filter(record_tags::record_id.eq_any(ids))
        .order((record_tags::record_id, record_tags::tag_id))
        .select((record_tags::record_id, record_tags::tag_id))
        .load(conn)?;
    let values: Vec<crate::custom_fields::ValueRow> = custom_values::table
        .filter(custom_values::portal_id.eq(portal_id))
        .filter(custom_values::record_kind.eq(Stored(kind)))
        .filter(custom_values::record_id.eq_any(ids))
        .order((custom_values::record_id, custom_values::field_id))
        .select(crate::custom_fields::ValueRow::as_select())
        .load(conn)?;
    let mut custom: std::collections::HashMap<i64, Vec<crate::custom_fields::ValueRow>> =
        std::collections::HashMap::new();
    for v in values {
        custom.entry(v.record_id).or_default().push(v);
    }
    Ok(LinksOf {
        contacts: grouped_pairs(contacts),
        members: grouped_pairs(members),
        tags: grouped_pairs(tags),
        custom,
    })
}
