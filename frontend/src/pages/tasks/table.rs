//! The table of tasks shared by the tasks page and a contact's tasks tab: a row per task
//! with its "done" box, category, contact, responsible user and deadline.

use std::rc::Rc;

use chrono::Datelike;
use crm_api_types::{RecordKind, TaskResponse};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::toggle::TaskToggle;
use crate::app::Route;
use crate::components::CategoryBadge;
use crate::hooks::{is_plain_click, use_session, Selection, TaskChoices};
use crate::i18n::{fill, ContactText, TaskText, Text};
use crate::services::{api, browser, format, ApiError};

/// The row callbacks of a task table whose page shows the last failed row action in `error`:
/// a failure sets it, a change clears it, a deletion clears it and reloads the list.
pub struct RowCallbacks {
    pub on_changed: Callback<()>,
    pub on_deleted: Callback<()>,
    pub on_error: Callback<ApiError>,
}

impl RowCallbacks {
    pub fn new(error: &UseStateHandle<Option<ApiError>>, reload: &Callback<()>) -> Self {
        let on_error = {
            let error = error.clone();
            Callback::from(move |e| error.set(Some(e)))
        };
        let on_deleted = {
            let (error, reload) = (error.clone(), reload.clone());
            Callback::from(move |()| {
                error.set(None);
                reload.emit(());
            })
        };
        let on_changed = {
            let error = error.clone();
            Callback::from(move |()| error.set(None))
        };
        Self {
            on_changed,
            on_deleted,
            on_error,
        }
    }
}

/// Properties of [`TaskRow`].
#[derive(Properties, PartialEq)]
pub struct TaskRowProps {
    /// The task as the list loaded it.
    pub task: TaskResponse,
    /// Categories and users, to show ids as names.
    pub choices: Rc<TaskChoices>,
    /// Whether to show the contact column.
    pub show_contact: bool,
    /// Called after the task was closed or reopened.
    #[prop_or_default]
    pub on_changed: Callback<()>,
    /// Called after the task was deleted.
    pub on_deleted: Callback<()>,
    /// Called when closing, reopening or deleting failed.
    pub on_error: Callback<ApiError>,
    /// Opens the task (a list records its place first); the task's page when not given.
    #[prop_or_default]
    pub on_open: Option<Callback<i64>>,
    /// Whether the task is selected, and how to select it (lists with bulk actions).
    #[prop_or_default]
    pub selected: Option<(bool, Callback<i64>)>,
}

/// One task of the table. A closed task stays in place (struck through) until the list reloads.
#[component]
pub fn TaskRow(props: &TaskRowProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    // The task as the last close or reopen returned it.
    let saved = use_state(|| None::<TaskResponse>);
    {
        let saved = saved.clone();
        use_effect_with(props.task.clone(), move |_| saved.set(None));
    }
    let task = (*saved).clone().unwrap_or_else(|| props.task.clone());
    let on_changed = {
        let (saved, changed) = (saved.clone(), props.on_changed.clone());
        Callback::from(move |next| {
            saved.set(Some(next));
            changed.emit(());
        })
    };
    let on_delete = {
        let (id, title) = (task.id, task.title.clone());
        let (on_deleted, on_error) = (props.on_deleted.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(&fill(
                TaskText::ConfirmDelete.tr(lang),
                &[("title", &title)],
            )) {
                return;
            }
            let (on_deleted, on_error) = (on_deleted.clone(), on_error.clone());
            spawn_local(async move {
                match api::delete(&format!("/tasks/{id}")).await {
                    Ok(()) => on_deleted.emit(()),
                    Err(e) => on_error.emit(e),
                }
            });
        })
    };
    let open = {
        let (on_open, navigator, id) = (props.on_open.clone(), use_navigator(), task.id);
        Callback::from(move |e: MouseEvent| {
            if !is_plain_click(&e) {
                return;
            }
            e.prevent_default();
            match (&on_open, &navigator) {
                (Some(open), _) => open.emit(id),
                (None, Some(navigator)) => navigator.push(&Route::Task { id }),
                (None, None) => {}
            }
        })
    };
    let task_path = Route::Task { id: task.id }.to_path();
    let late = task.overdue && !task.closed;
    let this_year = session.today().year();
    let category = props.choices.category(task.category_id).cloned();

    html! {
        <tr data-testid="task-row" data-id={task.id.to_string()}
            data-closed={task.closed.to_string()} class={classes!(task.closed.then_some("task-closed"))}>
            if let Some((checked, toggle)) = &props.selected {
                <td class="check-cell">
                    <input type="checkbox" checked={*checked} data-testid="task-select"
                        aria-label={fill(TaskText::SelectTask.tr(lang), &[("title", &task.title)])}
                        onchange={toggle.reform({ let id = task.id; move |_: Event| id })} />
                </td>
            }
            <td class="check-cell">
                <TaskToggle task={task.clone()} {on_changed} on_error={props.on_error.clone()} />
            </td>
            <td data-label={TaskText::TaskTitle.tr(lang)}>
                <a href={task_path.clone()} class="task-title" onclick={open.clone()}>
                    <span data-testid="task-link">{ task.title.clone() }</span>
                </a>
            </td>
            <td data-label={TaskText::Category.tr(lang)}>
                if let Some(category) = category {
                    <CategoryBadge {category} />
                }
            </td>
            if props.show_contact {
                <td data-label={TaskText::About.tr(lang)}>
                    if let Some(about) = super::draft::about_of(&task) {
                        <Link<Route> to={super::form::about_route(&about)}>
                            <span data-testid={if about.kind == RecordKind::Contact { "task-contact-link" } else { "task-about-link" }}>
                                { about.name.clone().unwrap_or_else(|| format!("#{}", about.id)) }
                            </span>
                        </Link<Route>>
                    }
                </td>
            }
            <td data-label={TaskText::Responsible.tr(lang)}>{ props.choices.users.name(task.responsible_id) }</td>
            <td data-label={TaskText::Deadline.tr(lang)} class={classes!("deadline-cell", late.then_some("overdue"))}
                data-testid="task-deadline" data-overdue={late.to_string()}>
                { format::deadline(&task.deadline_local, lang, this_year) }
                if late {
                    <span class="visually-hidden">{ format!(" ({})", TaskText::Overdue.tr(lang)) }</span>
                }
            </td>
            <td class="num">
                if task.can_edit {
                    <details class="row-menu" data-testid="task-actions">
                        <summary aria-label={fill(TaskText::ActionsOf.tr(lang), &[("title", &task.title)])}
                            title={TaskText::Actions.tr(lang)}>{ "⋯" }</summary>
                        <div class="row-menu-items">
                            <a href={task_path} class="button small" onclick={open}>
                                <span data-testid="task-edit">{ TaskText::Edit.tr(lang) }</span>
                            </a>
                            <button type="button" class="button small danger" data-testid="task-delete"
                                onclick={on_delete}>{ Text::Delete.tr(lang) }</button>
                        </div>
                    </details>
                }
            </td>
        </tr>
    }
}

/// Properties of [`TaskTable`].
#[derive(Properties, PartialEq)]
pub struct TaskTableProps {
    /// The tasks loaded so far.
    pub items: Rc<Vec<TaskResponse>>,
    /// Categories and users, to show ids as names.
    pub choices: Rc<TaskChoices>,
    /// Whether to show the contact column (not on a contact's own tab).
    #[prop_or(true)]
    pub show_contact: bool,
    /// Called after a task was closed or reopened.
    #[prop_or_default]
    pub on_changed: Callback<()>,
    /// Called after a task was deleted.
    pub on_deleted: Callback<()>,
    /// Called when a change failed.
    pub on_error: Callback<ApiError>,
    /// Opens a task (a list records its place first); the task's page when not given.
    #[prop_or_default]
    pub on_open: Option<Callback<i64>>,
    /// The tasks are those of the previous filters while the new ones load.
    #[prop_or_default]
    pub stale: bool,
    /// The tasks selected for a bulk action (lists that offer them).
    #[prop_or_default]
    pub selection: Option<Selection>,
}

/// The tasks as a table.
#[component]
pub fn TaskTable(props: &TaskTableProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let shown: Vec<i64> = props.items.iter().map(|t| t.id).collect();
    html! {
        <div class={classes!("table-wrap", props.stale.then_some("stale"))} aria-busy={props.stale.to_string()}>
            <table class="table tasks-table" data-testid="tasks-table">
                <thead><tr>
                    if let Some(selection) = &props.selection {
                        <th class="check-cell">
                            <input type="checkbox" checked={selection.has_all(&shown)}
                                onchange={selection.toggle_all.reform(move |_: Event| shown.clone())}
                                aria-label={ContactText::SelectAll.tr(lang)} data-testid="tasks-select-all" />
                        </th>
                    }
                    <th class="check-cell"><span class="visually-hidden">{ TaskText::Done.tr(lang) }</span></th>
                    <th>{ TaskText::TaskTitle.tr(lang) }</th>
                    <th>{ TaskText::Category.tr(lang) }</th>
                    if props.show_contact {
                        <th>{ TaskText::About.tr(lang) }</th>
                    }
                    <th>{ TaskText::Responsible.tr(lang) }</th>
                    <th>{ TaskText::Deadline.tr(lang) }</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    { for props.items.iter().map(|task| html! {
                        <TaskRow key={task.id} task={task.clone()} choices={Rc::clone(&props.choices)}
                            show_contact={props.show_contact} on_changed={props.on_changed.clone()}
                            on_deleted={props.on_deleted.clone()}
                            on_error={props.on_error.clone()} on_open={props.on_open.clone()}
                            selected={props.selection.as_ref().map(|s| (s.has(task.id), s.toggle.clone()))} />
                    }) }
                </tbody>
            </table>
        </div>
    }
}
