//! The invoices pages: the list with its filters and totals, the editor with the catalog and
//! live totals, the page of one invoice with its status moves, and the invoices tab of a
//! contact or a deal.

mod catalog;
mod form;
mod list;
mod settings;
mod view;

pub use form::InvoiceFormPage;
pub use list::InvoicesPage;
pub use settings::InvoiceSettingsCard;
pub use view::InvoicePage;

use crm_api_types::{InvoiceQueryParams, InvoiceResponse, InvoiceStatus};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::hooks::{use_paged_list, use_session};
use crate::i18n::{InvoiceText, Lang};
use crate::pages::contacts::records_table;
use crate::pages::deals::money;
use crate::services::{format, with_query};

/// What a status is called.
pub fn status_text(status: InvoiceStatus) -> InvoiceText {
    match status {
        InvoiceStatus::Draft => InvoiceText::StatusDraft,
        InvoiceStatus::Sent => InvoiceText::StatusSent,
        InvoiceStatus::Paid => InvoiceText::StatusPaid,
        InvoiceStatus::Rejected => InvoiceText::StatusRejected,
    }
}

/// The status badge of an invoice, overdue when it is.
pub fn status_badge(i: &InvoiceResponse, lang: Lang) -> Html {
    let (class, text) = if i.overdue {
        ("badge badge-overdue", InvoiceText::Overdue)
    } else if i.partly_paid {
        ("badge badge-shared-write", InvoiceText::PartlyPaid)
    } else {
        ("badge", status_text(i.status))
    };
    html! {
        <span class={class} data-testid="invoice-status" data-status={i.status.as_str()}>{ text.tr(lang) }</span>
    }
}

/// Properties of [`InvoicesTab`].
#[derive(Properties, PartialEq)]
pub struct InvoicesTabProps {
    /// Invoices with this contact as client or consignee.
    #[prop_or_default]
    pub contact_id: Option<i64>,
    /// Invoices for this deal.
    #[prop_or_default]
    pub deal_id: Option<i64>,
}

/// The invoices of a contact or a deal that the reader may see.
#[component]
pub fn InvoicesTab(props: &InvoicesTabProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let query = InvoiceQueryParams {
        contact_id: props.contact_id,
        deal_id: props.deal_id,
        ..InvoiceQueryParams::default()
    };
    let list = use_paged_list::<InvoiceResponse>(with_query("/invoices", &query));
    let rows = list.items.iter().map(|i| {
        html! {
            <tr data-testid="invoice-tab-row">
                <td><Link<Route> to={Route::Invoice { id: i.id }}>{ i.number.clone() }</Link<Route>></td>
                <td class="nowrap">{ format::date(i.issue_date, lang) }</td>
                <td>{ status_badge(i, lang) }</td>
                <td class="num nowrap">{ money(&i.total, &i.currency, lang) }</td>
            </tr>
        }
    });
    let heads = html! {
        <>
            <th>{ InvoiceText::Number.tr(lang) }</th>
            <th>{ InvoiceText::IssueDate.tr(lang) }</th>
            <th>{ InvoiceText::Status.tr(lang) }</th>
            <th class="num">{ InvoiceText::Total.tr(lang) }</th>
        </>
    };
    html! {
        <section class="card" data-testid="record-invoices">
            { records_table(&list, "invoices-tab-table", heads, html! { { for rows } }, InvoiceText::NoInvoices.tr(lang)) }
        </section>
    }
}
