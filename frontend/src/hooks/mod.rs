//! Hooks: the session context, data loading, the choices of contact and task pages and the
//! users they share, notifications, background jobs and files shown through object URLs.

mod contact_choices;
mod job;
mod load;
mod notifications;
mod object_url;
mod paged_list;
mod selection;
mod session;
mod task_choices;
mod url_list;
mod users;

pub use contact_choices::{load_fields, load_list, use_contact_choices, ContactChoices};
pub use job::use_job;
pub use load::{use_load, Loaded};
pub use notifications::{use_notifications, NotificationsProvider};
pub use object_url::use_object_url;
pub use paged_list::{use_paged_list, use_paged_list_keeping, PagedList};
pub use selection::{use_selection, Selection};
pub use session::{use_session, Phase, SessionProvider};
pub use task_choices::{use_task_choices, TaskChoices};
pub use url_list::{
    is_plain_click, loaded_rows, open_row, use_rows_in_url, use_scroll_to_row, use_url_list,
};
pub use users::PortalUsers;

/// A callback that sets one field of the draft held in `state` from a text value.
pub fn field_setter<T: Clone + 'static>(
    state: &yew::UseStateHandle<T>,
    apply: fn(&mut T, String),
) -> yew::Callback<String> {
    let state = state.clone();
    yew::Callback::from(move |value: String| {
        let mut next = (*state).clone();
        apply(&mut next, value);
        state.set(next);
    })
}
