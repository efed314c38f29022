//! Hooks: the session context and data loading.

mod load;
mod paged_list;
mod session;

pub use load::use_load;
pub use paged_list::use_paged_list;
pub use session::{use_session, Phase, SessionProvider};
