//! The start page: a welcome card while the CRM has no sections, else "my day".

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{Loading, ProblemBanner};
use crate::hooks::use_session;
use crate::i18n::{fill, Text};
use crate::pages::my_day::MyDay;

/// The home page.
#[component]
pub fn HomePage() -> Html {
    let session = use_session();
    let Some(me) = session.me() else {
        return html! { <Loading /> };
    };
    let reload = {
        let session = session.clone();
        Callback::from(move |()| session.reload_crm())
    };
    let welcome = html! {
        <section class="card welcome" data-testid="welcome">
            <h2>{ fill(session.t(Text::Welcome), &[("name", &me.user.name)]) }</h2>
            <p>{ fill(session.t(Text::WelcomeBody), &[("portal", &me.portal.name)]) }</p>
            if session.is_admin() {
                <p>{ session.t(Text::WelcomeAdmin) }</p>
                <p class="actions">
                    <Link<Route> to={Route::Users} classes="button">{ session.t(Text::Users) }</Link<Route>>
                    <Link<Route> to={Route::Groups} classes="button">{ session.t(Text::Groups) }</Link<Route>>
                    <Link<Route> to={Route::CrmSettings} classes="button">{ session.t(Text::CrmSettings) }</Link<Route>>
                </p>
            }
            <p>{ session.t(Text::WelcomeIntegrator) }</p>
            <p class="actions">
                <Link<Route> to={Route::ApiTokens} classes="button">{ session.t(Text::ApiTokens) }</Link<Route>>
            </p>
        </section>
    };
    match session.crm() {
        None => html! { <Loading /> },
        Some(Err(error)) => html! {
            <>
                <ProblemBanner error={error.clone()} on_reload={reload} />
                { welcome }
            </>
        },
        Some(Ok(crm)) if crm.sections.is_empty() => welcome,
        Some(Ok(crm)) => html! {
            <>
                <h2 class="day-greeting">{ fill(session.t(Text::Welcome), &[("name", &me.user.name)]) }</h2>
                <MyDay sections={crm.sections.clone()} />
            </>
        },
    }
}
