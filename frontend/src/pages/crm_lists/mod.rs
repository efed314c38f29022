//! The lists of the CRM that CRM admins edit: contact types, temperatures, history categories
//! and task categories.

mod editor;
mod icon_select;
mod item_row;

use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::SettingsText;
pub(crate) use editor::moved;
use editor::ListEditor;

/// The lists page (CRM admins).
#[component]
pub fn CrmListsPage() -> Html {
    let session = use_session();
    html! {
        <>
            <p class="muted">{ session.t(SettingsText::ListsIntro) }</p>
            <ListEditor list="contact_types" title={SettingsText::ListContactTypes} />
            <ListEditor list="temperatures" title={SettingsText::ListTemperatures} />
            <ListEditor list="history_categories" title={SettingsText::ListHistoryCategories} />
            if session.has_section("tasks") {
                <ListEditor list="task_categories" title={SettingsText::ListTaskCategories} />
            }
        </>
    }
}
