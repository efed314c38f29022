//! The custom fields of the contact form, grouped under their headings.

use crm_api_types::CustomFieldResponse;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::custom_values::{input_text, value_of, CustomValues};
use crate::components::FieldErrors;
use crate::hooks::use_session;
use crate::i18n::{CustomFieldText, Lang};
use crate::services::ApiError;

/// Properties of [`CustomFieldInputs`].
#[derive(Properties, PartialEq)]
pub struct CustomFieldInputsProps {
    /// The fields of the contact's kind, in order.
    pub fields: Vec<CustomFieldResponse>,
    /// The values now.
    pub values: CustomValues,
    /// Called with the changed values.
    pub onchange: Callback<CustomValues>,
    /// The failed save whose field errors to show.
    #[prop_or_default]
    pub error: Option<ApiError>,
    /// Field ids in the order the failed save sent them (errors name `custom_fields[i]`).
    #[prop_or_default]
    pub sent: Vec<i64>,
}

/// The input of one field; `on_text` gets the input's new text; `invalid` when the last save
/// refused its value.
fn input(
    field: &CustomFieldResponse,
    text: String,
    on_text: Callback<String>,
    invalid: bool,
    lang: Lang,
) -> Html {
    let id = format!("f-custom-{}", field.id);
    let invalid = invalid.to_string();
    let testid = format!("custom-field-{}", field.id);
    match field.field_type.as_str() {
        "textarea" => {
            let oninput = on_text
                .reform(|e: InputEvent| e.target_unchecked_into::<HtmlTextAreaElement>().value());
            html! { <textarea {id} rows="3" value={text} {oninput} data-testid={testid} aria-invalid={invalid} /> }
        }
        "select" => {
            let onchange =
                on_text.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
            html! {
                <select {id} {onchange} data-testid={testid} aria-invalid={invalid}>
                    <option value="" selected={text.is_empty()}>{ CustomFieldText::NotChosen.tr(lang) }</option>
                    { for field.options.iter().map(|o| html! {
                        <option value={o.id.to_string()} selected={text == o.id.to_string()}>{ o.label.clone() }</option>
                    }) }
                </select>
            }
        }
        "checkbox" => {
            let onchange = on_text.reform(|e: Event| {
                e.target_unchecked_into::<HtmlInputElement>()
                    .checked()
                    .to_string()
            });
            html! { <input {id} type="checkbox" checked={text == "true"} {onchange} data-testid={testid} aria-invalid={invalid} /> }
        }
        other => {
            let input_type = if other == "date" { "date" } else { "text" };
            let mode = (other == "number").then_some("decimal");
            let oninput = on_text
                .reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
            html! {
                <input {id} type={input_type} inputmode={mode} value={text} {oninput} data-testid={testid}
                    aria-invalid={invalid} />
            }
        }
    }
}

/// Inputs for the custom fields; each heading starts a group of the fields after it.
#[component]
pub fn CustomFieldInputs(props: &CustomFieldInputsProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let mut groups: Vec<(Option<String>, Vec<Html>)> = vec![(None, Vec::new())];
    for field in &props.fields {
        if field.field_type == "heading" {
            groups.push((Some(field.label.clone()), Vec::new()));
            continue;
        }
        let on_text = {
            let (values, onchange, id, kind) = (
                props.values.clone(),
                props.onchange.clone(),
                field.id,
                field.field_type.clone(),
            );
            Callback::from(move |text: String| {
                let mut next = values.clone();
                next.insert(id, value_of(&kind, &text));
                onchange.emit(next);
            })
        };
        let text = input_text(props.values.get(&field.id));
        let sent_at = props.sent.iter().position(|id| *id == field.id);
        let invalid = sent_at.is_some_and(|i| {
            props.error.as_ref().is_some_and(|e| {
                e.field_problems(&format!("custom_fields[{i}]"))
                    .next()
                    .is_some()
            })
        });
        let errors = sent_at.map(|i| {
            html! { <FieldErrors error={props.error.clone()} field={format!("custom_fields[{i}]")} /> }
        });
        let check = field.field_type == "checkbox";
        let row = html! {
            <div class={classes!("field", check.then_some("check"))}>
                if check {
                    { input(field, text, on_text, invalid, lang) }
                    <label for={format!("f-custom-{}", field.id)}>{ field.label.clone() }</label>
                } else {
                    <label for={format!("f-custom-{}", field.id)}>{ field.label.clone() }</label>
                    { input(field, text, on_text, invalid, lang) }
                }
                { errors }
            </div>
        };
        if let Some((_, rows)) = groups.last_mut() {
            rows.push(row);
        }
    }
    let groups = groups
        .into_iter()
        .filter(|(heading, rows)| heading.is_some() || !rows.is_empty())
        .map(|(heading, rows)| match heading {
            Some(heading) => html! {
                <fieldset class="custom-group">
                    <legend>{ heading }</legend>
                    { for rows }
                </fieldset>
            },
            None => html! { <div class="custom-group">{ for rows }</div> },
        });
    html! {
        <div class="custom-fields" data-testid="custom-fields">
            { for groups }
            <FieldErrors error={props.error.clone()} field="custom_fields" exact=true />
        </div>
    }
}
