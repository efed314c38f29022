//! The routing table: every resource module's `configure`, mounted under `/api/v1`.

pub mod api_tokens;
pub mod auth;
pub mod calendar;
pub mod contacts;
pub mod crm;
pub mod custom_fields;
pub mod files;
pub mod groups;
pub mod health;
pub mod history;
pub mod jobs;
pub mod lists;
pub mod me;
pub mod notifications;
pub mod records;
pub mod settings;
pub mod tags;
pub mod tasks;
pub mod users;
pub mod views;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts every `/api/v1` resource. A request is matched against the resources in this order,
/// and a path with a parameter costs a regular expression each: the records, asked for most,
/// come first.
pub fn configure_api(cfg: &mut ServiceConfig) {
    contacts::configure(cfg);
    tasks::configure(cfg);
    history::configure(cfg);
    auth::configure(cfg);
    me::configure(cfg);
    crm::configure(cfg);
    users::configure(cfg);
    groups::configure(cfg);
    api_tokens::configure(cfg);
    settings::configure(cfg);
    lists::configure(cfg);
    tags::configure(cfg);
    custom_fields::configure(cfg);
    files::configure(cfg);
    notifications::configure(cfg);
    jobs::configure(cfg);
    calendar::configure(cfg);
}

/// Unknown API paths answer a 404 problem rather than the SPA.
pub async fn not_found() -> Result<actix_web::HttpResponse, crate::error::ApiError> {
    Err(crate::error::ApiError::NotFound)
}
