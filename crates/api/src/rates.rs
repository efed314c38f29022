//! Exchange rates fetched once a day from a rates source over HTTP (`CRM_RATES_URL`), for each
//! portal from its default currency. Whether a portal still needs today's rates is read from
//! the rates stored, so a restart or a second server neither loses nor doubles a day: a pair
//! has one rate per day, and a rate entered by hand that day is kept.
//!
//! The source answers JSON in the common shape of rate services:
//! `{"date": "2026-12-07", "rates": {"USD": 1.0812, …}}`, one unit of the base currency in
//! each other one. Numbers are read from their text, exactly.

use std::collections::HashMap;
use std::time::Duration;

use actix_web::web;
use chrono::NaiveDate;
use crm_domain::deal::Currency;
use crm_domain::money::{Rate, RATE_SCALE};
use crm_persistence::money::{self as store, NewRate};
use diesel::Connection as _;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::app::money::default_currency;
use crate::state::AppState;

/// What a fetched rate is stored as.
pub const SOURCE: &str = "fetched";

/// How long a fetch may take.
const TIMEOUT: Duration = Duration::from_secs(20);

#[derive(Deserialize)]
struct Answer<'a> {
    date: Option<NaiveDate>,
    #[serde(borrow)]
    rates: HashMap<String, &'a RawValue>,
}

/// The rates of an answer: `(currency, rate)` for each known currency with a usable rate, and
/// the day they are valid from (`today` when the answer does not say).
fn read_answer(body: &str, today: NaiveDate) -> Result<(NaiveDate, Vec<(Currency, Rate)>), String> {
    let answer: Answer<'_> =
        serde_json::from_str(body).map_err(|e| format!("unreadable rates: {e}"))?;
    let mut out = Vec::new();
    for (code, raw) in answer.rates {
        let Ok(currency) = Currency::parse("currency", &code) else {
            continue;
        };
        let text = raw.get();
        let value = text
            .parse::<Decimal>()
            .or_else(|_| Decimal::from_scientific(text))
            .ok()
            .map(|d| d.round_dp(RATE_SCALE).normalize());
        if let Some(rate) = value.and_then(|d| Rate::parse("rate", &d.to_string()).ok()) {
            out.push((currency, rate));
        }
    }
    out.sort_by_key(|(c, _)| c.code());
    Ok((answer.date.unwrap_or(today), out))
}

/// The rates at `url`.
async fn fetch(
    client: &reqwest::Client,
    url: &str,
    today: NaiveDate,
) -> Result<(NaiveDate, Vec<(Currency, Rate)>), String> {
    let body = client
        .get(url)
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| format!("fetching rates: {e}"))?
        .text()
        .await
        .map_err(|e| format!("reading rates: {e}"))?;
    read_answer(&body, today)
}

/// Fetches today's rates for every portal that has none from the source yet; returns how many
/// rates were stored.
pub async fn fetch_due(state: &web::Data<AppState>, template: &str) -> Result<usize, String> {
    let today = state.clock.now().date();
    let portals = crate::db::run(&state.pool, |conn| Ok(crm_persistence::portals::all(conn)?))
        .await
        .map_err(|e| e.to_string())?;
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(|e| e.to_string())?;
    let mut stored = 0;
    for portal in portals {
        let locale =
            crm_domain::Locale::parse("locale", &portal.locale).unwrap_or(crm_domain::Locale::En);
        let portal_id = portal.id;
        let (base, done) = crate::db::run(&state.pool, move |conn| {
            let (base, _) = default_currency(conn, portal_id, locale)?;
            let done = store::fetched_on(conn, portal_id, &base.code(), SOURCE, today)?;
            Ok((base, done))
        })
        .await
        .map_err(|e| e.to_string())?;
        if done {
            continue;
        }
        let url = template.replace("{base}", &base.code());
        // One portal's failure leaves the others to be fetched.
        let (day, rates) = match fetch(&client, &url, today).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(portal_id, error = %e, "fetching exchange rates failed");
                continue;
            }
        };
        let at = crate::state::now();
        let n = crate::db::write(&state.pool, move |conn| {
            let mut n = 0;
            for (to, rate) in rates.into_iter().filter(|(c, _)| *c != base) {
                let new = NewRate {
                    portal_id,
                    from_currency: base.code(),
                    to_currency: to.code(),
                    rate: rate.to_string(),
                    valid_from: day,
                    source: SOURCE.to_owned(),
                    created_by: None,
                    created_at: at,
                };
                // In a savepoint: a refused row must not end the transaction (PostgreSQL).
                match conn.transaction(|conn| store::add_rate(conn, &new)) {
                    Ok(_) => n += 1,
                    // The pair has a rate from that day already (entered by hand, or fetched
                    // by another server).
                    Err(crm_persistence::StoreError::Conflict(_)) => {}
                    Err(e) => return Err(e.into()),
                }
            }
            Ok(n)
        })
        .await
        .map_err(|e| e.to_string())?;
        stored += n;
    }
    Ok(stored)
}

/// Looks for portals due for today's rates at start and then every `every`.
pub fn spawn(state: web::Data<AppState>, template: String, every: Duration) {
    actix_web::rt::spawn(async move {
        let mut stopping = state.stopping.clone();
        loop {
            match fetch_due(&state, &template).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(rates = n, "exchange rates fetched"),
                Err(e) => tracing::warn!(error = %e, "fetching exchange rates failed"),
            }
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                Ok(()) = stopping.changed() => {}
            }
            if *stopping.borrow() {
                return;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_read_exactly_from_their_text() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let (day, rates) = read_answer(
            r#"{"amount":1.0,"base":"EUR","date":"2026-12-04","rates":{"USD":1.0812,"JPY":162.37,"XYZ":1,"RUB":0.123456789012345,"BAD":-1,"GBP":1e-1}}"#,
            today,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(day.to_string(), "2026-12-04");
        let got: Vec<(String, String)> = rates
            .into_iter()
            .map(|(c, r)| (c.code(), r.to_string()))
            .collect();
        assert_eq!(
            got,
            [
                ("GBP".to_owned(), "0.1".to_owned()),
                ("JPY".to_owned(), "162.37".to_owned()),
                ("RUB".to_owned(), "0.123456789".to_owned()),
                ("USD".to_owned(), "1.0812".to_owned()),
            ]
        );
        assert!(read_answer("not json", today).is_err());
    }
}
