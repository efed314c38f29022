//! Display formatting of values from the API, and the browser-local date inputs.

use std::cell::RefCell;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use wasm_bindgen::JsValue;

use crate::i18n::Lang;
use crate::services::clock;

thread_local! {
    /// The zone timestamps are shown in, and whether it differs from the browser's.
    static SHOWN_ZONE: RefCell<Option<(String, bool)>> = const { RefCell::new(None) };
}

/// Shows timestamps in `zone` (the signed-in user's) from now on; in the browser's own zone
/// when `None` or when the browser does not know it. A zone other than the browser's is named
/// after each time, so that a time is not misread as the clock on the wall.
pub fn show_times_in(zone: Option<&str>) {
    let shown = zone
        .map(str::trim)
        .filter(|z| !z.is_empty() && clock::browser_knows(z))
        .map(|z| (z.to_owned(), clock::browser_zone().as_deref() != Some(z)));
    SHOWN_ZONE.with(|cell| *cell.borrow_mut() = shown);
}

/// A JavaScript date for a UTC timestamp.
fn js_date(at: &DateTime<Utc>) -> js_sys::Date {
    // Milliseconds fit an f64 exactly for any realistic date.
    #[allow(clippy::cast_precision_loss)]
    let millis = at.timestamp_millis() as f64;
    js_sys::Date::new(&JsValue::from_f64(millis))
}

/// A timestamp in the user's time zone (see [`show_times_in`]), written the way the language
/// expects, with the zone's short name when it is not the browser's.
pub fn date_time(at: &DateTime<Utc>, lang: Lang) -> String {
    let options = js_sys::Object::new();
    let set = |key: &str, value: &str| {
        let _ignored = js_sys::Reflect::set(&options, &key.into(), &value.into());
    };
    // `timeZoneName` cannot be combined with `dateStyle`/`timeStyle`: spell the medium style out.
    for (key, value) in [
        ("year", "numeric"),
        ("month", "short"),
        ("day", "numeric"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
    ] {
        set(key, value);
    }
    SHOWN_ZONE.with(|cell| {
        if let Some((zone, foreign)) = cell.borrow().as_ref() {
            set("timeZone", zone);
            if *foreign {
                set("timeZoneName", "short");
            }
        }
    });
    js_date(at).to_locale_string(lang.code(), &options).into()
}

/// A calendar day written the way the language expects.
pub fn date(day: NaiveDate, lang: Lang) -> String {
    let options = js_sys::Object::new();
    let _ignored = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ignored = js_sys::Reflect::set(&options, &"timeZone".into(), &"UTC".into());
    let Some(midnight) = day.and_hms_opt(0, 0, 0) else {
        return day.to_string();
    };
    js_date(&midnight.and_utc())
        .to_locale_date_string(lang.code(), &options)
        .into()
}

/// A timestamp as the value of an `<input type="datetime-local">`, in the browser's zone.
pub fn local_input_value(at: &DateTime<Utc>) -> String {
    let date = js_date(at);
    local_input_text(
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
    )
}

fn local_input_text(year: u32, month: u32, day: u32, hour: u32, minute: u32) -> String {
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}")
}

/// The value of an `<input type="datetime-local">` (browser's zone) as a UTC timestamp;
/// `None` when empty or unreadable.
pub fn parse_local_input(value: &str) -> Option<DateTime<Utc>> {
    if value.trim().is_empty() {
        return None;
    }
    // A date-time without an offset is read as local time by `Date`.
    let millis = js_sys::Date::new(&JsValue::from_str(value.trim())).get_time();
    if millis.is_nan() {
        return None;
    }
    // Whole milliseconds of a real date fit an i64.
    #[allow(clippy::cast_possible_truncation)]
    DateTime::from_timestamp_millis(millis as i64)
}

/// A deadline given as `YYYY-MM-DDTHH:MM` (already in the reader's zone), written the way the
/// language expects; the text itself when it cannot be read.
pub fn wall_time(local: &str, lang: Lang) -> String {
    match split_wall_time(local) {
        Some((day, time)) => format!("{} {time}", date(day, lang)),
        None => local.replace('T', " "),
    }
}

/// A deadline (`YYYY-MM-DDTHH:MM`, in the reader's zone) as a list shows it, on one line:
/// without the year when it is `this_year`.
pub fn deadline(local: &str, lang: Lang, this_year: i32) -> String {
    match split_wall_time(local) {
        Some((day, time)) if day.year() == this_year => {
            let options = js_sys::Object::new();
            for (key, value) in [("day", "numeric"), ("month", "short"), ("timeZone", "UTC")] {
                let _ignored = js_sys::Reflect::set(&options, &key.into(), &value.into());
            }
            let Some(midnight) = day.and_hms_opt(0, 0, 0) else {
                return wall_time(local, lang);
            };
            let day: String = js_date(&midnight.and_utc())
                .to_locale_date_string(lang.code(), &options)
                .into();
            format!("{day} {time}")
        }
        _ => wall_time(local, lang),
    }
}

/// The day and the `HH:MM` of a `YYYY-MM-DDTHH:MM` text.
pub fn split_wall_time(local: &str) -> Option<(NaiveDate, String)> {
    let (day, time) = local.trim().split_once('T')?;
    let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    let time = chrono::NaiveTime::parse_from_str(time.get(..5)?, "%H:%M").ok()?;
    Some((day, time.format("%H:%M").to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_input_values_are_zero_padded() {
        assert_eq!(local_input_text(2026, 3, 7, 9, 5), "2026-03-07T09:05");
    }

    #[test]
    fn wall_times_split_into_day_and_minutes() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap_or_default();
        assert_eq!(
            split_wall_time("2026-03-07T18:00"),
            Some((day, "18:00".to_owned()))
        );
        assert_eq!(
            split_wall_time("2026-03-07T18:00:59"),
            Some((day, "18:00".to_owned()))
        );
        assert_eq!(split_wall_time("2026-03-07"), None);
        assert_eq!(split_wall_time("soon"), None);
    }
}
