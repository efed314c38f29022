//! The invoice editor: the client, dates and currency, lines picked from the catalog or typed,
//! and the totals computed as you type by the same function the server uses.

use std::rc::Rc;

use chrono::NaiveDate;
use crm_api_types::{
    ContactResponse, CurrenciesResponse, DealResponse, ExchangeRatePage, ExchangeRateQueryParams,
    InvoiceLanguage, InvoiceLineRequest, InvoiceRequest, InvoiceResponse, InvoiceSettingsResponse,
    Page, ProductRequest, ProductResponse, TaxResponse, TaxesResponse,
};
use crm_domain::deal::Currency;
use crm_domain::invoice::{self, LineInput, LineTax, Quantity};
use crm_domain::money::{convert_amount, later_rate, Percent, Rate};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::catalog::CatalogPicker;
use crate::app::Route;
use crate::components::{
    ContactPicker, FieldErrors, Loading, ProblemBanner, SelectField, SelectOption, TextAreaField,
    TextField,
};
use crate::hooks::{field_setter, use_load, use_session};
use crate::i18n::{fill, InvoiceText, Lang};
use crate::pages::deals::money;
use crate::services::{api, format, with_query, ApiError};

/// The payment term choice of a due date typed as a date.
const ON_DATE: &str = "date";
/// The payment terms offered as days (0: on receipt).
const TERMS: [i32; 4] = [0, 15, 30, 45];

/// A line as typed.
#[derive(Clone, PartialEq, Default)]
struct LineDraft {
    product_id: Option<i64>,
    description: String,
    quantity: String,
    price: String,
    discount: String,
    taxes: [Option<i64>; 2],
}

/// The editor's fields, as typed.
#[derive(Clone, PartialEq, Default)]
struct Draft {
    number: String,
    client: Option<(i64, String)>,
    consignee: Option<(i64, String)>,
    /// `None`: the consignee's postal address.
    delivery_address: Option<String>,
    deal_id: Option<i64>,
    issue_date: String,
    /// Days to pay (`0`: on receipt), or [`ON_DATE`] for the date in `due_date`.
    due_days: String,
    due_date: String,
    currency: String,
    language: String,
    exchange_rate: String,
    purchase_order: String,
    billing_address: Option<String>,
    terms: String,
    notes: String,
    lines: Vec<LineDraft>,
    version: Option<i64>,
}

/// What the editor offers: the currencies and taxes, and the defaults of a new invoice.
#[derive(Clone, PartialEq)]
struct Choices {
    currencies: Rc<CurrenciesResponse>,
    taxes: Rc<Vec<TaxResponse>>,
    settings: Rc<InvoiceSettingsResponse>,
}

async fn load_choices() -> Result<Choices, ApiError> {
    let currencies = api::get::<CurrenciesResponse>("/currencies").await?;
    let taxes = api::get::<TaxesResponse>("/settings/taxes").await?;
    let settings = api::get::<InvoiceSettingsResponse>("/settings/invoices").await?;
    Ok(Choices {
        currencies: Rc::new(currencies),
        taxes: Rc::new(taxes.items),
        settings: Rc::new(settings),
    })
}

fn blank_line() -> LineDraft {
    LineDraft {
        quantity: "1".into(),
        discount: "0".into(),
        ..LineDraft::default()
    }
}

/// The payment terms of `days`: one of those offered, else the due date itself.
fn terms_of(days: i64, due: NaiveDate) -> (String, String) {
    let offered = TERMS.iter().any(|t| i64::from(*t) == days);
    let choice = if offered {
        days.to_string()
    } else {
        ON_DATE.to_owned()
    };
    (choice, due.to_string())
}

fn new_draft(c: &Choices, today: NaiveDate, lang: Lang, client: Option<(i64, String)>) -> Draft {
    let days = i64::from(c.settings.due_days);
    let (due_days, due_date) = terms_of(days, today + chrono::Duration::days(days));
    Draft {
        client,
        issue_date: today.to_string(),
        due_days,
        due_date,
        currency: c.currencies.default_currency.clone(),
        language: lang.code().to_owned(),
        terms: c.settings.terms.clone(),
        notes: c.settings.notes.clone(),
        lines: vec![blank_line()],
        ..Draft::default()
    }
}

fn draft_of(i: &InvoiceResponse) -> Draft {
    let (due_days, due_date) = terms_of((i.due_date - i.issue_date).num_days(), i.due_date);
    Draft {
        number: i.number.clone(),
        client: Some((i.client_id, i.client_name.clone().unwrap_or_default())),
        consignee: i.consignee_id.map(|c| {
            (
                c,
                i.consignee_name.clone().unwrap_or_else(|| format!("#{c}")),
            )
        }),
        delivery_address: Some(i.delivery_address.clone()),
        deal_id: i.deal_id,
        issue_date: i.issue_date.to_string(),
        due_days,
        due_date,
        currency: i.currency.clone(),
        language: i.language.as_str().to_owned(),
        exchange_rate: i.exchange_rate.clone().unwrap_or_default(),
        purchase_order: i.purchase_order.clone(),
        billing_address: Some(i.billing_address.clone()),
        terms: i.terms.clone(),
        notes: i.notes.clone(),
        lines: i
            .lines
            .iter()
            .map(|l| LineDraft {
                product_id: l.product_id,
                description: l.description.clone(),
                quantity: l.quantity.clone(),
                price: l.price.clone(),
                discount: l.discount.clone(),
                taxes: [
                    l.taxes.first().map(|t| t.tax_id),
                    l.taxes.get(1).map(|t| t.tax_id),
                ],
            })
            .collect(),
        version: Some(i.version),
    }
}

/// The request the draft makes.
fn request(d: &Draft) -> InvoiceRequest {
    let text = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_owned());
    InvoiceRequest {
        number: text(&d.number),
        issue_date: d.issue_date.parse().ok(),
        due_date: (d.due_days == ON_DATE)
            .then(|| d.due_date.parse().ok())
            .flatten(),
        due_days: d.due_days.trim().parse().ok(),
        client_id: d.client.as_ref().map(|c| c.0),
        billing_address: d.billing_address.clone(),
        consignee_id: Some(d.consignee.as_ref().map_or(0, |c| c.0)),
        delivery_address: d.delivery_address.clone(),
        deal_id: Some(d.deal_id.unwrap_or(0)),
        currency: text(&d.currency),
        language: InvoiceLanguage::ALL
            .iter()
            .copied()
            .find(|l| l.as_str() == d.language),
        exchange_rate: text(&d.exchange_rate),
        purchase_order: Some(d.purchase_order.clone()),
        terms: Some(d.terms.clone()),
        notes: Some(d.notes.clone()),
        lines: Some(
            d.lines
                .iter()
                .map(|l| InvoiceLineRequest {
                    product_id: l.product_id,
                    description: text(&l.description),
                    quantity: text(&l.quantity),
                    price: text(&l.price),
                    discount: text(&l.discount),
                    tax_ids: Some(l.taxes.iter().flatten().copied().collect()),
                })
                .collect(),
        ),
        version: d.version,
    }
}

/// The totals of the lines as typed, by the domain's function; `None` while a line does not
/// read as a number yet.
fn live_totals(d: &Draft, taxes: &[TaxResponse]) -> Option<invoice::Totals> {
    let currency = Currency::parse("currency", &d.currency).ok()?;
    let lines = d
        .lines
        .iter()
        .map(|l| {
            Some(LineInput {
                quantity: Quantity::parse("q", &l.quantity).ok()?,
                price: invoice::price(
                    "p",
                    if l.price.trim().is_empty() {
                        "0"
                    } else {
                        &l.price
                    },
                )
                .ok()?,
                discount: if l.discount.trim().is_empty() {
                    Percent::default()
                } else {
                    Percent::parse("d", &l.discount).ok()?
                },
                taxes: l
                    .taxes
                    .iter()
                    .flatten()
                    .filter_map(|id| {
                        let t = taxes.iter().find(|t| t.id == *id)?;
                        Some(LineTax {
                            id: *id,
                            rate: Percent::from_stored(&t.rate)?,
                        })
                    })
                    .collect(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    invoice::totals(&lines, currency).ok()
}

/// The latest rate from `from` to `to` entered up to `day`: the day it is valid from, and the
/// rate.
async fn latest_rate(
    from: &str,
    to: &str,
    day: NaiveDate,
) -> Result<Option<(NaiveDate, String)>, ApiError> {
    let query = ExchangeRateQueryParams {
        from: Some(from.to_owned()),
        to: Some(to.to_owned()),
        on: Some(day),
        limit: Some(1),
        ..ExchangeRateQueryParams::default()
    };
    let page = api::get::<ExchangeRatePage>(&with_query("/exchange-rates", &query)).await?;
    Ok(page
        .items
        .into_iter()
        .next()
        .map(|r| (r.valid_from, r.rate)))
}

/// A contact of the invoice (`field` as the API names it): the one chosen, with a link to it
/// and a button that removes it, else a search to pick one; `testid` prefixes both.
fn contact_field(
    label: InvoiceText,
    placeholder: InvoiceText,
    chosen: Option<(i64, String)>,
    (onpick, onremove): (Callback<ContactResponse>, Callback<MouseEvent>),
    (field, testid): (&'static str, &'static str),
    (err, lang): (&Option<ApiError>, Lang),
) -> Html {
    html! {
        <div class="field">
            <label>{ label.tr(lang) }</label>
            if let Some((id, name)) = chosen {
                <p class="linked" data-testid={format!("{testid}-chosen")}>
                    <Link<Route> to={Route::Contact { id }}>{ name }</Link<Route>>
                    <button type="button" class="link-button small" onclick={onremove}>{ InvoiceText::RemoveLine.tr(lang) }</button>
                </p>
            } else {
                <ContactPicker placeholder={placeholder} {onpick} testid={format!("{testid}-search")} />
            }
            <FieldErrors error={err.clone()} {field} />
        </div>
    }
}

/// The query of a new invoice for a contact.
#[derive(Clone, PartialEq, serde::Deserialize, Default)]
struct ForClient {
    #[serde(default)]
    client: Option<i64>,
}

/// Properties of [`InvoiceFormPage`].
#[derive(Properties, PartialEq)]
pub struct InvoiceFormProps {
    /// The draft being changed, else a new invoice.
    pub id: Option<i64>,
}

/// A new invoice (for the contact of `?client=`), or a change of a draft.
#[component]
pub fn InvoiceFormPage(props: &InvoiceFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let location = use_location();
    let client_id = location
        .as_ref()
        .and_then(|l| l.query::<ForClient>().ok())
        .and_then(|q| q.client);
    let choices = use_load((), |()| load_choices());
    let current = use_load((props.id, client_id), |(id, client)| async move {
        match (id, client) {
            (Some(id), _) => api::get::<InvoiceResponse>(&format!("/invoices/{id}"))
                .await
                .map(|i| (Some(i), None)),
            (None, Some(c)) => api::get::<ContactResponse>(&format!("/contacts/{c}"))
                .await
                .map(|c| (None, Some((c.id, c.display_name)))),
            (None, None) => Ok((None, None)),
        }
    });
    let (Some(c), Some((invoice, client))) = (choices.data.clone(), current.data.clone()) else {
        return match choices.error.clone().or(current.error.clone()) {
            Some(error) => html! { <ProblemBanner {error} /> },
            None => html! { <Loading /> },
        };
    };
    let start = invoice
        .as_ref()
        .map_or_else(|| new_draft(&c, session.today(), lang, client), draft_of);
    html! { <Editor id={props.id} choices={c} {start} /> }
}

/// Properties of [`Editor`].
#[derive(Properties, PartialEq)]
struct EditorProps {
    id: Option<i64>,
    choices: Choices,
    start: Draft,
}

#[component]
fn Editor(props: &EditorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let draft = use_state(|| props.start.clone());
    // The draft as last shown, for what ends after later typing.
    let latest = use_mut_ref(|| props.start.clone());
    *latest.borrow_mut() = (*draft).clone();
    let error = use_state(|| None::<ApiError>);
    let catalog_error = use_state(|| None::<(usize, ApiError)>);
    let c = props.choices.clone();
    let err = (*error).clone();

    let edit = |apply: fn(&mut Draft, String)| field_setter(&draft, apply);
    let line_edit = |i: usize, apply: fn(&mut LineDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            if let Some(l) = next.lines.get_mut(i) {
                apply(l, value);
            }
            draft.set(next);
        })
    };
    let pick_product = |i: usize| {
        let draft = draft.clone();
        Callback::from(move |p: ProductResponse| {
            let mut next = (*draft).clone();
            let currency = next.currency.clone();
            if let Some(l) = next.lines.get_mut(i) {
                l.product_id = Some(p.id);
                l.description = p.title;
                if p.currency == currency {
                    l.price = p.price;
                }
                l.taxes = [p.tax_ids.first().copied(), p.tax_ids.get(1).copied()];
            }
            draft.set(next);
        })
    };
    let unlink_product = |i: usize| {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            if let Some(l) = next.lines.get_mut(i) {
                l.product_id = None;
            }
            draft.set(next);
        })
    };
    // A line typed by hand becomes a product of the catalog (CRM admins): its description,
    // price in the invoice's currency and taxes; the line then refers to it.
    let to_catalog = |i: usize| {
        let (latest, draft, catalog_error) = (latest.clone(), draft.clone(), catalog_error.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(l) = latest.borrow().lines.get(i).cloned() else {
                return;
            };
            let body = ProductRequest {
                title: Some(l.description.trim().to_owned()),
                price: Some(l.price.trim().to_owned()),
                currency: Some(latest.borrow().currency.clone()),
                tax_ids: Some(l.taxes.iter().flatten().copied().collect()),
                ..ProductRequest::default()
            };
            let (latest, draft, catalog_error) =
                (latest.clone(), draft.clone(), catalog_error.clone());
            spawn_local(async move {
                match api::post::<_, ProductResponse>("/products", &body).await {
                    Ok(p) => {
                        catalog_error.set(None);
                        // What was typed while the product was saved stays.
                        let mut next = latest.borrow().clone();
                        if let Some(l) = next.lines.get_mut(i) {
                            l.product_id = Some(p.id);
                        }
                        draft.set(next);
                    }
                    Err(e) => catalog_error.set(Some((i, e))),
                }
            });
        })
    };
    let set_tax = |i: usize, slot: usize| {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            let mut next = (*draft).clone();
            if let Some(l) = next.lines.get_mut(i) {
                l.taxes[slot] = value.parse().ok();
            }
            draft.set(next);
        })
    };
    let add_line = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.lines.push(blank_line());
            draft.set(next);
        })
    };
    let remove_line = |i: usize| {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            if next.lines.len() > 1 {
                next.lines.remove(i);
            }
            draft.set(next);
        })
    };
    let on_client = {
        let draft = draft.clone();
        Callback::from(move |contact: ContactResponse| {
            let mut next = (*draft).clone();
            next.client = Some((contact.id, contact.display_name));
            next.billing_address = None;
            next.deal_id = None;
            if let Some(code) = contact.currency {
                next.currency = code;
                next.exchange_rate.clear();
            }
            draft.set(next);
        })
    };
    let unlink = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.client = None;
            next.deal_id = None;
            draft.set(next);
        })
    };
    let on_consignee = {
        let draft = draft.clone();
        Callback::from(move |contact: ContactResponse| {
            let mut next = (*draft).clone();
            next.consignee = Some((contact.id, contact.display_name));
            next.delivery_address = None;
            draft.set(next);
        })
    };
    let unlink_consignee = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.consignee = None;
            next.delivery_address = Some(String::new());
            draft.set(next);
        })
    };
    // The rate to the default currency valid on the issue date, for the total in it (none
    // when the caller may not read rates or none is entered).
    let rate_key = (
        draft.currency.clone(),
        props.choices.currencies.default_currency.clone(),
        draft.issue_date.clone(),
    );
    let looked_up = use_load(rate_key, |(from, to, on)| async move {
        let Ok(day) = on.parse::<NaiveDate>() else {
            return Ok(None);
        };
        if from == to || from.is_empty() {
            return Ok(None);
        }
        let direct = latest_rate(&from, &to, day).await?;
        let opposite = latest_rate(&to, &from, day).await?;
        Ok(later_rate(
            direct.as_ref().map(|(d, r)| (*d, r.as_str())),
            opposite.as_ref().map(|(d, r)| (*d, r.as_str())),
        ))
    });
    // The deals of the client, to link the invoice to one.
    let client_id = draft.client.as_ref().map(|c| c.0);
    let deals = use_load(client_id, |client| async move {
        let Some(client) = client else {
            return Ok(Vec::new());
        };
        let page = api::get::<Page<DealResponse>>(&format!("/deals?contact_id={client}&limit=100"))
            .await?;
        Ok(page.items)
    });
    let save = |again: bool| {
        let (draft, error, navigator, id) =
            (draft.clone(), error.clone(), navigator.clone(), props.id);
        let (start, today) = (props.choices.clone(), session.today());
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            let body = request(&draft);
            let (draft, error, navigator, start) = (
                draft.clone(),
                error.clone(),
                navigator.clone(),
                start.clone(),
            );
            spawn_local(async move {
                let saved = match id {
                    Some(id) => {
                        api::patch::<_, InvoiceResponse>(&format!("/invoices/{id}"), &body).await
                    }
                    None => api::post::<_, InvoiceResponse>("/invoices", &body).await,
                };
                match saved {
                    Ok(i) if again => {
                        error.set(None);
                        draft.set(new_draft(&start, today, lang, None));
                        let _ = i;
                    }
                    Ok(i) => {
                        if let Some(n) = navigator {
                            n.push(&Route::Invoice { id: i.id });
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };

    let d = (*draft).clone();
    let totals = live_totals(&d, &c.taxes);
    let cur = d.currency.clone();
    // Amounts with the currency's minor unit's places, as the server writes them.
    let places = Currency::parse("currency", &cur).map_or(2, |c| c.exponent() as usize);
    let shown = |amount: rust_decimal::Decimal| money(&format!("{amount:.places$}"), &cur, lang);
    let tax_options = |chosen: Option<i64>| {
        std::iter::once(html! { <option value="" selected={chosen.is_none()}>{ InvoiceText::NoTax.tr(lang) }</option> })
            .chain(c.taxes.iter().map(|t| {
                html! {
                    <option value={t.id.to_string()} selected={chosen == Some(t.id)}>
                        { format!("{} {} %", t.name, format::number(&t.rate, lang)) }
                    </option>
                }
            }))
            .collect::<Html>()
    };
    let lines = d.lines.iter().enumerate().map(|(i, l)| {
        let amount = totals
            .as_ref()
            .and_then(|t| t.lines.get(i))
            .map_or_else(|| "—".to_owned(), |a| shown(a.total));
        let typed = !l.description.trim().is_empty() && !l.price.trim().is_empty();
        let failed = catalog_error
            .as_ref()
            .filter(|(at, _)| *at == i)
            .map(|(_, e)| e.clone());
        let input = |value: &str, apply: fn(&mut LineDraft, String), name: &str, testid: &str, class: &'static str| {
            let oninput = line_edit(i, apply).reform(|e: InputEvent| {
                e.target_unchecked_into::<HtmlInputElement>().value()
            });
            html! {
                <input class={class} value={value.to_owned()} {oninput} inputmode={(class == "num").then_some("decimal")}
                    aria-label={name.to_owned()} data-testid={testid.to_owned()} />
            }
        };
        html! {
            <tr data-testid="line-row">
                <td>
                    if l.product_id.is_some() {
                        <p class="muted small" data-testid="line-in-catalog">
                            { InvoiceText::InCatalog.tr(lang) }{ " · " }
                            <button type="button" class="link-button small" onclick={unlink_product(i)}>{ InvoiceText::Unlink.tr(lang) }</button>
                        </p>
                    } else {
                        <CatalogPicker onpick={pick_product(i)} />
                    }
                    { input(&l.description, |l, v| l.description = v, InvoiceText::Description.tr(lang), "line-description", "") }
                    if l.product_id.is_none() && typed && session.is_crm_admin() {
                        <button type="button" class="link-button small" onclick={to_catalog(i)} data-testid="line-to-catalog">{ InvoiceText::ToCatalog.tr(lang) }</button>
                    }
                    if let Some(error) = failed {
                        <ProblemBanner {error} />
                    }
                    <FieldErrors error={err.clone()} field={format!("lines[{i}].description")} />
                    <FieldErrors error={err.clone()} field={format!("lines[{i}].product_id")} />
                </td>
                <td>
                    { input(&l.quantity, |l, v| l.quantity = v, InvoiceText::Quantity.tr(lang), "line-quantity", "num") }
                    <FieldErrors error={err.clone()} field={format!("lines[{i}].quantity")} />
                </td>
                <td>
                    { input(&l.price, |l, v| l.price = v, InvoiceText::Price.tr(lang), "line-price", "num") }
                    <FieldErrors error={err.clone()} field={format!("lines[{i}].price")} />
                </td>
                <td>
                    { input(&l.discount, |l, v| l.discount = v, InvoiceText::Discount.tr(lang), "line-discount", "num") }
                    <FieldErrors error={err.clone()} field={format!("lines[{i}].discount")} />
                </td>
                <td>
                    <select onchange={set_tax(i, 0)} aria-label={InvoiceText::Taxes.tr(lang)} data-testid="line-tax">{ tax_options(l.taxes[0]) }</select>
                    if l.taxes[0].is_some() {
                        <select onchange={set_tax(i, 1)} aria-label={InvoiceText::Taxes.tr(lang)} data-testid="line-tax-2">{ tax_options(l.taxes[1]) }</select>
                    }
                    <FieldErrors error={err.clone()} field={format!("lines[{i}].tax_ids")} />
                </td>
                <td class="num nowrap" data-testid="line-total">{ amount }</td>
                <td>
                    if d.lines.len() > 1 {
                        <button type="button" class="link-button small" onclick={remove_line(i)} data-testid="line-remove">{ InvoiceText::RemoveLine.tr(lang) }</button>
                    }
                </td>
            </tr>
        }
    });
    let currencies: Vec<SelectOption> = c
        .currencies
        .items
        .iter()
        .map(|x| SelectOption::new(x.code.clone(), x.code.clone()))
        .collect();
    let languages = vec![
        SelectOption::new("ru", "Русский"),
        SelectOption::new("en", "English"),
    ];
    let is_default = d.currency == c.currencies.default_currency;
    let due_options: Vec<SelectOption> = TERMS
        .iter()
        .map(|days| {
            let label = match days {
                0 => InvoiceText::OnReceipt.tr(lang).to_owned(),
                n => fill(InvoiceText::InDays.tr(lang), &[("days", &n.to_string())]),
            };
            SelectOption::new(days.to_string(), label)
        })
        .chain(std::iter::once(SelectOption::new(
            ON_DATE,
            InvoiceText::OnDate.tr(lang),
        )))
        .collect();
    let deal_options: Vec<SelectOption> =
        std::iter::once(SelectOption::new("", InvoiceText::NoDeal.tr(lang)))
            .chain(
                deals
                    .data
                    .iter()
                    .flatten()
                    .map(|deal| SelectOption::new(deal.id.to_string(), deal.title.clone())),
            )
            .collect();
    // The rate typed, else the one valid on the issue date.
    let rate = if d.exchange_rate.trim().is_empty() {
        looked_up.data.flatten()
    } else {
        Rate::parse("exchange_rate", &d.exchange_rate)
            .ok()
            .map(Rate::value)
    };
    let default_code = c.currencies.default_currency.clone();
    let in_default = |amount: rust_decimal::Decimal| {
        let to = Currency::parse("currency", &default_code).ok()?;
        let converted = convert_amount(amount, rate?, to)?;
        let places = to.exponent() as usize;
        Some(money(&format!("{converted:.places$}"), &default_code, lang))
    };
    let totals_rows = totals.as_ref().map(|t| {
        let converted = if is_default { None } else { in_default(t.total) };
        let taxes = t.taxes.iter().map(|x| {
            let name = c.taxes.iter().find(|tax| tax.id == x.id).map(|tax| tax.name.clone()).unwrap_or_default();
            html! {
                <tr><th>{ format!("{name} {} %", format::number(&x.rate.to_string(), lang)) }</th>
                    <td class="num nowrap">{ shown(x.amount) }</td></tr>
            }
        });
        html! {
            <table class="table totals-table" data-testid="invoice-live-totals">
                <tbody>
                    <tr><th>{ InvoiceText::Subtotal.tr(lang) }</th><td class="num nowrap">{ shown(t.subtotal) }</td></tr>
                    <tr><th>{ InvoiceText::DiscountTotal.tr(lang) }</th><td class="num nowrap">{ shown(t.discount) }</td></tr>
                    { for taxes }
                    <tr class="grand-total"><th>{ InvoiceText::Total.tr(lang) }</th>
                        <td class="num nowrap" data-testid="live-total">{ shown(t.total) }</td></tr>
                    if let Some(value) = converted {
                        <tr><th>{ fill(InvoiceText::TotalIn.tr(lang), &[("currency", &default_code)]) }</th>
                            <td class="num nowrap" data-testid="live-total-default">{ value }</td></tr>
                    }
                </tbody>
            </table>
        }
    });
    let text = |s: &str| AttrValue::from(s.to_owned());

    html! {
        <form class="card invoice-form" novalidate=true data-testid="invoice-form">
            <h1>{ if props.id.is_some() { InvoiceText::EditInvoice.tr(lang) } else { InvoiceText::NewInvoice.tr(lang) } }</h1>
            if let Some(error) = err.clone() {
                <ProblemBanner {error} />
            }
            { contact_field(InvoiceText::Client, InvoiceText::Client, d.client.clone(), (on_client, unlink), ("client_id", "invoice-client"), (&err, lang)) }
            <div class="field-row">
                <TextField label={InvoiceText::Number} name="number" value={text(&d.number)} hint={InvoiceText::NumberHint}
                    oninput={edit(|d, v| d.number = v)} error={err.clone()} testid="invoice-number-input" />
                <TextField label={InvoiceText::IssueDate} name="issue_date" input_type="date" value={text(&d.issue_date)}
                    oninput={edit(|d, v| {
                        d.issue_date = v;
                        d.exchange_rate.clear();
                    })} error={err.clone()} testid="invoice-issue-date" />
                <SelectField label={InvoiceText::PaymentDue} name="due_days" options={due_options} value={text(&d.due_days)}
                    onchange={edit(|d, v| d.due_days = v)} error={err.clone()} testid="invoice-due-days" />
                if d.due_days == ON_DATE {
                    <TextField label={InvoiceText::DueDate} name="due_date" input_type="date" value={text(&d.due_date)}
                        oninput={edit(|d, v| d.due_date = v)} error={err.clone()} testid="invoice-due-date" />
                }
            </div>
            <div class="field-row">
                <SelectField label={InvoiceText::Currency} name="currency" options={currencies} value={text(&d.currency)}
                    onchange={edit(|d, v| {
                        d.currency = v;
                        d.exchange_rate.clear();
                    })} error={err.clone()} testid="invoice-currency" />
                if !is_default {
                    <TextField label={InvoiceText::ExchangeRate} name="exchange_rate" value={text(&d.exchange_rate)} hint={InvoiceText::ExchangeRateHint}
                        oninput={edit(|d, v| d.exchange_rate = v)} error={err.clone()} testid="invoice-rate" />
                }
                <SelectField label={InvoiceText::Language} name="language" options={languages} value={text(&d.language)}
                    onchange={edit(|d, v| d.language = v)} error={err.clone()} testid="invoice-language" />
                <TextField label={InvoiceText::PurchaseOrder} name="purchase_order" value={text(&d.purchase_order)}
                    oninput={edit(|d, v| d.purchase_order = v)} error={err.clone()} testid="invoice-po" />
            </div>
            if let Some(address) = d.billing_address.clone() {
                <TextAreaField label={InvoiceText::BillingAddress} name="billing_address" value={text(&address)}
                    oninput={edit(|d, v| d.billing_address = Some(v))} error={err.clone()} testid="invoice-billing" />
            }
            if d.client.is_some() {
                <SelectField label={InvoiceText::Deal} name="deal_id" options={deal_options} value={text(&d.deal_id.map(|x| x.to_string()).unwrap_or_default())}
                    onchange={edit(|d, v| d.deal_id = v.parse().ok())} error={err.clone()} testid="invoice-deal" />
            }
            { contact_field(InvoiceText::Consignee, InvoiceText::ConsigneeHint, d.consignee.clone(), (on_consignee, unlink_consignee), ("consignee_id", "invoice-consignee"), (&err, lang)) }
            if d.consignee.is_some() || d.delivery_address.as_deref().is_some_and(|a| !a.is_empty()) {
                <TextAreaField label={InvoiceText::DeliveryAddress} name="delivery_address"
                    value={text(d.delivery_address.as_deref().unwrap_or_default())}
                    oninput={edit(|d, v| d.delivery_address = Some(v))} error={err.clone()} testid="invoice-delivery" />
            }
            <h2>{ InvoiceText::Lines.tr(lang) }</h2>
            <FieldErrors error={err.clone()} field="lines" />
            <div class="table-wrap">
                <table class="table invoice-lines-editor" data-testid="invoice-lines-editor">
                    <thead>
                        <tr>
                            <th>{ InvoiceText::Item.tr(lang) }</th>
                            <th class="num">{ InvoiceText::Quantity.tr(lang) }</th>
                            <th class="num">{ InvoiceText::Price.tr(lang) }</th>
                            <th class="num">{ InvoiceText::Discount.tr(lang) }</th>
                            <th>{ InvoiceText::Taxes.tr(lang) }</th>
                            <th class="num">{ InvoiceText::Amount.tr(lang) }</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>{ for lines }</tbody>
                </table>
            </div>
            <button type="button" class="button small" onclick={add_line} data-testid="line-add">{ InvoiceText::AddLine.tr(lang) }</button>
            { totals_rows.unwrap_or_default() }
            <TextAreaField label={InvoiceText::Terms} name="terms" value={text(&d.terms)}
                oninput={edit(|d, v| d.terms = v)} error={err.clone()} testid="invoice-terms" />
            <TextAreaField label={InvoiceText::Notes} name="notes" value={text(&d.notes)}
                oninput={edit(|d, v| d.notes = v)} error={err.clone()} testid="invoice-notes" />
            <div class="form-actions">
                <button type="submit" class="button primary" onclick={save(false)} data-testid="invoice-save">{ InvoiceText::Save.tr(lang) }</button>
                if props.id.is_none() {
                    <button type="button" class="button" onclick={save(true)} data-testid="invoice-save-new">{ InvoiceText::SaveAndNew.tr(lang) }</button>
                }
            </div>
        </form>
    }
}
