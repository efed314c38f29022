//! The page of one task: what it is, whose it is and when it is due, with its "done" box;
//! those who may change it edit or delete it here.

use crm_api_types::TaskResponse;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::form::{TaskForm, TaskSaved, TaskTarget};
use super::toggle::TaskToggle;
use crate::app::Route;
use crate::components::{use_record_title, CategoryBadge, Loading, Notice, ProblemBanner};
use crate::hooks::{use_load, use_session, use_task_choices};
use crate::i18n::{fill, reminder_text, TaskText, Text};
use crate::services::{api, browser, format, ApiError};

/// Properties of [`TaskPage`].
#[derive(Properties, PartialEq)]
pub struct TaskPageProps {
    /// The task.
    pub id: i64,
}

/// The task page.
#[component]
pub fn TaskPage(props: &TaskPageProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let navigator = use_navigator();
    let task = use_load(props.id, |id| async move {
        api::get::<TaskResponse>(&format!("/tasks/{id}")).await
    });
    use_record_title(task.data.as_ref().map(|r| r.title.clone()));
    let choices = use_task_choices(None);
    let editing = use_state(|| false);
    let saved = use_state(|| false);
    let error = use_state(|| None::<ApiError>);
    {
        let (editing, saved, error) = (editing.clone(), saved.clone(), error.clone());
        use_effect_with(props.id, move |_| {
            editing.set(false);
            saved.set(false);
            error.set(None);
        });
    }

    if let Some(load_error) = task.error.clone().or(choices.error.clone()) {
        return html! { <ProblemBanner error={load_error} on_reload={task.reload.clone()} /> };
    }
    let (Some(t), Some(lists)) = (task.data.clone(), choices.data.clone()) else {
        return html! { <Loading /> };
    };

    let on_error = {
        let error = error.clone();
        Callback::from(move |e| error.set(Some(e)))
    };
    let on_saved = {
        let (editing, saved, replace) = (editing.clone(), saved.clone(), task.replace.clone());
        Callback::from(move |result: TaskSaved| {
            if let TaskSaved::Task(next) = result {
                replace.emit(next);
            }
            editing.set(false);
            saved.set(true);
        })
    };
    let toggle_edit = {
        let (editing, saved) = (editing.clone(), saved.clone());
        Callback::from(move |_: MouseEvent| {
            saved.set(false);
            editing.set(!*editing);
        })
    };
    let stop_editing = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(false))
    };
    let on_delete = {
        let (id, title, error, navigator) =
            (t.id, t.title.clone(), error.clone(), navigator.clone());
        Callback::from(move |_: MouseEvent| {
            if !browser::confirm(&fill(
                TaskText::ConfirmDelete.tr(lang),
                &[("title", &title)],
            )) {
                return;
            }
            let (error, navigator) = (error.clone(), navigator.clone());
            spawn_local(async move {
                match api::delete(&format!("/tasks/{id}")).await {
                    Ok(()) => {
                        if let Some(navigator) = navigator {
                            navigator.push(&Route::Tasks);
                        }
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let late = t.overdue && !t.closed;
    let category = lists.category(t.category_id).cloned();

    html! {
        <>
            <section class="card task-header" data-testid="task-page" data-closed={t.closed.to_string()}>
                <div class="task-heading">
                    <TaskToggle task={t.clone()} on_changed={task.replace.clone()} on_error={on_error.clone()} />
                    <h2 class={classes!(t.closed.then_some("task-closed"))} data-testid="task-heading">{ t.title.clone() }</h2>
                    if t.closed {
                        <span class="badge">{ TaskText::Done.tr(lang) }</span>
                    } else if late {
                        <span class="badge badge-overdue">{ TaskText::Overdue.tr(lang) }</span>
                    }
                </div>
                <div class="actions">
                    <Link<Route> to={Route::Tasks} classes="button">{ TaskText::ToTasks.tr(lang) }</Link<Route>>
                    if t.can_edit {
                        <button type="button" class="button primary" data-testid="task-edit" onclick={toggle_edit}>
                            { TaskText::Edit.tr(lang) }
                        </button>
                        <button type="button" class="button danger" data-testid="task-delete" onclick={on_delete}>
                            { Text::Delete.tr(lang) }
                        </button>
                    }
                </div>
            </section>
            if let Some(error) = (*error).clone() {
                <ProblemBanner {error} on_reload={task.reload.clone()} />
            }
            if *saved {
                <Notice text={Text::Saved.tr(lang)} />
            }
            if *editing {
                <section class="card">
                    <TaskForm target={TaskTarget::Edit(Box::new(t.clone()))} choices={lists} {on_saved}
                        on_cancel={Some(stop_editing)} on_reload={Some(task.reload.clone())} />
                </section>
            } else {
                <section class="card">
                    <dl class="facts" data-testid="task-facts">
                        <dt>{ TaskText::Category.tr(lang) }</dt>
                        <dd>if let Some(category) = category { <CategoryBadge {category} /> }</dd>
                        <dt>{ TaskText::Deadline.tr(lang) }</dt>
                        <dd class={classes!(late.then_some("overdue"))} data-testid="task-deadline">
                            { format::wall_time(&t.deadline_local, lang) }
                        </dd>
                        <dt>{ TaskText::Reminder.tr(lang) }</dt>
                        <dd>{ reminder_text(t.reminder).tr(lang) }</dd>
                        <dt>{ TaskText::Responsible.tr(lang) }</dt>
                        <dd>{ lists.users.name(t.responsible_id) }</dd>
                        if let Some(about) = super::draft::about_of(&t) {
                            <dt>{ session.t(super::form::about_label(Some(about.kind))) }</dt>
                            <dd data-testid="task-about">
                                <Link<Route> to={super::form::about_route(&about)}>
                                    { about.name.clone().unwrap_or_else(|| format!("#{}", about.id)) }
                                </Link<Route>>
                            </dd>
                        }
                        <dt>{ TaskText::CreatedBy.tr(lang) }</dt>
                        <dd>{ format!("{} · {}", lists.users.name(t.created_by), format::date_time(&t.created_at, lang)) }</dd>
                        if let Some(closed_at) = t.closed_at.filter(|_| t.closed) {
                            <dt>{ TaskText::ClosedAt.tr(lang) }</dt>
                            <dd>{ format::date_time(&closed_at, lang) }</dd>
                        }
                    </dl>
                    if !t.description.is_empty() {
                        <p class="notes" data-testid="task-description-view">{ t.description.clone() }</p>
                    }
                </section>
            }
        </>
    }
}
