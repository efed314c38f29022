//! Labels, titles and hints of the user interface.

define_texts! {
    /// A visible string of the user interface.
    pub enum Text {
        AppName => "CRM", "CRM";
        Loading => "Загрузка…", "Loading…";
        Menu => "Меню", "Menu";
        Create => "Создать", "Create";
        CreateUser => "Пользователя", "User";
        CreateGroup => "Группу", "Group";
        CreateApiToken => "API-токен", "API token";
        Profile => "Профиль", "Profile";
        Logout => "Выйти", "Log out";
        Language => "Язык", "Language";
        NavHome => "Главная", "Home";
        NavCrmSections => "CRM", "CRM";
        NavAdmin => "Администрирование", "Administration";
        NavPersonal => "Личное", "Personal";
        Users => "Пользователи", "Users";
        Groups => "Группы", "Groups";
        CrmSettings => "Настройки CRM", "CRM settings";
        ApiTokens => "API-токены", "API tokens";
        SectionContacts => "Контакты", "Contacts";
        SectionTasks => "Задачи", "Tasks";
        SectionDeals => "Сделки", "Deals";
        SectionInvoices => "Счета", "Invoices";
        SectionCases => "Мероприятия", "Cases";
        SectionProjects => "Проекты", "Projects";
        SectionReports => "Отчёты", "Reports";
        SectionVoip => "Телефония", "VoIP";
        SectionUnavailable => "Этот раздел пока недоступен.", "This section is not available yet.";
        TitleLogin => "Вход", "Sign in";
        TitleUserNew => "Новый пользователь", "New user";
        TitleUserEdit => "Пользователь", "User";
        TitleGroupNew => "Новая группа", "New group";
        TitleGroupEdit => "Группа", "Group";
        TitleApiTokenNew => "Новый API-токен", "New API token";
        TitleNotFound => "Страница не найдена", "Page not found";
        NotFoundBody => "Такой страницы нет. Проверьте адрес или вернитесь на главную.", "There is no such page. Check the address or go back home.";
        GoHome => "На главную", "Go home";
        Email => "Эл. почта", "Email";
        Password => "Пароль", "Password";
        SignIn => "Войти", "Sign in";
        SigningIn => "Вход…", "Signing in…";
        RetryAfter => "Повторите через {n} с.", "Try again in {n} s.";
        Welcome => "Добро пожаловать, {name}!", "Welcome, {name}!";
        WelcomeBody => "CRM портала «{portal}» готова к работе. Разделы CRM появятся в меню слева по мере подключения.", "The CRM of the portal “{portal}” is ready. CRM sections will appear in the menu on the left as they are added.";
        WelcomeAdmin => "Для начала добавьте коллег, объедините их в группы и решите, кому доступна CRM.", "Start by adding your colleagues, putting them in groups and deciding who may use the CRM.";
        WelcomeIntegrator => "Для интеграций создайте личный API-токен.", "For integrations, create a personal API token.";
        Save => "Сохранить", "Save";
        Saving => "Сохранение…", "Saving…";
        Saved => "Изменения сохранены.", "Changes saved.";
        Cancel => "Отмена", "Cancel";
        Delete => "Удалить", "Delete";
        Reload => "Обновить", "Reload";
        Dismiss => "Закрыть", "Dismiss";
        Search => "Поиск", "Search";
        SearchPlaceholder => "Имя или эл. почта", "Name or email";
        LoadMore => "Показать ещё", "Load more";
        ShownOfTotal => "Показано {shown} из {total}", "Showing {shown} of {total}";
        ShownOfMoreThan => "Показано {shown} из более чем {total}", "Showing {shown} of more than {total}";
        NothingFound => "Ничего не найдено.", "Nothing found.";
        Name => "Имя", "Name";
        Title => "Название", "Name";
        Role => "Роль", "Role";
        Status => "Статус", "Status";
        LastLogin => "Последний вход", "Last login";
        Never => "Никогда", "Never";
        AnyRole => "Любая роль", "Any role";
        AnyStatus => "Любой статус", "Any status";
        Active => "Активен", "Active";
        Inactive => "Отключён", "Inactive";
        RoleOwner => "Владелец портала", "Portal owner";
        RolePortalAdmin => "Администратор портала", "Portal admin";
        RoleCrmAdmin => "Администратор CRM", "CRM admin";
        RoleCrmUser => "Пользователь CRM", "CRM user";
        AddUser => "Добавить пользователя", "Add user";
        PasswordHintNew => "От 10 до 128 символов.", "10 to 128 characters.";
        NewPassword => "Новый пароль", "New password";
        RevokeApiTokens => "Отозвать и API-токены пользователя", "Revoke the user's API tokens too";
        SignOutEverywhere => "Выйти на всех устройствах", "Sign out everywhere";
        SignOutEverywhereWithTokens => "Выйти везде и отозвать мои API-токены", "Sign out everywhere and revoke my API tokens";
        PasswordHintEdit => "Оставьте пустым, чтобы не менять. Новый пароль завершит все сеансы пользователя.", "Leave empty to keep it. A new password ends all of the user's sessions.";
        TimeZone => "Часовой пояс", "Time zone";
        AccountActive => "Учётная запись активна", "Account is active";
        AccountActiveHint => "Отключённые пользователи не могут войти, их токены перестают работать.", "Inactive users cannot sign in and their tokens stop working.";
        Description => "Описание", "Description";
        Members => "Участники", "Members";
        AddGroup => "Создать группу", "New group";
        ConfirmDeleteGroup => "Удалить группу «{name}»? Пользователи останутся, удалится только группа.", "Delete the group “{name}”? Its users stay; only the group goes.";
        FindPlaceholder => "Найти…", "Find…";
        SelectedCount => "Выбрано: {n}", "Selected: {n}";
        EmptyList => "Список пуст.", "The list is empty.";
        ApiTokensIntro => "Личные API-токены дают программам доступ к REST API от вашего имени.", "Personal API tokens let programs use the REST API on your behalf.";
        NoApiTokens => "У вас пока нет API-токенов.", "You have no API tokens yet.";
        NewApiToken => "Создать токен", "New token";
        Prefix => "Начало", "Prefix";
        Created => "Создан", "Created";
        LastUsed => "Использован", "Last used";
        Expires => "Истекает", "Expires";
        NoExpiry => "Бессрочно", "Never";
        ValidUntil => "Действует до (необязательно)", "Valid until (optional)";
        TokenMay => "Что может токен", "What the token may do";
        TokenMayHint => "Запись включает чтение, администрирование — запись и чтение.", "Write includes read; administration includes write and read.";
        TokenReadOnly => "Только чтение", "Read only";
        TokenReadWrite => "Чтение и запись", "Read and write";
        TokenAdmin => "Чтение, запись и администрирование", "Read, write and administration";
        Revoke => "Отозвать", "Revoke";
        ConfirmRevokeToken => "Отозвать токен «{name}»? Программы, которые им пользуются, потеряют доступ.", "Revoke the token “{name}”? Programs that use it will lose access.";
        TokenRevoked => "Токен отозван.", "Token revoked.";
        TokenCreated => "Токен «{name}» создан", "Token “{name}” created";
        TokenSecretWarning => "Скопируйте секрет сейчас: больше он показан не будет.", "Copy the secret now: it will not be shown again.";
        Secret => "Секрет", "Secret";
        Copy => "Копировать", "Copy";
        Copied => "Скопировано", "Copied";
        CopyFailed => "Не удалось скопировать: выделите текст и скопируйте вручную.", "Could not copy: select the text and copy it by hand.";
        Done => "Готово", "Done";
        CrmEnabled => "CRM включена", "CRM is on";
        CrmEnabledHint => "Когда CRM выключена, её разделы недоступны никому.", "When the CRM is off, nobody can use its sections.";
        CrmOpenToAll => "Доступна всем пользователям портала", "Open to every user of the portal";
        CrmAccessHint => "Администраторы имеют доступ всегда. Иначе доступ есть у выбранных пользователей и участников выбранных групп.", "Administrators always have access. Otherwise the chosen users and the members of the chosen groups have it.";
        CrmGrantedUsers => "Пользователи с доступом", "Users with access";
        CrmGrantedGroups => "Группы с доступом", "Groups with access";
        Portal => "Портал", "Portal";
        ChangePassword => "Смена пароля", "Change password";
        CurrentPassword => "Текущий пароль", "Current password";
        PasswordChanged => "Пароль изменён.", "Password changed.";
        JobProgress => "Ход выполнения", "Progress";
        JobQueued => "В очереди…", "Queued…";
        JobRunning => "Выполняется: {done} из {total}", "Running: {done} of {total}";
        JobStarting => "Выполняется…", "Running…";
        JobSucceeded => "Готово.", "Finished.";
        JobFailed => "Не удалось выполнить задание.", "The job failed.";
        Export => "Экспорт", "Export";
        ExportCsv => "CSV для Excel", "CSV for Excel";
        ExportCsvSemicolon => "CSV, разделитель «;»", "CSV separated by ;";
        ExportXlsx => "Книга Excel (XLSX)", "Excel workbook (XLSX)";
        ExportReady => "Файл {name} готов, записей: {rows}.", "{name} is ready: {rows} records.";
        ExportDownload => "Скачать файл", "Download the file";
        FullExport => "Экспорт всех данных", "Export of all data";
        FullExportHint => "Все контакты с их данными, сделки, мероприятия, задачи, счета, история и товары — архив ZIP с файлами CSV.", "Every contact with its details, deal, case, task, invoice, history entry and product, as a ZIP of CSV files.";
        FullExportStart => "Выгрузить всё", "Export everything";
        RequestId => "Код запроса: {id}", "Request id: {id}";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// Keys that are the same in both languages on purpose.
    const SAME_IN_BOTH: &[Text] = &[Text::AppName, Text::NavCrmSections];

    #[test]
    fn every_text_differs_between_languages_except_deliberate_ones() {
        for key in Text::ALL {
            let (ru, en) = (key.tr(Lang::Ru), key.tr(Lang::En));
            assert!(!ru.is_empty() && !en.is_empty(), "{key:?} is empty");
            if SAME_IN_BOTH.contains(key) {
                assert_eq!(ru, en, "{key:?} is listed as the same in both");
            } else {
                assert_ne!(ru, en, "{key:?} is not translated");
            }
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        for key in Text::ALL {
            for name in [
                "{n}", "{name}", "{portal}", "{shown}", "{total}", "{done}", "{id}",
            ] {
                assert_eq!(
                    key.tr(Lang::Ru).contains(name),
                    key.tr(Lang::En).contains(name),
                    "{key:?} uses {name} in one language only"
                );
            }
        }
    }
}
