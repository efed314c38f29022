//! Merging a contact with a duplicate: choose it, look at the dry run, then confirm.

use std::rc::Rc;

use crm_api_types::{ContactResponse, MergeContactsRequest, MergeContactsResponse};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::profile_tab::ProfileFacts;
use crate::components::{ContactPicker, ProblemBanner};
use crate::hooks::{use_session, ContactChoices};
use crate::i18n::{ContactText, Text};
use crate::services::{api, ApiError};

/// Properties of [`MergePanel`].
#[derive(Properties, PartialEq)]
pub struct MergePanelProps {
    /// The contact whose page this is.
    pub contact: ContactResponse,
    /// Lists and users, to show the preview.
    pub choices: Rc<ContactChoices>,
    /// Called with the contact that remains after the merge.
    pub on_merged: Callback<ContactResponse>,
    /// Hides the panel.
    pub on_close: Callback<()>,
}

/// The merge panel on a contact's page.
#[component]
pub fn MergePanel(props: &MergePanelProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let other = use_state(|| None::<ContactResponse>);
    let keep_other = use_state(|| false);
    let preview = use_state(|| None::<MergeContactsResponse>);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);

    let request = |dry_run: bool| {
        other.as_ref().map(|other| {
            let (target_id, source_id) = if *keep_other {
                (other.id, props.contact.id)
            } else {
                (props.contact.id, other.id)
            };
            MergeContactsRequest {
                target_id,
                source_id,
                dry_run,
            }
        })
    };
    let run = |request: Option<MergeContactsRequest>| {
        let (preview, error, busy, on_merged) = (
            preview.clone(),
            error.clone(),
            busy.clone(),
            props.on_merged.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let Some(request) = request.clone() else {
                return;
            };
            busy.set(true);
            let (preview, error, busy, on_merged) = (
                preview.clone(),
                error.clone(),
                busy.clone(),
                on_merged.clone(),
            );
            spawn_local(async move {
                let result =
                    api::post::<_, MergeContactsResponse>("/contacts/merge", &request).await;
                busy.set(false);
                match result {
                    Ok(answer) if answer.applied => on_merged.emit(answer.contact),
                    Ok(answer) => {
                        error.set(None);
                        preview.set(Some(answer));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let on_pick = {
        let (other, preview) = (other.clone(), preview.clone());
        Callback::from(move |chosen| {
            other.set(Some(chosen));
            preview.set(None);
        })
    };
    let on_swap = {
        let (keep_other, preview) = (keep_other.clone(), preview.clone());
        Callback::from(move |_: Event| {
            keep_other.set(!*keep_other);
            preview.set(None);
        })
    };
    let change_other = {
        let (other, preview) = (other.clone(), preview.clone());
        Callback::from(move |_: MouseEvent| {
            other.set(None);
            preview.set(None);
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());

    html! {
        <section class="card merge-panel" data-testid="merge-panel">
            <h2>{ ContactText::MergeTitle.tr(lang) }</h2>
            <p class="muted">{ ContactText::MergeIntro.tr(lang) }</p>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} />
            }
            if let Some(chosen) = (*other).clone() {
                <p class="linked">
                    <strong data-testid="merge-other">{ chosen.display_name.clone() }</strong>
                    <button type="button" class="button small" onclick={change_other}>{ ContactText::Unlink.tr(lang) }</button>
                </p>
                <div class="field check">
                    <input type="checkbox" id="merge-keep-other" checked={*keep_other} onchange={on_swap} />
                    <label for="merge-keep-other">{ ContactText::MergeKeepOther.tr(lang) }</label>
                </div>
            } else {
                <ContactPicker placeholder={ContactText::FindContact} kind={props.contact.kind.as_str()}
                    exclude={vec![props.contact.id]} onpick={on_pick} testid="merge-search" />
            }
            if let Some(result) = (*preview).clone() {
                <h3>{ ContactText::MergeResult.tr(lang) }</h3>
                <p><strong data-testid="merge-preview-name">{ result.contact.display_name.clone() }</strong></p>
                <ProfileFacts contact={result.contact} choices={Rc::clone(&props.choices)} />
            }
            <div class="form-actions">
                if preview.is_some() {
                    <button type="button" class="button danger" data-testid="merge-confirm" disabled={*busy}
                        onclick={run(request(false))}>{ ContactText::MergeConfirm.tr(lang) }</button>
                } else {
                    <button type="button" class="button primary" data-testid="merge-preview"
                        disabled={*busy || other.is_none()} onclick={run(request(true))}>
                        { ContactText::MergePreview.tr(lang) }
                    </button>
                }
                <button type="button" class="link-button" onclick={close}>{ Text::Cancel.tr(lang) }</button>
            </div>
        </section>
    }
}
