//! The progress of a background job: a bar with the percentage while it runs, then what it
//! produced or why it failed. Any job kind can use it.

use crm_api_types::{JobResponse, JobStateName};
use serde_json::Value;
use yew::prelude::*;

use super::ProblemBanner;
use crate::hooks::{use_job, use_session};
use crate::i18n::{fill, Text};
use crate::services::job_stream::is_finished;

/// Properties of [`JobProgress`].
#[derive(Properties, PartialEq)]
pub struct JobProgressProps {
    /// The job to follow.
    pub job_id: i64,
    /// Turns the result of a succeeded job into a sentence (default: "Finished.").
    #[prop_or_default]
    pub describe: Option<Callback<Value, String>>,
    /// Called once with the job's last state when it has ended.
    #[prop_or_default]
    pub on_finished: Option<Callback<JobResponse>>,
}

/// Whole percent done, 0–100; `None` while the amount of work is not known.
fn percent_done(job: &JobResponse) -> Option<i64> {
    if job.state == JobStateName::Succeeded {
        return Some(100);
    }
    (job.progress_total > 0)
        .then(|| (job.progress_done.saturating_mul(100) / job.progress_total).clamp(0, 100))
}

/// The state name used in `data-state` (`queued` …), for styles and tests.
fn state_name(state: JobStateName) -> &'static str {
    match state {
        JobStateName::Queued => "queued",
        JobStateName::Running => "running",
        JobStateName::Succeeded => "succeeded",
        JobStateName::Failed => "failed",
    }
}

/// A progress bar that follows a job live, then says how it ended.
#[component]
pub fn JobProgress(props: &JobProgressProps) -> Html {
    let session = use_session();
    let watch = use_job(props.job_id);
    // The job whose end the owner was told of.
    let reported = use_mut_ref(|| None::<i64>);
    {
        // Tell the owner once, when the job has ended.
        let on_finished = props.on_finished.clone();
        let ended = watch.job.clone().filter(is_finished);
        use_effect_with(ended, move |ended| {
            if let (Some(job), Some(on_finished)) = (ended, on_finished) {
                if *reported.borrow() != Some(job.id) {
                    *reported.borrow_mut() = Some(job.id);
                    on_finished.emit(job.clone());
                }
            }
        });
    }

    let Some(job) = watch.job.clone() else {
        return html! {
            <div class="job-progress" data-testid="job-progress" data-state="loading">
                <div class="progress indeterminate" aria-hidden="true"><div class="progress-fill"></div></div>
                <p class="muted small">{ session.t(Text::Loading) }</p>
                if let Some(error) = watch.error.clone() {
                    <ProblemBanner {error} />
                }
            </div>
        };
    };
    let percent = percent_done(&job);
    let status = match job.state {
        JobStateName::Queued => session.t(Text::JobQueued).to_owned(),
        JobStateName::Running if job.progress_total > 0 => fill(
            session.t(Text::JobRunning),
            &[
                ("done", &job.progress_done.to_string()),
                ("total", &job.progress_total.to_string()),
            ],
        ),
        JobStateName::Running => session.t(Text::JobStarting).to_owned(),
        JobStateName::Succeeded => match (&props.describe, &job.result) {
            (Some(describe), Some(result)) => describe.emit(result.clone()),
            _ => session.t(Text::JobSucceeded).to_owned(),
        },
        JobStateName::Failed => session.t(Text::JobFailed).to_owned(),
    };
    let fill_style = percent.map(|p| format!("width:{p}%"));
    let percent_text = percent.map(|p| format!("{p} %"));
    let failed = job.state == JobStateName::Failed;
    // The server's reason is internal English: only a small aside under the translated status.
    let reason = job
        .error
        .clone()
        .filter(|reason| failed && !reason.trim().is_empty());

    html! {
        <div class={classes!("job-progress", failed.then_some("failed"))} data-testid="job-progress"
            data-state={state_name(job.state)}>
            if !is_finished(&job) || percent.is_some() {
                <div class="progress-row">
                    <div class={classes!("progress", percent.is_none().then_some("indeterminate"))}
                        role="progressbar" aria-label={session.t(Text::JobProgress)}
                        aria-valuemin="0" aria-valuemax="100"
                        aria-valuenow={percent.map(|p| p.to_string())}>
                        <div class="progress-fill" style={fill_style}></div>
                    </div>
                    if let Some(text) = percent_text {
                        <span class="progress-percent" data-testid="job-percent">{ text }</span>
                    }
                </div>
            }
            <p class={classes!("job-status", failed.then_some("field-error"))} role="status"
                data-testid="job-status">{ status }</p>
            if let Some(reason) = reason {
                <p class="job-error muted small" data-testid="job-error">{ reason }</p>
            }
            if let Some(error) = watch.error.clone() {
                <ProblemBanner {error} />
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn job(state: JobStateName, done: i64, total: i64) -> JobResponse {
        JobResponse {
            id: 1,
            kind: "bulk_create_tasks".into(),
            state,
            progress_done: done,
            progress_total: total,
            result: None,
            error: None,
            attempts: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            finished_at: None,
        }
    }

    #[test]
    fn progress_is_a_whole_percentage_of_the_known_total() {
        assert_eq!(percent_done(&job(JobStateName::Running, 1, 3)), Some(33));
        assert_eq!(percent_done(&job(JobStateName::Running, 5, 3)), Some(100));
        assert_eq!(percent_done(&job(JobStateName::Queued, 0, 0)), None);
    }

    #[test]
    fn a_succeeded_job_is_complete_even_without_a_total() {
        assert_eq!(percent_done(&job(JobStateName::Succeeded, 0, 0)), Some(100));
    }
}
