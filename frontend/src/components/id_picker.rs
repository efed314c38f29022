//! A filterable checkbox list for choosing users or groups by id.

use std::collections::BTreeSet;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::FieldErrors;
use crate::hooks::use_session;
use crate::i18n::{fill, Label, Text};
use crate::services::ApiError;

/// One choice of an [`IdPicker`].
#[derive(Clone, PartialEq)]
pub struct PickerOption {
    /// Record id.
    pub id: i64,
    /// What to show.
    pub label: String,
    /// Secondary text (an e-mail address …).
    pub detail: String,
}

/// Properties of [`IdPicker`].
#[derive(Properties, PartialEq)]
pub struct IdPickerProps {
    /// Heading of the list.
    pub label: Label,
    /// The field name as the API spells it (for its errors).
    pub name: AttrValue,
    /// Everything that may be chosen.
    pub options: Vec<PickerOption>,
    /// Ids chosen now.
    pub selected: Vec<i64>,
    /// Called with the new choice.
    pub onchange: Callback<Vec<i64>>,
    /// The failed save whose field errors to show.
    #[prop_or_default]
    pub error: Option<ApiError>,
}

/// Checkboxes with a filter box and a count of chosen records.
#[component]
pub fn IdPicker(props: &IdPickerProps) -> Html {
    let session = use_session();
    let filter = use_state(String::new);
    let selected: BTreeSet<i64> = props.selected.iter().copied().collect();
    let needle = filter.to_lowercase();
    let visible = props.options.iter().filter(|o| {
        needle.is_empty()
            || o.label.to_lowercase().contains(&needle)
            || o.detail.to_lowercase().contains(&needle)
    });
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            filter.set(input.value());
        })
    };
    let rows: Vec<Html> = visible
        .map(|option| {
            let id = option.id;
            let checked = selected.contains(&id);
            let onchange = {
                let selected = selected.clone();
                let onchange = props.onchange.clone();
                Callback::from(move |_: Event| {
                    let mut next = selected.clone();
                    if !next.remove(&id) {
                        next.insert(id);
                    }
                    onchange.emit(next.into_iter().collect());
                })
            };
            let input_id = format!("{}-{id}", props.name);
            html! {
                <li>
                    <input type="checkbox" id={input_id.clone()} {checked} {onchange} />
                    <label for={input_id}>
                        { option.label.clone() }
                        if !option.detail.is_empty() {
                            <span class="muted">{ format!(" · {}", option.detail) }</span>
                        }
                    </label>
                </li>
            }
        })
        .collect();
    let count = fill(
        session.t(Text::SelectedCount),
        &[("n", &selected.len().to_string())],
    );
    html! {
        <fieldset class="picker">
            <legend>{ session.t(props.label) }<span class="muted">{ format!(" ({count})") }</span></legend>
            if props.options.len() > 8 {
                <input type="search" class="picker-filter" placeholder={session.t(Text::FindPlaceholder)}
                    aria-label={session.t(Text::FindPlaceholder)} value={(*filter).clone()} oninput={on_filter} />
            }
            if rows.is_empty() {
                <p class="muted">{ session.t(if props.options.is_empty() { Text::EmptyList } else { Text::NothingFound }) }</p>
            } else {
                <ul class="picker-list">{ for rows }</ul>
            }
            <FieldErrors error={props.error.clone()} field={props.name.clone()} />
        </fieldset>
    }
}
