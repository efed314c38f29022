//! Labels of the notification bell, and the sentence each kind of notification becomes.

use crm_api_types::{Notification, NotificationResponse};

use super::{fill, Lang};

define_texts! {
    /// A visible string of the notification bell.
    pub enum NotificationText {
        Notifications => "Уведомления", "Notifications";
        UnreadCount => "Непрочитанных: {n}", "Unread: {n}";
        MarkRead => "Отметить как прочитанное", "Mark as read";
        MarkAllRead => "Отметить все как прочитанные", "Mark all as read";
        NoNotifications => "Уведомлений нет.", "No notifications.";
        ManagerAssigned => "{by} назначил(а) вас ответственным за контакт «{contact}»", "{by} made you a manager of {contact}";
        TaskAssigned => "{by} поручил(а) вам задачу «{title}»", "{by} assigned you the task “{title}”";
        TasksAssigned => "{by} поручил(а) вам задачи «{title}»: {count}", "{by} assigned you {count} tasks “{title}”";
        TaskReminder => "Напоминание: «{title}», срок {deadline}", "Reminder: “{title}” is due {deadline}";
        DealAssigned => "{by} назначил(а) вас ответственным за сделку «{title}»", "{by} made you responsible for the deal “{title}”";
        DealAccessGranted => "{by} открыл(а) вам доступ к сделке «{title}»", "{by} gave you access to the deal “{title}”";
        CaseAccessGranted => "{by} открыл(а) вам доступ к мероприятию «{title}»", "{by} gave you access to the case “{title}”";
        ProjectTeamJoined => "{by} включил(а) вас в команду проекта «{title}»", "{by} added you to the team of the project “{title}”";
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
    /// A deal.
    Deal(i64),
    /// A case.
    Case(i64),
    /// A project.
    Project(i64),
}

/// What a notification says in `lang`, and what it is about (to link to). `when` writes an
/// RFC 3339 timestamp for the reader (the browser's zone and language). A kind this version
/// does not know still says something.
pub fn describe_notification(
    notification: &NotificationResponse,
    lang: Lang,
    when: &dyn Fn(&str) -> String,
) -> (String, Option<NotificationTarget>) {
    let Some(typed) = Notification::from_stored(&notification.kind, &notification.params) else {
        return (NotificationText::Unknown.tr(lang).to_owned(), None);
    };
    let by = |name: &str| match name {
        "" => NotificationText::Someone.tr(lang).to_owned(),
        name => name.to_owned(),
    };
    let task_title = |title: &str, id: i64| match title {
        "" => format!("#{id}"),
        title => title.to_owned(),
    };
    match typed {
        Notification::ContactManagerAssigned {
            contact_id,
            contact_name,
            by_name,
            ..
        } => {
            let contact = match contact_name.as_str() {
                "" => format!("#{contact_id}"),
                name => name.to_owned(),
            };
            let sentence = fill(
                NotificationText::ManagerAssigned.tr(lang),
                &[("by", &by(&by_name)), ("contact", &contact)],
            );
            (sentence, Some(NotificationTarget::Contact(contact_id)))
        }
        Notification::TaskAssigned {
            task_id,
            title,
            by_name,
            ..
        } => {
            let sentence = fill(
                NotificationText::TaskAssigned.tr(lang),
                &[
                    ("by", &by(&by_name)),
                    ("title", &task_title(&title, task_id)),
                ],
            );
            (sentence, Some(NotificationTarget::Task(task_id)))
        }
        Notification::TasksAssigned {
            count,
            title,
            by_name,
            ..
        } => {
            let sentence = fill(
                NotificationText::TasksAssigned.tr(lang),
                &[
                    ("by", &by(&by_name)),
                    ("title", &title),
                    ("count", &count.to_string()),
                ],
            );
            (sentence, Some(NotificationTarget::MyTasks))
        }
        Notification::TaskReminder {
            task_id,
            title,
            deadline,
        } => {
            let deadline = deadline.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let sentence = fill(
                NotificationText::TaskReminder.tr(lang),
                &[
                    ("title", &task_title(&title, task_id)),
                    ("deadline", &when(&deadline)),
                ],
            );
            (sentence, Some(NotificationTarget::Task(task_id)))
        }
        Notification::DealAssigned {
            deal_id,
            title,
            by_name,
            ..
        } => {
            let sentence = fill(
                NotificationText::DealAssigned.tr(lang),
                &[
                    ("by", &by(&by_name)),
                    ("title", &task_title(&title, deal_id)),
                ],
            );
            (sentence, Some(NotificationTarget::Deal(deal_id)))
        }
        Notification::DealAccessGranted {
            deal_id,
            title,
            by_name,
            ..
        } => {
            let sentence = fill(
                NotificationText::DealAccessGranted.tr(lang),
                &[
                    ("by", &by(&by_name)),
                    ("title", &task_title(&title, deal_id)),
                ],
            );
            (sentence, Some(NotificationTarget::Deal(deal_id)))
        }
        Notification::CaseAccessGranted {
            case_id,
            title,
            by_name,
            ..
        } => {
            let sentence = fill(
                NotificationText::CaseAccessGranted.tr(lang),
                &[
                    ("by", &by(&by_name)),
                    ("title", &task_title(&title, case_id)),
                ],
            );
            (sentence, Some(NotificationTarget::Case(case_id)))
        }
        Notification::ProjectTeamJoined {
            project_id,
            title,
            by_name,
            ..
        } => {
            let sentence = fill(
                NotificationText::ProjectTeamJoined.tr(lang),
                &[
                    ("by", &by(&by_name)),
                    ("title", &task_title(&title, project_id)),
                ],
            );
            (sentence, Some(NotificationTarget::Project(project_id)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;
    use chrono::Utc;
    use serde_json::{json, Value};

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
            json!({"task_id": 12, "title": "Call back", "deadline": "2026-03-07T15:00:00Z", "by_user_id": 1, "by_name": "Olga Owner"}),
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
