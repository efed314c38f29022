//! The bar above every signed-in page: menu button, page title, "Create", the notification
//! bell and the user menu.

use yew::prelude::*;

use super::{CreateMenu, NotificationBell, UserMenu};
use crate::hooks::use_session;
use crate::i18n::{Label, Text};

/// Properties of [`TopBar`].
#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    /// The page title.
    pub title: Label,
    /// Opens or closes the sidebar (narrow screens).
    pub on_menu: Callback<()>,
    /// Whether the sidebar is open.
    pub menu_open: bool,
}

/// The top bar.
#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    let session = use_session();
    let on_menu = props.on_menu.reform(|_: MouseEvent| ());
    html! {
        <header class="topbar">
            <button type="button" class="menu-toggle" data-testid="menu-toggle"
                aria-controls="sidebar" aria-expanded={props.menu_open.to_string()}
                title={session.t(Text::Menu)} onclick={on_menu}>
                <span aria-hidden="true">{ "☰" }</span>
                <span class="visually-hidden">{ session.t(Text::Menu) }</span>
            </button>
            <h1 class="page-title" data-testid="page-title">{ session.t(props.title) }</h1>
            <CreateMenu />
            if session.me().is_some_and(|m| m.crm_access) {
                <NotificationBell />
            }
            <UserMenu />
        </header>
    }
}
