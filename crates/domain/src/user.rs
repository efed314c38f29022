//! User settings: interface language, time zone and password policy.

use std::str::FromStr;

use crate::error::DomainError;

/// Interface and e-mail language of a user or portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Locale {
    /// Russian.
    #[default]
    Ru,
    /// English.
    En,
}

impl Locale {
    /// Parses `ru` or `en` (also `ru-RU`, `en-US` …); errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        let lang = input.trim().to_ascii_lowercase();
        match lang.split(['-', '_']).next().unwrap_or_default() {
            "ru" => Ok(Self::Ru),
            "en" => Ok(Self::En),
            _ => Err(DomainError::field(
                field,
                "invalid_locale",
                "must be `ru` or `en`",
            )),
        }
    }

    /// The code stored and sent over the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ru => "ru",
            Self::En => "en",
        }
    }

    /// A decimal number as the language writes it: `2 500 000,5` (no-break spaces) in Russian,
    /// `2,500,000.5` in English. Every digit given is kept; anything that is not a plain
    /// decimal is returned as it is.
    pub fn write_decimal(self, text: &str) -> String {
        let text = text.trim();
        let (sign, digits) = text
            .strip_prefix('-')
            .map_or(("", text), |rest| ("-", rest));
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let plain = |part: &str| part.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !plain(whole) || !plain(fraction) || digits.ends_with('.') {
            return text.to_owned();
        }
        // Russian leaves four-digit numbers ungrouped (2500), as CLDR does.
        let (separator, point, grouped_from) = match self {
            Self::Ru => ('\u{a0}', ',', 5),
            Self::En => (',', '.', 4),
        };
        let mut out = String::from(sign);
        for (i, digit) in whole.chars().enumerate() {
            let left = whole.len() - i;
            if i > 0 && left % 3 == 0 && whole.len() >= grouped_from {
                out.push(separator);
            }
            out.push(digit);
        }
        if !fraction.is_empty() {
            out.push(point);
            out.push_str(fraction);
        }
        out
    }
}

/// An IANA time zone name such as `Europe/Moscow`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZoneName(chrono_tz::Tz);

impl TimeZoneName {
    /// Parses an IANA name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        chrono_tz::Tz::from_str(input.trim())
            .map(Self)
            .map_err(|_| {
                DomainError::field(field, "invalid_time_zone", "is not a known IANA time zone")
            })
    }

    /// The zone of a stored name; UTC for a name this build does not know.
    pub fn tz_or_utc(stored: &str) -> chrono_tz::Tz {
        chrono_tz::Tz::from_str(stored.trim()).unwrap_or(chrono_tz::Tz::UTC)
    }

    /// The zone, for converting times.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.0
    }

    /// The IANA name.
    pub fn name(&self) -> &'static str {
        self.0.name()
    }
}

impl Default for TimeZoneName {
    fn default() -> Self {
        Self(chrono_tz::Tz::UTC)
    }
}

/// A password chosen by a user, before hashing: 10 to 128 characters, not only spaces.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl NewPassword {
    /// Fewest characters accepted.
    pub const MIN_LEN: usize = 10;
    /// Most characters accepted (hashing cost stays bounded).
    pub const MAX_LEN: usize = 128;

    /// Checks the policy; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        let len = input.chars().count();
        if input.trim().is_empty() {
            return Err(DomainError::field(field, "required", "is required"));
        }
        if len < Self::MIN_LEN {
            return Err(DomainError::field(
                field,
                "too_short",
                "must be at least 10 characters",
            ));
        }
        if len > Self::MAX_LEN {
            return Err(DomainError::field(
                field,
                "too_long",
                "must be at most 128 characters",
            ));
        }
        Ok(Self(input.to_owned()))
    }

    /// The plain password, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_accepts_region_suffixes() {
        assert_eq!(Locale::parse("locale", "en-US").unwrap(), Locale::En);
        assert_eq!(Locale::parse("locale", "RU").unwrap(), Locale::Ru);
        assert_eq!(
            Locale::parse("locale", "de").unwrap_err().fields()[0].field,
            "locale"
        );
    }

    #[test]
    fn time_zone_must_be_iana() {
        assert_eq!(
            TimeZoneName::parse("time_zone", "Europe/Moscow")
                .unwrap()
                .name(),
            "Europe/Moscow"
        );
        assert!(TimeZoneName::parse("time_zone", "Mars/Olympus").is_err());
    }

    #[test]
    fn short_password_is_refused_and_not_printed() {
        assert_eq!(
            NewPassword::parse("password", "short")
                .unwrap_err()
                .fields()[0]
                .code,
            "too_short"
        );
        let p = NewPassword::parse("password", "correct horse battery").unwrap();
        assert_eq!(format!("{p:?}"), "NewPassword(***)");
    }
}
