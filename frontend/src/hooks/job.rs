//! A hook that follows a background job live until it ends.

use crm_api_types::JobResponse;
use yew::prelude::*;

use crate::services::job_stream::JobWatch;
use crate::services::ApiError;

/// What [`use_job`] knows about a job.
#[derive(Clone, PartialEq)]
pub struct JobState {
    /// The newest state of the job, once known.
    pub job: Option<JobResponse>,
    /// Why the job could not be reached last time (cleared by the next news).
    pub error: Option<ApiError>,
}

/// The state of job `job_id`, live from the moment the component mounts until it unmounts
/// or the job ends.
#[hook]
pub fn use_job(job_id: i64) -> JobState {
    let job = use_state(|| None::<JobResponse>);
    let error = use_state(|| None::<ApiError>);
    {
        let (job, error) = (job.clone(), error.clone());
        use_effect_with(job_id, move |job_id| {
            job.set(None);
            error.set(None);
            let on_update = {
                let error = error.clone();
                Callback::from(move |next: JobResponse| {
                    error.set(None);
                    job.set(Some(next));
                })
            };
            let on_error = Callback::from(move |e| error.set(Some(e)));
            let watch = JobWatch::start(*job_id, on_update, on_error);
            move || drop(watch)
        });
    }
    JobState {
        job: (*job).clone(),
        error: (*error).clone(),
    }
}
