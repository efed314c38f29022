//! The time zones a zone field suggests: every IANA zone the browser knows
//! (`Intl.supportedValuesOf`), each labelled with its name in the UI language, so that typing
//! "Моск" or "Berlin" finds the zone.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use yew::prelude::*;

use crate::hooks::use_session;

/// Zones offered when the browser cannot list its own.
const FALLBACK: &[&str] = &[
    "UTC",
    "Europe/Kaliningrad",
    "Europe/Moscow",
    "Europe/Samara",
    "Asia/Yekaterinburg",
    "Asia/Omsk",
    "Asia/Novosibirsk",
    "Asia/Krasnoyarsk",
    "Asia/Irkutsk",
    "Asia/Yakutsk",
    "Asia/Vladivostok",
    "Asia/Magadan",
    "Asia/Kamchatka",
    "Europe/Minsk",
    "Asia/Almaty",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Paris",
    "America/New_York",
    "America/Los_Angeles",
];

/// Properties of [`TimeZoneList`].
#[derive(Properties, PartialEq)]
pub struct TimeZoneListProps {
    /// The `id` an input's `list` attribute names.
    pub id: AttrValue,
}

/// A `<datalist>` of every zone, its label the zone's name in the UI language.
#[function_component(TimeZoneList)]
pub fn time_zone_list(props: &TimeZoneListProps) -> Html {
    let session = use_session();
    let lang = session.lang().code();
    let zones = use_memo(lang, |lang| {
        let names = supported_zones();
        names
            .into_iter()
            .map(|zone| {
                let label = zone_label(lang, &zone).unwrap_or_default();
                (zone, label)
            })
            .collect::<Vec<_>>()
    });
    html! {
        <datalist id={props.id.clone()}>
            { for zones.iter().map(|(zone, label)| html! {
                <option value={zone.clone()} label={label.clone()} />
            }) }
        </datalist>
    }
}

/// `Intl.supportedValuesOf("timeZone")` with UTC first; the fallback list where it is missing.
fn supported_zones() -> Vec<String> {
    let listed = (|| {
        let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
        let list: Function = Reflect::get(&intl, &JsValue::from_str("supportedValuesOf"))
            .ok()?
            .dyn_into()
            .ok()?;
        let zones: Array = list
            .call1(&intl, &JsValue::from_str("timeZone"))
            .ok()?
            .dyn_into()
            .ok()?;
        Some(
            zones
                .iter()
                .filter_map(|z| z.as_string())
                .collect::<Vec<_>>(),
        )
    })()
    .filter(|zones| !zones.is_empty());
    let mut zones = listed.unwrap_or_else(|| FALLBACK.iter().map(|z| (*z).to_owned()).collect());
    zones.retain(|z| z != "UTC");
    zones.insert(0, "UTC".to_owned());
    zones
}

/// "Moscow Standard Time (UTC+3)" style label: the zone's generic name in `lang` and its
/// current offset.
fn zone_label(lang: &str, zone: &str) -> Option<String> {
    let part = |style: &str| -> Option<String> {
        let options = Object::new();
        Reflect::set(&options, &"timeZone".into(), &JsValue::from_str(zone)).ok()?;
        Reflect::set(&options, &"timeZoneName".into(), &JsValue::from_str(style)).ok()?;
        let locales = Array::of1(&JsValue::from_str(lang));
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
        format
            .format_to_parts(&js_sys::Date::new_0())
            .iter()
            .find(|p| {
                Reflect::get(p, &"type".into())
                    .ok()
                    .and_then(|t| t.as_string())
                    .is_some_and(|t| t == "timeZoneName")
            })
            .and_then(|p| Reflect::get(&p, &"value".into()).ok())
            .and_then(|v| v.as_string())
    };
    let name = part("longGeneric").or_else(|| part("long"))?;
    let city = zone.rsplit('/').next().unwrap_or(zone).replace('_', " ");
    Some(match part("shortOffset") {
        Some(offset) => format!("{name}, {city} ({offset})"),
        None => format!("{name}, {city}"),
    })
}
