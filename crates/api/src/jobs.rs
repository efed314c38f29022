//! The workers inside the server: they take due jobs from the database, run them, renew
//! their lease while they work, and retry failures with growing pauses. A reminder loop
//! delivers due task reminders. Several server processes may share one database.

use std::time::Duration;

use actix_web::web;
use crm_persistence::jobs::{self, JobRow};
use crm_persistence::tasks;
use serde_json::{json, Value};

use crate::app::contacts::BulkContacts;
use crate::app::tasks::BulkCreateTasks;
use crate::config::JobArgs;
use crate::error::ApiError;
use crate::exports::{ExportList, FullExport};
use crate::queue::{BackgroundJob, SendEmail, SendInvoice};
use crate::state::{now, AppState};

/// Reminders taken per transaction.
const REMINDER_BATCH: i64 = 500;
/// Contacts handled per transaction of a bulk task creation.
const BULK_CHUNK: usize = 200;
/// Longest time one message may take to hand over to the SMTP server.
const SMTP_TIMEOUT: Duration = Duration::from_secs(120);

/// Starts this process's workers and the reminder loop.
pub fn spawn(state: web::Data<AppState>, args: &JobArgs) {
    let name = format!(
        "{}-{}",
        std::process::id(),
        crate::auth::secret::new_token("w")
    );
    let lease = chrono::Duration::seconds(args.job_lease_secs.max(3));
    let poll = Duration::from_millis(args.job_poll_ms.max(10));
    for n in 0..args.job_workers.max(1) {
        let worker = Worker {
            state: state.clone(),
            name: format!("{name}-{n}"),
            lease,
            poll,
        };
        actix_web::rt::spawn(worker.run());
    }
    actix_web::rt::spawn(reminders(state, poll));
}

/// Why a job attempt failed.
enum Failure {
    /// Worth another attempt later.
    Retry(String),
    /// Will never work.
    Fatal(String),
    /// Another worker took the job over; it is no longer ours to finish.
    Lost,
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Conflict {
                code: "lease_lost", ..
            } => Self::Lost,
            // The chain stays in the log; the job shows a plain reason.
            ApiError::Internal(e) => {
                tracing::warn!(error = %format!("{e:#}"), "a job attempt failed");
                Self::Retry("internal error; the server log has the details".into())
            }
            ApiError::Unavailable { .. } => Self::Retry("the database was busy".into()),
            other => Self::Fatal(other.to_string()),
        }
    }
}

struct Worker {
    state: web::Data<AppState>,
    name: String,
    lease: chrono::Duration,
    poll: Duration,
}

/// Pause before attempt `attempts + 1`: 5 s, 10 s, 20 s … up to an hour.
fn backoff(attempts: i64) -> chrono::Duration {
    let exp = u32::try_from(attempts.clamp(1, 12) - 1).unwrap_or(0);
    chrono::Duration::seconds((5_i64 << exp).min(3600))
}

impl Worker {
    async fn run(self) {
        let mut stopping = self.state.stopping.clone();
        loop {
            if *stopping.borrow() {
                return;
            }
            let (name, lease) = (self.name.clone(), self.lease);
            // A process without SMTP leaves e-mails to processes that have it.
            let skip: &[&'static str] = if self.state.mailer.is_some() {
                &[]
            } else {
                &[SendEmail::JOB_NAME]
            };
            let due = crate::db::run(&self.state.pool, |conn| Ok(jobs::any_due(conn, now())?));
            let claimed = match due.await {
                Ok(true) => {
                    crate::db::write(&self.state.pool, move |conn| {
                        let at = now();
                        Ok(jobs::claim(conn, &name, at, at + lease, skip)?)
                    })
                    .await
                }
                Ok(false) => Ok(None),
                Err(e) => Err(e),
            };
            match claimed {
                Ok(Some(job)) => self.execute(job).await,
                Ok(None) => {
                    tokio::select! {
                        () = tokio::time::sleep(self.poll) => {}
                        () = self.state.jobs_queued.notified() => {}
                        Ok(()) = stopping.changed() => {}
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "taking a job failed");
                    tokio::time::sleep(self.poll).await;
                }
            }
        }
    }

    async fn execute(&self, job: JobRow) {
        let (id, attempts, max) = (job.id, job.attempts, job.max_attempts);
        tracing::info!(job_id = id, kind = %job.kind, attempt = attempts, "job started");
        // Its own task, so that a panicking job fails an attempt instead of the worker, and so
        // that losing the lease can stop it.
        let (state, name, taken) = (self.state.clone(), self.name.clone(), job.clone());
        let work = actix_web::rt::spawn(async move {
            match taken.kind.as_str() {
                SendEmail::JOB_NAME => email(&state, payload(&taken)?).await,
                SendInvoice::JOB_NAME => invoice_email(&state, &taken, payload(&taken)?).await,
                BulkCreateTasks::JOB_NAME => {
                    bulk_create_tasks(&state, &name, &taken, payload(&taken)?).await
                }
                BulkContacts::JOB_NAME => {
                    bulk_contacts(&state, &name, &taken, payload(&taken)?).await
                }
                ExportList::JOB_NAME => {
                    Ok(crate::exports::run(&state, &taken, &name, payload(&taken)?).await?)
                }
                FullExport::JOB_NAME => {
                    Ok(crate::exports::run_full(&state, &taken, &name, payload(&taken)?).await?)
                }
                other => Err(Failure::Fatal(format!("unknown job kind {other}"))),
            }
        });
        let heartbeat = actix_web::rt::spawn(renew(
            self.state.clone(),
            id,
            self.name.clone(),
            self.lease,
            work.abort_handle(),
        ));
        let outcome = match work.await {
            Ok(outcome) => outcome,
            Err(e) if e.is_cancelled() => Err(Failure::Lost),
            Err(e) => Err(Failure::Retry(format!("the job panicked: {e}"))),
        };
        heartbeat.abort();
        let outcome = std::sync::Arc::new(outcome);
        // A busy database should not turn finished work into work done twice: try a few times.
        for round in 1..=5 {
            let (name, outcome) = (self.name.clone(), outcome.clone());
            let saved = crate::db::write(&self.state.pool, move |conn| {
                let at = now();
                match outcome.as_ref() {
                    Ok(result) => jobs::succeed(conn, id, &name, &result.to_string(), at)?,
                    Err(Failure::Retry(e)) if attempts < max => {
                        jobs::fail(conn, id, &name, e, Some(at + backoff(attempts)), at)?
                    }
                    Err(Failure::Retry(e) | Failure::Fatal(e)) => {
                        jobs::fail(conn, id, &name, e, None, at)?
                    }
                    Err(Failure::Lost) => {}
                }
                Ok(())
            })
            .await;
            match saved {
                Ok(()) => {
                    tracing::info!(job_id = id, "job attempt finished");
                    return;
                }
                Err(ApiError::Conflict {
                    code: "lease_lost", ..
                }) => {
                    tracing::warn!(job_id = id, "another worker took the job over");
                    return;
                }
                Err(e) => {
                    tracing::warn!(job_id = id, round, error = %e, "recording a job's outcome failed");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }
}

/// The typed payload of a job.
fn payload<J: BackgroundJob>(job: &JobRow) -> Result<J, Failure> {
    J::from_payload(&job.payload).map_err(Failure::Fatal)
}

async fn email(state: &AppState, SendEmail(mail): SendEmail) -> Result<Value, Failure> {
    hand_over(mailer(state)?.send(&mail)).await?;
    Ok(json!({ "message_id": mail.message_id }))
}

fn mailer(state: &AppState) -> Result<&crate::mail::Mailer, Failure> {
    state
        .mailer
        .as_deref()
        .ok_or_else(|| Failure::Retry("SMTP is not configured in this process".into()))
}

/// Waits for the SMTP server to take a message: a refusal for good fails the job, anything
/// else is tried again.
async fn hand_over(
    sending: impl std::future::Future<Output = Result<(), crate::mail::SendError>>,
) -> Result<(), Failure> {
    match tokio::time::timeout(SMTP_TIMEOUT, sending).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) if e.permanent => Err(Failure::Fatal(e.message)),
        Ok(Err(e)) => Err(Failure::Retry(e.message)),
        Err(_) => Err(Failure::Retry(
            "the SMTP server did not answer in time".into(),
        )),
    }
}

/// An invoice's PDF, drawn now, mailed with the queued text. An invoice deleted meanwhile (a
/// draft) fails the job for good.
async fn invoice_email(
    state: &web::Data<AppState>,
    job: &JobRow,
    p: SendInvoice,
) -> Result<Value, Failure> {
    let mailer = mailer(state)?;
    let portal_id = job
        .portal_id
        .ok_or_else(|| Failure::Fatal("an invoice e-mail without a portal".into()))?;
    let viewer = crm_domain::Viewer {
        user_id: crm_domain::UserId(p.user_id),
        is_crm_admin: p.is_crm_admin,
    };
    let pdf = match crate::app::invoice_view::pdf(state, portal_id, viewer, p.invoice_id).await {
        Ok(pdf) => pdf,
        Err(ApiError::NotFound) => return Err(Failure::Fatal("the invoice is gone".into())),
        Err(e) => return Err(Failure::Retry(format!("drawing the invoice: {e}"))),
    };
    let attachment = crate::mail::MailAttachment {
        name: pdf.file_name,
        content_type: "application/pdf".into(),
        bytes: pdf.bytes,
    };
    hand_over(mailer.send_with(&p.mail, &[attachment])).await?;
    // The message is out: a history that cannot be written now is not worth sending it again.
    let (to, id) = (p.mail.to.clone(), p.invoice_id);
    let noted = crate::app::write(state, move |tx| {
        crate::app::invoices::emailed(tx, portal_id, viewer, id, &to)
    })
    .await;
    if let Err(e) = noted {
        tracing::warn!(invoice_id = id, error = %e, "the invoice e-mail is not in the history");
    }
    Ok(json!({ "message_id": p.mail.message_id, "invoice_id": p.invoice_id }))
}

/// One task per contact, a chunk per transaction together with the progress, so that a
/// job resumed after a crash continues where the last committed chunk ended.
async fn bulk_create_tasks(
    state: &web::Data<AppState>,
    worker: &str,
    job: &JobRow,
    payload: BulkCreateTasks,
) -> Result<Value, Failure> {
    let total = i64::try_from(payload.contact_ids.len()).unwrap_or(i64::MAX);
    let mut result: Value = job
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_else(|| json!({ "created": 0, "skipped": [] }));
    let mut done = usize::try_from(job.progress_done).unwrap_or(0);
    let payload = std::sync::Arc::new(payload);
    while done < payload.contact_ids.len() {
        let end = (done + BULK_CHUNK).min(payload.contact_ids.len());
        let (p, name, id) = (payload.clone(), worker.to_owned(), job.id);
        let partial = result.clone();
        result = crate::app::write(state, move |tx| {
            let partial = p.run_chunk(tx, done, end, partial)?;
            let done = i64::try_from(end).unwrap_or(i64::MAX);
            let text = partial.to_string();
            jobs::progress(tx.conn, id, &name, done, total, Some(&text), now())?;
            Ok(partial)
        })
        .await?;
        done = end;
    }
    Ok(result)
}

/// One action on many contacts, a chunk per transaction together with the progress (a
/// resumed job continues after the last committed chunk); the files of deleted contacts are
/// removed from storage once their chunk has committed.
async fn bulk_contacts(
    state: &web::Data<AppState>,
    worker: &str,
    job: &JobRow,
    payload: BulkContacts,
) -> Result<Value, Failure> {
    let total = i64::try_from(payload.contact_ids.len()).unwrap_or(i64::MAX);
    let mut result: Value = job
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or_else(|| json!({ "done": 0, "failed": [], "failed_count": 0 }));
    let mut done = usize::try_from(job.progress_done).unwrap_or(0);
    let payload = std::sync::Arc::new(payload);
    while done < payload.contact_ids.len() {
        let end = (done + BULK_CHUNK).min(payload.contact_ids.len());
        let (p, name, id) = (payload.clone(), worker.to_owned(), job.id);
        let partial = result.clone();
        let removed;
        (result, removed) = crate::app::write(state, move |tx| {
            let (partial, removed) = p.run_chunk(tx, done, end, partial)?;
            let done = i64::try_from(end).unwrap_or(i64::MAX);
            let text = partial.to_string();
            jobs::progress(tx.conn, id, &name, done, total, Some(&text), now())?;
            Ok((partial, removed))
        })
        .await?;
        crate::storage::remove_all(state.files.as_ref(), removed).await;
        done = end;
    }
    Ok(result)
}

/// Renews a job's lease every third of its length while the worker runs it; stops the job
/// when another worker has taken it over.
async fn renew(
    state: web::Data<AppState>,
    id: i64,
    worker: String,
    lease: chrono::Duration,
    job: tokio::task::AbortHandle,
) {
    let every = lease
        .to_std()
        .unwrap_or(Duration::from_secs(60))
        .checked_div(3)
        .unwrap_or(Duration::from_secs(20));
    loop {
        tokio::time::sleep(every).await;
        let w = worker.clone();
        let renewed = crate::db::write(&state.pool, move |conn| {
            Ok(jobs::renew(conn, id, &w, now() + lease)?)
        })
        .await;
        match renewed {
            Ok(()) => {}
            Err(ApiError::Conflict {
                code: "lease_lost", ..
            }) => {
                tracing::warn!(job_id = id, "lease lost; stopping the job");
                job.abort();
                return;
            }
            Err(e) => tracing::warn!(job_id = id, error = %e, "renewing a job's lease failed"),
        }
    }
}

/// Delivers due reminders: each batch is taken, notified and marked in one transaction, so a
/// reminder reaches its user once even with several processes and across restarts.
async fn reminders(state: web::Data<AppState>, poll: Duration) {
    let mut stopping = state.stopping.clone();
    loop {
        if *stopping.borrow() {
            return;
        }
        loop {
            let at = state.clock.now();
            let due = crate::db::run(&state.pool, move |conn| {
                Ok(tasks::any_due_reminder(conn, at)?)
            });
            if !matches!(due.await, Ok(true)) {
                break;
            }
            let taken = crate::app::write(&state, |tx| {
                crate::app::tasks::deliver_reminders(tx, REMINDER_BATCH)
            })
            .await;
            match taken {
                Ok(n) if n == REMINDER_BATCH => continue,
                Ok(_) => break,
                Err(e) => {
                    tracing::warn!(error = %e, "delivering reminders failed");
                    break;
                }
            }
        }
        tokio::select! {
            () = tokio::time::sleep(poll) => {}
            Ok(()) = stopping.changed() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn pauses_grow_and_stop_at_an_hour() {
        assert_eq!(backoff(1).num_seconds(), 5);
        assert_eq!(backoff(2).num_seconds(), 10);
        assert_eq!(backoff(4).num_seconds(), 40);
        assert_eq!(backoff(30).num_seconds(), 3600);
    }
}
