//! Messages for errors: problem codes of the API and codes of invalid fields.

define_texts! {
    /// A translated error message.
    pub enum Message {
        NetworkError => "Нет связи с сервером. Проверьте подключение и повторите попытку.", "Cannot reach the server. Check your connection and try again.";
        Unexpected => "Что-то пошло не так. Повторите попытку позже.", "Something went wrong. Please try again later.";
        InvalidCredentials => "Неверная эл. почта или пароль.", "Wrong email or password.";
        TooManyAttempts => "Слишком много попыток входа.", "Too many sign-in attempts.";
        RateLimited => "Слишком много запросов. Подождите немного.", "Too many requests. Please wait a moment.";
        Unauthorized => "Сеанс завершён. Войдите снова.", "Your session has ended. Please sign in again.";
        Forbidden => "Недостаточно прав для этого действия.", "You are not allowed to do this.";
        NotFound => "Запись не найдена или у вас нет к ней доступа.", "Not found, or you have no access to it.";
        VersionMismatch => "Эту запись изменил кто-то другой, пока вы её редактировали. Обновите её, чтобы увидеть актуальные данные (ваши правки пропадут).", "Someone else changed this record while you were editing it. Reload it to see the current data (your edits will be lost).";
        ValidationFailed => "Проверьте выделенные поля.", "Please check the highlighted fields.";
        Conflict => "Такая запись уже существует.", "Such a record already exists.";
        CrmDisabled => "CRM выключена администратором портала.", "The CRM has been switched off by the portal administrator.";
        CrmAccessDenied => "У вас нет доступа к CRM. Обратитесь к администратору портала.", "You have no access to the CRM. Ask your portal administrator.";
        WrongCurrentPassword => "Текущий пароль указан неверно.", "The current password is wrong.";
        AccountInactive => "Учётная запись отключена.", "The account is inactive.";
        LastOwner => "Нельзя отключить или понизить единственного владельца портала.", "The only owner of the portal cannot be deactivated or demoted.";
        PayloadTooLarge => "Слишком большой запрос или файл.", "The request or file is too large.";
        PossibleDuplicates => "Похожие контакты уже есть.", "Similar contacts already exist.";
        InUse => "Запись используется в других записях, поэтому её нельзя удалить.", "The record is in use elsewhere, so it cannot be deleted.";
        SessionRequired => "API-токены создаются только из сеанса входа.", "API tokens can only be created from a signed-in session.";
        LastItem => "В списке должен остаться хотя бы один элемент.", "A list keeps at least one item.";
        BadRequest => "Сервер не смог прочитать запрос.", "The server could not read the request.";
        FieldTooMany => "Слишком много значений.", "Too many values.";
        ServerError => "Ошибка на сервере. Повторите попытку позже.", "The server failed. Please try again later.";
        FieldRequired => "Обязательное поле.", "This field is required.";
        FieldInvalidEmail => "Некорректный адрес эл. почты.", "Not a valid email address.";
        FieldTooLong => "Слишком длинное значение.", "Too long.";
        FieldTooShort => "Слишком короткое значение.", "Too short.";
        FieldTaken => "Уже используется.", "Already in use.";
        FieldWeakPassword => "Пароль должен содержать от 10 до 128 символов.", "The password must have 10 to 128 characters.";
        FieldInvalidTimeZone => "Неизвестный часовой пояс.", "Unknown time zone.";
        FieldInvalidLocale => "Поддерживаются только русский и английский.", "Only Russian and English are supported.";
        FieldInvalidRole => "Неизвестная роль.", "Unknown role.";
        FieldInvalidScope => "Неизвестное право.", "Unknown scope.";
        FieldUnknownUser => "Пользователь не найден.", "No such user.";
        FieldUnknownGroup => "Группа не найдена.", "No such group.";
        FieldInPast => "Дата должна быть в будущем.", "The date must be in the future.";
        FieldOutOfRange => "Значение вне допустимого диапазона.", "The value is out of range.";
        FieldNotAllowed => "Вы не можете внести это изменение.", "You cannot make this change.";
        FieldInvalidPhone => "Некорректный номер телефона.", "Not a valid phone number.";
        FieldInvalidUrl => "Некорректный адрес сайта.", "Not a valid web address.";
        FieldInvalidCurrency => "Неизвестный код валюты.", "Unknown currency code.";
        FieldInvalidColor => "Цвет должен быть в виде #rrggbb.", "The colour must look like #rrggbb.";
        FieldUnknownContact => "Контакт не найден.", "No such contact.";
        FieldUnknownListItem => "Такого значения в списке нет.", "No such value in the list.";
        FieldInvalid => "Некорректное значение.", "Invalid value.";
        FieldInvalidDate => "Некорректная дата или время.", "Not a valid date or time.";
        FieldInvalidImage => "Это не изображение JPEG, PNG, WebP или GIF.", "Not a JPEG, PNG, WebP or GIF image.";
        FieldFileTypeNotAllowed => "Файлы этого типа (программы) загружать нельзя.", "Files of this type (programs) cannot be uploaded.";
        FieldNotFound => "Такой записи нет (возможно, её удалили).", "No such record (it may have been deleted).";
        FieldTooPrecise => "Не больше 4 знаков после запятой.", "At most 4 decimal places.";
        FieldKindMismatch => "Не подходит для этого вида записи.", "Does not fit this kind of record.";
        FieldTypeFrozen => "Тип нельзя изменить: поле уже заполнено в записях.", "The type cannot change: records have values.";
        FieldInUse => "Используется в записях, поэтому удалить нельзя.", "Records use it, so it cannot be removed.";
        TypeFrozen => "Тип поля нельзя изменить: оно уже заполнено в записях.", "The field's type cannot change: records have values.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn every_message_differs_between_languages() {
        for key in Message::ALL {
            let (ru, en) = (key.tr(Lang::Ru), key.tr(Lang::En));
            assert!(!ru.is_empty() && !en.is_empty(), "{key:?} is empty");
            assert_ne!(ru, en, "{key:?} is not translated");
        }
    }
}
