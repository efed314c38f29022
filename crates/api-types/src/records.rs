//! What every record kind shares on the wire.

use serde::{Deserialize, Serialize};

/// A kind of CRM record. Deals, cases, invoices, calls and projects join as they are built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum RecordKind {
    /// A person or a company.
    Contact,
}
