//! One task for each selected contact: the task form, then the progress of the job that
//! creates the tasks, then how many were created and which contacts were skipped.

use std::rc::Rc;

use crm_api_types::{JobResponse, JobStateName};
use serde::Deserialize;
use serde_json::Value;
use yew::prelude::*;
use yew_router::prelude::*;

use super::form::{TaskForm, TaskSaved, TaskTarget};
use crate::app::Route;
use crate::components::{JobProgress, Loading, ProblemBanner};
use crate::hooks::{use_session, use_task_choices, PortalUsers};
use crate::i18n::{bulk_failure_message, fill, Lang, TaskText};

/// A contact the job gave no task, and why.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct SkippedContact {
    contact_id: i64,
    code: String,
}

/// The result of a `bulk_create_tasks` job.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
struct BulkTasksResult {
    #[serde(default)]
    created: i64,
    #[serde(default)]
    skipped: Vec<SkippedContact>,
}

impl BulkTasksResult {
    fn from_value(value: &Value) -> Self {
        serde_json::from_value(value.clone()).unwrap_or_default()
    }

    /// "Tasks created: 3. Skipped: 1."
    fn summary(&self, lang: Lang) -> String {
        let created = fill(
            TaskText::BulkCreated.tr(lang),
            &[("n", &self.created.to_string())],
        );
        if self.skipped.is_empty() {
            return created;
        }
        let skipped = fill(
            TaskText::BulkSkipped.tr(lang),
            &[("n", &self.skipped.len().to_string())],
        );
        format!("{created} {skipped}")
    }
}

/// Properties of [`BulkTaskPanel`].
#[derive(Properties, PartialEq)]
pub struct BulkTaskPanelProps {
    /// The selected contacts.
    pub contact_ids: Vec<i64>,
    /// The users the contacts page has loaded already, so that only task categories load.
    pub users: PortalUsers,
}

/// The "create a task for each" panel of the contacts list.
#[component]
pub fn BulkTaskPanel(props: &BulkTaskPanelProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let choices = use_task_choices(Some(props.users.clone()));
    let job = use_state(|| None::<JobResponse>);
    let finished = use_state(|| None::<JobResponse>);

    let Some(lists) = choices.data.clone() else {
        return match choices.error.clone() {
            Some(error) => html! { <ProblemBanner {error} on_reload={choices.reload.clone()} /> },
            None => html! { <Loading /> },
        };
    };
    let on_saved = {
        let (job, finished) = (job.clone(), finished.clone());
        Callback::from(move |saved: TaskSaved| {
            if let TaskSaved::Job(started) = saved {
                finished.set(None);
                job.set(Some(started));
            }
        })
    };
    let describe =
        Callback::from(move |result: Value| BulkTasksResult::from_value(&result).summary(lang));
    let on_finished = {
        let finished = finished.clone();
        Callback::from(move |ended: JobResponse| finished.set(Some(ended)))
    };
    let again = {
        let (job, finished) = (job.clone(), finished.clone());
        Callback::from(move |_: MouseEvent| {
            job.set(None);
            finished.set(None);
        })
    };
    let skipped = (*finished)
        .as_ref()
        .filter(|j| j.state == JobStateName::Succeeded)
        .and_then(|j| j.result.as_ref())
        .map(|r| BulkTasksResult::from_value(r).skipped)
        .unwrap_or_default();
    let intro = fill(
        TaskText::BulkIntro.tr(lang),
        &[("n", &props.contact_ids.len().to_string())],
    );

    html! {
        <div class="bulk-tasks" data-testid="bulk-tasks">
            if let Some(started) = (*job).clone() {
                <JobProgress job_id={started.id} describe={Some(describe)} on_finished={Some(on_finished)} />
                if !skipped.is_empty() {
                    <ul class="skipped" data-testid="bulk-tasks-skipped">
                        { for skipped.iter().map(|s| {
                            let why = bulk_failure_message(&s.code, lang);
                            html! {
                                <li>
                                    <Link<Route> to={Route::Contact { id: s.contact_id }}>{ format!("#{}", s.contact_id) }</Link<Route>>
                                    { format!(": {why}") }
                                </li>
                            }
                        }) }
                    </ul>
                }
                if finished.is_some() {
                    <div class="form-actions">
                        <button type="button" class="button" data-testid="bulk-tasks-again" onclick={again}>
                            { TaskText::NewTask.tr(lang) }
                        </button>
                    </div>
                }
            } else {
                <p class="muted">{ intro }</p>
                <TaskForm target={TaskTarget::Bulk(props.contact_ids.clone())} choices={Rc::clone(&lists)} {on_saved} />
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_summary_counts_created_and_skipped_contacts() {
        let result = BulkTasksResult::from_value(&json!({
            "created": 2,
            "skipped": [{"contact_id": 7, "code": "not_found"}]
        }));
        assert_eq!(result.summary(Lang::En), "Tasks created: 2. Skipped: 1.");
        assert_eq!(result.skipped[0].contact_id, 7);
    }

    #[test]
    fn nothing_skipped_is_not_mentioned() {
        let result = BulkTasksResult::from_value(&json!({"created": 3, "skipped": []}));
        assert_eq!(result.summary(Lang::Ru), "Создано задач: 3.");
    }
}
