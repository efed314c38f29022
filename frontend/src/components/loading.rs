//! The loading indicator.

use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::Text;

/// Properties of [`Loading`].
#[derive(Properties, PartialEq)]
pub struct LoadingProps {
    /// Fill the whole window (while the session starts).
    #[prop_or_default]
    pub full_page: bool,
}

/// A spinner with a "Loading…" label.
#[component]
pub fn Loading(props: &LoadingProps) -> Html {
    let session = use_session();
    html! {
        <div class={classes!("loading", props.full_page.then_some("full-page"))} role="status">
            <span class="spinner" aria-hidden="true"></span>
            <span>{ session.t(Text::Loading) }</span>
        </div>
    }
}
