//! Storage of the CRM: one diesel schema for SQLite and PostgreSQL, embedded migrations,
//! a connection pool, and a repository module per table or aggregate.

pub mod api_tokens;
pub mod calendar_feeds;
pub mod cases;
pub mod connection;
pub mod contacts;
pub mod custom_fields;
pub mod deals;
pub mod dump;
pub mod error;
pub mod files;
pub mod groups;
pub mod history;
pub mod invoices;
pub mod jobs;
pub mod keyset;
pub mod list_items;
pub mod login_failures;
pub mod lookups;
pub mod money;
pub mod notifications;
pub mod portals;
pub mod products;
pub mod projects;
pub mod records;
pub mod refresh_tokens;
pub mod schema;
pub mod stored;
pub mod tags;
pub mod tasks;
pub mod users;

pub use connection::{connect, Backend, DbConnection, DbPool, PoolOptions, PooledConn};
pub use crm_domain::Viewer;
pub use error::StoreError;
pub use keyset::{After, KeyValue, PageRequest, PageResult, SortDirection, SortKey};

/// Diesel's error type, for callers that run transactions of their own.
pub mod diesel_error {
    pub use diesel::result::Error;
}
