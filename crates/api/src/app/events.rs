//! Typed events of the use cases, collected per transaction ([`Tx`]), and the one place that
//! turns them into notifications and e-mail jobs ([`dispatch`]), written in that same
//! transaction: none is lost, and none goes out for a change that was rolled back. Streams of
//! the users notified are woken once the transaction has committed.

use actix_web::web;
use chrono::NaiveDateTime;
use crm_api_types::Notification;
use crm_domain::{Locale, RecordKind, RecordRef};
use crm_persistence::{notifications, users, DbConnection};

use crate::db;
use crate::error::ApiError;
use crate::mail::{OutgoingMail, Recipient};
use crate::queue::{BackgroundJob, SendEmail};
use crate::state::{now, AppState};

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct By {
    pub user_id: i64,
    pub name: String,
}

/// Something a use case did that others hear of. Notifications and e-mail follow from
/// assignments and reminders; every event is also where outbound webhooks and the audit
/// trail will attach.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A record was created.
    Created { record: RecordRef, by: By },
    /// A record was changed.
    Changed { record: RecordRef, by: By },
    /// A record was deleted (merged ones too).
    Deleted { record: RecordRef, by: By },
    /// A task was closed.
    TaskClosed {
        task_id: i64,
        about: Option<RecordRef>,
        by: By,
    },
    /// Users became members of a record (a contact's managers, the users a restricted deal
    /// is open to).
    MembersAdded {
        record: RecordRef,
        name: String,
        users: Vec<i64>,
        by: By,
    },
    /// A user became responsible for a task.
    TaskAssigned {
        task_id: i64,
        title: String,
        deadline: NaiveDateTime,
        responsible: i64,
        by: By,
    },
    /// A user became responsible for a deal.
    DealAssigned {
        deal_id: i64,
        title: String,
        responsible: i64,
        by: By,
    },
    /// A user became responsible for tasks created in bulk.
    TasksAssigned {
        count: i64,
        title: String,
        responsible: i64,
        by: By,
    },
    /// The reminder of a task is due.
    ReminderDue {
        task_id: i64,
        title: String,
        deadline: NaiveDateTime,
        responsible: i64,
    },
}

/// A transaction of a use case: its connection, the time of its rules, and the events it
/// emits.
pub struct Tx<'c> {
    /// The connection, inside the transaction.
    pub conn: &'c mut DbConnection,
    /// The business time the use case runs at ([`crate::state::Clock`]), one for all of it.
    pub now: NaiveDateTime,
    events: Vec<(i64, Event)>,
}

impl Tx<'_> {
    /// Records an event of the portal, handled when the use case has succeeded.
    pub fn emit(&mut self, portal_id: i64, event: Event) {
        self.events.push((portal_id, event));
    }

    /// Applies `change` in a savepoint and keeps it only when the record, as `read` shows it,
    /// differs afterwards in more than its bookkeeping ([`keep_if_changed`]): a change that
    /// changes nothing leaves no new version and no events. Returns the record.
    pub fn unless_unchanged<R, Read, Change>(
        &mut self,
        read: Read,
        change: Change,
    ) -> Result<R, ApiError>
    where
        R: serde::Serialize,
        Read: Fn(&mut DbConnection) -> Result<R, ApiError>,
        Change: FnOnce(&mut Tx<'_>) -> Result<(), ApiError>,
    {
        let now = self.now;
        let mut events = std::mem::take(&mut self.events);
        let emitted_before = events.len();
        let outcome = keep_if_changed(self.conn, read, |conn| {
            let mut inner = Tx {
                conn,
                now,
                events: std::mem::take(&mut events),
            };
            let done = change(&mut inner);
            events = inner.events;
            done
        });
        if let Ok((_, false)) = outcome {
            // The savepoint is gone, and with it what the change emitted.
            events.truncate(emitted_before);
        }
        self.events = events;
        outcome.map(|(record, _)| record)
    }
}

/// Applies `change` in a savepoint and keeps it only when the record, as `read` shows it,
/// differs afterwards in more than its bookkeeping (version, who and when it changed).
/// Returns the record and whether it changed; an unchanged record is the one read before, at
/// its old version.
pub fn keep_if_changed<R, Read, Change>(
    conn: &mut DbConnection,
    read: Read,
    change: Change,
) -> Result<(R, bool), ApiError>
where
    R: serde::Serialize,
    Read: Fn(&mut DbConnection) -> Result<R, ApiError>,
    Change: FnOnce(&mut DbConnection) -> Result<(), ApiError>,
{
    use diesel::Connection as _;
    enum Outcome {
        Unchanged,
        Failed(ApiError),
    }
    impl From<diesel::result::Error> for Outcome {
        fn from(e: diesel::result::Error) -> Self {
            Self::Failed(e.into())
        }
    }
    fn comparable(record: &impl serde::Serialize) -> Option<serde_json::Value> {
        let mut value = serde_json::to_value(record).ok()?;
        if let Some(fields) = value.as_object_mut() {
            for bookkeeping in ["version", "updated_at", "updated_by", "last_activity_at"] {
                fields.remove(bookkeeping);
            }
        }
        Some(value)
    }
    let before = read(conn)?;
    let result = conn.transaction(|conn| {
        let after = change(conn).and_then(|()| read(conn));
        let after = after.map_err(Outcome::Failed)?;
        if comparable(&after).is_some() && comparable(&after) == comparable(&before) {
            return Err(Outcome::Unchanged);
        }
        Ok(after)
    });
    match result {
        Ok(after) => Ok((after, true)),
        Err(Outcome::Unchanged) => Ok((before, false)),
        Err(Outcome::Failed(e)) => Err(e),
    }
}

/// Runs a use case as one transaction ([`db::write`]); its events are dispatched inside it.
pub async fn write<T, F>(state: &web::Data<AppState>, f: F) -> Result<T, ApiError>
where
    F: for<'c> FnOnce(&mut Tx<'c>) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let st = state.clone();
    let (value, wake) = db::write(&state.pool, move |conn| {
        let mut tx = Tx {
            conn,
            now: st.clock.now(),
            events: Vec::new(),
        };
        let value = f(&mut tx)?;
        let events = std::mem::take(&mut tx.events);
        let wake = dispatch(tx.conn, &st, events)?;
        Ok((value, wake))
    })
    .await?;
    for user in wake {
        // No receiver means no open stream here; nothing to wake.
        let _ = state.notifications.send(user);
    }
    Ok(value)
}

/// Who is notified of an event, who caused it (never notified of it), and what they are told;
/// `None` for events nobody is notified of.
fn notification(event: &Event) -> Option<(Vec<i64>, i64, Notification)> {
    Some(match event {
        Event::Created { .. }
        | Event::Changed { .. }
        | Event::Deleted { .. }
        | Event::TaskClosed { .. } => return None,
        Event::MembersAdded {
            record,
            name,
            users,
            by,
        } => {
            let notification = match record.kind {
                RecordKind::Contact => Notification::ContactManagerAssigned {
                    contact_id: record.id,
                    contact_name: name.clone(),
                    by_user_id: by.user_id,
                    by_name: by.name.clone(),
                },
                RecordKind::Deal => Notification::DealAccessGranted {
                    deal_id: record.id,
                    title: name.clone(),
                    by_user_id: by.user_id,
                    by_name: by.name.clone(),
                },
                RecordKind::Case => Notification::CaseAccessGranted {
                    case_id: record.id,
                    title: name.clone(),
                    by_user_id: by.user_id,
                    by_name: by.name.clone(),
                },
                RecordKind::Project => Notification::ProjectTeamJoined {
                    project_id: record.id,
                    title: name.clone(),
                    by_user_id: by.user_id,
                    by_name: by.name.clone(),
                },
                // Invoices have no members to tell.
                RecordKind::Invoice => return None,
            };
            (users.clone(), by.user_id, notification)
        }
        Event::TaskAssigned {
            task_id,
            title,
            deadline,
            responsible,
            by,
        } => (
            vec![*responsible],
            by.user_id,
            Notification::TaskAssigned {
                task_id: *task_id,
                title: title.clone(),
                deadline: deadline.and_utc(),
                by_user_id: by.user_id,
                by_name: by.name.clone(),
            },
        ),
        Event::DealAssigned {
            deal_id,
            title,
            responsible,
            by,
        } => (
            vec![*responsible],
            by.user_id,
            Notification::DealAssigned {
                deal_id: *deal_id,
                title: title.clone(),
                by_user_id: by.user_id,
                by_name: by.name.clone(),
            },
        ),
        Event::TasksAssigned {
            count,
            title,
            responsible,
            by,
        } => (
            vec![*responsible],
            by.user_id,
            Notification::TasksAssigned {
                count: *count,
                title: title.clone(),
                by_user_id: by.user_id,
                by_name: by.name.clone(),
            },
        ),
        Event::ReminderDue {
            task_id,
            title,
            deadline,
            responsible,
        } => (
            vec![*responsible],
            0,
            Notification::TaskReminder {
                task_id: *task_id,
                title: title.clone(),
                deadline: deadline.and_utc(),
            },
        ),
    })
}

/// Stores the notifications of `events` and, when SMTP is configured, queues an e-mail to each
/// active recipient in their language; returns the users whose streams to wake.
pub fn dispatch(
    conn: &mut DbConnection,
    state: &AppState,
    events: Vec<(i64, Event)>,
) -> Result<Vec<i64>, ApiError> {
    let mut wake = Vec::new();
    for (portal_id, event) in events {
        let Some((to, actor, n)) = notification(&event) else {
            continue;
        };
        let to: Vec<i64> = crm_persistence::portals::dedup(&to)
            .into_iter()
            .filter(|u| *u != actor)
            .collect();
        // Notifications name CRM records: users who lost CRM access since are not told.
        let to = users::crm_users_among(conn, portal_id, &to)?;
        if to.is_empty() {
            continue;
        }
        let (kind, params) = n.to_stored();
        notifications::notify(
            conn,
            portal_id,
            &to,
            actor,
            &kind,
            &params.to_string(),
            now(),
        )?;
        queue_emails(conn, state, portal_id, &to, &n)?;
        wake.extend(to);
    }
    Ok(wake)
}

/// Queues the e-mail of a notification for each active user of `to`.
fn queue_emails(
    conn: &mut DbConnection,
    state: &AppState,
    portal_id: i64,
    to: &[i64],
    n: &Notification,
) -> Result<(), ApiError> {
    let Some(mailer) = &state.mailer else {
        return Ok(());
    };
    for id in to {
        let u = match users::find(conn, portal_id, *id) {
            Ok(u) if u.active => u,
            Ok(_) | Err(crm_persistence::StoreError::NotFound) => continue,
            Err(e) => return Err(e.into()),
        };
        let r = Recipient {
            locale: Locale::parse("locale", &u.locale).unwrap_or(Locale::En),
            tz: crm_domain::TimeZoneName::tz_or_utc(&u.time_zone),
            email: u.email,
            name: u.name,
        };
        let (subject, text) = crate::mail::render(n, &r, &state.public_url);
        SendEmail(OutgoingMail {
            to: r.email,
            to_name: r.name,
            subject,
            text,
            message_id: mailer.message_id(),
        })
        .enqueue(conn, portal_id, None)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by() -> By {
        By {
            user_id: 1,
            name: "Olga".into(),
        }
    }

    #[test]
    fn assignments_and_reminders_notify_and_lifecycle_events_do_not() {
        let record = RecordRef::contact(7);
        for quiet in [
            Event::Created { record, by: by() },
            Event::Changed { record, by: by() },
            Event::Deleted { record, by: by() },
            Event::TaskClosed {
                task_id: 3,
                about: Some(record),
                by: by(),
            },
        ] {
            assert!(notification(&quiet).is_none(), "{quiet:?}");
        }
        let added = Event::MembersAdded {
            record,
            name: "Acme".into(),
            users: vec![2, 3],
            by: by(),
        };
        let (to, actor, n) = notification(&added).unwrap_or_else(|| panic!("no notification"));
        assert_eq!((to, actor), (vec![2, 3], 1));
        assert!(matches!(
            n,
            Notification::ContactManagerAssigned { contact_id: 7, .. }
        ));
    }
}
