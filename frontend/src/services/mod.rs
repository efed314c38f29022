//! Talking to the server: the generic request function, the session's tokens, file
//! transfers, live event streams, and formatting helpers for values that come from the API.

pub mod api;
pub mod auth;
pub mod browser;
pub mod clock;
pub mod error;
pub mod event_stream;
pub mod format;
pub mod job_stream;
pub mod notification_stream;
pub mod recent;
pub mod tokens;
pub mod transfer;

pub use api::with_query;
pub use error::ApiError;
