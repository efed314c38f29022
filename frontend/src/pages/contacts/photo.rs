//! The photo of a contact, with its initials while there is none; those who may change the
//! contact may upload another photo or remove it.

use crm_api_types::ContactResponse;
use serde::de::DeserializeOwned;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::components::FieldErrors;
use crate::hooks::{use_object_url, use_session};
use crate::i18n::HistoryText;
use crate::services::api::{self, Method};
use crate::services::{browser, transfer, ApiError};

/// The largest photo the server takes (20 MB).
pub const MAX_PHOTO_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

/// Up to two initials of a name: "Anna Petrova" → "AP".
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphanumeric()))
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

/// Uploads the image chosen in the file input of `e` to `path` (PUT): `busy` while it runs,
/// then `on_saved` with the answer, or the failure in `error` (one over 20 MB is refused
/// before it is sent).
pub fn upload_chosen_image<R: DeserializeOwned + 'static>(
    e: &Event,
    path: String,
    error: &UseStateHandle<Option<ApiError>>,
    busy: &UseStateHandle<bool>,
    on_saved: &Callback<R>,
) {
    let input: HtmlInputElement = e.target_unchecked_into();
    let Some(file) = input.files().and_then(|list| list.get(0)) else {
        return;
    };
    input.set_value("");
    if file.size() > MAX_PHOTO_BYTES {
        return error.set(Some(ApiError::local(413, "payload_too_large")));
    }
    busy.set(true);
    let (error, busy, on_saved) = (error.clone(), busy.clone(), on_saved.clone());
    spawn_local(async move {
        let result = transfer::upload::<R>(Method::PUT, &path, &file).await;
        busy.set(false);
        match result {
            Ok(saved) => {
                error.set(None);
                on_saved.emit(saved);
            }
            Err(e) => error.set(Some(e)),
        }
    });
}

/// Properties of [`ContactPhoto`].
#[derive(Properties, PartialEq)]
pub struct ContactPhotoProps {
    /// The contact.
    pub contact: ContactResponse,
    /// Called with the contact after a new photo was saved.
    pub on_saved: Callback<ContactResponse>,
    /// Called after the photo was removed.
    pub on_removed: Callback<()>,
}

/// The contact's photo (or initials) and, when allowed, buttons to change or remove it.
#[component]
pub fn ContactPhoto(props: &ContactPhotoProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let c = &props.contact;
    let src = use_object_url(c.photo_url.clone());
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);

    let onchange = {
        let (id, error, busy, on_saved) =
            (c.id, error.clone(), busy.clone(), props.on_saved.clone());
        Callback::from(move |e: Event| {
            upload_chosen_image(
                &e,
                format!("/contacts/{id}/photo"),
                &error,
                &busy,
                &on_saved,
            );
        })
    };
    let remove = {
        let (id, error, on_removed) = (c.id, error.clone(), props.on_removed.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(HistoryText::ConfirmRemovePhoto.tr(lang)) {
                return;
            }
            let (error, on_removed) = (error.clone(), on_removed.clone());
            spawn_local(async move {
                match api::delete(&format!("/contacts/{id}/photo")).await {
                    Ok(()) => {
                        error.set(None);
                        on_removed.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let err = (*error).clone();
    let message = err.as_ref().and_then(|e| {
        if e.code == "payload_too_large" {
            Some(HistoryText::PhotoTooLarge.tr(lang).to_owned())
        } else if e.field_problems("file").next().is_none() {
            Some(e.message(lang))
        } else {
            None
        }
    });
    let input_id = format!("photo-{}", c.id);

    html! {
        <div class="contact-photo" data-testid="contact-photo">
            if let Some(src) = src {
                <img class="photo" {src} alt={format!("{}: {}", HistoryText::Photo.tr(lang), c.display_name)}
                    data-testid="contact-photo-image" />
            } else {
                <span class="photo photo-initials" aria-hidden="true" data-testid="contact-photo-initials">
                    { initials(&c.display_name) }
                </span>
            }
            if c.can_edit {
                <div class="photo-actions">
                    <label for={input_id.clone()} class={classes!("button", "small", busy.then_some("disabled"))}
                        title={HistoryText::PhotoHint.tr(lang)}>
                        { if c.photo_url.is_some() { HistoryText::ChangePhoto.tr(lang) } else { HistoryText::AddPhoto.tr(lang) } }
                    </label>
                    <input id={input_id} type="file" class="visually-hidden" accept="image/jpeg,image/png,image/webp,image/gif"
                        disabled={*busy} {onchange} data-testid="contact-photo-input" />
                    if c.photo_url.is_some() {
                        <button type="button" class="link-button small" onclick={remove} data-testid="contact-photo-remove">
                            { HistoryText::RemovePhoto.tr(lang) }
                        </button>
                    }
                </div>
            }
            if let Some(message) = message {
                <p class="field-error" role="alert">{ message }</p>
            }
            <FieldErrors error={err} field="file" />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_letters_of_two_words() {
        assert_eq!(initials("anna petrova"), "AP");
        assert_eq!(initials("ООО «Ромашка» Трейд"), "ОР");
        assert_eq!(initials("Acme"), "A");
        assert_eq!(initials(""), "");
    }
}
