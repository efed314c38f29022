//! Background jobs as types: each names its kind, its payload and how often it is tried, and is
//! queued in the caller's transaction, so it runs only when that transaction commits.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crm_persistence::jobs::NewJob;
use crm_persistence::DbConnection;

use crate::error::ApiError;
use crate::mail::OutgoingMail;
use crate::state::now;

/// A kind of background job: its payload is the type itself.
pub trait BackgroundJob: Serialize + DeserializeOwned {
    /// The stored kind.
    const JOB_NAME: &'static str;
    /// Attempts before the job fails for good.
    const MAX_ATTEMPTS: i64;

    /// Queues the job in the caller's transaction; returns its id.
    fn enqueue(
        &self,
        conn: &mut DbConnection,
        portal_id: i64,
        created_by: Option<i64>,
    ) -> Result<i64, ApiError> {
        let payload = serde_json::to_string(self)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("{} payload: {e}", Self::JOB_NAME)))?;
        let at = now();
        Ok(crm_persistence::jobs::enqueue(
            conn,
            &NewJob {
                portal_id: Some(portal_id),
                kind: Self::JOB_NAME,
                payload: &payload,
                max_attempts: Self::MAX_ATTEMPTS,
                run_at: at,
                created_by,
            },
            at,
        )?)
    }

    /// The job of a stored payload.
    fn from_payload(payload: &str) -> Result<Self, String> {
        serde_json::from_str(payload).map_err(|e| format!("unreadable {} job: {e}", Self::JOB_NAME))
    }
}

/// Hands one e-mail to the SMTP server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SendEmail(pub OutgoingMail);

impl BackgroundJob for SendEmail {
    const JOB_NAME: &'static str = "email";
    /// With pauses growing to an hour, a day and a half of outage.
    const MAX_ATTEMPTS: i64 = 40;
}

/// E-mails an invoice with its PDF, drawn when the message is handed over, as the sender may
/// see it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendInvoice {
    pub invoice_id: i64,
    /// The sender, whose view of the invoice the PDF shows.
    pub user_id: i64,
    pub is_crm_admin: bool,
    pub mail: OutgoingMail,
}

impl BackgroundJob for SendInvoice {
    const JOB_NAME: &'static str = "invoice_email";
    /// As [`SendEmail`].
    const MAX_ATTEMPTS: i64 = 40;
}
