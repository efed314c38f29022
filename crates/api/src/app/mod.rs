//! The application layer: the use cases of the CRM and the business rules they hold. HTTP
//! handlers parse a request, call a use case and render its result; background jobs call use
//! cases too, never the routes. A use case runs in one transaction ([`events::write`]) and
//! emits typed [`events::Event`]s, which one place turns into notifications and e-mail jobs in
//! that transaction.

pub mod cases;
pub mod contacts;
pub mod deals;
pub mod events;
pub mod invoice_view;
pub mod invoices;
pub mod money;
pub mod projects;
pub mod records;
pub mod tasks;

use serde::{Deserialize, Serialize};

use crm_domain::{UserId, Viewer};

use crate::auth::Principal;
pub use events::{keep_if_changed, write, By, Event, Tx};

/// Who runs a use case: enough to check access and to say who did it. Serializable, so that a
/// job runs with the rights of whoever queued it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Actor {
    pub portal_id: i64,
    pub user_id: i64,
    pub name: String,
    pub is_crm_admin: bool,
}

impl Actor {
    /// The caller of a request.
    pub fn of(p: &Principal) -> Self {
        let viewer = p.viewer();
        Self {
            portal_id: p.portal_id(),
            user_id: viewer.user_id.get(),
            name: p.user.name.clone(),
            is_crm_admin: viewer.is_crm_admin,
        }
    }

    /// The actor as a viewer of records.
    pub fn viewer(&self) -> Viewer {
        Viewer {
            user_id: UserId(self.user_id),
            is_crm_admin: self.is_crm_admin,
        }
    }

    /// The actor as the author of an event.
    pub fn by(&self) -> By {
        By {
            user_id: self.user_id,
            name: self.name.clone(),
        }
    }
}
