//! The numbering and terms card of the billing settings (CRM admins): automatic numbers (the
//! prefix and the next number) or numbers typed by hand, and what a new invoice says.

use crm_api_types::{InvoiceSettingsResponse, UpdateInvoiceSettingsRequest};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{CheckField, Loading, Notice, ProblemBanner, TextAreaField, TextField};
use crate::hooks::{use_load, use_session};
use crate::i18n::{fill, InvoiceText};
use crate::services::{api, ApiError};

/// The form's fields for the stored settings.
fn draft_of(s: &InvoiceSettingsResponse) -> UpdateInvoiceSettingsRequest {
    UpdateInvoiceSettingsRequest {
        auto_numbering: Some(s.auto_numbering),
        prefix: Some(s.prefix.clone()),
        next_number: Some(s.next_number.clone()),
        due_days: Some(s.due_days),
        terms: Some(s.terms.clone()),
        notes: Some(s.notes.clone()),
        version: Some(s.version),
    }
}

/// The card.
#[component]
pub fn InvoiceSettingsCard() -> Html {
    let lang = use_session().lang();
    let settings = use_load((), |()| async {
        api::get::<InvoiceSettingsResponse>("/settings/invoices").await
    });
    let draft = use_state(|| None::<UpdateInvoiceSettingsRequest>);
    // The text typed for the days, kept as typed until saved.
    let days = use_state(|| None::<String>);
    let error = use_state(|| None::<ApiError>);
    let saved = use_state(|| false);
    let Some(current) = settings.data.clone() else {
        return match settings.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={settings.reload.clone()} /> },
            None => html! { <Loading /> },
        };
    };
    let shown = (*draft).clone().unwrap_or_else(|| draft_of(&current));
    let set = |apply: fn(&mut UpdateInvoiceSettingsRequest, String)| {
        let (draft, shown) = (draft.clone(), shown.clone());
        Callback::from(move |value: String| {
            let mut next = (*draft).clone().unwrap_or_else(|| shown.clone());
            apply(&mut next, value);
            draft.set(Some(next));
        })
    };
    let on_auto = {
        let (draft, shown) = (draft.clone(), shown.clone());
        Callback::from(move |on: bool| {
            let mut next = (*draft).clone().unwrap_or_else(|| shown.clone());
            next.auto_numbering = Some(on);
            draft.set(Some(next));
        })
    };
    let on_days = {
        let days = days.clone();
        Callback::from(move |v: String| days.set(Some(v)))
    };
    let save = {
        let (draft, days, error, saved, replace) = (
            draft.clone(),
            days.clone(),
            error.clone(),
            saved.clone(),
            settings.replace.clone(),
        );
        let loaded_next = current.next_number.clone();
        let start = UpdateInvoiceSettingsRequest {
            version: Some(current.version),
            ..shown.clone()
        };
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut body = start.clone();
            // The counter moves on with every invoice: only a number typed here sets it.
            if body.next_number.as_deref() == Some(loaded_next.as_str()) {
                body.next_number = None;
            }
            if let Some(typed) = (*days).clone() {
                // Not a number: the server names the field.
                body.due_days = Some(typed.trim().parse().unwrap_or(-1));
            }
            let (draft, days, error, saved, replace, body) = (
                draft.clone(),
                days.clone(),
                error.clone(),
                saved.clone(),
                replace.clone(),
                body.clone(),
            );
            spawn_local(async move {
                match api::patch::<_, InvoiceSettingsResponse>("/settings/invoices", &body).await {
                    Ok(answer) => {
                        error.set(None);
                        saved.set(true);
                        draft.set(None);
                        days.set(None);
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
    let days_text = (*days)
        .clone()
        .unwrap_or_else(|| shown.due_days.unwrap_or_default().to_string());
    let auto = shown.auto_numbering.unwrap_or(true);

    html! {
        <section class="card" data-testid="invoice-settings">
            <h2>{ InvoiceText::Numbering.tr(lang) }</h2>
            <form onsubmit={save} novalidate=true>
                if let Some(error) = (*error).clone() {
                    <ProblemBanner {error} />
                }
                <CheckField label={InvoiceText::AutoNumbering} name="auto_numbering" checked={auto}
                    onchange={on_auto} error={(*error).clone()} />
                if auto {
                    <div class="field-row">
                        <TextField label={InvoiceText::Prefix} name="prefix" value={text(&shown.prefix)}
                            oninput={set(|d, v| d.prefix = Some(v))} error={(*error).clone()} testid="invoice-prefix" />
                        <TextField label={InvoiceText::NextNumber} name="next_number" value={text(&shown.next_number)}
                            oninput={set(|d, v| d.next_number = Some(v))} error={(*error).clone()} testid="invoice-next-number" />
                    </div>
                    <p class="muted" data-testid="invoice-next-preview">
                        { fill(InvoiceText::NextInvoice.tr(lang), &[("number", &current.next_invoice_number)]) }
                    </p>
                }
                <TextField label={InvoiceText::DueDays} name="due_days" input_type="number" value={AttrValue::from(days_text)}
                    hint={InvoiceText::DueDaysHint} oninput={on_days} error={(*error).clone()} testid="invoice-default-due-days" />
                <TextAreaField label={InvoiceText::Terms} name="terms" value={text(&shown.terms)}
                    oninput={set(|d, v| d.terms = Some(v))} error={(*error).clone()} testid="invoice-default-terms" />
                <TextAreaField label={InvoiceText::Notes} name="notes" value={text(&shown.notes)}
                    oninput={set(|d, v| d.notes = Some(v))} error={(*error).clone()} testid="invoice-default-notes" />
                if *saved {
                    <Notice text={InvoiceText::SettingsSaved.tr(lang)} />
                }
                <div class="form-actions">
                    <button type="submit" class="button primary" data-testid="invoice-settings-save">{ InvoiceText::Save.tr(lang) }</button>
                </div>
            </form>
        </section>
    }
}
