//! What use cases of every record kind share: custom values checked against their fields and
//! stored on a record.

use crm_api_types::CustomFieldOption;
use crm_domain::custom_fields::FieldOwner;
use crm_domain::{FieldError, RecordRef, Validator};
use crm_persistence::custom_fields::{FieldRow, ValueRow};
use crm_persistence::DbConnection;

use crate::error::ApiError;

/// A checked custom value: the field, and its value (`None` clears it).
pub type CheckedValue = (i64, Option<ValueRow>);

/// The options of a select field.
pub fn options(row: &FieldRow) -> Vec<CustomFieldOption> {
    serde_json::from_str(&row.options).unwrap_or_default()
}

/// Checks custom values of a record against the fields of `owner` (a contact's: its
/// person's or company's fields); `None` clears a field. Runs inside the write, where the
/// fields are read. Errors name `custom_fields[i]…`.
pub fn custom_values(
    conn: &mut DbConnection,
    portal_id: i64,
    owner: FieldOwner,
    inputs: &[crm_api_types::CustomValue],
) -> Result<Vec<CheckedValue>, ApiError> {
    use crm_domain::custom_fields::{parse_value, CustomValue as Typed, FieldType, RawValue};
    if inputs.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = inputs.iter().map(|i| i.field_id).collect();
    let fields = crm_persistence::custom_fields::find_many(conn, portal_id, &ids)?;
    let mut v = Validator::new();
    let mut out = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let at = format!("custom_fields[{i}]");
        let Some(field) = fields
            .iter()
            .find(|f| f.id == input.field_id && f.record_kind.0 == owner)
        else {
            v.push(FieldError::new(
                format!("{at}.field_id"),
                "not_found",
                "is not a custom field of this kind of record",
            ));
            continue;
        };
        if out.iter().any(|(f, _)| *f == field.id) {
            v.push(FieldError::new(
                format!("{at}.field_id"),
                "duplicate",
                "names a field twice",
            ));
            continue;
        }
        let Ok(ty) = FieldType::parse("field_type", &field.field_type) else {
            continue;
        };
        let raw = match &input.value {
            serde_json::Value::Null => {
                out.push((field.id, None));
                continue;
            }
            serde_json::Value::String(s) => RawValue::Str(s),
            serde_json::Value::Number(n) => RawValue::Num(n.to_string()),
            serde_json::Value::Bool(b) => RawValue::Bool(*b),
            _ => {
                v.push(FieldError::new(
                    format!("{at}.value"),
                    "invalid_type",
                    "must be a string, number, boolean or null",
                ));
                continue;
            }
        };
        let option_ids: Vec<i64> = options(field).iter().map(|o| o.id).collect();
        let Some(typed) = v.check(parse_value(&format!("{at}.value"), ty, &raw, &option_ids))
        else {
            continue;
        };
        let mut row = ValueRow::empty(portal_id, field.id, owner.record_kind());
        match typed {
            Typed::Text(t) => {
                row.value_key = Some(t.to_lowercase());
                row.value_text = Some(t);
            }
            Typed::Option(o) => row.value_option = Some(o),
            Typed::Bool(b) => row.value_bool = Some(b),
            Typed::Date(d) => row.value_text = Some(d.format("%Y-%m-%d").to_string()),
            Typed::Number { scaled, text } => {
                row.value_number = Some(scaled);
                row.value_text = Some(text);
            }
        }
        out.push((field.id, Some(row)));
    }
    v.finish()?;
    Ok(out)
}

/// Stores checked custom values on a record.
pub fn store_custom_values(
    conn: &mut DbConnection,
    portal_id: i64,
    record: RecordRef,
    values: Vec<CheckedValue>,
) -> Result<(), ApiError> {
    let (ids, rows): (Vec<i64>, Vec<Option<_>>) = values
        .into_iter()
        .map(|(f, r)| {
            (
                f,
                r.map(|mut r| {
                    r.record_id = record.id;
                    r
                }),
            )
        })
        .unzip();
    crm_persistence::custom_fields::set_values(conn, portal_id, record, &ids, &rows)?;
    Ok(())
}
