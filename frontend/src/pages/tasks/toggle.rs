//! The one-click "done" button of a task (a round mark, not a selection checkbox): it flips at
//! once and flips back if the server refuses.

use crm_api_types::TaskResponse;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::hooks::use_session;
use crate::i18n::{fill, TaskText};
use crate::services::api::{self, Method};
use crate::services::ApiError;

/// Properties of [`TaskToggle`].
#[derive(Properties, PartialEq)]
pub struct TaskToggleProps {
    /// The task.
    pub task: TaskResponse,
    /// Called with the task as the server saved it.
    pub on_changed: Callback<TaskResponse>,
    /// Called when the server refused (the box is back as it was).
    pub on_error: Callback<ApiError>,
}

/// Closes or reopens a task with one click.
#[component]
pub fn TaskToggle(props: &TaskToggleProps) -> Html {
    let session = use_session();
    // What the box shows while the request runs (optimistic).
    let pending = use_state(|| None::<bool>);
    let task = &props.task;
    let checked = pending.unwrap_or(task.closed);
    let onclick = {
        let pending = pending.clone();
        let (id, closed) = (task.id, task.closed);
        let (on_changed, on_error) = (props.on_changed.clone(), props.on_error.clone());
        Callback::from(move |_: MouseEvent| {
            if pending.is_some() {
                // One request at a time: the mark keeps showing the state being saved.
                return;
            }
            pending.set(Some(!closed));
            let (pending, on_changed, on_error) =
                (pending.clone(), on_changed.clone(), on_error.clone());
            let action = if closed { "reopen" } else { "close" };
            spawn_local(async move {
                let path = format!("/tasks/{id}/{action}");
                let result = api::request::<(), TaskResponse>(Method::POST, &path, None).await;
                match result {
                    Ok(saved) => on_changed.emit(saved),
                    Err(e) => on_error.emit(e),
                }
                // Either the saved task shows, or the box flips back.
                pending.set(None);
            });
        })
    };
    let label = fill(
        session.t(if checked {
            TaskText::MarkOpen
        } else {
            TaskText::MarkDone
        }),
        &[("title", &task.title)],
    );
    html! {
        <button type="button" class={classes!("task-toggle", checked.then_some("done"))} {onclick}
            disabled={!task.can_edit} aria-pressed={checked.to_string()} aria-label={label.clone()}
            title={label} aria-busy={pending.is_some().to_string()} data-testid="task-toggle">
            <span aria-hidden="true">{ "✓" }</span>
        </button>
    }
}
