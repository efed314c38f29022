//! Background jobs: long work run by the server's workers, with progress.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JobStateName {
    /// Waiting for a worker (also between retries).
    Queued,
    /// A worker runs it.
    Running,
    /// Finished; see `result`.
    Succeeded,
    /// Gave up after its last attempt; see `error`.
    Failed,
}

/// A background job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JobResponse {
    /// Job id.
    pub id: i64,
    /// What it does, e.g. `bulk_create_tasks`.
    pub kind: String,
    /// Where it is.
    pub state: JobStateName,
    /// Units done.
    pub progress_done: i64,
    /// Units in all (0 when not known yet).
    pub progress_total: i64,
    /// What it produced, once succeeded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub result: Option<serde_json::Value>,
    /// Why the last attempt failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Attempts made so far.
    pub attempts: i64,
    /// Creation time.
    pub created_at: DateTime<Utc>,
    /// Last change.
    pub updated_at: DateTime<Utc>,
    /// When it finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<DateTime<Utc>>,
}
