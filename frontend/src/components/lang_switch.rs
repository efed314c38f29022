//! The language switch, shown on the login page and in the top bar.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{Lang, Text};

/// A `<select>` of the interface languages.
#[component]
pub fn LangSwitch() -> Html {
    let session = use_session();
    let current = session.lang();
    let onchange = {
        let session = session.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            if let Some(lang) = Lang::from_code(&select.value()) {
                session.set_lang(lang);
            }
        })
    };
    html! {
        <label class="lang-switch">
            <span class="visually-hidden">{ session.t(Text::Language) }</span>
            <select data-testid="lang-switch" aria-label={session.t(Text::Language)} {onchange}>
                { for Lang::ALL.iter().map(|lang| html! {
                    <option value={lang.code()} selected={*lang == current}>
                        { lang.native_name() }
                    </option>
                }) }
            </select>
        </label>
    }
}
