//! The toolbar of the tasks list: title search, filters (responsible, category, status,
//! deadline, contact) and sort order.

use std::rc::Rc;

use crm_api_types::{ContactResponse, TaskQueryParams};
use wasm_bindgen::JsValue;
use yew::prelude::*;

use super::draft::LinkedContact;
use crate::components::{ContactPicker, SearchBox};
use crate::hooks::{use_session, TaskChoices};
use crate::i18n::{icon_symbol, ContactText, TaskText, TASK_DUES, TASK_SORTS, TASK_STATUSES};

/// The value of the deadline filter that shows the two date inputs.
const RANGE: &str = "range";

/// Properties of [`TaskFilters`].
#[derive(Properties, PartialEq)]
pub struct TaskFiltersProps {
    /// The filters now.
    pub query: TaskQueryParams,
    /// Called with the changed filters.
    pub onchange: Callback<TaskQueryParams>,
    /// Categories and users to filter by.
    pub choices: Rc<TaskChoices>,
}

/// `Some(value)` unless empty.
fn given(value: String) -> Option<String> {
    (!value.is_empty()).then_some(value)
}

/// The value of the `<select>` or `<input>` an event came from.
fn value_of(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The filters of the tasks list.
#[component]
pub fn TaskFilters(props: &TaskFiltersProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let query = &props.query;
    // The date range was chosen but no day yet; and the name of the contact filtered by.
    let range = use_state(|| false);
    let contact = use_state(|| None::<LinkedContact>);
    let on = |apply: fn(&mut TaskQueryParams, String)| {
        let (query, onchange) = (query.clone(), props.onchange.clone());
        Callback::from(move |e: Event| {
            let mut next = query.clone();
            apply(&mut next, value_of(&e));
            next.cursor = None;
            onchange.emit(next);
        })
    };
    let select = |label: TaskText,
                  testid: &str,
                  value: String,
                  options: Vec<(String, String)>,
                  onchange: Callback<Event>| {
        html! {
            <select aria-label={label.tr(lang)} data-testid={testid.to_owned()} {onchange}>
                { for options.into_iter().map(|(code, name)| html! {
                    <option value={code.clone()} selected={code == value}>{ name }</option>
                }) }
            </select>
        }
    };
    let with_any = |any: TaskText, rest: Vec<(String, String)>| {
        std::iter::once((String::new(), any.tr(lang).to_owned()))
            .chain(rest)
            .collect::<Vec<_>>()
    };
    let coded = |codes: &[(&str, TaskText)]| {
        codes
            .iter()
            .map(|(code, text)| ((*code).to_owned(), text.tr(lang).to_owned()))
            .collect::<Vec<_>>()
    };
    let id_text = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    let choices = &props.choices;
    let users = choices
        .users
        .iter()
        .map(|u| (u.id.to_string(), u.name.clone()))
        .collect();
    let categories = choices
        .categories
        .iter()
        .map(|c| {
            let symbol = c.icon.as_deref().and_then(icon_symbol).unwrap_or_default();
            (
                c.id.to_string(),
                format!("{symbol} {}", c.title).trim().to_owned(),
            )
        })
        .collect();
    let showing_range = *range || query.due_from.is_some() || query.due_to.is_some();
    let due_value = match &query.due {
        Some(due) => due.clone(),
        None if showing_range => RANGE.to_owned(),
        None => String::new(),
    };
    let mut dues = coded(&TASK_DUES);
    dues.push((RANGE.to_owned(), TaskText::DueRange.tr(lang).to_owned()));
    let on_due = {
        let (query, onchange, range) = (query.clone(), props.onchange.clone(), range.clone());
        Callback::from(move |e: Event| {
            let value = value_of(&e);
            range.set(value == RANGE);
            let mut next = TaskQueryParams {
                due: None,
                due_from: None,
                due_to: None,
                cursor: None,
                ..query.clone()
            };
            if value != RANGE {
                next.due = given(value);
            }
            onchange.emit(next);
        })
    };
    let on_search = {
        let (query, onchange) = (query.clone(), props.onchange.clone());
        Callback::from(move |text: String| {
            onchange.emit(TaskQueryParams {
                q: given(text),
                cursor: None,
                ..query.clone()
            });
        })
    };
    let on_contact = {
        let (query, onchange, contact) = (query.clone(), props.onchange.clone(), contact.clone());
        Callback::from(move |picked: ContactResponse| {
            let id = picked.id;
            contact.set(Some(LinkedContact {
                id,
                name: picked.display_name,
            }));
            onchange.emit(TaskQueryParams {
                contact_id: Some(id),
                cursor: None,
                ..query.clone()
            });
        })
    };
    let clear_contact = {
        let (query, onchange) = (query.clone(), props.onchange.clone());
        Callback::from(move |_: MouseEvent| {
            onchange.emit(TaskQueryParams {
                contact_id: None,
                cursor: None,
                ..query.clone()
            })
        })
    };
    let contact_name = query.contact_id.map(|id| {
        contact
            .as_ref()
            .filter(|c| c.id == id)
            .map_or_else(|| format!("#{id}"), |c| c.name.clone())
    });
    // The tab ("my" or "all") is not a filter to clear.
    let plain = TaskQueryParams {
        mine: query.mine,
        ..Default::default()
    };
    let clear = {
        let (onchange, range) = (props.onchange.clone(), range.clone());
        let plain = plain.clone();
        Callback::from(move |_: MouseEvent| {
            range.set(false);
            onchange.emit(plain.clone());
        })
    };
    let filtered = *query != plain || *range;

    html! {
        <div class="toolbar filters" data-testid="task-filters">
            <SearchBox testid="tasks-search" label={TaskText::SearchPlaceholder.tr(lang)}
                value={query.q.clone().unwrap_or_default()} onsearch={on_search} />
            if query.mine != Some(true) {
                { select(TaskText::Responsible, "filter-responsible", id_text(query.responsible_id),
                    with_any(TaskText::AnyResponsible, users), on(|q, v| q.responsible_id = v.parse().ok())) }
            }
            { select(TaskText::Category, "filter-category", id_text(query.category_id),
                with_any(TaskText::AnyCategory, categories), on(|q, v| q.category_id = v.parse().ok())) }
            { select(TaskText::Status, "filter-status", query.status.clone().unwrap_or_else(|| TASK_STATUSES[0].0.to_owned()),
                coded(&TASK_STATUSES), on(|q, v| q.status = (v != TASK_STATUSES[0].0).then_some(v))) }
            { select(TaskText::Due, "filter-due", due_value, with_any(TaskText::AnyDue, dues), on_due) }
            if showing_range {
                <label class="inline-field">
                    <span>{ TaskText::DueFrom.tr(lang) }</span>
                    <input type="date" data-testid="filter-due-from" value={query.due_from.clone().unwrap_or_default()}
                        onchange={on(|q, v| q.due_from = given(v))} />
                </label>
                <label class="inline-field">
                    <span>{ TaskText::DueTo.tr(lang) }</span>
                    <input type="date" data-testid="filter-due-to" value={query.due_to.clone().unwrap_or_default()}
                        onchange={on(|q, v| q.due_to = given(v))} />
                </label>
            }
            if let Some(name) = contact_name {
                <span class="chip" data-testid="filter-contact">
                    { name }
                    <button type="button" class="chip-remove" onclick={clear_contact}
                        aria-label={TaskText::AnyContact.tr(lang)} title={TaskText::AnyContact.tr(lang)}>{ "×" }</button>
                </span>
            } else {
                <div class="filter-contact">
                    <ContactPicker placeholder={ContactText::FindContact} onpick={on_contact}
                        testid="filter-contact-search" />
                </div>
            }
            { select(TaskText::Sort, "tasks-sort", query.sort.clone().unwrap_or_else(|| TASK_SORTS[0].0.to_owned()),
                coded(&TASK_SORTS), on(|q, v| q.sort = (v != TASK_SORTS[0].0).then_some(v))) }
            if filtered {
                <button type="button" class="link-button" data-testid="filters-clear" onclick={clear}>
                    { TaskText::ClearFilters.tr(lang) }
                </button>
            }
        </div>
    }
}
