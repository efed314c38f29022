//! Request bodies of contacts to validated values, with every invalid field named at once.

use crm_api_types::ContactDetailInput;
use crm_domain::contact::{self, parse_currency, parse_details, ContactKind, DetailInput};
use crm_domain::Access;
use crm_domain::{BoundedText, FieldError, Validator};
use crm_persistence::contacts::NewDetail;
use crm_persistence::{list_items, DbConnection};

use crate::error::ApiError;

/// Most tags on one contact.
pub const MAX_TAGS: usize = 50;
/// Most contact details (e-mails, phones, addresses …) of one contact.
const MAX_DETAILS: usize = 100;

/// The default country for phone numbers without `+`: the portal's language decides.
pub fn default_phone_country(portal_locale: &str) -> Option<&'static str> {
    (portal_locale == "ru").then_some("RU")
}

/// Details to store.
pub fn details(
    v: &mut Validator,
    inputs: &[ContactDetailInput],
    phone_country: Option<&str>,
) -> Option<Vec<NewDetail>> {
    if inputs.len() > MAX_DETAILS {
        v.push(FieldError::new(
            "details",
            "too_many",
            format!("at most {MAX_DETAILS} details"),
        ));
        return None;
    }
    let raw: Vec<DetailInput<'_>> = inputs
        .iter()
        .map(|d| DetailInput {
            kind: &d.kind,
            category: d.category.as_deref(),
            value: d.value.as_deref(),
            network: d.network.as_deref(),
            is_primary: d.is_primary,
            street: d.street.as_deref(),
            city: d.city.as_deref(),
            region: d.region.as_deref(),
            postcode: d.postcode.as_deref(),
            country: d.country.as_deref(),
        })
        .collect();
    v.check(parse_details(&raw, phone_country)).map(|parsed| {
        parsed
            .into_iter()
            .map(|d| NewDetail {
                kind: d.kind.as_str().to_owned(),
                category: d.category.to_owned(),
                value: d.value,
                normalized: d.normalized,
                network: d.network.map(str::to_owned),
                is_primary: d.is_primary,
                street: d.street,
                city: d.city,
                region: d.region,
                postcode: d.postcode,
                country: d.country,
            })
            .collect()
    })
}

/// Tag names: trimmed, 1–50 characters, no repeats (case-insensitive), at most 50.
pub fn tags(v: &mut Validator, names: &[String]) -> Option<Vec<String>> {
    if names.len() > MAX_TAGS {
        v.push(FieldError::new("tags", "too_many", "at most 50 tags"));
        return None;
    }
    let mut out: Vec<String> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if let Some(t) = v.check(BoundedText::<50>::parse(&format!("tags[{i}]"), n)) {
            if !out
                .iter()
                .any(|o| o.to_lowercase() == t.as_ref().to_lowercase())
            {
                out.push(t.into_inner());
            }
        }
    }
    Some(out)
}

/// Optional free text of at most `MAX` characters; blank becomes empty.
pub fn text<const MAX: usize>(
    v: &mut Validator,
    field: &str,
    input: Option<&str>,
) -> Option<String> {
    v.check(BoundedText::<MAX>::parse_optional(field, input))
        .map(|t| t.map(BoundedText::into_inner).unwrap_or_default())
}

/// Notes keep their line breaks; up to 10 000 characters.
pub fn notes(v: &mut Validator, input: Option<&str>) -> Option<String> {
    text::<10_000>(v, "notes", input)
}

/// Access level.
pub fn access(v: &mut Validator, input: Option<&str>) -> Option<Access> {
    input.and_then(|a| v.check(Access::parse("access", a)))
}

/// Currency: `Some(None)` clears.
pub fn currency(v: &mut Validator, input: Option<&str>) -> Option<Option<String>> {
    match input.map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(c) => v.check(parse_currency("currency", c)).map(Some),
    }
}

/// Contact kind.
pub fn kind(v: &mut Validator, input: &str) -> Option<ContactKind> {
    v.check(ContactKind::parse("kind", input))
}

/// Checks that list items, the company and the phone country exist; runs inside the write.
pub fn check_references(
    conn: &mut DbConnection,
    portal_id: i64,
    viewer: crm_domain::Viewer,
    self_id: Option<i64>,
    type_id: Option<i64>,
    temperature_id: Option<i64>,
    company_id: Option<i64>,
) -> Result<(), ApiError> {
    let mut v = Validator::new();
    if let Some(t) = type_id {
        if !list_items::exists(conn, portal_id, "contact_types", t)? {
            v.push(FieldError::new(
                "type_id",
                "not_found",
                "is not a contact type",
            ));
        }
    }
    if let Some(t) = temperature_id {
        if !list_items::exists(conn, portal_id, "temperatures", t)? {
            v.push(FieldError::new(
                "temperature_id",
                "not_found",
                "is not a temperature",
            ));
        }
    }
    if let Some(c) = company_id {
        match crm_persistence::contacts::find_visible(conn, portal_id, viewer, c) {
            Ok(rec) if rec.contact.kind == "company" && Some(c) != self_id => {}
            Ok(_) => v.push(FieldError::new(
                "company_id",
                "invalid_value",
                "is not a company",
            )),
            Err(crm_persistence::StoreError::NotFound) => {
                v.push(FieldError::new(
                    "company_id",
                    "not_found",
                    "is not a company you can see",
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    v.finish().map_err(Into::into)
}

/// E-mails and phones of details, for the duplicate check.
pub fn match_keys(details: &[NewDetail]) -> (Vec<String>, Vec<String>) {
    let pick = |kind: &str| {
        details
            .iter()
            .filter(|d| d.kind == kind)
            .map(|d| d.normalized.clone())
            .collect()
    };
    (pick("email"), pick("phone"))
}

/// A person's display name from its parts.
pub fn display_name(kind: ContactKind, first: &str, last: &str, company: &str) -> String {
    match kind {
        ContactKind::Person => contact::person_display_name(first, last),
        ContactKind::Company => company.to_owned(),
    }
}

/// Checks custom values against the fields of the contact's kind; `None` clears a field.
/// Runs inside the write, where the fields are read. Errors name `custom_fields[i]…`.
pub fn custom_values(
    conn: &mut DbConnection,
    portal_id: i64,
    kind: ContactKind,
    inputs: &[crm_api_types::CustomValue],
) -> Result<Vec<(i64, Option<crm_persistence::custom_fields::ValueRow>)>, ApiError> {
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
            .find(|f| f.id == input.field_id && f.record_kind == kind.as_str())
        else {
            v.push(FieldError::new(
                format!("{at}.field_id"),
                "not_found",
                "is not a custom field of this kind of contact",
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
        let option_ids: Vec<i64> = crate::routes::custom_fields::options(field)
            .iter()
            .map(|o| o.id)
            .collect();
        let Some(typed) = v.check(parse_value(&format!("{at}.value"), ty, &raw, &option_ids))
        else {
            continue;
        };
        let mut row = crm_persistence::custom_fields::ValueRow::empty(
            portal_id,
            field.id,
            crm_domain::RecordKind::Contact,
        );
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
    record_id: i64,
    values: Vec<(i64, Option<crm_persistence::custom_fields::ValueRow>)>,
) -> Result<(), ApiError> {
    let (ids, rows): (Vec<i64>, Vec<Option<_>>) = values
        .into_iter()
        .map(|(f, r)| {
            (
                f,
                r.map(|mut r| {
                    r.record_id = record_id;
                    r
                }),
            )
        })
        .unzip();
    let record = crm_domain::RecordRef::contact(record_id);
    crm_persistence::custom_fields::set_values(conn, portal_id, record, &ids, &rows)?;
    Ok(())
}
