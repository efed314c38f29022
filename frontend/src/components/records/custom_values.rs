//! Values of custom fields as the contact form holds them, and how they become requests.

use std::collections::{BTreeMap, BTreeSet};

use crm_api_types::CustomValue;
use serde_json::Value;

/// Values by field id, in wire form (`Value::Null` or absent: no value).
pub type CustomValues = BTreeMap<i64, Value>;

/// The values a stored contact has.
pub fn from_contact(values: &[CustomValue]) -> CustomValues {
    values
        .iter()
        .filter(|v| !v.value.is_null())
        .map(|v| (v.field_id, v.value.clone()))
        .collect()
}

/// The values a new contact is created with: those that are set, in field id order.
pub fn for_create(values: &CustomValues) -> Option<Vec<CustomValue>> {
    let set: Vec<CustomValue> = values
        .iter()
        .filter(|(_, value)| !value.is_null())
        .map(|(id, value)| CustomValue {
            field_id: *id,
            value: value.clone(),
        })
        .collect();
    (!set.is_empty()).then_some(set)
}

/// Only the values that differ from `old`, in field id order; a cleared one is `null`.
pub fn changes(new: &CustomValues, old: &CustomValues) -> Option<Vec<CustomValue>> {
    let ids: BTreeSet<i64> = new.keys().chain(old.keys()).copied().collect();
    let changed: Vec<CustomValue> = ids
        .into_iter()
        .filter_map(|id| {
            let now = new.get(&id).unwrap_or(&Value::Null);
            let before = old.get(&id).unwrap_or(&Value::Null);
            (now != before).then(|| CustomValue {
                field_id: id,
                value: now.clone(),
            })
        })
        .collect();
    (!changed.is_empty()).then_some(changed)
}

/// A value as the text of its input: the option id of a select, `true` for a ticked box.
pub fn input_text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Bool(true)) => "true".to_owned(),
        _ => String::new(),
    }
}

/// The value an input's text stands for in a field of `field_type`; `null` when blank.
/// Numbers travel as decimal strings so that no precision is lost.
pub fn value_of(field_type: &str, text: &str) -> Value {
    if text.trim().is_empty() {
        return Value::Null;
    }
    match field_type {
        "select" => text.parse::<i64>().map_or(Value::Null, Value::from),
        "checkbox" => Value::Bool(text == "true"),
        "number" => Value::String(text.trim().replace(',', ".")),
        "date" => Value::String(text.trim().to_owned()),
        _ => Value::String(text.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn new_contacts_send_only_set_values() {
        let values = CustomValues::from([(3, json!("x")), (1, Value::Null), (2, json!(true))]);
        let sent = for_create(&values).unwrap_or_default();
        assert_eq!(
            sent.iter().map(|v| v.field_id).collect::<Vec<_>>(),
            vec![2, 3]
        );
        assert_eq!(for_create(&CustomValues::new()), None);
    }

    #[test]
    fn changes_name_changed_and_cleared_fields_only() {
        let old = CustomValues::from([(1, json!("a")), (2, json!(5)), (3, json!("2026-01-01"))]);
        let new = CustomValues::from([(1, json!("a")), (2, Value::Null), (4, json!(false))]);
        let sent = changes(&new, &old).unwrap_or_default();
        let pairs: Vec<(i64, Value)> = sent.into_iter().map(|v| (v.field_id, v.value)).collect();
        assert_eq!(
            pairs,
            vec![(2, Value::Null), (3, Value::Null), (4, json!(false))]
        );
        assert_eq!(changes(&old, &old), None);
    }

    #[test]
    fn input_text_becomes_a_typed_value() {
        assert_eq!(value_of("select", "12"), json!(12));
        assert_eq!(value_of("number", " 3,50 "), json!("3.50"));
        assert_eq!(value_of("checkbox", "true"), json!(true));
        assert_eq!(value_of("text", "  "), Value::Null);
        assert_eq!(input_text(Some(&json!(12))), "12");
        assert_eq!(input_text(Some(&json!(false))), "");
    }
}
