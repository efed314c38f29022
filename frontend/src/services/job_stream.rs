//! Following a background job until it ends: its server-sent event stream (see
//! [`event_stream`]), or polling `GET /jobs/{id}` every second when the stream cannot be used.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crm_api_types::{JobResponse, JobStateName};
use gloo_timers::future::TimeoutFuture;
use yew::platform::spawn_local;
use yew::Callback;

use super::api;
use super::event_stream::{self, is_gone, stream_ticket, OpenSource, StreamHandlers};
use super::ApiError;

/// Milliseconds between two polls.
const POLL_MS: u32 = 1_000;

/// Whether a job has ended (its stream ends too).
pub fn is_finished(job: &JobResponse) -> bool {
    matches!(job.state, JobStateName::Succeeded | JobStateName::Failed)
}

struct WatchState {
    job_id: i64,
    open: Option<OpenSource>,
    finished: bool,
    polling: bool,
    on_update: Callback<JobResponse>,
    on_error: Callback<ApiError>,
}

/// Follows one job; dropping it closes the stream and stops polling.
pub struct JobWatch {
    _state: Rc<RefCell<WatchState>>,
}

impl JobWatch {
    /// Starts following job `job_id`: `on_update` gets every new state of the job, the last
    /// one finished; `on_error` gets failures to reach it (polling goes on after them).
    pub fn start(
        job_id: i64,
        on_update: Callback<JobResponse>,
        on_error: Callback<ApiError>,
    ) -> Self {
        let state = Rc::new(RefCell::new(WatchState {
            job_id,
            open: None,
            finished: false,
            polling: false,
            on_update,
            on_error,
        }));
        spawn_local(connect(Rc::downgrade(&state)));
        Self { _state: state }
    }
}

/// Hands a state of the job to the owner; remembers when it has ended.
fn deliver(weak: &Weak<RefCell<WatchState>>, job: JobResponse) {
    let Some(state) = weak.upgrade() else {
        return;
    };
    let on_update = {
        let mut state = state.borrow_mut();
        if state.finished {
            return;
        }
        if is_finished(&job) {
            state.finished = true;
            if let Some(open) = &state.open {
                // The server ends the stream now; without this the browser would reconnect.
                open.close();
            }
        }
        state.on_update.clone()
    };
    on_update.emit(job);
}

/// Takes the job's current state, then opens its stream; polls when that fails.
async fn connect(weak: Weak<RefCell<WatchState>>) {
    let Some(job_id) = weak.upgrade().map(|s| s.borrow().job_id) else {
        return;
    };
    // The first state comes at once, whatever the stream does.
    match api::get::<JobResponse>(&format!("/jobs/{job_id}")).await {
        Ok(job) => deliver(&weak, job),
        Err(error) => return report(&weak, error, true),
    }
    if weak.upgrade().is_none_or(|s| s.borrow().finished) {
        return;
    }
    let opened = stream_ticket()
        .await
        .ok()
        .and_then(|ticket| open(&weak, job_id, &ticket));
    let Some(state) = weak.upgrade() else {
        return;
    };
    match opened {
        Some(opened) => state.borrow_mut().open = Some(opened),
        None => start_polling(weak.clone()),
    }
}

/// Tells the owner about a failure; `fatal` ones (no such job, no access) end the watch.
fn report(weak: &Weak<RefCell<WatchState>>, error: ApiError, fatal: bool) {
    let Some(state) = weak.upgrade() else {
        return;
    };
    let on_error = state.borrow().on_error.clone();
    let gone = is_gone(&error);
    on_error.emit(error);
    if !(fatal && gone) {
        start_polling(weak.clone());
    }
}

/// Closes the stream (if any) and asks for the job every second until it ends.
fn start_polling(weak: Weak<RefCell<WatchState>>) {
    let Some(state) = weak.upgrade() else {
        return;
    };
    let job_id = {
        let mut state = state.borrow_mut();
        if state.polling || state.finished {
            return;
        }
        state.polling = true;
        if let Some(open) = &state.open {
            open.close();
        }
        state.job_id
    };
    drop(state);
    spawn_local(async move {
        loop {
            TimeoutFuture::new(POLL_MS).await;
            let Some(state) = weak.upgrade() else {
                return;
            };
            if state.borrow().finished {
                return;
            }
            drop(state);
            match api::get::<JobResponse>(&format!("/jobs/{job_id}")).await {
                Ok(job) => deliver(&weak, job),
                Err(error) => {
                    let Some(state) = weak.upgrade() else {
                        return;
                    };
                    let on_error = state.borrow().on_error.clone();
                    let gone = is_gone(&error);
                    on_error.emit(error);
                    if gone {
                        return;
                    }
                }
            }
        }
    });
}

/// Opens the job's event stream with `ticket` and wires its events.
fn open(weak: &Weak<RefCell<WatchState>>, job_id: i64, ticket: &str) -> Option<OpenSource> {
    let on_event = {
        let weak = weak.clone();
        Callback::from(move |job: JobResponse| deliver(&weak, job))
    };
    let on_error = {
        let weak = weak.clone();
        // A finished job's stream just ends.
        Callback::from(move |()| {
            if weak.upgrade().is_some_and(|s| !s.borrow().finished) {
                start_polling(weak.clone());
            }
        })
    };
    event_stream::open(
        &format!("/jobs/{job_id}/events"),
        ticket,
        "job",
        StreamHandlers {
            on_event,
            on_open: Callback::noop(),
            on_error,
        },
    )
}
