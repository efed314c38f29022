//! The tasks pages: the list with "my" and "all" tasks, one task, the task form, a contact's
//! tasks tab, bulk actions on selected tasks and the bulk creation of tasks for selected
//! contacts.

mod bulk;
mod bulk_actions;
mod contact_tab;
mod draft;
mod filters;
mod form;
mod list;
mod table;
mod toggle;
mod view;

pub use bulk::BulkTaskPanel;
pub use contact_tab::ContactTasksTab;
pub use list::TasksPage;
pub use view::TaskPage;
