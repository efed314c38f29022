//! The form of a custom field: its label, its type and, for select fields, its options.

use crm_api_types::{
    CreateCustomFieldRequest, CustomFieldOptionInput, CustomFieldResponse, UpdateCustomFieldRequest,
};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::{FieldErrors, ProblemBanner};
use crate::hooks::use_session;
use crate::i18n::{field_type_text, fill, CustomFieldText, Text, FIELD_TYPES};
use crate::services::{api, ApiError};

/// An option as the form holds it: existing ones keep their id.
#[derive(Debug, Clone, PartialEq, Default)]
struct OptionDraft {
    id: Option<i64>,
    label: String,
}

/// What the form edits.
#[derive(Debug, Clone, PartialEq)]
struct FieldDraft {
    label: String,
    field_type: String,
    options: Vec<OptionDraft>,
}

impl FieldDraft {
    fn new() -> Self {
        Self {
            label: String::new(),
            field_type: "text".to_owned(),
            options: Vec::new(),
        }
    }

    fn from_field(field: &CustomFieldResponse) -> Self {
        Self {
            label: field.label.clone(),
            field_type: field.field_type.clone(),
            options: field
                .options
                .iter()
                .map(|o| OptionDraft {
                    id: Some(o.id),
                    label: o.label.clone(),
                })
                .collect(),
        }
    }

    fn is_select(&self) -> bool {
        self.field_type == "select"
    }

    /// The options with a label, as sent.
    fn option_inputs(&self) -> Vec<CustomFieldOptionInput> {
        self.options
            .iter()
            .filter(|o| !o.label.trim().is_empty())
            .map(|o| CustomFieldOptionInput {
                id: o.id,
                label: o.label.trim().to_owned(),
            })
            .collect()
    }

    fn to_create(&self, record_kind: &str) -> CreateCustomFieldRequest {
        CreateCustomFieldRequest {
            record_kind: record_kind.to_owned(),
            label: self.label.trim().to_owned(),
            field_type: self.field_type.clone(),
            options: self
                .is_select()
                .then(|| self.option_inputs().into_iter().map(|o| o.label).collect()),
        }
    }

    /// Only what changed since `old`, with its version.
    fn changes_to(&self, old: &CustomFieldResponse) -> UpdateCustomFieldRequest {
        let before = Self::from_field(old);
        UpdateCustomFieldRequest {
            label: (self.label.trim() != before.label).then(|| self.label.trim().to_owned()),
            field_type: (self.field_type != before.field_type).then(|| self.field_type.clone()),
            options: (self.is_select() && self.option_inputs() != before.option_inputs())
                .then(|| self.option_inputs()),
            version: Some(old.version),
        }
    }
}

/// Properties of [`FieldEditor`].
#[derive(Properties, PartialEq)]
pub struct FieldEditorProps {
    /// `person` or `company`.
    pub record_kind: AttrValue,
    /// The field to change; `None` for a new one.
    #[prop_or_default]
    pub field: Option<CustomFieldResponse>,
    /// Called with the saved field.
    pub on_saved: Callback<CustomFieldResponse>,
    /// Leaves the form (changing only).
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
}

/// The custom field form.
#[component]
pub fn FieldEditor(props: &FieldEditorProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let draft = use_state(|| {
        props
            .field
            .as_ref()
            .map_or_else(FieldDraft::new, FieldDraft::from_field)
    });
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let on_label = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            next.label = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(next);
        })
    };
    let on_type = {
        let draft = draft.clone();
        Callback::from(move |e: Event| {
            let mut next = (*draft).clone();
            next.field_type = e.target_unchecked_into::<HtmlSelectElement>().value();
            if next.is_select() && next.options.is_empty() {
                next.options.push(OptionDraft::default());
            }
            draft.set(next);
        })
    };
    let option_input = |index: usize| {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*draft).clone();
            if let Some(option) = next.options.get_mut(index) {
                option.label = e.target_unchecked_into::<HtmlInputElement>().value();
            }
            draft.set(next);
        })
    };
    let option_remove = |index: usize| {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.options.remove(index);
            draft.set(next);
        })
    };
    let add_option = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*draft).clone();
            next.options.push(OptionDraft::default());
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, error, busy, field) = (
            draft.clone(),
            error.clone(),
            busy.clone(),
            props.field.clone(),
        );
        let (kind, on_saved) = (props.record_kind.to_string(), props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            busy.set(true);
            let (draft, error, busy, field, kind, on_saved) = (
                draft.clone(),
                error.clone(),
                busy.clone(),
                field.clone(),
                kind.clone(),
                on_saved.clone(),
            );
            spawn_local(async move {
                let result = match &field {
                    Some(old) => {
                        let path = format!("/settings/custom-fields/{}", old.id);
                        api::patch::<_, CustomFieldResponse>(&path, &draft.changes_to(old)).await
                    }
                    None => {
                        api::post::<_, CustomFieldResponse>(
                            "/settings/custom-fields",
                            &draft.to_create(&kind),
                        )
                        .await
                    }
                };
                busy.set(false);
                match result {
                    Ok(saved) => {
                        error.set(None);
                        if field.is_none() {
                            draft.set(FieldDraft::new());
                        }
                        on_saved.emit(saved);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let frozen = props
        .field
        .as_ref()
        .is_some_and(|f| f.value_count.unwrap_or_default() > 0);
    let suffix = props.field.as_ref().map_or_else(
        || format!("new-{}", props.record_kind),
        |f| f.id.to_string(),
    );
    let err = (*error).clone();
    let option_in_use = err.as_ref().is_some_and(|e| e.code == "in_use");
    let cancel = props
        .on_cancel
        .as_ref()
        .map(|c| c.reform(|_: MouseEvent| ()));

    html! {
        <form class="field-editor" {onsubmit} novalidate=true data-testid="custom-field-form">
            if option_in_use {
                <p class="banner banner-error" role="alert" data-testid="problem" data-code="in_use">
                    { CustomFieldText::OptionInUse.tr(lang) }
                </p>
            } else if let Some(error) = err.clone() {
                <ProblemBanner {error} />
            }
            <div class="inline-form">
                <input type="text" value={draft.label.clone()} oninput={on_label} maxlength="100"
                    placeholder={CustomFieldText::FieldLabel.tr(lang)} aria-label={CustomFieldText::FieldLabel.tr(lang)}
                    id={format!("f-label-{suffix}")} data-testid="custom-field-label" />
                <select onchange={on_type} disabled={frozen} aria-label={CustomFieldText::FieldType.tr(lang)}
                    data-testid="custom-field-type">
                    { for FIELD_TYPES.iter().map(|t| html! {
                        <option value={*t} selected={draft.field_type == *t}>
                            { field_type_text(t).map_or(*t, |name| name.tr(lang)) }
                        </option>
                    }) }
                </select>
            </div>
            if frozen {
                <p class="hint">{ CustomFieldText::TypeFrozenHint.tr(lang) }</p>
            }
            <FieldErrors error={err.clone()} field="label" />
            <FieldErrors error={err.clone()} field="field_type" />
            if draft.is_select() {
                <fieldset class="options-editor">
                    <legend>{ CustomFieldText::Options.tr(lang) }</legend>
                    if props.field.is_some() {
                        <p class="hint">{ CustomFieldText::OptionsHint.tr(lang) }</p>
                    }
                    { for draft.options.iter().enumerate().map(|(index, option)| {
                        let label = fill(CustomFieldText::OptionLabel.tr(lang), &[("n", &(index + 1).to_string())]);
                        html! {
                            <div class="inline-form">
                                <input type="text" value={option.label.clone()} oninput={option_input(index)}
                                    maxlength="100" aria-label={label.clone()} placeholder={label}
                                    data-testid="custom-option" />
                                <button type="button" class="button small" onclick={option_remove(index)}
                                    aria-label={CustomFieldText::RemoveOption.tr(lang)} title={CustomFieldText::RemoveOption.tr(lang)}>
                                    { "×" }
                                </button>
                            </div>
                        }
                    }) }
                    <button type="button" class="link-button small" onclick={add_option} data-testid="custom-option-add">
                        { CustomFieldText::AddOption.tr(lang) }
                    </button>
                    <FieldErrors error={err} field="options" />
                </fieldset>
            }
            <div class="form-actions">
                <button type="submit" class="button primary" data-testid="custom-field-save"
                    disabled={*busy || draft.label.trim().is_empty()}>
                    { if props.field.is_some() { Text::Save.tr(lang) } else { CustomFieldText::AddField.tr(lang) } }
                </button>
                if let Some(onclick) = cancel {
                    <button type="button" class="button" {onclick}>{ Text::Cancel.tr(lang) }</button>
                }
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crm_api_types::CustomFieldOption;

    fn stored() -> CustomFieldResponse {
        CustomFieldResponse {
            id: 5,
            record_kind: "company".into(),
            label: "Segment".into(),
            field_type: "select".into(),
            options: vec![
                CustomFieldOption {
                    id: 1,
                    label: "SMB".into(),
                },
                CustomFieldOption {
                    id: 2,
                    label: "Enterprise".into(),
                },
            ],
            position: 0,
            value_count: Some(3),
            version: 7,
        }
    }

    #[test]
    fn new_select_fields_send_their_option_labels() {
        let draft = FieldDraft {
            label: " Segment ".into(),
            field_type: "select".into(),
            options: vec![
                OptionDraft {
                    id: None,
                    label: "A".into(),
                },
                OptionDraft {
                    id: None,
                    label: " ".into(),
                },
            ],
        };
        let request = draft.to_create("person");
        assert_eq!(request.label, "Segment");
        assert_eq!(request.options, Some(vec!["A".to_owned()]));
        assert_eq!(FieldDraft::new().to_create("person").options, None);
    }

    #[test]
    fn renamed_options_keep_their_ids_and_removed_ones_are_left_out() {
        let mut draft = FieldDraft::from_field(&stored());
        draft.options[0].label = "Small business".into();
        draft.options.remove(1);
        draft.options.push(OptionDraft {
            id: None,
            label: "Public".into(),
        });
        let change = draft.changes_to(&stored());
        assert_eq!(change.label, None);
        assert_eq!(change.field_type, None);
        assert_eq!(
            change.options,
            Some(vec![
                CustomFieldOptionInput {
                    id: Some(1),
                    label: "Small business".into()
                },
                CustomFieldOptionInput {
                    id: None,
                    label: "Public".into()
                },
            ])
        );
        assert_eq!(change.version, Some(7));
    }
}
