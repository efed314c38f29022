//! Where the session's tokens live: the access token in memory only, the refresh token in
//! local storage so that a reload keeps the session.

use std::cell::RefCell;

use crm_api_types::TokenResponse;
use gloo_timers::callback::Timeout;
use yew::Callback;

use super::browser;

/// Local-storage key of the refresh token.
const REFRESH_KEY: &str = "crm.refresh_token";

thread_local! {
    static ACCESS_TOKEN: RefCell<Option<String>> = const { RefCell::new(None) };
    static REFRESH_TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static ON_SESSION_LOST: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

/// The current access token.
pub fn access_token() -> Option<String> {
    ACCESS_TOKEN.with(|t| t.borrow().clone())
}

/// The stored refresh token.
pub fn refresh_token() -> Option<String> {
    browser::stored(REFRESH_KEY).filter(|t| !t.is_empty())
}

/// Keeps freshly issued tokens and arranges a silent refresh shortly before expiry.
pub fn keep(tokens: &TokenResponse, on_due: impl FnOnce() + 'static) {
    ACCESS_TOKEN.with(|t| *t.borrow_mut() = Some(tokens.access_token.clone()));
    browser::store(REFRESH_KEY, &tokens.refresh_token);
    let timer = Timeout::new(refresh_delay_ms(tokens.expires_in), on_due);
    // Replacing the old timer drops, and so cancels, it.
    REFRESH_TIMER.with(|t| *t.borrow_mut() = Some(timer));
}

/// Forgets both tokens and cancels the pending refresh.
pub fn clear() {
    ACCESS_TOKEN.with(|t| *t.borrow_mut() = None);
    REFRESH_TIMER.with(|t| *t.borrow_mut() = None);
    browser::forget(REFRESH_KEY);
}

/// Registers what to do when the session ends by itself (refresh refused).
pub fn on_session_lost(callback: Callback<()>) {
    ON_SESSION_LOST.with(|c| *c.borrow_mut() = Some(callback));
}

/// Forgets the tokens and tells the app that the session is over.
pub fn session_lost() {
    clear();
    let callback = ON_SESSION_LOST.with(|c| c.borrow().clone());
    if let Some(callback) = callback {
        callback.emit(());
    }
}

/// Milliseconds until a token living `expires_in` seconds should be renewed: a minute early,
/// or a quarter of its life early for short-lived tokens, but never sooner than in 5 seconds.
fn refresh_delay_ms(expires_in: i64) -> u32 {
    let lead = (expires_in / 4).min(60);
    let seconds = (expires_in - lead).clamp(5, 24 * 3600);
    u32::try_from(seconds * 1000).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_is_due_a_minute_before_expiry() {
        assert_eq!(refresh_delay_ms(900), 840_000);
    }

    #[test]
    fn short_tokens_are_renewed_after_three_quarters_of_their_life() {
        assert_eq!(refresh_delay_ms(40), 30_000);
    }

    #[test]
    fn odd_lifetimes_stay_within_bounds() {
        assert_eq!(refresh_delay_ms(0), 5_000);
        assert_eq!(refresh_delay_ms(-10), 5_000);
        assert_eq!(refresh_delay_ms(10 * 24 * 3600), 24 * 3600 * 1000);
    }
}
