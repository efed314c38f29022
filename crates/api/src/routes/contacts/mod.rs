//! `/contacts`: persons and companies. Every endpoint enforces the access rule: private
//! contacts are seen only by their managers and CRM admins (others get 404), shared
//! read-only ones cannot be changed by non-managers (403).

mod bulk;
mod create;
mod get;
mod input;
mod list;
mod merge;
mod update;
mod view;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts `/contacts`.
pub fn configure(cfg: &mut ServiceConfig) {
    // Fixed paths before `/contacts/{id}`.
    cfg.service(list::list_contacts)
        .service(create::create_contact)
        .service(bulk::bulk)
        .service(merge::merge)
        .service(get::get_contact)
        .service(update::update_contact)
        .service(get::delete_contact);
}
