//! The strings of the projects pages.

define_texts! {
    /// A visible string about projects.
    pub enum ProjectText {
        TitleProject => "Проект", "Project";
        NewProject => "Новый проект", "New project";
        CreateProject => "Проект", "Project";
        CreateFromDeal => "Создать проект", "Create project";
        EditProject => "Изменить проект", "Edit project";
        ProjectTitle => "Название", "Name";
        Description => "Описание", "Description";
        Status => "Статус", "Status";
        StatusOpen => "Открыт", "Open";
        StatusPaused => "Приостановлен", "Paused";
        StatusClosed => "Закрыт", "Closed";
        AnyStatus => "Все статусы", "Any status";
        Deadline => "Срок", "Deadline";
        DeadlineBefore => "Срок не позже", "Deadline by";
        Manager => "Руководитель", "Manager";
        AnyManager => "Все руководители", "Any manager";
        Team => "Команда", "Team";
        TeamHint => "Руководитель всегда в команде; каждый, кто в неё входит, получает уведомление.", "The manager is always on the team; everyone who joins it is notified.";
        OnlyMine => "Я в команде", "I am on the team";
        Deal => "Сделка", "Deal";
        Unlink => "Отвязать", "Unlink";
        Contacts => "Контакты", "Contacts";
        FindContact => "Найти контакт, чтобы добавить", "Find a contact to add";
        RemoveContact => "Убрать", "Remove";
        NoContacts => "Контактов нет.", "No contacts.";
        Restricted => "Ограничить доступ", "Restrict access";
        RestrictedHint => "Проект увидят только его команда и администраторы CRM; вы войдёте в команду.", "Only its team and CRM administrators will see the project; you join the team.";
        RestrictedBadge => "Ограничен", "Restricted";
        Search => "Поиск проектов", "Search projects";
        NoProjects => "Проектов не найдено.", "No projects found.";
        Created => "Проект «{title}» создан.", "The project “{title}” was created.";
        SaveAndNew => "Сохранить и создать ещё", "Save and create another";
        CreatedOn => "Создан", "Created";
        Edit => "Изменить", "Edit";
        ConfirmDelete => "Удалить проект «{title}» вместе с его историей и задачами?", "Delete the project “{title}” with its history and tasks?";
        ToProjects => "К проектам", "To projects";
        TabProfile => "Профиль", "Profile";
        TabHistory => "История", "History";
        TabFiles => "Файлы", "Files";
        TabProjects => "Проекты", "Projects";
        Saved => "Сохранено.", "Saved.";
        Sort => "Порядок", "Order";
        SortNewest => "Сначала новые", "Newest first";
        SortOldest => "Сначала старые", "Oldest first";
        SortTitle => "По названию", "By name";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;

    #[test]
    fn every_project_text_is_translated_with_the_same_placeholders() {
        check_table(ProjectText::ALL, &[]);
    }
}
