//! A hook that loads what task pages offer as choices and use to show ids as names: task
//! categories and users.

use std::rc::Rc;

use crm_api_types::{ListItemResponse, UserResponse};
use futures::future::join;
use yew::prelude::*;

use super::load::Loaded;
use super::{load_list, use_load};
use crate::services::{api, ApiError};

/// Categories and users for the task form, filters and rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskChoices {
    /// Task categories, in order, with their icons and colours.
    pub categories: Vec<ListItemResponse>,
    /// Users of the portal (responsible users).
    pub users: Vec<UserResponse>,
}

impl TaskChoices {
    /// A category by id.
    pub fn category(&self, id: i64) -> Option<&ListItemResponse> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The name of a user; `#id` when unknown.
    pub fn user_name(&self, id: i64) -> String {
        self.users
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| format!("#{id}"), |u| u.name.clone())
    }
}

async fn load_choices() -> Result<Rc<TaskChoices>, ApiError> {
    let (categories, users) = join(
        load_list("task_categories"),
        api::get_all::<UserResponse>("/users?limit=200"),
    )
    .await;
    Ok(Rc::new(TaskChoices {
        categories: categories?,
        users: users?,
    }))
}

/// Loads the [`TaskChoices`] once per page.
#[hook]
pub fn use_task_choices() -> Loaded<Rc<TaskChoices>> {
    use_load((), |()| load_choices())
}
