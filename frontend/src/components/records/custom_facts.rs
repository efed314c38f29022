//! The custom fields of a contact on its profile: the filled-in ones, under their headings.

use chrono::NaiveDate;
use crm_api_types::{CustomFieldResponse, CustomValue};
use serde_json::Value;
use yew::prelude::*;

use crate::i18n::{CustomFieldText, Lang};
use crate::services::format;

/// A value as people read it; `None` when there is nothing to show.
fn shown_value(field: &CustomFieldResponse, value: &Value, lang: Lang) -> Option<Html> {
    let text = match (field.field_type.as_str(), value) {
        (_, Value::Null) => return None,
        ("select", value) => {
            let id = value.as_i64()?;
            field.options.iter().find(|o| o.id == id)?.label.clone()
        }
        // A checkbox, or a yes/no value of another type: never a bare `true`/`false`.
        (_, Value::Bool(ticked)) => {
            let answer = if *ticked {
                CustomFieldText::Yes
            } else {
                CustomFieldText::No
            };
            answer.tr(lang).to_owned()
        }
        ("date", Value::String(day)) => match day.parse::<NaiveDate>() {
            Ok(day) => format::date(day, lang),
            Err(_) => day.clone(),
        },
        ("textarea", Value::String(text)) if !text.trim().is_empty() => {
            return Some(html! { <p class="notes">{ text.clone() }</p> });
        }
        ("number", Value::String(text)) => format::number(text, lang),
        (_, Value::String(text)) => text.clone(),
        (_, Value::Number(number)) => format::number(&number.to_string(), lang),
        _ => return None,
    };
    (!text.trim().is_empty()).then(|| html! { { text } })
}

/// `<dt>`/`<dd>` pairs of the contact's filled-in custom fields, in field order; a heading is
/// shown only above fields that have values.
pub fn custom_facts<'a>(
    fields: impl Iterator<Item = &'a CustomFieldResponse>,
    values: &[CustomValue],
    lang: Lang,
) -> Html {
    let mut out = Vec::new();
    let mut pending_heading: Option<&CustomFieldResponse> = None;
    for field in fields {
        if field.field_type == "heading" {
            pending_heading = Some(field);
            continue;
        }
        let value = values.iter().find(|v| v.field_id == field.id);
        let Some(shown) = value.and_then(|v| shown_value(field, &v.value, lang)) else {
            continue;
        };
        if let Some(heading) = pending_heading.take() {
            out.push(html! { <dt class="facts-heading">{ heading.label.clone() }</dt> });
        }
        out.push(html! {
            <>
                <dt>{ field.label.clone() }</dt>
                <dd data-testid="custom-fact" data-field={field.id.to_string()}>{ shown }</dd>
            </>
        });
    }
    html! { <>{ for out }</> }
}
