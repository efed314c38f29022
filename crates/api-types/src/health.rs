//! Liveness and readiness answers.

use serde::{Deserialize, Serialize};

/// State of the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthResponse {
    /// `ok` when healthy.
    pub status: String,
    /// Server version.
    pub version: String,
}
