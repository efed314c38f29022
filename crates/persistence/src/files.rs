//! Stored files (their bytes live in the file store; rows keep name, type, size and digest).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::connection::DbConnection;
use crate::error::StoreResult;
use crate::schema::{files, history_attachments, history_entries};

/// A stored file.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = files)]
pub struct FileRow {
    pub id: i64,
    pub portal_id: i64,
    pub storage_key: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

/// A file to record.
#[derive(Debug, Insertable)]
#[diesel(table_name = files)]
pub struct NewFile<'a> {
    pub portal_id: i64,
    pub storage_key: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub sha256: &'a str,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

/// Records a file whose bytes are already stored.
pub fn create(conn: &mut DbConnection, new: &NewFile<'_>) -> StoreResult<FileRow> {
    let id: i64 = diesel::insert_into(files::table)
        .values(new)
        .returning(files::id)
        .get_result(conn)?;
    Ok(files::table
        .find(id)
        .select(FileRow::as_select())
        .first(conn)?)
}

/// A file of the portal.
pub fn find(conn: &mut DbConnection, portal_id: i64, id: i64) -> StoreResult<FileRow> {
    Ok(files::table
        .filter(files::portal_id.eq(portal_id))
        .filter(files::id.eq(id))
        .select(FileRow::as_select())
        .first(conn)?)
}

/// The record whose history carries the file.
pub fn owner(conn: &mut DbConnection, file_id: i64) -> StoreResult<Option<crm_domain::RecordRef>> {
    let found: Option<(crate::stored::Stored<crm_domain::RecordKind>, i64)> =
        history_attachments::table
            .inner_join(history_entries::table)
            .filter(history_attachments::file_id.eq(file_id))
            .select((history_entries::record_kind, history_entries::record_id))
            .first(conn)
            .optional()?;
    Ok(found.map(|(kind, id)| crm_domain::RecordRef { kind: kind.0, id }))
}
