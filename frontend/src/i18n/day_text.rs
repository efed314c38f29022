//! Labels of the home page's "my day".

define_texts! {
    /// A visible string of the home page's "my day".
    pub enum DayText {
        MyDay => "Мой день", "My day";
        Overdue => "Просроченные задачи", "Overdue tasks";
        DueToday => "Задачи на сегодня", "Due today";
        Changed => "Последние события в контактах", "Latest contact activity";
        Viewed => "Недавно открытые контакты", "Recently opened contacts";
        Unread => "Непрочитанные уведомления", "Unread notifications";
        ShowAll => "Показать все ({n})", "Show all ({n})";
        AllContacts => "Все контакты", "All contacts";
        NothingOverdue => "Просроченных задач нет.", "Nothing overdue.";
        NothingToday => "На сегодня задач нет.", "Nothing due today.";
        NoContacts => "Контактов пока нет.", "No contacts yet.";
        NoneViewed => "Здесь появятся контакты, которые вы открываете.", "Contacts you open will show here.";
        AllRead => "Всё прочитано.", "All caught up.";
    }
}
