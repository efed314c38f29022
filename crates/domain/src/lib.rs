//! CRM domain: identifiers, value types that parse at the boundary, and access rules. No IO.

pub mod access;
pub mod contact;
pub mod custom_fields;
pub mod deal;
pub mod error;
pub mod ids;
pub mod invoice;
pub mod lists;
pub mod money;
pub mod project;
pub mod record;
pub mod task;
pub mod text;
pub mod user;

pub use access::{ApiScope, Role, ScopeSet};
pub use error::{DomainError, FieldError, Validator};
pub use ids::{ApiTokenId, GroupId, PortalId, UserId};
pub use record::{Access, RecordKind, RecordRef, Viewer};
pub use text::{BoundedText, EmailAddress};
pub use user::{Locale, NewPassword, TimeZoneName};
