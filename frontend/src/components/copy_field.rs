//! A read-only value shown once for the user to copy (a token's secret, a feed link): the
//! text selects itself on focus and a button copies it.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{Label, Text};
use crate::services::browser;

/// Properties of [`CopyField`].
#[derive(Properties, PartialEq)]
pub struct CopyFieldProps {
    /// Label.
    pub label: Label,
    /// The element id of the input.
    pub id: AttrValue,
    /// The text to copy.
    pub value: AttrValue,
    /// `data-testid` of the input.
    pub testid: AttrValue,
    /// `data-testid` of the copy button.
    pub copy_testid: AttrValue,
}

/// A labelled read-only input with a "Copy" button that says whether copying worked.
#[component]
pub fn CopyField(props: &CopyFieldProps) -> Html {
    let session = use_session();
    // Whether copying worked, with the value it was about: a new value starts afresh.
    let copied = use_state(|| None::<(AttrValue, bool)>);
    let outcome = (*copied)
        .as_ref()
        .filter(|(value, _)| *value == props.value)
        .map(|(_, worked)| *worked);
    let on_copy = {
        let (copied, value) = (copied.clone(), props.value.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, value) = (copied.clone(), value.clone());
            spawn_local(async move {
                let worked = browser::copy_to_clipboard(&value).await;
                copied.set(Some((value, worked)));
            });
        })
    };
    let select_all = Callback::from(|e: FocusEvent| {
        e.target_unchecked_into::<web_sys::HtmlInputElement>()
            .select();
    });
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ session.t(props.label) }</label>
            <div class="copy-row">
                <input id={props.id.clone()} class="mono" type="text" readonly=true
                    value={props.value.clone()} onfocus={select_all} data-testid={props.testid.clone()} />
                <button type="button" class="button" onclick={on_copy} data-testid={props.copy_testid.clone()}>
                    { session.t(if outcome == Some(true) { Text::Copied } else { Text::Copy }) }
                </button>
            </div>
            if outcome == Some(false) {
                <p class="field-error">{ session.t(Text::CopyFailed) }</p>
            }
        </div>
    }
}
