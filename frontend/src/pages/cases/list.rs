//! The cases list: search, the open/closed and tag filters in the URL, a tick that closes or
//! reopens a case in place.

use crm_api_types::{CaseQueryParams, CaseResponse, ExportKind, TagListResponse};
use web_sys::HtmlSelectElement;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{filter_of, ExportMenu, LoadMore, ProblemBanner, SearchBox, SkeletonTable};
use crate::hooks::{
    loaded_rows, open_row, use_load, use_paged_list_keeping, use_rows_in_url, use_scroll_to_row,
    use_session, use_url_list,
};
use crate::i18n::{fill, CaseText, Lang};
use crate::services::{api, format, with_query, ApiError};

/// Open cases first: what a team works on.
fn open_ones() -> CaseQueryParams {
    CaseQueryParams {
        closed: Some(false),
        ..CaseQueryParams::default()
    }
}

/// The cases list page.
#[component]
pub fn CasesPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let url = use_url_list(open_ones);
    let query = url.query.clone();
    let list = use_paged_list_keeping::<CaseResponse>(with_query("/cases", &query), url.rows);
    use_rows_in_url(&url, list.items.len());
    use_scroll_to_row("case-row", url.at);
    let error = use_state(|| None::<ApiError>);
    let tags = use_load((), |()| async {
        api::get::<TagListResponse>("/tags?kind=case").await
    });

    let on_search = {
        let (query, set) = (query.clone(), url.set_query.clone());
        Callback::from(move |q: String| {
            set.emit(CaseQueryParams {
                q: (!q.trim().is_empty()).then_some(q),
                cursor: None,
                ..query.clone()
            })
        })
    };
    let on_state = {
        let (query, set) = (query.clone(), url.set_query.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            set.emit(CaseQueryParams {
                closed: match value.as_str() {
                    "open" => Some(false),
                    "closed" => Some(true),
                    _ => None,
                },
                cursor: None,
                ..query.clone()
            })
        })
    };
    let on_tag = {
        let (query, set) = (query.clone(), url.set_query.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            set.emit(CaseQueryParams {
                tag_id: value.parse().ok(),
                cursor: None,
                ..query.clone()
            })
        })
    };
    let tag_options = tags.data.iter().flat_map(|t| t.items.iter()).map(|t| {
        html! { <option value={t.id.to_string()} selected={query.tag_id == Some(t.id)}>{ t.name.clone() }</option> }
    });
    let on_sort = {
        let (query, set) = (query.clone(), url.set_query.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            set.emit(CaseQueryParams {
                sort: (!value.is_empty()).then_some(value),
                cursor: None,
                ..query.clone()
            })
        })
    };
    let toggle = {
        let (reload, error) = (list.reload.clone(), error.clone());
        Callback::from(move |case: CaseResponse| {
            let (reload, error) = (reload.clone(), error.clone());
            spawn_local(async move {
                match super::set_closed(&case, !case.closed).await {
                    Ok(_) => {
                        error.set(None);
                        reload.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let shown = loaded_rows(list.items.len());
    let rows = list.items.iter().map(|c| {
        let open = open_row(
            &url.set_place,
            shown,
            c.id,
            Route::Case { id: c.id },
            navigator.clone(),
        );
        row(c, lang, open, toggle.clone())
    });
    let state = match query.closed {
        Some(false) => "open",
        Some(true) => "closed",
        None => "",
    };
    let sort = query.sort.clone().unwrap_or_default();
    let sorts = [
        ("", CaseText::SortNewest),
        ("created_at", CaseText::SortOldest),
        ("title", CaseText::SortTitle),
    ]
    .into_iter()
    .map(|(value, label)| {
        html! { <option value={value} selected={sort == value}>{ label.tr(lang) }</option> }
    });

    html! {
        <>
            <nav class="tabs">
                <span class="spacer"></span>
                <ExportMenu kind={ExportKind::Cases} filter={filter_of(&query)} />
                <Link<Route> to={Route::CaseNew} classes="button primary">
                    <span data-testid="case-new-button">{ CaseText::NewCase.tr(lang) }</span>
                </Link<Route>>
            </nav>
            <div class="filters" data-testid="case-filters">
                <SearchBox value={query.q.clone().unwrap_or_default()} label={CaseText::Search.tr(lang)}
                    onsearch={on_search} testid="cases-search" />
                <select aria-label={CaseText::State.tr(lang)} onchange={on_state} data-testid="cases-state">
                    <option value="open" selected={state == "open"}>{ CaseText::Open.tr(lang) }</option>
                    <option value="closed" selected={state == "closed"}>{ CaseText::Closed.tr(lang) }</option>
                    <option value="" selected={state.is_empty()}>{ CaseText::AnyState.tr(lang) }</option>
                </select>
                <select aria-label={CaseText::Tags.tr(lang)} onchange={on_tag} data-testid="cases-tag">
                    <option value="" selected={query.tag_id.is_none()}>{ CaseText::AnyTag.tr(lang) }</option>
                    { for tag_options }
                </select>
                <select aria-label={CaseText::Sort.tr(lang)} onchange={on_sort} data-testid="cases-sort">
                    { for sorts }
                </select>
            </div>
            if let Some(error) = (*error).clone().or(list.error.clone()) {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            if !list.items.is_empty() {
                <div class="table-wrap">
                    <table class={classes!("table", "cases-table", list.stale.then_some("stale"))} data-testid="cases-table">
                        <thead>
                            <tr>
                                <th class="check"><span class="visually-hidden">{ CaseText::Closed.tr(lang) }</span></th>
                                <th>{ CaseText::CaseTitle.tr(lang) }</th>
                                <th class="num">{ CaseText::Participants.tr(lang) }</th>
                                <th>{ CaseText::CreatedOn.tr(lang) }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            } else if !list.loading && list.error.is_none() {
                <p class="muted" data-testid="cases-empty">{ CaseText::NoCases.tr(lang) }</p>
            }
            if list.loading && list.items.is_empty() {
                <SkeletonTable columns={4} />
            }
            <LoadMore shown={list.items.len()} total={list.total} total_capped={list.total_capped}
                has_more={list.has_more} loading={list.loading} on_more={list.load_more.clone()} />
        </>
    }
}

fn row(
    c: &CaseResponse,
    lang: Lang,
    open: Callback<MouseEvent>,
    toggle: Callback<CaseResponse>,
) -> Html {
    let on_tick = {
        let c = c.clone();
        Callback::from(move |_: Event| toggle.emit(c.clone()))
    };
    html! {
        <tr data-testid="case-row" data-id={c.id.to_string()} class={classes!(c.closed.then_some("done"))}>
            <td class="check">
                <input type="checkbox" checked={c.closed} onchange={on_tick} data-testid="case-closed"
                    aria-label={fill(CaseText::CloseToggle.tr(lang), &[("title", &c.title)])} />
            </td>
            <td>
                <a href={format!("/cases/{}", c.id)} onclick={open} data-testid="case-link">{ c.title.clone() }</a>
                if c.restricted {
                    { " " }<span class="badge" data-testid="case-restricted">{ CaseText::RestrictedBadge.tr(lang) }</span>
                }
            </td>
            <td class="num">{ format::count(c.contact_ids.len() as i64, lang) }</td>
            <td class="nowrap">{ format::date_time(&c.created_at, lang) }</td>
        </tr>
    }
}
