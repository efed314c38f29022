//! Authentication: who is calling (login JWT or personal API token) and what they may do.

pub mod jwt;
pub mod password;
pub mod principal;
pub mod secret;

pub use principal::{AuthMethod, CrmUser, Principal};
