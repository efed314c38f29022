//! Files of history entries: picking and uploading them before the entry is saved, and
//! downloading attached ones with the session's token.

use std::rc::Rc;

use crm_api_types::FileResponse;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{fill, HistoryText, Lang};
use crate::services::api::Method;
use crate::services::{transfer, ApiError};

/// The largest file the server takes (25 MB).
pub const MAX_FILE_BYTES: f64 = 25.0 * 1024.0 * 1024.0;

/// A size in bytes, written for people.
pub fn file_size(bytes: i64, lang: Lang) -> String {
    // Sizes are shown rounded; precision loss is irrelevant.
    #[allow(clippy::cast_precision_loss)]
    let value = bytes as f64;
    let (amount, unit) = if bytes < 1024 {
        (bytes.to_string(), HistoryText::SizeBytes)
    } else if value < 1024.0 * 1024.0 {
        (format!("{:.0}", value / 1024.0), HistoryText::SizeKb)
    } else {
        (
            format!("{:.1}", value / 1024.0 / 1024.0),
            HistoryText::SizeMb,
        )
    };
    fill(unit.tr(lang), &[("n", &amount)])
}

/// The files attached to a form so far, and the ones still uploading.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Attachments {
    /// Files uploaded or attached before, in order.
    pub files: Vec<FileResponse>,
    /// Names of files being uploaded.
    pub uploading: Vec<String>,
    /// Why the last upload failed, with the file's name.
    pub failed: Option<(String, ApiError)>,
}

/// Changes to [`Attachments`].
pub enum AttachmentAction {
    /// Starts again with these files.
    Reset(Vec<FileResponse>),
    /// A file started uploading.
    Started(String),
    /// A file finished uploading.
    Uploaded(String, FileResponse),
    /// A file could not be uploaded.
    Failed(String, ApiError),
    /// A file was taken off.
    Removed(i64),
}

impl Reducible for Attachments {
    type Action = AttachmentAction;

    fn reduce(self: Rc<Self>, action: AttachmentAction) -> Rc<Self> {
        let mut next = (*self).clone();
        let mut done = |name: &str| {
            if let Some(at) = next.uploading.iter().position(|n| n == name) {
                next.uploading.remove(at);
            }
        };
        match action {
            AttachmentAction::Reset(files) => {
                return Rc::new(Self {
                    files,
                    ..Self::default()
                })
            }
            AttachmentAction::Started(name) => {
                next.uploading.push(name);
                next.failed = None;
            }
            AttachmentAction::Uploaded(name, file) => {
                done(&name);
                next.files.push(file);
            }
            AttachmentAction::Failed(name, error) => {
                done(&name);
                next.failed = Some((name, error));
            }
            AttachmentAction::Removed(id) => next.files.retain(|f| f.id != id),
        }
        Rc::new(next)
    }
}

/// Properties of [`AttachmentPicker`].
#[derive(Properties, PartialEq)]
pub struct AttachmentPickerProps {
    /// The form's attachments.
    pub attachments: UseReducerHandle<Attachments>,
}

/// A file input that uploads each picked file at once, and the list of attached files.
#[component]
pub fn AttachmentPicker(props: &AttachmentPickerProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let state = &props.attachments;
    let onchange = {
        let dispatcher = state.dispatcher();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(list) = input.files() else {
                return;
            };
            let picked: Vec<web_sys::File> =
                (0..list.length()).filter_map(|i| list.get(i)).collect();
            // The same file may be picked again after it was removed.
            input.set_value("");
            for file in picked {
                let dispatcher = dispatcher.clone();
                let name = file.name();
                if file.size() > MAX_FILE_BYTES {
                    let error = ApiError::local(413, "payload_too_large");
                    dispatcher.dispatch(AttachmentAction::Failed(name, error));
                    continue;
                }
                dispatcher.dispatch(AttachmentAction::Started(name.clone()));
                spawn_local(async move {
                    match transfer::upload::<FileResponse>(Method::POST, "/files", &file).await {
                        Ok(stored) => dispatcher.dispatch(AttachmentAction::Uploaded(name, stored)),
                        Err(error) => dispatcher.dispatch(AttachmentAction::Failed(name, error)),
                    }
                });
            }
        })
    };
    let failure = state.failed.as_ref().map(|(name, error)| {
        let text = if error.code == "payload_too_large" {
            fill(HistoryText::FileTooLarge.tr(lang), &[("name", name)])
        } else {
            let reasons = error.field_messages("file", lang);
            let reason = if reasons.is_empty() {
                error.message(lang)
            } else {
                reasons.join(" ")
            };
            format!("{name}: {reason}")
        };
        html! { <p class="field-error" role="alert" data-testid="attachment-error">{ text }</p> }
    });
    html! {
        <div class="field attachments">
            <label for="f-history-files">{ HistoryText::AttachFiles.tr(lang) }</label>
            <input id="f-history-files" type="file" multiple=true {onchange} data-testid="history-file-input" />
            <p class="hint">{ HistoryText::FilesHint.tr(lang) }</p>
            { failure }
            <ul class="attachment-list">
                { for state.files.iter().map(|file| {
                    let dispatcher = state.dispatcher();
                    let id = file.id;
                    let remove = Callback::from(move |_: MouseEvent| dispatcher.dispatch(AttachmentAction::Removed(id)));
                    let label = fill(HistoryText::RemoveFile.tr(lang), &[("name", &file.name)]);
                    html! {
                        <li key={id} class="chip" data-testid="attachment">
                            <span>{ format!("{} ({})", file.name, file_size(file.size, lang)) }</span>
                            <button type="button" class="chip-remove" onclick={remove} title={label.clone()}
                                aria-label={label}>{ "×" }</button>
                        </li>
                    }
                }) }
                { for state.uploading.iter().map(|name| html! {
                    <li class="chip muted" data-testid="attachment-uploading">
                        { fill(HistoryText::Uploading.tr(lang), &[("name", name)]) }
                    </li>
                }) }
            </ul>
        </div>
    }
}

/// Properties of [`FileLinks`].
#[derive(Properties, PartialEq)]
pub struct FileLinksProps {
    /// The attached files.
    pub files: Vec<FileResponse>,
}

/// Buttons that download attached files with the session's token.
#[component]
pub fn FileLinks(props: &FileLinksProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let error = use_state(|| None::<ApiError>);
    let items = props.files.iter().map(|file| {
        let (url, name, error) = (file.url.clone(), file.name.clone(), error.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            let (url, name, error) = (url.clone(), name.clone(), error.clone());
            spawn_local(async move {
                error.set(transfer::download(&url, &name).await.err());
            });
        });
        let title = fill(HistoryText::Download.tr(lang), &[("name", &file.name)]);
        html! {
            <li key={file.id}>
                <button type="button" class="link-button" {onclick} {title} data-testid="history-file">
                    <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor"
                        stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
                        <path d="M21.44 11.05l-9.19 9.19a6 6 0 0 1-8.49-8.49l9.19-9.19a4 4 0 0 1 5.66 5.66l-9.2 9.19a2 2 0 0 1-2.83-2.83l8.49-8.48" />
                    </svg>{ file.name.clone() }
                </button>
                <span class="muted small">{ format!(" {}", file_size(file.size, lang)) }</span>
            </li>
        }
    });
    html! {
        <>
            <ul class="file-links">{ for items }</ul>
            if let Some(error) = (*error).clone() {
                <p class="field-error" role="alert">{ error.message(lang) }</p>
            }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_use_the_largest_fitting_unit() {
        assert_eq!(file_size(512, Lang::En), "512 B");
        assert_eq!(file_size(2048, Lang::En), "2 KB");
        assert_eq!(file_size(3 * 1024 * 1024 / 2, Lang::Ru), "1.5 МБ");
    }

    #[test]
    fn uploads_finish_in_any_order() {
        let state = Rc::new(Attachments::default())
            .reduce(AttachmentAction::Started("a.txt".into()))
            .reduce(AttachmentAction::Started("b.txt".into()))
            .reduce(AttachmentAction::Failed(
                "b.txt".into(),
                ApiError::local(413, "payload_too_large"),
            ));
        assert_eq!(state.uploading, vec!["a.txt".to_owned()]);
        assert!(state.failed.is_some());
    }
}
