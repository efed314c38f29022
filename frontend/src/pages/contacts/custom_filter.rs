//! The custom field filter of the contacts list: pick a field, then enter or choose a value.

use std::rc::Rc;

use crm_api_types::{ContactQueryParams, CustomFieldResponse};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::hooks::{use_session, ContactChoices};
use crate::i18n::{fill, CustomFieldText, Lang};

/// Properties of [`CustomFieldFilter`].
#[derive(Properties, PartialEq)]
pub struct CustomFieldFilterProps {
    /// The filters now.
    pub query: ContactQueryParams,
    /// Called with the changed filters.
    pub onchange: Callback<ContactQueryParams>,
    /// The custom fields.
    pub choices: Rc<ContactChoices>,
}

/// The field's label, with its kind when fields of both kinds are offered.
fn field_name(field: &CustomFieldResponse, with_kind: bool, lang: Lang) -> String {
    if !with_kind {
        return field.label.clone();
    }
    let template = if field.record_kind == "company" {
        CustomFieldText::OfCompany
    } else {
        CustomFieldText::OfPerson
    };
    fill(template.tr(lang), &[("label", &field.label)])
}

/// `query` filtering by `field` with `value` (or not by a custom field when blank).
fn with_value(query: &ContactQueryParams, field: Option<i64>, value: &str) -> ContactQueryParams {
    let value = value.trim();
    let mut next = query.clone();
    next.custom_field = field.filter(|_| !value.is_empty());
    next.custom_value = next.custom_field.map(|_| value.to_owned());
    next.cursor = None;
    next
}

/// A field picker and the input for its value.
#[component]
pub fn CustomFieldFilter(props: &CustomFieldFilterProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let query = &props.query;
    let picked = use_state(|| query.custom_field);
    {
        // "Clear filters" forgets the picked field too.
        let picked = picked.clone();
        let cleared = *query == ContactQueryParams::default();
        use_effect_with(cleared, move |cleared| {
            if *cleared {
                picked.set(None);
            }
        });
    }
    let kind = query.kind.clone();
    let fields: Vec<&CustomFieldResponse> = props
        .choices
        .fields
        .iter()
        .filter(|f| f.field_type != "heading")
        .filter(|f| kind.as_ref().is_none_or(|k| *k == f.record_kind))
        .collect();
    if fields.is_empty() {
        return html! {};
    }
    let on_field = {
        let (picked, query, onchange) = (picked.clone(), query.clone(), props.onchange.clone());
        Callback::from(move |e: Event| {
            let field = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .ok();
            picked.set(field);
            if query.custom_field.is_some() {
                onchange.emit(with_value(&query, None, ""));
            }
        })
    };
    let on_value = {
        let (picked, query, onchange) = (*picked, query.clone(), props.onchange.clone());
        Callback::from(move |value: String| onchange.emit(with_value(&query, picked, &value)))
    };
    let field = picked.and_then(|id| props.choices.field(id));
    let value = query.custom_value.clone().unwrap_or_default();
    let label = CustomFieldText::FieldValue.tr(lang);
    let choice = |options: Vec<(String, String)>| {
        let onchange =
            on_value.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
        html! {
            <select aria-label={label} data-testid="filter-custom-value" {onchange}>
                <option value="" selected={value.is_empty()}>{ CustomFieldText::NotChosen.tr(lang) }</option>
                { for options.into_iter().map(|(code, name)| html! {
                    <option value={code.clone()} selected={code == value}>{ name }</option>
                }) }
            </select>
        }
    };
    let value_input = field.map(|field| match field.field_type.as_str() {
        "select" => choice(field.options.iter().map(|o| (o.id.to_string(), o.label.clone())).collect()),
        "checkbox" => choice(vec![
            ("true".to_owned(), CustomFieldText::Yes.tr(lang).to_owned()),
            ("false".to_owned(), CustomFieldText::No.tr(lang).to_owned()),
        ]),
        other => {
            let onchange = on_value.reform(|e: Event| e.target_unchecked_into::<HtmlInputElement>().value());
            let input_type = if other == "date" { "date" } else { "search" };
            html! {
                <input type={input_type} aria-label={label} placeholder={label} value={value.clone()}
                    data-testid="filter-custom-value" {onchange} />
            }
        }
    });

    html! {
        <>
            <select aria-label={CustomFieldText::AnyField.tr(lang)} data-testid="filter-custom-field" onchange={on_field}>
                <option value="" selected={picked.is_none()}>{ CustomFieldText::AnyField.tr(lang) }</option>
                { for fields.iter().map(|f| html! {
                    <option value={f.id.to_string()} selected={*picked == Some(f.id)}>
                        { field_name(f, kind.is_none(), lang) }
                    </option>
                }) }
            </select>
            { value_input }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blank_value_drops_the_custom_field_filter() {
        let query = ContactQueryParams {
            custom_field: Some(3),
            custom_value: Some("x".into()),
            cursor: Some("c".into()),
            ..Default::default()
        };
        assert_eq!(
            with_value(&query, Some(3), "  "),
            ContactQueryParams::default()
        );
        let next = with_value(&ContactQueryParams::default(), Some(4), " VIP ");
        assert_eq!(
            (next.custom_field, next.custom_value.as_deref()),
            (Some(4), Some("VIP"))
        );
    }
}
