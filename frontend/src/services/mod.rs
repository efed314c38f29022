//! Talking to the server: the generic request function, the session's tokens, and
//! formatting helpers for values that come from the API.

pub mod api;
pub mod auth;
pub mod browser;
pub mod error;
pub mod format;
pub mod tokens;

pub use api::with_query;
pub use error::ApiError;
