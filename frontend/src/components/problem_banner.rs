//! A banner that explains a failed API call in the user's language.

use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{fill, Text};
use crate::services::ApiError;

/// Properties of [`ProblemBanner`].
#[derive(Properties, PartialEq)]
pub struct ProblemBannerProps {
    /// What went wrong.
    pub error: ApiError,
    /// Reloads the record; offered for `version_mismatch` and load failures.
    #[prop_or_default]
    pub on_reload: Option<Callback<()>>,
    /// Hides the banner.
    #[prop_or_default]
    pub on_dismiss: Option<Callback<()>>,
}

/// Focuses the first invalid field of the banner's form (which scrolls it into view) when the
/// error names fields; else scrolls the banner into view.
fn show_first_problem(banner: &NodeRef, has_fields: bool) {
    let Some(element) = banner.cast::<web_sys::Element>() else {
        return;
    };
    let invalid = "[aria-invalid=\"true\"]";
    let first = has_fields
        .then(|| element.closest("form").ok().flatten())
        .flatten()
        .and_then(|form| form.query_selector(invalid).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    match first {
        Some(field) => {
            field.scroll_into_view_with_bool(false);
            let _ignored = field.focus();
        }
        None => element.scroll_into_view_with_bool(false),
    }
}

/// Shows the translated message of an [`ApiError`], with "Reload" when that helps.
#[component]
pub fn ProblemBanner(props: &ProblemBannerProps) -> Html {
    let session = use_session();
    let error = &props.error;
    let banner = use_node_ref();
    {
        // A failed save on a long form would otherwise go unseen above the fold: the first
        // field it names gets the focus (and so comes into view), else the banner shows.
        let banner = banner.clone();
        use_effect_with(error.clone(), move |error| {
            let has_fields = !error.errors.is_empty();
            // After the fields below have rendered the error too.
            Timeout::new(0, move || show_first_problem(&banner, has_fields)).forget();
        });
    }
    let reload = props.on_reload.as_ref().map(|reload| {
        let onclick = reload.reform(|_: MouseEvent| ());
        html! {
            <button type="button" class="button" data-testid="problem-reload" {onclick}>
                { session.t(Text::Reload) }
            </button>
        }
    });
    let dismiss = props.on_dismiss.as_ref().map(|dismiss| {
        let onclick = dismiss.reform(|_: MouseEvent| ());
        html! {
            <button type="button" class="link-button" {onclick}>{ session.t(Text::Dismiss) }</button>
        }
    });
    html! {
        <div ref={banner} class="banner banner-error" role="alert" data-testid="problem" data-code={error.code.clone()}>
            <p class="banner-text">{ error.message(session.lang()) }</p>
            if let Some(id) = &error.request_id {
                <p class="banner-meta">{ fill(session.t(Text::RequestId), &[("id", id)]) }</p>
            }
            <div class="banner-actions">{ reload }{ dismiss }</div>
        </div>
    }
}
