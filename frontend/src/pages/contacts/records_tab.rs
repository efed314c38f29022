//! The deals and cases tabs of a contact: the records it is in that the reader may see, with
//! a link to start a new one for it.

use crm_api_types::{CaseQueryParams, CaseResponse, DealQueryParams, DealResponse};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::components::{LoadMore, ProblemBanner, SkeletonTable};
use crate::hooks::{use_paged_list, use_session, PagedList};
use crate::i18n::{CaseText, DealText, Lang};
use crate::pages::deals::money;
use crate::services::{format, with_query};

/// Properties of [`ContactDealsTab`] and [`ContactCasesTab`].
#[derive(Properties, PartialEq)]
pub struct ContactRecordsProps {
    /// The contact.
    pub contact_id: i64,
}

/// The query of a new deal or case for a contact.
#[derive(Clone, PartialEq, serde::Serialize)]
pub struct ForContact {
    /// The contact.
    pub contact: i64,
}

/// A table of records linked to another, with its error, empty text, skeleton and "load more".
pub fn records_table<T: Clone + PartialEq>(
    list: &PagedList<T>,
    testid: &str,
    heads: Html,
    rows: Html,
    empty: &'static str,
) -> Html {
    html! {
        <>
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            if !list.items.is_empty() {
                <div class="table-wrap">
                    <table class="table" data-testid={testid.to_owned()}>
                        <thead><tr>{ heads }</tr></thead>
                        <tbody>{ rows }</tbody>
                    </table>
                </div>
            } else if !list.loading && list.error.is_none() {
                <p class="muted">{ empty }</p>
            }
            if list.loading && list.items.is_empty() {
                <SkeletonTable columns={3} />
            }
            <LoadMore shown={list.items.len()} total={list.total} total_capped={list.total_capped}
                has_more={list.has_more} loading={list.loading} on_more={list.load_more.clone()} />
        </>
    }
}

/// The deals tab of a contact.
#[component]
pub fn ContactDealsTab(props: &ContactRecordsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let query = DealQueryParams {
        contact_id: Some(props.contact_id),
        ..DealQueryParams::default()
    };
    let list = use_paged_list::<DealResponse>(with_query("/deals", &query));
    let rows = list.items.iter().map(|d| deal_row(d, lang));
    let heads = html! {
        <>
            <th>{ DealText::DealTitle.tr(lang) }</th>
            <th class="num">{ DealText::Value.tr(lang) }</th>
            <th class="num">{ DealText::Probability.tr(lang) }</th>
        </>
    };
    html! {
        <section class="card" data-testid="contact-deals">
            <div class="actions">
                <Link<Route, ForContact> to={Route::DealNew} query={Some(ForContact { contact: props.contact_id })} classes="button">
                    { DealText::NewDeal.tr(lang) }
                </Link<Route, ForContact>>
            </div>
            { records_table(&list, "contact-deals-table", heads, rows.collect(), DealText::NoDeals.tr(lang)) }
        </section>
    }
}

fn deal_row(d: &DealResponse, lang: Lang) -> Html {
    html! {
        <tr data-testid="contact-deal">
            <td><Link<Route> to={Route::Deal { id: d.id }}>{ d.title.clone() }</Link<Route>></td>
            <td class="num nowrap">{ money(&d.value, &d.currency, lang) }</td>
            <td class="num">{ format!("{} %", d.probability) }</td>
        </tr>
    }
}

/// The cases tab of a contact.
#[component]
pub fn ContactCasesTab(props: &ContactRecordsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let query = CaseQueryParams {
        contact_id: Some(props.contact_id),
        ..CaseQueryParams::default()
    };
    let list = use_paged_list::<CaseResponse>(with_query("/cases", &query));
    let rows = list.items.iter().map(|c| case_row(c, lang));
    let heads = html! {
        <>
            <th>{ CaseText::CaseTitle.tr(lang) }</th>
            <th>{ CaseText::State.tr(lang) }</th>
            <th>{ CaseText::CreatedOn.tr(lang) }</th>
        </>
    };
    html! {
        <section class="card" data-testid="contact-cases">
            <div class="actions">
                <Link<Route, ForContact> to={Route::CaseNew} query={Some(ForContact { contact: props.contact_id })} classes="button">
                    { CaseText::NewCase.tr(lang) }
                </Link<Route, ForContact>>
            </div>
            { records_table(&list, "contact-cases-table", heads, rows.collect(), CaseText::NoCases.tr(lang)) }
        </section>
    }
}

fn case_row(c: &CaseResponse, lang: Lang) -> Html {
    html! {
        <tr data-testid="contact-case">
            <td><Link<Route> to={Route::Case { id: c.id }}>{ c.title.clone() }</Link<Route>></td>
            <td>{ if c.closed { CaseText::Closed.tr(lang) } else { CaseText::Open.tr(lang) } }</td>
            <td class="nowrap">{ format::date_time(&c.created_at, lang) }</td>
        </tr>
    }
}
