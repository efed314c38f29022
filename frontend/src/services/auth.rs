//! Login, silent token refresh and logout.
//!
//! Refresh tokens are single-use and reusing one revokes the whole session, so at most one
//! refresh runs at a time: concurrent callers await the same shared future.

use std::cell::RefCell;

use crm_api_types::{LoginRequest, LogoutRequest, RefreshRequest, TokenResponse};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use yew::platform::spawn_local;

use super::api::{decode, send, Method};
use super::{tokens, ApiError};

type RefreshFuture = Shared<LocalBoxFuture<'static, Result<(), ApiError>>>;

thread_local! {
    static REFRESH_IN_FLIGHT: RefCell<Option<RefreshFuture>> = const { RefCell::new(None) };
}

/// Signs in and keeps the issued tokens.
pub async fn login(credentials: &LoginRequest) -> Result<(), ApiError> {
    let response = send(Method::POST, "/auth/login", Some(credentials), None).await?;
    let issued: TokenResponse = decode(response).await?;
    keep(&issued);
    Ok(())
}

/// Exchanges the stored refresh token for new tokens. A refused refresh ends the session.
pub async fn refresh() -> Result<(), ApiError> {
    let shared = REFRESH_IN_FLIGHT.with(|slot| {
        let mut slot = slot.borrow_mut();
        match slot.as_ref() {
            Some(in_flight) => in_flight.clone(),
            None => {
                let started = refresh_once().boxed_local().shared();
                *slot = Some(started.clone());
                started
            }
        }
    });
    let result = shared.clone().await;
    REFRESH_IN_FLIGHT.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.as_ref().is_some_and(|current| current.ptr_eq(&shared)) {
            *slot = None;
        }
    });
    result
}

async fn refresh_once() -> Result<(), ApiError> {
    let refresh_token = tokens::refresh_token().ok_or_else(ApiError::unauthorized)?;
    let body = RefreshRequest { refresh_token };
    let response = send(Method::POST, "/auth/refresh", Some(&body), None).await?;
    match decode::<TokenResponse>(response).await {
        Ok(issued) => {
            keep(&issued);
            Ok(())
        }
        Err(error) => {
            // A network hiccup keeps the tokens for a later try; a refusal ends the session.
            if (400..500).contains(&error.status) {
                tokens::session_lost();
            }
            Err(error)
        }
    }
}

/// Ends the session on the server (best effort) and forgets the tokens; with `everywhere`
/// every session of the user, and with `api_tokens` their API tokens too.
pub async fn logout(everywhere: bool, api_tokens: bool) {
    let body = LogoutRequest {
        refresh_token: tokens::refresh_token(),
        all_sessions: everywhere,
        api_tokens: everywhere && api_tokens,
    };
    let access = tokens::access_token();
    tokens::clear();
    if access.is_some() {
        let _ignored = send(Method::POST, "/auth/logout", Some(&body), access.as_deref()).await;
    }
}

fn keep(issued: &TokenResponse) {
    tokens::keep(issued, || {
        spawn_local(async {
            let _handled_inside = refresh().await;
        })
    });
}
