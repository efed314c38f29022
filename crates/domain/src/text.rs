//! Text value types: e-mail addresses and trimmed, length-bounded strings.

use crate::error::DomainError;

/// An e-mail address, trimmed and lower-cased so that it can be matched.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Longest address that SMTP allows (RFC 5321 path limit).
    pub const MAX_LEN: usize = 254;

    /// Parses and normalises an address; the error names the field `email`.
    pub fn parse(input: &str) -> Result<Self, DomainError> {
        let value = input.trim().to_lowercase();
        let invalid =
            || DomainError::field("email", "invalid_email", "is not a valid e-mail address");
        if value.is_empty() {
            return Err(DomainError::field("email", "required", "is required"));
        }
        if value.chars().count() > Self::MAX_LEN {
            return Err(DomainError::field(
                "email",
                "too_long",
                "must be at most 254 characters",
            ));
        }
        let (local, domain) = value.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = !domain.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        if domain_ok && local_ok {
            Ok(Self(value))
        } else {
            Err(invalid())
        }
    }

    /// The normalised address.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl AsRef<str> for EmailAddress {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A trimmed, non-empty string of at most `MAX` characters with no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BoundedText<const MAX: usize>(String);

impl<const MAX: usize> BoundedText<MAX> {
    /// Parses a required value; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(DomainError::field(field, "required", "is required"));
        }
        if value.chars().count() > MAX {
            return Err(DomainError::field(
                field,
                "too_long",
                format!("must be at most {MAX} characters"),
            ));
        }
        if value
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(DomainError::field(
                field,
                "invalid_characters",
                "contains control characters",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// Parses an optional value: blank input becomes `None`.
    pub fn parse_optional(field: &str, input: Option<&str>) -> Result<Option<Self>, DomainError> {
        match input.map(str::trim) {
            None | Some("") => Ok(None),
            Some(v) => Self::parse(field, v).map(Some),
        }
    }

    /// The text.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl<const MAX: usize> AsRef<str> for BoundedText<MAX> {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Lower-cased text used for case-insensitive search on both databases (Unicode-aware,
/// so Cyrillic matches too, which SQLite's `lower()` does not do).
pub fn search_key(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim().to_lowercase())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn email_is_trimmed_and_lowercased() {
        let e = EmailAddress::parse("  Anna.Petrova@Example.COM ").unwrap();
        assert_eq!(e.as_ref(), "anna.petrova@example.com");
    }

    #[test]
    fn email_without_domain_dot_is_rejected() {
        let err = EmailAddress::parse("anna@localhost").unwrap_err();
        assert_eq!(err.fields()[0].code, "invalid_email");
    }

    #[test]
    fn email_with_cyrillic_domain_is_accepted() {
        assert!(EmailAddress::parse("иван@пример.рф").is_ok());
    }

    #[test]
    fn empty_email_is_required() {
        assert_eq!(
            EmailAddress::parse("  ").unwrap_err().fields()[0].code,
            "required"
        );
    }

    #[test]
    fn bounded_text_counts_characters_not_bytes() {
        let name = "Ж".repeat(10);
        assert!(BoundedText::<10>::parse("name", &name).is_ok());
        let long = "Ж".repeat(11);
        assert_eq!(
            BoundedText::<10>::parse("name", &long)
                .unwrap_err()
                .fields()[0]
                .code,
            "too_long"
        );
    }

    #[test]
    fn search_key_lowercases_cyrillic() {
        assert_eq!(
            search_key(&["Иван ПЕТРОВ", "", "Ivan@X.ru"]),
            "иван петров ivan@x.ru"
        );
    }

    proptest! {
        #[test]
        fn parsed_email_is_stable_under_reparse(s in "[a-zA-Z0-9._%+-]{1,20}@[a-z]{1,10}\\.[a-z]{2,5}") {
            if let Ok(e) = EmailAddress::parse(&s) {
                let again = EmailAddress::parse(e.as_ref()).unwrap();
                prop_assert_eq!(again, e);
            }
        }

        #[test]
        fn email_parse_never_panics(s in "\\PC{0,300}") {
            let _ = EmailAddress::parse(&s);
        }
    }
}
