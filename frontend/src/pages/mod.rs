//! One component per page of the SPA.

mod api_token_secret;
mod api_tokens;
mod calendar_feed;
mod contacts;
mod crm_custom_fields;
mod crm_lists;
mod crm_section;
mod crm_settings;
mod crm_tags;
mod group_edit;
mod groups;
mod home;
mod login;
mod my_day;
mod not_found;
mod profile;
mod tasks;
mod user_edit;
mod users;

pub use api_tokens::ApiTokensPage;
pub use contacts::{ContactFormPage, ContactPage, ContactTab, ContactsPage};
pub use crm_custom_fields::CrmCustomFieldsPage;
pub use crm_lists::CrmListsPage;
pub use crm_section::CrmSectionPage;
pub use crm_settings::CrmSettingsPage;
pub use crm_tags::CrmTagsPage;
pub use group_edit::GroupEditPage;
pub use groups::GroupsPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use profile::ProfilePage;
pub use tasks::{TaskPage, TasksPage};
pub use user_edit::UserEditPage;
pub use users::UsersPage;
