//! `/contacts`: persons and companies. Every endpoint enforces the access rule: private
//! contacts are seen only by their managers and CRM admins (others get 404), shared
//! read-only ones cannot be changed by non-managers (403).

mod bulk;
mod create;
mod get;
pub(crate) mod input;
pub(crate) mod list;
mod merge;
pub mod photo;
mod update;
mod view;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts `/contacts`.
pub fn configure(cfg: &mut ServiceConfig) {
    // Fixed paths before `/contacts/{id}`.
    cfg.service(list::list_contacts)
        .service(create::create_contact)
        .service(bulk::bulk)
        .service(bulk::bulk_matching)
        .service(merge::merge)
        .service(get::get_contact)
        .service(update::update_contact)
        .service(get::delete_contact)
        .service(photo::put_photo)
        .service(photo::get_photo)
        .service(photo::delete_photo);
}

use crate::app::contacts::editable;

/// The contact just written, as answered to its writer. A writer who handed a private contact
/// to other managers can no longer see it; the write stands and they get the record they
/// wrote (read as an administrator would, with `can_edit` false for them).
fn saved(
    conn: &mut crm_persistence::DbConnection,
    portal_id: i64,
    viewer: crm_domain::Viewer,
    id: i64,
) -> Result<crm_persistence::contacts::ContactRecord, crm_persistence::StoreError> {
    match crm_persistence::contacts::find_visible(conn, portal_id, viewer, id) {
        Err(crm_persistence::StoreError::NotFound) => {
            let admin = crm_domain::Viewer {
                is_crm_admin: true,
                ..viewer
            };
            crm_persistence::contacts::find_visible(conn, portal_id, admin, id)
        }
        other => other,
    }
}
