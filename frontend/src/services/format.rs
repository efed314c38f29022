//! Display formatting of values from the API.

use chrono::{DateTime, Utc};
use wasm_bindgen::JsValue;

use crate::i18n::Lang;

/// A timestamp in the browser's time zone, written the way the language expects.
pub fn date_time(at: &DateTime<Utc>, lang: Lang) -> String {
    // Milliseconds fit an f64 exactly for any realistic date.
    #[allow(clippy::cast_precision_loss)]
    let millis = at.timestamp_millis() as f64;
    let date = js_sys::Date::new(&JsValue::from_f64(millis));
    let options = js_sys::Object::new();
    for (key, value) in [("dateStyle", "medium"), ("timeStyle", "short")] {
        let _ignored = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_string(lang.code(), &options).into()
}
