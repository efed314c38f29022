//! Choosing the icon of a task category.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{TaskText, TASK_ICONS};

/// Properties of [`IconSelect`].
#[derive(Properties, PartialEq)]
pub struct IconSelectProps {
    /// The icon name, or empty for none.
    pub value: AttrValue,
    /// Called with the chosen icon name (empty for none).
    pub onchange: Callback<String>,
    /// `data-testid` of the select.
    pub testid: AttrValue,
}

/// A `<select>` of the category icons, each with its symbol and name.
#[component]
pub fn IconSelect(props: &IconSelectProps) -> Html {
    let session = use_session();
    let onchange = props
        .onchange
        .reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <select class="icon-select" {onchange} aria-label={session.t(TaskText::Icon)}
            title={session.t(TaskText::Icon)} data-testid={props.testid.clone()}>
            <option value="" selected={props.value.is_empty()}>{ session.t(TaskText::NoIcon) }</option>
            { for TASK_ICONS.iter().map(|(name, symbol, text)| html! {
                <option value={*name} selected={*props.value == **name}>
                    { format!("{symbol} {}", session.t(*text)) }
                </option>
            }) }
        </select>
    }
}
