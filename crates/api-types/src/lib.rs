//! Request and response types of the CRM REST API (`/api/v1`). The server and the SPA both
//! use them, so the wire format is defined once. `utoipa` schemas are behind the `openapi`
//! feature so that the SPA build stays free of it.

pub mod auth;
pub mod cases;
pub mod contacts;
pub mod custom_fields;
pub mod deals;
pub mod exports;
pub mod groups;
pub mod health;
pub mod history;
pub mod invoices;
pub mod jobs;
pub mod lists;
pub mod money;
pub mod names;
pub mod notifications;
pub mod page;
pub mod problem;
pub mod products;
pub mod projects;
pub mod records;
pub mod settings;
pub mod tasks;
pub mod tokens;
pub mod users;

pub use auth::*;
pub use cases::*;
pub use contacts::*;
pub use custom_fields::*;
pub use deals::*;
pub use exports::*;
pub use groups::*;
pub use health::*;
pub use history::*;
pub use invoices::*;
pub use jobs::*;
pub use lists::*;
pub use money::*;
pub use names::*;
pub use notifications::*;
pub use page::*;
pub use problem::*;
pub use products::*;
pub use projects::*;
pub use records::*;
pub use settings::*;
pub use tasks::*;
pub use tokens::*;
pub use users::*;
