//! `/users`: the portal's people. Everyone in the portal may read them (to pick managers and
//! responsibles); owners and admins create and change them.

mod create;
mod get;
mod list;
mod update;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts `/users`.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_users)
        .service(create::create_user)
        .service(get::get_user)
        .service(update::update_user);
}

/// Allowed sorts of the users list.
pub(crate) const SORTS: &[(&str, crm_persistence::users::UserSort)] = &[
    ("name", crm_persistence::users::UserSort::Name),
    ("email", crm_persistence::users::UserSort::Email),
    ("created_at", crm_persistence::users::UserSort::CreatedAt),
];

/// Maps the unique e-mail index to a 409 naming `email`.
pub(crate) fn email_taken(e: crm_persistence::StoreError) -> crate::error::ApiError {
    match e {
        crm_persistence::StoreError::Conflict(_) => crate::error::ApiError::conflict(
            "email_taken",
            "email",
            "a user with this e-mail already exists in the portal",
        ),
        other => other.into(),
    }
}
