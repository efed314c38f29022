//! The list of groups, with search.

use crm_api_types::{GroupQueryParams, GroupResponse};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{LoadMore, ProblemBanner};
use crate::hooks::{use_paged_list, use_session};
use crate::i18n::Text;
use crate::services::with_query;

/// The groups page (admins).
#[component]
pub fn GroupsPage() -> Html {
    let session = use_session();
    let query = use_state(GroupQueryParams::default);
    let list = use_paged_list::<GroupResponse>(with_query("/groups", &*query));
    let on_search = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let q = input.value().trim().to_owned();
            query.set(GroupQueryParams {
                q: (!q.is_empty()).then_some(q),
                ..(*query).clone()
            });
        })
    };

    html! {
        <>
            <div class="toolbar">
                <input type="search" class="search" placeholder={session.t(Text::FindPlaceholder)}
                    aria-label={session.t(Text::Search)} onchange={on_search} />
                <span class="spacer"></span>
                <Link<Route> to={Route::GroupNew} classes="button primary">{ session.t(Text::AddGroup) }</Link<Route>>
            </div>
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            <div class="table-wrap">
                <table class="table" data-testid="groups-table">
                    <thead><tr>
                        <th>{ session.t(Text::Title) }</th>
                        <th>{ session.t(Text::Description) }</th>
                        <th class="num">{ session.t(Text::Members) }</th>
                    </tr></thead>
                    <tbody>
                        { for list.items.iter().map(|group| html! {
                            <tr key={group.id}>
                                <td data-label={session.t(Text::Title)}>
                                    <Link<Route> to={Route::GroupEdit { id: group.id }}>{ group.name.clone() }</Link<Route>>
                                </td>
                                <td data-label={session.t(Text::Description)}>{ group.description.clone() }</td>
                                <td data-label={session.t(Text::Members)} class="num">{ group.member_ids.len() }</td>
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
