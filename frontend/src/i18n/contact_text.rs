//! Labels, titles and hints of the contacts pages.

define_texts! {
    /// A visible string of the contacts pages.
    pub enum ContactText {
        TitleContact => "Контакт", "Contact";
        TitleContactEdit => "Изменение контакта", "Edit contact";
        NewPerson => "Новое контактное лицо", "New person";
        NewCompany => "Новая компания", "New company";
        NewPersonHere => "Новый сотрудник компании", "New person in this company";
        CreatePerson => "Контактное лицо", "Person";
        CreateCompany => "Компанию", "Company";
        SearchPlaceholder => "Имя, эл. почта или телефон", "Name, email or phone";
        KindPerson => "Контактное лицо", "Person";
        KindCompany => "Компания", "Company";
        AnyKind => "Люди и компании", "People and companies";
        OnlyPeople => "Только люди", "People only";
        OnlyCompanies => "Только компании", "Companies only";
        AnyType => "Любой тип", "Any type";
        AnyTemperature => "Любая температура", "Any temperature";
        AnyTag => "Любой тег", "Any tag";
        AnyManager => "Любой ответственный", "Any manager";
        AnyAccess => "Любой доступ", "Any access";
        CreatedFrom => "Создан с", "Created from";
        CreatedTo => "Создан по", "Created until";
        Sort => "Сортировка", "Sort";
        SortNameAsc => "По имени, А–Я", "Name, A–Z";
        SortNameDesc => "По имени, Я–А", "Name, Z–A";
        SortCreatedDesc => "Сначала новые", "Newest first";
        SortCreatedAsc => "Сначала старые", "Oldest first";
        SortActivityDesc => "Недавняя активность", "Recently active";
        SortActivityAsc => "Давняя активность", "Least recently active";
        SortTypeAsc => "По типу", "By type";
        SortTypeDesc => "По типу, в обратном порядке", "By type, reversed";
        SortFieldAsc => "{field}: по возрастанию", "{field}, ascending";
        SortFieldDesc => "{field}: по убыванию", "{field}, descending";
        ClearFilters => "Сбросить фильтры", "Clear filters";
        MoreFilters => "Ещё фильтры", "More filters";
        MoreFiltersSet => "Ещё фильтры (задано: {n})", "More filters ({n} set)";
        SortStandard => "Поля контакта", "Contact fields";
        SortCustom => "Дополнительные поля", "Custom fields";
        Kind => "Вид", "Kind";
        Company => "Компания", "Company";
        Type => "Тип", "Type";
        Temperature => "Температура", "Temperature";
        Access => "Доступ", "Access";
        Managers => "Ответственные", "Managers";
        Tags => "Теги", "Tags";
        LastActivity => "Активность", "Last activity";
        SelectAll => "Выбрать все показанные", "Select all shown";
        SelectRow => "Выбрать: {name}", "Select: {name}";
        AccessPrivate => "Личный", "Private";
        AccessSharedRead => "Общий, чтение", "Shared, read-only";
        AccessSharedWrite => "Общий, изменение", "Shared, read-write";
        AccessHint => "Личные контакты видят только ответственные и администраторы CRM. Общие видят все пользователи CRM, а при доступе «изменение» могут и править.", "Only managers and CRM admins see private contacts. Every CRM user sees shared ones and, with read-write access, may change them.";
        BulkAction => "Действие с выбранными", "Action on the selected";
        BulkAddTags => "Добавить теги", "Add tags";
        BulkRemoveTags => "Убрать теги", "Remove tags";
        BulkSetAccess => "Изменить доступ", "Change access";
        BulkSetManagers => "Назначить ответственных", "Set managers";
        BulkDelete => "Удалить", "Delete";
        BulkCreateTask => "Создать задачу", "Create task";
        Apply => "Применить", "Apply";
        ClearSelection => "Снять выделение", "Clear selection";
        SelectAllMatching => "Выбрать все подходящие: {n}", "Select all {n} matching";
        AllMatchingSelected => "Выбраны все подходящие: {n}", "All {n} matching selected";
        OnlyShown => "Только показанные ({n})", "Only the {n} shown";
        BulkDone => "Выполнено: {n}.", "Done: {n}.";
        BulkFailed => "Не выполнено: {n}.", "Not done: {n}.";
        BulkNeedsTags => "Укажите хотя бы один тег.", "Enter at least one tag.";
        BulkNeedsManagers => "Выберите хотя бы одного ответственного.", "Choose at least one manager.";
        ConfirmBulkDelete => "Удалить выбранные контакты ({n})? Это нельзя отменить.", "Delete the selected contacts ({n})? This cannot be undone.";
        FailNotFound => "не найден или недоступен", "not found or not visible";
        FailForbidden => "только для чтения", "read-only";
        FailInUse => "на него ссылается счёт", "an invoice refers to it";
        FailTooManyTags => "у контакта было бы больше 50 тегов", "it would have more than 50 tags";
        FailOther => "не удалось изменить", "could not be changed";
        FirstName => "Имя", "First name";
        LastName => "Фамилия", "Last name";
        CompanyName => "Название", "Company name";
        JobTitle => "Должность", "Job title";
        Currency => "Валюта", "Currency";
        CurrencyHint => "Код ISO 4217, например RUB.", "ISO 4217 code, e.g. RUB.";
        Industry => "Отрасль", "Industry";
        Notes => "Комментарий", "Notes";
        NotSet => "Не указано", "Not set";
        TagsHint => "Введите тег и нажмите Enter.", "Type a tag and press Enter.";
        AddTag => "Добавить тег", "Add tag";
        RemoveTag => "Убрать тег {name}", "Remove the tag {name}";
        FindCompany => "Найти компанию…", "Find a company…";
        FindPerson => "Найти человека…", "Find a person…";
        FindContact => "Найти контакт…", "Find a contact…";
        Unlink => "Убрать", "Remove";
        Details => "Контактные данные", "Contact details";
        AddDetail => "Добавить:", "Add:";
        NoDetails => "Контактных данных нет.", "No contact details.";
        DetailEmail => "Эл. почта", "Email";
        DetailPhone => "Телефон", "Phone";
        DetailWebsite => "Сайт", "Website";
        DetailSocial => "Соцсеть", "Social network";
        DetailAddress => "Адрес", "Address";
        Category => "Категория", "Category";
        Network => "Сеть", "Network";
        NetworkOther => "Другая", "Other";
        Primary => "Основной", "Primary";
        RemoveDetail => "Убрать", "Remove";
        Street => "Улица, дом", "Street and number";
        City => "Город", "City";
        Region => "Регион", "Region";
        Postcode => "Индекс", "Postcode";
        Country => "Страна", "Country";
        CatHome => "Домашний", "Home";
        CatWork => "Рабочий", "Work";
        CatMobile => "Мобильный", "Mobile";
        CatFax => "Факс", "Fax";
        CatDirect => "Прямой", "Direct";
        CatOther => "Другой", "Other";
        CatPostal => "Почтовый", "Postal";
        CatOffice => "Офис", "Office";
        CatBilling => "Для счетов", "Billing";
        SaveAndNew => "Сохранить и создать ещё", "Save and create new";
        ContactCreated => "Контакт «{name}» создан.", "Contact “{name}” created.";
        DuplicatesFound => "Похожие контакты уже есть. Откройте их или всё равно создайте новый:", "Similar contacts already exist. Open them, or create the new one anyway:";
        DuplicateMatch => "совпадает «{what}»: {value}", "same {what}: {value}";
        CreateAnyway => "Всё равно создать", "Create anyway";
        TabProfile => "Профиль", "Profile";
        TabPeople => "Люди", "People";
        Edit => "Изменить", "Edit";
        Merge => "Объединить…", "Merge…";
        ViewOnly => "Только просмотр", "View only";
        ConfirmDelete => "Удалить контакт «{name}»? Это нельзя отменить.", "Delete the contact “{name}”? This cannot be undone.";
        CreatedAtBy => "Создан", "Created";
        UpdatedAtBy => "Изменён", "Changed";
        NoPeople => "В компании пока нет людей.", "No people in this company yet.";
        AddPerson => "Добавить человека в компанию", "Add a person to the company";
        RemoveFromCompany => "Убрать из компании", "Remove from the company";
        ConfirmRemovePerson => "Убрать «{name}» из компании?", "Remove “{name}” from the company?";
        MergeTitle => "Объединение с дубликатом", "Merge with a duplicate";
        MergeIntro => "Выберите дубликат. Его данные перейдут в этот контакт, а сам он будет удалён.", "Choose the duplicate. Its data moves into this contact, which stays; the duplicate is deleted.";
        MergeKeepOther => "Наоборот: оставить выбранный, а этот удалить", "The other way: keep the chosen one and delete this one";
        MergePreview => "Показать результат", "Preview";
        MergeResult => "После объединения останется:", "After the merge this remains:";
        MergeConfirm => "Объединить", "Merge";
        MergeDone => "Контакты объединены.", "Contacts merged.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;

    #[test]
    fn every_contact_text_is_translated_with_the_same_placeholders() {
        check_table(ContactText::ALL, &[]);
    }
}
