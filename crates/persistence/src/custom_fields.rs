//! Custom fields per record kind and their typed values (one column per type, so values
//! filter and sort in SQL on both backends).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{custom_fields, custom_values};
use crate::stored::Stored;
use crm_domain::custom_fields::FieldOwner;
use crm_domain::{RecordKind, RecordRef};

/// A stored field definition; `options` is the JSON array of `{id, label}` of a select field.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = custom_fields)]
pub struct FieldRow {
    pub id: i64,
    pub portal_id: i64,
    pub record_kind: Stored<FieldOwner>,
    pub label: String,
    pub field_type: String,
    pub options: String,
    pub next_option_id: i64,
    pub position: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i64,
}

/// Changes to a field.
#[derive(Debug, Default, Clone, AsChangeset)]
#[diesel(table_name = custom_fields)]
pub struct FieldChanges {
    pub label: Option<String>,
    pub field_type: Option<String>,
    pub options: Option<String>,
    pub next_option_id: Option<i64>,
}

/// A stored value.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = custom_values)]
pub struct ValueRow {
    pub portal_id: i64,
    pub field_id: i64,
    pub record_kind: Stored<RecordKind>,
    pub record_id: i64,
    pub value_text: Option<String>,
    pub value_key: Option<String>,
    pub value_number: Option<i64>,
    pub value_bool: Option<bool>,
    pub value_option: Option<i64>,
}

impl ValueRow {
    /// A value of `field_id` for a record of `kind` with nothing in it yet; the record is set
    /// when it is stored.
    pub fn empty(portal_id: i64, field_id: i64, kind: RecordKind) -> Self {
        Self {
            portal_id,
            field_id,
            record_kind: Stored(kind),
            record_id: 0,
            value_text: None,
            value_key: None,
            value_number: None,
            value_bool: None,
            value_option: None,
        }
    }
}

/// The fields of a record kind, in order.
pub fn list(
    conn: &mut DbConnection,
    portal_id: i64,
    record_kind: FieldOwner,
) -> StoreResult<Vec<FieldRow>> {
    Ok(custom_fields::table
        .filter(custom_fields::portal_id.eq(portal_id))
        .filter(custom_fields::record_kind.eq(Stored(record_kind)))
        .order((custom_fields::position, custom_fields::id))
        .select(FieldRow::as_select())
        .load(conn)?)
}

/// A field of the portal.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<FieldRow> {
    Ok(custom_fields::table
        .filter(custom_fields::portal_id.eq(portal_id))
        .filter(custom_fields::id.eq(id))
        .select(FieldRow::as_select())
        .first(conn)?)
}

/// Fields of the portal by id.
pub fn find_many(
    conn: &mut DbConnection,
    portal_id: i64,
    ids: &[i64],
) -> StoreResult<Vec<FieldRow>> {
    Ok(custom_fields::table
        .filter(custom_fields::portal_id.eq(portal_id))
        .filter(custom_fields::id.eq_any(ids))
        .select(FieldRow::as_select())
        .load(conn)?)
}

/// Appends a field.
#[allow(clippy::too_many_arguments)]
pub fn create(
    conn: &mut DbConnection,
    portal_id: i64,
    record_kind: FieldOwner,
    label: &str,
    field_type: &str,
    options: &str,
    next_option_id: i64,
    now: NaiveDateTime,
) -> StoreResult<FieldRow> {
    conn.transaction(|conn| {
        let last: Option<i64> = custom_fields::table
            .filter(custom_fields::portal_id.eq(portal_id))
            .filter(custom_fields::record_kind.eq(Stored(record_kind)))
            .select(diesel::dsl::max(custom_fields::position))
            .first(conn)?;
        let id: i64 = diesel::insert_into(custom_fields::table)
            .values((
                custom_fields::portal_id.eq(portal_id),
                custom_fields::record_kind.eq(Stored(record_kind)),
                custom_fields::label.eq(label),
                custom_fields::field_type.eq(field_type),
                custom_fields::options.eq(options),
                custom_fields::next_option_id.eq(next_option_id),
                custom_fields::position.eq(last.map_or(0, |p| p + 1)),
                custom_fields::created_at.eq(now),
                custom_fields::updated_at.eq(now),
                custom_fields::version.eq(1),
            ))
            .returning(custom_fields::id)
            .get_result(conn)?;
        find(conn, portal_id, id)
    })
}

/// Changes a field made from `expected_version`.
pub fn update(
    conn: &mut DbConnection,
    portal_id: i64,
    id: i64,
    expected_version: i64,
    changes: &FieldChanges,
    now: NaiveDateTime,
) -> StoreResult<FieldRow> {
    let n = diesel::update(
        custom_fields::table
            .filter(custom_fields::portal_id.eq(portal_id))
            .filter(custom_fields::id.eq(id))
            .filter(custom_fields::version.eq(expected_version)),
    )
    .set((
        changes,
        custom_fields::version.eq(custom_fields::version + 1),
        custom_fields::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        find(conn, portal_id, id)?;
        return Err(StoreError::StaleVersion);
    }
    find(conn, portal_id, id)
}

/// Deletes a field and its values.
pub fn delete(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<()> {
    conn.transaction(|conn| {
        find(conn, portal_id, id)?;
        diesel::delete(custom_values::table.filter(custom_values::field_id.eq(id)))
            .execute(conn)?;
        let n = diesel::delete(
            custom_fields::table
                .filter(custom_fields::portal_id.eq(portal_id))
                .filter(custom_fields::id.eq(id)),
        )
        .execute(conn)?;
        if n == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    })
}

/// Puts the fields of a kind in the order of `ids` (every field once).
pub fn reorder(
    conn: &mut DbConnection,
    portal_id: i64,
    record_kind: FieldOwner,
    ids: &[i64],
) -> StoreResult<()> {
    conn.transaction(|conn| {
        let mut current: Vec<i64> = list(conn, portal_id, record_kind)?
            .into_iter()
            .map(|f| f.id)
            .collect();
        let mut wanted = ids.to_vec();
        current.sort_unstable();
        wanted.sort_unstable();
        if current != wanted {
            return Err(StoreError::MissingReference("ids".into()));
        }
        for (position, id) in ids.iter().enumerate() {
            diesel::update(custom_fields::table.find(id))
                .set(custom_fields::position.eq(i64::try_from(position).unwrap_or(i64::MAX)))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Number of values a field has.
pub fn value_count(conn: &mut DbConnection, field_id: i64) -> StoreResult<i64> {
    Ok(custom_values::table
        .filter(custom_values::field_id.eq(field_id))
        .count()
        .get_result(conn)?)
}

/// Number of values using one option of a select field.
pub fn option_use(conn: &mut DbConnection, field_id: i64, option_id: i64) -> StoreResult<i64> {
    Ok(custom_values::table
        .filter(custom_values::field_id.eq(field_id))
        .filter(custom_values::value_option.eq(option_id))
        .count()
        .get_result(conn)?)
}

/// Values of a record.
pub fn values_of(
    conn: &mut DbConnection,
    portal_id: i64,
    record_kind: RecordKind,
    record_id: i64,
) -> StoreResult<Vec<ValueRow>> {
    Ok(custom_values::table
        .filter(custom_values::portal_id.eq(portal_id))
        .filter(custom_values::record_kind.eq(Stored(record_kind)))
        .filter(custom_values::record_id.eq(record_id))
        .order(custom_values::field_id)
        .select(ValueRow::as_select())
        .load(conn)?)
}

/// Sets values of one record: `Some` replaces the field's value, `None` clears it.
pub fn set_values(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    field_ids: &[i64],
    values: &[Option<ValueRow>],
) -> StoreResult<()> {
    for (field_id, value) in field_ids.iter().zip(values) {
        diesel::delete(
            custom_values::table
                .filter(custom_values::portal_id.eq(portal_id))
                .filter(custom_values::record_kind.eq(Stored(record.kind)))
                .filter(custom_values::field_id.eq(field_id))
                .filter(custom_values::record_id.eq(record.id)),
        )
        .execute(conn)?;
        if let Some(v) = value {
            diesel::insert_into(custom_values::table)
                .values(v)
                .execute(conn)?;
        }
    }
    Ok(())
}

/// Deletes the values of records.
pub fn delete_for_records(
    conn: &mut DbConnection,
    portal_id: i64,
    record_kind: RecordKind,
    ids: &[i64],
) -> StoreResult<()> {
    diesel::delete(
        custom_values::table
            .filter(custom_values::portal_id.eq(portal_id))
            .filter(custom_values::record_kind.eq(Stored(record_kind)))
            .filter(custom_values::record_id.eq_any(ids)),
    )
    .execute(conn)?;
    Ok(())
}

/// Moves the values of `from` to `to` where `to` has none for the field (merge); the rest go.
pub fn merge_records(
    conn: &mut DbConnection,
    portal_id: i64,
    record_kind: RecordKind,
    from: i64,
    to: i64,
) -> StoreResult<()> {
    let theirs = values_of(conn, portal_id, record_kind, from)?;
    let ours: Vec<i64> = values_of(conn, portal_id, record_kind, to)?
        .into_iter()
        .map(|v| v.field_id)
        .collect();
    for mut v in theirs.into_iter().filter(|v| !ours.contains(&v.field_id)) {
        v.record_id = to;
        diesel::insert_into(custom_values::table)
            .values(&v)
            .execute(conn)?;
    }
    delete_for_records(conn, portal_id, record_kind, &[from])
}

/// How a custom field value is matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomFilter {
    /// Lower-case text the value contains (text, text area).
    Contains(String),
    /// Exactly this text (dates).
    Text(String),
    /// This option (select).
    Option(i64),
    /// This checkbox state.
    Bool(bool),
    /// This number, scaled by 10^4.
    Number(i64),
}
