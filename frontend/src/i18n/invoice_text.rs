//! The strings of the invoices pages.

define_texts! {
    /// A visible string about invoices.
    pub enum InvoiceText {
        TitleInvoice => "Счёт", "Invoice";
        NewInvoice => "Новый счёт", "New invoice";
        EditInvoice => "Изменить счёт", "Edit invoice";
        Number => "Номер", "Number";
        NumberHint => "Пусто — следующий номер по настройкам нумерации.", "Empty: the next number of the numbering settings.";
        Status => "Статус", "Status";
        AnyStatus => "Все статусы", "Any status";
        StatusDraft => "Черновик", "Draft";
        StatusSent => "Выставлен", "Sent";
        StatusPaid => "Оплачен", "Paid";
        StatusRejected => "Отклонён", "Rejected";
        MarkSent => "Отметить выставленным", "Mark as sent";
        MarkPaid => "Отметить оплаченным", "Mark as paid";
        MarkRejected => "Отметить отклонённым", "Mark as rejected";
        BackToDraft => "Вернуть в черновики", "Back to draft";
        Overdue => "Просрочен", "Overdue";
        OnlyOverdue => "Только просроченные", "Overdue only";
        IssueDate => "Дата выставления", "Issue date";
        DueDate => "Срок оплаты", "Due date";
        Client => "Клиент", "Client";
        BillingAddress => "Адрес плательщика", "Billing address";
        Consignee => "Грузополучатель", "Consignee";
        DeliveryAddress => "Адрес доставки", "Delivery address";
        Deal => "Сделка", "Deal";
        Language => "Язык счёта", "Invoice language";
        Currency => "Валюта", "Currency";
        ExchangeRate => "Курс к основной валюте", "Rate to the default currency";
        ExchangeRateHint => "Пусто — курс на дату выставления.", "Empty: the rate valid on the issue date.";
        PurchaseOrder => "Номер заказа клиента", "Purchase order";
        Terms => "Условия оплаты", "Payment terms";
        Notes => "Примечание для клиента", "Notes for the client";
        Lines => "Позиции", "Lines";
        Item => "Товар или услуга", "Product or service";
        FindInCatalog => "Найти в каталоге…", "Find in the catalog…";
        InCatalog => "Из каталога", "From the catalog";
        Unlink => "Отвязать", "Unlink";
        ToCatalog => "Добавить в каталог", "Add to the catalog";
        Description => "Описание", "Description";
        Quantity => "Кол-во", "Qty";
        Price => "Цена", "Price";
        Discount => "Скидка, %", "Discount, %";
        Taxes => "Налоги", "Taxes";
        NoTax => "Без налога", "No tax";
        Amount => "Сумма", "Amount";
        AddLine => "Добавить позицию", "Add line";
        RemoveLine => "Убрать", "Remove";
        Subtotal => "Сумма без скидки", "Subtotal";
        DiscountTotal => "Скидка", "Discount";
        TaxTotal => "Налоги", "Tax";
        Total => "Итого", "Total";
        TotalIn => "Итого в {currency}", "Total in {currency}";
        InDefaultCurrency => "В основной валюте", "In the default currency";
        TotalsFor => "Итого по {n} счетам", "Totals of {n} invoices";
        Save => "Сохранить", "Save";
        SaveAndNew => "Сохранить и создать ещё", "Save and create another";
        Duplicate => "Копировать", "Duplicate";
        CopyNumber => "Номер копии:", "Number of the copy:";
        Print => "Печать", "Print";
        Pdf => "PDF", "PDF";
        ShowPdf => "Показать PDF", "Show the PDF";
        HidePdf => "Скрыть PDF", "Hide the PDF";
        DownloadPdf => "Скачать PDF", "Download the PDF";
        PdfLoading => "PDF готовится…", "Preparing the PDF…";
        EmailInvoice => "Отправить клиенту", "E-mail to the client";
        EmailHint => "Письмо уходит с PDF во вложении. Черновик будет отмечен как выставленный.", "The e-mail carries the PDF. A draft is marked sent.";
        EmailTo => "Кому", "To";
        EmailToHint => "Пусто — основной e-mail клиента.", "Empty: the client's primary e-mail.";
        EmailSubject => "Тема", "Subject";
        EmailSubjectHint => "Пусто — «Счёт № …».", "Empty: \"Invoice …\".";
        EmailMessage => "Текст письма", "Message";
        EmailMessageHint => "Пусто — строка о счёте и примечание для клиента.", "Empty: a line about the invoice, then its notes for the client.";
        SendEmail => "Отправить", "Send";
        EmailQueued => "Письмо с PDF поставлено в очередь для {to}.", "The e-mail with the PDF is queued for {to}.";
        ConfirmDelete => "Удалить черновик {number}?", "Delete the draft {number}?";
        Search => "Поиск по номеру", "Search by number";
        NoInvoices => "Счетов пока нет.", "No invoices yet.";
        SortNewest => "Сначала новые", "Newest first";
        SortOldest => "Сначала старые", "Oldest first";
        SortDue => "По сроку оплаты", "By due date";
        SortTotal => "По сумме", "By total";
        SortNumber => "По номеру", "By number";
        Numbering => "Нумерация и условия", "Numbering and terms";
        AutoNumbering => "Нумеровать автоматически", "Number automatically";
        Prefix => "Префикс", "Prefix";
        NextNumber => "Следующий номер", "Next number";
        NextInvoice => "Следующий счёт получит номер {number}.", "The next invoice gets the number {number}.";
        DueDays => "Срок оплаты, дней", "Days to pay";
        DueDaysHint => "0 — по получении.", "0: on receipt.";
        PaymentDue => "Оплата", "Payment due";
        OnReceipt => "По получении", "On receipt";
        InDays => "В течение {days} дн.", "Within {days} days";
        OnDate => "К дате…", "On a date…";
        NoDeal => "Без сделки", "No deal";
        ConsigneeHint => "Грузополучатель, если не клиент", "Consignee, when not the client";
        SettingsSaved => "Настройки счетов сохранены.", "Invoice settings saved.";
        Invoices => "Счета", "Invoices";
        ClientLink => "Ссылка для клиента", "Client link";
        ClientLinkHint => "Клиент открывает счёт по ссылке без входа в CRM.", "The client opens the invoice at the link, without an account.";
        CreateLink => "Создать ссылку", "Create link";
        NewLink => "Создать новую ссылку", "New link";
        NewLinkShown => "Скопируйте ссылку сейчас: она показывается один раз. Новая ссылка отменяет прежнюю.", "Copy the link now: it is shown once. A new link revokes the old one.";
        RevokeLink => "Отозвать ссылку", "Revoke link";
        LinkActiveSince => "Ссылка действует с {time}.", "The link works since {time}.";
        Payments => "Оплаты", "Payments";
        AddPayment => "Записать оплату", "Record payment";
        PaidOn => "Дата оплаты", "Paid on";
        PaymentAmount => "Сумма", "Amount";
        Method => "Способ", "Method";
        MethodBankTransfer => "Банковский перевод", "Bank transfer";
        MethodCard => "Карта", "Card";
        MethodCash => "Наличные", "Cash";
        MethodOther => "Другое", "Other";
        PaymentNote => "Комментарий", "Note";
        Paid => "Оплачено", "Paid";
        Balance => "Остаток к оплате", "Balance due";
        PartlyPaid => "Частично оплачен", "Partly paid";
        NoPayments => "Оплат пока нет.", "No payments yet.";
        ConfirmDeletePayment => "Удалить оплату {amount}?", "Delete the payment of {amount}?";
        Missing => "без курса: {codes}", "no rate: {codes}";
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::check_table;

    #[test]
    fn every_invoice_text_is_translated_with_the_same_placeholders() {
        check_table(InvoiceText::ALL, &[InvoiceText::Pdf]);
    }
}
