//! Currencies, dated exchange rates and conversion. Rates are exact decimals with up to
//! [`RATE_SCALE`] places (never floats); a converted amount is rounded once, to the target
//! currency's minor unit, half away from zero.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::deal::{Currency, MONEY_SCALE};
use crate::DomainError;

/// Most decimal places of an exchange rate.
pub const RATE_SCALE: u32 = 10;

/// The largest rate accepted.
const MAX_RATE: i64 = 1_000_000_000;

/// How many units of one currency a unit of another buys: positive, at most [`RATE_SCALE`]
/// decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate(Decimal);

impl Rate {
    /// Parses a rate written with a dot (`92.4513`); errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        let value: Decimal = input.trim().parse().map_err(|_| {
            DomainError::field(
                field,
                "invalid_value",
                "must be a decimal number like 92.4513",
            )
        })?;
        let value = value.normalize();
        if value.scale() > RATE_SCALE {
            return Err(DomainError::field(
                field,
                "too_precise",
                format!("has more than {RATE_SCALE} decimal places"),
            ));
        }
        if value <= Decimal::ZERO || value > Decimal::from(MAX_RATE) {
            return Err(DomainError::field(
                field,
                "out_of_range",
                "must be above 0 and at most 1,000,000,000",
            ));
        }
        Ok(Self(value))
    }

    /// A rate as stored (a value [`Rate::parse`] accepted).
    pub fn from_stored(text: &str) -> Option<Self> {
        text.parse::<Decimal>().ok().map(|d| Self(d.normalize()))
    }

    /// The rate as a decimal.
    pub fn value(self) -> Decimal {
        self.0
    }

    /// The rate the other way round (exact to 28 significant digits).
    pub fn inverse(self) -> Decimal {
        Decimal::ONE / self.0
    }
}

impl std::fmt::Display for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Most decimal places of a percentage (a tax rate, a discount).
pub const TAX_SCALE: u32 = 4;

/// A percentage: 0 to 100, at most [`TAX_SCALE`] decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Percent(Decimal);

/// A tax rate in percent.
pub type TaxRate = Percent;

impl Percent {
    /// Parses a percentage written with a dot (`20`, `7.5`); errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        let value: Decimal = input.trim().parse().map_err(|_| {
            DomainError::field(field, "invalid_value", "must be a decimal number like 7.5")
        })?;
        let value = value.normalize();
        if value.scale() > TAX_SCALE {
            return Err(DomainError::field(
                field,
                "too_precise",
                format!("has more than {TAX_SCALE} decimal places"),
            ));
        }
        if value.is_sign_negative() && !value.is_zero() || value > Decimal::ONE_HUNDRED {
            return Err(DomainError::field(
                field,
                "out_of_range",
                "must be between 0 and 100",
            ));
        }
        Ok(Self(value.abs()))
    }

    /// A percentage as stored (a value [`Percent::parse`] accepted).
    pub fn from_stored(text: &str) -> Option<Self> {
        text.parse::<Decimal>().ok().map(|d| Self(d.normalize()))
    }

    /// The percentage.
    pub fn percent(self) -> Decimal {
        self.0
    }
}

impl std::fmt::Display for Percent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// `units` (stored money units, [`MONEY_SCALE`] places) times `rate`, in stored units of `to`
/// rounded to its minor unit; `None` when the result does not fit.
pub fn convert(units: i64, rate: Decimal, to: Currency) -> Option<i64> {
    let rounded = convert_amount(Decimal::new(units, MONEY_SCALE), rate, to)?;
    let stored = rounded.checked_mul(Decimal::from(10_i64.pow(MONEY_SCALE)))?;
    i64::try_from(stored.trunc()).ok()
}

/// `amount` times `rate`, rounded to the minor unit of `to`; `None` when it does not fit.
pub fn convert_amount(amount: Decimal, rate: Decimal, to: Currency) -> Option<Decimal> {
    let places = to.exponent().min(MONEY_SCALE);
    let product = amount.checked_mul(rate)?;
    Some(product.round_dp_with_strategy(places, RoundingStrategy::MidpointAwayFromZero))
}

/// The rate from one currency to another, given the latest rate entered each way up to a day
/// (the day it is valid from and its stored text): the later of the two, the pair's own on
/// the same day, the opposite one inverted.
pub fn later_rate(
    direct: Option<(NaiveDate, &str)>,
    opposite: Option<(NaiveDate, &str)>,
) -> Option<Decimal> {
    match (direct, opposite) {
        (Some(d), Some(o)) if o.0 > d.0 => Rate::from_stored(o.1).map(Rate::inverse),
        (Some(d), _) => Rate::from_stored(d.1).map(Rate::value),
        (None, Some(o)) => Rate::from_stored(o.1).map(Rate::inverse),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::parse("c", code).unwrap_or_else(|_| unreachable!())
    }

    #[test]
    fn the_later_rate_either_way_is_used_the_pairs_own_on_the_same_day() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_else(|| unreachable!());
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_else(|_| unreachable!());
        assert_eq!(later_rate(None, None), None);
        assert_eq!(later_rate(Some((day(1), "90")), None), Some(d("90")));
        assert_eq!(later_rate(None, Some((day(1), "0.5"))), Some(d("2")));
        assert_eq!(
            later_rate(Some((day(1), "90")), Some((day(2), "0.01"))),
            Some(d("100"))
        );
        assert_eq!(
            later_rate(Some((day(2), "90")), Some((day(2), "0.01"))),
            Some(d("90"))
        );
        assert_eq!(
            convert_amount(d("10.005"), d("1"), cur("RUB")),
            Some(d("10.01"))
        );
        assert_eq!(convert_amount(d("10.5"), d("1"), cur("JPY")), Some(d("11")));
    }

    #[test]
    fn rates_are_exact_positive_and_bounded() {
        assert_eq!(
            Rate::parse("rate", "92.45130")
                .map(|r| r.to_string())
                .ok()
                .as_deref(),
            Some("92.4513")
        );
        for (bad, code) in [
            ("0", "out_of_range"),
            ("-1", "out_of_range"),
            ("1.00000000001", "too_precise"),
            ("abc", "invalid_value"),
            ("92,45", "invalid_value"),
            ("2000000000", "out_of_range"),
        ] {
            let e = Rate::parse("rate", bad).unwrap_err();
            assert_eq!(e.fields()[0].code, code, "{bad}");
            assert_eq!(e.fields()[0].field, "rate");
        }
    }

    #[test]
    fn tax_rates_are_percentages_with_four_places_at_most() {
        for (good, shown) in [
            ("20", "20"),
            ("7.50", "7.5"),
            ("0", "0"),
            ("100", "100"),
            ("-0", "0"),
        ] {
            let rate = TaxRate::parse("rate", good).map(|r| r.to_string());
            assert_eq!(rate.ok().as_deref(), Some(shown), "{good}");
        }
        for (bad, code) in [
            ("100.01", "out_of_range"),
            ("-1", "out_of_range"),
            ("1.00001", "too_precise"),
            ("7,5", "invalid_value"),
        ] {
            let e = TaxRate::parse("rate", bad).unwrap_err();
            assert_eq!(e.fields()[0].code, code, "{bad}");
        }
    }

    #[test]
    fn conversion_rounds_once_to_the_minor_unit() {
        // 10.0050 EUR at 1 → 10.01 (half away from zero, two places).
        assert_eq!(convert(100_050, Decimal::ONE, cur("EUR")), Some(100_100));
        // 1234.5 USD at 92.4513 RUB = 114131.13... → 114131.13
        let rate = Rate::parse("r", "92.4513")
            .map(Rate::value)
            .unwrap_or_default();
        assert_eq!(convert(12_345_000, rate, cur("RUB")), Some(1_141_311_300));
        // Yen have no minor unit.
        assert_eq!(
            convert(15_000, Decimal::new(1_505, 1), cur("JPY")),
            Some(2_260_000)
        );
        // A rate the other way round converts back within the rounding.
        let back = Rate::parse("r", "92.4513")
            .map(Rate::inverse)
            .unwrap_or_default();
        assert_eq!(convert(1_141_311_300, back, cur("USD")), Some(12_345_000));
        assert_eq!(
            convert(i64::MAX, Decimal::from(1_000_000), cur("USD")),
            None
        );
    }

    #[test]
    fn the_currency_list_holds_the_active_codes_only() {
        let codes: Vec<String> = Currency::all().into_iter().map(Currency::code).collect();
        for code in ["RUB", "USD", "EUR", "JPY", "KZT", "BYN"] {
            assert!(codes.contains(&code.to_owned()), "{code}");
        }
        for code in ["XAU", "XTS", "BOV"] {
            assert!(!codes.contains(&code.to_owned()), "{code}");
        }
    }
}
