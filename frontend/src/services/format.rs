//! Display formatting of values from the API, and the browser-local date inputs.

use std::cell::RefCell;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use wasm_bindgen::{JsCast, JsValue};

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
        ("hour", hour_digits(lang)),
        ("minute", "2-digit"),
        ("hourCycle", hour_cycle(lang)),
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

/// The clock of a language: 24 hours in Russian, 12 with AM/PM in English.
fn hour_cycle(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "h23",
        Lang::En => "h12",
    }
}

/// Hours with a leading zero on the 24-hour clock (09:05), without on the 12-hour (9:05 AM).
fn hour_digits(lang: Lang) -> &'static str {
    match lang {
        Lang::Ru => "2-digit",
        Lang::En => "numeric",
    }
}

/// A time of day `HH:MM` on the clock of the language (see [`hour_cycle`]): `18:00`,
/// `6:00 PM`; the text itself when it is not a time.
pub fn clock(hh_mm: &str, lang: Lang) -> String {
    let Ok(time) = chrono::NaiveTime::parse_from_str(hh_mm.trim(), "%H:%M") else {
        return hh_mm.to_owned();
    };
    match lang {
        Lang::Ru => time.format("%H:%M").to_string(),
        Lang::En => time.format("%-I:%M %p").to_string(),
    }
}

/// A decimal number as the language writes it: `2 500 000,5` (no-break spaces) in Russian,
/// `2,500,000.5` in English (see [`crm_domain::Locale::write_decimal`]).
pub fn number(text: &str, lang: Lang) -> String {
    lang.locale().write_decimal(text)
}

/// A count as the language writes it.
pub fn count(n: impl Into<i64>, lang: Lang) -> String {
    number(&n.into().to_string(), lang)
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
        Some((day, time)) => format!("{} {}", date(day, lang), clock(&time, lang)),
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
            format!("{day} {}", clock(&time, lang))
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

/// The name of an ISO 4217 currency in the language (`Intl.DisplayNames`), when the browser
/// knows it.
pub fn currency_name(code: &str, lang: Lang) -> Option<String> {
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor = js_sys::Reflect::get(&intl, &"DisplayNames".into()).ok()?;
    let constructor: js_sys::Function = constructor.dyn_into().ok()?;
    let options = js_sys::Object::new();
    let _ignored = js_sys::Reflect::set(&options, &"type".into(), &"currency".into());
    let args = js_sys::Array::of2(&JsValue::from_str(lang.code()), &options);
    let names = js_sys::Reflect::construct(&constructor, &args).ok()?;
    let of: js_sys::Function = js_sys::Reflect::get(&names, &"of".into())
        .ok()?
        .dyn_into()
        .ok()?;
    of.call1(&names, &JsValue::from_str(code)).ok()?.as_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_and_pointed_as_the_language_writes_them() {
        assert_eq!(number("2500000.5", Lang::Ru), "2\u{a0}500\u{a0}000,5");
        assert_eq!(number("2500000.5", Lang::En), "2,500,000.5");
        assert_eq!(number("2500", Lang::Ru), "2500");
        assert_eq!(number("2500", Lang::En), "2,500");
        assert_eq!(number("-12345.000", Lang::Ru), "-12\u{a0}345,000");
        assert_eq!(
            number("123456789012345678901234", Lang::En),
            "123,456,789,012,345,678,901,234"
        );
        assert_eq!(number("12", Lang::Ru), "12");
        for odd in ["", "abc", "1e21", "1.", ".5", "1.2.3", "--1"] {
            assert_eq!(number(odd, Lang::En), odd);
        }
        assert_eq!(count(12_345_i64, Lang::Ru), "12\u{a0}345");
    }

    #[test]
    fn each_language_has_one_clock() {
        assert_eq!(clock("18:00", Lang::Ru), "18:00");
        assert_eq!(clock("09:05", Lang::Ru), "09:05");
        assert_eq!(clock("18:00", Lang::En), "6:00 PM");
        assert_eq!(clock("00:30", Lang::En), "12:30 AM");
        assert_eq!(clock("12:00", Lang::En), "12:00 PM");
        assert_eq!(clock("soon", Lang::En), "soon");
    }

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
