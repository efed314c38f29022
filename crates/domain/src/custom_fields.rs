//! Custom fields: types, their values, and the rules for changing a field that has values.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::DomainError;

/// Kinds of custom fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldType {
    /// One line of text (up to 500 characters).
    Text,
    /// Several lines (up to 10 000 characters).
    TextArea,
    /// One option of a list.
    Select,
    /// Yes or no.
    Checkbox,
    /// A calendar date.
    Date,
    /// A decimal number (up to 4 decimal places).
    Number,
    /// A heading that groups the fields after it; carries no value.
    Heading,
}

impl FieldType {
    /// Every type.
    pub const ALL: [FieldType; 7] = [
        Self::Text,
        Self::TextArea,
        Self::Select,
        Self::Checkbox,
        Self::Date,
        Self::Number,
        Self::Heading,
    ];

    /// Parses the wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == input.trim())
            .ok_or_else(|| {
                DomainError::field(
                    field,
                    "invalid_value",
                    "must be text, textarea, select, checkbox, date, number or heading",
                )
            })
    }

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::TextArea => "textarea",
            Self::Select => "select",
            Self::Checkbox => "checkbox",
            Self::Date => "date",
            Self::Number => "number",
            Self::Heading => "heading",
        }
    }
}

/// Whose custom fields a list is: every record kind has its own, contacts one for persons and
/// one for companies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldOwner {
    /// Persons.
    Person,
    /// Companies.
    Company,
    /// Deals.
    Deal,
    /// Cases.
    Case,
}

impl FieldOwner {
    /// Every owner.
    pub const ALL: [FieldOwner; 4] = [Self::Person, Self::Company, Self::Deal, Self::Case];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Person => "person",
            Self::Company => "company",
            Self::Deal => "deal",
            Self::Case => "case",
        }
    }

    /// The owner of a stored name, if it is one.
    pub fn from_stored(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == name)
    }

    /// Parses the wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::from_stored(input).ok_or_else(|| {
            DomainError::field(
                field,
                "invalid_value",
                "must be person, company, deal or case",
            )
        })
    }

    /// The kind of the records that carry these fields.
    pub fn record_kind(self) -> crate::RecordKind {
        match self {
            Self::Person | Self::Company => crate::RecordKind::Contact,
            Self::Deal => crate::RecordKind::Deal,
            Self::Case => crate::RecordKind::Case,
        }
    }

    /// Whose fields a contact of this kind has.
    pub fn of_contact(kind: crate::contact::ContactKind) -> Self {
        match kind {
            crate::contact::ContactKind::Person => Self::Person,
            crate::contact::ContactKind::Company => Self::Company,
        }
    }
}

/// Numbers are stored as integers of this many ten-thousandths, so SQL sorts and compares them.
pub const NUMBER_SCALE: u32 = 4;

/// A typed value, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomValue {
    /// Text and text areas.
    Text(String),
    /// The id of an option of a select field.
    Option(i64),
    /// A checkbox.
    Bool(bool),
    /// A date.
    Date(NaiveDate),
    /// A number scaled by 10^4 with its canonical text.
    Number { scaled: i64, text: String },
}

/// What a value arrived as, before it is checked against its field.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue<'a> {
    /// A JSON string.
    Str(&'a str),
    /// A JSON number, as its text.
    Num(String),
    /// A JSON boolean.
    Bool(bool),
}

/// Checks a value against a field's type; `options` are the select field's option ids.
pub fn parse_value(
    field: &str,
    ty: FieldType,
    raw: &RawValue<'_>,
    options: &[i64],
) -> Result<CustomValue, DomainError> {
    let wrong = |what: &str| DomainError::field(field, "invalid_value", format!("must be {what}"));
    match (ty, raw) {
        (FieldType::Text, RawValue::Str(s)) => {
            let s = s.trim();
            if s.chars().count() > 500 {
                return Err(DomainError::field(
                    field,
                    "too_long",
                    "must be at most 500 characters",
                ));
            }
            Ok(CustomValue::Text(s.to_owned()))
        }
        (FieldType::TextArea, RawValue::Str(s)) => {
            if s.chars().count() > 10_000 {
                return Err(DomainError::field(
                    field,
                    "too_long",
                    "must be at most 10000 characters",
                ));
            }
            Ok(CustomValue::Text(s.trim_end().to_owned()))
        }
        (FieldType::Select, RawValue::Num(n)) => {
            let id: i64 = n.parse().map_err(|_| wrong("an option id"))?;
            if options.contains(&id) {
                Ok(CustomValue::Option(id))
            } else {
                Err(wrong("an option id of this field"))
            }
        }
        (FieldType::Checkbox, RawValue::Bool(b)) => Ok(CustomValue::Bool(*b)),
        (FieldType::Date, RawValue::Str(s)) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map(CustomValue::Date)
            .map_err(|_| wrong("a date YYYY-MM-DD")),
        (FieldType::Number, RawValue::Num(_) | RawValue::Str(_)) => {
            let s = match raw {
                RawValue::Num(n) => n.as_str(),
                RawValue::Str(s) => s,
                RawValue::Bool(_) => "",
            };
            let d = Decimal::from_str(s.trim()).map_err(|_| wrong("a number"))?;
            if d.scale() > NUMBER_SCALE {
                return Err(DomainError::field(
                    field,
                    "too_precise",
                    "at most 4 decimal places",
                ));
            }
            let scaled = d
                .checked_mul(Decimal::from(10_i64.pow(NUMBER_SCALE)))
                .ok_or_else(|| DomainError::field(field, "out_of_range", "is too large"))?
                .trunc()
                .to_string()
                .parse::<i64>()
                .map_err(|_| DomainError::field(field, "out_of_range", "is too large"))?;
            Ok(CustomValue::Number {
                scaled,
                text: d.normalize().to_string(),
            })
        }
        (FieldType::Heading, _) => Err(DomainError::field(
            field,
            "not_allowed",
            "headings have no value",
        )),
        (FieldType::Text | FieldType::TextArea, _) => Err(wrong("a string")),
        (FieldType::Select, _) => Err(wrong("an option id")),
        (FieldType::Checkbox, _) => Err(wrong("true or false")),
        (FieldType::Date, _) => Err(wrong("a date YYYY-MM-DD")),
        (FieldType::Number, _) => Err(wrong("a number")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn values_are_checked_by_type() {
        assert_eq!(
            parse_value("v", FieldType::Checkbox, &RawValue::Bool(true), &[]).unwrap(),
            CustomValue::Bool(true)
        );
        assert!(parse_value("v", FieldType::Checkbox, &RawValue::Str("yes"), &[]).is_err());
        assert_eq!(
            parse_value("v", FieldType::Select, &RawValue::Num("2".into()), &[1, 2]).unwrap(),
            CustomValue::Option(2)
        );
        assert!(parse_value("v", FieldType::Select, &RawValue::Num("3".into()), &[1, 2]).is_err());
        assert!(parse_value("v", FieldType::Date, &RawValue::Str("2026-02-30"), &[]).is_err());
        assert!(parse_value("v", FieldType::Heading, &RawValue::Str("x"), &[]).is_err());
    }

    #[test]
    fn numbers_are_exact_and_scaled() {
        let v = parse_value("v", FieldType::Number, &RawValue::Str("12.50"), &[]).unwrap();
        assert_eq!(
            v,
            CustomValue::Number {
                scaled: 125_000,
                text: "12.5".into()
            }
        );
        assert!(parse_value(
            "v",
            FieldType::Number,
            &RawValue::Num("0.00001".into()),
            &[]
        )
        .is_err());
        assert!(parse_value("v", FieldType::Number, &RawValue::Num("1e400".into()), &[]).is_err());
    }

    proptest! {
        #[test]
        fn scaled_numbers_keep_their_order(a in -1_000_000_000i64..1_000_000_000, b in -1_000_000_000i64..1_000_000_000) {
            let text = |n: i64| format!("{}.{:04}", n / 10_000, (n % 10_000).abs()).replace("0.-", "-0.");
            let pa = parse_value("v", FieldType::Number, &RawValue::Num(text(a)), &[]);
            let pb = parse_value("v", FieldType::Number, &RawValue::Num(text(b)), &[]);
            if let (Ok(CustomValue::Number { scaled: sa, .. }), Ok(CustomValue::Number { scaled: sb, .. })) = (pa, pb) {
                prop_assert_eq!(sa.cmp(&sb), a.cmp(&b));
            }
        }
    }
}
