//! The history tab of a contact: a new entry at the top, then the entries newest first,
//! filtered by category and author.

use std::rc::Rc;

use crm_api_types::{HistoryEntryResponse, HistoryQueryParams, ListItemResponse, RecordRef};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::history_entry::HistoryItem;
use super::history_form::HistoryForm;
use crate::components::{LoadMore, Loading, Notice, ProblemBanner};
use crate::hooks::{load_list, use_load, use_paged_list, use_session, ContactChoices};
use crate::i18n::{HistoryText, Lang};
use crate::services::{with_query, ApiError};

/// Properties of [`HistoryTab`].
#[derive(Properties, PartialEq)]
pub struct HistoryTabProps {
    /// The record whose history this is.
    pub record: RecordRef,
    /// The record is a company: its people's entries can be shown with its own (and are, at
    /// first).
    #[prop_or_default]
    pub company: bool,
    /// Users, to name authors and filter by them.
    pub choices: Rc<ContactChoices>,
}

/// A filter `<select>` with "any" first.
fn filter_select(
    label: HistoryText,
    any: HistoryText,
    testid: &str,
    value: Option<i64>,
    options: Vec<(i64, String)>,
    onchange: Callback<Option<i64>>,
    lang: Lang,
) -> Html {
    let onchange = onchange.reform(|e: Event| {
        e.target()
            .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok())
            .and_then(|v| v.as_string())
            .and_then(|v| v.parse().ok())
    });
    html! {
        <select aria-label={label.tr(lang)} data-testid={testid.to_owned()} {onchange}>
            <option value="" selected={value.is_none()}>{ any.tr(lang) }</option>
            { for options.into_iter().map(|(id, name)| html! {
                <option value={id.to_string()} selected={value == Some(id)}>{ name }</option>
            }) }
        </select>
    }
}

/// The history tab.
#[component]
pub fn HistoryTab(props: &HistoryTabProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let categories = use_load((), |()| async {
        load_list("history_categories").await.map(Rc::new)
    });
    let query = {
        let company = props.company;
        use_state(move || HistoryQueryParams {
            include_people: company.then_some(true),
            ..HistoryQueryParams::default()
        })
    };
    let path = with_query(&format!("{}/history", props.record.path()), &*query);
    let list = use_paged_list::<HistoryEntryResponse>(path);
    let error = use_state(|| None::<ApiError>);
    let added = use_state(|| false);

    let Some(categories) = categories.data.clone() else {
        return match categories.error.clone() {
            Some(error) => {
                html! { <ProblemBanner {error} on_reload={categories.reload.clone()} /> }
            }
            None => html! { <Loading /> },
        };
    };
    let on_added = {
        let (added, reload) = (added.clone(), list.reload.clone());
        Callback::from(move |_| {
            added.set(true);
            reload.emit(());
        })
    };
    let on_changed = {
        let (error, added, reload) = (error.clone(), added.clone(), list.reload.clone());
        Callback::from(move |()| {
            error.set(None);
            added.set(false);
            reload.emit(());
        })
    };
    let on_error = {
        let error = error.clone();
        Callback::from(move |e| error.set(Some(e)))
    };
    let on_category = {
        let query = query.clone();
        Callback::from(move |category_id| {
            query.set(HistoryQueryParams {
                category_id,
                ..(*query).clone()
            })
        })
    };
    let on_author = {
        let query = query.clone();
        Callback::from(move |author_id| {
            query.set(HistoryQueryParams {
                author_id,
                ..(*query).clone()
            })
        })
    };
    let on_people = {
        let query = query.clone();
        Callback::from(move |e: Event| {
            let checked = e
                .target()
                .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("checked")).ok())
                .and_then(|v| v.as_bool())
                .unwrap_or_default();
            query.set(HistoryQueryParams {
                include_people: checked.then_some(true),
                cursor: None,
                ..(*query).clone()
            })
        })
    };
    let category_options = categories
        .iter()
        .map(|c: &ListItemResponse| (c.id, c.title.clone()))
        .collect();
    let author_options = props
        .choices
        .users
        .iter()
        .map(|u| (u.id, u.name.clone()))
        .collect();

    html! {
        <>
            <section class="card" data-testid="history-new">
                <h2>{ HistoryText::NewEntry.tr(lang) }</h2>
                if *added {
                    <Notice text={HistoryText::EntryAdded.tr(lang)} />
                }
                <HistoryForm record={props.record} categories={Rc::clone(&categories)} on_saved={on_added} />
            </section>
            <section class="card" data-testid="history">
                <div class="toolbar filters">
                    { filter_select(HistoryText::Category, HistoryText::AnyCategory, "history-filter-category",
                        query.category_id, category_options, on_category, lang) }
                    { filter_select(HistoryText::Author, HistoryText::AnyAuthor, "history-filter-author",
                        query.author_id, author_options, on_author, lang) }
                    if props.company {
                        <label class="inline-check">
                            <input type="checkbox" checked={query.include_people == Some(true)}
                                onchange={on_people} data-testid="history-with-people" />
                            { " " }{ HistoryText::WithPeople.tr(lang) }
                        </label>
                    }
                </div>
                if let Some(error) = (*error).clone().or(list.error.clone()) {
                    <ProblemBanner {error} on_reload={list.reload.clone()} />
                }
                <ul class="history-list">
                    { for list.items.iter().map(|entry| html! {
                        <HistoryItem key={entry.id} entry={entry.clone()} categories={Rc::clone(&categories)}
                            choices={Rc::clone(&props.choices)} on_changed={on_changed.clone()} shown_for={props.record.id}
                            on_error={on_error.clone()} />
                    }) }
                </ul>
                if list.items.is_empty() && !list.loading && list.error.is_none() {
                    <p class="muted" data-testid="history-empty">{ HistoryText::NoEntries.tr(lang) }</p>
                }
                <LoadMore shown={list.items.len()} total={list.total} has_more={list.has_more}
                    loading={list.loading} on_more={list.load_more.clone()} />
            </section>
        </>
    }
}
