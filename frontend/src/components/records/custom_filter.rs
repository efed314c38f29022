//! The custom field filter of a list of records: pick a field, then enter or choose a value.

use crm_api_types::CustomFieldResponse;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{fill, CustomFieldText, Lang};

/// A custom field filter: the field and the value it must have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomFilter {
    /// The field.
    pub field: Option<i64>,
    /// The value, as the list's `custom_value` parameter takes it.
    pub value: String,
}

/// Properties of [`CustomFieldFilter`].
#[derive(Properties, PartialEq)]
pub struct CustomFieldFilterProps {
    /// The fields that may be filtered by (those of the kinds the list shows).
    pub fields: Vec<CustomFieldResponse>,
    /// Whether fields of several owners (persons and companies) are offered: their names then
    /// say whose they are.
    pub with_owner: bool,
    /// The filter now.
    pub filter: CustomFilter,
    /// True when every filter of the list was cleared: the picked field is forgotten too.
    pub cleared: bool,
    /// Called with the changed filter (no field when its value is blank).
    pub onchange: Callback<CustomFilter>,
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

/// The filter by `field` with `value` (no filter when the value is blank).
fn with_value(field: Option<i64>, value: &str) -> CustomFilter {
    let value = value.trim();
    match field.filter(|_| !value.is_empty()) {
        Some(field) => CustomFilter {
            field: Some(field),
            value: value.to_owned(),
        },
        None => CustomFilter::default(),
    }
}

/// A field picker and the input for its value.
#[component]
pub fn CustomFieldFilter(props: &CustomFieldFilterProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let filter = &props.filter;
    let picked = use_state(|| filter.field);
    {
        // "Clear filters" forgets the picked field too.
        let picked = picked.clone();
        use_effect_with(props.cleared, move |cleared| {
            if *cleared {
                picked.set(None);
            }
        });
    }
    let fields: Vec<&CustomFieldResponse> = props
        .fields
        .iter()
        .filter(|f| f.field_type != "heading")
        .collect();
    if fields.is_empty() {
        return html! {};
    }
    let on_field = {
        let (picked, active, onchange) = (picked.clone(), filter.field, props.onchange.clone());
        Callback::from(move |e: Event| {
            let field = e
                .target_unchecked_into::<HtmlSelectElement>()
                .value()
                .parse()
                .ok();
            picked.set(field);
            if active.is_some() {
                onchange.emit(CustomFilter::default());
            }
        })
    };
    let on_value = {
        let (picked, onchange) = (*picked, props.onchange.clone());
        Callback::from(move |value: String| onchange.emit(with_value(picked, &value)))
    };
    let field = picked.and_then(|id| props.fields.iter().find(|f| f.id == id));
    let value = filter.value.clone();
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
                        { field_name(f, props.with_owner, lang) }
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
        assert_eq!(with_value(Some(3), "  "), CustomFilter::default());
        assert_eq!(
            with_value(Some(4), " VIP "),
            CustomFilter {
                field: Some(4),
                value: "VIP".into()
            }
        );
    }
}
