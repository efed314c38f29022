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
        Someone => "Кто-то", "Someone";
        Unknown => "Новое уведомление", "New notification";
    }
}

/// What a notification says in `lang`, and the contact it is about (to link to).
pub fn describe_notification(
    notification: &NotificationResponse,
    lang: Lang,
) -> (String, Option<i64>) {
    let params = &notification.params;
    let text = |key: &str| params.get(key).and_then(Value::as_str).unwrap_or_default();
    match notification.kind.as_str() {
        "contact_manager_assigned" => {
            let by = match text("by_name") {
                "" => NotificationText::Someone.tr(lang),
                name => name,
            };
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
            (sentence, params.get("contact_id").and_then(Value::as_i64))
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
            describe_notification(&n, Lang::En),
            ("Olga Owner made you a manager of Acme".to_owned(), Some(7))
        );
    }

    #[test]
    fn unknown_kinds_still_say_something() {
        let n = notification("brand_new", json!({}));
        assert_eq!(describe_notification(&n, Lang::Ru).0, "Новое уведомление");
    }
}
