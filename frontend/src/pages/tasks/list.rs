//! The tasks page: "my tasks" and "all tasks", filters, sort, paging, and the form of a new
//! task above the list.

use std::rc::Rc;

use crm_api_types::{ExportKind, TaskBulkResponse, TaskQueryParams, TaskResponse};
use yew::prelude::*;
use yew_router::prelude::*;

use super::bulk_actions::TaskBulkBar;
use super::filters::TaskFilters;
use super::form::{TaskForm, TaskSaved, TaskTarget};
use super::table::{RowCallbacks, TaskTable};
use crate::app::Route;
use crate::components::{
    filter_of, BulkOutcome, BulkOutcomeBanner, ExportMenu, LoadMore, Notice, ProblemBanner,
    SkeletonTable,
};
use crate::hooks::{
    loaded_rows, use_paged_list_keeping, use_rows_in_url, use_scroll_to_row, use_selection,
    use_session, use_task_choices, use_url_list,
};
use crate::i18n::{fill, TaskText};
use crate::services::{with_query, ApiError};

/// Properties of [`TasksPage`].
#[derive(Properties, PartialEq)]
pub struct TasksPageProps {
    /// Show the form of a new task.
    pub creating: bool,
}

/// The list a bare `/tasks` shows: the reader's own tasks.
fn my_tasks() -> TaskQueryParams {
    TaskQueryParams {
        mine: Some(true),
        ..Default::default()
    }
}

/// The tasks page.
#[component]
pub fn TasksPage(props: &TasksPageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let url = use_url_list(my_tasks);
    let query = &url.query;
    let list = use_paged_list_keeping::<TaskResponse>(with_query("/tasks", query), url.rows);
    use_rows_in_url(&url, list.items.len());
    use_scroll_to_row("task-row", url.at);
    let choices = use_task_choices(None);
    let error = use_state(|| None::<ApiError>);
    let created = use_state(|| None::<String>);
    let selection = use_selection(query);
    let outcome = use_state(|| None::<BulkOutcome>);

    let Some(lists) = choices.data.clone() else {
        return match choices.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={choices.reload.clone()} /> },
            None => html! { <SkeletonTable columns={7} /> },
        };
    };
    let on_query = url.set_query.clone();
    let on_open = {
        let (place, rows, navigator) = (
            url.set_place.clone(),
            loaded_rows(list.items.len()),
            navigator.clone(),
        );
        Callback::from(move |id: i64| {
            place.emit((rows, Some(id)));
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Task { id });
            }
        })
    };
    let tab = |mine: bool, label: TaskText, testid: &str| {
        let active = (query.mine == Some(true)) == mine;
        let onclick = {
            let (query, set_query) = (query.clone(), url.set_query.clone());
            Callback::from(move |_: MouseEvent| {
                set_query.emit(TaskQueryParams {
                    // "All" is said, so that it is not the default "mine" of a bare URL.
                    mine: Some(mine),
                    // "Mine" already names the responsible user.
                    responsible_id: None,
                    cursor: None,
                    ..query.clone()
                })
            })
        };
        html! {
            <button type="button" class={classes!("tab", "tab-button", active.then_some("active"))}
                aria-pressed={active.to_string()} data-testid={testid.to_owned()} {onclick}>
                { label.tr(lang) }
            </button>
        }
    };
    let go_to_list = {
        let navigator = navigator.clone();
        Callback::from(move |()| {
            if let Some(navigator) = &navigator {
                navigator.push(&Route::Tasks);
            }
        })
    };
    let on_saved = {
        let (created, reload, go_to_list) =
            (created.clone(), list.reload.clone(), go_to_list.clone());
        Callback::from(move |saved: TaskSaved| {
            if let TaskSaved::Task(task) = saved {
                created.set(Some(task.title));
            }
            reload.emit(());
            go_to_list.emit(());
        })
    };
    let RowCallbacks {
        on_changed,
        on_deleted,
        on_error,
    } = RowCallbacks::new(&error, &list.reload);
    let dismiss = on_changed.clone();
    let on_bulk_done = {
        let (clear, outcome, items, reload) = (
            selection.clear.clone(),
            outcome.clone(),
            Rc::clone(&list.items),
            list.reload.clone(),
        );
        Callback::from(move |answer: TaskBulkResponse| {
            let failed = answer.failed.into_iter().map(|f| (f.id, f.code));
            let name = |id| items.iter().find(|t| t.id == id).map(|t| t.title.clone());
            outcome.set(Some(BulkOutcome::new(
                answer.done.len(),
                failed,
                name,
                lang,
            )));
            clear.emit(());
            reload.emit(());
        })
    };
    let dismiss_outcome = {
        let outcome = outcome.clone();
        Callback::from(move |()| outcome.set(None))
    };

    html! {
        <>
            <nav class="tabs">
                { tab(true, TaskText::MyTasks, "tasks-tab-mine") }
                { tab(false, TaskText::AllTasks, "tasks-tab-all") }
            </nav>
            if props.creating {
                <section class="card" data-testid="task-new">
                    <h2>{ TaskText::NewTask.tr(lang) }</h2>
                    <TaskForm target={TaskTarget::New(None)} choices={Rc::clone(&lists)} {on_saved}
                        on_cancel={Some(go_to_list)} />
                </section>
            } else {
                <div class="toolbar">
                    <span class="spacer"></span>
                    <ExportMenu kind={ExportKind::Tasks} filter={filter_of(&query)} />
                    <Link<Route> to={Route::TaskNew} classes="button primary">
                        <span data-testid="task-new-button">{ TaskText::NewTask.tr(lang) }</span>
                    </Link<Route>>
                </div>
            }
            if let Some(title) = (*created).clone() {
                <Notice text={fill(TaskText::TaskCreated.tr(lang), &[("title", &title)])} />
            }
            <TaskFilters query={query.clone()} onchange={on_query} choices={Rc::clone(&lists)} />
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} on_dismiss={dismiss} />
            }
            if let Some(outcome) = (*outcome).clone() {
                <BulkOutcomeBanner {outcome} on_dismiss={dismiss_outcome} />
            }
            if let Some(error) = list.error.clone() {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            if !list.items.is_empty() {
                <TaskTable items={Rc::clone(&list.items)} choices={Rc::clone(&lists)} {on_changed} {on_deleted} {on_error}
                    on_open={Some(on_open)} stale={list.stale} selection={Some(selection.clone())} />
            } else if !list.loading && list.error.is_none() {
                <p class="muted" data-testid="tasks-empty">{ TaskText::NoTasks.tr(lang) }</p>
            }
            if list.loading && list.items.is_empty() {
                <SkeletonTable columns={7} />
            }
            <LoadMore shown={list.items.len()} total={list.total} has_more={list.has_more}
                loading={list.loading} on_more={list.load_more.clone()} />
            if !selection.ids.is_empty() {
                <TaskBulkBar selected={selection.to_vec()} users={lists.users.clone()} on_done={on_bulk_done}
                    on_clear={selection.clear.clone()} />
            }
        </>
    }
}
