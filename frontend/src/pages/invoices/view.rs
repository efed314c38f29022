//! The page of one invoice: who it is for, its lines and totals, and what can be done with it
//! (the status moves it allows, change and delete while a draft, duplicate).

use crm_api_types::{
    DuplicateInvoiceRequest, InvoicePaymentRequest, InvoicePaymentResponse,
    InvoicePaymentsResponse, InvoiceResponse, InvoiceStatus, InvoiceStatusRequest, PaymentMethod,
    PublicLinkResponse, SendInvoiceRequest, SendInvoiceResponse,
};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::status_badge;
use crate::app::Route;
use crate::components::{use_record_title, CopyField, Loading, ProblemBanner};
use crate::hooks::{use_load, use_object_url, use_session};
use crate::i18n::{fill, InvoiceText, Lang, Text};
use crate::pages::deals::money;
use crate::services::{api, browser, format, transfer, ApiError};

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
    // While numbers are typed by hand, the copy's number is asked for.
    let duplicate = {
        let (error, navigator, id) = (error.clone(), navigator.clone(), i.id);
        Callback::from(move |_: MouseEvent| {
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                let path = format!("/invoices/{id}/duplicate");
                let mut body = DuplicateInvoiceRequest::default();
                let mut copied = api::post::<_, InvoiceResponse>(&path, &body).await;
                while let Err(e) = &copied {
                    if e.field_problems("number").next().is_none() {
                        break;
                    }
                    let Some(number) = browser::ask(InvoiceText::CopyNumber.tr(lang)) else {
                        break;
                    };
                    body.number = Some(number);
                    copied = api::post::<_, InvoiceResponse>(&path, &body).await;
                }
                match copied {
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
                    if i.can_manage {
                        { for moves }
                    }
                    if i.can_edit {
                        <Link<Route> to={Route::InvoiceEdit { id: i.id }} classes="button">
                            <span data-testid="invoice-edit">{ InvoiceText::EditInvoice.tr(lang) }</span>
                        </Link<Route>>
                    }
                    <button type="button" class="button" onclick={Callback::from(|_: MouseEvent| browser::print())} data-testid="invoice-print">{ InvoiceText::Print.tr(lang) }</button>
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
            if i.status != InvoiceStatus::Draft {
                <PaymentsCard invoice={i.clone()} on_change={invoice.reload.clone()} />
            }
            <PdfCard invoice={i.clone()} on_change={invoice.reload.clone()} />
            if i.can_manage && i.status != InvoiceStatus::Rejected {
                <EmailCard invoice={i.clone()} on_change={invoice.reload.clone()} />
            }
            if i.can_manage {
                <ClientLinkCard invoice={i.clone()} on_change={invoice.reload.clone()} />
            }
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

/// What a payment method is called.
fn method_text(m: PaymentMethod) -> InvoiceText {
    match m {
        PaymentMethod::BankTransfer => InvoiceText::MethodBankTransfer,
        PaymentMethod::Card => InvoiceText::MethodCard,
        PaymentMethod::Cash => InvoiceText::MethodCash,
        PaymentMethod::Other => InvoiceText::MethodOther,
    }
}

/// Properties of [`PaymentsCard`].
#[derive(Properties, PartialEq)]
struct PaymentsCardProps {
    invoice: InvoiceResponse,
    /// Called after a payment was recorded or deleted (the status may have moved).
    on_change: Callback<()>,
}

/// The payments of a sent invoice: what is paid and due, the list, and a form to record one.
#[component]
fn PaymentsCard(props: &PaymentsCardProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let i = &props.invoice;
    let payments = use_load((i.id, i.version), |(id, _)| async move {
        api::get::<InvoicePaymentsResponse>(&format!("/invoices/{id}/payments")).await
    });
    let draft = use_state(|| InvoicePaymentRequest {
        paid_on: Some(session.today()),
        amount: String::new(),
        method: Some(PaymentMethod::BankTransfer),
        note: None,
    });
    let error = use_state(|| None::<ApiError>);
    let cur = i.currency.clone();
    let add = {
        let (draft, error, on_change, id) =
            (draft.clone(), error.clone(), props.on_change.clone(), i.id);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = (*draft).clone();
            let (draft, error, on_change) = (draft.clone(), error.clone(), on_change.clone());
            spawn_local(async move {
                match api::post::<_, InvoicePaymentResponse>(
                    &format!("/invoices/{id}/payments"),
                    &body,
                )
                .await
                {
                    Ok(_) => {
                        error.set(None);
                        draft.set(InvoicePaymentRequest {
                            amount: String::new(),
                            ..body
                        });
                        on_change.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let rows = payments.data.iter().flat_map(|p| p.items.iter()).map(|p| {
        let remove = {
            let (error, on_change, id, pid) =
                (error.clone(), props.on_change.clone(), i.id, p.id);
            let question = fill(
                InvoiceText::ConfirmDeletePayment.tr(lang),
                &[("amount", &money(&p.amount, &cur, lang))],
            );
            Callback::from(move |_: MouseEvent| {
                if !browser::confirm(&question) {
                    return;
                }
                let (error, on_change) = (error.clone(), on_change.clone());
                spawn_local(async move {
                    match api::delete(&format!("/invoices/{id}/payments/{pid}")).await {
                        Ok(()) => on_change.emit(()),
                        Err(e) => error.set(Some(e)),
                    }
                });
            })
        };
        html! {
            <tr data-testid="payment-row">
                <td class="nowrap">{ format::date(p.paid_on, lang) }</td>
                <td>{ method_text(p.method).tr(lang) }{ if p.note.is_empty() { String::new() } else { format!(" · {}", p.note) } }</td>
                <td class="num nowrap">{ money(&p.amount, &cur, lang) }</td>
                <td class="actions">
                    if props.invoice.can_manage {
                        <button type="button" class="link-button danger small" onclick={remove} data-testid="payment-delete">{ Text::Delete.tr(lang) }</button>
                    }
                </td>
            </tr>
        }
    });
    let methods = PaymentMethod::ALL.iter().map(|m| {
        html! { <option value={m.as_str()} selected={draft.method == Some(*m)}>{ method_text(*m).tr(lang) }</option> }
    });
    let on_amount = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            next.amount = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            draft.set(next);
        })
    };
    let on_day = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            next.paid_on = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value()
                .parse()
                .ok();
            draft.set(next);
        })
    };
    let on_method = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            let mut next = (*draft).clone();
            next.method = PaymentMethod::ALL
                .iter()
                .copied()
                .find(|m| m.as_str() == value);
            draft.set(next);
        })
    };
    let has_rows = payments.data.as_ref().is_some_and(|p| !p.items.is_empty());
    html! {
        <section class="card" data-testid="invoice-payments">
            <h2>{ InvoiceText::Payments.tr(lang) }</h2>
            <p>
                { InvoiceText::Paid.tr(lang) }{ ": " }<strong data-testid="invoice-paid">{ money(&i.paid, &cur, lang) }</strong>
                { " · " }{ InvoiceText::Balance.tr(lang) }{ ": " }<strong data-testid="invoice-balance">{ money(&i.balance, &cur, lang) }</strong>
            </p>
            if has_rows {
                <div class="table-wrap">
                    <table class="table" data-testid="payments-table"><tbody>{ for rows }</tbody></table>
                </div>
            } else {
                <p class="muted">{ InvoiceText::NoPayments.tr(lang) }</p>
            }
            if i.can_manage && i.status == InvoiceStatus::Sent {
                <form class="inline-form no-print" onsubmit={add} novalidate=true data-testid="payment-form">
                    if let Some(error) = (*error).clone() {
                        <ProblemBanner {error} />
                    }
                    <input type="date" aria-label={InvoiceText::PaidOn.tr(lang)} onchange={on_day}
                        value={draft.paid_on.map(|d| d.to_string()).unwrap_or_default()} data-testid="payment-day" />
                    <input inputmode="decimal" aria-label={InvoiceText::PaymentAmount.tr(lang)} placeholder={InvoiceText::PaymentAmount.tr(lang)}
                        value={draft.amount.clone()} oninput={on_amount} data-testid="payment-amount" />
                    <select aria-label={InvoiceText::Method.tr(lang)} onchange={on_method} data-testid="payment-method">{ for methods }</select>
                    <button type="submit" class="button primary" data-testid="payment-add">{ InvoiceText::AddPayment.tr(lang) }</button>
                </form>
            }
        </section>
    }
}

/// The client's link: made (shown once), made again, or revoked.
#[component]
fn ClientLinkCard(props: &PaymentsCardProps) -> Html {
    let lang = use_session().lang();
    let i = &props.invoice;
    let shown = use_state(|| None::<String>);
    let error = use_state(|| None::<ApiError>);
    let create = {
        let (shown, error, on_change, id) =
            (shown.clone(), error.clone(), props.on_change.clone(), i.id);
        Callback::from(move |_: MouseEvent| {
            let (shown, error, on_change) = (shown.clone(), error.clone(), on_change.clone());
            spawn_local(async move {
                match api::post::<_, PublicLinkResponse>(
                    &format!("/invoices/{id}/public-link"),
                    &serde_json::json!({}),
                )
                .await
                {
                    Ok(link) => {
                        error.set(None);
                        shown.set(Some(link.url));
                        on_change.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let revoke = {
        let (shown, error, on_change, id) =
            (shown.clone(), error.clone(), props.on_change.clone(), i.id);
        Callback::from(move |_: MouseEvent| {
            let (shown, error, on_change) = (shown.clone(), error.clone(), on_change.clone());
            spawn_local(async move {
                match api::delete(&format!("/invoices/{id}/public-link")).await {
                    Ok(()) => {
                        shown.set(None);
                        on_change.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <section class="card no-print" data-testid="invoice-link">
            <h2>{ InvoiceText::ClientLink.tr(lang) }</h2>
            <p class="muted">{ InvoiceText::ClientLinkHint.tr(lang) }</p>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
            if let Some(url) = (*shown).clone() {
                <CopyField label={InvoiceText::ClientLink} id="invoice-link-url" value={url}
                    testid="invoice-link-url" copy_testid="invoice-link-copy" />
                <p class="muted">{ InvoiceText::NewLinkShown.tr(lang) }</p>
            } else if let Some(since) = i.public_link_since {
                <p data-testid="invoice-link-since">
                    { fill(InvoiceText::LinkActiveSince.tr(lang), &[("time", &format::date_time(&since, lang))]) }
                </p>
            }
            <div class="form-actions">
                <button type="button" class="button" onclick={create} data-testid="invoice-link-create">
                    { if i.public_link_since.is_some() { InvoiceText::NewLink.tr(lang) } else { InvoiceText::CreateLink.tr(lang) } }
                </button>
                if i.public_link_since.is_some() {
                    <button type="button" class="button danger" onclick={revoke} data-testid="invoice-link-revoke">
                        { InvoiceText::RevokeLink.tr(lang) }
                    </button>
                }
            </div>
        </section>
    }
}

/// The invoice's PDF: shown on the page on demand, or saved as a file.
#[component]
fn PdfCard(props: &PaymentsCardProps) -> Html {
    let lang = use_session().lang();
    let i = &props.invoice;
    let open = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    // Keyed by the version (in the fragment, which is not sent), so a changed draft is
    // drawn again.
    let path = format!("/api/v1/invoices/{}/pdf#v{}", i.id, i.version);
    let preview = use_object_url((*open).then(|| path.clone()));
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let download = {
        let (error, name) = (error.clone(), format!("{}.pdf", i.number));
        let path = format!("/api/v1/invoices/{}/pdf?download=true", i.id);
        Callback::from(move |_: MouseEvent| {
            let (error, path, name) = (error.clone(), path.clone(), name.clone());
            spawn_local(async move {
                if let Err(e) = transfer::download(&path, &name).await {
                    error.set(Some(e));
                }
            });
        })
    };
    html! {
        <section class="card no-print" data-testid="invoice-pdf">
            <h2>{ InvoiceText::Pdf.tr(lang) }</h2>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
            <div class="form-actions">
                <button type="button" class="button" onclick={toggle} aria-expanded={open.to_string()} data-testid="invoice-pdf-show">
                    { if *open { InvoiceText::HidePdf.tr(lang) } else { InvoiceText::ShowPdf.tr(lang) } }
                </button>
                <button type="button" class="button" onclick={download} data-testid="invoice-pdf-download">
                    { InvoiceText::DownloadPdf.tr(lang) }
                </button>
            </div>
            if *open {
                if let Some(url) = preview {
                    <iframe class="pdf-preview" src={url} title={i.number.clone()} data-testid="invoice-pdf-frame"></iframe>
                } else {
                    <p class="muted">{ InvoiceText::PdfLoading.tr(lang) }</p>
                }
            }
        </section>
    }
}

/// What the e-mail of an invoice will say, as typed.
#[derive(Clone, Default, PartialEq)]
struct EmailDraft {
    to: String,
    subject: String,
    message: String,
}

/// E-mails the invoice with its PDF to the client (or an address typed).
#[component]
fn EmailCard(props: &PaymentsCardProps) -> Html {
    let lang = use_session().lang();
    let i = &props.invoice;
    let draft = use_state(EmailDraft::default);
    let error = use_state(|| None::<ApiError>);
    let queued = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let submit = {
        let (draft, error, queued, busy) =
            (draft.clone(), error.clone(), queued.clone(), busy.clone());
        let (on_change, id, version) = (props.on_change.clone(), i.id, i.version);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let some = |t: &str| Some(t.trim().to_owned()).filter(|t| !t.is_empty());
            let body = SendInvoiceRequest {
                to: some(&draft.to),
                subject: some(&draft.subject),
                message: some(&draft.message),
                version: Some(version),
            };
            let (error, queued, busy, on_change) = (
                error.clone(),
                queued.clone(),
                busy.clone(),
                on_change.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                match api::post::<_, SendInvoiceResponse>(&format!("/invoices/{id}/send"), &body)
                    .await
                {
                    Ok(sent) => {
                        error.set(None);
                        queued.set(Some(sent.to));
                        on_change.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };
    let field = |apply: fn(&mut EmailDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let on_to = field(|d, v| d.to = v)
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let on_subject = field(|d, v| d.subject = v)
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    let on_message = field(|d, v| d.message = v)
        .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
    html! {
        <section class="card no-print" data-testid="invoice-email">
            <h2>{ InvoiceText::EmailInvoice.tr(lang) }</h2>
            <p class="muted">{ InvoiceText::EmailHint.tr(lang) }</p>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
            if let Some(to) = (*queued).clone() {
                <p class="banner banner-ok" role="status" data-testid="invoice-email-queued">
                    { fill(InvoiceText::EmailQueued.tr(lang), &[("to", &to)]) }
                </p>
            }
            <form class="form" onsubmit={submit} novalidate=true>
                <div class="field">
                    <label for="invoice-email-to">{ InvoiceText::EmailTo.tr(lang) }</label>
                    <input id="invoice-email-to" type="email" value={draft.to.clone()} oninput={on_to} autocomplete="email"
                        placeholder={InvoiceText::EmailToHint.tr(lang)} data-testid="invoice-email-to" />
                </div>
                <div class="field">
                    <label for="invoice-email-subject">{ InvoiceText::EmailSubject.tr(lang) }</label>
                    <input id="invoice-email-subject" value={draft.subject.clone()} oninput={on_subject} maxlength="200"
                        placeholder={InvoiceText::EmailSubjectHint.tr(lang)} data-testid="invoice-email-subject" />
                </div>
                <div class="field">
                    <label for="invoice-email-message">{ InvoiceText::EmailMessage.tr(lang) }</label>
                    <textarea id="invoice-email-message" rows="4" value={draft.message.clone()} oninput={on_message} maxlength="10000"
                        placeholder={InvoiceText::EmailMessageHint.tr(lang)} data-testid="invoice-email-message" />
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled={*busy} data-testid="invoice-email-send">
                        { InvoiceText::SendEmail.tr(lang) }
                    </button>
                </div>
            </form>
        </section>
    }
}
