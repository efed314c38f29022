//! The page of one invoice: who it is for, its lines and totals, and what can be done with it
//! (the status moves it allows, change and delete while a draft, duplicate).

use crm_api_types::{InvoiceResponse, InvoiceStatus, InvoiceStatusRequest};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::status_badge;
use crate::app::Route;
use crate::components::{use_record_title, Loading, ProblemBanner};
use crate::hooks::{use_load, use_session};
use crate::i18n::{fill, InvoiceText, Lang, Text};
use crate::pages::deals::money;
use crate::services::{api, browser, format, ApiError};

/// What the button moving an invoice to `status` says.
fn move_text(status: InvoiceStatus) -> InvoiceText {
    match status {
        InvoiceStatus::Draft => InvoiceText::BackToDraft,
        InvoiceStatus::Sent => InvoiceText::MarkSent,
        InvoiceStatus::Paid => InvoiceText::MarkPaid,
        InvoiceStatus::Rejected => InvoiceText::MarkRejected,
    }
}

/// Properties of [`InvoicePage`].
#[derive(Properties, PartialEq)]
pub struct InvoicePageProps {
    pub id: i64,
}

/// One invoice.
#[component]
pub fn InvoicePage(props: &InvoicePageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let invoice = use_load(props.id, |id| async move {
        api::get::<InvoiceResponse>(&format!("/invoices/{id}")).await
    });
    use_record_title(invoice.data.as_ref().map(|i| i.number.clone()));
    let error = use_state(|| None::<ApiError>);
    let Some(i) = invoice.data.clone() else {
        return match invoice.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={invoice.reload.clone()} /> },
            None => html! { <Loading /> },
        };
    };

    let moves = i.next_statuses.iter().map(|to| {
        let (replace, error, to, version, id) =
            (invoice.replace.clone(), error.clone(), *to, i.version, i.id);
        let onclick = Callback::from(move |_: MouseEvent| {
            let (replace, error) = (replace.clone(), error.clone());
            let body = InvoiceStatusRequest {
                status: to,
                version: Some(version),
            };
            spawn_local(async move {
                match api::post::<_, InvoiceResponse>(&format!("/invoices/{id}/status"), &body)
                    .await
                {
                    Ok(next) => {
                        error.set(None);
                        replace.emit(next);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        });
        html! {
            <button type="button" class="button" {onclick} data-testid="invoice-move" data-to={to.as_str()}>
                { move_text(to).tr(lang) }
            </button>
        }
    });
    let duplicate = {
        let (error, navigator, id) = (error.clone(), navigator.clone(), i.id);
        Callback::from(move |_: MouseEvent| {
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                match api::post::<_, InvoiceResponse>(
                    &format!("/invoices/{id}/duplicate"),
                    &serde_json::json!({}),
                )
                .await
                {
                    Ok(copy) => {
                        if let Some(n) = navigator {
                            n.push(&Route::InvoiceEdit { id: copy.id });
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let remove = {
        let (error, navigator, id) = (error.clone(), navigator.clone(), i.id);
        let question = fill(
            InvoiceText::ConfirmDelete.tr(lang),
            &[("number", &i.number)],
        );
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(&question) {
                return;
            }
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                match api::delete(&format!("/invoices/{id}")).await {
                    Ok(()) => {
                        if let Some(n) = navigator {
                            n.push(&Route::Invoices);
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    html! {
        <>
            <section class="card contact-header" data-testid="invoice-page">
                <div class="contact-title">
                    <h2 data-testid="invoice-number">{ i.number.clone() }</h2>
                    { status_badge(&i, lang) }
                </div>
                <div class="actions">
                    { for moves }
                    if i.can_edit {
                        <Link<Route> to={Route::InvoiceEdit { id: i.id }} classes="button">
                            <span data-testid="invoice-edit">{ InvoiceText::EditInvoice.tr(lang) }</span>
                        </Link<Route>>
                    }
                    <button type="button" class="button" onclick={duplicate} data-testid="invoice-duplicate">{ InvoiceText::Duplicate.tr(lang) }</button>
                    if i.can_edit {
                        <button type="button" class="button danger" onclick={remove} data-testid="invoice-delete">{ Text::Delete.tr(lang) }</button>
                    }
                </div>
            </section>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
            <section class="card">
                <dl class="facts">
                    <dt>{ InvoiceText::Client.tr(lang) }</dt>
                    <dd data-testid="invoice-client">
                        <Link<Route> to={Route::Contact { id: i.client_id }}>{ i.client_name.clone().unwrap_or_else(|| format!("#{}", i.client_id)) }</Link<Route>>
                    </dd>
                    if !i.billing_address.is_empty() {
                        <dt>{ InvoiceText::BillingAddress.tr(lang) }</dt>
                        <dd class="pre-line">{ i.billing_address.clone() }</dd>
                    }
                    if let Some(c) = i.consignee_id {
                        <dt>{ InvoiceText::Consignee.tr(lang) }</dt>
                        <dd><Link<Route> to={Route::Contact { id: c }}>{ i.consignee_name.clone().unwrap_or_else(|| format!("#{c}")) }</Link<Route>></dd>
                    }
                    if !i.delivery_address.is_empty() {
                        <dt>{ InvoiceText::DeliveryAddress.tr(lang) }</dt>
                        <dd class="pre-line">{ i.delivery_address.clone() }</dd>
                    }
                    if let (Some(d), Some(title)) = (i.deal_id, i.deal_title.clone()) {
                        <dt>{ InvoiceText::Deal.tr(lang) }</dt>
                        <dd><Link<Route> to={Route::Deal { id: d }}>{ title }</Link<Route>></dd>
                    }
                    <dt>{ InvoiceText::IssueDate.tr(lang) }</dt>
                    <dd>{ format::date(i.issue_date, lang) }</dd>
                    <dt>{ InvoiceText::DueDate.tr(lang) }</dt>
                    <dd data-testid="invoice-due">{ format::date(i.due_date, lang) }</dd>
                    if !i.purchase_order.is_empty() {
                        <dt>{ InvoiceText::PurchaseOrder.tr(lang) }</dt>
                        <dd>{ i.purchase_order.clone() }</dd>
                    }
                    if let Some(rate) = i.exchange_rate.clone() {
                        <dt>{ InvoiceText::ExchangeRate.tr(lang) }</dt>
                        <dd>{ format!("1 {} = {} {}", i.currency, format::number(&rate, lang), i.base_currency) }</dd>
                    }
                </dl>
            </section>
            { lines_table(&i, lang) }
            if !i.terms.is_empty() || !i.notes.is_empty() {
                <section class="card">
                    if !i.terms.is_empty() {
                        <h2>{ InvoiceText::Terms.tr(lang) }</h2>
                        <p class="pre-line">{ i.terms.clone() }</p>
                    }
                    if !i.notes.is_empty() {
                        <h2>{ InvoiceText::Notes.tr(lang) }</h2>
                        <p class="pre-line">{ i.notes.clone() }</p>
                    }
                </section>
            }
        </>
    }
}

/// The lines with their amounts, and the totals under them.
fn lines_table(i: &InvoiceResponse, lang: Lang) -> Html {
    let cur = i.currency.as_str();
    let rows = i.lines.iter().map(|l| {
        html! {
            <tr data-testid="invoice-line">
                <td>{ l.description.clone() }</td>
                <td class="num nowrap">{ format::number(&l.quantity, lang) }</td>
                <td class="num nowrap">{ money(&l.price, cur, lang) }</td>
                <td class="num nowrap">{ format!("{} %", format::number(&l.discount, lang)) }</td>
                <td class="num nowrap" data-testid="invoice-line-total">{ money(&l.total, cur, lang) }</td>
            </tr>
        }
    });
    let taxes = i.taxes.iter().map(|t| {
        html! {
            <tr>
                <th colspan="4">{ format!("{} {} %", t.name.clone().unwrap_or_default(), format::number(&t.rate, lang)) }</th>
                <td class="num nowrap">{ money(&t.amount, cur, lang) }</td>
            </tr>
        }
    });
    html! {
        <section class="card">
            <h2>{ InvoiceText::Lines.tr(lang) }</h2>
            <div class="table-wrap">
                <table class="table" data-testid="invoice-lines">
                    <thead>
                        <tr>
                            <th>{ InvoiceText::Description.tr(lang) }</th>
                            <th class="num">{ InvoiceText::Quantity.tr(lang) }</th>
                            <th class="num">{ InvoiceText::Price.tr(lang) }</th>
                            <th class="num">{ InvoiceText::Discount.tr(lang) }</th>
                            <th class="num">{ InvoiceText::Amount.tr(lang) }</th>
                        </tr>
                    </thead>
                    <tbody>{ for rows }</tbody>
                    <tfoot>
                        <tr>
                            <th colspan="4">{ InvoiceText::Subtotal.tr(lang) }</th>
                            <td class="num nowrap">{ money(&i.subtotal, cur, lang) }</td>
                        </tr>
                        <tr>
                            <th colspan="4">{ InvoiceText::DiscountTotal.tr(lang) }</th>
                            <td class="num nowrap">{ money(&i.discount, cur, lang) }</td>
                        </tr>
                        { for taxes }
                        <tr class="grand-total">
                            <th colspan="4">{ InvoiceText::Total.tr(lang) }</th>
                            <td class="num nowrap" data-testid="invoice-total">{ money(&i.total, cur, lang) }</td>
                        </tr>
                        if let Some(base) = i.base_total.clone() {
                            <tr>
                                <th colspan="4">{ InvoiceText::InDefaultCurrency.tr(lang) }</th>
                                <td class="num nowrap">{ money(&base, &i.base_currency, lang) }</td>
                            </tr>
                        }
                    </tfoot>
                </table>
            </div>
        </section>
    }
}
