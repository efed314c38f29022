//! One entry of a contact's history: what happened, when, who wrote it and its files;
//! its author (or a CRM admin) may change or delete it.

use std::rc::Rc;

use crm_api_types::{HistoryEntryResponse, ListItemResponse, RecordRef};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::attachments::FileLinks;
use super::history_form::HistoryForm;
use crate::app::Route;
use crate::components::ColorDot;
use crate::hooks::{use_session, ContactChoices};
use crate::i18n::{fill, HistoryText};
use crate::services::{api, browser, format, ApiError};

/// Properties of [`HistoryItem`].
#[derive(Properties, PartialEq)]
pub struct HistoryItemProps {
    /// The entry.
    pub entry: HistoryEntryResponse,
    /// History categories, to name the entry's.
    pub categories: Rc<Vec<ListItemResponse>>,
    /// Users, to name the author.
    pub choices: Rc<ContactChoices>,
    /// The record whose history is shown: an entry of another one (a company's person) names
    /// and links its record.
    pub shown_for: i64,
    /// Called after the entry changed or went.
    pub on_changed: Callback<()>,
    /// Called when deleting failed.
    pub on_error: Callback<ApiError>,
}

/// What an entry says: its text, or for an entry the system wrote (`event`), a sentence
/// about what happened, linked to its task.
fn content(entry: &HistoryEntryResponse, lang: crate::i18n::Lang) -> Html {
    match (entry.event.as_deref(), entry.task_id) {
        (Some(event), task_id) if event == crm_api_types::HistoryEvent::TaskClosed.as_str() => {
            let sentence = fill(
                HistoryText::TaskClosed.tr(lang),
                &[("title", &entry.content)],
            );
            match task_id {
                Some(id) => {
                    html! { <Link<Route> to={Route::Task { id }}>{ sentence }</Link<Route>> }
                }
                None => html! { sentence },
            }
        }
        _ => html! { entry.content.clone() },
    }
}

/// A history entry, or its form while it is being changed.
#[component]
pub fn HistoryItem(props: &HistoryItemProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let editing = use_state(|| false);
    let entry = &props.entry;

    // Entries the system wrote are not edited as text.
    if *editing && entry.event.is_none() {
        let on_saved = {
            let (editing, on_changed) = (editing.clone(), props.on_changed.clone());
            Callback::from(move |_| {
                editing.set(false);
                on_changed.emit(());
            })
        };
        let on_cancel = {
            let editing = editing.clone();
            Callback::from(move |()| editing.set(false))
        };
        return html! {
            <li class="history-entry editing" data-testid="history-entry">
                <HistoryForm record={RecordRef { kind: entry.record_kind, id: entry.record_id }} categories={Rc::clone(&props.categories)}
                    entry={Some(entry.clone())} {on_saved} on_cancel={Some(on_cancel)} />
            </li>
        };
    }

    let category = entry
        .category_id
        .and_then(|id| props.categories.iter().find(|c| c.id == id));
    let edit = {
        let editing = editing.clone();
        Callback::from(move |_: MouseEvent| editing.set(true))
    };
    let delete = {
        let (id, on_changed, on_error) =
            (entry.id, props.on_changed.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(HistoryText::ConfirmDeleteEntry.tr(lang)) {
                return;
            }
            let (on_changed, on_error) = (on_changed.clone(), on_error.clone());
            spawn_local(async move {
                match api::delete(&format!("/history/{id}")).await {
                    Ok(()) => on_changed.emit(()),
                    Err(e) => on_error.emit(e),
                }
            });
        })
    };

    html! {
        <li class="history-entry" data-testid="history-entry" data-id={entry.id.to_string()}>
            <div class="history-meta">
                if let Some(c) = category {
                    <span class="badge badge-off" data-testid="history-entry-category">
                        <ColorDot color={c.color.clone().map(AttrValue::from)} />{ format!(" {}", c.title) }
                    </span>
                }
                <span class="muted small">
                    { format!("{} · {}", format::date_time(&entry.happened_at, lang), props.choices.users.name(entry.author_id)) }
                </span>
                if let (Some(name), true) = (&entry.record_name, entry.record_id != props.shown_for) {
                    <Link<Route> to={Route::Contact { id: entry.record_id }} classes="small">
                        <span data-testid="history-entry-record">{ name.clone() }</span>
                    </Link<Route>>
                }
                <span class="spacer"></span>
                if entry.can_edit {
                    if entry.event.is_none() {
                        <button type="button" class="link-button small" onclick={edit} data-testid="history-edit">
                            { HistoryText::EditEntry.tr(lang) }
                        </button>
                    }
                    <button type="button" class="link-button small danger" onclick={delete} data-testid="history-delete">
                        { HistoryText::DeleteEntry.tr(lang) }
                    </button>
                }
            </div>
            <p class="notes" data-testid="history-entry-content" data-event={entry.event.clone()}>
                { content(entry, lang) }
            </p>
            if !entry.files.is_empty() {
                <FileLinks files={entry.files.clone()} />
            }
        </li>
    }
}
