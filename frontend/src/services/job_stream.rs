//! Following a background job until it ends: its server-sent event stream (opened with a
//! ticket, like the notification stream), or polling `GET /jobs/{id}` every second when the
//! stream cannot be used.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crm_api_types::{JobResponse, JobStateName, StreamTicketResponse};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventSource, MessageEvent};
use yew::platform::spawn_local;
use yew::Callback;

use super::api::{self, Method, API_BASE};
use super::ApiError;

/// Milliseconds between two polls.
const POLL_MS: u32 = 1_000;

/// Whether a job has ended (its stream ends too).
pub fn is_finished(job: &JobResponse) -> bool {
    matches!(job.state, JobStateName::Succeeded | JobStateName::Failed)
}

/// An open `EventSource` with the handlers that must live as long as it does.
struct OpenSource {
    source: EventSource,
    _on_job: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Drop for OpenSource {
    fn drop(&mut self) {
        self.source.close();
    }
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
                open.source.close();
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
    let ticket = api::request::<(), StreamTicketResponse>(
        Method::POST,
        "/notifications/stream-ticket",
        None,
    )
    .await;
    let opened = ticket
        .ok()
        .and_then(|ticket| open(&weak, job_id, &ticket.ticket));
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
    let gone = matches!(error.status, 401 | 403 | 404);
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
            open.source.close();
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
                    let gone = matches!(error.status, 401 | 403 | 404);
                    on_error.emit(error);
                    if gone {
                        return;
                    }
                }
            }
        }
    });
}

/// Opens the job's `EventSource` with `ticket` and wires its events.
fn open(weak: &Weak<RefCell<WatchState>>, job_id: i64, ticket: &str) -> Option<OpenSource> {
    let query = serde_urlencoded::to_string([("ticket", ticket)]).ok()?;
    let source = EventSource::new(&format!("{API_BASE}/jobs/{job_id}/events?{query}")).ok()?;
    let on_job = {
        let weak = weak.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let parsed = event
                .data()
                .as_string()
                .and_then(|data| serde_json::from_str::<JobResponse>(&data).ok());
            if let Some(job) = parsed {
                deliver(&weak, job);
            }
        })
    };
    let on_error = {
        let weak = weak.clone();
        Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            let weak = weak.clone();
            // Runs after the handler returns; a finished job's stream just ends.
            spawn_local(async move {
                if weak.upgrade().is_some_and(|s| !s.borrow().finished) {
                    start_polling(weak);
                }
            });
        })
    };
    source
        .add_event_listener_with_callback("job", on_job.as_ref().unchecked_ref())
        .ok()?;
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(OpenSource {
        source,
        _on_job: on_job,
        _on_error: on_error,
    })
}
