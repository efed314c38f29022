//! Labels, titles and hints of a contact's history, its file attachments and the photo.

define_texts! {
    /// A visible string of the history tab and the contact photo.
    pub enum HistoryText {
        TabHistory => "История", "History";
        TabFiles => "Файлы", "Files";
        NoFiles => "Файлов пока нет: они появятся здесь, когда их приложат к записям истории.", "No files yet: files attached to history entries show here.";
        WithPeople => "С записями сотрудников", "With the people's entries";
        FileName => "Файл", "File";
        FileSize => "Размер", "Size";
        FileAddedBy => "Добавил(а)", "Added by";
        FileAddedAt => "Когда", "When";
        FileOf => "Чей", "Whose";
        AnyCategory => "Любая категория", "Any category";
        AnyAuthor => "Любой автор", "Any author";
        Author => "Автор", "Author";
        Category => "Категория", "Category";
        NoCategory => "Без категории", "No category";
        Content => "Текст", "Text";
        HappenedAt => "Когда", "When";
        HappenedAtHint => "Оставьте пустым — будет указано текущее время.", "Leave empty for now.";
        AttachFiles => "Прикрепить файлы", "Attach files";
        FilesHint => "До 25 МБ каждый. Программы загружать нельзя.", "Up to 25 MB each. Programs cannot be uploaded.";
        Uploading => "Загрузка «{name}»…", "Uploading “{name}”…";
        RemoveFile => "Убрать файл {name}", "Remove the file {name}";
        Download => "Скачать {name}", "Download {name}";
        AddEntry => "Добавить запись", "Add entry";
        NewEntry => "Новая запись", "New entry";
        EditEntry => "Изменить", "Edit";
        DeleteEntry => "Удалить", "Delete";
        ConfirmDeleteEntry => "Удалить эту запись и её файлы?", "Delete this entry and its files?";
        EntryAdded => "Запись добавлена.", "Entry added.";
        NoEntries => "Записей в истории пока нет.", "No history entries yet.";
        SizeBytes => "{n} Б", "{n} B";
        SizeKb => "{n} КБ", "{n} KB";
        SizeMb => "{n} МБ", "{n} MB";
        FileTooLarge => "Файл «{name}» больше 25 МБ.", "The file “{name}” is larger than 25 MB.";
        Photo => "Фото", "Photo";
        ChangePhoto => "Сменить фото", "Change photo";
        AddPhoto => "Добавить фото", "Add photo";
        RemovePhoto => "Убрать фото", "Remove photo";
        ConfirmRemovePhoto => "Убрать фото контакта?", "Remove the contact's photo?";
        PhotoHint => "JPEG, PNG, WebP или GIF, до 20 МБ: большое фото уменьшается.", "JPEG, PNG, WebP or GIF, up to 20 MB: a large photo is scaled down.";
        PhotoTooLarge => "Фото должно быть не больше 20 МБ.", "The photo must be at most 20 MB.";
        TaskClosed => "Задача закрыта: {title}", "Task closed: {title}";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;

    #[test]
    fn every_history_text_is_translated_with_the_same_placeholders() {
        check_table(HistoryText::ALL, &[]);
    }
}
