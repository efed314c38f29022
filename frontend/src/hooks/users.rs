//! The users of the portal as contact and task pages know them: loaded once per page, shared
//! between the choices of both, and used to show user ids as names.

use std::rc::Rc;
use std::slice;

use crm_api_types::UserResponse;

use crate::services::{api, ApiError};

/// The users of the portal (managers, authors, responsible users). Cloning shares the list.
#[derive(Debug, Clone, Default)]
pub struct PortalUsers(Rc<Vec<UserResponse>>);

impl PortalUsers {
    /// Loads every user of the portal.
    pub async fn load() -> Result<Self, ApiError> {
        api::get_all::<UserResponse>("/users?limit=200")
            .await
            .map(Self::from)
    }

    /// The users, in the server's order.
    pub fn iter(&self) -> slice::Iter<'_, UserResponse> {
        self.0.iter()
    }

    /// The name of a user; `#id` when unknown.
    pub fn name(&self, id: i64) -> String {
        self.iter()
            .find(|u| u.id == id)
            .map_or_else(|| format!("#{id}"), |u| u.name.clone())
    }
}

impl From<Vec<UserResponse>> for PortalUsers {
    fn from(users: Vec<UserResponse>) -> Self {
        Self(Rc::new(users))
    }
}

impl PartialEq for PortalUsers {
    /// The same shared list is equal without comparing every user.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn user(id: i64, name: &str) -> UserResponse {
        UserResponse {
            id,
            email: format!("{id}@example.com"),
            name: name.into(),
            locale: "ru".into(),
            time_zone: "Europe/Moscow".into(),
            role: "crm_user".into(),
            active: true,
            group_ids: Vec::new(),
            last_login_at: None,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    #[test]
    fn known_users_are_named_and_unknown_ones_shown_by_id() {
        let users = PortalUsers::from(vec![user(1, "Anna"), user(2, "Boris")]);
        assert_eq!(users.name(2), "Boris");
        assert_eq!(users.name(7), "#7");
    }

    #[test]
    fn clones_share_the_list_and_equal_lists_are_equal() {
        let users = PortalUsers::from(vec![user(1, "Anna")]);
        assert_eq!(users.clone(), users);
        assert_eq!(PortalUsers::from(vec![user(1, "Anna")]), users);
        assert_ne!(PortalUsers::default(), users);
    }
}
