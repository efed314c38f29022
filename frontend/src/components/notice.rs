//! A short success message.

use yew::prelude::*;

/// Properties of [`Notice`].
#[derive(Properties, PartialEq)]
pub struct NoticeProps {
    /// The already translated message.
    pub text: AttrValue,
}

/// A green banner announcing that something worked.
#[component]
pub fn Notice(props: &NoticeProps) -> Html {
    html! {
        <div class="banner banner-ok" role="status" data-testid="notice">
            <p class="banner-text">{ props.text.clone() }</p>
        </div>
    }
}
