//! Errors of the storage layer, classified so the API can answer with the right status.

use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What went wrong in storage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row in this portal.
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the change; carries the constraint name when known.
    #[error("conflict with an existing record ({0})")]
    Conflict(String),
    /// The row exists but was changed since the version the caller read.
    #[error("the record was changed by someone else")]
    StaleVersion,
    /// A referenced row is missing (a foreign key refused the change).
    #[error("a referenced record does not exist ({0})")]
    MissingReference(String),
    /// A value the caller sent does not fit (names the field).
    #[error("invalid {0}")]
    Invalid(String),
    /// A worker no longer holds the job it was working on (its lease ran out and another
    /// worker took it over).
    #[error("the job is no longer held by this worker")]
    LeaseLost,
    /// The database is busy (SQLite lock held too long); the request may be retried.
    #[error("the database is busy")]
    Busy,
    /// Anything else; the chain is logged, not shown.
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<DieselError> for StoreError {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => Self::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                Self::Conflict(info.constraint_name().unwrap_or(info.message()).to_owned())
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
                Self::MissingReference(info.constraint_name().unwrap_or(info.message()).to_owned())
            }
            DieselError::DatabaseError(_, ref info)
                if info.message().contains("database is locked")
                    || info.message().contains("database is busy") =>
            {
                Self::Busy
            }
            DieselError::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => Self::Busy,
            other => Self::Other(anyhow::Error::new(other)),
        }
    }
}

impl From<diesel::r2d2::PoolError> for StoreError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Other(anyhow::Error::new(e).context("taking a database connection from the pool"))
    }
}

/// Result of storage operations.
pub type StoreResult<T> = Result<T, StoreError>;
