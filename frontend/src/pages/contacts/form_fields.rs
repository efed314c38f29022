//! The inputs of the contact form: names, company, lists, tags, managers, access, details
//! and custom fields.

use std::rc::Rc;

use crm_api_types::{ContactRef, ContactResponse, ListItemResponse};
use yew::prelude::*;

use super::details_editor::DetailsEditor;
use super::draft::ContactDraft;
use crate::components::records::CustomFieldInputs;
use crate::components::{
    ContactPicker, FieldErrors, IdPicker, PickerOption, SelectField, SelectOption, TagInput,
    TextAreaField, TextField,
};
use crate::hooks::{use_session, ContactChoices};
use crate::i18n::{access_text, ContactText, ACCESS_LEVELS};
use crate::services::ApiError;

/// Currencies offered as suggestions; any ISO 4217 code may be typed.
const CURRENCIES: &[&str] = &[
    "RUB", "USD", "EUR", "CNY", "KZT", "BYN", "GBP", "TRY", "AED",
];

/// Properties of [`ContactFields`].
#[derive(Properties, PartialEq)]
pub struct ContactFieldsProps {
    /// What the form holds now.
    pub draft: ContactDraft,
    /// Called with the changed draft.
    pub onchange: Callback<ContactDraft>,
    /// Lists, users and tags to choose from.
    pub choices: Rc<ContactChoices>,
    /// The failed save whose field errors to show.
    #[prop_or_default]
    pub error: Option<ApiError>,
    /// The contact being edited (not offered as its own company).
    #[prop_or_default]
    pub contact_id: Option<i64>,
    /// Custom field ids in the order the failed save sent them.
    #[prop_or_default]
    pub sent_custom: Vec<i64>,
}

/// A callback that applies `apply` with its argument to a copy of `draft` and emits it.
fn setter<T: 'static>(
    draft: &ContactDraft,
    onchange: &Callback<ContactDraft>,
    apply: fn(&mut ContactDraft, T),
) -> Callback<T> {
    let (draft, onchange) = (draft.clone(), onchange.clone());
    Callback::from(move |value: T| {
        let mut next = draft.clone();
        apply(&mut next, value);
        onchange.emit(next);
    })
}

/// Every input of the contact form.
#[component]
pub fn ContactFields(props: &ContactFieldsProps) -> Html {
    let session = use_session();
    let draft = &props.draft;
    let err = props.error.clone();
    let on = &props.onchange;
    let text = |apply: fn(&mut ContactDraft, String)| setter(draft, on, apply);
    let list_options = |items: &[ListItemResponse]| {
        std::iter::once(SelectOption::new("", session.t(ContactText::NotSet)))
            .chain(
                items
                    .iter()
                    .map(|i| SelectOption::new(i.id.to_string(), i.title.clone())),
            )
            .collect::<Vec<_>>()
    };
    let id_value = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    let choices = &props.choices;
    let on_company = setter(draft, on, |d, company: ContactResponse| {
        d.company = Some(ContactRef {
            id: company.id,
            kind: company.kind,
            display_name: company.display_name,
        });
    });
    let unlink_company = setter(draft, on, |d, _: MouseEvent| d.company = None);
    let managers: Vec<PickerOption> = choices
        .users
        .iter()
        .filter(|u| u.active || draft.manager_ids.contains(&u.id))
        .map(|u| PickerOption {
            id: u.id,
            label: u.name.clone(),
            detail: u.email.clone(),
        })
        .collect();
    let custom_fields: Vec<_> = choices.fields_of(&draft.kind).cloned().collect();
    let access_options: Vec<SelectOption> = ACCESS_LEVELS
        .iter()
        .map(|a| SelectOption::new(*a, access_text(a).map_or(*a, |t| session.t(t))))
        .collect();

    html! {
        <>
            if draft.is_person() {
                <div class="field-row">
                    <TextField label={ContactText::FirstName} name="first_name" value={draft.first_name.clone()}
                        oninput={text(|d, v| d.first_name = v)} error={err.clone()} testid="contact-first-name"
                        autocomplete="off" required=true />
                    <TextField label={ContactText::LastName} name="last_name" value={draft.last_name.clone()}
                        oninput={text(|d, v| d.last_name = v)} error={err.clone()} testid="contact-last-name"
                        autocomplete="off" required=true />
                </div>
                <TextField label={ContactText::JobTitle} name="job_title" value={draft.job_title.clone()}
                    oninput={text(|d, v| d.job_title = v)} error={err.clone()} testid="contact-job-title" />
                <div class="field">
                    <label>{ session.t(ContactText::Company) }</label>
                    if let Some(company) = &draft.company {
                        <p class="linked" data-testid="contact-company">
                            <span>{ company.display_name.clone() }</span>
                            <button type="button" class="button small" onclick={unlink_company}>
                                { session.t(ContactText::Unlink) }
                            </button>
                        </p>
                    } else {
                        <ContactPicker placeholder={ContactText::FindCompany} kind="company"
                            exclude={props.contact_id.into_iter().collect::<Vec<_>>()}
                            onpick={on_company} testid="contact-company-search" />
                    }
                    <FieldErrors error={err.clone()} field="company_id" />
                </div>
            } else {
                <TextField label={ContactText::CompanyName} name="name" value={draft.name.clone()}
                    oninput={text(|d, v| d.name = v)} error={err.clone()} testid="contact-name"
                    autocomplete="off" required=true />
            }
            <div class="field-row">
                <SelectField label={ContactText::Type} name="type_id" options={list_options(&choices.types)}
                    value={id_value(draft.type_id)} error={err.clone()} testid="contact-type"
                    onchange={setter(draft, on, |d, v: String| d.type_id = v.parse().ok())} />
                <SelectField label={ContactText::Temperature} name="temperature_id"
                    options={list_options(&choices.temperatures)} value={id_value(draft.temperature_id)}
                    error={err.clone()} testid="contact-temperature"
                    onchange={setter(draft, on, |d, v: String| d.temperature_id = v.parse().ok())} />
            </div>
            <div class="field-row">
                <TextField label={ContactText::Currency} name="currency" value={draft.currency.clone()}
                    oninput={text(|d, v| d.currency = v.to_uppercase())} error={err.clone()} list="currencies"
                    maxlength="3" hint={ContactText::CurrencyHint} testid="contact-currency" />
                <TextField label={ContactText::Industry} name="industry" value={draft.industry.clone()}
                    oninput={text(|d, v| d.industry = v)} error={err.clone()} testid="contact-industry" />
            </div>
            <datalist id="currencies">
                { for CURRENCIES.iter().map(|c| html! { <option value={*c} /> }) }
            </datalist>
            <DetailsEditor details={draft.details.clone()} error={err.clone()}
                onchange={setter(draft, on, |d, details| d.details = details)} />
            <TagInput label={ContactText::Tags} name="tags" tags={draft.tags.clone()} error={err.clone()}
                suggestions={choices.tags.iter().map(|t| t.name.clone()).collect::<Vec<_>>()}
                testid="contact-tags"
                onchange={setter(draft, on, |d, tags| d.tags = tags)} />
            <SelectField label={ContactText::Access} name="access" options={access_options}
                value={draft.access.clone()} error={err.clone()} hint={ContactText::AccessHint}
                testid="contact-access" onchange={text(|d, v| d.access = v)} />
            <IdPicker label={ContactText::Managers} name="manager_ids" options={managers}
                selected={draft.manager_ids.clone()} error={err.clone()}
                onchange={setter(draft, on, |d, ids| d.manager_ids = ids)} />
            <TextAreaField label={ContactText::Notes} name="notes" value={draft.notes.clone()}
                oninput={text(|d, v| d.notes = v)} error={err.clone()} testid="contact-notes" />
            if !custom_fields.is_empty() {
                <CustomFieldInputs fields={custom_fields} values={draft.custom_fields.clone()} error={err}
                    sent={props.sent_custom.clone()}
                    onchange={setter(draft, on, |d, values| d.custom_fields = values)} />
            }
        </>
    }
}
