//! What the task form holds, and the requests it becomes.

use crm_api_types::{CreateTaskRequest, ReminderName, TaskResponse, UpdateTaskRequest};

use crate::services::format::split_wall_time;

/// The time of day a deadline gets until the user picks another.
pub const DEFAULT_TIME: &str = "18:00";

/// The contact a task is about, with its name to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedContact {
    /// Contact id.
    pub id: i64,
    /// Display name.
    pub name: String,
}

/// The fields of the task form, as the inputs hold them.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskDraft {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Category id, or empty.
    pub category: String,
    /// Responsible user id, or empty (the caller).
    pub responsible: String,
    /// Notify the responsible user.
    pub notify: bool,
    /// The contact the task is about.
    pub contact: Option<LinkedContact>,
    /// Deadline day `YYYY-MM-DD`, or empty until chosen.
    pub date: String,
    /// Deadline time `HH:MM`.
    pub time: String,
    /// Reminder before the deadline.
    pub reminder: ReminderName,
}

impl TaskDraft {
    /// An empty form: responsible `me`, the first category, about `contact` if given.
    pub fn new(me: Option<i64>, category: Option<i64>, contact: Option<LinkedContact>) -> Self {
        Self {
            title: String::new(),
            description: String::new(),
            category: category.map(|c| c.to_string()).unwrap_or_default(),
            responsible: me.map(|m| m.to_string()).unwrap_or_default(),
            notify: true,
            contact,
            date: String::new(),
            time: DEFAULT_TIME.to_owned(),
            reminder: ReminderName::default(),
        }
    }

    /// The form showing `task`.
    pub fn from_task(task: &TaskResponse) -> Self {
        let (date, time) = split_wall_time(&task.deadline_local).map_or_else(
            || (String::new(), DEFAULT_TIME.to_owned()),
            |(day, time)| (day.to_string(), time),
        );
        Self {
            title: task.title.clone(),
            description: task.description.clone(),
            category: task.category_id.to_string(),
            responsible: task.responsible_id.to_string(),
            notify: true,
            contact: task.contact_id.map(|id| LinkedContact {
                id,
                name: task
                    .contact_name
                    .clone()
                    .unwrap_or_else(|| format!("#{id}")),
            }),
            date,
            time,
            reminder: task.reminder,
        }
    }

    /// The deadline as the API takes it: `YYYY-MM-DDTHH:MM`, local to the user.
    pub fn deadline(&self) -> String {
        let time = match self.time.trim() {
            "" => DEFAULT_TIME,
            time => time,
        };
        format!("{}T{time}", self.date.trim())
    }

    /// The request that creates the task.
    pub fn to_create(&self) -> CreateTaskRequest {
        let description = self.description.trim();
        CreateTaskRequest {
            title: self.title.trim().to_owned(),
            description: (!description.is_empty()).then(|| description.to_owned()),
            // 0 names no category; the server says which field is missing.
            category_id: self.category.parse().unwrap_or(0),
            responsible_id: self.responsible.parse().ok(),
            notify_responsible: Some(self.notify),
            contact_id: self.contact.as_ref().map(|c| c.id),
            deal_id: None,
            case_id: None,
            project_id: None,
            deadline: self.deadline(),
            reminder: Some(self.reminder),
        }
    }

    /// Only what changed since `before` (the form as it showed `old`), with `old`'s version.
    pub fn changes_to(&self, before: &TaskDraft, old: &TaskResponse) -> UpdateTaskRequest {
        let responsible_changed = self.responsible != before.responsible;
        UpdateTaskRequest {
            title: (self.title.trim() != before.title.trim()).then(|| self.title.trim().to_owned()),
            description: (self.description.trim() != before.description.trim())
                .then(|| self.description.trim().to_owned()),
            category_id: (self.category != before.category)
                .then(|| self.category.parse().unwrap_or(0)),
            responsible_id: responsible_changed
                .then(|| self.responsible.parse().ok())
                .flatten(),
            notify_responsible: responsible_changed.then_some(self.notify),
            // `0` unlinks the contact.
            contact_id: (self.contact != before.contact)
                .then(|| self.contact.as_ref().map_or(0, |c| c.id)),
            deal_id: None,
            case_id: None,
            project_id: None,
            deadline: (self.deadline() != before.deadline()).then(|| self.deadline()),
            reminder: (self.reminder != before.reminder).then_some(self.reminder),
            version: Some(old.version),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Utc;

    fn stored_task() -> TaskResponse {
        TaskResponse {
            id: 5,
            title: "Call back".into(),
            description: String::new(),
            category_id: 2,
            responsible_id: 1,
            contact_id: Some(9),
            contact_name: Some("Acme".into()),
            deal_id: None,
            case_id: None,
            project_id: None,
            deadline: Utc::now(),
            deadline_local: "2026-03-07T18:00".into(),
            reminder: ReminderName::Hour1,
            remind_at: None,
            reminded_at: None,
            closed: false,
            closed_at: None,
            overdue: false,
            can_edit: true,
            created_by: 1,
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 4,
        }
    }

    #[test]
    fn a_new_task_defaults_to_me_six_pm_and_a_day_ahead_reminder() {
        let mut draft = TaskDraft::new(Some(3), Some(7), None);
        draft.title = "  Send the offer ".into();
        draft.date = "2026-03-10".into();
        let request = draft.to_create();
        assert_eq!(request.title, "Send the offer");
        assert_eq!(request.deadline, "2026-03-10T18:00");
        assert_eq!(request.responsible_id, Some(3));
        assert_eq!(request.category_id, 7);
        assert_eq!(request.notify_responsible, Some(true));
        assert_eq!(request.reminder, Some(ReminderName::Day1));
        assert_eq!((request.description, request.contact_id), (None, None));
    }

    #[test]
    fn a_task_shows_its_local_deadline_as_date_and_time() {
        let draft = TaskDraft::from_task(&stored_task());
        assert_eq!(
            (draft.date.as_str(), draft.time.as_str()),
            ("2026-03-07", "18:00")
        );
        assert_eq!(draft.contact.map(|c| c.name), Some("Acme".to_owned()));
    }

    #[test]
    fn an_untouched_task_sends_only_its_version() {
        let task = stored_task();
        let before = TaskDraft::from_task(&task);
        assert_eq!(
            before.changes_to(&before, &task),
            UpdateTaskRequest {
                version: Some(4),
                ..Default::default()
            }
        );
    }

    #[test]
    fn an_unlinked_contact_and_a_new_time_are_sent() {
        let task = stored_task();
        let before = TaskDraft::from_task(&task);
        let now = TaskDraft {
            contact: None,
            time: "09:30".into(),
            ..before.clone()
        };
        assert_eq!(
            now.changes_to(&before, &task),
            UpdateTaskRequest {
                contact_id: Some(0),
                deadline: Some("2026-03-07T09:30".into()),
                version: Some(4),
                ..Default::default()
            }
        );
    }

    #[test]
    fn a_new_responsible_is_notified_as_the_box_says() {
        let task = stored_task();
        let before = TaskDraft::from_task(&task);
        let now = TaskDraft {
            responsible: "8".into(),
            notify: false,
            ..before.clone()
        };
        let change = now.changes_to(&before, &task);
        assert_eq!(change.responsible_id, Some(8));
        assert_eq!(change.notify_responsible, Some(false));
    }
}
