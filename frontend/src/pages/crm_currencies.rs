//! Billing settings (CRM admins): the organisation printed on invoices, the portal's default
//! currency, the dated rates totals are converted with (newest first, entered and deleted
//! here), the taxes, and how invoices are numbered.

use std::rc::Rc;

use crm_api_types::{
    BillingSettingsResponse, CurrenciesResponse, ExchangeRatePage, ExchangeRateRequest,
    ExchangeRateResponse, OrganisationResponse, TaxRequest, TaxResponse, TaxesResponse,
    UpdateBillingSettingsRequest, UpdateOrganisationRequest,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{
    Loading, Notice, ProblemBanner, SelectField, SelectOption, TextAreaField, TextField,
};
use crate::hooks::{field_setter, use_load, use_object_url, use_session};
use crate::i18n::{fill, ContactText, HistoryText, Lang, SettingsText, Text};
use crate::pages::contacts::upload_chosen_image;
use crate::pages::invoices::InvoiceSettingsCard;
use crate::services::{api, browser, format, ApiError};

/// What the page shows: the currencies with the default one, the settings' version and the
/// rates loaded so far.
#[derive(Clone, PartialEq)]
struct Loaded {
    currencies: Rc<CurrenciesResponse>,
    version: i64,
    rates: Vec<ExchangeRateResponse>,
    next: Option<String>,
}

async fn load() -> Result<Loaded, ApiError> {
    let currencies = api::get::<CurrenciesResponse>("/currencies").await?;
    let settings = api::get::<BillingSettingsResponse>("/settings/billing").await?;
    let rates = api::get::<ExchangeRatePage>("/exchange-rates?limit=50").await?;
    Ok(Loaded {
        currencies: Rc::new(currencies),
        version: settings.version,
        rates: rates.items,
        next: rates.next_cursor,
    })
}

/// `code — name` in the reader's language.
fn currency_label(code: &str, english: &str, lang: Lang) -> String {
    let name = format::currency_name(code, lang).unwrap_or_else(|| english.to_owned());
    format!("{code} — {name}")
}

/// Deletes `path` once the user says yes to `question`; then `reload`, or the failure in
/// `error`.
pub fn delete_confirmed(
    question: &str,
    path: String,
    error: &UseStateHandle<Option<ApiError>>,
    reload: &Callback<()>,
) {
    if !browser::confirm(question) {
        return;
    }
    let (error, reload) = (error.clone(), reload.clone());
    spawn_local(async move {
        match api::delete(&path).await {
            Ok(()) => reload.emit(()),
            Err(e) => error.set(Some(e)),
        }
    });
}

/// The currencies and rates page.
#[component]
pub fn CrmCurrenciesPage() -> Html {
    let session = use_session();
    let lang = session.lang();
    let page = use_load((), |()| load());
    let today = session.today();
    let chosen = use_state(|| None::<String>);
    let draft = use_state(|| ExchangeRateRequest {
        valid_from: Some(today),
        ..Default::default()
    });
    let error = use_state(|| None::<ApiError>);
    let rate_error = use_state(|| None::<ApiError>);
    let saved = use_state(|| false);

    let Some(data) = page.data.clone() else {
        return match page.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={page.reload.clone()} /> },
            None => html! { <Loading /> },
        };
    };
    let default = chosen
        .as_ref()
        .cloned()
        .unwrap_or_else(|| data.currencies.default_currency.clone());
    let options: Vec<SelectOption> = data
        .currencies
        .items
        .iter()
        .map(|c| SelectOption::new(c.code.clone(), currency_label(&c.code, &c.name, lang)))
        .collect();

    let on_default = {
        let chosen = chosen.clone();
        Callback::from(move |code: String| chosen.set(Some(code)))
    };
    let save_default = {
        let (error, saved, reload) = (error.clone(), saved.clone(), page.reload.clone());
        let (code, version) = (default.clone(), data.version);
        Callback::from(move |_: MouseEvent| {
            let body = UpdateBillingSettingsRequest {
                default_currency: Some(code.clone()),
                version: Some(version),
            };
            let (error, saved, reload) = (error.clone(), saved.clone(), reload.clone());
            spawn_local(async move {
                match api::patch::<_, BillingSettingsResponse>("/settings/billing", &body).await {
                    Ok(_) => {
                        error.set(None);
                        saved.set(true);
                        reload.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let set = |apply: fn(&mut ExchangeRateRequest, String)| field_setter(&draft, apply);
    let add_rate = {
        let (draft, rate_error, reload) = (draft.clone(), rate_error.clone(), page.reload.clone());
        let default = default.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut body = (*draft).clone();
            if body.to.is_empty() {
                body.to.clone_from(&default);
            }
            let (draft, rate_error, reload) = (draft.clone(), rate_error.clone(), reload.clone());
            spawn_local(async move {
                match api::post::<_, ExchangeRateResponse>("/exchange-rates", &body).await {
                    Ok(_) => {
                        rate_error.set(None);
                        draft.set(ExchangeRateRequest {
                            rate: String::new(),
                            ..body
                        });
                        reload.emit(());
                    }
                    Err(e) => rate_error.set(Some(e)),
                }
            });
        })
    };
    let older = {
        let (replace, data) = (page.replace.clone(), data.clone());
        Callback::from(move |_: MouseEvent| {
            let (replace, data) = (replace.clone(), data.clone());
            let Some(cursor) = data.next.clone() else {
                return;
            };
            spawn_local(async move {
                let path = format!("/exchange-rates?limit=50&cursor={cursor}");
                if let Ok(more) = api::get::<ExchangeRatePage>(&path).await {
                    let mut next = data.clone();
                    next.rates.extend(more.items);
                    next.next = more.next_cursor;
                    replace.emit(next);
                }
            });
        })
    };
    let delete = {
        let (error, reload) = (error.clone(), page.reload.clone());
        Callback::from(move |rate: ExchangeRateResponse| {
            let question = fill(
                SettingsText::ConfirmDeleteRate.tr(lang),
                &[
                    ("pair", &format!("{}/{}", rate.from, rate.to)),
                    ("day", &format::date(rate.valid_from, lang)),
                ],
            );
            delete_confirmed(
                &question,
                format!("/exchange-rates/{}", rate.id),
                &error,
                &reload,
            );
        })
    };
    let to = if draft.to.is_empty() {
        default.clone()
    } else {
        draft.to.clone()
    };
    let from_options: Vec<SelectOption> = std::iter::once(SelectOption::new("", "—"))
        .chain(options.iter().cloned())
        .collect();
    let rows = data.rates.iter().map(|r| {
        let on_delete = delete.reform({
            let r = r.clone();
            move |_: MouseEvent| r.clone()
        });
        html! {
            <tr data-testid="rate-row">
                <td>{ format!("{} → {}", r.from, r.to) }</td>
                <td class="num" data-testid="rate-value">{ format::number(&r.rate, lang) }</td>
                <td class="nowrap">{ format::date(r.valid_from, lang) }</td>
                <td class="actions">
                    <button type="button" class="link-button danger" data-testid="rate-delete" onclick={on_delete}>
                        { Text::Delete.tr(lang) }
                    </button>
                </td>
            </tr>
        }
    });

    html! {
        <>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
            <OrganisationCard />
            <section class="card" data-testid="default-currency">
                <SelectField label={SettingsText::DefaultCurrency} name="default_currency" options={options.clone()}
                    value={default.clone()} onchange={on_default} hint={Some(SettingsText::DefaultCurrencyHint.into())}
                    testid="default-currency-select" />
                if *saved {
                    <Notice text={SettingsText::CurrencySaved.tr(lang)} />
                }
                <div class="form-actions">
                    <button type="button" class="button primary" data-testid="default-currency-save"
                        onclick={save_default}>{ Text::Save.tr(lang) }</button>
                </div>
            </section>
            <section class="card" data-testid="exchange-rates">
                <h2>{ SettingsText::ExchangeRates.tr(lang) }</h2>
                <form class="rate-form" onsubmit={add_rate} novalidate=true>
                    if let Some(error) = (*rate_error).clone() {
                        <ProblemBanner {error} />
                    }
                    <SelectField label={SettingsText::RateFrom} name="from" options={from_options}
                        value={draft.from.clone()} onchange={set(|d, v| d.from = v)} error={(*rate_error).clone()}
                        testid="rate-from" />
                    <SelectField label={SettingsText::RateTo} name="to" options={options}
                        value={to} onchange={set(|d, v| d.to = v)} error={(*rate_error).clone()} testid="rate-to" />
                    <TextField label={SettingsText::Rate} name="rate" value={draft.rate.clone()}
                        oninput={set(|d, v| d.rate = v)} error={(*rate_error).clone()}
                        hint={Some(SettingsText::RateHint.into())} testid="rate-value-input" />
                    <TextField label={SettingsText::ValidFrom} name="valid_from" input_type="date"
                        value={draft.valid_from.map(|d| d.to_string()).unwrap_or_default()}
                        oninput={set(|d, v| d.valid_from = v.parse().ok())} error={(*rate_error).clone()}
                        testid="rate-valid-from" />
                    <div class="form-actions">
                        <button type="submit" class="button primary" data-testid="rate-add">
                            { SettingsText::AddRate.tr(lang) }
                        </button>
                    </div>
                </form>
                if data.rates.is_empty() {
                    <p class="muted" data-testid="rates-empty">{ SettingsText::NoRates.tr(lang) }</p>
                } else {
                    <div class="table-wrap">
                        <table class="table" data-testid="rates-table">
                            <thead>
                                <tr>
                                    <th>{ format!("{} → {}", SettingsText::RateFrom.tr(lang), SettingsText::RateTo.tr(lang)) }</th>
                                    <th class="num">{ SettingsText::Rate.tr(lang) }</th>
                                    <th>{ SettingsText::ValidFrom.tr(lang) }</th>
                                    <th></th>
                                </tr>
                            </thead>
                            <tbody>{ for rows }</tbody>
                        </table>
                    </div>
                }
                if data.next.is_some() {
                    <button type="button" class="button" data-testid="rates-older" onclick={older}>
                        { SettingsText::OlderRates.tr(lang) }
                    </button>
                }
            </section>
            <TaxesCard />
            <InvoiceSettingsCard />
        </>
    }
}

/// The taxes card: the portal's taxes, added, changed (from the row's Edit) and deleted.
#[component]
fn TaxesCard() -> Html {
    let session = use_session();
    let lang = session.lang();
    let taxes = use_load((), |()| async {
        api::get::<TaxesResponse>("/settings/taxes").await
    });
    // The tax being changed (its id), else a new one.
    let editing = use_state(|| None::<i64>);
    let draft = use_state(TaxRequest::default);
    let error = use_state(|| None::<ApiError>);

    let set = |apply: fn(&mut TaxRequest, String)| field_setter(&draft, apply);
    let save = {
        let (draft, editing, error, reload) = (
            draft.clone(),
            editing.clone(),
            error.clone(),
            taxes.reload.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (body, id) = ((*draft).clone(), *editing);
            let (draft, editing, error, reload) = (
                draft.clone(),
                editing.clone(),
                error.clone(),
                reload.clone(),
            );
            spawn_local(async move {
                let saved = match id {
                    Some(id) => {
                        api::patch::<_, TaxResponse>(&format!("/settings/taxes/{id}"), &body).await
                    }
                    None => api::post::<_, TaxResponse>("/settings/taxes", &body).await,
                };
                match saved {
                    Ok(_) => {
                        error.set(None);
                        editing.set(None);
                        draft.set(TaxRequest::default());
                        reload.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let edit = {
        let (draft, editing) = (draft.clone(), editing.clone());
        Callback::from(move |t: TaxResponse| {
            editing.set(Some(t.id));
            draft.set(TaxRequest {
                name: Some(t.name),
                rate: Some(t.rate),
                description: Some(t.description),
                version: Some(t.version),
            });
        })
    };
    let cancel = {
        let (draft, editing, error) = (draft.clone(), editing.clone(), error.clone());
        Callback::from(move |_: MouseEvent| {
            editing.set(None);
            error.set(None);
            draft.set(TaxRequest::default());
        })
    };
    let remove = {
        let (error, reload) = (error.clone(), taxes.reload.clone());
        Callback::from(move |t: TaxResponse| {
            let question = fill(
                SettingsText::ConfirmDeleteTax.tr(lang),
                &[("name", &t.name)],
            );
            delete_confirmed(
                &question,
                format!("/settings/taxes/{}", t.id),
                &error,
                &reload,
            );
        })
    };
    let rows = taxes.data.iter().flat_map(|t| t.items.iter()).map(|t| {
        let (on_edit, on_delete) = (
            edit.reform({
                let t = t.clone();
                move |_: MouseEvent| t.clone()
            }),
            remove.reform({
                let t = t.clone();
                move |_: MouseEvent| t.clone()
            }),
        );
        html! {
            <tr data-testid="tax-row">
                <td>{ t.name.clone() }</td>
                <td class="num nowrap" data-testid="tax-rate">{ format!("{} %", format::number(&t.rate, lang)) }</td>
                <td>{ t.description.clone() }</td>
                <td class="actions nowrap">
                    <button type="button" class="link-button" data-testid="tax-edit" onclick={on_edit}>{ ContactText::Edit.tr(lang) }</button>
                    { " " }
                    <button type="button" class="link-button danger" data-testid="tax-delete" onclick={on_delete}>{ Text::Delete.tr(lang) }</button>
                </td>
            </tr>
        }
    });
    let text = |v: &Option<String>| AttrValue::from(v.clone().unwrap_or_default());

    html! {
        <section class="card" data-testid="taxes">
            <h2>{ SettingsText::Taxes.tr(lang) }</h2>
            if let Some(error) = taxes.error.clone() {
                <ProblemBanner {error} on_reload={taxes.reload.clone()} />
            }
            if taxes.data.as_ref().is_some_and(|t| !t.items.is_empty()) {
                <div class="table-wrap">
                    <table class="table" data-testid="taxes-table">
                        <thead>
                            <tr>
                                <th>{ SettingsText::TaxName.tr(lang) }</th>
                                <th class="num">{ SettingsText::TaxRate.tr(lang) }</th>
                                <th>{ SettingsText::TaxDescription.tr(lang) }</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
            <form onsubmit={save} novalidate=true data-testid="tax-form">
                if let Some(error) = (*error).clone() {
                    <ProblemBanner {error} />
                }
                <TextField label={SettingsText::TaxName} name="name" value={text(&draft.name)}
                    oninput={set(|d, v| d.name = Some(v))} error={(*error).clone()} testid="tax-name" />
                <TextField label={SettingsText::TaxRate} name="rate" value={text(&draft.rate)}
                    oninput={set(|d, v| d.rate = Some(v))} error={(*error).clone()} testid="tax-rate-input" />
                <TextField label={SettingsText::TaxDescription} name="description" value={text(&draft.description)}
                    oninput={set(|d, v| d.description = Some(v))} error={(*error).clone()} testid="tax-description" />
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="tax-save">
                        { if editing.is_some() { Text::Save.tr(lang) } else { SettingsText::AddTax.tr(lang) } }
                    </button>
                    if editing.is_some() {
                        <button type="button" class="link-button" onclick={cancel}>{ Text::Cancel.tr(lang) }</button>
                    }
                </div>
            </form>
        </section>
    }
}

/// The organisation card: the name, address, tax id and bank details printed on invoices.
#[component]
fn OrganisationCard() -> Html {
    let session = use_session();
    let lang = session.lang();
    let profile = use_load((), |()| async {
        api::get::<OrganisationResponse>("/settings/organisation").await
    });
    let draft = use_state(|| None::<UpdateOrganisationRequest>);
    let error = use_state(|| None::<ApiError>);
    let saved = use_state(|| false);
    let Some(current) = profile.data.clone() else {
        return match profile.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={profile.reload.clone()} /> },
            None => html! { <Loading /> },
        };
    };
    let shown = (*draft)
        .clone()
        .unwrap_or_else(|| UpdateOrganisationRequest {
            name: Some(current.name.clone()),
            address: Some(current.address.clone()),
            tax_id: Some(current.tax_id.clone()),
            bank_details: Some(current.bank_details.clone()),
            version: Some(current.version),
        });
    let set = |apply: fn(&mut UpdateOrganisationRequest, String)| {
        let (draft, shown) = (draft.clone(), shown.clone());
        Callback::from(move |value: String| {
            let mut next = (*draft).clone().unwrap_or_else(|| shown.clone());
            apply(&mut next, value);
            draft.set(Some(next));
        })
    };
    let save = {
        let (draft, error, saved, replace) = (
            draft.clone(),
            error.clone(),
            saved.clone(),
            profile.replace.clone(),
        );
        // The version shown: a new logo changes it while the fields are being edited.
        let body = UpdateOrganisationRequest {
            version: Some(current.version),
            ..shown.clone()
        };
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (draft, error, saved, replace, body) = (
                draft.clone(),
                error.clone(),
                saved.clone(),
                replace.clone(),
                body.clone(),
            );
            spawn_local(async move {
                match api::patch::<_, OrganisationResponse>("/settings/organisation", &body).await {
                    Ok(answer) => {
                        error.set(None);
                        saved.set(true);
                        draft.set(None);
                        replace.emit(answer);
                    }
                    Err(e) => {
                        saved.set(false);
                        error.set(Some(e));
                    }
                }
            });
        })
    };
    let text = |v: &Option<String>| AttrValue::from(v.clone().unwrap_or_default());

    html! {
        <section class="card" data-testid="organisation">
            <h2>{ SettingsText::Organisation.tr(lang) }</h2>
            <p class="muted">{ SettingsText::OrganisationHint.tr(lang) }</p>
            <OrganisationLogo logo_url={current.logo_url.clone()} on_saved={profile.replace.clone()}
                on_removed={profile.reload.clone()} />
            <form onsubmit={save} novalidate=true>
                if let Some(error) = (*error).clone() {
                    <ProblemBanner {error} />
                }
                <TextField label={SettingsText::OrganisationName} name="name" value={text(&shown.name)}
                    oninput={set(|d, v| d.name = Some(v))} error={(*error).clone()} testid="organisation-name" />
                <TextAreaField label={SettingsText::Address} name="address" value={text(&shown.address)}
                    oninput={set(|d, v| d.address = Some(v))} error={(*error).clone()} testid="organisation-address" />
                <TextField label={SettingsText::TaxId} name="tax_id" value={text(&shown.tax_id)}
                    oninput={set(|d, v| d.tax_id = Some(v))} error={(*error).clone()} testid="organisation-tax-id" />
                <TextAreaField label={SettingsText::BankDetails} name="bank_details" value={text(&shown.bank_details)}
                    oninput={set(|d, v| d.bank_details = Some(v))} error={(*error).clone()} testid="organisation-bank" />
                if *saved {
                    <Notice text={SettingsText::OrganisationSaved.tr(lang)} />
                }
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="organisation-save">{ Text::Save.tr(lang) }</button>
                </div>
            </form>
        </section>
    }
}

/// Properties of [`OrganisationLogo`].
#[derive(Properties, PartialEq)]
struct OrganisationLogoProps {
    logo_url: Option<String>,
    /// Called with the profile after a new logo was saved.
    on_saved: Callback<OrganisationResponse>,
    /// Called after the logo was removed.
    on_removed: Callback<()>,
}

/// The logo, with buttons to upload another or remove it.
#[component]
fn OrganisationLogo(props: &OrganisationLogoProps) -> Html {
    let lang = use_session().lang();
    let src = use_object_url(props.logo_url.clone());
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let onchange = {
        let (error, busy, on_saved) = (error.clone(), busy.clone(), props.on_saved.clone());
        Callback::from(move |e: Event| {
            let path = "/settings/organisation/logo".to_owned();
            upload_chosen_image(&e, path, &error, &busy, &on_saved);
        })
    };
    let remove = {
        let (error, on_removed) = (error.clone(), props.on_removed.clone());
        Callback::from(move |_: MouseEvent| {
            delete_confirmed(
                SettingsText::ConfirmRemoveLogo.tr(lang),
                "/settings/organisation/logo".to_owned(),
                &error,
                &on_removed,
            );
        })
    };
    html! {
        <div class="organisation-logo" data-testid="organisation-logo">
            if let Some(src) = src {
                <img class="logo" {src} alt={SettingsText::Logo.tr(lang)} data-testid="organisation-logo-image" />
            }
            <div class="photo-actions">
                <label for="organisation-logo-input" class={classes!("button", "small", busy.then_some("disabled"))}
                    title={HistoryText::PhotoHint.tr(lang)}>
                    { if props.logo_url.is_some() { SettingsText::ChangeLogo.tr(lang) } else { SettingsText::AddLogo.tr(lang) } }
                </label>
                <input id="organisation-logo-input" type="file" class="visually-hidden"
                    accept="image/jpeg,image/png,image/webp,image/gif" disabled={*busy} {onchange}
                    data-testid="organisation-logo-input" />
                if props.logo_url.is_some() {
                    <button type="button" class="link-button small" onclick={remove} data-testid="organisation-logo-remove">
                        { SettingsText::RemoveLogo.tr(lang) }
                    </button>
                }
            </div>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
        </div>
    }
}
