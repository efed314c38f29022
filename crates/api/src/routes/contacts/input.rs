//! Request bodies of contacts to validated values, with every invalid field named at once.

use crm_api_types::ContactDetailInput;
use crm_domain::contact::{self, parse_currency, parse_details, ContactKind, DetailInput};
use crm_domain::Access;
use crm_domain::{BoundedText, FieldError, Validator};
use crm_persistence::contacts::NewDetail;

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

pub use crate::routes::records::tag_names as tags;

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

/// A person's display name from its parts.
pub fn display_name(kind: ContactKind, first: &str, last: &str, company: &str) -> String {
    match kind {
        ContactKind::Person => contact::person_display_name(first, last),
        ContactKind::Company => company.to_owned(),
    }
}
