//! The tasks tab of a record (a contact, deal, case or project): its tasks, open and done, and
//! a new task about it.

use std::rc::Rc;

use crm_api_types::{RecordKind, TaskQueryParams, TaskResponse};
use yew::prelude::*;

use super::draft::About;
use super::form::{TaskForm, TaskSaved, TaskTarget};
use super::table::{RowCallbacks, TaskTable};
use crate::components::{LoadMore, Loading, Notice, ProblemBanner, SkeletonTable};
use crate::hooks::{use_paged_list, use_session, use_task_choices, PortalUsers};
use crate::i18n::{fill, TaskText};
use crate::services::{with_query, ApiError};

/// Properties of [`RecordTasksTab`].
#[derive(Properties, PartialEq)]
pub struct RecordTasksTabProps {
    /// The record, with its name for new tasks.
    pub about: About,
    /// The users the page has loaded already, so that only task categories load.
    #[prop_or_default]
    pub users: Option<PortalUsers>,
}

/// The tasks tab.
#[component]
pub fn RecordTasksTab(props: &RecordTasksTabProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let about = props.about.clone();
    let id = Some(about.id);
    let mut query = TaskQueryParams {
        status: Some("all".to_owned()),
        ..Default::default()
    };
    match about.kind {
        RecordKind::Contact => query.contact_id = id,
        RecordKind::Deal => query.deal_id = id,
        RecordKind::Case => query.case_id = id,
        RecordKind::Project => query.project_id = id,
        // Tasks are not about invoices: none match.
        RecordKind::Invoice => query.contact_id = Some(0),
    }
    let kind = about.kind.as_str();
    let list = use_paged_list::<TaskResponse>(with_query("/tasks", &query));
    let choices = use_task_choices(props.users.clone());
    let adding = use_state(|| false);
    let created = use_state(|| None::<String>);
    let error = use_state(|| None::<ApiError>);

    let Some(lists) = choices.data.clone() else {
        return match choices.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={choices.reload.clone()} /> },
            None => html! { <Loading /> },
        };
    };
    let toggle_form = {
        let (adding, created) = (adding.clone(), created.clone());
        Callback::from(move |_: MouseEvent| {
            created.set(None);
            adding.set(!*adding);
        })
    };
    let close_form = {
        let adding = adding.clone();
        Callback::from(move |()| adding.set(false))
    };
    let on_saved = {
        let (adding, created, reload) = (adding.clone(), created.clone(), list.reload.clone());
        Callback::from(move |saved: TaskSaved| {
            if let TaskSaved::Task(task) = saved {
                created.set(Some(task.title));
            }
            adding.set(false);
            reload.emit(());
        })
    };
    let RowCallbacks {
        on_changed,
        on_deleted,
        on_error,
    } = RowCallbacks::new(&error, &list.reload);

    html! {
        <section data-testid={format!("{kind}-tasks")}>
            // Whoever sees the record may give it a task.
            <div class="toolbar">
                <span class="spacer"></span>
                <button type="button" class="button primary" data-testid={format!("{kind}-task-new")}
                    aria-expanded={adding.to_string()} onclick={toggle_form}>
                    { TaskText::NewTask.tr(lang) }
                </button>
            </div>
            if *adding {
                <section class="card" data-testid="task-new">
                    <h2>{ TaskText::NewTask.tr(lang) }</h2>
                    <TaskForm target={TaskTarget::New(Some(about))} choices={Rc::clone(&lists)}
                        {on_saved} on_cancel={Some(close_form)} />
                </section>
            }
            if let Some(title) = (*created).clone() {
                <Notice text={fill(TaskText::TaskCreated.tr(lang), &[("title", &title)])} />
            }
            if let Some(error) = (*error).clone().or(list.error.clone()) {
                <ProblemBanner {error} on_reload={list.reload.clone()} />
            }
            if !list.items.is_empty() {
                <TaskTable items={Rc::clone(&list.items)} choices={lists} show_contact={false}
                    {on_changed} {on_deleted} {on_error} />
            } else if list.loading {
                <SkeletonTable columns={6} rows={3} />
            } else if list.error.is_none() {
                <p class="muted" data-testid="tasks-empty">{ TaskText::NoTasks.tr(lang) }</p>
            }
            <LoadMore shown={list.items.len()} total={list.total} has_more={list.has_more}
                loading={list.loading} on_more={list.load_more.clone()} />
        </section>
    }
}
