//! The user's corner of the top bar: language switch, profile link and logout.

use yew::prelude::*;
use yew_router::prelude::*;

use super::LangSwitch;
use crate::app::Route;
use crate::hooks::use_session;
use crate::i18n::Text;

/// Language switch, the user's name linking to the profile, and the logout button, all
/// visible without opening anything.
#[component]
pub fn UserMenu() -> Html {
    let session = use_session();
    let name = session
        .me()
        .map(|me| {
            if me.user.name.is_empty() {
                me.user.email.clone()
            } else {
                me.user.name.clone()
            }
        })
        .unwrap_or_default();
    let logout = {
        let session = session.clone();
        Callback::from(move |_: MouseEvent| session.logout())
    };
    html! {
        <div class="user-menu">
            <LangSwitch />
            <Link<Route> to={Route::Profile} classes="profile-link">
                <span class="avatar" aria-hidden="true">
                    { name.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default() }
                </span>
                <span class="user-name">{ name }</span>
                <span class="visually-hidden">{ session.t(Text::Profile) }</span>
            </Link<Route>>
            <button type="button" class="button" data-testid="logout-button" onclick={logout}>
                { session.t(Text::Logout) }
            </button>
        </div>
    }
}
