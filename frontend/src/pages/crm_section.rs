//! Placeholder for CRM sections that the server lists but the SPA does not have yet.

use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::Text;

/// Properties of [`CrmSectionPage`].
#[derive(Properties, PartialEq)]
pub struct CrmSectionPageProps {
    /// Section code (`contacts` …).
    pub section: String,
}

/// Says that the section is not available yet.
#[component]
pub fn CrmSectionPage(props: &CrmSectionPageProps) -> Html {
    let session = use_session();
    html! {
        <section class="card narrow" data-section={props.section.clone()}>
            <p>{ session.t(Text::SectionUnavailable) }</p>
        </section>
    }
}
