//! The warning shown when a new contact shares an e-mail or phone with visible ones.

use crm_api_types::DuplicateCandidate;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::hooks::use_session;
use crate::i18n::{detail_kind_text, fill, kind_text, ContactText};

/// Properties of [`DuplicateWarning`].
#[derive(Properties, PartialEq)]
pub struct DuplicateWarningProps {
    /// The similar contacts the server found.
    pub duplicates: Vec<DuplicateCandidate>,
    /// Saves again, allowing duplicates.
    pub on_create_anyway: Callback<()>,
    /// A save is running.
    pub busy: bool,
}

/// Lists the similar contacts with links to them, and offers "Create anyway".
#[component]
pub fn DuplicateWarning(props: &DuplicateWarningProps) -> Html {
    let session = use_session();
    let items = props.duplicates.iter().map(|candidate| {
        let what = detail_kind_text(&candidate.matched_on)
            .map_or_else(|| candidate.matched_on.clone(), |t| session.t(t).to_owned());
        let matched = fill(
            session.t(ContactText::DuplicateMatch),
            &[("what", &what), ("value", &candidate.value)],
        );
        let contact = &candidate.contact;
        html! {
            <li data-testid="duplicate">
                <Link<Route> to={Route::Contact { id: contact.id }}>{ contact.display_name.clone() }</Link<Route>>
                <span class="muted">{ format!(" · {} · {matched}", session.t(kind_text(contact.kind.as_str()))) }</span>
            </li>
        }
    });
    let onclick = props.on_create_anyway.reform(|_: MouseEvent| ());
    html! {
        <div class="banner banner-warn" role="alert" data-testid="duplicate-warning">
            <p class="banner-text">{ session.t(ContactText::DuplicatesFound) }</p>
            <ul class="duplicates">{ for items }</ul>
            <div class="banner-actions">
                <button type="button" class="button" data-testid="create-anyway" disabled={props.busy} {onclick}>
                    { session.t(ContactText::CreateAnyway) }
                </button>
            </div>
        </div>
    }
}
