//! The invoices list: number search, status, overdue and order in the URL, with the totals of
//! every matching invoice per currency and in the default currency.

use crm_api_types::{ExportKind, InvoicePage, InvoiceQueryParams, InvoiceResponse, InvoiceStatus};
use web_sys::HtmlInputElement;
use yew::prelude::*;
use yew_router::prelude::*;

use super::{status_badge, status_text};
use crate::app::Route;
use crate::components::{filter_of, ExportMenu, LoadMore, ProblemBanner, SearchBox, SkeletonTable};
use crate::hooks::{
    loaded_rows, open_row, use_load, use_paged_list_keeping, use_rows_in_url, use_scroll_to_row,
    use_session, use_url_list,
};
use crate::i18n::{fill, InvoiceText, Lang};
use crate::pages::deals::money;
use crate::services::{api, format, with_query};

/// The totals line of a list.
fn totals_line(page: &InvoicePage, lang: Lang) -> Html {
    let lines = page.totals.iter().map(|t| {
        html! {
            <li data-testid="invoice-total" data-currency={t.currency.clone()}>
                <strong>{ money(&t.total, &t.currency, lang) }</strong>
                { " · " }{ format::count(t.count, lang) }
            </li>
        }
    });
    let c = &page.converted;
    let converted = !(page.totals.len() == 1 && page.totals[0].currency == c.currency);
    html! {
        <ul class="totals" aria-label={InvoiceText::Total.tr(lang)}>
            { for lines }
            if converted && !page.totals.is_empty() {
                <li data-testid="invoice-total-converted">
                    { InvoiceText::InDefaultCurrency.tr(lang) }{ ": " }
                    <strong>{ money(&c.total, &c.currency, lang) }</strong>
                    if !c.missing_rates.is_empty() {
                        <span class="muted">{ " · " }{ fill(InvoiceText::Missing.tr(lang), &[("codes", &c.missing_rates.join(", "))]) }</span>
                    }
                </li>
            }
        </ul>
    }
}

/// The invoices list page.
#[component]
pub fn InvoicesPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let url = use_url_list(InvoiceQueryParams::default);
    let query = url.query.clone();
    let list = use_paged_list_keeping::<InvoiceResponse>(with_query("/invoices", &query), url.rows);
    use_rows_in_url(&url, list.items.len());
    use_scroll_to_row("invoice-row", url.at);
    let totals = use_load(query.clone(), |query| async move {
        let query = InvoiceQueryParams {
            limit: Some(1),
            cursor: None,
            ..query
        };
        api::get::<InvoicePage>(&with_query("/invoices", &query)).await
    });
    let on_search = url.setter(|q, v| q.q = (!v.trim().is_empty()).then_some(v));
    let on_status = url.select_setter(|q, v| q.status = (!v.is_empty()).then_some(v));
    let on_sort = url.select_setter(|q, v| q.sort = (!v.is_empty()).then_some(v));
    let on_overdue = url
        .setter(|q, v| q.overdue = (v == "1").then_some(true))
        .reform(|e: Event| {
            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
            if on { "1" } else { "" }.to_owned()
        });

    let shown = loaded_rows(list.items.len());
    let rows = list.items.iter().map(|i| {
        let open = open_row(
            &url.set_place,
            shown,
            i.id,
            Route::Invoice { id: i.id },
            navigator.clone(),
        );
        html! {
            <tr data-testid="invoice-row" data-id={i.id.to_string()}>
                <td class="nowrap"><a href={format!("/invoices/{}", i.id)} onclick={open} data-testid="invoice-link">{ i.number.clone() }</a></td>
                <td>{ i.client_name.clone().unwrap_or_default() }</td>
                <td class="nowrap">{ format::date(i.issue_date, lang) }</td>
                <td class="nowrap">{ format::date(i.due_date, lang) }</td>
                <td>{ status_badge(i, lang) }</td>
                <td class="num nowrap" data-testid="invoice-row-total">{ money(&i.total, &i.currency, lang) }</td>
            </tr>
        }
    });
    let status = query.status.clone().unwrap_or_default();
    let statuses = InvoiceStatus::ALL.iter().map(|s| {
        html! { <option value={s.as_str()} selected={status == s.as_str()}>{ status_text(*s).tr(lang) }</option> }
    });
    let sort = query.sort.clone().unwrap_or_default();
    let sorts = [
        ("", InvoiceText::SortNewest),
        ("issue_date", InvoiceText::SortOldest),
        ("due_date", InvoiceText::SortDue),
        ("-total", InvoiceText::SortTotal),
        ("number", InvoiceText::SortNumber),
    ]
    .into_iter()
    .map(|(value, label)| {
        html! { <option value={value} selected={sort == value}>{ label.tr(lang) }</option> }
    });

    html! {
        <>
            <nav class="tabs">
                <span class="spacer"></span>
                <ExportMenu kind={ExportKind::Invoices} filter={filter_of(&query)} />
                <Link<Route> to={Route::InvoiceNew} classes="button primary">
                    <span data-testid="invoice-new-button">{ InvoiceText::NewInvoice.tr(lang) }</span>
                </Link<Route>>
            </nav>
            <div class="filters" data-testid="invoice-filters">
                <SearchBox value={query.q.clone().unwrap_or_default()} label={InvoiceText::Search.tr(lang)}
                    onsearch={on_search} testid="invoices-search" />
                <select aria-label={InvoiceText::Status.tr(lang)} onchange={on_status} data-testid="invoices-status">
                    <option value="" selected={status.is_empty()}>{ InvoiceText::AnyStatus.tr(lang) }</option>
                    { for statuses }
                </select>
                <label class="inline-check">
                    <input type="checkbox" checked={query.overdue == Some(true)} onchange={on_overdue} data-testid="invoices-overdue" />
                    { InvoiceText::OnlyOverdue.tr(lang) }
                </label>
                <select aria-label={InvoiceText::SortNumber.tr(lang)} onchange={on_sort} data-testid="invoices-sort">
                    { for sorts }
                </select>
            </div>
            if let Some(page) = totals.data.as_ref() {
                { totals_line(page, lang) }
            }
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            if !list.items.is_empty() {
                <div class="table-wrap">
                    <table class={classes!("table", list.stale.then_some("stale"))} data-testid="invoices-table">
                        <thead>
                            <tr>
                                <th>{ InvoiceText::Number.tr(lang) }</th>
                                <th>{ InvoiceText::Client.tr(lang) }</th>
                                <th>{ InvoiceText::IssueDate.tr(lang) }</th>
                                <th>{ InvoiceText::DueDate.tr(lang) }</th>
                                <th>{ InvoiceText::Status.tr(lang) }</th>
                                <th class="num">{ InvoiceText::Total.tr(lang) }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            } else if !list.loading && list.error.is_none() {
                <p class="muted" data-testid="invoices-empty">{ InvoiceText::NoInvoices.tr(lang) }</p>
            }
            if list.loading && list.items.is_empty() {
                <SkeletonTable columns={6} />
            }
            <LoadMore shown={list.items.len()} total={list.total} total_capped={list.total_capped}
                has_more={list.has_more} loading={list.loading} on_more={list.load_more.clone()} />
        </>
    }
}
