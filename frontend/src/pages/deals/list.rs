//! The deals list: search, pipeline and status filters, sortable by value and dates, with the
//! count, value and weighted value per currency of every deal the filters match.

use std::rc::Rc;

use crm_api_types::{
    DealBulkResponse, DealPage, DealQueryParams, DealResponse, ExportKind, StageStatus,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

use super::bulk::DealBulkBar;
use super::{money, stage_chip, status_text, use_deal_choices, DealChoices};
use crate::app::Route;
use crate::components::{
    filter_of, BulkOutcome, BulkOutcomeBanner, ExportMenu, LoadMore, ProblemBanner, SearchBox,
    SkeletonTable,
};
use crate::hooks::{
    loaded_rows, open_row, use_load, use_paged_list_keeping, use_rows_in_url, use_scroll_to_row,
    use_selection, use_session, use_url_list, Selection,
};
use crate::i18n::{fill, ContactText, DealText, Lang};
use crate::services::{api, format, with_query};

fn everything() -> DealQueryParams {
    DealQueryParams::default()
}

/// The tabs above the deals: the list (with its export when `filter` is the list's) and each
/// pipeline's board.
pub fn deal_tabs(
    choices: &DealChoices,
    board_of: Option<i64>,
    filter: Option<String>,
    lang: Lang,
) -> Html {
    let list = board_of.is_none();
    let boards = choices.pipelines.iter().map(|p| {
        let active = board_of == Some(p.id);
        let label = if choices.pipelines.len() > 1 {
            format!("{}: {}", DealText::Board.tr(lang), p.name)
        } else {
            DealText::Board.tr(lang).to_owned()
        };
        html! {
            <Link<Route> to={Route::DealBoard { id: p.id }}
                classes={classes!("tab", active.then_some("active"))}>
                <span data-testid={format!("deals-board-{}", p.id)}>{ label }</span>
            </Link<Route>>
        }
    });
    html! {
        <nav class="tabs">
            <Link<Route> to={Route::Deals} classes={classes!("tab", list.then_some("active"))}>
                <span data-testid="deals-tab-list">{ DealText::List.tr(lang) }</span>
            </Link<Route>>
            { for boards }
            <span class="spacer"></span>
            if let Some(filter) = filter {
                <ExportMenu kind={ExportKind::Deals} {filter} />
            }
            <Link<Route> to={Route::DealNew} classes="button primary">
                <span data-testid="deal-new-button">{ DealText::NewDeal.tr(lang) }</span>
            </Link<Route>>
        </nav>
    }
}

/// The totals of a list, one line per currency.
pub fn totals_line(page: &DealPage, lang: Lang) -> Html {
    let lines = page.totals.iter().map(|t| {
        html! {
            <li data-testid="deal-total" data-currency={t.currency.clone()}>
                <strong>{ money(&t.value, &t.currency, lang) }</strong>
                { " · " }{ DealText::Weighted.tr(lang) }{ ": " }
                <span data-testid="deal-total-weighted">{ money(&t.weighted_value, &t.currency, lang) }</span>
                { " · " }{ fill(DealText::DealsCount.tr(lang), &[("n", &format::count(t.count, lang))]) }
            </li>
        }
    });
    let converted = page.converted.as_ref().filter(|c| {
        // One currency that is the default says nothing new.
        !(page.totals.len() == 1 && page.totals[0].currency == c.currency)
    });
    html! {
        <ul class="totals" aria-label={DealText::Totals.tr(lang)}>
            { for lines }
            if let Some(c) = converted {
                <li data-testid="deal-total-converted" data-currency={c.currency.clone()}>
                    { "≈ " }<strong>{ money(&c.value, &c.currency, lang) }</strong>
                    { " · " }{ DealText::Weighted.tr(lang) }{ ": " }{ money(&c.weighted_value, &c.currency, lang) }
                    { " · " }{ fill(DealText::RatesOn.tr(lang), &[("day", &format::date(c.on, lang))]) }
                    if !c.missing_rates.is_empty() {
                        <span class="muted" data-testid="deal-total-missing">
                            { " · " }{ fill(DealText::MissingRates.tr(lang), &[("codes", &c.missing_rates.join(", "))]) }
                        </span>
                    }
                </li>
            }
        </ul>
    }
}

/// The deals list page.
#[component]
pub fn DealsPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let url = use_url_list(everything);
    let query = url.query.clone();
    let list = use_paged_list_keeping::<DealResponse>(with_query("/deals", &query), url.rows);
    use_rows_in_url(&url, list.items.len());
    use_scroll_to_row("deal-row", url.at);
    let totals = use_load(query.clone(), |query| async move {
        let query = DealQueryParams {
            limit: Some(1),
            cursor: None,
            ..query
        };
        api::get::<DealPage>(&with_query("/deals", &query)).await
    });
    let choices = use_deal_choices();
    let selection = use_selection(&query);
    let outcome = use_state(|| None::<BulkOutcome>);
    let Some(lists) = choices.data.clone() else {
        return match choices.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={choices.reload.clone()} /> },
            None => html! { <SkeletonTable columns={6} /> },
        };
    };

    let on_search = {
        let (query, set) = (query.clone(), url.set_query.clone());
        Callback::from(move |q: String| {
            set.emit(DealQueryParams {
                q: (!q.trim().is_empty()).then_some(q),
                cursor: None,
                ..query.clone()
            })
        })
    };
    let on_pipeline = {
        let (query, set) = (query.clone(), url.set_query.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            set.emit(DealQueryParams {
                pipeline_id: value.parse().ok(),
                stage_id: None,
                cursor: None,
                ..query.clone()
            })
        })
    };
    let on_status = {
        let (query, set) = (query.clone(), url.set_query.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            set.emit(DealQueryParams {
                stage_status: StageStatus::ALL
                    .iter()
                    .copied()
                    .find(|s| s.as_str() == value),
                cursor: None,
                ..query.clone()
            })
        })
    };
    let pipelines = lists.pipelines.iter().map(|p| {
        html! {
            <option value={p.id.to_string()} selected={query.pipeline_id == Some(p.id)}>{ p.name.clone() }</option>
        }
    });
    let statuses = StageStatus::ALL.iter().map(|s| {
        html! {
            <option value={s.as_str()} selected={query.stage_status == Some(*s)}>{ status_text(*s).tr(lang) }</option>
        }
    });
    let on_bulk_done = {
        let (clear, outcome, items) = (
            selection.clear.clone(),
            outcome.clone(),
            Rc::clone(&list.items),
        );
        let (reload, reload_totals) = (list.reload.clone(), totals.reload.clone());
        Callback::from(move |answer: DealBulkResponse| {
            let failed = answer.failed.into_iter().map(|f| (f.id, f.code));
            let name = |id| items.iter().find(|d| d.id == id).map(|d| d.title.clone());
            outcome.set(Some(BulkOutcome::new(
                answer.done.len(),
                failed,
                name,
                lang,
            )));
            clear.emit(());
            reload.emit(());
            reload_totals.emit(());
        })
    };
    let dismiss_outcome = {
        let outcome = outcome.clone();
        Callback::from(move |()| outcome.set(None))
    };
    let shown_ids: Vec<i64> = list.items.iter().map(|d| d.id).collect();
    let shown = loaded_rows(list.items.len());
    let rows = list.items.iter().map(|d| {
        let open = open_row(
            &url.set_place,
            shown,
            d.id,
            Route::Deal { id: d.id },
            navigator.clone(),
        );
        row(d, &lists, lang, open, &selection)
    });

    html! {
        <>
            { deal_tabs(&lists, None, Some(filter_of(&query)), lang) }
            <div class="filters" data-testid="deal-filters">
                <SearchBox value={query.q.clone().unwrap_or_default()} label={DealText::Search.tr(lang)}
                    onsearch={on_search} testid="deals-search" />
                if lists.pipelines.len() > 1 {
                    <select aria-label={DealText::Pipeline.tr(lang)} onchange={on_pipeline} data-testid="deals-pipeline">
                        <option value="" selected={query.pipeline_id.is_none()}>{ DealText::AnyStatus.tr(lang) }</option>
                        { for pipelines }
                    </select>
                }
                <select aria-label={DealText::Stage.tr(lang)} onchange={on_status} data-testid="deals-status">
                    <option value="" selected={query.stage_status.is_none()}>{ DealText::AnyStatus.tr(lang) }</option>
                    { for statuses }
                </select>
            </div>
            if let Some(page) = totals.data.as_ref() {
                { totals_line(page, lang) }
            }
            if let Some(outcome) = (*outcome).clone() {
                <BulkOutcomeBanner {outcome} on_dismiss={dismiss_outcome} />
            }
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            if !list.items.is_empty() {
                <div class="table-wrap">
                    <table class={classes!("table", "deals-table", list.stale.then_some("stale"))} data-testid="deals-table">
                        <thead>
                            <tr>
                                <th class="check-cell">
                                    <input type="checkbox" checked={selection.has_all(&shown_ids)}
                                        onchange={selection.toggle_all.reform(move |_: Event| shown_ids.clone())}
                                        aria-label={ContactText::SelectAll.tr(lang)} data-testid="deals-select-all" />
                                </th>
                                <th>{ DealText::DealTitle.tr(lang) }</th>
                                <th>{ DealText::Stage.tr(lang) }</th>
                                <th class="num">{ DealText::Value.tr(lang) }</th>
                                <th class="num">{ DealText::Probability.tr(lang) }</th>
                                <th>{ DealText::ExpectedClose.tr(lang) }</th>
                                <th>{ DealText::Responsible.tr(lang) }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            } else if !list.loading && list.error.is_none() {
                <p class="muted" data-testid="deals-empty">{ DealText::NoDeals.tr(lang) }</p>
            }
            if list.loading && list.items.is_empty() {
                <SkeletonTable columns={6} />
            }
            <LoadMore shown={list.items.len()} total={list.total} total_capped={list.total_capped}
                has_more={list.has_more} loading={list.loading} on_more={list.load_more.clone()} />
            if !selection.ids.is_empty() {
                <DealBulkBar selected={selection.to_vec()} choices={Rc::clone(&lists)} on_done={on_bulk_done}
                    on_clear={selection.clear.clone()} />
            }
        </>
    }
}

fn row(
    d: &DealResponse,
    lists: &Rc<DealChoices>,
    lang: Lang,
    open: Callback<MouseEvent>,
    selection: &Selection,
) -> Html {
    let id = d.id;
    html! {
        <tr data-testid="deal-row" data-id={d.id.to_string()}>
            <td class="check-cell">
                <input type="checkbox" checked={selection.has(id)} data-testid="deal-select"
                    aria-label={fill(DealText::SelectDeal.tr(lang), &[("title", &d.title)])}
                    onchange={selection.toggle.reform(move |_: Event| id)} />
            </td>
            <td>
                <a href={format!("/deals/{}", d.id)} onclick={open} data-testid="deal-link">{ d.title.clone() }</a>
                if d.restricted {
                    { " " }<span class="badge" data-testid="deal-restricted">{ DealText::RestrictedBadge.tr(lang) }</span>
                }
            </td>
            <td>{ stage_chip(lists.stage(d.stage_id)) }</td>
            <td class="num nowrap" data-testid="deal-value">{ money(&d.value, &d.currency, lang) }</td>
            <td class="num" data-testid="deal-probability">{ format!("{} %", d.probability) }</td>
            <td class="nowrap">{ d.expected_close_on.map(|day| format::date(day, lang)).unwrap_or_default() }</td>
            <td>{ lists.users.name(d.responsible_id) }</td>
        </tr>
    }
}
