//! Labels, titles and hints of the CRM lists and tags pages (CRM admins).

define_texts! {
    /// A visible string of the CRM settings pages.
    pub enum SettingsText {
        NavCrmSetup => "Настройка CRM", "CRM setup";
        Lists => "Списки", "Lists";
        Tags => "Теги", "Tags";
        Currencies => "Реквизиты, валюты и налоги", "Organisation, currencies and taxes";
        Organisation => "Организация", "Organisation";
        OrganisationHint => "Печатается в каждом счёте.", "Printed on every invoice.";
        OrganisationName => "Название", "Name";
        Address => "Адрес", "Address";
        TaxId => "ИНН / налоговый номер", "Tax id";
        BankDetails => "Банковские реквизиты", "Bank details";
        Logo => "Логотип", "Logo";
        AddLogo => "Загрузить логотип", "Upload logo";
        ChangeLogo => "Заменить логотип", "Change logo";
        RemoveLogo => "Убрать логотип", "Remove logo";
        ConfirmRemoveLogo => "Убрать логотип из реквизитов?", "Remove the logo from the organisation?";
        OrganisationSaved => "Реквизиты сохранены.", "Organisation saved.";
        Taxes => "Налоги", "Taxes";
        TaxName => "Название", "Name";
        TaxRate => "Ставка, %", "Rate, %";
        TaxDescription => "Описание", "Description";
        AddTax => "Добавить налог", "Add tax";
        ConfirmDeleteTax => "Удалить налог «{name}»?", "Delete the tax “{name}”?";
        Products => "Товары и услуги", "Products and services";
        ProductsIntro => "Каталог, из которого выбирают строки счёта. Цена — за единицу, без налогов; налоги по умолчанию попадают в новую строку.", "The catalog invoice lines are picked from. Prices are per unit, before tax; the default taxes go onto each new line.";
        ProductTitle => "Название", "Title";
        Sku => "Артикул", "SKU";
        Price => "Цена", "Price";
        Currency => "Валюта", "Currency";
        DefaultTaxes => "Налоги по умолчанию", "Default taxes";
        FirstTax => "Налог 1", "Tax 1";
        SecondTax => "Налог 2", "Tax 2";
        NoTax => "Без налога", "No tax";
        TrackStock => "Вести учёт остатка", "Track stock";
        TrackStockHint => "Отправленный счёт списывает остаток, отклонённый возвращает.", "A sent invoice takes stock; a rejected one gives it back.";
        Stock => "Остаток", "Stock";
        NotCounted => "не учитывается", "not tracked";
        AnyStock => "Любой остаток", "Any stock";
        Counted => "С учётом остатка", "Stock tracked";
        InStock => "В наличии", "In stock";
        OutOfStock => "Нет в наличии", "Out of stock";
        SearchProducts => "Поиск по названию или артикулу", "Search by title or SKU";
        SortOrder => "Порядок", "Order";
        SortByTitle => "По названию", "By title";
        SortNewestProducts => "Сначала новые", "Newest first";
        SortCheapest => "Сначала дешёвые", "Cheapest first";
        SortDearest => "Сначала дорогие", "Dearest first";
        AddProduct => "Добавить товар или услугу", "Add product or service";
        EditProduct => "Изменить «{name}»", "Edit “{name}”";
        NoProducts => "Товаров и услуг пока нет.", "No products or services yet.";
        ConfirmDeleteProduct => "Удалить «{name}» из каталога?", "Delete “{name}” from the catalog?";
        DefaultCurrency => "Основная валюта", "Default currency";
        DefaultCurrencyHint => "Итоги сделок и отчёты пересчитываются в неё по курсу на дату.", "Deal totals and reports are converted to it with the rate valid on the day.";
        CurrencySaved => "Основная валюта сохранена.", "Default currency saved.";
        ExchangeRates => "Курсы валют", "Exchange rates";
        RateFrom => "Из валюты", "From";
        RateTo => "В валюту", "To";
        Rate => "Курс", "Rate";
        RateHint => "Сколько единиц второй валюты стоит одна единица первой, например 92.4513.", "How many units of the second currency one unit of the first buys, e.g. 92.4513.";
        ValidFrom => "Действует с", "Valid from";
        AddRate => "Добавить курс", "Add rate";
        NoRates => "Курсов пока нет: суммы в других валютах не пересчитываются.", "No rates yet: amounts in other currencies are not converted.";
        OlderRates => "Показать более ранние", "Show older";
        ConfirmDeleteRate => "Удалить курс {pair} с {day}?", "Delete the {pair} rate from {day}?";
        ListsIntro => "Значения, из которых пользователи выбирают в карточках. Порядок здесь — порядок в списках выбора.", "The values users pick from on records. The order here is the order of the choices.";
        ListContactTypes => "Типы контактов", "Contact types";
        ListTemperatures => "Температура", "Temperatures";
        ListHistoryCategories => "Категории событий", "History categories";
        ListTaskCategories => "Категории задач", "Task categories";
        ItemTitle => "Название", "Title";
        Color => "Цвет", "Colour";
        Uses => "Использований", "Uses";
        MoveUp => "Выше", "Move up";
        MoveDown => "Ниже", "Move down";
        Rename => "Переименовать", "Rename";
        NewItem => "Новое значение", "New value";
        Add => "Добавить", "Add";
        ConfirmDeleteItem => "Удалить «{name}»?", "Delete “{name}”?";
        ItemInUse => "«{name}» используется в записях ({n}). Выберите, чем заменить его в них:", "“{name}” is used by {n} records. Choose what replaces it there:";
        ChooseReplacement => "Заменить на…", "Replace with…";
        ReplaceAndDelete => "Заменить и удалить", "Replace and delete";
        TagsIntro => "Теги контактов. Переименуйте их, объедините похожие или удалите ненужные.", "Contact tags. Rename them, merge similar ones or delete those you do not need.";
        TagName => "Тег", "Tag";
        MergeInto => "Объединить с…", "Merge into…";
        MergeTag => "Объединить", "Merge";
        ConfirmMergeTag => "Объединить тег «{name}» с «{into}»? Контакты получат тег «{into}», а «{name}» будет удалён.", "Merge the tag “{name}” into “{into}”? Its contacts get “{into}” and “{name}” is deleted.";
        ConfirmDeleteTag => "Удалить тег «{name}»? Он будет снят с контактов ({n}).", "Delete the tag “{name}”? It is removed from {n} contacts.";
        DeleteUnused => "Удалить неиспользуемые", "Delete unused";
        ConfirmDeleteUnused => "Удалить все теги, которые не стоят ни на одном контакте?", "Delete every tag that no contact has?";
        UnusedDeleted => "Удалено тегов: {n}.", "Tags deleted: {n}.";
        NoTags => "Тегов пока нет.", "No tags yet.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;

    #[test]
    fn every_settings_text_is_translated_with_the_same_placeholders() {
        check_table(SettingsText::ALL, &[]);
    }
}
