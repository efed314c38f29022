//! What every kind of CRM record shows and edits the same way, given a record reference
//! (`{kind, id}`): the history tab with its entries, form and attachment picker, the tag input,
//! and the custom field inputs and values.

mod attachments;
mod custom_facts;
mod custom_inputs;
pub mod custom_values;
mod history_entry;
mod history_form;
mod history_tab;
mod tag_input;

pub use custom_facts::custom_facts;
pub use custom_inputs::CustomFieldInputs;
pub use history_tab::HistoryTab;
pub use tag_input::TagInput;
