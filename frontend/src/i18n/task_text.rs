//! Labels, titles and hints of the tasks pages, the task form and the calendar feed.

define_texts! {
    /// A visible string about tasks.
    pub enum TaskText {
        TitleTask => "Задача", "Task";
        CreateTask => "Задачу", "Task";
        NewTask => "Новая задача", "New task";
        MyTasks => "Мои задачи", "My tasks";
        AllTasks => "Все задачи", "All tasks";
        TabTasks => "Задачи", "Tasks";
        TaskTitle => "Название", "Title";
        Description => "Описание", "Description";
        Category => "Категория", "Category";
        Responsible => "Ответственный", "Responsible";
        Notify => "Уведомить", "Notify";
        NotifyHint => "Ответственный получит уведомление о новой задаче.", "The responsible user gets a notification about the task.";
        Contact => "Контакт", "Contact";
        About => "Связано с", "About";
        Deadline => "Срок", "Deadline";
        DeadlineDate => "Дата", "Date";
        DeadlineTime => "Время", "Time";
        Today => "Сегодня", "Today";
        InThreeDays => "Через 3 дня", "In 3 days";
        InAWeek => "Через неделю", "In a week";
        Reminder => "Напоминание", "Reminder";
        RemindNever => "Не напоминать", "Never";
        Remind5m => "За 5 минут", "5 minutes before";
        Remind15m => "За 15 минут", "15 minutes before";
        Remind30m => "За 30 минут", "30 minutes before";
        Remind1h => "За 1 час", "1 hour before";
        Remind2h => "За 2 часа", "2 hours before";
        Remind1d => "За 1 день", "1 day before";
        Status => "Статус", "Status";
        StatusOpen => "Открытые", "Open";
        StatusClosed => "Выполненные", "Done";
        StatusAll => "Все", "All";
        Due => "Срок", "Due";
        AnyDue => "Любой срок", "Any deadline";
        DueOverdue => "Просроченные", "Overdue";
        DueToday => "На сегодня", "Due today";
        DueThisWeek => "На этой неделе", "Due this week";
        DueRange => "За период…", "Date range…";
        DueFrom => "С", "From";
        DueTo => "По", "To";
        AnyResponsible => "Любой ответственный", "Anyone responsible";
        AnyCategory => "Любая категория", "Any category";
        AnyContact => "Любой контакт", "Any contact";
        SearchPlaceholder => "Название задачи", "Task title";
        Sort => "Сортировка", "Sort";
        SortDeadlineAsc => "Сначала ранний срок", "Earliest deadline first";
        SortDeadlineDesc => "Сначала поздний срок", "Latest deadline first";
        SortTitleAsc => "По названию, А–Я", "Title, A–Z";
        SortTitleDesc => "По названию, Я–А", "Title, Z–A";
        SortCategoryAsc => "По категориям", "By category";
        SortCategoryDesc => "По категориям, обратно", "By category, reversed";
        ClearFilters => "Сбросить фильтры", "Clear filters";
        Actions => "Действия", "Actions";
        ActionsOf => "Действия с задачей «{title}»", "Actions on “{title}”";
        MarkDone => "Отметить выполненной: {title}", "Mark done: {title}";
        MarkOpen => "Вернуть в работу: {title}", "Reopen: {title}";
        Overdue => "Просрочена", "Overdue";
        Done => "Выполнена", "Done";
        Edit => "Изменить", "Edit";
        ConfirmDelete => "Удалить задачу «{title}»?", "Delete the task “{title}”?";
        TaskCreated => "Задача «{title}» создана.", "Task “{title}” created.";
        NoTasks => "Задач нет.", "No tasks.";
        CreatedBy => "Создал(а)", "Created by";
        ClosedAt => "Выполнена", "Done on";
        ToTasks => "Все задачи", "All tasks";
        BulkIntro => "Каждый выбранный контакт ({n}) получит свою задачу.", "Each selected contact ({n}) gets a task of its own.";
        CreateTasks => "Создать задачи", "Create tasks";
        BulkCreated => "Создано задач: {n}.", "Tasks created: {n}.";
        BulkSkipped => "Пропущено: {n}.", "Skipped: {n}.";
        BulkClose => "Отметить выполненными", "Mark done";
        BulkReopen => "Вернуть в работу", "Reopen";
        BulkReassign => "Передать другому", "Reassign";
        BulkMove => "Перенести срок", "Move the deadline";
        BulkDelete => "Удалить", "Delete";
        NewResponsible => "Новый ответственный", "New responsible";
        MoveBy => "Куда перенести", "Move to";
        MovePlusDay => "На день позже", "A day later";
        MovePlusTwoDays => "На 2 дня позже", "2 days later";
        MovePlusWeek => "На неделю позже", "A week later";
        MoveMinusDay => "На день раньше", "A day earlier";
        MoveToDate => "На дату и время…", "To a date and time…";
        NewDeadline => "Новый срок", "New deadline";
        BulkNeedsDate => "Укажите дату и время нового срока.", "Give the new deadline's date and time.";
        ConfirmBulkDelete => "Удалить выбранные задачи ({n})?", "Delete the {n} selected tasks?";
        SelectTask => "Выбрать: {title}", "Select: {title}";
        Icon => "Значок", "Icon";
        NoIcon => "Без значка", "No icon";
        IconPhone => "Звонок", "Call";
        IconDeal => "Сделка", "Deal";
        IconDemo => "Демонстрация", "Demo";
        IconEmail => "Письмо", "Email";
        IconFax => "Факс", "Fax";
        IconControl => "Контроль", "Follow-up";
        IconLunch => "Обед", "Lunch";
        IconMeeting => "Встреча", "Meeting";
        IconNote => "Заметка", "Note";
        IconDelivery => "Доставка", "Delivery";
        IconSocial => "Соцсети", "Social";
        IconThanks => "Благодарность", "Thanks";
        CalendarFeed => "Календарь задач", "Task calendar";
        CalendarFeedIntro => "Подпишитесь на свои открытые задачи в Google Календаре, Outlook или Apple Календаре по личной ссылке.", "Subscribe to your open tasks in Google Calendar, Outlook or Apple Calendar with a private link.";
        CalendarFeedActive => "Ссылка действует с {date}.", "The link works since {date}.";
        CalendarFeedNone => "Ссылки пока нет.", "There is no link yet.";
        CalendarFeedCreate => "Создать ссылку", "Create link";
        CalendarFeedReplace => "Создать новую ссылку", "Make a new link";
        CalendarFeedRevoke => "Отключить ссылку", "Revoke link";
        ConfirmReplaceFeed => "Создать новую ссылку? Старая перестанет работать.", "Make a new link? The old one stops working.";
        ConfirmRevokeFeed => "Отключить ссылку? Подписанные на неё календари перестанут обновляться.", "Revoke the link? Calendars subscribed to it stop updating.";
        FeedUrl => "Ссылка на календарь", "Calendar link";
        FeedShownOnce => "Скопируйте ссылку сейчас: больше она показана не будет. Любой, у кого она есть, видит ваши задачи.", "Copy the link now: it will not be shown again. Anyone who has it sees your tasks.";
        FeedRevoked => "Ссылка отключена.", "The link is revoked.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;

    #[test]
    fn every_task_text_is_translated_with_the_same_placeholders() {
        check_table(TaskText::ALL, &[]);
    }
}
