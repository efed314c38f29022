//! Calendar days as the user sees them: today in their profile's time zone (through the
//! browser's `Intl`), and days counted from it.

use chrono::{Days, NaiveDate};
use js_sys::{Array, Date, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Today in the IANA time zone `zone`; in the browser's own zone when `zone` is empty or
/// unknown to the browser.
pub fn today_in(zone: &str) -> NaiveDate {
    let zone = zone.trim();
    (!zone.is_empty())
        .then(|| today_in_zone(zone))
        .flatten()
        .unwrap_or_else(browser_today)
}

/// The browser's own IANA time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
pub fn browser_zone() -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&Array::new(), &Object::new());
    Reflect::get(&format.resolved_options(), &JsValue::from_str("timeZone"))
        .ok()?
        .as_string()
        .filter(|zone| !zone.is_empty())
}

/// Whether the browser's `Intl` knows the IANA zone `zone` (formatting in an unknown one throws).
pub fn browser_knows(zone: &str) -> bool {
    zone_format(zone, &[]).is_some()
}

/// `days` after `day` (the same day if the calendar ends).
pub fn days_after(day: NaiveDate, days: u64) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap_or(day)
}

/// Today in the browser's time zone.
fn browser_today() -> NaiveDate {
    let now = Date::new_0();
    let year = i32::try_from(now.get_full_year()).unwrap_or(1970);
    NaiveDate::from_ymd_opt(year, now.get_month() + 1, now.get_date()).unwrap_or_default()
}

/// An `Intl.DateTimeFormat` (en-US) in `zone` with `options`; `None` when the browser does not
/// know the zone.
fn zone_format(zone: &str, options: &[(&str, &str)]) -> Option<js_sys::Intl::DateTimeFormat> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    let constructor: Function = Reflect::get(&intl, &JsValue::from_str("DateTimeFormat"))
        .ok()?
        .dyn_into()
        .ok()?;
    let object = Object::new();
    for (key, value) in std::iter::once(&("timeZone", zone)).chain(options) {
        Reflect::set(&object, &JsValue::from_str(key), &JsValue::from_str(value)).ok()?;
    }
    // `Reflect.construct` turns the RangeError of an unknown zone into an `Err`.
    Reflect::construct(
        &constructor,
        &Array::of2(&JsValue::from_str("en-US"), &object),
    )
    .ok()?
    .dyn_into()
    .ok()
}

/// Today in `zone`, asking `Intl.DateTimeFormat`; `None` when the browser does not know it.
fn today_in_zone(zone: &str) -> Option<NaiveDate> {
    let format = zone_format(
        zone,
        &[
            ("year", "numeric"),
            ("month", "numeric"),
            ("day", "numeric"),
        ],
    )?;
    let parts: Vec<(String, String)> = format
        .format_to_parts(&Date::new_0())
        .iter()
        .filter_map(|part| {
            let field = |name: &str| {
                Reflect::get(&part, &JsValue::from_str(name))
                    .ok()
                    .and_then(|v| v.as_string())
            };
            Some((field("type")?, field("value")?))
        })
        .collect();
    date_from_parts(&parts)
}

/// The day named by the `year`, `month` and `day` parts of `formatToParts`.
fn date_from_parts(parts: &[(String, String)]) -> Option<NaiveDate> {
    let number = |kind: &str| {
        parts
            .iter()
            .find(|(k, _)| k == kind)
            .and_then(|(_, v)| v.trim().parse::<u32>().ok())
    };
    let year = i32::try_from(number("year")?).ok()?;
    NaiveDate::from_ymd_opt(year, number("month")?, number("day")?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(items: &[(&str, &str)]) -> Vec<(String, String)> {
        items
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn the_day_is_read_from_its_parts_in_any_order() {
        let found = date_from_parts(&parts(&[
            ("month", "3"),
            ("literal", "/"),
            ("day", "7"),
            ("literal", "/"),
            ("year", "2026"),
        ]));
        assert_eq!(found, NaiveDate::from_ymd_opt(2026, 3, 7));
    }

    #[test]
    fn missing_or_impossible_parts_give_nothing() {
        assert_eq!(date_from_parts(&parts(&[("year", "2026")])), None);
        assert_eq!(
            date_from_parts(&parts(&[("year", "2026"), ("month", "2"), ("day", "30")])),
            None
        );
    }

    #[test]
    fn days_are_counted_across_months() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 30).unwrap_or_default();
        assert_eq!(
            days_after(day, 3),
            NaiveDate::from_ymd_opt(2026, 2, 2).unwrap_or_default()
        );
    }
}
