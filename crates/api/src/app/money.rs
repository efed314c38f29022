//! Money across currencies: the portal's default currency and conversion with the rate valid
//! on a day (the later of the pair's own rate and the inverse of the opposite pair's); a currency
//! without one is named, never guessed.

use chrono::NaiveDate;
use crm_domain::deal::{self, Currency};
use crm_domain::money;
use crm_domain::Locale;
use crm_persistence::money as store;
use crm_persistence::DbConnection;
use rust_decimal::Decimal;

use crate::error::ApiError;

/// The default currency of a portal until one is set: the rouble for a Russian portal, else
/// the US dollar.
pub fn locale_currency(locale: Locale) -> Currency {
    let code = match locale {
        Locale::Ru => "RUB",
        Locale::En => "USD",
    };
    Currency::parse("currency", code).unwrap_or_else(|_| unreachable!("ISO codes"))
}

/// The portal's default currency and the version of its money settings (0: never set).
pub fn default_currency(
    conn: &mut DbConnection,
    portal_id: i64,
    locale: Locale,
) -> Result<(Currency, i64), ApiError> {
    Ok(match store::settings(conn, portal_id)? {
        Some(row) => (
            Currency::parse("default_currency", &row.default_currency)
                .unwrap_or_else(|_| locale_currency(locale)),
            row.version,
        ),
        None => (locale_currency(locale), 0),
    })
}

/// The rate from `from` to `to` valid on `day`, if the portal has one either way: the latest
/// of the pair's own and the inverse of the opposite pair's.
pub fn rate_on(
    conn: &mut DbConnection,
    portal_id: i64,
    from: Currency,
    to: Currency,
    day: NaiveDate,
) -> Result<Option<Decimal>, ApiError> {
    if from == to {
        return Ok(Some(Decimal::ONE));
    }
    let (from, to) = (from.code(), to.code());
    let direct = store::rate_on(conn, portal_id, &from, &to, day)?;
    let opposite = store::rate_on(conn, portal_id, &to, &from, day)?;
    Ok(crm_domain::money::later_rate(
        direct.as_ref().map(|d| (d.valid_from, d.rate.as_str())),
        opposite.as_ref().map(|o| (o.valid_from, o.rate.as_str())),
    ))
}

/// Sums in one currency converted to `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub count: i64,
    /// Stored units.
    pub value: i64,
    /// Stored units.
    pub weighted: i64,
    /// Currencies without a rate to `to` on the day (left out of the sums).
    pub missing: Vec<String>,
}

/// Per-currency totals `(currency, count, value, weighted)` converted to `to` with the rates
/// valid on `day`; each currency's sums are rounded once, then added.
pub fn convert_totals<'a>(
    conn: &mut DbConnection,
    portal_id: i64,
    to: Currency,
    day: NaiveDate,
    totals: impl IntoIterator<Item = (&'a str, i64, i64, i64)>,
) -> Result<Converted, ApiError> {
    let mut out = Converted {
        count: 0,
        value: 0,
        weighted: 0,
        missing: Vec::new(),
    };
    for (code, count, value, weighted) in totals {
        let rate = match Currency::parse("currency", code) {
            Ok(from) => rate_on(conn, portal_id, from, to, day)?,
            Err(_) => None,
        };
        let converted = rate.and_then(|r| {
            let v = money::convert(value, r, to)?;
            let w = money::convert(weighted, r, to)?;
            Some((v, w))
        });
        match converted {
            Some((v, w))
                if out
                    .value
                    .checked_add(v)
                    .is_some_and(|s| s <= deal::MAX_VALUE) =>
            {
                out.count += count;
                out.value += v;
                out.weighted = out.weighted.saturating_add(w);
            }
            _ => out.missing.push(code.to_owned()),
        }
    }
    Ok(out)
}
