//! The list of users, with search, role and status filters.

use crm_api_types::{UserQueryParams, UserResponse};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{LoadMore, ProblemBanner};
use crate::hooks::{use_paged_list, use_session};
use crate::i18n::{role_text, Text};
use crate::services::{format, with_query};

/// The users page (admins).
#[component]
pub fn UsersPage() -> Html {
    let session = use_session();
    let query = use_state(UserQueryParams::default);
    let list = use_paged_list::<UserResponse>(with_query("/users", &*query));

    let on_search = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let q = input.value().trim().to_owned();
            query.set(UserQueryParams {
                q: (!q.is_empty()).then_some(q),
                ..(*query).clone()
            });
        })
    };
    let on_role = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let role = select.value();
            query.set(UserQueryParams {
                role: (!role.is_empty()).then_some(role),
                ..(*query).clone()
            });
        })
    };
    let on_status = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let select: HtmlSelectElement = e.target_unchecked_into();
            let active = match select.value().as_str() {
                "active" => Some(true),
                "inactive" => Some(false),
                _ => None,
            };
            query.set(UserQueryParams {
                active,
                ..(*query).clone()
            });
        })
    };
    let lang = session.lang();
    let role_name =
        |role: &str| role_text(role).map_or_else(|| role.to_owned(), |t| t.tr(lang).to_owned());

    html! {
        <>
            <div class="toolbar">
                <input type="search" class="search" placeholder={session.t(Text::SearchPlaceholder)}
                    aria-label={session.t(Text::Search)} onchange={on_search} />
                <select aria-label={session.t(Text::Role)} onchange={on_role}>
                    <option value="" selected={query.role.is_none()}>{ session.t(Text::AnyRole) }</option>
                    { for ["owner", "portal_admin", "crm_admin", "crm_user"].into_iter().map(|r| html! {
                        <option value={r} selected={query.role.as_deref() == Some(r)}>{ role_name(r) }</option>
                    }) }
                </select>
                <select aria-label={session.t(Text::Status)} onchange={on_status}>
                    <option value="" selected={query.active.is_none()}>{ session.t(Text::AnyStatus) }</option>
                    <option value="active" selected={query.active == Some(true)}>{ session.t(Text::Active) }</option>
                    <option value="inactive" selected={query.active == Some(false)}>{ session.t(Text::Inactive) }</option>
                </select>
                <span class="spacer"></span>
                <Link<Route> to={Route::UserNew} classes="button primary">{ session.t(Text::AddUser) }</Link<Route>>
            </div>
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            <div class="table-wrap">
                <table class="table" data-testid="users-table">
                    <thead><tr>
                        <th>{ session.t(Text::Name) }</th>
                        <th>{ session.t(Text::Email) }</th>
                        <th>{ session.t(Text::Role) }</th>
                        <th>{ session.t(Text::Status) }</th>
                        <th>{ session.t(Text::LastLogin) }</th>
                    </tr></thead>
                    <tbody>
                        { for list.items.iter().map(|user| html! {
                            <tr key={user.id}>
                                <td data-label={session.t(Text::Name)}>
                                    <Link<Route> to={Route::UserEdit { id: user.id }}>{ user.name.clone() }</Link<Route>>
                                </td>
                                <td data-label={session.t(Text::Email)}>{ user.email.clone() }</td>
                                <td data-label={session.t(Text::Role)}>{ role_name(&user.role) }</td>
                                <td data-label={session.t(Text::Status)}>
                                    <span class={classes!("badge", (!user.active).then_some("badge-off"))}>
                                        { session.t(if user.active { Text::Active } else { Text::Inactive }) }
                                    </span>
                                </td>
                                <td data-label={session.t(Text::LastLogin)}>
                                    { user.last_login_at.as_ref().map_or_else(
                                        || session.t(Text::Never).to_owned(), |at| format::date_time(at, lang)) }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            if list.items.is_empty() && !list.loading && list.error.is_none() {
                <p class="muted">{ session.t(Text::NothingFound) }</p>
            }
            <LoadMore shown={list.items.len()} total={list.total} has_more={list.has_more}
                loading={list.loading} on_more={list.load_more.clone()} />
        </>
    }
}
