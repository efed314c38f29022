//! The strings of the cases pages.

define_texts! {
    /// A visible string about cases.
    pub enum CaseText {
        TitleCase => "Мероприятие", "Case";
        NewCase => "Новое мероприятие", "New case";
        CreateCase => "Мероприятие", "Case";
        EditCase => "Изменить мероприятие", "Edit case";
        CaseTitle => "Название", "Title";
        Participants => "Участники", "Participants";
        FindParticipant => "Найти контакт, чтобы добавить", "Find a contact to add";
        RemoveParticipant => "Убрать", "Remove";
        NoParticipants => "Участников пока нет.", "No participants yet.";
        ParticipantsCount => "Участников: {n}", "Participants: {n}";
        Tags => "Теги", "Tags";
        AnyTag => "Все теги", "Any tag";
        Restricted => "Ограничить доступ", "Restrict access";
        RestrictedHint => "Мероприятие увидят только выбранные пользователи и администраторы CRM; вы в их числе.", "Only the chosen users and CRM administrators will see the case; you are one of them.";
        RestrictedBadge => "Ограничен", "Restricted";
        Members => "Кому открыто", "Open to";
        Open => "Открыто", "Open";
        Closed => "Закрыто", "Closed";
        AnyState => "Открытые и закрытые", "Open and closed";
        CloseCase => "Закрыть", "Close";
        ReopenCase => "Открыть снова", "Reopen";
        CloseToggle => "Закрыто: {title}", "Closed: {title}";
        Search => "Поиск мероприятий", "Search cases";
        NoCases => "Мероприятий не найдено.", "No cases found.";
        Created => "Мероприятие «{title}» создано.", "The case “{title}” was created.";
        SaveAndNew => "Сохранить и создать ещё", "Save and create another";
        CreatedOn => "Создано", "Created";
        ClosedOn => "Закрыто", "Closed on";
        Edit => "Изменить", "Edit";
        ConfirmDelete => "Удалить мероприятие «{title}» вместе с его историей и задачами?", "Delete the case “{title}” with its history and tasks?";
        ToCases => "К мероприятиям", "To cases";
        TabProfile => "Профиль", "Profile";
        TabHistory => "История", "History";
        TabFiles => "Файлы", "Files";
        Saved => "Сохранено.", "Saved.";
        State => "Состояние", "State";
        Sort => "Порядок", "Order";
        SortNewest => "Сначала новые", "Newest first";
        SortOldest => "Сначала старые", "Oldest first";
        SortTitle => "По названию", "By title";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;

    #[test]
    fn every_case_text_is_translated_with_the_same_placeholders() {
        check_table(CaseText::ALL, &[]);
    }
}
