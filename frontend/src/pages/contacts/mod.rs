//! The contacts pages: the list with filters and bulk actions, the person and company form,
//! and the page of one contact with its photo and tabs (profile, history, people).

mod bulk;
mod details_editor;
mod draft;
mod duplicates;
mod filters;
mod form;
mod form_fields;
mod list;
mod merge;
mod people_tab;
mod photo;
mod profile_tab;
mod records_tab;
mod view;

pub use form::ContactFormPage;
pub use list::ContactsPage;
pub use photo::upload_chosen_image;
pub use records_tab::records_table;
pub use view::{ContactPage, ContactTab};
