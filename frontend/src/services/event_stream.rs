//! Server-sent event streams of the API. Browsers' `EventSource` cannot send the Bearer
//! header, so each stream is opened with a short-lived ticket in its URL. What to do when a
//! stream fails (reconnect, poll) is up to each user of this module.

use crm_api_types::StreamTicketResponse;
use serde::de::DeserializeOwned;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventSource, MessageEvent};
use yew::platform::spawn_local;
use yew::Callback;

use super::api::{self, Method, API_BASE};
use super::ApiError;

/// Asks for a ticket that opens one event stream of the signed-in user.
pub async fn stream_ticket() -> Result<String, ApiError> {
    api::request::<(), StreamTicketResponse>(Method::POST, "/notifications/stream-ticket", None)
        .await
        .map(|answer| answer.ticket)
}

/// The session ended, may not do this, or the thing is gone (401, 403, 404): trying again
/// will not help.
pub fn is_gone(error: &ApiError) -> bool {
    matches!(error.status, 401 | 403 | 404)
}

/// What a stream tells its owner.
pub struct StreamHandlers<T> {
    /// Each event of the stream's kind, parsed; events that do not parse are skipped.
    pub on_event: Callback<T>,
    /// The stream has (re)opened.
    pub on_open: Callback<()>,
    /// The stream failed. Called after the browser's handler has returned, so the owner may
    /// drop the [`OpenSource`] from it.
    pub on_error: Callback<()>,
}

/// An open `EventSource` with the handlers that must live as long as it does; dropping it
/// closes the stream.
pub struct OpenSource {
    source: EventSource,
    _on_event: Closure<dyn FnMut(MessageEvent)>,
    _on_open: Closure<dyn FnMut(Event)>,
    _on_error: Closure<dyn FnMut(Event)>,
}

impl OpenSource {
    /// Closes the stream now, which also stops the browser's own reconnections (with a
    /// ticket that has expired by then).
    pub fn close(&self) {
        self.source.close();
    }
}

impl Drop for OpenSource {
    fn drop(&mut self) {
        self.source.close();
    }
}

/// Opens the stream at `path` (under the API) with `ticket` and hands its `event` events,
/// parsed as JSON, to `handlers`. `None` when the browser refuses to open it.
pub fn open<T: DeserializeOwned + 'static>(
    path: &str,
    ticket: &str,
    event: &str,
    handlers: StreamHandlers<T>,
) -> Option<OpenSource> {
    let query = serde_urlencoded::to_string([("ticket", ticket)]).ok()?;
    let source = EventSource::new(&format!("{API_BASE}{path}?{query}")).ok()?;
    let StreamHandlers {
        on_event,
        on_open,
        on_error,
    } = handlers;

    let on_event = Closure::<dyn FnMut(MessageEvent)>::new(move |message: MessageEvent| {
        let parsed = message
            .data()
            .as_string()
            .and_then(|data| serde_json::from_str::<T>(&data).ok());
        if let Some(parsed) = parsed {
            on_event.emit(parsed);
        }
    });
    let on_open = Closure::<dyn FnMut(Event)>::new(move |_: Event| on_open.emit(()));
    let on_error = Closure::<dyn FnMut(Event)>::new(move |_: Event| {
        // Later, not now: the owner may drop this very closure while handling the failure.
        let on_error = on_error.clone();
        spawn_local(async move { on_error.emit(()) });
    });
    source
        .add_event_listener_with_callback(event, on_event.as_ref().unchecked_ref())
        .ok()?;
    source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    Some(OpenSource {
        source,
        _on_event: on_event,
        _on_open: on_open,
        _on_error: on_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_missing_sessions_rights_or_things_are_gone() {
        for status in [401, 403, 404] {
            assert!(is_gone(&ApiError::local(status, "x")), "{status}");
        }
        for status in [0, 409, 429, 500, 503] {
            assert!(!is_gone(&ApiError::local(status, "x")), "{status}");
        }
    }
}
