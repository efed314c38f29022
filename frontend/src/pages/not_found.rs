//! The page for unknown addresses (and pages the user may not open).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::hooks::use_session;
use crate::i18n::Text;

/// "Page not found" with a way home.
#[component]
pub fn NotFoundPage() -> Html {
    let session = use_session();
    html! {
        <section class="card narrow" data-testid="not-found">
            <h2>{ session.t(Text::TitleNotFound) }</h2>
            <p>{ session.t(Text::NotFoundBody) }</p>
            <Link<Route> to={Route::Home} classes="button">{ session.t(Text::GoHome) }</Link<Route>>
        </section>
    }
}
