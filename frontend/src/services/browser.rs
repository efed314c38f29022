//! Thin wrappers over browser APIs: local storage, the browser language, dialogs,
//! the clipboard and the document title. On failure they do nothing rather than panic.

use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::i18n::Lang;

/// Local-storage key of the chosen language.
pub const LANG_KEY: &str = "crm.lang";

/// A plain string from local storage.
pub fn stored(key: &str) -> Option<String> {
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Stores a plain string in local storage (ignored when storage is unavailable).
pub fn store(key: &str, value: &str) {
    let _ignored = LocalStorage::raw().set_item(key, value);
}

/// Removes a key from local storage.
pub fn forget(key: &str) {
    let _ignored = LocalStorage::raw().remove_item(key);
}

/// The language the user chose earlier in this browser, if any.
pub fn stored_lang() -> Option<Lang> {
    stored(LANG_KEY).and_then(|code| Lang::from_code(&code))
}

/// The language to start with before sign-in: the stored choice, else the browser's
/// language, else Russian.
pub fn initial_lang() -> Lang {
    stored_lang()
        .or_else(|| {
            let navigator = web_sys::window()?.navigator();
            let mut tags: Vec<String> = navigator
                .languages()
                .iter()
                .filter_map(|tag| tag.as_string())
                .collect();
            tags.extend(navigator.language());
            tags.iter().find_map(|tag| Lang::from_code(tag))
        })
        .unwrap_or_default()
}

/// Marks the document's language, for screen readers and hyphenation.
pub fn set_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ignored = root.set_attribute("lang", lang.code());
    }
}

/// Removes the indicator `index.html` shows while the app downloads and starts.
pub fn remove_boot_indicator() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}

/// Sets the browser tab's title.
pub fn set_document_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// Scrolls the element with this id into view, if there is one.
pub fn scroll_into_view(id: &str) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        element.scroll_into_view();
    }
}

/// Opens the browser's print dialog for the page.
pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ignored = w.print();
    }
}

/// Asks the user to confirm; `false` when the dialog cannot be shown.
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Asks the user for a line of text; `None` when cancelled or the dialog cannot be shown.
pub fn ask(question: &str) -> Option<String> {
    web_sys::window()
        .and_then(|w| w.prompt_with_message(question).ok())
        .flatten()
}

/// Copies text to the clipboard; `false` when the browser refuses (e.g. not a secure context).
pub async fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let navigator = window.navigator();
    // `navigator.clipboard` is undefined outside secure contexts; calling into it would throw.
    let has_clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard"))
        .map(|value| value.is_object())
        .unwrap_or(false);
    if !has_clipboard {
        return false;
    }
    JsFuture::from(navigator.clipboard().write_text(text))
        .await
        .is_ok()
}
