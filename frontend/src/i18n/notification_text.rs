//! Labels of the notification bell, and the sentence each kind of notification becomes.

use crm_api_types::NotificationResponse;
use serde_json::Value;

use super::{fill, Lang};

define_texts! {
    /// A visible string of the notification bell.
    pub enum NotificationText {
        Notifications => "Уведомления", "Notifications";
        UnreadCount => "Непрочитанных: {n}", "Unread: {n}";
        MarkRead => "Прочитано", "Mark read";
        MarkAllRead => "Прочитать все", "Mark all read";
        NoNotifications => "Уведомлений нет.", "No notifications.";
        ManagerAssigned => "{by} назначил(а) вас ответственным за контакт «{contact}»", "{by} made you a manager of {contact}";
        TaskAssigned => "{by} поручил(а) вам задачу «{title}»", "{by} assigned you the task “{title}”";
        TasksAssigned => "{by} поручил(а) вам задачи «{title}»: {count}", "{by} assigned you {count} tasks “{title}”";
        TaskReminder => "Напоминание: «{title}», срок {deadline}", "Reminder: “{title}” is due {deadline}";
        Someone => "Кто-то", "Someone";
        Unknown => "Новое уведомление", "New notification";
    }
}

/// What a notification is about, to open when it is clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationTarget {
    /// A contact.
    Contact(i64),
    /// A task.
    Task(i64),
    /// The reader's tasks.
    MyTasks,
}

/// What a notification says in `lang`, and what it is about (to link to). `when` writes an
/// RFC 3339 timestamp of the params for the reader (the browser's zone and language).
pub fn describe_notification(
    notification: &NotificationResponse,
    lang: Lang,
    when: &dyn Fn(&str) -> String,
) -> (String, Option<NotificationTarget>) {
    let params = &notification.params;
    let text = |key: &str| params.get(key).and_then(Value::as_str).unwrap_or_default();
    let id = |key: &str| params.get(key).and_then(Value::as_i64);
    let by = match text("by_name") {
        "" => NotificationText::Someone.tr(lang),
        name => name,
    };
    let task_title = || match text("title") {
        "" => id("task_id").map(|id| format!("#{id}")).unwrap_or_default(),
        title => title.to_owned(),
    };
    match notification.kind.as_str() {
        "contact_manager_assigned" => {
            let contact = match text("contact_name") {
                "" => params
                    .get("contact_id")
                    .map(|id| format!("#{id}"))
                    .unwrap_or_default(),
                name => name.to_owned(),
            };
            let sentence = fill(
                NotificationText::ManagerAssigned.tr(lang),
                &[("by", by), ("contact", &contact)],
            );
            (sentence, id("contact_id").map(NotificationTarget::Contact))
        }
        "task_assigned" => {
            let sentence = fill(
                NotificationText::TaskAssigned.tr(lang),
                &[("by", by), ("title", &task_title())],
            );
            (sentence, id("task_id").map(NotificationTarget::Task))
        }
        "tasks_assigned" => {
            let count = id("count").unwrap_or_default().to_string();
            let sentence = fill(
                NotificationText::TasksAssigned.tr(lang),
                &[("by", by), ("title", text("title")), ("count", &count)],
            );
            (sentence, Some(NotificationTarget::MyTasks))
        }
        "task_reminder" => {
            let sentence = fill(
                NotificationText::TaskReminder.tr(lang),
                &[
                    ("title", &task_title()),
                    ("deadline", &when(text("deadline"))),
                ],
            );
            (sentence, id("task_id").map(NotificationTarget::Task))
        }
        _ => (NotificationText::Unknown.tr(lang).to_owned(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;
    use chrono::Utc;
    use serde_json::json;

    fn plain(at: &str) -> String {
        at.to_owned()
    }

    fn notification(kind: &str, params: Value) -> NotificationResponse {
        NotificationResponse {
            id: 1,
            kind: kind.into(),
            params,
            read: false,
            created_at: Utc::now(),
        }
    }

    #[test]
    fn every_notification_text_is_translated_with_the_same_placeholders() {
        check_table(NotificationText::ALL, &[]);
    }

    #[test]
    fn a_new_manager_is_told_who_assigned_them_and_to_what() {
        let n = notification(
            "contact_manager_assigned",
            json!({"contact_id": 7, "contact_name": "Acme", "by_user_id": 1, "by_name": "Olga Owner"}),
        );
        assert_eq!(
            describe_notification(&n, Lang::En, &plain),
            (
                "Olga Owner made you a manager of Acme".to_owned(),
                Some(NotificationTarget::Contact(7))
            )
        );
    }

    #[test]
    fn an_assigned_task_names_who_assigned_it_and_links_to_the_task() {
        let n = notification(
            "task_assigned",
            json!({"task_id": 12, "title": "Call back", "by_user_id": 1, "by_name": "Olga Owner"}),
        );
        assert_eq!(
            describe_notification(&n, Lang::En, &plain),
            (
                "Olga Owner assigned you the task “Call back”".to_owned(),
                Some(NotificationTarget::Task(12))
            )
        );
    }

    #[test]
    fn tasks_made_in_bulk_are_announced_once_with_their_number() {
        let n = notification(
            "tasks_assigned",
            json!({"count": 3, "title": "Call back", "by_user_id": 1, "by_name": "Olga Owner"}),
        );
        assert_eq!(
            describe_notification(&n, Lang::En, &plain),
            (
                "Olga Owner assigned you 3 tasks “Call back”".to_owned(),
                Some(NotificationTarget::MyTasks)
            )
        );
    }

    #[test]
    fn a_reminder_says_when_the_task_is_due() {
        let n = notification(
            "task_reminder",
            json!({"task_id": 12, "title": "Call back", "deadline": "2026-03-07T15:00:00Z"}),
        );
        let (text, target) = describe_notification(&n, Lang::Ru, &|at| format!("<{at}>"));
        assert_eq!(
            text,
            "Напоминание: «Call back», срок <2026-03-07T15:00:00Z>"
        );
        assert_eq!(target, Some(NotificationTarget::Task(12)));
    }

    #[test]
    fn unknown_kinds_still_say_something() {
        let n = notification("brand_new", json!({}));
        assert_eq!(
            describe_notification(&n, Lang::Ru, &plain).0,
            "Новое уведомление"
        );
    }
}
