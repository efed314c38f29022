//! In-app notifications.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a notification says, by kind: the server writes and e-mails it, clients render it in
/// the reader's language. Stored and sent as `kind` plus `params`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "params", rename_all = "snake_case")]
pub enum Notification {
    /// The reader became a manager of a contact.
    ContactManagerAssigned {
        contact_id: i64,
        contact_name: String,
        by_user_id: i64,
        by_name: String,
    },
    /// The reader became responsible for a task.
    TaskAssigned {
        task_id: i64,
        title: String,
        deadline: DateTime<Utc>,
        by_user_id: i64,
        by_name: String,
    },
    /// The reader became responsible for tasks created in bulk.
    TasksAssigned {
        count: i64,
        title: String,
        by_user_id: i64,
        by_name: String,
    },
    /// A reminder of one of the reader's tasks is due.
    TaskReminder {
        task_id: i64,
        title: String,
        deadline: DateTime<Utc>,
    },
    /// The reader became responsible for a deal.
    DealAssigned {
        deal_id: i64,
        title: String,
        by_user_id: i64,
        by_name: String,
    },
    /// A restricted deal was opened to the reader.
    DealAccessGranted {
        deal_id: i64,
        title: String,
        by_user_id: i64,
        by_name: String,
    },
    /// A restricted case was opened to the reader.
    CaseAccessGranted {
        case_id: i64,
        title: String,
        by_user_id: i64,
        by_name: String,
    },
    /// The reader joined a project's team.
    ProjectTeamJoined {
        project_id: i64,
        title: String,
        by_user_id: i64,
        by_name: String,
    },
}

impl Notification {
    /// The stored `kind` and `params`.
    pub fn to_stored(&self) -> (String, serde_json::Value) {
        match serde_json::to_value(self) {
            Ok(serde_json::Value::Object(mut o)) => {
                let kind = match o.remove("kind") {
                    Some(serde_json::Value::String(k)) => k,
                    _ => String::new(),
                };
                (kind, o.remove("params").unwrap_or(serde_json::Value::Null))
            }
            _ => (String::new(), serde_json::Value::Null),
        }
    }

    /// The notification of a stored `kind` and `params`, if it is one this version knows.
    pub fn from_stored(kind: &str, params: &serde_json::Value) -> Option<Self> {
        serde_json::from_value(serde_json::json!({ "kind": kind, "params": params })).ok()
    }
}

/// A notification. Clients render `kind` with `params` in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationResponse {
    /// Notification id (increasing).
    pub id: i64,
    /// What happened: `contact_manager_assigned` (params `contact_id`, `contact_name`,
    /// `by_user_id`, `by_name`), `task_assigned` (`task_id`, `title`, `deadline`, `by_user_id`,
    /// `by_name`), `tasks_assigned` (`count`, `title`, `by_user_id`, `by_name`) or
    /// `task_reminder` (`task_id`, `title`, `deadline`), `deal_assigned` or
    /// `deal_access_granted` (`deal_id`, `title`, `by_user_id`, `by_name`).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::NotificationKind))]
    pub kind: String,
    /// Details of the event.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub params: serde_json::Value,
    /// Whether it was read.
    pub read: bool,
    /// When it happened.
    pub created_at: DateTime<Utc>,
}

/// Filters and paging of `GET /api/v1/notifications` (newest first).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct NotificationQueryParams {
    /// Page size, 1–200 (default 50).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
    /// Cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// Only unread ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<bool>,
}

/// Which notifications to mark read (`POST /api/v1/notifications/read`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkNotificationsReadRequest {
    /// These notifications; absent means all of the caller's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<Vec<i64>>,
}

/// How many notifications are unread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnreadCountResponse {
    /// Unread notifications of the caller.
    pub unread: i64,
}

/// A short-lived ticket for the event stream, because browsers' `EventSource` cannot send
/// an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamTicketResponse {
    /// Pass as `ticket` to `GET /api/v1/notifications/stream`.
    pub ticket: String,
    /// Seconds the ticket may be used to open a stream.
    pub expires_in: i64,
}

/// Query of `GET /api/v1/notifications/stream`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct StreamQueryParams {
    /// A ticket from `POST /api/v1/notifications/stream-ticket` (or send a Bearer token).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notification_reads_back_from_its_stored_kind_and_params() {
        let n = Notification::TasksAssigned {
            count: 3,
            title: "Call".into(),
            by_user_id: 7,
            by_name: "Anna".into(),
        };
        let (kind, params) = n.to_stored();
        assert_eq!(kind, "tasks_assigned");
        assert_eq!(params["count"], 3);
        assert_eq!(Notification::from_stored(&kind, &params), Some(n));
        assert_eq!(Notification::from_stored("unknown", &params), None);
    }

    #[test]
    fn every_notification_kind_is_a_listed_kind() {
        let at: DateTime<Utc> = "2026-03-07T15:00:00Z".parse().unwrap();
        let every = [
            Notification::ContactManagerAssigned {
                contact_id: 1,
                contact_name: "Acme".into(),
                by_user_id: 1,
                by_name: "A".into(),
            },
            Notification::TaskAssigned {
                task_id: 1,
                title: "T".into(),
                deadline: at,
                by_user_id: 1,
                by_name: "A".into(),
            },
            Notification::TasksAssigned {
                count: 2,
                title: "T".into(),
                by_user_id: 1,
                by_name: "A".into(),
            },
            Notification::TaskReminder {
                task_id: 1,
                title: "T".into(),
                deadline: at,
            },
            Notification::DealAssigned {
                deal_id: 1,
                title: "D".into(),
                by_user_id: 1,
                by_name: "A".into(),
            },
            Notification::DealAccessGranted {
                deal_id: 1,
                title: "D".into(),
                by_user_id: 1,
                by_name: "A".into(),
            },
            Notification::CaseAccessGranted {
                case_id: 1,
                title: "C".into(),
                by_user_id: 1,
                by_name: "A".into(),
            },
            Notification::ProjectTeamJoined {
                project_id: 1,
                title: "P".into(),
                by_user_id: 1,
                by_name: "A".into(),
            },
        ];
        let kinds: Vec<String> = every.iter().map(|n| n.to_stored().0).collect();
        assert_eq!(kinds, crate::NotificationKind::NAMES);
    }
}
