//! A hook that loads what task pages offer as choices and use to show ids as names: task
//! categories and users.

use std::rc::Rc;

use crm_api_types::ListItemResponse;
use futures::future::join;
use yew::prelude::*;

use super::load::Loaded;
use super::{load_list, use_load, PortalUsers};
use crate::services::ApiError;

/// Categories and users for the task form, filters and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskChoices {
    /// Task categories, in order, with their icons and colours.
    pub categories: Vec<ListItemResponse>,
    /// Users of the portal (responsible users).
    pub users: PortalUsers,
}

impl TaskChoices {
    /// A category by id.
    pub fn category(&self, id: i64) -> Option<&ListItemResponse> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// Loads the categories, and the users unless the page has them already.
async fn load_choices(known_users: Option<PortalUsers>) -> Result<Rc<TaskChoices>, ApiError> {
    let (categories, users) = match known_users {
        Some(users) => (load_list("task_categories").await, Ok(users)),
        None => join(load_list("task_categories"), PortalUsers::load()).await,
    };
    Ok(Rc::new(TaskChoices {
        categories: categories?,
        users: users?,
    }))
}

/// Loads the [`TaskChoices`] once per page. `known_users` are the users the page has loaded
/// already (a contact page's [`ContactChoices`](super::ContactChoices)): then only the
/// categories are asked for.
#[hook]
pub fn use_task_choices(known_users: Option<PortalUsers>) -> Loaded<Rc<TaskChoices>> {
    use_load(known_users, load_choices)
}
