//! The left navigation: home, CRM sections, CRM setup, administration and personal pages.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::hooks::use_session;
use crate::i18n::{section_text, CustomFieldText, DealText, SettingsText, Text};

/// The left sidebar.
#[component]
pub fn Sidebar() -> Html {
    let session = use_session();
    let current = use_route::<Route>();
    let item = |route: Route, label: &str| {
        let active = current.as_ref() == Some(&route);
        html! {
            <li>
                <Link<Route> to={route} classes={classes!("nav-link", active.then_some("active"))}>
                    { label.to_owned() }
                </Link<Route>>
            </li>
        }
    };
    let sections: Vec<String> = match session.crm() {
        Some(Ok(crm)) => crm.sections.clone(),
        _ => Vec::new(),
    };
    let section_items: Vec<Html> = sections
        .into_iter()
        .map(|section| {
            let label = section_text(&section)
                .map(|t| session.t(t).to_owned())
                .unwrap_or_else(|| section.clone());
            item(Route::for_section(&section), &label)
        })
        .collect();
    let has_sections = !section_items.is_empty();
    let portal = session
        .me()
        .map(|me| me.portal.name.clone())
        .unwrap_or_default();

    html! {
        <aside class="sidebar" data-testid="sidebar" id="sidebar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">{ "◆" }</span>
                <span class="brand-name">{ session.t(Text::AppName) }</span>
                <span class="brand-portal">{ portal }</span>
            </div>
            <nav>
                <ul class="nav-list">
                    { item(Route::Home, session.t(Text::NavHome)) }
                </ul>
                if has_sections {
                    <h2 class="nav-heading">{ session.t(Text::NavCrmSections) }</h2>
                    <ul class="nav-list">
                        { for section_items }
                    </ul>
                }
                if session.is_crm_admin() {
                    <h2 class="nav-heading">{ session.t(SettingsText::NavCrmSetup) }</h2>
                    <ul class="nav-list">
                        { item(Route::CrmLists, session.t(SettingsText::Lists)) }
                        { item(Route::CrmTags, session.t(SettingsText::Tags)) }
                        { item(Route::CrmCustomFields, session.t(CustomFieldText::CustomFields)) }
                        if session.has_section("deals") {
                            { item(Route::CrmPipelines, session.t(DealText::Pipelines)) }
                        }
                        { item(Route::CrmCurrencies, session.t(SettingsText::Currencies)) }
                        { item(Route::CrmProducts, session.t(SettingsText::Products)) }
                        { item(Route::CrmExport, session.t(Text::FullExport)) }
                    </ul>
                }
                if session.is_admin() {
                    <h2 class="nav-heading">{ session.t(Text::NavAdmin) }</h2>
                    <ul class="nav-list">
                        { item(Route::Users, session.t(Text::Users)) }
                        { item(Route::Groups, session.t(Text::Groups)) }
                        { item(Route::CrmSettings, session.t(Text::CrmSettings)) }
                    </ul>
                }
                <h2 class="nav-heading">{ session.t(Text::NavPersonal) }</h2>
                <ul class="nav-list">
                    { item(Route::Profile, session.t(Text::Profile)) }
                    { item(Route::ApiTokens, session.t(Text::ApiTokens)) }
                </ul>
            </nav>
        </aside>
    }
}
