//! What the routes of every record kind share: the wire names of kinds and whether the caller
//! may see a record, through the one access rule of its kind.

use crm_domain::{RecordKind, RecordRef, Viewer};
use crm_persistence::DbConnection;

use crate::error::ApiError;

/// The wire form of a record kind.
pub fn wire_kind(kind: RecordKind) -> crm_api_types::RecordKind {
    match kind {
        RecordKind::Contact => crm_api_types::RecordKind::Contact,
    }
}

/// Whether the viewer may see the record.
pub fn record_visible(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: Viewer,
    record: RecordRef,
) -> Result<bool, ApiError> {
    Ok(crm_persistence::records::is_visible(
        conn, portal_id, viewer, record,
    )?)
}
