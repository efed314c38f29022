//! Deals (opportunities): pipelines of stages, budgets, and what a stage change does to a
//! deal's probability and close date.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::error::DomainError;
use crate::user::Locale;

/// Where a deal in a stage stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StageStatus {
    /// Still being worked on.
    Open,
    /// Closed and won.
    Won,
    /// Closed and lost.
    Lost,
}

impl StageStatus {
    /// Every status.
    pub const ALL: [StageStatus; 3] = [Self::Open, Self::Won, Self::Lost];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Won => "won",
            Self::Lost => "lost",
        }
    }

    /// The status of a stored name, if it is one.
    pub fn from_stored(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Parses the wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::from_stored(input.trim())
            .ok_or_else(|| DomainError::field(field, "invalid_value", "must be open, won or lost"))
    }

    /// Whether deals in such a stage are closed.
    pub fn is_closed(self) -> bool {
        self != Self::Open
    }
}

/// How a deal's budget is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BidType {
    /// One amount.
    Fixed,
    /// An amount per hour, for a number of hours.
    PerHour,
    /// Per day.
    PerDay,
    /// Per week.
    PerWeek,
    /// Per month.
    PerMonth,
    /// Per year.
    PerYear,
}

impl BidType {
    /// Every type.
    pub const ALL: [BidType; 6] = [
        Self::Fixed,
        Self::PerHour,
        Self::PerDay,
        Self::PerWeek,
        Self::PerMonth,
        Self::PerYear,
    ];

    /// Wire and storage name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fixed => "fixed",
            Self::PerHour => "per_hour",
            Self::PerDay => "per_day",
            Self::PerWeek => "per_week",
            Self::PerMonth => "per_month",
            Self::PerYear => "per_year",
        }
    }

    /// The type of a stored name, if it is one.
    pub fn from_stored(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name)
    }

    /// Parses the wire name; errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        Self::from_stored(input.trim()).ok_or_else(|| {
            DomainError::field(
                field,
                "invalid_value",
                "must be fixed, per_hour, per_day, per_week, per_month or per_year",
            )
        })
    }
}

/// Decimal places money is stored with, for every currency (the most ISO 4217 uses).
pub const MONEY_SCALE: u32 = 4;

/// The largest number of periods a per-period budget counts.
pub const MAX_PERIODS: i32 = 100_000;

/// An ISO 4217 currency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency(iso_currency::Currency);

impl Currency {
    /// Parses a code (`EUR`, `rub`); errors name `field`.
    pub fn parse(field: &str, input: &str) -> Result<Self, DomainError> {
        iso_currency::Currency::from_code(&input.trim().to_ascii_uppercase())
            .map(Self)
            .ok_or_else(|| {
                DomainError::field(field, "invalid_value", "is not an ISO 4217 currency code")
            })
    }

    /// The code.
    pub fn code(self) -> String {
        self.0.code().to_owned()
    }

    /// The English name (`Russian ruble`).
    pub fn name(self) -> String {
        self.0.name().to_owned()
    }

    /// Every active currency (no funds, precious metals, testing or superseded codes), by
    /// code.
    pub fn all() -> Vec<Self> {
        use iso_currency::IntoEnumIterator;
        iso_currency::Currency::iter()
            .filter(|c| !c.is_fund() && !c.is_special() && c.is_superseded().is_none())
            .map(Self)
            .collect()
    }

    /// Decimal places of the currency's minor unit (2 for EUR, 0 for JPY).
    pub fn exponent(self) -> u32 {
        self.0.exponent().map_or(2, u32::from)
    }
}

/// An amount of money in stored units (`MONEY_SCALE` decimal places), exact.
pub fn to_stored(field: &str, amount: Decimal) -> Result<i64, DomainError> {
    let normal = amount.normalize();
    if normal.scale() > MONEY_SCALE {
        return Err(DomainError::field(
            field,
            "too_precise",
            format!("has more than {MONEY_SCALE} decimal places"),
        ));
    }
    if normal.is_sign_negative() && !normal.is_zero() {
        return Err(DomainError::field(
            field,
            "out_of_range",
            "must not be negative",
        ));
    }
    let units = normal * Decimal::from(10_i64.pow(MONEY_SCALE));
    i64::try_from(units.trunc())
        .ok()
        .filter(|u| *u <= MAX_VALUE)
        .ok_or_else(|| DomainError::field(field, "out_of_range", "is too large"))
}

/// The largest value (amount × periods) in stored units: 9 trillion of a currency, so that a
/// value times a probability in percent still fits a BIGINT.
pub const MAX_VALUE: i64 = 90_000_000_000_000_000;

/// Stored units back to an amount.
pub fn from_stored(units: i64) -> Decimal {
    Decimal::new(units, MONEY_SCALE).normalize()
}

/// A deal's budget: an amount in a currency, counted once or per period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// The amount, in stored units.
    pub amount: i64,
    /// How it is counted.
    pub bid_type: BidType,
    /// Periods counted (1 for a fixed budget).
    pub periods: i32,
}

impl Budget {
    /// Checks a budget; a fixed one counts one period whatever was sent. Errors name
    /// `periods`, or `amount` when the value would pass [`MAX_VALUE`].
    pub fn new(amount: i64, bid_type: BidType, periods: i32) -> Result<Self, DomainError> {
        if bid_type == BidType::Fixed {
            return Ok(Self {
                amount,
                bid_type,
                periods: 1,
            });
        }
        if !(1..=MAX_PERIODS).contains(&periods) {
            return Err(DomainError::field(
                "periods",
                "out_of_range",
                format!("must be between 1 and {MAX_PERIODS}"),
            ));
        }
        if amount
            .checked_mul(i64::from(periods))
            .is_none_or(|v| v > MAX_VALUE)
        {
            return Err(DomainError::field(
                "amount",
                "out_of_range",
                "times the periods is too large",
            ));
        }
        Ok(Self {
            amount,
            bid_type,
            periods,
        })
    }

    /// The deal's value: amount × periods, in stored units.
    pub fn value(self) -> i64 {
        self.amount * i64::from(self.periods)
    }
}

/// A success probability in percent, 0 to 100.
pub fn probability(field: &str, value: i32) -> Result<i32, DomainError> {
    if (0..=100).contains(&value) {
        Ok(value)
    } else {
        Err(DomainError::field(
            field,
            "out_of_range",
            "must be between 0 and 100",
        ))
    }
}

/// What a deal takes from the stage it moves to: the stage's probability, and a close date
/// of `today` in a won or lost stage (kept when it already has one), none in an open one.
pub fn enter_stage(
    status: StageStatus,
    stage_probability: i32,
    closed_on: Option<NaiveDate>,
    today: NaiveDate,
) -> (i32, Option<NaiveDate>) {
    let closed_on = if status.is_closed() {
        Some(closed_on.unwrap_or(today))
    } else {
        None
    };
    (stage_probability, closed_on)
}

/// A stage a new portal starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedStage {
    /// Its name in the portal's language.
    pub name: &'static str,
    /// Probability in percent.
    pub probability: i32,
    /// Colour, `#rrggbb`.
    pub color: &'static str,
    /// Status.
    pub status: StageStatus,
}

/// The name of a new portal's pipeline.
pub fn seed_pipeline_name(locale: Locale) -> &'static str {
    match locale {
        Locale::Ru => "Продажи",
        Locale::En => "Sales",
    }
}

/// The reference's stages, in the portal's language.
pub fn seed_stages(locale: Locale) -> [SeedStage; 9] {
    use StageStatus::{Lost, Open, Won};
    let names: [&str; 9] = match locale {
        Locale::Ru => [
            "Первичный контакт",
            "Применение первичных критериев",
            "Подозреваемый",
            "Оценка потребностей",
            "Квалифицированный клиент",
            "Коммерческое предложение",
            "Переговоры",
            "Сделка заключена",
            "Сделка не состоялась",
        ],
        Locale::En => [
            "Initial contact",
            "Application of initial fit criteria",
            "Suspect",
            "Need assessment",
            "Qualified prospect",
            "Proposal",
            "Negotiations",
            "Closure/Transaction",
            "Unsuccessfully closed",
        ],
    };
    let rest: [(i32, &str, StageStatus); 9] = [
        (1, "#e795c1", Open),
        (2, "#df7895", Open),
        (3, "#f48454", Open),
        (20, "#b58fd6", Open),
        (50, "#d28cc8", Open),
        (75, "#ffb45e", Open),
        (90, "#ffd267", Open),
        (100, "#6bbd72", Won),
        (0, "#f2a9be", Lost),
    ];
    std::array::from_fn(|i| SeedStage {
        name: names[i],
        probability: rest[i].0,
        color: rest[i].1,
        status: rest[i].2,
    })
}

/// A colour: `#rrggbb`.
pub fn color(field: &str, input: &str) -> Result<String, DomainError> {
    let c = input.trim();
    if c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|ch| ch.is_ascii_hexdigit()) {
        Ok(c.to_ascii_lowercase())
    } else {
        Err(DomainError::field(
            field,
            "invalid_value",
            "must be a colour like #6bbd72",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).unwrap()
    }

    #[test]
    fn a_won_or_lost_stage_closes_the_deal_and_an_open_one_reopens_it() {
        let today = day("2026-12-07");
        assert_eq!(
            enter_stage(StageStatus::Won, 100, None, today),
            (100, Some(today))
        );
        assert_eq!(
            enter_stage(StageStatus::Lost, 0, Some(day("2026-11-01")), today),
            (0, Some(day("2026-11-01")))
        );
        assert_eq!(
            enter_stage(StageStatus::Open, 50, Some(today), today),
            (50, None)
        );
    }

    #[test]
    fn money_is_exact_and_refused_rather_than_rounded() {
        let amount = Decimal::from_str("2500000.5").unwrap();
        let stored = to_stored("amount", amount).unwrap();
        assert_eq!(stored, 25_000_005_000);
        assert_eq!(from_stored(stored), amount);
        assert!(to_stored("amount", Decimal::from_str("0.00001").unwrap()).is_err());
        assert!(to_stored("amount", Decimal::from_str("-1").unwrap()).is_err());
        assert!(to_stored("amount", Decimal::from_str("1e15").unwrap()).is_err());
        let b = Budget::new(stored, BidType::PerMonth, 12).unwrap();
        assert_eq!(
            from_stored(b.value()),
            Decimal::from_str("30000006").unwrap()
        );
        assert_eq!(Budget::new(stored, BidType::Fixed, 7).unwrap().periods, 1);
        assert!(Budget::new(stored, BidType::PerDay, 0).is_err());
        // The largest value times a probability still fits a BIGINT.
        assert!(MAX_VALUE.checked_mul(100).is_some());
        assert!(Budget::new(MAX_VALUE / 2, BidType::PerYear, 3).is_err());
    }

    #[test]
    fn currencies_are_iso_codes() {
        assert_eq!(Currency::parse("c", "rub").unwrap().code(), "RUB");
        assert_eq!(Currency::parse("c", "JPY").unwrap().exponent(), 0);
        assert_eq!(
            Currency::parse("c", "XYZ").unwrap_err().fields()[0].field,
            "c"
        );
    }

    #[test]
    fn seed_stages_are_the_references_in_both_languages() {
        for locale in [Locale::Ru, Locale::En] {
            let stages = seed_stages(locale);
            assert_eq!(stages[3].probability, 20);
            assert_eq!(stages[7].status, StageStatus::Won);
            assert_eq!(stages[8].status, StageStatus::Lost);
            assert!(stages.iter().all(|s| color("c", s.color).is_ok()));
        }
    }
}
