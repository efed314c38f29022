//! The tasks pages: the list with "my" and "all" tasks, one task, the task form, the tasks
//! tab of a contact, deal, case or project, bulk actions on selected tasks and the bulk creation of tasks for selected
//! contacts.

mod bulk;
mod bulk_actions;
mod draft;
mod filters;
mod form;
mod list;
mod record_tab;
mod table;
mod toggle;
mod view;

pub use bulk::BulkTaskPanel;
pub use draft::About;
pub use list::TasksPage;
pub use record_tab::RecordTasksTab;
pub use view::TaskPage;
