//! Finding a contact by name, e-mail or phone and picking it (companies of a person, people of
//! a company, the duplicate to merge).

use crm_api_types::{ContactQueryParams, ContactResponse, Page};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::ProblemBanner;
use crate::hooks::{use_load, use_session};
use crate::i18n::{kind_text, Label, Text};
use crate::services::{api, with_query};

/// Matches shown at most.
const MATCHES: u32 = 8;

/// Properties of [`ContactPicker`].
#[derive(Properties, PartialEq)]
pub struct ContactPickerProps {
    /// Placeholder and accessible name of the search box.
    pub placeholder: Label,
    /// Only contacts of this kind (`person`, `company`).
    #[prop_or_default]
    pub kind: Option<AttrValue>,
    /// Contacts not to offer (the contact itself …).
    #[prop_or_default]
    pub exclude: Vec<i64>,
    /// Called with the chosen contact.
    pub onpick: Callback<ContactResponse>,
    /// `data-testid` of the search box; matches get `<testid>-match`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A search box with a list of matching contacts to click.
#[component]
pub fn ContactPicker(props: &ContactPickerProps) -> Html {
    let session = use_session();
    let needle = use_state(String::new);
    let kind = props.kind.as_ref().map(ToString::to_string);
    let matches = use_load(((*needle).clone(), kind), |(q, kind)| async move {
        if q.trim().is_empty() {
            return Ok(Vec::new());
        }
        let query = ContactQueryParams {
            q: Some(q.trim().to_owned()),
            kind,
            limit: Some(MATCHES),
            ..Default::default()
        };
        api::get::<Page<ContactResponse>>(&with_query("/contacts", &query))
            .await
            .map(|page| page.items)
    });
    let oninput = {
        let needle = needle.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            needle.set(input.value());
        })
    };
    let match_testid = props.testid.as_ref().map(|t| format!("{t}-match"));
    let found: Vec<&ContactResponse> = matches
        .data
        .iter()
        .flatten()
        .filter(|c| !props.exclude.contains(&c.id))
        .collect();
    let items = found.iter().map(|contact| {
        let onclick = {
            let (contact, onpick, needle) =
                ((*contact).clone(), props.onpick.clone(), needle.clone());
            Callback::from(move |_: MouseEvent| {
                onpick.emit(contact.clone());
                needle.set(String::new());
            })
        };
        let detail = match &contact.company {
            Some(company) => company.display_name.clone(),
            None => session.t(kind_text(contact.kind.as_str())).to_owned(),
        };
        html! {
            <li>
                <button type="button" class="menu-item" data-testid={match_testid.clone()} {onclick}>
                    { contact.display_name.clone() }
                    <span class="muted">{ format!(" · {detail}") }</span>
                </button>
            </li>
        }
    });
    html! {
        <div class="contact-picker">
            <input type="search" value={(*needle).clone()} {oninput} autocomplete="off"
                placeholder={session.t(props.placeholder)} aria-label={session.t(props.placeholder)}
                data-testid={props.testid.clone()} />
            if let Some(error) = matches.error.clone() {
                <ProblemBanner {error} />
            }
            if !needle.trim().is_empty() && !matches.loading && found.is_empty() {
                <p class="muted">{ session.t(Text::NothingFound) }</p>
            }
            if !found.is_empty() {
                <ul class="picker-matches">{ for items }</ul>
            }
        </div>
    }
}
