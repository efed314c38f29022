//! What every kind of CRM record shows and edits the same way, given a record reference
//! (`{kind, id}`): the history tab with its entries, form and attachment picker, the tag input,
//! the custom field inputs, values and list filter.

mod attachments;
mod custom_facts;
mod custom_filter;
mod custom_inputs;
pub mod custom_values;
mod files_tab;
mod history_entry;
mod history_form;
mod history_tab;
mod tag_input;

pub use custom_facts::custom_facts;
pub use custom_filter::{CustomFieldFilter, CustomFilter};
pub use custom_inputs::CustomFieldInputs;
pub use files_tab::FilesTab;
pub use history_tab::HistoryTab;
pub use tag_input::TagInput;
