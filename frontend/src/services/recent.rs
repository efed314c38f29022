//! The contacts a user opened lately in this browser, newest first, for the home page.

use serde::{Deserialize, Serialize};

use crate::services::browser;

/// How many contacts are remembered.
const KEEP: usize = 8;

/// A contact opened lately.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecentContact {
    /// Contact id.
    pub id: i64,
    /// Its name when it was opened.
    pub name: String,
}

fn key(user_id: i64) -> String {
    format!("crm.recent-contacts.{user_id}")
}

/// The contacts `user_id` opened lately, newest first.
pub fn recent_contacts(user_id: i64) -> Vec<RecentContact> {
    browser::stored(&key(user_id))
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Records that `user_id` opened the contact.
pub fn opened_contact(user_id: i64, contact: RecentContact) {
    let list = remember(recent_contacts(user_id), contact);
    if let Ok(text) = serde_json::to_string(&list) {
        browser::store(&key(user_id), &text);
    }
}

/// Removes a contact that is gone (deleted, or no longer visible).
pub fn forget_contact(user_id: i64, id: i64) {
    let list: Vec<_> = recent_contacts(user_id)
        .into_iter()
        .filter(|c| c.id != id)
        .collect();
    if let Ok(text) = serde_json::to_string(&list) {
        browser::store(&key(user_id), &text);
    }
}

/// `list` with `contact` first, once, and at most [`KEEP`] entries.
fn remember(list: Vec<RecentContact>, contact: RecentContact) -> Vec<RecentContact> {
    let id = contact.id;
    std::iter::once(contact)
        .chain(list.into_iter().filter(|c| c.id != id))
        .take(KEEP)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(id: i64) -> RecentContact {
        RecentContact {
            id,
            name: format!("#{id}"),
        }
    }

    #[test]
    fn the_newest_comes_first_once_and_the_oldest_go() {
        let list = (1..=KEEP as i64).map(c).collect();
        let list = remember(list, c(3));
        assert_eq!(list[0], c(3));
        assert_eq!(list.iter().filter(|x| x.id == 3).count(), 1);
        let list = remember(list, c(100));
        assert_eq!(list.len(), KEEP);
        assert_eq!(list[0], c(100));
    }
}
