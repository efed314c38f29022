//! Labels, titles and hints of custom fields: their admin page, the contact form, the
//! profile and the list filter.

define_texts! {
    /// A visible string about custom fields.
    pub enum CustomFieldText {
        CustomFields => "Дополнительные поля", "Custom fields";
        Intro => "Поля, которые есть у каждого контактного лица или компании. Заголовки объединяют поля, идущие после них.", "Fields every person or company has. Headings group the fields after them.";
        ForPeople => "Контактные лица", "People";
        ForCompanies => "Компании", "Companies";
        ForDeals => "Сделки", "Deals";
        ForCases => "Мероприятия", "Cases";
        FieldLabel => "Название поля", "Field label";
        FieldType => "Тип", "Type";
        Options => "Варианты", "Options";
        OptionLabel => "Вариант {n}", "Option {n}";
        AddOption => "Добавить вариант", "Add option";
        RemoveOption => "Убрать вариант", "Remove option";
        OptionsHint => "Варианты, которые уже выбраны в записях, удалить нельзя; их можно переименовать.", "Options that records use cannot be removed; they can be renamed.";
        NewField => "Новое поле", "New field";
        AddField => "Добавить поле", "Add field";
        Values => "Заполнено: {n}", "Filled in: {n}";
        TypeFrozenHint => "Тип нельзя изменить: поле уже заполнено в записях.", "The type cannot change: records have values.";
        ConfirmDeleteField => "Удалить поле «{name}»? Его значения будут удалены из всех записей ({n}).", "Delete the field “{name}”? Its values go from every record ({n}).";
        NoFields => "Полей пока нет.", "No fields yet.";
        Edit => "Изменить", "Edit";
        OptionInUse => "Вариант, выбранный в записях, удалить нельзя. Верните его или переименуйте.", "An option that records use cannot be removed. Put it back or rename it.";
        TypeText => "Строка", "Text";
        TypeTextarea => "Текст", "Text area";
        TypeSelect => "Список", "Select";
        TypeCheckbox => "Флажок", "Checkbox";
        TypeDate => "Дата", "Date";
        TypeNumber => "Число", "Number";
        TypeHeading => "Заголовок", "Heading";
        Yes => "Да", "Yes";
        No => "Нет", "No";
        NotChosen => "Не выбрано", "Not chosen";
        AnyField => "Дополнительное поле…", "Custom field…";
        FieldValue => "Значение поля", "Field value";
        OfPerson => "{label} (контактное лицо)", "{label} (person)";
        OfCompany => "{label} (компания)", "{label} (company)";
    }
}

/// Types of custom fields, in the order the editor offers them.
pub const FIELD_TYPES: &[&str] = crm_api_types::FieldType::NAMES;

/// The name of a custom field type.
pub fn field_type_text(field_type: &str) -> Option<CustomFieldText> {
    Some(match field_type {
        "text" => CustomFieldText::TypeText,
        "textarea" => CustomFieldText::TypeTextarea,
        "select" => CustomFieldText::TypeSelect,
        "checkbox" => CustomFieldText::TypeCheckbox,
        "date" => CustomFieldText::TypeDate,
        "number" => CustomFieldText::TypeNumber,
        "heading" => CustomFieldText::TypeHeading,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;

    #[test]
    fn every_field_type_has_a_name() {
        assert!(FIELD_TYPES.iter().all(|t| field_type_text(t).is_some()));
    }

    #[test]
    fn every_custom_field_text_is_translated_with_the_same_placeholders() {
        check_table(CustomFieldText::ALL, &[]);
    }
}
