//! Writing a history entry, or changing one: category, text, when it happened and files.

use std::rc::Rc;

use crm_api_types::{
    CreateHistoryEntryRequest, HistoryEntryResponse, ListItemResponse, RecordRef,
    UpdateHistoryEntryRequest,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::attachments::{AttachmentAction, AttachmentPicker, Attachments};
use crate::components::{FieldErrors, ProblemBanner, SelectField, SelectOption, TextAreaField};
use crate::hooks::use_session;
use crate::i18n::{HistoryText, Text};
use crate::services::{api, format, ApiError};

/// What the form holds besides its files.
#[derive(Debug, Clone, PartialEq, Default)]
struct EntryDraft {
    /// Category id, or empty.
    category: String,
    content: String,
    /// The `datetime-local` value, or empty for "now".
    happened: String,
}

impl EntryDraft {
    fn from_entry(entry: &HistoryEntryResponse) -> Self {
        Self {
            category: entry.category_id.map(|c| c.to_string()).unwrap_or_default(),
            content: entry.content.clone(),
            happened: format::local_input_value(&entry.happened_at),
        }
    }

    fn to_create(&self, file_ids: Vec<i64>) -> CreateHistoryEntryRequest {
        CreateHistoryEntryRequest {
            category_id: self.category.parse().ok(),
            content: self.content.trim().to_owned(),
            happened_at: format::parse_local_input(&self.happened),
            file_ids: (!file_ids.is_empty()).then_some(file_ids),
        }
    }

    /// Only what changed since `old` (which the form showed as `before`), with its version.
    fn changes_to(
        &self,
        before: &EntryDraft,
        old: &HistoryEntryResponse,
        file_ids: Vec<i64>,
    ) -> UpdateHistoryEntryRequest {
        let old_files: Vec<i64> = old.files.iter().map(|f| f.id).collect();
        UpdateHistoryEntryRequest {
            // `0` clears the category.
            category_id: (self.category != before.category)
                .then(|| self.category.parse().unwrap_or(0)),
            content: (self.content.trim() != before.content.trim())
                .then(|| self.content.trim().to_owned()),
            happened_at: (self.happened != before.happened)
                .then(|| format::parse_local_input(&self.happened))
                .flatten(),
            file_ids: (file_ids != old_files).then_some(file_ids),
            version: Some(old.version),
        }
    }
}

/// Properties of [`HistoryForm`].
#[derive(Properties, PartialEq)]
pub struct HistoryFormProps {
    /// The record whose history this is.
    pub record: RecordRef,
    /// History categories to choose from.
    pub categories: Rc<Vec<ListItemResponse>>,
    /// The entry to change; `None` to write a new one.
    #[prop_or_default]
    pub entry: Option<HistoryEntryResponse>,
    /// Called with the saved entry.
    pub on_saved: Callback<HistoryEntryResponse>,
    /// Leaves the form (editing only).
    #[prop_or_default]
    pub on_cancel: Option<Callback<()>>,
}

/// The form of a history entry.
#[component]
pub fn HistoryForm(props: &HistoryFormProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let draft = use_state(|| {
        props
            .entry
            .as_ref()
            .map(EntryDraft::from_entry)
            .unwrap_or_default()
    });
    let attachments = use_reducer(|| Attachments {
        files: props
            .entry
            .as_ref()
            .map(|e| e.files.clone())
            .unwrap_or_default(),
        ..Attachments::default()
    });
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);

    let set = |apply: fn(&mut EntryDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |value: String| {
            let mut next = (*draft).clone();
            apply(&mut next, value);
            draft.set(next);
        })
    };
    let onsubmit = {
        let (draft, error, busy, attachments) = (
            draft.clone(),
            error.clone(),
            busy.clone(),
            attachments.clone(),
        );
        let (entry, record, on_saved) = (props.entry.clone(), props.record, props.on_saved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy || !attachments.uploading.is_empty() {
                return;
            }
            busy.set(true);
            let file_ids: Vec<i64> = attachments.files.iter().map(|f| f.id).collect();
            let (draft, error, busy, attachments) = (
                draft.clone(),
                error.clone(),
                busy.clone(),
                attachments.clone(),
            );
            let (entry, on_saved) = (entry.clone(), on_saved.clone());
            spawn_local(async move {
                let result = match &entry {
                    Some(old) => {
                        let before = EntryDraft::from_entry(old);
                        let change = draft.changes_to(&before, old, file_ids);
                        api::patch::<_, HistoryEntryResponse>(
                            &format!("/history/{}", old.id),
                            &change,
                        )
                        .await
                    }
                    None => {
                        let path = format!("{}/history", record.path());
                        api::post::<_, HistoryEntryResponse>(&path, &draft.to_create(file_ids))
                            .await
                    }
                };
                busy.set(false);
                match result {
                    Ok(saved) => {
                        error.set(None);
                        if entry.is_none() {
                            draft.set(EntryDraft::default());
                            attachments.dispatch(AttachmentAction::Reset(Vec::new()));
                        }
                        on_saved.emit(saved);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let categories: Vec<SelectOption> =
        std::iter::once(SelectOption::new("", HistoryText::NoCategory.tr(lang)))
            .chain(
                props
                    .categories
                    .iter()
                    .map(|c| SelectOption::new(c.id.to_string(), c.title.clone())),
            )
            .collect();
    let on_happened = {
        let set_happened = set(|d, v| d.happened = v);
        Callback::from(move |e: InputEvent| {
            set_happened.emit(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let cancel = props
        .on_cancel
        .as_ref()
        .map(|cancel| cancel.reform(|_: MouseEvent| ()));
    let err = (*error).clone();
    let waiting = *busy || !attachments.uploading.is_empty();
    let editing = props.entry.is_some();
    let suffix = props
        .entry
        .as_ref()
        .map_or_else(|| "new".to_owned(), |e| e.id.to_string());
    let happened_id = format!("f-happened-{suffix}");

    html! {
        <form class="history-form" {onsubmit} novalidate=true data-testid="history-form">
            if let Some(error) = err.clone() {
                <ProblemBanner {error} />
            }
            <div class="field-row">
                <div>
                    <SelectField label={HistoryText::Category} name={format!("category-{suffix}")}
                        options={categories} value={draft.category.clone()} testid="history-category"
                        onchange={set(|d, v| d.category = v)} />
                    <FieldErrors error={err.clone()} field="category_id" />
                </div>
                <div class="field">
                    <label for={happened_id.clone()}>{ HistoryText::HappenedAt.tr(lang) }</label>
                    <input id={happened_id} type="datetime-local" value={draft.happened.clone()}
                        oninput={on_happened} data-testid="history-happened-at" />
                    <p class="hint">{ HistoryText::HappenedAtHint.tr(lang) }</p>
                    <FieldErrors error={err.clone()} field="happened_at" />
                </div>
            </div>
            <TextAreaField label={HistoryText::Content} name={format!("content-{suffix}")} value={draft.content.clone()}
                oninput={set(|d, v| d.content = v)} testid="history-content" />
            <FieldErrors error={err.clone()} field="content" />
            <AttachmentPicker attachments={attachments.clone()} />
            <FieldErrors error={err} field="file_ids" />
            <div class="form-actions">
                <button type="submit" class="button primary" data-testid="history-save"
                    disabled={waiting || draft.content.trim().is_empty()}>
                    { if *busy { Text::Saving.tr(lang) } else if editing { Text::Save.tr(lang) } else { HistoryText::AddEntry.tr(lang) } }
                </button>
                if let Some(onclick) = cancel {
                    <button type="button" class="button" {onclick}>{ Text::Cancel.tr(lang) }</button>
                }
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;
    use crm_api_types::FileResponse;

    fn stored_entry() -> HistoryEntryResponse {
        HistoryEntryResponse {
            id: 4,
            record_kind: crm_api_types::RecordKind::Contact,
            record_id: 9,
            record_name: None,
            category_id: Some(2),
            content: "Called".into(),
            event: None,
            task_id: None,
            author_id: 1,
            happened_at: Utc::now(),
            files: vec![FileResponse {
                id: 30,
                name: "a.txt".into(),
                content_type: "text/plain".into(),
                size: 3,
                sha256: String::new(),
                created_by: 1,
                created_at: Utc::now(),
                url: "/api/v1/files/30".into(),
            }],
            can_edit: true,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 3,
        }
    }

    #[test]
    fn a_new_entry_leaves_out_what_is_empty() {
        let draft = EntryDraft {
            content: "  Met at the fair ".into(),
            ..EntryDraft::default()
        };
        let request = draft.to_create(Vec::new());
        assert_eq!(request.content, "Met at the fair");
        assert_eq!((request.category_id, request.file_ids), (None, None));
    }

    #[test]
    fn a_cleared_category_and_removed_files_are_sent() {
        let before = EntryDraft {
            category: "2".into(),
            content: "Called".into(),
            happened: "2026-01-02T03:04".into(),
        };
        let now = EntryDraft {
            category: String::new(),
            ..before.clone()
        };
        assert_eq!(
            now.changes_to(&before, &stored_entry(), Vec::new()),
            UpdateHistoryEntryRequest {
                category_id: Some(0),
                file_ids: Some(Vec::new()),
                version: Some(3),
                ..Default::default()
            }
        );
    }

    #[test]
    fn an_untouched_entry_sends_only_its_version() {
        let before = EntryDraft {
            category: "2".into(),
            content: "Called".into(),
            happened: "2026-01-02T03:04".into(),
        };
        let change = before.changes_to(&before, &stored_entry(), vec![30]);
        assert_eq!(
            change,
            UpdateHistoryEntryRequest {
                version: Some(3),
                ..Default::default()
            }
        );
    }
}
