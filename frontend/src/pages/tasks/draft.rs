//! What the task form holds, and the requests it becomes.

use crm_api_types::{CreateTaskRequest, RecordKind, ReminderName, TaskResponse, UpdateTaskRequest};

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

/// The record a task is about: a contact, a deal, a case or a project, with its name when
/// known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    /// Its kind.
    pub kind: RecordKind,
    /// Its id.
    pub id: i64,
    /// Its name or title, when known.
    pub name: Option<String>,
}

impl About {
    /// A contact with its name.
    pub fn contact(id: i64, name: String) -> Self {
        Self {
            kind: RecordKind::Contact,
            id,
            name: Some(name),
        }
    }

    /// What a task request names it by: `contact_id`, `deal_id`, `case_id`, `project_id`.
    fn fields(about: Option<&About>) -> [Option<i64>; 4] {
        let mut out = [None; 4];
        if let Some(a) = about {
            let at = match a.kind {
                RecordKind::Contact => 0,
                RecordKind::Deal => 1,
                RecordKind::Case => 2,
                RecordKind::Project => 3,
                // Tasks are not about invoices.
                RecordKind::Invoice => return out,
            };
            out[at] = Some(a.id);
        }
        out
    }
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
    /// The record the task is about.
    pub about: Option<About>,
    /// Deadline day `YYYY-MM-DD`, or empty until chosen.
    pub date: String,
    /// Deadline time `HH:MM`.
    pub time: String,
    /// Reminder before the deadline.
    pub reminder: ReminderName,
}

impl TaskDraft {
    /// An empty form: responsible `me`, the first category, about `about` if given.
    pub fn new(me: Option<i64>, category: Option<i64>, about: Option<About>) -> Self {
        Self {
            title: String::new(),
            description: String::new(),
            category: category.map(|c| c.to_string()).unwrap_or_default(),
            responsible: me.map(|m| m.to_string()).unwrap_or_default(),
            notify: true,
            about,
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
            about: about_of(task),
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
        let [contact_id, deal_id, case_id, project_id] = About::fields(self.about.as_ref());
        CreateTaskRequest {
            title: self.title.trim().to_owned(),
            description: (!description.is_empty()).then(|| description.to_owned()),
            // 0 names no category; the server says which field is missing.
            category_id: self.category.parse().unwrap_or(0),
            responsible_id: self.responsible.parse().ok(),
            notify_responsible: Some(self.notify),
            contact_id,
            deal_id,
            case_id,
            project_id,
            deadline: self.deadline(),
            reminder: Some(self.reminder),
        }
    }

    /// Only what changed since `before` (the form as it showed `old`), with `old`'s version.
    pub fn changes_to(&self, before: &TaskDraft, old: &TaskResponse) -> UpdateTaskRequest {
        let responsible_changed = self.responsible != before.responsible;
        // `contact_id: 0` unlinks whatever it was about.
        let [contact_id, deal_id, case_id, project_id] = match &self.about {
            about if *about == before.about => [None; 4],
            None => [Some(0), None, None, None],
            Some(about) => About::fields(Some(about)),
        };
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
            contact_id,
            deal_id,
            case_id,
            project_id,
            deadline: (self.deadline() != before.deadline()).then(|| self.deadline()),
            reminder: (self.reminder != before.reminder).then_some(self.reminder),
            version: Some(old.version),
        }
    }
}

/// The record `task` is about, as the form shows it.
pub fn about_of(task: &TaskResponse) -> Option<About> {
    [
        (RecordKind::Contact, task.contact_id),
        (RecordKind::Deal, task.deal_id),
        (RecordKind::Case, task.case_id),
        (RecordKind::Project, task.project_id),
    ]
    .into_iter()
    .find_map(|(kind, id)| {
        id.map(|id| About {
            kind,
            id,
            name: task.about_name.clone().or_else(|| {
                (kind == RecordKind::Contact)
                    .then(|| task.contact_name.clone())
                    .flatten()
            }),
        })
    })
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
            about_name: Some("Acme".into()),
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
        assert_eq!(draft.about.and_then(|c| c.name), Some("Acme".to_owned()));
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
            about: None,
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
    fn a_task_about_a_deal_names_the_deal_and_moves_to_a_project() {
        let about = About {
            kind: RecordKind::Deal,
            id: 12,
            name: None,
        };
        let mut draft = TaskDraft::new(Some(3), Some(7), Some(about));
        draft.title = "Send the offer".into();
        draft.date = "2026-03-10".into();
        let request = draft.to_create();
        assert_eq!(
            (request.contact_id, request.deal_id, request.project_id),
            (None, Some(12), None)
        );
        let mut task = stored_task();
        (task.contact_id, task.contact_name, task.deal_id) = (None, None, Some(12));
        let before = TaskDraft::from_task(&task);
        assert_eq!(
            before.about.as_ref().map(|a| (a.kind, a.id)),
            Some((RecordKind::Deal, 12))
        );
        let now = TaskDraft {
            about: Some(About {
                kind: RecordKind::Project,
                id: 4,
                name: None,
            }),
            ..before.clone()
        };
        let change = now.changes_to(&before, &task);
        assert_eq!(
            (change.contact_id, change.deal_id, change.project_id),
            (None, None, Some(4))
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
