//! The live feed of new notifications: a server-sent event stream (see [`event_stream`]).
//! When the stream fails it is closed and opened again with a fresh ticket, waiting longer
//! after each failure.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crm_api_types::NotificationResponse;
use gloo_timers::future::TimeoutFuture;
use yew::platform::spawn_local;
use yew::Callback;

use super::event_stream::{self, stream_ticket, OpenSource, StreamHandlers};

/// Milliseconds before the first reconnection; doubled after each failure.
const FIRST_RETRY_MS: u32 = 3_000;
/// The longest wait between reconnections.
const MAX_RETRY_MS: u32 = 60_000;

/// Wait before the reconnection that follows one waiting `previous` ms.
fn next_retry(previous: u32) -> u32 {
    previous
        .saturating_mul(2)
        .clamp(FIRST_RETRY_MS, MAX_RETRY_MS)
}

/// What the stream tells its owner.
#[derive(Clone)]
struct Listeners {
    on_notification: Callback<NotificationResponse>,
    on_open: Callback<()>,
    on_failure: Callback<()>,
}

struct StreamState {
    open: Option<OpenSource>,
    retry_ms: u32,
    listeners: Listeners,
}

/// The live notification feed; dropping it closes the stream and stops reconnecting.
pub struct NotificationStream {
    _state: Rc<RefCell<StreamState>>,
}

impl NotificationStream {
    /// Opens the stream. `on_notification` gets each new notification; `on_open` is called
    /// whenever the stream (re)opens, so that the owner can catch up on what it missed;
    /// `on_failure` whenever a ticket cannot be had or the stream fails, so that the owner
    /// can learn by other means what the stream does not tell it.
    pub fn start(
        on_notification: Callback<NotificationResponse>,
        on_open: Callback<()>,
        on_failure: Callback<()>,
    ) -> Self {
        let state = Rc::new(RefCell::new(StreamState {
            open: None,
            retry_ms: 0,
            listeners: Listeners {
                on_notification,
                on_open,
                on_failure,
            },
        }));
        spawn_local(connect(Rc::downgrade(&state)));
        Self { _state: state }
    }
}

/// Gets a ticket and opens the stream; on failure, tries again later.
async fn connect(weak: Weak<RefCell<StreamState>>) {
    let ticket = stream_ticket().await;
    let Some(state) = weak.upgrade() else {
        return;
    };
    match ticket {
        Ok(ticket) => match open(&weak, &ticket) {
            Some(opened) => state.borrow_mut().open = Some(opened),
            None => retry_later(weak.clone()),
        },
        // Signed out, or a session that may not stream: nothing to wait for.
        Err(error) if error.status == 401 || error.status == 403 => {
            let on_failure = state.borrow().listeners.on_failure.clone();
            on_failure.emit(());
        }
        Err(_) => retry_later(weak.clone()),
    }
}

/// Closes the current stream, tells the owner, and schedules the next attempt.
fn retry_later(weak: Weak<RefCell<StreamState>>) {
    let Some(state) = weak.upgrade() else {
        return;
    };
    let (wait, on_failure) = {
        let mut state = state.borrow_mut();
        if let Some(open) = &state.open {
            // Closing stops the browser's own retries with the old, short-lived ticket.
            open.close();
        }
        state.retry_ms = next_retry(state.retry_ms);
        (state.retry_ms, state.listeners.on_failure.clone())
    };
    on_failure.emit(());
    spawn_local(async move {
        TimeoutFuture::new(wait).await;
        if weak.upgrade().is_some() {
            connect(weak).await;
        }
    });
}

/// Opens the notification stream with `ticket` and wires its events to the owner.
fn open(weak: &Weak<RefCell<StreamState>>, ticket: &str) -> Option<OpenSource> {
    let listeners = weak.upgrade()?.borrow().listeners.clone();
    let on_open = {
        let (weak, opened) = (weak.clone(), listeners.on_open);
        Callback::from(move |()| {
            if let Some(state) = weak.upgrade() {
                state.borrow_mut().retry_ms = 0;
            }
            opened.emit(());
        })
    };
    let on_error = {
        let weak = weak.clone();
        // Reconnecting replaces (drops) the open source: `event_stream` calls this later.
        Callback::from(move |()| retry_later(weak.clone()))
    };
    event_stream::open(
        "/notifications/stream",
        ticket,
        "notification",
        StreamHandlers {
            on_event: listeners.on_notification,
            on_open,
            on_error,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reconnections_back_off_up_to_a_minute() {
        assert_eq!(next_retry(0), 3_000);
        assert_eq!(next_retry(3_000), 6_000);
        assert_eq!(next_retry(48_000), 60_000);
        assert_eq!(next_retry(60_000), 60_000);
    }
}
