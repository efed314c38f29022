//! One component per page of the SPA.

mod api_token_secret;
mod api_tokens;
mod crm_section;
mod crm_settings;
mod group_edit;
mod groups;
mod home;
mod login;
mod not_found;
mod profile;
mod user_edit;
mod users;

pub use api_tokens::ApiTokensPage;
pub use crm_section::CrmSectionPage;
pub use crm_settings::CrmSettingsPage;
pub use group_edit::GroupEditPage;
pub use groups::GroupsPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use profile::ProfilePage;
pub use user_edit::UserEditPage;
pub use users::UsersPage;
