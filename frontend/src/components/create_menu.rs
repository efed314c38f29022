//! The "Create" button and its menu of things the user may create.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::hooks::use_session;
use crate::i18n::{CaseText, ContactText, DealText, Label, ProjectText, TaskText, Text};

/// The clicks that open or close a menu and that close it (its backdrop).
pub fn menu_switches(open: &UseStateHandle<bool>) -> (Callback<MouseEvent>, Callback<MouseEvent>) {
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    (toggle, close)
}

/// The "Create" button. Its menu lists only what exists and what the user may create.
#[component]
pub fn CreateMenu() -> Html {
    let session = use_session();
    let navigator = use_navigator();
    let open = use_state(|| false);

    let mut entries: Vec<(Route, Label, &str)> = Vec::new();
    if session.has_section("contacts") {
        entries.push((
            Route::PersonNew,
            ContactText::CreatePerson.into(),
            "create-person",
        ));
        entries.push((
            Route::CompanyNew,
            ContactText::CreateCompany.into(),
            "create-company",
        ));
    }
    if session.has_section("tasks") {
        entries.push((Route::TaskNew, TaskText::CreateTask.into(), "create-task"));
    }
    if session.has_section("deals") {
        entries.push((Route::DealNew, DealText::CreateDeal.into(), "create-deal"));
    }
    if session.has_section("cases") {
        entries.push((Route::CaseNew, CaseText::CreateCase.into(), "create-case"));
    }
    if session.has_section("projects") {
        entries.push((
            Route::ProjectNew,
            ProjectText::CreateProject.into(),
            "create-project",
        ));
    }
    if session.is_admin() {
        entries.push((Route::UserNew, Text::CreateUser.into(), "create-user"));
        entries.push((Route::GroupNew, Text::CreateGroup.into(), "create-group"));
    }
    entries.push((
        Route::ApiTokenNew,
        Text::CreateApiToken.into(),
        "create-api-token",
    ));

    let (toggle, close) = menu_switches(&open);
    let items: Vec<Html> = entries
        .into_iter()
        .map(|(route, label, testid)| {
            let open = open.clone();
            let navigator = navigator.clone();
            let onclick = Callback::from(move |_: MouseEvent| {
                open.set(false);
                if let Some(navigator) = &navigator {
                    navigator.push(&route);
                }
            });
            html! {
                <li role="none">
                    <button type="button" role="menuitem" class="menu-item"
                        data-testid={testid} {onclick}>
                        { session.t(label) }
                    </button>
                </li>
            }
        })
        .collect();

    html! {
        <div class="create-menu">
            <button type="button" class="button primary" data-testid="create-button"
                aria-haspopup="menu" aria-expanded={open.to_string()} onclick={toggle}>
                <span aria-hidden="true">{ "+ " }</span>{ session.t(Text::Create) }
            </button>
            if *open {
                <div class="menu-backdrop" onclick={close}></div>
                <ul class="dropdown" role="menu">{ for items }</ul>
            }
        </div>
    }
}
