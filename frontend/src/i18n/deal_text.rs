//! Labels, titles and hints of the deals pages: the list, the board, the form and the page.

define_texts! {
    /// A visible string about deals.
    pub enum DealText {
        TitleDeal => "Сделка", "Deal";
        NewDeal => "Новая сделка", "New deal";
        CreateDeal => "Сделку", "Deal";
        EditDeal => "Изменить сделку", "Edit deal";
        Edit => "Изменить", "Edit";
        DealTitle => "Название", "Title";
        Description => "Описание", "Description";
        Stage => "Этап", "Stage";
        MoveTo => "Перенести в этап", "Move to stage";
        Pipeline => "Воронка", "Pipeline";
        Probability => "Вероятность, %", "Probability, %";
        ProbabilityHint => "Пусто — вероятность этапа.", "Empty: the stage's probability.";
        Amount => "Сумма", "Amount";
        Currency => "Валюта", "Currency";
        BidType => "Тип бюджета", "Budget type";
        BidFixed => "Фиксированный", "Fixed";
        BidPerHour => "За час", "Per hour";
        BidPerDay => "За день", "Per day";
        BidPerWeek => "За неделю", "Per week";
        BidPerMonth => "За месяц", "Per month";
        BidPerYear => "За год", "Per year";
        Periods => "Количество периодов", "Number of periods";
        Value => "Стоимость", "Value";
        Weighted => "С учётом вероятности", "Weighted";
        ExpectedClose => "Ожидаемая дата закрытия", "Expected close";
        ActualClose => "Дата закрытия", "Closed on";
        Client => "Клиент", "Client";
        FindClient => "Найти контакт…", "Find a contact…";
        RemoveClient => "Убрать клиента", "Remove the client";
        Participants => "Участники сделки", "Other contacts";
        FindParticipant => "Найти контакт, чтобы добавить", "Find a contact to add";
        RemoveParticipant => "Убрать", "Remove";
        NoContacts => "Контактов нет.", "No contacts.";
        TabContacts => "Контакты", "Contacts";
        Tags => "Теги", "Tags";
        Responsible => "Ответственный", "Responsible";
        Restricted => "Ограничить доступ", "Restrict access";
        RestrictedHint => "Сделку увидят только выбранные пользователи, вы и администраторы CRM.", "Only the chosen users, you and CRM admins will see the deal.";
        Members => "Пользователи с доступом", "Users with access";
        RestrictedBadge => "Доступ ограничен", "Restricted";
        Open => "Открыта", "Open";
        Won => "Успешно закрыта", "Won";
        Lost => "Закрыта неудачно", "Lost";
        List => "Список", "List";
        Board => "Доска", "Board";
        BulkSetStage => "Перевести на этап", "Move to stage";
        BulkReassign => "Передать другому", "Reassign";
        BulkAddTags => "Добавить теги", "Add tags";
        BulkRemoveTags => "Убрать теги", "Remove tags";
        BulkDelete => "Удалить", "Delete";
        ConfirmBulkDelete => "Удалить выбранные сделки ({n}) вместе с их историей и задачами?", "Delete the {n} selected deals with their history and tasks?";
        SelectDeal => "Выбрать «{title}»", "Select “{title}”";
        RatesOn => "по курсам на {day}", "at the rates of {day}";
        MissingRates => "без {codes}: нет курса", "{codes} left out: no rate";
        MoreCards => "Ещё {n}", "{n} more";
        Search => "Поиск сделок", "Search deals";
        AnyStatus => "Все сделки", "All deals";
        NoDeals => "Сделок нет.", "No deals.";
        DealsCount => "Сделок: {n}", "Deals: {n}";
        Totals => "Итого", "Total";
        SaveAndNew => "Сохранить и создать ещё", "Save and create another";
        Created => "Сделка «{title}» создана.", "Deal “{title}” created.";
        Saved => "Сделка сохранена.", "Deal saved.";
        ConfirmDelete => "Удалить сделку «{title}» вместе с её историей и задачами?", "Delete the deal “{title}” with its history and tasks?";
        ToDeals => "К сделкам", "To deals";
        TabProfile => "Профиль", "Profile";
        TabHistory => "История", "History";
        TabFiles => "Файлы", "Files";
        Moved => "«{title}» перенесена в этап «{stage}».", "“{title}” moved to “{stage}”.";
        Pipelines => "Воронки и этапы", "Pipelines and stages";
        PipelinesHint => "Каждая сделка идёт по этапам своей воронки; выбор этапа задаёт вероятность, выигранный или проигранный этап закрывает сделку.", "Every deal moves through the stages of its pipeline; choosing a stage sets the probability, a won or lost stage closes the deal.";
        NewPipeline => "Новая воронка", "New pipeline";
        StageColor => "Цвет", "Colour";
        StageStatus => "Итог", "Outcome";
        MoveUp => "Выше", "Move up";
        MoveDown => "Ниже", "Move down";
        MoveDealsTo => "Куда перенести сделки", "Move its deals to";
        DeleteAndMove => "Перенести и удалить", "Move and delete";
        ConfirmDeletePipeline => "Удалить воронку «{name}» с её этапами?", "Delete the pipeline “{name}” with its stages?";
        ConfirmDeleteStage => "Удалить этап «{name}»?", "Delete the stage “{name}”?";
        DragHint => "Перетащите карточку в другой этап или выберите этап в её списке.", "Drag a card to another stage, or choose the stage in its list.";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;

    #[test]
    fn every_deal_text_is_translated_with_the_same_placeholders() {
        check_table(DealText::ALL, &[]);
    }
}
