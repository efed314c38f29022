//! The live feed of new notifications: a server-sent event stream opened with a short-lived
//! ticket (browsers' `EventSource` cannot send the Bearer header). When the stream fails it
//! is closed and opened again with a fresh ticket, waiting longer after each failure.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crm_api_types::{NotificationResponse, StreamTicketResponse};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventSource, MessageEvent};
use yew::platform::spawn_local;
use yew::Callback;

use super::api::{self, Method, API_BASE};

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

/// An open `EventSource` with the handlers that must live as long as it does.
struct OpenSource {
    source: EventSource,
    _on_notification: Closure<dyn FnMut(MessageEvent)>,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl Drop for OpenSource {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// What the stream tells its owner.
#[derive(Clone)]
struct Listeners {
    on_notification: Callback<NotificationResponse>,
    on_open: Callback<()>,
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
    /// whenever the stream (re)opens, so that the owner can catch up on what it missed.
    pub fn start(on_notification: Callback<NotificationResponse>, on_open: Callback<()>) -> Self {
        let state = Rc::new(RefCell::new(StreamState {
            open: None,
            retry_ms: 0,
            listeners: Listeners {
                on_notification,
                on_open,
            },
        }));
        spawn_local(connect(Rc::downgrade(&state)));
        Self { _state: state }
    }
}

/// Gets a ticket and opens the stream; on failure, tries again later.
async fn connect(weak: Weak<RefCell<StreamState>>) {
    let ticket = api::request::<(), StreamTicketResponse>(
        Method::POST,
        "/notifications/stream-ticket",
        None,
    )
    .await;
    let Some(state) = weak.upgrade() else {
        return;
    };
    match ticket {
        Ok(ticket) => match open(&weak, &ticket.ticket) {
            Some(opened) => state.borrow_mut().open = Some(opened),
            None => retry_later(weak.clone()),
        },
        // Signed out, or a session that may not stream: nothing to wait for.
        Err(error) if error.status == 401 || error.status == 403 => {}
        Err(_) => retry_later(weak.clone()),
    }
}

/// Closes the current stream and schedules the next attempt.
fn retry_later(weak: Weak<RefCell<StreamState>>) {
    let Some(state) = weak.upgrade() else {
        return;
    };
    let wait = {
        let mut state = state.borrow_mut();
        if let Some(open) = &state.open {
            // Closing stops the browser's own retries with the old, short-lived ticket.
            open.source.close();
        }
        state.retry_ms = next_retry(state.retry_ms);
        state.retry_ms
    };
    spawn_local(async move {
        TimeoutFuture::new(wait).await;
        if weak.upgrade().is_some() {
            connect(weak).await;
        }
    });
}

/// Opens an `EventSource` with `ticket` and wires its events to the owner.
fn open(weak: &Weak<RefCell<StreamState>>, ticket: &str) -> Option<OpenSource> {
    let state = weak.upgrade()?;
    let listeners = state.borrow().listeners.clone();
    let query = serde_urlencoded::to_string([("ticket", ticket)]).ok()?;
    let source = EventSource::new(&format!("{API_BASE}/notifications/stream?{query}")).ok()?;

    let on_notification = {
        let deliver = listeners.on_notification.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let parsed = event
                .data()
                .as_string()
                .and_then(|data| serde_json::from_str::<NotificationResponse>(&data).ok());
            if let Some(notification) = parsed {
                deliver.emit(notification);
            }
        })
    };
    let on_open = {
        let (weak, opened) = (weak.clone(), listeners.on_open.clone());
        Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            if let Some(state) = weak.upgrade() {
                state.borrow_mut().retry_ms = 0;
            }
            opened.emit(());
        })
    };
    let on_error = {
        let weak = weak.clone();
        // Runs after the handler returns: reconnecting replaces (drops) this very closure.
        Closure::<dyn FnMut(Event)>::new(move |_: Event| {
            let weak = weak.clone();
            spawn_local(async move { retry_later(weak) });
        })
    };
    source
        .add_event_listener_with_callback("notification", on_notification.as_ref().unchecked_ref())
        .ok()?;
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(OpenSource {
        source,
        _on_notification: on_notification,
        _on_open: on_open,
        _on_error: on_error,
    })
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
